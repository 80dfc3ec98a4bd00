"""Where the go.mod files of an image are, and whether go runs in module or GOPATH mode.

The fold leaves a :class:`ModuleMark` wherever a step may put a ``go.mod`` into the image:

- a COPY/ADD of the build context that names ``go.mod`` (or a glob that matches it), or copies a
  directory: with a readable context the directory is looked up there, at the very directory
  a go command runs in; without one, a directory copy is taken to bring a module at its
  destination (the common ``COPY . .``);
- ``go mod init`` (the go command's directory);
- sources that do not come from the context: ``git clone``, ``ADD <git or archive URL>``, an
  archive extracted with ``tar``/``unzip``, and directories copied from another stage or image.

A go command finds its main module the way go does: the nearest ``go.mod`` at or above its
directory. :func:`module_mode` then applies Go's own rules for ``GO111MODULE`` by version
(go-facts.md): ``off`` is GOPATH mode everywhere; Go older than 1.11 knows no modules; Go 1.11
and 1.12 use GOPATH mode inside ``$GOPATH/src`` even next to a go.mod; Go 1.13 to 1.15 (and
``GO111MODULE=auto`` on any later version) use module mode only where a go.mod is found; Go 1.16
and later default to module mode.
"""

from __future__ import annotations

import enum
import posixpath
from collections.abc import Iterator

from dockerlint_go import TYPE_CHECKING
from dockerlint_go.model.fs import is_at_or_below, normalize
from dockerlint_go.model.gocmd import GoCommand, goflags_mod
from dockerlint_go.record import Record

if TYPE_CHECKING:
    from dockerlint_go.model.context import BuildContext
    from dockerlint_go.model.goenv import GoEnv
    from dockerlint_go.model.gomod import GoMod, GoWork, Replace
    from dockerlint_go.model.images import ImageGo
    from dockerlint_go.model.shell import Command


class MarkSource(enum.Enum):
    """How a go.mod came into the image."""

    CONTEXT = "the build context"  # seen in the context, or named by a COPY
    ASSUMED = "a directory of the build context"  # a directory copy, the context unread
    INIT = "go mod init"
    REMOTE = "a download"  # git clone, ADD of a URL, an extracted archive
    STAGE = "another stage or image"  # COPY --from

    @property
    def from_context(self) -> bool:
        return self in (MarkSource.CONTEXT, MarkSource.ASSUMED)


class ModuleMark(Record):
    """A place where a step may have put a go.mod."""

    dir: str  # the image directory
    source: MarkSource
    line: int
    # For a directory copied from a readable context: the context directory copied to ``dir``
    # (go.mod files below it are looked up in the context).
    ctx_dir: str | None = None
    tree: bool = False  # a directory copy (go.mod may be at ``dir`` or below)


class Module(Record):
    """The main module a go command runs in."""

    dir: str  # the image directory holding go.mod
    source: MarkSource
    line: int  # the step that brought go.mod
    gomod: GoMod | None = None  # parsed from the context, when it was read
    ctx_dir: str | None = None  # the go.mod's directory in the context
    vendor: bool = False  # the context sends ``vendor/modules.txt`` next to it
    # The go.work at or above it in the context (go uses it unless GOWORK=off), and where.
    work: GoWork | None = None
    work_dir: str | None = None

    @property
    def go_version(self) -> tuple[int, ...] | None:
        return None if self.gomod is None else self.gomod.go_version


class ModuleMode(enum.Enum):
    MODULE = "module"
    GOPATH = "GOPATH"
    UNKNOWN = "unknown"


def find_module(
    marks: tuple[ModuleMark, ...], cwd: str | None, context: BuildContext | None
) -> Module | None:
    """The go.mod a go command in ``cwd`` uses: the nearest at or above it."""
    if cwd is None or not marks:
        return None
    directory = normalize(cwd)
    while True:
        found = _module_at(marks, directory, context)
        if found is not None:
            return found
        if directory == "/":
            return None
        directory = posixpath.dirname(directory)


def _module_at(
    marks: tuple[ModuleMark, ...], directory: str, context: BuildContext | None
) -> Module | None:
    for mark in reversed(marks):
        if not mark.tree:
            if mark.dir == directory:
                gomod = vendor = None
                if context is not None and mark.ctx_dir is not None:
                    gomod = context.gomod(mark.ctx_dir)
                    vendor = context.has_vendor(mark.ctx_dir)
                return Module(directory, mark.source, mark.line, gomod, mark.ctx_dir, bool(vendor))
            continue
        if not is_at_or_below(directory, mark.dir):
            continue
        if mark.ctx_dir is not None and context is not None:
            rest = directory[len(mark.dir) :].strip("/") if mark.dir != "/" else directory[1:]
            rel = posixpath.join(mark.ctx_dir, rest) if mark.ctx_dir else rest
            rel = rel.strip("/")
            if context.has_file(posixpath.join(rel, "go.mod") if rel else "go.mod"):
                work_dir = _workspace_dir(context, rel, mark.ctx_dir)
                return Module(
                    directory,
                    MarkSource.CONTEXT,
                    mark.line,
                    context.gomod(rel),
                    rel,
                    context.has_vendor(rel),
                    None if work_dir is None else context.gowork(work_dir),
                    work_dir,
                )
            continue
        if mark.dir == directory:
            return Module(directory, mark.source, mark.line)
    return None


def _workspace_dir(context: BuildContext, rel: str, top: str) -> str | None:
    """The nearest context directory at or above ``rel`` (and within the copied tree ``top``)
    that holds a go.work."""
    current = rel
    while True:
        if context.has_file(posixpath.join(current, "go.work") if current else "go.work"):
            return current
        if current in ("", top):
            return None
        current = posixpath.dirname(current)


def module_mode(
    env: GoEnv,
    go: ImageGo,
    cwd: str | None,
    module: Module | None,
    *,
    command_versioned: bool = False,
) -> tuple[ModuleMode, str]:
    """Module or GOPATH mode for a go command, with the reason in a few words."""
    setting = (env.go111module or "").strip().lower()
    if setting == "off":
        return ModuleMode.GOPATH, "GO111MODULE=off"
    modules_exist = go.at_least(11)
    if modules_exist is False:
        return ModuleMode.GOPATH, f"{go.label} predates modules"
    if setting == "on":
        return ModuleMode.MODULE, "GO111MODULE=on"
    found = module is not None
    if command_versioned and go.at_least(16) is not False:
        return ModuleMode.MODULE, "`pkg@version` always runs in module mode"
    if setting != "auto" and go.at_least(16):
        return ModuleMode.MODULE, f"{go.label} defaults to module mode"
    if go.at_least(13) is False:
        # Go 1.11 and 1.12: GOPATH mode anywhere inside $GOPATH/src.
        src = None if env.gopath is None else env.gopath.rstrip("/") + "/src"
        if src is not None and cwd is not None and is_at_or_below(cwd, src):
            return ModuleMode.GOPATH, f"{go.label} with GO111MODULE unset inside $GOPATH/src"
    if found:
        return ModuleMode.MODULE, "a go.mod is found"
    if go.known or setting == "auto":
        return ModuleMode.GOPATH, "no go.mod is found and GO111MODULE is not on"
    return ModuleMode.UNKNOWN, "the Go version is unknown and no go.mod is found"


def local_replaces(
    module: Module, *, workspace: bool = True
) -> Iterator[tuple[str, str, str, Replace]]:
    """The ``replace`` entries of the module's go.mod (and of its go.work, when ``workspace``:
    go uses it unless GOWORK=off) whose target is a relative directory and that go applies:
    the replaced module is required by the go.mod (go ignores a replace of a module outside the
    build list; since go 1.17 go.mod lists indirect requirements too). Each comes with the
    context path of the file it is in, the context and image directories its target is relative
    to, and the entry itself. Needs the module's go.mod read from the context."""
    if module.ctx_dir is None or module.gomod is None:
        return
    ctx_dir = module.ctx_dir
    required = {r.path: r.version for r in module.gomod.requires}

    def applies(entry: Replace) -> bool:
        if not _relative_directory(entry) or entry.old_path not in required:
            return False
        return entry.old_version is None or entry.old_version == required[entry.old_path]

    label = posixpath.join(ctx_dir, "go.mod") if ctx_dir else "go.mod"
    for entry in module.gomod.replaces:
        if applies(entry):
            yield label, ctx_dir, module.dir, entry
    if workspace and module.work is not None and module.work_dir is not None:
        work_dir = module.work_dir
        label = posixpath.join(work_dir, "go.work") if work_dir else "go.work"
        up = posixpath.relpath(work_dir or ".", ctx_dir or ".")
        image = normalize(posixpath.join(module.dir, up))
        for entry in module.work.replaces:
            if applies(entry):
                yield label, work_dir, image, entry


def _relative_directory(entry: Replace) -> bool:
    path = entry.new_path
    return entry.local and not path.startswith(("/", "\\")) and path[1:2] != ":"


def effective_mod_flag(go: GoCommand, env: GoEnv) -> str | None:
    """The -mod value go uses: the command line's, else the command's GOFLAGS, else the
    stage's GOFLAGS."""
    if go.mod_flag is not None:
        return go.mod_flag
    if go.env_mod_flag is not None:
        return go.env_mod_flag
    return goflags_mod(env.goflags)


def vendored_by_default(module: Module | None) -> bool:
    """Go 1.14+ builds with -mod=vendor when vendor/modules.txt sits next to a go.mod whose go
    line is 1.14 or later."""
    if module is None or not module.vendor:
        return False
    version = module.go_version
    return version is not None and version[:2] >= (1, 14)


# --------------------------------------------------------------------------------------------
# Steps that bring a module without the build context

_GIT_VALUE_FLAGS = frozenset(
    {"-b", "--branch", "--depth", "-o", "--origin", "-c", "--config", "--reference",
     "--separate-git-dir", "-j", "--jobs", "--filter", "--template", "-u", "--upload-pack",
     "--shallow-since", "--shallow-exclude", "--reference-if-able", "--bundle-uri"}
)  # fmt: skip


def remote_target(command: Command, cwd: str | None) -> str | None:
    """The directory where ``git clone``, ``tar -x`` or ``unzip`` puts what it fetched or
    unpacked (None: the command does not, or the place cannot be told)."""
    argv = command.argv
    program = command.program
    if cwd is None or not argv:
        return None
    if program == "git" and len(argv) > 1 and argv[1] == "clone":
        positional: list[str] = []
        skip = False
        for arg in argv[2:]:
            if skip:
                skip = False
            elif arg in _GIT_VALUE_FLAGS:
                skip = True
            elif not arg.startswith("-"):
                positional.append(arg)
        if not positional:
            return None
        if len(positional) > 1:
            return normalize(positional[1], cwd)
        name = positional[0].rstrip("/").rsplit("/", 1)[-1].rsplit(":", 1)[-1]
        name = name.removesuffix(".git") or "repo"
        return normalize(name, cwd)
    if program in ("tar", "bsdtar"):
        return _tar_target(argv, cwd)
    if program == "unzip":
        for index, arg in enumerate(argv):
            if arg == "-d" and index + 1 < len(argv):
                return normalize(argv[index + 1], cwd)
        return cwd
    return None


def _tar_target(argv: tuple[str, ...], cwd: str) -> str | None:
    extract = False
    target = cwd
    args = argv[1:]
    for index, arg in enumerate(args):
        if (
            arg in ("--extract", "--get")
            or (index == 0 and not arg.startswith("-") and "x" in arg)
            or (arg.startswith("-") and not arg.startswith("--") and "x" in arg[1:])
        ):
            extract = True
        if arg in ("-C", "--directory") and index + 1 < len(args):
            target = normalize(args[index + 1], cwd)
        elif arg.startswith("--directory="):
            target = normalize(arg.split("=", 1)[1], cwd)
        elif arg.startswith("-C") and len(arg) > 2 and not arg.startswith("--"):
            target = normalize(arg[2:], cwd)
    return target if extract else None
