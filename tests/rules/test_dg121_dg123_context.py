"""DG122 go-run-at-startup and DG123 go-mod-regenerated, with real build contexts.

DG123 reads whether the context has a go.mod where `go mod init` runs (an error when it has: go
stops with `go.mod already exists`), and whether it ships a vendor directory; DG122 reads
go.mod's requirements to tell that a container start must download modules. Each case declares
its context files in leading comments, as in test_dg109_dg112_context.py. The name-only tables
(cases_dg121.py … cases_dg123.py) cover the behaviour without a context.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dockerlint_go.api import lint_text
from dockerlint_go.contexts import ContextReader
from dockerlint_go.rules import dg122_go_run_at_startup, dg123_go_mod_regenerated
from dockerlint_go.rules._rule import Rule
from tests.rules._cases import Case, context_files

DG122 = dg122_go_run_at_startup.RULE
DG123 = dg123_go_mod_regenerated.RULE


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


_GO_MOD = """\
# go.mod in the build context:
#   module example.com/app
#
#   go 1.22
#
#   require github.com/google/uuid v1.6.0
# go.sum in the build context:
#   github.com/google/uuid v1.6.0 h1:x
"""

DG123_CASES = (
    Case(
        "init-on-a-context-with-go-mod",
        _GO_MOD
        + """
FROM golang:1.22
WORKDIR /src
COPY . .
RUN go mod init example.com/app && go build -o /out/app .
""",
        ((13, "error"),),
        ("the COPY at line 12 already put the build context's go.mod", "already exists"),
    ),
    Case(
        "init-in-a-subdirectory-module",
        """
        # api/go.mod in the build context:
        #   module example.com/api
        #
        #   go 1.22
        FROM golang:1.22
        WORKDIR /src
        COPY api/ ./
        RUN ["go", "mod", "init", "example.com/api"]
        """,
        ((8, "error"),),
        ("/src/go.mod already exists",),
    ),
    Case(
        "init-on-a-context-without-go-mod",
        """
        # util/helper.go in the build context:
        #   package util
        FROM golang:1.22
        WORKDIR /src
        COPY . .
        RUN go mod init example.com/app && go mod tidy
        RUN go build -o /out/app .
        """,
        ((6, "warning"),),
        (
            "makes up a module definition for the sources copied at line 5",
            "`go build -o /out/app .` at line 7 builds it",
        ),
    ),
    Case(
        "init-without-go-mod-and-no-build-is-silent",
        """
        # util/helper.go in the build context:
        #   package util
        FROM golang:1.22 AS tidy
        WORKDIR /src
        COPY . .
        RUN go mod init example.com/app && go mod tidy

        FROM scratch
        COPY --from=tidy /src/go.mod /src/go.sum /
        """,
    ),
    Case(
        "init-in-another-directory-than-the-module",
        _GO_MOD
        + """
FROM golang:1.22
WORKDIR /src
COPY go.mod go.sum ./
WORKDIR /tmp/tools
RUN go mod init tools && go get golang.org/x/tools/cmd/stringer@v0.20.0
""",
    ),
    Case(
        "mod-mod-with-a-vendor-directory",
        _GO_MOD
        + """# vendor/modules.txt in the build context:
#   # github.com/google/uuid v1.6.0
#   ## explicit
#   github.com/google/uuid
FROM golang:1.22
WORKDIR /src
COPY . .
RUN go build -mod=mod -o /out/app .
""",
        ((16, "warning"),),
        ("ignores the vendor directory the repository ships",),
    ),
    Case(
        "tidy-with-context",
        _GO_MOD
        + """
FROM golang:1.22
WORKDIR /src
COPY . .
RUN go mod tidy
RUN go build -o /out/app .
""",
        ((13, "warning"),),
        ("/src/go.mod",),
    ),
)

DG122_CASES = (
    Case(
        "modules-never-downloaded-and-cache-unwritable",
        _GO_MOD
        + """
FROM golang:1.22
ENV GOPATH=/opt/go
RUN useradd -m app
USER app
WORKDIR /home/app/src
COPY --chown=app . .
CMD ["go", "run", "."]
""",
        ((16, "error"),),
        ("go.mod requires 1 module", "cannot create the module cache /opt/go/pkg/mod"),
    ),
    Case(
        "modules-downloaded-at-build-time",
        _GO_MOD
        + """
FROM golang:1.22
ENV GOPATH=/opt/go
WORKDIR /src
COPY . .
RUN go mod download
RUN useradd -m app
USER app
CMD ["go", "run", "."]
""",
        ((17, "warning"),),
    ),
    Case(
        "module-without-requirements",
        """
        # go.mod in the build context:
        #   module example.com/app
        #
        #   go 1.22
        FROM golang:1.22
        ENV GOPATH=/opt/go
        RUN useradd -m app
        USER app
        WORKDIR /home/app/src
        COPY --chown=app . .
        CMD ["go", "run", "."]
        """,
        ((11, "warning"),),
    ),
)


@pytest.mark.parametrize("case", DG123_CASES, ids=lambda c: c.id)
def test_dg123_with_context(case: Case, tmp_path: Path) -> None:
    found = _lint(DG123, case, tmp_path)
    assert sorted(f[:2] for f in found) == sorted(case.expect), found
    for fragment in case.message_has:
        assert fragment in found[0][2], found


@pytest.mark.parametrize("case", DG122_CASES, ids=lambda c: c.id)
def test_dg122_with_context(case: Case, tmp_path: Path) -> None:
    found = _lint(DG122, case, tmp_path)
    assert sorted(f[:2] for f in found) == sorted(case.expect), found
    for fragment in case.message_has:
        assert fragment in found[0][2], found


def test_every_finding_has_a_fix(tmp_path: Path) -> None:
    cases = [(DG123, c) for c in DG123_CASES] + [(DG122, c) for c in DG122_CASES]
    for number, (rule, case) in enumerate(cases):
        for finding in _lint(rule, case, tmp_path / str(number)):
            assert finding[3], f"{case.id}: no fix"
