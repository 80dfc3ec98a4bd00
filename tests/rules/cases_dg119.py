"""DG119 go-get-install: `go get pkg` used to install a command on Go >= 1.18 (module mode),
or on Go >= 1.22 in GOPATH mode. Outside a module it fails; inside one it is reported only
when a later step uses the binary (or, as a warning, when the package is a command package).
Cases with a build context are in test_dg114_dg119_context.py."""

from __future__ import annotations

from tests.rules._cases import Case

CASES = (
    Case(
        "outside-module-go-1-22",
        """
        FROM golang:1.22
        RUN go get github.com/swaggo/swag/cmd/swag
        """,
        ((2, "error"),),
        (
            "runs outside any module (no go.mod at or above /go) on Go 1.22",
            "'go get' is no longer supported outside a module.",
        ),
    ),
    Case(
        "outside-module-floating-tag",
        """
        FROM golang:alpine
        RUN go get -u github.com/golang/mock/mockgen
        """,
        ((2, "error"),),
        ("on a recent Go",),
    ),
    Case(
        "outside-module-unknown-go",
        """
        FROM registry.example.com/build/go:stable
        RUN go get github.com/swaggo/swag/cmd/swag
        """,
        ((2, "warning"),),
        ("if it is Go 1.18 or later",),
    ),
    Case(
        "go-1-17-still-installs",
        """
        FROM golang:1.17
        RUN go get github.com/swaggo/swag/cmd/swag
        RUN swag --version
        """,
    ),
    Case(
        "arg-expanded-go-version",
        """
        ARG GO_VERSION=1.21
        FROM golang:${GO_VERSION}-bookworm
        ARG SWAG=github.com/swaggo/swag/cmd/swag@v1.16.3
        RUN go get $SWAG
        """,
        ((4, "error"),),
        ("`go get github.com/swaggo/swag/cmd/swag@v1.16.3` at line 4", "on Go 1.21"),
    ),
    Case(
        "arg-expanded-old-go",
        """
        ARG GO_VERSION=1.16
        FROM golang:${GO_VERSION}
        RUN go get github.com/swaggo/swag/cmd/swag
        """,
    ),
    Case(
        "inside-module-later-run-uses-tool",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY go.mod go.sum ./
        RUN go get github.com/golang/mock/mockgen@v1.6.0
        COPY . .
        RUN mockgen -source=api.go -destination=mock_api.go && go build -o /out/app .
        """,
        ((4, "error"),),
        (
            "runs inside the module at /src on Go 1.22",
            "`mockgen` at line 6 finds no `mockgen` binary",
        ),
    ),
    Case(
        "inside-module-same-run-uses-tool",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY go.mod ./
        RUN go get github.com/swaggo/swag/cmd/swag \\
         && swag init
        """,
        ((4, "error"),),
        ("`swag` at line 5",),
    ),
    Case(
        "inside-module-cmd-exec-form",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY go.mod ./
        RUN go get github.com/cosmtrek/air
        CMD ["air", "-c", ".air.toml"]
        """,
        ((4, "error"),),
        ("`air` in the CMD at line 5",),
    ),
    Case(
        "inside-module-later-stage-copies-binary",
        """
        FROM golang:1.22 AS tools
        WORKDIR /src
        COPY go.mod go.sum ./
        RUN go get github.com/pressly/goose/v3/cmd/goose

        FROM debian:bookworm-slim
        COPY --from=tools /go/bin/goose /usr/local/bin/goose
        """,
        ((4, "error"),),
        ("the COPY --from at line 7 (of /go/bin/goose)",),
    ),
    Case(
        "inside-module-child-stage-uses-tool",
        """
        FROM golang:1.22 AS base
        WORKDIR /src
        COPY go.mod go.sum ./
        RUN go get github.com/swaggo/swag/cmd/swag

        FROM base AS docs
        COPY . .
        RUN swag init
        """,
        ((4, "error"),),
        ("`swag` at line 8",),
    ),
    Case(
        "inside-module-command-package-without-use",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY go.mod go.sum ./
        RUN go get golang.org/x/tools/cmd/stringer
        """,
        ((4, "warning"),),
        ("golang.org/x/tools/cmd/stringer is a command package", "`stringer` binary"),
    ),
    Case(
        "inside-module-library-dependency",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY go.mod go.sum ./
        RUN go get github.com/google/uuid@v1.6.0 && go mod tidy
        COPY . .
        RUN go build -o /out/app .
        """,
    ),
    Case(
        "inside-module-recorded-then-installed",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY go.mod go.sum ./
        RUN go get github.com/swaggo/swag/cmd/swag@v1.16.3 \\
         && go install github.com/swaggo/swag/cmd/swag
        RUN swag init
        """,
    ),
    Case(
        "go-install-is-fine",
        """
        FROM golang:1.22
        RUN go install github.com/swaggo/swag/cmd/swag@v1.16.3
        RUN swag --version
        """,
    ),
    Case(
        "download-only",
        """
        FROM golang:1.22
        RUN go get -d github.com/swaggo/swag/cmd/swag
        """,
    ),
    Case(
        "local-patterns",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY go.mod go.sum ./
        RUN go get -u ./... && go get -t .
        """,
    ),
    Case(
        "gopath-mode-go-1-21-installs",
        """
        FROM golang:1.21
        ENV GO111MODULE=off
        RUN go get github.com/golang/dep/cmd/dep && dep version
        """,
    ),
    Case(
        "gopath-mode-go-1-22-fails",
        """
        FROM golang:1.22
        ENV GO111MODULE=off
        RUN go get github.com/golang/dep/cmd/dep
        """,
        ((3, "error"),),
        ("runs in GOPATH mode (GO111MODULE=off) on Go 1.22",),
    ),
    Case(
        "gopath-mode-export-go-1-23",
        """
        FROM golang:1.23
        RUN export GO111MODULE=off && go get github.com/golang/dep/cmd/dep
        """,
        ((2, "error"),),
        ("no longer run `go get` there",),
    ),
    Case(
        "module-mode-forced-unknown-go",
        """
        FROM registry.example.com/build/go:stable
        WORKDIR /src
        RUN GO111MODULE=on go get github.com/swaggo/swag/cmd/swag
        """,
        ((3, "warning"),),
        ("no go.mod at or above /src",),
    ),
    Case(
        "module-mode-forced-go-1-15",
        """
        FROM golang:1.15
        RUN GO111MODULE=on go get github.com/swaggo/swag/cmd/swag@v1.7.0
        """,
    ),
    Case(
        "goflags-prefix-inside-module",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY go.mod go.sum ./
        RUN GOFLAGS=-mod=mod go get github.com/golang/mock/mockgen && mockgen --version
        """,
        ((4, "error"),),
        ("`mockgen` at line 4",),
    ),
    Case(
        "heredoc",
        """
        FROM golang:1.22
        RUN <<EOF
        set -e
        go get github.com/swaggo/swag/cmd/swag
        EOF
        """,
        ((2, "error"),),
        ("at line 4 runs outside any module",),
    ),
    Case(
        "exec-form",
        """
        FROM golang:1.22
        RUN ["go", "get", "github.com/swaggo/swag/cmd/swag"]
        """,
        ((2, "error"),),
        ("`go get github.com/swaggo/swag/cmd/swag` at line 2",),
    ),
    Case(
        "user-switch",
        """
        FROM golang:1.22
        RUN useradd -m app
        USER app
        WORKDIR /home/app
        RUN go get github.com/swaggo/swag/cmd/swag
        """,
        ((5, "error"),),
        ("no go.mod at or above /home/app",),
    ),
    Case(
        "multi-stage-old-and-new",
        """
        FROM golang:1.16 AS old
        RUN go get github.com/swaggo/swag/cmd/swag

        FROM golang:1.22 AS new
        RUN go get github.com/swaggo/swag/cmd/swag
        """,
        ((5, "error"),),
        ("on Go 1.22",),
    ),
    Case(
        "unknown-directory-with-use",
        """
        FROM golang:1.22
        RUN cd "$APP_DIR" && go get github.com/swaggo/swag/cmd/swag && swag init
        """,
        ((2, "error"),),
        ("runs in a directory the file does not tell", "`swag` at line 2"),
    ),
)
