"""The CLI's --context option and the detected context, end to end in a real process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

GO_MOD = "module example.com/shop\n\ngo 1.22\n"
DOCKERFILE = "FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go mod download\n"


def _run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dockerlint_go", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _project(root: Path) -> None:
    (root / "app").mkdir()
    (root / "app" / "go.mod").write_text(GO_MOD)
    (root / "app" / "main.go").write_text("package main\n\nfunc main() {}\n")
    (root / "deploy").mkdir()
    (root / "deploy" / "Dockerfile").write_text(DOCKERFILE)


def test_absolute_context_is_accepted(tmp_path: Path) -> None:
    _project(tmp_path)
    done = _run(tmp_path, "--context", str(tmp_path / "app"), "-f", "json", "deploy/Dockerfile")
    assert done.returncode == 1, done.stderr
    assert {f["code"] for f in json.loads(done.stdout)} == {"DG102"}


def test_relative_context_is_relative_to_the_current_directory(tmp_path: Path) -> None:
    _project(tmp_path)
    done = _run(tmp_path, "--context", "app", "-v", "-f", "json", "deploy/Dockerfile")
    assert done.returncode == 1, done.stderr
    assert f"build context for deploy/Dockerfile: {tmp_path / 'app'}" in done.stderr


def test_context_without_go_mod_makes_dg102_silent(tmp_path: Path) -> None:
    _project(tmp_path)
    (tmp_path / "empty").mkdir()
    done = _run(tmp_path, "--context", "empty", "-f", "json", "deploy/Dockerfile")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []


def test_verbose_prints_the_detected_context_or_none(tmp_path: Path) -> None:
    _project(tmp_path)
    (tmp_path / "app" / "Dockerfile").write_text(DOCKERFILE)
    done = _run(tmp_path, "-v", "app/Dockerfile", "deploy/Dockerfile")
    assert f"build context for app/Dockerfile: {tmp_path / 'app'}" in done.stderr
    assert "build context for deploy/Dockerfile: none (judged by names)" in done.stderr


def test_help_says_how_the_context_is_found(tmp_path: Path) -> None:
    done = _run(tmp_path, "--help")
    text = " ".join(done.stdout.split())
    assert "absolute or relative to the current directory" in text
    assert "relative to each Dockerfile" in text
