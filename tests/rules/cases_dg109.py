"""DG109 go-toolchain-behind-go-mod without a build context.

The rule compares the image's Go with the go.mod it reads from the build context; with only the
Dockerfile there is no go line to compare, and it stays silent however old the image is. The
cases with a context (positive and negative, on the FROM of the build stage) are in
test_dg109_dg112_context.py.
"""

from __future__ import annotations

from tests.rules._cases import Case

CASES = (
    Case(
        "old-image-without-context",
        """
        FROM golang:1.20
        WORKDIR /src
        COPY go.mod go.sum ./
        RUN go mod download
        COPY . .
        RUN go build -o /out/app .
        """,
    ),
    Case(
        "arg-expanded-without-context",
        """
        ARG GO_VERSION=1.20
        FROM golang:${GO_VERSION}
        WORKDIR /src
        COPY . .
        RUN go build -o /out/app .
        """,
    ),
    Case(
        "auto-and-no-network-without-context",
        """
        FROM golang:1.22
        ENV GOTOOLCHAIN=auto
        WORKDIR /src
        COPY . .
        RUN --network=none go build -o /out/app .
        """,
    ),
    Case(
        "exec-form-and-heredoc-without-context",
        """
        FROM golang:1.19 AS build
        WORKDIR /src
        COPY . .
        RUN ["go", "mod", "download"]
        RUN <<EOF
        go build -o /out/app .
        EOF

        FROM scratch
        COPY --from=build /out/app /app
        """,
    ),
    Case(
        "go-mod-init-in-the-image",
        """
        FROM golang:1.20
        WORKDIR /src
        RUN go mod init example.com/app && go build -o /out/app .
        """,
    ),
)
