"""The README's integration sections, held to the files they describe.

Each snippet must parse, and must use what really exists: the action's inputs, the hook's id,
the report file GitLab is told to collect. The shell pre-build check must pass ``sh -n`` and
shellcheck.
"""

from __future__ import annotations

import re
import subprocess
from typing import Any

import pytest
import yaml

from tests.integrations._support import REPO, need_tool

README = (REPO / "README.md").read_text(encoding="utf-8")
ACTION = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
(HOOK,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))


def _section(title: str) -> str:
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## )", README, re.MULTILINE | re.DOTALL)
    assert match, f"README.md has no section {title!r}"
    return match.group(1)


def _blocks(section: str, language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```$", section, re.MULTILINE | re.DOTALL)


def _yaml_blocks(title: str) -> list[Any]:
    blocks = _blocks(_section(title), "yaml")
    assert blocks, f"no yaml block in {title!r}"
    return [yaml.safe_load(block) for block in blocks]


def _action_steps(steps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        step for step in steps if str(step.get("uses", "")).split("@")[0].endswith("/dockerlint-go")
    ]


def test_github_actions_snippets_use_the_actions_inputs() -> None:
    usage, workflow = _yaml_blocks("GitHub Actions")
    steps = [*usage, *workflow["jobs"]["dockerlint-go"]["steps"]]
    ours = _action_steps(steps)
    assert len(ours) == 2
    for step in ours:
        assert set(step.get("with", {})) <= set(ACTION["inputs"])


def test_github_workflow_uploads_the_sarif_the_action_writes() -> None:
    _, workflow = _yaml_blocks("GitHub Actions")
    job = workflow["jobs"]["dockerlint-go"]
    assert job["permissions"]["security-events"] == "write"
    (lint,) = _action_steps(job["steps"])
    assert lint["with"]["format"] == "sarif"
    (upload,) = [step for step in job["steps"] if "upload-sarif" in str(step.get("uses"))]
    assert upload["uses"] == "github/codeql-action/upload-sarif@v3"
    assert upload["if"] == "always()"
    assert upload["with"]["sarif_file"] == lint["with"]["output"]
    assert upload["with"]["category"] == "dockerlint-go"
    # The table of inputs lists every input with its real default.
    table = dict(re.findall(r"^\| `([\w-]+)` \| ([^|]+) \|", _section("GitHub Actions"), re.M))
    defaults = {name: str(spec["default"]) for name, spec in ACTION["inputs"].items()}
    assert {name: value.strip().strip("`") for name, value in table.items()} == {
        name: value or "empty" for name, value in defaults.items()
    }


def test_gitlab_job_collects_the_report_it_writes() -> None:
    (config,) = _yaml_blocks("GitLab CI")
    job = config["dockerlint-go"]
    report = job["artifacts"]["reports"]["codequality"]
    assert job["artifacts"]["when"] == "always"
    assert job["allow_failure"] == {"exit_codes": [1]}
    assert f"--format gitlab_codeclimate --output {report}" in job["script"][-1]


def test_pre_commit_snippet_names_the_hook() -> None:
    (config,) = _yaml_blocks("pre-commit")
    (repo,) = config["repos"]
    assert {"repo", "rev", "hooks"} <= set(repo)
    assert [hook["id"] for hook in repo["hooks"]] == [HOOK["id"]]


@pytest.fixture
def build_script() -> str:
    (script,) = _blocks(_section("Check before you build"), "sh")
    return script


def test_pre_build_check_is_valid_sh(build_script: str) -> None:
    sh = need_tool("sh")
    done = subprocess.run(
        [sh, "-n"], input=build_script, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "--failure-threshold error" in build_script


def test_pre_build_check_passes_shellcheck(build_script: str) -> None:
    shellcheck = need_tool("shellcheck")
    done = subprocess.run(
        [shellcheck, "-"], input=build_script, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
