"""How ``--confirm`` proves each rule's finding: recipes as data, interpreted by the engine.

Rules never call Docker. A recipe says which go command of the Dockerfile the finding is about
(``Target``), which builds to run (``Phase``), which lines of the build log prove the problem
(``LogEvidence``), and what to probe in the built image when the log does not tell
(``Probe``). Adding a confirmable rule means adding one entry to ``RECIPES``.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

__all__ = ["RECIPES", "LogEvidence", "PathKind", "Phase", "Probe", "Recipe", "Target"]


class Target(enum.Enum):
    """Which go command (from the model) a finding is about, searched from the finding's line
    (from the top of the file when a recipe runs without a finding)."""

    NON_ROOT_GO_AFTER = "the first go command run by a non-root user after the line"
    FIRST_RESOLVING_AFTER = "the first module-resolving go command after the line, same stage"
    NON_ROOT_WRITER_AFTER = "the first go command run by a non-root user that writes files"
    NON_ROOT_RESOLVING_FROM = "the first module-resolving go command by a non-root user"


class Phase(enum.Enum):
    BUILD = "build"  # one build without cache
    REBUILD_AFTER_SOURCE_EDIT = "rebuild-after-source-edit"  # edit a *.go file, build again


class PathKind(enum.Enum):
    """What a ``permission denied`` line must name to count as evidence."""

    MODCACHE = "the target's module cache"
    WRITTEN = "a path the target writes (its directory included)"
    CACHES = "the target's module cache, build cache or home"


class Probe(enum.Enum):
    """What to look at in the image the target runs in, as the target's user."""

    MODCACHE_WRITABLE = "owner of GOMODCACHE and whether the user can add to it"
    MODCACHE_CREATABLE = "whether the user can create GOMODCACHE (and GOCACHE)"
    WRITTEN_PATHS = "owner of the paths the target writes and whether the user can write them"


@dataclass(frozen=True, slots=True)
class LogEvidence:
    pattern: re.Pattern[str]
    about: PathKind


@dataclass(frozen=True, slots=True)
class Recipe:
    code: str
    target: Target
    phases: tuple[Phase, ...]
    evidence: tuple[LogEvidence, ...] = ()
    probe: Probe | None = None


_DENIED = re.compile(r"permission denied", re.IGNORECASE)
_NO_CACHE = re.compile(r"could not create module cache|failed to initialize build cache")

RECIPES: Mapping[str, Recipe] = MappingProxyType(
    {
        "DG101": Recipe(
            code="DG101",
            target=Target.NON_ROOT_GO_AFTER,
            phases=(Phase.BUILD,),
            evidence=(LogEvidence(_DENIED, PathKind.MODCACHE),),
            probe=Probe.MODCACHE_WRITABLE,
        ),
        "DG102": Recipe(
            code="DG102",
            target=Target.FIRST_RESOLVING_AFTER,
            phases=(Phase.BUILD, Phase.REBUILD_AFTER_SOURCE_EDIT),
        ),
        "DG103": Recipe(
            code="DG103",
            target=Target.NON_ROOT_WRITER_AFTER,
            phases=(Phase.BUILD,),
            evidence=(LogEvidence(_DENIED, PathKind.WRITTEN),),
            probe=Probe.WRITTEN_PATHS,
        ),
        "DG104": Recipe(
            code="DG104",
            target=Target.NON_ROOT_RESOLVING_FROM,
            phases=(Phase.BUILD,),
            evidence=(
                LogEvidence(_NO_CACHE, PathKind.CACHES),
                LogEvidence(_DENIED, PathKind.CACHES),
            ),
            probe=Probe.MODCACHE_CREATABLE,
        ),
    }
)
"""The confirmable rules, by code."""
