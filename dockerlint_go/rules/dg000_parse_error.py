"""## What it does
Reports a file, or a part of one, that cannot be read as a Dockerfile: bytes that are not
UTF-8, a binary file, a heredoc that is never closed, an unknown instruction, an instruction
without its arguments, or a file the linter cannot open.

## Why is this bad?
The builder rejects such a file, or reads it differently from what its author meant. The
linter keeps going with what it could read, so the other findings for the file may be
incomplete until this one is fixed.

## Example
```dockerfile
FROM golang:1.22
RUN <<EOF
go mod download
```

## Use instead
```dockerfile
FROM golang:1.22
RUN <<EOF
go mod download
EOF
```

## References
- [Dockerfile reference: format, parser directives and here-documents](https://docs.docker.com/reference/dockerfile/)
"""

from __future__ import annotations

from collections.abc import Iterator

from dockerlint_go.findings import Severity
from dockerlint_go.model.stages import DockerfileModel
from dockerlint_go.rules._rule import Hit, Rule


def check(model: DockerfileModel) -> Iterator[Hit]:
    for problem in model.parsed.problems:
        yield Hit(problem.span, problem.message)


RULE = Rule(
    code="DG000",
    name="parse-error",
    severity=Severity.ERROR,
    summary="The file cannot be read or parsed as a Dockerfile.",
    doc=__doc__ or "",
    check=check,
)
