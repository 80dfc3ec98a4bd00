"""Automatic fixes: what a rule proposes to change, as text edits on the original file.

A rule that can repair what it found attaches a :class:`Fix` to its hit: one or more
:class:`Edit` s, each replacing a region of the source (given as a :class:`Span`, the same
1-based line/column positions findings use; an empty region inserts). Edits are minimal: the
rest of the file (comments, blank lines, continuations, line endings, a byte order mark) is
never rewritten. Text inserted by an edit uses ``"\\n"`` for line breaks; the fixer writes the
file's own line ending.

A fix is ``SAFE`` when it keeps what the build does and only removes the trap, ``UNSAFE`` when
it changes behaviour a user may rely on (where a cache lives, which user runs a step, which
version of a tool is installed); ``--fix`` applies safe fixes, ``--unsafe-fixes`` both.

The helpers at the end locate text inside an instruction for rules that build edits.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence

from dockerlint_go.model.instructions import Instruction
from dockerlint_go.model.span import Span
from dockerlint_go.record import Record

__all__ = [
    "Applicability",
    "Edit",
    "Fix",
    "insert_after",
    "insert_before",
    "locate",
    "replace_text",
]


class Applicability(enum.Enum):
    SAFE = "safe"  # the build does what it did, without the trap
    UNSAFE = "unsafe"  # behaviour changes (cache location, user, tool version): opt in


class Edit(Record):
    """Replace the text of ``span`` with ``text`` (insert when the span is empty)."""

    span: Span
    text: str


class Fix(Record):
    """What applying a rule's fix does: a title for reports and the edits, all or nothing."""

    # Imperative, one line: "Add --chown=app:app to the COPY". No line numbers: the fixer knows
    # a fix from pass to pass by its title and edit texts, and earlier edits move lines.
    title: str
    edits: tuple[Edit, ...]
    applicability: Applicability = Applicability.SAFE

    def to_dict(self) -> dict[str, object]:
        return {
            "title": self.title,
            "applicability": self.applicability.value,
            "edits": [
                {
                    "line": e.span.line,
                    "column": e.span.column,
                    "end_line": e.span.end_line,
                    "end_column": e.span.end_column,
                    "text": e.text,
                }
                for e in self.edits
            ],
        }


def insert_before(instruction: Instruction, text: str) -> Edit:
    """Insert whole lines before ``instruction`` (``text`` without the final line break), at
    the instruction's indentation."""
    line, column = instruction.span.line, instruction.span.column
    indent = " " * (column - 1)
    body = "\n".join(indent + part if part else part for part in text.split("\n"))
    return Edit(Span(line, 1, line, 1), body + "\n")


def insert_after(instruction: Instruction, text: str) -> Edit:
    """Insert whole lines after ``instruction`` (after its last line, heredoc included)."""
    end = instruction.span
    indent = " " * (instruction.span.column - 1)
    body = "\n".join(indent + part if part else part for part in text.split("\n"))
    return Edit(Span(end.end_line, end.end_column, end.end_line, end.end_column), "\n" + body)


def locate(
    instruction: Instruction,
    lines: Sequence[str],
    needle: str,
    *,
    after: tuple[int, int] | None = None,
) -> Span | None:
    """The first place ``needle`` is written inside ``instruction`` (on one line), at or after
    ``after`` (line, column); None when it is not there in one piece (split by a
    continuation, for instance): a rule then offers no fix."""
    if not needle:
        return None
    span = instruction.span
    start_line, start_column = after if after is not None else (span.line, span.column)
    for number in range(max(start_line, span.line), span.end_line + 1):
        if number - 1 >= len(lines):
            break
        text = lines[number - 1]
        if number == span.end_line:
            text = text[: span.end_column - 1]
        begin = start_column - 1 if number == start_line else 0
        if number == span.line:
            begin = max(begin, span.column - 1)
        found = text.find(needle, begin)
        if found >= 0:
            return Span(number, found + 1, number, found + 1 + len(needle))
    return None


def replace_text(
    instruction: Instruction,
    lines: Sequence[str],
    old: str,
    new: str,
    *,
    after: tuple[int, int] | None = None,
) -> Edit | None:
    """An edit replacing the first ``old`` inside ``instruction`` with ``new``."""
    where = locate(instruction, lines, old, after=after)
    return None if where is None else Edit(where, new)
