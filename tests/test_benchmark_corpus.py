"""The benchmarks' generated Dockerfiles: deterministic, the size asked for, valid."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from generate import multistage

from dockerlint_go.model.parse import parse_dockerfile


@pytest.mark.parametrize("lines", [70, 300, 1000])
def test_the_multistage_file_has_the_lines_asked_for_and_parses(lines: int) -> None:
    text = multistage(lines=lines, seed=0)
    assert text == multistage(lines=lines, seed=0)
    assert len(text.splitlines()) == lines
    parsed = parse_dockerfile(text)
    assert parsed.problems == ()
    assert sum(1 for ins in parsed.instructions if ins.keyword == "FROM") >= 4
