"""DG120 unversioned-golang-image with real build contexts: the fix names the tag that matches
the `go` line of go.mod.

Each case is a Dockerfile whose leading comments declare its context files (``# go.mod in the
build context:`` followed by the file's lines under ``#   ``, the convention the rule docs use);
the runner writes them to a temporary directory, which is then the context. The name-only table
(cases_dg120.py) covers when the rule fires.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dockerlint_go.api import lint_text
from dockerlint_go.contexts import ContextReader
from dockerlint_go.rules import dg120_unversioned_golang_image
from tests.rules._cases import Case, context_files

DG120 = dg120_unversioned_golang_image.RULE


def _lint(case: Case, root: Path) -> list[tuple[int, str, str, str | None]]:
    text = case.text
    files = context_files(text)
    assert files, f"{case.id}: no context files declared"
    for name, content in {**files, "main.go": "package main\n", "Dockerfile": text}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    context = ContextReader().view(str(root), str(root / "Dockerfile"))
    result = lint_text(text, "Dockerfile", rules=[DG120], context=context)
    return [(f.span.line, f.severity.value, f.message, f.fix) for f in result.findings]


# message_has fragments are looked for in the first finding's fix.
CASES = (
    Case(
        "alpine-gets-the-go-line",
        """
        # go.mod in the build context:
        #   module example.com/app
        #
        #   go 1.22
        FROM golang:alpine AS build
        WORKDIR /src
        COPY . .
        RUN go build -o /out/app .
        """,
        ((5, "warning"),),
        ("go.mod line 3 asks for (`go 1.22`)", "`FROM golang:1.22-alpine`"),
    ),
    Case(
        "bookworm-three-part-go-line",
        """
        # go.mod in the build context:
        #   module example.com/app
        #
        #   go 1.23.4
        FROM golang:bookworm
        WORKDIR /src
        COPY go.mod ./
        RUN go mod download
        """,
        ((5, "warning"),),
        ("`FROM golang:1.23-bookworm`", "`golang:1.23.4-bookworm` fixes the patch release"),
    ),
    Case(
        "no-tag",
        """
        # go.mod in the build context:
        #   module example.com/app
        #
        #   go 1.22
        FROM golang
        WORKDIR /src
        COPY . .
        RUN go build -o /out/app .
        """,
        ((5, "warning"),),
        ("`FROM golang:1.22`;",),
    ),
    Case(
        "latest",
        """
        # go.mod in the build context:
        #   module example.com/app
        #
        #   go 1.22
        FROM golang:latest
        WORKDIR /src
        COPY . .
        RUN go build -o /out/app .
        """,
        ((5, "warning"),),
        ("`FROM golang:1.22`;",),
    ),
    Case(
        "major-only-keeps-the-variant",
        """
        # go.mod in the build context:
        #   module example.com/app
        #
        #   go 1.21.0
        FROM golang:1-alpine3.20
        WORKDIR /src
        COPY . .
        RUN go build -o /out/app .
        """,
        ((5, "warning"),),
        ("`FROM golang:1.21-alpine3.20`",),
    ),
    Case(
        "mirror-keeps-the-repository",
        """
        # go.mod in the build context:
        #   module example.com/app
        #
        #   go 1.22
        FROM mirror.gcr.io/library/golang:alpine
        WORKDIR /src
        COPY . .
        RUN go build -o /out/app .
        """,
        ((5, "warning"),),
        ("`FROM mirror.gcr.io/library/golang:1.22-alpine`",),
    ),
    Case(
        "arg-default",
        """
        # go.mod in the build context:
        #   module example.com/app
        #
        #   go 1.22
        ARG GO_VERSION=latest
        FROM golang:${GO_VERSION}
        WORKDIR /src
        COPY . .
        RUN go build -o /out/app .
        """,
        ((6, "warning"),),
        ("Give ARG GO_VERSION (line 5) a default", "resolves to `golang:1.22`"),
    ),
    Case(
        "module-in-a-subdirectory",
        """
        # go.mod in the build context:
        #   module example.com/other
        #
        #   go 1.20
        # api/go.mod in the build context:
        #   module example.com/api
        #
        #   go 1.22
        FROM golang:alpine
        WORKDIR /src
        COPY api/ ./
        RUN go build -o /out/api .
        """,
        ((9, "warning"),),
        ("api/go.mod line 3", "`FROM golang:1.22-alpine`"),
    ),
    Case(
        "go-line-of-a-later-stage",
        """
        # go.mod in the build context:
        #   module example.com/app
        #
        #   go 1.22
        FROM golang:alpine AS base
        WORKDIR /src

        FROM base AS build
        COPY . .
        RUN go build -o /out/app .
        """,
        ((5, "warning"),),
        ("`FROM golang:1.22-alpine`",),
    ),
    Case(
        "root-go-mod-without-go-commands",
        """
        # go.mod in the build context:
        #   module example.com/app
        #
        #   go 1.22
        FROM golang:bookworm
        COPY . /src
        """,
        ((5, "warning"),),
        ("`FROM golang:1.22-bookworm`",),
    ),
    Case(
        "no-go-line",
        """
        # go.mod in the build context:
        #   module example.com/app
        FROM golang:alpine
        WORKDIR /src
        COPY . .
        RUN go build -o /out/app .
        """,
        ((3, "warning"),),
        ("`FROM golang:1.N-alpine` (1.N being that release)",),
    ),
    Case(
        "versioned-tag-is-silent",
        """
        # go.mod in the build context:
        #   module example.com/app
        #
        #   go 1.22
        FROM golang:1.22-alpine
        WORKDIR /src
        COPY . .
        RUN go build -o /out/app .
        """,
    ),
)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_dg120_with_context(case: Case, tmp_path: Path) -> None:
    found = _lint(case, tmp_path)
    assert sorted(f[:2] for f in found) == sorted(case.expect), found
    for fragment in case.message_has:
        assert fragment in (found[0][3] or ""), found


def test_dg120_every_finding_has_a_fix(tmp_path: Path) -> None:
    for number, case in enumerate(CASES):
        for finding in _lint(case, tmp_path / str(number)):
            assert finding[3], f"{case.id}: no fix"
