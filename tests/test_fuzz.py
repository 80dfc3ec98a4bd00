"""Fuzzing: mutated real-world Go Dockerfiles never make ``lint_text`` raise or hang.

The seeds are the fixtures under fixtures/realworld and the rule case tables; the mutators
(tests/_fuzz_mutators.py) delete, duplicate and swap lines, add instructions known and unknown,
odd ENV/USER/WORKDIR values, ``--mount`` junk, heredocs, quotes, expansions, continuations,
unicode, NUL bytes and CRLF, and the result is given as text or as bytes (with a BOM, or not
UTF-8). Each input must be linted within a few seconds. scripts/fuzz.py runs the same
mutators for minutes instead of a couple of hundred examples.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dockerlint_go.api import lint_text
from dockerlint_go.findings import FileResult
from tests._fuzz_mutators import MUTATORS, load_seeds, mutate, render, time_limit

SEEDS = load_seeds()
LIMIT_SECONDS = 5.0

_STEPS = st.lists(
    st.tuples(st.integers(0, len(MUTATORS) - 1), st.integers(0, 2**32 - 1)),
    min_size=1,
    max_size=8,
)


def test_the_seeds_are_there():
    assert len(SEEDS) > 50
    assert any(seed.name.startswith("fixtures/realworld/") for seed in SEEDS)
    assert any(seed.name.startswith("cases_dg104:") for seed in SEEDS)


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.integers(0, len(SEEDS) - 1), _STEPS, st.integers(0, 99), st.integers(0, 2**32 - 1))
def test_lint_text_survives_mutated_dockerfiles(seed, steps, encoding, byte_seed):
    data = render(mutate(SEEDS[seed].text, steps), encoding, byte_seed)
    with time_limit(LIMIT_SECONDS):
        result = lint_text(data, "Dockerfile")
    assert isinstance(result, FileResult)
    for finding in result.findings:
        assert finding.path == "Dockerfile"
        assert finding.span.line >= 1
        assert finding.span.column >= 1
        assert finding.message
