"""DG105 go-under-sudo: the finding sits on the RUN that switches users around go."""

from __future__ import annotations

from tests.rules._cases import Case

CASES = (
    Case(
        "sudo-bare-go-in-golang-image",
        """
        FROM golang:1.22
        RUN apt-get update && apt-get install -y sudo
        RUN useradd -m app && echo 'app ALL=(ALL) NOPASSWD:ALL' > /etc/sudoers.d/app
        USER app
        WORKDIR /home/app/src
        COPY --chown=app:app . .
        RUN sudo go build -o /home/app/bin/server .
        """,
        ((7, "error"),),
        ("line 7", "through sudo as root", "USER is app (line 4)", "go: command not found"),
    ),
    Case(
        "sudo-full-path-working-tree-only",
        """
        FROM golang:1.22
        RUN useradd -m app
        USER app
        WORKDIR /home/app/src
        COPY --chown=app:app . .
        RUN sudo /usr/local/go/bin/go build -o /home/app/src/server .
        """,
        ((6, "warning"),),
        ("root's own HOME (/root) and GOPATH (/root/go)", "/home/app/src/server"),
    ),
    Case(
        "sudo-full-path-then-user-rewrites",
        """
        FROM golang:1.22
        RUN useradd -m app
        USER app
        WORKDIR /home/app/src
        COPY --chown=app:app go.mod go.sum ./
        RUN sudo /usr/local/go/bin/go mod vendor
        RUN go mod vendor
        """,
        ((6, "error"),),
        ("/home/app/src/vendor", "`go mod vendor` at line 7 runs as app"),
    ),
    Case(
        "sudo-preserve-env-fills-user-cache",
        """
        FROM golang:1.22
        RUN useradd -m app
        USER app
        WORKDIR /home/app/src
        COPY --chown=app:app go.mod go.sum ./
        RUN sudo -E /usr/local/go/bin/go mod download
        RUN go build -o /tmp/server .
        """,
        ((6, "warning"),),
        ("environment kept (-E)", "module cache /go/pkg/mod", "owned by root"),
    ),
    Case(
        "sudo-preserve-env-then-user-must-download",
        """
        FROM golang:1.22
        RUN useradd -m app
        USER app
        WORKDIR /home/app/src
        COPY --chown=app:app go.mod go.sum ./
        RUN sudo --preserve-env /usr/local/go/bin/go mod download
        RUN go install golang.org/x/tools/cmd/stringer@v0.20.0
        """,
        ((6, "error"),),
        ("line 7 runs as app and must add modules to /go/pkg/mod",),
    ),
    Case(
        "unknown-image-bare-go-cannot-tell",
        """
        FROM registry.example.com/platform/go-builder:1.22
        USER app
        RUN sudo go build -o /tmp/server .
        """,
        ((3, "warning"),),
        ("cannot be told",),
    ),
    Case(
        "alpine-golang-bare-go-cannot-tell",
        """
        FROM golang:1.22-alpine
        RUN apk add --no-cache sudo && adduser -D app
        USER app
        RUN sudo go build -o /tmp/server .
        """,
        ((4, "warning"),),
    ),
    Case(
        "gosu-from-non-root-fails",
        """
        FROM golang:1.22
        RUN useradd -m app
        USER app
        RUN gosu root go build -o /tmp/server .
        """,
        ((4, "error"),),
        ("only when run as root",),
    ),
    Case(
        "su-drops-from-root-to-user",
        """
        FROM golang:1.22
        RUN useradd -m app
        WORKDIR /home/app/src
        RUN su app -c "go build -o /tmp/server ."
        """,
        ((4, "warning"),),
        ("through su as app", "USER is root"),
    ),
    Case(
        "stage-user-is-the-target-is-silent",
        """
        FROM golang:1.22
        RUN useradd -m app
        USER app
        RUN gosu app go build -o /tmp/server .
        """,
    ),
    Case(
        "sudo-as-root-stage-is-silent",
        """
        FROM golang:1.22
        RUN sudo go version || true
        RUN sudo -E go build -o /tmp/server .
        """,
    ),
    Case(
        "no-wrapper-is-silent",
        """
        FROM golang:1.22
        RUN useradd -m app
        USER app
        RUN go build -o /tmp/server .
        """,
    ),
    Case(
        "gosu-in-entrypoint-is-silent",
        """
        FROM golang:1.22
        RUN useradd -m app
        ENTRYPOINT ["gosu", "app", "go", "run", "."]
        """,
    ),
    Case(
        "unknown-stage-user-is-silent",
        """
        FROM registry.example.com/platform/go-builder:1.22
        RUN sudo go build -o /tmp/server .
        """,
    ),
    Case(
        "multi-stage-inherits-user",
        """
        FROM golang:1.22 AS base
        RUN useradd -m app
        USER app

        FROM base AS build
        RUN sudo go build -o /tmp/server .

        FROM base AS test
        RUN go test ./...
        """,
        ((6, "error"),),
        ("USER is app (line 3)",),
    ),
    Case(
        "user-switch-back-to-root-is-silent",
        """
        FROM golang:1.22
        RUN useradd -m app
        USER app
        RUN go version
        USER root
        RUN sudo go build -o /tmp/server .
        """,
    ),
    Case(
        "arg-expanded-user",
        """
        FROM golang:1.22
        ARG BUILDER=builder
        RUN useradd -m ${BUILDER}
        USER ${BUILDER}
        RUN sudo go build -o /tmp/server .
        """,
        ((5, "error"),),
        ("USER is builder (line 4)",),
    ),
    Case(
        "heredoc",
        """
        FROM golang:1.22
        RUN useradd -m app
        USER app
        RUN <<EOF
        go version
        sudo go build -o /tmp/server .
        EOF
        """,
        ((4, "error"),),
        ("at line 6",),
    ),
    Case(
        "exec-form",
        """
        FROM golang:1.22
        RUN useradd -m app
        USER app
        RUN ["sudo", "go", "build", "-o", "/tmp/server", "."]
        """,
        ((4, "error"),),
        ("go: command not found",),
    ),
    Case(
        "sudo-sh-c-script",
        """
        FROM golang:1.22
        RUN useradd -m app
        USER app
        RUN sudo sh -c 'cd /tmp && go build -o server .'
        """,
        ((4, "error"),),
    ),
    Case(
        "sudo-creates-go-sum-then-user-tidies",
        """
        FROM golang:1.22
        RUN useradd -m app
        USER app
        WORKDIR /home/app/src
        COPY --chown=app:app go.mod ./
        RUN sudo /usr/local/go/bin/go mod tidy
        RUN go build -o /home/app/src/server .
        RUN go mod tidy
        """,
        ((6, "error"),),
        ("/home/app/src/go.sum", "`go mod tidy` at line 8 runs as app"),
    ),
    Case(
        "sudo-rebuilt-binary-is-only-a-warning",
        """
        FROM golang:1.22
        RUN useradd -m app
        USER app
        WORKDIR /home/app/src
        COPY --chown=app:app . .
        RUN sudo /usr/local/go/bin/go build -o /home/app/bin/server .
        RUN go build -o /home/app/bin/server .
        """,
        ((6, "warning"),),
    ),
    Case(
        "sudo-preserve-env-does-not-keep-path",
        """
        FROM golang:1.22
        RUN useradd -m app
        USER app
        RUN ["sudo", "-E", "go", "mod", "download"]
        """,
        ((4, "error"),),
        ("go: command not found",),
    ),
    Case(
        "conflict-in-a-later-stage",
        """
        FROM golang:1.22 AS base
        RUN useradd -m app
        USER app
        WORKDIR /home/app/src
        COPY --chown=app:app go.mod go.sum ./
        RUN sudo -E /usr/local/go/bin/go mod download

        FROM base AS tools
        RUN go install golang.org/x/tools/cmd/stringer@v0.20.0

        FROM base AS test
        RUN go test ./...
        """,
        ((6, "error"),),
        ("line 9 runs as app",),
    ),
)
