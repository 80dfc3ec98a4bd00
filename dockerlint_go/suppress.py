"""Inline suppressions: ``# dockerlint-go ignore=…`` comments, read and applied.

Three forms, each naming one or more rule codes or rule names, separated by commas (case does not
matter, blanks around ``=`` and the commas are allowed)::

    # dockerlint-go ignore=DG102                   the instruction right below
    # dockerlint-go stage ignore=DG101, DG104      the stage whose FROM is right below
    # dockerlint-go global ignore=gomodcache-unset the whole file, wherever the comment is

A reason may follow the codes after ``--`` or a second ``#``
(``# dockerlint-go ignore=DG103 -- the app never writes go.mod``); it becomes the suppression's
justification, which SARIF and JSON reports carry.

Placement. ``ignore=`` and ``stage ignore=`` belong to the block of comment lines directly above
an instruction: other comments may sit between the directive and the instruction, a blank line
may not (as in hadolint, where the comment must be right above the instruction; a blank line
usually means the comment is about something else, and a suppression that silently drifted to
the next instruction would hide the wrong finding). ``stage ignore=`` must be above a FROM.
Comments inside an instruction (between the lines of a continued RUN) are never directives:
BuildKit drops them from the instruction, and they would be ambiguous about what they cover; one
that looks like a directive is reported as misplaced rather than silently ignored. Heredoc
bodies are shell script, not Dockerfile comments, and are not looked at at all.

A suppression covers every finding whose span *starts* on a line of what it targets: the
instruction's lines (continuations and heredoc bodies included), the stage's lines (from its
FROM to the end of its last instruction) or the file.

What is a directive at all: a comment whose text starts with ``dockerlint-go`` followed by a
colon, the end of the comment, or a blank and then either a word among ``ignore``, ``stage`` and
``global`` or some ``=``. Anything else starting with the word (``# dockerlint-go flags this
COPY, but…``) is prose, and so is a commented-out directive (``## dockerlint-go …``). A
directive that does not follow the grammar, or sits where it cannot apply, has no effect at all;
one that names an unknown rule still applies its other codes.

Both functions are pure: :func:`parse_directives` reads a parsed file, :func:`apply` marks the
findings a directive covers (they are kept, with ``Finding.suppression`` set) and lists what had
no effect, which the ``unused-suppression`` rule (DG001) reports.
"""

from __future__ import annotations

import enum
import re
from bisect import bisect_left, bisect_right
from collections.abc import Collection, Iterable, Sequence

from dockerlint_go import TYPE_CHECKING
from dockerlint_go.findings import Finding, Suppression, SuppressionScope
from dockerlint_go.model.span import Span
from dockerlint_go.record import Record, replace

if TYPE_CHECKING:
    from dockerlint_go.model.parse import Instruction, ParsedDockerfile
    from dockerlint_go.rules._rule import Rule

__all__ = [
    "Defect",
    "Directive",
    "Ineffective",
    "Outcome",
    "apply",
    "parse_directives",
]

MARKER = "dockerlint-go"

_MARKER = re.compile(r"dockerlint-go(?![\w-])", re.IGNORECASE)
_WORD = re.compile(r"[^\s=]+")
_SCOPES = {"stage": SuppressionScope.STAGE, "global": SuppressionScope.FILE}
_KEYWORDS = frozenset({"ignore", *_SCOPES})
_REASON = re.compile(r"--|#")
_BLANK = re.compile(r"\s")
# Matching order: the most specific directive lends its justification to a finding.
_SPECIFICITY = {
    SuppressionScope.INSTRUCTION: 0,
    SuppressionScope.STAGE: 1,
    SuppressionScope.FILE: 2,
}


class Directive(Record):
    """One ``# dockerlint-go …`` comment, well-formed or not.

    ``lines`` is the inclusive range of lines it covers, None when it has no effect; ``problem``
    then says why (malformed or misplaced). ``anchor`` is the instruction it sits above (the
    FROM for a stage), when there is one.
    """

    line: int
    span: Span  # the comment's columns, from the ``#`` to its last non-blank character
    scope: SuppressionScope | None  # None: too malformed to tell
    entries: tuple[str, ...]  # the codes or names as written, blanks trimmed
    justification: str | None
    lines: tuple[int, int] | None
    anchor: Instruction | None = None
    problem: str | None = None

    @property
    def effective(self) -> bool:
        return self.lines is not None

    def covers(self, span: Span) -> bool:
        return self.lines is not None and self.lines[0] <= span.line <= self.lines[1]

    def suppression(self) -> Suppression:
        return Suppression(
            scope=self.scope or SuppressionScope.INSTRUCTION,
            line=self.line,
            justification=self.justification,
        )


class Defect(enum.Enum):
    """Why (part of) a directive had no effect."""

    MALFORMED = "malformed"  # not in the grammar: the whole directive is ignored
    MISPLACED = "misplaced"  # where it cannot apply: the whole directive is ignored
    UNKNOWN = "unknown"  # one entry names no rule
    UNUSED = "unused"  # one entry names a rule that ran and silenced none of its findings


class Ineffective(Record):
    """A directive, or one entry of it, that suppressed nothing."""

    directive: Directive
    defect: Defect
    entry: str | None = None  # the code or name as written (UNKNOWN, UNUSED)
    rule: Rule | None = None  # the rule the entry names (UNUSED)
    suggestion: str | None = None  # a known code or name close to an UNKNOWN entry


class Outcome(Record):
    """The findings, those a directive covers marked suppressed, and what had no effect."""

    findings: tuple[Finding, ...]
    ineffective: tuple[Ineffective, ...]


# --------------------------------------------------------------------------------------------
# Reading


class _Syntax(Record):
    scope: SuppressionScope
    entries: tuple[str, ...]
    justification: str | None


def parse_directives(parsed: ParsedDockerfile) -> tuple[Directive, ...]:
    """Every ``# dockerlint-go`` directive of the file, in line order, with what it covers."""
    candidates = [c for c in parsed.comments if c.text[: len(MARKER)].lower() == MARKER]
    if not candidates:
        return ()
    instructions = parsed.instructions
    starts = [ins.span.line for ins in instructions]
    comment_lines = {c.line for c in parsed.comments}
    directives: list[Directive] = []
    for comment in candidates:
        read = _read(comment.text)
        if read is None:
            continue
        span = _comment_span(parsed.lines, comment.line)
        if isinstance(read, str):
            directives.append(Directive(comment.line, span, None, (), None, None, problem=read))
            continue
        base = Directive(comment.line, span, read.scope, read.entries, read.justification, None)
        last_line = max(len(parsed.lines), comment.line)
        directives.append(_place(base, instructions, starts, comment_lines, last_line))
    return tuple(directives)


def _read(text: str) -> _Syntax | str | None:
    """The directive in a comment's text; a message when it is malformed; None for prose."""
    marker = _MARKER.match(text)
    if marker is None:
        return None
    rest = text[marker.end() :]
    example = "`# dockerlint-go ignore=DG102`"
    if not rest.strip():
        return f"`{MARKER}` is not followed by a directive: write {example}"
    if rest.startswith(":"):
        return f"no colon after `{MARKER}`: write {example}"
    first = _WORD.match(rest.lstrip())
    if "=" not in rest and (first is None or first[0].lower() not in _KEYWORDS):
        return None  # prose that happens to start with the tool's name
    if "=" not in rest:
        return f"`ignore` must be followed by `=` and the codes, as in {example}"
    words = rest.split("=", 1)[0].split()
    lowered = [word.lower() for word in words]
    if lowered == ["ignore"]:
        scope = SuppressionScope.INSTRUCTION
    elif len(words) == 2 and lowered[1] == "ignore" and lowered[0] in _SCOPES:
        scope = _SCOPES[lowered[0]]
    elif len(words) == 2 and lowered[1] == "ignore":
        return (
            f"unknown scope `{words[0]}`: write `stage ignore=` or `global ignore=`, or "
            "`ignore=` for the instruction below"
        )
    else:
        found = " ".join(words) + "="
        return (
            f"expected `ignore=`, `stage ignore=` or `global ignore=` after `{MARKER}`, "
            f"found `{found}`"
        )
    value = rest.split("=", 1)[1]
    reason_at = _REASON.search(value)
    justification: str | None = None
    if reason_at is not None:
        justification = value[reason_at.end() :].strip() or None
        value = value[: reason_at.start()]
    entries = tuple(entry.strip() for entry in value.split(","))
    if entries == ("",):
        return "no rule codes or names after `ignore=`"
    if "" in entries:
        return f"an empty entry in the list of codes `{value.strip()}`"
    for entry in entries:
        if _BLANK.search(entry):
            return (
                f"`{entry}` is not one code: separate codes with commas, and put a reason "
                "after ` -- ` or `#`"
            )
    return _Syntax(scope, entries, justification)


def _comment_span(lines: Sequence[str], line: int) -> Span:
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    start = text.find("#") + 1 or 1
    end = len(text.rstrip()) + 1
    return Span(line, start, line, max(end, start))


def _place(
    directive: Directive,
    instructions: Sequence[Instruction],
    starts: list[int],
    comment_lines: Collection[int],
    last_line: int,
) -> Directive:
    """Set what ``directive`` covers, or why it cannot cover anything."""
    line = directive.line
    before = bisect_left(starts, line) - 1  # the last instruction starting above the comment
    if before >= 0 and instructions[before].span.end_line >= line:
        around = instructions[before]
        return replace(
            directive,
            anchor=around,
            problem=(
                f"a comment inside the {_label(around)} is not read as a suppression; put it "
                "on its own line above the instruction"
            ),
        )
    if directive.scope is SuppressionScope.FILE:
        return replace(directive, lines=(1, last_line))
    below = bisect_right(starts, line)
    if below == len(instructions):
        return replace(directive, problem="no instruction follows it")
    target = instructions[below]
    gap = next((n for n in range(line + 1, target.span.line) if n not in comment_lines), None)
    if gap is not None:
        return replace(
            directive,
            anchor=target,
            problem=(
                f"line {gap} is blank, and a suppression must be directly above its "
                f"instruction (here the {_label(target)})"
            ),
        )
    if directive.scope is SuppressionScope.INSTRUCTION:
        return replace(directive, anchor=target, lines=(target.span.line, target.span.end_line))
    if target.keyword != "FROM":
        return replace(
            directive,
            anchor=target,
            problem=f"`stage ignore=` must be directly above a FROM, not the {_label(target)}",
        )
    last = target
    for ins in instructions[below + 1 :]:
        if ins.keyword == "FROM":
            break
        last = ins
    return replace(directive, anchor=target, lines=(target.span.line, last.span.end_line))


def _label(ins: Instruction) -> str:
    return f"{ins.keyword or 'instruction'} at line {ins.span.line}"


# --------------------------------------------------------------------------------------------
# Applying


def apply(
    findings: Iterable[Finding],
    directives: Sequence[Directive],
    rules: Sequence[Rule],
    *,
    checked: Collection[str] | None = None,
) -> Outcome:
    """Mark the findings the directives cover, and list what had no effect.

    ``rules`` are the rules a code or name may refer to (unknown entries are reported);
    ``checked`` are the codes whose findings ``findings`` holds in full (default: every code of
    ``rules``). An entry for a known rule outside ``checked`` is neither applied nor reported
    as unused: the rule did not run (the configuration turned it off) or runs in a later phase.
    A finding covered by several directives takes its suppression from the most specific one
    (instruction, then stage, then file); each of them counts as used.
    """
    by_key: dict[str, Rule] = {}
    for rule in rules:
        by_key.setdefault(rule.code.lower(), rule)
        by_key.setdefault(rule.name.lower(), rule)
    codes = {rule.code for rule in rules} if checked is None else set(checked)
    ineffective: list[Ineffective] = []
    # (directive index, code) -> the entry as written; in directive order, then entry order.
    wanted: dict[tuple[int, str], tuple[str, Rule]] = {}
    for index, directive in enumerate(directives):
        if not directive.effective:
            defect = Defect.MALFORMED if directive.scope is None else Defect.MISPLACED
            ineffective.append(Ineffective(directive, defect))
            continue
        for entry in directive.entries:
            named = by_key.get(entry.lower())
            if named is None:
                suggestion = _suggest(entry, by_key)
                ineffective.append(Ineffective(directive, Defect.UNKNOWN, entry, None, suggestion))
            elif named.code in codes:
                wanted.setdefault((index, named.code), (entry, named))
    order = sorted(
        range(len(directives)),
        key=lambda i: (_SPECIFICITY[directives[i].scope or SuppressionScope.FILE], i),
    )
    used: set[tuple[int, str]] = set()
    marked: list[Finding] = []
    for finding in findings:
        suppression: Suppression | None = finding.suppression
        for index in order:
            key = (index, finding.code)
            if key in wanted and directives[index].covers(finding.span):
                used.add(key)
                if suppression is None:
                    suppression = directives[index].suppression()
        marked.append(
            finding
            if suppression is finding.suppression
            else replace(finding, suppression=suppression)
        )
    for key, (entry, rule) in wanted.items():
        if key not in used:
            ineffective.append(Ineffective(directives[key[0]], Defect.UNUSED, entry, rule))
    ineffective.sort(key=lambda item: item.directive.line)
    return Outcome(tuple(marked), tuple(ineffective))


def _suggest(entry: str, by_key: dict[str, Rule]) -> str | None:
    """The known code or name closest to ``entry``, when one is clearly closest."""
    from difflib import SequenceMatcher

    matcher = SequenceMatcher(b=entry.lower())
    best: dict[str, float] = {}  # rule code -> its best score (by code or by name)
    spelled: dict[str, str] = {}
    for key, rule in by_key.items():
        matcher.set_seq1(key)
        score = matcher.ratio()
        if score > best.get(rule.code, 0.0):
            best[rule.code] = score
            spelled[rule.code] = rule.code if key == rule.code.lower() else rule.name
    ranked = sorted(best.items(), key=lambda item: item[1], reverse=True)
    if not ranked or ranked[0][1] < 0.75 or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    return spelled[ranked[0][0]]
