"""DG106 build-cache-unwritable: the finding sits on the first failing go command per user."""

from __future__ import annotations

from tests.rules._cases import Case

CASES = (
    Case(
        "useradd-without-home",
        """
        FROM golang:1.22
        RUN useradd app
        USER app
        WORKDIR /tmp/src
        COPY --chown=app:app . .
        RUN go build -o /tmp/server .
        """,
        ((6, "error"),),
        (
            "line 6",
            "/home/app/.cache/go-build",
            "home /home/app does not exist (created at line 2 without a home)",
        ),
    ),
    Case(
        "useradd-with-home-is-silent",
        """
        FROM golang:1.22
        RUN useradd -m app
        USER app
        RUN go build -o /tmp/server .
        """,
    ),
    Case(
        "mod-download-and-tidy-pass",
        """
        FROM golang:1.22
        RUN useradd app
        USER app
        WORKDIR /tmp/src
        COPY --chown=app:app . .
        RUN go mod download && go mod tidy
        """,
    ),
    Case(
        "adduser-no-create-home-go-vet",
        """
        FROM golang:1.22
        RUN adduser --disabled-password --no-create-home app
        USER app
        RUN go vet ./...
        """,
        ((4, "error"),),
    ),
    Case(
        "alpine-adduser-H-go-test",
        """
        FROM golang:1.22-alpine
        RUN adduser -D -H app
        USER app
        RUN go test ./...
        """,
        ((4, "error"),),
    ),
    Case(
        "uid-without-passwd-entry",
        """
        FROM golang:1.22
        USER 10001
        RUN go list ./...
        """,
        ((3, "error"),),
        ("uid 10001 has no passwd entry, so HOME=/", "/.cache/go-build"),
    ),
    Case(
        "nobody",
        """
        FROM golang:1.22
        USER nobody
        RUN go install ./cmd/server
        """,
        ((3, "error"),),
        ("/nonexistent/.cache/go-build",),
    ),
    Case(
        "home-owned-by-someone-else",
        """
        FROM golang:1.22
        RUN useradd -m owner && useradd -d /home/owner guest
        USER guest
        RUN go build -o /tmp/server .
        """,
        ((4, "error"),),
        ("/home/owner belongs to owner",),
    ),
    Case(
        "gocache-set-is-silent",
        """
        FROM golang:1.22
        RUN useradd app
        USER app
        ENV GOCACHE=/tmp/go-build
        RUN go build -o /tmp/server .
        """,
    ),
    Case(
        "xdg-cache-home-writable-is-silent",
        """
        FROM golang:1.22
        RUN useradd app
        USER app
        ENV XDG_CACHE_HOME=/tmp/cache
        RUN go build -o /tmp/server .
        """,
    ),
    Case(
        "cache-mount-covers-gocache",
        """
        FROM golang:1.22
        RUN useradd -u 1000 app
        USER app
        RUN --mount=type=cache,target=/home/app/.cache/go-build,uid=1000 \\
            go build -o /tmp/server .
        """,
    ),
    Case(
        "root-is-silent",
        """
        FROM golang:1.22
        RUN go build -o /out/server .
        """,
    ),
    Case(
        "unknown-image-is-silent",
        """
        FROM registry.example.com/platform/go-builder:1.22
        USER app
        RUN go build -o /tmp/server .
        """,
    ),
    Case(
        "home-created-in-the-same-run-is-silent",
        """
        FROM golang:1.22
        RUN useradd -m app && su app -c "go build -o /tmp/server ."
        """,
    ),
    Case(
        "gocache-off-env-root",
        """
        FROM golang:1.22
        ENV GOCACHE=off
        RUN go build -o /out/server .
        """,
        ((3, "error"),),
        ("GOCACHE=off (ENV at line 2)", "required as of Go 1.12"),
    ),
    Case(
        "gocache-off-arg-expanded",
        """
        FROM golang:1.22
        ARG CACHE_MODE=off
        ENV GOCACHE=${CACHE_MODE}
        RUN go test ./...
        """,
        ((4, "error"),),
    ),
    Case(
        "gocache-off-arg-only",
        """
        FROM golang:1.22
        ARG GOCACHE=off
        RUN go build -o /out/server .
        """,
        ((3, "error"),),
        ("from an ARG",),
    ),
    Case(
        "gocache-off-prefix-exec-form",
        """
        FROM golang:1.22
        RUN ["env", "GOCACHE=off", "go", "build", "-o", "/out/server", "."]
        """,
        ((2, "error"),),
        ("set on the command",),
    ),
    Case(
        "gocache-off-mod-download-passes",
        """
        FROM golang:1.22
        ENV GOCACHE=off
        RUN go mod download
        """,
    ),
    Case(
        "gocache-off-before-go-1-12-is-silent",
        """
        FROM golang:1.11
        ENV GOCACHE=off
        RUN go build -o /out/server .
        """,
    ),
    Case(
        "heredoc",
        """
        FROM golang:1.22
        RUN useradd app
        USER app
        RUN <<EOF
        go mod download
        go generate ./...
        EOF
        """,
        ((4, "error"),),
        ("`go generate ./...` at line 6",),
    ),
    Case(
        "user-switch-back-to-root-is-silent",
        """
        FROM golang:1.22
        RUN useradd app
        USER app
        RUN go mod download
        USER root
        RUN go build -o /out/server .
        """,
    ),
    Case(
        "multi-stage-inherits-user-and-cmd",
        """
        FROM golang:1.22 AS base
        RUN useradd app
        USER app

        FROM base AS dev
        WORKDIR /tmp/src
        CMD ["go", "run", "."]
        """,
        ((7, "error"),),
        ("`go run .` at line 7 runs as app",),
    ),
    Case(
        "first-failure-per-user-only",
        """
        FROM golang:1.22
        RUN useradd app
        USER app
        RUN go build -o /tmp/server .
        RUN go test ./...
        """,
        ((4, "error"),),
    ),
)
