"""## What it does
Finds go commands in a `RUN` that switch to another user through `sudo`, `su`, `runuser`,
`gosu` or `su-exec` instead of a `USER` instruction: the go command then runs as root (or
another account) while the stage's `USER` is someone else. The finding sits on the `RUN` and
its message says what the wrapper does to that go command:

- **error** when `sudo` (or a login `su -`/`runuser -l`) calls a bare `go` in an official
  Debian-based `golang` image: sudo replaces `PATH` with its `secure_path`, which lacks
  `/usr/local/go/bin` (`-E` does not keep `PATH`: `secure_path` wins), so the step fails with
  `go: command not found`;
- **error** when the stage's `USER` is not root and the wrapper is `su`, `runuser`, `gosu` or
  `su-exec`: only root can switch users with them without a password, so the step fails before
  go starts;
- **error** when root writes something that a later go command of the stage's user must write
  again: a module cache that `sudo -E` filled with root-owned files, followed by a command that
  must add modules (`go get`, `go install pkg@version`, `go mod download <module>`), or a file
  the root command created in the working tree (`go.sum`, `vendor/`, an output binary) that the
  user's command rewrites;
- **warning** otherwise. With a full path (`sudo /usr/local/go/bin/go build`) and the
  environment reset, go runs with root's own `HOME` and `GOPATH` (`/root/go`): the caches stay
  apart, and only the files it writes in the working tree become root-owned. With `sudo -E`
  (`--preserve-env`) and a full path it keeps the user's `HOME` and `GOPATH` and leaves
  root-owned files in the user's module and build caches. A go command dropped from root to a
  user (`gosu app go build` while `USER` is root) runs with that user's home and caches, which
  the Dockerfile does not show.

When the base image is not an official `golang` image (a Debian or Alpine image with Go
installed some other way, an Alpine `golang` image, or an image this tool does not know) and
the command is a bare `go`, whether the replaced `PATH` still finds go cannot be told: that is a
**warning**. The rule assumes the stock sudoers policy (`env_reset` with `secure_path`); an
image that changes it may behave otherwise.

It stays silent when the stage's `USER` is already the wrapper's target user, when the stage's
user cannot be told (an unknown base image and no `USER`), and for `gosu`/`su-exec` in
`ENTRYPOINT`/`CMD`, where dropping from root to a user when the container starts is the usual,
safe pattern: only `RUN` is checked.

## Why is this bad?
`sudo` is not a lighter `USER`. It resets the environment, so `ENV PATH`, `GOPATH`,
`GOFLAGS` and `GOCACHE` do not reach go, and in the official images `sudo go build` fails with
`go: command not found`. When go does run, it runs as root: the files it creates are
root-owned, and a later go command of the stage's user fails on them with `permission
denied`. The user switch is also invisible to anyone reading the `USER` lines.

## Example
```dockerfile
FROM golang:1.22
RUN apt-get update && apt-get install -y sudo
RUN useradd -m app && echo 'app ALL=(ALL) NOPASSWD:ALL' > /etc/sudoers.d/app
USER app
WORKDIR /home/app/src
COPY --chown=app:app . .
RUN sudo go build -o /home/app/bin/server .
```

## Use instead
```dockerfile
FROM golang:1.22
RUN useradd -m app
USER app
WORKDIR /home/app/src
COPY --chown=app:app . .
RUN go build -o /home/app/bin/server .
```

When a step really needs root, say so with `USER root` before it and `USER app` after it.

## References
- [sudoers manual: env_reset and secure_path](https://www.sudo.ws/docs/man/sudoers.man/)
- [Dockerfile reference: USER](https://docs.docker.com/reference/dockerfile/#user)
- [Go modules reference: the module cache](https://go.dev/ref/mod#module-cache)
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator, Sequence

from dockerlint_go.findings import Severity
from dockerlint_go.model.fs import is_below
from dockerlint_go.model.gocmd import CacheWrite
from dockerlint_go.model.goenv import GoEnv
from dockerlint_go.model.stages import DockerfileModel, GoRun, Step
from dockerlint_go.model.users import User, same_owner
from dockerlint_go.rules._rule import Hit, Rule

# Wrappers that switch users (outermost first in Command.wrappers; the last one decides).
_SWITCHERS = frozenset({"sudo", "su", "runuser", "gosu", "su-exec"})
# Wrappers that cannot switch users unless they already run as root.
_ROOT_ONLY = frozenset({"su", "runuser", "gosu", "su-exec"})


def _switcher(run: GoRun) -> str | None:
    for name in reversed(run.go.command.wrappers):
        if name in _SWITCHERS:
            return name
    return None


def _same_user(a: User, b: User, step: Step) -> bool:
    if a.spec is not None and a.spec == b.spec:
        return True
    if a.is_root and b.is_root:
        return True
    return same_owner(a.owner, b, step.before.accounts) is True


def check(model: DockerfileModel) -> Iterator[Hit]:
    # Stages built FROM another share its steps: each command is judged once per chain, and
    # the worst verdict wins (a later stage of one chain may be the one that fails).
    found: dict[tuple[int, int], Hit] = {}
    for chain in model.chains():
        for index, step in enumerate(chain):
            if step.instruction.keyword != "RUN":
                continue  # gosu/su-exec in ENTRYPOINT/CMD: the safe, intended direction
            for position, run in enumerate(step.go):
                hit = _judge(run, step, chain[index + 1 :])
                key = (step.line, position)
                if hit is not None and (key not in found or hit.severity is Severity.ERROR):
                    found[key] = hit
    for key in sorted(found):
        yield found[key]


def _judge(run: GoRun, step: Step, later: Sequence[Step]) -> Hit | None:
    wrapper = _switcher(run)
    stage_user = step.before.user
    if wrapper is None or run.go.command.user is None or stage_user.spec is None:
        return None
    target = run.user
    if _same_user(target, stage_user, step):
        return None
    command = run.go.command
    where = f"{run.display} at line {run.line}"
    via = f"through {wrapper} as {target.label}"
    user_line = f" (line {stage_user.line})" if stage_user.line else ""
    stage = f"the stage's USER is {stage_user.label}{user_line}"
    fix = (
        f"Drop `{wrapper}` and run go as {stage_user.label}; if the step needs "
        f"{target.label}, say so with `USER {target.label}` before it and "
        f"`USER {stage_user.label}` after it."
    )
    span = step.instruction.span
    if stage_user.is_root is False and wrapper in _ROOT_ONLY:
        message = (
            f"{where} runs {via}, but {stage} and {wrapper} can switch users only when run "
            "as root: the step fails before go starts"
        )
        return Hit(span, message, Severity.ERROR, fix)
    program = command.argv[0] if command.argv else "go"
    # sudo replaces PATH with its secure_path even with -E; su -/runuser -l set a login PATH.
    if (wrapper == "sudo" or command.env_reset) and "/" not in program:
        image = step.before.image
        what = "its secure_path" if wrapper == "sudo" else "the login PATH"
        if image is not None and image.family == "golang" and not image.busybox:
            message = (
                f"{where} runs {via} while {stage}: {wrapper} replaces PATH with {what}, which "
                f"lacks /usr/local/go/bin in the official golang image, so the step fails "
                f"with '{program}: command not found'"
            )
            return Hit(span, message, Severity.ERROR, fix)
        message = (
            f"{where} runs {via} while {stage}: {wrapper} replaces PATH with {what}, and whether "
            f"that finds {program} in this base image cannot be told; if it does, go runs as "
            f"{target.label} and the files it writes are owned by {target.label}"
        )
        return Hit(span, message, Severity.WARNING, fix)
    return _runs(run, step, later, wrapper, stage_user, where, via, stage, fix)


def _runs(
    run: GoRun,
    step: Step,
    later: Sequence[Step],
    wrapper: str,
    stage_user: User,
    where: str,
    via: str,
    stage: str,
    fix: str,
) -> Hit:
    """The command does run, as another user: what it leaves behind."""
    command = run.go.command
    target = run.user
    span = step.instruction.span
    preserved = wrapper == "sudo" and not command.env_reset
    # sudo -E keeps the user's HOME as well: go uses the stage user's caches.
    env = step.before.go(stage_user, dict(command.env)) if preserved else run.env
    mine = step.before.go(stage_user)
    shared_mod = _shared_modcache(run, env, mine)
    shared_build = env.gocache if env.gocache and env.gocache == mine.gocache else None
    created = _created(run, step)
    conflict = (
        _later_conflict(later, stage_user, step, shared_mod, created)
        if stage_user.is_root is False
        else None
    )
    writes = [w for w in (run.target(x) for x in run.go.writes if x != ".") if w]
    files = f" ({', '.join(created or writes)})" if created or writes else ""
    if preserved or shared_mod or shared_build:
        caches = " and ".join(
            f"{kind} {path}"
            for kind, path in (("module cache", shared_mod), ("build cache", shared_build))
            if path
        )
        how = " with the environment kept (-E)" if preserved else ""
        effect = f"it runs{how} on {stage_user.label}'s {caches}" if caches else "it runs"
        effect += f" and leaves files there owned by {target.label}"
        if files:
            effect += f", as are the files it creates{files}"
    else:
        effect = (
            f"it runs with {target.label}'s own HOME ({env.home}) and GOPATH ({env.gopath}), "
            f"so the caches stay apart and only the files it creates{files} are owned by "
            f"{target.label}"
        )
    message = f"{where} runs {via} while {stage}: {effect}"
    if conflict is not None:
        message += f"; {conflict}, and fails with permission denied"
        return Hit(span, message, Severity.ERROR, fix)
    return Hit(span, message, Severity.WARNING, fix)


def _shared_modcache(run: GoRun, env: GoEnv, mine: GoEnv) -> str | None:
    """The stage user's module cache, when this command fills it."""
    if not run.go.resolves_modules or run.go.cache is CacheWrite.NONE:
        return None
    if not run.module_mode or run.vendored or run.cache_mount is not None:
        return None
    cache = env.gomodcache
    return cache if cache is not None and cache == mine.gomodcache else None


def _created(run: GoRun, step: Step) -> list[str]:
    """Paths the command creates in the working tree (they did not exist before)."""
    out: list[str] = []
    for written in run.go.writes:
        if written == "." or "<" in written:
            continue
        path = run.target(written)
        if path is None or step.before.fs.exists(path) is True:
            continue
        out.append(path)
    return out


# Files go rewrites in place (their owner matters), and trees it deletes before writing them
# again. An output binary is not among them: go renames it over the old one, which needs only
# a writable directory.
_IN_PLACE = frozenset({"go.mod", "go.sum", "go.work", "go.work.sum", "vendor"})


def _in_place(path: str) -> bool:
    return posixpath.basename(path) in _IN_PLACE


def _later_conflict(
    later: Sequence[Step],
    stage_user: User,
    step: Step,
    shared_mod: str | None,
    created: list[str],
) -> str | None:
    """The first later go command of the stage's user that must write what root created."""
    for other in later:
        for run in other.go:
            if not _same_user(run.user, stage_user, step):
                continue
            at = f"{run.display} at line {run.line} runs as {stage_user.label}"
            if (
                shared_mod is not None
                and run.modcache == shared_mod
                and run.go.cache is CacheWrite.MUST
                and run.module_mode
                and run.cache_mount is None
                and not run.vendored
            ):
                return f"{at} and must add modules to {shared_mod}"
            for written in run.go.writes:
                path = run.target(written) if written != "." else None
                if path is None:
                    continue
                for made in created:
                    if is_below(path, made) or (path == made and _in_place(made)):
                        return f"{at} and must rewrite {made}"
    return None


RULE = Rule(
    code="DG105",
    name="go-under-sudo",
    severity=Severity.WARNING,
    summary="A go command in RUN switches users through sudo, su, runuser, gosu or su-exec.",
    doc=__doc__ or "",
    check=check,
)
