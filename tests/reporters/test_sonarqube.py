"""The SonarQube generic issue reporter: schema, rules per severity and 0-based columns."""

from __future__ import annotations

import json

import pytest

from dockerlint_go.findings import FileResult, Finding, LintResult, Severity, Span
from dockerlint_go.reporters import sonarqube
from tests.reporters._ci_samples import (
    EMPTY,
    WITH_SUPPRESSED,
    WITHOUT_SUPPRESSED,
    schema_errors,
    single,
)
from tests.reporters._sample import CLEAN, RESULT, check_golden, context

SCHEMA = "sonarqube-generic-issues.schema.json"


def render(result=RESULT) -> str:
    return sonarqube.render(result, context())


def report(result=RESULT) -> dict:
    return json.loads(render(result))


def importer_problems(report: dict, result: LintResult) -> list[str]:
    """What SonarQube's scanner rejects beyond the schema, given the linted sources."""
    problems: list[str] = []
    ids = [rule["id"] for rule in report["rules"]]
    if len(ids) != len(set(ids)):
        problems.append("duplicate rule ids")
    for n, issue in enumerate(report["issues"]):
        location = issue["primaryLocation"]
        if issue["ruleId"] not in ids:
            problems.append(f"issue {n}: rule {issue['ruleId']} not present")
        text_range = location["textRange"]
        if "startColumn" not in text_range:
            continue
        start = (text_range["startLine"], text_range["startColumn"])
        end = (text_range["endLine"], text_range["endColumn"])
        if start >= end:
            problems.append(f"issue {n}: start pointer is not before end pointer")
        for line, offset in (start, end):
            source = result.source_line(location["filePath"], line)
            length = None if source is None else len(source.encode("utf-16-le")) // 2
            if length is not None and offset > length:
                problems.append(f"issue {n}: offset {offset} beyond line {line} ({length})")
    return problems


def test_golden():
    check_golden("report.sonarqube.json", render())


@pytest.mark.parametrize("result", [CLEAN, EMPTY], ids=["clean", "empty"])
def test_no_findings(result):
    assert render(result) == '{\n  "rules": [],\n  "issues": []\n}\n'


@pytest.mark.parametrize(
    "result", [RESULT, CLEAN, WITH_SUPPRESSED], ids=["findings", "clean", "suppressed"]
)
def test_valid_against_the_schema_and_the_importer_checks(result):
    assert schema_errors(report(result), SCHEMA) == []
    assert importer_problems(report(result), result) == []


def test_the_checks_catch_errors():
    broken = report()
    broken["rules"][0]["impacts"] = []
    broken["rules"][1]["cleanCodeAttribute"] = "TIDY"
    broken["issues"][0]["severity"] = "MAJOR"  # deprecated next to rules: the scanner fails
    del broken["issues"][1]["primaryLocation"]["filePath"]
    assert len(schema_errors(broken, SCHEMA)) == 4
    broken = report()
    broken["rules"].append(broken["rules"][0])
    broken["issues"][0]["ruleId"] = "DG404"
    broken["issues"][2]["primaryLocation"]["textRange"]["endColumn"] = 0
    broken["issues"][6]["primaryLocation"]["textRange"]["endColumn"] = 99
    assert len(importer_problems(broken, RESULT)) == 4


def test_rules_fired_one_per_severity_sorted():
    rules = report()["rules"]
    assert [(r["id"], r["name"], r["impacts"]) for r in rules] == [
        ("DG000", "parse-error", [{"softwareQuality": "RELIABILITY", "severity": "HIGH"}]),
        (
            "DG101",
            "root-owned-module-cache",
            [{"softwareQuality": "RELIABILITY", "severity": "HIGH"}],
        ),
        (
            "DG101.info",
            "root-owned-module-cache (info)",
            [{"softwareQuality": "RELIABILITY", "severity": "LOW"}],
        ),
        (
            "DG102",
            "source-before-mod-download",
            [{"softwareQuality": "MAINTAINABILITY", "severity": "MEDIUM"}],
        ),
        ("DG999", "custom-check", [{"softwareQuality": "RELIABILITY", "severity": "LOW"}]),
    ]
    assert {r["engineId"] for r in rules} == {"dockerlint-go"}
    assert [r["cleanCodeAttribute"] for r in rules] == [
        "LOGICAL",
        "LOGICAL",
        "LOGICAL",
        "EFFICIENT",
        "LOGICAL",
    ]
    assert rules[1]["description"] == (
        "A non-root user runs go against a module cache that root filled. "
        "See https://github.com/dockerlint-go/dockerlint-go/blob/main/rules/DG101.md"
    )
    # Only the impact severities every SonarQube 10.3+ accepts.
    assert set(sonarqube.IMPACT_SEVERITIES.values()) == {"HIGH", "MEDIUM", "LOW"}


def test_issues_follow_the_findings_with_zero_based_columns():
    issues = report()["issues"]
    assert [i["ruleId"] for i in issues] == [
        "DG101",
        "DG999",
        "DG102",
        "DG101",
        "DG101.info",
        "DG101",
        "DG102",
        "DG000",
    ]
    assert [list(i) for i in issues] == [["ruleId", "primaryLocation"]] * len(issues)
    ranges = [i["primaryLocation"]["textRange"] for i in issues]
    # `COPY . .`: 1-based columns 1..9 (exclusive) are 0-based 0..8 (exclusive).
    assert ranges[2] == {"startLine": 4, "endLine": 4, "startColumn": 0, "endColumn": 8}
    assert ranges[3] == {"startLine": 5, "endLine": 6, "startColumn": 4, "endColumn": 31}
    # An empty span selects the whole line: SonarQube refuses an empty range.
    assert ranges[7] == {"startLine": 1, "endLine": 1}
    assert issues[5]["primaryLocation"]["message"] == (
        "café ✓ \N{REPLACEMENT CHARACTER}[2J message with a control character"
    )


def test_columns_are_counted_in_utf16_code_units():
    line = "RUN echo 😀 && go get x"
    start = line.index("go get") + 1
    result = single("m", span=Span(1, start, 1, len(line) + 1), lines=(line,))
    (issue,) = report(result)["issues"]
    assert issue["primaryLocation"]["textRange"] == {
        "startLine": 1,
        "endLine": 1,
        "startColumn": start,  # one more than the 0-based code-point offset: the emoji is 2
        "endColumn": len(line) + 1,
    }
    assert importer_problems(report(result), result) == []


def test_a_config_override_gets_its_own_rule():
    finding = Finding(
        "Dockerfile",
        "DG102",
        "source-before-mod-download",
        Severity.ERROR,
        "m",
        Span(1, 1, 1, 5),
    )
    result = LintResult((FileResult("Dockerfile", (finding,), ("COPY . .",)),))
    (rule,) = report(result)["rules"]
    assert (rule["id"], rule["name"], rule["impacts"]) == (
        "DG102.error",
        "source-before-mod-download (error)",
        [{"softwareQuality": "MAINTAINABILITY", "severity": "HIGH"}],
    )


def test_suppressed_findings_are_left_out():
    assert render(WITH_SUPPRESSED) == render(WITHOUT_SUPPRESSED) == render(RESULT)


def test_deterministic():
    assert render() == render()
