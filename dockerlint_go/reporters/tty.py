"""The human-readable report.

Each finding is a compiler-style header line, the fix when the rule gave one, then the source
line with a marker under the flagged columns::

    Dockerfile:4:1: DG101 root-owned-module-cache [error] `go mod download` runs as root …
      fix: Switch to the build user before downloading modules.
        4 | RUN go mod download
          | ^~~~~~~~~~~~~~~~~~~

Blocks are separated by a blank line and the report ends with a summary line such as
``3 findings (1 error, 2 warnings) in 2 files`` or ``no findings in 2 files``. A finding
``--fix`` can repair carries ``[*]`` after its severity (``[*unsafe]`` when the fix needs
``--unsafe-fixes``), and the summary counts them.

Findings silenced by an inline ``# dockerlint-go ignore=`` comment are left out unless
``ReportContext.show_suppressed`` is set; then their header says ``[suppressed: reason]`` (or
``[suppressed]``) after the severity. The summary counts the findings that were not suppressed,
then adds ``(1 suppressed, not shown)`` (or ``…, shown``) when there are others.

Without colour the text holds no escape sequences; with colour it is rendered by rich (imported
only then).
Control characters from the linted file are shown as U+FFFD so that a Dockerfile cannot send
escape sequences to the terminal; tabs in the quoted source are expanded to 8-column stops.
"""

from __future__ import annotations

from collections import Counter

from dockerlint_go import TYPE_CHECKING
from dockerlint_go.findings import Finding, LintResult, Severity

if TYPE_CHECKING:
    from dockerlint_go.reporters import ReportContext

__all__ = ["render"]

# A report is built as (text, style) pieces; the style names are mapped to rich styles only when
# colour is on, so that the plain and coloured reports cannot drift apart.
Piece = tuple[str, str | None]

_RICH_STYLES = {
    "error": "bold red",
    "warning": "bold yellow",
    "info": "bold blue",
    "location": "bold",
    "code": "bold",
    "name": "dim",
    "fix": "green",
    "suppressed": "dim",
    "gutter": "blue",
    "summary": "bold",
}


def render(result: LintResult, context: ReportContext) -> str:
    """Render ``result`` as text, coloured when ``context.color`` is set."""
    pieces = _pieces(result, show_suppressed=context.show_suppressed)
    if context.color:
        return _render_rich(pieces)
    return "".join(text for text, _ in pieces)


def _pieces(result: LintResult, *, show_suppressed: bool) -> list[Piece]:
    pieces: list[Piece] = []
    active = result.active_findings
    suppressed = len(result.findings) - len(active)
    findings = result.findings if show_suppressed else active
    for index, finding in enumerate(findings):
        if index:
            pieces.append(("\n", None))
        pieces.extend(_finding_pieces(finding, result.source_line(finding.path, finding.span.line)))
    if findings:
        pieces.append(("\n", None))
    summary = _summary(active, len(result.files))
    if suppressed:
        summary += f" ({suppressed} suppressed, {'shown' if show_suppressed else 'not shown'})"
    pieces.append((summary, "summary"))
    pieces.append(("\n", None))
    return pieces


def _finding_pieces(finding: Finding, source: str | None) -> list[Piece]:
    span = finding.span
    severity = finding.severity.value
    pieces: list[Piece] = [
        (f"{_printable(finding.path)}:{span.line}:{span.column}:", "location"),
        (" ", None),
        (finding.code, "code"),
        (" ", None),
        (finding.name, "name"),
        (" ", None),
        (f"[{severity}]", severity),
        (" ", None),
    ]
    if finding.autofix is not None and finding.suppression is None:
        unsafe = finding.autofix.applicability.value == "unsafe"
        pieces += [("[*unsafe]" if unsafe else "[*]", "fix"), (" ", None)]
    if finding.suppression is not None:
        reason = finding.suppression.justification
        mark = f"[suppressed: {_printable(reason)}]" if reason else "[suppressed]"
        pieces += [(mark, "suppressed"), (" ", None)]
    pieces += [
        (_printable(finding.message), None),
        ("\n", None),
    ]
    if finding.fix:
        pieces += [("  fix: ", "fix"), (_printable(finding.fix), None), ("\n", None)]
    if finding.confirmation is not None:
        verdict = finding.confirmation
        pieces += [
            (f"  {verdict.status.value}: ", "fix"),
            (_printable(verdict.evidence), None),
            ("\n", None),
        ]
    if source is not None:
        line = _printable(source, keep_tabs=True)
        last = len(line) + 1
        start = min(max(span.column, 1), last)
        end = min(span.end_column, last) if span.end_line == span.line else last
        # Tabs are expanded (to 8-column stops) here rather than by the terminal or rich, so that
        # the marker lines up with the same columns in both renderings.
        indent = len(line[: start - 1].expandtabs())
        width = max(len(line[: max(end, start) - 1].expandtabs()) - indent, 1)
        gutter = f"{span.line:>5} | "
        pieces += [
            (gutter, "gutter"),
            (line.expandtabs(), None),
            ("\n", None),
            (" " * (len(gutter) - 2) + "| ", "gutter"),
            (" " * indent, None),
            ("^" + "~" * (width - 1), severity),
            ("\n", None),
        ]
    return pieces


def _summary(findings: tuple[Finding, ...], file_count: int) -> str:
    files = _plural(file_count, "file", "files")
    if not findings:
        return f"no findings in {files}"
    counts = Counter(f.severity for f in findings)
    names = {Severity.ERROR: "errors", Severity.WARNING: "warnings", Severity.INFO: "info"}
    parts = [
        _plural(counts[severity], severity.value, plural)
        for severity, plural in names.items()
        if counts[severity]
    ]
    summary = f"{_plural(len(findings), 'finding', 'findings')} ({', '.join(parts)}) in {files}"
    safe = sum(
        1 for f in findings if f.autofix is not None and f.autofix.applicability.value == "safe"
    )
    unsafe = sum(1 for f in findings if f.autofix is not None) - safe
    if safe:
        summary += f"; [*] {safe} fixable with --fix"
    if unsafe:
        summary += f"{',' if safe else ';'} [*unsafe] {unsafe} with --fix --unsafe-fixes"
    return summary


def _plural(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count == 1 else plural}"


def _printable(text: str, *, keep_tabs: bool = False) -> str:
    """Replace control characters (and, unless ``keep_tabs``, tabs) without moving columns."""
    out = []
    for char in text:
        if char == "\t":
            out.append("\t" if keep_tabs else " ")
        elif char < " " or "\x7f" <= char <= "\x9f":
            out.append("\N{REPLACEMENT CHARACTER}")
        else:
            out.append(char)
    return "".join(out)


def _render_rich(pieces: list[Piece]) -> str:
    import io

    from rich.console import Console
    from rich.text import Text

    text = Text()
    for chunk, style in pieces:
        text.append(chunk, style=_RICH_STYLES[style] if style else None)
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        force_terminal=True,
        color_system="standard",
        soft_wrap=True,
        highlight=False,
        emoji=False,
        markup=False,
        _environ={},
    )
    console.print(text, end="")
    return buffer.getvalue()
