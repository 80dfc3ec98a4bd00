"""## What it does
Finds a build that makes up or rewrites the module definition (go.mod and go.sum) instead of
building the one in the repository:

- `go mod init` in a directory the build context's sources were copied to. It is an **error**
  when a go.mod is already there (the context's go.mod, copied by name or with its directory
  when the build context is read, or an earlier `go mod init`): go stops with
  `go: /src/go.mod already exists`. Without a readable build context, after a directory copy
  such as `COPY . .`, whether the repository has a go.mod cannot be told: **warning**;
- `go mod tidy` (without `-diff`) on the repository's module: **warning**;
- `go get` with a version query (`pkg@v1.2.3`, `pkg@latest`, `pkg@none`) or `-u` on the
  repository's module: **warning**;
- `-mod=mod` on a `go build`, `go install`, `go test` or `go run` of the main module, whether it
  is written on the command line, set as `GOFLAGS=-mod=mod` in front of the command, exported
  earlier in the `RUN`, or set with `ENV` (directly or through an `ARG`): **warning**, reported
  where the setting is made (the `ENV` line, or the `RUN`).

`go mod tidy`, `go get` and a `go mod init` that does not fail are reported only when the module
they change is then built: by a `go build`, `go install`, `go test` or `go run` of the main
module's own packages later in the same stage, in a stage built `FROM` it, or in a stage that
copies the rewritten go.mod out with `COPY --from` and builds it. A helper stage that only
tidies and exports go.mod and go.sum (`docker build --target tidy --output .`) builds nothing
into an image and stays silent. So does a `go mod init` with no sources copied to its directory
(a scratch module made to install a tool), and the `go mod tidy` or `go get` that follows a
reported `go mod init` (that finding covers them).

A `go get pkg` without a version or `-u` is left to DG119 (`go-get-install`), which reports
`go get` used to install a command; so is a `go get pkg@version` whose command is run afterwards.
Commands in GOPATH mode, or whose mode cannot be told, are not reported.

## Why is this bad?
go.mod and go.sum pin the exact dependency versions that were reviewed, tested and committed.
A build that runs `go mod tidy`, `go get -u` or a `-mod=mod` build lets go pick versions on its
own at build time: a requirement missing from go.mod is resolved to the newest release, an
upgrade is taken, and the go.sum lines for them are generated during the build instead of being
checked against the committed ones. The image then contains code nobody reviewed, and two
builds of the same commit can differ. Since Go 1.16 builds default to `-mod=readonly`, which
stops on exactly these cases (`missing go.sum entry`, `updates to go.mod needed`) so that they
are fixed in the repository.

## Example
```dockerfile
FROM golang:1.22
WORKDIR /src
COPY . .
RUN go mod tidy && go build -o /out/app .
```

## Use instead
```dockerfile
FROM golang:1.22
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN go build -o /out/app .
```

Run `go mod tidy` in the repository and commit go.mod and go.sum; in CI, `go mod tidy -diff`
(Go 1.23) fails when they are not tidy.

## References
- [Go modules reference: go mod tidy](https://go.dev/ref/mod#go-mod-tidy)
- [Go modules reference: -mod=mod and -mod=readonly](https://go.dev/ref/mod#build-commands)
- [Go modules reference: go.sum files](https://go.dev/ref/mod#go-sum-files)
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from fnmatch import fnmatchcase

from dockerlint_go.findings import Severity
from dockerlint_go.model.fs import is_at_or_below, normalize
from dockerlint_go.model.gocmd import goflags_mod
from dockerlint_go.model.modules import MarkSource, Module, ModuleMode, find_module
from dockerlint_go.model.span import Span
from dockerlint_go.model.stages import DockerfileModel, GoRun, Step
from dockerlint_go.model.stepfacts import go_dir
from dockerlint_go.record import Record
from dockerlint_go.rules._rule import Hit, Rule

_BUILDS = frozenset({"build", "install", "test", "run"})


def check(model: DockerfileModel) -> Iterator[Hit]:
    hits: list[Hit] = []
    env_lines: set[int] = set()  # ENV lines already reported for -mod=mod
    for stage in model.stages:
        for step in stage.steps:
            rewrites: list[_Rewrite] = []
            for index, run in enumerate(step.go):
                if run.mode is not ModuleMode.MODULE:
                    continue
                if run.go.verb == "mod init":
                    hit = _init(model, step, index, run)
                    if hit is not None:
                        hits.append(hit)
                    continue
                rewrite = _rewrite(model, step, index, run)
                if rewrite is not None:
                    rewrites.append(rewrite)
            if rewrites:
                hits.append(_rewrite_hit(step, rewrites))
            hits.extend(_mod_mod(model, step, env_lines))
    hits.sort(key=lambda hit: hit.span.line)
    yield from hits


class _Rewrite(Record):
    """A ``go mod tidy`` or ``go get`` that changes the module a later command builds."""

    run: GoRun
    what: str  # "rewrites /src/go.mod and its go.sum …"
    built: str  # "`go build .` at line 9 builds it"


def _rewrite(model: DockerfileModel, step: Step, index: int, run: GoRun) -> _Rewrite | None:
    verb = run.go.verb
    module = run.module
    if module is None or module.source is MarkSource.INIT:
        return None  # no module, or one the build made itself (its `go mod init` is reported)
    gomod = posixpath.join(module.dir, "go.mod")
    if verb == "mod tidy" and run.go.writes:
        what = f"rewrites {gomod} and its go.sum to what it resolves at build time"
    elif verb == "get" and _get_changes(run):
        if _tool_used_later(model, step, index, run):
            return None  # a tool fetched with go get and then run: DG119's finding
        what = f"changes the requirements in {gomod} and its go.sum"
    else:
        return None
    built = _built_later(model, step, index, module)
    return None if built is None else _Rewrite(run, what, built)


def _rewrite_hit(step: Step, rewrites: list[_Rewrite]) -> Hit:
    """One finding per RUN: the first command that rewrites the module, naming the others."""
    first = rewrites[0]
    others = "".join(
        f"; {each.run.display} at line {each.run.line} {each.what.split(' ', 1)[0]} it too"
        for each in rewrites[1:]
    )
    message = (
        f"{first.run.display} at line {first.run.line} {first.what}, and {first.built}"
        f"{others}: the image is built from a module definition made during the build, not "
        "the go.mod and go.sum that were reviewed and tested, and the go.sum lines it adds "
        "are generated instead of checked against committed ones"
    )
    verbs = {each.run.go.verb for each in rewrites}
    if "get" in verbs:
        shown = next(each.run.display for each in rewrites if each.run.go.verb == "get")
        tidy = " and `go mod tidy`" if "mod tidy" in verbs else ""
        fix = (
            f"Run {shown}{tidy} in the repository, commit go.mod and go.sum, and remove "
            f"{'them' if len(rewrites) > 1 else 'it'} from the Dockerfile."
        )
    else:
        fix = (
            "Run `go mod tidy` in the repository and commit go.mod and go.sum; in the "
            "Dockerfile copy them and run `go mod download` (to check in CI: "
            "`go mod tidy -diff`, Go 1.23)."
        )
    return Hit(step.instruction.span, message, Severity.WARNING, fix)


def _get_changes(run: GoRun) -> bool:
    """``go get`` with a version query or ``-u``: it rewrites requirements on purpose."""
    upgrade = run.go.flag("u")
    if upgrade is not None and upgrade not in ("false", "0"):
        return True
    return any("@" in operand for operand in run.go.operands)


def _tool_used_later(model: DockerfileModel, step: Step, index: int, run: GoRun) -> bool:
    """A ``go get`` operand whose command is run afterwards (DG119's case)."""
    names = set()
    for operand in run.go.operands:
        path = operand.split("@", 1)[0].rstrip("/")
        parts = [p for p in path.split("/") if p and p != "..."]
        if len(parts) > 1 and parts[-1][:1] == "v" and parts[-1][1:].isdigit():
            parts.pop()  # a /vN major-version suffix
        if parts:
            names.add(parts[-1])
    if not names:
        return False
    position = step.go[index].go.command
    for chain_step in _after(model, step):
        started = chain_step is not step
        for command in chain_step.commands:
            if command is position:
                started = True
                continue
            if started and command.program in names:
                return True
    return False


def _after(model: DockerfileModel, step: Step) -> Iterator[Step]:
    """The step itself and every step that comes after it in a chain that contains it."""
    seen: set[int] = set()
    for chain in model.chains():
        for position, each in enumerate(chain):
            if each is step:
                for later in chain[position:]:
                    if id(later) not in seen:
                        seen.add(id(later))
                        yield later
                break


def _local(run: GoRun) -> bool:
    """The command builds the main module's own packages (``.``, ``./cmd/x``, ``./...``, .go
    files), not a package of a dependency (a tool built through go.mod)."""
    return all(
        arg.startswith(("./", "../", "/")) or arg in (".", "..") or arg.endswith(".go")
        for arg in run.go.operands
    )


def _is_build_of(run: GoRun, directory: str) -> bool:
    return (
        run.go.verb in _BUILDS
        and not run.go.versioned
        and run.mode is ModuleMode.MODULE
        and run.module is not None
        and run.module.dir == directory
        and _local(run)
    )


def _built_later(model: DockerfileModel, step: Step, index: int, module: Module) -> str | None:
    """How the module is built after the command: "`go build .` at line 9 builds it", or None
    when nothing builds it (a helper stage that only exports go.mod and go.sum)."""
    for later in _after(model, step):
        runs = step.go[index + 1 :] if later is step else later.go
        for run in runs:
            if _is_build_of(run, module.dir):
                where = ""
                if later.stage != step.stage:
                    where = f" in {model.stages[later.stage].label}"
                return f"{run.display} at line {run.line}{where} builds it"
    return _built_after_export(model, step, module)


def _built_after_export(model: DockerfileModel, step: Step, module: Module) -> str | None:
    """The go.mod is copied out of the stage with COPY --from and built where it lands."""
    gomod = posixpath.join(module.dir, "go.mod")
    for stage in model.stages:
        for copy_step in stage.steps:
            spec = copy_step.copy
            if spec is None or spec.from_stage is None or copy_step.stage == step.stage:
                continue
            if not _in_lineage(model, spec.from_stage, step.stage):
                continue
            if not any(_brings(source, gomod) for source in spec.sources):
                continue
            for later in _after(model, copy_step):
                for run in later.go:
                    if (
                        _is_build_of(run, run.module.dir if run.module else "")
                        and run.module is not None
                        and run.module.line == copy_step.line
                    ):
                        return (
                            f"the COPY --from at line {copy_step.line} brings that go.mod into "
                            f"{stage.label}, where {run.display} at line {run.line} builds it"
                        )
    return None


def _in_lineage(model: DockerfileModel, stage_index: int, ancestor: int) -> bool:
    if not 0 <= stage_index < len(model.stages):
        return False
    return any(s.index == ancestor for s in model.lineage(model.stages[stage_index]))


def _brings(source: str, gomod: str) -> bool:
    """A COPY --from source path that copies ``gomod`` (by name, glob or directory)."""
    if not source.startswith("/"):
        return False
    path = normalize(source)
    if path == gomod or is_at_or_below(gomod, path):
        return True
    directory, name = posixpath.split(path)
    return directory == posixpath.dirname(gomod) and fnmatchcase("go.mod", name)


# --------------------------------------------------------------------------------------------
# go mod init


def _init(model: DockerfileModel, step: Step, index: int, run: GoRun) -> Hit | None:
    where = go_dir(run.go, run.cwd)
    if where is None:
        return None
    before = step.before.marks
    for earlier in step.go[:index]:
        if earlier.go.verb == "mod init":
            done = go_dir(earlier.go, earlier.cwd)
            if done == where:
                made = f"`go mod init` at line {earlier.line} already made one"
                return _init_fails(step, run, where, made)
    existing = find_module(before, where, model.context)
    command = f"{run.display} at line {run.line}"
    if existing is not None and existing.dir == where:
        source = existing.source
        if source is MarkSource.CONTEXT:
            what = f"the COPY at line {existing.line} already put the build context's go.mod"
            return _init_fails(step, run, where, what)
        if source is MarkSource.INIT:
            made = f"`go mod init` at line {existing.line} already made one"
            return _init_fails(step, run, where, made)
        if source is not MarkSource.ASSUMED:
            return None  # a clone or another stage's files: whether go.mod is there is unknown
        built = _built_later(model, step, index, Module(where, MarkSource.INIT, run.line))
        message = (
            f"{command} makes a new go.mod in {where}, where the COPY at line {existing.line} "
            "put the build context's sources: if the repository has a go.mod there, go stops "
            f"with 'go: {where}/go.mod already exists'; if it has none, the build makes up the "
            "module definition and picks dependency versions itself"
            + (f" ({built})" if built else "")
        )
        return Hit(step.instruction.span, message, Severity.WARNING, _init_fix())
    copy_line = _sources_copied(model, step, where)
    if copy_line is None:
        return None  # a scratch module (to install a tool): not the repository's sources
    built = _built_later(model, step, index, Module(where, MarkSource.INIT, run.line))
    if built is None:
        return None
    message = (
        f"{command} makes up a module definition for the sources copied at line {copy_line}, "
        f"and {built}: the repository has no go.mod there, so the build picks dependency "
        "versions itself (`go mod tidy` and `go get` take the newest), the go.sum lines are "
        "generated instead of checked against committed ones, and two builds of the same "
        "commit can differ"
    )
    return Hit(step.instruction.span, message, Severity.WARNING, _init_fix())


def _init_fails(step: Step, run: GoRun, where: str, what: str) -> Hit:
    message = (
        f"{run.display} at line {run.line} runs in {where}, where {what}: go stops with "
        f"'go: {where}/go.mod already exists'"
    )
    fix = (
        "Remove `go mod init` (and a `go mod tidy` after it): build the repository's go.mod "
        "and go.sum, copied before `go mod download`."
    )
    return Hit(step.instruction.span, message, Severity.ERROR, fix)


def _init_fix() -> str:
    return (
        "Create go.mod and go.sum in the repository once (`go mod init`, `go mod tidy`), "
        "commit them, copy them into the build (`COPY go.mod go.sum ./`) and remove "
        "`go mod init` from the Dockerfile."
    )


def _sources_copied(model: DockerfileModel, step: Step, where: str) -> int | None:
    """The line of the last COPY/ADD of the build context (or of a URL) before ``step`` whose
    destination holds ``where`` or puts files into it."""
    found = None
    for each in model.chain(model.stages[step.stage]):
        if each is step:
            break
        spec = each.copy
        if spec is None or not (spec.from_context or spec.remote) or spec.heredoc:
            continue
        target = spec.dest if spec.dest_is_dir else posixpath.dirname(spec.dest)
        if is_at_or_below(where, target):
            found = each.line
    return found


# --------------------------------------------------------------------------------------------
# -mod=mod


def _mod_mod(model: DockerfileModel, step: Step, env_lines: set[int]) -> Iterator[Hit]:
    reported_run = False
    for run in step.go:
        if not _is_build_of(run, run.module.dir if run.module else ""):
            continue
        go = run.go
        command = f"{run.display} at line {run.line}"
        if go.mod_flag is not None:
            if go.mod_flag != "mod" or reported_run:
                continue
            reported_run = True
            yield _mod_hit(step.instruction.span, f"{command} builds with -mod=mod", run)
            continue
        if go.env_mod_flag is not None:
            if go.env_mod_flag != "mod" or reported_run:
                continue
            reported_run = True
            setting = f"{command} runs with GOFLAGS={go.command.env_value('GOFLAGS')}"
            yield _mod_hit(step.instruction.span, f"{setting} (set in the RUN)", run)
            continue
        if goflags_mod(run.env.goflags) != "mod":
            continue
        state = step.before
        line = state.env_lines.get("GOFLAGS", 0)
        if "GOFLAGS" in state.env and line:
            if line in env_lines:
                continue
            env_lines.add(line)
            instruction = model.instruction_at(line)
            if instruction is None:
                continue
            setting = f"ENV at line {line} sets GOFLAGS={state.env['GOFLAGS']}: {command}"
            yield _mod_hit(instruction.span, f"{setting} builds with -mod=mod", run)
        elif not reported_run:
            reported_run = True
            origin = "set by the base image" if "GOFLAGS" in state.env else "from an ARG"
            setting = f"{command} runs with GOFLAGS={run.env.goflags} ({origin})"
            yield _mod_hit(step.instruction.span, setting, run)


def _mod_hit(span: Span, setting: str, run: GoRun) -> Hit:
    module = run.module
    vendor = ""
    if module is not None and module.vendor:
        vendor = ", and it ignores the vendor directory the repository ships"
    message = (
        f"{setting}: go may add missing requirements to go.mod at the newest versions and write "
        "their go.sum lines during the build instead of stopping, so the image can contain "
        f"dependencies that go.mod and go.sum never named{vendor}"
    )
    fix = (
        "Remove -mod=mod and let the build use the default -mod=readonly; fix what it reports "
        "(`missing go.sum entry`, `updates to go.mod needed`) with `go mod tidy` in the "
        "repository and commit go.mod and go.sum."
    )
    return Hit(span, message, Severity.WARNING, fix)


RULE = Rule(
    code="DG123",
    name="go-mod-regenerated",
    severity=Severity.WARNING,
    summary="The build creates or rewrites go.mod and go.sum instead of using the repository's.",
    doc=__doc__ or "",
    check=check,
)
