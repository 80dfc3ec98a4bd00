"""The pre-commit hook in ``.pre-commit-hooks.yaml``, run by the real pre-commit.

The end-to-end test builds what a user has: a project repository whose
``.pre-commit-config.yaml`` names this repository (a committed copy of the working tree) and a
``rev``. pre-commit clones it, creates a virtual environment and pip-installs dockerlint-go with
its dependencies from the package index, then runs the hook on the project's files. That install
is nearly all of the test's time (5 to 10 seconds with a fast connection and no pip cache); both
runs share one ``PRE_COMMIT_HOME``, so it happens once.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from dockerlint_go.discover import is_dockerfile_name
from tests.integrations._support import (
    BAD_DOCKERFILE,
    GOOD_DOCKERFILE,
    REPO,
    clean_env,
    git,
    need_tool,
    snapshot_repository,
)


def _hooks() -> list[dict[str, object]]:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert isinstance(hooks, list)
    return hooks


def _files_pattern() -> re.Pattern[str]:
    (hook,) = _hooks()
    files = hook["files"]
    assert isinstance(files, str)
    return re.compile(files)


def test_the_hook_is_a_python_hook_for_dockerfiles() -> None:
    (hook,) = _hooks()
    assert hook["id"] == "dockerlint-go"
    assert hook["entry"] == "dockerlint-go"
    assert hook["language"] == "python"
    assert hook["require_serial"] is False
    assert hook.get("pass_filenames", True) is True
    assert hook["description"]
    assert "exclude" not in hook  # the exclusions live in `files`, see the comment there


NAMES = {
    "Dockerfile": True,
    "dockerfile": True,
    "Containerfile": True,
    "Dockerfile.prod": True,
    "Dockerfile-dev": True,
    "Dockerfile.": True,
    "Containerfile.alpine": True,
    "api.Dockerfile": True,
    "api.dockerfile": True,
    "my api.Dockerfile": True,
    "..Dockerfile": True,
    ".Dockerfile": False,
    ".dockerfile": False,
    "DOCKERFILE": False,
    "containerfile": False,
    "Dockerfiles": False,
    "api.DOCKERFILE": False,
    "Dockerfile.dockerignore": False,
    "api.Dockerfile.dockerignore": False,
    "Containerfile.containerignore": False,
    "Dockerfile~": False,
    "Dockerfile.orig": False,
    "Dockerfile.rej": False,
    "api.Dockerfile.swp": False,
    "README.md": False,
    "docker-compose.yml": False,
}
# Every look-alike ending, after each kind of name it could follow.
for _base in ("Dockerfile.prod", "Dockerfile-dev", "Containerfile.alpine", "api.Dockerfile"):
    for _ending in (".dockerignore", ".containerignore", ".orig", ".rej", ".swp", "~", ".md",
                    ".5.md", ".txt", ".rst", ".html", ".pdf", ".adoc"):  # fmt: skip
        NAMES[_base + _ending] = False


@pytest.mark.parametrize(("name", "expected"), NAMES.items())
def test_files_pattern_takes_what_a_directory_search_takes(name: str, expected: bool) -> None:
    pattern = _files_pattern()
    assert is_dockerfile_name(name) is expected  # the table itself is right
    for path in (name, f"services/api/{name}"):
        assert bool(pattern.search(path)) is expected, path


@pytest.mark.parametrize("path", ["Dockerfile.d/config", "Dockerfile/README.md", "x.Dockerfile/y"])
def test_files_pattern_looks_at_the_file_name_only(path: str) -> None:
    assert not _files_pattern().search(path)


_PIECES = ["Dockerfile", "dockerfile", "Containerfile", "Docker", "file", "api", ".", "-", "~", " "]
_PIECES += [".dockerignore", ".containerignore", ".orig", ".rej", ".swp", "D", "d", "x"]
_PIECES += [".md", ".txt", ".rst", ".htm", "l", ".adoc", ".pdf", ".markdown", ".asciidoc"]


@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=5).map("".join))
def test_files_pattern_agrees_with_the_search_on_any_name(name: str) -> None:
    pattern = _files_pattern()
    assert bool(pattern.search(f"dir/{name}")) is is_dockerfile_name(name)
    assert bool(pattern.search(name)) is is_dockerfile_name(name)


def _pre_commit(project: Path, env: dict[str, str], *args: str) -> tuple[int, str]:
    done = subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--all-files", "--color", "never", *args],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    output = done.stdout + done.stderr
    log = Path(env["PRE_COMMIT_HOME"]) / "pre-commit.log"
    if log.exists():
        output += f"\n--- {log.name} ---\n" + log.read_text(errors="replace")
    return done.returncode, output


def _project(tmp_path: Path, hook: dict[str, object]) -> tuple[Path, dict[str, str]]:
    """A project directory whose pre-commit config runs ``hook`` from a committed snapshot of
    this repository, and the clean environment to run pre-commit in."""
    need_tool("git")
    env = clean_env(tmp_path)
    env["PRE_COMMIT_HOME"] = str(tmp_path / "pre-commit home")
    rev = snapshot_repository(tmp_path / "dockerlint-go", env)
    project = tmp_path / "project"
    project.mkdir()
    repo = {"repo": str(tmp_path / "dockerlint-go"), "rev": rev, "hooks": [hook]}
    (project / ".pre-commit-config.yaml").write_text(yaml.safe_dump({"repos": [repo]}))
    return project, env


def test_pre_commit_fails_on_a_finding_and_passes_after_the_fix(tmp_path: Path) -> None:
    project, env = _project(tmp_path, {"id": "dockerlint-go"})
    (project / "Dockerfile").write_text(BAD_DOCKERFILE)
    # Not Dockerfiles: if the hook passed them on, they would be parse errors (DG000).
    (project / "Dockerfile.dockerignore").write_text("**/*.md\n!README.md\n")
    (project / "README.md").write_text("# a project\n")
    git("init", "-q", cwd=project, env=env)
    git("add", "-A", cwd=project, env=env)

    started = time.monotonic()
    status, output = _pre_commit(project, env)
    first_run = time.monotonic() - started
    assert status == 1, output
    assert re.search(r"^dockerlint-go\.+Failed$", output, re.MULTILINE), output
    assert "Dockerfile:6:1: DG101 root-owned-module-cache [error]" in output, output
    assert "DG000" not in output, output
    assert "Dockerfile.dockerignore" not in output, output

    (project / "Dockerfile").write_text(GOOD_DOCKERFILE)
    git("add", "-A", cwd=project, env=env)
    started = time.monotonic()
    status, output = _pre_commit(project, env, "--verbose")
    second_run = time.monotonic() - started
    assert status == 0, output
    assert re.search(r"^dockerlint-go\.+Passed$", output, re.MULTILINE), output
    assert "no findings in 1 file" in output, output  # the .dockerignore was not passed on
    # The second run reuses the environment the first one installed.
    assert second_run < max(first_run / 2, 10), (first_run, second_run)


# A service whose dependency layer copies go.mod without go.sum (DG112, a safe fix), with the
# module files the hook reads from the project's directory as its build context.
_FIXABLE_DOCKERFILE = """\
FROM golang:1.22 AS build
WORKDIR /src
COPY go.mod ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -o /out/server ./cmd/server

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/server /server
ENTRYPOINT ["/server"]
"""
_PROJECT_FILES = {
    "go.mod": "module example.com/shop\n\ngo 1.22\n\nrequire github.com/google/uuid v1.6.0\n",
    "go.sum": (
        "github.com/google/uuid v1.6.0 h1:NIvaJDMOsjHA8n1jAhLSgzrAzy1Hgr+hNrb57e+94F0=\n"
        "github.com/google/uuid v1.6.0/go.mod h1:TfCn3jRoxJQ4M9ja2JHn4/0IHBpFNdFWYdFUdSaKDA0=\n"
    ),
    "cmd/server/main.go": (
        'package main\n\nimport (\n\t"fmt"\n\n\t"github.com/google/uuid"\n)\n\n'
        "func main() { fmt.Println(uuid.NewString()) }\n"
    ),
}


def test_pre_commit_with_fix_repairs_the_dockerfile_and_stops_the_commit(tmp_path: Path) -> None:
    project, env = _project(tmp_path, {"id": "dockerlint-go", "args": ["--fix"]})
    (project / "Dockerfile").write_text(_FIXABLE_DOCKERFILE)
    for name, text in _PROJECT_FILES.items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text(text)
    git("init", "-q", cwd=project, env=env)
    git("add", "-A", cwd=project, env=env)

    # The fix is written, and pre-commit fails the hook because it changed a file.
    status, output = _pre_commit(project, env)
    assert status == 1, output
    assert re.search(r"^dockerlint-go\.+Failed$", output, re.MULTILINE), output
    assert "files were modified by this hook" in output, output
    fixed = (project / "Dockerfile").read_text()
    assert fixed == _FIXABLE_DOCKERFILE.replace("COPY go.mod ./", "COPY go.mod go.sum ./")

    # Staged as it is now, the Dockerfile passes.
    git("add", "-A", cwd=project, env=env)
    status, output = _pre_commit(project, env)
    assert status == 0, output
    assert re.search(r"^dockerlint-go\.+Passed$", output, re.MULTILINE), output
    assert (project / "Dockerfile").read_text() == fixed
