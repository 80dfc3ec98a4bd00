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
import re
from collections.abc import Iterator

from dockerlint_go import TYPE_CHECKING
from dockerlint_go.model.buildkit_syntax import (
    BLANKS,
    JSON_FORM,
    LexError,
    Logical,
    Opener,
    ShellWords,
    extract_flags,
    flag,
    instruction_problem,
    json_array,
    keyword_span,
    read_opener,
    split_keyword,
    takes_heredocs,
    terminator,
    trim_continuation,
    unterminated,
)
from dockerlint_go.model.instructions import (
    Comment,
    Directives,
    Flag,
    Heredoc,
    Instruction,
    ParsedDockerfile,
    ParseProblem,
)
from dockerlint_go.model.span import Span
from dockerlint_go.record import Record

__all__ = [
    "Comment",
    "Directives",
    "Flag",
    "Heredoc",
    "Instruction",
    "ParseProblem",
    "ParsedDockerfile",
    "parse_dockerfile",
]


# --------------------------------------------------------------------------------------------
# Vocabulary

# Patterns kept as strings are compiled (and cached by ``re``) when a file first needs them:
# compiling every pattern at import would cost each run, and most files need few of them.
# A parser directive, on a line with its leading blanks removed (Go's \s is [\t\n\f\r ]).
_DIRECTIVE = r"#[\t\n\f\r ]*([a-zA-Z][a-zA-Z0-9]*)[\t\n\f\r ]*=[\t\n\f\r ]*(.+?)[\t\n\f\r ]*"
# ``check`` is newer than the BuildKit in the test oracle; recent Docker reads it as a directive.
_DIRECTIVE_NAMES = frozenset({"escape", "syntax", "check"})
# A heredoc opener, as one shell word: optional file descriptor, ``<<``, optional ``-``, word.
_HEREDOC_OPENER = r"([0-9]*)<<(-?)([^<]*)"
_BINARY_PROBE = 8192


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
        text = line.lstrip(BLANKS)
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
    return line.lstrip(BLANKS).startswith("#")


def _has_text(line: str) -> bool:
    """A line that starts an instruction outside of one: neither blank nor a comment."""
    body = line.lstrip(BLANKS)
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
        comments.append(Comment(i + 1, lines[i].lstrip(BLANKS)[1:].strip(BLANKS)))
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

    def _join(self, first: int, k: int) -> tuple[Logical, int]:
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
        body = line.lstrip(BLANKS)
        text, continues = trim_continuation(body, escape)
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
                text, continues = trim_continuation(line, escape)
                pieces.append(text)
                offsets.append(size)
                rows.append(i)
                columns.append(0)
                size += len(text)
            i += 1
        # Here i - 1 < last when BuildKit ended the instruction inside dockerfile-parse's one.
        logical = Logical(
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

    def _instruction(self, logical: Logical, index: int) -> Instruction:
        """Make the instruction from its joined line, then read its heredoc bodies."""
        lines = self.lines
        written, rest = split_keyword(logical.text.strip(BLANKS))
        keyword = written.upper()
        flag_words, args = extract_flags(rest)
        exec_form = json_array(args)[0] if keyword in JSON_FORM else None

        message = instruction_problem(keyword, args, exec_form, self.escape)
        if message is not None:
            self.problems.append(ParseProblem(message, keyword_span(logical, lines)))

        heredocs: tuple[Heredoc, ...] = ()
        last = logical.last
        if "<<" in args and takes_heredocs(keyword, args, exec_form):
            openers = self._openers(logical)
            heredocs, last = self._bodies(openers, logical)
            if last > logical.last:
                self.bodies.append((logical.last + 1, last))
        return Instruction(
            keyword=keyword,
            span=Span(logical.first + 1, logical.columns[0] + 1, last + 1, len(lines[last]) + 1),
            original="\n".join(lines[logical.first : last + 1]),
            flags=tuple(flag(word) for word in flag_words),
            value=args,
            exec_form=exec_form,
            heredocs=heredocs,
            index=index,
        )

    def _openers(self, logical: Logical) -> list[Opener]:
        """The ``<<WORD`` openers of the instruction, in order (BuildKit lexes the whole line)."""
        openers: list[Opener] = []
        for word in ShellWords(logical.text, raw=True).split() or ():
            match = re.fullmatch(_HEREDOC_OPENER, word) if "<<" in word else None
            if match is None or not match[3]:
                continue
            try:
                opener = read_opener(word, match[3], strip_tabs=match[2] == "-")
            except LexError:
                message = f"cannot read the heredoc delimiter of {word!r}"
                self.problems.append(ParseProblem(message, keyword_span(logical, self.lines)))
                continue
            if opener is not None:
                openers.append(opener)
        return openers

    def _bodies(self, openers: list[Opener], logical: Logical) -> tuple[tuple[Heredoc, ...], int]:
        """Read one body per opener after the instruction's lines; return them and the last
        line read (0-based). An unterminated body runs to the end of the file."""
        lines = self.lines
        heredocs: list[Heredoc] = []
        last = logical.last
        for opener in openers:
            start = last + 1
            end = terminator(lines, start, opener)
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
                self.problems.append(unterminated(opener, logical, lines))
                return tuple(heredocs), max(end - 1, logical.last)
            last = end
        return tuple(heredocs), last
