"""## What it does
Finds a `CMD` or `ENTRYPOINT` that compiles Go when the container starts: `go run`,
`go build` or `go test`, in exec form (`CMD ["go", "run", "."]`), in shell form
(`CMD go run .`) or through a shell (`ENTRYPOINT ["sh", "-c", "go build -o /tmp/app . &&
/tmp/app"]`), and `ENTRYPOINT ["go"]` with `CMD ["run", "."]`.

Only the command an image really starts with is looked at: the last `CMD` and `ENTRYPOINT` in
effect for a stage that can be an image of its own, meaning the last stage and any stage that
no other stage is built `FROM` or copies from (a `--target` such as a `dev` stage). A stage
built `FROM` another inherits its `CMD` and `ENTRYPOINT`, and they are judged with that stage's
user and environment. An `ENTRYPOINT` clears an inherited `CMD`, as Docker does; a `CMD` behind
an `ENTRYPOINT` is followed only through `tini` or `dumb-init`, which run their arguments.

- **error** when the start certainly fails: the image has no Go toolchain (its base is
  `scratch` or distroless and nothing is copied in that could be one); `GOCACHE=off`; or the
  runtime user is not root and cannot create its build cache (`GOCACHE` unset and
  `$HOME/.cache/go-build` not writable: a user without a home, a numeric UID with no passwd
  entry, `nobody`), or cannot create the module cache that the build never filled while the
  go.mod in the build context requires modules. These are the failures DG106
  (`build-cache-unwritable`) and DG104 (`gomodcache-unset`) describe, met at every start;
- **warning** otherwise.

It stays silent when the compile is hidden behind a program this tool cannot see into: `make`,
`task`, `air`, `CompileDaemon`, a script file, or an `ENTRYPOINT` other than `tini` and
`dumb-init` in front of the `CMD`. Guessing what they run would be a false alarm. It is silent
too for a `CMD` in a builder stage that other stages only build `FROM` or copy from: no
container starts with it. Neither hadolint nor BuildKit's checks look at what a `CMD` runs.

A development image that compiles at start on purpose (with a bind-mounted source tree) can say
so above its `FROM`: `# dockerlint-go stage ignore=DG122 -- dev image, compiles on start`.

## Why is this bad?
The container compiles the program on every start, so the image must carry the whole Go
toolchain and the sources, every start waits for the compile, and every module that is not in
the image is downloaded then, which needs network access and a module proxy at run time.
The compile needs a writable build cache (and module cache) for the runtime user: as a
non-root user without a home it fails before the program runs. What runs in production is
also compiled from whatever is in the container at that moment, not from a tested build step.

## Example
```dockerfile
FROM golang:1.22
WORKDIR /src
COPY . .
CMD ["go", "run", "."]
```

## Use instead
```dockerfile
FROM golang:1.22 AS build
WORKDIR /src
COPY . .
RUN go build -o /out/app .

FROM gcr.io/distroless/static
COPY --from=build /out/app /app
CMD ["/app"]
```

## References
- [go command: compile and run a program (`go run`)](https://pkg.go.dev/cmd/go#hdr-Compile_and_run_Go_program)
- [Dockerfile reference: CMD and ENTRYPOINT](https://docs.docker.com/reference/dockerfile/#understand-how-cmd-and-entrypoint-interact)
- [Docker docs: multi-stage builds](https://docs.docker.com/build/building/multi-stage/)
"""

from __future__ import annotations

from collections.abc import Iterator

from dockerlint_go.findings import Severity
from dockerlint_go.model.fs import Origin
from dockerlint_go.model.goenv import GoEnv
from dockerlint_go.model.stages import Access, DockerfileModel, GoRun, Stage, State, Step
from dockerlint_go.model.users import User
from dockerlint_go.rules._rule import Hit, Rule

_COMPILING = frozenset({"run", "build", "test"})
# Init programs that run their arguments as the container's command.
_INITS = frozenset({"tini", "tini-static", "dumb-init"})
_NO_TOOLCHAIN = frozenset({"scratch", "distroless"})
# Sources of a COPY that may bring a Go toolchain into an image without one.
_BROAD = frozenset({"/", "/usr", "/usr/local"})


def check(model: DockerfileModel) -> Iterator[Hit]:
    best: dict[int, Hit] = {}
    for stage in _image_stages(model):
        for hit in _judge_stage(model, stage):
            line = hit.span.line
            old = best.get(line)
            if old is None or _rank(hit) > _rank(old):
                best[line] = hit
    for line in sorted(best):
        yield best[line]


def _rank(hit: Hit) -> int:
    return (hit.severity or Severity.WARNING).rank


def _image_stages(model: DockerfileModel) -> list[Stage]:
    """The stages a container can start from: the last one, and every stage that no other
    stage is built FROM or copies from (a build target of its own)."""
    if not model.stages:
        return []
    names = {s.name.lower(): s.index for s in model.stages if s.name}
    used = {s.parent for s in model.stages if s.parent is not None}
    for stage in model.stages:
        for step in stage.steps:
            if step.copy is not None and step.copy.from_stage is not None:
                used.add(step.copy.from_stage)
            for mount in step.mounts:
                ref = (mount.from_ or "").lower()
                source = int(ref) if ref.isdigit() else names.get(ref)
                if source is not None:
                    used.add(source)
    last = model.stages[-1]
    return [s for s in model.stages if s is last or s.index not in used]


def _last(stage: Stage, keyword: str) -> Step | None:
    found = None
    for step in stage.steps:
        if step.instruction.keyword == keyword:
            found = step
    return found


def _effective(model: DockerfileModel, stage: Stage) -> tuple[Step | None, Step | None]:
    """The ENTRYPOINT and CMD a container of ``stage`` starts with (inherited through FROM
    <stage>; an ENTRYPOINT clears the CMD its stage inherited)."""
    entry: Step | None = None
    cmd: Step | None = None
    cmd_done = False
    for each in reversed(model.lineage(stage)):
        own_cmd = _last(each, "CMD")
        own_entry = _last(each, "ENTRYPOINT")
        if not cmd_done and own_cmd is not None:
            cmd, cmd_done = own_cmd, True
        elif not cmd_done and own_entry is not None:
            cmd_done = True  # the ENTRYPOINT reset the CMD inherited from the base
        if entry is None and own_entry is not None:
            entry = own_entry
    return entry, cmd


def _judge_stage(model: DockerfileModel, stage: Stage) -> Iterator[Hit]:
    entry, cmd = _effective(model, stage)
    if entry is not None:
        compiling = [run for run in entry.go if run.go.verb in _COMPILING]
        if compiling:
            yield from (_judge(model, stage, entry, run, None) for run in compiling[:1])
            return
        words = entry.instruction.exec_form
        if not words or cmd is None:
            return
        if len(entry.go) == 1 and entry.go[0].go.verb == "" and len(words) == 1:
            # ENTRYPOINT ["go"] with CMD ["run", "."]: the verb comes from the CMD.
            args = cmd.instruction.exec_form
            if args and args[0] in _COMPILING:
                yield _judge(model, stage, entry, entry.go[0], cmd)
            return
        if words[0].rsplit("/", 1)[-1] not in _INITS:
            return  # the CMD is only arguments to a program we cannot see into
    if cmd is None:
        return
    compiling = [run for run in cmd.go if run.go.verb in _COMPILING]
    if compiling:
        yield _judge(model, stage, cmd, compiling[0], None)


class _Runtime:
    """Who runs the command in a container of the target stage, and with what caches."""

    __slots__ = ("env", "state", "user")

    def __init__(self, stage: Stage, step: Step, run: GoRun) -> None:
        self.state: State = stage.final
        if step.stage == stage.index:
            self.user: User = run.user
            self.env: GoEnv = run.env
            return
        command = run.go.command
        state = self.state
        self.user = state.user if command.user is None else state.resolve_user(command.user, 0)
        env = dict(command.env)
        self.env = state.go(self.user, env, inherit=not command.env_reset, build=False)


def _judge(model: DockerfileModel, stage: Stage, step: Step, run: GoRun, cmd: Step | None) -> Hit:
    runtime = _Runtime(stage, step, run)
    keyword = step.instruction.keyword
    if cmd is not None:
        verb = cmd.instruction.exec_form[0] if cmd.instruction.exec_form else "run"
        shown = " ".join(("go", *(cmd.instruction.exec_form or ())))
        display = f"`{shown[:57].rstrip() + '…' if len(shown) > 60 else shown}`"
        where = f"{keyword} at line {step.line} with the CMD at line {cmd.line}"
    else:
        verb = run.go.verb
        display = run.display
        where = f"{keyword} at line {step.line}"
    inherited = ""
    if step.stage != stage.index:
        inherited = f" (inherited by {stage.label})"
    what = {
        "run": "compiles the program every time the container starts",
        "build": "compiles the program every time the container starts, before it runs",
        "test": "compiles and runs the tests every time the container starts, instead of once "
        "during the build",
    }[verb]
    caches = ""
    if runtime.user.is_root is False:
        caches = f"; {runtime.user.label} needs a build cache and a module cache it can write"
    message = (
        f"{where}{inherited} runs {display}: it {what}. The image must carry the Go toolchain "
        "and the sources; each start waits for the compile and downloads any module that is "
        f"not in the image (network access at run time){caches}"
    )
    failure = _failure(model, stage, run, runtime)
    if verb == "test":
        fix = (
            "Run the tests during the build (`RUN go test ./...` in a build stage) or in CI, "
            "and start the image with the program itself."
        )
    else:
        fix = (
            "Compile during the build and start the binary: `RUN go build -o /out/app .` in "
            "a build stage, `COPY --from=build /out/app /app` into the runtime stage, and "
            '`CMD ["/app"]`. For a development image that compiles on purpose, put '
            "`# dockerlint-go stage ignore=DG122` above its FROM."
        )
    span = step.instruction.span
    if failure:
        return Hit(span, f"{message}; here the start fails: {failure}", Severity.ERROR, fix)
    return Hit(span, message, Severity.WARNING, fix)


def _failure(model: DockerfileModel, stage: Stage, run: GoRun, runtime: _Runtime) -> str:
    """Why the compile certainly fails at start; "" when it may work."""
    state = runtime.state
    image = state.image
    if image is not None and image.family in _NO_TOOLCHAIN and not _may_bring_go(model, stage):
        return (
            f"the image is based on {image.family} ({stage.base}) and nothing copies a Go "
            "toolchain into it, so there is no `go` to run"
        )
    env = runtime.env
    if env.gocache == "off" and state.go_image.at_least(12) is not False:
        return (
            "GOCACHE=off, and since Go 1.12 go stops with 'build cache is disabled by "
            "GOCACHE=off, but required as of Go 1.12'"
        )
    user = runtime.user
    if user.is_root is not False:
        return ""
    gocache = env.gocache
    explicit = "GOCACHE" in state.env or run.go.command.env_value("GOCACHE") is not None
    if gocache is not None and gocache.startswith("/") and not explicit:
        access = state.access(user, gocache)
        if access.writable is False:
            return (
                f"{user.label}'s build cache is {gocache} (GOCACHE unset) and "
                f"{_why_not(user, env, state, access)}, so go stops with 'failed to "
                f"initialize build cache at {gocache}: … permission denied'"
            )
    return _modcache_failure(run, runtime)


def _modcache_failure(run: GoRun, runtime: _Runtime) -> str:
    env, state, user = runtime.env, runtime.state, runtime.user
    modcache = env.gomodcache
    module = run.module
    if not run.module_mode or run.vendored or env.gomodcache_set:
        return ""
    if modcache is None or not modcache.startswith("/"):
        return ""
    if module is None or module.gomod is None or not module.gomod.requires:
        return ""  # whether anything must be downloaded cannot be told
    fact = state.fs.fact_for(modcache)
    if fact is not None and fact.origin is Origin.MODULE_CACHE:
        return ""  # the build filled the cache: reading it works
    access = state.access(user, modcache)
    if access.writable is not False:
        return ""
    count = len(module.gomod.requires)
    return (
        f"go.mod requires {count} module{'s' if count != 1 else ''}, the build never "
        f"downloaded them into the image, and {user.label} cannot create the module cache "
        f"{modcache} ({_why_not(user, env, state, access)}): 'mkdir …: permission denied'"
    )


def _why_not(user: User, env: GoEnv, state: State, access: Access) -> str:
    home = env.home
    account = state.accounts.get(user.name or "")
    if (
        account is not None
        and not account.home_created
        and home == account.home
        and state.fs.exists(home) is not True
    ):
        created = f" (created at line {account.line} without a home)" if account.line else ""
        return f"its home {home} does not exist{created}"
    if user.has_account is False and user.uid is not None:
        return f"uid {user.uid} has no passwd entry, so HOME=/"
    fact = access.fact
    owner = fact.owner if fact is not None and fact.owner else "another user"
    mode = f", mode {fact.mode:o}" if fact is not None and fact.mode is not None else ""
    return f"{access.checked} belongs to {owner}{mode}"


def _may_bring_go(model: DockerfileModel, stage: Stage) -> bool:
    """Something copied into the stage's image could be a Go toolchain: a COPY/ADD whose
    source or destination is named like one (a ``go`` directory, a ``go1.…`` archive), is a
    whole system tree, or is a glob."""
    for step in model.chain(stage):
        spec = step.copy
        if spec is None or spec.heredoc:
            continue
        for path in (*spec.sources, spec.dest):
            clean = path.rstrip("/") or "/"
            parts = clean.split("/")
            if clean in _BROAD or "go" in parts or "*" in clean or parts[-1].startswith("go1."):
                return True
    return False


RULE = Rule(
    code="DG122",
    name="go-run-at-startup",
    severity=Severity.WARNING,
    summary="CMD or ENTRYPOINT compiles Go when the container starts.",
    doc=__doc__ or "",
    check=check,
)
