"""DG118 unpinned-go-tool: the finding sits on the RUN (or CMD/ENTRYPOINT) of the go command
and names the command's own line."""

from __future__ import annotations

from tests.rules._cases import Case

CASES = (
    Case(
        "install-latest",
        """
        FROM golang:1.22
        RUN go install golang.org/x/tools/gopls@latest
        """,
        ((2, "warning"),),
        ("`go install golang.org/x/tools/gopls@latest` at line 2", "(`@latest`)", "built"),
    ),
    Case(
        "install-release-is-pinned",
        """
        FROM golang:1.22
        RUN go install golang.org/x/tools/gopls@v0.16.2 \\
         && go install github.com/go-delve/delve/cmd/dlv@v1.23.0-rc.1
        """,
    ),
    Case(
        "pseudo-version-and-commit-are-pinned",
        """
        FROM golang:1.22
        RUN go install example.com/tool@v0.0.0-20240102150405-abcdef123456
        RUN go install example.com/other@4f2c9a1
        RUN go install example.com/third@4f2c9a1e8b7d6c5b4a39281706f5e4d3c2b1a090
        """,
    ),
    Case(
        "branch-master",
        """
        FROM golang:1.22
        RUN go install github.com/example/tool/cmd/tool@master
        """,
        ((2, "warning"),),
        ("branch (or moving tag) `master`",),
    ),
    Case(
        "head",
        """
        FROM golang:1.22
        RUN go install github.com/example/tool@HEAD
        """,
        ((2, "warning"),),
        ("default branch (`@HEAD`)",),
    ),
    Case(
        "version-prefix-and-upper-bound",
        """
        FROM golang:1.22
        RUN go install example.com/tool@v1
        RUN go install "example.com/other@<v2.0.0"
        RUN go install "example.com/third@>=v1.5.0"
        """,
        ((2, "warning"), (3, "warning")),
        ("newest v1.x release of example.com/tool",),
    ),
    Case(
        "install-without-version-uses-go-mod",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY . .
        RUN go install ./cmd/app && go install golang.org/x/tools/cmd/stringer
        RUN go run ./cmd/gen
        """,
    ),
    Case(
        "get-u",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY . .
        RUN go get -u ./... && go build -o /out/app .
        """,
        ((4, "warning"),),
        (
            "raises every dependency of `./...` to its newest release",
            "go.mod and go.sum do not record",
        ),
    ),
    Case(
        "get-u-patch",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY . .
        RUN go get -u=patch && go build -o /out/app .
        """,
        ((4, "warning"),),
        ("newest patch release",),
    ),
    Case(
        "get-u-false-and-exact-versions",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY . .
        RUN go get -u=false example.com/lib@v1.4.2 && go get example.com/old@none
        """,
    ),
    Case(
        "get-latest",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY . .
        RUN go get example.com/lib@latest && go build -o /out/app .
        """,
        ((4, "warning"),),
        ("moves the requirement to the newest release of example.com/lib",),
    ),
    Case(
        "arg-default-latest",
        """
        FROM golang:1.22
        ARG LINT_VERSION=latest
        RUN go install github.com/golangci/golangci-lint/cmd/golangci-lint@${LINT_VERSION}
        """,
        ((3, "warning"),),
        ("$LINT_VERSION is `latest`, from the ARG at line 2",),
    ),
    Case(
        "global-arg-default-main",
        """
        ARG TOOL_REF=main
        FROM golang:1.22
        ARG TOOL_REF
        RUN go install example.com/tool@$TOOL_REF
        """,
        ((4, "warning"),),
        ("$TOOL_REF is `main`, from the ARG at line 3",),
    ),
    Case(
        "arg-pinned",
        """
        FROM golang:1.22
        ARG LINT_VERSION=v1.59.1
        RUN go install github.com/golangci/golangci-lint/cmd/golangci-lint@${LINT_VERSION}
        """,
    ),
    Case(
        "arg-without-default-cannot-be-told",
        """
        FROM golang:1.22
        ARG LINT_VERSION
        RUN go install github.com/golangci/golangci-lint/cmd/golangci-lint@${LINT_VERSION}
        RUN go install example.com/tool@$(cat /tool.version)
        """,
    ),
    Case(
        "env-expanded",
        """
        FROM golang:1.22
        ENV TOOL_VERSION=develop
        RUN go install example.com/tool@$TOOL_VERSION
        """,
        ((3, "warning"),),
        ("$TOOL_VERSION is `develop`, from the ENV at line 2", "`develop`"),
    ),
    Case(
        "export-in-run",
        """
        FROM golang:1.22
        RUN export TOOL_VERSION=latest && go install example.com/tool@$TOOL_VERSION
        """,
        ((2, "warning"),),
        ("exported in the RUN",),
    ),
    Case(
        "prefix-assignment-does-not-reach-the-word",
        """
        FROM golang:1.22
        RUN TOOL_VERSION=latest go install example.com/tool@$TOOL_VERSION
        """,
    ),
    Case(
        "goflags-prefix-does-not-pin",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY . .
        RUN GOFLAGS=-mod=mod go get -u ./...
        """,
        ((4, "warning"),),
        ("`go get -u ./...` at line 4",),
    ),
    Case(
        "heredoc",
        """
        FROM golang:1.22
        RUN <<EOF
        set -e
        go install example.com/pinned@v1.2.3
        go install example.com/tool@latest
        EOF
        """,
        ((2, "warning"),),
        ("at line 5", "example.com/tool"),
    ),
    Case(
        "exec-form-run",
        """
        FROM golang:1.22
        RUN ["go", "install", "example.com/tool@latest"]
        """,
        ((2, "warning"),),
        ("`go install example.com/tool@latest`",),
    ),
    Case(
        "cmd-go-run-at-start",
        """
        FROM golang:1.22
        CMD ["go", "run", "example.com/server@main"]
        """,
        ((2, "warning"),),
        ("each time the container starts", "Two containers"),
    ),
    Case(
        "every-stage-multi-stage",
        """
        FROM golang:1.22 AS tools
        RUN go install golang.org/x/tools/gopls@latest

        FROM golang:1.22 AS build
        WORKDIR /src
        COPY . .
        RUN go build -o /out/app . && go install example.com/gen@v1.0.0

        FROM tools AS dev
        RUN go install github.com/go-delve/delve/cmd/dlv@master
        """,
        ((2, "warning"), (10, "warning")),
        ("gopls",),
    ),
    Case(
        "user-switch",
        """
        FROM golang:1.22
        RUN useradd -m app
        USER app
        RUN go install example.com/tool@latest
        """,
        ((4, "warning"),),
        ("example.com/tool",),
    ),
    Case(
        "gopath-mode-is-dg114",
        """
        FROM golang:1.22
        ENV GO111MODULE=off
        RUN go get -u example.com/tool
        """,
    ),
    Case(
        "old-go-rejects-the-syntax",
        """
        FROM golang:1.15
        RUN go install example.com/tool@latest
        """,
    ),
    Case(
        "golang-dl-wrapper",
        """
        FROM golang:1.22
        RUN go install golang.org/dl/go1.23.4@latest && go1.23.4 download
        """,
    ),
)
