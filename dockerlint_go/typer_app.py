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
    EXIT_INTERRUPTED,
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
from dockerlint_go.parallel import MIN_FILES_FOR_WORKERS
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
Configuration (lowest precedence first): built-in defaults, the first of
.dockerlint-go.yaml, .dockerlint-go.yml or pyproject.toml [tool.dockerlint-go]
found from the current directory up to the repository root (or --config),
DOCKERLINT_GO_* environment variables, then the command line.

\b
Inline suppressions, with an optional reason after -- or a second #:
  # dockerlint-go ignore=DG102 -- reason     (the next instruction)
  # dockerlint-go stage ignore=DG101         (before a FROM: that stage)
  # dockerlint-go global ignore=DG104        (the whole file)

\b
Exit status:
  0  no unsuppressed finding at or above the failure threshold, or --no-fail
  1  at least one unsuppressed finding at or above the failure threshold
  2  usage or configuration error, path not found, report not writable, or
     internal error
"""

EPILOG = f"""\b
Examples:
  {PROG} Dockerfile
  {PROG} .
  {PROG} --format sarif --output {PROG}.sarif .
  {PROG} -f tty -f sarif -o - -o {PROG}.sarif .
  {PROG} --ignore DG104 --error DG102 Dockerfile
  {PROG} --jobs 4 services/
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


def _check_formats(values: list[str] | None) -> list[str] | None:
    names = [value.lower() for value in values or ()]
    for value, name in zip(values or (), names, strict=True):
        if name not in FORMATS:
            raise typer.BadParameter(f"{value!r} is not one of {', '.join(FORMATS)}.")
    return names if values is not None else None


def _check_jobs(value: str) -> int:
    if not (value.isascii() and value.isdigit()) or int(value) < 1:
        raise typer.BadParameter(f"{value!r} is not a number of processes (1 or more).")
    return int(value)


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
        list[str] | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            callback=_check_formats,
            help=(
                f"Report format: {', '.join(FORMATS)} (default: tty, or the config file's). "
                "Repeat together with --output to write several reports in one run: the "
                "n-th --format goes to the n-th --output."
            ),
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        list[str] | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help=(
                "Write the report to FILE instead of standard output (- is standard output). "
                "The file is replaced in one step; its directory must exist. Repeatable."
            ),
            show_default=False,
        ),
    ] = None,
    failure_threshold: Annotated[
        Threshold | None,
        typer.Option(
            "--failure-threshold",
            "-t",
            metavar="[error|warning|info|none]",
            case_sensitive=False,
            help=(
                "Exit with status 1 when a finding has this severity or a higher one; "
                "'none' never fails on findings (default: info)."
            ),
            show_default=False,
        ),
    ] = None,
    no_fail: Annotated[
        bool,
        typer.Option("--no-fail", help="Exit with status 0 whatever is found."),
    ] = False,
    config: Annotated[
        str | None,
        typer.Option(
            "--config",
            "-c",
            metavar="FILE",
            help=(
                "Read the configuration from FILE instead of looking for .dockerlint-go.yaml, "
                ".dockerlint-go.yml or pyproject.toml's [tool.dockerlint-go] from the current "
                "directory up to the repository root."
            ),
            show_default=False,
        ),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option(
            "--ignore",
            metavar="RULE",
            help="Do not report this rule (code or name). Repeatable.",
            show_default=False,
        ),
    ] = None,
    error: Annotated[
        list[str] | None,
        typer.Option(
            "--error", metavar="RULE", help="Report this rule as an error.", show_default=False
        ),
    ] = None,
    warning: Annotated[
        list[str] | None,
        typer.Option(
            "--warning", metavar="RULE", help="Report this rule as a warning.", show_default=False
        ),
    ] = None,
    info: Annotated[
        list[str] | None,
        typer.Option(
            "--info", metavar="RULE", help="Report this rule as info.", show_default=False
        ),
    ] = None,
    file_path_in_report: Annotated[
        str | None,
        typer.Option(
            "--file-path-in-report",
            metavar="PATH",
            help=(
                "Show PATH as the file's path in every report format (for standard input or a "
                "generated file; with several files, every one is shown under PATH)."
            ),
            show_default=False,
        ),
    ] = None,
    show_suppressed: Annotated[
        bool,
        typer.Option(
            "--show-suppressed",
            help="Show findings silenced by inline comments in the tty report.",
        ),
    ] = False,
    verbose: Annotated[
        bool,
        typer.Option(
            "--verbose",
            "-v",
            help="Print the resolved configuration and where each value came from (stderr).",
        ),
    ] = False,
    confirm: Annotated[
        bool,
        typer.Option(
            "--confirm",
            help=(
                "Prove each DG101-DG111, DG113, DG119, DG122 and DG123 finding with real "
                "Docker builds "
                "(needs a Docker engine and the base images locally); the verdict and its "
                "evidence join the report."
            ),
        ),
    ] = False,
    fix: Annotated[
        bool,
        typer.Option(
            "--fix",
            help=(
                "Apply the safe fixes in place (a file given as - is fixed to standard "
                "output) and report what is left. Fixes that would break the file or add a "
                "finding are not applied. With --confirm, build the original and the fixed "
                "Dockerfile to show each fix removes a confirmed problem."
            ),
        ),
    ] = False,
    unsafe_fixes: Annotated[
        bool,
        typer.Option(
            "--unsafe-fixes",
            help=(
                "With --fix or --diff, also apply fixes that change behaviour (where a cache "
                "lives, which user runs a step, which tool version is installed)."
            ),
        ),
    ] = False,
    diff: Annotated[
        bool,
        typer.Option(
            "--diff",
            help=(
                "Print the fixes as a unified diff instead of writing them; exit with status 1 "
                "when there is one."
            ),
        ),
    ] = False,
    context: Annotated[
        str | None,
        typer.Option(
            "--context",
            metavar="DIR",
            help=(
                "The build context, as given to 'docker build': absolute or relative to the "
                "current directory, for every file. The linter reads go.mod, go.work, "
                "vendor/modules.txt, .dockerignore and the paths COPY names from it, and "
                "--confirm builds with it. Default: the config's 'context' (relative to each "
                "Dockerfile), else detected per file: the Dockerfile's directory, or the "
                "nearest ancestor up to the repository root that holds what COPY names "
                "(--verbose shows the choice). --confirm copies it; your files are never changed."
            ),
            show_default=False,
        ),
    ] = None,
    offline: Annotated[
        bool,
        typer.Option("--offline", help="Run --confirm builds without network access."),
    ] = False,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            metavar="N",
            parser=_check_jobs,
            help=(
                "Lint the files in N processes (1: all in this one). Default: one per "
                f"available CPU when there are at least {MIN_FILES_FOR_WORKERS} files, else "
                "one. The reports are the same whatever N is."
            ),
            show_default=False,
        ),
    ] = None,
    build_timeout: Annotated[
        float,
        typer.Option(
            "--timeout",
            metavar="SECONDS",
            min=1,
            help="Give up on one --confirm build after SECONDS (the verdict is inconclusive).",
        ),
    ] = 300.0,
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
                    formats=tuple(output_format or ()),
                    outputs=tuple(output or ()),
                    threshold=failure_threshold,
                    no_color=no_color,
                    config=config,
                    ignore=tuple(ignore or ()),
                    error=tuple(error or ()),
                    warning=tuple(warning or ()),
                    info=tuple(info or ()),
                    no_fail=no_fail,
                    file_path_in_report=file_path_in_report,
                    verbose=verbose,
                    show_suppressed=show_suppressed,
                    confirm=confirm,
                    fix=fix,
                    unsafe_fixes=unsafe_fixes,
                    diff=diff,
                    context=context,
                    offline=offline,
                    build_timeout=build_timeout,
                    jobs=jobs,
                )
            )
    except KeyboardInterrupt:
        code = EXIT_INTERRUPTED
    except Exception as exc:
        code = internal_error(exc)
    raise typer.Exit(code)
