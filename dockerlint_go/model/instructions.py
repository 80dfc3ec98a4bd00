"""What the parser produces: instructions, their flags and heredocs, comments, directives and
parse problems (see :mod:`dockerlint_go.model.parse`)."""

from __future__ import annotations

from dockerlint_go.model.span import Span
from dockerlint_go.record import Record


class Flag(Record):
    """An instruction flag such as ``--chown=app:app`` or ``--mount=type=cache,target=/x``."""

    name: str  # lower-case, without the leading dashes: "chown", "from", "mount", "link"
    value: str | None  # as written (variables not expanded); None for a bare ``--link``


class Heredoc(Record):
    """A here-document attached to RUN, COPY or ADD."""

    delimiter: str  # the word, without quotes or the ``-`` of ``<<-``
    body: str  # the lines between the opener and the terminator, each ending in "\n"
    expand: bool  # False when the delimiter was quoted (no variable expansion)
    strip_tabs: bool  # ``<<-``: leading tabs removed from body lines
    body_line: int  # 1-based line of the first body line


class Comment(Record):
    line: int  # 1-based
    text: str  # without the leading "#" and surrounding blanks


class Instruction(Record):
    """One instruction with its source span.

    ``value`` is the text after the keyword and its flags, as BuildKit reads it: at each
    continuation the escape character and the blanks after it are dropped and the next line is
    appended as it is (indentation kept, nothing inserted); blank and comment lines inside the
    continuation are left out; leading and trailing blanks are trimmed. Variables are not
    expanded. For ``RUN <<EOF`` it is the opener's text after flags (e.g. ``<<EOF`` or
    ``python3 <<EOF``); the bodies are in ``heredocs``.
    """

    keyword: str  # upper-case; "" for a lone escape character at the end of the file
    span: Span  # first column of the keyword .. end of the last line (heredoc terminator included)
    original: str  # the exact source text of the instruction, lines joined with "\n"
    flags: tuple[Flag, ...]
    value: str
    exec_form: tuple[str, ...] | None  # the JSON array of exec form, when value is one
    heredocs: tuple[Heredoc, ...]
    index: int  # position in the file's instruction list, 0-based

    def flag(self, name: str) -> str | None:
        """The value of the last flag ``--name`` (None when absent or bare)."""
        found: str | None = None
        for f in self.flags:
            if f.name == name:
                found = f.value
        return found

    def has_flag(self, name: str) -> bool:
        return any(f.name == name for f in self.flags)


class ParseProblem(Record):
    """Something that makes (part of) the file unreadable as a Dockerfile (reported as DG000)."""

    message: str
    span: Span


class Directives(Record):
    escape: str = "\\"
    syntax: str | None = None


class ParsedDockerfile(Record):
    instructions: tuple[Instruction, ...]
    lines: tuple[str, ...]  # the decoded source lines, without line terminators
    comments: tuple[Comment, ...]
    problems: tuple[ParseProblem, ...]
    directives: Directives
