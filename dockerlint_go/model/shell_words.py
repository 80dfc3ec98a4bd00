"""The shell walk's building blocks: the bash grammar (tree-sitter), the walking state (the
variables, the exported environment, the directory) and how one word is expanded into fields.

:mod:`dockerlint_go.model.shell` walks statements with these; the semantics it promises
(expansion, environment, directory) are described there.
"""

from __future__ import annotations

import enum
import fnmatch
import functools
import posixpath
import re
from collections.abc import Callable, Mapping, Sequence

from dockerlint_go import TYPE_CHECKING
from dockerlint_go.model.wrappers import (
    NAME_RE,
)
from dockerlint_go.record import Record, field

if TYPE_CHECKING:
    from typing import Any

    from tree_sitter import Node, Parser


# --------------------------------------------------------------------------------------------
# tree-sitter


@functools.cache
def parser() -> Parser:
    """The bash parser, built on first use."""
    bindings = _binding("tree_sitter")
    grammar = _binding("tree_sitter_bash").language()
    return bindings.Parser(bindings.Language(grammar))  # type: ignore[no-any-return]


def _binding(package: str) -> Any:
    """The compiled ``_binding`` extension module of a tree-sitter package, loaded directly.

    Both packages' ``__init__`` modules cost start-up without serving us: ``tree_sitter``'s
    imports ``typing`` (to define one Protocol), ``tree_sitter_bash``'s imports
    ``importlib.resources`` and through it ``tempfile`` (to serve highlight queries): together
    a fifth of a one-file lint. ``tree_sitter``'s ``Parser`` and ``Language`` and
    ``tree_sitter_bash``'s ``language()`` live in the extension modules, which are loaded here
    and registered under their usual names, so that a later ``import tree_sitter`` uses the
    same module. Any surprise in a package's layout falls back to the normal import.
    """
    import importlib
    import sys

    name = package + "._binding"
    loaded = sys.modules.get(name)
    if loaded is not None:
        return loaded
    import importlib.machinery
    import importlib.util

    try:
        spec = importlib.util.find_spec(package)
        locations = spec.submodule_search_locations if spec is not None else None
        for folder in locations or ():
            for suffix in importlib.machinery.EXTENSION_SUFFIXES:
                candidate = posixpath.join(folder, "_binding" + suffix)
                loader = importlib.machinery.ExtensionFileLoader(name, candidate)
                binding_spec = importlib.util.spec_from_file_location(
                    name, candidate, loader=loader
                )
                if binding_spec is None:
                    continue
                try:
                    module = importlib.util.module_from_spec(binding_spec)
                    loader.exec_module(module)
                except ImportError:
                    continue  # no extension module with this suffix
                sys.modules[name] = module
                return module
    except (ImportError, OSError, AttributeError):
        pass
    return importlib.import_module(package)


# tree-sitter-bash's external scanner (0.25.1) passes the lookahead code point to isdigit()
# and isalpha(), which index a 256-entry table: a character past U+00FF right after ``{``,
# ``{1..``, ``$`` in a heredoc or ``-`` in a test reads outside it and can crash the process
# (tree-sitter/tree-sitter-bash#337). The parser therefore reads a copy in which each such
# character is replaced by Latin-1 letters of the same UTF-8 length, so that every byte
# offset still points into the original text, which is where words are read from.
_WIDE_CHAR = "[^\x00-\xff]"  # a pattern string: compiled (and cached by ``re``) on first use
_SAME_LENGTH = ("", "", "\u00e9", "\u00e9x", "\u00e9\u00e9")  # indexed by UTF-8 length


def scanner_safe(text: str) -> bytes:
    if text.isascii():
        return text.encode()
    return re.sub(_WIDE_CHAR, lambda m: _SAME_LENGTH[len(m.group().encode())], text).encode()


# --------------------------------------------------------------------------------------------
# Walking state


MAX_DEPTH = 100  # nesting of statements, words and inner scripts; deeper input is ignored

Val = tuple[str, bool]  # (text, exact): exact False means text is the unexpanded source


class Var(enum.Enum):
    KNOWN = "known"
    UNKNOWN = "unknown"  # set, to a value we cannot compute
    UNSET = "unset"  # unset by the script
    MISSING = "missing"  # not in the environment and never assigned


class Scope(Record, frozen=False):
    """Mutable shell state while walking one script; subshells work on a copy."""

    vars: dict[str, Val | None]  # assignments made by the script; None: ``unset``
    exported: dict[str, Val]  # what Command.env reports, in export order
    cwd: str | None
    cwd_known: bool = True
    oldpwd: tuple[str | None, bool] | None = None
    dirstack: list[tuple[str | None, bool]] = field(default_factory=list)

    def copy(self) -> Scope:
        return Scope(
            dict(self.vars),
            dict(self.exported),
            self.cwd,
            self.cwd_known,
            self.oldpwd,
            list(self.dirstack),
        )


class Ctx(Record):
    """One script being walked: its text and what it inherits from whoever runs it."""

    src: bytes
    env: Mapping[str, str]  # the inherited environment
    locate: Callable[[int, int], int]  # (start byte, row) of a node -> Command.line
    user: str | None
    wrappers: tuple[str, ...]
    env_reset: bool

    def text(self, node: Node) -> str:
        return self.src[node.start_byte : node.end_byte].decode("utf-8", "replace")

    def line(self, node: Node) -> int:
        return self.locate(node.start_byte, node.start_point.row)


class Stdin(Record):
    """A script a command reads on its standard input (heredoc or here-string)."""

    script: str
    line: int


def lookup(name: str, ctx: Ctx, scope: Scope) -> tuple[Var, str]:
    if name in scope.vars:
        val = scope.vars[name]
        if val is None:
            return Var.UNSET, ""
        return (Var.KNOWN if val[1] else Var.UNKNOWN), val[0]
    env_val = ctx.env.get(name)
    if env_val is None:
        return Var.MISSING, ""
    return Var.KNOWN, env_val


def assign(ctx: Ctx, scope: Scope, name: str, val: Val, *, export: bool) -> None:
    scope.vars[name] = val
    if export or name in scope.exported or name in ctx.env:
        scope.exported[name] = val


# --------------------------------------------------------------------------------------------
# Words

_Seg = tuple[str, bool]  # (text, may be split into fields)

_WORD_ESCAPE = r"(?s)\\(.)"
_DQ_ESCAPE = r"\\([$`\"\\\n])"
_ANSI_ESCAPE = r"(?s)\\(x[0-9A-Fa-f]{1,2}|[0-7]{1,3}|.)"
_ANSI_SIMPLE = {
    "n": "\n",
    "t": "\t",
    "r": "\r",
    "a": "\a",
    "b": "\b",
    "e": "\x1b",
    "E": "\x1b",
    "f": "\f",
    "v": "\v",
}
_BLANKS = re.compile(r"[ \t\n]+")
_LITERAL_NODES = frozenset(
    [
        "number",
        "extglob_pattern",
        "regex",
        "variable_name",
        "special_variable_name",
        "test_operator",
        "heredoc_content",
        "file_descriptor",
    ]
)
SUBSTITUTIONS = frozenset({"command_substitution", "process_substitution"})
_QUOTING_NODES = frozenset({"string", "raw_string", "ansi_c_string", "translated_string"})


def _unescape_word(text: str) -> str:
    if "\\" not in text:
        return text
    return re.sub(_WORD_ESCAPE, lambda m: "" if m.group(1) == "\n" else m.group(1), text)


def _unescape_dq(text: str) -> str:
    if "\\" not in text:
        return text
    return re.sub(_DQ_ESCAPE, lambda m: "" if m.group(1) == "\n" else m.group(1), text)


def _ansi_c(body: str) -> str:
    def repl(match: re.Match[str]) -> str:
        code = match.group(1)
        if code[0] == "x" and len(code) > 1:
            return chr(int(code[1:], 16))
        if code[0] in "01234567":
            return chr(int(code, 8) & 0xFF)
        return _ANSI_SIMPLE.get(code, code)

    return re.sub(_ANSI_ESCAPE, repl, body)


def _expand(node: Node, ctx: Ctx, scope: Scope, quoted: bool, segs: list[_Seg], depth: int) -> bool:
    """Append the expansion of a word node to ``segs``; False when something stayed unexpanded."""
    kind = node.type
    if depth > MAX_DEPTH:
        segs.append((ctx.text(node), False))
        return False
    if kind == "word":
        text = ctx.text(node)
        segs.append((text if quoted else _unescape_word(text), False))
        return True
    if kind in _LITERAL_NODES:
        segs.append((ctx.text(node), False))
        return True
    if kind == "raw_string":
        text = ctx.text(node)
        segs.append((text[1:-1] if len(text) >= 2 and text.endswith("'") else text[1:], False))
        return True
    if kind == "ansi_c_string":
        text = ctx.text(node)
        segs.append((_ansi_c(text[2:-1] if text.endswith("'") else text[2:]), False))
        return True
    if kind in ("string", "translated_string"):
        kids = node.children
        start, end = node.start_byte, node.end_byte
        if kids and not kids[0].is_named:
            start = kids[0].end_byte
        if len(kids) > 1 and kids[-1].type == '"':
            end = kids[-1].start_byte
        segs.append(("", False))  # ``""`` is still a word
        return _expand_range(node, start, end, ctx, scope, True, segs, depth)
    if kind == "string_content":
        segs.append((_unescape_dq(ctx.text(node)), False))
        return True
    if kind == "concatenation":
        return _expand_range(node, node.start_byte, node.end_byte, ctx, scope, quoted, segs, depth)
    if kind == "simple_expansion":
        return _simple_expansion(node, ctx, scope, quoted, segs)
    if kind == "expansion":
        return _brace_expansion(node, ctx, scope, quoted, segs, depth)
    # Substitutions, arithmetic, arrays, errors: keep the source text.
    segs.append((ctx.text(node), False))
    return kind == "brace_expression"


def _expand_range(
    node: Node,
    start: int,
    end: int,
    ctx: Ctx,
    scope: Scope,
    quoted: bool,
    segs: list[_Seg],
    depth: int,
    *,
    split_literals: bool = False,
) -> bool:
    """Expand the children of ``node`` lying in [start, end), copying the gaps literally.

    ``split_literals``: the unquoted parts are subject to field splitting (the word of an
    unquoted ``${X:-a b}``).
    """
    exact = True
    pos = start
    literal = _unescape_dq if quoted else _unescape_word
    for child in node.children:
        if child.start_byte < start or child.end_byte > end:
            continue
        if child.start_byte > pos:
            gap = ctx.src[pos : child.start_byte].decode("utf-8", "replace")
            segs.append((literal(gap), split_literals))
        if child.is_named:
            if split_literals and child.type not in _QUOTING_NODES:
                part: list[_Seg] = []
                exact = _expand(child, ctx, scope, quoted, part, depth + 1) and exact
                segs.extend((text, True) for text, _ in part)
            else:
                exact = _expand(child, ctx, scope, quoted, segs, depth + 1) and exact
        else:
            segs.append((ctx.text(child), False))
        pos = max(pos, child.end_byte)
    if pos < end:
        segs.append((literal(ctx.src[pos:end].decode("utf-8", "replace")), split_literals))
    return exact


def _simple_expansion(node: Node, ctx: Ctx, scope: Scope, quoted: bool, segs: list[_Seg]) -> bool:
    written = ctx.text(node)
    names = node.named_children
    if not names or names[0].type != "variable_name":
        segs.append((written, False))
        return False
    name = ctx.text(names[0])
    if NAME_RE.fullmatch(name) is None:  # $1, $2 ...
        segs.append((written, False))
        return False
    state, value = lookup(name, ctx, scope)
    if state is Var.KNOWN or state is Var.UNSET:
        segs.append((value, not quoted))
        return True
    segs.append((written, False))
    return False


_DEFAULT_OPS = frozenset({":-", "-", ":=", "=", ":+", "+", ":?", "?"})
_TRIM_OPS = frozenset({"#", "##", "%", "%%"})
_MAX_TRIM = 4096


def _brace_expansion(
    node: Node, ctx: Ctx, scope: Scope, quoted: bool, segs: list[_Seg], depth: int
) -> bool:
    written = ctx.text(node)
    kids = node.children
    if len(kids) < 3 or kids[0].type != "${" or kids[-1].type != "}":
        segs.append((written, False))
        return False
    inner = kids[1:-1]
    length = False
    if not inner[0].is_named:
        if inner[0].type != "#" or len(inner) != 2:
            segs.append((written, False))
            return False
        length = True
        inner = inner[1:]
    name_node = inner[0]
    name = ctx.text(name_node)
    if name_node.type != "variable_name" or NAME_RE.fullmatch(name) is None:
        segs.append((written, False))
        return False
    state, value = lookup(name, ctx, scope)
    is_set = state is Var.KNOWN or state is Var.UNKNOWN
    if state is Var.UNKNOWN or (length and state is not Var.KNOWN):
        segs.append((written, False))
        return False
    if length:
        segs.append((str(len(value)), False))
        return True
    rest = inner[1:]
    if not rest:
        if state is Var.MISSING:
            segs.append((written, False))
            return False
        segs.append((value, not quoted))
        return True
    op = rest[0].type
    if op in _DEFAULT_OPS:
        present = (state is Var.KNOWN and value != "") if op.startswith(":") else is_set
        if op in (":+", "+"):
            if not present:
                return True
        elif present:
            segs.append((value, not quoted))
            return True
        elif op in (":?", "?"):
            segs.append((written, False))
            return False
        word: list[_Seg] = []
        exact = _expand_range(
            node,
            rest[0].end_byte,
            kids[-1].start_byte,
            ctx,
            scope,
            quoted,
            word,
            depth,
            split_literals=not quoted,
        )
        if op in (":=", "="):
            scope.vars[name] = ("".join(text for text, _ in word), exact)
        segs.extend(word)
        return exact
    if op in _TRIM_OPS and state is Var.KNOWN and len(value) <= _MAX_TRIM:
        pattern: list[_Seg] = []
        if not _expand_range(
            node, rest[0].end_byte, kids[-1].start_byte, ctx, scope, True, pattern, depth
        ):
            segs.append((written, False))
            return False
        segs.append((_trim(value, op, "".join(text for text, _ in pattern)), not quoted))
        return True
    segs.append((written, False))
    return False


def _trim(value: str, op: str, pattern: str) -> str:
    size = len(value)
    # ``#`` wants the shortest prefix and ``%%`` the longest suffix: try cuts from the left;
    # ``##`` (longest prefix) and ``%`` (shortest suffix) try them from the right.
    cuts: Sequence[int] = range(size + 1) if op in ("#", "%%") else range(size, -1, -1)
    for cut in cuts:
        if op.startswith("#"):
            if fnmatch.fnmatchcase(value[:cut], pattern):
                return value[cut:]
        elif fnmatch.fnmatchcase(value[cut:], pattern):
            return value[:cut]
    return value


def _fields(segs: list[_Seg]) -> list[str]:
    """Join segments into words, splitting the splittable ones on blanks."""
    fields: list[str] = []
    current: list[str] = []
    have = False
    for text, split in segs:
        if not split:
            current.append(text)
            have = True
            continue
        parts = _BLANKS.split(text)
        for index, part in enumerate(parts):
            if index and have:
                fields.append("".join(current))
                current = []
                have = False
            if part:
                current.append(part)
                have = True
    if have:
        fields.append("".join(current))
    return fields


def _tilde(node: Node, ctx: Ctx, scope: Scope, segs: list[_Seg]) -> None:
    """Replace a leading unquoted ``~`` or ``~/`` by HOME when HOME is known."""
    first = node
    if node.type == "concatenation" and node.children:
        first = node.children[0]
    if first.type != "word" or not segs:
        return
    text, split = segs[0]
    if not (text == "~" or text.startswith("~/")):
        return
    state, home = lookup("HOME", ctx, scope)
    if state is Var.KNOWN and home:
        segs[0] = (home + text[1:], split)


def word_fields(node: Node, ctx: Ctx, scope: Scope, depth: int) -> list[str]:
    if node.type == "word":  # the common case: a plain word needs no expansion at all
        text = ctx.text(node)
        if "\\" not in text and not text.startswith("~"):
            return [text]
    segs: list[_Seg] = []
    _expand(node, ctx, scope, False, segs, depth)
    _tilde(node, ctx, scope, segs)
    return _fields(segs)


def word_value(node: Node | None, ctx: Ctx, scope: Scope, depth: int) -> Val:
    """A word expanded without field splitting (assignment values, here-strings)."""
    if node is None:
        return "", True
    segs: list[_Seg] = []
    exact = _expand(node, ctx, scope, False, segs, depth)
    _tilde(node, ctx, scope, segs)
    return "".join(text for text, _ in segs), exact
