"""## What it does
Finds a step that empties a Go cache which the build still needs. A cache is emptied by
`go clean -modcache` (the module cache, `GOMODCACHE`), `go clean -cache` (the build cache,
`GOCACHE`), or a recursive `rm` of the cache or a directory above it: `rm -rf /go/pkg/mod`,
`rm -rf "$(go env GOMODCACHE)"`, `rm -rf /root/.cache/go-build`, `rm -rf /root/.cache/*`.

- **warning** when a go command earlier in the build filled that cache and a later go command
  of the same stage, or of a stage built `FROM` it, needs it again: for the module cache, a
  command that resolves the same main module's dependencies (`go mod download` before,
  `go build` after); for the build cache, any command that compiles (`go build`, `go test`,
  `go vet`, `go list`…). The later command downloads every module, or compiles every package,
  a second time;
- **warning** when the cache it empties is a `RUN --mount=type=cache`: the mount is kept
  between builds precisely so that they do not download and compile everything again;
- **info** when it is the last go step of a builder stage whose results are only copied out
  (`COPY --from`): that stage's layers never reach the final image, so the cleanup saves
  nothing and only costs the time to delete the files.

It stays silent when nothing filled the cache before (there is nothing to lose), when the only
later commands are vendored (`-mod=vendor`), run in GOPATH mode, mount their own cache, or use a
cache at another path (another user's, a moved `GOMODCACHE`), when the module cache held only
tools installed with `go install pkg@version` (the main module's later download is not a
repeat), and when the cleanup ends the final stage: shrinking the image of a single-stage build
is what it is for. `go clean -testcache` and `-fuzzcache` are not looked at. An `rm` whose path
holds a variable or glob that cannot be resolved, or that removes only part of a cache
(`/go/pkg/mod/cache`), is not reported.

## Why is this bad?
Both caches exist so that go does its work once. Emptying the module cache between
`go mod download` and `go build` throws away the layer the download step was made for: the
build fetches every dependency again, over the network, on every source change. Emptying the
build cache before another `go build` or `go test` recompiles every package, the standard
library included. To keep a cache out of the image, clean it in the same `RUN` as the last go
command, keep it in a cache mount, or build in a stage the final image does not inherit.

## Example
```dockerfile
FROM golang:1.22
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download && go clean -modcache
COPY . .
RUN go build -o /usr/local/bin/app .
```

## Use instead
```dockerfile
FROM golang:1.22 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN go build -o /out/app .

FROM gcr.io/distroless/static
COPY --from=build /out/app /app
```

For a single-stage image, clean in the `RUN` that builds:
`RUN go build -o /usr/local/bin/app . && go clean -cache -modcache`.

## References
- [go command: remove object files and cached files (`go clean`)](https://pkg.go.dev/cmd/go#hdr-Remove_object_files_and_cached_files)
- [Go modules reference: the module cache](https://go.dev/ref/mod#module-cache)
- [Dockerfile reference: RUN --mount=type=cache](https://docs.docker.com/reference/dockerfile/#run---mounttypecache)
"""

from __future__ import annotations

from collections.abc import Iterator

from dockerlint_go.findings import Severity
from dockerlint_go.model.fs import is_at_or_below, normalize
from dockerlint_go.model.gocmd import CacheWrite
from dockerlint_go.model.mounts import Mount
from dockerlint_go.model.shell import Command
from dockerlint_go.model.stages import DockerfileModel, GoRun, Stage, Step
from dockerlint_go.record import Record
from dockerlint_go.rules._rule import Hit, Rule, RuleKind

_MODULE = "module"
_BUILD = "build"
_NAMES = {_MODULE: "module cache", _BUILD: "build cache"}
_Filled = dict[tuple[str, str], tuple[GoRun, frozenset[str]]]  # (kind, path): filler, modules
# ``$(go env NAME)`` and its backtick form, as the shell model leaves them in a word.
_GO_ENV_WORDS = ("GOMODCACHE", "GOCACHE", "GOPATH")


class _Wipe(Record):
    """A command that empties a cache."""

    step: Step
    index: int  # the command's position in the step
    kind: str  # _MODULE or _BUILD
    path: str  # the cache it empties
    what: str  # the command, quoted for messages
    line: int
    filler: GoRun | None  # the go command that filled the cache before
    mount: Mount | None  # the cache mount it empties


class _Later(Record):
    """The first go command after a wipe that needs the wiped cache again."""

    run: GoRun
    stage: int


def check(model: DockerfileModel) -> Iterator[Hit]:
    wipes: dict[tuple[int, int, str], _Wipe] = {}
    later: dict[tuple[int, int, str], _Later] = {}
    followed: set[tuple[int, int, str]] = set()  # any go command comes after it in its chain
    for chain in model.chains():
        _scan(chain, wipes, later, followed)
    if not wipes:
        return
    parents = {s.parent for s in model.stages if s.parent is not None}
    copied = _copied_from(model)
    pointless: dict[tuple[int, int], list[_Wipe]] = {}  # one info finding per command
    for key, wipe in wipes.items():
        use = later.get(key)
        if use is not None and wipe.filler is not None:
            yield _repeat(model, wipe, use)
        elif wipe.mount is not None:
            yield _mount_emptied(wipe)
        elif key not in followed:
            index = wipe.step.stage
            if index in copied and index not in parents and index != len(model.stages) - 1:
                pointless.setdefault(key[:2], []).append(wipe)
    for group in pointless.values():
        stage = model.stages[group[0].step.stage]
        yield _thrown_away(stage, group, copied[stage.index])


# --------------------------------------------------------------------------------------------
# The scan


def _scan(
    chain: tuple[Step, ...],
    wipes: dict[tuple[int, int, str], _Wipe],
    later: dict[tuple[int, int, str], _Later],
    followed: set[tuple[int, int, str]],
) -> None:
    filled: _Filled = {}
    pending: list[tuple[tuple[int, int, str], _Wipe, frozenset[str]]] = []
    for step in chain:
        if step.instruction.keyword != "RUN" or not step.commands:
            continue
        runs = {id(run.go.command): run for run in step.go}
        for index, command in enumerate(step.commands):
            run = runs.get(id(command))
            if run is not None:
                pending = _use(step, run, pending, later, followed)
                _fill(step, run, filled)
            for wipe in _wipes(step, index, command, run, filled):
                key = (step.line, index, wipe.kind)
                wipes.setdefault(key, wipe)
                if wipe.mount is not None:
                    continue  # the mount is emptied, the image's cache is left as it was
                entry = filled.pop((wipe.kind, wipe.path), None)
                for other in [k for k in filled if k[0] == wipe.kind]:
                    if is_at_or_below(other[1], wipe.path):
                        entry = entry or filled[other]
                        del filled[other]
                modules = entry[1] if entry is not None else frozenset()
                pending.append((key, wipe, modules))


def _use(
    step: Step,
    run: GoRun,
    pending: list[tuple[tuple[int, int, str], _Wipe, frozenset[str]]],
    later: dict[tuple[int, int, str], _Later],
    followed: set[tuple[int, int, str]],
) -> list[tuple[tuple[int, int, str], _Wipe, frozenset[str]]]:
    """Record ``run`` as the later user of the pending wipes whose cache it needs again."""
    if run.go.verb == "clean":
        return pending  # another cleanup: not a go step that uses what was removed
    left = []
    for key, wipe, modules in pending:
        followed.add(key)
        path = _module_cache(run) if wipe.kind == _MODULE else _build_cache(step, run)
        needs = path is not None and is_at_or_below(path, wipe.path)
        if needs and wipe.kind == _MODULE:
            needs = run.module is not None and run.module.dir in modules
        if needs:
            later.setdefault(key, _Later(run, step.stage))
        else:
            left.append((key, wipe, modules))
    return left


def _module_cache(run: GoRun) -> str | None:
    """The module cache a command reads and fills: main-module resolution only (a tool
    installed with ``pkg@version`` is not the dependencies a later build needs)."""
    if not run.main_module or run.vendored or run.cache_mount is not None:
        return None
    if run.go.cache is CacheWrite.NONE or run.modcache is None:
        return None
    return normalize(run.modcache)


def _build_cache(step: Step, run: GoRun) -> str | None:
    gocache = run.env.gocache
    if not run.go.uses_build_cache or gocache is None or not gocache.startswith("/"):
        return None
    path = normalize(gocache)
    if _mount_over(step, path) is not None:
        return None
    return path


def _fill(step: Step, run: GoRun, filled: _Filled) -> None:
    modcache = _module_cache(run)
    if modcache is not None and run.module is not None:
        key = (_MODULE, modcache)
        first, modules = filled.get(key, (run, frozenset()))
        filled[key] = (first, modules | {run.module.dir})
    gocache = _build_cache(step, run)
    if gocache is not None:
        filled.setdefault((_BUILD, gocache), (run, frozenset()))


def _mount_over(step: Step, cache: str) -> Mount | None:
    """The cache mount of the step that holds the cache: what is emptied there is the mount,
    not the image's copy of the cache."""
    for mount in step.mounts:
        if mount.type != "cache" or mount.target is None:
            continue
        if is_at_or_below(cache, normalize(mount.target, step.before.workdir)):
            return mount
    return None


def _wipes(
    step: Step,
    index: int,
    command: Command,
    run: GoRun | None,
    filled: _Filled,
) -> Iterator[_Wipe]:
    line = step.line + command.line
    if run is not None:
        if run.go.verb != "clean" or run.env.gopath_relative:
            return
        targets = []
        if run.go.flag("modcache") not in (None, "false", "0"):
            targets.append((_MODULE, run.modcache))
        if run.go.flag("cache") not in (None, "false", "0"):
            targets.append((_BUILD, run.env.gocache))
        for kind, raw in targets:
            if raw is None or not raw.startswith("/"):
                continue
            path = normalize(raw)
            filler = _filler(filled, kind, path)
            mount = _mount_over(step, path)
            yield _Wipe(step, index, kind, path, run.display, line, filler, mount)
        return
    if command.program != "rm" or not command.cwd_known:
        return
    yield from _rm_wipes(step, index, command, line, filled)


def _filler(filled: _Filled, kind: str, path: str) -> GoRun | None:
    for (other_kind, other_path), (run, _) in filled.items():
        if other_kind == kind and is_at_or_below(other_path, path):
            return run
    return None


def _rm_wipes(
    step: Step,
    index: int,
    command: Command,
    line: int,
    filled: _Filled,
) -> Iterator[_Wipe]:
    recursive = False
    operands: list[str] = []
    options_done = False
    for arg in command.argv[1:]:
        if options_done or not arg.startswith("-") or arg == "-":
            operands.append(arg)
        elif arg == "--":
            options_done = True
        elif arg.startswith("--"):
            recursive = recursive or arg == "--recursive"
        else:
            recursive = recursive or "r" in arg or "R" in arg
    if not recursive or not operands:
        return
    state = step.before
    user = state.user if command.user is None else state.resolve_user(command.user, line)
    env = state.go(user, dict(command.env), inherit=not command.env_reset)
    cwd = normalize(command.cwd, state.workdir) if command.cwd else state.workdir
    caches = ((_MODULE, env.gomodcache), (_BUILD, env.gocache))
    values = {"GOMODCACHE": env.gomodcache, "GOCACHE": env.gocache, "GOPATH": env.gopath}
    text = " ".join(command.argv)
    if len(text) > 60:
        text = text[:57].rstrip() + "…"
    for operand in operands:
        target = _rm_target(operand, values, cwd)
        if target is None:
            continue
        for kind, raw in caches:
            if raw is None or not raw.startswith("/"):
                continue
            cache = normalize(raw)
            if not is_at_or_below(cache, target):
                continue
            filler = _filler(filled, kind, cache)
            mount = _mount_over(step, cache)
            yield _Wipe(step, index, kind, cache, f"`{text}`", line, filler, mount)


def _rm_target(operand: str, values: dict[str, str | None], cwd: str) -> str | None:
    """The directory an ``rm -r`` operand removes (its contents, for ``dir/*``); None when it
    cannot be told or is ``/``."""
    word = operand
    for name in _GO_ENV_WORDS:
        for form in (f"$(go env {name})", f"`go env {name}`"):
            if form in word:
                value = values.get(name)
                if value is None:
                    return None
                word = word.replace(form, value)
    if word.endswith("/*"):
        word = word[:-2] or "/"
    if not word or any(c in word for c in "$`*?[{"):
        return None
    target = normalize(word, cwd)
    return None if target == "/" else target


# --------------------------------------------------------------------------------------------
# The findings


def _copied_from(model: DockerfileModel) -> dict[int, int]:
    """Stage index -> the first line that copies from it (COPY --from or a RUN mount)."""
    names = {s.name.lower(): s.index for s in model.stages if s.name}
    copied: dict[int, int] = {}
    for stage in model.stages:
        for step in stage.steps:
            if step.copy is not None and step.copy.from_stage is not None:
                copied.setdefault(step.copy.from_stage, step.line)
            for mount in step.mounts:
                ref = (mount.from_ or "").lower()
                source = int(ref) if ref.isdigit() else names.get(ref)
                if source is not None and source < stage.index:
                    copied.setdefault(source, step.line)
    return copied


def _fix_clean(wipe: _Wipe) -> str:
    mount = "/go/pkg/mod" if wipe.kind == _MODULE else "/root/.cache/go-build"
    return (
        f"Remove {wipe.what} from line {wipe.line}. To keep the {_NAMES[wipe.kind]} out of the "
        "image, clean it in the same RUN as the last go command, or build in a stage that the "
        "final image only copies the binary from, or mount the cache "
        f"(`RUN --mount=type=cache,target={mount}`, the path `go env` prints)."
    )


def _repeat(model: DockerfileModel, wipe: _Wipe, use: _Later) -> Hit:
    filler = wipe.filler
    assert filler is not None
    cache = _NAMES[wipe.kind]
    where = ""
    if use.stage != wipe.step.stage:
        where = f" (in {model.stages[use.stage].label}, built FROM this one)"
    if wipe.kind == _MODULE:
        cost = "it downloads every module again"
    else:
        cost = "it compiles every package again, the standard library included"
    message = (
        f"{wipe.what} at line {wipe.line} empties the {cache} {wipe.path} that "
        f"{filler.display} at line {filler.line} filled, and {use.run.display} at line "
        f"{use.run.line}{where} needs it again: {cost}"
    )
    return Hit(wipe.step.instruction.span, message, Severity.WARNING, _fix_clean(wipe))


def _mount_emptied(wipe: _Wipe) -> Hit:
    mount = wipe.mount
    assert mount is not None
    named = f"target={mount.target}" + (f",id={mount.id}" if mount.id else "")
    message = (
        f"{wipe.what} at line {wipe.line} empties the {_NAMES[wipe.kind]} {wipe.path}, which "
        f"the cache mount `{named}` of this RUN holds: the mount is kept between builds so that "
        "they reuse it, and emptying it makes the next build start from nothing"
    )
    fix = (
        f"Remove {wipe.what}: a cache mount is not part of the image, so cleaning it shrinks "
        "nothing."
    )
    return Hit(wipe.step.instruction.span, message, Severity.WARNING, fix)


def _thrown_away(stage: Stage, group: list[_Wipe], copy_line: int) -> Hit:
    wipe = group[0]
    names = list(dict.fromkeys(_NAMES[each.kind] for each in group))
    caches = " and ".join(names)
    reach = "reach" if len(names) > 1 else "reaches"
    message = (
        f"{wipe.what} at line {wipe.line} is the last go step of {stage.label}, whose files "
        f"are only copied out (line {copy_line}): the {caches} it removes never {reach} the "
        "final image anyway, so it only shrinks a layer the multi-stage build throws away, "
        "and costs the time to delete it"
    )
    fix = (
        f"Remove {wipe.what}: the final image gets only what COPY --from copies out of "
        f"{stage.label}."
    )
    return Hit(wipe.step.instruction.span, message, Severity.INFO, fix)


RULE = Rule(
    code="DG121",
    name="module-cache-wiped",
    severity=Severity.WARNING,
    summary="A Go cache is emptied while later go commands of the build still need it.",
    doc=__doc__ or "",
    check=check,
    kind=RuleKind.PERFORMANCE,
)
