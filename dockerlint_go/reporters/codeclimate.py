"""The Code Climate report: a stream of issues as the Code Climate engine specification defines.

Each finding is one issue (https://github.com/codeclimate/platform/blob/master/spec/analyzers/
SPEC.md, "Data Types"), written as one line of compact JSON terminated by the NUL character the
specification requires and then a newline, which it allows: ``{…}\\0\\n``. This is the shape
hadolint's ``codeclimate`` format emits (without the newline) and what the Code Climate CLI and
converters read. An empty result is an empty report. For GitLab's code quality widget use the
``gitlab_codeclimate`` format, a single JSON array.

An issue has, in this order:

- ``type``: ``"issue"``; ``check_name``: the rule code (``DG101``);
- ``description``: the message, on one line as the specification asks;
- ``content.body`` (Markdown): the rule's summary, its fix when it gave one, and a link to its
  documentation (omitted for a rule outside the registry that gave no fix);
- ``categories``: one of ``Bug Risk`` (rules whose finding breaks the build),
  ``Performance`` (DG102, which only costs cache hits) and ``Clarity`` (DG001);
- ``location``: ``path`` and ``positions`` with ``begin`` and ``end`` as 1-based line and column;
  ``end`` is the last flagged character (inclusive), columns count code points;
- ``severity``: ``error`` → ``blocker``, ``warning`` → ``major``, ``info`` → ``info``, as hadolint
  maps them (``minor`` and ``critical`` are unused);
- ``fingerprint``: see :func:`dockerlint_go.reporters._common.fingerprinted` (it does not depend
  on the line number, so an issue keeps its identity when code moves).

Findings silenced by an inline suppression are not reported: the format cannot mark them.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from dockerlint_go import TYPE_CHECKING
from dockerlint_go.findings import Severity
from dockerlint_go.reporters._common import (
    Json,
    JsonObject,
    classify,
    dump_json,
    fingerprinted,
    one_line,
    registered,
)

if TYPE_CHECKING:
    from dockerlint_go.findings import Finding, LintResult
    from dockerlint_go.reporters import ReportContext
    from dockerlint_go.rules._rule import Rule

__all__ = ["SEVERITIES", "issue", "render"]

SEVERITIES: Mapping[Severity, str] = MappingProxyType(
    {Severity.ERROR: "blocker", Severity.WARNING: "major", Severity.INFO: "info"}
)


def render(result: LintResult, context: ReportContext) -> str:
    """Render ``result`` as NUL-terminated Code Climate issues, one per line."""
    rules = registered(context)
    return "".join(
        dump_json(issue(finding, fingerprint, rules.get(finding.code)), indent=None) + "\0\n"
        for finding, fingerprint in fingerprinted(result)
    )


def issue(finding: Finding, fingerprint: str, rule: Rule | None) -> JsonObject:
    """The Code Climate issue for ``finding``."""
    span = finding.span
    last_column = span.end_column - 1
    if span.end_line == span.line:
        last_column = max(last_column, span.column)
    entry: JsonObject = {
        "type": "issue",
        "check_name": finding.code,
        "description": one_line(finding.message),
    }
    body = _content(finding, rule)
    if body:
        entry["content"] = {"body": body}
    location: JsonObject = {
        "path": finding.path,
        "positions": {
            "begin": {"line": span.line, "column": span.column},
            "end": {"line": span.end_line, "column": max(last_column, 1)},
        },
    }
    categories: list[Json] = [classify(rule).category]
    entry |= {
        "categories": categories,
        "location": location,
        "severity": SEVERITIES[finding.severity],
        "fingerprint": fingerprint,
    }
    return entry


def _content(finding: Finding, rule: Rule | None) -> str:
    parts: list[str] = []
    if rule is not None:
        parts.append(f"**{rule.code} {rule.name}**: {rule.summary}")
    if finding.fix:
        parts.append(f"Fix: {finding.fix}")
    if rule is not None:
        parts.append(f"See [{rule.code}]({rule.doc_url}).")
    return "\n\n".join(parts)
