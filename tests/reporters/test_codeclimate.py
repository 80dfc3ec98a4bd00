"""The Code Climate reporter: a NUL-terminated stream of issues, each valid per the spec."""

from __future__ import annotations

import json

import pytest

from dockerlint_go.findings import Severity, Span
from dockerlint_go.reporters import codeclimate, gitlab_codeclimate
from tests.reporters._ci_samples import (
    EMPTY,
    WITH_SUPPRESSED,
    WITHOUT_SUPPRESSED,
    schema_errors,
    single,
)
from tests.reporters._sample import CLEAN, RESULT, check_golden, context

SCHEMA = "codeclimate-issue.schema.json"


def render(result=RESULT) -> str:
    return codeclimate.render(result, context())


def issues(result=RESULT) -> list[dict]:
    """Read the stream as the Code Climate CLI does: split at NUL, skip blank chunks."""
    return [json.loads(chunk) for chunk in render(result).split("\0") if chunk.strip()]


def test_golden():
    # The NULs are shown as U+2400 (SYMBOL FOR NULL) so that git and reviewers see text.
    text = render()
    assert "\N{SYMBOL FOR NULL}" not in text
    check_golden("report.codeclimate.txt", text.replace("\0", "\N{SYMBOL FOR NULL}"))


@pytest.mark.parametrize("result", [CLEAN, EMPTY], ids=["clean", "empty"])
def test_no_findings_is_an_empty_stream(result):
    assert render(result) == ""


def test_each_issue_is_one_line_terminated_by_nul():
    text = render()
    assert text.endswith("\0\n")
    lines = text.split("\n")[:-1]
    assert len(lines) == len(RESULT.findings)
    assert all(line.endswith("\0") and line.count("\0") == 1 for line in lines)


def test_every_issue_is_valid_against_the_spec_schema():
    assert [schema_errors(issue, SCHEMA) for issue in issues()] == [[]] * len(RESULT.findings)


def test_the_schema_catches_errors():
    issue = issues()[0]
    issue["type"] = "bug"
    issue["categories"] = []
    issue["description"] = "two\nlines"
    issue["location"]["positions"]["begin"]["column"] = 0
    assert len(schema_errors(issue, SCHEMA)) == 4


def test_issue_fields_in_order():
    first = issues()[0]
    assert list(first) == [
        "type",
        "check_name",
        "description",
        "content",
        "categories",
        "location",
        "severity",
        "fingerprint",
    ]
    assert first["check_name"] == "DG101"
    assert first["content"]["body"] == (
        "**DG101 root-owned-module-cache**: "
        "A non-root user runs go against a module cache that root filled.\n\n"
        "Fix: Download modules after `USER app`, or chown the cache.\n\n"
        "See [DG101](https://github.com/dockerlint-go/dockerlint-go/blob/main/rules/DG101.md)."
    )
    # A rule outside the registry that gave no fix has nothing more to say.
    assert "content" not in issues()[1]


def test_severities_and_categories():
    summary = [(i["check_name"], i["severity"], i["categories"]) for i in issues()]
    assert summary == [
        ("DG101", "blocker", ["Bug Risk"]),
        ("DG999", "info", ["Bug Risk"]),
        ("DG102", "major", ["Performance"]),
        ("DG101", "blocker", ["Bug Risk"]),
        ("DG101", "info", ["Bug Risk"]),
        ("DG101", "blocker", ["Bug Risk"]),
        ("DG102", "major", ["Performance"]),
        ("DG000", "blocker", ["Bug Risk"]),
    ]
    assert codeclimate.SEVERITIES == {
        Severity.ERROR: "blocker",
        Severity.WARNING: "major",
        Severity.INFO: "info",
    }


def test_positions_end_at_the_last_flagged_character():
    positions = [i["location"]["positions"] for i in issues()]
    assert positions[2] == {"begin": {"line": 4, "column": 1}, "end": {"line": 4, "column": 8}}
    assert positions[3] == {"begin": {"line": 5, "column": 5}, "end": {"line": 6, "column": 31}}
    # An empty span (an unreadable file) ends where it begins.
    assert positions[7] == {"begin": {"line": 1, "column": 1}, "end": {"line": 1, "column": 1}}
    (ends_at_line_start,) = issues(single("m", span=Span(1, 3, 2, 1), lines=("abc", "d")))
    assert ends_at_line_start["location"]["positions"]["end"] == {"line": 2, "column": 1}


def test_descriptions_are_single_lines():
    (issue,) = issues(single("a\nb\r\nc\x1b"))
    assert issue["description"] == "a b c\N{REPLACEMENT CHARACTER}"
    assert schema_errors(issue, SCHEMA) == []


def test_fingerprints_are_the_gitlab_ones():
    gitlab = json.loads(gitlab_codeclimate.render(RESULT, context()))
    assert [i["fingerprint"] for i in issues()] == [g["fingerprint"] for g in gitlab]


def test_suppressed_findings_are_left_out():
    assert render(WITH_SUPPRESSED) == render(WITHOUT_SUPPRESSED) == render(RESULT)


def test_deterministic():
    assert render() == render()
