"""What a ``go`` (or ``gofmt``) command does to the module cache and the working tree.

The table, for the verbs go knows (Go 1.19 as measured in go-facts.md, later verbs noted):

==================================  ========  =====  ========================================
verb                                resolves  cache  writes in the working tree
==================================  ========  =====  ========================================
build                               yes       MAY    ``-o X``; else the default binary (below)
test                                yes       MAY    ``-c``/``-o``: the test binary; profiles
run, install                        yes       MAY    nothing (temp dir, GOBIN)
run/install ``pkg@version``         yes       MUST   nothing
list (packages or ``-m``), vet      yes       MAY    nothing
generate, fix                       yes       MAY    "." (may rewrite any source file)
get                                 yes       MUST   go.mod, go.sum
mod download (no args, ``all``,     yes       MAY    nothing (fetches only what is missing)
a ``...`` pattern)
mod download MODULE[@version]       yes       MUST   nothing
mod tidy                            yes       MAY    go.mod, go.sum (nothing with ``-diff``)
mod verify, mod why, mod graph      yes       MAY    nothing
mod vendor                          yes       MAY    vendor (or ``-o DIR``)
mod init                            no        NONE   go.mod
mod edit                            no        NONE   go.mod (or the named file; nothing with
                                                     ``-json``/``-print``)
work init, work use                 no        NONE   go.work
work edit                           no        NONE   go.work (nothing with ``-json``/``-print``)
work sync                           yes       MAY    go.work, go.mod
work vendor (Go 1.22)               yes       MAY    vendor (or ``-o DIR``)
clean ``-modcache``                 no        MUST   nothing (it deletes the module cache)
clean (package mode)                yes       MAY    nothing recorded (it only deletes objects)
clean ``-cache``/``-testcache``/    no        NONE   nothing
``-fuzzcache`` only
fmt                                 no        NONE   "."
gofmt ``-w``                        no        NONE   the named paths
gofmt (no ``-w``)                   no        NONE   nothing
tool (a toolchain tool)             no        NONE   nothing
tool (another name: a Go 1.24       yes       MAY    nothing
``tool`` directive)
version, env, help, doc, bug        no        NONE   nothing (``go env -w`` writes the user's
                                                     go/env config file, not the tree)
no verb, unknown verb               no        NONE   nothing
==================================  ========  =====  ========================================

With ``-mod=vendor`` (on the command line, or in ``GOFLAGS`` set for this very command) the
package-loading verbs (build, test, run, install, list, vet, generate, fix, clean, fmt) read
the vendor directory and never the module cache: resolves is False and the cache NONE. A
``GOFLAGS`` from the stage's ENV is not visible here; rules combine it with
:func:`goflags_mod`.

``go build`` without ``-o`` writes a binary into its directory only when it builds one main
package. Whether the package is ``main`` cannot be seen, so the binary is recorded whenever
there is at most one package argument that is not a pattern (``...``, ``all``, ``std``,
``cmd``) or the arguments are .go files, and ``GoCommand.output_inferred`` says so. Its name
is what go would choose: the first file's name for .go files, else the last element of the
package path (the one before a ``/vN`` major-version suffix); for ``.`` or no argument the
name comes from the module path, which we cannot see: ``"<binary>"``. ``go test -c`` uses
the same name with ``.test`` (``"<pkg>.test"`` when unknown).

Paths in ``writes`` are as written; with ``-C dir`` relative ones are joined onto it.
"""

from __future__ import annotations

import enum
import posixpath
import re
from collections.abc import Sequence

from dockerlint_go.model.shell import Command
from dockerlint_go.record import Record


class CacheWrite(enum.Enum):
    """How a go command uses the module cache."""

    NONE = "none"  # does not resolve modules (go version, go env, go fmt, go vet of std only…)
    MAY = "may"  # resolves modules: writes the cache only when something is missing
    MUST = "must"  # writes the cache whatever its state (download of named modules, go get, …)


class GoCommand(Record):
    command: Command
    # "build", "test", "mod download", "mod tidy", "get", "install", "run", "clean", "fmt",
    # "gofmt", …; "" when go has no verb
    verb: str
    resolves_modules: bool
    cache: CacheWrite
    # Paths (as written, relative to the command's directory unless absolute) that the command
    # writes in the working tree: "go.mod", "go.sum", "vendor", "go.work", an output binary name;
    # "." when it may rewrite any source file (go generate, go fmt, gofmt -w).
    writes: tuple[str, ...]
    vendored: bool  # -mod=vendor on the command line
    mod_flag: str | None  # the -mod= value on the command line
    chdir: str | None = None  # ``-C dir``: go runs in dir (relative to the command's cwd)
    output_inferred: bool = False  # writes holds go build's/test's default binary name: a guess
    env_mod_flag: str | None = None  # the -mod= value of GOFLAGS set for this command only
    operands: tuple[str, ...] = ()  # the arguments after the flags (packages, modules, files)
    # The flags as go reads them, in order: (name without dashes, value; None for a bool flag).
    flags: tuple[tuple[str, str | None], ...] = ()

    def flag(self, name: str) -> str | None:
        """The last value of ``-name`` on the command line ("true" for a bare bool flag)."""
        return _last(self.flags, name)

    @property
    def uses_build_cache(self) -> bool:
        """The command opens the build cache (GOCACHE) before anything else, so it fails when
        the cache cannot be created or is off; ``go mod download`` and ``go mod tidy`` do not
        (go-facts.md; ``go generate`` is in cmd/go's own list of commands that need it)."""
        return self.verb in _BUILD_CACHE_VERBS

    @property
    def versioned(self) -> bool:
        """``go install pkg@version`` / ``go run pkg@version``: builds the named module outside
        the main module, whose go.mod it ignores."""
        if self.verb == "install":
            return any("@" in arg for arg in self.operands)
        if self.verb == "run":
            return bool(self.operands) and "@" in self.operands[0]
        return False


# Flags that take a value when written as ``-flag value`` (the others are booleans).
_VALUE_FLAGS = frozenset(
    [
        # build flags
        "C",
        "o",
        "p",
        "mod",
        "modfile",
        "asmflags",
        "buildmode",
        "buildvcs",
        "compiler",
        "gccgoflags",
        "gcflags",
        "installsuffix",
        "ldflags",
        "overlay",
        "pgo",
        "pkgdir",
        "tags",
        "toolexec",
        "covermode",
        "coverpkg",
        "exec",
        # test flags
        "bench",
        "benchtime",
        "blockprofile",
        "blockprofilerate",
        "count",
        "coverprofile",
        "cpu",
        "cpuprofile",
        "fuzz",
        "fuzzcachedir",
        "fuzzminimizetime",
        "fuzztime",
        "list",
        "memprofile",
        "memprofilerate",
        "mutexprofile",
        "mutexprofilefraction",
        "outputdir",
        "parallel",
        "run",
        "shuffle",
        "skip",
        "timeout",
        "trace",
        "vet",
        # list, mod and work flags
        "f",
        "reuse",
        "go",
        "compat",
        "toolchain",
        "module",
        "godebug",
        "dropgodebug",
        "require",
        "droprequire",
        "exclude",
        "dropexclude",
        "replace",
        "dropreplace",
        "retract",
        "dropretract",
        "tool",
        "droptool",
        "ignore",
        "dropignore",
        "use",
        "dropuse",
        # vet and gofmt
        "vettool",
        "r",
    ]
)
_PROFILE_FLAGS = ("coverprofile", "cpuprofile", "memprofile", "blockprofile", "mutexprofile")
_BINARY_PROFILES = frozenset({"cpuprofile", "memprofile", "blockprofile", "mutexprofile"})
# Tools shipped with the toolchain (``go tool -n`` lists them); other names are module tools.
_TOOLCHAIN_TOOLS = frozenset(
    [
        "addr2line",
        "api",
        "asm",
        "buildid",
        "cgo",
        "compile",
        "covdata",
        "cover",
        "dist",
        "distpack",
        "doc",
        "fix",
        "link",
        "nm",
        "objdump",
        "pack",
        "pprof",
        "preprofile",
        "test2json",
        "trace",
        "vet",
    ]
)
_BUILD_CACHE_VERBS = frozenset(["build", "test", "install", "run", "vet", "list", "generate"])
_NEVER_RESOLVE = frozenset(["version", "env", "help", "doc", "bug", "telemetry", "fmt", "gofmt"])
_PACKAGE_VERBS = frozenset(
    ["build", "test", "run", "install", "list", "vet", "generate", "fix", "clean", "fmt"]
)
_RESOLVING = frozenset(
    [
        "build",
        "test",
        "run",
        "install",
        "list",
        "vet",
        "generate",
        "fix",
        "get",
        "mod download",
        "mod tidy",
        "mod verify",
        "mod why",
        "mod graph",
        "mod vendor",
        "work sync",
        "work vendor",
    ]
)
_PATTERNS = frozenset(["all", "std", "cmd", "tool", "work"])
_VERSION_ELEMENT = r"v(?:[2-9]|1[0-9])[0-9]*"  # compiled (and cached by ``re``) on first use
_UNKNOWN_BINARY = "<binary>"

_Flags = list[tuple[str, str | None]]


def goflags_mod(goflags: str | None) -> str | None:
    """The ``-mod=`` value in a GOFLAGS string (space-separated ``-flag=value`` words)."""
    return goflags_value(goflags, "mod")


def goflags_value(goflags: str | None, name: str) -> str | None:
    """The last ``-name=value`` in a GOFLAGS string (space-separated ``-flag=value`` words)."""
    found: str | None = None
    for word in (goflags or "").split():
        flag, eq, value = word.lstrip("-").partition("=")
        if flag == name and eq and word.startswith("-"):
            found = value
    return found


def _parse_flags(args: Sequence[str], *, interspersed: bool) -> tuple[_Flags, list[str]]:
    """Go's flag syntax: ``-f``, ``--f``, ``-f=v``, ``-f v`` for value flags.

    Parsing stops at ``--`` and, unless ``interspersed`` (go test), at the first operand.
    """
    flags: _Flags = []
    operands: list[str] = []
    index = 0
    while index < len(args):
        arg = args[index]
        index += 1
        if arg == "--":
            operands.extend(args[index:])
            break
        if arg.startswith("-") and len(arg) > 1:
            name, eq, value = arg.lstrip("-").partition("=")
            if eq:
                flags.append((name, value))
            elif name in _VALUE_FLAGS:
                flags.append((name, args[index] if index < len(args) else ""))
                index += 1
            else:
                flags.append((name, None))
            if name == "args" and interspersed:  # go test -args: the rest is the binary's
                break
            continue
        operands.append(arg)
        if not interspersed:
            operands.extend(args[index:])
            break
    return flags, operands


def _last(flags: Sequence[tuple[str, str | None]], *names: str) -> str | None:
    found: str | None = None
    for name, value in flags:
        if name in names:
            found = value if value is not None else "true"
    return found


def _on(flags: _Flags, name: str) -> bool:
    value = _last(flags, name)
    return value is not None and value not in ("false", "0", "F", "f", "FALSE", "False")


def _binary_name(package: str | None) -> str | None:
    """The name go gives a main package's binary; None when it depends on the module path."""
    if package is None:
        return None
    path = package.rstrip("/")
    if path in ("", ".", "./", "..") or path.endswith("/.."):
        return None
    elements = [elem for elem in path.split("/") if elem not in ("", ".")]
    if not elements:
        return None
    if len(elements) > 1 and re.fullmatch(_VERSION_ELEMENT, elements[-1]):
        elements.pop()
    elif re.fullmatch(_VERSION_ELEMENT, elements[-1]):
        return None  # ``./v2``: the name is the module's
    name = elements[-1]
    return None if name == ".." else name


def _is_pattern(arg: str) -> bool:
    return "..." in arg or arg in _PATTERNS


def _single_package(operands: Sequence[str]) -> tuple[bool, str | None]:
    """(builds one package, its binary name when known)."""
    if operands and all(arg.endswith(".go") for arg in operands):
        return True, posixpath.basename(operands[0])[: -len(".go")] or None
    if len(operands) > 1 or (operands and _is_pattern(operands[0])):
        return False, None
    return True, _binary_name(operands[0] if operands else None)


def _build_writes(
    flags: _Flags, operands: Sequence[str], *, test: bool
) -> tuple[tuple[str, ...], bool]:
    """(paths written by go build / go test, whether they were inferred)."""
    output = _last(flags, "o")
    writes: list[str] = []
    inferred = False
    if test:
        single, name = _single_package(
            [arg for arg in operands if not arg.startswith("-")]  # test binary flags
        )
        outdir = _last(flags, "outputdir")
        keeps_binary = _on(flags, "c") or any(_last(flags, flag) for flag in _BINARY_PROFILES)
        if output:
            writes.append(output)
        elif keeps_binary and single:
            binary = f"{name}.test" if name else "<pkg>.test"
            writes.append(
                posixpath.join(outdir, binary) if outdir and not _on(flags, "c") else binary
            )
            inferred = True
        for flag in _PROFILE_FLAGS:
            path = _last(flags, flag)
            if path:
                writes.append(posixpath.join(outdir, path) if outdir else path)
    elif output:
        writes.append(output)
    else:
        single, name = _single_package(operands)
        if single:
            writes.append(name or _UNKNOWN_BINARY)
            inferred = True
    return tuple(path for path in writes if path != "/dev/null"), inferred


def _edit_writes(flags: _Flags, operands: Sequence[str], default: str) -> tuple[str, ...]:
    if _on(flags, "json") or _on(flags, "print"):
        return ()
    return (operands[0],) if operands else (default,)


def _classify(
    verb: str, flags: _Flags, operands: Sequence[str]
) -> tuple[bool, CacheWrite, tuple[str, ...], bool]:
    """(resolves modules, cache use, writes, writes inferred) of a verb, -mod aside."""
    may = CacheWrite.MAY
    if verb in ("build", "test"):
        writes, inferred = _build_writes(flags, operands, test=verb == "test")
        return True, may, writes, inferred
    if verb in ("run", "install"):
        # ``pkg@version`` builds outside the main module and always fetches that version.
        targets = operands[:1] if verb == "run" else operands
        versioned = any("@" in arg for arg in targets)
        return True, CacheWrite.MUST if versioned else may, (), False
    if verb == "get":
        return True, CacheWrite.MUST, ("go.mod", "go.sum"), False
    if verb == "mod download":
        # Without arguments (or with ``all`` / a ``...`` pattern) download fills in only what
        # is missing, like a build: a complete cache is read, not written (go-facts.md). A
        # named module or module@version is fetched on purpose.
        named = any(not _is_pattern(arg) for arg in operands)
        return True, CacheWrite.MUST if named else may, (), False
    if verb == "mod tidy":
        return True, may, () if _on(flags, "diff") else ("go.mod", "go.sum"), False
    if verb in ("mod vendor", "work vendor"):
        return True, may, (_last(flags, "o") or "vendor",), False
    if verb == "mod init":
        return False, CacheWrite.NONE, ("go.mod",), False
    if verb == "mod edit":
        return False, CacheWrite.NONE, _edit_writes(flags, operands, "go.mod"), False
    if verb in ("work init", "work use"):
        return False, CacheWrite.NONE, ("go.work",), False
    if verb == "work edit":
        return False, CacheWrite.NONE, _edit_writes(flags, operands, "go.work"), False
    if verb == "work sync":
        return True, may, ("go.work", "go.mod"), False
    if verb in ("generate", "fix"):
        return True, may, (".",), False
    if verb == "fmt":
        return False, CacheWrite.NONE, (".",), False
    if verb == "gofmt":
        return False, CacheWrite.NONE, tuple(operands) if _on(flags, "w") else (), False
    if verb == "clean":
        if _on(flags, "modcache"):
            return False, CacheWrite.MUST, (), False
        # Like go itself: packages are loaded unless only caches were named.
        cache_only = any(_on(flags, name) for name in ("cache", "testcache", "fuzzcache"))
        if cache_only and not operands and not _on(flags, "i") and not _on(flags, "r"):
            return False, CacheWrite.NONE, (), False
        return True, may, (), False
    if verb == "tool":
        if operands and operands[0] not in _TOOLCHAIN_TOOLS:
            return True, may, (), False
        return False, CacheWrite.NONE, (), False
    if verb in _RESOLVING:
        return True, may, (), False
    return False, CacheWrite.NONE, (), False


def classify_go(command: Command) -> GoCommand | None:
    """Classify a command; None when it is not a go toolchain command."""
    program = command.program
    if program not in ("go", "gofmt") or command.opaque:
        return None
    args = list(command.argv[1:])
    chdir: str | None = None
    if program == "gofmt":
        verb = "gofmt"
        flags, operands = _parse_flags(args, interspersed=False)
    else:
        # go accepts only -C before the verb; other flags there are an error in go, but
        # they are read here as if they followed the verb.
        leading: _Flags = []
        while args and args[0].startswith("-") and args[0] not in ("-", "--"):
            name, eq, value = args[0].lstrip("-").partition("=")
            if not eq and name in _VALUE_FLAGS:
                leading.append((name, args[1] if len(args) > 1 else ""))
                args = args[2:]
            else:
                leading.append((name, value if eq else None))
                args = args[1:]
        verb = args.pop(0) if args else ""
        if verb in ("mod", "work") and args and not args[0].startswith("-"):
            verb = f"{verb} {args.pop(0)}"
        flags, operands = _parse_flags(args, interspersed=verb == "test")
        flags = leading + flags
        chdir = _last(flags, "C")
    mod_flag = _last(flags, "mod")
    env_mod = goflags_mod(command.env_value("GOFLAGS"))
    resolves, cache, writes, inferred = _classify(verb, flags, operands)
    effective_mod = mod_flag if mod_flag is not None else env_mod
    # ``pkg@version`` and ``clean -modcache`` (MUST) do not go through the vendor directory.
    if effective_mod == "vendor" and verb in _PACKAGE_VERBS and cache is CacheWrite.MAY:
        resolves, cache = False, CacheWrite.NONE
    if verb in _NEVER_RESOLVE:
        resolves = False
    if chdir:
        writes = tuple(
            path if path.startswith("/") else posixpath.join(chdir, path) for path in writes
        )
    return GoCommand(
        command=command,
        verb=verb,
        resolves_modules=resolves,
        cache=cache,
        writes=writes,
        vendored=mod_flag == "vendor",
        mod_flag=mod_flag,
        chdir=chdir or None,
        output_inferred=inferred,
        env_mod_flag=env_mod,
        operands=tuple(operands),
        flags=tuple(flags),
    )
