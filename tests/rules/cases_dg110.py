"""DG110 replace-outside-context, by names only.

The rule reads go.mod from the build context: without a context there is no replace to judge,
so every case here is silent. The cases that fire are in test_dg110_dg111_context.py.
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
        "manifests-first-without-context",
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
        "replace-added-by-go-mod-edit",
        """
        FROM golang:1.22
        WORKDIR /src
        COPY . .
        RUN go mod edit -replace example.com/lib=../lib && go build -o /out/app .
        """,
    ),
)
