"""The fix engine on its own: minimal edits, passes, and fixes that are refused."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from dockerlint_go.api import lint_text
from dockerlint_go.findings import FileResult, Finding, Severity
from dockerlint_go.fixer import MAX_PASSES, apply_edits, fix_text
from dockerlint_go.fixes import Edit, Fix, insert_after, insert_before, locate
from dockerlint_go.model.parse import parse_dockerfile
from dockerlint_go.model.span import Span
from dockerlint_go.model.stages import DockerfileModel
from dockerlint_go.rules import ALL_RULES
from dockerlint_go.rules._rule import Hit, Rule

PARSE_ERROR = next(r for r in ALL_RULES if r.code == "DG000")


def _rule(code: str, check: object) -> Rule:
    return Rule(code, f"test-{code.lower()}", Severity.WARNING, "A test rule.", "", check)  # type: ignore[arg-type]


def _lint(*rules: Rule) -> object:
    def lint(data: bytes) -> FileResult:
        return lint_text(data, "Dockerfile", (PARSE_ERROR, *rules))

    return lint


def _every(_: Finding) -> bool:
    return True


def test_apply_edits_keeps_everything_outside_the_edits() -> None:
    text = "FROM a\r\n# keep \\\r\nRUN x\r\n"
    edits = [Edit(Span(1, 6, 1, 7), "b"), Edit(Span(3, 1, 3, 1), "ENV A=1\nENV B=2\n")]
    assert (
        apply_edits(text, edits, "\r\n") == "FROM b\r\n# keep \\\r\nENV A=1\r\nENV B=2\r\nRUN x\r\n"
    )
    with pytest.raises(ValueError, match="overlapping"):
        apply_edits(text, [Edit(Span(1, 1, 1, 5), "x"), Edit(Span(1, 3, 1, 4), "y")])


def test_locate_and_insertions_follow_the_instruction() -> None:
    parsed = parse_dockerfile(b"FROM a\n  COPY \\\n    go.mod ./\n")
    copy = parsed.instructions[1]
    assert locate(copy, parsed.lines, "go.mod") == Span(3, 5, 3, 11)
    assert locate(copy, parsed.lines, "go.sum") is None
    assert insert_before(copy, "RUN x") == Edit(Span(2, 1, 2, 1), "  RUN x\n")
    assert insert_after(copy, "RUN y") == Edit(Span(3, 14, 3, 14), "\n  RUN y")


def _tag_latest(model: DockerfileModel) -> Iterator[Hit]:
    for ins in model.parsed.instructions:
        if ins.keyword == "FROM" and ins.value == "golang":
            span = Span(ins.span.line, 6, ins.span.line, 12)
            fix = Fix("Pin the tag", (Edit(span, "golang:1.22"),))
            yield Hit(ins.span, "unpinned", autofix=fix)


def test_a_fix_is_applied_and_the_finding_is_gone() -> None:
    outcome = fix_text(b"FROM golang\n", _lint(_rule("DG901", _tag_latest)), wanted=_every)  # type: ignore[arg-type]
    assert outcome.data == b"FROM golang:1.22\n"
    assert [(a.code, a.title) for a in outcome.applied] == [("DG901", "Pin the tag")]
    assert outcome.result.findings == ()


def _breaks_the_parse(model: DockerfileModel) -> Iterator[Hit]:
    for ins in model.parsed.instructions:
        if ins.keyword == "FROM":
            yield Hit(ins.span, "x", autofix=Fix("Break", (Edit(Span(1, 1, 1, 5), "FORM"),)))


def test_a_fix_that_breaks_the_file_is_refused() -> None:
    outcome = fix_text(b"FROM golang\n", _lint(_rule("DG902", _breaks_the_parse)), wanted=_every)  # type: ignore[arg-type]
    assert outcome.data == b"FROM golang\n"
    assert not outcome.changed
    assert [(r.code, r.reason) for r in outcome.rejected] in (
        [("DG902", "the file would not parse")],
        [("DG902", "the finding would remain")],
    )


def _adds_a_run(model: DockerfileModel) -> Iterator[Hit]:
    for ins in model.parsed.instructions:
        if ins.keyword == "FROM":
            edit = insert_after(ins, "RUN go get example.com/tool")
            yield Hit(ins.span, "x", autofix=Fix("Add a RUN", (edit,)))
        if ins.keyword == "RUN":
            return


def _reports_runs(model: DockerfileModel) -> Iterator[Hit]:
    for ins in model.parsed.instructions:
        if ins.keyword == "RUN":
            yield Hit(ins.span, "a RUN")


def test_a_fix_that_adds_another_finding_is_refused_and_said() -> None:
    lint = _lint(_rule("DG903", _adds_a_run), _rule("DG904", _reports_runs))
    outcome = fix_text(b"FROM golang\n", lint, wanted=_every)  # type: ignore[arg-type]
    assert not outcome.changed
    assert [(r.code, r.reason) for r in outcome.rejected] == [("DG903", "it would add DG904")]


def _never_done(model: DockerfileModel) -> Iterator[Hit]:
    for ins in model.parsed.instructions:
        if ins.keyword == "FROM":
            yield Hit(ins.span, "x", autofix=Fix("Grow", (insert_after(ins, "# more"),)))


def test_a_fix_that_never_removes_its_finding_stops() -> None:
    outcome = fix_text(b"FROM a\n", _lint(_rule("DG905", _never_done)), wanted=_every)  # type: ignore[arg-type]
    assert outcome.data == b"FROM a\n"
    assert [r.reason for r in outcome.rejected] == ["the finding would remain"]
    assert MAX_PASSES >= 2


def test_files_that_do_not_parse_or_decode_are_not_touched() -> None:
    lint = _lint(_rule("DG901", _tag_latest))
    for data in (b"FROM golang\nONBUILD\n\xff\n", b"FROM golang\nRUN <<EOF\n"):
        outcome = fix_text(data, lint, wanted=_every)  # type: ignore[arg-type]
        assert outcome.data == data
        assert not outcome.changed
