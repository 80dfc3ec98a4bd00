"""The SonarQube generic external issue report (``sonar.externalIssuesReportPaths``).

This is the format SonarQube Server 10.3+ and SonarQube Cloud read, with Clean Code
``rules`` next to the ``issues`` (https://docs.sonarsource.com/sonarqube-server/latest/
analyzing-source-code/importing-external-issues/generic-issue-import-format/)::

    {
      "rules": [
        {"id": "DG102", "name": "source-before-mod-download", "description": "…",
         "engineId": "dockerlint-go", "cleanCodeAttribute": "EFFICIENT",
         "impacts": [{"softwareQuality": "MAINTAINABILITY", "severity": "MEDIUM"}]}
      ],
      "issues": [
        {"ruleId": "DG102",
         "primaryLocation": {"message": "…", "filePath": "services/api/Dockerfile",
                             "textRange": {"startLine": 4, "endLine": 4,
                                           "startColumn": 0, "endColumn": 8}}}
      ]
    }

Rules: only those that fired, sorted by id. SonarQube puts the severity on the rule, not on the
issue (and rejects issue-level ``severity``/``type`` in this format), while one of our rules may
report findings at several severities. So a rule gets one entry per severity it fired at: its
code as the id for its registered default severity (and for a code outside the registry), and
``<CODE>.<severity>`` (``DG104.info``) for any other. Impact severities: ``error`` → ``HIGH``,
``warning`` → ``MEDIUM``, ``info`` → ``LOW`` (the levels every 10.3+ server accepts). The
software quality and Clean Code attribute are ``RELIABILITY``/``LOGICAL`` for rules whose
findings break the build, ``MAINTAINABILITY``/``EFFICIENT`` for DG102,
``MAINTAINABILITY``/``CLEAR`` for DG001 and ``SECURITY``/``TRUSTWORTHY`` for the security
rules. The description is the rule's summary and the link to its documentation.
No ``effortMinutes``.

Text ranges: lines are 1-based, columns 0-based with an exclusive end, counted in UTF-16 code
units as SonarQube's Java strings count them (converted from our 1-based code-point columns
using the source line when it is known). SonarQube refuses an empty range, so a finding whose
span is empty (an unreadable file) carries lines only and SonarQube selects the whole line.

Messages are put on one line, control characters shown as U+FFFD. ``filePath`` is the path as
reported; SonarQube resolves it against ``sonar.projectBaseDir`` and skips, with a log line,
issues on files it does not index (standard input, files outside the project). Findings
silenced by an inline suppression are not reported: the format cannot mark them. An empty
result is ``{"rules": [], "issues": []}``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType

from dockerlint_go import TYPE_CHECKING
from dockerlint_go.findings import Severity
from dockerlint_go.reporters._common import (
    TOOL_NAME,
    Json,
    JsonObject,
    classify,
    dump_json,
    one_line,
    registered,
    reported,
    source_lines,
)

if TYPE_CHECKING:
    from dockerlint_go.findings import Finding, LintResult
    from dockerlint_go.reporters import ReportContext
    from dockerlint_go.rules._rule import Rule

__all__ = ["IMPACT_SEVERITIES", "render"]

IMPACT_SEVERITIES: Mapping[Severity, str] = MappingProxyType(
    {Severity.ERROR: "HIGH", Severity.WARNING: "MEDIUM", Severity.INFO: "LOW"}
)


def render(result: LintResult, context: ReportContext) -> str:
    """Render ``result`` as a SonarQube generic issue report (JSON text ending in a newline)."""
    rules = registered(context)
    source_line = source_lines(result)
    descriptors: dict[str, JsonObject] = {}
    issues: list[Json] = []
    for finding in reported(result):
        rule = rules.get(finding.code)
        rule_id = _rule_id(finding, rule)
        if rule_id not in descriptors:
            descriptors[rule_id] = _descriptor(rule_id, finding, rule)
        issues.append(_issue(rule_id, finding, source_line))
    report: JsonObject = {
        "rules": [descriptors[rule_id] for rule_id in sorted(descriptors)],
        "issues": issues,
    }
    return dump_json(report) + "\n"


def _rule_id(finding: Finding, rule: Rule | None) -> str:
    if rule is None or finding.severity is rule.severity:
        return finding.code
    return f"{finding.code}.{finding.severity.value}"


def _descriptor(rule_id: str, finding: Finding, rule: Rule | None) -> JsonObject:
    classification = classify(rule)
    name = finding.name if rule is None else rule.name
    if rule_id != finding.code:
        name = f"{name} ({finding.severity.value})"
    description = name if rule is None else f"{rule.summary} See {rule.doc_url}"
    return {
        "id": rule_id,
        "name": name,
        "description": description,
        "engineId": TOOL_NAME,
        "cleanCodeAttribute": classification.clean_code_attribute,
        "impacts": [
            {
                "softwareQuality": classification.software_quality,
                "severity": IMPACT_SEVERITIES[finding.severity],
            }
        ],
    }


def _issue(
    rule_id: str, finding: Finding, source_line: Callable[[str, int], str | None]
) -> JsonObject:
    span = finding.span
    text_range: JsonObject = {"startLine": span.line, "endLine": span.end_line}
    if (span.end_line, span.end_column) > (span.line, span.column):
        start_line = source_line(finding.path, span.line)
        end_line = source_line(finding.path, span.end_line)
        text_range["startColumn"] = _utf16_offset(start_line, span.column)
        text_range["endColumn"] = _utf16_offset(end_line, span.end_column)
    return {
        "ruleId": rule_id,
        "primaryLocation": {
            "message": one_line(finding.message),
            "filePath": finding.path,
            "textRange": text_range,
        },
    }


def _utf16_offset(line: str | None, column: int) -> int:
    """The 0-based UTF-16 offset of 1-based code-point ``column`` (code points without a line)."""
    if line is None:
        return column - 1
    head = line[: column - 1]
    astral = sum(1 for char in head if ord(char) > 0xFFFF)
    return column - 1 + astral
