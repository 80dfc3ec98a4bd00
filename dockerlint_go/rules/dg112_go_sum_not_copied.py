"""## What it does
Finds the dependency layer that copies `go.mod` without its `go.sum` (`COPY go.mod ./` followed
by `RUN go mod download` or a build) when the module has a `go.sum` to copy. The finding sits
on the `COPY` of go.mod.

With a readable build context, it fires when the context sends a `go.sum` next to the copied
go.mod and that go.mod has `require` lines. Without a context it cannot know whether a go.sum
exists, so it fires only when a later `COPY` of the same stage names `go.sum` itself.

It stays silent when:

- the same `COPY` brings go.sum too (`COPY go.mod go.sum ./`, `COPY go.* ./`, `COPY . .`), or
  another `COPY` brings it before the first go command that uses that go.mod;
- the context has no go.sum next to go.mod, or go.mod requires nothing (a module without
  dependencies has nothing to check);
- no go command resolves that module's dependencies before go.sum arrives, or the command is
  vendored (`-mod=vendor`).

## Why is this bad?
go.sum holds the hashes of every module version the project was tested with. Without it,
`go mod download` cannot check what it fetches against the committed hashes: it asks the
checksum database (`sum.golang.org`) instead, which fails in an offline or firewalled build,
and with `GOSUMDB=off` (common behind private proxies) it accepts whatever the proxy serves.
If go.sum never reaches the image, a later build (which runs with `-mod=readonly` by default)
can stop on `missing go.sum entry`.

## Example
```dockerfile
FROM golang:1.22
WORKDIR /src
COPY go.mod ./
RUN go mod download
COPY go.sum main.go ./
RUN go build -o /out/app .
```

## Use instead
```dockerfile
FROM golang:1.22
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY main.go ./
RUN go build -o /out/app .
```

`--fix` adds go.sum to the COPY, right after go.mod and written the same way (`COPY go.mod ./`
becomes `COPY go.mod go.sum ./`, `COPY ["go.mod", "./"]` becomes
`COPY ["go.mod", "go.sum", "./"]`). The fix is safe: it copies a file the build context sends
anyway. It is offered when the go.sum is known to exist: the build context has it or, without
a context, a later `COPY` names that very file. No fix is offered when the destination is not
a directory written as one (`/src/` or `./`), when go.mod is written with a variable or more
than once, or when, without a context, a later `COPY` brings go.sum only through a glob.

## References
- [Go modules reference: go.sum files](https://go.dev/ref/mod#go-sum-files)
- [Go modules reference: authenticating modules](https://go.dev/ref/mod#authenticating)
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Iterator, Sequence
from fnmatch import fnmatchcase

from dockerlint_go.findings import Severity
from dockerlint_go.fixes import Applicability, Edit, Fix
from dockerlint_go.model.context import BuildContext, Kind, relative
from dockerlint_go.model.parse import Instruction, ParsedDockerfile
from dockerlint_go.model.span import Span
from dockerlint_go.model.stages import CopySpec, DockerfileModel, GoRun, Stage, Step
from dockerlint_go.model.words import split_words, unquote
from dockerlint_go.rules._rule import Hit, Rule


def _is_tree(source: str, context: BuildContext | None) -> bool:
    """A source that copies a directory (and so may bring go.sum with the rest)."""
    rel = relative(source)
    if context is not None and rel is not None and "*" not in source:
        return rel == "" or context.kind(rel) is Kind.DIR
    name = posixpath.basename(source.rstrip("/"))
    return source.rstrip("/") in (".", "") or source.endswith("/") or "." not in name


def _brings_sum(spec: CopySpec, context: BuildContext | None, *, named_only: bool) -> bool:
    """The COPY brings a go.sum: it names one (or a glob that matches it), or, unless
    ``named_only``, copies a directory."""
    for source in spec.sources:
        name = posixpath.basename(source.rstrip("/"))
        if fnmatchcase("go.sum", name):
            return True
        if not named_only and _is_tree(source, context):
            return True
    return False


def check(model: DockerfileModel) -> Iterator[Hit]:
    for stage in model.stages:
        for index, step in enumerate(stage.steps):
            spec = step.copy
            if spec is None or not spec.from_context or spec.from_stage is not None:
                continue
            if not any(posixpath.basename(s) == "go.mod" for s in spec.sources):
                continue
            if _brings_sum(spec, model.context, named_only=False):
                continue
            hit = _judge(model, stage, index, step, spec)
            if hit is not None:
                yield hit


def _judge(
    model: DockerfileModel, stage: Stage, index: int, step: Step, spec: CopySpec
) -> Hit | None:
    context = model.context
    later = stage.steps[index + 1 :]
    user: tuple[Step, GoRun] | None = None
    sum_line = 0  # the later COPY that names go.sum
    sum_any = 0  # the later COPY that brings it (by name or with a directory)
    for other in later:
        if other.copy is not None and other.copy.from_context:
            if user is None and _brings_sum(other.copy, context, named_only=False):
                return None  # go.sum arrives before any go command needs it
            if _brings_sum(other.copy, context, named_only=True) and not sum_line:
                sum_line = other.line
            if _brings_sum(other.copy, context, named_only=False) and not sum_any:
                sum_any = other.line
        if user is None:
            for run in other.go:
                module = run.module
                if run.main_module and not run.vendored and module and module.line == step.line:
                    user = (other, run)
                    break
    if user is None:
        return None
    _, run = user
    gomod_src = next(s for s in spec.sources if posixpath.basename(s) == "go.mod")
    rel = relative(gomod_src)
    directory = posixpath.dirname(rel) if rel else ""
    sum_rel = posixpath.join(directory, "go.sum") if directory else "go.sum"
    command = f"{run.display} at line {run.line}"
    if context is not None:
        if not context.has_file(sum_rel):
            return None
        gomod = context.gomod(directory)
        if gomod is None or not gomod.requires:
            return None
        count = len(gomod.requires)
        gomod_rel = posixpath.join(directory, "go.mod") if directory else "go.mod"
        why = (
            f"the build context has {sum_rel}, and {gomod_rel} requires {count} "
            f"module{'s' if count != 1 else ''} (from line {gomod.requires[0].line})"
        )
    else:
        if not sum_line:
            return None
        why = f"go.sum is copied only at line {sum_line}"
    after = ""
    if not sum_any and context is not None:
        after = (
            "; no later COPY names go.sum either, so a later -mod=readonly build may stop on "
            "'missing go.sum entry'"
        )
    message = (
        f"{step.instruction.keyword} at line {step.line} copies {gomod_src} without go.sum, "
        f"but {why}: {command} cannot check the modules it fetches against the committed "
        f"hashes (it asks the checksum database, which fails offline, or trusts whatever it "
        f"gets with GOSUMDB=off){after}"
    )
    both = f"{gomod_src} {posixpath.join(posixpath.dirname(gomod_src), 'go.sum')}"
    fix = f"Copy go.sum with go.mod: `COPY {both} {_dest(spec, step)}`."
    sent = context is not None or _named_later(later, sum_rel)
    autofix = _autofix(model.parsed, step.instruction, gomod_src) if sent else None
    return Hit(step.instruction.span, message, None, fix, autofix)


def _dest(spec: CopySpec, step: Step) -> str:
    """The destination directory as the fix should write it."""
    dest = spec.dest if spec.dest_is_dir else posixpath.dirname(spec.dest)
    if dest == step.before.workdir:
        return "./"
    return dest.rstrip("/") + "/"


# --------------------------------------------------------------------------------------------
# The fix: name go.sum right after go.mod


def _named_later(later: Sequence[Step], sum_rel: str) -> bool:
    """Without a context: a later COPY of the stage names this very go.sum, without a glob or
    variable, so the context sends it (or that COPY would fail the build)."""
    for other in later:
        spec = other.copy
        if spec is None or not spec.from_context or "$" in other.instruction.value:
            continue
        for source in spec.sources:
            if not any(c in source for c in "*?[\\") and relative(source) == sum_rel:
                return True
    return False


def _autofix(parsed: ParsedDockerfile, ins: Instruction, gomod_src: str) -> Fix | None:
    """Insert go.sum after the go.mod source, written the same way (``./go.mod`` gives
    ``./go.sum``); None when the source or the destination cannot be read for certain."""
    if ins.heredocs or any(f.name in ("parents", "exclude") for f in ins.flags):
        return None
    exec_form = ins.exec_form is not None
    if ins.exec_form is not None:
        words = list(ins.exec_form)
        raw_sources = [json.dumps(w) for w in words[:-1] if w == gomod_src]
        dest = words[-1] if words else ""
    else:
        words = split_words(ins.value)
        raw_sources = [w for w in words[:-1] if "$" not in w and unquote(w) == gomod_src]
        dest = unquote(words[-1]) if words else ""
    if len(raw_sources) != 1 or not (dest.endswith("/") or dest in (".", "./")):
        return None  # a second source needs a directory destination
    token = raw_sources[0]
    cut = token.rfind("go.mod")
    if cut < 0:
        return None
    sum_token = token[:cut] + "go.sum" + token[cut + len("go.mod") :]
    where = _find_word(parsed, ins, token, exec_form=exec_form)
    if where is None:
        return None
    text = f", {sum_token}" if exec_form else f" {sum_token}"
    edit = Edit(Span(where[0], where[1], where[0], where[1]), text)
    return Fix("Copy go.sum together with go.mod", (edit,), Applicability.SAFE)


def _find_word(
    parsed: ParsedDockerfile, ins: Instruction, token: str, *, exec_form: bool
) -> tuple[int, int] | None:
    """The (line, column) just after the one place ``token`` is written as a whole word of the
    instruction: comment lines inside a continuation are skipped. None when it is written
    nowhere or more than once."""
    lines = parsed.lines
    escape = parsed.directives.escape
    span = ins.span
    before_ok = " \t[," if exec_form else " \t"
    after_ok = " \t,]" if exec_form else " \t"
    found: list[tuple[int, int]] = []
    for number in range(span.line, span.end_line + 1):
        if number - 1 >= len(lines):
            break
        text = lines[number - 1]
        if number == span.end_line:
            text = text[: span.end_column - 1]
        begin = span.column - 1 + len(ins.keyword) if number == span.line else 0
        if number != span.line and text.lstrip().startswith("#"):
            continue  # a comment inside the continuation: not part of the instruction
        start = text.find(token, begin)
        while start >= 0:
            end = start + len(token)
            before = text[start - 1] if start > 0 else ""
            rest = text[end:]
            starts_word = before in before_ok if before else number != span.line
            ends_word = rest == "" or rest[0] in after_ok or rest.strip() == escape
            if starts_word and ends_word:
                found.append((number, end + 1))
            start = text.find(token, end)
    return found[0] if len(found) == 1 else None


RULE = Rule(
    code="DG112",
    name="go-sum-not-copied",
    severity=Severity.WARNING,
    summary="go.mod is copied for the dependency download without its go.sum.",
    doc=__doc__ or "",
    check=check,
    fixable=Applicability.SAFE,
)
