"""The confirm engine: real builds that turn findings into verdicts with evidence.

For each Dockerfile with confirmable findings: copy the build context to a temporary directory
(the user's files are never touched), build it once without cache (classic builder through the
SDK; BuildKit through the 20.10 client when the Dockerfile needs it), rebuild after a source
edit when a recipe asks, probe the image the finding's go command runs in, run the built image
when a recipe asks (DG113), then remove every tag, image, container and BuildKit cache record
the run created. Files are confirmed in parallel (two workers by default).
"""

from __future__ import annotations

import contextlib
import re
import shlex
import shutil
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from dockerlint_go.confirm._docker import (
    BuildTimeout,
    Engine,
    EngineUnavailable,
    RunResult,
    buildkit_client,
)
from dockerlint_go.confirm.buildlog import Builder, BuildLog, BuildStep
from dockerlint_go.confirm.cachemounts import (
    cache_mounts,
    parse_counts,
    probe_dockerfile,
    verdict_text,
)
from dockerlint_go.confirm.progress import Progress
from dockerlint_go.confirm.recipes import RECIPES, PathKind, Phase, Probe, Recipe, Target
from dockerlint_go.findings import (
    Confirmation,
    ConfirmStatus,
    FileResult,
    Finding,
    LintResult,
)
from dockerlint_go.model.parse import Instruction, parse_dockerfile
from dockerlint_go.model.stages import DockerfileModel, GoRun, Step, build_model
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
"""The rule codes ``--confirm`` can prove."""

_TAG_REPO = "dockerlint-go-confirm"
_PROBE_TIMEOUT = 60.0
# How long the final image may run (Phase.RUN_FINAL): a program still running by then has
# started, which is all the run has to show.
_RUN_TIMEOUT = 20.0
_EDIT_MARK = "\n// dockerlint-go --confirm: an edit to test the layer cache\n"
# RUN/COPY/ADD flags the classic builder rejects.
_BUILDKIT_FLAGS = frozenset(
    {"mount", "network", "security", "link", "chmod", "checksum", "parents"}
)
_BUILDKIT_LOCK = threading.Lock()  # BuildKit builds run one at a time (cache-record bookkeeping)


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
    created = _Created()

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
        answers = _confirm(source, requests, offline, timeout, progress, path, created)
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
) -> tuple[Confirmation, ...]:
    """Run the recipes of ``requests`` on one Dockerfile: one verdict per request, in order."""
    created = _Created()
    try:
        return _confirm(
            source, requests, offline, timeout, progress, str(source.dockerfile), created
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


class _Created:
    """The tags and images the run created, removed in one final sweep once every build of the
    run is over: builds of one run share layers through the layer cache (the same leading steps,
    the same copied proxy), so removing one build's images while another is still running would
    pull layers from under it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.images: list[str] = []
        self.tags: list[str] = []

    def add(self, ids: Sequence[str]) -> None:
        with self._lock:
            self.images.extend(ids)

    def add_tags(self, tags: Sequence[str]) -> None:
        with self._lock:
            self.tags.extend(tags)

    def sweep(self) -> None:
        with self._lock:
            tags = list(dict.fromkeys(self.tags))
            left = list(dict.fromkeys(reversed(self.images)))
            self.images.clear()
            self.tags.clear()
        if not left and not tags:
            return
        try:
            engine = Engine.connect()
        except EngineUnavailable:
            return
        try:
            for tag in tags:
                engine.remove_image(tag)
            for _ in range(3):
                left = [image for image in left if not engine.remove_image(image)]
                left = [image for image in left if engine.image_exists(image)]
                if not left:
                    break
        finally:
            engine.close()


@dataclass(slots=True)
class _Session:
    """The builds of one Dockerfile and what they created."""

    engine: Engine
    root: Path
    context: Path
    dockerfile: Path
    offline: bool
    timeout: float
    progress: Progress | None
    label: str
    created: _Created
    buildkit: str | None = None  # the BuildKit client, when the Dockerfile is built with it
    tags: list[str] = field(default_factory=list)
    containers: list[str] = field(default_factory=list)
    cache_records: set[str] = field(default_factory=set)
    probes: dict[tuple[str, str, str | None, str | None], str] = field(default_factory=dict)

    def build(
        self,
        name: str,
        *,
        nocache: bool,
        buildkit: str | None,
        dockerfile: Path | None = None,
        context: Path | None = None,
    ) -> BuildLog:
        """Build the session's Dockerfile (or ``dockerfile`` in ``context``: a probe build)."""
        dockerfile = dockerfile or self.dockerfile
        context = context or self.context
        tag = f"{_TAG_REPO}:{uuid.uuid4().hex[:12]}"
        self.tags.append(tag)
        key = f"{self.label}#{name}"
        if self.progress is not None:
            self.progress.started(key, f"{self.label} ({name})")

        def on_step(text: str) -> None:
            if self.progress is not None:
                self.progress.step(key, text)

        started = time.monotonic()
        outcome = "failed"
        try:
            if buildkit is None:
                try:
                    log = self.engine.build_classic(
                        context,
                        dockerfile,
                        tag,
                        nocache=nocache,
                        offline=self.offline,
                        timeout=self.timeout,
                        on_step=on_step,
                    )
                except BuildTimeout as exc:
                    self._record(getattr(exc, "log", None))
                    outcome = "timed out"
                    raise
                self._record(log)
            else:
                with _BUILDKIT_LOCK:
                    before = self.engine.build_cache_ids()
                    try:
                        log = self.engine.build_buildkit(
                            buildkit,
                            context,
                            dockerfile,
                            tag,
                            self.root / f"{name}.iid",
                            nocache=nocache,
                            offline=self.offline,
                            timeout=self.timeout,
                            on_step=on_step,
                        )
                    except BuildTimeout:
                        outcome = "timed out"
                        raise
                    finally:
                        self.cache_records |= self.engine.build_cache_ids() - before
            outcome = "built" if log.succeeded else "build failed"
            return log
        finally:
            if self.progress is not None:
                self.progress.finished(key, f"{outcome} in {time.monotonic() - started:.1f} s")

    def _record(self, log: BuildLog | None) -> None:
        if log is not None:
            self.containers.extend(log.containers)
            self.created.add(log.created)

    def probe(self, image: str, script: str, user: str | None, workdir: str | None) -> str:
        key = (image, script, user, workdir)
        if key not in self.probes:
            result = self.engine.probe(
                image, script, user=user, workdir=workdir, timeout=_PROBE_TIMEOUT
            )
            self.probes[key] = result.output
        return self.probes[key]

    def run_final(self, image: str) -> RunResult:
        """Run the built image as it is (its ENTRYPOINT/CMD), without network."""
        return self.engine.run_image(image, timeout=_RUN_TIMEOUT, on_create=self.containers.append)

    def cleanup(self) -> None:
        """Remove the containers now; the tags and images go in the run's final sweep."""
        self.created.add_tags(self.tags)
        for container in self.containers:
            self.engine.remove_container(container)
        if self.cache_records:
            with _BUILDKIT_LOCK:
                self.engine.prune_build_cache(frozenset(self.cache_records))


@dataclass(frozen=True, slots=True)
class _Plan:
    request: ConfirmRequest
    recipe: Recipe
    run: GoRun | None
    step: Step | None


def _confirm(
    source: BuildSource,
    requests: Sequence[ConfirmRequest],
    offline: bool,
    timeout: float,
    progress: Progress | None,
    label: str,
    created: _Created,
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
    plans = [_plan(model, request) for request in requests]
    buildkit: str | None = None
    needs = _buildkit_reason(model)
    if needs is not None:
        buildkit = buildkit_client()
        if buildkit is None:
            return every(
                ConfirmStatus.INCONCLUSIVE,
                f"needs BuildKit ({needs}), which the available builder lacks",
                "classic",
            )
    builder = Builder.BUILDKIT.value if buildkit else Builder.CLASSIC.value
    engine = Engine.connect()
    try:
        missing = [b for b in _base_images(model) if not engine.image_exists(b)]
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
            session = _Session(
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
    session: _Session,
    model: DockerfileModel,
    plans: Sequence[_Plan],
    buildkit: str | None,
    builder: str,
    started: float,
) -> tuple[Confirmation, ...]:
    first = session.build("build", nocache=True, buildkit=buildkit)
    setup_error = _setup_error(first, model)
    rebuild: BuildLog | None = None
    edited: str | None = None
    if setup_error is None and any(
        Phase.REBUILD_AFTER_SOURCE_EDIT in p.recipe.phases for p in plans
    ):
        edited = _edit_go_source(session.context)
        if edited is not None:
            rebuild = session.build(
                "rebuild after editing " + edited, nocache=False, buildkit=buildkit
            )
    answers: list[Confirmation] = []
    for plan in plans:
        if setup_error is not None:
            verdict: _Verdict = (ConfirmStatus.INCONCLUSIVE, setup_error, ())
        else:
            verdict = _judge(session, model, plan, first, rebuild, edited)
        status, evidence, details = verdict
        answers.append(
            Confirmation(
                status, evidence, tuple(details), builder, round(time.monotonic() - started, 2)
            )
        )
    return tuple(answers)


_Verdict = tuple[ConfirmStatus, str, Sequence[str]]


def _judge(
    session: _Session,
    model: DockerfileModel,
    plan: _Plan,
    first: BuildLog,
    rebuild: BuildLog | None,
    edited: str | None,
) -> _Verdict:
    run, step = plan.run, plan.step
    if run is None or step is None:
        return (
            ConfirmStatus.INCONCLUSIVE,
            f"no go command for {plan.recipe.code} to test in this Dockerfile",
            (),
        )
    where = f"{run.display} at line {run.line}"
    if Phase.REBUILD_AFTER_SOURCE_EDIT in plan.recipe.phases:
        return _judge_cache(plan, first, rebuild, edited, where)
    if Phase.RUN_FINAL in plan.recipe.phases:
        return _judge_run(session, plan, first, where)
    if plan.recipe.probe is Probe.CACHE_MOUNTS:
        return _judge_cache_mounts(session, model, plan, first, where)
    built = _find_step(first, step.instruction)
    for line, shown in _log_evidence(first, plan, built):
        return (ConfirmStatus.CONFIRMED, line, (f"build step: {shown}",))
    if built is None and first.builder is Builder.CLASSIC:
        failed = first.failed_step
        reason = first.error or "the build stopped"
        at = f" at `{failed.text}`" if failed else ""
        return (
            ConfirmStatus.INCONCLUSIVE,
            f"the build failed{at} before reaching {where}: {reason}",
            (),
        )
    probe = plan.recipe.probe
    image = _image_before(first, step.instruction)
    if probe is None or image is None:
        if first.succeeded:
            return (
                ConfirmStatus.NOT_CONFIRMED,
                f"the build passed: {where} ran without the error",
                (),
            )
        return (ConfirmStatus.INCONCLUSIVE, f"the build failed: {first.error}", ())
    return _judge_probe(session, probe, image, run, where, first)


def _judge_cache(
    plan: _Plan, first: BuildLog, rebuild: BuildLog | None, edited: str | None, where: str
) -> _Verdict:
    assert plan.step is not None and plan.run is not None
    if edited is None:
        return (
            ConfirmStatus.INCONCLUSIVE,
            "no Go source file (*.go) in the build context to edit",
            (),
        )
    if rebuild is None:
        return (ConfirmStatus.INCONCLUSIVE, "the rebuild did not run", ())
    before = _find_step(first, plan.step.instruction)
    after = _find_step(rebuild, plan.step.instruction)
    if before is None or after is None:
        error = rebuild.error or first.error or "the step was not found in the build log"
        return (ConfirmStatus.INCONCLUSIVE, f"the build did not reach {where}: {error}", ())
    missed = next((s for s in rebuild.steps if not s.cached and s.keyword in ("COPY", "ADD")), None)
    details = [f"edited {edited} in a temporary copy of the context"]
    if missed is not None:
        details.append(f"first step that missed the cache: {missed.text}")
    if after.cached:
        return (
            ConfirmStatus.NOT_CONFIRMED,
            f"after editing {edited}, `{after.text}` was taken from the layer cache",
            details,
        )
    downloads = [line for line in after.output if "go: downloading" in line]
    if plan.run.cache_mount is not None and not downloads:
        return (
            ConfirmStatus.NOT_CONFIRMED,
            f"after editing {edited}, `{after.text}` ran again but downloaded nothing: the modules "
            f"came from the cache mount on {plan.run.cache_mount.target}",
            details,
        )
    details.extend(downloads[:3])
    return (
        ConfirmStatus.CONFIRMED,
        f"after editing {edited}, `{after.text}` ran again (no cache hit): every dependency is "
        "resolved again",
        details,
    )


def _judge_cache_mounts(
    session: _Session, model: DockerfileModel, plan: _Plan, first: BuildLog, where: str
) -> _Verdict:
    """Count what the step's cache mounts hold after the build (DG108)."""
    assert plan.step is not None and plan.run is not None
    step, run = plan.step, plan.run
    built = _find_step(first, step.instruction)
    if built is None or built.failed:
        reason = first.error or "the step was not found in the build log"
        return (ConfirmStatus.INCONCLUSIVE, f"the build did not get through {where}: {reason}", ())
    mounts = cache_mounts(step, run)
    if not mounts:
        return (ConfirmStatus.INCONCLUSIVE, f"no cache mount of {where} can be probed", ())
    base = model.lineage(model.stages[step.stage])[0].base
    if not base or base.lower() == "scratch" or session.buildkit is None:
        return (ConfirmStatus.INCONCLUSIVE, "no image with a shell to probe the cache mounts", ())
    probe_dir = session.root / "cache-probe"
    probe_dir.mkdir(exist_ok=True)
    dockerfile = probe_dir / "Dockerfile"
    nonce = f"dockerlint-go cache probe {uuid.uuid4().hex}"
    dockerfile.write_text(probe_dockerfile(base, step.before.workdir, mounts, nonce))
    log = session.build(
        "cache probe",
        nocache=False,
        buildkit=session.buildkit,
        dockerfile=dockerfile,
        context=probe_dir,
    )
    output = [line for s in log.steps for line in s.output]
    counts = parse_counts(output, mounts)
    if not log.succeeded or any(c.files is None for c in counts):
        return (ConfirmStatus.INCONCLUSIVE, f"the cache probe failed: {log.error}", ())
    confirmed, evidence = verdict_text(counts, run, where)
    details = [
        f"a second build mounting the same cache: {c.path} holds {c.files} files" for c in counts
    ]
    status = ConfirmStatus.CONFIRMED if confirmed else ConfirmStatus.NOT_CONFIRMED
    return (status, evidence, details)


def _judge_run(session: _Session, plan: _Plan, first: BuildLog, where: str) -> _Verdict:
    """Run the image the build produced: the evidence is what starting it prints."""
    if not first.succeeded or first.image_id is None:
        return (
            ConfirmStatus.INCONCLUSIVE,
            f"the build failed, so there is no image to run: {first.error}",
            (),
        )
    result = session.run_final(first.image_id)
    lines = [line.strip() for line in result.output.splitlines() if line.strip()]
    if result.exit_code is None:
        return (
            ConfirmStatus.NOT_CONFIRMED,
            f"the final image started and was still running after {_RUN_TIMEOUT:.0f} s: the "
            f"binary built by {where} runs there",
            tuple(lines[:3]),
        )
    exit_code = f"the final image exited with code {result.exit_code}"
    if result.exit_code != 0:
        for line in lines:
            if any(e.pattern.search(line) for e in plan.recipe.evidence):
                return (ConfirmStatus.CONFIRMED, line, (exit_code, f"built by {where}"))
    shown = f": {lines[0]}" if lines else ""
    return (
        ConfirmStatus.NOT_CONFIRMED,
        f"{exit_code}{shown}; the binary built by {where} started",
        tuple(lines[1:3]),
    )


def _judge_probe(
    session: _Session, probe: Probe, image: str, run: GoRun, where: str, first: BuildLog
) -> _Verdict:
    user = run.user.spec
    who = user or "the image's user"
    outcome = "the build passed" if first.succeeded else f"the build failed ({first.error})"
    if probe is Probe.WRITTEN_PATHS:
        paths = [p for p in (run.target(w) for w in run.go.writes) if p is not None]
        if not paths:
            return (ConfirmStatus.INCONCLUSIVE, f"cannot tell which paths {where} writes", ())
        output = session.probe(image, _written_script(paths), user, run.cwd)
        facts = _facts(output)
        for path in paths:
            checked = facts.get(f"checked {path}", path)
            owner = facts.get(f"owner {path}", "?")
            if facts.get(f"writable {path}") == "no":
                return (
                    ConfirmStatus.CONFIRMED,
                    f"latent: {checked} is owned by {owner} and {who} cannot write it, which "
                    f"{where} needs",
                    (outcome,),
                )
        shown = ", ".join(paths)
        return (ConfirmStatus.NOT_CONFIRMED, f"{outcome}; {who} can write {shown}", ())
    output = session.probe(image, _MODCACHE_SCRIPT, user, run.cwd)
    facts = _facts(output)
    if "modcache" not in facts:
        return (ConfirmStatus.INCONCLUSIVE, f"probe failed: {output.strip()[-200:]}", ())
    cache = facts["modcache"]
    owner = facts.get("owner", "")
    actual = facts.get("user", who)
    if facts.get("uid") == "0":
        return (ConfirmStatus.NOT_CONFIRMED, f"{outcome}; the go command runs as root", ())
    if probe is Probe.MODCACHE_WRITABLE:
        if not owner:
            return (
                ConfirmStatus.NOT_CONFIRMED,
                f"{outcome}; {cache} does not exist before {where}: {actual} creates it",
                (),
            )
        if facts.get("add") == "no":
            return (
                ConfirmStatus.CONFIRMED,
                f"latent: {cache} (GOMODCACHE for {actual}) is owned by {owner}; adding a module "
                f"fails: {facts.get('add-error', 'permission denied')}",
                (outcome,),
            )
        return (
            ConfirmStatus.NOT_CONFIRMED,
            f"{outcome}; {cache} is owned by {owner}, writable by {actual}",
            (),
        )
    # MODCACHE_CREATABLE
    if facts.get("create") == "no":
        return (
            ConfirmStatus.CONFIRMED,
            f"{actual} cannot create its module cache {cache}: "
            + facts.get("create-error", "permission denied"),
            (outcome,),
        )
    # The build cache is DG106's: DG104 is about the module cache only.
    return (
        ConfirmStatus.NOT_CONFIRMED,
        f"{outcome}; {actual} can create its module cache {cache}",
        (),
    )


_MODCACHE_SCRIPT = r"""
echo "uid=$(id -u)"; echo "user=$(id -un 2>/dev/null || id -u)"
c=$(go env GOMODCACHE) || exit 3
echo "modcache=$c"
if [ -d "$c" ]; then
  echo "owner=$(stat -c %U "$c")"
  p="$c/cache/download/dockerlint-go-probe"
  if e=$(mkdir -p "$p" 2>&1); then echo add=yes; else echo add=no; echo "add-error=$e"; fi
  echo create=yes
else
  if e=$(mkdir -p "$c" 2>&1); then echo create=yes
  else echo create=no; echo "create-error=$e"; fi
fi
"""


def _written_script(paths: Sequence[str]) -> str:
    lines = []
    for path in paths:
        q = shlex.quote(path)
        lines.append(
            f"if [ -e {q} ]; then t={q}; else t=$(dirname {q}); fi; "
            f'echo "checked {path}=$t"; echo "owner {path}=$(stat -c %U "$t")"; '
            f'if [ -w "$t" ]; then echo "writable {path}=yes"; else echo "writable {path}=no"; fi'
        )
    return "\n".join(lines)


def _facts(output: str) -> dict[str, str]:
    facts: dict[str, str] = {}
    for line in output.splitlines():
        name, eq, value = line.partition("=")
        if eq and name and name not in facts:
            facts[name.strip()] = value.strip()
    return facts


# -- the model side ---------------------------------------------------------------------------


def _plan(model: DockerfileModel, request: ConfirmRequest) -> _Plan:
    recipe = RECIPES[request.code]
    for step, run in _targets(model, recipe.target, request.line):
        return _Plan(request, recipe, run, step)
    return _Plan(request, recipe, None, None)


def _targets(model: DockerfileModel, target: Target, anchor: int) -> Iterator[tuple[Step, GoRun]]:
    stage_of_anchor = None
    for stage in model.stages:
        if stage.steps and stage.steps[0].line <= anchor:
            stage_of_anchor = stage.index
    runs = sorted(
        ((step, run) for stage in model.stages for step in stage.steps for run in step.go),
        key=lambda pair: pair[1].line,
    )
    if target is Target.LAST_BUILD_BEFORE:
        for step, run in reversed(runs):
            if run.go.verb in ("build", "install") and (anchor == 0 or run.line <= anchor):
                yield step, run
        return
    for step, run in runs:
        if target is Target.CACHE_MOUNTED_FROM:
            if run.line >= anchor and any(m.type == "cache" for m in step.mounts):
                yield step, run
            continue
        if target in (Target.FIRST_RESOLVING_AFTER, Target.FIRST_RESOLVING_FROM):
            same = anchor == 0 or step.stage == stage_of_anchor
            after = run.line > anchor or (
                target is Target.FIRST_RESOLVING_FROM and run.line == anchor
            )
            if same and after and run.go.resolves_modules:
                yield step, run
            continue
        if run.user.is_root is not False:
            continue
        if (
            (target is Target.NON_ROOT_GO_AFTER and run.line > anchor)
            or (target is Target.NON_ROOT_WRITER_AFTER and run.line > anchor and run.go.writes)
            or (
                target is Target.NON_ROOT_RESOLVING_FROM
                and run.line >= anchor
                and run.go.resolves_modules
            )
            or (
                target is Target.NON_ROOT_COMPILING_FROM
                and run.line >= anchor
                and run.go.uses_build_cache
            )
        ):
            yield step, run


def _buildkit_reason(model: DockerfileModel) -> str | None:
    for ins in model.parsed.instructions:
        if ins.heredocs:
            return f"a heredoc at line {ins.span.line}"
        for flag in ins.flags:
            if flag.name in _BUILDKIT_FLAGS and ins.keyword in ("RUN", "COPY", "ADD"):
                return f"{ins.keyword} --{flag.name} at line {ins.span.line}"
    return None


def _base_images(model: DockerfileModel) -> list[str]:
    names = {s.name.lower() for s in model.stages if s.name}
    return [
        s.base
        for s in model.stages
        if s.parent is None
        and s.base
        and s.base.lower() != "scratch"
        and s.base.lower() not in names
    ]


# -- the log side -----------------------------------------------------------------------------

_SPACES = re.compile(r"\s+")


def _normal(text: str) -> str:
    return _SPACES.sub(" ", text.replace("\\\n", " ")).strip()


def _find_step(log: BuildLog, ins: Instruction) -> BuildStep | None:
    if log.builder is Builder.CLASSIC:
        for step in log.steps:
            if step.number == ins.index + 1 and step.keyword == ins.keyword:
                return step
        return None
    wanted = _normal(ins.original)
    for step in log.steps:
        if _normal(step.text) == wanted:
            return step
    value = _normal(ins.value)
    for step in log.steps:
        if step.keyword == ins.keyword and value and value in _normal(step.text):
            return step
    return None


def _image_before(log: BuildLog, ins: Instruction) -> str | None:
    """The image the instruction starts from (classic: the previous step's result)."""
    if log.builder is Builder.BUILDKIT:
        return log.image_id
    for step in log.steps:
        if step.number == ins.index and step.image_id is not None:
            return step.image_id
    return None


def _log_evidence(log: BuildLog, plan: _Plan, built: BuildStep | None) -> Iterator[tuple[str, str]]:
    assert plan.run is not None
    run = plan.run
    steps = log.steps
    if built is not None:
        steps = tuple(s for s in log.steps if s.number >= built.number)
    for step in steps:
        for line in step.output:
            for evidence in plan.recipe.evidence:
                if evidence.pattern.search(line) and _mentions(line, evidence.about, run):
                    yield line.strip(), step.text


def _mentions(line: str, about: PathKind, run: GoRun) -> bool:
    if about is PathKind.MODCACHE:
        return run.modcache is not None and run.modcache in line
    if about is PathKind.PATTERN_ONLY:
        return True
    if about is PathKind.MODCACHE_DIRS:
        if "build cache" in line or run.modcache is None:
            return False
        return "module cache" in line or any(p in line for p in _parents(run.modcache) if p != "/")
    if about is PathKind.BUILD_CACHE:
        places = (run.env.gocache, run.env.home, run.user.home)
        return any(p and p != "/" and p in line for p in places)
    for written in run.go.writes:
        absolute = run.target(written)
        if (absolute and absolute in line) or f"open {written}:" in line:
            return True
    return run.cwd is not None and run.cwd != "/" and f"{run.cwd}/" in line


def _parents(path: str) -> list[str]:
    """``/a/b/c`` -> ``["/a/b/c", "/a/b", "/a", "/"]``."""
    out = [path]
    while path not in ("/", ""):
        path = path.rsplit("/", 1)[0] or "/"
        out.append(path)
    return out


def _setup_error(log: BuildLog, model: DockerfileModel) -> str | None:
    """Why the build could not even start (no base image, a syntax the builder rejects)."""
    if log.succeeded:
        return None
    failed = log.failed_step
    if log.builder is Builder.BUILDKIT:
        if not any(
            not s.text.startswith("internal") for s in log.steps
        ) or "failed to create LLB" in (log.error or ""):
            return f"the builder could not start the build: {log.error}"
        if failed is not None and failed.keyword == "FROM":
            return f"base image {failed.text.split()[1]} is not available: {log.error}"
        return None
    if failed is None and not log.steps:
        return f"the builder could not start the build: {log.error}"
    if failed is not None and failed.keyword == "FROM":
        ref = failed.text.split()[1] if len(failed.text.split()) > 1 else "?"
        return f"base image {ref} is not available: {log.error}"
    return None


def _edit_go_source(context: Path) -> str | None:
    """Append a comment to the first ``*.go`` file of the context copy (vendor/ excluded)."""
    for path in sorted(context.rglob("*.go")):
        relative = path.relative_to(context)
        if "vendor" in relative.parts or any(part.startswith(".") for part in relative.parts):
            continue
        if not path.is_file() or path.is_symlink():
            continue
        with path.open("a", encoding="utf-8") as handle:
            handle.write(_EDIT_MARK)
        return relative.as_posix()
    return None
