"""--fix, --unsafe-fixes and --diff from the command line: what is written, printed and
returned, standard input, and files that must be left alone."""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path

import pytest

from dockerlint_go.cli import main
from dockerlint_go.fix_run import write_fixed

# DG103 (safe: --chown) and DG104 (unsafe: ENV GOMODCACHE after USER) in one file.
BEFORE = b"""FROM golang:1.22
RUN useradd -m app
WORKDIR /home/app/src
COPY . .
USER app
RUN go mod tidy
"""
SAFE = BEFORE.replace(b"COPY . .", b"COPY --chown=app:app . .")
GOMOD = "module example.com/app\n\ngo 1.22\n"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "go.mod").write_text(GOMOD)
    (tmp_path / "go.sum").write_text("")
    (tmp_path / "main.go").write_text("package main\n\nfunc main() {}\n")
    (tmp_path / "Dockerfile").write_bytes(BEFORE)
    monkeypatch.chdir(tmp_path)
    for name in list(os.environ):
        if name.startswith("DOCKERLINT_GO_"):
            monkeypatch.delenv(name)
    return tmp_path


def _run(capsysbinary: pytest.CaptureFixture[bytes], *args: str) -> tuple[int, bytes, str]:
    code = main(["--no-color", *args])
    out, err = capsysbinary.readouterr()
    return code, out, err.decode()


def test_fix_applies_the_safe_fixes_and_reports_what_is_left(
    project: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    code, out, err = _run(capsysbinary, "--fix", "Dockerfile")
    assert (project / "Dockerfile").read_bytes() == SAFE
    assert "fixed 1 finding in 1 file" in err
    assert "more fix is available with --unsafe-fixes" in err or "--unsafe-fixes" in err
    assert b"DG103" not in out  # fixed
    assert b"DG104" in out and b"[*unsafe]" in out  # left, with its unsafe fix marked
    assert code == 1  # findings remain
    code, _, err = _run(capsysbinary, "--fix", "Dockerfile")
    assert (project / "Dockerfile").read_bytes() == SAFE  # idempotent
    assert "nothing fixed" in err


def test_unsafe_fixes_apply_both(project: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    _run(capsysbinary, "--fix", "--unsafe-fixes", "Dockerfile")
    fixed = (project / "Dockerfile").read_bytes()
    assert b"COPY --chown=app:app . ." in fixed
    assert b"USER app\nENV GOMODCACHE=/home/app/go/pkg/mod\n" in fixed


def test_diff_prints_and_writes_nothing(
    project: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    code, out, err = _run(capsysbinary, "--diff", "Dockerfile")
    assert code == 1
    assert (project / "Dockerfile").read_bytes() == BEFORE
    text = out.decode()
    assert text.startswith("--- a/Dockerfile\n+++ b/Dockerfile\n")
    assert "-COPY . .\n+COPY --chown=app:app . .\n" in text
    assert "1 fix would be applied in 1 file" in err
    (project / "Dockerfile").write_bytes(SAFE)
    code, out, err = _run(capsysbinary, "--diff", "Dockerfile")
    assert (code, out) == (0, b"")
    assert "nothing to fix" in err


def test_fix_on_standard_input_writes_the_fixed_file_to_standard_output(
    project: Path, capsysbinary: pytest.CaptureFixture[bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(BEFORE.replace(b"\n", b"\r\n")))
    monkeypatch.setattr("sys.stdin", stdin)
    code, out, err = _run(capsysbinary, "--fix", "--context", ".", "-")
    assert out == SAFE.replace(b"\n", b"\r\n")
    assert "DG104" in err  # the report goes to standard error
    assert code == 1


def test_a_read_only_file_is_left_alone_with_a_clear_error(
    project: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    dockerfile = project / "Dockerfile"
    dockerfile.chmod(0o444)
    code, _, err = _run(capsysbinary, "--fix", "Dockerfile")
    assert code == 2
    assert "Dockerfile: the fixes were not written: it is read-only" in err
    assert dockerfile.read_bytes() == BEFORE
    assert stat.S_IMODE(dockerfile.stat().st_mode) == 0o444


def test_unfixable_in_the_config_keeps_a_rule_from_being_fixed(
    project: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    (project / ".dockerlint-go.yaml").write_text("unfixable: [copy-without-chown]\n")
    _run(capsysbinary, "--fix", "--unsafe-fixes", "Dockerfile")
    fixed = (project / "Dockerfile").read_bytes()
    assert b"COPY . ." in fixed  # DG103 not fixed
    assert b"ENV GOMODCACHE=" in fixed  # DG104 fixed
    (project / "Dockerfile").write_bytes(BEFORE)
    (project / ".dockerlint-go.yaml").write_text("fixable: [DG104]\n")
    _run(capsysbinary, "--fix", "Dockerfile")  # DG104 is unsafe: nothing without the flag
    assert (project / "Dockerfile").read_bytes() == BEFORE


def test_the_mode_of_a_fixed_file_is_kept(
    project: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    dockerfile = project / "Dockerfile"
    dockerfile.chmod(0o640)
    _run(capsysbinary, "--fix", "Dockerfile")
    assert dockerfile.read_bytes() == SAFE
    assert stat.S_IMODE(dockerfile.stat().st_mode) == 0o640


def test_a_file_that_changed_meanwhile_is_not_overwritten(tmp_path: Path) -> None:
    target = tmp_path / "Dockerfile"
    target.write_bytes(b"FROM scratch\n# edited by someone else\n")
    problem = write_fixed(str(target), b"FROM scratch\n", b"FROM scratch\n# fixed\n")
    assert problem == "it changed while it was being fixed"
    assert target.read_bytes() == b"FROM scratch\n# edited by someone else\n"
    assert [p.name for p in tmp_path.iterdir()] == ["Dockerfile"]  # no temporary file left


def test_a_symbolic_link_stays_a_link(tmp_path: Path) -> None:
    real = tmp_path / "real.Dockerfile"
    real.write_bytes(b"FROM scratch\n")
    link = tmp_path / "Dockerfile"
    link.symlink_to(real)
    assert write_fixed(str(link), b"FROM scratch\n", b"FROM scratch\n# fixed\n") is None
    assert link.is_symlink()
    assert real.read_bytes() == b"FROM scratch\n# fixed\n"
