"""DG116 module-proxy-bypassed with real build contexts.

Whether `GOPROXY=off` leaves a build without modules depends on the go.mod's requirements and on
a vendor directory, both read from the build context. Each case is a Dockerfile whose leading
comments declare its context files (``# go.mod in the build context:`` followed by the file's
lines under ``#   ``), written to a temporary directory that is then the context. The name-only
table (cases_dg116.py) covers the behaviour without a context.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dockerlint_go.api import lint_text
from dockerlint_go.contexts import ContextReader
from dockerlint_go.rules import dg116_module_proxy_bypassed
from tests.rules._cases import Case, context_files

DG116 = dg116_module_proxy_bypassed.RULE


def _lint(case: Case, root: Path) -> list[tuple[int, str, str, str | None]]:
    text = case.text
    files = context_files(text)
    assert files, f"{case.id}: no context files declared"
    for name, content in {**files, "main.go": "package main\n", "Dockerfile": text}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    context = ContextReader().view(str(root), str(root / "Dockerfile"))
    result = lint_text(text, "Dockerfile", rules=[DG116], context=context)
    return [(f.span.line, f.severity.value, f.message, f.fix) for f in result.findings]


CASES = (
    Case(
        "off-with-requirements",
        """
        # go.mod in the build context:
        #   module example.com/app
        #
        #   go 1.22
        #
        #   require github.com/google/uuid v1.6.0
        FROM golang:1.22
        ENV GOPROXY=off
        WORKDIR /src
        COPY go.mod ./
        RUN go mod download
        """,
        ((8, "error"),),
        (
            "ENV at line 8 sets GOPROXY=off",
            "go.mod requires 1 module (line 5)",
            "module lookup disabled by GOPROXY=off",
            "go mod download",
        ),
    ),
    Case(
        "off-without-requirements",
        """
        # go.mod in the build context:
        #   module example.com/app
        #
        #   go 1.22
        FROM golang:1.22
        ENV GOPROXY=off
        WORKDIR /src
        COPY . .
        RUN go build -o /out/app .
        """,
    ),
    Case(
        "off-vendored-by-default",
        """
        # go.mod in the build context:
        #   module example.com/app
        #
        #   go 1.22
        #
        #   require github.com/google/uuid v1.6.0
        # vendor/modules.txt in the build context:
        #   # github.com/google/uuid v1.6.0
        #   ## explicit
        #   github.com/google/uuid
        FROM golang:1.22
        ENV GOPROXY=off
        WORKDIR /src
        COPY . .
        RUN go build -o /out/app .
        """,
    ),
    Case(
        "off-vendor-ignored-before-go-1-14-line",
        """
        # go.mod in the build context:
        #   module example.com/app
        #
        #   go 1.13
        #
        #   require github.com/google/uuid v1.6.0
        # vendor/modules.txt in the build context:
        #   # github.com/google/uuid v1.6.0
        #   github.com/google/uuid
        FROM golang:1.22
        ENV GOPROXY=off
        WORKDIR /src
        COPY . .
        RUN go build -o /out/app .
        """,
        ((11, "error"),),
        ("go.mod requires 1 module",),
    ),
    Case(
        "off-mod-tidy-needs-modules-despite-vendor",
        """
        # go.mod in the build context:
        #   module example.com/app
        #
        #   go 1.22
        #
        #   require github.com/google/uuid v1.6.0
        # vendor/modules.txt in the build context:
        #   # github.com/google/uuid v1.6.0
        #   ## explicit
        #   github.com/google/uuid
        FROM golang:1.22
        WORKDIR /src
        COPY . .
        RUN GOPROXY=off go mod tidy
        """,
        ((14, "error"),),
        ("RUN at line 14 sets GOPROXY=off",),
    ),
    Case(
        "direct-without-requirements",
        """
        # go.mod in the build context:
        #   module example.com/app
        #
        #   go 1.22
        FROM golang:1.22
        ENV GOPROXY=direct
        WORKDIR /src
        COPY . .
        RUN go build -o /out/app .
        """,
    ),
    Case(
        "direct-with-requirements",
        """
        # go.mod in the build context:
        #   module example.com/app
        #
        #   go 1.22
        #
        #   require github.com/google/uuid v1.6.0
        FROM golang:1.22
        ENV GOPROXY=direct
        WORKDIR /src
        COPY . .
        RUN go build -o /out/app .
        """,
        ((8, "warning"),),
        ("ENV at line 8 sets GOPROXY=direct",),
    ),
    Case(
        "off-subdirectory-module",
        """
        # svc/go.mod in the build context:
        #   module example.com/svc
        #
        #   go 1.22
        #
        #   require github.com/google/uuid v1.6.0
        #   require golang.org/x/sync v0.7.0
        FROM golang:1.22
        WORKDIR /src
        COPY . .
        RUN cd svc && GOPROXY=off go build -o /out/svc .
        """,
        ((11, "error"),),
        ("svc/go.mod requires 2 modules",),
    ),
)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_dg116_with_context(case: Case, tmp_path: Path) -> None:
    found = _lint(case, tmp_path)
    assert sorted(f[:2] for f in found) == sorted(case.expect), found
    for fragment in case.message_has:
        assert fragment in found[0][2] + " " + (found[0][3] or ""), found


def test_every_finding_has_a_fix(tmp_path: Path) -> None:
    for number, case in enumerate(CASES):
        for finding in _lint(case, tmp_path / str(number)):
            assert finding[3], f"{case.id}: no fix"
