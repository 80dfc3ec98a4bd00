"""DG122 go-run-at-startup: the finding sits on the CMD or ENTRYPOINT that compiles.

The module-cache error (go.mod requires modules the build never downloaded) needs a build
context: it is in test_dg121_dg123_context.py.
"""

from __future__ import annotations

from tests.rules._cases import Case

CASES = (
    Case(
        "exec-form-go-run",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY . .
        CMD ["go", "run", "."]
        """,
        ((4, "warning"),),
        (
            "CMD at line 4 runs `go run .`",
            "compiles the program every time the container starts",
            "Go toolchain",
        ),
    ),
    Case(
        "shell-form-go-build-then-run",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY . .
        CMD go build -o /tmp/app . && /tmp/app
        """,
        ((4, "warning"),),
        ("`go build -o /tmp/app .`", "before it runs"),
    ),
    Case(
        "entrypoint-through-sh-c",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY . .
        ENTRYPOINT ["/bin/sh", "-c", "exec go run ./cmd/server"]
        """,
        ((4, "warning"),),
        ("ENTRYPOINT at line 4 runs `go run ./cmd/server`",),
    ),
    Case(
        "go-test-at-start",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY . .
        CMD ["go", "test", "./..."]
        """,
        ((4, "warning"),),
        ("compiles and runs the tests every time the container starts",),
    ),
    Case(
        "entrypoint-go-with-cmd-verb",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY . .
        ENTRYPOINT ["go"]
        CMD ["run", "."]
        """,
        ((4, "warning"),),
        ("ENTRYPOINT at line 4 with the CMD at line 5 runs `go run .`",),
    ),
    Case(
        "shell-form-entrypoint-ignores-the-cmd",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY . .
        RUN go build -o /usr/local/bin/app .
        ENTRYPOINT exec /usr/local/bin/app
        CMD ["go", "run", "."]
        """,
    ),
    Case(
        "cmd-through-tini",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY . .
        ENTRYPOINT ["tini", "--"]
        CMD ["go", "run", "."]
        """,
        ((5, "warning"),),
    ),
    Case(
        "cmd-behind-an-unknown-entrypoint-is-silent",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY . .
        ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]
        CMD ["go", "run", "."]
        """,
    ),
    Case(
        "make-air-and-compiledaemon-are-silent",
        """
        FROM golang:1.22 AS make
        CMD make run

        FROM golang:1.22 AS air
        RUN go install github.com/air-verse/air@v1.52.3
        CMD ["air", "-c", ".air.toml"]

        FROM golang:1.22 AS daemon
        CMD ["CompileDaemon", "-command=./app"]
        """,
    ),
    Case(
        "running-the-binary-is-silent",
        """
        FROM golang:1.22 AS build
        WORKDIR /src
        COPY . .
        RUN go build -o /out/app .

        FROM gcr.io/distroless/static
        COPY --from=build /out/app /app
        CMD ["/app"]
        """,
    ),
    Case(
        "go-version-is-silent",
        """
        FROM golang:1.22
        CMD ["go", "version"]
        """,
    ),
    Case(
        "builder-stage-cmd-is-silent",
        """
        FROM golang:1.22 AS build
        WORKDIR /src
        COPY . .
        RUN go build -o /out/app .
        CMD ["go", "run", "."]

        FROM alpine:3.20
        COPY --from=build /out/app /usr/local/bin/app
        CMD ["app"]
        """,
    ),
    Case(
        "dev-target-stage-is-reported",
        """
        FROM golang:1.22 AS dev
        WORKDIR /src
        COPY . .
        CMD ["go", "run", "."]

        FROM golang:1.22 AS build
        WORKDIR /src
        COPY . .
        RUN go build -o /out/app .

        FROM gcr.io/distroless/static
        COPY --from=build /out/app /app
        CMD ["/app"]
        """,
        ((4, "warning"),),
    ),
    Case(
        "overridden-cmd-is-silent",
        """
        FROM golang:1.22 AS base
        WORKDIR /src
        COPY . .
        CMD ["go", "run", "."]

        FROM base
        RUN go build -o /usr/local/bin/app .
        CMD ["app"]
        """,
    ),
    Case(
        "inherited-cmd-with-user-nobody-is-an-error",
        """
        FROM golang:1.22 AS base
        WORKDIR /src
        COPY . .
        CMD ["go", "run", "."]

        FROM base
        USER nobody
        """,
        ((4, "error"),),
        (
            "(inherited by stage 1)",
            "nobody's build cache is /nonexistent/.cache/go-build",
            "failed to initialize build cache",
        ),
    ),
    Case(
        "entrypoint-clears-an-inherited-cmd",
        """
        FROM golang:1.22 AS base
        WORKDIR /src
        COPY . .
        CMD ["go", "run", "."]

        FROM base
        RUN go build -o /usr/local/bin/app .
        ENTRYPOINT ["/usr/local/bin/app"]
        """,
    ),
    Case(
        "user-without-home-is-an-error",
        """
        FROM golang:1.22
        RUN useradd app
        USER app
        WORKDIR /tmp/src
        COPY --chown=app . .
        CMD ["go", "run", "."]
        """,
        ((6, "error"),),
        ("home /home/app does not exist (created at line 2 without a home)",),
    ),
    Case(
        "user-with-home-is-a-warning",
        """
        FROM golang:1.22
        RUN useradd -m app
        USER app
        WORKDIR /home/app/src
        COPY --chown=app . .
        CMD ["go", "run", "."]
        """,
        ((6, "warning"),),
        ("app needs a build cache and a module cache it can write",),
    ),
    Case(
        "gocache-set-with-env-for-the-user",
        """
        FROM golang:1.22
        USER 10001
        ENV GOCACHE=/tmp/go-build
        WORKDIR /tmp/src
        COPY --chown=10001 . .
        CMD go run .
        """,
        ((6, "warning"),),
    ),
    Case(
        "numeric-uid-without-gocache-is-an-error",
        """
        FROM golang:1.22
        USER 10001
        WORKDIR /tmp/src
        COPY --chown=10001 . .
        CMD go run .
        """,
        ((5, "error"),),
        ("uid 10001 has no passwd entry, so HOME=/",),
    ),
    Case(
        "gocache-off-from-arg-and-env",
        """
        FROM golang:1.22
        ARG CACHE=off
        ENV GOCACHE=$CACHE
        WORKDIR /src
        COPY . .
        CMD ["go", "run", "."]
        """,
        ((6, "error"),),
        ("GOCACHE=off",),
    ),
    Case(
        "gocache-prefix-in-the-shell-form",
        """
        FROM golang:1.22
        USER nobody
        WORKDIR /tmp/src
        COPY . .
        CMD GOCACHE=/tmp/go-build GOFLAGS=-mod=vendor go run .
        """,
        ((5, "warning"),),
    ),
    Case(
        "export-in-the-shell-form",
        """
        FROM golang:1.22
        USER nobody
        WORKDIR /tmp/src
        COPY . .
        CMD export GOCACHE=/tmp/go-build && go build -o /tmp/app . && /tmp/app
        """,
        ((5, "warning"),),
    ),
    Case(
        "scratch-has-no-toolchain",
        """
        FROM golang:1.22 AS src
        WORKDIR /src
        COPY . .

        FROM scratch
        COPY --from=src /src /src
        WORKDIR /src
        CMD ["go", "run", "."]
        """,
        ((8, "error"),),
        ("based on scratch", "no `go` to run"),
    ),
    Case(
        "distroless-with-a-copied-toolchain-is-a-warning",
        """
        FROM golang:1.22 AS go

        FROM gcr.io/distroless/base
        COPY --from=go /usr/local/go /usr/local/go
        CMD ["/usr/local/go/bin/go", "run", "/src/main.go"]
        """,
        ((5, "warning"),),
    ),
    Case(
        "heredoc-run-does-not-matter-only-cmd",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY . .
        RUN <<EOF
        go run ./tools/gen
        go build -o /usr/local/bin/app .
        EOF
        CMD ["app"]
        """,
    ),
    Case(
        "shell-changed-with-shell-instruction",
        """
        FROM golang:1.22
        SHELL ["/bin/bash", "-c"]
        WORKDIR /src
        COPY . .
        CMD go run .
        """,
        ((5, "warning"),),
    ),
)
