"""DG102 source-before-mod-download: the finding sits on the offending COPY/ADD."""

from __future__ import annotations

from tests.rules._cases import Case

CASES = (
    Case(
        "copy-all-then-download",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY . .
        RUN go mod download
        RUN go build -o /out/server .
        """,
        ((3, "warning"),),
        ("'.'", "line 4"),
    ),
    Case(
        "manifests-first",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY go.mod go.sum ./
        RUN go mod download
        COPY . .
        RUN go build -o /out/server .
        """,
    ),
    Case(
        "go-glob-manifests",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY go.* ./
        RUN go mod download
        COPY . .
        RUN go build -o /out/server .
        """,
    ),
    Case(
        "no-download-step-build-after-copy",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY . .
        RUN go build -o /out/server ./cmd/server
        """,
        ((3, "warning"),),
        ("go build",),
    ),
    Case(
        "some-sources-before-download",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY go.mod go.sum ./
        COPY cmd/ ./cmd/
        RUN go mod download
        """,
        ((4, "warning"),),
        ("'cmd/'",),
    ),
    Case(
        "add-counts-too",
        """
        FROM golang:1.22
        ADD . /src
        WORKDIR /src
        RUN go mod download
        """,
        ((2, "warning"),),
    ),
    Case(
        "cache-mount-is-silent",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY . .
        RUN --mount=type=cache,target=/go/pkg/mod go build -o /out/server .
        """,
    ),
    Case(
        "vendored-flag-is-silent",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY . .
        RUN go build -mod=vendor -o /out/server .
        """,
    ),
    Case(
        "vendored-goflags-is-silent",
        """
        FROM golang:1.22
        ENV GOFLAGS=-mod=vendor
        WORKDIR /src
        COPY . .
        RUN go build -o /out/server .
        """,
    ),
    Case(
        "multi-stage-deps-stage-first",
        """
        FROM golang:1.22 AS deps
        WORKDIR /src
        COPY go.mod go.sum ./
        RUN go mod download

        FROM deps AS build
        COPY . .
        RUN go build -o /out/server .
        """,
    ),
    Case(
        "multi-stage-second-stage-from-scratch-image",
        """
        FROM golang:1.22 AS deps
        WORKDIR /src
        COPY go.mod go.sum ./
        RUN go mod download

        FROM golang:1.22 AS test
        WORKDIR /src
        COPY . .
        RUN go test ./...
        """,
        ((8, "warning"),),
    ),
    Case(
        "module-cache-copied-from-stage",
        """
        FROM golang:1.22 AS deps
        WORKDIR /src
        COPY go.mod go.sum ./
        RUN go mod download

        FROM golang:1.22 AS build
        COPY --from=deps /go/pkg/mod /go/pkg/mod
        WORKDIR /src
        COPY . .
        RUN go build -o /out/server .
        """,
    ),
    Case(
        "heredoc-run",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY . .
        RUN <<EOF
        set -eux
        go mod download
        go build -o /out/server .
        EOF
        """,
        ((3, "warning"),),
    ),
    Case(
        "exec-form-run",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY . .
        RUN ["go", "mod", "download"]
        """,
        ((3, "warning"),),
    ),
    Case(
        "copy-from-other-stage-is-not-context",
        """
        FROM golang:1.22 AS gen
        RUN mkdir /gen && echo x > /gen/a

        FROM golang:1.22
        WORKDIR /src
        COPY --from=gen /gen ./gen
        COPY go.mod go.sum ./
        RUN go mod download
        """,
    ),
    Case(
        "no-go-at-all",
        """
        FROM alpine:3.20
        COPY . /app
        RUN ls /app
        """,
    ),
)

CASES = (
    *CASES,
    Case(
        "arg-expanded-source",
        """
        FROM golang:1.22
        ARG SRC=.
        WORKDIR /src
        COPY ${SRC} ./
        RUN go mod download
        """,
        ((4, "warning"),),
        ("'.'",),
    ),
    Case(
        "arg-expanded-manifests",
        """
        FROM golang:1.22
        ARG MOD=go.mod
        WORKDIR /src
        COPY ${MOD} go.sum ./
        RUN go mod download
        """,
    ),
    Case(
        "user-switch-does-not-change-caching",
        """
        FROM golang:1.22
        RUN useradd -m app
        USER app
        WORKDIR /home/app/src
        COPY --chown=app:app . .
        RUN go mod download
        """,
        ((5, "warning"),),
    ),
)
