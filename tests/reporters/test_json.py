"""The JSON reporter."""

from __future__ import annotations

import json

from dockerlint_go.reporters import json as json_reporter
from tests.reporters._sample import CLEAN, RESULT, SUPPRESSED, check_golden, context


def test_golden():
    check_golden("report.json", json_reporter.render(RESULT, context()))


def test_clean_is_an_empty_array():
    assert json_reporter.render(CLEAN, context()) == "[]\n"


def test_keys_and_their_order():
    entries = json.loads(json_reporter.render(RESULT, context()))
    base = ["file", "line", "column", "level", "code", "message", "name", "end_line", "end_column"]
    for entry in entries:
        fixes = ["fix_available", "fix_applicability"]
        assert list(entry) == base + (["fix"] if "fix" in entry else []) + fixes
        assert entry["fix_available"] is (entry["fix_applicability"] is not None)
    assert sum("fix" in e for e in entries) == 2


def test_entries_follow_the_sorted_findings():
    entries = json.loads(json_reporter.render(RESULT, context()))
    assert [(e["file"], e["line"], e["column"], e["code"]) for e in entries] == [
        (f.path, f.span.line, f.span.column, f.code) for f in RESULT.findings
    ]
    assert {e["level"] for e in entries} == {"error", "warning", "info"}


def test_hadolint_consumers_can_read_it():
    # What hadolint's JSON consumers (e.g. reviewdog's hadolint format, code-climate converters)
    # rely on: a flat array with these types.
    for entry in json.loads(json_reporter.render(RESULT, context())):
        assert isinstance(entry["file"], str)
        assert isinstance(entry["line"], int) and entry["line"] >= 1
        assert isinstance(entry["column"], int) and entry["column"] >= 1
        assert entry["level"] in {"error", "warning", "info", "style"}
        assert entry["code"].startswith("DG")


def test_golden_suppressed():
    check_golden("report-suppressed.json", json_reporter.render(SUPPRESSED, context()))


def test_suppressed_findings_are_listed_and_marked_after_the_usual_keys():
    entries = json.loads(json_reporter.render(SUPPRESSED, context()))
    assert len(entries) == len(SUPPRESSED.findings)  # kept, whatever show_suppressed says
    base = ["file", "line", "column", "level", "code", "message", "name", "end_line", "end_column"]
    marks = {
        (e["file"], e["code"]): (e.get("suppressed"), e.get("justification", "absent"))
        for e in entries
    }
    assert marks == {
        ("Dockerfile", "DG102"): (True, "the module has no dependencies"),
        ("Dockerfile", "DG101"): (None, "absent"),
        ("Dockerfile", "DG104"): (True, None),
        ("Dockerfile", "DG001"): (None, "absent"),
        ("tools/Dockerfile", "DG101"): (True, "tools stage \x1b[2J only"),
    }
    for entry in entries:
        keys = list(entry)
        assert keys[: len(base)] == base
        rest = [k for k in keys[len(base) :] if k != "fix"]
        marks_after = ["suppressed", "justification"] if "suppressed" in entry else []
        assert rest == ["fix_available", "fix_applicability", *marks_after]
        if "fix" in entry:
            assert keys[len(base)] == "fix"
