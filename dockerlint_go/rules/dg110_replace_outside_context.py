"""## What it does
Reads the `go.mod` (and the `go.work`, when go uses one) of the module a go command builds and
checks every `replace` whose target is a local directory (`=> ../shared`, `=> ./libs/auth`).
The rule reports the first command that resolves modules for that module (`go mod download`,
`go build`, `go test`, …) when the replaced directory is not in the image at that point:

- the path leads out of the build context (`../shared` next to a context that is the module's
  own directory): no COPY can ever bring it;
- the directory, or its `go.mod`, does not exist in the context;
- it is in the context but no COPY before the command brought it to the place the path
  names (`COPY go.mod go.sum ./` alone, then `go mod download`);
- `.dockerignore` (or `<Dockerfile>.dockerignore`) leaves it out and no COPY names it. When a
  COPY would have brought it but the ignore file drops it, DG111 reports that COPY instead.

The message names the `replace` line (`go.mod:7`), the path as written and where it points.

The rule needs the build context: without one it cannot read go.mod and stays silent. It also
stays silent when the build is vendored (`-mod=vendor`, `GOFLAGS=-mod=vendor`, or
`vendor/modules.txt` next to a go.mod whose `go` line is 1.14 or later): go then reads the
replaced code from `vendor/`. A `replace` of a module that go.mod does not require (or of
another version than the one it requires) is not judged either: go applies it only to a module
of the build list, and since go 1.17 go.mod lists the indirect requirements too. Nor are a
replacement with an absolute path and a directory that a `git clone`, an archive or a
`COPY --from` may have put in place.

## Why is this bad?
go reads the replaced directory whenever it loads the module graph. When the directory is
missing, `go build` stops with `replacement directory ../shared does not exist` and
`go mod download` with `reading ../shared/go.mod: … no such file or directory`. The build
that works on the developer's machine fails in Docker.

## Example
```dockerfile
# go.mod in the build context:
#   module example.com/shop
#   go 1.22
#   require example.com/shared v0.0.0
#   replace example.com/shared => ../shared
FROM golang:1.22
WORKDIR /src
COPY . .
RUN go build -o /out/shop .
```

## Use instead
Build from the parent directory, so that the context holds both modules, and copy both:

```dockerfile
# go.mod in the build context:
#   module example.com/shop
#   go 1.22
#   require example.com/shared v0.0.0
#   replace example.com/shared => ./shared
# shared/go.mod in the build context:
#   module example.com/shared
#   go 1.22
FROM golang:1.22
WORKDIR /src
COPY go.mod ./
COPY shared/go.mod shared/
RUN go mod download
COPY . .
RUN go build -o /out/shop .
```

Or vendor the dependencies (`go mod vendor`) and copy `vendor/`.

## References
- [Go modules reference: replace directive](https://go.dev/ref/mod#go-mod-file-replace)
- [Docker build context](https://docs.docker.com/build/concepts/context/)
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator

from dockerlint_go.findings import Severity
from dockerlint_go.model.context import BuildContext, relative
from dockerlint_go.model.fs import is_at_or_below, normalize
from dockerlint_go.model.gomod import Replace
from dockerlint_go.model.modules import MarkSource, find_module, local_replaces
from dockerlint_go.model.stages import DockerfileModel, GoRun, Step
from dockerlint_go.rules._rule import Hit, Rule


def check(model: DockerfileModel) -> Iterator[Hit]:
    context = model.context
    if context is None:
        return
    seen: set[tuple[int, str, int]] = set()
    for chain in model.chains():
        judged: set[str] = set()
        for index, step in enumerate(chain):
            for run in step.go:
                module = run.module
                if not run.main_module or module is None or module.ctx_dir is None:
                    continue
                if module.ctx_dir in judged:
                    continue
                judged.add(module.ctx_dir)
                if run.vendored:
                    continue
                replaces = local_replaces(module, workspace=_workspace(run, step))
                for label, base_ctx, base_image, entry in replaces:
                    key = (run.line, label, entry.line)
                    if key in seen:
                        continue
                    hit = _judge(
                        context, chain[:index], step, run, label, base_ctx, base_image, entry
                    )
                    if hit is not None:
                        seen.add(key)
                        yield hit


def _workspace(run: GoRun, step: Step) -> bool:
    """go uses the go.work it finds unless GOWORK=off."""
    return dict(run.go.command.env).get("GOWORK", step.before.env.get("GOWORK", "")) != "off"


def _judge(
    context: BuildContext,
    before: tuple[Step, ...],
    step: Step,
    run: GoRun,
    label: str,
    base_ctx: str,
    base_image: str,
    entry: Replace,
) -> Hit | None:
    written = entry.new_path.replace("\\", "/")
    target = posixpath.normpath(posixpath.join(base_ctx or ".", written))
    image_dir = normalize(posixpath.join(base_image, written))
    where = f"{label}:{entry.line}"
    replaced = f"{where} replaces {entry.old_path} with '{entry.new_path}'"
    command = f"{run.display} at line {run.line}"
    error = _go_error(run, entry.new_path)
    if target == ".." or target.startswith("../"):
        message = (
            f"{command} resolves modules, but {replaced}, a directory outside the build "
            f"context: no COPY can bring it and go fails with {error}"
        )
        fix = (
            "Build from a directory that holds both modules (`docker build -f "
            "<module>/Dockerfile <parent>`) and copy the replaced module too, or vendor the "
            "dependencies (`go mod vendor`) and copy vendor/."
        )
        return Hit(step.instruction.span, message, None, fix)
    if _in_image(step, image_dir, context):
        return None
    shown = target if target != "." else "the context root"
    files = context.files
    gomod_rel = posixpath.join(target, "go.mod") if target != "." else "go.mod"
    if files.kind(target) is None or files.kind(gomod_rel) is None:
        missing = "does not exist" if files.kind(target) is None else "has no go.mod"
        message = (
            f"{command} resolves modules, but {replaced}, and '{shown}' {missing} in the "
            f"build context: go fails with {error}"
        )
        fix = f"Add the replaced module (with its go.mod) at '{shown}' or remove the replace."
        return Hit(step.instruction.span, message, None, fix)
    ignore = context.ignore
    pattern = None if ignore is None else ignore.deciding(gomod_rel)
    if pattern is not None:
        if _would_copy(before, gomod_rel, context):
            return None  # a COPY names it but the ignore file drops it: DG111 reports it there
        ignored = (
            f"; {context.ignore_file}:{pattern.line} ('{pattern.text}') also leaves it out of "
            "the context"
        )
    else:
        ignored = ""
    message = (
        f"{command} resolves modules, but {replaced} ('{shown}' in the build context), and no "
        f"COPY before it brings that directory to {image_dir}{ignored}: go fails with {error}"
    )
    fix = (
        f"Copy '{shown}' (at least '{gomod_rel}') to {image_dir} before line {run.line}"
        + (f" and stop {context.ignore_file} from excluding it" if pattern is not None else "")
        + "."
    )
    return Hit(step.instruction.span, message, None, fix)


def _go_error(run: GoRun, path: str) -> str:
    if run.go.verb == "mod download":
        return f"`reading {path.rstrip('/')}/go.mod: no such file or directory`"
    return f"`replacement directory {path} does not exist`"


def _in_image(step: Step, image_dir: str, context: BuildContext) -> bool:
    """The replaced go.mod is in the image before the step, or something the context does not
    show (a clone, an archive, another stage) may have put it there."""
    marks = step.before.marks
    for mark in marks:
        if mark.source in (MarkSource.CONTEXT, MarkSource.INIT):
            continue
        if is_at_or_below(image_dir, mark.dir) if mark.tree else mark.dir == image_dir:
            return True
    found = find_module(marks, image_dir, context)
    return found is not None and found.dir == image_dir


def _would_copy(before: tuple[Step, ...], rel: str, context: BuildContext) -> bool:
    """Some COPY of the context before the command names ``rel`` or a directory above it."""
    unfiltered = BuildContext(context.files)
    for step in before:
        spec = step.copy
        if spec is None or not spec.from_context:
            continue
        for source in spec.sources:
            if relative(source) is None:
                continue
            for match in unfiltered.matches(source) or ():
                if not match or rel == match or rel.startswith(match + "/"):
                    return True
    return False


RULE = Rule(
    code="DG110",
    name="replace-outside-context",
    severity=Severity.ERROR,
    summary="A local replace in go.mod points to a directory the image does not have.",
    doc=__doc__ or "",
    check=check,
)
