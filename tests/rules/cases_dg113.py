"""DG113 cgo-binary-in-static-image: the finding sits on the COPY --from that brings the binary
into the runtime stage. Without a build context the imports cannot be seen, so these cases warn;
the errors (imports read from the context) are in test_dg113_context.py."""

from __future__ import annotations

from tests.rules._cases import Case

CASES = (
    Case(
        "debian-builder-into-scratch-warns",
        """
        FROM golang:1.22 AS build
        WORKDIR /src
        COPY . .
        RUN go build -o /out/app .

        FROM scratch
        COPY --from=build /out/app /app
        ENTRYPOINT ["/app"]
        """,
        ((7, "warning"),),
        (
            "/app is built by `go build -o /out/app .` at line 4",
            "golang:1.22 ships gcc",
            "scratch has no C library",
            "ENTRYPOINT at line 8",
            "exec /app: no such file",
        ),
    ),
    Case(
        "cgo-off-by-prefix-is-silent",
        """
        FROM golang:1.22 AS build
        WORKDIR /src
        COPY . .
        RUN CGO_ENABLED=0 go build -o /out/app .
        FROM scratch
        COPY --from=build /out/app /app
        ENTRYPOINT ["/app"]
        """,
    ),
    Case(
        "cgo-off-by-env-is-silent",
        """
        FROM golang:1.22 AS build
        ENV CGO_ENABLED=0
        WORKDIR /src
        COPY . .
        RUN go build -o /out/app .
        FROM gcr.io/distroless/static-debian12:nonroot
        COPY --from=build /out/app /app
        ENTRYPOINT ["/app"]
        """,
    ),
    Case(
        "cgo-off-by-arg-and-arg-expanded-images-are-silent",
        """
        ARG GO_VERSION=1.22
        ARG RUNTIME=scratch
        FROM golang:${GO_VERSION} AS build
        ARG CGO_ENABLED=0
        WORKDIR /src
        COPY . .
        RUN go build -o /out/app .
        FROM ${RUNTIME}
        COPY --from=build /out/app /app
        ENTRYPOINT ["/app"]
        """,
    ),
    Case(
        "arg-expanded-images-with-cgo-on-warn",
        """
        ARG GO_VERSION=1.22
        ARG RUNTIME=gcr.io/distroless/static:nonroot
        FROM golang:${GO_VERSION}-bookworm AS build
        WORKDIR /src
        COPY . .
        RUN go build -o /out/app ./cmd/app
        FROM ${RUNTIME}
        COPY --from=build /out/app /usr/local/bin/app
        ENTRYPOINT ["/usr/local/bin/app"]
        """,
        ((8, "warning"),),
        ("gcr.io/distroless/static:nonroot has no C library",),
    ),
    Case(
        "explicit-cgo-on-alpine-builder-into-scratch-warns",
        """
        FROM golang:1.22-alpine AS build
        RUN apk add --no-cache build-base
        ARG CGO_ENABLED=1
        WORKDIR /src
        COPY . .
        RUN go build -o /out/app .
        FROM scratch
        COPY --from=build /out/app /app
        CMD ["/app"]
        """,
        ((8, "warning"),),
        ("the build argument CGO_ENABLED=1", "against musl", "CMD at line 9"),
    ),
    Case(
        "alpine-builder-without-gcc-is-silent",
        """
        FROM golang:1.22-alpine AS build
        RUN apk add --no-cache git ca-certificates
        WORKDIR /src
        COPY . .
        RUN go build -o /out/app .
        FROM scratch
        COPY --from=build /out/app /app
        ENTRYPOINT ["/app"]
        """,
    ),
    Case(
        "alpine-builder-with-gcc-into-scratch-warns",
        """
        FROM golang:1.22-alpine AS build
        RUN apk add --no-cache gcc musl-dev
        WORKDIR /src
        COPY . .
        RUN go build -o /out/app .
        FROM scratch
        COPY --from=build /out/app /app
        ENTRYPOINT ["/app"]
        """,
        ((7, "warning"),),
        ("line 2 installs gcc",),
    ),
    Case(
        "alpine-builder-with-gcc-into-alpine-is-silent",
        """
        FROM golang:1.22-alpine AS build
        RUN apk add --no-cache gcc musl-dev
        WORKDIR /src
        COPY . .
        RUN go build -o /out/app .
        FROM alpine:3.20
        COPY --from=build /out/app /usr/local/bin/app
        ENTRYPOINT ["app"]
        """,
    ),
    Case(
        "glibc-builder-into-alpine-on-path-warns",
        """
        FROM golang:1.22-bookworm AS build
        WORKDIR /src
        COPY . .
        RUN go build -o /out/server ./cmd/server
        FROM alpine:3.20
        RUN adduser -D app
        COPY --from=build /out/server /usr/local/bin/
        USER app
        ENTRYPOINT ["server", "--listen", ":8080"]
        """,
        ((7, "warning"),),
        (
            "/usr/local/bin/server is built",
            "alpine:3.20 has musl, not the glibc loader",
            "exec server: no such file",
        ),
    ),
    Case(
        "glibc-builder-into-alpine-with-gcompat-is-silent",
        """
        FROM golang:1.22-bookworm AS build
        WORKDIR /src
        COPY . .
        RUN go build -o /out/server ./cmd/server
        FROM alpine:3.20
        RUN apk add --no-cache gcompat
        COPY --from=build /out/server /usr/local/bin/server
        ENTRYPOINT ["server"]
        """,
    ),
    Case(
        "debian-runtime-and-distroless-base-are-silent",
        """
        FROM golang:1.22 AS build
        WORKDIR /src
        COPY . .
        RUN go build -o /out/app . && go build -o /out/tool ./cmd/tool
        FROM debian:bookworm-slim AS debian
        COPY --from=build /out/app /app
        ENTRYPOINT ["/app"]
        FROM gcr.io/distroless/base-debian12:nonroot
        COPY --from=build /out/app /app
        ENTRYPOINT ["/app"]
        """,
    ),
    Case(
        "netgo-and-osusergo-tags-are-silent",
        """
        FROM golang:1.22 AS build
        WORKDIR /src
        COPY . .
        RUN go build -tags netgo,osusergo -o /out/app .
        FROM scratch
        COPY --from=build /out/app /app
        ENTRYPOINT ["/app"]
        """,
    ),
    Case(
        "netgo-tag-alone-warns",
        """
        FROM golang:1.22 AS build
        WORKDIR /src
        COPY . .
        RUN go build -tags=netgo -o /out/app .
        FROM scratch
        COPY --from=build /out/app /app
        ENTRYPOINT ["/app"]
        """,
        ((6, "warning"),),
    ),
    Case(
        "external-static-linking-is-silent",
        """
        FROM golang:1.22 AS build
        WORKDIR /src
        COPY . .
        RUN go build -ldflags '-s -w -linkmode external -extldflags "-static"' -o /out/app .
        FROM scratch
        COPY --from=build /out/app /app
        ENTRYPOINT ["/app"]
        """,
    ),
    Case(
        "extldflags-static-alone-warns",
        """
        FROM golang:1.22 AS build
        WORKDIR /src
        COPY . .
        RUN go build -ldflags '-extldflags "-static"' -o /out/app .
        FROM scratch
        COPY --from=build /out/app /app
        ENTRYPOINT ["/app"]
        """,
        ((6, "warning"),),
        ('`-extldflags "-static"` alone does not change that',),
    ),
    Case(
        "multi-stage-chain-and-directory-copy-warn",
        """
        FROM golang:1.22 AS build
        WORKDIR /src
        COPY . .
        RUN go build -o /out/bin/server ./cmd/server
        FROM busybox AS bundle
        COPY --from=build /out/bin/ /bundle/bin/
        FROM scratch
        COPY --from=bundle /bundle/ /opt/
        ENTRYPOINT ["/opt/bin/server"]
        """,
        ((8, "warning"),),
        ("/opt/bin/server is built by `go build -o /out/bin/server ./cmd/server` at line 4",),
    ),
    Case(
        "go-install-into-gopath-bin-warns",
        """
        FROM golang:1.21 AS build
        WORKDIR /src
        COPY . .
        RUN go install ./cmd/relay
        FROM scratch
        COPY --from=build /go/bin/relay /relay
        ENTRYPOINT ["/relay"]
        """,
        ((6, "warning"),),
    ),
    Case(
        "binary-not-run-is-silent",
        """
        FROM golang:1.22 AS build
        WORKDIR /src
        COPY . .
        RUN CGO_ENABLED=0 go build -o /out/app . && go build -o /out/debug ./cmd/debug
        FROM scratch
        COPY --from=build /out/app /app
        COPY --from=build /out/debug /debug
        ENTRYPOINT ["/app"]
        """,
    ),
    Case(
        "cross-compilation-for-targetarch-is-silent",
        """
        FROM --platform=$BUILDPLATFORM golang:1.22 AS build
        ARG TARGETARCH
        WORKDIR /src
        COPY . .
        RUN GOARCH=$TARGETARCH go build -o /out/app .
        FROM scratch
        COPY --from=build /out/app /app
        ENTRYPOINT ["/app"]
        """,
    ),
    Case(
        "go-env-w-cgo-off-is-silent",
        """
        FROM golang:1.22 AS build
        RUN go env -w CGO_ENABLED=0
        WORKDIR /src
        COPY . .
        RUN go build -o /out/app .
        FROM scratch
        COPY --from=build /out/app /app
        ENTRYPOINT ["/app"]
        """,
    ),
    Case(
        "shell-form-entrypoint-on-scratch-is-not-followed",
        """
        FROM golang:1.22 AS build
        WORKDIR /src
        COPY . .
        RUN go build -o /out/app .
        FROM scratch
        COPY --from=build /out/app /app
        ENTRYPOINT /app
        """,
    ),
)
