"""The GNU reporter: one ``path:line:column: severity: message [CODE]`` line per finding."""

from __future__ import annotations

import re

import pytest

from dockerlint_go.findings import Span
from dockerlint_go.reporters import gnu
from tests.reporters._ci_samples import EMPTY, WITH_SUPPRESSED, WITHOUT_SUPPRESSED, single
from tests.reporters._sample import CLEAN, RESULT, check_golden, context

# The fields an editor takes apart (Emacs: its `gnu` compilation regexp;
# Vim: an errorformat like `%f:%l:%v: %t%*[^:]: %m`).
LINE = re.compile(
    r"^(?P<file>[^:\n]+):(?P<line>[1-9]\d*):(?P<column>[1-9]\d*): "
    r"(?P<severity>error|warning|info): (?P<message>.+) \[(?P<code>DG\d{3})\]$"
)


def render(result=RESULT) -> str:
    return gnu.render(result, context())


def test_golden():
    check_golden("report.gnu.txt", render())


@pytest.mark.parametrize("result", [CLEAN, EMPTY], ids=["clean", "empty"])
def test_no_findings_is_an_empty_report(result):
    assert render(result) == ""


def test_one_parsable_line_per_sorted_finding():
    text = render()
    assert text.endswith("\n")
    lines = text.splitlines()
    assert len(lines) == len(RESULT.findings)
    for line, finding in zip(lines, RESULT.findings, strict=True):
        match = LINE.match(line)
        assert match, line
        assert match["file"] == finding.path
        assert int(match["line"]) == finding.span.line
        assert match["severity"] == finding.severity.value
        assert match["code"] == finding.code


def test_columns_are_display_columns_with_tab_stops_every_8():
    lines = render().splitlines()
    # Line 6 of the api Dockerfile starts with a tab: code point 2 is display column 9.
    assert lines[4].startswith("services/api/Dockerfile:6:9: info: `go build` after a tab")
    assert lines[2].startswith("services/api/Dockerfile:4:1: warning:")


@pytest.mark.parametrize(
    ("line", "column", "expected"),
    [
        ("RUN go", 5, 5),
        ("\tgo", 2, 9),
        ("ab\tgo", 4, 9),
        ("12345678\tgo", 10, 17),
        (" \t \tx", 5, 17),
        ("日本 go", 4, 6),  # wide characters count 2
        ("e\u0301 go", 3, 2),  # a combining accent counts 0
        ("abc", 6, 6),  # past the end of the line: one column per code point
        (None, 7, 7),  # source unknown: code points
    ],
)
def test_display_column(line, column, expected):
    assert gnu.display_column(line, column) == expected


def test_control_characters_and_line_breaks_stay_on_one_line():
    text = render(single("first\nsecond\r\nthird\x1b[2J\tend", path="we\x1bird\nname"))
    assert text == (
        "we\N{REPLACEMENT CHARACTER}ird name:1:1: error: "
        "first second third\N{REPLACEMENT CHARACTER}[2J end [DG101]\n"
    )


def test_only_the_start_is_reported():
    text = render(single("m", span=Span(1, 2, 3, 4), lines=("a", "b", "c")))
    assert text == "Dockerfile:1:2: error: m [DG101]\n"


def test_suppressed_findings_are_left_out():
    assert render(WITH_SUPPRESSED) == render(WITHOUT_SUPPRESSED) == render(RESULT)


def test_deterministic():
    assert render() == render()
