"""The confirm engine: real builds that turn findings into verdicts with evidence.

For each Dockerfile with confirmable findings: copy the build context to a temporary directory
(the user's files are never touched), build it once without cache (classic builder through the
SDK; BuildKit through buildx or an older client when the Dockerfile needs it, see ``builders``
and ``frontends``), rebuild after a source
edit when a recipe asks, probe the image the finding's go command runs in, run the built image
when a recipe asks (DG113), then remove every tag, image, container and BuildKit cache record
the run created. Files are confirmed in parallel (two workers by default).

This module holds the public API and drives the run; the builds themselves are in
``session``, what each recipe acts on in ``targets``, the reading of build logs in
``logsearch`` and the verdicts in ``judges``.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from dockerlint_go.confirm._docker import (
    BuildTimeout,
    Engine,
    EngineUnavailable,
)
from dockerlint_go.confirm.builders import NO_BUILDKIT_HINT, BuildkitBuilder, find_buildkit
from dockerlint_go.confirm.buildlog import Builder, BuildLog
from dockerlint_go.confirm.frontends import frontend_gap
from dockerlint_go.confirm.judges import Verdict, judge
from dockerlint_go.confirm.logsearch import edit_go_source, setup_error
from dockerlint_go.confirm.progress import Progress
from dockerlint_go.confirm.recipes import RECIPES, Phase
from dockerlint_go.confirm.session import Created, Session
from dockerlint_go.confirm.targets import Plan, base_images, buildkit_reason, plan_for
from dockerlint_go.findings import (
    Confirmation,
    ConfirmStatus,
    FileResult,
    Finding,
    LintResult,
)
from dockerlint_go.model.parse import parse_dockerfile
from dockerlint_go.model.stages import DockerfileModel, build_model
from dockerlint_go.record import replace

__all__ = [
    "CONFIRMABLE",
    "BuildSource",
    "ConfirmRequest",
    "EngineUnavailable",
    "confirm_dockerfile",
    "confirm_result",
    "mark_inconclusive",
]

CONFIRMABLE = frozenset(RECIPES)
_BUILDER_CHOICES = ("auto", "classic", "buildkit")
"""The rule codes ``--confirm`` can prove."""


@dataclass(frozen=True, slots=True)
class BuildSource:
    """Where a linted file comes from: the Dockerfile to build and its build context."""

    dockerfile: Path
    context: Path


@dataclass(frozen=True, slots=True)
class ConfirmRequest:
    """Confirm rule ``code`` for the finding on ``line`` (0: no finding, run the recipe on the
    whole file — how a fixed Dockerfile is shown not to have the problem)."""

    code: str
    line: int = 0


def mark_inconclusive(result: LintResult, reason: str) -> LintResult:
    """Every confirmable finding marked inconclusive with ``reason`` (no engine, for example)."""
    verdict = Confirmation(ConfirmStatus.INCONCLUSIVE, reason)
    return _attach(result, lambda _f: verdict)


def confirm_result(
    result: LintResult,
    sources: Mapping[str, BuildSource],
    *,
    offline: bool = False,
    timeout: float = 300.0,
    progress: Progress | None = None,
    workers: int = 2,
) -> LintResult:
    """``result`` with a :class:`Confirmation` on each finding of a confirmable rule.

    ``sources`` maps a reported path (``Finding.path``) to the Dockerfile and build context to
    use; a path missing from it is read as a file with its directory as the context. Suppressed
    findings are confirmed too. ``timeout`` applies to each build. Raises
    :class:`EngineUnavailable` when the SDK is missing or no engine answers.
    """
    wanted: dict[str, list[Finding]] = {}
    for finding in result.findings:
        if finding.code in CONFIRMABLE:
            wanted.setdefault(finding.path, []).append(finding)
    if not wanted:
        return result
    Engine.connect().close()  # fail early, and once, when there is no engine
    verdicts: dict[tuple[str, str, int, str], Confirmation] = {}
    created = Created()

    def one(path: str) -> None:
        source = sources.get(path)
        if source is None:
            if path == "-":
                verdict = Confirmation(
                    ConfirmStatus.INCONCLUSIVE, "standard input has no build context"
                )
                for f in wanted[path]:
                    verdicts[_key(f)] = verdict
                return
            source = BuildSource(Path(path), Path(path).parent)
        requests = [ConfirmRequest(f.code, f.span.line) for f in wanted[path]]
        answers = _confirm(source, requests, offline, timeout, progress, path, created, "auto")
        for finding, answer in zip(wanted[path], answers, strict=True):
            verdicts[_key(finding)] = answer

    try:
        with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
            for future in [pool.submit(one, path) for path in sorted(wanted)]:
                future.result()
    finally:
        created.sweep()
    return _attach(result, lambda f: verdicts.get(_key(f)))


def confirm_dockerfile(
    source: BuildSource,
    requests: Sequence[ConfirmRequest],
    *,
    offline: bool = False,
    timeout: float = 300.0,
    progress: Progress | None = None,
    builder: str = "auto",
) -> tuple[Confirmation, ...]:
    """Run the recipes of ``requests`` on one Dockerfile: one verdict per request, in order.

    ``builder`` is ``auto`` (the classic builder unless the file needs BuildKit), ``classic``
    or ``buildkit`` (BuildKit even for a file the classic builder could build)."""
    if builder not in _BUILDER_CHOICES:
        raise ValueError(f"builder must be one of {', '.join(_BUILDER_CHOICES)}, not {builder!r}")
    created = Created()
    try:
        return _confirm(
            source,
            requests,
            offline,
            timeout,
            progress,
            str(source.dockerfile),
            created,
            builder,
        )
    finally:
        created.sweep()


# --------------------------------------------------------------------------------------------


def _key(finding: Finding) -> tuple[str, str, int, str]:
    return (finding.path, finding.code, finding.span.line, finding.message)


def _attach(
    result: LintResult, verdict_for: Callable[[Finding], Confirmation | None]
) -> LintResult:
    files: list[FileResult] = []
    for file in result.files:
        findings = []
        for finding in file.findings:
            verdict = verdict_for(finding) if finding.code in CONFIRMABLE else None
            findings.append(replace(finding, confirmation=verdict) if verdict else finding)
        files.append(replace(file, findings=tuple(findings)))
    return replace(result, files=tuple(files))


def _confirm(
    source: BuildSource,
    requests: Sequence[ConfirmRequest],
    offline: bool,
    timeout: float,
    progress: Progress | None,
    label: str,
    created: Created,
    choice: str,
) -> tuple[Confirmation, ...]:
    started = time.monotonic()

    def every(
        status: ConfirmStatus, reason: str, builder: str | None = None
    ) -> tuple[Confirmation, ...]:
        seconds = round(time.monotonic() - started, 2)
        return tuple(
            Confirmation(status, reason, builder=builder, seconds=seconds) for _ in requests
        )

    for request in requests:
        if request.code not in RECIPES:
            raise ValueError(f"no confirm recipe for {request.code}")
    try:
        text = source.dockerfile.read_bytes()
    except OSError as exc:
        return every(ConfirmStatus.INCONCLUSIVE, f"cannot read {source.dockerfile}: {exc.strerror}")
    if not source.context.is_dir():
        return every(
            ConfirmStatus.INCONCLUSIVE, f"the build context {source.context} is not a directory"
        )
    model = build_model(parse_dockerfile(text))
    plans = [plan_for(model, request) for request in requests]
    buildkit: BuildkitBuilder | None = None
    needs = buildkit_reason(model)
    if needs is not None and choice == "classic":
        return every(
            ConfirmStatus.INCONCLUSIVE,
            f"this Dockerfile needs BuildKit ({needs}); the classic builder cannot build it",
            Builder.CLASSIC.value,
        )
    if needs is not None or choice == "buildkit":
        buildkit = find_buildkit()
        if buildkit is None:
            why = f"this Dockerfile needs BuildKit ({needs})" if needs else "BuildKit was asked for"
            return every(
                ConfirmStatus.INCONCLUSIVE, f"{why}; {NO_BUILDKIT_HINT}", Builder.CLASSIC.value
            )
    builder = buildkit.name if buildkit else Builder.CLASSIC.value
    engine = Engine.connect()
    try:
        if buildkit is not None:
            gap = frontend_gap(
                model.parsed,
                buildkit.buildkit,
                offline=offline,
                image_exists=engine.image_exists,
            )
            if gap is not None:
                return every(ConfirmStatus.INCONCLUSIVE, gap, builder)
        missing = [b for b in base_images(model) if not engine.image_exists(b)]
        if missing and offline:
            return every(
                ConfirmStatus.INCONCLUSIVE,
                f"base image {missing[0]} is not available (offline: it cannot be pulled)",
                builder,
            )
        with _temporary() as root:
            context = root / "context"
            shutil.copytree(
                source.context, context, symlinks=True, ignore=shutil.ignore_patterns(".git")
            )
            dockerfile = root / "Dockerfile"
            shutil.copyfile(source.dockerfile, dockerfile)
            session = Session(
                engine,
                root,
                context,
                dockerfile,
                offline,
                timeout,
                progress,
                label,
                created,
                buildkit,
            )
            try:
                return _run_plans(session, model, plans, buildkit, builder, started)
            finally:
                session.cleanup()
    except BuildTimeout:
        return every(
            ConfirmStatus.INCONCLUSIVE,
            f"the build ran past the {timeout:.0f} s time limit",
            builder,
        )
    finally:
        engine.close()


@contextlib.contextmanager
def _temporary() -> Iterator[Path]:
    root = Path(tempfile.mkdtemp(prefix="dockerlint-go-confirm-"))
    try:
        yield root
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _run_plans(
    session: Session,
    model: DockerfileModel,
    plans: Sequence[Plan],
    buildkit: BuildkitBuilder | None,
    builder: str,
    started: float,
) -> tuple[Confirmation, ...]:
    first = session.build("build", nocache=True, buildkit=buildkit)
    setup_failure = setup_error(first, model)
    rebuild: BuildLog | None = None
    edited: str | None = None
    if setup_failure is None and any(
        Phase.REBUILD_AFTER_SOURCE_EDIT in p.recipe.phases for p in plans
    ):
        edited = edit_go_source(session.context)
        if edited is not None:
            rebuild = session.build(
                "rebuild after editing " + edited, nocache=False, buildkit=buildkit
            )
    answers: list[Confirmation] = []
    for plan in plans:
        if setup_failure is not None:
            verdict: Verdict = (ConfirmStatus.INCONCLUSIVE, setup_failure, ())
        else:
            verdict = judge(session, model, plan, first, rebuild, edited)
        status, evidence, details = verdict
        answers.append(
            Confirmation(
                status, evidence, tuple(details), builder, round(time.monotonic() - started, 2)
            )
        )
    return tuple(answers)
