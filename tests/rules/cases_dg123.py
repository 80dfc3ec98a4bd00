"""DG123 go-mod-regenerated: the finding sits on the RUN that rewrites go.mod, or on the ENV that
sets GOFLAGS=-mod=mod.

`go mod init` with a build context (the error when the context has a go.mod, the warning when it
has none) is in test_dg121_dg123_context.py.
"""

from __future__ import annotations

from tests.rules._cases import Case

CASES = (
    Case(
        "tidy-then-build",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY . .
        RUN go mod tidy && go build -o /out/app .
        """,
        ((4, "warning"),),
        (
            "`go mod tidy` at line 4 rewrites /src/go.mod and its go.sum",
            "`go build -o /out/app .` at line 4 builds it",
            "reviewed and tested",
        ),
    ),
    Case(
        "tidy-diff-is-silent",
        """
        FROM golang:1.23
        WORKDIR /src
        COPY . .
        RUN go mod tidy -diff && go build -o /out/app .
        """,
    ),
    Case(
        "tidy-helper-stage-exported-is-silent",
        """
        FROM golang:1.22 AS tidy
        WORKDIR /src
        COPY . .
        RUN go mod tidy

        FROM scratch AS export
        COPY --from=tidy /src/go.mod /src/go.sum /
        """,
    ),
    Case(
        "tidy-in-a-stage-built-from",
        """
        FROM golang:1.22 AS deps
        WORKDIR /src
        COPY . .
        RUN go mod tidy

        FROM deps AS build
        RUN go build -o /out/app ./cmd/server
        """,
        ((4, "warning"),),
        ("at line 7 in stage 'build' builds it",),
    ),
    Case(
        "tidied-go-mod-copied-into-a-build",
        """
        FROM golang:1.22 AS tidy
        WORKDIR /src
        COPY . .
        RUN go mod tidy

        FROM golang:1.22 AS build
        WORKDIR /app
        COPY --from=tidy /src/go.mod /src/go.sum ./
        COPY *.go ./
        RUN go build -o /out/app .
        """,
        ((4, "warning"),),
        ("the COPY --from at line 8 brings that go.mod into stage 'build'",),
    ),
    Case(
        "tidied-go-mod-overwritten-by-the-context-is-silent",
        """
        FROM golang:1.22 AS tidy
        WORKDIR /src
        COPY . .
        RUN go mod tidy

        FROM golang:1.22 AS build
        WORKDIR /app
        COPY --from=tidy /src/go.mod /src/go.sum ./
        COPY . .
        RUN go build -o /out/app .
        """,
    ),
    Case(
        "heredoc-tidy-then-test",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY . .
        RUN <<EOF
        set -e
        go mod tidy
        go test ./...
        EOF
        """,
        ((4, "warning"),),
        ("`go mod tidy` at line 6",),
    ),
    Case(
        "go-get-u-then-build",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY . .
        RUN go get -u ./... && go build -o /out/app .
        """,
        ((4, "warning"),),
        ("`go get -u ./...` at line 4 changes the requirements in /src/go.mod",),
    ),
    Case(
        "get-and-tidy-in-one-run-give-one-finding",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY . .
        RUN go get github.com/lib/pq@v1.10.9 \\
            && go mod tidy \\
            && go build -o /out/app .
        """,
        ((4, "warning"),),
        ("`go get github.com/lib/pq@v1.10.9` at line 4", "`go mod tidy` at line 5 rewrites it too"),
    ),
    Case(
        "go-get-version-then-build",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY . .
        RUN go get github.com/lib/pq@v1.10.9
        RUN go build -o /out/app .
        """,
        ((4, "warning"),),
    ),
    Case(
        "plain-go-get-is-left-to-dg119",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY . .
        RUN go get github.com/lib/pq
        RUN go build -o /out/app .
        """,
    ),
    Case(
        "go-get-of-a-tool-that-is-run-is-left-to-dg119",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY . .
        RUN go get github.com/swaggo/swag/cmd/swag@v1.16.3 && swag init
        RUN go build -o /out/app .
        """,
    ),
    Case(
        "go-get-without-a-build-is-silent",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY . .
        RUN go get -u ./...
        """,
    ),
    Case(
        "go-get-then-tool-built-through-go-mod-is-silent",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY . .
        RUN go get golang.org/x/tools/cmd/stringer@v0.20.0
        RUN go install golang.org/x/tools/cmd/stringer
        """,
    ),
    Case(
        "gopath-mode-go-get-is-silent",
        """
        FROM golang:1.15
        ENV GO111MODULE=off
        WORKDIR /go/src/app
        COPY . .
        RUN go get -u ./... && go build -o /out/app .
        """,
    ),
    Case(
        "mod-mod-on-the-command-line",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY . .
        RUN go build -mod=mod -o /out/app .
        """,
        ((4, "warning"),),
        ("`go build -mod=mod -o /out/app .` at line 4 builds with -mod=mod",),
    ),
    Case(
        "mod-mod-exec-form",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY . .
        RUN ["go", "test", "-mod=mod", "./..."]
        """,
        ((4, "warning"),),
    ),
    Case(
        "goflags-prefix",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY . .
        RUN GOFLAGS=-mod=mod go build -o /out/app .
        """,
        ((4, "warning"),),
        ("runs with GOFLAGS=-mod=mod (set in the RUN)",),
    ),
    Case(
        "goflags-export",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY . .
        RUN export GOFLAGS="-mod=mod -trimpath" && go install ./cmd/...
        """,
        ((4, "warning"),),
        ("GOFLAGS=-mod=mod -trimpath (set in the RUN)",),
    ),
    Case(
        "goflags-env-reported-once-at-the-env",
        """
        FROM golang:1.22
        ENV GOFLAGS=-mod=mod
        WORKDIR /src
        COPY . .
        RUN go build -o /out/app .
        RUN go test ./...
        """,
        ((2, "warning"),),
        ("ENV at line 2 sets GOFLAGS=-mod=mod: `go build -o /out/app .` at line 5",),
    ),
    Case(
        "goflags-env-from-an-arg",
        """
        FROM golang:1.22
        ARG MODFLAG=-mod=mod
        ENV GOFLAGS=$MODFLAG
        WORKDIR /src
        COPY . .
        RUN go build -o /out/app .
        """,
        ((3, "warning"),),
        ("ENV at line 3 sets GOFLAGS=-mod=mod",),
    ),
    Case(
        "goflags-build-arg",
        """
        FROM golang:1.22
        ARG GOFLAGS=-mod=mod
        WORKDIR /src
        COPY . .
        RUN go build -o /out/app .
        """,
        ((5, "warning"),),
        ("(from an ARG)",),
    ),
    Case(
        "command-line-overrides-env",
        """
        FROM golang:1.22
        ENV GOFLAGS=-mod=mod
        WORKDIR /src
        COPY . .
        RUN go build -mod=vendor -o /out/app .
        """,
    ),
    Case(
        "mod-readonly-is-silent",
        """
        FROM golang:1.22
        ENV GOFLAGS=-mod=readonly
        WORKDIR /src
        COPY . .
        RUN go build -o /out/app .
        """,
    ),
    Case(
        "mod-mod-on-a-versioned-tool-install-is-silent",
        """
        FROM golang:1.22
        ENV GOFLAGS=-mod=mod
        RUN go install golang.org/x/tools/cmd/stringer@v0.20.0
        """,
    ),
    Case(
        "go-mod-init-twice-is-an-error",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY main.go ./
        RUN go mod init example.com/app && go mod init example.com/app
        """,
        ((4, "error"),),
        ("`go mod init` at line 4 already made one", "/src/go.mod already exists"),
    ),
    Case(
        "go-mod-init-after-copying-go-mod-is-an-error",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY go.mod go.sum ./
        RUN go mod init example.com/app
        """,
        ((4, "error"),),
        ("the COPY at line 3 already put the build context's go.mod",),
    ),
    Case(
        "go-mod-init-after-a-directory-copy-without-context",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY . .
        RUN go mod init example.com/app && go mod tidy && go build -o /out/app .
        """,
        ((4, "warning"),),
        ("if the repository has a go.mod there, go stops",),
    ),
    Case(
        "scratch-module-for-a-tool-is-silent",
        """
        FROM golang:1.22
        WORKDIR /tmp/tools
        RUN go mod init tools && go get golang.org/x/tools/cmd/stringer@v0.20.0
        RUN go build golang.org/x/tools/cmd/stringer
        """,
    ),
)
