"""dockerlint-go: a static analyzer for Dockerfiles that build Go programs."""

from __future__ import annotations

__version__ = "0.1.0"

# Where users report bugs; named by the CLI's internal-error line and by the API's finding for a
# file whose lint crashed. Kept here, with the version, so neither needs typer or rich for it.
BUG_REPORT_URL = "https://github.com/dockerlint-go/dockerlint-go/issues"
