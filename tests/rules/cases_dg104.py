"""DG104 gomodcache-unset: the finding sits on the first go command per user and cache."""

from __future__ import annotations

from tests.rules._cases import Case

CASES = (
    Case(
        "user-without-home",
        """
        FROM debian:bookworm
        RUN apt-get update && apt-get install -y golang-go
        RUN useradd app
        USER app
        WORKDIR /tmp/src
        COPY --chown=app:app go.mod go.sum ./
        RUN go mod download
        """,
        ((7, "error"),),
        ("/home/app/go/pkg/mod", "home /home/app does not exist", "line 3"),
    ),
    Case(
        "user-with-home-works-implicitly",
        """
        FROM debian:bookworm
        RUN apt-get update && apt-get install -y golang-go
        RUN useradd -m app
        USER app
        RUN go mod download
        """,
        ((5, "info"),),
        ("/home/app/go/pkg/mod",),
    ),
    Case(
        "official-image-world-writable-go",
        """
        FROM golang:1.22
        RUN useradd app
        USER app
        RUN go mod download
        """,
        ((4, "info"),),
        ("/go is world-writable",),
    ),
    Case(
        "unknown-image",
        """
        FROM registry.example.com/platform/go-builder:1.22
        USER app
        COPY go.mod go.sum ./
        RUN go build -o /tmp/app .
        """,
        ((4, "warning"),),
    ),
    Case(
        "gomodcache-set-is-silent",
        """
        FROM debian:bookworm
        RUN useradd app
        USER app
        ENV GOMODCACHE=/tmp/gomodcache
        RUN go mod download
        """,
    ),
    Case(
        "gopath-set-to-own-home-is-silent",
        """
        FROM golang:1.22
        RUN useradd -m app
        USER app
        ENV GOPATH=/home/app/go
        RUN go mod download
        """,
    ),
    Case(
        "gopath-in-system-dir",
        """
        FROM golang:1.22
        ENV GOPATH=/usr/local/go
        RUN useradd -m app
        USER app
        RUN go mod download
        """,
        ((5, "error"),),
        ("/usr/local/go/pkg/mod",),
    ),
    Case(
        "uid-without-passwd-entry",
        """
        FROM debian:bookworm
        RUN apt-get update && apt-get install -y golang-go
        USER 10001
        RUN go mod download
        """,
        ((4, "error"),),
        ("uid 10001 has no passwd entry", "/go/pkg/mod"),
    ),
    Case(
        "nobody",
        """
        FROM debian:bookworm
        RUN apt-get update && apt-get install -y golang-go
        USER nobody
        RUN go build -o /tmp/app .
        """,
        ((4, "error"),),
        ("/nonexistent",),
    ),
    Case(
        "root-filled-cache-is-dg101s",
        """
        FROM golang:1.22
        RUN go mod download
        RUN useradd app
        USER app
        RUN go build -o /tmp/app .
        """,
    ),
    Case(
        "cache-mount-is-silent",
        """
        FROM golang:1.22
        RUN useradd app
        USER app
        RUN --mount=type=cache,target=/go/pkg/mod,uid=1000 go build -o /tmp/app .
        """,
    ),
    Case(
        "root-is-silent",
        """
        FROM debian:bookworm
        RUN go mod download
        """,
    ),
    Case(
        "arg-expanded-user",
        """
        FROM debian:bookworm
        ARG APP_USER=svc
        RUN apt-get update && apt-get install -y golang-go
        RUN useradd --system ${APP_USER}
        USER ${APP_USER}
        RUN go mod download
        """,
        ((6, "error"),),
    ),
    Case(
        "heredoc-and-exec-form-cmd",
        """
        FROM debian:bookworm
        RUN apt-get update && apt-get install -y golang-go
        RUN adduser --disabled-password --no-create-home app
        USER app
        RUN <<EOF
        go version
        go mod download
        EOF
        CMD ["go", "run", "."]
        """,
        ((5, "error"),),
    ),
    Case(
        "alpine-adduser-creates-home",
        """
        FROM golang:1.22-alpine
        RUN adduser -D app
        USER app
        RUN go mod download
        """,
        ((4, "info"),),
    ),
    Case(
        "multi-stage-inherits-user",
        """
        FROM debian:bookworm AS base
        RUN apt-get update && apt-get install -y golang-go
        RUN useradd app
        USER app

        FROM base AS build
        RUN go mod download
        """,
        ((7, "error"),),
    ),
)

CASES = (
    *CASES,
    Case(
        # The missing home breaks the build cache, not the module cache: DG106 reports that.
        "official-image-no-home-build-cache-is-dg106s",
        """
        FROM golang:1.22
        RUN useradd app
        USER app
        RUN go build -o /tmp/app .
        """,
        ((4, "info"),),
        ("/go is world-writable",),
    ),
    Case(
        "official-image-no-home-gocache-set",
        """
        FROM golang:1.22
        RUN useradd app
        USER app
        ENV GOCACHE=/tmp/gocache
        RUN go build -o /tmp/app .
        """,
        ((5, "info"),),
    ),
)

CASES = (
    *CASES,
    Case(
        "sudo-resets-env-to-a-missing-home",
        """
        FROM golang:1.22
        RUN useradd app
        RUN sudo -u app go mod download
        """,
        ((3, "error"),),
        ("/home/app/go/pkg/mod", "$HOME/go/pkg/mod with HOME=/home/app"),
    ),
)

# GOPATH mode, a cache handed to the user on purpose, and a relative GOPATH.
CASES = (
    *CASES,
    Case(
        "gopath-mode-is-silent",
        """
        FROM golang:1.22
        ENV GO111MODULE=off
        RUN useradd app
        USER app
        WORKDIR /go/src/example.com/app
        COPY --chown=app . .
        RUN go get -d ./... && go install ./...
        """,
    ),
    Case(
        "go-older-than-modules-is-silent",
        """
        FROM golang:1.10
        RUN useradd app
        USER app
        WORKDIR /go/src/example.com/app
        COPY --chown=app . .
        RUN go install ./...
        """,
    ),
    Case(
        "chown-hands-gopath-to-the-user",
        """
        FROM golang:1.22
        RUN useradd -m app && chown -R app:app /go
        USER app
        WORKDIR /home/app/src
        COPY --chown=app:app . .
        RUN go mod download
        """,
    ),
    Case(
        "mkdir-as-the-user-owns-the-cache",
        """
        FROM golang:1.22
        RUN useradd -m app
        USER app
        RUN mkdir -p /go/pkg/mod
        WORKDIR /home/app/src
        COPY --chown=app:app . .
        RUN go mod download
        """,
    ),
    Case(
        "chown-of-an-unrelated-directory-still-info",
        """
        FROM golang:1.22
        RUN useradd -m app && chown -R app:app /srv
        USER app
        WORKDIR /home/app/src
        COPY --chown=app:app . .
        RUN go mod download
        """,
        ((6, "info"),),
        ("world-writable",),
    ),
    Case(
        "relative-gopath-root",
        """
        FROM golang:1.22
        ENV GOPATH=go
        WORKDIR /src
        COPY . .
        RUN go build -o /out/app .
        """,
        ((5, "error"),),
        ("GOPATH=go (line 2)", "relative"),
    ),
    Case(
        "relative-gopath-inline",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY . .
        RUN GOPATH=build/go go mod download
        """,
        ((4, "error"),),
        ("GOPATH=build/go",),
    ),
)
