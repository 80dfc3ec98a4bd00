"""The verdicts of a confirm run: what the builds, a probe of the image or a run of the final
image show for one plan, as a :data:`Verdict` (status, evidence, details), and the shell
scripts the probes run.
"""

from __future__ import annotations

import shlex
import uuid
from collections.abc import Sequence

from dockerlint_go import TYPE_CHECKING
from dockerlint_go.confirm.buildlog import Builder, BuildLog
from dockerlint_go.confirm.cachemounts import (
    cache_mounts,
    parse_counts,
    probe_dockerfile,
    verdict_text,
)
from dockerlint_go.confirm.logsearch import find_step, image_before, log_evidence
from dockerlint_go.confirm.recipes import Phase, Probe
from dockerlint_go.confirm.session import RUN_TIMEOUT
from dockerlint_go.findings import ConfirmStatus
from dockerlint_go.model.stages import DockerfileModel, GoRun

if TYPE_CHECKING:
    from dockerlint_go.confirm.session import Session
    from dockerlint_go.confirm.targets import Plan

Verdict = tuple[ConfirmStatus, str, Sequence[str]]


def judge(
    session: Session,
    model: DockerfileModel,
    plan: Plan,
    first: BuildLog,
    rebuild: BuildLog | None,
    edited: str | None,
) -> Verdict:
    run, step = plan.run, plan.step
    if Phase.RUN_FINAL_GO_TRACE in plan.recipe.phases:
        return _judge_traced_run(session, model, plan, first)
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
    built = find_step(first, step.instruction)
    for line, shown in log_evidence(first, plan, built):
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
    image = image_before(first, step.instruction)
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
    plan: Plan, first: BuildLog, rebuild: BuildLog | None, edited: str | None, where: str
) -> Verdict:
    assert plan.step is not None and plan.run is not None
    if edited is None:
        return (
            ConfirmStatus.INCONCLUSIVE,
            "no Go source file (*.go) in the build context to edit",
            (),
        )
    if rebuild is None:
        return (ConfirmStatus.INCONCLUSIVE, "the rebuild did not run", ())
    before = find_step(first, plan.step.instruction)
    after = find_step(rebuild, plan.step.instruction)
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


def _judge_traced_run(
    session: Session, model: DockerfileModel, plan: Plan, first: BuildLog
) -> Verdict:
    """Start the final image with ``-x`` added to its GOFLAGS (DG122): a go command run at start
    prints each compile and link, or fails on caches its user cannot write."""
    if not first.succeeded or first.image_id is None:
        return (
            ConfirmStatus.INCONCLUSIVE,
            f"the build failed, so there is no image to start: {first.error}",
            (),
        )
    what = "the final image's start command"
    if plan.run is not None:
        what = f"{plan.run.display} at line {plan.run.line}"
    goflags = model.stages[-1].final.env.get("GOFLAGS", "") if model.stages else ""
    result = session.run_final(first.image_id, {"GOFLAGS": f"{goflags} -x".strip()})
    lines = [line.strip() for line in result.output.splitlines() if line.strip()]
    exit_code = (
        f"still running after {RUN_TIMEOUT:.0f} s"
        if result.exit_code is None
        else f"exited with code {result.exit_code}"
    )
    for evidence in plan.recipe.evidence:
        for line in lines:
            found = evidence.pattern.search(line)
            if found is None:
                continue
            if found.group(0).startswith("/"):
                shown = line if len(line) <= 120 else line[:117] + "…"
                return (
                    ConfirmStatus.CONFIRMED,
                    f"starting the image ran the go toolchain ({what}): {shown}",
                    (f"the container {exit_code}", "started with GOFLAGS=-x added"),
                )
            return (ConfirmStatus.CONFIRMED, line, (f"the container {exit_code}", what))
    shown = f": {lines[0]}" if lines else ""
    return (
        ConfirmStatus.NOT_CONFIRMED,
        f"the final image started without running the go toolchain and {exit_code}{shown}",
        tuple(lines[1:3]),
    )


def _judge_cache_mounts(
    session: Session, model: DockerfileModel, plan: Plan, first: BuildLog, where: str
) -> Verdict:
    """Count what the step's cache mounts hold after the build (DG108)."""
    assert plan.step is not None and plan.run is not None
    step, run = plan.step, plan.run
    built = find_step(first, step.instruction)
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


def _judge_run(session: Session, plan: Plan, first: BuildLog, where: str) -> Verdict:
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
            f"the final image started and was still running after {RUN_TIMEOUT:.0f} s: the "
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
    session: Session, probe: Probe, image: str, run: GoRun, where: str, first: BuildLog
) -> Verdict:
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
