"""Start-up time: what a lint imports, and what it must leave alone.

A one-file lint is mostly start-up, so every module a run imports without needing it is time
every user pays. Each case runs the CLI in a fresh interpreter and checks ``sys.modules``
afterwards: the modules listed as kept off must not be there, the ones listed as wanted must
(so that the check cannot pass because nothing ran).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SAMPLE = "fixtures/realworld/billing-worker/Dockerfile"

# Never on a lint's path: the typer CLI (help and rarely used options only), the Docker SDK
# (--confirm), rich (coloured terminal output), pydantic (newer typer pulls it in).
HEAVY = ("typer", "click", "docker", "rich", "pydantic")
# Standard modules that cost milliseconds and that a plain lint does without: dataclasses
# (and with it inspect, ast, dis, tokenize... through inspect), typing, pathlib (urllib.parse
# and ipaddress), tomllib, tempfile, multiprocessing and concurrent.futures (--jobs above 1
# only), importlib.resources (tree_sitter_bash's package __init__).
STDLIB_KEPT_OFF = (
    "dataclasses",
    "inspect",
    "ast",
    "typing",
    "pathlib",
    "urllib.parse",
    "tomllib",
    "tempfile",
    "multiprocessing",
    "concurrent.futures",
    "importlib.resources",
)
# Our own modules that only some runs need.
OURS_KEPT_OFF = (
    "dockerlint_go.typer_app",
    "dockerlint_go.confirm",
    "dockerlint_go.config_file",
    "dockerlint_go.suppress",
    "dockerlint_go.parallel",
    "dockerlint_go.reporters.json",
    "dockerlint_go.reporters.sarif",
    "dockerlint_go.reporters._protocol",
    "yaml",
    # The tree-sitter packages' __init__ modules: their extension modules are loaded directly.
    "tree_sitter",
    "tree_sitter_bash",
)
PLAIN = HEAVY + STDLIB_KEPT_OFF + OURS_KEPT_OFF


def _modules_after(argv: list[str], cwd: Path) -> tuple[int, set[str]]:
    code = (
        "import io, json, sys\n"
        "from dockerlint_go.cli import main\n"
        "sys.stdout = io.StringIO()\n"
        f"status = main({argv!r})\n"
        "sys.stdout = sys.__stdout__\n"
        "print(json.dumps([status, sorted(sys.modules)]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=cwd
    )
    status, modules = json.loads(done.stdout.splitlines()[-1])
    return status, set(modules)


def _check(loaded: set[str], kept_off: tuple[str, ...], wanted: tuple[str, ...]) -> None:
    assert sorted(m for m in kept_off if m in loaded) == []
    assert sorted(m for m in wanted if m not in loaded) == []


def test_a_plain_lint_of_the_sample_imports_only_what_it_needs() -> None:
    status, loaded = _modules_after(["--no-color", SAMPLE], REPO)
    assert status == 1
    wanted = (
        "dockerfile_parse",
        "dockerlint_go.model.stages",
        "dockerlint_go.model.gomod",  # the sample has a go.mod beside it
        "dockerlint_go.reporters.tty",
        "tree_sitter._binding",
        "tree_sitter_bash._binding",
    )
    _check(loaded, PLAIN, wanted)


def test_a_machine_format_imports_its_reporter_only(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text("FROM golang:1.22\nRUN go build ./...\n")
    status, loaded = _modules_after(["-f", "json", "Dockerfile"], tmp_path)
    assert status in (0, 1)
    kept_off = tuple(m for m in PLAIN if m != "dockerlint_go.reporters.json")
    _check(loaded, (*kept_off, "dockerlint_go.reporters.tty"), ("dockerlint_go.reporters.json",))


def test_a_suppression_comment_loads_the_suppression_module_only(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text(
        "FROM golang:1.22\n# dockerlint-go ignore=DG104 reason: the default is fine here\n"
        "RUN go mod download\n"
    )
    _, loaded = _modules_after(["Dockerfile"], tmp_path)
    kept_off = tuple(m for m in PLAIN if m != "dockerlint_go.suppress")
    _check(loaded, kept_off, ("dockerlint_go.suppress",))


@pytest.mark.parametrize(
    ("name", "text", "wanted"),
    [
        (".dockerlint-go.yaml", "ignored: [DG104]\n", ("dockerlint_go.config_file", "yaml")),
        (
            "pyproject.toml",
            '[tool.dockerlint-go]\nignored = ["DG104"]\n',
            # tomllib itself imports typing.
            ("dockerlint_go.config_file", "tomllib", "typing"),
        ),
    ],
)
def test_a_config_file_loads_its_reader(
    tmp_path: Path, name: str, text: str, wanted: tuple[str, ...]
) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / name).write_text(text)
    (tmp_path / "Dockerfile").write_text("FROM golang:1.22\nRUN go mod download\n")
    status, loaded = _modules_after(["Dockerfile"], tmp_path)
    assert status == 0  # the configuration ignores DG104, the only finding
    kept_off = tuple(m for m in PLAIN if m not in wanted)
    _check(loaded, kept_off, wanted)


def test_a_pyproject_without_our_table_is_not_parsed(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "svc"\ndependencies = ["dockerlint-go"]\n'
    )
    (tmp_path / "Dockerfile").write_text("FROM golang:1.22\nRUN go mod download\n")
    _, loaded = _modules_after(["Dockerfile"], tmp_path)
    _check(loaded, PLAIN, ("dockerlint_go.config",))


def test_the_sample_output_does_not_depend_on_what_was_imported() -> None:
    # The same lint in a process that imported everything up front gives the same report.
    code = (
        "import io, sys, typing, pathlib, dataclasses, tree_sitter, tree_sitter_bash\n"
        "import dockerlint_go.suppress, dockerlint_go.config_file\n"
        "from dockerlint_go.cli import main\n"
        f"main(['-f', 'json', {SAMPLE!r}])\n"
    )
    eager = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=REPO
    )
    lazy = subprocess.run(
        [sys.executable, "-m", "dockerlint_go", "-f", "json", SAMPLE],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )
    assert json.loads(eager.stdout) == json.loads(lazy.stdout)
    assert eager.stdout == lazy.stdout
