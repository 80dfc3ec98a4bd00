"""``dockerlint-go --confirm`` as a user runs it: a real process against the real engine."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.confirm.conftest import DockerEngine

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "fixtures" / "confirm"


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dockerlint_go", *args],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO), **(env or {})},
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


def tree_digest(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def test_every_bad_fixture_is_confirmed_with_evidence(docker_engine: DockerEngine) -> None:
    del docker_engine
    before = tree_digest(FIXTURES)
    paths = [f"fixtures/confirm/{code}/bad" for code in ("DG101", "DG102", "DG103", "DG104")]
    result = run("--confirm", "--offline", "-f", "json", *paths)
    assert result.returncode == 1, result.stderr
    findings = json.loads(result.stdout)
    by_code = {f["code"]: f for f in findings}
    assert set(by_code) == {"DG101", "DG102", "DG103", "DG104"}
    for code, finding in by_code.items():
        assert finding["confirmation"]["status"] == "confirmed", (code, finding)
    assert "permission denied" in by_code["DG101"]["confirmation"]["evidence"]
    assert "ran again" in by_code["DG102"]["confirmation"]["evidence"]
    assert "open /app/go.mod: permission denied" in by_code["DG103"]["confirmation"]["evidence"]
    assert "could not create module cache" in by_code["DG104"]["confirmation"]["evidence"]
    assert tree_digest(FIXTURES) == before  # the user's files are never changed


def test_sarif_and_tty_carry_the_verdict(docker_engine: DockerEngine, tmp_path: Path) -> None:
    del docker_engine
    result = run("--confirm", "--no-color", "-f", "tty", "-f", "sarif", "-o", "-",
                 "-o", str(tmp_path / "x.sarif"), "fixtures/confirm/DG103/bad")  # fmt: skip
    assert result.returncode == 1, result.stderr
    assert "  confirmed: go: updating go.mod: open /app/go.mod: permission denied" in result.stdout
    sarif = run("--confirm", "-f", "sarif", "fixtures/confirm/DG103/bad")
    (entry,) = json.loads(sarif.stdout)["runs"][0]["results"]
    assert entry["properties"]["confirmation"]["status"] == "confirmed"


def test_no_engine_is_a_clear_error() -> None:
    result = run("--confirm", "fixtures/confirm/DG101/bad",
                 env={"DOCKER_HOST": "unix:///nonexistent/docker.sock"})  # fmt: skip
    assert result.returncode == 2
    assert "--confirm cannot run" in result.stderr and "engine" in result.stderr.lower()
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("code", ["DG101", "DG102", "DG103", "DG104"])
def test_fixed_fixtures_have_nothing_to_confirm(code: str) -> None:
    # The fixed cases give no finding, so --confirm needs no engine for them.
    result = run("--confirm", "-f", "json", f"fixtures/confirm/{code}/fixed",
                 env={"DOCKER_HOST": "unix:///nonexistent/docker.sock"})  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []


def test_without_the_docker_sdk_confirm_is_a_clear_error(tmp_path: Path) -> None:
    # A `docker` package that cannot be imported stands in for a missing SDK.
    fake = tmp_path / "docker"
    fake.mkdir()
    (fake / "__init__.py").write_text("raise ImportError('No module named docker')\n")
    result = run("--confirm", "fixtures/confirm/DG101/bad",
                 env={"PYTHONPATH": f"{tmp_path}{os.pathsep}{REPO}"})  # fmt: skip
    assert result.returncode == 2
    assert "--confirm cannot run" in result.stderr and "SDK" in result.stderr
    assert "Traceback" not in result.stderr


def test_linting_alone_never_imports_docker() -> None:
    code = (
        "import sys\n"
        "from dockerlint_go.cli import main\n"
        "main(['-f', 'json', 'fixtures/confirm/DG101/bad'])\n"
        "assert 'docker' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True, capture_output=True)
