"""## What it does
Finds a module cache that go commands fill while running as root, followed by a `USER` switch
to a non-root user who then runs go commands (in the same stage, or in a stage built `FROM`
it, or through `CMD`/`ENTRYPOINT`) against the same cache. The finding sits on the `USER`
instruction and names the go commands on both sides.

It is an error when the later command has to write to the cache (`go get`, `go mod download`
of a named module, `go install pkg@version`, `go run pkg@version`, `go clean -modcache`, or
any module-resolving command when root only fetched named modules such as tools installed with
`go install pkg@version`, so the main module's dependencies are certainly missing) and a
warning when it only might (`go build`, `go test`, `go mod tidy` and friends after a root
`go mod download` write only when a module is missing).

It stays silent when the cache is `chown`ed to that user in between, when the user's
`GOMODCACHE` points somewhere else, when the command mounts a cache
(`RUN --mount=type=cache`) or when the build is vendored. Commands that run in GOPATH mode
(`GO111MODULE=off`, Go older than 1.11, or `auto`/unset where Go's rules choose GOPATH mode)
do not use the module cache: they neither fill it nor need to write it, so they count on
neither side. The same goes for commands whose mode cannot be told (an unknown Go version and
no go.mod in sight).

## Why is this bad?
`go mod download` as root leaves `/go/pkg/mod` and everything below it owned by root, with
read-only directories and files. A later go command run as the app user fails as soon as it
needs to add something: `mkdir /go/pkg/mod/cache/download/…: permission denied`. When every
module is already present the build passes, so the failure shows up later, the day a
dependency is added or the cache is partly written (`go: writing stat cache: … permission
denied`).

Pointing `GOMODCACHE` somewhere else *before* the root download does not help: root creates
the new directory and owns it just the same.

## Example
```dockerfile
FROM golang:1.22
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
RUN useradd -m app
USER app
RUN go get example.com/tool@v1.2.0
```

## Use instead
```dockerfile
FROM golang:1.22
RUN useradd -m app
USER app
ENV GOMODCACHE=/home/app/go/pkg/mod
WORKDIR /home/app/src
COPY --chown=app:app go.mod go.sum ./
RUN go mod download
RUN go get example.com/tool@v1.2.0
```

Other fixes that work: run every go command as root and switch users only in the runtime
stage; or `chown -R app /go/pkg/mod` before `USER app` (it works, but it copies the whole
cache into a new layer).

`--fix` takes that last route, since it changes the least: with `--unsafe-fixes` (it changes
who owns the cache) it inserts `RUN chown -R <user>:<group> <cache>` right before the `USER`
instruction, above any comments directly over it, e.g. `RUN chown -R app:app /go/pkg/mod`.
The user and group are written as the Dockerfile names them (for `USER app`, the group its
`useradd`/`adduser` gave it) and the cache is the one the user's go commands use. Moving the
`USER` switch after the go steps avoids the extra layer but changes more, so it is left to
you. No fix is offered when the user, its group or the cache path is not certain (variables,
ARG values, a user the file does not create, the shared group of `useradd -N` or
`adduser --system`), when the switch is not a `USER` instruction (`sudo -u`, the base image's
user), when the step before the `USER` does not run as root in a POSIX shell, or when a chown
there would not help: root fills the cache only after the switch, a mount covers the cache, another
non-root user needs it too, or the command is `go clean -modcache` (which must also remove the
cache directory from its root-owned parent).

## References
- [Go modules reference: the module cache](https://go.dev/ref/mod#module-cache)
- [Dockerfile reference: USER](https://docs.docker.com/reference/dockerfile/#user)
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator, Sequence

from dockerlint_go.findings import Severity
from dockerlint_go.fixes import Applicability, Edit, Fix
from dockerlint_go.model.fs import Origin, PathFact, is_at_or_below, normalize
from dockerlint_go.model.gocmd import CacheWrite
from dockerlint_go.model.goenv import Origin as SettingOrigin
from dockerlint_go.model.images import Account
from dockerlint_go.model.span import Span
from dockerlint_go.model.stages import DockerfileModel, GoRun, State, Step
from dockerlint_go.model.users import account_created, primary_group
from dockerlint_go.model.words import env_pairs
from dockerlint_go.record import Record
from dockerlint_go.rules._rule import Hit, Rule, other_lines


class _Use(Record):
    """A non-root go command on a module cache that root filled."""

    run: GoRun
    step: Step
    fill: PathFact  # the root fill of the cache
    must: bool  # the command has to write to the cache
    named_only: bool  # root fetched named modules only, not the main module's dependencies


def check(model: DockerfileModel) -> Iterator[Hit]:
    for chain in model.chains():
        # Caches in which root resolved the main module's dependencies (not only pkg@version).
        project_filled: set[str] = set()
        groups: dict[int, list[_Use]] = {}
        for step in chain:
            for run in step.go:
                cache = run.modcache
                if cache is None or run.cache_mount is not None or run.vendored:
                    continue
                if not run.module_mode:
                    continue  # GOPATH mode: the module cache is not used
                if run.user.is_root and run.go.cache is CacheWrite.MAY:
                    project_filled.add(cache)
                if run.user.is_root is not False or run.go.cache is CacheWrite.NONE:
                    continue
                fact = step.before.fs.fact_for(cache)
                if fact is None or fact.origin is not Origin.MODULE_CACHE:
                    continue
                if fact.owner not in ("root", "0"):
                    continue
                named_only = cache not in project_filled
                must = run.go.cache is CacheWrite.MUST or named_only
                anchor = run.user.line or step.line
                groups.setdefault(anchor, []).append(_Use(run, step, fact, must, named_only))
        for anchor, uses in groups.items():
            yield _hit(model, anchor, uses, _chown_fix(model, chain, anchor, uses))


def _hit(model: DockerfileModel, anchor: int, uses: list[_Use], autofix: Fix | None) -> Hit:
    must = [u for u in uses if u.must]
    first = (must or uses)[0]
    run, fill = first.run, first.fill
    user = run.user.label
    others = other_lines((u.run.line for u in uses), run.line)
    also = f" (go also runs as {user} at {others})" if others else ""
    command = f"{run.display} at line {run.line}"
    if first.must and first.named_only and run.go.cache is CacheWrite.MAY:
        effect = (
            f"{command} must add the main module's dependencies to it as {user} (root "
            "fetched named modules only) and will fail with permission denied"
        )
    elif first.must:
        effect = f"{command} must write to it as {user} and will fail with permission denied"
    else:
        effect = (
            f"{command} reads it as {user}: it works only while the cache already holds every "
            "module it needs, and fails with permission denied once one is missing"
        )
    message = (
        f"{fill.detail} at line {fill.line} fills the module cache {fill.path} as root; "
        f"{effect}{also}"
    )
    instruction = model.instruction_at(anchor) or first.step.instruction
    fix = (
        f"Run the go commands before switching to {user} (switch only in the runtime stage), "
        f"or give {user} its own cache: create the user first, set GOMODCACHE (or GOPATH) "
        f"under its home after USER, and download as {user}. `chown -R {user} {fill.path}` "
        "before USER also works but copies the cache into a new layer; setting GOMODCACHE "
        "before the root download does not help."
    )
    severity = Severity.ERROR if must else Severity.WARNING
    return Hit(instruction.span, message, severity, fix, autofix)


# --------------------------------------------------------------------------------------------
# The fix: `RUN chown -R <user>:<group> <cache>` right before the USER instruction.

# A user or group as USER may name it, with no variable or quoting in it.
_NAME = r"[A-Za-z0-9_][A-Za-z0-9_.-]*"
_USER_SPEC = re.compile(rf"({_NAME})(?::({_NAME}))?")
_GROUP = re.compile(_NAME)
# A module cache path the shell passes through as it is (no variable, quote, glob or blank).
_SAFE_PATH = re.compile(r"/[A-Za-z0-9_./@%+,:-]*")
_POSIX_SHELLS = frozenset({"sh", "bash", "ash", "dash", "zsh", "ksh", "mksh"})


def _chown_fix(
    model: DockerfileModel, chain: Sequence[Step], anchor: int, uses: Sequence[_Use]
) -> Fix | None:
    """The edit that hands the root-filled cache to the user before ``USER`` switches to it,
    or None when the user, its group, the cache path or the place are not certain, or when a
    chown of the image's cache would not repair what was found."""
    at = next(
        (
            i
            for i, step in enumerate(chain)
            if step.line == anchor and step.instruction.keyword == "USER"
        ),
        None,
    )
    if at is None:
        return None  # `sudo -u`, or the base image's own user: there is no USER to precede
    user_step = chain[at]
    state = user_step.before
    if state.user.is_root is not True or not _posix_shell(state.shell):
        return None  # the chown must run as root, in a shell that has `chown`
    owner = _owner(chain[:at], user_step, uses)
    if owner is None:
        return None
    paths: list[str] = []
    for use in uses:
        path = _cache_path(model, use.run)
        if path is None or _cleans_cache(use.run) or _mounted(use, path):
            return None
        if state.fs.fact_for(path) is not use.fill:
            return None  # root fills the cache only after this USER: a chown here is too early
        if path not in paths:
            paths.append(path)
    last = max(next(i for i, s in enumerate(chain) if s is use.step) for use in uses)
    for step in chain[at + 1 : last + 1]:
        for run in step.go:
            if run.user.is_root and run.go.resolves_modules and run.modcache in paths:
                return None  # root writes the cache again after the switch (`sudo -E go …`)
    if _shared(model, user_step, owner.split(":", 1)[0], paths):
        return None
    place = _place_before_user(model, user_step)
    if place is None:
        return None
    line, indent = place
    command = f"chown -R {owner} {' '.join(paths)}"
    edit = Edit(Span(line, 1, line, 1), f"{indent}RUN {command}\n")
    spec = user_step.instruction.value.strip()
    return Fix(f"Run `{command}` before `USER {spec}`", (edit,), Applicability.UNSAFE)


def _shared(model: DockerfileModel, user_step: Step, name: str, paths: Sequence[str]) -> bool:
    """Another non-root user runs go on the cache after the USER, in some stage built through
    it: a chown hands the cache to one user only, and the other would still be locked out."""
    for chain in model.chains():
        at = next((i for i, step in enumerate(chain) if step is user_step), None)
        if at is None:
            continue
        for step in chain[at + 1 :]:
            for run in step.go:
                if run.user.is_root is False and run.user.spec != name and run.modcache in paths:
                    return True
    return False


def _posix_shell(shell: tuple[str, ...]) -> bool:
    return len(shell) >= 2 and shell[-1] == "-c" and posixpath.basename(shell[0]) in _POSIX_SHELLS


def _owner(before: Sequence[Step], user_step: Step, uses: Sequence[_Use]) -> str | None:
    """``user:group`` as the Dockerfile names them: the USER instruction's own text, and when
    it gives no group, the primary group the account was created with."""
    match = _USER_SPEC.fullmatch(user_step.instruction.value.strip())
    if match is None:
        return None  # variables, quotes, anything unusual
    name, group = match.group(1), match.group(2)
    if any(use.run.user.spec != name for use in uses):
        return None
    state = user_step.before
    account = _account(state, name)
    if account is None and not name.isdigit():
        return None  # a user the build does not know: chown would fail on it
    if group is None:
        if account is None:
            return None  # a uid with no passwd entry: Docker gives it gid 0, better say so
        group = _primary_group(account, before, state)
        if group is None:
            return None
    return f"{name}:{group}"


def _account(state: State, name: str) -> Account | None:
    if not name.isdigit():
        return state.accounts.get(name)
    uid = int(name)
    return next((a for a in state.accounts.values() if a.uid == uid), None)


def _primary_group(account: Account, before: Sequence[Step], state: State) -> str | None:
    """The primary group of an account created by a ``useradd``/``adduser`` in the file."""
    if not account.line:
        return None  # the base image's account: its group is not written in this file
    busybox = None if state.image is None else state.image.busybox
    for step in before:
        for command in step.commands:
            if step.line + command.line != account.line:
                continue
            created = account_created(command, account.line, busybox=busybox)
            if created is not None and created.name == account.name:
                group = primary_group(command, busybox=busybox)
                return group if group is not None and _GROUP.fullmatch(group) else None
    return None


def _cache_path(model: DockerfileModel, run: GoRun) -> str | None:
    """The user's module cache, when the file fixes where it is: the base image's GOPATH, or
    an ENV with a literal value (an ARG can be moved by --build-arg, a variable can be empty)."""
    env = run.env
    cache = env.gomodcache
    if cache is None or _SAFE_PATH.fullmatch(cache) is None:
        return None
    if env.gomodcache_origin is SettingOrigin.UNKNOWN:
        return None
    if env.gomodcache_origin is SettingOrigin.DOCKERFILE:
        if env.gomodcache_line is None:
            return None  # an ARG
        ins = model.instruction_at(env.gomodcache_line)
        if ins is None or ins.keyword != "ENV":
            return None
        variable = "GOMODCACHE" if env.gomodcache_set else "GOPATH"
        written = [value for key, value in env_pairs(ins.value) if key == variable]
        if not written or "$" in written[-1]:
            return None
    return cache


def _cleans_cache(run: GoRun) -> bool:
    """`go clean -modcache` removes the cache directory itself, which needs write access to
    its parent: a chown of the cache does not make it pass."""
    return run.go.verb == "clean" and run.go.flag("modcache") is not None


def _mounted(use: _Use, cache: str) -> bool:
    """A mount of the command covers (part of) the cache: the image's copy is not what it sees."""
    cache = normalize(cache)
    for mount in use.step.mounts:
        if mount.target is None:
            continue
        target = normalize(mount.target, use.step.before.workdir)
        if is_at_or_below(cache, target) or is_at_or_below(target, cache):
            return True
    return False


def _place_before_user(model: DockerfileModel, user_step: Step) -> tuple[int, str] | None:
    """The line to insert at, above the USER and the block of comments right above it (a
    `# dockerlint-go ignore=` there keeps covering the USER), and the USER's indentation."""
    ins = user_step.instruction
    lines = model.parsed.lines
    line = ins.span.line
    if line - 1 >= len(lines):
        return None
    indent = lines[line - 1][: ins.span.column - 1]
    if indent.strip(" \t"):
        return None  # something other than blanks before the keyword
    floor = model.parsed.instructions[ins.index - 1].span.end_line if ins.index > 0 else 0
    if floor >= line:
        return None  # the USER shares a line with what comes before it
    while line - 1 > floor and lines[line - 2].lstrip(" \t").startswith("#"):
        line -= 1
    return line, indent


RULE = Rule(
    code="DG101",
    name="root-owned-module-cache",
    severity=Severity.ERROR,
    summary="A non-root user runs go against a module cache that root filled.",
    doc=__doc__ or "",
    check=check,
    fixable=Applicability.UNSAFE,
)
