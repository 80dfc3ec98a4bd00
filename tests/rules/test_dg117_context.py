"""DG117 secret-in-build with real build contexts, and what its messages must never show.

``COPY . .`` brings whatever the context sends: with a readable context the rule reports a
``.netrc``, ``.git-credentials`` or ``.ssh`` at the context's top level that no ``.dockerignore``
pattern keeps out. Each case declares its context files in leading comments (``# .netrc in the
build context:`` and the file's lines under ``#   ``), as the rule docs do; the runner writes
them to a temporary directory, which is then the context. The name-only table is
cases_dg117.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dockerlint_go.api import lint_text
from dockerlint_go.contexts import ContextReader
from dockerlint_go.rules import dg117_secret_in_build
from tests.rules._cases import Case, context_files

DG117 = dg117_secret_in_build.RULE


def _lint(case: Case, root: Path) -> list[tuple[int, str, str, str | None]]:
    text = case.text
    files = context_files(text)
    assert files, f"{case.id}: no context files declared"
    for name, content in {**files, "main.go": "package main\n", "Dockerfile": text}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    context = ContextReader().view(str(root), str(root / "Dockerfile"))
    result = lint_text(text, "Dockerfile", rules=[DG117], context=context)
    return [(f.span.line, f.severity.value, f.message, f.fix) for f in result.findings]


CASES = (
    Case(
        "copy-all-brings-the-netrc",
        """
        # .netrc in the build context:
        #   machine github.com login x-access-token password abc
        FROM golang:1.22
        WORKDIR /src
        COPY . .
        RUN go build -o /out/app .
        """,
        ((5, "error"),),
        (".netrc from the build context (a netrc file) to /src/.netrc",),
    ),
    Case(
        "copy-all-into-a-builder-brings-the-ssh-directory",
        """
        # .ssh/id_ed25519 in the build context:
        #   -----BEGIN OPENSSH PRIVATE KEY-----
        FROM golang:1.22 AS build
        WORKDIR /src
        COPY . .
        RUN go build -o /out/app .
        FROM scratch
        COPY --from=build /out/app /app
        """,
        ((5, "warning"),),
        (".ssh from the build context (an SSH directory)", "not built from stage 'build'"),
    ),
    Case(
        "dockerignore-keeps-the-netrc-out",
        """
        # .netrc in the build context:
        #   machine github.com login x-access-token password abc
        # .dockerignore in the build context:
        #   .netrc
        FROM golang:1.22
        WORKDIR /src
        COPY . .
        RUN go build -o /out/app .
        """,
    ),
    Case(
        "a-netrc-below-the-top-is-test-data",
        """
        # internal/auth/testdata/.netrc in the build context:
        #   machine example.com login test password test
        FROM golang:1.22
        WORKDIR /src
        COPY . .
        RUN go test ./...
        """,
    ),
)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_dg117_with_context(case: Case, tmp_path: Path) -> None:
    found = _lint(case, tmp_path)
    assert [(line, severity) for line, severity, _, _ in found] == list(case.expect)
    for fragment in case.message_has:
        assert fragment in found[0][2], found[0][2]


# Literal credentials in the Dockerfile: the finding names where they are, never what they are.
LITERALS = (
    (
        """
        FROM golang:1.22
        ARG GOPROXY=https://ci:hunter2-literal@proxy.corp.example
        RUN go mod download
        """,
        "hunter2-literal",
    ),
    (
        """
        FROM golang:1.22
        ENV GOPROXY="https://ci:Zq8-literal@proxy.corp.example|https://proxy.golang.org"
        """,
        "Zq8-literal",
    ),
    (
        """
        FROM golang:1.22
        RUN git config --global \\
              url."https://ghp_0123456789abcdefghijklmnopqrstuvwxyz@github.com/".insteadOf \\
              https://github.com/
        """,
        "ghp_0123456789abcdefghijklmnopqrstuvwxyz",
    ),
    (
        """
        FROM golang:1.22
        RUN git config --global http.https://github.com/.extraheader \\
              "AUTHORIZATION: basic c2VjcmV0LWxpdGVyYWw="
        """,
        "c2VjcmV0LWxpdGVyYWw=",
    ),
)


@pytest.mark.parametrize(("dockerfile", "secret"), LITERALS)
def test_literal_credentials_are_masked(dockerfile: str, secret: str) -> None:
    text = Case("literal", dockerfile).text
    result = lint_text(text, "Dockerfile", rules=[DG117])
    assert [f.severity.value for f in result.findings] == ["error"]
    finding = result.findings[0]
    assert "****" in finding.message
    assert secret not in finding.message
    assert secret not in (finding.fix or "")
