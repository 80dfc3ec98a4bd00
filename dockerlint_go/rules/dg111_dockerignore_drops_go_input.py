"""## What it does
Finds a `COPY` or `ADD` of the build context that would bring a file the Go build needs, where
`.dockerignore` (or `<Dockerfile>.dockerignore`, which BuildKit prefers) leaves that file out.
The files checked belong to the module a later go command builds:

- `go.sum`, when go.mod requires modules, the build is not vendored and no later
  `go mod tidy`, `go get` or `-mod=mod` writes a new one;
- `vendor/`, when the context holds `vendor/modules.txt` and the build asks for
  `-mod=vendor` (on the command line or in `GOFLAGS`). When go would only use `vendor/` by
  default (a `go` line of 1.14 or later), dropping it makes go download the same versions
  instead: many contexts leave it out on purpose, and that is not reported;
- the `go.mod` of a directory that a local `replace` of a required module points to;
- `go.work.sum`, when the `go.work` next to it is sent;
- the non-test `*.go` files of a package that `go build`, `go install` or `go run` names
  (`.`, `./cmd/server`; `./...` patterns are not judged).

A file the COPY names itself (`COPY go.sum ./`) counts, and so does one a glob (`go.*`) or a
directory copy (`COPY . .`) would include. The message names the ignore file's line and its
pattern, and what breaks. A `!` line that brings the file back is honoured.

The finding is an error when the build certainly fails: the COPY names the file (BuildKit
then stops with `"/go.sum": not found`), go.sum is dropped from a module that requires others
and a later command loads packages (`go build`, `go test`, `go vet`… stop with `missing go.sum
entry`; `go mod download` alone still passes, so a file whose only go command is a download gets
a warning), a replaced module's go.mod is dropped, `-mod=vendor` is asked for
without `vendor/`, or every Go file of a built package is dropped (`no Go files in …`). It is a
warning when the build may still work: `go.work.sum` dropped, or only some Go files of a
package dropped.

The rule needs the build context and its ignore file: without them it stays silent. A
`go.work` left out is not reported: many projects keep it out of the image on purpose.

## Why is this bad?
BuildKit's own check warns only when a COPY names an ignored file. A `COPY . .` silently sends
less than the developer's checkout, and the build fails later, at a go command, with an error
that does not mention the ignore file: `missing go.sum entry for module providing package`,
`cannot find module providing package`, `replacement directory … does not exist`.

## Example
```dockerfile
# go.mod in the build context:
#   module example.com/shop
#   go 1.22
#   require github.com/google/uuid v1.6.0
# go.sum in the build context:
#   github.com/google/uuid v1.6.0 h1:KjJaJ9iWZ3jOFZIf1Lqf4laDRCasjl0BCmnEGxkdLb4=
# main.go in the build context:
#   package main
# .dockerignore in the build context:
#   *.sum
FROM golang:1.22
WORKDIR /src
COPY . .
RUN go build -o /out/shop .
```

## Use instead
```dockerfile
# go.mod in the build context:
#   module example.com/shop
#   go 1.22
#   require github.com/google/uuid v1.6.0
# go.sum in the build context:
#   github.com/google/uuid v1.6.0 h1:KjJaJ9iWZ3jOFZIf1Lqf4laDRCasjl0BCmnEGxkdLb4=
# main.go in the build context:
#   package main
# .dockerignore in the build context:
#   *.sum
#   !go.sum
FROM golang:1.22
WORKDIR /src
COPY . .
RUN go build -o /out/shop .
```

## References
- [Dockerfile reference: .dockerignore file](https://docs.docker.com/build/concepts/context/#dockerignore-files)
- [BuildKit check CopyIgnoredFile](https://docs.docker.com/reference/build-checks/copy-ignored-file/)
- [Go modules reference: go.sum files](https://go.dev/ref/mod#go-sum-files)
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator

from dockerlint_go.findings import Severity
from dockerlint_go.model.context import BuildContext, Kind, relative
from dockerlint_go.model.dockerignore import IgnorePattern, IgnoreRules
from dockerlint_go.model.fs import normalize
from dockerlint_go.model.modules import Module, ModuleMode, effective_mod_flag, local_replaces
from dockerlint_go.model.stages import CopySpec, DockerfileModel, GoRun, Step
from dockerlint_go.record import Record
from dockerlint_go.rules._rule import Hit, Rule

_BUILDS = frozenset({"build", "install", "run"})


class _Input(Record):
    """A context file the build needs."""

    rel: str  # the file's path in the context
    image: str  # where it must land in the image
    what: str  # "go.sum of module example.com/shop"
    breaks: str  # what happens without it
    certain: bool  # the build fails without it


def check(model: DockerfileModel) -> Iterator[Hit]:
    context = model.context
    if context is None or context.ignore is None:
        return
    ignore = context.ignore
    unfiltered = BuildContext(context.files)
    seen: set[tuple[int, str]] = set()
    for chain in model.chains():
        for index, step in enumerate(chain):
            spec = step.copy
            if spec is None or not spec.from_context:
                continue
            inputs = _inputs_after(chain[index + 1 :], context, ignore)
            if not inputs:
                continue
            for source in spec.sources:
                if relative(source) is None:
                    continue
                for match in unfiltered.matches(source) or ():
                    for item in inputs:
                        found = _brings(spec, source, match, item, unfiltered)
                        if found is None or (step.line, item.rel) in seen:
                            continue
                        pattern = ignore.deciding(item.rel)
                        if pattern is None:
                            continue
                        seen.add((step.line, item.rel))
                        yield _hit(step, source, found, item, pattern, context)


def _brings(
    spec: CopySpec, source: str, match: str, item: _Input, unfiltered: BuildContext
) -> str | None:
    """How the COPY source would bring the input: "names" or "includes" (None: it does not,
    or it puts it somewhere the build does not look)."""
    named = match == item.rel and not any(c in source for c in "*?[")
    if match and item.rel != match and not item.rel.startswith(match + "/"):
        return None
    if named:
        return "names"
    if unfiltered.kind(match) is Kind.DIR:
        below = posixpath.relpath(item.rel, match) if match else item.rel
        landing = normalize(posixpath.join(spec.dest, below))
    elif spec.dest_is_dir:
        landing = normalize(posixpath.join(spec.dest, posixpath.basename(match)))
    else:
        landing = spec.dest
    return "includes" if landing == item.image else None


def _inputs_after(
    rest: tuple[Step, ...], context: BuildContext, ignore: IgnoreRules
) -> list[_Input]:
    """The ignored context files that the go commands after a COPY need, for the first
    module-resolving command of each module."""
    inputs: list[_Input] = []
    judged: set[str] = set()
    for step in rest:
        for run in step.go:
            module = run.module
            # A -mod=vendor build resolves nothing, but still needs vendor/.
            builds = run.main_module or (run.vendored and run.go.verb in _BUILDS)
            if not builds or run.go.versioned or module is None or module.ctx_dir is None:
                continue
            if run.mode is not ModuleMode.MODULE:
                continue
            if module.ctx_dir not in judged:
                judged.add(module.ctx_dir)
                inputs.extend(_module_inputs(module, run, step, context, rest))
            if run.go.verb in _BUILDS:
                inputs.extend(_package_inputs(module, run, context))
    files = context.files
    return [i for i in inputs if files.kind(i.rel) is not None and ignore.ignored(i.rel)]


def _in(directory: str, name: str) -> str:
    return posixpath.join(directory, name) if directory else name


def _rewrites_go_sum(rest: tuple[Step, ...]) -> bool:
    """A go command after the COPY writes go.sum anew (`go mod tidy`, `go get`, `-mod=mod`):
    the build then works without the ignored one."""
    return any(
        run.go.verb in ("mod tidy", "get") or effective_mod_flag(run.go, run.env) == "mod"
        for step in rest
        for run in step.go
    )


def _module_inputs(
    module: Module, run: GoRun, step: Step, context: BuildContext, rest: tuple[Step, ...]
) -> list[_Input]:
    ctx = module.ctx_dir or ""
    gomod = module.gomod
    name = (gomod.module if gomod is not None else None) or _in(ctx, "go.mod")
    inputs: list[_Input] = []
    vendor_txt = _in(ctx, "vendor/modules.txt")
    explicit_vendor = run.go.vendored or effective_mod_flag(run.go, run.env) == "vendor"
    if explicit_vendor and context.files.kind(vendor_txt) is Kind.FILE:
        # Without -mod=vendor, go builds the same versions from the module cache when vendor/
        # is missing: a context that leaves vendor/ out on purpose is not reported.
        breaks = (
            f"{run.display} at line {run.line} asks for -mod=vendor and fails with "
            "`cannot find module providing package` or `inconsistent vendoring`"
        )
        inputs.append(_Input(vendor_txt, _image(module, vendor_txt), "vendor/", breaks, True))
    if run.vendored or explicit_vendor:
        return inputs
    if gomod is not None and gomod.requires and not _rewrites_go_sum(rest):
        # `go mod download` passes without go.sum (measured with Go 1.19): the first command
        # that loads packages is the one that stops.
        loader = next(
            (r for r in (run, *(r for later in rest for r in later.go)) if r.go.verb in _LOADS),
            None,
        )
        if loader is not None:
            breaks = (
                f"{loader.display} at line {loader.line} fails with `missing go.sum entry for "
                "module providing package`"
            )
        else:
            breaks = (
                "a go command that loads packages (go build, go test, go vet…) would fail with "
                "`missing go.sum entry`; none is visible here"
            )
        go_sum = _in(ctx, "go.sum")
        certain = loader is not None
        inputs.append(_Input(go_sum, _image(module, go_sum), f"go.sum of {name}", breaks, certain))
    gowork = dict(run.go.command.env).get("GOWORK", step.before.env.get("GOWORK", ""))
    replaces = local_replaces(module, workspace=gowork != "off")
    for label, base_ctx, base_image, entry in replaces:
        target = posixpath.normpath(posixpath.join(base_ctx or ".", entry.new_path))
        if target == ".." or target.startswith("../"):
            continue  # outside the context: DG110
        rel = _in("" if target == "." else target, "go.mod")
        image = normalize(posixpath.join(base_image, entry.new_path, "go.mod"))
        breaks = (
            f"{run.display} at line {run.line} fails with `replacement directory "
            f"{entry.new_path} does not exist` ({label}:{entry.line} replaces {entry.old_path})"
        )
        what = f"the replaced module '{target}'"
        inputs.append(_Input(rel, image, what, breaks, True))
    if module.work is not None and module.work_dir is not None:
        work_sum = _in(module.work_dir, "go.work.sum")
        up = posixpath.relpath(work_sum, ctx or ".")
        image = normalize(posixpath.join(module.dir, up))
        breaks = (
            f"{run.display} at line {run.line} may fail with `missing go.sum entry` for a "
            "module only the workspace requires"
        )
        inputs.append(_Input(work_sum, image, "go.work.sum", breaks, False))
    return inputs


# The verbs that load packages, and so need go.sum entries for every module they import.
_LOADS = frozenset({"build", "test", "run", "install", "list", "vet", "generate"})


def _image(module: Module, rel: str) -> str:
    below = posixpath.relpath(rel, module.ctx_dir or ".")
    return normalize(posixpath.join(module.dir, below))


def _package_inputs(module: Module, run: GoRun, context: BuildContext) -> list[_Input]:
    """The non-test Go files of the packages a build names, when all or some are ignored."""
    if run.cwd is None:
        return []
    cwd = normalize(run.go.chdir, run.cwd) if run.go.chdir else run.cwd
    operands = [op for op in run.go.operands if "@" not in op] or ["."]
    if run.go.verb == "run":
        operands = operands[:1]
    inputs: list[_Input] = []
    files = context.files
    ignore = context.ignore
    for operand in operands:
        if "..." in operand or not (operand in (".", "..") or operand.startswith(("./", "/"))):
            continue
        image = normalize(operand, cwd)
        below = posixpath.relpath(image, module.dir)
        if below == ".." or below.startswith("../"):
            continue
        base = module.ctx_dir or "."
        rel = posixpath.normpath(posixpath.join(base, below))
        rel = "" if rel == "." else rel
        if operand.endswith(".go"):
            sources = [rel] if files.kind(rel) is Kind.FILE else []
            directory = posixpath.dirname(rel)
        else:
            if files.kind(rel or "") is not Kind.DIR and rel:
                continue
            names = files.names(rel)
            sources = [
                _in(rel, n)
                for n in names
                if n.endswith(".go")
                and not n.endswith("_test.go")
                and files.kind(_in(rel, n)) is Kind.FILE
            ]
            directory = rel
        dropped = [s for s in sources if ignore is not None and ignore.ignored(s)]
        if not dropped:
            continue
        all_gone = len(dropped) == len(sources)
        shown = directory or "the context root"
        for path in dropped:
            if all_gone:
                breaks = (
                    f"{run.display} at line {run.line} fails with `no Go files in "
                    f"{posixpath.dirname(_image(module, path))}`"
                )
            else:
                breaks = (
                    f"{run.display} at line {run.line} builds '{shown}' without it (expect "
                    "`undefined: …`)"
                )
            inputs.append(_Input(path, _image(module, path), "a Go source", breaks, all_gone))
    return inputs


def _hit(
    step: Step,
    source: str,
    how: str,
    item: _Input,
    pattern: IgnorePattern,
    context: BuildContext,
) -> Hit:
    where = f"{context.ignore_file}:{pattern.line}"
    keyword = step.instruction.keyword
    if how == "names":
        message = (
            f"{keyword} at line {step.line} names '{source}' ({item.what}), but {where} "
            f"('{pattern.text}') leaves it out of the build context: the {keyword} fails with "
            f'`"/{item.rel}": not found`, and without it {item.breaks}'
        )
        severity = Severity.ERROR
    else:
        message = (
            f"{keyword} at line {step.line} copies '{source}', which would include "
            f"'{item.rel}' ({item.what}), but {where} ('{pattern.text}') leaves it out of the "
            f"build context: {item.breaks}"
        )
        severity = Severity.ERROR if item.certain else Severity.WARNING
    fix = (
        f"Remove or narrow the pattern '{pattern.text}' at {where}, or add `!{item.rel}` after "
        "it so the file is sent again."
    )
    return Hit(step.instruction.span, message, severity, fix)


RULE = Rule(
    code="DG111",
    name="dockerignore-drops-go-input",
    severity=Severity.ERROR,
    summary="The ignore file leaves out a file the Go build needs, although a COPY would bring it.",
    doc=__doc__ or "",
    check=check,
)
