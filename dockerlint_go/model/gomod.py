"""Parsers for ``go.mod``, ``go.work`` and ``vendor/modules.txt``, with 1-based positions.

The syntax is the one the go command reads (golang.org/x/mod/modfile): the file is a list of
lines; ``//`` starts a comment that runs to the end of the line; a token is a run of printable
characters other than space and ``()[]{},``, a double-quoted string with Go escapes, a raw
back-quoted string, or one of the punctuation marks ``( ) [ ] { } ,``. A directive is a verb and
its arguments on one line, or a block: ``verb (`` at the end of a line, then one set of
arguments per line, then ``)`` on a line of its own.

Nothing here raises. A problem (a lexical error, an unknown directive, a malformed argument) is
recorded with its line and column and parsing goes on with the next line, so one bad line does
not hide the rest of the file. The messages follow the go command's own wording. An entry whose
shape is wrong (a wrong number of arguments, a string that cannot be unquoted) is dropped; an
entry whose shape is right but whose value is suspect (a version that is not semver, a
replacement without a version that is not a directory) is kept and its problem recorded.

The work is linear in the size of the input: each line is tokenised once with one regular
expression, compiled on first use (through the ``re`` module's own cache) rather than at import.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

# -- public records -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, order=True)
class Position:
    """A place in a file; line and column are 1-based, columns count characters."""

    line: int
    column: int


@dataclass(frozen=True, slots=True)
class ModProblem:
    """A syntax or usage error found while parsing; parsing went on after it."""

    line: int
    column: int
    message: str

    @property
    def position(self) -> Position:
        return Position(self.line, self.column)


@dataclass(frozen=True, slots=True)
class Require:
    """A ``require`` entry (also used for ``exclude`` entries, where ``indirect`` is False)."""

    path: str
    version: str  # as written, e.g. "v1.2.3"
    indirect: bool  # the line carries a ``// indirect`` comment
    line: int


def is_directory_path(path: str) -> bool:
    """True when a replacement target names a directory rather than a module.

    This is the go command's rule: ``.`` and ``..``, paths starting with ``./`` or ``../``, rooted
    paths, and (because go.mod files travel between systems) their Windows spellings.
    """
    return (
        path in {".", ".."}
        or path.startswith(("./", ".\\", "../", "..\\", "/", "\\"))
        or (len(path) >= 2 and path[1] == ":" and path[0].isascii() and path[0].isalpha())
    )


@dataclass(frozen=True, slots=True)
class Replace:
    """A ``replace old [v] => new [v]`` entry."""

    old_path: str
    old_version: str | None  # None: every version of old_path is replaced
    new_path: str
    new_version: str | None  # None: new_path is a directory (or the entry is malformed)
    line: int

    @property
    def local(self) -> bool:
        """True when the replacement is a directory on disk (the build context must hold it)."""
        return self.new_version is None and is_directory_path(self.new_path)


@dataclass(frozen=True, slots=True)
class GoDebug:
    """A ``godebug key=value`` entry."""

    key: str
    value: str
    line: int


@dataclass(frozen=True, slots=True)
class Tool:
    """A ``tool`` entry (Go 1.24): a package path run with ``go tool``."""

    path: str
    line: int


@dataclass(frozen=True, slots=True)
class Ignore:
    """An ``ignore`` entry (Go 1.25): a directory the go command skips in ``./...`` patterns."""

    path: str
    line: int


@dataclass(frozen=True, slots=True)
class GoMod:
    """What a go.mod file says. Absent single directives are None with line 0."""

    module: str | None = None
    module_line: int = 0
    go: str | None = None  # e.g. "1.22" or "1.21.0"
    go_line: int = 0
    toolchain: str | None = None  # e.g. "go1.23.4" or "default"
    toolchain_line: int = 0
    requires: tuple[Require, ...] = ()
    replaces: tuple[Replace, ...] = ()
    excludes: tuple[Require, ...] = ()
    retracts: tuple[int, ...] = ()  # the line of each retracted version or interval
    godebug: tuple[GoDebug, ...] = ()
    tools: tuple[Tool, ...] = ()
    problems: tuple[ModProblem, ...] = ()
    ignores: tuple[Ignore, ...] = ()

    @property
    def go_version(self) -> tuple[int, int, int] | None:
        """The ``go`` line as numbers: "1.22" gives (1, 22, 0); None when absent or malformed."""
        return None if self.go is None else parse_go_version(self.go)


@dataclass(frozen=True, slots=True)
class Use:
    """A ``use`` entry of go.work: a directory holding a module of the workspace."""

    path: str
    line: int


@dataclass(frozen=True, slots=True)
class GoWork:
    """What a go.work file says. Absent single directives are None with line 0."""

    go: str | None = None
    go_line: int = 0
    toolchain: str | None = None
    toolchain_line: int = 0
    uses: tuple[Use, ...] = ()
    replaces: tuple[Replace, ...] = ()
    godebug: tuple[GoDebug, ...] = ()
    problems: tuple[ModProblem, ...] = ()

    @property
    def go_version(self) -> tuple[int, int, int] | None:
        return None if self.go is None else parse_go_version(self.go)


@dataclass(frozen=True, slots=True)
class ModulesTxt:
    """What vendor/modules.txt lists."""

    modules: tuple[str, ...] = ()  # paths from "# path version" lines, in file order
    explicit: frozenset[str] = frozenset()  # the modules marked "## explicit"
    problems: tuple[ModProblem, ...] = ()


# -- versions ---------------------------------------------------------------------------------


def _number(text: str, start: int) -> tuple[int, int] | None:
    """A decimal number without a leading zero at ``start``: (value, end), or None."""
    end = start
    while end < len(text) and "0" <= text[end] <= "9":
        end += 1
    if end == start or (text[start] == "0" and end - start > 1):
        return None
    return int(text[start:end]), end


def _go_version_parts(text: str) -> tuple[int, int, int, int] | None:
    """Parse ``1.N[.P][pre]`` at the start of text: (major, minor, patch, end) or None.

    ``pre`` is a pre-release tag of lower-case letters and digits such as ``rc1`` or ``beta2``.
    """
    major = _number(text, 0)
    if major is None or major[0] == 0 or major[1] >= len(text) or text[major[1]] != ".":
        return None
    minor = _number(text, major[1] + 1)
    if minor is None:
        return None
    patch, end = 0, minor[1]
    if end < len(text) and text[end] == ".":
        found = _number(text, end + 1)
        if found is None:
            return None
        patch, end = found
    letters = end
    while letters < len(text) and "a" <= text[letters] <= "z":
        letters += 1
    if letters > end:
        digits = letters
        while digits < len(text) and "0" <= text[digits] <= "9":
            digits += 1
        if digits == letters:
            return None
        end = digits
    return major[0], minor[0], patch, end


def _is_go_version(text: str) -> bool:
    """The go.mod ``go`` line's format: 1.N, 1.N.P, optionally followed by e.g. ``rc1``."""
    parts = _go_version_parts(text)
    return parts is not None and parts[3] == len(text)


def parse_go_version(text: str) -> tuple[int, int, int] | None:
    """A Go release as numbers, or None when the text is not one.

    Accepts what go.mod's ``go`` line, a ``toolchain`` name and golang image tags use: "1.22",
    "1.22.3", "go1.22.3", "1.21rc2" (a pre-release counts as its release: (1, 21, 0)), and a
    "-variant" suffix as in the tag "1.22-alpine" or the toolchain "go1.22.3-gccgo". A bare
    major version ("1"), "1.x", leading zeros and "v" prefixes give None.
    """
    body = text[2:] if text.startswith("go") else text
    parts = _go_version_parts(body)
    if parts is None:
        return None
    major, minor, patch, end = parts
    rest = body[end:]
    if rest and not (rest.startswith("-") and len(rest) > 1):
        return None
    return major, minor, patch


def _semver_identifiers(text: str, *, numeric_check: bool) -> bool:
    """Dot-separated, non-empty identifiers of [0-9A-Za-z-] (pre-release or build metadata)."""
    for ident in text.split("."):
        if not ident or not all(c.isascii() and (c.isalnum() or c == "-") for c in ident):
            return False
        if numeric_check and ident.isdigit() and len(ident) > 1 and ident[0] == "0":
            return False
    return True


def is_semver(version: str) -> bool:
    """True for a semantic version as Go modules spell it: v1, v1.2, v1.2.3[-pre][+build]."""
    if not version.startswith("v"):
        return False
    found = _number(version, 1)
    for _ in range(2):
        if found is None:
            return False
        end = found[1]
        if end == len(version):
            return True  # the short forms v1 and v1.2
        if version[end] != ".":
            return False
        found = _number(version, end + 1)
    if found is None:
        return False
    rest = version[found[1] :]
    build = ""
    if "+" in rest:
        rest, build = rest.split("+", 1)
        if not _semver_identifiers(build, numeric_check=False):
            return False
    if rest:
        return rest.startswith("-") and _semver_identifiers(rest[1:], numeric_check=True)
    return True


def _is_toolchain(name: str) -> bool:
    return name in {"default", "go1"} or name.startswith("go1.")


# -- lexing -----------------------------------------------------------------------------------


class _Kind(enum.Enum):
    IDENT = "identifier"
    STRING = "string"
    PUNCT = "punctuation"


@dataclass(frozen=True, slots=True)
class _Token:
    kind: _Kind
    text: str  # as written, quotes included
    column: int

    def is_punct(self, mark: str) -> bool:
        return self.kind is _Kind.PUNCT and self.text == mark


@dataclass(frozen=True, slots=True)
class _Line:
    number: int
    tokens: tuple[_Token, ...]
    comment: str | None  # an end-of-line comment after the tokens, "//" included
    broken: bool  # a lexical error cut the line short: its tokens are not interpreted


# One alternative per token shape, tried in order at each position. Go skips only space, tab
# and carriage return between tokens; any other white space is an unexpected character.
_TOKEN_RE = (
    r"(?P<space>[ \t\r]+)"
    r"|(?P<comment>//.*)"
    r"|(?P<block_comment>/\*)"
    r"|(?P<punct>[()\[\]{},])"
    r'|(?P<string>"(?:[^"\\]|\\.)*+"|`[^`]*+`)'
    r'|(?P<open_quote>["`])'
    r"|(?P<ident>(?:[^\s()\[\]{},/]|/(?![/*]))+)"
    r"|(?P<other>(?s:.))"
)


_KINDS = {"punct": _Kind.PUNCT, "string": _Kind.STRING, "ident": _Kind.IDENT}


def _describe(char: str) -> str:
    return f"'{char}'" if char.isprintable() else f"U+{ord(char):04X}"


def _lex(text: str, problems: list[ModProblem]) -> Iterator[_Line]:
    """Split text into lines of tokens, recording lexical errors."""
    token_re = re.compile(_TOKEN_RE)
    if text.startswith("\ufeff"):
        text = text[1:]
    for number, line in enumerate(text.split("\n"), start=1):
        tokens: list[_Token] = []
        comment: str | None = None
        broken = False
        for match in token_re.finditer(line):
            kind = match.lastgroup
            column = match.start() + 1
            value = match.group()
            if kind == "space":
                continue
            if kind == "comment":
                comment = value.rstrip("\r") if tokens else None
                break
            if kind in _KINDS and (kind != "ident" or value.isprintable()):
                tokens.append(_Token(_KINDS[kind], value, column))
                continue
            broken = True
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
        yield _Line(number, tuple(tokens), comment, broken)


# -- statements -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Entry:
    """One directive: a top-level line, or one line of a block with the block's verb."""

    verb: str
    args: tuple[_Token, ...]
    line: int
    column: int  # of the line's first token
    comment: str | None


def _entries(
    lines: Iterator[_Line], block_verbs: frozenset[str], problems: list[ModProblem]
) -> Iterator[_Entry]:
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
                yield _Entry(block_verb, tokens, line.number, tokens[0].column, line.comment)
            continue
        if not tokens or line.broken:
            continue
        head: tuple[_Token, ...] | None = None
        empty = False
        if len(tokens) >= 2 and tokens[-1].is_punct("("):
            head = tokens[:-1]
        elif len(tokens) >= 3 and tokens[-2].is_punct("(") and tokens[-1].is_punct(")"):
            head, empty = tokens[:-2], True
        if head is None:
            if tokens[0].is_punct(")"):
                problems.append(ModProblem(line.number, tokens[0].column, "unexpected ')'"))
                continue
            yield _Entry(tokens[0].text, tokens[1:], line.number, tokens[0].column, line.comment)
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


def _unquote(token: str) -> str | None:
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


def _string_value(token: _Token) -> str | None:
    """A path-like argument's value; None (with the reason from _string_error) when invalid."""
    text = token.text
    if text.startswith('"'):
        return _unquote(text)
    if any(quote in text for quote in "\"'`"):
        return None
    return text


def _string_error(token: _Token) -> str:
    if token.text.startswith('"'):
        return "invalid quoted string: invalid syntax"
    return "invalid quoted string: unquoted string cannot contain quote"


def _go_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


# -- interpretation ---------------------------------------------------------------------------


@dataclass(slots=True)
class _Collected:
    """The mutable accumulator of one parse call; frozen into GoMod or GoWork at the end."""

    problems: list[ModProblem]
    module: tuple[str, int] | None = None
    module_seen: bool = False  # a module line was read, even a malformed one
    go: tuple[str, int] | None = None
    toolchain: tuple[str, int] | None = None
    requires: list[Require] = field(default_factory=list)
    excludes: list[Require] = field(default_factory=list)
    replaces: list[Replace] = field(default_factory=list)
    retracts: list[int] = field(default_factory=list)
    godebug: list[GoDebug] = field(default_factory=list)
    tools: list[Tool] = field(default_factory=list)
    ignores: list[Ignore] = field(default_factory=list)
    uses: list[Use] = field(default_factory=list)

    def problem(self, entry: _Entry, message: str) -> None:
        self.problems.append(ModProblem(entry.line, entry.column, message))


_Handler = Callable[[_Collected, _Entry], None]


def _one_path(acc: _Collected, entry: _Entry, usage: str) -> str | None:
    """The single path argument of module/tool/ignore/use, or None after a problem."""
    if len(entry.args) != 1:
        acc.problem(entry, usage)
        return None
    value = _string_value(entry.args[0])
    if value is None:
        acc.problem(entry, _string_error(entry.args[0]))
    return value


def _version_value(
    acc: _Collected, entry: _Entry, path: str, token: _Token, *, report: bool = True
) -> str | None:
    """A version argument: None (and a problem) when it cannot be read at all; a version that
    is not semver is returned, with a problem when ``report`` is set."""
    value = _string_value(token)
    if value is None:
        reason = _string_error(token).removeprefix("invalid quoted string: ")
        if report:
            acc.problem(
                entry, f"{entry.verb} {path}: version {_go_quote(token.text)} invalid: {reason}"
            )
        return None
    if report and not is_semver(value):
        acc.problem(
            entry,
            f"{entry.verb} {path}: version {_go_quote(value)} invalid: must be of the form v1.2.3",
        )
    return value


def _module(acc: _Collected, entry: _Entry) -> None:
    if acc.module_seen:
        acc.problem(entry, "repeated module statement")
        return
    acc.module_seen = True
    path = _one_path(acc, entry, "usage: module module/path")
    if path is not None:
        acc.module = (path, entry.line)


def _go(acc: _Collected, entry: _Entry) -> None:
    if acc.go is not None:
        acc.problem(entry, "repeated go statement")
    elif len(entry.args) != 1:
        acc.problem(entry, "go directive expects exactly one argument")
    elif not _is_go_version(entry.args[0].text):
        acc.problem(entry, f"invalid go version '{entry.args[0].text}': must match format 1.23.0")
    else:
        acc.go = (entry.args[0].text, entry.line)


def _toolchain(acc: _Collected, entry: _Entry) -> None:
    if acc.toolchain is not None:
        acc.problem(entry, "repeated toolchain statement")
    elif len(entry.args) != 1:
        acc.problem(entry, "toolchain directive expects exactly one argument")
    elif not _is_toolchain(entry.args[0].text):
        acc.problem(
            entry,
            f"invalid toolchain version '{entry.args[0].text}': "
            "must match format go1.23.0 or default",
        )
    else:
        acc.toolchain = (entry.args[0].text, entry.line)


def _godebug(acc: _Collected, entry: _Entry) -> None:
    text = entry.args[0].text if len(entry.args) == 1 else ""
    key, equals, value = text.partition("=")
    if not equals or any(c in text for c in "\"`',"):
        acc.problem(entry, "usage: godebug key=value")
        return
    acc.godebug.append(GoDebug(key, value, entry.line))


def _require_or_exclude(acc: _Collected, entry: _Entry) -> None:
    if len(entry.args) != 2:
        acc.problem(entry, f"usage: {entry.verb} module/path v1.2.3")
        return
    path = _string_value(entry.args[0])
    if path is None:
        acc.problem(entry, _string_error(entry.args[0]))
        return
    version = _version_value(acc, entry, path, entry.args[1])
    if version is None:
        return
    if entry.verb == "require":
        acc.requires.append(Require(path, version, _is_indirect(entry.comment), entry.line))
    else:
        acc.excludes.append(Require(path, version, False, entry.line))


def _is_indirect(comment: str | None) -> bool:
    """Go's test for ``// indirect``: the comment is "indirect" or starts with "indirect;"."""
    if comment is None:
        return False
    words = comment.removeprefix("//").split()
    return words == ["indirect"] or (len(words) > 1 and words[0] == "indirect;")


def _replace(acc: _Collected, entry: _Entry) -> None:
    args = [t.text for t in entry.args]
    arrow = 1 if len(args) >= 2 and args[1] == "=>" else 2
    if len(args) < arrow + 2 or len(args) > arrow + 3 or args[arrow] != "=>":
        acc.problem(
            entry,
            f"usage: {entry.verb} module/path [v1.2.3] => other/module v1.4\n"
            f"\t or {entry.verb} module/path [v1.2.3] => ../local/directory",
        )
        return
    # The checks run in the go command's order, and report only the first problem as it does;
    # after a version that is not semver the entry is still kept.
    reported = len(acc.problems)

    def quiet() -> bool:
        return len(acc.problems) > reported

    old_path = _string_value(entry.args[0])
    if old_path is None:
        acc.problem(entry, _string_error(entry.args[0]))
        return
    old_version: str | None = None
    if arrow == 2:
        old_version = _version_value(acc, entry, old_path, entry.args[1])
        if old_version is None:
            return
    new_path = _string_value(entry.args[arrow + 1])
    if new_path is None:
        if not quiet():
            acc.problem(entry, _string_error(entry.args[arrow + 1]))
        return
    new_version: str | None = None
    if len(args) == arrow + 3:
        new_version = _version_value(
            acc, entry, new_path, entry.args[arrow + 2], report=not quiet()
        )
        if new_version is None:
            return
    if quiet():
        pass
    elif new_version is not None and is_directory_path(new_path):
        acc.problem(
            entry, f"replacement module directory path {_go_quote(new_path)} cannot have version"
        )
    elif new_version is not None:
        pass
    elif is_directory_path(new_path):
        if "\\" in new_path:
            acc.problem(
                entry,
                "replacement directory appears to be Windows path (on a non-windows system)",
            )
    elif "@" in new_path:
        acc.problem(
            entry, "replacement module must match format 'path version', not 'path@version'"
        )
    else:
        acc.problem(
            entry,
            "replacement module without version must be directory path "
            "(rooted or starting with . or ..)",
        )
    acc.replaces.append(Replace(old_path, old_version, new_path, new_version, entry.line))


def _retract(acc: _Collected, entry: _Entry) -> None:
    """A version or a ``[low, high]`` interval; the go command's checks in its order."""
    tokens = entry.args
    versions: list[str] = []

    def version_at(index: int) -> bool:
        value = _string_value(tokens[index])
        if value is None:
            reason = _string_error(tokens[index]).removeprefix("invalid quoted string: ")
            acc.problem(
                entry, f"retract: version {_go_quote(tokens[index].text)} invalid: {reason}"
            )
            return False
        versions.append(value)
        return True

    def expect(index: int, mark: str, message: str) -> bool:
        if index < len(tokens) and tokens[index].text == mark:
            return True
        acc.problem(entry, message)
        return False

    if not tokens or tokens[0].text == "(":
        acc.problem(entry, "expected '[' or version")
        return
    if tokens[0].text != "[":
        if not version_at(0):
            return
        end = 1
    else:
        if len(tokens) < 2:
            acc.problem(entry, "expected version after '['")
            return
        if not version_at(1) or not expect(2, ",", "expected ',' after version"):
            return
        if len(tokens) < 4:
            acc.problem(entry, "expected version after ','")
            return
        if not version_at(3) or not expect(4, "]", "expected ']' after version"):
            return
        end = 5
    if end < len(tokens):
        acc.problem(entry, f"unexpected token after version: {_go_quote(tokens[end].text)}")
        return
    for version in versions:
        if not is_semver(version):
            acc.problem(
                entry, f"retract: version {_go_quote(version)} invalid: must be of the form v1.2.3"
            )
            break
    acc.retracts.append(entry.line)


def _tool(acc: _Collected, entry: _Entry) -> None:
    path = _one_path(acc, entry, "tool directive expects exactly one argument")
    if path is not None:
        acc.tools.append(Tool(path, entry.line))


def _ignore(acc: _Collected, entry: _Entry) -> None:
    path = _one_path(acc, entry, "ignore directive expects exactly one argument")
    if path is not None:
        acc.ignores.append(Ignore(path, entry.line))


def _use(acc: _Collected, entry: _Entry) -> None:
    path = _one_path(acc, entry, "usage: use local/dir")
    if path is not None:
        acc.uses.append(Use(path, entry.line))


_GOMOD_HANDLERS: dict[str, _Handler] = {
    "module": _module,
    "go": _go,
    "toolchain": _toolchain,
    "godebug": _godebug,
    "require": _require_or_exclude,
    "exclude": _require_or_exclude,
    "replace": _replace,
    "retract": _retract,
    "tool": _tool,
    "ignore": _ignore,
}
_GOMOD_BLOCKS = frozenset(
    {"module", "godebug", "require", "exclude", "replace", "retract", "tool", "ignore"}
)

_GOWORK_HANDLERS: dict[str, _Handler] = {
    "go": _go,
    "toolchain": _toolchain,
    "godebug": _godebug,
    "use": _use,
    "replace": _replace,
}
_GOWORK_BLOCKS = frozenset({"godebug", "use", "replace"})


def _interpret(text: str, handlers: dict[str, _Handler], blocks: frozenset[str]) -> _Collected:
    problems: list[ModProblem] = []
    acc = _Collected(problems)
    for entry in _entries(_lex(text, problems), blocks, problems):
        handler = handlers.get(entry.verb)
        if handler is None:
            acc.problem(entry, f"unknown directive: {entry.verb}")
        else:
            handler(acc, entry)
    return acc


def _single(value: tuple[str, int] | None) -> tuple[str | None, int]:
    return (None, 0) if value is None else value


def parse_gomod(text: str) -> GoMod:
    """Parse the text of a go.mod file."""
    acc = _interpret(text, _GOMOD_HANDLERS, _GOMOD_BLOCKS)
    if acc.retracts and not acc.module_seen:
        acc.problems.append(
            ModProblem(acc.retracts[0], 1, "no module directive found, so retract cannot be used")
        )
    acc.problems.sort(key=lambda p: (p.line, p.column))
    module, module_line = _single(acc.module)
    go, go_line = _single(acc.go)
    toolchain, toolchain_line = _single(acc.toolchain)
    return GoMod(
        module=module,
        module_line=module_line,
        go=go,
        go_line=go_line,
        toolchain=toolchain,
        toolchain_line=toolchain_line,
        requires=tuple(acc.requires),
        replaces=tuple(acc.replaces),
        excludes=tuple(acc.excludes),
        retracts=tuple(acc.retracts),
        godebug=tuple(acc.godebug),
        tools=tuple(acc.tools),
        problems=tuple(acc.problems),
        ignores=tuple(acc.ignores),
    )


def parse_gowork(text: str) -> GoWork:
    """Parse the text of a go.work file."""
    acc = _interpret(text, _GOWORK_HANDLERS, _GOWORK_BLOCKS)
    acc.problems.sort(key=lambda p: (p.line, p.column))
    go, go_line = _single(acc.go)
    toolchain, toolchain_line = _single(acc.toolchain)
    return GoWork(
        go=go,
        go_line=go_line,
        toolchain=toolchain,
        toolchain_line=toolchain_line,
        uses=tuple(acc.uses),
        replaces=tuple(acc.replaces),
        godebug=tuple(acc.godebug),
        problems=tuple(acc.problems),
    )


# -- vendor/modules.txt -----------------------------------------------------------------------


_MODULE_LINE_USAGE = "module line must be '# path version [=> replacement]'"


def parse_modules_txt(text: str) -> ModulesTxt:
    """Parse vendor/modules.txt as the go command reads it.

    A line "# path version [=> replacement]" starts a module's section; "# path => replacement"
    records a replacement of every version (not a vendored module); "## explicit" (possibly with
    more ";"-separated annotations) marks the current module as required in go.mod; other
    lines list the module's packages. Lines the go command would skip are reported.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    modules: dict[str, None] = {}
    explicit: set[str] = set()
    problems: list[ModProblem] = []
    current: str | None = None
    for number, line in enumerate(text.split("\n"), start=1):
        if line.startswith("# "):
            fields = line.split()
            if len(fields) < 3:
                # The go command skips such a line and stays in the current section.
                problems.append(ModProblem(number, 1, _MODULE_LINE_USAGE))
            elif is_semver(fields[2]):
                current = fields[1]
                modules[current] = None
            elif fields[2] == "=>":
                current = fields[1]
            else:
                current = None
                problems.append(ModProblem(number, 1, _MODULE_LINE_USAGE))
            continue
        if line.startswith("## "):
            if current is None:
                problems.append(ModProblem(number, 1, "annotation outside a module's section"))
                continue
            annotations = (item.strip() for item in line[3:].split(";"))
            if "explicit" in annotations and current in modules:
                explicit.add(current)
    return ModulesTxt(tuple(modules), frozenset(explicit), tuple(problems))
