"""dockerlint-go: a static analyzer for Dockerfiles that build Go programs."""

from __future__ import annotations

__version__ = "0.1.0"

# Where users report bugs; named by the CLI's internal-error line and by the API's finding for a
# file whose lint crashed. Kept here, with the version, so neither needs typer or rich for it.
BUG_REPORT_URL = "https://github.com/dockerlint-go/dockerlint-go/issues"

# False when the program runs, True for type checkers (mypy treats any ``if TYPE_CHECKING:`` as
# taken): ``typing.TYPE_CHECKING`` without importing ``typing``, which costs a one-file run a
# few milliseconds. Modules write ``from dockerlint_go import TYPE_CHECKING``.
TYPE_CHECKING = False
