"""The vocabulary shared by rules, the API and reporters.

Severity, Finding (with the Suppression that may have silenced it), FileResult and LintResult.
"""

from __future__ import annotations

import enum
import functools

from dockerlint_go import TYPE_CHECKING
from dockerlint_go.model.span import Span
from dockerlint_go.record import Record

if TYPE_CHECKING:
    from dockerlint_go.fixes import Fix

__all__ = [
    "ConfirmStatus",
    "Confirmation",
    "FileResult",
    "Finding",
    "LintResult",
    "Severity",
    "Span",
    "Suppression",
    "SuppressionScope",
]


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Higher is more severe."""
        return {"error": 3, "warning": 2, "info": 1}[self.value]

    def at_least(self, threshold: Severity | None) -> bool:
        """True when this severity reaches ``threshold`` (None: nothing ever fails)."""
        return threshold is not None and self.rank >= threshold.rank


class SuppressionScope(enum.Enum):
    """Where an inline ``# dockerlint-go … ignore=`` comment applies."""

    INSTRUCTION = "instruction"  # the comment lines right before an instruction
    STAGE = "stage"  # ``stage ignore=`` before a FROM: every instruction of that stage
    FILE = "file"  # ``global ignore=``: the whole file


class Suppression(Record):
    """Why a finding is suppressed: the inline comment that silenced it."""

    scope: SuppressionScope
    line: int  # 1-based line of the comment
    justification: str | None = None  # the reason written after ``--`` or a second ``#``


class ConfirmStatus(enum.Enum):
    """What a real build said about a finding (``--confirm``)."""

    CONFIRMED = "confirmed"  # the build showed the problem
    NOT_CONFIRMED = "not-confirmed"  # the build showed the problem does not occur
    INCONCLUSIVE = "inconclusive"  # no verdict: no engine, no base image, timeout, …


class Confirmation(Record):
    """The verdict of ``--confirm`` on one finding, with its evidence."""

    status: ConfirmStatus
    evidence: str  # one line: the Go error from the build log, the probed owner, the reason
    details: tuple[str, ...] = ()  # supporting lines (log excerpt, the step that missed the cache)
    builder: str | None = None  # "classic" or "buildkit"
    seconds: float | None = None

    def as_dict(self) -> dict[str, str | list[str]]:
        """The verdict as report formats carry it (``status``, ``evidence``, and ``details`` and
        ``builder`` when known). The duration is left out, so that reports stay deterministic."""
        entry: dict[str, str | list[str]] = {
            "status": self.status.value,
            "evidence": self.evidence,
        }
        if self.details:
            entry["details"] = list(self.details)
        if self.builder is not None:
            entry["builder"] = self.builder
        return entry


class Finding(Record):
    """A rule's hit placed in a file."""

    # As it will be reported: relative to the working directory when below it; "-" for stdin.
    path: str
    code: str  # "DG101"
    name: str  # "root-owned-module-cache"
    severity: Severity
    message: str
    span: Span
    fix: str | None = None  # how to fix it, one or two sentences
    # Set when an inline comment silenced the finding: it is still reported (SARIF shows it as
    # dismissed, JSON marks it) but never counts toward the exit status.
    suppression: Suppression | None = None
    confirmation: Confirmation | None = None  # set by ``--confirm``
    autofix: Fix | None = None  # the edits --fix applies (see dockerlint_go.fixes)

    @property
    def suppressed(self) -> bool:
        return self.suppression is not None

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.span.line, self.span.column, self.code, self.message)


class FileResult(Record):
    path: str
    findings: tuple[Finding, ...]
    lines: tuple[str, ...]  # the decoded source lines, for reporters that quote the source
    context: str | None = None  # the build context directory the file was linted with
    # Set when linting the file hit a bug: the exception, as "TypeName: first line". The file
    # then has a single DG000 finding saying so, and whatever the rules found is lost.
    crash: str | None = None


class LintResult(Record):
    files: tuple[FileResult, ...]

    @property
    def crashed(self) -> tuple[str, ...]:
        """The paths of the files whose lint hit a bug (see ``FileResult.crash``), in order."""
        return tuple(r.path for r in self.files if r.crash is not None)

    @property
    def findings(self) -> tuple[Finding, ...]:
        return tuple(sorted((f for r in self.files for f in r.findings), key=Finding.sort_key))

    @property
    def active_findings(self) -> tuple[Finding, ...]:
        """The findings no inline comment suppressed, sorted: those that decide the exit status."""
        return tuple(f for f in self.findings if not f.suppressed)

    def source_line(self, path: str, line: int) -> str | None:
        """Line ``line`` (1-based) of the file reported as ``path``; None when there is none."""
        lines = self._lines_by_path.get(path)
        if lines is None or not 1 <= line <= len(lines):
            return None
        return lines[line - 1]

    @functools.cached_property
    def _lines_by_path(self) -> dict[str, tuple[str, ...]]:
        # Built on first use: reporters look up a line per finding, and a scan of every file
        # per finding made a report of 10,000 files take seconds.
        index: dict[str, tuple[str, ...]] = {}
        for result in self.files:
            index.setdefault(result.path, result.lines)
        return index
