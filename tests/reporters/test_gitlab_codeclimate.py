"""The GitLab Code Quality reporter: schema, severities and stable fingerprints."""

from __future__ import annotations

import json
import re

import pytest

from dockerlint_go.reporters import gitlab_codeclimate
from tests.reporters._ci_samples import (
    EMPTY,
    WITH_SUPPRESSED,
    WITHOUT_SUPPRESSED,
    one_file,
    schema_errors,
    single,
)
from tests.reporters._sample import CLEAN, RESULT, check_golden, context

SCHEMA = "gitlab-code-quality.schema.json"


def render(result=RESULT) -> str:
    return gitlab_codeclimate.render(result, context())


def report(result=RESULT) -> list[dict]:
    return json.loads(render(result))


def fingerprints(result) -> list[str]:
    return [issue["fingerprint"] for issue in report(result)]


def test_golden():
    check_golden("report.gitlab.json", render())


@pytest.mark.parametrize("result", [CLEAN, EMPTY], ids=["clean", "empty"])
def test_no_findings_is_an_empty_array(result):
    assert render(result) == "[]\n"


@pytest.mark.parametrize("result", [RESULT, CLEAN, WITH_SUPPRESSED], ids=["findings", "clean", "s"])
def test_valid_against_the_code_quality_schema(result):
    assert schema_errors(report(result), SCHEMA) == []


def test_the_schema_catches_errors():
    broken = report()
    del broken[0]["fingerprint"]
    broken[1]["severity"] = "error"
    broken[2]["location"]["lines"] = {"begin": 0}
    del broken[3]["location"]["lines"]
    assert len(schema_errors(broken, SCHEMA)) == 4


def test_shape_and_severities():
    issues = report()
    assert issues[2] == {
        "description": "`COPY . .` at line 4 comes before `go mod download` at line 5",
        "check_name": "DG102",
        "fingerprint": issues[2]["fingerprint"],
        "severity": "major",
        "location": {"path": "services/api/Dockerfile", "lines": {"begin": 4, "end": 4}},
    }
    assert [(i["check_name"], i["severity"]) for i in issues] == [
        ("DG101", "blocker"),
        ("DG999", "info"),
        ("DG102", "major"),
        ("DG101", "blocker"),
        ("DG101", "info"),
        ("DG101", "blocker"),
        ("DG102", "major"),
        ("DG000", "blocker"),
    ]
    assert issues[3]["location"]["lines"] == {"begin": 5, "end": 6}
    assert issues[5]["description"] == (
        "café ✓ \N{REPLACEMENT CHARACTER}[2J message with a control character"
    )


def test_no_byte_order_mark_and_a_trailing_newline():
    text = render()
    assert text.startswith("[\n  {") and text.endswith("]\n")
    assert not text.encode("utf-8").startswith(b"\xef\xbb\xbf")


def test_fingerprints_are_32_hex_digits_and_unique():
    # GitLab shows findings with identical fingerprints as one: lines 4 and 9 are both
    # `COPY . .` flagged by DG102, and must differ.
    prints = fingerprints(RESULT)
    assert all(re.fullmatch("[0-9a-f]{32}", p) for p in prints)
    assert len(set(prints)) == len(prints)


def test_fingerprints_survive_lines_inserted_above_and_reindenting():
    before = one_file(("FROM a", "RUN go get x"), ("DG101", 2))
    after = one_file(("FROM a", "# note", "", "    RUN   go get x  "), ("DG101", 4))
    assert fingerprints(before) == fingerprints(after)


def test_fingerprints_change_with_the_line_the_rule_and_the_path():
    base = fingerprints(one_file(("RUN go get x",), ("DG101", 1)))
    assert fingerprints(one_file(("RUN go get y",), ("DG101", 1))) != base
    assert fingerprints(one_file(("RUN go get x",), ("DG102", 1))) != base
    assert fingerprints(one_file(("RUN go get x",), ("DG101", 1), path="b/Dockerfile")) != base


def test_identical_lines_are_told_apart_by_their_occurrence_in_order():
    lines = ("COPY . .", "RUN x", "COPY . .")
    both = fingerprints(one_file(lines, ("DG102", 1), ("DG102", 3)))
    moved = fingerprints(one_file(("FROM a", *lines), ("DG102", 2), ("DG102", 4)))
    assert both == moved and both[0] != both[1]


def test_suppressing_a_finding_does_not_renumber_the_others():
    lines = ("COPY . .", "COPY . .")
    both = fingerprints(one_file(lines, ("DG102", 1), ("DG102", 2)))
    second_only = fingerprints(one_file(lines, ("DG102", 1), ("DG102", 2), suppressed={0}))
    assert second_only == both[1:]


def test_suppressed_findings_are_left_out():
    assert render(WITH_SUPPRESSED) == render(WITHOUT_SUPPRESSED) == render(RESULT)


def test_an_undecodable_path_still_gives_utf8_json():
    text = render(single("café", path="bad\udcffname/Dockerfile"))
    text.encode("utf-8")  # would raise with a lone surrogate
    assert "caf\\u00e9" in text
    (issue,) = json.loads(text)
    assert issue["location"]["path"] == "bad\udcffname/Dockerfile"


def test_deterministic():
    assert render() == render()
