"""The Reporter protocol (see :mod:`dockerlint_go.reporters`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from dockerlint_go.findings import LintResult
    from dockerlint_go.reporters import ReportContext


class Reporter(Protocol):
    """Render a whole lint result as the text of one report (ending in a newline)."""

    def __call__(self, result: LintResult, context: ReportContext, /) -> str: ...
