"""Text -> instructions.

dockerfile-parse walks the instructions, as the design card says: its ``DockerfileParser``
``.structure`` decides which lines begin an instruction and where each one ends. Its walk has
known gaps, and a repair pass in this module fixes each of them, so that the result is the
instruction list of BuildKit's own parser (the one ``docker build`` runs);
``tests/model/test_parse_differential.py`` holds it to that parser, and
``tests/model/test_parse.py`` has one regression test per gap that shows dockerfile-parse's raw
answer beside ours. Nothing else of dockerfile-parse is read: not its values (variables
substituted, ``${V:-x}`` and ``${V:+x}`` mangled, exec form a raw string) nor its derived
properties (``args``, ``envs``, ``baseimage`` raise on ``ARG`` with no value or ``ENV A=1 B``).

The gaps and where they are repaired:

* It decodes strictly (one non-UTF-8 byte raises) and reads a byte order mark as part of the
  first keyword: we decode and drop the mark ourselves (``_decode``) and hand it valid text.
* It reads parser directives its own way (only ``escape`` and ``syntax``, the last of two
  escapes, an empty ``# syntax=``, any Unicode blank inside the comment), counts U+001C..U+001F
  as blanks and drops a keyword alone on the last line when no newline follows: the text it is
  handed is prepared against all of that (``_hand_over``).
* An instruction whose keyword is ``comment`` comes out as a comment (``_read_entries``).
* Its line numbers are 0-based: spans are built 1-based, with columns, from our lines.
* It drops the instruction still continued at the end of the file (``_recover_dropped_tail``).
* It ends an instruction at an empty line inside its continuation (``_Repair._bridge_hole``).
* It continues a line that ends in an escaped escape character (``\\\\``) or in the escape
  character and a blank other than space or tab (``_Repair._join`` ends the instruction there,
  ``_Repair._rewalk`` reads the rest).
* It knows no heredocs: body lines come out as instructions (``_drop_heredoc_bodies``, after
  ``_Repair._bodies`` has read the bodies) and as comments (``_comments``).
* It lists comments inside a continuation before their instruction (``_comments``).

How far dockerfile-parse is trusted: its instructions come in order without overlapping, each
begins at a line with text, and (after ``_hand_over`` and ``_recover_dropped_tail``) every line
with text after the directives lies in one of them. So an instruction of ours begins where one
of its instructions begins, whenever the previous one ended before it: the lines between are
blank or comments for it and for BuildKit alike. Where each instruction ends is checked line by
line as its lines are joined (the join reads every line anyway, to trim escape characters).
Where one of its instructions holds what BuildKit reads as several, that region alone is
re-walked by BuildKit's rules (``_Repair._rewalk``); if dockerfile-parse raises, the whole file
is (``_dockerfile_parse_walk``). The keyword, flags, value, exec form and heredocs come from our
own line-level helpers, never from dockerfile-parse.

BuildKit's rules, which the repair pass applies:

* Lines end at ``\\n``; trailing ``\\r`` characters are dropped; a UTF-8 byte order mark is
  dropped from the first line.
* Parser directives (``# escape=``, ``# syntax=``, ``# check=``) are read from the top until
  the first line that is not one: a blank line or a plain comment ends them.
* Outside an instruction, blank lines and comment lines (``#`` after optional blanks) are
  skipped. Any other line starts an instruction.
* An instruction continues while its last line ends with the escape character, blanks after
  it allowed; an escaped escape character does not continue it. Blank lines and comment lines
  inside a continuation are skipped and the instruction goes on after them, whatever the next
  line holds. Each continuation line is appended as it is, indentation included.
* RUN, COPY and ADD in shell form (also as an ONBUILD trigger) read one body per ``<<WORD``
  opener after their last line; a body ends at the line equal to the word (after removing
  leading tabs, for ``<<-``).

Nothing here raises: what BuildKit would reject becomes a ParseProblem and the walk goes on.
"""

from __future__ import annotations

import io
import json
import re
from bisect import bisect_right
from collections.abc import Iterator

from dockerlint_go import TYPE_CHECKING
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


# --------------------------------------------------------------------------------------------
# Vocabulary

# Go's unicode.IsSpace, which BuildKit uses to trim lines. Python's str.isspace() also counts
# U+001C..U+001F, which Go (and so Docker) reads as ordinary characters.
_BLANKS = (
    "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
    "\u200a\u2028\u2029\u202f\u205f\u3000"
)
_ASCII_BLANKS = "\t\n\v\f\r "
# What separates the keyword from its arguments, and whitespace-delimited arguments.
_ARG_SPLIT = re.compile(r"[\t\v\f\r ]+")
# Patterns kept as strings are compiled (and cached by ``re``) when a file first needs them:
# compiling every pattern at import would cost each run, and most files need few of them.
# A parser directive, on a line with its leading blanks removed (Go's \s is [\t\n\f\r ]).
_DIRECTIVE = r"#[\t\n\f\r ]*([a-zA-Z][a-zA-Z0-9]*)[\t\n\f\r ]*=[\t\n\f\r ]*(.+?)[\t\n\f\r ]*"
# ``check`` is newer than the BuildKit in the test oracle; recent Docker reads it as a directive.
_DIRECTIVE_NAMES = frozenset({"escape", "syntax", "check"})
# A heredoc opener, as one shell word: optional file descriptor, ``<<``, optional ``-``, word.
_HEREDOC_OPENER = r"([0-9]*)<<(-?)([^<]*)"

_KEYWORDS = frozenset(
    {
        "ADD",
        "ARG",
        "CMD",
        "COPY",
        "ENTRYPOINT",
        "ENV",
        "EXPOSE",
        "FROM",
        "HEALTHCHECK",
        "LABEL",
        "MAINTAINER",
        "ONBUILD",
        "RUN",
        "SHELL",
        "STOPSIGNAL",
        "USER",
        "VOLUME",
        "WORKDIR",
    }
)
_JSON_FORM = frozenset({"ADD", "COPY", "CMD", "ENTRYPOINT", "RUN", "SHELL", "VOLUME"})
_HEREDOC_FORM = frozenset({"ADD", "COPY", "RUN"})
_NAME_VALUE_FORM = frozenset({"ENV", "LABEL"})
_NOT_STRINGS = "when using JSON array syntax, arrays must be comprised of strings only"
_BINARY_PROBE = 8192
_SURROGATE = r"[\ud800-\udfff]"


# --------------------------------------------------------------------------------------------
# Entry point


def parse_dockerfile(data: bytes | str) -> ParsedDockerfile:
    """Parse a Dockerfile. Never raises: what cannot be read becomes a ParseProblem."""
    if _looks_binary(data):
        return ParsedDockerfile(
            instructions=(),
            lines=(),
            comments=(),
            problems=(ParseProblem("not a text file", Span(1, 1, 1, 1)),),
            directives=Directives(),
        )
    text, problems = _decode(data)
    lines = _split_lines(text)
    directives, first_line = _read_directives(lines, problems)
    walk = _dockerfile_parse_walk(lines, directives.escape, first_line)
    repair = _Repair(lines, directives.escape, problems, walk)
    instructions = tuple(repair.instructions())
    if not instructions:
        problems.append(ParseProblem("file with no instructions", Span(1, 1, 1, 1)))
    return ParsedDockerfile(
        instructions=instructions,
        lines=tuple(lines),
        comments=_comments(lines, walk.comment_lines, repair.bodies),
        problems=tuple(sorted(problems, key=lambda p: p.span)),
        directives=directives,
    )


# --------------------------------------------------------------------------------------------
# Bytes -> lines


def _looks_binary(data: bytes | str) -> bool:
    if isinstance(data, str):
        return "\0" in data[:_BINARY_PROBE]
    return b"\0" in data[:_BINARY_PROBE]


def _decode(data: bytes | str) -> tuple[str, list[ParseProblem]]:
    """Decode UTF-8 (a bad byte is reported once, then replaced) and drop a byte order mark.

    Gaps: dockerfile-parse decodes each line itself and raises UnicodeDecodeError on one byte
    that is not UTF-8, and it reads a byte order mark as part of the first keyword (``\ufeffFROM``).
    It is handed what this returns (see ``_hand_over``).
    """
    problems: list[ParseProblem] = []
    if isinstance(data, str):
        text = data
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as err:
            problems.append(_bad_byte(data, err.start))
            text = data.decode("utf-8", errors="replace")
    return text.removeprefix("\ufeff"), problems


def _bad_byte(data: bytes, offset: int) -> ParseProblem:
    line_start = data.rfind(b"\n", 0, offset) + 1
    before = data[line_start:offset].decode("utf-8")  # valid: the first bad byte is at offset
    if line_start == 0:
        before = before.removeprefix("\ufeff")
    line = data.count(b"\n", 0, offset) + 1
    column = len(before) + 1
    message = f"line {line} is not valid UTF-8 (byte 0x{data[offset]:02x} at column {column})"
    return ParseProblem(message, Span(line, column, line, column + 1))


def _split_lines(text: str) -> list[str]:
    """Split at "\\n" only (as Docker does; not at the other breaks str.splitlines knows)."""
    if not text:
        return []
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    return [line.rstrip("\r") for line in lines]


def _read_directives(lines: list[str], problems: list[ParseProblem]) -> tuple[Directives, int]:
    """Read the parser directives at the top; return them and the index of the next line."""
    escape = "\\"
    syntax: str | None = None
    seen: set[str] = set()
    for index, line in enumerate(lines):
        text = line.lstrip(_BLANKS)
        match = re.fullmatch(_DIRECTIVE, text) if text.startswith("#") else None
        if match is None or match[1].lower() not in _DIRECTIVE_NAMES:
            return Directives(escape, syntax), index
        name, value = match[1].lower(), match[2]
        span = Span.lines(index + 1, index + 1, len(line))
        if name in seen:
            problems.append(ParseProblem(f"only one {name} parser directive can be used", span))
            continue
        seen.add(name)
        if name == "syntax":
            syntax = value
        elif name == "escape":
            if value in ("\\", "`"):
                escape = value
            else:
                message = f"invalid escape character {value!r}: it must be ` or \\"
                problems.append(ParseProblem(message, span))
    return Directives(escape, syntax), len(lines)


# --------------------------------------------------------------------------------------------
# dockerfile-parse's walk


if TYPE_CHECKING:
    from typing import TypedDict

    class _Entry(TypedDict):
        """One item of ``DockerfileParser.structure``: an instruction or a comment line."""

        instruction: str  # the keyword upper-cased, or "COMMENT"
        startline: int  # 0-based
        endline: int  # 0-based
        content: str
        value: str


class _RawWalk(Record):
    """dockerfile-parse's walk of a file: what the repair pass starts from (0-based lines)."""

    segments: list[tuple[int, int]]  # first and last line of each instruction it read
    comment_lines: list[int]  # its comment lines, the directive lines left out
    trusted: bool  # False when it raised: ``segments`` is then one region to walk ourselves


# Python's str.isspace() (and so the \s of dockerfile-parse's patterns) counts U+001C..U+001F
# as blanks; Go's unicode.IsSpace, which BuildKit uses, does not. In UTF-8 they are one byte.
_PYTHON_ONLY_BLANKS = bytes.maketrans(b"\x1c\x1d\x1e\x1f", b"____")


def _dockerfile_parse_walk(lines: list[str], escape: str, first_line: int) -> _RawWalk:
    """Run dockerfile-parse's instruction walk (``DockerfileParser.structure``) over the lines.

    Fallback: dockerfile-parse raises UnicodeDecodeError (a ValueError) on text that is not
    UTF-8. ``_hand_over`` gives it valid UTF-8, so this is not expected; if it raises a
    ValueError all the same, the whole file (after the directives) becomes one region that the
    repair pass walks by BuildKit's rules, comments included.
    """
    # Imported on first use: a command that parses no Dockerfile does not pay for it.
    from dockerfile_parse import DockerfileParser  # type: ignore[import-untyped]

    data = _hand_over(lines, escape, first_line)
    try:
        entries: list[_Entry] = DockerfileParser(fileobj=io.BytesIO(data)).structure
    except ValueError:
        region = [(first_line, len(lines) - 1)] if first_line < len(lines) else []
        comment_lines = [i for i in range(first_line, len(lines)) if _is_comment(lines[i])]
        return _RawWalk(region, comment_lines, trusted=False)
    segments, comment_lines = _read_entries(entries, lines, first_line)
    _recover_dropped_tail(segments, lines, first_line)
    return _RawWalk(segments, comment_lines, trusted=True)


def _hand_over(lines: list[str], escape: str, first_line: int) -> bytes:
    """The text dockerfile-parse walks: our lines (decoded, the byte order mark dropped, split at
    ``\\n`` only, trailing ``\\r`` removed), prepared against the gaps it has before its walk:

    * It decodes each line strictly and raises on one bad byte: it gets the UTF-8 we encode (a
      lone surrogate in str input becomes ``?``).
    * It reads parser directives its own way: only ``escape`` and ``syntax``, the last of two
      escapes, an empty ``# syntax=`` that lets a later ``# escape=`` count, any Unicode blank
      (``\\v``, U+00A0) inside the comment. We read the directives (``_read_directives``); their
      lines become empty lines, the first one ``# escape=``` when ours is the backtick, and a
      comment on the line where they end (the first line, when there are none) becomes a bare
      ``#``, which it cannot take for a directive.
    * Its patterns count U+001C..U+001F as blanks; BuildKit does not: they become ``_``.
    * It drops a keyword alone on the last line when no newline follows (its pattern for an
      instruction wants a blank after the keyword): every line ends in ``\\n``.

    The directives and the newline make its walk right in the first place; without them, the
    repair pass would still catch what follows. The other two it needs: given bytes that are not
    UTF-8 it raises, and with those blanks it loses lines with text.
    """
    comment_next = first_line < len(lines) and _is_comment(lines[first_line])
    if first_line or comment_next:
        lines = lines.copy()
        lines[:first_line] = [""] * first_line
        if escape != "\\":  # only the directive block sets it, so first_line > 0
            lines[0] = "# escape=" + escape
        if comment_next:
            lines[first_line] = "#"
    data = ("\n".join(lines) + "\n").encode("utf-8", errors="replace")
    return data.translate(_PYTHON_ONLY_BLANKS)


def _read_entries(
    entries: list[_Entry], lines: list[str], first_line: int
) -> tuple[list[tuple[int, int]], list[int]]:
    """Split dockerfile-parse's items into instructions (line ranges) and comment lines.

    Gap: it names a comment ``COMMENT``, and an instruction whose keyword is ``comment`` (an
    unknown instruction, which BuildKit reads as one) comes out with the same name: an item is a
    comment only when its line is one. Comments on the directive lines are not comments.
    """
    segments: list[tuple[int, int]] = []
    comment_lines: list[int] = []
    for entry in entries:
        start = entry["startline"]
        if entry["instruction"] == "COMMENT" and _is_comment(lines[start]):
            if start >= first_line:
                comment_lines.append(start)
        else:
            segments.append((start, entry["endline"]))
    return segments, comment_lines


def _recover_dropped_tail(
    segments: list[tuple[int, int]], lines: list[str], first_line: int
) -> None:
    """Gap: an instruction still continued at the end of the file (``RUN go build \\`` as the
    last line) is dropped. The first line with text after dockerfile-parse's last instruction
    starts it, and it runs to the end of the file; ``_Repair._join`` checks it line by line."""
    for i in range(segments[-1][1] + 1 if segments else first_line, len(lines)):
        if _has_text(lines[i]):
            segments.append((i, len(lines) - 1))
            return


def _is_comment(line: str) -> bool:
    return line.lstrip(_BLANKS).startswith("#")


def _has_text(line: str) -> bool:
    """A line that starts an instruction outside of one: neither blank nor a comment."""
    body = line.lstrip(_BLANKS)
    return bool(body) and not body.startswith("#")


def _comments(
    lines: list[str], comment_lines: list[int], bodies: list[tuple[int, int]]
) -> tuple[Comment, ...]:
    """The comments, from dockerfile-parse's comment lines.

    Gaps: it lists a comment inside a continuation before the instruction it sits in (the
    instruction comes out when it ends), and it reads heredoc body lines such as ``# set -e``
    as comments. Comments are kept apart from instructions, in line order, without those in
    heredoc bodies (``bodies``: sorted, inclusive line ranges). The text is read from our line:
    dockerfile-parse strips only the leading blanks and ``#``, by Python's idea of a blank.
    """
    comments: list[Comment] = []
    b = 0
    for i in comment_lines:
        while b < len(bodies) and bodies[b][1] < i:
            b += 1
        if b < len(bodies) and bodies[b][0] <= i:
            continue
        comments.append(Comment(i + 1, lines[i].lstrip(_BLANKS)[1:].strip(_BLANKS)))
    return tuple(comments)


def _drop_heredoc_bodies(segments: list[tuple[int, int]], k: int, cursor: int) -> int:
    """Skip dockerfile-parse's instructions that end before line ``cursor``: the one just read
    and, gap, those it made of heredoc body lines (``RUN <<EOF``, ``echo hi``, ``EOF`` come out
    as RUN, ECHO and EOF). Return the index of the first one left.

    One that starts in a body and runs past its terminator (a body line, or the terminator
    itself, ending in the escape character) is left: the walk re-walks its lines after the
    terminator (``_Repair._rewalk``).
    """
    while k < len(segments) and segments[k][1] < cursor:
        k += 1
    return k


# --------------------------------------------------------------------------------------------
# The repair pass


class _Logical(Record):
    """One instruction's lines joined as BuildKit joins them, with a map back to the source.

    Piece ``k`` of ``text`` starts at offset ``offsets[k]`` and comes from 0-based line
    ``rows[k]``, starting at 0-based column ``columns[k]``.
    """

    text: str
    first: int  # 0-based index of the first line
    last: int  # 0-based index of the last line read by the continuation
    offsets: tuple[int, ...]
    rows: tuple[int, ...]
    columns: tuple[int, ...]

    def position(self, offset: int) -> tuple[int, int]:
        """The 1-based (line, column) of ``text[offset]``."""
        k = max(bisect_right(self.offsets, offset) - 1, 0)
        return self.rows[k] + 1, self.columns[k] + offset - self.offsets[k] + 1


class _Opener(Record):
    """A ``<<WORD`` heredoc opener found on an instruction's line."""

    word: str  # as written
    delimiter: str
    expand: bool
    strip_tabs: bool


class _Repair:
    """The repair pass: dockerfile-parse's instructions in order, each joined as BuildKit joins
    it and repaired where dockerfile-parse's walk is wrong. Problems collect on the way, and the
    line ranges of heredoc bodies (for ``_comments``).

    Lives for one parse_dockerfile call.
    """

    __slots__ = ("bodies", "escape", "lines", "problems", "segments", "trusted")

    def __init__(
        self, lines: list[str], escape: str, problems: list[ParseProblem], walk: _RawWalk
    ) -> None:
        self.lines = lines
        self.escape = escape
        self.problems = problems
        self.segments = walk.segments
        self.trusted = walk.trusted
        self.bodies: list[tuple[int, int]] = []

    def instructions(self) -> Iterator[Instruction]:
        segments = self.segments
        k = 0  # dockerfile-parse's instruction at hand
        cursor = 0  # the first line not read yet
        index = 0
        while k < len(segments):
            start, end = segments[k]
            first: int | None = start
            if start < cursor or not self.trusted:
                # Its instruction k began in lines already read (or it raised): re-walk.
                first = self._rewalk(max(start, cursor), end)
            if first is None:
                k += 1
                continue
            logical, k = self._join(first, k)
            instruction = self._instruction(logical, index)
            index += 1
            cursor = instruction.span.end_line  # the 0-based index of the next line
            k = _drop_heredoc_bodies(segments, k, cursor)
            yield instruction

    def _rewalk(self, start: int, end: int) -> int | None:
        """Re-walk lines ``start..end``, the rest of one of dockerfile-parse's instructions, by
        BuildKit's rules: the first that starts an instruction, or None (blank and comment lines
        only). Comment lines there are among dockerfile-parse's comments already.

        dockerfile-parse read these lines as continuation lines of an instruction that, for
        BuildKit, ended before them: at an escaped escape character or an odd blank after the
        escape (see ``_join``), or at a heredoc terminator (see ``_drop_heredoc_bodies``). In the
        fallback, the region is the whole file.
        """
        lines = self.lines
        for i in range(start, end + 1):
            if _has_text(lines[i]):
                return i
        return None

    def _join(self, first: int, k: int) -> tuple[_Logical, int]:
        """Join the instruction that starts at line ``first``, in dockerfile-parse's instruction
        ``k``; return it and the index of the one that holds its last line.

        Each line is checked against BuildKit's continuation rule as its escape character is
        trimmed, so dockerfile-parse's last line stands only where the two agree. Where BuildKit
        goes on past it, ``_bridge_hole`` takes in the next one. Gap: where BuildKit stops before
        it, at ``\\\\`` (an escaped escape character) or at the escape character followed by a
        blank other than space or tab (dockerfile-parse's pattern allows any), the instruction
        ends there and the walk re-walks the rest (``_rewalk``).
        """
        lines = self.lines
        escape = self.escape
        line = lines[first]
        body = line.lstrip(_BLANKS)
        text, continues = _trim_continuation(body, escape)
        pieces = [text]
        offsets = [0]
        rows = [first]
        columns = [len(line) - len(body)]
        size = len(text)
        last = self.segments[k][1]
        i = first + 1
        while continues:
            if i > last:
                last, k = self._bridge_hole(k)
                if i > last:
                    break
            line = lines[i]
            if _has_text(line):
                text, continues = _trim_continuation(line, escape)
                pieces.append(text)
                offsets.append(size)
                rows.append(i)
                columns.append(0)
                size += len(text)
            i += 1
        # Here i - 1 < last when BuildKit ended the instruction inside dockerfile-parse's one.
        logical = _Logical(
            "".join(pieces), first, i - 1, tuple(offsets), tuple(rows), tuple(columns)
        )
        return logical, k

    def _bridge_hole(self, k: int) -> tuple[int, int]:
        """Gap: dockerfile-parse ends an instruction at an empty line inside its continuation
        (``RUN a \\``, an empty line, ``&& b``) and makes a new one of the next line with text.
        BuildKit skips the empty line, and comment lines, and goes on: the instruction takes in
        dockerfile-parse's next one, whose lines are continuation lines; with none left, it runs
        to the end of the file. Return the new last line and the index of the one taken in.
        """
        if k + 1 < len(self.segments):
            return self.segments[k + 1][1], k + 1
        return len(self.lines) - 1, k

    def _instruction(self, logical: _Logical, index: int) -> Instruction:
        """Make the instruction from its joined line, then read its heredoc bodies."""
        lines = self.lines
        written, rest = _split_keyword(logical.text.strip(_BLANKS))
        keyword = written.upper()
        flag_words, args = _extract_flags(rest)
        exec_form = _json_array(args)[0] if keyword in _JSON_FORM else None

        message = _instruction_problem(keyword, args, exec_form, self.escape)
        if message is not None:
            self.problems.append(ParseProblem(message, _keyword_span(logical, lines)))

        heredocs: tuple[Heredoc, ...] = ()
        last = logical.last
        if "<<" in args and _takes_heredocs(keyword, args, exec_form):
            openers = self._openers(logical)
            heredocs, last = self._bodies(openers, logical)
            if last > logical.last:
                self.bodies.append((logical.last + 1, last))
        return Instruction(
            keyword=keyword,
            span=Span(logical.first + 1, logical.columns[0] + 1, last + 1, len(lines[last]) + 1),
            original="\n".join(lines[logical.first : last + 1]),
            flags=tuple(_flag(word) for word in flag_words),
            value=args,
            exec_form=exec_form,
            heredocs=heredocs,
            index=index,
        )

    def _openers(self, logical: _Logical) -> list[_Opener]:
        """The ``<<WORD`` openers of the instruction, in order (BuildKit lexes the whole line)."""
        openers: list[_Opener] = []
        for word in _ShellWords(logical.text, raw=True).split() or ():
            match = re.fullmatch(_HEREDOC_OPENER, word) if "<<" in word else None
            if match is None or not match[3]:
                continue
            try:
                opener = _opener(word, match[3], strip_tabs=match[2] == "-")
            except _LexError:
                message = f"cannot read the heredoc delimiter of {word!r}"
                self.problems.append(ParseProblem(message, _keyword_span(logical, self.lines)))
                continue
            if opener is not None:
                openers.append(opener)
        return openers

    def _bodies(self, openers: list[_Opener], logical: _Logical) -> tuple[tuple[Heredoc, ...], int]:
        """Read one body per opener after the instruction's lines; return them and the last
        line read (0-based). An unterminated body runs to the end of the file."""
        lines = self.lines
        heredocs: list[Heredoc] = []
        last = logical.last
        for opener in openers:
            start = last + 1
            end = _terminator(lines, start, opener)
            body = lines[start:end]
            if opener.strip_tabs:
                body = [line.lstrip("\t") for line in body]
            heredocs.append(
                Heredoc(
                    delimiter=opener.delimiter,
                    body="".join(line + "\n" for line in body),
                    expand=opener.expand,
                    strip_tabs=opener.strip_tabs,
                    body_line=start + 1,
                )
            )
            if end == len(lines):
                self.problems.append(_unterminated(opener, logical, lines))
                return tuple(heredocs), max(end - 1, logical.last)
            last = end
        return tuple(heredocs), last


def _trim_continuation(line: str, escape: str) -> tuple[str, bool]:
    """Drop a trailing escape character (and the blanks after it); say whether it was there.

    An escape character that is itself escaped (``\\\\`` at the end) does not continue the
    line, as in BuildKit.
    """
    trimmed = line.rstrip(" \t")
    if trimmed.endswith(escape) and not trimmed.endswith(escape * 2):
        return trimmed[:-1], True
    return line, False


def _split_keyword(text: str) -> tuple[str, str]:
    parts = _ARG_SPLIT.split(text, maxsplit=1)
    return parts[0], (parts[1] if len(parts) == 2 else "")


def _keyword_span(logical: _Logical, lines: list[str]) -> Span:
    """Where the instruction's keyword is (for problems about the whole instruction)."""
    text = logical.text
    line, column = logical.position(len(text) - len(text.lstrip(_BLANKS)))
    length = len(_split_keyword(text.strip(_BLANKS))[0])
    end = min(column + max(length, 1), len(lines[line - 1]) + 1)
    return Span(line, column, line, max(end, column))


def _flag(word: str) -> Flag:
    name, eq, value = word.removeprefix("--").partition("=")
    return Flag(name.lower(), value if eq else None)


def _extract_flags(line: str) -> tuple[list[str], str]:
    """Split leading ``--flag`` words off an instruction's arguments, as BuildKit does.

    Quotes inside a flag word are removed and a backslash escapes the next character (whatever
    the escape directive says); a bare ``--`` ends the flags. Returns the flag words
    (``--name=value``) and the rest, trimmed. BuildKit reads flags byte by byte, so only ASCII
    blanks separate them (it garbles other characters; we keep them).
    """
    words: list[str] = []
    pos = 0
    size = len(line)
    while True:
        while pos < size and line[pos] in _ASCII_BLANKS:
            pos += 1
        if not line.startswith("--", pos):
            return words, line[pos:].strip(_BLANKS)
        word, pos = _flag_word(line, pos)
        if word == "--":
            return words, line[pos:].strip(_BLANKS)
        if word is not None:
            words.append(word)


def _flag_word(line: str, pos: int) -> tuple[str | None, int]:
    """Read one flag word from ``pos``; None when it came out empty."""
    out: list[str] = []
    quote = ""
    quoted = False
    size = len(line)
    while pos < size:
        ch = line[pos]
        pos += 1
        if quote:
            if ch == quote:
                quote = ""
                continue
        elif ch in _ASCII_BLANKS:
            break
        elif ch in "'\"":
            quote = ch
            quoted = True
            continue
        if ch == "\\":
            if pos == size:
                break
            ch = line[pos]
            pos += 1
        out.append(ch)
    word = "".join(out)
    return (word if word or quoted else None), pos


def _json_array(args: str) -> tuple[tuple[str, ...] | None, bool]:
    """Exec form: the strings of a JSON array at the start of ``args``.

    Returns (strings, False) for an array of strings, (None, True) for an array holding
    something else (BuildKit rejects it) and (None, False) for anything else (shell form). As
    in the BuildKit of the test oracle, text after the closing bracket is ignored.
    """
    if not args.startswith("["):
        return None, False
    try:
        value, _ = json.JSONDecoder(parse_constant=_no_constant).raw_decode(args)
    except (ValueError, RecursionError):
        return None, False
    if not all(isinstance(item, str) for item in value):
        return None, True
    return tuple(
        item if item.isascii() else re.sub(_SURROGATE, "\ufffd", item) for item in value
    ), False


def _no_constant(name: str) -> object:
    raise ValueError(f"{name} is not JSON")


# --------------------------------------------------------------------------------------------
# What BuildKit rejects in one instruction


def _instruction_problem(
    keyword: str, args: str, exec_form: tuple[str, ...] | None, escape: str
) -> str | None:
    if keyword not in _KEYWORDS:
        if not keyword:
            return "a line continuation with no instruction after it"
        return f"unknown instruction {keyword!r}"
    if _json_problem(keyword, args, exec_form):
        return _NOT_STRINGS
    message = _argument_problem(keyword, args, exec_form)
    if message is None and keyword in _NAME_VALUE_FORM:
        message = _name_value_problem(keyword, args, escape)
    if message is None and keyword == "ONBUILD":
        message = _trigger_problem(args, escape)
    return message


def _json_problem(keyword: str, args: str, exec_form: tuple[str, ...] | None) -> bool:
    """Where BuildKit reads exec form, it rejects a JSON array of anything but strings."""
    if keyword == "HEALTHCHECK":
        _, args = _split_first_word(args)  # HEALTHCHECK CMD ["curl", ...]
    elif keyword not in _JSON_FORM or exec_form is not None:
        return False
    return _json_array(args)[1]


def _split_first_word(text: str) -> tuple[str, str]:
    for pos, ch in enumerate(text):
        if ch in _BLANKS:
            return text[:pos], text[pos:].lstrip(_BLANKS)
    return text, ""


def _argument_problem(keyword: str, args: str, exec_form: tuple[str, ...] | None) -> str | None:
    """BuildKit's argument-count checks. RUN, CMD and ENTRYPOINT may be empty."""
    match keyword:
        case "ADD" | "COPY" if len(_words(args, exec_form)) < 2:
            return f"{keyword} requires at least two arguments: a source and a destination"
        case "FROM":
            words = _words(args, None)
            if len(words) != 1 and not (len(words) == 3 and words[1].lower() == "as"):
                return (
                    "FROM requires either one or three arguments: an image and optionally AS name"
                )
        case "MAINTAINER" | "STOPSIGNAL" | "USER" | "WORKDIR" if not args:
            return f"{keyword} requires exactly one argument"
        case "SHELL" if args and exec_form is None:
            return "SHELL requires the arguments to be in JSON form"
        case "ARG" | "ENV" | "EXPOSE" | "HEALTHCHECK" | "LABEL" | "ONBUILD" | "SHELL" | "VOLUME":
            if not _words(args, exec_form):
                return f"{keyword} requires at least one argument"
    return None


def _words(args: str, exec_form: tuple[str, ...] | None) -> list[str] | tuple[str, ...]:
    """The arguments as BuildKit counts them: the JSON array, or the blank-separated words."""
    if exec_form is not None:
        return exec_form
    return _ARG_SPLIT.split(args) if args else []


def _name_value_problem(keyword: str, args: str, escape: str) -> str | None:
    """ENV and LABEL take either ``NAME value`` or only ``name=value`` words."""
    words = _env_words(args, escape)
    if not words:
        return None
    if "=" not in words[0]:
        if len(_ARG_SPLIT.split(args, maxsplit=1)) < 2:
            return f"{keyword} must have two arguments"
        return None
    for word in words:
        if "=" not in word:
            return f"{keyword}: can't find = in {word!r}; it must be of the form name=value"
    return None


def _trigger_problem(args: str, escape: str) -> str | None:
    """What BuildKit rejects in an ONBUILD trigger (it parses the trigger with the line)."""
    written, rest = _split_keyword(args)
    trigger = written.upper()
    if trigger == "ONBUILD":
        return "chaining ONBUILD via ONBUILD ONBUILD isn't allowed"
    if trigger in ("FROM", "MAINTAINER"):
        return f"{trigger} isn't allowed as an ONBUILD trigger"
    _, trigger_args = _extract_flags(rest)
    if _json_problem(trigger, trigger_args, None):
        return _NOT_STRINGS
    if trigger in _NAME_VALUE_FORM:
        return _name_value_problem(trigger, trigger_args, escape)
    return None


def _env_words(args: str, escape: str) -> list[str]:
    """Split ENV/LABEL arguments into words as BuildKit does: blanks separate words except
    inside quotes or after the escape character; quotes and escapes stay in the words."""
    words: list[str] = []
    out: list[str] = []
    quote = ""
    quoted = False
    in_word = False
    pos = 0
    size = len(args)
    while pos < size:
        ch = args[pos]
        pos += 1
        if not in_word:
            if ch in _BLANKS:
                continue
            in_word = True
        if not quote:
            if ch in _BLANKS:
                if out or quoted:
                    words.append("".join(out))
                out, quoted, in_word = [], False, False
                continue
            if ch in "'\"":
                quote = ch
                quoted = True
        elif ch == quote:
            quote = ""
        if ch == escape and (not quote or quote == '"'):
            if pos == size:
                continue
            out.append(ch)
            ch = args[pos]
            pos += 1
        out.append(ch)
    if in_word and (out or quoted):
        words.append("".join(out))
    return words


# --------------------------------------------------------------------------------------------
# Heredocs


def _takes_heredocs(keyword: str, args: str, exec_form: tuple[str, ...] | None) -> bool:
    """RUN, COPY and ADD in shell form take heredocs, also as an ONBUILD trigger."""
    if keyword == "ONBUILD":
        written, rest = _split_keyword(args)
        keyword = written.upper()
        _, trigger_args = _extract_flags(rest)
        exec_form = _json_array(trigger_args)[0] if keyword in _JSON_FORM else None
    return keyword in _HEREDOC_FORM and exec_form is None


def _opener(word: str, rest: str, *, strip_tabs: bool) -> _Opener | None:
    """The heredoc that ``<<rest`` opens; None when it is not one (``<<'a b'`` is, ``<<''`` is
    not). Raises _LexError where BuildKit gives up on the word (and rejects the file).

    The delimiter counts as quoted (no expansion in the body) when lexing the word with quotes
    removed loses quote characters, which is how BuildKit decides it.
    """
    plain = _ShellWords(rest, raw=False).split()
    if plain is None:
        raise _LexError
    if len(plain) != 1:
        return None
    raw = _ShellWords(rest, raw=True).split()
    if raw is None or len(raw) != 1:
        raise _LexError
    quotes = plain[0].count("'") + plain[0].count('"')
    raw_quotes = raw[0].count("'") + raw[0].count('"')
    return _Opener(word, plain[0], expand=quotes == raw_quotes, strip_tabs=strip_tabs)


def _terminator(lines: list[str], start: int, opener: _Opener) -> int:
    """The index of the line that closes the body starting at ``start`` (len(lines) if none)."""
    for i in range(start, len(lines)):
        line = lines[i].lstrip("\t") if opener.strip_tabs else lines[i]
        if line == opener.delimiter:
            return i
    return len(lines)


def _unterminated(opener: _Opener, logical: _Logical, lines: list[str]) -> ParseProblem:
    line, column = logical.position(max(logical.text.find(opener.word), 0))
    end = min(column + len(opener.word), len(lines[line - 1]) + 1)
    message = f"heredoc {opener.delimiter!r} opened at line {line} is never terminated"
    return ParseProblem(message, Span(line, column, line, max(end, column)))


class _LexError(Exception):
    """BuildKit's shell lexer gives up on the text (an open quote, a bad ``${``)."""


class _ShellWords:
    """The word splitting of BuildKit's shell lexer, as its heredoc detection uses it.

    Variables are not expanded (unset ones are kept as written), the escape character is
    always a backslash, and ``raw`` keeps quotes and escapes in the words. Only the ``${``
    forms of the BuildKit in the test oracle are accepted (``}``, ``:``, ``+``, ``-``, ``?``).
    """

    __slots__ = ("pos", "raw", "src")

    def __init__(self, src: str, *, raw: bool) -> None:
        self.src = src
        self.raw = raw
        self.pos = 1 if src.startswith("\ufeff") else 0  # Go's text/scanner skips a leading BOM

    def split(self) -> list[str] | None:
        """The words, or None when the lexer fails."""
        try:
            _, words = self._until(None, raw_escapes=self.raw)
        except (_LexError, RecursionError):  # deep ${A:-${B:-...}} nesting gives up too
            return None
        return words

    def _peek(self) -> str:
        return self.src[self.pos] if self.pos < len(self.src) else ""

    def _until(self, stop: str | None, *, raw_escapes: bool) -> tuple[str, list[str]]:
        result: list[str] = []
        words = _WordBuffer()
        while self.pos < len(self.src):
            ch = self.src[self.pos]
            if ch == stop:
                self.pos += 1
                return "".join(result), words.finish()
            if ch == "$":
                part = self._dollar()
                result.append(part)
                words.add_text(part)
                continue
            if ch in "'\"":
                part = self._single() if ch == "'" else self._double(raw_escapes=raw_escapes)
                result.append(part)
                words.add_raw(part)
                continue
            self.pos += 1
            if ch == "\\":
                if raw_escapes:
                    words.add_raw(ch)
                    result.append(ch)
                if self.pos >= len(self.src):
                    break
                ch = self.src[self.pos]
                self.pos += 1
                words.add_raw(ch)
            else:
                words.add_char(ch)
            result.append(ch)
        if stop is not None:
            raise _LexError
        return "".join(result), words.finish()

    def _single(self) -> str:
        end = self.src.find("'", self.pos + 1)
        if end < 0:
            raise _LexError
        start, self.pos = self.pos, end + 1
        return self.src[start : end + 1] if self.raw else self.src[start + 1 : end]

    def _double(self, *, raw_escapes: bool) -> str:
        out = ['"'] if self.raw else []
        self.pos += 1
        while True:
            ch = self._peek()
            if not ch:
                raise _LexError
            if ch == '"':
                self.pos += 1
                if self.raw:
                    out.append(ch)
                return "".join(out)
            if ch == "$":
                out.append(self._dollar())
                continue
            self.pos += 1
            if ch == "\\":
                if raw_escapes:
                    out.append(ch)
                following = self._peek()
                if not following:
                    continue
                if following in '"$\\':
                    ch = following
                    self.pos += 1
            out.append(ch)

    def _dollar(self) -> str:
        self.pos += 1
        if self._peek() != "{":
            name = self._name()
            return "$" + name
        self.pos += 1
        if self._peek() in ("", "{", "}", ":"):
            raise _LexError
        name = self._name()
        modifier = self._peek()
        self.pos += 1
        if modifier == "}":
            return "${" + name + "}"
        if modifier == ":":
            if not self._peek():
                raise _LexError
            modifier += self._peek()
            self.pos += 1
        elif modifier not in ("+", "-", "?"):
            raise _LexError
        word, _ = self._until("}", raw_escapes=False)
        return "${" + name + modifier + word + "}"

    def _name(self) -> str:
        start = self.pos
        ch = self._peek()
        if ch.isdecimal():
            while self._peek().isdecimal():
                self.pos += 1
        elif ch and ch in "@*#?-$!":
            self.pos += 1
        else:
            while (ch := self._peek()) and (ch.isalpha() or ch.isdecimal() or ch == "_"):
                self.pos += 1
        return self.src[start : self.pos]


class _WordBuffer:
    """Collects words: blanks end a word unless they came from a quoted part."""

    __slots__ = ("current", "in_word", "size", "words")

    def __init__(self) -> None:
        self.words: list[str] = []
        self.current: list[str] = []
        self.size = 0  # characters in current (an empty quoted part adds none)
        self.in_word = False

    def add_char(self, ch: str) -> None:
        if ch not in _BLANKS:
            self.add_raw(ch)
        elif self.in_word and self.size:
            self.words.append("".join(self.current))
            self.current = []
            self.size = 0
            self.in_word = False

    def add_raw(self, text: str) -> None:
        self.current.append(text)
        self.size += len(text)
        self.in_word = True

    def add_text(self, text: str) -> None:
        for ch in text:
            self.add_char(ch)

    def finish(self) -> list[str]:
        if self.size:
            self.words.append("".join(self.current))
        return self.words
