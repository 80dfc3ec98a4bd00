"""BuildKit's line and word syntax for one instruction: how the keyword, flags, JSON form and
heredoc openers are read, what BuildKit rejects, and its shell-word lexer.

The line-level half of the parser (:mod:`dockerlint_go.model.parse` drives the walk and the
repair pass and calls these for each instruction).
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right

from dockerlint_go.model.instructions import Flag, ParseProblem
from dockerlint_go.model.span import Span
from dockerlint_go.record import Record

# Go's unicode.IsSpace, which BuildKit uses to trim lines. Python's str.isspace() also counts
# U+001C..U+001F, which Go (and so Docker) reads as ordinary characters.
BLANKS = (
    "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
    "\u200a\u2028\u2029\u202f\u205f\u3000"
)
_ASCII_BLANKS = "\t\n\v\f\r "
# What separates the keyword from its arguments, and whitespace-delimited arguments.
_ARG_SPLIT = re.compile(r"[\t\v\f\r ]+")

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
JSON_FORM = frozenset({"ADD", "COPY", "CMD", "ENTRYPOINT", "RUN", "SHELL", "VOLUME"})
_HEREDOC_FORM = frozenset({"ADD", "COPY", "RUN"})
_NAME_VALUE_FORM = frozenset({"ENV", "LABEL"})
_NOT_STRINGS = "when using JSON array syntax, arrays must be comprised of strings only"
_SURROGATE = r"[\ud800-\udfff]"


class Logical(Record):
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


class Opener(Record):
    """A ``<<WORD`` heredoc opener found on an instruction's line."""

    word: str  # as written
    delimiter: str
    expand: bool
    strip_tabs: bool


def trim_continuation(line: str, escape: str) -> tuple[str, bool]:
    """Drop a trailing escape character (and the blanks after it); say whether it was there.

    An escape character that is itself escaped (``\\\\`` at the end) does not continue the
    line, as in BuildKit.
    """
    trimmed = line.rstrip(" \t")
    if trimmed.endswith(escape) and not trimmed.endswith(escape * 2):
        return trimmed[:-1], True
    return line, False


def split_keyword(text: str) -> tuple[str, str]:
    parts = _ARG_SPLIT.split(text, maxsplit=1)
    return parts[0], (parts[1] if len(parts) == 2 else "")


def keyword_span(logical: Logical, lines: list[str]) -> Span:
    """Where the instruction's keyword is (for problems about the whole instruction)."""
    text = logical.text
    line, column = logical.position(len(text) - len(text.lstrip(BLANKS)))
    length = len(split_keyword(text.strip(BLANKS))[0])
    end = min(column + max(length, 1), len(lines[line - 1]) + 1)
    return Span(line, column, line, max(end, column))


def flag(word: str) -> Flag:
    name, eq, value = word.removeprefix("--").partition("=")
    return Flag(name.lower(), value if eq else None)


def extract_flags(line: str) -> tuple[list[str], str]:
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
            return words, line[pos:].strip(BLANKS)
        word, pos = _flag_word(line, pos)
        if word == "--":
            return words, line[pos:].strip(BLANKS)
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


def json_array(args: str) -> tuple[tuple[str, ...] | None, bool]:
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


def instruction_problem(
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
    elif keyword not in JSON_FORM or exec_form is not None:
        return False
    return json_array(args)[1]


def _split_first_word(text: str) -> tuple[str, str]:
    for pos, ch in enumerate(text):
        if ch in BLANKS:
            return text[:pos], text[pos:].lstrip(BLANKS)
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
    written, rest = split_keyword(args)
    trigger = written.upper()
    if trigger == "ONBUILD":
        return "chaining ONBUILD via ONBUILD ONBUILD isn't allowed"
    if trigger in ("FROM", "MAINTAINER"):
        return f"{trigger} isn't allowed as an ONBUILD trigger"
    _, trigger_args = extract_flags(rest)
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
            if ch in BLANKS:
                continue
            in_word = True
        if not quote:
            if ch in BLANKS:
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


def takes_heredocs(keyword: str, args: str, exec_form: tuple[str, ...] | None) -> bool:
    """RUN, COPY and ADD in shell form take heredocs, also as an ONBUILD trigger."""
    if keyword == "ONBUILD":
        written, rest = split_keyword(args)
        keyword = written.upper()
        _, trigger_args = extract_flags(rest)
        exec_form = json_array(trigger_args)[0] if keyword in JSON_FORM else None
    return keyword in _HEREDOC_FORM and exec_form is None


def read_opener(word: str, rest: str, *, strip_tabs: bool) -> Opener | None:
    """The heredoc that ``<<rest`` opens; None when it is not one (``<<'a b'`` is, ``<<''`` is
    not). Raises LexError where BuildKit gives up on the word (and rejects the file).

    The delimiter counts as quoted (no expansion in the body) when lexing the word with quotes
    removed loses quote characters, which is how BuildKit decides it.
    """
    plain = ShellWords(rest, raw=False).split()
    if plain is None:
        raise LexError
    if len(plain) != 1:
        return None
    raw = ShellWords(rest, raw=True).split()
    if raw is None or len(raw) != 1:
        raise LexError
    quotes = plain[0].count("'") + plain[0].count('"')
    raw_quotes = raw[0].count("'") + raw[0].count('"')
    return Opener(word, plain[0], expand=quotes == raw_quotes, strip_tabs=strip_tabs)


def terminator(lines: list[str], start: int, opener: Opener) -> int:
    """The index of the line that closes the body starting at ``start`` (len(lines) if none)."""
    for i in range(start, len(lines)):
        line = lines[i].lstrip("\t") if opener.strip_tabs else lines[i]
        if line == opener.delimiter:
            return i
    return len(lines)


def unterminated(opener: Opener, logical: Logical, lines: list[str]) -> ParseProblem:
    line, column = logical.position(max(logical.text.find(opener.word), 0))
    end = min(column + len(opener.word), len(lines[line - 1]) + 1)
    message = f"heredoc {opener.delimiter!r} opened at line {line} is never terminated"
    return ParseProblem(message, Span(line, column, line, max(end, column)))


class LexError(Exception):
    """BuildKit's shell lexer gives up on the text (an open quote, a bad ``${``)."""


class ShellWords:
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
        except (LexError, RecursionError):  # deep ${A:-${B:-...}} nesting gives up too
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
            raise LexError
        return "".join(result), words.finish()

    def _single(self) -> str:
        end = self.src.find("'", self.pos + 1)
        if end < 0:
            raise LexError
        start, self.pos = self.pos, end + 1
        return self.src[start : end + 1] if self.raw else self.src[start + 1 : end]

    def _double(self, *, raw_escapes: bool) -> str:
        out = ['"'] if self.raw else []
        self.pos += 1
        while True:
            ch = self._peek()
            if not ch:
                raise LexError
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
            raise LexError
        name = self._name()
        modifier = self._peek()
        self.pos += 1
        if modifier == "}":
            return "${" + name + "}"
        if modifier == ":":
            if not self._peek():
                raise LexError
            modifier += self._peek()
            self.pos += 1
        elif modifier not in ("+", "-", "?"):
            raise LexError
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
        if ch not in BLANKS:
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
