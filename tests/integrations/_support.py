"""Shared by the integration tests: the repository, a clean copy of it, a clean git.

These tests drive real tools (git, pre-commit, bash, shellcheck). A tool that is missing skips
the test on a developer's machine and fails it in CI (``CI`` set, as GitHub Actions and GitLab CI
do), so CI never passes by skipping.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

# A Dockerfile with an error-level finding (DG101 on the USER line, 6), and its repair: the
# example and the "use instead" of the DG101 documentation.
BAD_DOCKERFILE = """\
FROM golang:1.22
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
RUN useradd -m app
USER app
RUN go get example.com/tool@v1.2.0
"""
GOOD_DOCKERFILE = """\
FROM golang:1.22
RUN useradd -m app
USER app
ENV GOMODCACHE=/home/app/go/pkg/mod
WORKDIR /home/app/src
COPY --chown=app:app go.mod go.sum ./
RUN go mod download
RUN go get example.com/tool@v1.2.0
"""

# Variables that would change what the tools under test do: git's repository and index
# overrides (set when the suite runs inside a git hook), pre-commit's own settings and skips,
# colour, and dockerlint-go's configuration.
_DROPPED = {"SKIP", "NO_COLOR", "FORCE_COLOR", "TERM", "VIRTUAL_ENV"}
_DROPPED_PREFIXES = ("GIT_", "PRE_COMMIT", "DOCKERLINT_GO_")


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}


def need(condition: object, reason: str) -> None:
    """Skip when ``condition`` is false, except in CI, where the test fails instead."""
    if condition:
        return
    if in_ci():
        pytest.fail(f"{reason} (CI is set, so this is a failure, not a skip)")
    pytest.skip(reason)


def need_tool(name: str) -> str:
    path = shutil.which(name)
    need(path, f"`{name}` is not on PATH")
    assert path is not None
    return path


def clean_env(tmp: Path) -> dict[str, str]:
    """The current environment without the variables above, with an empty git configuration."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in _DROPPED and not key.startswith(_DROPPED_PREFIXES)
    }
    gitconfig = tmp / "gitconfig"
    gitconfig.write_text("[init]\n\tdefaultBranch = main\n[commit]\n\tgpgsign = false\n")
    env.update(
        GIT_CONFIG_GLOBAL=str(gitconfig),
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME="dockerlint-go tests",
        GIT_AUTHOR_EMAIL="tests@dockerlint-go.invalid",
        GIT_COMMITTER_NAME="dockerlint-go tests",
        GIT_COMMITTER_EMAIL="tests@dockerlint-go.invalid",
    )
    return env


def git(*args: str, cwd: Path, env: dict[str, str]) -> str:
    done = subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, f"git {' '.join(args)} failed:\n{done.stdout}{done.stderr}"
    return done.stdout


def copy_working_tree(dest: Path, env: dict[str, str]) -> None:
    """Copy this repository's working tree as it is now: tracked and new files, not ignored ones.

    Uncommitted edits are included, so the tests see the hook and action files being worked on.
    """
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        env=env,
        capture_output=True,
        check=False,
    )
    need(listed.returncode == 0, f"{REPO} is not a git checkout: {listed.stderr.decode().strip()}")
    for name in sorted(set(listed.stdout.decode().split("\0")) - {""}):
        source = REPO / name
        if not source.is_symlink() and not source.is_file():
            continue  # deleted in the working tree, or a submodule
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target, follow_symlinks=False)


def snapshot_repository(dest: Path, env: dict[str, str]) -> str:
    """Make ``dest`` a git repository holding the working tree in one commit; return its SHA."""
    need_tool("git")
    copy_working_tree(dest, env)
    git("init", "-q", cwd=dest, env=env)
    git("add", "-A", cwd=dest, env=env)
    git("commit", "-q", "-m", "working tree of dockerlint-go under test", cwd=dest, env=env)
    return git("rev-parse", "HEAD", cwd=dest, env=env).strip()
