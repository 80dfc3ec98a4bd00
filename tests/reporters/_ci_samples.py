"""More hand-made results and the JSON schemas, for the tests of the CI report formats."""

from __future__ import annotations

import json
from collections.abc import Collection
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator

from dockerlint_go.findings import (
    FileResult,
    Finding,
    LintResult,
    Severity,
    Span,
    Suppression,
    SuppressionScope,
)
from dockerlint_go.record import replace
from tests.reporters._sample import API, RESULT

SCHEMAS = Path(__file__).parent / "schemas"

EMPTY = LintResult(files=())

_SILENCED = Suppression(SuppressionScope.INSTRUCTION, 6, "the cache is chowned later")


def _with(result: LintResult, path: str, *extra: Finding) -> LintResult:
    return LintResult(
        tuple(
            replace(r, findings=r.findings + extra) if r.path == path else r for r in result.files
        )
    )


# RESULT plus suppressed findings: one on an otherwise unflagged line of the api Dockerfile and
# the only finding of a file of its own. Formats must render it exactly as WITHOUT_SUPPRESSED.
WITHOUT_SUPPRESSED = LintResult(
    (*RESULT.files, FileResult("silenced/Dockerfile", (), ("FROM golang:1.22", "USER app")))
)
WITH_SUPPRESSED = _with(
    _with(
        WITHOUT_SUPPRESSED,
        API,
        Finding(
            API,
            "DG104",
            "gomodcache-unset",
            Severity.WARNING,
            "a suppressed finding",
            Span(7, 1, 7, 9),
            suppression=_SILENCED,
        ),
    ),
    "silenced/Dockerfile",
    Finding(
        "silenced/Dockerfile",
        "DG101",
        "root-owned-module-cache",
        Severity.ERROR,
        "another suppressed finding",
        Span(2, 1, 2, 9),
        suppression=_SILENCED,
    ),
)


def one_file(
    lines: tuple[str, ...],
    *findings: tuple[str, int],
    path: str = "Dockerfile",
    suppressed: Collection[int] = (),
) -> LintResult:
    """A result for one file: a warning of each ``(code, line)``, spanning the whole line.

    The findings whose index is in ``suppressed`` carry an inline suppression.
    """
    made = tuple(
        Finding(
            path,
            code,
            "some-rule",
            Severity.WARNING,
            f"at line {line}",
            Span(line, 1, line, len(lines[line - 1]) + 1),
            suppression=_SILENCED if index in suppressed else None,
        )
        for index, (code, line) in enumerate(findings)
    )
    return LintResult((FileResult(path, made, lines),))


def single(
    message: str,
    *,
    path: str = "Dockerfile",
    span: Span | None = None,
    lines: tuple[str, ...] = ("FROM golang:1.22",),
    severity: Severity = Severity.ERROR,
    fix: str | None = None,
) -> LintResult:
    """A result with a single finding of DG101."""
    span = span or Span(1, 1, 1, 5)
    finding = Finding(path, "DG101", "root-owned-module-cache", severity, message, span, fix)
    return LintResult((FileResult(path, (finding,), lines),))


# Everything a markup or a command syntax must escape.
AWKWARD = "<tag attr=\"x\"> & 'quoted' 100% done: a, b"


@cache
def _validator(name: str) -> Draft202012Validator:
    schema = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def schema_errors(instance: object, name: str) -> list[str]:
    """The violations of schema ``schemas/<name>`` by ``instance``, one line each."""
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in _validator(name).iter_errors(instance)
    ]
