"""One generic runner for every rule's table of cases."""

from __future__ import annotations

import pytest

from dockerlint_go.api import lint_text
from dockerlint_go.rules import ALL_RULES
from tests.rules import (
    cases_dg101,
    cases_dg102,
    cases_dg103,
    cases_dg104,
    cases_dg105,
    cases_dg106,
    cases_dg107,
    cases_dg108,
    cases_dg109,
    cases_dg110,
    cases_dg111,
    cases_dg112,
    cases_dg113,
    cases_dg114,
    cases_dg115,
    cases_dg116,
    cases_dg117,
    cases_dg118,
    cases_dg119,
    cases_dg120,
    cases_dg121,
    cases_dg122,
    cases_dg123,
)
from tests.rules._cases import Case

TABLES = {
    "DG101": cases_dg101.CASES,
    "DG102": cases_dg102.CASES,
    "DG103": cases_dg103.CASES,
    "DG104": cases_dg104.CASES,
    "DG105": cases_dg105.CASES,
    "DG106": cases_dg106.CASES,
    "DG107": cases_dg107.CASES,
    "DG108": cases_dg108.CASES,
    "DG109": cases_dg109.CASES,
    "DG110": cases_dg110.CASES,
    "DG111": cases_dg111.CASES,
    "DG112": cases_dg112.CASES,
    "DG113": cases_dg113.CASES,
    "DG114": cases_dg114.CASES,
    "DG115": cases_dg115.CASES,
    "DG116": cases_dg116.CASES,
    "DG117": cases_dg117.CASES,
    "DG118": cases_dg118.CASES,
    "DG119": cases_dg119.CASES,
    "DG120": cases_dg120.CASES,
    "DG121": cases_dg121.CASES,
    "DG122": cases_dg122.CASES,
    "DG123": cases_dg123.CASES,
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


# Rules that can fire only with a build context: their tables hold the silent name-only cases,
# and their positive cases live in tests that write a context (test_dg110_dg111_context.py,
# test_dg109_dg112_context.py).
CONTEXT_ONLY = frozenset({"DG109", "DG110", "DG111"})


@pytest.mark.parametrize("code", sorted(TABLES))
def test_tables_cover_positive_and_negative(code: str) -> None:
    cases = TABLES[code]
    assert any(c.expect for c in cases) or code in CONTEXT_ONLY
    assert any(not c.expect for c in cases)
    assert len({c.id for c in cases}) == len(cases)
