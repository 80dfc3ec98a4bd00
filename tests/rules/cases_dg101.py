"""DG101 root-owned-module-cache: the finding sits on the USER instruction."""

from __future__ import annotations

from tests.rules._cases import Case

CASES = (
    Case(
        "must-write-after-root-download",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY go.mod go.sum ./
        RUN go mod download
        RUN useradd -m app
        USER app
        RUN go get example.com/tool@v1.2.0
        """,
        ((6, "error"),),
        ("`go mod download` at line 4", "/go/pkg/mod", "line 7", "permission denied"),
    ),
    Case(
        "may-write-is-a-warning",
        """
        FROM golang:1.22
        RUN go mod download
        RUN useradd -m app
        USER app
        RUN go build -o /tmp/app .
        """,
        ((4, "warning"),),
        ("works only while the cache already holds every module",),
    ),
    Case(
        "chown-in-between-is-silent",
        """
        FROM golang:1.22
        RUN go mod download
        RUN useradd -m app && chown -R app:app /go/pkg/mod
        USER app
        RUN go get example.com/tool@v1.2.0
        """,
    ),
    Case(
        "chown-of-gopath-is-silent",
        """
        FROM golang:1.22
        RUN go mod download
        RUN useradd -m app
        RUN chown -R app /go
        USER app
        RUN go build .
        """,
    ),
    Case(
        "gomodcache-elsewhere-after-user-is-silent",
        """
        FROM golang:1.22
        RUN go mod download
        RUN useradd -m app
        USER app
        ENV GOMODCACHE=/home/app/go/pkg/mod
        RUN go get example.com/tool@v1.2.0
        """,
    ),
    Case(
        "gomodcache-set-before-root-download-does-not-help",
        """
        FROM golang:1.22
        ENV GOMODCACHE=/tmp/gomodcache
        RUN go mod download
        RUN useradd -m app
        USER app
        RUN go install example.com/tool@v1.2.0
        """,
        ((5, "error"),),
        ("/tmp/gomodcache",),
    ),
    Case(
        "child-stage-inherits-root-cache",
        """
        FROM golang:1.22 AS deps
        WORKDIR /src
        COPY go.mod go.sum ./
        RUN go mod download

        FROM deps AS build
        RUN useradd -m app
        USER app
        COPY . .
        RUN go build -o /tmp/server ./cmd/server
        """,
        ((8, "warning"),),
    ),
    Case(
        "arg-expanded-user",
        """
        FROM golang:1.22
        ARG APP_USER=app
        RUN go mod download
        RUN useradd -m ${APP_USER}
        USER ${APP_USER}
        RUN go get example.com/tool@latest
        """,
        ((5, "error"),),
        ("as app",),
    ),
    Case(
        "numeric-uid",
        """
        FROM golang:1.22
        RUN go mod download
        USER 1000:1000
        RUN go get example.com/tool@v1.0.0
        """,
        ((3, "error"),),
    ),
    Case(
        "heredoc-runs",
        """
        FROM golang:1.22
        RUN <<EOF
        set -e
        go mod download
        EOF
        RUN useradd -m app
        USER app
        RUN <<EOF
        go get example.com/tool@v1.2.0
        EOF
        """,
        ((7, "error"),),
        ("at line 4",),
    ),
    Case(
        "exec-form-cmd-runs-as-final-user",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY . .
        RUN go mod download
        RUN useradd -m app
        USER app
        CMD ["go", "run", "."]
        """,
        ((6, "warning"),),
    ),
    Case(
        "exec-form-run",
        """
        FROM golang:1.22
        RUN ["go", "mod", "download"]
        RUN useradd -m app
        USER app
        RUN ["go", "clean", "-modcache"]
        """,
        ((4, "error"),),
    ),
    Case(
        "sudo-user-without-user-instruction",
        """
        FROM golang:1.22
        RUN go mod download
        RUN useradd -m app
        RUN sudo -E -u app go get example.com/tool@v1.2.0
        """,
        ((4, "error"),),
    ),
    Case(
        "root-all-the-way-user-only-in-runtime-stage",
        """
        FROM golang:1.22 AS build
        WORKDIR /src
        COPY go.mod go.sum ./
        RUN go mod download
        COPY . .
        RUN CGO_ENABLED=0 go build -o /out/server .

        FROM gcr.io/distroless/static:nonroot
        COPY --from=build /out/server /server
        USER nonroot
        ENTRYPOINT ["/server"]
        """,
    ),
    Case(
        "cache-mount-keeps-image-clean",
        """
        FROM golang:1.22
        RUN --mount=type=cache,target=/go/pkg/mod go mod download
        RUN useradd -m app
        USER app
        RUN go build -o /tmp/app .
        """,
    ),
    Case(
        "no-root-go-before-switch",
        """
        FROM golang:1.22
        RUN useradd -m app
        USER app
        RUN go mod download
        RUN go build -o /tmp/app .
        """,
    ),
    Case(
        "vendored-build-is-silent",
        """
        FROM golang:1.22
        RUN go mod download
        RUN useradd -m app
        USER app
        RUN go build -mod=vendor -o /tmp/app .
        """,
    ),
    Case(
        "user-back-to-root-is-silent",
        """
        FROM golang:1.22
        RUN go mod download
        RUN useradd -m app
        USER app
        RUN id
        USER root
        RUN go get example.com/tool@v1.2.0
        """,
    ),
)

CASES = (
    *CASES,
    Case(
        "root-installed-tools-only-then-user-downloads",
        """
        FROM golang:1.22
        RUN go install github.com/air-verse/air@v1.52.3
        RUN useradd -m dev
        USER dev
        WORKDIR /home/dev/app
        COPY --chown=dev:dev go.mod go.sum ./
        RUN go mod download
        """,
        ((4, "error"),),
        (
            "root fetched named modules only",
            "`go install github.com/air-verse/air@v1.52.3` at line 2",
        ),
    ),
)

CASES = (
    *CASES,
    Case(
        "sudo-without-E-drops-gopath-so-cache-is-elsewhere",
        """
        FROM golang:1.22
        RUN go mod download
        RUN useradd -m app
        RUN sudo -u app go get example.com/tool@v1.2.0
        """,
    ),
)

# GOPATH mode uses no module cache: neither side of the trap exists.
CASES = (
    *CASES,
    Case(
        "gopath-mode-root-get-then-user-build",
        """
        FROM golang:1.22
        ENV GO111MODULE=off
        WORKDIR /go/src/example.com/app
        COPY . .
        RUN go get -d ./...
        RUN useradd app
        USER app
        RUN go build -o /tmp/app .
        """,
    ),
    Case(
        "gopath-mode-only-for-the-user",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY . .
        RUN go mod download
        RUN useradd app
        USER app
        RUN GO111MODULE=off go get github.com/example/tool
        """,
    ),
    Case(
        "module-mode-inline-on-for-the-user",
        """
        FROM golang:1.15
        WORKDIR /src
        COPY . .
        RUN go mod download
        RUN useradd app
        USER app
        RUN GO111MODULE=on go get github.com/example/tool@v1.2.0
        """,
        ((6, "error"),),
    ),
)
