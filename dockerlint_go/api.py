"""The library API: lint text or files and get a LintResult back.

``lint_text`` lints one document; ``lint_paths`` expands directories, reads files and stdin, and
lints each file once. The CLI is a thin layer over ``select_paths`` and ``lint_selection``, the two
halves of ``lint_paths``, so that it can also tell the user about directories without Dockerfiles.

A rule or model bug in one file must not cost the other files their report: ``lint_text`` lets
the exception through (a caller linting one text wants to see it), while ``lint_selection`` and
``lint_paths`` turn it into that file's only finding (DG000, "internal error while linting this
file", naming the exception and where to report the bug), record it in ``FileResult.crash``
(``LintResult.crashed`` lists such files) and go on with the next file.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Iterable, Sequence

from dockerlint_go import BUG_REPORT_URL, TYPE_CHECKING, __version__
from dockerlint_go.discover import find_dockerfiles
from dockerlint_go.findings import FileResult, Finding, LintResult, Severity, Span
from dockerlint_go.model.parse import parse_dockerfile
from dockerlint_go.model.stages import build_model
from dockerlint_go.record import Record, replace

if TYPE_CHECKING:
    from os import PathLike

    from dockerlint_go.config import Config
    from dockerlint_go.contexts import ContextOption
    from dockerlint_go.model.context import BuildContext
    from dockerlint_go.model.parse import ParsedDockerfile
    from dockerlint_go.rules._rule import Hit, Rule

__all__ = [
    "STDIN",
    "LintCrashError",
    "Selection",
    "Target",
    "UsageError",
    "lint_paths",
    "lint_selection",
    "lint_text",
    "select_paths",
]

STDIN = "-"
"""The path that stands for standard input, and the path reported for it."""

# The finding for a file that cannot be read or whose lint crashed; the name is the DG000 rule's
# when the rule set has one.
_READ_ERROR_CODE = "DG000"
_READ_ERROR_NAME = "parse-error"
# The comments that may be suppressions start with this (``suppress.MARKER``). Testing for it
# here keeps the suppression module, whose dataclasses cost about 2 ms to create, off the
# start-up path of files that have none.
_MARKER = "dockerlint-go"


class UsageError(Exception):
    """The caller asked for something impossible, such as a path that does not exist."""


class LintCrashError(Exception):
    """A bug (in a rule or the model) raised while linting ``path``; the cause is chained.

    No longer raised by ``lint_selection`` or ``lint_paths``, which report such a file with a
    DG000 finding and ``FileResult.crash`` instead; kept for code that catches it.
    """

    def __init__(self, path: str) -> None:
        super().__init__(f"internal error while linting {path}")
        self.path = path


class Target(Record):
    """One thing to lint.

    ``path`` is the path as it will be reported; ``location`` is where to read it (None for
    standard input); ``error`` is set instead when a directory search could not list it.
    """

    path: str
    location: str | None
    error: str | None = None


class Selection(Record):
    """The result of expanding the paths given by a user.

    ``targets`` are sorted by reported path and unique; ``empty_directories`` lists, as given,
    the directories that were searched and held no Dockerfile.
    """

    targets: tuple[Target, ...]
    empty_directories: tuple[str, ...]


def _default_rules() -> tuple[Rule, ...]:
    from dockerlint_go.rules import ALL_RULES

    return ALL_RULES


def lint_text(
    data: bytes | str,
    path: str = STDIN,
    rules: Sequence[Rule] | None = None,
    *,
    ignored: Collection[str] = (),
    context: BuildContext | None = None,
    context_for: Callable[[ParsedDockerfile], BuildContext | None] | None = None,
) -> FileResult:
    """Lint one Dockerfile's content; ``path`` is only used to label the findings.

    ``rules=None`` runs every registered rule. Identical findings (same code, span and message)
    are reported once, and findings come sorted. Parse problems are not special here: the DG000
    rule reports them like any other rule.

    Inline suppressions (``# dockerlint-go ignore=…``, see :mod:`dockerlint_go.suppress`) are
    applied after the rules ran: a finding they cover is kept, with ``Finding.suppression`` set.
    When a rule with a ``review`` (DG001 ``unused-suppression``) is among ``rules``, it then
    reports the suppressions that silenced nothing. Codes and names in the comments are looked
    up in ``rules`` and the registry; a comment that names a registered rule missing from
    ``rules`` is neither applied nor reported as unused.

    ``ignored`` holds the codes a configuration turns off for this file (its ``ignored`` list
    and the matching ``per-file-ignores``): those rules do not run, so a comment naming one
    raises no DG001 either. Selecting findings afterwards (dropping ignored codes, overriding
    severities) works on the result as on any other.

    ``context`` is the build context (see :mod:`dockerlint_go.contexts`); ``context_for``
    chooses it once the file is parsed (detection reads the COPY sources). Without either, the
    file is linted without a context.
    """
    active = _default_rules() if rules is None else rules
    if ignored:
        active = tuple(rule for rule in active if rule.code not in ignored)
    parsed = parse_dockerfile(data)
    if context is None and context_for is not None:
        context = context_for(parsed)
    model = build_model(parsed, context)
    findings: dict[tuple[str, Span, str], Finding] = {}
    for rule in active:
        _place(rule, rule.check(model), path, findings)
    placed = tuple(findings.values())
    if any(c.text[: len(_MARKER)].lower() == _MARKER for c in parsed.comments):
        placed = _apply_suppressions(placed, parsed, active, path)
    return FileResult(
        path=path,
        findings=tuple(sorted(placed, key=Finding.sort_key)),
        lines=tuple(parsed.lines),
        context=None if context is None else context.root,
    )


def _place(
    rule: Rule, hits: Iterable[Hit], path: str, into: dict[tuple[str, Span, str], Finding]
) -> None:
    """Turn ``rule``'s hits into findings in ``path``, keeping the first of identical ones."""
    for hit in hits:
        finding = Finding(
            path=path,
            code=rule.code,
            name=rule.name,
            severity=hit.severity or rule.severity,
            message=hit.message,
            span=hit.span,
            fix=hit.fix,
            autofix=hit.autofix,
        )
        into.setdefault((finding.code, finding.span, finding.message), finding)


def _apply_suppressions(
    findings: tuple[Finding, ...],
    parsed: ParsedDockerfile,
    active: Sequence[Rule],
    path: str,
) -> tuple[Finding, ...]:
    """Mark suppressed findings and add the reviewing rules' findings (DG001).

    Three steps: the suppressions are applied to the findings of the rules that ran, except
    comments naming a reviewing rule, whose findings do not exist yet; the reviewing rules turn
    what had no effect into findings, and the comments that name them are applied to those;
    the comments naming a reviewing rule that silenced nothing are reviewed last (those
    findings cannot be suppressed: nothing is left to suppress them).
    """
    from dockerlint_go import suppress

    directives = suppress.parse_directives(parsed)
    if not directives:
        return findings
    known = (*active, *_default_rules())
    reviewers = tuple((rule, rule.review) for rule in active if rule.review is not None)
    late = frozenset(rule.code for rule, _ in reviewers)
    first = suppress.apply(findings, directives, known, checked={r.code for r in active} - late)
    reviewed: dict[tuple[str, Span, str], Finding] = {}
    for rule, review in reviewers:
        _place(rule, review(first), path, reviewed)
    second = suppress.apply(reviewed.values(), directives, known, checked=late)
    unused = tuple(item for item in second.ineffective if item.defect is suppress.Defect.UNUSED)
    last: dict[tuple[str, Span, str], Finding] = {}
    for rule, review in reviewers:
        _place(rule, review(suppress.Outcome((), unused)), path, last)
    return first.findings + second.findings + tuple(last.values())


def select_paths(paths: Sequence[str], *, cwd: str | PathLike[str] | None = None) -> Selection:
    """Expand ``paths`` into the files to lint, without reading them.

    A file is taken whatever its name; a directory is searched with
    :func:`dockerlint_go.discover.find_dockerfiles`; ``-`` stands for standard input. Paths are
    reported relative to ``cwd`` (default: the working directory) when they lie below it, else
    as given, always with ``/`` separators. Raises :class:`UsageError` for a path that does not
    exist.
    """
    base = os.path.normpath(os.path.abspath(cwd if cwd is not None else os.getcwd()))
    targets: dict[str, Target] = {}
    empty: list[str] = []
    for given in paths:
        if given == STDIN:
            targets.setdefault(STDIN, Target(path=STDIN, location=None))
            continue
        if not given:
            raise UsageError("path not found: '' (an empty path)")
        location = _join(base, given)
        if os.path.isdir(location):
            found = find_dockerfiles(location)
            if not found.files and not found.errors:
                empty.append(given)
            for file in found.files:
                shown = _report_path(given, file, location, base)
                targets.setdefault(shown, Target(path=shown, location=file))
            for directory, reason in found.errors:
                shown = _report_path(given, directory, location, base)
                targets.setdefault(shown, Target(path=shown, location=directory, error=reason))
        elif os.path.lexists(location):
            # Anything else that exists: a file, a pipe (``<(...)``), a dangling link (whose
            # read error will be reported), a device.
            shown = _report_path(given, location, location, base)
            targets.setdefault(shown, Target(path=shown, location=location))
        else:
            raise UsageError(f"path not found: {given}")
    return Selection(
        targets=tuple(targets[key] for key in sorted(targets)),
        empty_directories=tuple(empty),
    )


def lint_selection(
    selection: Selection,
    *,
    stdin: bytes | None = None,
    rules: Sequence[Rule] | None = None,
    config: Config | None = None,
    contexts: ContextOption | None = None,
    cwd: str | PathLike[str] | None = None,
    jobs: int = 1,
) -> LintResult:
    """Read and lint every target of ``selection``, in order.

    A target that cannot be read becomes a file with one DG000 finding at 1:1. So does a file
    whose lint hits a bug (an exception from the parser, the model or a rule): its finding
    (severity error) names the exception and where to report it, ``FileResult.crash`` is set
    (``LintResult.crashed`` lists those files), and the other files are linted as usual.
    Configuration does not apply to these findings: ignoring DG000 does not hide a crash.
    Raises :class:`UsageError` when standard input is selected but ``stdin`` is None, or when
    ``jobs`` is less than 1.

    With a ``config``, each file is reported under ``file-path-in-report`` when that is set,
    the rules the configuration ignores for it do not run (so an inline suppression naming one
    is not reported as unused), and severity overrides are applied.

    ``contexts`` says which build context each file is linted with (default: detected per
    file; standard input has none), ``cwd`` what a relative ``--context`` is relative to.

    ``jobs`` above 1 lints the files in up to that many worker processes
    (:mod:`dockerlint_go.parallel`) when there is more than one target; the result is the same
    as with one process, file for file and in the same order. A worker process that dies turns
    each file it had not returned into a DG000 internal-error finding with ``crash`` set.
    """
    if jobs < 1:
        raise UsageError(f"the number of jobs must be at least 1, not {jobs}")
    linter = TargetLinter(
        _default_rules() if rules is None else rules,
        config,
        contexts,
        os.fspath(cwd) if cwd is not None else os.getcwd(),
    )
    targets = selection.targets
    if stdin is None and any(t.location is None and t.error is None for t in targets):
        raise UsageError("standard input was selected ('-') but none was provided")
    if jobs > 1 and len(targets) > 1:
        from dockerlint_go.parallel import lint_in_parallel

        return LintResult(files=lint_in_parallel(linter, targets, stdin=stdin, jobs=jobs))
    return LintResult(files=tuple(linter.lint(target, stdin) for target in targets))


class TargetLinter:
    """Lints one target at a time with fixed rules, configuration and context options.

    This is the body of :func:`lint_selection`, shared by its serial loop and by the worker
    processes of :mod:`dockerlint_go.parallel`, so that a file is linted the same way whichever
    process does it. The build contexts read along the way are cached per process; a pickled
    linter carries only its settings and starts with an empty cache.
    """

    __slots__ = ("_config", "_here", "_option", "_reader", "_relabel", "rules")

    def __init__(
        self,
        rules: Sequence[Rule],
        config: Config | None,
        contexts: ContextOption | None,
        here: str,
    ) -> None:
        from dockerlint_go.contexts import ContextOption, ContextReader

        self.rules = tuple(rules)
        self._config = config
        self._option = contexts if contexts is not None else ContextOption()
        self._here = here  # what a relative --context is relative to
        self._reader = ContextReader()
        self._relabel = config.file_path_in_report.value if config is not None else None

    def __reduce__(self) -> tuple[type[TargetLinter], tuple[object, ...]]:
        return (TargetLinter, (self.rules, self._config, self._option, self._here))

    def lint(self, selected: Target, stdin: bytes | None = None) -> FileResult:
        """Read and lint one target (``stdin`` is the content of a ``-`` target); see
        :func:`lint_selection` for unreadable files, crashes and the configuration."""
        target = replace(selected, path=self._relabel) if self._relabel else selected
        active = self.rules
        if target.error is not None:
            return _unreadable(target.path, "cannot read this directory", target.error, active)
        if target.location is None:
            if stdin is None:
                raise UsageError("standard input was selected ('-') but none was provided")
            data = stdin
        else:
            try:
                data = _read_file(target.location)
            except OSError as exc:
                reason = exc.strerror or str(exc)
                return _unreadable(target.path, "cannot read this file", reason, active)
        return self.lint_data(selected, data)

    def lint_data(self, selected: Target, data: bytes) -> FileResult:
        """Lint ``data`` as the content of ``selected`` (--fix lints each version of a file
        this way: same rules, configuration and build context)."""
        from dockerlint_go.contexts import choose_context

        config = self._config
        target = replace(selected, path=self._relabel) if self._relabel else selected
        active = self.rules
        if config is not None:
            from dockerlint_go.selection import ignored_for, select

            ignored = ignored_for(config, target.path)
        else:
            ignored = frozenset()
        dockerfile = target.location
        option, here, reader = self._option, self._here, self._reader

        def context_for(parsed: ParsedDockerfile) -> BuildContext | None:
            choice = choose_context(dockerfile, parsed, option, here, reader)
            if choice.directory is None or not os.path.isdir(choice.directory):
                return None
            return reader.view(choice.directory, dockerfile)

        try:
            result = lint_text(data, target.path, active, ignored=ignored, context_for=context_for)
        except Exception as exc:
            return _crashed(target.path, exc, active)
        if config is not None:
            result = replace(result, findings=select(result.findings, config))
        return result

    def crashed(self, selected: Target, exc: Exception) -> FileResult:
        """The result of a target whose lint failed outside :meth:`lint` (a worker process that
        died): one DG000 error naming ``exc``, as for a crash inside it."""
        return _crashed(self._relabel or selected.path, exc, self.rules)


def lint_paths(
    paths: Sequence[str],
    *,
    stdin: bytes | None = None,
    rules: Sequence[Rule] | None = None,
    cwd: str | PathLike[str] | None = None,
) -> LintResult:
    """Lint files and directories; ``-`` lints ``stdin`` (reported as ``-``).

    See :func:`select_paths` for how paths are expanded and reported, and
    :func:`lint_selection` for what happens to unreadable files and to files that hit a bug.
    """
    return lint_selection(select_paths(paths, cwd=cwd), stdin=stdin, rules=rules, cwd=cwd)


def _read_file(location: str) -> bytes:
    with open(location, "rb") as handle:
        return handle.read()


def _join(base: str, given: str) -> str:
    """``given`` joined to ``base`` as ``pathlib`` joins them: ``.`` parts and repeated or
    trailing separators dropped, ``..`` kept (it may cross a symbolic link). Strings and
    os.path, not pathlib, in this module: importing pathlib costs a one-file run about 3 ms."""
    joined = os.path.join(base, given)
    parts = [part for part in joined.split(os.sep) if part not in ("", os.curdir)]
    if joined.startswith(os.sep):
        return os.sep + os.sep.join(parts)
    return os.sep.join(parts) or os.curdir


def _report_path(given: str, found: str, given_location: str, base: str) -> str:
    """The path to show for ``found``, a file at or below ``given_location`` (``given`` joined to
    ``base``): relative to ``base`` when below it, else ``given`` followed by the rest."""
    normal = os.path.normpath(found)
    prefix = base if base.endswith(os.sep) else base + os.sep
    # Both are normalised absolute paths: a prefix test is commonpath's answer, without the
    # two getcwd calls per file that relpath makes.
    if normal.startswith(prefix) and normal != base:
        shown = normal[len(prefix) :]
    else:
        rest = os.path.relpath(normal, os.path.normpath(given_location))
        shown = os.path.normpath(given if rest == os.curdir else os.path.join(given, rest))
    return _printable_path(shown.replace(os.sep, "/"))


def _printable_path(path: str) -> str:
    """Replace the undecodable bytes of a file name (kept as surrogates by Python) so that the
    path can always be written out as UTF-8."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _unreadable(path: str, what: str, reason: str, rules: Sequence[Rule]) -> FileResult:
    finding = _file_finding(path, f"{what}: {reason}", rules)
    return FileResult(path=path, findings=(finding,), lines=())


def _crashed(path: str, exc: Exception, rules: Sequence[Rule]) -> FileResult:
    """The result of a file whose lint raised ``exc``: one DG000 error that says so."""
    detail = str(exc).strip().splitlines()
    what = type(exc).__name__ + (f": {detail[0].strip()}" if detail else "")
    message = (
        f"internal error while linting this file: {what}; this is a bug in dockerlint-go "
        f"{__version__}, please report it at {BUG_REPORT_URL}"
    )
    finding = _file_finding(path, message, rules, Severity.ERROR)
    return FileResult(path=path, findings=(finding,), lines=(), crash=what)


def _file_finding(
    path: str, message: str, rules: Sequence[Rule], severity: Severity | None = None
) -> Finding:
    """A DG000 finding at 1:1 about the whole file, named after the DG000 rule in ``rules``
    (with its severity unless ``severity`` is given)."""
    name, default = _READ_ERROR_NAME, Severity.ERROR
    for rule in rules:
        if rule.code == _READ_ERROR_CODE:
            name, default = rule.name, rule.severity
            break
    return Finding(
        path=path,
        code=_READ_ERROR_CODE,
        name=name,
        severity=severity or default,
        message=message,
        span=Span(1, 1, 1, 1),
    )
