"""The typer-free fast path must read a command line exactly as the typer app does."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer.main

from dockerlint_go.cli import LintOptions, Threshold, fast_options
from dockerlint_go.typer_app import app


def _typer_options(argv: list[str]) -> LintOptions | None:
    command = typer.main.get_command(app)
    try:
        ctx = command.make_context("dockerlint-go", list(argv))
    except Exception:
        return None
    params = ctx.params
    threshold = params["failure_threshold"]
    return LintOptions(
        paths=tuple(params["paths"] or ()),
        formats=tuple(params["output_format"] or ()),
        outputs=tuple(params["output"] or ()),
        threshold=None if threshold is None else Threshold(threshold),
        no_color=params["no_color"],
        config=params["config"],
        ignore=tuple(params["ignore"] or ()),
        error=tuple(params["error"] or ()),
        warning=tuple(params["warning"] or ()),
        info=tuple(params["info"] or ()),
        no_fail=params["no_fail"],
        file_path_in_report=params["file_path_in_report"],
        verbose=params["verbose"],
        show_suppressed=params["show_suppressed"],
        confirm=params["confirm"],
        context=params["context"],
        offline=params["offline"],
        build_timeout=params["build_timeout"],
        jobs=params["jobs"],
    )


AGREE = [
    ["Dockerfile"],
    ["a", "b", "-"],
    ["--format", "json", "Dockerfile"],
    ["--format=SARIF", "Dockerfile"],
    ["-fjson", "Dockerfile"],
    ["-f", "sarif", "-o", "out.sarif", "."],
    ["--output=-", "Dockerfile"],
    ["--failure-threshold", "warning", "Dockerfile"],
    ["-t", "NONE", "--no-color", "Dockerfile"],
    ["-terror", "Dockerfile"],
    ["--", "-weird-name"],
    ["--output", "--no-color", "Dockerfile"],
    ["--jobs", "2", "Dockerfile"],
    ["--jobs=1", "a", "b"],
    ["-j", "3", "."],
    ["-j4", "-f", "json", "."],
]

FALL_BACK = [
    [],
    ["--help"],
    ["-h"],
    ["--version"],
    ["--list-rules"],
    ["--explain", "DG101"],
    ["--format", "xml", "Dockerfile"],
    ["--failure-threshold", "fatal", "Dockerfile"],
    ["--format"],
    ["--unknown", "Dockerfile"],
    ["-x", "Dockerfile"],
    ["--no-color"],
    ["Dockerfile", "--format", "json", "--format", "tty"],
    ["--ignore", "DG102", "Dockerfile"],
    ["--config", "x.yaml", "Dockerfile"],
    ["--no-fail", "Dockerfile"],
    ["--verbose", "Dockerfile"],
    ["--confirm", "Dockerfile"],
    ["--jobs", "0", "Dockerfile"],
    ["--jobs", "abc", "Dockerfile"],
    ["-j", "-1", "Dockerfile"],
    ["--jobs=", "Dockerfile"],
    ["-j", "+2", "Dockerfile"],
    ["-j", "1", "--jobs", "2", "Dockerfile"],
    ["Dockerfile", "-j"],
]


@pytest.mark.parametrize("argv", AGREE, ids=" ".join)
def test_fast_path_agrees_with_typer(argv: list[str]) -> None:
    fast = fast_options(argv)
    assert fast is not None
    assert fast == _typer_options(argv)


@pytest.mark.parametrize("argv", FALL_BACK, ids=lambda a: " ".join(a) or "(none)")
def test_everything_else_goes_to_typer(argv: list[str]) -> None:
    assert fast_options(argv) is None


def test_closed_pipe_is_not_an_error() -> None:
    """A reader that went away (``| head``) ends the output quietly, for every command."""
    import os
    import subprocess
    import sys

    for args in (["--explain", "DG101"], ["--list-rules"], ["-f", "json", "fixtures/realworld"]):
        read_end, write_end = os.pipe()
        os.close(read_end)  # every write now fails with EPIPE
        try:
            done = subprocess.run(
                [sys.executable, "-m", "dockerlint_go", *args],
                stdout=write_end,
                stderr=subprocess.PIPE,
                check=False,
                timeout=60,
            )
        finally:
            os.close(write_end)
        assert b"internal error" not in done.stderr, done.stderr
        assert b"Traceback" not in done.stderr, done.stderr


def test_a_plain_lint_imports_neither_typer_nor_docker_nor_rich_nor_multiprocessing() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from dockerlint_go.cli import main\n"
        "status = main(['--no-color', 'fixtures/realworld/billing-worker/Dockerfile'])\n"
        "assert status == 1, status\n"
        "heavy = ('typer', 'docker', 'rich', 'pydantic', 'multiprocessing', 'concurrent')\n"
        "heavy = sorted(m for m in heavy if m in sys.modules)\n"
        "assert not heavy, heavy\n"
    )

    repo = Path(__file__).resolve().parent.parent
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, cwd=repo)
