"""DG114 gopath-mode and DG119 go-get-install, with real build contexts.

With a readable context both rules know whether a directory copy brings a go.mod: DG114 then
tells "go.mod is ignored" (warning) from "no go.mod at all" (info), and DG119 tells a `go get`
outside every module (it fails) from one inside a module (it installs nothing). Each case is a
Dockerfile whose leading comments declare its context files (``# go.mod in the build
context:`` and the file's lines under ``#   ``); they are written to a temporary directory,
which is then the context. The name-only tables are cases_dg114.py and cases_dg119.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dockerlint_go.api import lint_text
from dockerlint_go.contexts import ContextReader
from dockerlint_go.rules import dg114_gopath_mode, dg119_go_get_install
from dockerlint_go.rules._rule import Rule
from tests.rules._cases import Case, context_files

DG114 = dg114_gopath_mode.RULE
DG119 = dg119_go_get_install.RULE


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


_GO_MOD = """
        # go.mod in the build context:
        #   module example.com/app
        #
        #   go 1.20
"""

DG114_CASES = (
    Case(
        "directory-copy-brings-go-mod",
        _GO_MOD
        + """
        FROM golang:1.20
        ENV GO111MODULE=off
        WORKDIR /go/src/example.com/app
        COPY . .
        RUN go get -d ./... && go build -o /out/app .
        """,
        ((7, "warning"),),
        (
            "ENV at line 7 sets GO111MODULE=off, so `go get -d ./...` at line 10",
            "ignores /go/src/example.com/app/go.mod (copied at line 9)",
            "Remove GO111MODULE=off from the ENV at line 7: Go 1.20 builds in module mode",
        ),
    ),
    Case(
        "no-go-mod-in-context",
        """
        # Gopkg.toml in the build context:
        #   [[constraint]]
        #     name = "github.com/pkg/errors"
        FROM golang:1.15
        ENV GO111MODULE=off
        WORKDIR /go/src/example.com/app
        COPY . .
        RUN go get -d ./... && go build -o /out/app .
        """,
        ((5, "info"),),
        (
            "no go.mod in sight, so nothing pins the dependencies",
            "Make the project a module (`go mod init <module path>`",
            "remove GO111MODULE=off from the ENV at line 5",
        ),
    ),
    Case(
        "vendored-inside-gopath-src",
        _GO_MOD
        + """
        # vendor/modules.txt in the build context:
        #   # github.com/pkg/errors v0.9.1
        #   ## explicit
        #   github.com/pkg/errors
        FROM golang:1.20
        ENV GO111MODULE=off
        WORKDIR /go/src/example.com/app
        COPY . .
        RUN go build -o /out/app .
        """,
        ((11, "info"),),
        ("vendor/ still supplies the dependencies",),
    ),
    Case(
        "command-outside-the-module",
        _GO_MOD
        + """
        FROM golang:1.20
        WORKDIR /src
        COPY . .
        RUN cd /go && GO111MODULE=off go get github.com/golang/dep/cmd/dep
        RUN go build -o /out/app .
        """,
    ),
    Case(
        "go-1-12-in-gopath-src",
        _GO_MOD
        + """
        FROM golang:1.12
        WORKDIR /go/src/example.com/app
        COPY . .
        RUN go build -o /out/app .
        """,
        ((9, "warning"),),
        (
            "Go 1.12 with GO111MODULE unset uses GOPATH mode inside /go/src",
            "Set `ENV GO111MODULE=on` before the first go command, or build outside $GOPATH/src",
        ),
    ),
    Case(
        "module-mode-is-silent",
        _GO_MOD
        + """
        FROM golang:1.20
        WORKDIR /go/src/example.com/app
        COPY . .
        RUN go build -o /out/app .
        """,
    ),
)

DG119_CASES = (
    Case(
        "inside-module-from-context",
        _GO_MOD
        + """
        FROM golang:1.22
        WORKDIR /src
        COPY . .
        RUN go get github.com/swaggo/swag/cmd/swag && swag init
        """,
        ((9, "error"),),
        (
            "runs inside the module at /src on Go 1.22",
            "`go install github.com/swaggo/swag/cmd/swag@<version>`",
            "it ignores the current module",
        ),
    ),
    Case(
        "context-without-go-mod",
        """
        # tools.txt in the build context:
        #   swag
        FROM golang:1.22
        WORKDIR /src
        COPY . .
        RUN go get github.com/swaggo/swag/cmd/swag
        """,
        ((6, "error"),),
        ("runs outside any module (no go.mod at or above /src)",),
    ),
    Case(
        "dependency-added-in-module",
        _GO_MOD
        + """
        FROM golang:1.22
        WORKDIR /src
        COPY . .
        RUN go get github.com/google/uuid@v1.6.0 && go build -o /out/app .
        """,
    ),
)


@pytest.mark.parametrize("case", DG114_CASES, ids=lambda c: c.id)
def test_dg114_with_context(case: Case, tmp_path: Path) -> None:
    found = _lint(DG114, case, tmp_path)
    assert sorted(f[:2] for f in found) == sorted(case.expect), found
    for fragment in case.message_has:
        assert fragment in found[0][2] + " " + (found[0][3] or ""), found


@pytest.mark.parametrize("case", DG119_CASES, ids=lambda c: c.id)
def test_dg119_with_context(case: Case, tmp_path: Path) -> None:
    found = _lint(DG119, case, tmp_path)
    assert sorted(f[:2] for f in found) == sorted(case.expect), found
    for fragment in case.message_has:
        assert fragment in found[0][2] + " " + (found[0][3] or ""), found


def test_every_finding_has_a_fix(tmp_path: Path) -> None:
    for number, (rule, case) in enumerate(
        [(DG114, c) for c in DG114_CASES] + [(DG119, c) for c in DG119_CASES]
    ):
        for _, _, message, fix in _lint(rule, case, tmp_path / str(number)):
            assert fix and fix.endswith("."), (case.id, message)
