"""Apply fixes to a Dockerfile's text: minimal edits, in passes, verified by linting again.

:func:`apply_edits` turns edits given in line/column positions into one new text, keeping
everything outside them byte for byte (line endings, a byte order mark, the escape directive,
heredocs). :func:`fix_text` runs the passes, as ruff does: lint, take the fixes of one pass
that do not overlap, apply them together, lint again, and repeat until nothing fixable is left
(at most :data:`MAX_PASSES`). A pass whose result has a parse error or a finding the original
did not have is taken apart: each of its fixes is tried alone, and one that breaks the file or
adds a finding is dropped and reported, never written.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

from dockerlint_go.findings import FileResult, Finding
from dockerlint_go.fixes import Applicability, Edit, Fix
from dockerlint_go.record import Record

__all__ = [
    "MAX_PASSES",
    "Applied",
    "FixOutcome",
    "Rejected",
    "apply_edits",
    "fix_text",
]

MAX_PASSES = 10
_BOM = b"\xef\xbb\xbf"


class Applied(Record):
    code: str
    name: str
    line: int  # where the finding was, in the file as it was before that pass
    title: str
    applicability: Applicability


class Rejected(Record):
    code: str
    name: str
    line: int
    title: str
    reason: str  # "it would add DG112 go-sum-not-copied", "the file would not parse"


class FixOutcome(Record):
    data: bytes  # the fixed file (equal to the input when nothing was applied)
    applied: tuple[Applied, ...]
    rejected: tuple[Rejected, ...]
    result: FileResult  # the lint of the fixed file

    @property
    def changed(self) -> bool:
        return bool(self.applied)


class _Text:
    """A decoded file and how to write it back: byte order mark, line ending."""

    def __init__(self, data: bytes) -> None:
        self.bom = data.startswith(_BOM)
        text = data[len(_BOM) :] if self.bom else data
        self.text = text.decode("utf-8")
        crlf = self.text.count("\r\n")
        self.newline = "\r\n" if crlf and crlf * 2 >= self.text.count("\n") else "\n"

    def encode(self, text: str) -> bytes:
        body = text.encode("utf-8")
        return _BOM + body if self.bom else body


def _offsets(text: str) -> tuple[list[int], list[int]]:
    """Start offset of each line, and the length of its content (without "\\r\\n"/"\\n")."""
    starts = [0]
    lengths = []
    position = 0
    for piece in text.split("\n"):
        content = len(piece) - 1 if piece.endswith("\r") else len(piece)
        lengths.append(content)
        position += len(piece) + 1
        starts.append(position)
    return starts, lengths


def _offset(starts: list[int], lengths: list[int], line: int, column: int) -> int:
    if line - 1 >= len(lengths):  # past the last line: the end of the text
        return starts[len(lengths) - 1] + lengths[-1]
    return starts[line - 1] + min(max(column - 1, 0), lengths[line - 1])


def apply_edits(text: str, edits: Sequence[Edit], newline: str = "\n") -> str:
    """``text`` with ``edits`` applied (they must not overlap); inserted line breaks are written
    as ``newline``. Positions are those of the text before any edit."""
    starts, lengths = _offsets(text)
    placed = sorted(
        (
            _offset(starts, lengths, e.span.line, e.span.column),
            _offset(starts, lengths, e.span.end_line, e.span.end_column),
            e.text.replace("\n", newline) if newline != "\n" else e.text,
        )
        for e in edits
    )
    pieces: list[str] = []
    position = 0
    for start, end, new in placed:
        if start < position:
            raise ValueError("overlapping edits")
        pieces.append(text[position:start])
        pieces.append(new)
        position = max(end, start)
    pieces.append(text[position:])
    return "".join(pieces)


def _region(fix: Fix) -> tuple[tuple[int, int], tuple[int, int]]:
    first = min((e.span.line, e.span.column) for e in fix.edits)
    last = max((e.span.end_line, e.span.end_column) for e in fix.edits)
    return first, last


def _disjoint(fixes: Sequence[Fix]) -> list[int]:
    """Indices of fixes that can go in one pass: no two touch the same region (an insertion at
    the edge of another fix's region counts as touching)."""
    order = sorted(range(len(fixes)), key=lambda i: _region(fixes[i]))
    chosen: list[int] = []
    taken: list[tuple[tuple[int, int], tuple[int, int]]] = []
    for index in order:
        start, end = _region(fixes[index])
        if any(not (end < s or start > e) for s, e in taken):
            continue
        chosen.append(index)
        taken.append((start, end))
    return sorted(chosen, key=lambda i: _region(fixes[i]))


def _parse_errors(result: FileResult) -> int:
    return sum(1 for f in result.findings if f.code == "DG000")


def _tally(result: FileResult) -> Counter[str]:
    return Counter(f.code for f in result.findings if not f.suppressed)


def _compare(
    before: FileResult, after: FileResult, fixed: Sequence[Finding]
) -> tuple[list[str], list[str]]:
    """Codes the fixed file reports although the fixes should have removed them (the fixed
    rules' findings that stay), and codes it reports more often than the original did."""
    old, new = _tally(before), _tally(after)
    removed = Counter(f.code for f in fixed)
    remain = sorted(code for code in removed if new[code] >= old[code])
    added = sorted(
        code
        for code, count in new.items()
        if code not in remain and count > max(old[code] - removed[code], 0)
    )
    return remain, added


def fix_text(
    data: bytes,
    lint: Callable[[bytes], FileResult],
    *,
    wanted: Callable[[Finding], bool],
) -> FixOutcome:
    """Apply the fixes ``wanted`` accepts, pass after pass, to ``data``.

    ``lint`` lints a version of the file (the same rules, configuration and build context as
    the original); ``wanted`` says whether a finding's fix may be applied (applicability,
    ``fixable``/``unfixable``, suppressed findings are never fixed)."""
    original = lint(data)
    if _parse_errors(original) or not _decodes(data):
        return FixOutcome(data, (), (), original)
    source = _Text(data)
    text = source.text
    current = original
    applied: list[Applied] = []
    rejected: list[Rejected] = []
    refused: set[tuple[str, str, tuple[str, ...]]] = set()
    for _ in range(MAX_PASSES):
        candidates = [
            f
            for f in current.findings
            if f.autofix is not None
            and f.autofix.edits
            and not f.suppressed
            and wanted(f)
            and _identity(f) not in refused
        ]
        if not candidates:
            break
        fixes = [f.autofix for f in candidates if f.autofix is not None]
        batch = [candidates[i] for i in _disjoint(fixes)]
        trial = _try(source, text, batch, lint, current)
        if isinstance(trial, tuple):
            text, current = trial
            applied.extend(_applied(f) for f in batch)
            continue
        # The pass together broke something: each fix alone, keep the good ones.
        good: list[Finding] = []
        for finding in batch:
            alone = _try(source, text, [finding], lint, current)
            if isinstance(alone, tuple):
                good.append(finding)
            else:
                refused.add(_identity(finding))
                rejected.append(_rejected(finding, alone))
        progressed = False
        for finding in good:  # one at a time: two good fixes may still clash together
            fresh = _same_fix(finding, current)
            if fresh is None:
                continue
            step = _try(source, text, [fresh], lint, current)
            if isinstance(step, tuple):
                text, current = step
                applied.append(_applied(fresh))
                progressed = True
            else:
                refused.add(_identity(fresh))
                rejected.append(_rejected(fresh, step))
        if not progressed and not good:
            continue
    return FixOutcome(
        source.encode(text) if applied else data, tuple(applied), tuple(rejected), current
    )


def _decodes(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _identity(finding: Finding) -> tuple[str, str, tuple[str, ...]]:
    """A fix as it stays from pass to pass: positions move when earlier edits land."""
    fix = finding.autofix
    return (finding.code, fix.title if fix else "", tuple(e.text for e in fix.edits) if fix else ())


def _same_fix(finding: Finding, result: FileResult) -> Finding | None:
    """``finding`` as ``result`` reports it (positions are those of ``result``'s text)."""
    for candidate in result.findings:
        if _identity(candidate) == _identity(finding):
            return candidate
    return None


def _try(
    source: _Text,
    text: str,
    batch: Sequence[Finding],
    lint: Callable[[bytes], FileResult],
    before: FileResult,
) -> tuple[str, FileResult] | str:
    """The new text and its lint, or why the batch is refused."""
    edits = [e for f in batch for fix in (f.autofix,) if fix is not None for e in fix.edits]
    try:
        new_text = apply_edits(text, edits, source.newline)
    except ValueError:
        return "its edits overlap"
    if new_text == text:
        return "it changes nothing"
    after = lint(source.encode(new_text))
    if _parse_errors(after) > _parse_errors(before):
        return "the file would not parse"
    remain, added = _compare(before, after, batch)
    if added:
        return "it would add " + ", ".join(added)
    if remain:
        return "the finding would remain"
    return new_text, after


def _applied(finding: Finding) -> Applied:
    fix = finding.autofix
    assert fix is not None
    return Applied(finding.code, finding.name, finding.span.line, fix.title, fix.applicability)


def _rejected(finding: Finding, reason: str) -> Rejected:
    fix = finding.autofix
    return Rejected(finding.code, finding.name, finding.span.line, fix.title if fix else "", reason)
