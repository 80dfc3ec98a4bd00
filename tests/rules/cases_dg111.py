"""DG111 dockerignore-drops-go-input, by names only.

The rule reads the ignore file of the build context: without a context nothing is known to be
ignored, so every case here is silent. The cases that fire are in test_dg110_dg111_context.py.
"""

from __future__ import annotations

from tests.rules._cases import Case

CASES = (
    Case(
        "copy-all-without-context",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY . .
        RUN go build -o /out/app .
        """,
    ),
    Case(
        "named-go-sum-without-context",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY go.mod go.sum ./
        RUN go mod download
        """,
    ),
    Case(
        "vendored-without-context",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY . .
        RUN go build -mod=vendor -o /out/app .
        """,
    ),
)
