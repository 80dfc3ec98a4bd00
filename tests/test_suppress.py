"""Inline suppressions: the directive grammar, what each scope covers, DG001 and the API.

Scopes are tested with two stand-in rules that flag every instruction's first line (DG901) and
the last line of every instruction spanning several lines (DG902), so that each table row says
exactly which lines a directive covers. DG001 is tested with the real rules, and end to end on
real-world Dockerfiles with directives added.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import pytest

from dockerlint_go import docs
from dockerlint_go.api import lint_text
from dockerlint_go.findings import (
    FileResult,
    Finding,
    LintResult,
    Severity,
    Span,
    Suppression,
    SuppressionScope,
)
from dockerlint_go.model.parse import parse_dockerfile
from dockerlint_go.model.stages import DockerfileModel
from dockerlint_go.reporters import ReportContext, sarif, tty
from dockerlint_go.reporters import json as json_reporter
from dockerlint_go.rules import ALL_RULES, Hit, Rule
from dockerlint_go.rules.dg001_unused_suppression import RULE as DG001
from dockerlint_go.suppress import Defect, apply, parse_directives
from tests.reporters.test_sarif import github_problems, schema_errors

REPO = Path(__file__).resolve().parent.parent

INSTRUCTION = SuppressionScope.INSTRUCTION
STAGE = SuppressionScope.STAGE
FILE = SuppressionScope.FILE


def _first_lines(model: DockerfileModel) -> Iterator[Hit]:
    for ins in model.parsed.instructions:
        yield Hit(Span(ins.span.line, 1, ins.span.line, 2), f"{ins.keyword} starts here")


def _last_lines(model: DockerfileModel) -> Iterator[Hit]:
    for ins in model.parsed.instructions:
        if ins.span.end_line > ins.span.line:
            yield Hit(Span(ins.span.end_line, 1, ins.span.end_line, 2), f"{ins.keyword} ends here")


EVERY = Rule("DG901", "every-instruction", Severity.WARNING, "Every instruction.", "", _first_lines)
LAST = Rule("DG902", "last-line", Severity.ERROR, "Last line of a long one.", "", _last_lines)


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def lint(text: str, *rules: Rule) -> FileResult:
    return lint_text(dedent(text), "Dockerfile", rules or (EVERY, LAST, DG001))


# --- The grammar ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Form:
    id: str
    comment: str
    # (scope, entries, justification) for a well-formed directive; a fragment of the problem for
    # a malformed one; None when the comment is not a directive at all.
    expect: tuple[SuppressionScope, tuple[str, ...], str | None] | str | None


FORMS = (
    Form("one-code", "# dockerlint-go ignore=DG102", (INSTRUCTION, ("DG102",), None)),
    Form(
        "two-codes", "# dockerlint-go ignore=DG102,DG103", (INSTRUCTION, ("DG102", "DG103"), None)
    ),
    Form(
        "blanks-tolerated",
        "#dockerlint-go   ignore = DG102 ,  dg103",
        (INSTRUCTION, ("DG102", "dg103"), None),
    ),
    Form(
        "names-and-case",
        "#   DOCKERLINT-GO Ignore=Source-Before-Mod-Download,copy-without-chown",
        (INSTRUCTION, ("Source-Before-Mod-Download", "copy-without-chown"), None),
    ),
    Form("stage", "# dockerlint-go stage ignore=DG101", (STAGE, ("DG101",), None)),
    Form("global", "# dockerlint-go GLOBAL Ignore=DG104", (FILE, ("DG104",), None)),
    Form(
        "reason-after-dashes",
        "# dockerlint-go ignore=DG103 -- the app never writes go.mod",
        (INSTRUCTION, ("DG103",), "the app never writes go.mod"),
    ),
    Form(
        "reason-after-hash",
        "# dockerlint-go ignore=DG103 # legacy",
        (INSTRUCTION, ("DG103",), "legacy"),
    ),
    Form(
        "reason-keeps-its-own-separators",
        "# dockerlint-go stage ignore=DG101, DG104 -- see #42 -- and x=1",
        (STAGE, ("DG101", "DG104"), "see #42 -- and x=1"),
    ),
    Form(
        "reason-without-blanks",
        "# dockerlint-go ignore=DG103--why",
        (INSTRUCTION, ("DG103",), "why"),
    ),
    Form("empty-reason", "# dockerlint-go ignore=DG103 --   ", (INSTRUCTION, ("DG103",), None)),
    Form("misspelled-keyword", "# dockerlint-go ignor=DG101", "found `ignor=`"),
    Form("no-codes", "# dockerlint-go ignore=", "no rule codes or names"),
    Form("no-codes-but-a-reason", "# dockerlint-go ignore= -- because", "no rule codes or names"),
    Form("no-equals", "# dockerlint-go ignore DG102", "must be followed by `=`"),
    Form("keyword-alone", "# dockerlint-go stage", "must be followed by `=`"),
    Form("empty-entry", "# dockerlint-go ignore=DG102,,DG103", "an empty entry"),
    Form("trailing-comma", "# dockerlint-go ignore=DG102,", "an empty entry"),
    Form("blank-separated", "# dockerlint-go ignore=DG102 DG103", "separate codes with commas"),
    Form("reason-without-separator", "# dockerlint-go ignore=DG102 old code", "separate codes"),
    Form("unknown-scope", "# dockerlint-go file ignore=DG102", "unknown scope `file`"),
    Form("two-scopes", "# dockerlint-go stage global ignore=DG102", "found `stage global ignore=`"),
    Form("marker-alone", "# dockerlint-go", "not followed by a directive"),
    Form("colon", "# dockerlint-go: ignore=DG102", "no colon"),
    Form("prose", "# dockerlint-go flags this COPY, but the module is vendored", None),
    Form("longer-word", "# dockerlint-gopher ignore=DG102", None),
    Form("not-at-the-start", "# see dockerlint-go ignore=DG102", None),
    Form("commented-out", "## dockerlint-go ignore=DG102", None),
)


@pytest.mark.parametrize("form", FORMS, ids=lambda form: form.id)
def test_directive_forms(form: Form) -> None:
    parsed = parse_dockerfile(f"{form.comment}\nFROM golang:1.22\nRUN go build ./...\n")
    directives = parse_directives(parsed)
    if form.expect is None:
        assert directives == ()
        return
    (directive,) = directives
    assert directive.line == 1
    if isinstance(form.expect, str):
        assert directive.scope is None
        assert not directive.effective
        assert directive.problem is not None
        assert form.expect in directive.problem
    else:
        assert directive.problem is None, directive.problem
        assert (directive.scope, directive.entries, directive.justification) == form.expect


def test_the_directive_span_is_the_comment() -> None:
    parsed = parse_dockerfile("FROM golang:1.22\n   # dockerlint-go ignore=DG102   \nRUN true\n")
    (directive,) = parse_directives(parsed)
    assert directive.span == Span(2, 4, 2, 32)


def test_parser_directives_and_plain_comments_are_not_suppressions() -> None:
    parsed = parse_dockerfile("# syntax=docker/dockerfile:1\n# build it\nFROM golang:1.22\n")
    assert parse_directives(parsed) == ()


# --- Scopes -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Scoped:
    id: str
    dockerfile: str
    suppressed: tuple[tuple[str, int, SuppressionScope], ...]  # (code, line, scope)
    dg001: tuple[tuple[int, str], ...] = ()  # (line, message fragment)


SCOPES = (
    Scoped(
        "instruction",
        """
        FROM golang:1.22
        # dockerlint-go ignore=DG901
        RUN go build ./...
        RUN go vet ./...
        """,
        (("DG901", 3, INSTRUCTION),),
    ),
    Scoped(
        "names-case-and-blanks",
        """
        FROM golang:1.22
        # DockerLint-Go IGNORE = Every-Instruction , dg902
        RUN go mod download \\
            && go build ./...
        """,
        (("DG901", 3, INSTRUCTION), ("DG902", 4, INSTRUCTION)),
    ),
    Scoped(
        "multi-line-instruction",
        """
        FROM golang:1.22
        # dockerlint-go ignore=DG902
        RUN go mod download \\
            && go generate ./... \\
            && go build ./...
        RUN go vet ./... \\
            ./cmd/...
        """,
        (("DG902", 5, INSTRUCTION),),
    ),
    Scoped(
        "heredoc",
        """
        FROM golang:1.22
        # dockerlint-go ignore=DG902
        RUN <<EOF
        go mod download
        go build ./...
        EOF
        RUN <<EOF
        go vet ./...
        EOF
        """,
        (("DG902", 6, INSTRUCTION),),
    ),
    Scoped(
        "heredoc-body-is-script-not-a-directive",
        """
        FROM golang:1.22
        RUN <<EOF
        # dockerlint-go ignore=DG901,DG902
        go build ./...
        EOF
        """,
        (),
    ),
    Scoped(
        "comment-in-a-continuation-is-not-a-directive",
        """
        FROM golang:1.22
        RUN go mod download \\
            # dockerlint-go ignore=DG901,DG902
            && go build ./...
        """,
        (),
        ((3, "misplaced suppression, ignored: a comment inside the RUN at line 2"),),
    ),
    Scoped(
        "other-comments-between",
        """
        FROM golang:1.22
        # dockerlint-go ignore=DG901 -- reason
        #
        # build the binary
        RUN go build ./...
        """,
        (("DG901", 5, INSTRUCTION),),
    ),
    Scoped(
        "two-directives-in-one-block",
        """
        FROM golang:1.22
        # dockerlint-go ignore=DG901
        # dockerlint-go ignore=DG902
        RUN go mod download \\
            && go build ./...
        """,
        (("DG901", 4, INSTRUCTION), ("DG902", 5, INSTRUCTION)),
    ),
    Scoped(
        "a-blank-line-breaks-the-block",
        """
        FROM golang:1.22
        # dockerlint-go ignore=DG901

        RUN go build ./...
        """,
        (),
        (
            (
                2,
                "line 3 is blank, and a suppression must be directly above its instruction (here "
                "the RUN at line 4)",
            ),
        ),
    ),
    Scoped(
        "nothing-below",
        """
        FROM golang:1.22
        RUN go build ./...
        # dockerlint-go ignore=DG901
        """,
        (),
        ((3, "no instruction follows it"),),
    ),
    Scoped(
        "before-the-first-from",
        """
        # dockerlint-go ignore=DG901
        ARG GO_VERSION=1.22
        FROM golang:${GO_VERSION}
        """,
        (("DG901", 2, INSTRUCTION),),
    ),
    Scoped(
        "above-a-from-covers-only-the-from",
        """
        FROM golang:1.22 AS build
        RUN go build -o /out/app .
        # dockerlint-go ignore=DG901
        FROM alpine:3.19
        COPY --from=build /out/app /app
        """,
        (("DG901", 4, INSTRUCTION),),
    ),
    Scoped(
        "stage",
        """
        # dockerlint-go stage ignore=DG901,DG902
        FROM golang:1.22 AS build
        RUN go mod download \\
            && go build -o /out/app .

        FROM alpine:3.19
        COPY --from=build /out/app /app
        """,
        (
            ("DG901", 2, STAGE),
            ("DG901", 3, STAGE),
            ("DG902", 4, STAGE),
        ),
    ),
    Scoped(
        "second-stage",
        """
        FROM golang:1.22 AS build
        RUN go build -o /out/app .

        # the runtime image
        # dockerlint-go stage ignore=DG901 -- distroless
        FROM alpine:3.19
        COPY --from=build /out/app /app
        USER 65532
        """,
        (("DG901", 6, STAGE), ("DG901", 7, STAGE), ("DG901", 8, STAGE)),
    ),
    Scoped(
        "stage-not-above-a-from",
        """
        FROM golang:1.22
        # dockerlint-go stage ignore=DG901
        RUN go build ./...
        """,
        (),
        ((2, "`stage ignore=` must be directly above a FROM, not the RUN at line 3"),),
    ),
    Scoped(
        "global-at-the-end",
        """
        FROM golang:1.22 AS build
        RUN go build -o /out/app .
        FROM alpine:3.19
        # dockerlint-go global ignore=DG901
        """,
        (("DG901", 1, FILE), ("DG901", 2, FILE), ("DG901", 3, FILE)),
    ),
    Scoped(
        "global-between-blank-lines",
        """
        FROM golang:1.22

        # dockerlint-go global ignore=last-line

        RUN go mod download \\
            && go build ./...
        """,
        (("DG902", 6, FILE),),
    ),
    Scoped(
        "global-inside-a-continuation-is-not-a-directive",
        """
        FROM golang:1.22
        RUN go mod download \\
            # dockerlint-go global ignore=DG901
            && go build ./...
        """,
        (),
        ((3, "a comment inside the RUN at line 2"),),
    ),
)


def _suppressed(result: FileResult) -> set[tuple[str, int, SuppressionScope]]:
    return {
        (f.code, f.span.line, f.suppression.scope)
        for f in result.findings
        if f.suppression is not None
    }


@pytest.mark.parametrize("case", SCOPES, ids=lambda case: case.id)
def test_scopes(case: Scoped) -> None:
    result = lint(case.dockerfile)
    assert _suppressed(result) == set(case.suppressed)
    dg001 = [f for f in result.findings if f.code == "DG001"]
    assert len(dg001) == len(case.dg001), [f.message for f in dg001]
    for finding, (line, fragment) in zip(dg001, case.dg001, strict=True):
        assert finding.span.line == line
        assert fragment in finding.message


def test_scope_table_covers_every_scope_and_both_outcomes() -> None:
    scopes = {scope for case in SCOPES for _, _, scope in case.suppressed}
    assert scopes == set(SuppressionScope)
    assert any(case.dg001 for case in SCOPES)
    assert any(not case.suppressed for case in SCOPES)


def test_suppressed_findings_are_kept_with_the_comment_and_reason() -> None:
    result = lint(
        """
        FROM golang:1.22
        # dockerlint-go ignore=DG901 -- built elsewhere
        RUN go build ./...
        RUN go vet ./...
        """
    )
    assert [(f.span.line, f.suppression) for f in result.findings] == [
        (1, None),
        (3, Suppression(INSTRUCTION, 2, "built elsewhere")),
        (4, None),
    ]
    assert [f.suppressed for f in result.findings] == [False, True, False]


def test_the_most_specific_directive_lends_its_reason_and_all_count_as_used() -> None:
    result = lint(
        """
        # dockerlint-go global ignore=DG901 -- whole file
        # dockerlint-go stage ignore=DG901 -- build stage
        FROM golang:1.22
        # dockerlint-go ignore=DG901 -- this one
        RUN go build ./...
        RUN go vet ./...
        FROM alpine:3.19
        """
    )
    assert [(f.code, f.span.line, f.suppression) for f in result.findings] == [
        ("DG901", 3, Suppression(STAGE, 2, "build stage")),
        ("DG901", 5, Suppression(INSTRUCTION, 4, "this one")),
        ("DG901", 6, Suppression(STAGE, 2, "build stage")),
        ("DG901", 7, Suppression(FILE, 1, "whole file")),
    ]


# --- apply, directly ----------------------------------------------------------------------------


def test_apply_is_pure_and_keeps_the_order_of_the_findings() -> None:
    parsed = parse_dockerfile("FROM golang:1.22\n# dockerlint-go ignore=DG901,DG999\nRUN true\n")
    directives = parse_directives(parsed)
    findings = (
        Finding("D", "DG901", "every-instruction", Severity.WARNING, "b", Span(3, 1, 3, 2)),
        Finding("D", "DG901", "every-instruction", Severity.WARNING, "a", Span(1, 1, 1, 2)),
    )
    outcome = apply(findings, directives, (EVERY,))
    assert [f.message for f in outcome.findings] == ["b", "a"]
    assert [f.suppressed for f in outcome.findings] == [True, False]
    assert [(i.defect, i.entry) for i in outcome.ineffective] == [(Defect.UNKNOWN, "DG999")]
    assert findings[0].suppression is None  # the input is left alone
    assert apply(findings, directives, (EVERY,)) == outcome


def test_apply_leaves_rules_outside_checked_alone() -> None:
    parsed = parse_dockerfile("FROM golang:1.22\n# dockerlint-go ignore=DG901,DG902\nRUN true\n")
    directives = parse_directives(parsed)
    outcome = apply((), directives, (EVERY, LAST), checked={"DG902"})
    assert [(i.defect, i.entry) for i in outcome.ineffective] == [(Defect.UNUSED, "DG902")]
    assert apply((), directives, (EVERY, LAST), checked=()).ineffective == ()


# --- DG001 with the real rules ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Unused:
    id: str
    dockerfile: str
    dg001: tuple[tuple[int, str], ...]  # (line, message fragment), in report order
    suppressed: tuple[str, ...] = ()  # codes of the findings that end up suppressed


MANIFESTS_FIRST = """
    FROM golang:1.22
    WORKDIR /src
    {comment}
    COPY go.mod go.sum ./
    RUN go mod download
    COPY . .
    RUN go build -o /out/app .
    """
SOURCES_FIRST = """
    FROM golang:1.22
    WORKDIR /src
    {comment}
    COPY . .
    RUN go mod download
    RUN go build -o /out/app .
    """

UNUSED = (
    Unused(
        "unused-instruction",
        MANIFESTS_FIRST.format(comment="# dockerlint-go ignore=DG102 -- the sources are tiny"),
        (
            (
                3,
                "unused suppression of DG102 (source-before-mod-download): the COPY at line 4 "
                "has no DG102 finding",
            ),
        ),
    ),
    Unused(
        "used-is-silent",
        SOURCES_FIRST.format(comment="# dockerlint-go ignore=DG102"),
        (),
        ("DG102",),
    ),
    Unused(
        "used-by-name-is-silent",
        SOURCES_FIRST.format(comment="# dockerlint-go ignore=source-before-mod-download"),
        (),
        ("DG102",),
    ),
    Unused(
        "partly-used",
        SOURCES_FIRST.format(comment="# dockerlint-go ignore=DG102,gomodcache-unset"),
        ((3, "unused suppression of DG104 (gomodcache-unset): the COPY at line 4"),),
        ("DG102",),
    ),
    Unused(
        "unknown-code",
        SOURCES_FIRST.format(comment="# dockerlint-go ignore=DG102,DG999"),
        ((3, "`DG999` is not a rule code or name, so it suppresses nothing"),),
        ("DG102",),
    ),
    Unused(
        "unknown-name-with-a-suggestion",
        SOURCES_FIRST.format(comment="# dockerlint-go ignore=source-before-mod-downlaod"),
        ((3, "(did you mean `source-before-mod-download`?)"),),
    ),
    Unused(
        "malformed-applies-nothing",
        SOURCES_FIRST.format(comment="# dockerlint-go ignore=DG102 DG103"),
        ((3, "malformed suppression, ignored: `DG102 DG103` is not one code"),),
    ),
    Unused(
        "misspelled-keyword",
        SOURCES_FIRST.format(comment="# dockerlint-go ignor=DG102"),
        ((3, "malformed suppression, ignored: expected `ignore=`"),),
    ),
    Unused(
        "missing-codes",
        SOURCES_FIRST.format(comment="# dockerlint-go ignore="),
        ((3, "no rule codes or names after `ignore=`"),),
    ),
    Unused(
        "unused-stage",
        """
        # dockerlint-go stage ignore=DG101
        FROM golang:1.22 AS build
        WORKDIR /src
        COPY go.mod go.sum ./
        RUN go mod download

        FROM alpine:3.19
        """,
        ((1, "the stage at lines 2-5 has no DG101 finding"),),
    ),
    Unused(
        "unused-global",
        MANIFESTS_FIRST.format(comment="# dockerlint-go global ignore=DG103"),
        ((3, "the file has no DG103 finding"),),
    ),
    Unused(
        "dg001-itself-can-be-suppressed",
        """
        # dockerlint-go global ignore=DG001 -- tuning the rules
        FROM golang:1.22
        # dockerlint-go ignore=DG102
        RUN go build ./...
        """,
        ((3, "unused suppression of DG102"),),
        ("DG001",),
    ),
    Unused(
        "an-unused-dg001-suppression-is-reported",
        """
        # dockerlint-go global ignore=unused-suppression
        FROM golang:1.22
        """,
        ((1, "unused suppression of DG001 (unused-suppression): the file has no DG001 finding"),),
    ),
    Unused(
        "misplaced-instruction-suppression-for-dg001",
        """
        FROM golang:1.22
        # dockerlint-go ignore=DG001
        RUN go build ./...
        """,
        ((2, "unused suppression of DG001 (unused-suppression): the RUN at line 3"),),
    ),
)


@pytest.mark.parametrize("case", UNUSED, ids=lambda case: case.id)
def test_dg001(case: Unused) -> None:
    result = lint_text(dedent(case.dockerfile), "Dockerfile")
    dg001 = [f for f in result.findings if f.code == "DG001"]
    messages = "\n".join(f"{f.span.line}: {f.message}" for f in result.findings)
    assert len(dg001) == len(case.dg001), messages
    for finding, (line, fragment) in zip(dg001, case.dg001, strict=True):
        assert (finding.span.line, finding.severity, finding.name) == (
            line,
            Severity.INFO,
            "unused-suppression",
        )
        assert fragment in finding.message, messages
        assert finding.fix
    assert sorted(f.code for f in result.findings if f.suppressed) == sorted(case.suppressed)


def test_dg001_table_covers_every_defect() -> None:
    fragments = " ".join(fragment for case in UNUSED for _, fragment in case.dg001)
    for words in ("unused suppression", "is not a rule code", "malformed", "did you mean"):
        assert words in fragments
    assert any(not case.dg001 for case in UNUSED)


def test_a_rule_turned_off_is_neither_applied_nor_reported_as_unused() -> None:
    text = dedent(MANIFESTS_FIRST.format(comment="# dockerlint-go ignore=DG102,DG104"))
    on = lint_text(text, "Dockerfile")
    assert [f.message for f in on.findings if f.code == "DG001"] == [
        "unused suppression of DG102 (source-before-mod-download): the COPY at line 4 has no "
        "DG102 finding",
        "unused suppression of DG104 (gomodcache-unset): the COPY at line 4 has no DG104 finding",
    ]
    # As a configuration that ignores DG102 would run them: DG102 is no longer reported unused.
    without = tuple(rule for rule in ALL_RULES if rule.code != "DG102")
    off = lint_text(text, "Dockerfile", without)
    assert [f.message for f in off.findings if f.code == "DG001"] == [
        "unused suppression of DG104 (gomodcache-unset): the COPY at line 4 has no DG104 finding",
    ]


def test_codes_the_configuration_ignores_raise_no_dg001() -> None:
    text = dedent(MANIFESTS_FIRST.format(comment="# dockerlint-go ignore=DG102,DG104"))
    result = lint_text(text, "Dockerfile", ignored={"DG102"})
    assert [(f.code, f.message) for f in result.findings] == [
        (
            "DG001",
            "unused suppression of DG104 (gomodcache-unset): the COPY at line 4 has no DG104 "
            "finding",
        ),
    ]
    sources_first = dedent(SOURCES_FIRST.format(comment="# dockerlint-go ignore=DG102"))
    assert lint_text(sources_first, "Dockerfile", ignored={"DG102"}).findings == ()
    # Ignoring DG001 itself silences it; the suppressions still apply.
    quiet = lint_text(text, "Dockerfile", ignored={"DG001"})
    assert quiet.findings == ()


def test_suppressions_apply_when_dg001_is_not_run() -> None:
    text = dedent(SOURCES_FIRST.format(comment="# dockerlint-go ignore=DG102,DG999"))
    rules = tuple(rule for rule in ALL_RULES if rule.code != "DG001")
    result = lint_text(text, "Dockerfile", rules)
    assert [(f.code, f.suppressed) for f in result.findings] == [("DG102", True)]


def test_the_rule_table_runner_sees_no_dg001() -> None:
    # tests/rules runs one rule at a time: a suppression there is applied but never reported.
    rule = next(rule for rule in ALL_RULES if rule.code == "DG102")
    text = dedent(MANIFESTS_FIRST.format(comment="# dockerlint-go ignore=DG102"))
    assert lint_text(text, "Dockerfile", [rule]).findings == ()


def test_dg001_registration_and_phases() -> None:
    assert DG001 in ALL_RULES
    assert [rule.code for rule in ALL_RULES] == sorted(rule.code for rule in ALL_RULES)
    assert [rule.code for rule in ALL_RULES if rule.review is not None] == ["DG001"]
    assert (DG001.name, DG001.severity) == ("unused-suppression", Severity.INFO)
    model = DockerfileModel(parse_dockerfile("# dockerlint-go ignore=DG999\nFROM x\n"), ())
    assert list(DG001.check(model)) == []


def _examples(title: str) -> tuple[str, ...]:
    section = docs.doc_section(docs.normalize_doc(DG001.doc), title)
    assert section is not None
    blocks = docs.fenced_blocks(section, "dockerfile")
    assert blocks
    return blocks


@pytest.mark.parametrize("block", _examples("Example"))
def test_dg001_doc_example_triggers_it(block: str) -> None:
    codes = [f.code for f in lint_text(block).findings]
    assert "DG000" not in codes
    assert "DG001" in codes


@pytest.mark.parametrize("block", _examples("Use instead"))
def test_dg001_doc_use_instead_does_not(block: str) -> None:
    codes = [f.code for f in lint_text(block).findings]
    assert "DG000" not in codes
    assert "DG001" not in codes


# --- End to end on real-world Dockerfiles -------------------------------------------------------


def _fixture(name: str) -> list[str]:
    return (REPO / "fixtures" / "realworld" / name / "Dockerfile").read_text().splitlines()


def _insert(lines: list[str], before: dict[int, str]) -> str:
    """``lines`` with a comment inserted above each 1-based line number of ``before``."""
    out: list[str] = []
    for number, line in enumerate(lines, 1):
        if number in before:
            out.append(before[number])
        out.append(line)
    return "\n".join(out) + "\n"


def _context(*, show_suppressed: bool = False) -> ReportContext:
    return ReportContext(
        rules=ALL_RULES,
        root=PurePosixPath("/repo"),
        tool_version="0",
        show_suppressed=show_suppressed,
    )


def test_billing_worker_with_its_findings_suppressed() -> None:
    lines = _fixture("billing-worker")
    assert (lines[7], lines[10]) == ("COPY . .", "USER billing")
    text = _insert(
        lines,
        {
            1: "# dockerlint-go global ignore=DG104 -- no module cache of our own",
            8: "# dockerlint-go ignore=DG102, copy-without-chown -- CI builds from scratch",
            11: "# dockerlint-go ignore=DG101 # tracked in OPS-12",
            16: "# dockerlint-go ignore=go-mod-regenerated -- tidy runs in CI",
        },
    )
    result = lint_text(text, "billing-worker/Dockerfile")
    summary = [
        (f.code, f.span.line, f.suppression.scope if f.suppression else None)
        for f in result.findings
    ]
    assert summary == [
        ("DG001", 1, None),
        ("DG102", 10, INSTRUCTION),
        ("DG103", 10, INSTRUCTION),
        ("DG101", 14, INSTRUCTION),
        ("DG123", 20, INSTRUCTION),
    ]
    dg001 = result.findings[0]
    assert dg001.message == (
        "unused suppression of DG104 (gomodcache-unset): the file has no DG104 finding"
    )
    reasons = [f.suppression.justification for f in result.findings if f.suppression]
    assert reasons == [
        "CI builds from scratch",
        "CI builds from scratch",
        "tracked in OPS-12",
        "tidy runs in CI",
    ]

    # The exit status counts only what is not suppressed: here one info finding.
    lint_result = LintResult((result,))
    assert [f.code for f in lint_result.active_findings] == ["DG001"]
    assert not any(f.severity.at_least(Severity.WARNING) for f in lint_result.active_findings)

    # The reports: tty hides the suppressed ones, JSON and SARIF mark them.
    report = tty.render(lint_result, _context())
    assert report.endswith("1 finding (1 info) in 1 file (4 suppressed, not shown)\n")
    shown = tty.render(lint_result, _context(show_suppressed=True))
    assert "[error] [suppressed: tracked in OPS-12] `go mod download` at line" in shown
    entries = json.loads(json_reporter.render(lint_result, _context()))
    assert [e.get("suppressed", False) for e in entries] == [False, True, True, True, True]
    log = json.loads(sarif.render(lint_result, _context()))
    assert schema_errors(log) == []
    assert github_problems(log) == []
    assert [r.get("suppressions") for r in log["runs"][0]["results"]] == [
        None,
        [{"kind": "inSource", "justification": "CI builds from scratch"}],
        [{"kind": "inSource", "justification": "CI builds from scratch"}],
        [{"kind": "inSource", "justification": "tracked in OPS-12"}],
        [{"kind": "inSource", "justification": "tidy runs in CI"}],
    ]


def test_ledger_heredoc_with_a_stage_suppression() -> None:
    lines = _fixture("ledger-heredoc")
    assert lines[1].startswith("FROM golang") and lines[32].startswith("FROM gcr.io/distroless")
    text = _insert(
        lines,
        {
            2: "# dockerlint-go stage ignore=DG101, DG103 -- the build stage runs once in CI",
            16: "# dockerlint-go ignore=DG999",  # inside the heredoc body: shell, not a directive
            33: "# dockerlint-go stage ignore=DG104",
        },
    )
    result = lint_text(text, "ledger-heredoc/Dockerfile")
    assert parse_dockerfile(text).directives.syntax == "docker/dockerfile:1.7"
    summary = [(f.code, f.span.line, f.suppressed) for f in result.findings]
    assert summary == [
        ("DG103", 22, True),
        ("DG101", 23, True),
        ("DG001", 35, False),
    ]
    assert result.findings[2].message == (
        "unused suppression of DG104 (gomodcache-unset): the stage at lines 36-40 has no DG104 "
        "finding"
    )
    assert {f.suppression for f in result.findings if f.suppression} == {
        Suppression(STAGE, 2, "the build stage runs once in CI")
    }


def test_the_real_world_corpus_has_no_directives() -> None:
    # The pinned real-world findings (tests/golden/realworld.txt) are free of suppressions.
    for dockerfile in sorted((REPO / "fixtures" / "realworld").rglob("Dockerfile*")):
        parsed = parse_dockerfile(dockerfile.read_bytes())
        assert parse_directives(parsed) == (), dockerfile


# --- Start-up -----------------------------------------------------------------------------------


def test_the_api_tests_for_the_same_marker() -> None:
    from dockerlint_go import api, suppress

    assert api._MARKER == suppress.MARKER


def test_files_without_directives_never_import_the_suppression_module() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from dockerlint_go.api import lint_text\n"
        "from dockerlint_go.rules import ALL_RULES\n"
        "lint_text(open('fixtures/realworld/billing-worker/Dockerfile').read())\n"
        "assert 'dockerlint_go.suppress' not in sys.modules\n"
        "lint_text('# dockerlint-go ignore=DG102\\nFROM golang:1.22\\n')\n"
        "assert 'dockerlint_go.suppress' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, cwd=REPO)
