"""DG114 gopath-mode: GO111MODULE=off is reported where it is set (ENV, ARG default, RUN prefix
or export); GOPATH mode chosen by the Go release (1.11/1.12 inside $GOPATH/src, older than
1.11) at the first go command of the stage. Cases with a build context (a go.mod found there,
or none at all) are in test_dg114_dg119_context.py."""

from __future__ import annotations

from tests.rules._cases import Case

CASES = (
    Case(
        "env-off-with-named-go-mod",
        """
        FROM golang:1.15
        ENV GO111MODULE=off
        WORKDIR /go/src/example.com/app
        COPY go.mod go.sum ./
        COPY . .
        RUN go build -o /out/app .
        """,
        ((2, "warning"),),
        (
            "ENV at line 2 sets GO111MODULE=off, so `go build -o /out/app .` at line 6",
            "ignores /go/src/example.com/app/go.mod (copied at line 4)",
        ),
    ),
    Case(
        "env-off-go-get-fetches-newest",
        """
        FROM golang:1.19
        ENV GO111MODULE=off
        WORKDIR /src
        COPY go.mod go.sum ./
        RUN go get -d ./...
        RUN go build -o /out/app .
        """,
        ((2, "warning"),),
        ("fetches the newest revision of every import", "also reaches the go command at line 6"),
    ),
    Case(
        "env-off-go-get-on-go-1-22-fails",
        """
        FROM golang:1.22
        ENV GO111MODULE=off
        WORKDIR /src
        COPY go.mod go.sum ./
        RUN go get -d ./... && go build -o /out/app .
        """,
        ((2, "error"),),
        ("which Go 1.22 refuses", "the step fails"),
    ),
    Case(
        "env-off-go-mod-download-fails",
        """
        FROM golang:1.21
        ENV GO111MODULE=off
        WORKDIR /src
        COPY go.mod go.sum ./
        RUN go mod download
        """,
        ((2, "error"),),
        ("`go mod download` at line 5 fails", "modules disabled by GO111MODULE=off"),
    ),
    Case(
        "env-off-versioned-install-fails",
        """
        FROM golang:1.20
        ENV GO111MODULE=off
        RUN go install golang.org/x/tools/cmd/stringer@v0.20.0
        """,
        ((2, "error"),),
        ("cannot use path@version syntax in GOPATH mode",),
    ),
    Case(
        "run-prefix-off",
        """
        FROM golang:1.20
        WORKDIR /src
        COPY go.mod go.sum ./
        COPY . .
        RUN CGO_ENABLED=0 GO111MODULE=off go build -o /out/app .
        """,
        ((5, "warning"),),
        ("the `GO111MODULE=off` prefix at line 5", "ignores /src/go.mod (copied at line 3)"),
    ),
    Case(
        "export-off-in-run",
        """
        FROM golang:1.20
        WORKDIR /src
        COPY go.mod ./
        RUN export GO111MODULE=off \\
         && go vet ./... \\
         && go build -o /out/app .
        """,
        ((4, "warning"),),
        ("`export GO111MODULE=off` in the RUN at line 4", "`go vet ./...` at line 5"),
    ),
    Case(
        "heredoc-export",
        """
        FROM golang:1.20
        WORKDIR /src
        COPY go.mod ./
        RUN <<EOF
        export GO111MODULE=off
        go build -o /out/app .
        EOF
        """,
        ((4, "warning"),),
        ("`export GO111MODULE=off` in the RUN at line 4", "at line 6"),
    ),
    Case(
        "arg-default",
        """
        FROM golang:1.20
        ARG GO111MODULE=off
        WORKDIR /src
        COPY go.mod ./
        RUN go build -o /out/app .
        """,
        ((2, "warning"),),
        ("ARG at line 2 gives GO111MODULE the value off",),
    ),
    Case(
        "global-arg-default",
        """
        ARG GO111MODULE=off
        FROM golang:1.20
        ARG GO111MODULE
        WORKDIR /src
        COPY go.mod ./
        RUN go build -o /out/app .
        """,
        ((1, "warning"),),
        ("ARG at line 1 gives GO111MODULE the value off",),
    ),
    Case(
        "arg-expanded-into-env",
        """
        FROM golang:1.20
        ARG MODULES=off
        ENV GO111MODULE=$MODULES
        WORKDIR /src
        COPY go.mod ./
        RUN go build -o /out/app .
        """,
        ((3, "warning"),),
        ("ENV at line 3 sets GO111MODULE=off (from `$MODULES`)",),
    ),
    Case(
        "global-arg-not-redeclared-is-empty",
        """
        ARG MODULES=off
        FROM golang:1.20
        ENV GO111MODULE=$MODULES
        WORKDIR /src
        COPY go.mod ./
        RUN go build -o /out/app .
        """,
    ),
    Case(
        "on-prefix-overrides-env",
        """
        FROM golang:1.20
        ENV GO111MODULE=off
        WORKDIR /src
        COPY go.mod ./
        RUN GO111MODULE=on go build -o /out/app .
        """,
    ),
    Case(
        "module-mode-by-default",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY go.mod go.sum ./
        RUN go mod download
        COPY . .
        RUN go build -o /out/app .
        """,
    ),
    Case(
        "go-version-only",
        """
        FROM golang:1.20
        ENV GO111MODULE=off
        RUN go version && go env GOPATH
        """,
    ),
    Case(
        "go-1-12-unset-inside-gopath-src",
        """
        FROM golang:1.12
        WORKDIR /go/src/example.com/app
        COPY go.mod go.sum ./
        RUN go get -d -v ./...
        COPY . .
        RUN go install -v ./...
        """,
        ((4, "warning"),),
        (
            "Go 1.12 with GO111MODULE unset uses GOPATH mode inside /go/src",
            "as does the go command at line 6",
        ),
    ),
    Case(
        "go-1-12-auto-inside-gopath-src",
        """
        FROM golang:1.11-alpine
        ENV GO111MODULE=auto
        WORKDIR /go/src/app
        COPY go.mod ./
        RUN go build -o /out/app .
        """,
        ((5, "warning"),),
        ("Go 1.11 with GO111MODULE=auto uses GOPATH mode inside /go/src",),
    ),
    Case(
        "go-1-12-outside-gopath-src",
        """
        FROM golang:1.12
        WORKDIR /src
        COPY go.mod go.sum ./
        RUN go build -o /out/app .
        """,
    ),
    Case(
        "go-1-13-inside-gopath-src-uses-go-mod",
        """
        FROM golang:1.13
        WORKDIR /go/src/example.com/app
        COPY go.mod go.sum ./
        RUN go build -o /out/app .
        """,
    ),
    Case(
        "go-1-10-predates-modules",
        """
        FROM golang:1.10
        WORKDIR /go/src/example.com/app
        COPY go.mod ./
        RUN go build -o /out/app .
        """,
        ((4, "warning"),),
        ("Go 1.10 predates modules", "ignores /go/src/example.com/app/go.mod"),
    ),
    Case(
        "no-go-mod-gopath-era-tool",
        """
        FROM golang:1.15
        ENV GO111MODULE=off
        RUN go get -u github.com/golang/dep/cmd/dep
        """,
        ((2, "info"),),
        ("no go.mod in sight", "nothing pins the dependencies"),
    ),
    Case(
        "directory-copy-may-bring-go-mod",
        """
        FROM golang:1.15
        ENV GO111MODULE=off
        WORKDIR /go/src/app
        COPY . .
        RUN go build -o /out/app .
        """,
        ((2, "info"),),
        ("a directory of the build context (line 4) may have put a go.mod",),
    ),
    Case(
        "tool-outside-the-module-is-not-judged",
        """
        FROM golang:1.20
        WORKDIR /src
        COPY go.mod go.sum ./
        RUN cd /go && GO111MODULE=off go get github.com/golang/dep/cmd/dep
        RUN go build -o /out/app .
        """,
    ),
    Case(
        "multi-stage-inherited-env",
        """
        FROM golang:1.20 AS base
        ENV GO111MODULE=off
        WORKDIR /src
        COPY go.mod ./

        FROM base AS build
        COPY . .
        RUN go build -o /out/app .

        FROM golang:1.20 AS other
        WORKDIR /src
        COPY go.mod ./
        RUN go build -o /out/other .

        FROM gcr.io/distroless/static
        COPY --from=build /out/app /app
        """,
        ((2, "warning"),),
        ("`go build -o /out/app .` at line 8",),
    ),
    Case(
        "user-switch",
        """
        FROM golang:1.20
        ENV GO111MODULE=off
        RUN useradd -m app
        USER app
        WORKDIR /home/app/src
        COPY --chown=app:app go.mod go.sum ./
        RUN go build -o /tmp/app .
        """,
        ((2, "warning"),),
        ("ignores /home/app/src/go.mod (copied at line 6)",),
    ),
    Case(
        "exec-form-run-and-cmd",
        """
        FROM golang:1.20
        ENV GO111MODULE=off
        WORKDIR /src
        COPY go.mod ./
        RUN ["go", "build", "-o", "/out/app", "."]
        CMD ["go", "run", "."]
        """,
        ((2, "warning"),),
        ("`go build -o /out/app .` at line 5", "reaches the go command at line 6"),
    ),
    Case(
        "unknown-image-off-still-gopath",
        """
        FROM registry.example.com/build/go:stable
        ENV GO111MODULE=off
        WORKDIR /src
        COPY go.mod go.sum ./
        RUN go build -o /out/app .
        """,
        ((2, "warning"),),
        ("ENV at line 2 sets GO111MODULE=off", "ignores /src/go.mod"),
    ),
    Case(
        "unknown-image-unset-is-not-judged",
        """
        FROM registry.example.com/build/go:stable
        WORKDIR /go/src/app
        RUN go get github.com/x/y
        """,
    ),
    Case(
        "auto-without-go-mod",
        """
        FROM golang:1.21
        ENV GO111MODULE=auto
        WORKDIR /src
        COPY main.go ./
        RUN go build -o /out/app main.go
        """,
        ((5, "info"),),
        ("Go 1.21 with GO111MODULE=auto uses GOPATH mode where no go.mod is found",),
    ),
)
