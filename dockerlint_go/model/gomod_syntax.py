"""The lexical layer of go.mod and go.work files: tokens, lines, blocks and Go's string quoting.

:mod:`dockerlint_go.model.gomod` interprets the directives; this module turns text into
:class:`Entry` values (one directive with its arguments, blocks resolved) and records lexical
problems with their 1-based positions. Nothing here raises, and the work is linear in the size of
the input.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterator

from dockerlint_go.record import Record


class Position(Record, order=True):
    """A place in a file; line and column are 1-based, columns count characters."""

    line: int
    column: int


class ModProblem(Record):
    """A syntax or usage error found while parsing; parsing went on after it."""

    line: int
    column: int
    message: str

    @property
    def position(self) -> Position:
        return Position(self.line, self.column)


# -- lexing -----------------------------------------------------------------------------------


class Kind(enum.Enum):
    IDENT = "identifier"
    STRING = "string"
    PUNCT = "punctuation"


class Token(Record):
    kind: Kind
    text: str  # as written, quotes included
    column: int

    def is_punct(self, mark: str) -> bool:
        return self.kind is Kind.PUNCT and self.text == mark


class Line(Record):
    number: int
    tokens: tuple[Token, ...]
    comment: str | None  # an end-of-line comment after the tokens, "//" included
    broken: bool  # a lexical error cut the line short: its tokens are not interpreted


# One match per token, blanks before it included: Go skips only space, tab and carriage return
# between tokens, so any other white space is an unexpected character. At the end of a line
# the blanks match alone, with no group.
_TOKEN_RE = (
    r"[ \t\r]*+(?:"
    r"(?P<comment>//.*)"
    r"|(?P<block_comment>/\*)"
    r"|(?P<punct>[()\[\]{},])"
    r'|(?P<string>"(?:[^"\\]++|\\.)*+"|`[^`]*+`)'
    r'|(?P<open_quote>["`])'
    r"|(?P<ident>(?:[^\s()\[\]{},/]++|/(?![/*]))++)"
    r"|(?P<other>(?s:.))"
    r"|$)"
)
_KINDS = {"punct": Kind.PUNCT, "string": Kind.STRING, "ident": Kind.IDENT}

# No directive takes more than six tokens, so of a longer line only the first ones and the last
# two (which tell whether it opens a block) are kept; the rest is still checked for errors.
_KEEP_FIRST = 16


_CONTROL_ESCAPES = dict(zip("\a\b\f\n\r\t\v", "abfnrtv", strict=True))


def _describe(char: str) -> str:
    """A character as Go's %#q shows a rune: `x` when printable, else an escape in quotes."""
    if char.isprintable():
        return f"`{char}`"
    code = ord(char)
    if char in _CONTROL_ESCAPES:
        escape = "\\" + _CONTROL_ESCAPES[char]
    elif code < 0x80:
        escape = f"\\x{code:02x}"
    elif code < 0x10000:
        escape = f"\\u{code:04x}"
    else:
        escape = f"\\U{code:08x}"
    return f"'{escape}'"


def lex(text: str, problems: list[ModProblem]) -> Iterator[Line]:
    """Split text into lines of tokens, recording lexical errors."""
    token_re = re.compile(_TOKEN_RE)
    if text.startswith("\ufeff"):
        text = text[1:]
    for number, line in enumerate(text.split("\n"), start=1):
        start = line.lstrip(" \t\r")
        if not start or start.startswith("//"):
            continue  # blank, or a whole-line comment: nothing to interpret
        tokens: list[Token] = []
        tail: list[re.Match[str]] = []  # the last tokens beyond _KEEP_FIRST
        comment: str | None = None
        broken = False
        for match in token_re.finditer(line):
            kind = match.lastgroup
            if kind is None:
                continue
            value = match.group(kind)
            if kind == "comment":
                comment = value.rstrip("\r") if tokens else None
                break
            if kind in _KINDS and (kind != "ident" or value.isprintable()):
                if len(tokens) < _KEEP_FIRST:
                    tokens.append(Token(_KINDS[kind], value, match.start(kind) + 1))
                else:
                    tail = [*tail[-1:], match]
                continue
            broken = True
            column = match.start(kind) + 1
            if kind == "block_comment":
                message = "mod files must use // comments (not /* */ comments)"
            elif kind == "open_quote":
                message = "unterminated quoted string"
            else:  # a character no token may hold
                bad = next((i for i, c in enumerate(value) if not c.isprintable()), 0)
                column += bad
                message = f"unexpected input character {_describe(value[bad])}"
            problems.append(ModProblem(number, column, message))
            break
        for match in tail:
            kind = match.lastgroup or "ident"
            tokens.append(Token(_KINDS[kind], match.group(kind), match.start(kind) + 1))
        yield Line(number, tuple(tokens), comment, broken)


# -- statements -------------------------------------------------------------------------------


class Entry(Record):
    """One directive: a top-level line, or one line of a block with the block's verb."""

    verb: str
    args: tuple[Token, ...]
    line: int
    column: int  # of the line's first token
    comment: str | None


def entries(
    lines: Iterator[Line], block_verbs: frozenset[str], problems: list[ModProblem]
) -> Iterator[Entry]:
    """Group lines into directives, resolving blocks."""
    in_block = False
    block_verb: str | None = None  # None inside a block of an unknown type: its lines are skipped
    block_start = Position(0, 0)
    for line in lines:
        tokens = line.tokens
        if in_block:
            if tokens and tokens[0].is_punct(")"):
                if len(tokens) > 1 and not line.broken:
                    problems.append(
                        ModProblem(
                            line.number,
                            tokens[1].column,
                            "syntax error (expected newline after closing paren)",
                        )
                    )
                in_block = False
            elif tokens and not line.broken and block_verb is not None:
                yield Entry(block_verb, tokens, line.number, tokens[0].column, line.comment)
            continue
        if not tokens or line.broken:
            continue
        head: tuple[Token, ...] | None = None
        empty = False
        if len(tokens) >= 2 and tokens[-1].is_punct("("):
            head = tokens[:-1]
        elif len(tokens) >= 3 and tokens[-2].is_punct("(") and tokens[-1].is_punct(")"):
            head, empty = tokens[:-2], True
        if head is None:
            if tokens[0].is_punct(")"):
                problems.append(ModProblem(line.number, tokens[0].column, "unexpected ')'"))
                continue
            yield Entry(tokens[0].text, tokens[1:], line.number, tokens[0].column, line.comment)
            continue
        verb: str | None = head[0].text
        if len(head) > 1 or verb not in block_verbs:
            names = " ".join(t.text for t in head)
            problems.append(ModProblem(line.number, head[0].column, f"unknown block type: {names}"))
            verb = None
        if not empty:
            in_block, block_verb = True, verb
            block_start = Position(line.number, head[0].column)
    if in_block:
        problems.append(
            ModProblem(
                block_start.line,
                block_start.column,
                "syntax error (unterminated block started at "
                f"{block_start.line}:{block_start.column})",
            )
        )


# -- argument values --------------------------------------------------------------------------

_SIMPLE_ESCAPES = dict(zip('abfnrtv\\"', '\a\b\f\n\r\t\v\\"', strict=True))
_HEX_DIGITS = frozenset("0123456789abcdefABCDEF")


def unquote(token: str) -> str | None:
    """The value of a Go double-quoted string literal, or None when it is not valid Go."""
    body = token[1:-1]
    if "\\" not in body:
        return body
    out = bytearray()
    i = 0
    while i < len(body):
        char = body[i]
        if char != "\\":
            out += char.encode("utf-8", "surrogatepass")
            i += 1
            continue
        if i + 1 >= len(body):
            return None
        code = body[i + 1]
        if code in _SIMPLE_ESCAPES:
            out += _SIMPLE_ESCAPES[code].encode()
            i += 2
        elif code in "xuU":
            width = {"x": 2, "u": 4, "U": 8}[code]
            digits = body[i + 2 : i + 2 + width]
            if len(digits) != width or not set(digits) <= _HEX_DIGITS:
                return None
            value = int(digits, 16)
            if code == "x":
                out.append(value)
            elif value > 0x10FFFF or 0xD800 <= value <= 0xDFFF:
                return None
            else:
                out += chr(value).encode()
            i += 2 + width
        elif "0" <= code <= "7":
            digits = body[i + 1 : i + 4]
            if len(digits) != 3 or not all("0" <= d <= "7" for d in digits):
                return None
            value = int(digits, 8)
            if value > 255:
                return None
            out.append(value)
            i += 4
        else:
            return None
    return out.decode("utf-8", "replace")


def string_value(token: Token) -> str | None:
    """A path-like argument's value; None (with the reason from string_error) when invalid."""
    text = token.text
    if text.startswith('"'):
        return unquote(text)
    if '"' in text or "'" in text or "`" in text:
        return None
    return text


def string_error(token: Token) -> str:
    if token.text.startswith('"'):
        return "invalid quoted string: invalid syntax"
    return "invalid quoted string: unquoted string cannot contain quote"


def go_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
