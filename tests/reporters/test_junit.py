"""The JUnit reporter, read back with a real XML parser."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from dockerlint_go.reporters import junit
from tests.reporters._ci_samples import AWKWARD, EMPTY, WITH_SUPPRESSED, WITHOUT_SUPPRESSED, single
from tests.reporters._sample import CLEAN, RESULT, check_golden, context


def render(result=RESULT) -> str:
    return junit.render(result, context())


def parse(result=RESULT) -> ET.Element:
    return ET.fromstring(render(result))


def counts(element: ET.Element) -> tuple[int, int, int]:
    return (int(element.get("tests")), int(element.get("failures")), int(element.get("errors")))


def test_golden():
    check_golden("report.junit.xml", render())


def test_golden_clean():
    check_golden("clean.junit.xml", render(CLEAN))


def test_declaration_root_and_trailing_newline():
    text = render()
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')
    assert text.endswith("</testsuites>\n")
    root = parse()
    assert (root.tag, root.get("name")) == ("testsuites", "dockerlint-go")


def test_one_suite_per_file_and_consistent_counts():
    root = parse()
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == sorted(r.path for r in RESULT.files)
    assert [counts(s) for s in suites] == [(1, 1, 0), (1, 1, 0), (5, 5, 0), (1, 0, 0), (1, 1, 0)]
    for suite in suites:
        cases = suite.findall("testcase")
        assert int(suite.get("tests")) == len(cases)
        assert int(suite.get("failures")) == len(suite.findall("testcase/failure"))
        assert suite.get("skipped") == "0"
    assert counts(root) == (9, 8, 0)


def test_a_failed_case_per_finding():
    cases = [c for c in parse().iter("testcase") if c.find("failure") is not None]
    assert len(cases) == len(RESULT.findings)
    for case, finding in zip(cases, RESULT.findings, strict=True):
        span = finding.span
        assert case.get("name") == f"{finding.code} {finding.name} at {span.line}:{span.column}"
        assert case.get("classname") == case.get("file") == finding.path
        (failure,) = case
        assert failure.get("type") == finding.severity.value
        assert failure.text.startswith(f"{finding.path}:{span.line}:{span.column}: ")
    first = cases[0].find("failure")
    assert first.get("message") == "`go get` runs as app but /go/pkg/mod was filled by root"
    assert first.text == (
        "-:2:5: error: `go get` runs as app but /go/pkg/mod was filled by root [DG101]\n"
        "fix: Download modules after `USER app`, or chown the cache.\n"
        "see: https://github.com/dockerlint-go/dockerlint-go/blob/main/rules/DG101.md"
    )
    # A rule outside the registry has no documentation link.
    assert "see:" not in cases[1].find("failure").text


def test_a_file_without_findings_passes_one_case():
    (suite,) = parse().findall("testsuite[@name='services/worker/Dockerfile']")
    (case,) = suite
    assert case.attrib == {
        "name": "no findings",
        "classname": "services/worker/Dockerfile",
        "file": "services/worker/Dockerfile",
    }
    assert len(case) == 0


def test_no_clock_in_the_report():
    for element in parse().iter():
        assert not {"time", "timestamp", "hostname"} & set(element.attrib)


def test_markup_in_messages_is_escaped_and_read_back_intact():
    text = render(single(AWKWARD, path="a&b.Dockerfile", fix="use <this> & that"))
    assert "&lt;tag attr=&quot;x&quot;&gt; &amp;" in text
    failure = ET.fromstring(text).find("testsuite/testcase/failure")
    assert failure.get("message") == AWKWARD
    assert failure.text == (
        f"a&b.Dockerfile:1:1: error: {AWKWARD} [DG101]\nfix: use <this> & that\n"
        "see: https://github.com/dockerlint-go/dockerlint-go/blob/main/rules/DG101.md"
    )


def test_control_characters_cannot_break_the_document():
    assert "\x1b" not in render()
    failure = parse(single("a\x1b\x00b")).find("testsuite/testcase/failure")
    assert failure.get("message") == "a\N{REPLACEMENT CHARACTER}\N{REPLACEMENT CHARACTER}b"


def test_empty_result():
    root = parse(EMPTY)
    assert counts(root) == (0, 0, 0)
    assert len(root) == 0


def test_clean_result_passes():
    root = parse(CLEAN)
    assert counts(root) == (1, 0, 0)
    assert root.find("testsuite/testcase").get("name") == "no findings"


def test_suppressed_findings_are_left_out_and_their_file_passes():
    assert render(WITH_SUPPRESSED) == render(WITHOUT_SUPPRESSED)
    (suite,) = parse(WITH_SUPPRESSED).findall("testsuite[@name='silenced/Dockerfile']")
    assert counts(suite) == (1, 0, 0)


def test_deterministic():
    assert render() == render()
