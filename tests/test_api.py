"""The library API: lint_text and lint_paths, on the fake parser and rules."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

import dockerlint_go
from dockerlint_go import api
from dockerlint_go.findings import FileResult, Finding, Severity, Span
from dockerlint_go.rules._rule import Hit, Rule
from tests import _lint_fakes as fakes

pytestmark = pytest.mark.usefixtures("fake_layers")

RULES = fakes.FAKE_RULES


@pytest.fixture
def fake_layers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(api, "parse_dockerfile", fakes.fake_parse)
    monkeypatch.setattr(api, "build_model", fakes.fake_build_model)


def codes(result: FileResult) -> list[tuple[str, int, int]]:
    return [(f.code, f.span.line, f.span.column) for f in result.findings]


# ---------------------------------------------------------------- lint_text


def test_lint_text_builds_findings_from_rule_metadata_and_hits():
    result = api.lint_text("FROM golang:1.22\nRUN go get example.com/x\n", "Dockerfile", RULES)
    assert result == FileResult(
        path="Dockerfile",
        findings=(
            Finding(
                path="Dockerfile",
                code="DG901",
                name="go-get-seen",
                severity=Severity.ERROR,
                message="`go get` at line 2 writes the module cache",
                span=Span(2, 5, 2, 11),
                fix="Run `go mod download` before switching users.",
            ),
        ),
        lines=("FROM golang:1.22", "RUN go get example.com/x"),
    )


def test_lint_text_hit_severity_overrides_rule_default():
    result = api.lint_text("FROM alpine:latest\nFROM golang:latest\n", rules=RULES)
    assert [(f.span.line, f.severity) for f in result.findings] == [
        (1, Severity.INFO),
        (2, Severity.WARNING),
    ]


def test_lint_text_default_path_is_stdin():
    assert api.lint_text("RUN go get x\n", rules=RULES).findings[0].path == "-"


def test_lint_text_accepts_bytes_and_str_alike():
    text = "RUN go get x\nFROM a:latest\n"
    assert api.lint_text(text, "f", RULES) == api.lint_text(text.encode(), "f", RULES)


def test_lint_text_drops_duplicate_findings():
    # The go-get rule yields every hit twice.
    result = api.lint_text("RUN go get x\n", rules=RULES)
    assert codes(result) == [("DG901", 1, 5)]


def test_lint_text_keeps_findings_that_differ_only_in_message_or_span():
    def twice(model):
        yield Hit(Span(1, 1, 1, 2), "one")
        yield Hit(Span(1, 1, 1, 2), "two")
        yield Hit(Span(1, 1, 1, 3), "one")

    rule = Rule("DG950", "twice", Severity.INFO, "s", "", twice)
    result = api.lint_text("x\n", rules=[rule])
    assert [(f.message, f.span.end_column) for f in result.findings] == [
        ("one", 2),
        ("one", 3),
        ("two", 2),
    ]


def test_lint_text_sorts_findings_across_rules():
    text = "# multi line\nFROM golang:latest\nRUN go get x\nBAD thing\n"
    result = api.lint_text(text, rules=RULES)
    assert codes(result) == [
        ("DG903", 1, 3),
        ("DG902", 2, 12),
        ("DG901", 3, 5),
        ("DG000", 4, 1),
    ]


def test_lint_text_reports_parse_problems_only_through_the_dg000_rule():
    assert codes(api.lint_text("BAD\n", rules=RULES)) == [("DG000", 1, 1)]
    assert codes(api.lint_text("BAD\n", rules=[fakes.GO_GET])) == []


def test_lint_text_with_no_rules_has_no_findings_but_keeps_lines():
    result = api.lint_text("FROM a\nRUN go get x", rules=())
    assert result.findings == ()
    assert result.lines == ("FROM a", "RUN go get x")


def test_lint_text_lets_a_model_bug_propagate():
    with pytest.raises(RuntimeError, match="model fold failed"):
        api.lint_text("CRASH\n", rules=RULES)


def test_lint_text_lets_a_rule_bug_propagate():
    def broken(model):
        raise KeyError("boom")
        yield

    rule = Rule("DG951", "broken", Severity.INFO, "s", "", broken)
    with pytest.raises(KeyError):
        api.lint_text("x\n", rules=[rule])


def test_lint_text_uses_the_registry_when_rules_is_none(monkeypatch):
    import dockerlint_go.rules

    monkeypatch.setattr(dockerlint_go.rules, "ALL_RULES", (fakes.LATEST,))
    assert codes(api.lint_text("RUN go get x\nFROM a:latest\n")) == [("DG902", 2, 7)]


# ---------------------------------------------------------------- lint_paths


def write(path: Path, text: str = "FROM scratch\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_lint_paths_reports_paths_relative_to_cwd_sorted_and_once(tmp_path):
    write(tmp_path / "b" / "Dockerfile", "RUN go get x\n")
    write(tmp_path / "a.Dockerfile")
    write(tmp_path / "notes.txt")
    result = api.lint_paths(
        ["b", ".", "./a.Dockerfile", str(tmp_path / "b" / "Dockerfile")], rules=RULES, cwd=tmp_path
    )
    assert [r.path for r in result.files] == ["a.Dockerfile", "b/Dockerfile"]
    assert [f.path for f in result.findings] == ["b/Dockerfile"]


def test_lint_paths_lints_an_explicit_file_whatever_its_name(tmp_path):
    write(tmp_path / "build.txt", "RUN go get x\n")
    result = api.lint_paths(["build.txt"], rules=RULES, cwd=tmp_path)
    assert [(f.path, f.code) for f in result.findings] == [("build.txt", "DG901")]


def test_lint_paths_outside_cwd_keeps_the_path_as_given(tmp_path):
    write(tmp_path / "other" / "sub" / "Dockerfile")
    work = tmp_path / "work"
    work.mkdir()
    result = api.lint_paths(["../other", str(tmp_path / "other")], rules=RULES, cwd=work)
    assert [r.path for r in result.files] == [
        "../other/sub/Dockerfile",
        f"{tmp_path.as_posix()}/other/sub/Dockerfile",
    ]


def test_lint_paths_cwd_defaults_to_the_working_directory(tmp_path, monkeypatch):
    write(tmp_path / "Dockerfile", "RUN go get x\n")
    monkeypatch.chdir(tmp_path)
    assert [r.path for r in api.lint_paths(["."], rules=RULES).files] == ["Dockerfile"]


def test_lint_paths_reads_stdin_for_dash_once(tmp_path):
    write(tmp_path / "Dockerfile")
    result = api.lint_paths(
        ["-", "Dockerfile", "-"], stdin=b"RUN go get x\n", rules=RULES, cwd=tmp_path
    )
    assert [r.path for r in result.files] == ["-", "Dockerfile"]
    assert [(f.path, f.code) for f in result.findings] == [("-", "DG901")]
    assert result.files[0].lines == ("RUN go get x",)


def test_lint_paths_dash_without_stdin_is_a_usage_error(tmp_path):
    with pytest.raises(api.UsageError, match="standard input"):
        api.lint_paths(["-"], rules=RULES, cwd=tmp_path)


def test_lint_paths_missing_path_is_a_usage_error(tmp_path):
    write(tmp_path / "Dockerfile")
    with pytest.raises(api.UsageError) as error:
        api.lint_paths(["Dockerfile", "nope/Dockerfile"], rules=RULES, cwd=tmp_path)
    assert str(error.value) == "path not found: nope/Dockerfile"


def test_an_empty_path_is_a_usage_error_not_the_working_directory(tmp_path):
    write(tmp_path / "Dockerfile")
    with pytest.raises(api.UsageError, match="empty path"):
        api.lint_paths([""], rules=RULES, cwd=tmp_path)


def test_lint_paths_reads_files_as_bytes(tmp_path):
    (tmp_path / "Dockerfile").write_bytes(b"FROM a\xff:latest\r\nRUN go get x\r\n")
    result = api.lint_paths(["Dockerfile"], rules=RULES, cwd=tmp_path)
    assert result.files[0].lines == ("FROM a\ufffd:latest", "RUN go get x")


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root reads anything")
def test_unreadable_file_becomes_a_dg000_finding(tmp_path):
    secret = write(tmp_path / "Dockerfile", "RUN go get x\n")
    secret.chmod(0)
    try:
        result = api.lint_paths(["."], rules=RULES, cwd=tmp_path)
    finally:
        secret.chmod(0o644)
    assert result.files == (
        FileResult(
            path="Dockerfile",
            findings=(
                Finding(
                    path="Dockerfile",
                    code="DG000",
                    name="parse-error",
                    severity=Severity.ERROR,
                    message="cannot read this file: Permission denied",
                    span=Span(1, 1, 1, 1),
                ),
            ),
            lines=(),
        ),
    )


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root reads anything")
def test_unreadable_directory_becomes_a_dg000_finding(tmp_path):
    write(tmp_path / "a" / "Dockerfile")
    locked = tmp_path / "b"
    write(locked / "Dockerfile")
    locked.chmod(0)
    try:
        result = api.lint_paths(["."], rules=RULES, cwd=tmp_path)
    finally:
        locked.chmod(0o755)
    assert [(f.path, f.code, f.message) for f in result.findings] == [
        ("b", "DG000", "cannot read this directory: Permission denied")
    ]
    assert [r.path for r in result.files] == ["a/Dockerfile", "b"]


def test_a_file_that_cannot_be_read_becomes_a_dg000_finding(tmp_path, monkeypatch):
    # Works as root too: the read error is simulated.
    write(tmp_path / "a" / "Dockerfile", "RUN go get x\n")
    write(tmp_path / "b" / "Dockerfile", "RUN go get x\n")
    real_read_file = api._read_file

    def read_file(location):
        if Path(location).parent.name == "a":
            raise PermissionError(13, "Permission denied", location)
        return real_read_file(location)

    monkeypatch.setattr(api, "_read_file", read_file)
    result = api.lint_paths(["."], rules=RULES, cwd=tmp_path)
    assert [(f.path, f.code, f.span, f.message) for f in result.findings] == [
        ("a/Dockerfile", "DG000", Span(1, 1, 1, 1), "cannot read this file: Permission denied"),
        ("b/Dockerfile", "DG901", Span(1, 5, 1, 11), "`go get` at line 1 writes the module cache"),
    ]


def test_a_directory_that_cannot_be_listed_becomes_a_dg000_finding(tmp_path, monkeypatch):
    # Works as root too: the listing error is simulated.
    write(tmp_path / "a" / "Dockerfile")
    write(tmp_path / "b" / "Dockerfile")
    real_scandir = os.scandir

    def scandir(path):
        if Path(path).name == "b":
            raise PermissionError(13, "Permission denied", path)
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = api.lint_paths(["."], rules=RULES, cwd=tmp_path)
    assert [(r.path, r.lines) for r in result.files] == [
        ("a/Dockerfile", ("FROM scratch",)),
        ("b", ()),
    ]
    assert [(f.path, f.code, f.span, f.message) for f in result.findings] == [
        ("b", "DG000", Span(1, 1, 1, 1), "cannot read this directory: Permission denied")
    ]


def test_unreadable_file_uses_the_dg000_rule_metadata_when_present(tmp_path):
    (tmp_path / "Dockerfile").mkdir()
    target = api.Target(path="Dockerfile", location=str(tmp_path / "Dockerfile"))
    renamed = Rule("DG000", "unreadable", Severity.WARNING, "s", "", fakes.PARSE_ERROR.check)
    result = api.lint_selection(api.Selection((target,), ()), rules=[renamed])
    (finding,) = result.findings
    assert (finding.code, finding.name, finding.severity) == (
        "DG000",
        "unreadable",
        Severity.WARNING,
    )
    assert finding.message.startswith("cannot read this file: ")


def test_unreadable_file_without_a_dg000_rule_uses_the_literal_metadata(tmp_path):
    target = api.Target(path="gone", location=str(tmp_path / "gone"))
    result = api.lint_selection(api.Selection((target,), ()), rules=[fakes.GO_GET])
    assert [(f.code, f.name, f.severity, f.message) for f in result.findings] == [
        ("DG000", "parse-error", Severity.ERROR, "cannot read this file: No such file or directory")
    ]


def test_lint_paths_reports_a_bug_as_a_finding_in_its_file_and_lints_the_others(tmp_path):
    write(tmp_path / "a" / "Dockerfile", "RUN go get x\n")
    write(tmp_path / "b" / "Dockerfile", "CRASH\n")
    write(tmp_path / "c" / "Dockerfile", "FROM a:latest\n")
    result = api.lint_paths(["."], rules=RULES, cwd=tmp_path)
    assert result.crashed == ("b/Dockerfile",)
    assert [(f.path, f.code) for f in result.findings] == [
        ("a/Dockerfile", "DG901"),
        ("b/Dockerfile", "DG000"),
        ("c/Dockerfile", "DG902"),
    ]
    crashed = result.files[1]
    assert crashed.crash == "RuntimeError: model fold failed"  # the first line only
    assert crashed.findings == (
        Finding(
            path="b/Dockerfile",
            code="DG000",
            name="parse-error",
            severity=Severity.ERROR,
            message=(
                "internal error while linting this file: RuntimeError: model fold failed; "
                f"this is a bug in dockerlint-go {dockerlint_go.__version__}, please report it "
                "at https://github.com/dockerlint-go/dockerlint-go/issues"
            ),
            span=Span(1, 1, 1, 1),
        ),
    )
    assert [r.crash for r in result.files] == [None, "RuntimeError: model fold failed", None]


def test_a_crash_is_an_error_named_after_the_dg000_rule_whatever_its_severity(tmp_path):
    write(tmp_path / "Dockerfile", "CRASH\n")
    renamed = Rule("DG000", "unreadable", Severity.INFO, "s", "", fakes.PARSE_ERROR.check)
    result = api.lint_paths(["Dockerfile"], rules=[renamed, fakes.GO_GET], cwd=tmp_path)
    (finding,) = result.findings
    assert (finding.code, finding.name, finding.severity) == ("DG000", "unreadable", Severity.ERROR)


def test_a_crash_in_a_rule_is_reported_like_one_in_the_model(tmp_path):
    def broken(model):
        yield from ()
        raise ValueError("")

    rule = Rule("DG950", "broken", Severity.INFO, "s", "", broken)
    write(tmp_path / "Dockerfile", "RUN go get x\n")
    result = api.lint_paths(["Dockerfile"], rules=[*RULES, rule], cwd=tmp_path)
    assert result.crashed == ("Dockerfile",)
    assert result.files[0].crash == "ValueError"  # what the rules found before is dropped
    assert [f.code for f in result.findings] == ["DG000"]
    assert "internal error while linting this file: ValueError; " in result.findings[0].message


def test_configuration_does_not_hide_a_crash(tmp_path):
    from dockerlint_go.config import CommandLine, resolve_config

    write(tmp_path / "Dockerfile", "CRASH\n")
    config = resolve_config(
        cwd=tmp_path,
        environ={},
        command_line=CommandLine(ignore=("DG000",), info=("DG000",)),
        rules=RULES,
    )
    selection = api.select_paths(["Dockerfile"], cwd=tmp_path)
    result = api.lint_selection(selection, rules=RULES, config=config, cwd=tmp_path)
    assert [(f.code, f.severity) for f in result.findings] == [("DG000", Severity.ERROR)]
    assert result.crashed == ("Dockerfile",)


def test_lint_text_still_raises_on_a_bug():
    with pytest.raises(RuntimeError, match="model fold failed"):
        api.lint_text("CRASH\n", rules=RULES)


def test_lint_crash_error_stays_importable():
    error = api.LintCrashError("Dockerfile")
    assert (error.path, str(error)) == ("Dockerfile", "internal error while linting Dockerfile")


def test_select_paths_lists_directories_without_dockerfiles(tmp_path):
    write(tmp_path / "docs" / "README.md")
    write(tmp_path / "svc" / "Dockerfile")
    selection = api.select_paths(["docs", "svc", "docs"], cwd=tmp_path)
    assert selection.empty_directories == ("docs", "docs")
    assert selection.targets == (
        api.Target(path="svc/Dockerfile", location=str(tmp_path / "svc" / "Dockerfile")),
    )


def test_select_paths_a_dangling_link_is_selected_and_reported_unreadable(tmp_path):
    (tmp_path / "Dockerfile").symlink_to(tmp_path / "missing")
    result = api.lint_paths(["Dockerfile"], rules=RULES, cwd=tmp_path)
    assert [(f.path, f.message) for f in result.findings] == [
        ("Dockerfile", "cannot read this file: No such file or directory")
    ]


@pytest.mark.skipif(sys.platform != "linux", reason="needs a file system with byte file names")
def test_undecodable_file_names_are_reported_printably(tmp_path):
    directory = os.fsencode(tmp_path) + b"/caf\xe9"
    Path(os.fsdecode(directory)).mkdir()
    Path(os.fsdecode(directory + b"/Dockerfile")).write_text("RUN go get x\n")
    result = api.lint_paths(["."], rules=RULES, cwd=tmp_path)
    assert [f.path for f in result.findings] == ["caf\ufffd/Dockerfile"]
    "".join(f.path for f in result.findings).encode("utf-8")  # writable as UTF-8
