"""The same confirm fixtures through every builder this machine has: the SDK's classic builder,
BuildKit through a pre-23 client (forced with DOCKERLINT_GO_BUILDKIT_CLIENT) and buildx (a
`docker` on PATH whose `docker buildx version` works). An absent builder is skipped with the
reason; in CI the classic builder and at least one BuildKit builder must run.

Each case also checks that the run left nothing behind on the engine: no image, container or
BuildKit cache record of its own that was not there before."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from dockerlint_go.confirm._docker import Engine
from dockerlint_go.confirm.builders import (
    OVERRIDE,
    USUAL_PLACES,
    BuildkitBuilder,
    client_major,
    find_buildkit,
)
from dockerlint_go.confirm.engine import BuildSource, ConfirmRequest, confirm_dockerfile
from dockerlint_go.confirm.frontends import builtin_frontend
from dockerlint_go.findings import ConfirmStatus
from tests.confirm._fixtures import FIXTURES
from tests.integrations._support import in_ci

pytestmark = pytest.mark.docker

C, N = ConfirmStatus.CONFIRMED, ConfirmStatus.NOT_CONFIRMED
# (fixture, rule, expected status, needs BuildKit)
CASES = (
    ("DG101/bad", "DG101", C, False),
    ("DG101/fixed", "DG101", N, False),
    ("DG102/bad", "DG102", C, False),  # the layer cache after a source edit
    ("DG102/fixed", "DG102", N, False),
    ("DG103/bad", "DG103", C, False),
    ("DG103/fixed", "DG103", N, False),
    ("DG107/bad", "DG107", C, True),
    ("DG107/fixed", "DG107", N, True),
    ("DG108/bad", "DG108", C, True),  # a second build mounts the same cache
    ("DG108/fixed", "DG108", N, True),
    ("DG113/bad", "DG113", C, False),  # the built image is started
    ("DG113/fixed", "DG113", N, False),
)


def _without_override() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k != OVERRIDE}


def _buildx() -> BuildkitBuilder | None:
    found = find_buildkit(_without_override())
    return found if found is not None and found.name == "buildx" else None


def _legacy() -> BuildkitBuilder | None:
    env = _without_override()
    for place in (shutil.which("docker"), *USUAL_PLACES):
        if place is None or not os.access(place, os.X_OK):
            continue
        major = client_major(place, env)
        if major is not None and major < 23:  # the override takes any client: check it
            return find_buildkit({**env, OVERRIDE: place})
    return None


BUILDKIT_BUILDERS: dict[str, Callable[[], BuildkitBuilder | None]] = {
    "buildx": _buildx,
    "buildkit": _legacy,
}
BUILDERS = ("classic", *BUILDKIT_BUILDERS)


def _select(builder: str, monkeypatch: pytest.MonkeyPatch) -> BuildkitBuilder | None:
    """Make ``builder`` the one confirm mode finds (skip when the machine lacks it)."""
    if builder == "classic":
        return None
    found = BUILDKIT_BUILDERS[builder]()
    if found is None:
        pytest.skip(f"the {builder} builder is not installed here")
    if builder == "buildkit":
        monkeypatch.setenv(OVERRIDE, found.command[0])
    else:
        monkeypatch.delenv(OVERRIDE, raising=False)
    return found


def _engine_state() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    engine = Engine.connect()
    try:
        client = engine._client
        images = frozenset(str(i.id) for i in client.images.list(all=True))
        containers = frozenset(str(c.id) for c in client.containers.list(all=True))
        # Records shared with the image store are the layers of images that stay (the base
        # image, the first time BuildKit reads it): only the builds' own records must go.
        records = client.df().get("BuildCache") or []
        own = frozenset(str(r["ID"]) for r in records if not r.get("Shared"))
        return images, containers, own
    finally:
        engine.close()


def test_ci_runs_the_classic_builder_and_a_buildkit_builder() -> None:
    available = [name for name, find in BUILDKIT_BUILDERS.items() if find() is not None]
    if not available and in_ci():
        pytest.fail("no BuildKit builder on this machine (CI is set: one must run)")
    if not available:
        pytest.skip("no BuildKit builder on this machine")


@pytest.mark.parametrize("builder", BUILDERS)
@pytest.mark.parametrize(
    ("case", "rule", "expected", "needs_buildkit"), CASES, ids=[c[0] for c in CASES]
)
def test_fixture_through_each_builder(
    builder: str,
    case: str,
    rule: str,
    expected: ConfirmStatus,
    needs_buildkit: bool,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _select(builder, monkeypatch)
    directory = FIXTURES / case
    before = _engine_state()
    (verdict,) = confirm_dockerfile(
        BuildSource(directory / "Dockerfile", directory),
        [ConfirmRequest(rule)],
        offline=True,
        builder="classic" if builder == "classic" else "buildkit",
    )
    assert verdict.builder == builder, verdict
    if builder == "classic" and needs_buildkit:
        assert verdict.status is ConfirmStatus.INCONCLUSIVE, verdict
        assert "needs BuildKit (RUN --mount" in verdict.evidence, verdict
    else:
        assert verdict.status is expected, verdict
    after = _engine_state()
    for kind, old, new in zip(
        ("image", "container", "build cache record"), before, after, strict=True
    ):
        assert not new - old, f"the run left {kind}s behind: {sorted(new - old)}"


def _heredoc_copy(tmp_path: Path) -> Path:
    """DG107's bad fixture with its `useradd` turned into a RUN heredoc."""
    directory = tmp_path / "heredoc"
    shutil.copytree(FIXTURES / "DG107" / "bad", directory)
    dockerfile = directory / "Dockerfile"
    text = dockerfile.read_text()
    assert "RUN useradd -m -u 1000 app\n" in text
    dockerfile.write_text(
        text.replace("RUN useradd -m -u 1000 app\n", "RUN <<EOF\nuseradd -m -u 1000 app\nEOF\n")
    )
    return directory


@pytest.mark.parametrize("builder", sorted(BUILDKIT_BUILDERS))
def test_a_heredoc_is_built_when_the_frontend_reads_it(
    builder: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    found = _select(builder, monkeypatch)
    assert found is not None
    directory = _heredoc_copy(tmp_path)
    (verdict,) = confirm_dockerfile(
        BuildSource(directory / "Dockerfile", directory), [ConfirmRequest("DG107")], offline=True
    )
    assert verdict.builder == builder, verdict
    if found.buildkit is not None and builtin_frontend(found.buildkit[0]) < (1, 4):
        major, minor = builtin_frontend(found.buildkit[0])
        assert verdict.status is ConfirmStatus.INCONCLUSIVE, verdict
        assert f"reads Dockerfile {major}.{minor}, which lacks heredocs (line" in verdict.evidence
        assert "Dockerfile 1.4 or newer" in verdict.evidence
    else:
        assert verdict.status is ConfirmStatus.CONFIRMED, verdict


def test_an_unknown_builder_choice_is_refused() -> None:
    with pytest.raises(ValueError, match="builder must be one of"):
        confirm_dockerfile(BuildSource(Path("Dockerfile"), Path()), [], builder="podman")
