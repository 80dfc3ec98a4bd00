"""A hand-made LintResult for the reporter tests, independent of the real rules and parser."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from dockerlint_go.findings import (
    FileResult,
    Finding,
    LintResult,
    Severity,
    Span,
    Suppression,
    SuppressionScope,
)
from dockerlint_go.reporters import ReportContext
from dockerlint_go.rules._rule import Hit, Rule, RuleKind

GOLDEN = Path(__file__).parent / "golden"


def _never(model: object) -> Iterator[Hit]:
    return iter(())


DOC_101 = """## What it does
Finds a go command run by a non-root user against a module cache
that root filled earlier.

## Why is this bad?
The command fails with `permission denied`.

## Example
```dockerfile
RUN go mod download
USER app
RUN go get example.com/x
```
"""

RULES: tuple[Rule, ...] = (
    Rule("DG000", "parse-error", Severity.ERROR, "The file cannot be parsed.", "", _never),
    Rule(
        "DG101",
        "root-owned-module-cache",
        Severity.ERROR,
        "A non-root user runs go against a module cache that root filled.",
        DOC_101,
        _never,
    ),
    Rule(
        "DG102",
        "source-before-mod-download",
        Severity.WARNING,
        "Sources are copied before the module download.",
        "## What it does\nFlags `COPY . .` before `go mod download`.\n",
        _never,
        kind=RuleKind.PERFORMANCE,
    ),
    Rule(
        "DG104",
        "gomodcache-unset",
        Severity.WARNING,
        "GOMODCACHE is unset for a non-root user.",
        "    ## What it does\n    Indented doc.\n",
        _never,
    ),
)

API_LINES = (
    "# syntax=docker/dockerfile:1",
    "FROM golang:1.22 AS build",
    "WORKDIR /src",
    "COPY . .",
    "RUN go mod download && \\",
    "\tgo build -o /out/app ./cmd/app",
    "USER app",
    "RUN go get example.com/x\x1b[31m",
    "COPY . .",
)


def _f(
    path: str,
    code: str,
    name: str,
    severity: Severity,
    message: str,
    span: Span,
    fix: str | None = None,
) -> Finding:
    return Finding(path, code, name, severity, message, span, fix)


API = "services/api/Dockerfile"
RESULT = LintResult(
    files=(
        FileResult(
            path="-",
            findings=(
                _f(
                    "-",
                    "DG101",
                    "root-owned-module-cache",
                    Severity.ERROR,
                    "`go get` runs as app but /go/pkg/mod was filled by root",
                    Span(2, 5, 2, 31),
                    "Download modules after `USER app`, or chown the cache.",
                ),
            ),
            lines=("FROM golang:1.22", "RUN go get example.com/tool@v1"),
        ),
        FileResult(
            path="../shared/base.Dockerfile",
            findings=(
                _f(
                    "../shared/base.Dockerfile",
                    "DG999",
                    "custom-check",
                    Severity.INFO,
                    "a finding from a rule outside the registry",
                    Span(1, 6, 1, 19),
                ),
            ),
            lines=("FROM golang:latest",),
        ),
        FileResult(
            path=API,
            findings=(
                _f(
                    API,
                    "DG102",
                    "source-before-mod-download",
                    Severity.WARNING,
                    "`COPY . .` at line 4 comes before `go mod download` at line 5",
                    Span(4, 1, 4, 9),
                ),
                _f(
                    API,
                    "DG101",
                    "root-owned-module-cache",
                    Severity.ERROR,
                    "the download spans two lines",
                    Span(5, 5, 6, 32),
                    "Run it after `USER app`.",
                ),
                _f(
                    API,
                    "DG101",
                    "root-owned-module-cache",
                    Severity.INFO,
                    "`go build` after a tab",
                    Span(6, 2, 6, 10),
                ),
                _f(
                    API,
                    "DG101",
                    "root-owned-module-cache",
                    Severity.ERROR,
                    "café ✓ \x1b[2J message with a control character",
                    Span(8, 5, 8, 25),
                ),
                _f(
                    API,
                    "DG102",
                    "source-before-mod-download",
                    Severity.WARNING,
                    "`COPY . .` at line 9 comes before `go mod download` at line 5",
                    Span(9, 1, 9, 9),
                ),
            ),
            lines=API_LINES,
        ),
        FileResult(path="services/worker/Dockerfile", findings=(), lines=("FROM golang:1.22",)),
        FileResult(
            path="unreadable/Dockerfile",
            findings=(
                _f(
                    "unreadable/Dockerfile",
                    "DG000",
                    "parse-error",
                    Severity.ERROR,
                    "cannot read this file: Permission denied",
                    Span(1, 1, 1, 1),
                ),
            ),
            lines=(),
        ),
    )
)

SUPPRESSED_LINES = (
    "# dockerlint-go global ignore=DG104",
    "FROM golang:1.22",
    "# dockerlint-go ignore=DG102 -- the module has no dependencies",
    "COPY . .",
    "USER app",
    "RUN go get example.com/x",
    "# dockerlint-go ignore=DG103",
    "RUN go build ./...",
)
TOOLS = "tools/Dockerfile"
# Findings that inline comments suppressed, beside findings they did not: one file has both, the
# other only suppressed ones.
SUPPRESSED = LintResult(
    files=(
        FileResult(
            path="Dockerfile",
            findings=(
                Finding(
                    "Dockerfile",
                    "DG102",
                    "source-before-mod-download",
                    Severity.WARNING,
                    "`COPY . .` at line 4 comes before any module download",
                    Span(4, 1, 4, 9),
                    suppression=Suppression(
                        SuppressionScope.INSTRUCTION, 3, "the module has no dependencies"
                    ),
                ),
                Finding(
                    "Dockerfile",
                    "DG101",
                    "root-owned-module-cache",
                    Severity.ERROR,
                    "`go get` runs as app but /go/pkg/mod was filled by root",
                    Span(6, 5, 6, 25),
                ),
                Finding(
                    "Dockerfile",
                    "DG104",
                    "gomodcache-unset",
                    Severity.WARNING,
                    "`go get` runs as app with GOMODCACHE unset",
                    Span(6, 5, 6, 25),
                    suppression=Suppression(SuppressionScope.FILE, 1),
                ),
                Finding(
                    "Dockerfile",
                    "DG001",
                    "unused-suppression",
                    Severity.INFO,
                    "unused suppression of DG103 (copy-without-chown): the RUN at line 8 has "
                    "no DG103 finding",
                    Span(7, 1, 7, 29),
                    "Remove `DG103` from the comment.",
                ),
            ),
            lines=SUPPRESSED_LINES,
        ),
        FileResult(
            path=TOOLS,
            findings=(
                Finding(
                    TOOLS,
                    "DG101",
                    "root-owned-module-cache",
                    Severity.ERROR,
                    "`go install` runs as app but /go/pkg/mod was filled by root",
                    Span(3, 1, 3, 9),
                    "Run it before `USER app`.",
                    Suppression(SuppressionScope.STAGE, 1, "tools stage \x1b[2J only"),
                ),
            ),
            lines=(
                "# dockerlint-go stage ignore=DG101 -- tools stage only",
                "FROM golang:1.22 AS tools",
                "USER app",
                "RUN go install example.com/tool@v1",
            ),
        ),
    )
)

CLEAN = LintResult(files=(FileResult(path="Dockerfile", findings=(), lines=("FROM golang:1.22",)),))

ROOT = PurePosixPath("/home/dev/my project")


def context(*, color: bool = False, show_suppressed: bool = False) -> ReportContext:
    return ReportContext(
        rules=RULES,
        root=ROOT,
        tool_version="1.2.3",
        color=color,
        show_suppressed=show_suppressed,
    )


def check_golden(name: str, actual: str) -> None:
    """Compare with ``golden/<name>``; ``UPDATE_GOLDEN=1`` rewrites the file instead."""
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_bytes(actual.encode("utf-8"))
    expected = path.read_bytes().decode("utf-8")
    assert actual == expected, f"{name} differs from its golden file (UPDATE_GOLDEN=1 rewrites it)"
