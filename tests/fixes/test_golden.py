"""Every fix case: the fix writes after.Dockerfile exactly, with LF, CRLF and a byte order
mark; a second run changes nothing; the fixed file no longer has the rule's finding and gains
no other. ``UPDATE_GOLDEN=1`` rewrites after.Dockerfile (review the diff)."""

from __future__ import annotations

import os
from collections import Counter

import pytest

from tests.fixes._harness import FixCase, all_cases

CASES = all_cases()


def _crlf(data: bytes) -> bytes:
    return data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_the_fix_writes_the_golden_file(case: FixCase) -> None:
    outcome = case.fix(case.before)
    if os.environ.get("UPDATE_GOLDEN") == "1":
        case.after_path.write_bytes(outcome.data)
    assert outcome.rejected == (), outcome.rejected
    assert outcome.data == case.after_path.read_bytes()
    if case.after_path.read_bytes() == case.before:
        assert not outcome.changed  # a "no fix" case
        return
    assert outcome.changed
    assert any(a.code == case.code for a in outcome.applied)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_crlf_and_a_byte_order_mark_are_kept(case: FixCase) -> None:
    expected = case.after_path.read_bytes()
    assert case.fix(_crlf(case.before)).data == _crlf(expected)
    bom = b"\xef\xbb\xbf"
    assert case.fix(bom + case.before).data == bom + expected


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_fixing_again_changes_nothing(case: FixCase) -> None:
    fixed = case.after_path.read_bytes()
    again = case.fix(fixed)
    assert not again.changed
    assert again.data == fixed


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_the_fixed_file_is_clean_of_the_rule_and_gains_nothing(case: FixCase) -> None:
    before = case.lint(case.before)
    after = case.lint(case.after_path.read_bytes())
    if case.after_path.read_bytes() == case.before:
        return
    codes_before = Counter(f.code for f in before.findings)
    codes_after = Counter(f.code for f in after.findings)
    fixed_codes = {case.code} if not case.every_rule else set(codes_before)
    for code, count in codes_after.items():
        if code in fixed_codes:
            continue
        assert count <= codes_before[code], f"the fix added {code}: {after.findings}"
    remaining = [f for f in after.findings if f.code == case.code and f.autofix is not None]
    assert not remaining, remaining
