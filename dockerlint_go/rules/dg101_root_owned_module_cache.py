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

## References
- [Go modules reference: the module cache](https://go.dev/ref/mod#module-cache)
- [Dockerfile reference: USER](https://docs.docker.com/reference/dockerfile/#user)
"""

from __future__ import annotations

from collections.abc import Iterator

from dockerlint_go.findings import Severity
from dockerlint_go.model.fs import Origin, PathFact
from dockerlint_go.model.gocmd import CacheWrite
from dockerlint_go.model.stages import DockerfileModel, GoRun, Step
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
            yield _hit(model, anchor, uses)


def _hit(model: DockerfileModel, anchor: int, uses: list[_Use]) -> Hit:
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
    return Hit(instruction.span, message, Severity.ERROR if must else Severity.WARNING, fix)


RULE = Rule(
    code="DG101",
    name="root-owned-module-cache",
    severity=Severity.ERROR,
    summary="A non-root user runs go against a module cache that root filled.",
    doc=__doc__ or "",
    check=check,
)
