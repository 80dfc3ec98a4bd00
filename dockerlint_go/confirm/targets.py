"""The model side of a confirm run: which go command and step of the Dockerfile each request's
recipe acts on (:class:`Plan`), whether the file needs BuildKit, and which base images it pulls.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from dockerlint_go import TYPE_CHECKING
from dockerlint_go.confirm.recipes import RECIPES, Recipe, Target
from dockerlint_go.model.stages import DockerfileModel, GoRun, Step

if TYPE_CHECKING:
    from dockerlint_go.confirm.engine import ConfirmRequest

# RUN/COPY/ADD flags the classic builder rejects.
_BUILDKIT_FLAGS = frozenset(
    {"mount", "network", "security", "link", "chmod", "checksum", "parents"}
)


@dataclass(frozen=True, slots=True)
class Plan:
    request: ConfirmRequest
    recipe: Recipe
    run: GoRun | None
    step: Step | None


def plan_for(model: DockerfileModel, request: ConfirmRequest) -> Plan:
    recipe = RECIPES[request.code]
    for step, run in _targets(model, recipe.target, request.line):
        return Plan(request, recipe, run, step)
    return Plan(request, recipe, None, None)


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
        if target is Target.GO_FROM:
            if run.line >= anchor:
                yield step, run
            continue
        if target is Target.STARTUP_GO_FROM:
            if run.line >= anchor and step.instruction.keyword in ("CMD", "ENTRYPOINT"):
                yield step, run
            continue
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


def buildkit_reason(model: DockerfileModel) -> str | None:
    for ins in model.parsed.instructions:
        if ins.heredocs:
            return f"a heredoc at line {ins.span.line}"
        for flag in ins.flags:
            if flag.name in _BUILDKIT_FLAGS and ins.keyword in ("RUN", "COPY", "ADD"):
                return f"{ins.keyword} --{flag.name} at line {ins.span.line}"
    return None


def base_images(model: DockerfileModel) -> list[str]:
    names = {s.name.lower() for s in model.stages if s.name}
    return [
        s.base
        for s in model.stages
        if s.parent is None
        and s.base
        and s.base.lower() != "scratch"
        and s.base.lower() not in names
    ]
