"""The GitHub Actions reporter: workflow commands and the runner's escaping rules."""

from __future__ import annotations

import re

import pytest

from dockerlint_go.findings import Severity, Span
from dockerlint_go.reporters import github
from dockerlint_go.reporters._common import visible
from tests.reporters._ci_samples import (
    AWKWARD,
    EMPTY,
    WITH_SUPPRESSED,
    WITHOUT_SUPPRESSED,
    single,
)
from tests.reporters._sample import CLEAN, RESULT, check_golden, context

COMMAND = re.compile(r"^::(?P<command>error|warning|notice) (?P<properties>[^:]*)::(?P<data>.*)$")


def render(result=RESULT) -> str:
    return github.render(result, context())


def unescape(text: str) -> str:
    """What the runner does to a value (the escapes undone in reverse order)."""
    for escaped, char in [("%2C", ","), ("%3A", ":"), ("%0A", "\n"), ("%0D", "\r"), ("%25", "%")]:
        text = text.replace(escaped, char)
    return text


def parse(line: str) -> tuple[str, dict[str, str], str]:
    match = COMMAND.match(line)
    assert match, line
    properties = dict(p.split("=", 1) for p in match["properties"].split(","))
    return (
        match["command"],
        {key: unescape(value) for key, value in properties.items()},
        unescape(match["data"]),
    )


def test_golden():
    check_golden("report.github.txt", render())


@pytest.mark.parametrize("result", [CLEAN, EMPTY], ids=["clean", "empty"])
def test_no_findings_is_an_empty_report(result):
    assert render(result) == ""


def test_one_command_per_sorted_finding():
    text = render()
    assert text.endswith("\n")
    commands = [parse(line) for line in text.splitlines()]
    assert len(commands) == len(RESULT.findings)
    for (command, properties, data), finding in zip(commands, RESULT.findings, strict=True):
        assert command == github.COMMANDS[finding.severity]
        assert properties["file"] == finding.path
        assert properties["line"] == str(finding.span.line)
        assert properties["endLine"] == str(finding.span.end_line)
        assert properties["title"] == f"{finding.code} {finding.name}"
        assert data.split("\n")[0] == visible(finding.message)
    assert [c for c, _, _ in commands] == [
        "error",
        "notice",
        "warning",
        "error",
        "notice",
        "error",
        "warning",
        "error",
    ]
    assert github.COMMANDS[Severity.INFO] == "notice"


def test_properties_and_their_order():
    lines = render().splitlines()
    assert lines[2] == (
        "::warning file=services/api/Dockerfile,line=4,col=1,endLine=4,endColumn=8,"
        "title=DG102 source-before-mod-download::"
        "`COPY . .` at line 4 comes before `go mod download` at line 5"
    )
    # Columns only on one line: GitHub rejects them for a multi-line annotation.
    assert lines[3] == (
        "::error file=services/api/Dockerfile,line=5,endLine=6,"
        "title=DG101 root-owned-module-cache::the download spans two lines%0Afix: Run it after "
        "`USER app`."
    )
    # An empty span still gives a valid (one-column) range.
    assert "line=1,col=1,endLine=1,endColumn=1," in lines[7]


def test_the_fix_is_a_second_line_of_the_message():
    _, _, data = parse(render().splitlines()[0])
    assert data == (
        "`go get` runs as app but /go/pkg/mod was filled by root\n"
        "fix: Download modules after `USER app`, or chown the cache."
    )


@pytest.mark.parametrize(
    ("text", "data", "prop"),
    [
        ("100%", "100%25", "100%25"),
        ("a\r\nb", "a%0D%0Ab", "a%0D%0Ab"),
        ("a: b, c", "a: b, c", "a%3A b%2C c"),
        ("%0A", "%250A", "%250A"),
        ("esc\x1b[2J", "esc\N{REPLACEMENT CHARACTER}[2J", "esc\N{REPLACEMENT CHARACTER}[2J"),
    ],
)
def test_escaping(text, data, prop):
    assert github.escape_data(text) == data
    assert github.escape_property(text) == prop


def test_awkward_paths_titles_and_messages_survive_the_round_trip():
    result = single(AWKWARD + "\r\nmore", path="dir,x/a:b%c.Dockerfile", fix="use 50%: or, not")
    (line,) = render(result).splitlines()
    assert line.startswith("::error file=dir%2Cx/a%3Ab%25c.Dockerfile,line=1,col=1,")
    assert "\r" not in line
    command, properties, data = parse(line)
    assert command == "error"
    assert properties["file"] == "dir,x/a:b%c.Dockerfile"
    assert data == AWKWARD + "\r\nmore\nfix: use 50%: or, not"


def test_control_characters_do_not_reach_the_log():
    text = render()
    assert "\x1b" not in text
    assert "café ✓ \N{REPLACEMENT CHARACTER}[2J" in text


def test_a_span_ending_at_its_start_column_still_names_one_column():
    (line,) = render(single("m", span=Span(3, 4, 3, 4), lines=("a", "b", "cdef"))).splitlines()
    assert "line=3,col=4,endLine=3,endColumn=4," in line


def test_suppressed_findings_are_left_out():
    assert render(WITH_SUPPRESSED) == render(WITHOUT_SUPPRESSED) == render(RESULT)


def test_deterministic():
    assert render() == render()
