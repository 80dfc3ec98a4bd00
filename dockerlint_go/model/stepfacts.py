"""What one COPY or RUN step of the fold establishes, besides users and file ownership.

Split from :mod:`dockerlint_go.model.stages` (the fold itself): where a step runs
(``command_cwd``, ``go_dir``), what a COPY brings from the build context and where it puts
go.mod files (``with_context``, ``context_marks``, ``named_marks``), what a RUN downloads or
installs (``note_downloads``, ``installed_go``), and the ownership fact a go command leaves on
the module cache (``cache_fill``).
"""

from __future__ import annotations

import posixpath
from fnmatch import fnmatchcase

from dockerlint_go import TYPE_CHECKING
from dockerlint_go.model.context import BuildContext, Kind, is_manifest
from dockerlint_go.model.fs import FileSystem, Origin, PathFact, Scope, normalize
from dockerlint_go.model.images import ImageGo, parse_version
from dockerlint_go.model.modules import MarkSource, ModuleMark, remote_target
from dockerlint_go.record import replace

if TYPE_CHECKING:
    from dockerlint_go.model.gocmd import GoCommand
    from dockerlint_go.model.shell import Command
    from dockerlint_go.model.stages import CopySpec, GoRun, State


def command_cwd(command: Command, workdir: str) -> str | None:
    """The directory a command runs in: the WORKDIR unless a ``cd`` moved it."""
    if not command.cwd_known:
        return None
    return normalize(command.cwd, workdir) if command.cwd else workdir


def with_context(
    spec: CopySpec, matched: tuple[tuple[str, tuple[str, ...]], ...], context: BuildContext
) -> CopySpec:
    """What the COPY brings, read from the context (after globs and the ignore file)."""
    extra: list[str] = []
    missing: list[str] = []
    for source, matches in matched:
        if not matches:
            missing.append(source)
        for rel in matches:
            kind = context.kind(rel)
            name = posixpath.basename(rel)
            if kind is Kind.DIR and name != "vendor":
                extra.extend(context.extra_in_tree(rel))
            elif kind is Kind.FILE and not is_manifest(name):
                extra.append(rel)
    return replace(spec, extra=tuple(extra), missing=tuple(missing))


def context_marks(
    spec: CopySpec,
    matched: tuple[tuple[str, tuple[str, ...]], ...],
    context: BuildContext,
    line: int,
) -> tuple[ModuleMark, ...]:
    """Where a COPY of the build context puts go.mod files (see model.modules): a directory
    source lands its contents in dest, go.mod files below it are looked up later."""
    marks: list[ModuleMark] = []
    for _, matches in matched:
        for rel in matches:
            if context.kind(rel) is Kind.DIR:
                marks.append(
                    ModuleMark(spec.dest, MarkSource.CONTEXT, line, ctx_dir=rel, tree=True)
                )
            elif posixpath.basename(rel) == "go.mod":
                target = spec.dest if spec.dest_is_dir else posixpath.dirname(spec.dest)
                ctx_dir = posixpath.dirname(rel)
                marks.append(ModuleMark(target, MarkSource.CONTEXT, line, ctx_dir=ctx_dir))
    return tuple(marks)


def named_marks(spec: CopySpec, line: int) -> tuple[ModuleMark, ...]:
    """Where a COPY/ADD may put go.mod files, judged by the names it writes (no context, a
    remote source, another stage or image)."""
    if spec.heredoc:
        return ()
    if spec.remote:
        return (ModuleMark(spec.dest, MarkSource.REMOTE, line, tree=True),)
    named = MarkSource.CONTEXT if spec.from_context else MarkSource.STAGE
    tree_origin = MarkSource.ASSUMED if spec.from_context else MarkSource.STAGE
    marks: list[ModuleMark] = []
    for source in spec.sources:
        name = posixpath.basename(source.rstrip("/"))
        is_tree = source.rstrip("/") in (".", "") or source.endswith("/") or "." not in name
        if name == "go.mod" or (has_magic(name) and fnmatchcase("go.mod", name)):
            target = spec.dest if spec.dest_is_dir else posixpath.dirname(spec.dest)
            marks.append(ModuleMark(target, named, line))
        elif is_tree and not has_magic(name):
            marks.append(ModuleMark(spec.dest, tree_origin, line, tree=True))
    return tuple(marks)


def go_dir(go: GoCommand, cwd: str | None) -> str | None:
    """The directory go works in: the command's, moved by ``-C dir``."""
    if cwd is None:
        return None
    return normalize(go.chdir, cwd) if go.chdir else cwd


_GO_PACKAGES = frozenset({"golang-go", "golang"})


def installed_go(command: Command, packaged: tuple[int, ...] | None) -> tuple[int, ...] | None:
    """The Go version a command installs: a toolchain archive (``go1.22.3.linux-amd64.tar.gz``),
    Debian's versioned package (``golang-1.19-go``), or the release's ``golang-go`` package
    (``packaged``: its version, when the release is known)."""
    installs = command.program in ("apt-get", "apt") and "install" in command.argv
    for arg in command.argv[1:]:
        if installs and packaged is not None and arg in _GO_PACKAGES:
            return packaged
        base = arg.rsplit("/", 1)[-1]
        if base.startswith("go1.") and ".linux-" in base:
            version = parse_version(base[2:].split(".linux-", 1)[0])
            if version is not None:
                return version
        if base.startswith("golang-1.") and base.endswith("-go"):
            version = parse_version(base[len("golang-") : -len("-go")])
            if version is not None:
                return version
    return None


def note_downloads(command: Command, cwd: str | None, line: int, state: State) -> State:
    """A RUN command that fetches code (git clone, an unpacked archive) or installs a Go
    toolchain whose version it names."""
    version = None
    if command.program not in ("go", "gofmt"):
        version = installed_go(command, state.go_image.packaged)
    if version is not None:
        state = state.evolve(go_image=ImageGo(version, source="install", line=line))
    target = remote_target(command, cwd)
    if target is not None:
        mark = ModuleMark(target, MarkSource.REMOTE, line, tree=True)
        state = state.evolve(marks=(*state.marks, mark))
    return state


def has_magic(text: str) -> bool:
    return any(c in text for c in "*?[")


def is_vendor(source: str) -> bool:
    return source.rstrip("/").split("/")[-1] == "vendor"


def cache_fill(run: GoRun, fs: FileSystem) -> PathFact | None:
    """The ownership fact a module-resolving go command leaves on the module cache."""
    if not run.go.resolves_modules or run.cache_mount is not None or run.vendored:
        return None
    if not run.module_mode:
        return None  # GOPATH mode (or a mode that cannot be told): the module cache is unused
    cache = run.modcache
    if cache is None or run.user.owner is None:
        return None
    current = fs.fact_for(cache)
    if current is not None and current.origin is Origin.MODULE_CACHE:
        if run.user.is_root or current.owner == run.user.owner:
            return None  # root, or the same user, adds to a cache it already filled
        return None  # another user cannot write there: the cache keeps its owner
    return PathFact(
        cache,
        run.user.owner,
        0o755,
        Scope.TREE,
        Origin.MODULE_CACHE,
        run.line,
        run.display,
    )
