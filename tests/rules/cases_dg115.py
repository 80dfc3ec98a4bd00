"""DG115 checksum-verification-disabled: each setting is reported once, where it is made."""

from __future__ import annotations

from tests.rules._cases import Case

CASES = (
    Case(
        "env-gosumdb-off",
        """
        FROM golang:1.22
        ENV GOSUMDB=off
        WORKDIR /src
        COPY go.mod go.sum ./
        RUN go mod download
        """,
        ((2, "error"),),
        ("ENV at line 2 sets GOSUMDB=off", "`go mod download` at line 5", "checksum database"),
    ),
    Case(
        "run-prefix-gosumdb-off",
        """
        FROM golang:1.22 AS build
        WORKDIR /src
        COPY go.mod go.sum ./
        RUN GOSUMDB=off go mod download
        COPY . .
        RUN go build -o /out/app .

        FROM gcr.io/distroless/static
        COPY --from=build /out/app /app
        """,
        ((4, "error"),),
        ("RUN at line 4 sets GOSUMDB=off", "`go mod download` at line 4"),
    ),
    Case(
        "export-gonosumdb-star",
        """
        FROM golang:1.22 AS build
        WORKDIR /src
        COPY . .
        RUN export GONOSUMDB='*' && go mod download && go build -o /out/app .

        FROM scratch
        COPY --from=build /out/app /app
        """,
        ((4, "error"),),
        ("RUN at line 4 sets GONOSUMDB=*", "matches every module path", "line 4"),
    ),
    Case(
        "heredoc-export-goprivate-github",
        """
        FROM golang:1.22 AS build
        WORKDIR /src
        COPY . .
        RUN <<EOF
        export GOPRIVATE=github.com/*
        go build -o /out/app .
        EOF

        FROM scratch
        COPY --from=build /out/app /app
        """,
        ((4, "warning"),),
        (
            "RUN at line 4 sets GOPRIVATE=github.com/*",
            "`go build -o /out/app .` at line 6",
            "covers public modules (on github.com)",
            "instead of the proxy",
        ),
    ),
    Case(
        "arg-default-reaches-run",
        """
        FROM golang:1.22 AS build
        ARG GOSUMDB=off
        WORKDIR /src
        COPY . .
        RUN go build -o /out/app .

        FROM scratch
        COPY --from=build /out/app /app
        """,
        ((2, "error"),),
        ("ARG at line 2 sets GOSUMDB=off (its default)", "`go build -o /out/app .` at line 5"),
    ),
    Case(
        "arg-expanded-into-env",
        """
        FROM golang:1.22 AS build
        ARG SUMDB=off
        ENV GOSUMDB=$SUMDB
        WORKDIR /src
        COPY . .
        RUN go build -o /out/app .

        FROM scratch
        COPY --from=build /out/app /app
        """,
        ((3, "error"),),
        ("ENV at line 3 sets GOSUMDB=off",),
    ),
    Case(
        "global-arg-redeclared-in-stage",
        """
        ARG GOSUMDB=off
        FROM golang:1.22 AS build
        ARG GOSUMDB
        WORKDIR /src
        COPY . .
        RUN go build -o /out/app .

        FROM scratch
        COPY --from=build /out/app /app
        """,
        ((1, "error"),),
        ("ARG at line 1 sets GOSUMDB=off (its default)",),
    ),
    Case(
        "global-arg-not-redeclared-is-silent",
        """
        ARG GOSUMDB=off
        FROM golang:1.22 AS build
        WORKDIR /src
        COPY . .
        RUN go build -o /out/app .

        FROM scratch
        COPY --from=build /out/app /app
        """,
    ),
    Case(
        "go-env-w-then-download",
        """
        FROM golang:1.22 AS build
        RUN go env -w GOSUMDB=off
        WORKDIR /src
        COPY . .
        RUN go mod download
        RUN go build -o /out/app .

        FROM scratch
        COPY --from=build /out/app /app
        """,
        ((2, "error"),),
        (
            "`go env -w` at line 2 saves GOSUMDB=off in go's env file",
            "`go mod download` at line 5",
            "so does the go command at line 6",
        ),
    ),
    Case(
        "go-env-w-of-another-user-is-silent",
        """
        FROM golang:1.22 AS build
        RUN useradd -m app
        USER app
        RUN go env -w GOSUMDB=off
        USER root
        WORKDIR /src
        COPY . .
        RUN go build -o /out/app .

        FROM scratch
        COPY --from=build /out/app /app
        """,
    ),
    Case(
        "go-env-w-same-user-after-user-switch",
        """
        FROM golang:1.22 AS build
        RUN useradd -m app
        USER app
        RUN go env -w GOSUMDB=off
        WORKDIR /home/app/src
        COPY --chown=app . .
        RUN go build -o /home/app/server .

        FROM scratch
        COPY --from=build /home/app/server /server
        """,
        ((4, "error"),),
        ("`go env -w` at line 4", "`go build -o /home/app/server .` at line 7"),
    ),
    Case(
        "goinsecure-private-host",
        """
        FROM golang:1.22 AS build
        ENV GOPRIVATE=git.corp.example GOINSECURE=git.corp.example
        WORKDIR /src
        COPY . .
        RUN go build -o /out/app .

        FROM scratch
        COPY --from=build /out/app /app
        """,
        ((2, "error"),),
        ("ENV at line 2 sets GOINSECURE=git.corp.example", "plain HTTP"),
    ),
    Case(
        "private-patterns-are-silent",
        """
        FROM golang:1.22
        ENV GOPRIVATE=*.corp.example,gitlab.example.com/* GONOSUMDB=github.com/acme
        WORKDIR /src
        COPY . .
        RUN go build -o /out/app .
        """,
    ),
    Case(
        "gonosumdb-overrides-goprivate",
        """
        FROM golang:1.22
        ENV GOPRIVATE=* GONOSUMDB=*.corp.example
        WORKDIR /src
        COPY . .
        RUN go build -o /out/app .
        """,
    ),
    Case(
        "gonosumdb-golang-org-x",
        """
        FROM golang:1.22
        ENV GONOSUMDB=golang.org/x
        WORKDIR /src
        COPY . .
        RUN go build -o /out/app .
        """,
        ((2, "warning"),),
        ("GONOSUMDB=golang.org/x", "covers public modules (on golang.org)"),
    ),
    Case(
        "gosumdb-through-proxy-is-silent",
        """
        FROM golang:1.22
        ENV GOSUMDB="sum.golang.org https://proxy.corp.example/sumdb/sum.golang.org"
        WORKDIR /src
        COPY . .
        RUN go build -o /out/app .
        """,
    ),
    Case(
        "go-get-insecure-old-go",
        """
        FROM golang:1.15 AS tools
        RUN go get -insecure example.com/tool
        """,
        ((2, "error"),),
        ("`go get -insecure example.com/tool` at line 2 passes -insecure", "Go 1.15 honours"),
    ),
    Case(
        "goflags-insecure-prefix-old-go",
        """
        FROM golang:1.16 AS tools
        RUN GOFLAGS=-insecure go get example.com/tool
        """,
        ((2, "error"),),
        ("RUN at line 2 sets GOFLAGS=-insecure", "plain HTTP"),
    ),
    Case(
        "insecure-on-new-go-is-a-failure-not-a-bypass",
        """
        FROM golang:1.22
        ENV GOFLAGS=-insecure
        RUN go get -insecure example.com/tool
        """,
    ),
    Case(
        "insecure-unknown-go",
        """
        FROM registry.example.com/platform/go-builder:3
        RUN go get -insecure example.com/tool
        """,
        ((2, "warning"),),
        ("cannot be told",),
    ),
    Case(
        "multi-stage-base-reported-once",
        """
        FROM golang:1.22 AS base
        ENV GOSUMDB=off
        WORKDIR /src
        COPY . .

        FROM base AS build
        RUN go build -o /out/app .

        FROM base AS test
        RUN go test ./...

        FROM gcr.io/distroless/static
        COPY --from=build /out/app /app
        """,
        ((2, "error"),),
        ("ENV at line 2 sets GOSUMDB=off", "line 7", "line 10"),
    ),
    Case(
        "env-in-shipped-golang-image",
        """
        FROM golang:1.22
        ENV GOSUMDB=off
        """,
        ((2, "error"),),
        ("in stage 0, an image with a Go toolchain", "container"),
    ),
    Case(
        "env-in-stage-only-copied-from-is-silent",
        """
        FROM golang:1.22 AS tools
        ENV GOSUMDB=off
        RUN echo hi > /hello

        FROM alpine:3.19
        COPY --from=tools /hello /hello
        """,
    ),
    Case(
        "env-in-runtime-without-go-is-silent",
        """
        FROM golang:1.22 AS build
        WORKDIR /src
        COPY . .
        RUN go build -o /out/app .

        FROM gcr.io/distroless/static
        ENV GOSUMDB=off
        COPY --from=build /out/app /app
        """,
    ),
    Case(
        "vendored-builder-is-silent",
        """
        FROM golang:1.22 AS build
        ENV GOFLAGS=-mod=vendor GOSUMDB=off
        WORKDIR /src
        COPY . .
        RUN go build -o /out/app .

        FROM scratch
        COPY --from=build /out/app /app
        """,
    ),
    Case(
        "unset-for-the-command-is-silent",
        """
        FROM golang:1.22 AS build
        ENV GOSUMDB=off
        WORKDIR /src
        COPY . .
        RUN env -u GOSUMDB go build -o /out/app .

        FROM scratch
        COPY --from=build /out/app /app
        """,
    ),
    Case(
        "exec-form-run",
        """
        FROM golang:1.22 AS build
        ENV GOSUMDB=off
        WORKDIR /src
        COPY . .
        RUN ["go", "mod", "download"]

        FROM scratch
        COPY --from=build /src /src
        """,
        ((2, "error"),),
        ("`go mod download` at line 5",),
    ),
    Case(
        "cmd-exec-form-prefix",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY . .
        CMD ["env", "GONOSUMDB=*", "go", "run", "."]
        """,
        ((4, "error"),),
        ("CMD at line 4 sets GONOSUMDB=*", "`go run .` at line 4"),
    ),
    Case(
        "make-hides-go-is-silent",
        """
        FROM golang:1.22 AS build
        WORKDIR /src
        COPY . .
        RUN GOSUMDB=off make build

        FROM scratch
        COPY --from=build /src/app /app
        """,
    ),
    Case(
        "offline-file-proxy-is-silent",
        """
        FROM golang:1.22 AS build
        ENV GOPROXY=file:///goproxy GOSUMDB=off GOFLAGS=-mod=mod
        COPY goproxy /goproxy
        WORKDIR /src
        COPY . .
        RUN go build -o /out/app .

        FROM scratch
        COPY --from=build /out/app /app
        """,
    ),
    Case(
        "file-proxy-with-goprivate-star-fetches-directly",
        """
        FROM golang:1.22 AS build
        ENV GOPROXY=file:///goproxy GOPRIVATE=*
        WORKDIR /src
        COPY . .
        RUN go build -o /out/app .

        FROM scratch
        COPY --from=build /out/app /app
        """,
        ((2, "error"),),
        ("GOPRIVATE=*", "matches every module path"),
    ),
)
