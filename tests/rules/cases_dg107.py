"""DG107 cache-mount-not-owned: the finding sits on the RUN that has the cache mount."""

from __future__ import annotations

from tests.rules._cases import Case

CASES = (
    Case(
        "module-cache-mount-without-uid",
        """
        FROM golang:1.22
        RUN useradd -m -u 1000 app
        USER app
        WORKDIR /home/app/src
        COPY --chown=app:app go.mod go.sum ./
        RUN --mount=type=cache,target=/go/pkg/mod go mod download
        """,
        ((6, "error"),),
        ("cache mount at /go/pkg/mod", "owned by root", "`go mod download` at line 6", "as app"),
    ),
    Case(
        "build-cache-mount-without-uid",
        """
        FROM golang:1.22
        RUN useradd -m -u 1000 app
        USER app
        WORKDIR /home/app/src
        COPY --chown=app:app . .
        RUN --mount=type=cache,target=/go/pkg/mod,uid=1000 \\
            --mount=type=cache,target=/home/app/.cache/go-build \\
            go build -o /tmp/app .
        """,
        ((6, "error"),),
        ("/home/app/.cache/go-build", "build cache"),
    ),
    Case(
        "build-cache-mount-on-a-download-only-run-warns",
        """
        FROM golang:1.22
        RUN useradd -m -u 1000 app
        USER app
        WORKDIR /home/app/src
        COPY --chown=app:app go.mod go.sum ./
        RUN --mount=type=cache,target=/go/pkg/mod,uid=1000,gid=1000 \\
            --mount=type=cache,target=/home/app/.cache/go-build \\
            go mod download
        """,
        ((6, "warning"),),
        ("does not write there now",),
    ),
    Case(
        "vendored-build-on-module-cache-mount-warns",
        """
        FROM golang:1.22
        RUN useradd -m -u 1000 app
        USER app
        WORKDIR /home/app/src
        COPY --chown=app:app . .
        RUN --mount=type=cache,target=/go/pkg/mod go build -mod=vendor -o /tmp/app .
        """,
        ((6, "warning"),),
        ("module cache /go/pkg/mod",),
    ),
    Case(
        "uid-of-the-user-is-silent",
        """
        FROM golang:1.22
        RUN useradd -m -u 1000 app
        USER app
        WORKDIR /home/app/src
        RUN --mount=type=cache,target=/go/pkg/mod,uid=1000,gid=1000,sharing=locked \\
            --mount=type=cache,target=/home/app/.cache/go-build,uid=1000,gid=1000 \\
            go build -o /tmp/app .
        """,
    ),
    Case(
        "another-uid-is-an-error",
        """
        FROM golang:1.22
        RUN useradd -m -u 1000 app
        USER app
        WORKDIR /home/app/src
        RUN --mount=type=cache,target=/go/pkg/mod,uid=1001,gid=1001 go mod download
        """,
        ((5, "error"),),
        ("owned by uid 1001, not by app (uid 1000),",),
    ),
    Case(
        "world-writable-mode-is-silent",
        """
        FROM golang:1.22
        RUN useradd -m app
        USER app
        RUN --mount=type=cache,target=/go/pkg/mod,mode=0777 go mod download
        """,
    ),
    Case(
        "root-is-silent",
        """
        FROM golang:1.22
        WORKDIR /src
        RUN --mount=type=cache,target=/go/pkg/mod \\
            --mount=type=cache,target=/root/.cache/go-build \\
            go build -o /out/app .
        """,
    ),
    Case(
        "unknown-uid-without-uid-names-the-user",
        """
        FROM golang:1.22
        RUN useradd -m builder
        USER builder
        RUN --mount=type=cache,target=/go/pkg/mod go mod download
        """,
        ((4, "error"),),
        ("as builder",),
    ),
    Case(
        "unknown-uid-with-a-uid-is-silent",
        """
        FROM golang:1.22
        RUN useradd -m builder
        USER builder
        RUN --mount=type=cache,target=/go/pkg/mod,uid=1000 go mod download
        """,
    ),
    Case(
        "group-writable-mode-with-gid-is-silent",
        """
        FROM golang:1.22
        RUN useradd -m builder
        USER builder
        RUN --mount=type=cache,target=/go/pkg/mod,gid=1000,mode=0775 go mod download
        """,
    ),
    Case(
        "mount-above-gopath",
        """
        FROM golang:1.22
        USER 10001
        RUN --mount=type=cache,target=/go GOCACHE=/tmp/gocache go mod download
        """,
        ((3, "error"),),
        ("module cache /go/pkg/mod inside /go", "as uid 10001"),
    ),
    Case(
        "user-switch-only-the-later-run",
        """
        FROM golang:1.22
        WORKDIR /src
        RUN --mount=type=cache,target=/go/pkg/mod go mod download
        RUN useradd -m -u 1000 app
        USER app
        RUN --mount=type=cache,target=/go/pkg/mod go mod download
        """,
        ((6, "error"),),
    ),
    Case(
        "multi-stage-inherits-the-user",
        """
        FROM golang:1.22 AS base
        RUN adduser --disabled-password --uid 2000 app
        USER app

        FROM base AS build
        RUN --mount=type=cache,target=/go/pkg/mod go build -o /tmp/app .
        """,
        ((6, "error"),),
        ("as app (uid 2000)",),
    ),
    Case(
        "env-expanded-target",
        """
        FROM golang:1.22
        RUN useradd -m -u 1000 app
        USER app
        ENV GOMODCACHE=/home/app/gomod
        RUN --mount=type=cache,target=${GOMODCACHE} go mod download
        """,
        ((5, "error"),),
        ("cache mount at /home/app/gomod",),
    ),
    Case(
        "arg-expanded-target-and-uid",
        """
        FROM golang:1.22
        ARG APP_UID=1000
        ARG GOMODCACHE=/home/app/gomod
        RUN useradd -m -u ${APP_UID} app
        USER app
        RUN --mount=type=cache,target=${GOMODCACHE},uid=${APP_UID} go mod download
        """,
    ),
    Case(
        "heredoc",
        """
        FROM golang:1.22
        RUN useradd -m -u 1000 app
        USER app
        RUN --mount=type=cache,target=/go/pkg/mod <<EOF
        go version
        go mod download
        EOF
        """,
        ((4, "error"),),
        ("`go mod download` at line 6",),
    ),
    Case(
        "exec-form",
        """
        FROM golang:1.22
        RUN useradd -m -u 1000 app
        USER app
        RUN --mount=type=cache,target=/home/app/.cache/go-build ["go", "build", "-o", "/tmp/a", "."]
        """,
        ((4, "error"),),
        ("build cache /home/app/.cache/go-build",),
    ),
    Case(
        "sudo-u-in-a-root-run",
        """
        FROM golang:1.22
        RUN useradd -m -u 1000 app
        RUN --mount=type=cache,target=/go/pkg/mod sudo -u app -E go mod download
        """,
        ((3, "error"),),
        ("as app",),
    ),
    Case(
        "unrelated-cache-mount-is-silent",
        """
        FROM golang:1.22
        RUN useradd -m -u 1000 app
        USER app
        RUN --mount=type=cache,target=/tmp/other go version
        """,
    ),
)
