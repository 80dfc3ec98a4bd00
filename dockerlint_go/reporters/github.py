"""GitHub Actions workflow commands: one annotation per finding, printed to a step's output.

Each finding becomes one line::

    ::warning file=services/api/Dockerfile,line=4,col=1,endLine=4,endColumn=8,title=DG102 …::…
    ::error file=services/api/Dockerfile,line=5,endLine=6,title=DG101 root-owned-module-cache::…

- The command is ``error``, ``warning`` or ``notice`` (for ``info``).
- ``line`` and ``endLine`` are 1-based. GitHub takes columns only when the annotation starts and
  ends on the same line, so ``col`` and ``endColumn`` are given only then (in the order
  ``file, line, col, endLine, endColumn, title``); ``endColumn`` is the
  last flagged column (inclusive, as GitHub defaults it to ``col``), columns count code points.
- ``title`` is the rule code and name.
- The message is the finding's message, then ``fix: …`` on a second line when the rule gave one.

Escaping follows the runner's rules: in the message ``%``, CR and LF become ``%25``, ``%0D`` and
``%0A``; in property values ``:`` and ``,`` also become ``%3A`` and ``%2C``. Other control
characters are shown as U+FFFD so that no escape sequence reaches the log.

``file`` is the path as reported, which GitHub resolves against the repository root (run from
there, or use ``--file-path-in-report``); an annotation on a file it cannot find is still shown
in the run summary. GitHub shows at most 10 error and 10 warning annotations per step and 50 per
job; upload SARIF for the full list. Findings are sorted; an empty result is an empty report.
Findings silenced by an inline suppression are not reported: the format cannot mark them.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from dockerlint_go import TYPE_CHECKING
from dockerlint_go.findings import Severity
from dockerlint_go.reporters._common import reported, visible

if TYPE_CHECKING:
    from dockerlint_go.findings import Finding, LintResult
    from dockerlint_go.reporters import ReportContext

__all__ = ["COMMANDS", "escape_data", "escape_property", "render"]

COMMANDS: Mapping[Severity, str] = MappingProxyType(
    {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
)

_DATA_ESCAPES = str.maketrans({"%": "%25", "\r": "%0D", "\n": "%0A"})
_PROPERTY_ESCAPES = str.maketrans({"%": "%25", "\r": "%0D", "\n": "%0A", ":": "%3A", ",": "%2C"})


def render(result: LintResult, context: ReportContext) -> str:
    """Render ``result`` as workflow commands, one per line (the context is not needed)."""
    del context
    return "".join(_command(finding) + "\n" for finding in reported(result))


def escape_data(text: str) -> str:
    """Escape a command's message."""
    return visible(text).translate(_DATA_ESCAPES)


def escape_property(text: str) -> str:
    """Escape a command property's value."""
    return visible(text).translate(_PROPERTY_ESCAPES)


def _command(finding: Finding) -> str:
    span = finding.span
    one_line = span.end_line == span.line
    properties: list[tuple[str, str]] = [("file", finding.path), ("line", str(span.line))]
    if one_line:
        properties.append(("col", str(span.column)))
    properties.append(("endLine", str(span.end_line)))
    if one_line:
        properties.append(("endColumn", str(max(span.end_column - 1, span.column))))
    properties.append(("title", f"{finding.code} {finding.name}"))
    message = finding.message if finding.fix is None else f"{finding.message}\nfix: {finding.fix}"
    joined = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
    return f"::{COMMANDS[finding.severity]} {joined}::{escape_data(message)}"
