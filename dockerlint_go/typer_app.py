"""The typer definition of the ``dockerlint-go`` command: help, usage errors and every option.

``dockerlint_go.cli.main`` answers the common invocations (paths plus the lint options) without
importing typer, which costs more than a whole lint of one file; anything else (``--help``,
``--version``, ``--list-rules``, ``--explain``, a malformed command line) comes here. Both
paths call the same functions in ``dockerlint_go.cli``, and a test holds their option parsing
to the same results.
"""

from __future__ import annotations

from typing import Annotated

import typer

from dockerlint_go import __version__
from dockerlint_go.cli import (
    EXIT_OK,
    PROG,
    LintOptions,
    Threshold,
    explain_rule,
    internal_error,
    run_lint,
)
from dockerlint_go.cli import (
    list_rules as list_rules_command,
)
from dockerlint_go.reporters import FORMATS

__all__ = ["app"]

HELP = """Lint Dockerfiles that build Go programs for module-cache traps.

Each PATH is a Dockerfile (linted whatever its name), a directory to search
recursively, or - to read a Dockerfile from standard input.

\b
A directory search picks up Dockerfile, dockerfile, Containerfile,
Dockerfile.*, Dockerfile-*, Containerfile.*, *.Dockerfile and *.dockerfile
(but not *.dockerignore). It skips .git, node_modules, vendor, .venv and
__pycache__, and does not follow symbolic links to directories.

\b
Exit status:
  0  no finding at or above the failure threshold
  1  at least one finding at or above the failure threshold
  2  usage error, path not found, report not writable, or internal error
"""

EPILOG = f"""\b
Examples:
  {PROG} Dockerfile
  {PROG} .
  {PROG} --format sarif --output {PROG}.sarif .
  cat Dockerfile | {PROG} -
  {PROG} --explain DG101
"""


app = typer.Typer(
    add_completion=False,
    # Plain help and errors: no rich import on these paths, and text that reads the same in a
    # terminal, a CI log or a pipe.
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _check_format(value: str) -> str:
    name = value.lower()
    if name not in FORMATS:
        raise typer.BadParameter(f"{value!r} is not one of {', '.join(FORMATS)}.")
    return name


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"{PROG} {__version__}")
        raise typer.Exit(EXIT_OK)


@app.command(help=HELP, epilog=EPILOG, no_args_is_help=False)
def lint(
    ctx: typer.Context,
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="PATH...",
            help="Dockerfiles, directories to search, or - for standard input.",
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            callback=_check_format,
            help=(
                f"Report format: {', '.join(FORMATS)}. tty is for people, json is "
                "hadolint-compatible, sarif is for GitHub code scanning and other SARIF viewers."
            ),
        ),
    ] = "tty",
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help=(
                "Write the report to FILE instead of standard output. The file is replaced "
                "in one step; its directory must exist."
            ),
            show_default=False,
        ),
    ] = None,
    failure_threshold: Annotated[
        Threshold,
        typer.Option(
            "--failure-threshold",
            "-t",
            metavar="[error|warning|info|none]",
            case_sensitive=False,
            help=(
                "Exit with status 1 when a finding has this severity or a higher one; "
                "'none' never fails on findings."
            ),
        ),
    ] = Threshold.INFO,
    no_color: Annotated[
        bool,
        typer.Option(
            "--no-color",
            help=(
                "Never colour the report. Colour is also off when NO_COLOR is set, when the "
                "report does not go to a terminal, and for formats other than tty; "
                "FORCE_COLOR turns it on for a pipe."
            ),
        ),
    ] = False,
    list_rules: Annotated[
        bool,
        typer.Option(
            "--list-rules", help="List the rules (code, name, severity, summary) and exit."
        ),
    ] = False,
    explain: Annotated[
        str | None,
        typer.Option(
            "--explain",
            metavar="RULE",
            help=(
                "Show the documentation of a rule, given by code or name (DG101 or "
                "root-owned-module-cache, in any case), and exit."
            ),
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_show_version,
            is_eager=True,
            help="Show the version and exit.",
        ),
    ] = False,
) -> None:
    del version  # handled by its eager callback
    if list_rules and explain is not None:
        ctx.fail("--list-rules and --explain cannot be used together.")
    if paths and (list_rules or explain is not None):
        ctx.fail(f"{'--list-rules' if list_rules else '--explain'} does not take PATH arguments.")
    if not paths and not list_rules and explain is None:
        ctx.fail("Give at least one PATH: a Dockerfile, a directory, or - for standard input.")
    try:
        if list_rules:
            code = list_rules_command()
        elif explain is not None:
            code = explain_rule(explain)
        else:
            code = run_lint(
                LintOptions(
                    paths=tuple(paths or ()),
                    output_format=output_format,
                    output=output,
                    threshold=failure_threshold,
                    no_color=no_color,
                )
            )
    except Exception as exc:
        code = internal_error(exc)
    raise typer.Exit(code)
