"""The ``dockerlint-go`` command: parse options, call the API, render reports, pick an exit code.

This is the only module that reads the command line or the environment (it hands the
environment to the configuration resolver and reads ``FORCE_COLOR`` and ``TERM`` itself).
Start-up time matters more than anything else here: linting one file must not cost more than
another linter's whole run. So the common invocation (paths and the basic lint options) is
parsed here without typer, whose import alone costs more than a lint; every other command line
(help, version, rule listing, the configuration options, usage errors) goes to the typer app in
``typer_app``, which calls back into the same functions. The API, the model, the rules and the
reporter (rich among them, for coloured text only) are imported when a command needs them.

Exit status: 0 when no active (unsuppressed) finding reaches the failure threshold or with
``--no-fail``, 1 when one does, 2 for a usage or configuration error, a missing path, an output
file that cannot be written, or an internal error. A bug hit while linting one file does not stop
the run: that file is reported with a DG000 finding, every report is written, one line on stderr
names each such file, and the status is 2. Ctrl-C stops the run (worker processes included)
with status 130 and no traceback.
"""

from __future__ import annotations

import enum
import os
import sys
from collections.abc import Sequence

from dockerlint_go import BUG_REPORT_URL, TYPE_CHECKING, __version__
from dockerlint_go.record import Record
from dockerlint_go.reporters import FORMATS

if TYPE_CHECKING:
    from dockerlint_go.api import Selection
    from dockerlint_go.config import Config
    from dockerlint_go.contexts import ContextOption
    from dockerlint_go.findings import LintResult
    from dockerlint_go.fix_run import FileFix
    from dockerlint_go.rules._rule import Rule

__all__ = ["LintOptions", "fast_options", "main"]

PROG = "dockerlint-go"

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2
EXIT_INTERRUPTED = 130  # Ctrl-C, as a shell reports a command killed by SIGINT


class Threshold(enum.StrEnum):
    """The lowest severity that makes the run fail; ``none`` never fails."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"
    NONE = "none"


class LintOptions(Record):
    """A lint run as the command line asked for it (values not given are empty or None; the
    configuration file and the environment fill them in)."""

    paths: tuple[str, ...]
    formats: tuple[str, ...] = ()  # --format, in order; paired with --output by position
    outputs: tuple[str, ...] = ()
    threshold: Threshold | None = None
    no_color: bool = False
    config: str | None = None
    ignore: tuple[str, ...] = ()
    error: tuple[str, ...] = ()
    warning: tuple[str, ...] = ()
    info: tuple[str, ...] = ()
    no_fail: bool = False
    file_path_in_report: str | None = None
    verbose: bool = False
    show_suppressed: bool = False
    confirm: bool = False  # prove the confirmable rules' findings with real builds
    fix: bool = False  # --fix: apply fixes in place
    unsafe_fixes: bool = False  # --unsafe-fixes: unsafe ones too
    diff: bool = False  # --diff: print the fixes as a diff, write nothing
    # The build context (absolute, or relative to the current directory) for every file;
    # default: the config's ``context`` relative to each Dockerfile, else detected per file.
    context: str | None = None
    offline: bool = False
    build_timeout: float = 300.0  # seconds, per build
    # --jobs: how many processes lint the files (at least 1); None: every CPU when there are
    # enough files to pay for starting workers, else one (``parallel.default_jobs``).
    jobs: int | None = None


_VALUE_OPTIONS = {
    "--format": "output_format",
    "-f": "output_format",
    "--output": "output",
    "-o": "output",
    "--failure-threshold": "threshold",
    "-t": "threshold",
    "--jobs": "jobs",
    "-j": "jobs",
}


def fast_options(argv: Sequence[str]) -> LintOptions | None:
    """Parse a plain lint command line, or return None to let the typer app handle it.

    Only paths, ``--format``, ``--output``, ``--failure-threshold``, ``--jobs`` (each at most
    once) and ``--no-color`` (long or short, ``--opt value``, ``--opt=value``, ``-fvalue``) are
    understood, with valid values; anything else — help, version, any other option, a repeated
    option, a bad value, no path — returns None, and typer then gives the full behaviour and the
    error messages.
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
            key = _VALUE_OPTIONS.get(name)
            if key is None or key in values:
                return None
            if not eq and not value:
                if i + 1 >= len(argv):
                    return None
                i += 1
                value = argv[i]
            values[key] = value
        i += 1
    output_format = values.get("output_format")
    threshold = values.get("threshold")
    if not paths:
        return None
    if output_format is not None and output_format.lower() not in FORMATS:
        return None
    if threshold is not None and threshold.lower() not in set(Threshold):
        return None
    jobs = values.get("jobs")
    if jobs is not None and not (jobs.isascii() and jobs.isdigit() and int(jobs) >= 1):
        return None  # typer explains what --jobs takes
    return LintOptions(
        paths=tuple(paths),
        formats=() if output_format is None else (output_format.lower(),),
        outputs=() if "output" not in values else (values["output"],),
        threshold=None if threshold is None else Threshold(threshold.lower()),
        no_color=no_color,
        jobs=None if jobs is None else int(jobs),
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line (``argv`` defaults to ``sys.argv[1:]``) and return the exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    options = fast_options(args)
    if options is not None:
        try:
            return run_lint(options)
        except KeyboardInterrupt:
            return EXIT_INTERRUPTED
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


# The garbage collector's thresholds during a lint. The model of a file is thousands of small
# objects that all live until the file is done, and with the default thresholds (700, 10, 10)
# the collector scans them again and again: on a file of 80,000 lines that was a third of the
# run, and it made the time grow faster than the file. Collections still happen, less often.
_GC_THRESHOLDS = (100_000, 50, 100)


def run_lint(options: LintOptions) -> int:
    """Resolve the configuration, lint, write every report, and return the exit status."""
    import gc

    previous = gc.get_threshold()
    gc.set_threshold(*_GC_THRESHOLDS)
    try:
        return _run_lint(options)
    finally:
        gc.set_threshold(*previous)


def _run_lint(options: LintOptions) -> int:
    from dockerlint_go import api
    from dockerlint_go.config import CommandLine, ConfigError, describe, resolve_config
    from dockerlint_go.reporters import ReportContext, get_reporter

    cwd = os.getcwd()
    rules = _rules()
    command_line = CommandLine(
        config=options.config,
        ignore=options.ignore,
        error=options.error,
        warning=options.warning,
        info=options.info,
        failure_threshold=None if options.threshold is None else options.threshold.value,
        format=options.formats[0] if len(options.formats) == 1 else None,
        file_path_in_report=options.file_path_in_report,
        context=options.context,
        no_color=options.no_color,
        no_fail=options.no_fail,
    )
    try:
        config = resolve_config(cwd=cwd, environ=os.environ, command_line=command_line, rules=rules)
    except ConfigError as exc:
        return _error(str(exc))
    for warning in config.warnings:
        _note(warning)
    if options.verbose:
        _err(describe(config).rstrip("\n"))

    reports = _pair_reports(options.formats or (config.format.value,), options.outputs)
    if isinstance(reports, str):
        return _error(reports)
    for _, output in reports:
        problem = _unwritable(output) if output is not None else None
        if problem:
            return _error(f"cannot write the report to {output}: {problem}")

    try:
        selection = api.select_paths(options.paths, cwd=cwd)
    except api.UsageError as exc:
        return _error(str(exc))
    for directory in selection.empty_directories:
        _note(f"no Dockerfiles found under {directory}")
    stdin = None
    if api.STDIN in options.paths:
        if sys.stdin is None:
            return _error("'-' was given but standard input is closed")
        stdin = sys.stdin.buffer.read()
    # A file whose lint hits a bug comes back with a DG000 finding and ``crash`` set (reported
    # after the reports are written); any other exception is an internal error (see main).
    if options.fix or options.diff:
        fixed = _fix(selection, stdin, rules, config, options, cwd)
        if isinstance(fixed, int):
            return fixed
        result, fix_failed = fixed
    else:
        fix_failed = False
        result = api.lint_selection(
            selection,
            stdin=stdin,
            rules=rules,
            config=config,
            contexts=_context_option(options, config),
            jobs=_jobs(options, len(selection.targets)),
            cwd=cwd,
        )
    if options.verbose:
        for file in result.files:
            where = file.context if file.context is not None else "none (judged by names)"
            _err(f"build context for {file.path}: {where}")
    if options.confirm:
        confirmed = _confirm(result, selection, config.context.value, options, cwd)
        if isinstance(confirmed, int):
            return confirmed
        result = confirmed

    for output_format, output in reports:
        color = output_format == "tty" and output is None and _want_color(config.no_color.value)
        context = ReportContext(
            rules=rules,
            root=cwd,
            tool_version=__version__,
            color=color,
            show_suppressed=options.show_suppressed,
        )
        report = get_reporter(output_format)(result, context)
        if output is None and options.fix and stdin is not None:
            _err(report.rstrip("\n"))  # standard output carries the fixed file
            continue
        if output is None:
            _write_stdout(report, utf8=output_format != "tty")
            continue
        try:
            _write_atomically(output, report)
        except OSError as exc:
            _crash_notes(result)
            return _error(f"cannot write the report to {output}: {exc.strerror or exc}")

    if _crash_notes(result) or fix_failed:
        return EXIT_ERROR
    if config.no_fail.value:
        return EXIT_OK
    fail_at = config.failure_threshold.value
    failing = any(f.severity.at_least(fail_at) for f in result.findings if not f.suppressed)
    return EXIT_FINDINGS if failing else EXIT_OK


def _fix(
    selection: Selection,
    stdin: bytes | None,
    rules: Sequence[Rule],
    config: Config,
    options: LintOptions,
    cwd: str,
) -> tuple[LintResult, bool] | int:
    """--fix or --diff: the result to report and whether a fixed file could not be written,
    or (--diff) the exit status."""
    from dockerlint_go.findings import LintResult
    from dockerlint_go.fix_run import fix_selection, unified_diff, unsafe_left

    files = fix_selection(
        selection,
        rules=rules,
        config=config,
        contexts=_context_option(options, config),
        cwd=cwd,
        stdin=stdin,
        unsafe=options.unsafe_fixes,
        write=options.fix and not options.diff,
    )
    changed = [f for f in files if f.outcome is not None and f.outcome.changed]
    for f in files:
        for rejected in f.outcome.rejected if f.outcome is not None else ():
            _note(
                f"{f.path}:{rejected.line}: {rejected.code} not fixed ({rejected.title}): "
                f"{rejected.reason}"
            )
    count = sum(len(f.outcome.applied) for f in changed if f.outcome is not None)
    hidden = "" if options.unsafe_fixes else unsafe_left(files)
    if options.diff:
        text = "".join(
            unified_diff(f.path, f.original, f.outcome.data)
            for f in changed
            if f.outcome is not None
        )
        _write_stdout(text, utf8=True)
        _note(
            f"{count} fix{'es' if count != 1 else ''} would be applied in {len(changed)} "
            f"file{'s' if len(changed) != 1 else ''}{hidden}"
            if changed
            else f"nothing to fix{hidden}"
        )
        return EXIT_FINDINGS if changed else EXIT_OK
    failed = False
    for f in changed:
        if f.location is None and f.outcome is not None:
            sys.stdout.buffer.write(f.outcome.data)
            sys.stdout.buffer.flush()
        elif f.error is not None:
            failed = True
            _note(f"{f.path}: the fixes were not written: {f.error}")
    if stdin is not None and not any(f.location is None for f in changed):
        sys.stdout.buffer.write(stdin)  # nothing to fix: standard input comes back as it was
        sys.stdout.buffer.flush()
    written = [f for f in changed if f.error is None]
    if options.confirm:
        failed = _prove_fixes(written, options) or failed
    applied = sum(len(f.outcome.applied) for f in written if f.outcome is not None)
    _note(
        f"fixed {applied} finding{'s' if applied != 1 else ''} in {len(written)} "
        f"file{'s' if len(written) != 1 else ''}{hidden}"
        if written
        else f"nothing fixed{hidden}"
    )
    return LintResult(files=tuple(f.result for f in files)), failed


def _prove_fixes(files: Sequence[FileFix], options: LintOptions) -> bool:
    """--fix --confirm: build each fixed file before and after its fixes and say, per fix,
    what the builds showed; True when the builds could not run at all."""
    from pathlib import Path

    try:
        from dockerlint_go.confirm import EngineUnavailable, make_progress
        from dockerlint_go.confirm.fixproof import prove_fixes
    except ImportError as exc:
        _error(f"--confirm needs the Docker SDK for Python (pip install docker): {exc}")
        return True
    progress = make_progress(sys.stderr)
    for f in files:
        if f.outcome is None or f.result.context is None:
            continue
        try:
            proofs = prove_fixes(
                f.original,
                f.outcome.data,
                Path(f.result.context),
                f.outcome.applied,
                offline=options.offline,
                timeout=options.build_timeout,
                progress=progress,
            )
        except EngineUnavailable as exc:
            _error(f"--confirm cannot run: {exc}")
            return True
        for proof in proofs:
            verdict = "fix proven" if proof.proven else "fix not proven"
            _note(f"{f.path}: {verdict}: {proof.describe()}")
    return False


def _jobs(options: LintOptions, files: int) -> int:
    """--jobs, else one process per CPU when ``files`` are enough to pay for the workers."""
    if options.jobs is not None:
        return options.jobs
    if files < 2:
        return 1  # the common one-file run does not even import the parallel module
    from dockerlint_go.parallel import default_jobs

    return default_jobs(files)


def _context_option(options: LintOptions, config: Config) -> ContextOption:
    """--context (from here), else a configured ``context`` (from each Dockerfile), else
    detection."""
    from dockerlint_go.config import SourceKind
    from dockerlint_go.contexts import ContextOption

    if options.context is not None:
        return ContextOption(directory=options.context)
    if config.context.source.kind is SourceKind.DEFAULT:
        return ContextOption()
    return ContextOption(relative_to_dockerfile=config.context.value)


def _confirm(
    result: LintResult, selection: Selection, context: str, options: LintOptions, cwd: str
) -> LintResult | int:
    """Run ``--confirm`` on the findings; an exit status when it cannot run at all."""
    from pathlib import Path

    try:
        from dockerlint_go import confirm
    except ImportError as exc:  # the docker SDK is missing
        return _error(f"--confirm needs the Docker SDK for Python (pip install docker): {exc}")
    sources: dict[str, confirm.BuildSource] = {}
    contexts = {f.path: f.context for f in result.files if f.context is not None}
    for target in selection.targets:
        if target.location is None or target.error is not None:
            continue
        dockerfile = Path(target.location)
        linted = contexts.get(target.path)
        if linted is not None:
            build_context = Path(linted)  # the context the file was linted with
        elif options.context is not None:
            build_context = (Path(cwd) / options.context).resolve()  # --context: from here
        else:
            build_context = (dockerfile.parent / context).resolve()  # config: per Dockerfile
        shown = options.file_path_in_report or target.path
        sources[shown] = confirm.BuildSource(dockerfile=dockerfile, context=build_context)
    progress = confirm.make_progress(sys.stderr)
    try:
        return confirm.confirm_result(
            result,
            sources,
            offline=options.offline,
            timeout=options.build_timeout,
            progress=progress,
        )
    except confirm.EngineUnavailable as exc:
        return _error(f"--confirm cannot run: {exc}")
    finally:
        progress.close()


def _pair_reports(
    formats: Sequence[str], outputs: Sequence[str]
) -> list[tuple[str, str | None]] | str:
    """Pair each --format with the --output at the same position (``-`` or none: standard
    output, for one report at most); a problem is returned as its message."""
    if len(outputs) > len(formats):
        return "more --output than --format options: give a --format for each --output"
    reports: list[tuple[str, str | None]] = []
    for index, output_format in enumerate(formats):
        output = outputs[index] if index < len(outputs) else None
        reports.append((output_format, None if output in (None, "-") else output))
    if sum(1 for _, output in reports if output is None) > 1:
        return "only one report can go to standard output: give each --format its --output"
    return reports


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
    """Colour for the terminal: off when configured so (``--no-color``, ``NO_COLOR``, the
    config file), on when ``FORCE_COLOR`` asks, else only on a real terminal."""
    environ = os.environ
    if no_color:
        return False
    if environ.get("FORCE_COLOR", ""):
        return True
    if environ.get("TERM", "") == "dumb":
        return False
    isatty = getattr(sys.stdout, "isatty", None)
    return bool(isatty and isatty())


def _unwritable(output: str) -> str | None:
    """Why a report cannot be written to ``output`` (checked before linting), or None."""
    if os.path.isdir(output):
        return "it is a directory"
    if not os.path.isdir(os.path.dirname(os.path.abspath(output))):
        return f"directory {os.path.dirname(output) or os.curdir} does not exist"
    return None


def _write_atomically(target: str, text: str) -> None:
    """Write ``text`` (UTF-8) to ``target`` through a temporary file in the same directory, then
    rename it over ``target``: readers see the old file or the whole new one, never a part.

    The new file keeps the mode of the file it replaces, or gets the usual mode for a new file
    (0666 less the umask) rather than the private mode of a temporary file. A target that is not
    a regular file (a device, a named pipe) is written into, never replaced.
    """
    import contextlib
    import stat
    import tempfile

    try:
        info = os.stat(target)
    except OSError:
        info = None
    if info is not None and not stat.S_ISREG(info.st_mode):
        # A device, a pipe or a socket (``/dev/stdout``, ``/dev/null``, ``>(...)``): write into
        # it. Renaming a temporary file over it would replace the device itself.
        with open(target, "wb") as handle:
            handle.write(text.encode("utf-8", "replace"))
        return
    if info is not None:
        mode = info.st_mode & 0o7777
    else:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    absolute = os.path.abspath(target)
    fd, temporary = tempfile.mkstemp(
        dir=os.path.dirname(absolute), prefix=f".{os.path.basename(absolute)}.", suffix=".tmp"
    )
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8", "replace"))
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
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


def _crash_notes(result: LintResult) -> bool:
    """One stderr line per file whose lint hit a bug; True when there was one."""
    crashed = [file for file in result.files if file.crash is not None]
    for file in crashed:
        _internal_error_line(file.crash or "", file.path)
    return bool(crashed)


def internal_error(exc: BaseException, path: str | None = None) -> int:
    detail = str(exc).strip().splitlines()
    what = type(exc).__name__ + (f": {detail[0]}" if detail else "")
    _internal_error_line(what, path)
    return EXIT_ERROR


def _internal_error_line(what: str, path: str | None) -> None:
    where = f" while linting {path}" if path is not None else ""
    _err(
        f"{PROG}: internal error{where}: {what}. This is a bug in {PROG} {__version__}; "
        f"please report it at {BUG_REPORT_URL}"
    )


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
