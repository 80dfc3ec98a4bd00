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

from dockerlint_go import TYPE_CHECKING
from dockerlint_go.model.instructions import Instruction
from dockerlint_go.model.span import Span
from dockerlint_go.record import Record

if TYPE_CHECKING:
    # Types only: findings imports this module, and a run that only reports must not load
    # the model.
    from dockerlint_go.model.mounts import Mount
    from dockerlint_go.model.stages import DockerfileModel, Step
    from dockerlint_go.model.users import User

__all__ = [
    "Applicability",
    "Edit",
    "Fix",
    "flag_span",
    "home_env_fix",
    "insert_after",
    "insert_before",
    "locate",
    "locate_word",
    "mount_flag_span",
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


def locate_word(
    instruction: Instruction,
    lines: Sequence[str],
    needle: str,
    escape: str,
    *,
    after: tuple[int, int] | None = None,
) -> Span | None:
    """The first place ``needle`` is written inside ``instruction`` as a whole word (a blank or
    the line's start before it; a blank, the line's end or only the continuation ``escape``
    after it), at or after ``after`` (line, column). Comment lines inside the continuation and
    heredoc bodies are skipped; None when it is not there so, in one piece on one line."""
    span = instruction.span
    last = instruction.heredocs[0].body_line - 1 if instruction.heredocs else span.end_line
    position = after if after is not None else (span.line, span.column)
    while True:
        where = locate(instruction, lines, needle, after=position)
        if where is None or where.line > last:
            return None
        position = (where.line, where.column + 1)
        text = lines[where.line - 1]
        if where.line > span.line and text.lstrip().startswith("#"):
            continue  # a comment line inside the continuation
        before = text[where.column - 2] if where.column > 1 else " "
        rest = text[where.end_column - 1 :]
        if before in " \t" and (not rest or rest[0] in " \t" or rest.strip() == escape):
            return where


def flag_span(
    instruction: Instruction, lines: Sequence[str], escape: str, name: str, index: int
) -> Span | None:
    """Where the ``index``-th (from 0) ``--<name>=<value>`` flag of ``instruction`` is written,
    counting the flags of that name that have a value, as one word on one line (see
    :func:`locate_word`); None when there is no such flag or it cannot be found so (quotes,
    escapes, a continuation inside the flag)."""
    values = [f.value for f in instruction.flags if f.name == name and f.value is not None]
    if not 0 <= index < len(values):
        return None
    span = instruction.span
    position = (span.line, span.column)
    found: Span | None = None
    for value in values[: index + 1]:
        found = locate_word(instruction, lines, f"--{name}={value}", escape, after=position)
        if found is None:
            return None
        position = (found.end_line, found.end_column)
    return found


def mount_flag_span(model: DockerfileModel, step: Step, mount: Mount) -> Span | None:
    """Where the ``--mount=…`` flag that gave ``mount`` (one of ``step.mounts``) is written, as
    :func:`flag_span` finds it; None when ``mount`` is not the step's or the flags cannot be
    matched one to one with its mounts."""
    index = next((i for i, m in enumerate(step.mounts) if m is mount), None)
    if index is None:
        return None
    ins = step.instruction
    values = [f.value for f in ins.flags if f.name == "mount" and f.value is not None]
    if len(values) != len(step.mounts):
        return None
    return flag_span(ins, model.parsed.lines, model.parsed.directives.escape, "mount", index)


def home_env_fix(model: DockerfileModel, user: User, name: str, value: str) -> Fix | None:
    """An unsafe fix writing ``ENV <name>=<value>`` (``value`` a path in ``user``'s home, written
    as it is: the caller makes sure it needs no quotes) right after the ``USER`` instruction that
    switched to ``user``; None when no USER instruction did (the base image's user, ``sudo -u``).
    """
    switch = model.instruction_at(user.line) if user.line else None
    if switch is None or switch.keyword != "USER":
        return None
    title = f"Set {name} to {value}, in {user.label}'s home, after the USER switch"
    edit = insert_after(switch, f"ENV {name}={value}")
    return Fix(title, (edit,), Applicability.UNSAFE)
