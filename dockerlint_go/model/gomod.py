"""Parsers for ``go.mod``, ``go.work`` and ``vendor/modules.txt``, with 1-based positions.

The syntax is the one the go command reads (golang.org/x/mod/modfile): the file is a list of
lines; ``//`` starts a comment that runs to the end of the line; a token is a run of printable
characters other than space and ``()[]{},``, a double-quoted string with Go escapes, a raw
back-quoted string, or one of the punctuation marks ``( ) [ ] { } ,``. A directive is a verb and
its arguments on one line, or a block: ``verb (`` at the end of a line, then one set of
arguments per line, then ``)`` on a line of its own.

Nothing here raises. A problem (a lexical error, an unknown directive, a malformed argument) is
recorded with its line and column and parsing goes on with the next line, so one bad line does
not hide the rest of the file. The messages follow the go command's own wording, with these
differences: a ")" with no block open is "unexpected ')'" (Go: "unknown directive: )"); an
unterminated string is reported at its opening quote, an unterminated block at the line that
opened it, and text after a closing ")" at its first token (Go reports where it noticed, further
on); retracted versions must be semver and need a module line (the go command checks both when
it loads the module). A UTF-8 BOM at the start is skipped (Go would reject it). An entry whose
shape is wrong (a wrong number of arguments, a string that cannot be unquoted) is dropped; an
entry whose shape is right but whose value is suspect (a version that is not semver, a
replacement without a version that is not a directory) is kept and its problem recorded.
Versions are kept as written, not canonicalised ("v1.2" stays "v1.2").

The work is linear in the size of the input: each line is tokenised once with one regular
expression, compiled on first use (through the ``re`` module's own cache) rather than at import.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from dockerlint_go.model.gomod_syntax import (
    Entry,
    ModProblem,
    Position,
    Token,
    entries,
    go_quote,
    lex,
    string_error,
    string_value,
)
from dockerlint_go.record import Record, field

__all__ = [
    "GoDebug",
    "GoMod",
    "GoWork",
    "Ignore",
    "ModProblem",
    "ModulesTxt",
    "Position",
    "Replace",
    "Require",
    "Tool",
    "Use",
    "is_directory_path",
    "is_semver",
    "parse_go_version",
    "parse_gomod",
    "parse_gowork",
    "parse_modules_txt",
]

# -- public records -------------------------------------------------------------------------


class Require(Record):
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


class Replace(Record):
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


class GoDebug(Record):
    """A ``godebug key=value`` entry."""

    key: str
    value: str
    line: int


class Tool(Record):
    """A ``tool`` entry (Go 1.24): a package path run with ``go tool``."""

    path: str
    line: int


class Ignore(Record):
    """An ``ignore`` entry (Go 1.25): a directory the go command skips in ``./...`` patterns."""

    path: str
    line: int


class GoMod(Record):
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


class Use(Record):
    """A ``use`` entry of go.work: a directory holding a module of the workspace."""

    path: str
    line: int


class GoWork(Record):
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


class ModulesTxt(Record):
    """What vendor/modules.txt lists."""

    modules: tuple[str, ...] = ()  # paths from "# path version" lines, in file order
    explicit: frozenset[str] = frozenset()  # the modules marked "## explicit"
    problems: tuple[ModProblem, ...] = ()


# -- versions ---------------------------------------------------------------------------------


# Regular expressions are kept as text and compiled on first use through the re module's cache.
_NUM = r"(?:0|[1-9][0-9]*)"
# go.mod's "go" line: 1.N or 1.N.P, maybe followed by a pre-release tag such as "rc1".
_GO_VERSION_RE = rf"([1-9][0-9]*)\.({_NUM})(?:\.({_NUM}))?(?:[a-z]+[0-9]+)?"
# A release as image tags and toolchain names spell it: the same, after "go" and before a
# "-variant" suffix.
_GO_RELEASE_RE = rf"(?:go)?{_GO_VERSION_RE}(?:-.+)?"
_SEMVER_IDENT = r"[0-9A-Za-z-]+"
_SEMVER_PRE_IDENT = rf"(?:{_NUM}|[0-9]*[A-Za-z-][0-9A-Za-z-]*)"
# golang.org/x/mod/semver: v1, v1.2, v1.2.3[-pre][+build]; the short forms take no suffix.
_SEMVER_RE = (
    rf"v{_NUM}(?:\.{_NUM}(?:\.{_NUM}"
    rf"(?:-{_SEMVER_PRE_IDENT}(?:\.{_SEMVER_PRE_IDENT})*)?"
    rf"(?:\+{_SEMVER_IDENT}(?:\.{_SEMVER_IDENT})*)?)?)?"
)


def _is_go_version(text: str) -> bool:
    """The go.mod ``go`` line's format: 1.N, 1.N.P, optionally followed by e.g. ``rc1``."""
    return re.fullmatch(_GO_VERSION_RE, text) is not None


def parse_go_version(text: str) -> tuple[int, int, int] | None:
    """A Go release as numbers, or None when the text is not one.

    Accepts what go.mod's ``go`` line, a ``toolchain`` name and golang image tags use: "1.22",
    "1.22.3", "go1.22.3", "1.21rc2" (a pre-release counts as its release: (1, 21, 0)), and a
    "-variant" suffix as in the tag "1.22-alpine" or the toolchain "go1.22.3-gccgo". A bare
    major version ("1"), "1.x", leading zeros and "v" prefixes give None.
    """
    found = re.fullmatch(_GO_RELEASE_RE, text)
    if found is None:
        return None
    major, minor, patch = found.groups()
    if max(len(major), len(minor), len(patch or "")) > 9:
        return None  # not a release; and int() refuses numbers of thousands of digits
    return int(major), int(minor), int(patch or 0)


def is_semver(version: str) -> bool:
    """True for a semantic version as Go modules spell it: v1, v1.2, v1.2.3[-pre][+build]."""
    return re.fullmatch(_SEMVER_RE, version) is not None


def _is_toolchain(name: str) -> bool:
    return name in {"default", "go1"} or name.startswith("go1.")


# -- interpretation ---------------------------------------------------------------------------


class _Collected(Record, frozen=False):
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

    def problem(self, entry: Entry, message: str) -> None:
        self.problems.append(ModProblem(entry.line, entry.column, message))


_Handler = Callable[[_Collected, Entry], None]


def _one_path(acc: _Collected, entry: Entry, usage: str) -> str | None:
    """The single path argument of module/tool/ignore/use, or None after a problem."""
    if len(entry.args) != 1:
        acc.problem(entry, usage)
        return None
    value = string_value(entry.args[0])
    if value is None:
        acc.problem(entry, string_error(entry.args[0]))
    return value


def _version_value(
    acc: _Collected, entry: Entry, path: str, token: Token, *, report: bool = True
) -> str | None:
    """A version argument: None (and a problem) when it cannot be read at all; a version that
    is not semver is returned, with a problem when ``report`` is set."""
    value = string_value(token)
    if value is None:
        reason = string_error(token).removeprefix("invalid quoted string: ")
        if report:
            acc.problem(
                entry, f"{entry.verb} {path}: version {go_quote(token.text)} invalid: {reason}"
            )
        return None
    if report and not is_semver(value):
        acc.problem(
            entry,
            f"{entry.verb} {path}: version {go_quote(value)} invalid: must be of the form v1.2.3",
        )
    return value


def _module(acc: _Collected, entry: Entry) -> None:
    if acc.module_seen:
        acc.problem(entry, "repeated module statement")
        return
    acc.module_seen = True
    path = _one_path(acc, entry, "usage: module module/path")
    if path is not None:
        acc.module = (path, entry.line)


def _go(acc: _Collected, entry: Entry) -> None:
    if acc.go is not None:
        acc.problem(entry, "repeated go statement")
    elif len(entry.args) != 1:
        acc.problem(entry, "go directive expects exactly one argument")
    elif not _is_go_version(entry.args[0].text):
        acc.problem(entry, f"invalid go version '{entry.args[0].text}': must match format 1.23.0")
    else:
        acc.go = (entry.args[0].text, entry.line)


def _toolchain(acc: _Collected, entry: Entry) -> None:
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


def _godebug(acc: _Collected, entry: Entry) -> None:
    text = entry.args[0].text if len(entry.args) == 1 else ""
    key, equals, value = text.partition("=")
    if not equals or any(c in text for c in "\"`',"):
        acc.problem(entry, "usage: godebug key=value")
        return
    acc.godebug.append(GoDebug(key, value, entry.line))


def _require_or_exclude(acc: _Collected, entry: Entry) -> None:
    if len(entry.args) != 2:
        acc.problem(entry, f"usage: {entry.verb} module/path v1.2.3")
        return
    path = string_value(entry.args[0])
    if path is None:
        acc.problem(entry, string_error(entry.args[0]))
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


def _replace(acc: _Collected, entry: Entry) -> None:
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

    old_path = string_value(entry.args[0])
    if old_path is None:
        acc.problem(entry, string_error(entry.args[0]))
        return
    old_version: str | None = None
    if arrow == 2:
        old_version = _version_value(acc, entry, old_path, entry.args[1])
        if old_version is None:
            return
    new_path = string_value(entry.args[arrow + 1])
    if new_path is None:
        if not quiet():
            acc.problem(entry, string_error(entry.args[arrow + 1]))
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
            entry, f"replacement module directory path {go_quote(new_path)} cannot have version"
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


def _retract(acc: _Collected, entry: Entry) -> None:
    """A version or a ``[low, high]`` interval; the go command's checks in its order."""
    tokens = entry.args
    versions: list[str] = []

    def version_at(index: int) -> bool:
        value = string_value(tokens[index])
        if value is None:
            reason = string_error(tokens[index]).removeprefix("invalid quoted string: ")
            acc.problem(entry, f"retract: version {go_quote(tokens[index].text)} invalid: {reason}")
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
        acc.problem(entry, f"unexpected token after version: {go_quote(tokens[end].text)}")
        return
    for version in versions:
        if not is_semver(version):
            acc.problem(
                entry, f"retract: version {go_quote(version)} invalid: must be of the form v1.2.3"
            )
            break
    acc.retracts.append(entry.line)


def _tool(acc: _Collected, entry: Entry) -> None:
    path = _one_path(acc, entry, "tool directive expects exactly one argument")
    if path is not None:
        acc.tools.append(Tool(path, entry.line))


def _ignore(acc: _Collected, entry: Entry) -> None:
    path = _one_path(acc, entry, "ignore directive expects exactly one argument")
    if path is not None:
        acc.ignores.append(Ignore(path, entry.line))


def _use(acc: _Collected, entry: Entry) -> None:
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
    for entry in entries(lex(text, problems), blocks, problems):
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
