"""## What it does
Finds go commands that need the build cache but cannot have one. Compiling and
package-loading commands (`go build`, `go test`, `go install`, `go run`, `go vet`,
`go list`, `go generate`) open the build cache before they do anything; `go mod download`,
`go mod tidy` and the other module commands do not, and are never reported.

- **error** when a non-root user runs such a command with `GOCACHE` unset and its default
  location (`$HOME/.cache/go-build`, or `$XDG_CACHE_HOME/go-build` when that is set) cannot be
  created by the user: a user created without a home (`useradd` without `-m`,
  `adduser --no-create-home`, `adduser -H`), a numeric UID with no passwd entry (Docker gives it
  `HOME=/`), `nobody`, or a home that belongs to another user. go stops with
  `failed to initialize build cache at /home/app/.cache/go-build: mkdir /home/app: permission
  denied`;
- **error** when `GOCACHE=off`, for any user, whether it comes from `ENV`, from an `ARG`, or
  from a `GOCACHE=off go build` prefix: since Go 1.12 the build cache is required, and go stops
  with `build cache is disabled by GOCACHE=off, but required as of Go 1.12`. A stage whose Go
  is known to be older than 1.12 is not reported.

`CMD` and `ENTRYPOINT` are checked too, with the stage's final user: `go run .` at container
start fails the same way.

It stays silent when `GOCACHE` is set to another path, when a cache mount
(`RUN --mount=type=cache`) covers the build cache, and when whether the user can create the
directory cannot be told: an unknown base image, whose passwd entries and home directories this
tool does not know. A wrong guess there would be a false alarm, so the rule says nothing rather
than warn.

The module cache has its own rule (DG104, `gomodcache-unset`): a user without a home usually
has both problems, and each rule reports its own.

## Why is this bad?
The build cache is not optional: since Go 1.12 there is no way to build without one. A user
that cannot create its default location fails on the first compile, and the message points at
a directory the Dockerfile never mentions.

## Example
```dockerfile
FROM golang:1.22
RUN useradd app
USER app
WORKDIR /tmp/src
COPY --chown=app:app . .
RUN go build -o /tmp/server .
```

## Use instead
```dockerfile
FROM golang:1.22
RUN useradd -m app
USER app
WORKDIR /home/app/src
COPY --chown=app:app . .
RUN go build -o /home/app/server .
```

Or keep the user without a home and give go a cache it can write:
`ENV GOCACHE=/tmp/go-build`.

`--fix` adds `ENV GOCACHE=<home>/.cache/go-build` (`/home/app/.cache/go-build`) on a new line
right after the `USER` instruction that switches to the user, when the file shows that user's
home existing and owned by it (a `HOME` or `XDG_CACHE_HOME` pointing elsewhere is then
bypassed). It needs `--unsafe-fixes`: the build cache moves, away from any cache mount or CI
cache on the old location. No fix is offered when no such home is known (a user created
without one, a uid without a passwd entry, a home owned by another user), when the user comes
from `sudo -u` or `su` rather than a `USER` instruction, or for `GOCACHE=off`, which only
removing it repairs.

## References
- [go command: build and test caching](https://pkg.go.dev/cmd/go#hdr-Build_and_test_caching)
- [Go 1.12 release notes: the build cache is now required](https://go.dev/doc/go1.12#gocache)
"""

from __future__ import annotations

from collections.abc import Iterator

from dockerlint_go.findings import Severity
from dockerlint_go.fixes import Applicability, Fix, home_env_fix
from dockerlint_go.model.fs import is_at_or_below, normalize
from dockerlint_go.model.stages import Access, DockerfileModel, GoRun, Stage, State, Step
from dockerlint_go.model.users import cache_in_home
from dockerlint_go.rules._rule import Hit, Rule


def check(model: DockerfileModel) -> Iterator[Hit]:
    seen: set[int] = set()
    for stage in model.stages:
        reported: set[tuple[str | None, str]] = set()
        for index, step in enumerate(stage.steps):
            after = _after(stage, index)
            for run in step.go:
                if not run.go.uses_build_cache or run.line in seen:
                    continue
                hit = _judge(run, step, after, model)
                if hit is None:
                    continue
                key = (run.user.owner, run.env.gocache or "")
                if key in reported:
                    continue  # the first failing command of this user and cache stops the build
                reported.add(key)
                seen.add(run.line)
                yield hit


def _after(stage: Stage, index: int) -> State:
    """The state once a step has run (CMD/ENTRYPOINT: the stage's final state)."""
    step = stage.steps[index]
    if step.instruction.keyword in ("CMD", "ENTRYPOINT") or index + 1 >= len(stage.steps):
        return stage.final
    return stage.steps[index + 1].before


def _origin(run: GoRun, state: State) -> str:
    """Where the GOCACHE value came from, for messages."""
    if run.go.command.env_value("GOCACHE") is not None:
        return "set on the command"
    line = state.env_lines.get("GOCACHE")
    if "GOCACHE" in state.env:
        return f"ENV at line {line}" if line else "set by the base image"
    if "GOCACHE" in state.args:
        return "from an ARG"
    return "set in the RUN"


def _gocache_set(run: GoRun, state: State) -> bool:
    return (
        run.go.command.env_value("GOCACHE") is not None
        or "GOCACHE" in state.env
        or "GOCACHE" in state.args
    )


def _autofix(model: DockerfileModel, run: GoRun, state: State) -> Fix | None:
    """``ENV GOCACHE=<home>/.cache/go-build`` right after the USER that switched to the user,
    when that home is known to exist, to belong to the user, and to let it create the cache;
    None otherwise (no home created, a home of another user, an unknown user, a user set by
    ``sudo -u``)."""
    cache = cache_in_home(run.user, state, ".cache/go-build")
    return None if cache is None else home_env_fix(model, run.user, "GOCACHE", cache)


def _judge(run: GoRun, step: Step, after: State, model: DockerfileModel) -> Hit | None:
    runtime = step.instruction.keyword in ("CMD", "ENTRYPOINT")
    state = after if runtime else step.before
    gocache = run.env.gocache
    command = f"{run.display} at line {run.line}"
    span = step.instruction.span
    if gocache == "off":
        if state.go_image.at_least(12) is False:
            return None  # before Go 1.12 GOCACHE=off was allowed
        message = (
            f"{command} runs with GOCACHE=off ({_origin(run, state)}): since Go 1.12 the "
            "build cache is required, so go stops with 'build cache is disabled by "
            "GOCACHE=off, but required as of Go 1.12'"
        )
        fix = "Remove GOCACHE=off; to keep the image small, use a cache mount or `go clean -cache`."
        return Hit(span, message, Severity.ERROR, fix)
    if run.user.is_root is not False or gocache is None or not gocache.startswith("/"):
        return None
    if _gocache_set(run, state):
        return None  # GOCACHE chosen by the Dockerfile, not a default
    if any(
        mount.type == "cache"
        and mount.target is not None
        and is_at_or_below(gocache, normalize(mount.target, state.workdir))
        for mount in step.mounts
    ):
        return None  # a cache mount holds the build cache
    access = state.access(run.user, gocache)
    if access.writable is not False:
        return None
    if not runtime and after.access(run.user, gocache).writable is not False:
        return None  # the same RUN creates what the user needs (a home, a chown)
    user = run.user.label
    message = (
        f"{command} runs as {user} with GOCACHE unset, so the build cache is {gocache}; "
        f"{_why_not(run, state, access)}: {user} cannot create it, and go stops with "
        f"'failed to initialize build cache at {gocache}: … permission denied'"
    )
    fix = (
        f"Give {user} a home it owns (`useradd -m {user}`), or set `ENV GOCACHE=` to a "
        f"directory {user} can write (e.g. /tmp/go-build), or mount a cache there with "
        f"`uid=` set to {user}'s uid."
    )
    return Hit(span, message, Severity.ERROR, fix, _autofix(model, run, state))


def _why_not(run: GoRun, state: State, access: Access) -> str:
    user = run.user
    home = run.env.home
    account = state.accounts.get(user.name or "")
    if (
        account is not None
        and not account.home_created
        and home == account.home
        and state.fs.exists(home) is not True
    ):
        created = f" (created at line {account.line} without a home)" if account.line else ""
        return f"{user.label}'s home {home} does not exist{created}"
    if user.has_account is False and user.uid is not None:
        return f"uid {user.uid} has no passwd entry, so HOME=/"
    fact = access.fact
    owner = fact.owner if fact is not None and fact.owner else "another user"
    mode = f", mode {fact.mode:o}" if fact is not None and fact.mode is not None else ""
    return f"{access.checked} belongs to {owner}{mode}"


RULE = Rule(
    code="DG106",
    name="build-cache-unwritable",
    severity=Severity.ERROR,
    summary="A go command needs the build cache, but GOCACHE is off or cannot be created.",
    doc=__doc__ or "",
    check=check,
    fixable=Applicability.UNSAFE,
)
