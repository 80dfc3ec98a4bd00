"""Context detection: wildcard sources are matched the same way with and without the run's
listing cache."""

from __future__ import annotations

from pathlib import Path

import pytest

from dockerlint_go.contexts import ContextReader, detect_context


def _tree(root: Path, files: list[str]) -> None:
    (root / ".git").mkdir()
    for name in files:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x\n")


@pytest.mark.parametrize(
    ("files", "sources", "expected"),
    [
        # go.* is at the repository root, not beside the Dockerfile.
        (["go.mod", "go.sum", "svc/Dockerfile"], ("go.*",), "."),
        (["svc/go.mod", "svc/Dockerfile"], ("go.*",), "svc"),
        # ``*`` matches a leading dot, as Go's filepath.Match does.
        ([".env.prod", "svc/Dockerfile"], ("*.prod",), "."),
        (["svc/Dockerfile"], ("go.[ms]*",), None),
        (["cmd/api/main.go", "svc/Dockerfile"], ("cmd/*/main.go",), "."),
        (["go.mod", "svc/Dockerfile"], ("go.mod", "*.go"), None),
    ],
)
def test_wildcard_sources(
    tmp_path: Path, files: list[str], sources: tuple[str, ...], expected: str | None
) -> None:
    _tree(tmp_path, files)
    start = str(tmp_path / "svc")
    want = None if expected is None else str((tmp_path / expected).resolve())
    reader = ContextReader()
    assert detect_context(start, (sources, False)) == want
    assert detect_context(start, (sources, False), reader) == want
    # A second file of the same run reuses the listings and gets the same answer.
    assert detect_context(start, (sources, False), reader) == want


def test_the_reader_lists_a_directory_once(tmp_path: Path) -> None:
    reader = ContextReader()
    (tmp_path / "a").write_text("")
    assert reader.names(str(tmp_path)) == ("a",)
    (tmp_path / "b").write_text("")
    assert reader.names(str(tmp_path)) == ("a",)  # cached for the run
    assert reader.names(str(tmp_path / "missing")) == ()
