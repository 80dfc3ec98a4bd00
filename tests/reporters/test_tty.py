"""The tty reporter."""

from __future__ import annotations

import re

from dockerlint_go.findings import (
    FileResult,
    Finding,
    LintResult,
    Severity,
    Span,
    Suppression,
    SuppressionScope,
)
from dockerlint_go.reporters import tty
from tests.reporters._sample import CLEAN, RESULT, SUPPRESSED, check_golden, context

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def test_golden_plain():
    check_golden("report.tty.txt", tty.render(RESULT, context()))


def test_golden_clean():
    check_golden("clean.tty.txt", tty.render(CLEAN, context()))


def test_golden_color():
    check_golden("report.tty-color.txt", tty.render(RESULT, context(color=True)))


def test_plain_text_has_no_escape_sequences_or_tabs_even_from_the_file():
    text = tty.render(RESULT, context())
    assert "\x1b" not in text
    assert "\t" not in text
    assert "\N{REPLACEMENT CHARACTER}[31m" in text  # the ESC from the source line, made visible


def test_color_is_the_plain_text_with_styles():
    colored = tty.render(RESULT, context(color=True))
    assert ANSI.search(colored)
    assert ANSI.sub("", colored) == tty.render(RESULT, context())


def test_color_never_wraps_long_lines():
    long = "RUN " + "x" * 500
    result = LintResult(
        (
            FileResult(
                "D",
                (Finding("D", "DG1", "n", Severity.INFO, "m" * 300, Span(1, 5, 1, 505)),),
                (long,),
            ),
        )
    )
    plain = tty.render(result, context())
    assert ANSI.sub("", tty.render(result, context(color=True))) == plain
    assert "    1 | " + long in plain.splitlines()


def test_exact_block_for_one_finding():
    result = LintResult(
        (
            FileResult(
                "Dockerfile",
                (
                    Finding(
                        "Dockerfile",
                        "DG101",
                        "root-owned-module-cache",
                        Severity.ERROR,
                        "msg",
                        Span(2, 5, 2, 11),
                        "do this",
                    ),
                ),
                ("FROM golang", "RUN go get x"),
            ),
        )
    )
    assert tty.render(result, context()) == (
        "Dockerfile:2:5: DG101 root-owned-module-cache [error] msg\n"
        "  fix: do this\n"
        "    2 | RUN go get x\n"
        "      |     ^~~~~~\n"
        "\n"
        "1 finding (1 error) in 1 file\n"
    )


def test_marker_is_clamped_to_the_line_and_never_empty():
    def render(line: str, span: Span) -> str:
        finding = Finding("D", "DG1", "n", Severity.WARNING, "m", span)
        text = tty.render(LintResult((FileResult("D", (finding,), (line,)),)), context())
        return text.splitlines()[2]

    assert render("abc", Span(1, 2, 1, 2)) == "      |  ^"  # zero width
    assert render("abc", Span(1, 9, 1, 12)) == "      |    ^"  # past the end: at the end
    assert render("abc", Span(1, 1, 3, 4)) == "      | ^~~"  # multi-line: to the end of the first
    assert render("", Span(1, 1, 1, 1)) == "      | ^"
    # Tabs expand to 8-column stops in the line and in the marker alike.
    assert render("\tab\tc", Span(1, 2, 1, 5)) == "      |         ^~~~~~~~"
    assert render("\tab", Span(1, 1, 1, 2)) == "      | ^~~~~~~~"


def test_summary_counts_and_plurals():
    def summary(*severities: Severity, files: int = 1) -> str:
        findings = tuple(
            Finding("D", "DG1", "n", s, f"m{i}", Span(1, 1, 1, 2)) for i, s in enumerate(severities)
        )
        files_ = (FileResult("D", findings, ("x",)),) if files else ()
        result = LintResult(files_ + tuple(FileResult(f"E{i}", (), ()) for i in range(files - 1)))
        return tty.render(result, context()).splitlines()[-1]

    assert summary(files=0) == "no findings in 0 files"
    assert summary() == "no findings in 1 file"
    assert summary(Severity.INFO) == "1 finding (1 info) in 1 file"
    assert (
        summary(
            Severity.WARNING,
            Severity.ERROR,
            Severity.WARNING,
            Severity.INFO,
            Severity.INFO,
            files=3,
        )
        == "5 findings (1 error, 2 warnings, 2 info) in 3 files"
    )


# --- suppressed findings ------------------------------------------------------------------------


def test_golden_suppressed_hidden():
    check_golden("report-suppressed.tty.txt", tty.render(SUPPRESSED, context()))


def test_golden_suppressed_shown():
    text = tty.render(SUPPRESSED, context(show_suppressed=True))
    check_golden("report-suppressed-shown.tty.txt", text)


def test_golden_suppressed_shown_in_color():
    text = tty.render(SUPPRESSED, context(color=True, show_suppressed=True))
    check_golden("report-suppressed-shown.tty-color.txt", text)
    assert ANSI.sub("", text) == tty.render(SUPPRESSED, context(show_suppressed=True))


def test_suppressed_findings_are_hidden_by_default_and_counted_apart():
    text = tty.render(SUPPRESSED, context())
    assert "suppressed:" not in text
    assert "DG102" not in text and "DG104" not in text
    assert text.splitlines()[-1] == (
        "2 findings (1 error, 1 info) in 2 files (3 suppressed, not shown)"
    )


def test_shown_suppressed_findings_carry_their_reason():
    lines = tty.render(SUPPRESSED, context(show_suppressed=True)).splitlines()
    headers = [line for line in lines if line.startswith(("Dockerfile:", "tools/"))]
    assert headers[0] == (
        "Dockerfile:4:1: DG102 source-before-mod-download [warning] "
        "[suppressed: the module has no dependencies] `COPY . .` at line 4 comes before any "
        "module download"
    )
    assert "[warning] [suppressed] `go get` runs as app with GOMODCACHE unset" in headers[2]
    # The reason comes from the linted file: control characters are made visible.
    assert "[suppressed: tools stage \N{REPLACEMENT CHARACTER}[2J only]" in headers[4]
    assert lines[-1] == "2 findings (1 error, 1 info) in 2 files (3 suppressed, shown)"


def _one(finding: Finding) -> LintResult:
    return LintResult((FileResult("D", (finding,), ("x",)),))


def test_summary_when_every_finding_is_suppressed():
    finding = Finding(
        "D",
        "DG1",
        "n",
        Severity.ERROR,
        "m",
        Span(1, 1, 1, 2),
        suppression=Suppression(SuppressionScope.FILE, 1),
    )
    assert tty.render(_one(finding), context()) == (
        "no findings in 1 file (1 suppressed, not shown)\n"
    )
    shown = tty.render(_one(finding), context(show_suppressed=True))
    assert shown.startswith("D:1:1: DG1 n [error] [suppressed] m\n")
    assert shown.endswith("\nno findings in 1 file (1 suppressed, shown)\n")


def test_no_suppression_note_without_suppressed_findings():
    plain = tty.render(RESULT, context())
    assert plain == tty.render(RESULT, context(show_suppressed=True))
    assert "suppressed" not in plain
