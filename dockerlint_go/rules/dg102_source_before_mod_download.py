"""## What it does
Finds a stage whose first module-resolving go command — `go mod download`, or the first
`go build`/`go test`/`go install`/`go run`/… when there is no download step — runs after a
`COPY` or `ADD` of the build context that brings in more than the dependency manifests
(`go.mod`, `go.sum`, `go.work`, `go.work.sum`, a `go.*` glob, `vendor/`). The finding sits on
that `COPY`.

It stays silent when that command mounts a cache on the module cache
(`RUN --mount=type=cache,target=/go/pkg/mod`), when the build is vendored (`-mod=vendor`,
`GOFLAGS=-mod=vendor`, or `vendor/` copied in), or when the module cache was copied in from
another stage first.

## Why is this bad?
The builder reuses a layer only while everything copied before it is unchanged. With the
sources copied first, any edit to any file invalidates the download step, and every build
fetches every dependency again. Copying the manifests first keeps the dependency layer
cached until `go.mod` or `go.sum` really change.

## Example
```dockerfile
FROM golang:1.22
WORKDIR /src
COPY . .
RUN go mod download
RUN go build -o /out/server ./cmd/server
```

## Use instead
```dockerfile
FROM golang:1.22
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN go build -o /out/server ./cmd/server
```

With BuildKit, a cache mount (`RUN --mount=type=cache,target=/go/pkg/mod go build …`) keeps
the modules between builds even when the layer is rebuilt.

## References
- [Docker build cache: order your layers](https://docs.docker.com/build/cache/optimize/)
- [Go modules reference: go mod download](https://go.dev/ref/mod#go-mod-download)
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator

from dockerlint_go.findings import Severity
from dockerlint_go.model.fs import is_at_or_below
from dockerlint_go.model.gocmd import CacheWrite
from dockerlint_go.model.stages import CopySpec, DockerfileModel, GoRun, Step
from dockerlint_go.rules._rule import Hit, Rule, RuleKind

_MANIFESTS = frozenset({"go.mod", "go.sum", "go.work", "go.work.sum", "vendor"})


def is_manifest(source: str) -> bool:
    """True for a COPY source that only brings dependency manifests (or vendored modules)."""
    name = posixpath.basename(source.rstrip("/"))
    return name in _MANIFESTS or name.startswith("go.")  # go.* globs included


def _first_resolving(chain: tuple[Step, ...]) -> tuple[Step, GoRun] | None:
    resolving = [
        (step, run)
        for step in chain
        if step.instruction.keyword == "RUN"
        for run in step.go
        if run.go.resolves_modules or run.go.cache is not CacheWrite.NONE
    ]
    downloads = [(s, r) for s, r in resolving if r.go.verb == "mod download"]
    chosen = downloads or resolving
    return chosen[0] if chosen else None


def check(model: DockerfileModel) -> Iterator[Hit]:
    for chain in model.chains():
        found = _first_resolving(chain)
        if found is None:
            continue
        target_step, run = found
        if run.cache_mount is not None or run.vendored:
            continue
        offending: tuple[Step, CopySpec, list[str]] | None = None
        for step in chain:
            if step is target_step:
                break
            spec = step.copy
            if spec is None:
                continue
            if (
                spec.from_stage is not None
                and run.modcache is not None
                and is_at_or_below(run.modcache, spec.dest)
            ):
                offending = None  # the cache comes from another stage: nothing to download
                break
            if not spec.from_context or offending is not None:
                continue
            extra = [s for s in spec.sources if not is_manifest(s)]
            if extra:
                offending = (step, spec, extra)
        if offending is None:
            continue
        step, spec, extra = offending
        shown = ", ".join(f"'{s}'" for s in extra[:3]) + (" …" if len(extra) > 3 else "")
        message = (
            f"{step.instruction.keyword} at line {step.line} copies {shown} from the build "
            f"context before {run.display} at line {run.line} resolves modules: any source edit "
            "invalidates the cached layers and every dependency is downloaded again"
        )
        fix = (
            "Copy only go.mod and go.sum first, run `go mod download`, then copy the rest "
            "(`COPY . .`); or mount a cache on the module cache "
            "(`RUN --mount=type=cache,target=/go/pkg/mod …`)."
        )
        yield Hit(step.instruction.span, message, None, fix)


RULE = Rule(
    code="DG102",
    name="source-before-mod-download",
    severity=Severity.WARNING,
    summary="Sources are copied before the module download, so every edit re-downloads modules.",
    doc=__doc__ or "",
    check=check,
    kind=RuleKind.PERFORMANCE,
)
