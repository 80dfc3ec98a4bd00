"""Text -> instructions.

The walk follows BuildKit's own Dockerfile parser (the one ``docker build`` runs) line for
line, so that our instruction boundaries are Docker's; ``tests/model/test_parse_differential.py``
holds them to it.

The design card has dockerfile-parse walk the instructions and this layer repair its gaps. We
weighed that route and left it: each gap moves instruction boundaries (heredoc bodies come out as
instructions, an empty line inside a continuation ends the instruction, a trailing escape at
the end of the file drops it, a byte order mark hides the first keyword, one non-UTF-8 byte
raises, an escaped escape character ``\\\\`` at the end of a line continues it), so repairing
its output meant deciding every line again by BuildKit's rules: a second walk that made the
first one dead weight. So this module walks once, by those rules. ``tests/model/test_parse.py``
keeps one regression test per gap that shows dockerfile-parse's answer beside ours.

The rules, as BuildKit applies them:

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

import json
import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

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
# A parser directive, on a line with its leading blanks removed (Go's \s is [\t\n\f\r ]).
_DIRECTIVE = re.compile(
    r"#[\t\n\f\r ]*([a-zA-Z][a-zA-Z0-9]*)[\t\n\f\r ]*=[\t\n\f\r ]*(.+?)[\t\n\f\r ]*"
)
# ``check`` is newer than the BuildKit in the test oracle; recent Docker reads it as a directive.
_DIRECTIVE_NAMES = frozenset({"escape", "syntax", "check"})
# A heredoc opener, as one shell word: optional file descriptor, ``<<``, optional ``-``, word.
_HEREDOC_OPENER = re.compile(r"([0-9]*)<<(-?)([^<]*)")

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
_SURROGATE = re.compile(r"[\ud800-\udfff]")


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
    walk = _Walk(lines, directives.escape, problems)
    instructions = tuple(walk.instructions(first_line))
    if not instructions:
        problems.append(ParseProblem("file with no instructions", Span(1, 1, 1, 1)))
    return ParsedDockerfile(
        instructions=instructions,
        lines=tuple(lines),
        comments=tuple(walk.comments),
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
    """Decode UTF-8 (a bad byte is reported once, then replaced) and drop a byte order mark."""
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
        match = _DIRECTIVE.fullmatch(line.lstrip(_BLANKS))
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
# Lines -> instructions


# The two private records below are NamedTuples: cheaper than dataclasses both to define (at
# import, which counts for start-up) and to make (once per instruction).


class _Logical(NamedTuple):
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


class _Opener(NamedTuple):
    """A ``<<WORD`` heredoc opener found on an instruction's line."""

    word: str  # as written
    delimiter: str
    expand: bool
    strip_tabs: bool


class _Walk:
    """One pass over the lines: instructions come out in order; comments and problems collect.

    Lives for one parse_dockerfile call.
    """

    __slots__ = ("comments", "escape", "lines", "problems")

    def __init__(self, lines: list[str], escape: str, problems: list[ParseProblem]) -> None:
        self.lines = lines
        self.escape = escape
        self.problems = problems
        self.comments: list[Comment] = []

    def instructions(self, start: int) -> Iterator[Instruction]:
        lines = self.lines
        i = start
        index = 0
        while i < len(lines):
            line = lines[i]
            body = line.lstrip(_BLANKS)
            if body.startswith("#"):
                self._comment(i, body)
                i += 1
                continue
            text, continues = _trim_continuation(body, self.escape)
            if not continues and not text:
                i += 1
                continue
            logical = self._join(i, len(line) - len(body), text, continues)
            instruction = self._instruction(logical, index)
            index += 1
            i = instruction.span.end_line  # the 0-based index of the next line
            yield instruction

    def _comment(self, i: int, body: str) -> None:
        self.comments.append(Comment(i + 1, body[1:].strip(_BLANKS)))

    def _join(self, first: int, column: int, text: str, continues: bool) -> _Logical:
        """Read the continuation lines after ``first``, skipping blank and comment lines."""
        pieces = [text]
        offsets = [0]
        rows = [first]
        columns = [column]
        size = len(text)
        i = first + 1
        while continues and i < len(self.lines):
            line = self.lines[i]
            body = line.lstrip(_BLANKS)
            if body.startswith("#"):
                self._comment(i, body)
            elif body:
                text, continues = _trim_continuation(line, self.escape)
                pieces.append(text)
                offsets.append(size)
                rows.append(i)
                columns.append(0)
                size += len(text)
            i += 1
        return _Logical("".join(pieces), first, i - 1, tuple(offsets), tuple(rows), tuple(columns))

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
            match = _HEREDOC_OPENER.fullmatch(word)
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
    return tuple(_SURROGATE.sub("\ufffd", item) for item in value), False


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
