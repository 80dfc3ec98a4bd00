"""The ``dockerlint-go`` command: parse options, call the API, render a report, pick an exit code.

This is the only module that reads the environment (``NO_COLOR``, ``FORCE_COLOR``, ``TERM``) or
the command line. Start-up time matters more than anything else here: linting one file must not
cost more than another linter's whole run. So the common invocation (paths and the lint options)
is parsed here without typer, whose import alone costs more than a lint; every other command line
(help, version, rule listing, usage errors) goes to the typer app in ``typer_app``, which calls
back into the same functions. The API, the model, the rules and the reporter (rich among them,
for coloured text only) are imported when a command needs them.

Exit status: 0 when no finding reaches the failure threshold, 1 when one does, 2 for a usage
error, a missing path, an output file that cannot be written, or an internal error.
"""

from __future__ import annotations

import enum
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from dockerlint_go import __version__
from dockerlint_go.reporters import FORMATS

if TYPE_CHECKING:
    from dockerlint_go.rules._rule import Rule

__all__ = ["LintOptions", "fast_options", "main"]

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


@dataclass(frozen=True, slots=True)
class LintOptions:
    """A lint run as the command line asked for it."""

    paths: tuple[str, ...]
    output_format: str = "tty"
    output: str | None = None
    threshold: Threshold = Threshold.INFO
    no_color: bool = False


_VALUE_OPTIONS = {
    "--format": "output_format",
    "-f": "output_format",
    "--output": "output",
    "-o": "output",
    "--failure-threshold": "threshold",
    "-t": "threshold",
}


def fast_options(argv: Sequence[str]) -> LintOptions | None:
    """Parse a plain lint command line, or return None to let the typer app handle it.

    Only paths, ``--format``, ``--output``, ``--failure-threshold`` and ``--no-color`` (long or
    short, ``--opt value``, ``--opt=value``, ``-fvalue``) are understood, with valid values;
    anything else — help, version, an unknown option, a bad value, no path — returns None, and
    typer then gives the full behaviour and the error messages.
    """
    values: dict[str, str] = {}
    paths: list[str] = []
    no_color = False
    only_paths = False
    i = 0
    while i < len(argv):
        arg = argv[i]
        if only_paths or arg == "-" or not arg.startswith("-"):
            paths.append(arg)
        elif arg == "--":
            only_paths = True
        elif arg == "--no-color":
            no_color = True
        else:
            name, eq, value = arg.partition("=") if arg.startswith("--") else (arg[:2], "", arg[2:])
            if name not in _VALUE_OPTIONS:
                return None
            if not eq and not value:
                if i + 1 >= len(argv):
                    return None
                i += 1
                value = argv[i]
            values[_VALUE_OPTIONS[name]] = value
        i += 1
    output_format = values.get("output_format", "tty").lower()
    threshold = values.get("threshold", Threshold.INFO.value).lower()
    if not paths or output_format not in FORMATS or threshold not in set(Threshold):
        return None
    return LintOptions(
        paths=tuple(paths),
        output_format=output_format,
        output=values.get("output"),
        threshold=Threshold(threshold),
        no_color=no_color,
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line (``argv`` defaults to ``sys.argv[1:]``) and return the exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    options = fast_options(args)
    if options is not None:
        try:
            return run_lint(options)
        except Exception as exc:
            return internal_error(exc)
    from dockerlint_go.typer_app import app

    try:
        app(args=args, prog_name=PROG)
    except SystemExit as exc:
        if exc.code is None or isinstance(exc.code, int):
            return exc.code or EXIT_OK
        return EXIT_FINDINGS
    return EXIT_OK


def __getattr__(name: str) -> object:
    # ``dockerlint_go.cli.app`` stays importable (tests, embedding) without typer at start-up.
    if name == "app":
        from dockerlint_go.typer_app import app

        return app
    raise AttributeError(name)


def run_lint(options: LintOptions) -> int:
    """Lint, write the report, and return the exit status."""
    paths = options.paths
    output_format = options.output_format
    output = options.output
    threshold = options.threshold
    no_color = options.no_color
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
        return internal_error(exc.__cause__ or exc, exc.path)

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


def list_rules() -> int:
    """Print the rule table."""
    rules = _rules()
    rows = [("CODE", "NAME", "SEVERITY", "SUMMARY")]
    rows += [(r.code, r.name, r.severity.value, r.summary) for r in rules]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        _out("  ".join([*cells, row[3]]))
    return EXIT_OK


def explain_rule(wanted: str) -> int:
    """Print one rule's documentation, found by code or name."""
    import inspect

    rules = _rules()
    key = wanted.strip().lower()
    for rule in rules:
        if key in (rule.code.lower(), rule.name.lower()):
            doc = inspect.cleandoc(rule.doc) if rule.doc.strip() else rule.summary
            _out(f"{rule.code} {rule.name} (default severity: {rule.severity.value})")
            _out("")
            _out(doc)
            _out("")
            _out(f"Documentation: {rule.doc_url}")
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
        _silence_stdout()


def _note(message: str) -> None:
    _err(f"{PROG}: note: {message}")


def _error(message: str) -> int:
    _err(f"{PROG}: error: {message}")
    return EXIT_ERROR


def internal_error(exc: BaseException, path: str | None = None) -> int:
    detail = str(exc).strip().splitlines()
    what = type(exc).__name__ + (f": {detail[0]}" if detail else "")
    where = f" while linting {path}" if path is not None else ""
    _err(
        f"{PROG}: internal error{where}: {what}. This is a bug in {PROG} {__version__}; "
        f"please report it at {BUG_REPORT_URL}"
    )
    return EXIT_ERROR


def _out(line: str) -> None:
    try:
        print(line, flush=True)
    except BrokenPipeError:
        _silence_stdout()


def _silence_stdout() -> None:
    """The reader went away (``| head``): stop writing, and keep Python from complaining about
    the unflushed stream at exit."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _err(line: str) -> None:
    print(line, file=sys.stderr, flush=True)
