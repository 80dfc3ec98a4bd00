"""The GNU report: one compiler-style line per finding, for editors and ``grep``.

Each line follows the GNU Coding Standards ("Formatting Error Messages")::

    services/api/Dockerfile:4:1: warning: `COPY . .` at line 4 comes before … [DG102]

that is ``path:line:column: severity: message [CODE]``, with ``severity`` one of ``error``,
``warning`` and ``info`` (Emacs's compilation mode knows all three; Vim's ``%t`` takes the first
letter). Lines and columns are 1-based. Only the start is given: the standards also allow a
range (``line.column-line.column``), but Vim's default ``errorformat`` and most problem matchers
do not parse it, while every consumer parses the start position alone. There is no program-name
prefix, which Vim would take for part of the file name.

As the standards ask, the column is a display column: tab stops every 8 columns, wide East Asian
characters count 2, combining marks 0. That is what Emacs expects (``compilation-error-screen-
columns``) and what GCC prints; in Vim match it with ``%v`` rather than ``%c``. When the source
line is not known the column counts code points.

Control characters in paths and messages are shown as U+FFFD and line breaks as spaces, so each
finding stays on one line. Findings are sorted; an empty result is an empty report. Findings
silenced by an inline suppression are not reported: the format cannot mark them.
"""

from __future__ import annotations

import unicodedata

from dockerlint_go import TYPE_CHECKING
from dockerlint_go.reporters._common import one_line, reported, source_lines

if TYPE_CHECKING:
    from dockerlint_go.findings import Finding, LintResult
    from dockerlint_go.reporters import ReportContext

__all__ = ["render"]

TAB_WIDTH = 8


def render(result: LintResult, context: ReportContext) -> str:
    """Render ``result`` as GNU-style lines (the context is not needed)."""
    del context
    source_line = source_lines(result)
    return "".join(_line(f, source_line(f.path, f.span.line)) + "\n" for f in reported(result))


def _line(finding: Finding, source: str | None) -> str:
    column = display_column(source, finding.span.column)
    return (
        f"{one_line(finding.path)}:{finding.span.line}:{column}: {finding.severity.value}: "
        f"{one_line(finding.message)} [{finding.code}]"
    )


def display_column(line: str | None, column: int) -> int:
    """The 1-based display column of code-point ``column`` in ``line`` (GNU's rules)."""
    if line is None:
        return column
    width = 0
    for char in line[: column - 1]:
        if char == "\t":
            width = (width // TAB_WIDTH + 1) * TAB_WIDTH
        else:
            width += _char_width(char)
    return width + max(column - 1 - len(line), 0) + 1


def _char_width(char: str) -> int:
    if unicodedata.category(char) in {"Mn", "Me", "Cf"}:
        return 0
    return 2 if unicodedata.east_asian_width(char) in {"W", "F"} else 1
