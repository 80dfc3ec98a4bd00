"""The GitHub Action in ``action.yml``, its steps run locally the way the runner runs them.

``run_action`` is a small stand-in for the runner's handling of a composite action: it applies
the inputs' defaults, evaluates the few expressions the action uses (and fails on any other, so
that the action cannot quietly outgrow this test), writes each ``run`` script to a file and runs
it with ``bash --noprofile --norc -eo pipefail`` in the workspace, with ``GITHUB_ACTION_PATH``,
``GITHUB_WORKSPACE``, ``RUNNER_TEMP`` and ``GITHUB_OUTPUT`` set, and collects step outputs.
``uses`` steps (actions/setup-python) cannot run here: the test supplies their outputs, and may
stand in for a ``run`` step the same way (the install step, to keep most tests fast). One test
runs the install step for real: it pip-installs dockerlint-go and its dependencies.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from tests.integrations._support import (
    BAD_DOCKERFILE,
    GOOD_DOCKERFILE,
    REPO,
    clean_env,
    copy_working_tree,
    need,
    need_tool,
)

ACTION = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
INPUT_DEFAULTS = {
    "paths": ".",
    "config": "",
    "failure-threshold": "",
    "format": "",
    "output": "",
    "python-version": "3.12",
}
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
CONDITION = re.compile(r"inputs\.([\w-]+) (==|!=) ''")


@dataclass(frozen=True)
class ActionRun:
    status: int
    output: str
    outputs: dict[str, dict[str, str]]
    ran: tuple[str, ...]


def _evaluate(
    expression: str, inputs: Mapping[str, str], outputs: Mapping[str, dict[str, str]]
) -> str:
    parts = expression.split(".")
    if len(parts) == 2 and parts[0] == "inputs":
        assert parts[1] in inputs, f"the action reads an input it does not declare: {expression}"
        return inputs[parts[1]]
    if len(parts) == 4 and parts[0] == "steps" and parts[2] == "outputs":
        return outputs.get(parts[1], {}).get(parts[3], "")  # a skipped step has no outputs
    raise AssertionError(f"run_action does not know the expression {expression!r}")


def _substitute(
    value: object, inputs: Mapping[str, str], outputs: Mapping[str, dict[str, str]]
) -> str:
    text = str(value).lower() if isinstance(value, bool) else str(value)
    return EXPRESSION.sub(lambda m: _evaluate(m.group(1), inputs, outputs), text)


def _condition(expression: str, inputs: Mapping[str, str]) -> bool:
    match = CONDITION.fullmatch(expression.strip())
    assert match, f"run_action does not know the condition {expression!r}"
    empty = inputs[match.group(1)] == ""
    return empty if match.group(2) == "==" else not empty


def run_action(
    inputs: Mapping[str, str],
    *,
    workspace: Path,
    tmp: Path,
    supplied: Mapping[str, dict[str, str]],
    action_path: Path = REPO,
    extra_env: Mapping[str, str] | None = None,
) -> ActionRun:
    """Run the action's steps; ``supplied`` gives the outputs of the steps not to run, by id."""
    declared = ACTION["inputs"]
    assert set(inputs) <= set(declared), f"unexpected inputs {set(inputs) - set(declared)}"
    values = {name: str(spec.get("default", "")) for name, spec in declared.items()}
    values.update(inputs)
    runner_temp = tmp / "runner temp"
    runner_temp.mkdir(exist_ok=True)
    env = clean_env(tmp)
    env.update(
        GITHUB_ACTIONS="true",
        GITHUB_ACTION_PATH=str(action_path),
        GITHUB_WORKSPACE=str(workspace),
        RUNNER_TEMP=str(runner_temp),
    )
    env.update(extra_env or {})
    outputs: dict[str, dict[str, str]] = {}
    output = ""
    ran: list[str] = []
    for index, step in enumerate(ACTION["runs"]["steps"]):
        step_id = step.get("id", f"step{index}")
        if "if" in step and not _condition(step["if"], values):
            continue
        if step_id in supplied or "uses" in step:
            assert step_id in supplied, f"step {step_id!r} cannot run here: supply its outputs"
            outputs[step_id] = dict(supplied[step_id])
            continue
        assert step["shell"] == "bash"
        script = tmp / f"step-{index}.sh"
        script.write_text(step["run"])
        github_output = tmp / f"step-{index}.output"
        github_output.write_text("")
        step_env = dict(env, GITHUB_OUTPUT=str(github_output))
        step_env.update(
            {
                name: _substitute(value, values, outputs)
                for name, value in step.get("env", {}).items()
            }
        )
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=workspace,
            env=step_env,
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
        ran.append(step_id)
        output += done.stdout + done.stderr
        lines = github_output.read_text().splitlines()
        outputs[step_id] = dict(line.split("=", 1) for line in lines if line)
        if done.returncode != 0:
            return ActionRun(done.returncode, output, outputs, tuple(ran))
    return ActionRun(0, output, outputs, tuple(ran))


# The structure -----------------------------------------------------------------------------


def test_the_action_is_composite_with_the_documented_inputs() -> None:
    assert ACTION["runs"]["using"] == "composite"
    assert ACTION["name"] == "dockerlint-go"
    assert ACTION["description"]
    assert {name: str(spec["default"]) for name, spec in ACTION["inputs"].items()} == INPUT_DEFAULTS
    for name, spec in ACTION["inputs"].items():
        assert spec["description"], name
        assert spec.get("required", False) is False, name


def test_only_setup_python_is_used_and_it_leaves_the_jobs_python_alone() -> None:
    uses = [step for step in ACTION["runs"]["steps"] if "uses" in step]
    assert [step["uses"] for step in uses] == ["actions/setup-python@v5"]
    (setup,) = uses
    assert setup["id"] == "python"
    assert setup["if"] == "inputs.python-version != ''"
    assert setup["with"]["update-environment"] is False


def test_run_steps_are_bash_scripts_with_inputs_in_the_environment_only() -> None:
    run_steps = [step for step in ACTION["runs"]["steps"] if "run" in step]
    assert [step["name"] for step in run_steps] == ["Install dockerlint-go", "Run dockerlint-go"]
    for step in run_steps:
        assert step["shell"] == "bash"
        assert "${{" not in step["run"], "expressions belong in env:, where they cannot inject"
        script = re.fullmatch(r'bash "\$GITHUB_ACTION_PATH/(action/[\w-]+\.sh)"\n?', step["run"])
        assert script, step["run"]
        assert (REPO / script.group(1)).is_file()
    mentioned = {
        match.group(1)
        for step in ACTION["runs"]["steps"]
        for value in [*step.get("env", {}).values(), *step.get("with", {}).values()]
        for match in re.finditer(r"\binputs\.([\w-]+)", str(value))
    }
    assert mentioned == set(INPUT_DEFAULTS)


def test_shell_scripts_pass_shellcheck() -> None:
    shellcheck = need_tool("shellcheck")
    scripts = sorted(str(path) for path in (REPO / "action").glob("*.sh"))
    assert scripts
    done = subprocess.run(
        [shellcheck, "--shell=bash", *scripts], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    for path in scripts:
        assert Path(path).read_text().startswith("#!/usr/bin/env bash\n"), path
        assert "\nset -euo pipefail\n" in Path(path).read_text(), path


# Inputs to command line, with a stand-in dockerlint-go that records its arguments ----------

RECORDER = """\
#!/usr/bin/env bash
printf '%s\\0' "$@" >"$RECORD_FILE"
exit 7
"""


@pytest.fixture
def recorder(tmp_path: Path) -> Path:
    need_tool("bash")
    path = tmp_path / "fake bin" / "dockerlint-go"
    path.parent.mkdir()
    path.write_text(RECORDER)
    path.chmod(0o755)
    return path


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    path = tmp_path / "work space"
    path.mkdir()
    return path


def _run_recorded(
    inputs: Mapping[str, str], tmp: Path, workspace: Path, recorder: Path
) -> tuple[ActionRun, list[str] | None]:
    record = tmp / "argv"
    run = run_action(
        inputs,
        workspace=workspace,
        tmp=tmp,
        supplied={
            "python": {"python-path": sys.executable},
            "install": {"executable": str(recorder)},
        },
        extra_env={"RECORD_FILE": str(record)},
    )
    argv = record.read_bytes().decode().split("\0")[:-1] if record.exists() else None
    return run, argv


MAPPINGS = {
    "defaults": ({}, ["--", "."]),
    "paths on one line": (
        {"paths": "Dockerfile  services/api\t."},
        ["--", "Dockerfile", "services/api", "."],
    ),
    "paths one per line, with spaces": (
        {"paths": "  my service/Dockerfile\n\nother dir  \n"},
        ["--", "my service/Dockerfile", "other dir"],
    ),
    "one path with a space, as a block": ({"paths": "my service\n"}, ["--", "my service"]),
    "CRLF lines": ({"paths": "a\r\nb c\r\n"}, ["--", "a", "b c"]),
    "a path like an option": ({"paths": "-weird.Dockerfile"}, ["--", "-weird.Dockerfile"]),
    "every input": (
        {
            "paths": "build/Dockerfile",
            "config": "ci/dockerlint go.yaml",
            "failure-threshold": "warning",
            "format": "sarif",
            "output": "reports/dockerlint go.sarif",
        },
        [
            "--config", "ci/dockerlint go.yaml",
            "--failure-threshold", "warning",
            "--format", "sarif",
            "--output", "reports/dockerlint go.sarif",
            "--", "build/Dockerfile",
        ],
    ),
}  # fmt: skip


@pytest.mark.parametrize(("inputs", "argv"), MAPPINGS.values(), ids=MAPPINGS.keys())
def test_inputs_become_options(
    inputs: dict[str, str], argv: list[str], tmp_path: Path, workspace: Path, recorder: Path
) -> None:
    run, recorded = _run_recorded(inputs, tmp_path, workspace, recorder)
    assert recorded == argv, run.output
    assert run.status == 7, "the step's exit status is dockerlint-go's"
    if "output" in inputs:
        assert (workspace / inputs["output"]).parent.is_dir()


def test_inputs_are_never_shell_code(tmp_path: Path, workspace: Path, recorder: Path) -> None:
    paths = "*.Dockerfile $(touch pwned) `touch pwned` ;touch pwned ${HOME} ~"
    (workspace / "a.Dockerfile").write_text("FROM scratch\n")
    run, recorded = _run_recorded(
        {"paths": paths, "config": "$(touch pwned)", "output": "out/`touch pwned`"},
        tmp_path,
        workspace,
        recorder,
    )
    assert recorded is not None, run.output
    assert recorded == [
        "--config", "$(touch pwned)",
        "--output", "out/`touch pwned`",
        "--", "*.Dockerfile", "$(touch", "pwned)", "`touch", "pwned`", ";touch", "pwned",
        "${HOME}", "~",
    ]  # fmt: skip
    assert not list(workspace.rglob("pwned"))


@pytest.mark.parametrize("paths", ["", "   ", "\n \n"])
def test_empty_paths_are_an_error(
    paths: str, tmp_path: Path, workspace: Path, recorder: Path
) -> None:
    run, recorded = _run_recorded({"paths": paths}, tmp_path, workspace, recorder)
    assert run.status == 2
    assert recorded is None
    assert "::error title=dockerlint-go::The paths input is empty" in run.output


def test_setup_python_is_skipped_without_a_python_version(
    tmp_path: Path, workspace: Path, recorder: Path
) -> None:
    run = run_action(
        {"python-version": ""},
        workspace=workspace,
        tmp=tmp_path,
        supplied={"install": {"executable": str(recorder)}},
        extra_env={"RECORD_FILE": str(tmp_path / "argv")},
    )
    assert "python" not in run.outputs
    assert run.status == 7


def test_install_refuses_a_python_older_than_3_11(tmp_path: Path, workspace: Path) -> None:
    need_tool("bash")
    old_python = tmp_path / "python3.10"
    old_python.write_text('#!/usr/bin/env bash\n[[ $1 == -V ]] && echo "Python 3.10.14"\nexit 1\n')
    old_python.chmod(0o755)
    run = run_action(
        {}, workspace=workspace, tmp=tmp_path, supplied={"python": {"python-path": str(old_python)}}
    )
    assert run.ran == ("install",)
    assert run.status == 1
    assert "::error title=dockerlint-go::dockerlint-go needs Python 3.11 or newer" in run.output
    assert "Python 3.10.14" in run.output


# The real dockerlint-go --------------------------------------------------------------------


def _installed_dockerlint_go() -> Path:
    path = Path(sys.executable).parent / (
        "dockerlint-go.exe" if os.name == "nt" else "dockerlint-go"
    )
    need(path.is_file(), "the dockerlint-go console script is not installed next to this Python")
    return path


def test_sarif_report_written_where_the_output_input_says(tmp_path: Path, workspace: Path) -> None:
    need_tool("bash")
    executable = _installed_dockerlint_go()
    (workspace / "svc one").mkdir()
    (workspace / "svc one" / "Dockerfile").write_text(BAD_DOCKERFILE)
    (workspace / "svc two").mkdir()
    (workspace / "svc two" / "Dockerfile").write_text(GOOD_DOCKERFILE)
    supplied = {
        "python": {"python-path": sys.executable},
        "install": {"executable": str(executable)},
    }

    def run(**inputs: str) -> ActionRun:
        return run_action(inputs, workspace=workspace, tmp=tmp_path, supplied=supplied)

    found = run(paths="svc one\nsvc two\n", format="sarif", output="reports/dockerlint-go.sarif")
    assert found.status == 1, found.output
    sarif = json.loads((workspace / "reports" / "dockerlint-go.sarif").read_text())
    assert sarif["version"] == "2.1.0"
    results = sarif["runs"][0]["results"]
    assert "DG101" in {result["ruleId"] for result in results}
    uris = {
        urllib.parse.unquote(location["physicalLocation"]["artifactLocation"]["uri"])
        for result in results
        for location in result["locations"]
    }
    assert uris == {"svc one/Dockerfile"}

    assert run(paths="svc one").status == 2  # one line: the paths `svc` and `one`, both missing
    assert run(paths="svc one\n", **{"failure-threshold": "none"}).status == 0
    annotated = run(paths="svc one\n", format="github")
    assert annotated.status == 1, annotated.output
    assert "\n::error file=svc one/Dockerfile,line=6,col=1," in annotated.output

    clean = run(paths="svc two\n")
    assert clean.status == 0, clean.output
    assert "no findings in 1 file" in clean.output


def test_the_whole_action_installs_and_lints(tmp_path: Path, workspace: Path) -> None:
    """The install step for real: a venv in RUNNER_TEMP, pip install of the action's checkout."""
    need_tool("bash")
    action_path = tmp_path / "_actions" / "dockerlint go" / "main"
    copy_working_tree(action_path, clean_env(tmp_path))
    (workspace / "Dockerfile").write_text(BAD_DOCKERFILE)
    run = run_action(
        {},
        workspace=workspace,
        tmp=tmp_path,
        supplied={"python": {"python-path": sys.executable}},
        action_path=action_path,
    )
    assert run.ran == ("install", "step2"), run.output
    executable = Path(run.outputs["install"]["executable"])
    assert executable.is_relative_to(tmp_path / "runner temp")
    assert run.status == 1, run.output
    assert "dockerlint-go -- .\n" in run.output
    assert "Dockerfile:6:1: DG101 root-owned-module-cache [error]" in run.output
