"""The JSON report: an array with one object per finding, readable by hadolint consumers.

Each object has hadolint's keys ``file``, ``line``, ``column``, ``level``, ``code`` and
``message``, then ``name``, ``end_line`` and ``end_column`` (1-based, ``end_column`` exclusive),
and ``fix`` only when the rule suggested one, then ``fix_available`` (whether ``--fix`` can
repair it) and ``fix_applicability`` (``safe``, ``unsafe``, or null without a fix). A finding
silenced by an inline ``# dockerlint-go ignore=`` comment is still listed, with
``"suppressed": true`` and ``justification`` (the reason written in the comment, or null) as
its last keys; other findings have neither key. Keys keep that order, findings are sorted,
and the text ends with a newline.
``level`` is ``error``, ``warning`` or ``info``.
"""

from __future__ import annotations

import json

from dockerlint_go import TYPE_CHECKING
from dockerlint_go.findings import Finding, LintResult

if TYPE_CHECKING:
    from dockerlint_go.reporters import ReportContext

__all__ = ["render"]


def render(result: LintResult, context: ReportContext) -> str:
    """Render ``result`` as a JSON array (the context is not needed)."""
    del context
    return json.dumps([_entry(f) for f in result.findings], indent=2, ensure_ascii=False) + "\n"


_Value = str | int | bool | None | dict[str, str | list[str]]


def _entry(finding: Finding) -> dict[str, _Value]:
    entry: dict[str, _Value] = {
        "file": finding.path,
        "line": finding.span.line,
        "column": finding.span.column,
        "level": finding.severity.value,
        "code": finding.code,
        "message": finding.message,
        "name": finding.name,
        "end_line": finding.span.end_line,
        "end_column": finding.span.end_column,
    }
    if finding.fix is not None:
        entry["fix"] = finding.fix
    autofix = finding.autofix if finding.suppression is None else None  # never fixed
    entry["fix_available"] = autofix is not None
    entry["fix_applicability"] = autofix.applicability.value if autofix is not None else None
    if finding.suppression is not None:
        entry["suppressed"] = True
        entry["justification"] = finding.suppression.justification
    if finding.confirmation is not None:
        entry["confirmation"] = finding.confirmation.as_dict()
    return entry
