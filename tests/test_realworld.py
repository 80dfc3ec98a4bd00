"""The real-world corpus: every finding on it is reviewed and pinned here.

A change in a rule that adds, drops or moves a finding on these files shows up as a diff of
tests/golden/realworld.txt; regenerate it with ``UPDATE_GOLDEN=1`` only after reading the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

from dockerlint_go.api import lint_paths

REPO = Path(__file__).resolve().parent.parent
GOLDEN = REPO / "tests" / "golden" / "realworld.txt"


def _render() -> str:
    result = lint_paths(["fixtures/realworld"], cwd=REPO)
    lines = [
        f"{f.path}:{f.span.line}:{f.span.column} {f.code} {f.severity.value}"
        for f in result.findings
    ]
    return "\n".join(lines) + "\n"


def test_realworld_findings_are_the_reviewed_ones() -> None:
    got = _render()
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_text(got)
    assert got == GOLDEN.read_text()


def test_files_meant_to_be_clean_are_clean() -> None:
    result = lint_paths(["fixtures/realworld"], cwd=REPO)
    flagged = {f.path for f in result.findings}
    for clean in (
        "orders-api/Dockerfile",
        "notifier-scratch/Dockerfile",
        "inventory-service/Dockerfile",
        "gateway-vendored/Dockerfile",
        "metrics-exporter-crlf/Dockerfile",
        "agent-windows/Dockerfile",
        "auth-service/Dockerfile",
        "cgo-sqlite/Dockerfile",
        "search-indexer/Dockerfile.uid",
        "make-build/Dockerfile",
        "hello-single-file/Dockerfile",
        "lint-image/Dockerfile",
        "mirror-clone/Dockerfile",
        "courier-vendored/Dockerfile",
        "statements-owned-cache/Dockerfile",
    ):
        assert f"fixtures/realworld/{clean}" not in flagged
