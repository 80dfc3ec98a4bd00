"""## What it does
Finds files brought in by `COPY` or `ADD` without `--chown` that a go command later writes
while running as a non-root user (in the same stage or a stage built `FROM` it), with no
`chown` in between: `go mod tidy` or `go get` rewriting `go.mod`/`go.sum`, `go generate` or
`gofmt -w` rewriting sources, `go build` writing its binary into the copied directory. The
finding sits on the `COPY`.

Copies that nobody writes to are left alone: read-only files are fine, and giving
executables to the app user is not a goal. In GOPATH mode (`GO111MODULE=off`, or Go's own
rules for `auto`) go never writes `go.mod` or `go.sum`, so `go get` there is not reported for
them; binaries and rewritten sources still are.

## Why is this bad?
`COPY` and `ADD` create files owned by root unless `--chown` says otherwise, whatever `USER`
is in effect. Reading them works, but the first write by the app user fails:
`go: updating go.mod: open /app/go.mod: permission denied` (Go 1.19 opens `go.mod` for
writing in `go mod tidy` even when nothing changes).

`--chown` is not always enough: creating a *new* file (a `go build -o app .` output, a
missing `go.sum`) needs a writable directory, and a `WORKDIR` created while root was the user
stays owned by root. BuildKit creates a missing `WORKDIR` owned by the current user; the
classic builder creates it owned by root even after `USER`.

## Example
```dockerfile
FROM golang:1.22
RUN useradd -m app
WORKDIR /home/app/src
COPY . .
USER app
RUN go mod tidy
```

## Use instead
```dockerfile
FROM golang:1.22
RUN useradd -m app
WORKDIR /home/app/src
COPY --chown=app:app . .
USER app
RUN go mod tidy
```

## References
- [Dockerfile reference: COPY --chown](https://docs.docker.com/reference/dockerfile/#copy---chown---chmod)
- [Go modules reference: go mod tidy](https://go.dev/ref/mod#go-mod-tidy)
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator

from dockerlint_go.findings import Severity
from dockerlint_go.model.fs import Origin, PathFact, Scope
from dockerlint_go.model.modules import ModuleMode
from dockerlint_go.model.span import Span
from dockerlint_go.model.stages import DockerfileModel, GoRun, State
from dockerlint_go.record import Record
from dockerlint_go.rules._rule import Hit, Rule, other_lines

# What go rewrites in place; anything else it writes (a binary, vendor/) is a new file.
_REWRITTEN = frozenset({"go.mod", "go.sum", "go.work", "go.work.sum", "."})
_MODULE_FILES = frozenset({"go.mod", "go.sum", "go.work", "go.work.sum", "vendor"})


class _Problem(Record):
    run: GoRun
    path: str
    copy: PathFact  # the COPY fact the finding is reported at
    blocker: PathFact  # the fact that makes the write fail


def _problems(run: GoRun, state: State) -> Iterator[_Problem]:
    for written in run.go.writes:
        if run.mode is ModuleMode.GOPATH and written in _MODULE_FILES:
            continue  # GOPATH mode: go.mod and go.sum are ignored, never written
        target = run.target(written if written != "." else "main.go")
        if target is None:
            continue
        rewrite = written in _REWRITTEN and state.fs.fact_for(target) is not None
        if rewrite:
            access = state.access(run.user, target)
            fact = access.fact
            if access.writable is False and fact is not None and fact.origin is Origin.COPY:
                shown = target if written != "." else f"the sources under {run.cwd}"
                yield _Problem(run, shown, fact, fact)
            continue
        directory = posixpath.dirname(target)
        access = state.access(run.user, directory)
        if access.writable is not False or access.fact is None or not access.exists:
            continue
        blocker = access.fact
        if blocker.origin is Origin.COPY:
            yield _Problem(run, target, blocker, blocker)
            continue
        copy = _copy_into(state, directory)
        if copy is not None:
            yield _Problem(run, target, copy, blocker)


def _copy_into(state: State, directory: str) -> PathFact | None:
    """The latest COPY that put files into ``directory``."""
    for fact in reversed(state.fs.facts):
        if fact.origin is not Origin.COPY:
            continue
        if (fact.path == directory and fact.scope is Scope.CONTENTS) or (
            posixpath.dirname(fact.path) == directory
        ):
            return fact
    return None


def check(model: DockerfileModel) -> Iterator[Hit]:
    for chain in model.chains():
        by_copy: dict[int, list[_Problem]] = {}
        for step in chain:
            for run in step.go:
                if run.user.is_root is not False:
                    continue
                for problem in _problems(run, step.before):
                    by_copy.setdefault(problem.copy.line, []).append(problem)
        for line, problems in by_copy.items():
            instruction = model.instruction_at(line)
            if instruction is not None:
                yield _hit(instruction.span, problems)


def _hit(span: Span, problems: list[_Problem]) -> Hit:
    first = problems[0]
    run = first.run
    user = run.user.label
    command = run.display
    others = other_lines((p.run.line for p in problems), run.line)
    also = f" (also {others})" if others else ""
    if first.blocker is first.copy:
        message = (
            f"{command} at line {run.line} runs as {user} and writes {first.path}, which "
            f"this {first.copy.origin.value} leaves owned by root: it fails with permission "
            f"denied{also}"
        )
        fix = (
            f"Add --chown={user}:{user} to this instruction, or `chown -R {user}` the files "
            f"before USER {user}."
        )
    else:
        blocker = first.blocker
        where = "the base image"
        if blocker.line:
            where = f"{blocker.origin.value} at line {blocker.line}"
        message = (
            f"{command} at line {run.line} runs as {user} and creates {first.path}, but "
            f"{posixpath.dirname(first.path)} belongs to {blocker.owner or 'another user'} "
            f"({where}): --chown on this copy is not enough, because a new file needs a "
            f"writable directory{also}"
        )
        fix = (
            f"Create the directory as {user} (WORKDIR after USER {user} with BuildKit, or "
            f"`mkdir` + `chown {user}` it as root) and copy with --chown={user}:{user}, or "
            "write the output elsewhere (go build -o /tmp/…)."
        )
    return Hit(span, message, None, fix)


RULE = Rule(
    code="DG103",
    name="copy-without-chown",
    severity=Severity.ERROR,
    summary="Files copied without --chown are root-owned, and a non-root go command writes them.",
    doc=__doc__ or "",
    check=check,
)
