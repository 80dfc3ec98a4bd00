"""The JSON reporter."""

from __future__ import annotations

import json

from dockerlint_go.reporters import json as json_reporter
from tests.reporters._sample import CLEAN, RESULT, check_golden, context


def test_golden():
    check_golden("report.json", json_reporter.render(RESULT, context()))


def test_clean_is_an_empty_array():
    assert json_reporter.render(CLEAN, context()) == "[]\n"


def test_keys_and_their_order():
    entries = json.loads(json_reporter.render(RESULT, context()))
    base = ["file", "line", "column", "level", "code", "message", "name", "end_line", "end_column"]
    for entry in entries:
        assert list(entry) == base + (["fix"] if "fix" in entry else [])
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
