"""The confirm engine against a real engine: every bad fixture is confirmed, every fixed one is
not, through the code the CLI runs (``lint_paths`` then ``confirm_result``); the BuildKit path;
inconclusive verdicts; nothing left behind; the user's files untouched."""

from __future__ import annotations

import hashlib
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from dockerlint_go.api import lint_paths
from dockerlint_go.confirm import (
    CONFIRMABLE,
    BuildSource,
    ConfirmRequest,
    EngineUnavailable,
    confirm_dockerfile,
    confirm_result,
)
from dockerlint_go.findings import Confirmation, ConfirmStatus, LintResult
from tests.confirm._fixtures import CASES, FIXTURES, Case
from tests.confirm.conftest import DockerEngine

BAD = tuple(c for c in CASES if c.bad)
FIXED = tuple(c for c in CASES if not c.bad)


def _tree_hash(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        digest.update(str(path.relative_to(root)).encode())
        if path.is_file():
            digest.update(path.read_bytes())
        digest.update(oct(path.stat().st_mode).encode())
    return digest.hexdigest()


def _engine_state() -> tuple[frozenset[str], frozenset[str]]:
    images = subprocess.run(
        ["docker", "images", "-a", "-q"], capture_output=True, text=True, check=True
    )
    containers = subprocess.run(
        ["docker", "ps", "-a", "-q"], capture_output=True, text=True, check=True
    )
    return frozenset(images.stdout.split()), frozenset(containers.stdout.split())


@dataclass(frozen=True)
class Run:
    bad: LintResult  # lint_paths + confirm_result on every bad fixture
    fixed: dict[str, Confirmation]  # the recipe run on each fixed fixture, by case id
    fixed_result: LintResult  # lint_paths + confirm_result on the fixed fixtures
    before: tuple[frozenset[str], frozenset[str]]
    after: tuple[frozenset[str], frozenset[str]]
    trees: tuple[str, str]


def _sources(result: LintResult) -> dict[str, BuildSource]:
    """What the CLI passes: each reported path to its Dockerfile and its directory."""
    return {
        r.path: BuildSource(Path(r.path).resolve(), Path(r.path).resolve().parent)
        for r in result.files
    }


def _is(reported: str, case: Case) -> bool:
    return Path(reported).resolve() == (case.path / "Dockerfile").resolve()


@pytest.fixture(scope="module")
def run(docker_engine: DockerEngine) -> Run:
    tree_before = _tree_hash(FIXTURES)
    before = _engine_state()
    bad_lint = lint_paths([str(c.path / "Dockerfile") for c in BAD])
    bad = confirm_result(bad_lint, _sources(bad_lint), offline=True, timeout=180)
    fixed_lint = lint_paths([str(c.path / "Dockerfile") for c in FIXED])
    fixed_result = confirm_result(fixed_lint, _sources(fixed_lint), offline=True, timeout=180)
    fixed = {
        c.id: confirm_dockerfile(
            BuildSource(c.path / "Dockerfile", c.path),
            [ConfirmRequest(c.rule)],
            offline=True,
            timeout=180,
        )[0]
        for c in FIXED
    }
    return Run(
        bad, fixed, fixed_result, before, _engine_state(), (tree_before, _tree_hash(FIXTURES))
    )


@pytest.mark.parametrize("case", BAD, ids=lambda c: c.id)
def test_bad_fixture_is_confirmed(run: Run, case: Case) -> None:
    findings = [f for f in run.bad.findings if _is(f.path, case) and f.code == case.rule]
    assert findings, f"{case.id}: the linter reports no {case.rule}"
    for finding in findings:
        verdict = finding.confirmation
        assert verdict is not None
        assert verdict.status is ConfirmStatus.CONFIRMED, verdict
        assert verdict.evidence
        if not case.builds:
            # A failing bad case is confirmed by the line its build log shows.
            assert (case.evidence or case.log_line) in verdict.evidence, verdict
        elif case.evidence is not None:
            # A building bad case with evidence of its own: what running the image showed.
            assert case.evidence in verdict.evidence, verdict
        assert verdict.builder in (("buildkit", "buildx") if case.buildkit else ("classic",))


@pytest.mark.parametrize("case", FIXED, ids=lambda c: c.id)
def test_fixed_fixture_is_not_confirmed(run: Run, case: Case) -> None:
    assert not [f for f in run.fixed_result.findings if _is(f.path, case) and f.code == case.rule]
    verdict = run.fixed[case.id]
    assert verdict.status is ConfirmStatus.NOT_CONFIRMED, verdict
    assert verdict.builder in (("buildkit", "buildx") if case.buildkit else ("classic",))


def test_confirm_only_touches_confirmable_findings(run: Run) -> None:
    for finding in (*run.bad.findings, *run.fixed_result.findings):
        if finding.code not in CONFIRMABLE:
            assert finding.confirmation is None


def test_nothing_is_left_behind(run: Run) -> None:
    images_before, containers_before = run.before
    images_after, containers_after = run.after
    assert images_after - images_before == frozenset()
    assert containers_after - containers_before == frozenset()


def test_the_users_files_are_unchanged(run: Run) -> None:
    assert run.trees[0] == run.trees[1]


def _dockerfile(tmp_path: Path, text: str) -> BuildSource:
    (tmp_path / "go.mod").write_text("module example.com/x\n\ngo 1.19\n")
    (tmp_path / "main.go").write_text("package main\n\nfunc main() {}\n")
    (tmp_path / "Dockerfile").write_text(text)
    return BuildSource(tmp_path / "Dockerfile", tmp_path)


def test_missing_base_image_is_inconclusive(docker_engine: DockerEngine, tmp_path: Path) -> None:
    source = _dockerfile(
        tmp_path,
        "FROM dockerlint-go-no-such-image:1\nRUN useradd -m app\nUSER app\nRUN go mod download\n",
    )
    (verdict,) = confirm_dockerfile(source, [ConfirmRequest("DG104")], offline=True)
    assert verdict.status is ConfirmStatus.INCONCLUSIVE
    assert "base image dockerlint-go-no-such-image:1 is not available" in verdict.evidence


def test_timeout_is_inconclusive_and_cleaned_up(
    docker_engine: DockerEngine, tmp_path: Path
) -> None:
    source = _dockerfile(
        tmp_path,
        f"FROM {docker_engine.base_image}\nRUN useradd -m app\nRUN sleep 30\nUSER app\n"
        "RUN go mod download\n",
    )
    before = _engine_state()
    (verdict,) = confirm_dockerfile(source, [ConfirmRequest("DG104")], offline=True, timeout=4)
    assert verdict.status is ConfirmStatus.INCONCLUSIVE
    assert "time limit" in verdict.evidence
    images, containers = _engine_state()
    assert images - before[0] == frozenset()
    assert containers - before[1] == frozenset()


# -- without an engine ------------------------------------------------------------------------


def test_buildkit_needed_but_missing_is_inconclusive(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCKERLINT_GO_BUILDKIT_CLIENT", "/nonexistent/docker")
    case = FIXTURES / "DG102" / "fixed-cache-mount"
    (verdict,) = confirm_dockerfile(
        BuildSource(case / "Dockerfile", case), [ConfirmRequest("DG102")], offline=True
    )
    assert verdict.status is ConfirmStatus.INCONCLUSIVE
    assert "needs BuildKit (RUN --mount at line" in verdict.evidence
    assert "install the docker buildx plugin" in verdict.evidence


def test_no_engine_raises(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DOCKER_HOST", f"unix://{tmp_path}/no.sock")
    case = FIXTURES / "DG101" / "bad"
    result = lint_paths([str(case / "Dockerfile")])
    with pytest.raises(EngineUnavailable, match="no Docker engine is reachable"):
        confirm_result(result, {}, offline=True)


def test_no_confirmable_finding_needs_no_engine(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("DOCKER_HOST", f"unix://{tmp_path}/no.sock")
    (tmp_path / "Dockerfile").write_text("FROM scratch\n")
    result = lint_paths([str(tmp_path / "Dockerfile")])
    assert confirm_result(result, {}) == result


def test_stdin_has_no_context(docker_engine: DockerEngine) -> None:
    data = (FIXTURES / "DG101" / "bad" / "Dockerfile").read_bytes()
    result = confirm_result(lint_paths(["-"], stdin=data), {})
    verdicts = [f.confirmation for f in result.findings if f.code == "DG101"]
    assert verdicts and all(
        v is not None and v.status is ConfirmStatus.INCONCLUSIVE for v in verdicts
    )


def test_latent_root_owned_cache_is_confirmed_by_a_probe(
    docker_engine: DockerEngine, tmp_path: Path
) -> None:
    """DG101 at warning level: the user only builds, the build passes because the cache is
    complete, and the probe shows the cache the user cannot add to."""
    del docker_engine
    import shutil

    context = tmp_path / "latent"
    shutil.copytree(FIXTURES / "DG101" / "bad", context)
    text = (context / "Dockerfile").read_text()
    (context / "Dockerfile").write_text(
        text.replace("RUN go mod download example.com/extra@v1.0.0\n", "").replace(
            "COPY --chown=app:app go.mod go.sum ./", "COPY --chown=app:app go.mod go.sum main.go ./"
        )
    )
    result = lint_paths([str(context / "Dockerfile")], cwd=tmp_path)
    (finding,) = [f for f in result.findings if f.code == "DG101"]
    assert finding.severity.value == "warning"
    confirmed = confirm_result(
        result, {finding.path: BuildSource(context / "Dockerfile", context)}, offline=True
    )
    (verdict,) = [f.confirmation for f in confirmed.findings if f.code == "DG101"]
    assert verdict is not None
    assert verdict.status is ConfirmStatus.CONFIRMED, verdict
    assert "latent" in verdict.evidence and "root" in verdict.evidence
