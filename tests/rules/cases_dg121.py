"""DG121 module-cache-wiped: the finding sits on the RUN that empties the cache."""

from __future__ import annotations

from tests.rules._cases import Case

CASES = (
    Case(
        "clean-modcache-between-download-and-build",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY go.mod go.sum ./
        RUN go mod download && go clean -modcache
        COPY . .
        RUN go build -o /usr/local/bin/app .
        """,
        ((4, "warning"),),
        (
            "`go clean -modcache` at line 4 empties the module cache /go/pkg/mod",
            "`go mod download` at line 4 filled",
            "`go build -o /usr/local/bin/app .` at line 6 needs it again",
            "downloads every module again",
        ),
    ),
    Case(
        "clean-after-the-last-build-is-silent",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY . .
        RUN go build -o /usr/local/bin/app . && go clean -cache -modcache
        CMD ["/usr/local/bin/app"]
        """,
    ),
    Case(
        "rm-go-pkg-mod-then-build",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY go.mod go.sum ./
        RUN go mod download
        RUN rm -rf /go/pkg/mod
        COPY . .
        RUN go build -o /out/app .
        """,
        ((5, "warning"),),
        ("`rm -rf /go/pkg/mod` at line 5", "`go mod download` at line 4 filled"),
    ),
    Case(
        "rm-go-env-gomodcache",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY . .
        RUN go mod download && rm -rf "$(go env GOMODCACHE)"
        RUN go build -o /out/app .
        """,
        ((4, "warning"),),
        ("`rm -rf $(go env GOMODCACHE)` at line 4", "/go/pkg/mod"),
    ),
    Case(
        "rm-contents-glob",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY . .
        RUN go mod download && rm -rf /go/pkg/mod/*
        RUN go vet ./...
        """,
        ((4, "warning"),),
    ),
    Case(
        "partial-rm-of-download-cache-is-silent",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY . .
        RUN go mod download && rm -rf /go/pkg/mod/cache
        RUN go build -o /out/app .
        """,
    ),
    Case(
        "clean-cache-before-tests",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY . .
        RUN go build -o /out/app . && go clean -cache
        RUN go test ./...
        """,
        ((4, "warning"),),
        (
            "empties the build cache /root/.cache/go-build",
            "`go test ./...` at line 5 needs it again",
            "standard library included",
        ),
    ),
    Case(
        "rm-build-cache-of-the-user",
        """
        FROM golang:1.22
        RUN useradd -m app
        USER app
        WORKDIR /home/app/src
        COPY --chown=app . .
        RUN go build -o /tmp/app . && rm -rf /home/app/.cache
        RUN go test ./...
        """,
        ((6, "warning"),),
        ("/home/app/.cache/go-build",),
    ),
    Case(
        "other-users-cache-is-silent",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY . .
        RUN go build -o /out/app . && go clean -cache
        RUN useradd -m app
        USER app
        RUN go test ./...
        """,
    ),
    Case(
        "testcache-is-not-looked-at",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY . .
        RUN go test ./... && go clean -testcache
        RUN go build -o /out/app .
        """,
    ),
    Case(
        "nothing-filled-before-is-silent",
        """
        FROM golang:1.22
        RUN go clean -modcache
        WORKDIR /src
        COPY . .
        RUN go build -o /out/app .
        """,
    ),
    Case(
        "tool-cache-wiped-then-app-download-is-silent",
        """
        FROM golang:1.22
        RUN go install golang.org/x/tools/cmd/stringer@v0.20.0 && go clean -modcache
        WORKDIR /src
        COPY . .
        RUN go mod download && go build -o /out/app .
        """,
    ),
    Case(
        "later-build-in-a-stage-built-from-it",
        """
        FROM golang:1.22 AS deps
        WORKDIR /src
        COPY go.mod go.sum ./
        RUN go mod download
        RUN go clean -modcache

        FROM deps AS build
        COPY . .
        RUN go build -o /out/app .
        """,
        ((5, "warning"),),
        ("in stage 'build', built FROM this one",),
    ),
    Case(
        "last-step-of-a-builder-stage-is-info",
        """
        FROM golang:1.22 AS build
        WORKDIR /src
        COPY . .
        RUN go build -o /out/app .
        RUN go clean -cache -modcache

        FROM gcr.io/distroless/static
        COPY --from=build /out/app /app
        """,
        ((5, "info"),),
        (
            "last go step of stage 'build'",
            "module cache and build cache",
            "only copied out (line 8)",
        ),
    ),
    Case(
        "same-run-in-a-builder-stage-is-info",
        """
        FROM golang:1.22 AS build
        WORKDIR /src
        COPY . .
        RUN go build -o /out/app . && go clean -modcache

        FROM alpine:3.20
        COPY --from=build /out/app /usr/local/bin/app
        """,
        ((4, "info"),),
    ),
    Case(
        "cache-mount-emptied",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY . .
        RUN --mount=type=cache,target=/go/pkg/mod go mod download && go clean -modcache
        RUN go build -o /out/app .
        """,
        ((4, "warning"),),
        ("cache mount `target=/go/pkg/mod`", "next build start from nothing"),
    ),
    Case(
        "cache-mount-build-cache-emptied-by-rm",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY . .
        RUN --mount=type=cache,target=/root/.cache/go-build \\
            go build -o /out/app . && rm -rf /root/.cache/go-build/*
        """,
        ((4, "warning"),),
        ("build cache /root/.cache/go-build",),
    ),
    Case(
        "later-command-mounts-its-own-cache-is-silent",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY . .
        RUN go mod download && go clean -modcache
        RUN --mount=type=cache,target=/go/pkg/mod go build -o /out/app .
        """,
    ),
    Case(
        "vendored-later-build-is-silent",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY . .
        RUN go mod download && go clean -modcache
        RUN go build -mod=vendor -o /out/app .
        """,
    ),
    Case(
        "gomodcache-from-arg-and-env",
        """
        FROM golang:1.22
        ARG CACHE=/cache/mod
        ENV GOMODCACHE=$CACHE
        WORKDIR /src
        COPY . .
        RUN go mod download && rm -rf /cache/mod
        RUN go build -o /out/app .
        """,
        ((6, "warning"),),
        ("module cache /cache/mod",),
    ),
    Case(
        "rm-of-the-default-path-after-gomodcache-moved-is-silent",
        """
        FROM golang:1.22
        ENV GOMODCACHE=/cache/mod
        WORKDIR /src
        COPY . .
        RUN go mod download && rm -rf /go/pkg/mod
        RUN go build -o /out/app .
        """,
    ),
    Case(
        "exported-gomodcache-in-the-run",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY . .
        RUN export GOMODCACHE=/tmp/mod && go mod download && go clean -modcache && go build .
        """,
        ((4, "warning"),),
        ("module cache /tmp/mod",),
    ),
    Case(
        "prefix-gomodcache-other-path-is-silent",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY . .
        RUN GOMODCACHE=/tmp/mod go mod download && go clean -modcache
        RUN go build -o /out/app .
        """,
    ),
    Case(
        "heredoc-run",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY . .
        RUN <<EOF
        set -e
        go mod download
        go clean -modcache
        go build -o /out/app .
        EOF
        """,
        ((4, "warning"),),
        ("at line 7 empties", "at line 8 needs it again"),
    ),
    Case(
        "exec-form-run",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY . .
        RUN ["go", "build", "-o", "/out/app", "."]
        RUN ["go", "clean", "-cache"]
        RUN ["go", "test", "./..."]
        """,
        ((5, "warning"),),
    ),
    Case(
        "gopath-mode-later-build-is-silent",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY . .
        RUN go mod download && go clean -modcache
        RUN GO111MODULE=off go build -o /out/app .
        """,
    ),
    Case(
        "cleanup-in-the-final-stage-is-silent",
        """
        FROM golang:1.22 AS build
        WORKDIR /src
        COPY . .
        RUN go build -o /out/app .

        FROM golang:1.22
        COPY --from=build /out/app /usr/local/bin/app
        RUN go clean -cache -modcache
        """,
    ),
)
