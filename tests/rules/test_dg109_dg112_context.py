"""DG109 go-toolchain-behind-go-mod and DG112 go-sum-not-copied, with real build contexts.

Both rules read go.mod (and DG112 the presence of go.sum) from the build context. Each case is a
Dockerfile whose leading comments declare its context files (``# go.mod in the build context:``
followed by the file's lines under ``#   ``, the convention the rule docs use); the runner
writes them to a temporary directory, which is then the context, as test_context_cases.py does
with hand-written files. The name-only tables (cases_dg109.py, cases_dg112.py) cover the
behaviour without a context.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from dockerlint_go.api import lint_paths, lint_text
from dockerlint_go.contexts import ContextReader
from dockerlint_go.rules import dg109_go_toolchain_behind_go_mod, dg112_go_sum_not_copied
from dockerlint_go.rules._rule import Rule
from tests.rules._cases import Case, context_files

DG109 = dg109_go_toolchain_behind_go_mod.RULE
DG112 = dg112_go_sum_not_copied.RULE


def _lint(rule: Rule, case: Case, root: Path) -> list[tuple[int, str, str, str | None]]:
    text = case.text
    files = context_files(text)
    assert files, f"{case.id}: no context files declared"
    for name, content in {**files, "main.go": "package main\n", "Dockerfile": text}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    context = ContextReader().view(str(root), str(root / "Dockerfile"))
    result = lint_text(text, "Dockerfile", rules=[rule], context=context)
    return [(f.span.line, f.severity.value, f.message, f.fix) for f in result.findings]


DG109_CASES = (
    Case(
        "local-toolchain-go-line-newer",
        """
        # go.mod in the build context:
        #   module example.com/app
        #
        #   go 1.23.4
        FROM golang:1.22
        WORKDIR /src
        COPY go.mod ./
        RUN go mod download
        COPY . .
        RUN go build -o /out/app .
        """,
        ((5, "error"),),
        ("go.mod line 3 says `go 1.23.4`", "GOTOOLCHAIN=local", "line 8"),
    ),
    Case(
        "same-release-is-silent",
        """
        # go.mod in the build context:
        #   module example.com/app
        #
        #   go 1.22.5
        FROM golang:1.22
        WORKDIR /src
        COPY . .
        RUN go build -o /out/app .
        """,
    ),
    Case(
        "local-toolchain-ignores-toolchain-line",
        """
        # go.mod in the build context:
        #   module example.com/app
        #
        #   go 1.22.0
        #
        #   toolchain go1.23.4
        FROM golang:1.22
        WORKDIR /src
        COPY . .
        RUN go build -o /out/app .
        """,
    ),
    Case(
        "auto-toolchain-line-downloads",
        """
        # go.mod in the build context:
        #   module example.com/app
        #
        #   go 1.22.0
        #
        #   toolchain go1.23.4
        FROM golang:1.22-alpine
        ENV GOTOOLCHAIN=auto
        WORKDIR /src
        COPY . .
        RUN go build -o /out/app .
        """,
        ((7, "warning"),),
        ("`toolchain go1.23.4`", "GOTOOLCHAIN=auto (line 8)", "golang:1.23.4-alpine"),
    ),
    Case(
        "auto-without-network-fails",
        """
        # go.mod in the build context:
        #   module example.com/app
        #
        #   go 1.23.4
        FROM golang:1.22
        WORKDIR /src
        COPY . .
        RUN --network=none GOTOOLCHAIN=auto go build -o /out/app .
        """,
        ((5, "error"),),
        ("--network=none",),
    ),
    Case(
        "auto-with-goproxy-off-fails",
        """
        # go.mod in the build context:
        #   module example.com/app
        #
        #   go 1.23
        FROM golang:1.22
        ENV GOTOOLCHAIN=auto GOPROXY=off
        WORKDIR /src
        COPY . .
        RUN go build -o /out/app .
        """,
        ((5, "error"),),
        ("GOPROXY=off",),
    ),
    Case(
        "arg-expanded-old-go-three-part-line",
        """
        # go.mod in the build context:
        #   module example.com/app
        #
        #   go 1.21.0
        ARG GO_VERSION=1.20
        FROM golang:${GO_VERSION}
        WORKDIR /src
        COPY . .
        RUN go build -o /out/app .
        """,
        ((6, "error"),),
        ("invalid go version '1.21.0'", "golang:1.20"),
    ),
    Case(
        "old-go-toolchain-line",
        """
        # go.mod in the build context:
        #   module example.com/app
        #
        #   go 1.19
        #
        #   toolchain go1.21.5
        FROM golang:1.20
        WORKDIR /src
        COPY . .
        RUN go build -o /out/app .
        """,
        ((7, "error"),),
        ("unknown directive: toolchain",),
    ),
    Case(
        "old-go-two-part-line-is-advice",
        """
        # go.mod in the build context:
        #   module example.com/app
        #
        #   go 1.20
        FROM golang:1.19-bullseye
        WORKDIR /src
        COPY . .
        RUN ["go", "build", "-o", "/out/app", "."]
        """,
        ((5, "warning"),),
        ("an older Go than it requires", "golang:1.20-bullseye"),
    ),
    Case(
        "multi-stage-reports-the-build-stage",
        """
        # go.mod in the build context:
        #   module example.com/app
        #
        #   go 1.23
        FROM golang:1.23 AS tools
        RUN go install golang.org/x/tools/cmd/stringer@v0.20.0

        FROM golang:1.22 AS build
        WORKDIR /src
        COPY . .
        RUN <<EOF
        go generate ./...
        go build -o /out/app .
        EOF

        FROM gcr.io/distroless/static
        COPY --from=build /out/app /app
        """,
        ((8, "error"),),
        ("golang:1.22",),
    ),
    Case(
        "floating-tag-is-silent",
        """
        # go.mod in the build context:
        #   module example.com/app
        #
        #   go 1.23.4
        FROM golang:latest
        WORKDIR /src
        COPY . .
        RUN go build -o /out/app .
        """,
    ),
    Case(
        "tool-install-ignores-the-module",
        """
        # go.mod in the build context:
        #   module example.com/app
        #
        #   go 1.23.4
        FROM golang:1.22
        WORKDIR /src
        COPY . .
        RUN go install golang.org/x/tools/cmd/stringer@v0.20.0
        """,
    ),
)

_REQUIRE = """\
# go.mod in the build context:
#   module example.com/app
#
#   go 1.22
#
#   require github.com/google/uuid v1.6.0
# go.sum in the build context:
#   github.com/google/uuid v1.6.0 h1:x
"""

DG112_CASES = (
    Case(
        "go-sum-in-context-and-requirements",
        _REQUIRE
        + """
FROM golang:1.22
WORKDIR /src
COPY go.mod ./
RUN go mod download
COPY . .
RUN go build -o /out/app .
""",
        ((12, "warning"),),
        ("the build context has go.sum", "go.mod requires 1 module (from line 5)", "line 13"),
    ),
    Case(
        "go-sum-never-brought",
        _REQUIRE
        + """
FROM golang:1.22
WORKDIR /src
COPY go.mod ./
RUN go mod download
COPY main.go ./
RUN go build -o /out/app .
""",
        ((12, "warning"),),
        ("missing go.sum entry",),
    ),
    Case(
        "copied-together",
        _REQUIRE
        + """
FROM golang:1.22
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
""",
    ),
    Case(
        "whole-tree",
        _REQUIRE
        + """
FROM golang:1.22
WORKDIR /src
COPY . .
RUN go mod download
""",
    ),
    Case(
        "no-requirements",
        """
        # go.mod in the build context:
        #   module example.com/app
        #
        #   go 1.22
        # go.sum in the build context:
        #   stale line
        FROM golang:1.22
        WORKDIR /src
        COPY go.mod ./
        RUN go mod download
        COPY . .
        """,
    ),
    Case(
        "no-go-sum-in-context",
        """
        # go.mod in the build context:
        #   module example.com/app
        #
        #   go 1.22
        #
        #   require github.com/google/uuid v1.6.0
        FROM golang:1.22
        WORKDIR /src
        COPY go.mod ./
        RUN go mod download
        COPY . .
        """,
    ),
    Case(
        "go-sum-ignored-by-dockerignore",
        _REQUIRE
        + """# .dockerignore in the build context:
#   go.sum
FROM golang:1.22
WORKDIR /src
COPY go.mod ./
RUN go mod download
COPY . .
""",
    ),
    Case(
        "module-in-a-subdirectory",
        """
        # api/go.mod in the build context:
        #   module example.com/api
        #
        #   go 1.22
        #
        #   require github.com/google/uuid v1.6.0
        # api/go.sum in the build context:
        #   github.com/google/uuid v1.6.0 h1:x
        FROM golang:1.22 AS build
        WORKDIR /src
        COPY api/go.mod ./
        RUN ["go", "mod", "download"]
        COPY api/ ./

        FROM scratch
        COPY --from=build /src /src
        """,
        ((11, "warning"),),
        ("api/go.sum", "COPY api/go.mod api/go.sum ./"),
    ),
)


@pytest.mark.parametrize("case", DG109_CASES, ids=lambda c: c.id)
def test_dg109_with_context(case: Case, tmp_path: Path) -> None:
    found = _lint(DG109, case, tmp_path)
    assert sorted(f[:2] for f in found) == sorted(case.expect), found
    for fragment in case.message_has:
        assert fragment in found[0][2] + " " + (found[0][3] or ""), found


@pytest.mark.parametrize("case", DG112_CASES, ids=lambda c: c.id)
def test_dg112_with_context(case: Case, tmp_path: Path) -> None:
    found = _lint(DG112, case, tmp_path)
    assert sorted(f[:2] for f in found) == sorted(case.expect), found
    for fragment in case.message_has:
        assert fragment in found[0][2] + " " + (found[0][3] or ""), found


def test_every_finding_has_a_fix(tmp_path: Path) -> None:
    for number, (rule, case) in enumerate(
        [(DG109, c) for c in DG109_CASES] + [(DG112, c) for c in DG112_CASES]
    ):
        for finding in _lint(rule, case, tmp_path / str(number)):
            assert finding[3], f"{case.id}: no fix"


def test_context_detected_from_the_dockerfile_location(tmp_path: Path) -> None:
    """Through the file API, the context is found as a user's ``docker build`` would get it."""
    files = {
        "go.mod": "module example.com/app\n\ngo 1.23.4\n",
        "go.sum": "x\n",
        "main.go": "package main\n",
        "Dockerfile": "FROM golang:1.22\nWORKDIR /src\nCOPY go.mod ./\nRUN go build .\n",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(textwrap.dedent(text), encoding="utf-8")
    result = lint_paths(["Dockerfile"], cwd=tmp_path, rules=[DG109, DG112])
    assert [(f.code, f.span.line, f.severity.value) for f in result.findings] == [
        ("DG109", 1, "error")
    ]
