"""The command line with configuration files, environment variables, overrides, suppressions
and several reports: real processes in a temporary repository."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
BAD = (REPO / "fixtures/realworld/billing-worker/Dockerfile").read_text()
# billing-worker: DG102 warning at 8, DG103 error at 8, DG101 error at 11, DG123 warning at 16.


def run(cwd: Path, *args: str, env: dict[str, str] | None = None, stdin: str | None = None):
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("DOCKERLINT_GO_") and k not in {"NO_COLOR", "FORCE_COLOR"}
    }
    clean["PYTHONPATH"] = str(REPO)
    return subprocess.run(
        [sys.executable, "-m", "dockerlint_go", *args],
        cwd=cwd,
        env={**clean, **(env or {})},
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
    )


def codes(result: subprocess.CompletedProcess[str]) -> list[tuple[str, int, str]]:
    return [(f["code"], f["line"], f["level"]) for f in json.loads(result.stdout)]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "svc").mkdir()
    (tmp_path / "svc" / "Dockerfile").write_text(BAD)
    return tmp_path


def test_defaults(repo: Path) -> None:
    result = run(repo, "-f", "json", "svc/Dockerfile")
    assert result.returncode == 1
    assert codes(result) == [
        ("DG102", 8, "warning"),
        ("DG103", 8, "error"),
        ("DG101", 11, "error"),
        ("DG123", 16, "warning"),
    ]


def test_config_file_found_from_a_subdirectory(repo: Path) -> None:
    (repo / ".dockerlint-go.yaml").write_text(
        "ignored: [source-before-mod-download]\noverride:\n  warning: [DG103]\n"
        "failure-threshold: error\nformat: json\n"
    )
    result = run(repo / "svc", "Dockerfile")
    assert codes(result) == [
        ("DG103", 8, "warning"),
        ("DG101", 11, "error"),
        ("DG123", 16, "warning"),
    ]
    assert result.returncode == 1
    (repo / ".dockerlint-go.yaml").write_text("ignored: [DG101]\nfailure-threshold: error\n")
    result = run(repo / "svc", "-f", "json", "Dockerfile")
    assert result.returncode == 1  # DG103 is still an error


def test_pyproject_table(repo: Path) -> None:
    (repo / "pyproject.toml").write_text('[tool.dockerlint-go]\nignored = ["DG101", "DG103"]\n')
    result = run(repo, "-f", "json", "svc/Dockerfile")
    assert codes(result) == [("DG102", 8, "warning"), ("DG123", 16, "warning")]


def test_precedence_environment_then_command_line(repo: Path) -> None:
    (repo / ".dockerlint-go.yaml").write_text("failure-threshold: none\n")
    assert run(repo, "svc/Dockerfile").returncode == 0
    env = {"DOCKERLINT_GO_FAILURE_THRESHOLD": "error"}
    assert run(repo, "svc/Dockerfile", env=env).returncode == 1
    assert run(repo, "-t", "none", "svc/Dockerfile", env=env).returncode == 0
    result = run(repo, "-f", "json", "--ignore", "DG101", "svc/Dockerfile",
                 env={"DOCKERLINT_GO_IGNORE": "DG102"})  # fmt: skip
    assert codes(result) == [("DG103", 8, "error"), ("DG123", 16, "warning")]


def test_severity_overrides_and_no_fail(repo: Path) -> None:
    result = run(repo, "-f", "json", "--info", "DG101", "--info", "DG103", "-t", "warning",
                 "svc/Dockerfile")  # fmt: skip
    assert codes(result) == [
        ("DG102", 8, "warning"),
        ("DG103", 8, "info"),
        ("DG101", 11, "info"),
        ("DG123", 16, "warning"),
    ]
    assert result.returncode == 1
    assert run(repo, "--no-fail", "svc/Dockerfile").returncode == 0


def test_broken_config_fails_loudly(repo: Path) -> None:
    (repo / ".dockerlint-go.yaml").write_text("ignored:\n  - DG101\noverride:\n  fatal: [DG102]\n")
    result = run(repo, "svc/Dockerfile")
    assert result.returncode == 2
    assert result.stdout == ""
    assert ".dockerlint-go.yaml:4" in result.stderr
    assert "fatal" in result.stderr
    (repo / ".dockerlint-go.yaml").write_text("ignored: [DG999]\n")
    result = run(repo, "svc/Dockerfile")
    assert result.returncode == 2
    assert ".dockerlint-go.yaml:1" in result.stderr and "DG999" in result.stderr
    (repo / ".dockerlint-go.yaml").write_text("ignored: [DG101\n")
    assert run(repo, "svc/Dockerfile").returncode == 2
    assert run(repo, "--config", "missing.yaml", "svc/Dockerfile").returncode == 2


def test_explicit_config_overrides_the_search(repo: Path) -> None:
    (repo / ".dockerlint-go.yaml").write_text("ignored: [DG101, DG102, DG103]\n")
    (repo / "strict.yaml").write_text("override:\n  error: [DG102]\n")
    result = run(repo, "-f", "json", "--config", "strict.yaml", "svc/Dockerfile")
    assert codes(result) == [
        ("DG102", 8, "error"),
        ("DG103", 8, "error"),
        ("DG101", 11, "error"),
        ("DG123", 16, "warning"),
    ]


def test_verbose_prints_every_value_and_its_source(repo: Path) -> None:
    (repo / ".dockerlint-go.yaml").write_text("ignored: [DG102]\n")
    result = run(repo, "--verbose", "-t", "error", "svc/Dockerfile",
                 env={"DOCKERLINT_GO_FORMAT": "json"})  # fmt: skip
    assert "ignored: DG102 (config file .dockerlint-go.yaml:1)" in result.stderr
    assert "failure-threshold: error (command line --failure-threshold)" in result.stderr
    assert "format: json (environment DOCKERLINT_GO_FORMAT)" in result.stderr
    assert json.loads(result.stdout)


def test_several_reports_in_one_run(repo: Path) -> None:
    result = run(repo, "-f", "sarif", "-o", "out/x.sarif", "-f", "checkstyle", "-o",
                 "x.xml", "-f", "json", "svc/Dockerfile")  # fmt: skip
    assert result.returncode == 2  # out/ does not exist: nothing is written
    assert not (repo / "x.xml").exists()
    (repo / "out").mkdir()
    result = run(repo, "-f", "sarif", "-o", "out/x.sarif", "-f", "checkstyle", "-o",
                 "x.xml", "-f", "json", "svc/Dockerfile")  # fmt: skip
    assert result.returncode == 1
    assert len(json.loads(result.stdout)) == 4
    assert json.loads((repo / "out/x.sarif").read_text())["version"] == "2.1.0"
    assert (repo / "x.xml").read_text().startswith("<?xml")
    result = run(repo, "-f", "json", "-f", "gnu", "svc/Dockerfile")
    assert result.returncode == 2 and "only one report" in result.stderr
    result = run(repo, "-o", "a", "-o", "b", "svc/Dockerfile")
    assert result.returncode == 2 and "--output" in result.stderr


@pytest.mark.parametrize(
    "fmt", ["json", "sarif", "gnu", "checkstyle", "gitlab_codeclimate", "github", "junit", "tty"]
)
def test_file_path_in_report_applies_to_every_format(repo: Path, fmt: str) -> None:
    result = run(repo, "-f", fmt, "--file-path-in-report", "services/api/Dockerfile", "-",
                 stdin=BAD)  # fmt: skip
    assert result.returncode == 1
    assert "services/api/Dockerfile" in result.stdout
    assert '"-"' not in result.stdout and "-:8" not in result.stdout


def test_inline_suppressions_and_exit_status(repo: Path) -> None:
    text = BAD.replace(
        "USER billing",
        "# dockerlint-go ignore=DG101 -- the cache is complete before the switch\nUSER billing",
        1,  # the builder stage's USER only
    ).replace("COPY . .", "# dockerlint-go ignore=DG102,DG103\nCOPY . .")
    text = text.replace("RUN go mod tidy", "# dockerlint-go ignore=DG123\nRUN go mod tidy")
    (repo / "svc" / "Dockerfile").write_text(text)
    result = run(repo, "-f", "json", "svc/Dockerfile")
    findings = json.loads(result.stdout)
    assert all(f["suppressed"] for f in findings)
    assert result.returncode == 0
    tty = run(repo, "svc/Dockerfile")
    assert "DG101" not in tty.stdout
    assert "DG101" in run(repo, "--show-suppressed", "svc/Dockerfile").stdout
    sarif = json.loads(run(repo, "-f", "sarif", "svc/Dockerfile").stdout)
    dismissed = [r for r in sarif["runs"][0]["results"] if r.get("suppressions")]
    assert len(dismissed) == 4
    reasons = {s.get("justification") for r in dismissed for s in r["suppressions"]}
    assert "the cache is complete before the switch" in reasons


def test_unused_suppression_is_reported_unless_the_rule_is_ignored(repo: Path) -> None:
    text = "# dockerlint-go ignore=DG104\n" + BAD
    (repo / "svc" / "Dockerfile").write_text(text)
    result = run(repo, "-f", "json", "svc/Dockerfile")
    assert ("DG001", 1, "info") in codes(result)
    result = run(repo, "-f", "json", "--ignore", "DG104", "svc/Dockerfile")
    assert "DG001" not in [c for c, _, _ in codes(result)]


def test_output_to_a_named_pipe_writes_into_it(repo: Path) -> None:
    """A device or pipe given as --output is written into, never replaced by a file."""
    import stat
    import threading

    fifo = repo / "report.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = run(repo, "-f", "json", "-o", str(fifo), "svc/Dockerfile")
    reader.join(timeout=60)
    assert result.returncode == 1, result.stderr
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert len(json.loads(received[0])) == 4
