"""## What it does
Finds a `RUN --mount=type=cache` whose target is the module cache (`GOMODCACHE`) or the build
cache (`GOCACHE`) of a non-root user who runs go in that `RUN`, or a directory above one of
them, when nothing on the mount lets that user write to it: no `uid=` with the user's uid, and
no `mode=` that gives write access to everyone (such as `mode=0777`).

- **error** when a go command of that `RUN` has to write there: a command that resolves
  modules (`go mod download`, `go build`, `go test`, `go get`, `go install pkg@version`…) on a
  mounted module cache, or a command that compiles or loads packages (`go build`, `go test`,
  `go install`, `go run`, `go vet`, `go list`) on a mounted build cache;
- **warning** when the go commands of that `RUN` do not write to the mounted cache today (a
  build-cache mount on a `RUN` that only downloads modules, a vendored build on a module-cache
  mount): the mount is still unusable by the user, and the first go command that needs it fails.

The user's uid comes from `useradd -u`, `adduser -u`/`--uid`, a numeric `USER`, or the known
accounts of the base image. When it cannot be known (a user created without a fixed uid, or
one the base image brings), a mount **without** `uid=` is still reported (it is owned by root
whatever the user's uid is), but the fix cannot give the number: it names the user instead. A
mount **with** a `uid=` is then not reported, since whether that uid is the user's cannot be
told. Only the owner decides here: `gid=` matters only with a `mode=` that lets the group
write, and the user's groups are not known, so such a mount is not reported either.

It stays silent when go runs as root (or as a user that cannot be known), when the mount's
target is unrelated to the user's caches (DG108 looks at Go cache mounts in the wrong place),
for read-only mounts, and after a `go env -w` in the build (it may move the caches where the
Dockerfile cannot show). `sharing=` and `id=` do not change who owns the directory and are
ignored.

## Why is this bad?
BuildKit creates a cache mount's directory owned by `uid=0`, `gid=0`, with mode `0755`, unless
the mount says otherwise. A non-root user cannot create anything inside, and go fails on the
first write: `go: could not create module cache: mkdir /go/pkg/mod/cache: permission denied`,
or `failed to initialize build cache … permission denied`. When a root build filled the same
cache id before, the cache may already hold everything the user needs and the build passes:
the failure stays hidden until the builder's cache is pruned, a CI runner starts fresh, or a
dependency is added.

## Example
```dockerfile
FROM golang:1.22
RUN useradd -m -u 1000 app
USER app
WORKDIR /home/app/src
COPY --chown=app:app go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
```

## Use instead
```dockerfile
FROM golang:1.22
RUN useradd -m -u 1000 app
USER app
WORKDIR /home/app/src
COPY --chown=app:app go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod,uid=1000,gid=1000 go mod download
```

Only the uid decides whether the user can write; give the gid of the user's group too, so the
files in the cache belong to it. Running the go steps as root and switching users only in the
runtime stage also works.

`--fix` appends `,uid=<uid>,gid=<gid>` to that `--mount=` flag, as a safe fix: the cache is
the same, only its directory now belongs to the user that runs go. The uid comes from
`useradd -u`, `adduser -u`/`--uid` or a numeric `USER`; the gid from a numeric group on `USER`
(`USER 1000:1000`), from `-g`/`--gid`, or from the group `useradd` or busybox `adduser` create
for the user, which takes the uid as its gid. When the gid cannot be told (Debian's `adduser`
without `--gid`, a uid without an account, an account of the base image) only `uid=` is added,
which is enough for the user to write; a `gid=` already on the mount is kept. No fix is offered
when the user's uid is not known, when the go commands of the `RUN` run as several users, when
the mount already has a `uid=` (whether it or the user is wrong cannot be told), when its
`mode=` would not let the owner write either, or when the flag is not written in one piece on
one line (quotes, escapes).

## References
- [Dockerfile reference: RUN --mount=type=cache](https://docs.docker.com/reference/dockerfile/#run---mounttypecache)
- [Go modules reference: the module cache](https://go.dev/ref/mod#module-cache)
- [go command: build and test caching](https://pkg.go.dev/cmd/go#hdr-Build_and_test_caching)
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from dockerlint_go.findings import Severity
from dockerlint_go.fixes import Applicability, Edit, Fix, mount_flag_span
from dockerlint_go.model.expand import expand
from dockerlint_go.model.fs import is_at_or_below, normalize
from dockerlint_go.model.gocmd import CacheWrite
from dockerlint_go.model.modules import ModuleMode
from dockerlint_go.model.mounts import Mount
from dockerlint_go.model.shell import Command
from dockerlint_go.model.span import Span
from dockerlint_go.model.stages import DockerfileModel, GoRun, Step
from dockerlint_go.model.users import User, account_created, group_created, primary_gid
from dockerlint_go.rules._rule import Hit, Rule


def _env_written(run: GoRun) -> bool:
    """``go env -w …``: the user's go/env file may move the caches out of sight."""
    return run.go.verb == "env" and any(
        a == "-w" or a.startswith("-w=") for a in run.go.command.argv
    )


def check(model: DockerfileModel) -> Iterator[Hit]:
    for chain, step in _steps(model):
        yield from _judge_step(model, chain, step)


def _steps(model: DockerfileModel) -> Iterator[tuple[tuple[Step, ...], Step]]:
    """Each RUN with a cache mount once (with the first chain it is in), unless a
    ``go env -w`` ran before it in its chain."""
    seen: set[int] = set()
    for chain in model.chains():
        env_written = False
        for step in chain:
            if any(_env_written(run) for run in step.go):
                env_written = True
            if env_written or id(step) in seen or not step.go:
                continue
            seen.add(id(step))
            if any(m.type == "cache" for m in step.mounts):
                yield chain, step


class _Use:
    """A non-root go command whose cache lies at or below a mount."""

    __slots__ = ("cache", "must", "path", "run")

    def __init__(self, run: GoRun, cache: str, path: str, must: bool) -> None:
        self.run = run
        self.cache = cache  # "module cache" / "build cache"
        self.path = path
        self.must = must


def _uses(run: GoRun, target: str) -> list[_Use]:
    uses: list[_Use] = []
    modcache, gocache = run.env.gomodcache, run.env.gocache
    if modcache is not None and is_at_or_below(normalize(modcache), target):
        writes = (
            run.go.cache is not CacheWrite.NONE
            and not run.vendored
            and run.mode is ModuleMode.MODULE
        )
        uses.append(_Use(run, "module cache", modcache, writes))
    if gocache is not None and is_at_or_below(normalize(gocache), target):
        uses.append(_Use(run, "build cache", gocache, run.go.uses_build_cache))
    return uses


def _lets_write(mount: Mount, run: GoRun) -> bool | None:
    """Whether the mount's directory is writable by the user (None: cannot be told)."""
    mode = mount.mode
    if mode is not None and mode & 0o002:
        return True
    uid = run.user.uid
    if mount.uid is not None:
        if uid is None:
            return None
        if mount.uid == uid:
            return mode is None or bool(mode & 0o200)
    if mount.gid is not None and mode is not None and mode & 0o020:
        return None  # the group may write, and the user's groups are not known
    return False


def _judge_step(model: DockerfileModel, chain: Sequence[Step], step: Step) -> Iterator[Hit]:
    workdir = step.before.workdir
    for mount in step.mounts:
        if mount.type != "cache" or mount.target is None or mount.readonly:
            continue
        target = normalize(mount.target, workdir)
        uses = [
            use
            for run in step.go
            if run.user.is_root is False and _lets_write(mount, run) is False
            for use in _uses(run, target)
        ]
        if uses:
            yield _hit(step, mount, target, uses, _autofix(model, chain, step, mount, uses))


def _hit(step: Step, mount: Mount, target: str, uses: list[_Use], autofix: Fix | None) -> Hit:
    must = [u for u in uses if u.must]
    first = (must or uses)[0]
    run = first.run
    user = run.user.label
    uid = run.user.uid
    if run.user.spec is not None and run.user.spec.isdigit():
        user = who = f"uid {run.user.spec}"
    else:
        who = f"{user} (uid {uid})" if uid is not None else user
    where = f"{first.cache} {first.path}"
    place = "there" if normalize(first.path) == target else f"inside {target}"
    owner = "owned by root" if mount.uid is None else f"owned by uid {mount.uid}, not by {who},"
    mode = f"mode {mount.mode:04o}" if mount.mode is not None else "mode 0755"
    command = f"{run.display} at line {run.line}"
    if first.must:
        effect = (
            f"{command} runs as {who} and must write its {where} {place}: on a fresh cache it "
            "fails with permission denied (it can pass only while an earlier build has already "
            "filled that cache id)"
        )
        severity = Severity.ERROR
    else:
        effect = (
            f"{command} runs as {who}, whose {where} is on this mount: it does not write there "
            f"now, but {user} cannot, so the first go command that needs this cache will fail"
        )
        severity = Severity.WARNING
    message = f"The cache mount at {target} is created {owner} with {mode}; {effect}"
    if uid is not None:
        fix = (
            f"Set `uid={uid},gid={uid}` on the cache mount at {target} ({who} runs go; give the "
            "gid of its group if it differs), or run the go steps as root."
        )
    else:
        fix = (
            f"Set `uid=` and `gid=` on the cache mount at {target} to {user}'s ids; they cannot "
            f"be told from this file, so create {user} with a fixed uid (`useradd -u 10001 "
            f"{user}`) and put the same numbers on the mount."
        )
    return Hit(step.instruction.span, message, severity, fix, autofix)


# --fix: `,uid=<uid>,gid=<gid>` at the end of the mount's flag.


def _autofix(
    model: DockerfileModel, chain: Sequence[Step], step: Step, mount: Mount, uses: list[_Use]
) -> Fix | None:
    """Give the mount to the user: ``uid=`` (and ``gid=`` when the user's group id is known)
    added to its flag; None when the uid is not known, the users are several, the mount
    already names an owner, its mode would not let the owner write, or the flag cannot be
    found in one piece."""
    user = uses[0].run.user
    uid = user.uid
    if uid is None or any(u.run.user.uid != uid for u in uses):
        return None
    if mount.uid is not None:
        return None  # an owner chosen on purpose: whether the user or the mount is wrong is unsure
    if mount.mode is not None and not mount.mode & 0o200:
        return None  # the owner could not write either: the mode needs a change, not the owner
    fields = [f"uid={uid}"]
    gid = None
    if mount.gid is None and all(_same_user(u.run.user, user) for u in uses):
        gid = _gid(model, chain, step, user)
    if gid is not None:
        fields.append(f"gid={gid}")
    where = mount_flag_span(model, step, mount)
    if where is None:
        return None
    flag = model.parsed.lines[where.line - 1][where.column - 1 : where.end_column - 1]
    added = ",".join(fields)
    end = Span(where.end_line, where.end_column, where.end_line, where.end_column)
    edit = Edit(end, added if flag.endswith(",") else "," + added)
    target = normalize(mount.target or "", step.before.workdir)
    return Fix(f"Set {added} on the cache mount at {target}", (edit,), Applicability.SAFE)


def _same_user(a: User, b: User) -> bool:
    return (a.spec, a.name, a.uid) == (b.spec, b.name, b.uid)


def _gid(model: DockerfileModel, chain: Sequence[Step], step: Step, user: User) -> int | None:
    """The user's primary group id, when the file says it: a numeric group on its USER, or the
    group ``useradd``/``adduser`` made for it; None when it cannot be told."""
    switch = next(
        (s for s in chain if user.line and s.line == user.line and s.instruction.keyword == "USER"),
        None,
    )
    if switch is not None:
        _, colon, group = switch.instruction.value.strip().partition(":")
        if colon:
            value = expand(group, switch.before.variables, model.parsed.directives.escape)
            return int(value) if value.isdigit() else None  # a group name: its id is not known
    if user.name is None or user.uid is None:
        return None
    created: tuple[Command, bool | None] | None = None
    taken: set[str] = set()  # gids groupadd/addgroup gave before
    for earlier in chain:
        image = earlier.before.image
        busybox = None if image is None else image.busybox
        for command in earlier.commands:
            line = earlier.line + command.line
            if earlier is step and line >= min((r.line for r in step.go), default=line):
                break
            made = group_created(command)
            if made is not None:
                taken.add(made[1] or "")
            elif command.program in ("useradd", "adduser"):
                account = account_created(command, line, busybox=busybox)
                if account is not None and account.name == user.name:
                    created = command, busybox
        if earlier is step:
            break
    if created is None:
        return None
    return primary_gid(created[0], user.uid, taken, busybox=created[1])


RULE = Rule(
    code="DG107",
    name="cache-mount-not-owned",
    severity=Severity.ERROR,
    summary="A non-root user's Go cache is a cache mount that only root can write.",
    doc=__doc__ or "",
    check=check,
    fixable=Applicability.SAFE,
)
