"""One generic runner for every rule's table of cases."""

from __future__ import annotations

import pytest

from dockerlint_go.api import lint_text
from dockerlint_go.rules import ALL_RULES
from tests.rules import cases_dg101, cases_dg102, cases_dg103, cases_dg104
from tests.rules._cases import Case

TABLES = {
    "DG101": cases_dg101.CASES,
    "DG102": cases_dg102.CASES,
    "DG103": cases_dg103.CASES,
    "DG104": cases_dg104.CASES,
}
PARAMS = [
    pytest.param(code, case, id=f"{code}-{case.id}")
    for code, cases in TABLES.items()
    for case in cases
]


@pytest.mark.parametrize(("code", "case"), PARAMS)
def test_rule_case(code: str, case: Case) -> None:
    rule = next(r for r in ALL_RULES if r.code == code)
    result = lint_text(case.text, "Dockerfile", rules=[rule])
    got = sorted((f.span.line, f.severity.value) for f in result.findings)
    messages = "\n".join(f"{f.span.line}: {f.message}" for f in result.findings)
    assert got == sorted(case.expect), messages
    for fragment in case.message_has:
        assert fragment in result.findings[0].message, messages


def test_every_rule_has_a_table() -> None:
    codes = {r.code for r in ALL_RULES if r.code >= "DG100"}
    assert codes == set(TABLES)


@pytest.mark.parametrize("code", sorted(TABLES))
def test_tables_cover_positive_and_negative(code: str) -> None:
    cases = TABLES[code]
    assert any(c.expect for c in cases)
    assert any(not c.expect for c in cases)
    assert len({c.id for c in cases}) == len(cases)
