"""DG108's cache-mount probe, without an engine: which mounts are probed, the probe
Dockerfile, and how its output becomes a verdict."""

from __future__ import annotations

from dockerlint_go.api import lint_text
from dockerlint_go.confirm.cachemounts import (
    cache_mounts,
    parse_counts,
    probe_dockerfile,
    verdict_text,
)
from dockerlint_go.model.parse import parse_dockerfile
from dockerlint_go.model.stages import build_model
from dockerlint_go.record import replace

DOCKERFILE = """\
FROM golang:1.22
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,id=mods,target=/go/mod/pkg,sharing=locked \\
    --mount=type=cache,target=/root/.cache/go-build \\
    --mount=type=cache,target=/x,from=seed \\
    --mount=type=bind,target=/b \\
    go build ./...
"""


def _step_and_run():
    model = build_model(parse_dockerfile(DOCKERFILE.encode()))
    step = next(s for s in model.stages[0].steps if s.go)
    return step, step.go[0]


def test_cache_mounts_skips_seeded_and_non_cache_mounts_and_marks_misses():
    step, run = _step_and_run()
    found = cache_mounts(step, run)
    assert [(m.target, path, misses) for m, path, misses in found] == [
        ("/go/mod/pkg", "/go/mod/pkg", True),
        ("/root/.cache/go-build", "/root/.cache/go-build", False),
    ]


def test_probe_dockerfile_mounts_the_same_caches_at_the_same_workdir():
    step, run = _step_and_run()
    text = probe_dockerfile("golang:1.22", "/src", cache_mounts(step, run), "nonce-1")
    lines = text.splitlines()
    assert lines[:3] == ["FROM golang:1.22", "USER 0", "WORKDIR /src"]
    assert "--mount=type=cache,target=/go/mod/pkg,id=mods,sharing=locked" in lines[3]
    assert "--mount=type=cache,target=/root/.cache/go-build " in lines[3]
    assert "nonce-1" in lines[3]
    # The probe itself must not be a finding of any rule but DG108's cousins: it parses.
    assert lint_text(text, "probe").findings is not None


def test_a_mount_that_cannot_be_written_back_unchanged_is_skipped():
    step, run = _step_and_run()
    odd = tuple(replace(m, target="/go/a b") if m.id == "mods" else m for m in step.mounts)
    assert [m.target for m, _, _ in cache_mounts(replace(step, mounts=odd), run)] == [
        "/root/.cache/go-build"
    ]


def test_counts_and_verdicts():
    step, run = _step_and_run()
    mounts = cache_mounts(step, run)
    output = [
        "dockerlint-go cache probe nonce-1",
        "dockerlint-go-mount 0 files=0",
        "dockerlint-go-mount 1 files=212",
    ]
    counts = parse_counts(output, mounts)
    assert [c.files for c in counts] == [0, 212]
    confirmed, text = verdict_text(counts, run, "`go build ./...` at line 4")
    assert confirmed
    assert "target=/go/mod/pkg holds no file" in text
    assert "/go/pkg/mod" in text
    filled = parse_counts(
        ["dockerlint-go-mount 0 files=9", "dockerlint-go-mount 1 files=3"], mounts
    )
    confirmed, text = verdict_text(filled, run, "the build")
    assert not confirmed
    assert "/go/mod/pkg: 9 files" in text
    missing = parse_counts(["dockerlint-go-mount 1 files=3"], mounts)
    assert missing[0].files is None
