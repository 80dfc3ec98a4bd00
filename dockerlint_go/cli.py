"""The ``dockerlint-go`` command: parse options, call the API, render a report, pick an exit code.

This is the only module that reads the environment (``NO_COLOR``, ``FORCE_COLOR``, ``TERM``) or
the command line. Start-up time matters, so only typer is imported at the top: the API, the
model, the rules and the reporter (rich among them, for coloured text only) are imported when a
command needs them.

Exit status: 0 when no finding reaches the failure threshold, 1 when one does, 2 for a usage
error, a missing path, an output file that cannot be written, or an internal error.
"""

from __future__ import annotations

import enum
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from dockerlint_go import __version__
from dockerlint_go.reporters import FORMATS

if TYPE_CHECKING:
    from dockerlint_go.rules._rule import Rule

__all__ = ["app", "main"]

PROG = "dockerlint-go"
BUG_REPORT_URL = "https://github.com/dockerlint-go/dockerlint-go/issues"

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2


class Threshold(enum.StrEnum):
    """The lowest severity that makes the run fail; ``none`` never fails."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"
    NONE = "none"


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
            code = _list_rules()
        elif explain is not None:
            code = _explain(explain)
        else:
            code = _lint(
                paths or [],
                output_format=output_format,
                output=output,
                threshold=failure_threshold,
                no_color=no_color,
            )
    except Exception as exc:
        code = _internal_error(exc)
    raise typer.Exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line (``argv`` defaults to ``sys.argv[1:]``) and return the exit status."""
    try:
        app(args=None if argv is None else list(argv), prog_name=PROG)
    except SystemExit as exc:
        if exc.code is None or isinstance(exc.code, int):
            return exc.code or EXIT_OK
        return EXIT_FINDINGS
    return EXIT_OK


def _lint(
    paths: Sequence[str],
    *,
    output_format: str,
    output: str | None,
    threshold: Threshold,
    no_color: bool,
) -> int:
    from dockerlint_go import api
    from dockerlint_go.findings import Severity
    from dockerlint_go.reporters import ReportContext, get_reporter

    to_stdout = output is None or output == "-"
    if output is not None and not to_stdout:
        problem = _unwritable(output)
        if problem:
            return _error(f"cannot write the report to {output}: {problem}")
    cwd = Path.cwd()
    try:
        selection = api.select_paths(paths, cwd=cwd)
    except api.UsageError as exc:
        return _error(str(exc))
    for directory in selection.empty_directories:
        _note(f"no Dockerfiles found under {directory}")
    stdin = None
    if api.STDIN in paths:
        if sys.stdin is None:
            return _error("'-' was given but standard input is closed")
        stdin = sys.stdin.buffer.read()
    rules = _rules()
    try:
        result = api.lint_selection(selection, stdin=stdin, rules=rules)
    except api.LintCrashError as exc:
        return _internal_error(exc.__cause__ or exc, exc.path)

    color = output_format == "tty" and to_stdout and _want_color(no_color)
    context = ReportContext(rules=rules, root=cwd, tool_version=__version__, color=color)
    report = get_reporter(output_format)(result, context)
    if to_stdout:
        _write_stdout(report, utf8=output_format != "tty")
    else:
        assert output is not None
        try:
            _write_atomically(Path(output), report)
        except OSError as exc:
            return _error(f"cannot write the report to {output}: {exc.strerror or exc}")

    fail_at = None if threshold is Threshold.NONE else Severity(threshold.value)
    return EXIT_FINDINGS if any(f.severity.at_least(fail_at) for f in result.findings) else EXIT_OK


def _rules() -> tuple[Rule, ...]:
    from dockerlint_go.rules import ALL_RULES

    return tuple(ALL_RULES)


def _list_rules() -> int:
    rules = _rules()
    rows = [("CODE", "NAME", "SEVERITY", "SUMMARY")]
    rows += [(r.code, r.name, r.severity.value, r.summary) for r in rules]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        typer.echo("  ".join([*cells, row[3]]))
    return EXIT_OK


def _explain(wanted: str) -> int:
    import inspect

    rules = _rules()
    key = wanted.strip().lower()
    for rule in rules:
        if key in (rule.code.lower(), rule.name.lower()):
            doc = inspect.cleandoc(rule.doc) if rule.doc.strip() else rule.summary
            typer.echo(f"{rule.code} {rule.name} (default severity: {rule.severity.value})")
            typer.echo("")
            typer.echo(doc)
            typer.echo("")
            typer.echo(f"Documentation: {rule.doc_url}")
            return EXIT_OK
    known = ", ".join(r.code for r in rules) or "none are registered"
    return _error(f"unknown rule {wanted!r}; known rules: {known}")


def _want_color(no_color: bool) -> bool:
    environ = os.environ
    if no_color or environ.get("NO_COLOR", ""):
        return False
    if environ.get("FORCE_COLOR", ""):
        return True
    if environ.get("TERM", "") == "dumb":
        return False
    isatty = getattr(sys.stdout, "isatty", None)
    return bool(isatty and isatty())


def _unwritable(output: str) -> str | None:
    """Why a report cannot be written to ``output`` (checked before linting), or None."""
    target = Path(output)
    if target.is_dir():
        return "it is a directory"
    if not target.absolute().parent.is_dir():
        return f"directory {target.parent} does not exist"
    return None


def _write_atomically(target: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``target`` through a temporary file in the same directory, then
    rename it over ``target``: readers see the old file or the whole new one, never a part.

    The new file keeps the mode of the file it replaces, or gets the usual mode for a new file
    (0666 less the umask) rather than the private mode of a temporary file.
    """
    import tempfile

    try:
        mode = target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd, name = tempfile.mkstemp(
        dir=target.absolute().parent, prefix=f".{target.name}.", suffix=".tmp"
    )
    temporary = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8", "replace"))
        temporary.chmod(mode)
        temporary.replace(target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _write_stdout(text: str, *, utf8: bool) -> None:
    stream = sys.stdout
    encoding = "utf-8" if utf8 else (getattr(stream, "encoding", None) or "utf-8")
    data = text.encode(encoding, "replace")
    buffer = getattr(stream, "buffer", None)
    try:
        if buffer is None:
            stream.write(data.decode(encoding))
            stream.flush()
        else:
            stream.flush()
            buffer.write(data)
            buffer.flush()
    except BrokenPipeError:
        # The reader went away (``| head``): stop writing, and keep Python from complaining
        # about the unflushed stream at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())


def _note(message: str) -> None:
    typer.echo(f"{PROG}: note: {message}", err=True)


def _error(message: str) -> int:
    typer.echo(f"{PROG}: error: {message}", err=True)
    return EXIT_ERROR


def _internal_error(exc: BaseException, path: str | None = None) -> int:
    detail = str(exc).strip().splitlines()
    what = type(exc).__name__ + (f": {detail[0]}" if detail else "")
    where = f" while linting {path}" if path is not None else ""
    typer.echo(
        f"{PROG}: internal error{where}: {what}. This is a bug in {PROG} {__version__}; "
        f"please report it at {BUG_REPORT_URL}",
        err=True,
    )
    return EXIT_ERROR
