"""DG103 copy-without-chown: the finding sits on the COPY/ADD."""

from __future__ import annotations

from tests.rules._cases import Case

CASES = (
    Case(
        "tidy-rewrites-root-owned-go-mod",
        """
        FROM golang:1.22
        RUN useradd -m app
        WORKDIR /home/app/src
        COPY . .
        USER app
        RUN go mod tidy
        """,
        ((4, "error"),),
        ("`go mod tidy` at line 6", "as app", "/home/app/src/go.mod", "owned by root"),
    ),
    Case(
        "chown-on-copy-is-silent",
        """
        FROM golang:1.22
        RUN useradd -m app
        WORKDIR /home/app/src
        COPY --chown=app:app . .
        USER app
        RUN go mod tidy
        """,
    ),
    Case(
        "chown-after-copy-is-silent",
        """
        FROM golang:1.22
        RUN useradd -m app
        WORKDIR /src
        COPY . .
        RUN chown -R app /src
        USER app
        RUN go mod tidy && go build -o server .
        """,
    ),
    Case(
        "manifests-copied-then-go-get",
        """
        FROM golang:1.22
        RUN useradd -m app
        WORKDIR /home/app/src
        COPY go.mod go.sum ./
        USER app
        RUN go get example.com/lib@v1.4.0
        """,
        ((4, "error"),),
        ("go.mod",),
    ),
    Case(
        "chown-not-enough-in-root-workdir",
        """
        FROM golang:1.22
        RUN useradd -m app
        WORKDIR /app
        COPY --chown=app:app . .
        USER app
        RUN go build -o server .
        """,
        ((4, "error"),),
        ("--chown on this copy is not enough", "/app/server", "WORKDIR at line 3"),
    ),
    Case(
        "output-outside-copied-tree-is-silent",
        """
        FROM golang:1.22
        RUN useradd -m app
        WORKDIR /app
        COPY . .
        USER app
        RUN go build -o /tmp/server .
        """,
    ),
    Case(
        "reading-only-is-silent",
        """
        FROM golang:1.22
        RUN useradd -m app
        WORKDIR /app
        COPY . .
        USER app
        RUN go vet ./... && go build ./... && go list -m all
        """,
    ),
    Case(
        "workdir-after-user-buildkit-is-silent",
        """
        FROM golang:1.22
        RUN useradd -m app
        USER app
        WORKDIR /home/app/src
        COPY . .
        RUN go build -o server .
        """,
    ),
    Case(
        "go-generate-rewrites-sources",
        """
        FROM golang:1.22
        RUN useradd -m app
        WORKDIR /home/app/src
        COPY . .
        USER app
        RUN go generate ./...
        """,
        ((4, "error"),),
    ),
    Case(
        "child-stage-writes-parent-copy",
        """
        FROM golang:1.22 AS src
        RUN useradd -m app
        WORKDIR /home/app/src
        COPY . .

        FROM src AS tidy
        USER app
        RUN go mod tidy
        """,
        ((4, "error"),),
    ),
    Case(
        "arg-expanded-user-and-chown",
        """
        FROM golang:1.22
        ARG APP_USER=app
        RUN useradd -m ${APP_USER}
        WORKDIR /home/${APP_USER}/src
        COPY --chown=${APP_USER}:${APP_USER} . .
        USER ${APP_USER}
        RUN go mod tidy
        """,
    ),
    Case(
        "heredoc-run",
        """
        FROM golang:1.22
        RUN useradd -m app
        WORKDIR /home/app/src
        COPY . .
        USER app
        RUN <<EOF
        go mod tidy
        EOF
        """,
        ((4, "error"),),
    ),
    Case(
        "exec-form-run",
        """
        FROM golang:1.22
        RUN useradd -m app
        WORKDIR /home/app/src
        COPY . .
        USER app
        RUN ["go", "mod", "tidy"]
        """,
        ((4, "error"),),
    ),
    Case(
        "root-writes-are-fine",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY . .
        RUN go mod tidy && go build -o server .
        """,
    ),
)

# GOPATH mode never writes go.mod or go.sum.
CASES = (
    *CASES,
    Case(
        "gopath-mode-go-get-does-not-write-go-mod",
        """
        FROM golang:1.22
        ENV GO111MODULE=off
        RUN useradd -m app
        WORKDIR /home/app/src
        RUN chown app /home/app/src
        COPY go.mod go.sum ./
        USER app
        RUN go get github.com/example/tool
        """,
    ),
    Case(
        "module-mode-go-get-writes-go-mod",
        """
        FROM golang:1.22
        RUN useradd -m app
        WORKDIR /home/app/src
        RUN chown app /home/app/src
        COPY go.mod go.sum ./
        USER app
        RUN go get github.com/example/tool@v1.2.0
        """,
        ((5, "error"),),
    ),
)
