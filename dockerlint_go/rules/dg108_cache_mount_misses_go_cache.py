"""## What it does
Finds a `RUN --mount=type=cache` meant for Go that does not hold the cache go uses. A mount is
taken to be meant for Go when its target or its `id` names a Go cache: a `go`, `gopath`,
`gomod`, `gocache` or `go-build` part, or `pkg/mod`. Caches of apt, apk, npm, pip, cargo,
golangci-lint and other tools are not looked at.

It is reported when the `RUN` runs go and the target is neither the module cache
(`GOMODCACHE`) nor the build cache (`GOCACHE`) of the user running go, nor a directory above
one of them. The usual reasons:

- a typo (`/go/mod/pkg`, `/go/pkg/mods`);
- the build cache of another user: `/root/.cache/go-build` while `USER app` runs go, whose
  `GOCACHE` is `/home/app/.cache/go-build`;
- `/go/pkg/mod` when `GOMODCACHE` or `GOPATH` were moved, or when no `GOPATH` is set at all
  (Go installed from a distribution package keeps its cache at `$HOME/go/pkg/mod`);
- a target written with `$HOME` or another variable that no `ARG` or `ENV` declares: BuildKit
  does not expand it, and the mount lands on a directory literally named `$HOME/…` under the
  `WORKDIR`.

A target inside one of the caches (such as `/go/pkg/mod/cache/download`, which keeps the
downloaded archives only) caches part of it and is not reported, nor is a target inside
`$GOPATH/src` or `$GOPATH/bin`. The rule stays silent when the `RUN` runs no go command, when
the cache paths of its go commands cannot be told (an unknown base image, a variable it may
define), and after a `go env -w` in the build, which may move the caches where the Dockerfile
cannot show.

## Why is this bad?
The mount caches a directory go never reads or writes, so it caches nothing: every build
downloads every module and compiles every package again, as if there were no mount, while the
Dockerfile looks as if it were cached.

## Example
```dockerfile
FROM golang:1.22
RUN useradd -m -u 1000 app
USER app
WORKDIR /home/app/src
COPY --chown=app:app . .
RUN --mount=type=cache,target=/root/.cache/go-build,uid=1000 go build -o /tmp/app .
```

## Use instead
```dockerfile
FROM golang:1.22
RUN useradd -m -u 1000 app
USER app
WORKDIR /home/app/src
COPY --chown=app:app . .
RUN --mount=type=cache,target=/home/app/.cache/go-build,uid=1000 go build -o /tmp/app .
```

Run `go env GOMODCACHE GOCACHE` in the build stage, as the user that builds, to see the paths
to mount.

`--fix` rewrites the value of the mount's `target=` (or `dst=`, `destination=`) to the cache it
was meant for, as a safe fix: go then finds its cache where the mount is, and the rest of the
flag (`id=`, `uid=`, `sharing=`…) stays as it is. The cache meant is read from the names in
the target and the `id`: `mod`, `mods`, `gomod` name the module cache, `build`, `go-build`,
`gocache` the build cache; the path is the one the message gives, written out
(`$HOME/.cache/go-build` becomes `/root/.cache/go-build` for root). No fix is offered when the
names point at both caches or at neither (`target=/go`), when the go commands of the `RUN`
keep that cache in different places, when another mount of the `RUN` already holds it (or
would be moved there too), when the user could not write the mount once it is moved (a
non-root user without a matching `uid=`: see DG107), or when the flag is not written in one
piece on one line.

## References
- [Dockerfile reference: RUN --mount=type=cache](https://docs.docker.com/reference/dockerfile/#run---mounttypecache)
- [Go modules reference: GOMODCACHE](https://go.dev/ref/mod#environment-variables)
- [go command: build and test caching](https://pkg.go.dev/cmd/go#hdr-Build_and_test_caching)
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from dockerlint_go.findings import Severity
from dockerlint_go.fixes import Applicability, Edit, Fix, mount_flag_span
from dockerlint_go.model.fs import is_at_or_below, normalize
from dockerlint_go.model.gocmd import CacheWrite
from dockerlint_go.model.goenv import Origin
from dockerlint_go.model.mounts import Mount
from dockerlint_go.model.span import Span
from dockerlint_go.model.stages import DockerfileModel, GoRun, State, Step
from dockerlint_go.record import replace
from dockerlint_go.rules._rule import Hit, Rule, RuleKind

_GO_WORDS = frozenset({"go", "gopath", "gomod", "gomodcache", "gocache", "gobuild", "golang"})
_BUILD_WORDS = frozenset({"build", "gobuild", "gocache"})
# Pattern strings, compiled (and cached by ``re``) when a file has a cache mount.
_TOKEN_RE = r"[-_.:@+ ]+"
_VARIABLE_RE = r"\$\{?([A-Za-z_][A-Za-z0-9_]*)"


def _tokens(text: str) -> list[list[str]]:
    """The words of each path component, lower-cased: ``/root/.cache/go-build`` gives
    ``[["root"], ["cache"], ["go", "build"]]``."""
    return [[t for t in re.split(_TOKEN_RE, part.lower()) if t] for part in text.split("/") if part]


def _goish(text: str | None) -> bool:
    if not text:
        return False
    parts = _tokens(text)
    if any(w in _GO_WORDS for words in parts for w in words):
        return True
    names = [" ".join(words) for words in parts]
    return any(a == "pkg" and b == "mod" for a, b in itertools.pairwise(names))


def _env_written(run: GoRun) -> bool:
    """``go env -w …``: the user's go/env file may move the caches out of sight."""
    return run.go.verb == "env" and any(
        a == "-w" or a.startswith("-w=") for a in run.go.command.argv
    )


def check(model: DockerfileModel) -> Iterator[Hit]:
    seen: set[int] = set()
    for chain in model.chains():
        env_written = False
        for step in chain:
            if any(_env_written(run) for run in step.go):
                env_written = True
            if env_written or id(step) in seen or not step.go:
                continue
            seen.add(id(step))
            yield from _judge_step(model, step)


def _judge_step(model: DockerfileModel, step: Step) -> Iterator[Hit]:
    runs = step.go
    for run in runs:
        paths = (run.env.gomodcache, run.env.gocache)
        if any(p is None or not p.startswith("/") for p in paths):
            return  # a cache path cannot be told (or is off): the mount may be right
    if any(r.env.gopath_relative for r in runs):
        return  # go refuses to start at all
    state = step.before
    hits: list[Hit] = []
    for mount in step.mounts:
        if mount.type != "cache" or mount.target is None:
            continue
        if not (_goish(mount.target) or _goish(mount.id)):
            continue
        unexpanded = re.findall(_VARIABLE_RE, mount.target)
        if unexpanded and state.image is None:
            continue  # an unknown base image may define the variable
        target = normalize(mount.target, state.workdir)
        if any(run.keeps_cache_in(target) for run in runs):
            continue
        hits.append(_hit(model, step, mount, target, unexpanded))
    # Two mounts meant for the same cache would both be moved onto it: neither is fixed.
    moved = [hit.autofix.edits[0].text for hit in hits if hit.autofix is not None]
    for hit in hits:
        clash = hit.autofix is not None and moved.count(hit.autofix.edits[0].text) > 1
        yield replace(hit, autofix=None) if clash else hit


def _main_run(runs: tuple[GoRun, ...]) -> GoRun:
    """The go command the message names: the first that uses a cache, else the first."""
    for run in runs:
        if run.go.cache is not CacheWrite.NONE or run.go.uses_build_cache:
            return run
    return runs[0]


def _modcache_why(run: GoRun) -> str:
    env = run.env
    line = f" at line {env.gomodcache_line}" if env.gomodcache_line else ""
    if env.gomodcache_set:
        if env.gomodcache_origin is Origin.IMAGE:
            return "set by the base image"
        if env.gomodcache_origin is Origin.COMMAND:
            return "GOMODCACHE set in the RUN"
        return f"GOMODCACHE set{line}"
    if env.gopath_origin is Origin.DEFAULT:
        return f"no GOPATH is set, so $HOME/go/pkg/mod with HOME={env.home}"
    if env.gopath_origin is Origin.IMAGE:
        return f"$GOPATH/pkg/mod with the base image's GOPATH={env.gopath}"
    if env.gopath_origin is Origin.COMMAND:
        return f"$GOPATH/pkg/mod with GOPATH={env.gopath} set in the RUN"
    return f"$GOPATH/pkg/mod with GOPATH={env.gopath} set{line}"


def _gocache_why(run: GoRun, state: State) -> str:
    if run.go.command.env_value("GOCACHE"):
        return "GOCACHE set in the RUN"
    if "GOCACHE" in state.env or "GOCACHE" in state.args:
        line = state.env_lines.get("GOCACHE")
        if "GOCACHE" in state.env and not line:
            return "set by the base image"
        return f"GOCACHE set at line {line}" if line else "GOCACHE set by an ARG"
    if run.go.command.env_value("XDG_CACHE_HOME") or "XDG_CACHE_HOME" in state.variables:
        return "$XDG_CACHE_HOME/go-build"
    return f"$HOME/.cache/go-build with HOME={run.env.home}"


def _who(run: GoRun) -> str:
    spec = run.user.spec
    return f"uid {spec}" if spec is not None and spec.isdigit() else run.user.label


def _reason(written: str, target: str, run: GoRun, unexpanded: list[str]) -> str:
    user, home = _who(run), run.env.home
    if unexpanded:
        names = ", ".join(f"${n}" for n in dict.fromkeys(unexpanded))
        return (
            f"BuildKit does not expand {names} in a mount target (only ARG and ENV variables "
            f"are), so the mount lands on the literal directory {target}"
        )
    if not written.startswith("/"):
        return f"the relative target {written} is taken from the WORKDIR: {target}"
    if home is not None and not is_at_or_below(target, home):
        if is_at_or_below(target, "/root"):
            return f"{target} lies in root's home, but go runs as {user}, whose HOME is {home}"
        if target.startswith("/home/"):
            other = "/".join(target.split("/")[:3])
            return f"{target} lies in {other}, but go runs as {user}, whose HOME is {home}"
    if target.endswith("/pkg/mod"):
        gopath = target[: -len("/pkg/mod")] or "/"
        return f"{target} would be the module cache only with GOPATH={gopath}"
    return f"{target} is neither of them nor a directory above one"


def _hit(
    model: DockerfileModel, step: Step, mount: Mount, target: str, unexpanded: list[str]
) -> Hit:
    run = _main_run(step.go)
    state = step.before
    modcache, gocache = run.env.gomodcache, run.env.gocache
    assert modcache is not None and gocache is not None
    named = f"target={mount.target}" + (f",id={mount.id}" if mount.id else "")
    message = (
        f"The Go cache mount `{named}` is not where {run.display} at line {run.line} "
        f"(run as {_who(run)}) keeps its caches: the module cache is {modcache} "
        f"({_modcache_why(run)}) and the build cache is {gocache} "
        f"({_gocache_why(run, state)}); {_reason(mount.target or '', target, run, unexpanded)}. "
        "The mount caches nothing: every build downloads and compiles everything again"
    )
    words = _words(mount)
    meant_build = bool(words & _BUILD_WORDS) and "mod" not in words
    right = gocache if meant_build else modcache
    covered = _covered(step, mount, right)
    autofix = None
    if covered:
        fix = (
            f"Another mount already holds {right} ({covered[0]}): point this one at "
            f"{modcache if meant_build else gocache}, or remove it."
        )
    else:
        fix = f"Mount the cache at `target={right}`."
        autofix = _autofix(model, step, mount)
    return Hit(step.instruction.span, message, Severity.WARNING, fix, autofix)


def _words(mount: Mount) -> set[str]:
    return {w for part in _tokens(f"{mount.target} {mount.id or ''}") for w in part}


def _covered(step: Step, mount: Mount, path: str) -> list[str]:
    """The targets of the step's other cache mounts that already hold ``path``."""
    workdir = step.before.workdir
    return [
        m.target
        for m in step.mounts
        if m is not mount
        and m.type == "cache"
        and m.target is not None
        and is_at_or_below(normalize(path), normalize(m.target, workdir))
    ]


# --fix: the value of the mount's `target=` (or `dst=`, `destination=`) replaced with the cache
# it was meant for.

_MODULE_WORDS = frozenset({"mod", "mods", "gomod", "gomodcache", "modcache", "gomods"})
# A path written in a mount flag as it is: no variable, quote, comma or blank.
_PLAIN_PATH = r"/[A-Za-z0-9_./@+-]*"
_TARGET_KEYS = frozenset({"target", "dst", "destination"})


def _autofix(model: DockerfileModel, step: Step, mount: Mount) -> Fix | None:
    """Point the mount at the cache its target or id names, or None when the names say both
    caches or neither, the go commands of the RUN do not agree on where that cache is, another
    mount holds it, the user could not write the mount once moved (DG107 would then fail the
    build), or the target cannot be found in the flag as written."""
    words = _words(mount)
    module = bool(words & _MODULE_WORDS)
    build = bool(words & _BUILD_WORDS)
    if module == build:
        return None  # neither cache is named, or both are
    what = "build cache" if build else "module cache"
    paths = {
        normalize(p)
        for run in step.go
        for p in ((run.env.gocache,) if build else (run.env.gomodcache,))
        if p is not None
    }
    if len(paths) != 1:
        return None
    right = paths.pop()
    if re.fullmatch(_PLAIN_PATH, right) is None or _covered(step, mount, right):
        return None
    workdir = step.before.workdir
    if any(
        m is not mount and m.target is not None and normalize(m.target, workdir) == right
        for m in step.mounts
    ):
        return None  # a bind, tmpfs or secret mount is there already
    if not all(_can_write(mount, run) for run in step.go):
        return None
    where = _target_span(model, step, mount)
    if where is None:
        return None
    title = f"Point the cache mount at the {what}, {right}"
    return Fix(title, (Edit(where, right),), Applicability.SAFE)


def _can_write(mount: Mount, run: GoRun) -> bool:
    """The user of ``run`` can write the mount's directory (BuildKit makes it root's, 0755)."""
    if run.user.is_root is True:
        return True
    if run.user.is_root is None:
        return False
    mode = mount.mode
    if mode is not None and mode & 0o002:
        return True
    uid = run.user.uid
    return uid is not None and mount.uid == uid and (mode is None or bool(mode & 0o200))


def _target_span(model: DockerfileModel, step: Step, mount: Mount) -> Span | None:
    """Where the value of the mount's last ``target=`` field is written."""
    flag = mount_flag_span(model, step, mount)
    if flag is None:
        return None
    text = model.parsed.lines[flag.line - 1][flag.column - 1 : flag.end_column - 1]
    value = text[len("--mount=") :]
    if '"' in value:
        return None  # a quoted CSV field
    start = len("--mount=")
    found: tuple[int, int] | None = None
    for field in value.split(","):
        key, eq, _ = field.partition("=")
        if eq and key.strip().lower() in _TARGET_KEYS:
            found = (start + len(key) + 1, start + len(field))
        start += len(field) + 1
    if found is None:
        return None
    column = flag.column + found[0]
    return Span(flag.line, column, flag.line, flag.column + found[1])


RULE = Rule(
    code="DG108",
    name="cache-mount-misses-go-cache",
    severity=Severity.WARNING,
    summary="A Go cache mount's target is not where go keeps its caches, so it caches nothing.",
    doc=__doc__ or "",
    check=check,
    kind=RuleKind.PERFORMANCE,
    fixable=Applicability.SAFE,
)
