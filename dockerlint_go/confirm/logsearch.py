"""The log side of a confirm run: finding an instruction's step in a build log, the image it
started from, the output lines a recipe counts as evidence and why a build could not start, plus
the Go source edit a rebuild tests the layer cache with.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from pathlib import Path

from dockerlint_go import TYPE_CHECKING
from dockerlint_go.confirm.buildlog import Builder, BuildLog, BuildStep
from dockerlint_go.confirm.recipes import PathKind
from dockerlint_go.model.parse import Instruction
from dockerlint_go.model.stages import DockerfileModel, GoRun

if TYPE_CHECKING:
    from dockerlint_go.confirm.targets import Plan

# The edit carries a nonce: content seen by an earlier run (whose cache another tool may keep)
# must never give this run a cache hit.
_EDIT_MARK = "\n// dockerlint-go --confirm: an edit to test the layer cache ({nonce})\n"
_SPACES = re.compile(r"\s+")


def _normal(text: str) -> str:
    return _SPACES.sub(" ", text.replace("\\\n", " ")).strip()


def find_step(log: BuildLog, ins: Instruction) -> BuildStep | None:
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


def image_before(log: BuildLog, ins: Instruction) -> str | None:
    """The image the instruction starts from (classic: the previous step's result)."""
    if log.builder is Builder.BUILDKIT:
        return log.image_id
    for step in log.steps:
        if step.number == ins.index and step.image_id is not None:
            return step.image_id
    return None


def log_evidence(log: BuildLog, plan: Plan, built: BuildStep | None) -> Iterator[tuple[str, str]]:
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


def setup_error(log: BuildLog, model: DockerfileModel) -> str | None:
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


def edit_go_source(context: Path) -> str | None:
    """Append a comment to the first ``*.go`` file of the context copy (vendor/ excluded)."""
    for path in sorted(context.rglob("*.go")):
        relative = path.relative_to(context)
        if "vendor" in relative.parts or any(part.startswith(".") for part in relative.parts):
            continue
        if not path.is_file() or path.is_symlink():
            continue
        with path.open("a", encoding="utf-8") as handle:
            handle.write(_EDIT_MARK.format(nonce=secrets.token_hex(8)))
        return relative.as_posix()
    return None
