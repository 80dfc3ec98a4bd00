"""Text -> instructions.

dockerfile-parse walks the instructions; this module repairs what it gets wrong (heredocs,
1-based lines, a trailing backslash at end of file, empty lines and comments inside
continuations, a UTF-8 byte order mark, undecodable bytes, exec form) and never raises.
"""

from __future__ import annotations

from dataclasses import dataclass

from dockerlint_go.model.span import Span


@dataclass(frozen=True, slots=True)
class Flag:
    """An instruction flag such as ``--chown=app:app`` or ``--mount=type=cache,target=/x``."""

    name: str  # lower-case, without the leading dashes: "chown", "from", "mount", "link"
    value: str | None  # as written (variables not expanded); None for a bare ``--link``


@dataclass(frozen=True, slots=True)
class Heredoc:
    """A here-document attached to RUN, COPY or ADD."""

    delimiter: str  # the word, without quotes or the ``-`` of ``<<-``
    body: str  # the lines between the opener and the terminator, each ending in "\n"
    expand: bool  # False when the delimiter was quoted (no variable expansion)
    strip_tabs: bool  # ``<<-``: leading tabs removed from body lines
    body_line: int  # 1-based line of the first body line


@dataclass(frozen=True, slots=True)
class Comment:
    line: int  # 1-based
    text: str  # without the leading "#" and surrounding blanks


@dataclass(frozen=True, slots=True)
class Instruction:
    """One instruction with its source span.

    ``value`` is the text after the keyword and its flags, continuation lines joined with
    a single space in place of ``<escape>\\n``, comment lines inside the continuation removed.
    For ``RUN <<EOF`` it is the opener line's text after flags (e.g. ``<<EOF`` or ``python3 <<EOF``).
    """

    keyword: str  # upper-case
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


@dataclass(frozen=True, slots=True)
class ParseProblem:
    """Something that makes (part of) the file unreadable as a Dockerfile (reported as DG000)."""

    message: str
    span: Span


@dataclass(frozen=True, slots=True)
class Directives:
    escape: str = "\\"
    syntax: str | None = None


@dataclass(frozen=True, slots=True)
class ParsedDockerfile:
    instructions: tuple[Instruction, ...]
    lines: tuple[str, ...]  # the decoded source lines, without line terminators
    comments: tuple[Comment, ...]
    problems: tuple[ParseProblem, ...]
    directives: Directives


def parse_dockerfile(data: bytes | str) -> ParsedDockerfile:
    """Parse a Dockerfile. Never raises: what cannot be read becomes a ParseProblem."""
    raise NotImplementedError
