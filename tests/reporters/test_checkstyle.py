"""The Checkstyle reporter, read back with a real XML parser."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from dockerlint_go.reporters import checkstyle
from tests.reporters._ci_samples import AWKWARD, EMPTY, WITH_SUPPRESSED, WITHOUT_SUPPRESSED, single
from tests.reporters._sample import CLEAN, RESULT, check_golden, context


def render(result=RESULT) -> str:
    return checkstyle.render(result, context())


def parse(result=RESULT) -> ET.Element:
    return ET.fromstring(render(result))


def test_golden():
    check_golden("report.checkstyle.xml", render())


def test_golden_clean():
    check_golden("clean.checkstyle.xml", render(CLEAN))


def test_declaration_root_and_trailing_newline():
    text = render()
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<checkstyle version="4.3">')
    assert text.endswith("</checkstyle>\n")
    assert parse().tag == "checkstyle"


def test_every_linted_file_is_listed_sorted_with_or_without_findings():
    files = parse().findall("file")
    assert [f.get("name") for f in files] == sorted(r.path for r in RESULT.files)
    assert [len(f) for f in files] == [1, 1, 5, 0, 1]
    assert all(f.tag == "file" and set(f.attrib) == {"name"} for f in files)


def test_errors_follow_the_sorted_findings():
    errors = [(f.get("name"), e) for f in parse().findall("file") for e in f]
    assert len(errors) == len(RESULT.findings)
    for (name, error), finding in zip(errors, RESULT.findings, strict=True):
        assert error.tag == "error"
        assert name == finding.path
        assert list(error.attrib) == ["line", "column", "severity", "message", "source"]
        assert error.get("line") == str(finding.span.line)
        assert error.get("column") == str(finding.span.column)
        assert error.get("severity") == finding.severity.value
        assert error.get("source") == f"dockerlint-go.{finding.code}"
    assert {e.get("severity") for _, e in errors} == {"error", "warning", "info"}


def test_markup_in_messages_is_escaped_and_read_back_intact():
    text = render(single(AWKWARD + "\nnext line", path='a&b<"c">.Dockerfile'))
    assert "&lt;tag attr=&quot;x&quot;&gt; &amp; 'quoted'" in text
    root = ET.fromstring(text)
    (file,) = root
    assert file.get("name") == 'a&b<"c">.Dockerfile'
    assert file[0].get("message") == AWKWARD + "\nnext line"


def test_control_characters_cannot_break_the_document():
    assert "\x1b" not in render()
    message = parse().findall("file")[2][3].get("message")
    assert message == "café ✓ \N{REPLACEMENT CHARACTER}[2J message with a control character"
    assert parse(single("nul \x00 and \ufffe")).find("file/error").get("message") == (
        "nul \N{REPLACEMENT CHARACTER} and \N{REPLACEMENT CHARACTER}"
    )


@pytest.mark.parametrize(
    ("result", "files"), [(CLEAN, ["Dockerfile"]), (EMPTY, [])], ids=["clean", "empty"]
)
def test_no_findings(result, files):
    root = parse(result)
    assert root.get("version") == "4.3"
    assert [f.get("name") for f in root] == files
    assert root.findall(".//error") == []


def test_suppressed_findings_are_left_out_but_their_file_is_listed():
    assert render(WITH_SUPPRESSED) == render(WITHOUT_SUPPRESSED)
    silenced = parse(WITH_SUPPRESSED).find("file[@name='silenced/Dockerfile']")
    assert silenced is not None and len(silenced) == 0


def test_deterministic():
    assert render() == render()
