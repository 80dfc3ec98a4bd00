"""## What it does
Finds go commands that resolve modules as a non-root user while `GOMODCACHE` is not set, so
the module cache lands wherever `GOPATH` or `HOME` happen to put it
(`$GOPATH/pkg/mod`, or `$HOME/go/pkg/mod` without a `GOPATH`).

- **error** when that place provably cannot be written by the user: a user created without a
  home (`useradd` without `-m`, `adduser --no-create-home`, `adduser -H`), a numeric UID with no
  passwd entry (Docker gives it `HOME=/`), `nobody` (`/nonexistent`), or a `GOPATH` inside a
  root-owned system directory such as `/usr/local/go`;
- **warning** when it cannot be known (an unknown base image may set `GOPATH` or own the
  directory differently);
- **info** when it works only through an implicit default, such as the official `golang`
  image's world-writable `/go`, or a home directory that happens to exist.

It stays silent when the Dockerfile sets `GOMODCACHE`, or sets `GOPATH` to a directory the user
can write, when the command mounts a cache there, when the build is vendored, and when the
cache was filled by root before (DG101 reports that). It stays silent too when the Dockerfile
hands the cache to the user on purpose before go runs (`chown -R app /go`, `COPY --chown=app`
into it, or a `mkdir` of it run as the user): the user owns it, which is as explicit as setting
`GOMODCACHE`. Commands in GOPATH mode (`GO111MODULE=off`, Go older than 1.11, or `auto`/unset
where Go's rules choose GOPATH mode) do not use the module cache and are not reported, nor are
commands whose mode cannot be told (an unknown Go version and no go.mod in sight).

A relative `GOPATH` (`ENV GOPATH=go`) is always an **error**, whoever runs go: go refuses to
start (`go: GOPATH entry is relative; must be absolute path: "go".`).

## Why is this bad?
The module cache location is then a side effect of the base image and the user's passwd
entry. Cache mounts, CI cache keys and the user disagree about where it is, and a user
without a writable home fails on the first download:
`go: could not create module cache: mkdir /home/app: permission denied`. The build cache
(`GOCACHE`, under `$HOME/.cache`) fails the same way for a user without a home; DG106
(`build-cache-unwritable`) reports that, and this rule judges the module cache alone.

## Example
```dockerfile
FROM debian:bookworm
RUN apt-get update && apt-get install -y golang-go
RUN useradd app
USER app
WORKDIR /tmp/src
COPY --chown=app:app go.mod go.sum ./
RUN go mod download
```

## Use instead
```dockerfile
FROM debian:bookworm
RUN apt-get update && apt-get install -y golang-go
RUN useradd -m app
USER app
ENV GOMODCACHE=/home/app/go/pkg/mod GOCACHE=/home/app/.cache/go-build
WORKDIR /home/app/src
COPY --chown=app:app go.mod go.sum ./
RUN go mod download
```

`--fix` adds `ENV GOMODCACHE=<home>/go/pkg/mod` (`/home/app/go/pkg/mod`) on a new line right
after the `USER` instruction that switches to the user, when the file shows that user's home
existing and owned by it. It needs `--unsafe-fixes`: the module cache moves, and a cache mount,
a CI cache key or a later step that expects the old location no longer finds it. No fix is
offered when no such home is known (a user created without one, a uid without a passwd entry,
`nobody`, a home owned by another user, an unknown base image), when the user comes from
`sudo -u` or `su` rather than a `USER` instruction, or for a relative `GOPATH`.

## References
- [Go modules reference: GOMODCACHE and the module cache](https://go.dev/ref/mod#module-cache)
- [GOPATH and its defaults](https://go.dev/wiki/GOPATH)
"""

from __future__ import annotations

from collections.abc import Iterator

from dockerlint_go.findings import Severity
from dockerlint_go.fixes import Applicability, Fix, home_env_fix
from dockerlint_go.model.fs import Origin, is_at_or_below
from dockerlint_go.model.gocmd import CacheWrite
from dockerlint_go.model.goenv import Origin as SettingOrigin
from dockerlint_go.model.stages import Access, DockerfileModel, GoRun, State, Step
from dockerlint_go.model.users import cache_in_home, same_owner
from dockerlint_go.rules._rule import Hit, Rule


def _where(run: GoRun) -> str:
    env = run.env
    if env.gopath_origin is SettingOrigin.DEFAULT:
        return f"$HOME/go/pkg/mod with HOME={env.home}"
    if env.gopath_origin is SettingOrigin.IMAGE:
        return f"$GOPATH/pkg/mod with the base image's GOPATH={env.gopath}"
    if env.gopath_origin is SettingOrigin.DOCKERFILE:
        return f"$GOPATH/pkg/mod with GOPATH={env.gopath} (line {env.gomodcache_line})"
    return f"$GOPATH/pkg/mod with GOPATH={env.gopath}"


def _why_not(run: GoRun, state: State, access: Access) -> str:
    user = run.user
    home = run.env.home
    account = state.accounts.get(user.name or "")
    if account is not None and not account.home_created and home == account.home:
        created = f" (created at line {account.line} without a home)" if account.line else ""
        return f"{user.label}'s home {home} does not exist{created}"
    if user.has_account is False and user.uid is not None:
        return f"uid {user.uid} has no passwd entry, so HOME=/"
    fact = access.fact
    owner = fact.owner if fact is not None and fact.owner else "another user"
    mode = f", mode {fact.mode:o}" if fact is not None and fact.mode is not None else ""
    return f"{access.checked} belongs to {owner}{mode}"


def check(model: DockerfileModel) -> Iterator[Hit]:
    for chain in model.chains():
        seen: set[tuple[int, str | None]] = set()
        for step in chain:
            for run in step.go:
                hit = _judge(run, step, model)
                if hit is None:
                    continue
                key = (run.user.line, run.modcache)
                if key in seen:
                    continue
                seen.add(key)
                yield hit


def _relative_gopath(run: GoRun, step: Step) -> Hit:
    env = run.env
    where = f" (line {env.gomodcache_line})" if env.gomodcache_line else ""
    message = (
        f"{run.display} at line {run.line} runs with GOPATH={env.gopath_relative}{where}, "
        f"a relative path: go refuses to run ('GOPATH entry is relative; must be absolute "
        f'path: "{env.gopath_relative}"\')'
    )
    fix = "Set GOPATH to an absolute path, e.g. `ENV GOPATH=/go`."
    return Hit(step.instruction.span, message, Severity.ERROR, fix)


def _owned_on_purpose(run: GoRun, state: State, access: Access) -> bool:
    """The Dockerfile gave the cache (or the GOPATH it lives in) to the user before go runs:
    ``chown -R``, ``COPY --chown`` or a ``mkdir`` run as the user."""
    fact = access.fact
    if fact is None or fact.origin not in (Origin.CHOWN, Origin.COPY, Origin.MKDIR):
        return False
    if not same_owner(fact.owner, run.user, state.accounts):
        return False
    top = run.env.gopath or run.modcache
    return top is not None and is_at_or_below(access.checked, top)


def _autofix(model: DockerfileModel, run: GoRun, state: State) -> Fix | None:
    """``ENV GOMODCACHE=<home>/go/pkg/mod`` right after the USER that switched to the user,
    when that home is known to exist, to belong to the user, and to let it create the cache;
    None otherwise (no home created, an unknown user, a user set by ``sudo -u``)."""
    cache = cache_in_home(run.user, state, "go/pkg/mod")
    return None if cache is None else home_env_fix(model, run.user, "GOMODCACHE", cache)


def _judge(run: GoRun, step: Step, model: DockerfileModel) -> Hit | None:
    if run.env.gopath_relative:
        return _relative_gopath(run, step)
    if run.user.is_root is not False or run.go.cache is CacheWrite.NONE:
        return None
    if not run.module_mode:
        return None  # GOPATH mode: no module cache
    if run.env.gomodcache_set or run.cache_mount is not None or run.vendored:
        return None
    state = step.before
    user = run.user.label
    command = f"{run.display} at line {run.line}"
    fix = (
        f"Set GOMODCACHE (and GOCACHE) to a directory {user} owns, e.g. "
        f"`ENV GOMODCACHE=/home/{user}/go/pkg/mod` after creating the user with a home."
    )
    cache = run.modcache
    if cache is None:
        message = (
            f"{command} runs as {user} with GOMODCACHE unset, and the base image is unknown: "
            "where the module cache goes, and whether the user can write it, cannot be told"
        )
        return Hit(step.instruction.span, message, Severity.WARNING, fix)
    fact = state.fs.fact_for(cache)
    if fact is not None and fact.origin is Origin.MODULE_CACHE and fact.owner in ("root", "0"):
        return None  # a root-filled cache: DG101's finding
    if (
        fact is not None
        and fact.origin is Origin.MODULE_CACHE
        and same_owner(fact.owner, run.user, state.accounts)
    ):
        return None  # the user filled it itself: the command that did was judged
    access = state.access(run.user, cache)
    where = _where(run)
    autofix = _autofix(model, run, state)
    if access.writable is False:
        message = (
            f"{command} runs as {user} with GOMODCACHE unset, so the module cache is {cache} "
            f"({where}); {_why_not(run, state, access)}, so {user} cannot create it and "
            "the command fails with permission denied"
        )
        return Hit(step.instruction.span, message, Severity.ERROR, fix, autofix)
    if access.writable is None:
        message = (
            f"{command} runs as {user} with GOMODCACHE unset: the module cache would be "
            f"{cache} ({where}), and whether {user} can write it cannot be told from this file"
        )
        return Hit(step.instruction.span, message, Severity.WARNING, fix, autofix)
    if run.env.gopath_origin is SettingOrigin.DOCKERFILE:
        return None  # the Dockerfile states the location itself, and it is writable
    if _owned_on_purpose(run, state, access):
        return None  # handed to the user on purpose
    reason = access.checked
    if access.fact is not None and access.fact.mode is not None and access.fact.mode & 0o002:
        reason = f"{access.checked} is world-writable"
    else:
        reason = f"{access.checked} belongs to {user}"
    message = (
        f"{command} runs as {user} with GOMODCACHE unset: the module cache is {cache} "
        f"({where}), which works only because {reason}"
    )
    return Hit(step.instruction.span, message, Severity.INFO, fix, autofix)


RULE = Rule(
    code="DG104",
    name="gomodcache-unset",
    severity=Severity.WARNING,
    summary="A non-root user runs go with GOMODCACHE unset, so the cache location is implicit.",
    doc=__doc__ or "",
    check=check,
    fixable=Applicability.UNSAFE,
)
