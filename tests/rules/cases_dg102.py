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

# The false-positive classes of real files: where the trap cannot happen, the rule is silent;
# next to each, the variant where it can.
CASES = (
    *CASES,
    # 1. GOPATH mode
    Case(
        "gopath-mode-env-off",
        """
        FROM golang:1.22
        ENV GO111MODULE=off
        WORKDIR /go/src/example.com/app
        COPY . .
        RUN go build -o /out/app .
        """,
    ),
    Case(
        "gopath-mode-arg-expanded",
        """
        FROM golang:1.22
        ARG MODULES=off
        ENV GO111MODULE=${MODULES}
        WORKDIR /go/src/example.com/app
        COPY . .
        RUN go build -o /out/app .
        """,
    ),
    Case(
        "gopath-mode-arg-alone-reaches-run",
        """
        FROM golang:1.22
        ARG GO111MODULE=off
        WORKDIR /go/src/example.com/app
        COPY . .
        RUN go build -o /out/app .
        """,
    ),
    Case(
        "gopath-mode-inline-prefix",
        """
        FROM golang:1.22
        WORKDIR /go/src/example.com/app
        COPY . .
        RUN GO111MODULE=off go build -o /out/app .
        """,
    ),
    Case(
        "gopath-mode-export",
        """
        FROM golang:1.22
        WORKDIR /go/src/example.com/app
        COPY . .
        RUN export GO111MODULE=off && go get -d ./... && go build -o /out/app .
        """,
    ),
    Case(
        "go-older-than-modules",
        """
        FROM golang:1.10
        WORKDIR /go/src/example.com/app
        COPY . .
        RUN go get -d ./... && go build -o /out/app .
        """,
    ),
    Case(
        "go-1-12-auto-inside-gopath-src",
        """
        FROM golang:1.12-alpine
        WORKDIR /go/src/example.com/app
        COPY . .
        RUN go build -o /out/app .
        """,
    ),
    Case(
        "go-1-12-outside-gopath-src-is-module-mode",
        """
        FROM golang:1.12-alpine
        WORKDIR /src
        COPY . .
        RUN go build -o /out/app .
        """,
        ((3, "warning"),),
    ),
    Case(
        "go-1-12-module-mode-on-inside-gopath-src",
        """
        FROM golang:1.12
        ENV GO111MODULE=on
        WORKDIR /go/src/example.com/app
        COPY . .
        RUN go build -o /out/app .
        """,
        ((4, "warning"),),
    ),
    Case(
        "gopath-mode-off-then-on-in-the-build-stage",
        """
        FROM golang:1.22 AS tools
        ENV GO111MODULE=off
        RUN go get github.com/example/legacy-tool

        FROM golang:1.22 AS build
        WORKDIR /src
        COPY . .
        RUN go build -o /out/app .
        """,
        ((7, "warning"),),
    ),
    # 2. No go.mod in the image
    Case(
        "single-source-file-no-go-mod",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY main.go .
        RUN go build -o /out/app main.go
        """,
    ),
    Case(
        "go-files-glob-no-go-mod",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY *.go ./
        RUN go build -o /out/app .
        """,
    ),
    Case(
        "go-mod-init-after-sources",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY main.go .
        RUN go mod init example.com/app && go mod tidy && go build -o /out/app .
        """,
    ),
    Case(
        "single-file-then-go-mod-named",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY main.go go.mod go.sum ./
        RUN go build -o /out/app .
        """,
        ((3, "warning"),),
        ("'main.go'",),
    ),
    # 3. Tool installs are not the main module
    Case(
        "tool-install-after-copy-alone",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY . .
        RUN go install github.com/golangci/golangci-lint/cmd/golangci-lint@v1.59.1
        RUN golangci-lint run ./...
        """,
    ),
    Case(
        "go-run-versioned-tool-alone",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY api/ ./api/
        RUN go run github.com/deepmap/oapi-codegen/v2/cmd/oapi-codegen@v2.1.0 -config api/cfg.yaml
        """,
    ),
    Case(
        "tool-install-then-build-judges-the-build",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY . .
        RUN go install golang.org/x/tools/cmd/stringer@v0.21.0
        RUN go build -o /out/app ./...
        """,
        ((3, "warning"),),
        ("go build",),
    ),
    Case(
        "go-get-in-gopath-mode",
        """
        FROM golang:1.15
        ENV GO111MODULE=off
        WORKDIR /go/src/app
        COPY . .
        RUN go get github.com/example/tool
        """,
    ),
    # 4. Sources that do not come from the context
    Case(
        "git-clone-then-version-file",
        """
        FROM golang:1.22
        WORKDIR /build
        RUN git clone --depth 1 https://github.com/example/service.git
        COPY .git/refs/heads/main /version
        WORKDIR /build/service
        RUN go mod download && go build -o /out/service .
        """,
    ),
    Case(
        "add-archive-url",
        """
        FROM golang:1.22
        WORKDIR /src
        ADD https://example.com/releases/service-1.4.0.tar.gz /tmp/
        RUN tar -xzf /tmp/service-1.4.0.tar.gz --strip-components=1
        COPY config.yaml /etc/service/config.yaml
        RUN go build -o /out/service .
        """,
    ),
    Case(
        "curl-pipe-tar",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY build-info.txt /meta/
        RUN curl -fsSL https://example.com/src.tar.gz | tar -xz -C /src
        RUN go build -o /out/app .
        """,
    ),
    Case(
        "copy-outside-module-tree",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY go.mod go.sum ./
        COPY scripts/entrypoint.sh /usr/local/bin/
        RUN go mod download
        """,
    ),
    Case(
        "copy-into-module-subdirectory",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY go.mod go.sum ./
        COPY internal/ ./internal/
        RUN go mod download
        """,
        ((4, "warning"),),
    ),
    Case(
        "go-mod-from-another-stage",
        """
        FROM alpine/git AS src
        RUN git clone https://github.com/example/service.git /service

        FROM golang:1.22
        COPY --from=src /service /src
        WORKDIR /src
        COPY VERSION /src/VERSION
        RUN go build -o /out/service .
        """,
    ),
)

CASES = (
    *CASES,
    Case(
        "gopath-mode-export-in-heredoc",
        """
        FROM golang:1.22
        WORKDIR /go/src/example.com/app
        COPY . .
        RUN <<EOF
        export GO111MODULE=off
        go build -o /out/app .
        EOF
        """,
    ),
    Case(
        "gopath-mode-env-exec-form",
        """
        FROM golang:1.22
        ENV GO111MODULE=off
        WORKDIR /go/src/example.com/app
        COPY . .
        RUN ["go", "build", "-o", "/out/app", "."]
        """,
    ),
    Case(
        "module-mode-exec-form",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY . .
        RUN ["go", "build", "-o", "/out/app", "."]
        """,
        ((3, "warning"),),
    ),
)
