"""DG116 module-proxy-bypassed: reported once per setting, where GOPROXY is set. Cases that
need go.mod's requirements or a vendor directory from the build context are in
test_dg116_context.py."""

from __future__ import annotations

from tests.rules._cases import Case

CASES = (
    Case(
        "env-direct",
        """
        FROM golang:1.22
        ENV GOPROXY=direct
        WORKDIR /src
        COPY go.mod go.sum ./
        RUN go mod download
        """,
        ((2, "warning"),),
        (
            "ENV at line 2 sets GOPROXY=direct",
            "`go mod download` at line 5",
            "cloned from its version control host",
        ),
    ),
    Case(
        "run-prefix-direct",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY go.mod go.sum ./
        RUN GOPROXY=direct go mod download
        """,
        ((4, "warning"),),
        ("RUN at line 4 sets GOPROXY=direct", "`go mod download` at line 4"),
    ),
    Case(
        "export-direct",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY . .
        RUN export GOPROXY=direct && go build -o /out/app .
        """,
        ((4, "warning"),),
        ("RUN at line 4 sets GOPROXY=direct",),
    ),
    Case(
        "heredoc-export-direct",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY . .
        RUN <<EOF
        export GOPROXY=direct
        go mod download
        go build -o /out/app .
        EOF
        """,
        ((4, "warning"),),
        ("RUN at line 4 sets GOPROXY=direct", "at line 6", "so does the go command at line 7"),
    ),
    Case(
        "arg-default-direct",
        """
        FROM golang:1.22
        ARG GOPROXY=direct
        WORKDIR /src
        COPY go.mod go.sum ./
        RUN go mod download
        """,
        ((2, "warning"),),
        ("ARG at line 2 sets GOPROXY=direct (its default)",),
    ),
    Case(
        "arg-expanded-into-env",
        """
        FROM golang:1.22
        ARG PROXY=direct
        ENV GOPROXY=$PROXY
        WORKDIR /src
        COPY go.mod go.sum ./
        RUN go mod download
        """,
        ((3, "warning"),),
        ("ENV at line 3 sets GOPROXY=direct",),
    ),
    Case(
        "go-env-w-direct",
        """
        FROM golang:1.22
        RUN go env -w GOPROXY=direct
        WORKDIR /src
        COPY go.mod go.sum ./
        RUN go mod download
        """,
        ((2, "warning"),),
        ("`go env -w` at line 2 saves GOPROXY=direct in go's env file", "at line 5"),
    ),
    Case(
        "direct-first-then-proxy",
        """
        FROM golang:1.22
        ENV GOPROXY=direct,https://proxy.golang.org
        WORKDIR /src
        COPY go.mod go.sum ./
        RUN go mod download
        """,
        ((2, "warning"),),
        ("GOPROXY=direct,https://proxy.golang.org",),
    ),
    Case(
        "private-proxy-first-is-silent",
        """
        FROM golang:1.22
        ENV GOPROXY=https://proxy.corp.example,direct GOPRIVATE=git.corp.example
        WORKDIR /src
        COPY go.mod go.sum ./
        RUN go mod download
        """,
    ),
    Case(
        "off-as-fallback-is-silent",
        """
        FROM golang:1.22
        ENV GOPROXY=https://proxy.corp.example,off
        WORKDIR /src
        COPY go.mod go.sum ./
        RUN go mod download
        """,
    ),
    Case(
        "off-without-context",
        """
        FROM golang:1.22
        ENV GOPROXY=off
        WORKDIR /src
        COPY go.mod go.sum ./
        RUN go mod download
        """,
        ((2, "warning"),),
        ("ENV at line 2 sets GOPROXY=off", "cannot be told without the build context"),
    ),
    Case(
        "off-go-install-at-version",
        """
        FROM golang:1.22
        ENV GOPROXY=off
        RUN go install golang.org/x/tools/cmd/stringer@v0.20.0
        """,
        ((2, "error"),),
        ("always fetches what it names", "module lookup disabled by GOPROXY=off"),
    ),
    Case(
        "off-after-download-is-silent",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY go.mod go.sum ./
        RUN go mod download
        COPY . .
        RUN GOPROXY=off go build -o /out/app .
        """,
    ),
    Case(
        "off-after-direct-download-reports-direct-only",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY go.mod go.sum ./
        RUN GOPROXY=direct go mod download
        COPY . .
        RUN GOPROXY=off go build -o /out/app .
        """,
        ((4, "warning"),),
        ("GOPROXY=direct",),
    ),
    Case(
        "off-with-cache-mount-is-silent",
        """
        FROM golang:1.22
        ENV GOPROXY=off
        WORKDIR /src
        COPY . .
        RUN --mount=type=cache,target=/go/pkg/mod go build -o /out/app .
        """,
    ),
    Case(
        "off-vendored-is-silent",
        """
        FROM golang:1.22
        ENV GOPROXY=off GOFLAGS=-mod=vendor
        WORKDIR /src
        COPY . .
        RUN go build -o /out/app .
        """,
    ),
    Case(
        "off-vendor-copied-is-silent",
        """
        FROM golang:1.22
        ENV GOPROXY=off
        WORKDIR /src
        COPY go.mod go.sum ./
        COPY vendor/ vendor/
        COPY . .
        RUN go build -o /out/app .
        """,
    ),
    Case(
        "off-cache-copied-from-stage-is-silent",
        """
        FROM golang:1.22 AS deps
        WORKDIR /src
        COPY go.mod go.sum ./
        RUN go mod download

        FROM golang:1.22
        ENV GOPROXY=off
        COPY --from=deps /go/pkg/mod /go/pkg/mod
        WORKDIR /src
        COPY . .
        RUN go build -o /out/app .
        """,
    ),
    Case(
        "off-unknown-image",
        """
        FROM registry.example.com/platform/go-offline:3
        ENV GOPROXY=off
        RUN go install example.com/tool@v1.2.0
        """,
        ((2, "warning"),),
        ("unless the base image ships the modules",),
    ),
    Case(
        "multi-stage-base-reported-once",
        """
        FROM golang:1.22 AS base
        ENV GOPROXY=direct
        WORKDIR /src
        COPY . .

        FROM base AS build
        RUN go build -o /out/app .

        FROM base AS test
        RUN go test ./...

        FROM gcr.io/distroless/static
        COPY --from=build /out/app /app
        """,
        ((2, "warning"),),
        ("ENV at line 2 sets GOPROXY=direct", "line 7", "line 10"),
    ),
    Case(
        "user-switch-shares-root-filled-cache",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY go.mod go.sum ./
        RUN go mod download
        RUN useradd -m app
        USER app
        RUN GOPROXY=off go build -o /tmp/app .
        """,
    ),
    Case(
        "user-switch-own-cache",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY go.mod go.sum ./
        RUN go mod download
        RUN useradd -m app
        USER app
        ENV GOMODCACHE=/home/app/mod
        RUN GOPROXY=off go install example.com/tool@v1.2.0
        """,
        ((8, "error"),),
        ("RUN at line 8 sets GOPROXY=off", "(/home/app/mod)"),
    ),
    Case(
        "exec-form-run",
        """
        FROM golang:1.22
        ENV GOPROXY=off
        RUN ["go", "install", "example.com/tool@v1.0.0"]
        """,
        ((2, "error"),),
        ("`go install example.com/tool@v1.0.0` at line 3",),
    ),
    Case(
        "cmd-exec-form",
        """
        FROM golang:1.22
        ENV GOPROXY=direct
        CMD ["go", "run", "example.com/tool@v1.0.0"]
        """,
        ((2, "warning"),),
        ("`go run example.com/tool@v1.0.0` at line 3",),
    ),
    Case(
        "direct-on-go-1-12-is-the-default",
        """
        FROM golang:1.12
        ENV GO111MODULE=on GOPROXY=direct
        WORKDIR /src
        COPY go.mod go.sum ./
        RUN go mod download
        """,
    ),
    Case(
        "gopath-mode-is-silent",
        """
        FROM golang:1.22
        ENV GO111MODULE=off GOPROXY=off
        WORKDIR /go/src/example.com/app
        COPY . .
        RUN go build -o /out/app .
        """,
    ),
    Case(
        "no-download-command-is-silent",
        """
        FROM golang:1.22
        ENV GOPROXY=off
        RUN go version && go env
        """,
    ),
    Case(
        "unused-setting-is-silent",
        """
        FROM golang:1.22
        ENV GOPROXY=direct
        """,
    ),
)
