"""DG120 unversioned-golang-image: the finding sits on the FROM.

The fix's tag from go.mod's `go` line needs a build context: those cases are in
test_dg120_context.py.
"""

from __future__ import annotations

from tests.rules._cases import Case

CASES = (
    Case(
        "no-tag",
        """
        FROM golang
        RUN go build -o /out/app .
        """,
        ((1, "warning"),),
        ("`FROM golang` at line 1 names no tag", "`latest`"),
    ),
    Case(
        "latest",
        """
        FROM golang:latest AS build
        RUN go build -o /out/app .
        """,
        ((1, "warning"),),
        ("the tag `latest`, which follows the newest Go release",),
    ),
    Case(
        "variant-only",
        """
        FROM golang:alpine AS build
        WORKDIR /src
        COPY . .
        RUN go build -o /out/app .
        """,
        ((1, "warning"),),
        ("the tag `alpine`, which names the OS variant but no Go release",),
    ),
    Case(
        "debian-release-variant",
        """
        FROM golang:bookworm
        """,
        ((1, "warning"),),
        ("`bookworm`",),
    ),
    Case(
        "major-only",
        """
        FROM golang:1
        FROM golang:1-alpine
        """,
        ((1, "warning"), (2, "warning")),
        ("names only Go's major version",),
    ),
    Case(
        "versioned-tags",
        """
        FROM golang:1.22
        FROM golang:1.22.3
        FROM golang:1.22-alpine3.19
        FROM golang:1.23rc1-bookworm
        FROM golang:1.23-rc-alpine
        """,
    ),
    Case(
        "digest-pins",
        """
        FROM golang:alpine@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
        FROM golang@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
        """,
    ),
    Case(
        "docker-hub-spellings",
        """
        FROM docker.io/library/golang:alpine
        FROM library/golang
        FROM index.docker.io/library/golang:latest
        """,
        ((1, "warning"), (2, "warning"), (3, "warning")),
        ("`FROM docker.io/library/golang:alpine`",),
    ),
    Case(
        "registry-mirror",
        """
        FROM mirror.gcr.io/library/golang:bookworm
        """,
        ((1, "warning"),),
        ("mirror.gcr.io/library/golang:bookworm",),
    ),
    Case(
        "other-images-are-not-golang",
        """
        FROM registry.example.com/team/golang:alpine
        FROM debian:bookworm
        FROM alpine
        FROM golangci/golangci-lint:latest
        """,
    ),
    Case(
        "stage-named-golang",
        """
        FROM golang:1.22 AS golang
        RUN go install example.com/tool@v1.0.0

        FROM golang
        RUN tool
        """,
    ),
    Case(
        "arg-default-latest",
        """
        ARG GO_VERSION=latest
        FROM golang:${GO_VERSION}
        """,
        ((2, "warning"),),
        ("resolves to `golang:latest` (ARG GO_VERSION=latest at line 1)",),
    ),
    Case(
        "arg-default-variant",
        """
        ARG GO_IMAGE=golang:alpine
        FROM $GO_IMAGE AS build
        """,
        ((2, "warning"),),
        ("ARG GO_IMAGE=golang:alpine at line 1", "`alpine`"),
    ),
    Case(
        "arg-default-release",
        """
        ARG GO_VERSION=1.22
        FROM golang:${GO_VERSION}-alpine
        """,
    ),
    Case(
        "arg-without-default-cannot-be-told",
        """
        ARG GO_VERSION
        ARG VARIANT=
        FROM golang:${GO_VERSION}
        FROM golang:1.22-${VARIANT}
        FROM golang:${GO_VERSION:-alpine}
        """,
    ),
    Case(
        "tip",
        """
        FROM golang:tip-alpine
        FROM golang:tip-20240812-bookworm
        FROM golang:tip-20240812
        """,
        ((1, "warning"),),
        ("development branch",),
    ),
    Case(
        "multi-stage-builder-only",
        """
        FROM golang:alpine AS build
        WORKDIR /src
        COPY . .
        RUN CGO_ENABLED=0 go build -o /out/app .

        FROM alpine:3.20
        COPY --from=build /out/app /usr/local/bin/app
        USER nobody
        ENTRYPOINT ["/usr/local/bin/app"]
        """,
        ((1, "warning"),),
        ("`FROM golang:alpine` at line 1",),
    ),
    Case(
        "every-golang-stage",
        """
        FROM golang:1.22 AS build
        RUN go build -o /out/app .

        FROM golang AS test
        RUN go test ./...

        FROM golang:bookworm AS tools
        USER nobody
        """,
        ((4, "warning"), (7, "warning")),
        ("`FROM golang` at line 4",),
    ),
    Case(
        "invalid-references-are-left-to-the-build",
        """
        FROM GOLANG:ALPINE
        FROM golang:
        FROM golang:-alpine
        """,
    ),
    Case(
        "platform-flag",
        """
        FROM --platform=$BUILDPLATFORM golang:alpine AS build
        ARG TARGETOS TARGETARCH
        RUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/app .
        """,
        ((1, "warning"),),
        ("`FROM golang:alpine` at line 1",),
    ),
)
