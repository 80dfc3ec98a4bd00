"""## What it does
Finds a stage whose first module-resolving go command — `go mod download`, or the first
`go build`/`go test`/`go install`/`go run`/… when there is no download step — runs after a
`COPY` or `ADD` of the build context that brings in more than the dependency manifests
(`go.mod`, `go.sum`, `go.work`, `go.work.sum`, a `go.*` glob, `vendor/`). The finding sits on
that `COPY`.

Only the main module's dependencies count, and only files that can invalidate them. The rule
stays silent when:

- the build runs in GOPATH mode (`GO111MODULE=off`, a Go image older than 1.11, or
  `GO111MODULE` unset or `auto` where Go's own rules choose GOPATH mode: inside `$GOPATH/src`
  on Go 1.11 and 1.12, wherever no go.mod is found on 1.13 to 1.15): nothing is downloaded;
- no `go.mod` reaches the image before the command (only `main.go` is copied, say): there is
  nothing to download and no manifest to copy first. A go.mod counts when a COPY/ADD names it,
  a glob or directory copy brings it (looked up in the build context when it can be read;
  without a context a directory copy is taken to bring one), `go mod init` creates it, or a
  `git clone`, a remote `ADD` or an unpacked archive brings code;
- the module comes from `git clone`, `ADD <URL>`, an archive or another stage, or `go mod init`
  creates it in the image: there is no go.mod in the context to copy first, so the download
  cannot move before those files;
- the command is a tool install that ignores the main module (`go install pkg@version`,
  `go run pkg@version`): such commands are never the "first module-resolving command", and a
  later `go build ./...` is judged instead;
- the COPY lands outside the module's directory tree (a version file copied to `/version`);
- the command mounts a cache on the module cache (`RUN --mount=type=cache,target=/go/pkg/mod`),
  or the module cache was copied in from another stage first;
- the build is vendored: `-mod=vendor` or `GOFLAGS=-mod=vendor`, `vendor/` copied in, or the
  build context has `vendor/modules.txt` next to a go.mod whose `go` line is 1.14 or later
  (go then uses `-mod=vendor` by default), unless `-mod=mod`/`-mod=readonly` says otherwise;
- with a readable build context, the COPY brings only manifests (`COPY . .` under a
  `.dockerignore` of `*`, `!go.mod`, `!go.sum`).

A module that go.mod replaces with a local directory (`replace example.com/api => ./api`) is
read during the download, so its go.mod must come first. When the offending COPY brings only
files of such a directory, the message says so and the fix names the one file to copy first
(`api/go.mod`) instead of the general advice.

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
from dockerlint_go.model.context import is_manifest
from dockerlint_go.model.fs import is_at_or_below
from dockerlint_go.model.modules import Module
from dockerlint_go.model.stages import CopySpec, DockerfileModel, GoRun, Step
from dockerlint_go.rules._rule import Hit, Rule, RuleKind


def _first_resolving(chain: tuple[Step, ...]) -> tuple[Step, GoRun] | None:
    resolving = [
        (step, run)
        for step in chain
        if step.instruction.keyword == "RUN"
        for run in step.go
        if run.main_module
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
        module = run.module
        if run.cache_mount is not None or run.vendored or module is None:
            continue
        if not module.source.from_context:
            continue  # cloned, downloaded or copied from a stage: nothing to move first
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
            if not (is_at_or_below(spec.dest, module.dir) or is_at_or_below(module.dir, spec.dest)):
                continue  # lands outside the module's tree
            if spec.extra is not None:
                extra = list(spec.extra)
            else:
                extra = [s for s in spec.sources if not is_manifest(s)]
            if extra:
                offending = (step, spec, extra)
        if offending is None:
            continue
        step, spec, extra = offending
        yield _hit(step, spec, extra, run, _replaced_dirs(module))


def _replaced_dirs(module: Module) -> tuple[str, ...]:
    """The context directories of the module's local ``replace`` targets: go reads their
    go.mod during the download, so they must be in the image before it."""
    if module.gomod is None or module.ctx_dir is None:
        return ()
    dirs = []
    for replace in module.gomod.replaces:
        if replace.local and not replace.new_path.startswith("/"):
            joined = posixpath.normpath(posixpath.join(module.ctx_dir or ".", replace.new_path))
            if joined != ".." and not joined.startswith("../"):
                dirs.append("" if joined == "." else joined)
    return tuple(dirs)


def _hit(
    step: Step, spec: CopySpec, extra: list[str], run: GoRun, replaced: tuple[str, ...]
) -> Hit:
    shown = _quoted([s for s in spec.sources if not is_manifest(s)] or list(spec.sources))
    if spec.extra is not None:
        # What the build context really sends, sources first (dot files and Dockerfiles are
        # rarely what an edit touches).
        brought = sorted(extra, key=lambda p: (p.startswith("."), "ockerfile" in p, p))
        shown += f" (bringing {_quoted(brought)})"
    where = f"{step.instruction.keyword} at line {step.line}"
    command = f"{run.display} at line {run.line}"
    inside = [d for d in replaced if d and all(is_at_or_below(e, d) for e in extra)]
    if spec.extra is not None and inside:
        target = inside[0]
        message = (
            f"{where} copies {shown} from the build context before {command} resolves "
            f"modules: the download needs only the go.mod of the locally replaced module "
            f"'{target}', but an edit to any file it copies there invalidates the download step "
            "and every dependency is downloaded again"
        )
        fix = (
            f"Copy only '{target}/go.mod' (and its go.sum, if any) with the main go.mod and "
            f"go.sum, run `go mod download`, then copy the rest of '{target}'."
        )
        return Hit(step.instruction.span, message, None, fix)
    message = (
        f"{where} copies {shown} from the build context before {command} resolves modules: an "
        "edit to any file it copies invalidates the download step and every dependency is "
        "downloaded again"
    )
    fix = (
        "Copy only go.mod and go.sum first (and the go.mod of any module a local `replace` "
        "points to), run `go mod download`, then copy the rest (`COPY . .`); or mount a cache "
        "on the module cache (`RUN --mount=type=cache,target=/go/pkg/mod …`)."
    )
    return Hit(step.instruction.span, message, None, fix)


def _quoted(items: list[str]) -> str:
    return ", ".join(f"'{s}'" for s in items[:3]) + (" …" if len(items) > 3 else "")


RULE = Rule(
    code="DG102",
    name="source-before-mod-download",
    severity=Severity.WARNING,
    summary="Sources are copied before the module download, so every edit re-downloads modules.",
    doc=__doc__ or "",
    check=check,
    kind=RuleKind.PERFORMANCE,
)
