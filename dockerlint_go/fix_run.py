"""``--fix`` and ``--diff`` over a selection of Dockerfiles: fix each file's text, then write it
back safely, print a unified diff, or hand the fixed standard input back.

Each file is linted with the same rules, configuration and build context as a plain run (one
:class:`~dockerlint_go.api.TargetLinter`), and :func:`~dockerlint_go.fixer.fix_text` applies
the fixes the options allow. A file is written only when it is a regular, writable file whose
content is still what was read: the new text goes to a temporary file in the same directory
(mode and owner copied) that is renamed over the original, so a reader never sees half a file
and nothing is lost when the write fails.
"""

from __future__ import annotations

import contextlib
import difflib
import os
import stat
import tempfile
from collections.abc import Callable, Sequence

from dockerlint_go.api import STDIN, Selection, Target, TargetLinter
from dockerlint_go.config import Config
from dockerlint_go.contexts import ContextOption
from dockerlint_go.findings import FileResult, Finding
from dockerlint_go.fixer import FixOutcome, fix_text
from dockerlint_go.fixes import Applicability
from dockerlint_go.record import Record
from dockerlint_go.rules._rule import Rule

__all__ = ["FileFix", "fix_selection", "unified_diff", "unsafe_left", "write_fixed"]


class FileFix(Record):
    path: str  # as reported
    location: str | None  # the file on disk; None for standard input
    original: bytes
    outcome: FixOutcome | None  # None when the file could not be read
    result: FileResult  # what to report for the file: after the fixes, or as it is
    error: str | None = None  # why the fixed text was not written


def _wanted(config: Config | None, unsafe: bool) -> Callable[[Finding], bool]:
    def wanted(finding: Finding) -> bool:
        fix = finding.autofix
        if fix is None:
            return False
        if fix.applicability is Applicability.UNSAFE and not unsafe:
            return False
        return config is None or config.may_fix(finding.code)

    return wanted


def fix_selection(
    selection: Selection,
    *,
    rules: Sequence[Rule],
    config: Config | None,
    contexts: ContextOption | None,
    cwd: str,
    stdin: bytes | None,
    unsafe: bool,
    write: bool,
) -> list[FileFix]:
    """Fix every target of ``selection``; ``write`` puts the fixed files in place."""
    linter = TargetLinter(rules, config, contexts, cwd)
    wanted = _wanted(config, unsafe)
    fixed: list[FileFix] = []
    for target in selection.targets:
        first = linter.lint(target, stdin)
        if target.error is not None or first.crash is not None:
            fixed.append(FileFix(first.path, target.location, b"", None, first))
            continue
        if target.location is None:
            data = stdin or b""
        else:
            try:
                with open(target.location, "rb") as handle:
                    data = handle.read()
            except OSError:
                fixed.append(FileFix(first.path, target.location, b"", None, first))
                continue

        def lint(version: bytes, target: Target = target) -> FileResult:
            return linter.lint_data(target, version)

        outcome = fix_text(data, lint, wanted=wanted)
        error = None
        result = outcome.result
        if write and outcome.changed and target.location is not None:
            error = write_fixed(target.location, data, outcome.data)
            if error is not None:
                result = first
        fixed.append(FileFix(first.path, target.location, data, outcome, result, error))
    return fixed


def write_fixed(location: str, original: bytes, new: bytes) -> str | None:
    """Replace ``location``'s content ``original`` with ``new``; None, or why it was not done
    (the file is then untouched)."""
    real = os.path.realpath(location)  # a symbolic link stays a link to the fixed file
    try:
        info = os.stat(real)
    except OSError as exc:
        return f"cannot read it again: {exc.strerror or exc}"
    if not stat.S_ISREG(info.st_mode):
        return "it is not a regular file"
    if not info.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        return "it is read-only"
    try:
        with open(real, "rb") as handle:
            current = handle.read()
    except OSError as exc:
        return f"cannot read it again: {exc.strerror or exc}"
    if current != original:
        return "it changed while it was being fixed"
    directory = os.path.dirname(real)
    try:
        fd, temporary = tempfile.mkstemp(
            dir=directory, prefix=f".{os.path.basename(real)}.", suffix=".fix"
        )
    except OSError as exc:
        return f"cannot write in {directory}: {exc.strerror or exc}"
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(new)
        os.chmod(temporary, info.st_mode & 0o7777)
        with contextlib.suppress(OSError):
            os.chown(temporary, info.st_uid, info.st_gid)
        os.replace(temporary, real)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        return f"cannot write it: {exc.strerror or exc}"
    return None


def unified_diff(path: str, original: bytes, new: bytes) -> str:
    """A unified diff from ``original`` to ``new`` (``a/`` and ``b/`` prefixes, as git shows)."""
    shown = "-" if path == STDIN else path
    old_lines = original.decode("utf-8", "replace").splitlines(keepends=True)
    new_lines = new.decode("utf-8", "replace").splitlines(keepends=True)
    lines = list(
        difflib.unified_diff(old_lines, new_lines, fromfile=f"a/{shown}", tofile=f"b/{shown}")
    )
    out = []
    for line in lines:
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def unsafe_left(files: Sequence[FileFix]) -> str:
    """A hint for the summary line when findings left over have unsafe fixes: ``"; 2 more
    fixes are available with --unsafe-fixes"``, or ""."""
    count = sum(
        1
        for f in files
        for finding in f.result.findings
        if finding.autofix is not None
        and finding.autofix.applicability is Applicability.UNSAFE
        and not finding.suppressed
    )
    if not count:
        return ""
    return f"; {count} more fix{'es are' if count != 1 else ' is'} available with --unsafe-fixes"
