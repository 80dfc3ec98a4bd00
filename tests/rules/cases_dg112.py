"""DG112 go-sum-not-copied: the finding sits on the COPY of go.mod.

Without a build context the rule fires only when a later COPY of the same stage names go.sum.
The cases with a context (a go.sum in it, go.mod's requirements) are in
test_dg109_dg112_context.py.
"""

from __future__ import annotations

from tests.rules._cases import Case

CASES = (
    Case(
        "go-sum-copied-later",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY go.mod ./
        RUN go mod download
        COPY go.sum main.go ./
        RUN go build -o /out/app .
        """,
        ((3, "warning"),),
        ("line 3 copies go.mod without go.sum", "go.sum is copied only at line 5", "line 4"),
    ),
    Case(
        "copied-together",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY go.mod go.sum ./
        RUN go mod download
        COPY . .
        """,
    ),
    Case(
        "go-glob",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY go.* ./
        RUN go mod download
        COPY . .
        """,
    ),
    Case(
        "no-context-and-go-sum-never-named",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY go.mod ./
        RUN go mod download
        COPY . .
        RUN go build -o /out/app .
        """,
    ),
    Case(
        "go-sum-before-the-download",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY go.mod ./
        COPY go.sum ./
        RUN go mod download
        """,
    ),
    Case(
        "exec-form-copy",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY ["go.mod", "./"]
        RUN ["go", "mod", "download"]
        COPY ["go.sum", "./"]
        """,
        ((3, "warning"),),
        ("go.sum is copied only at line 5",),
    ),
    Case(
        "arg-expanded-multi-stage",
        """
        ARG GO_VERSION=1.20
        FROM golang:${GO_VERSION} AS deps
        WORKDIR /src
        COPY go.mod go.sum ./
        RUN go mod download

        FROM golang:${GO_VERSION} AS build
        WORKDIR /src
        COPY go.mod ./
        RUN go mod download
        COPY go.sum ./
        COPY . .
        RUN go build -o /out/app .
        """,
        ((9, "warning"),),
    ),
    Case(
        "heredoc-run-download",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY go.mod ./
        RUN <<EOF
        set -e
        go mod download
        EOF
        COPY go.sum ./
        COPY . .
        """,
        ((3, "warning"),),
    ),
    Case(
        "vendored-build-is-silent",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY go.mod ./
        RUN go build -mod=vendor -o /out/app .
        COPY go.sum ./
        """,
    ),
)
