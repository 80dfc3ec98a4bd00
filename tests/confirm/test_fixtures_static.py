"""The confirm fixtures, without Docker: the linter sees each case as intended, and the
generated Go modules and GOPROXY are what fixtures/confirm/make_goproxy.py writes today."""

from __future__ import annotations

import functools
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from dockerlint_go.api import lint_paths
from dockerlint_go.confirm.engine import CONFIRMABLE
from tests.confirm._fixtures import CASES, FIXTURES, REPO, Case


@functools.cache
def _generator() -> ModuleType:
    name = "dockerlint_go_fixtures_make_goproxy"
    spec = importlib.util.spec_from_file_location(name, FIXTURES / "make_goproxy.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _codes(case: Case) -> list[str]:
    result = lint_paths([str(case.path.relative_to(REPO))], cwd=REPO)
    return [finding.code for finding in result.findings]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_the_linter_sees_the_case_as_intended(case: Case) -> None:
    codes = _codes(case)
    if case.bad:
        # Exactly one finding, its own, so that confirming a bad case confirms one finding
        # and no other rule's problem can stop the build first.
        assert codes == [case.rule]
    else:
        assert codes == []


def test_every_fixture_rule_has_a_recipe() -> None:
    assert {case.rule for case in CASES} <= CONFIRMABLE


def test_every_case_directory_is_listed() -> None:
    on_disk = {str(p.parent.relative_to(FIXTURES)) for p in FIXTURES.glob("DG*/*/Dockerfile")}
    assert on_disk == {case.id for case in CASES} == set(_generator().CASES)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_only_the_buildkit_cases_need_buildkit(case: Case) -> None:
    text = (case.path / "Dockerfile").read_text()
    assert ("--mount" in text) == case.buildkit
    assert "<<" not in text


def _files(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def test_generated_files_are_up_to_date(tmp_path: Path) -> None:
    generator = _generator()
    generator.generate(tmp_path)
    expected = _files(tmp_path)
    for case in CASES:
        # Every generated file is current, and no stale proxy file is left over.
        # Everything but the hand-written Dockerfile and .dockerignore is generated.
        actual = {
            rel: content
            for rel, content in _files(case.path).items()
            if rel not in {"Dockerfile", ".dockerignore"}
        }
        wanted = {
            rel.removeprefix(f"{case.id}/"): content
            for rel, content in expected.items()
            if rel.startswith(f"{case.id}/")
        }
        assert actual == wanted, "run: python fixtures/confirm/make_goproxy.py"


def test_go_sum_hashes_match_the_proxy_zip() -> None:
    # dirhash Hash1, checked against a value Go itself computed for this module zip.
    generator = _generator()
    go_sum = generator.go_sum().decode()
    assert go_sum == (
        "example.com/greeting v1.0.0 h1:WuGspDFZiLVP3+LyruUsLKFCPyuE2oAU4c4jgm1Ad8c=\n"
        "example.com/greeting v1.0.0/go.mod h1:bRuIjpk30d+tlgrtuSf5jzQPa6I1xgEjNsI2ddCB1yE=\n"
    )
