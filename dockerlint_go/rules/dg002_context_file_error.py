"""## What it does
Reports a file of the build context that the linter needed but could not read or parse: a
`go.mod` or `go.work` with a syntax error (an unknown directive, an unterminated string, a
malformed `go` line), one that cannot be opened, or a `.dockerignore` (or
`<Dockerfile>.dockerignore`) with a pattern that is not valid. The message names the file and
its line; the finding sits on the Dockerfile instruction that brings the file into the build
(the first COPY/ADD of the context for an ignore file, line 1 when there is none).

Linting goes on without what the file would have told: a rule that needed it judges the COPY
by the names it writes, as it does when there is no context at all.

## Why is this bad?
The builder and go read the same files. A go.mod that go cannot parse fails the first go
command (`go: errors parsing go.mod`); an ignore pattern the builder rejects fails the build
before any step runs. Either way the other findings for the file may be incomplete until the
file is fixed.

## Example
```dockerfile
# go.mod in the build context:
#   module example.com/shop
#   go 1.22
#   requires example.com/lib v1.0.0
FROM golang:1.22
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
```

## Use instead
```dockerfile
# go.mod in the build context:
#   module example.com/shop
#   go 1.22
#   require example.com/lib v1.0.0
FROM golang:1.22
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
```

## References
- [Go modules reference: go.mod files](https://go.dev/ref/mod#go-mod-file)
- [Dockerfile reference: .dockerignore file](https://docs.docker.com/build/concepts/context/#dockerignore-files)
"""

from __future__ import annotations

from collections.abc import Iterator

from dockerlint_go.findings import Severity
from dockerlint_go.model.span import Span
from dockerlint_go.model.stages import DockerfileModel
from dockerlint_go.rules._rule import Hit, Rule


def check(model: DockerfileModel) -> Iterator[Hit]:
    for problem, line in model.context_problems:
        instruction = model.instruction_at(line) if line else None
        span = instruction.span if instruction is not None else Span(1, 1, 1, 1)
        where = problem.file
        if problem.line:
            where += f":{problem.line}" + (f":{problem.column}" if problem.column else "")
        yield Hit(span, f"{where}: {problem.message}")


RULE = Rule(
    code="DG002",
    name="context-file-error",
    severity=Severity.ERROR,
    summary="A go.mod, go.work or ignore file of the build context cannot be read or parsed.",
    doc=__doc__ or "",
    check=check,
)
