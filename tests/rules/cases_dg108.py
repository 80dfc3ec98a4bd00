"""DG108 cache-mount-misses-go-cache: the finding sits on the RUN that has the cache mount."""

from __future__ import annotations

from tests.rules._cases import Case

CASES = (
    Case(
        "typo-in-the-target",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY . .
        RUN --mount=type=cache,target=/go/mod/pkg go build -o /out/app .
        """,
        ((4, "warning"),),
        ("`target=/go/mod/pkg`", "/go/pkg/mod", "/root/.cache/go-build", "neither of them"),
    ),
    Case(
        "roots-build-cache-for-a-user",
        """
        FROM golang:1.22
        RUN useradd -m -u 1000 app
        USER app
        WORKDIR /home/app/src
        COPY --chown=app:app . .
        RUN --mount=type=cache,target=/root/.cache/go-build,uid=1000 go build -o /tmp/app .
        """,
        ((6, "warning"),),
        ("root's home", "HOME is /home/app", "/home/app/.cache/go-build"),
    ),
    Case(
        "right-targets-are-silent",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY . .
        RUN --mount=type=cache,target=/go/pkg/mod/ \\
            --mount=type=cache,target=/root/.cache/go-build \\
            go build -o /out/app .
        """,
    ),
    Case(
        "gopath-moved",
        """
        FROM golang:1.22
        ENV GOPATH=/opt/go
        WORKDIR /src
        COPY . .
        RUN --mount=type=cache,target=/go/pkg/mod go mod download
        """,
        ((5, "warning"),),
        ("/opt/go/pkg/mod", "GOPATH=/opt/go set at line 2", "only with GOPATH=/go"),
    ),
    Case(
        "gomodcache-moved-from-an-arg",
        """
        FROM golang:1.22
        ARG MODCACHE=/cache/gomod
        ENV GOMODCACHE=${MODCACHE}
        WORKDIR /src
        RUN --mount=type=cache,target=/go/pkg/mod go mod download
        """,
        ((5, "warning"),),
        ("/cache/gomod (GOMODCACHE set at line 3)",),
    ),
    Case(
        "arg-expanded-target-is-silent",
        """
        FROM golang:1.22
        ARG GOMODCACHE=/cache/gomod
        ENV GOMODCACHE=${GOMODCACHE}
        WORKDIR /src
        RUN --mount=type=cache,target=${GOMODCACHE} go mod download
        """,
    ),
    Case(
        "home-is-not-expanded",
        """
        FROM golang:1.22
        WORKDIR /src
        RUN --mount=type=cache,target=$HOME/.cache/go-build go build -o /out/app .
        """,
        ((3, "warning"),),
        ("does not expand $HOME", "/src/$HOME/.cache/go-build"),
    ),
    Case(
        "distribution-go-has-no-gopath",
        """
        FROM ubuntu:22.04
        RUN apt-get update && apt-get install -y golang-go
        WORKDIR /src
        RUN --mount=type=cache,target=/go/pkg/mod go mod download
        """,
        ((4, "warning"),),
        ("/root/go/pkg/mod (no GOPATH is set",),
    ),
    Case(
        "other-tools-caches-are-silent",
        """
        FROM golang:1.22
        WORKDIR /src
        RUN --mount=type=cache,target=/var/cache/apt \\
            --mount=type=cache,target=/root/.cache/golangci-lint \\
            --mount=type=cache,target=/root/.npm \\
            go build -o /out/app .
        """,
    ),
    Case(
        "no-go-command-is-silent",
        """
        FROM golang:1.22
        WORKDIR /src
        RUN --mount=type=cache,target=/go/mod/pkg make build
        """,
    ),
    Case(
        "unknown-image-is-silent",
        """
        FROM registry.example.com/go-builder:1
        WORKDIR /src
        RUN --mount=type=cache,target=/go/pkg/mod go mod download
        """,
    ),
    Case(
        "inside-the-module-cache-is-silent",
        """
        FROM golang:1.22
        WORKDIR /src
        RUN --mount=type=cache,target=/go/pkg/mod/cache/download go mod download
        """,
    ),
    Case(
        "go-env-w-is-silent",
        """
        FROM golang:1.22
        RUN go env -w GOMODCACHE=/cache/mod
        WORKDIR /src
        RUN --mount=type=cache,target=/cache/mod go mod download
        """,
    ),
    Case(
        "id-names-a-go-cache",
        """
        FROM golang:1.22
        WORKDIR /src
        RUN --mount=type=cache,id=gomod,target=/cache go mod download
        """,
        ((3, "warning"),),
        ("`target=/cache,id=gomod`",),
    ),
    Case(
        "user-switch-only-the-later-run",
        """
        FROM golang:1.22
        WORKDIR /src
        RUN --mount=type=cache,target=/root/.cache/go-build go build -o /out/a .
        RUN useradd -m -u 1000 app
        USER app
        RUN --mount=type=cache,target=/root/.cache/go-build,uid=1000 go build -o /tmp/a .
        """,
        ((6, "warning"),),
    ),
    Case(
        "multi-stage-inherits-gopath",
        """
        FROM golang:1.22 AS base
        ENV GOPATH=/opt/go

        FROM base AS build
        WORKDIR /src
        RUN --mount=type=cache,target=/go/pkg/mod go build -o /out/app .
        """,
        ((6, "warning"),),
        ("/opt/go/pkg/mod",),
    ),
    Case(
        "heredoc",
        """
        FROM golang:1.22
        WORKDIR /src
        RUN --mount=type=cache,target=/go/pkg/mods <<EOF
        go mod download
        go build -o /out/app .
        EOF
        """,
        ((3, "warning"),),
        ("`go mod download` at line 4",),
    ),
    Case(
        "exec-form",
        """
        FROM golang:1.22
        WORKDIR /src
        RUN --mount=type=cache,target=/gocache ["go", "build", "-o", "/out/app", "."]
        """,
        ((3, "warning"),),
        ("/root/.cache/go-build",),
    ),
    Case(
        "relative-target-is-taken-from-workdir",
        """
        FROM golang:1.22
        WORKDIR /src
        RUN --mount=type=cache,target=go/pkg/mod go mod download
        """,
        ((3, "warning"),),
        ("relative target go/pkg/mod", "/src/go/pkg/mod"),
    ),
    Case(
        "xdg-cache-home-moves-the-build-cache",
        """
        FROM golang:1.22
        ENV XDG_CACHE_HOME=/cache
        WORKDIR /src
        RUN --mount=type=cache,target=/root/.cache/go-build go build -o /out/app .
        """,
        ((4, "warning"),),
        ("/cache/go-build ($XDG_CACHE_HOME/go-build)",),
    ),
)
