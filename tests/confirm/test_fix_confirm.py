"""--fix --confirm on the confirm fixtures: every bad fixture that has a fix is fixed (unsafe
fixes included), the original build shows the problem and the fixed one does not."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dockerlint_go.api import lint_text
from dockerlint_go.confirm.fixproof import prove_fixes
from dockerlint_go.contexts import ContextReader
from dockerlint_go.findings import ConfirmStatus, FileResult, Finding
from dockerlint_go.fixer import FixOutcome, fix_text
from tests.confirm._fixtures import FIXTURES

pytestmark = pytest.mark.docker

# The bad fixtures whose findings --fix repairs; the others (a missing home, a replace outside
# the context, a cgo binary in scratch…) have no fix, as their rules' docs say.
FIXABLE = ("DG101", "DG102", "DG103", "DG107", "DG108", "DG119")


def _every_fix(finding: Finding) -> bool:
    return finding.autofix is not None


def _fix(directory: Path) -> tuple[bytes, FixOutcome]:
    """The fixture's Dockerfile and what --fix --unsafe-fixes makes of it."""
    context = ContextReader().view(str(directory), str(directory / "Dockerfile"))

    def lint(data: bytes) -> FileResult:
        return lint_text(data, "Dockerfile", context=context)

    original = (directory / "Dockerfile").read_bytes()
    return original, fix_text(original, lint, wanted=_every_fix)


def test_the_fixable_list_is_every_bad_fixture_with_a_fix() -> None:
    fixed = sorted(case.parent.name for case in FIXTURES.glob("DG*/bad") if _fix(case)[1].changed)
    assert fixed == sorted(FIXABLE)


@pytest.mark.parametrize("rule", FIXABLE)
def test_the_fix_is_proven_by_building_before_and_after(rule: str, tmp_path: Path) -> None:
    directory = tmp_path / rule
    shutil.copytree(FIXTURES / rule / "bad", directory)
    original, outcome = _fix(directory)
    assert rule in [a.code for a in outcome.applied]
    proofs = prove_fixes(
        original, outcome.data, directory, outcome.applied, offline=True, timeout=300
    )
    mine = [p for p in proofs if p.code == rule]
    assert mine, proofs
    for proof in mine:
        assert proof.before.status is ConfirmStatus.CONFIRMED, proof.describe()
        assert proof.after.status is ConfirmStatus.NOT_CONFIRMED, proof.describe()
        assert proof.proven
