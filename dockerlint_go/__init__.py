"""dockerlint-go: a static analyzer for Dockerfiles that build Go programs."""

from __future__ import annotations

__version__ = "0.1.0"
