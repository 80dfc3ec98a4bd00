"""A --confirm verdict shows in every format that can carry it: tty, JSON and SARIF."""

from __future__ import annotations

import json

from dockerlint_go.findings import Confirmation, ConfirmStatus, FileResult, LintResult
from dockerlint_go.record import replace
from dockerlint_go.reporters.json import render as render_json
from dockerlint_go.reporters.sarif import render as render_sarif
from dockerlint_go.reporters.tty import render as render_tty
from tests.reporters._sample import RESULT, context
from tests.reporters.test_sarif import github_problems, schema_errors

VERDICT = Confirmation(
    ConfirmStatus.CONFIRMED,
    "go: could not create module cache: mkdir /go/pkg/mod/cache: permission denied",
    details=("Step 7/7 : RUN go get example.com/extra@v1.0.0",),
    builder="classic",
    seconds=2.4,
)


def _confirmed() -> LintResult:
    first = RESULT.files[0]
    findings = (replace(first.findings[0], confirmation=VERDICT), *first.findings[1:])
    return LintResult(files=(FileResult(first.path, findings, first.lines), *RESULT.files[1:]))


def test_tty_shows_the_verdict_under_the_finding() -> None:
    text = render_tty(_confirmed(), context())
    assert "  confirmed: go: could not create module cache: mkdir /go/pkg/mod/cache" in text
    assert "2.4" not in text


def test_json_carries_a_confirmation_object() -> None:
    entries = json.loads(render_json(_confirmed(), context()))
    assert entries[0]["confirmation"] == {
        "status": "confirmed",
        "evidence": VERDICT.evidence,
        "details": list(VERDICT.details),
        "builder": "classic",
    }
    assert all("confirmation" not in e for e in entries[1:])


def test_sarif_carries_it_in_result_properties_and_stays_valid() -> None:
    log = json.loads(render_sarif(_confirmed(), context()))
    results = log["runs"][0]["results"]
    assert results[0]["properties"]["confirmation"]["status"] == "confirmed"
    assert schema_errors(log) == []
    assert github_problems(log) == []


def test_every_status_renders() -> None:
    for status in ConfirmStatus:
        verdict = replace(VERDICT, status=status, details=(), builder=None)
        first = RESULT.files[0]
        result = LintResult(
            files=(
                FileResult(
                    first.path,
                    (replace(first.findings[0], confirmation=verdict),),
                    first.lines,
                ),
            )
        )
        assert f"  {status.value}: " in render_tty(result, context())
        entry = json.loads(render_json(result, context()))[0]
        assert entry["confirmation"] == {"status": status.value, "evidence": VERDICT.evidence}
