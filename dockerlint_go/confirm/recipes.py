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
    FIRST_RESOLVING_FROM = "the first module-resolving go command at or after the line, same stage"
    NON_ROOT_COMPILING_FROM = "the first go command by a non-root user that opens the build cache"
    LAST_BUILD_BEFORE = "the last go build or go install at or before the line (of the file)"
    CACHE_MOUNTED_FROM = "the first go command of a RUN with a cache mount, at or after the line"
    GO_FROM = "the first go command at or after the line, any stage, any user"
    STARTUP_GO_FROM = "the first go command of a CMD or ENTRYPOINT at or after the line"


class Phase(enum.Enum):
    BUILD = "build"  # one build without cache
    REBUILD_AFTER_SOURCE_EDIT = "rebuild-after-source-edit"  # edit a *.go file, build again
    RUN_FINAL = "run the final image"  # run the built image as it is, its output is the log
    # Run the final image with -x added to its GOFLAGS: a go command that starts with the
    # container prints every compile and link it runs.
    RUN_FINAL_GO_TRACE = "run the final image with GOFLAGS=-x"


class PathKind(enum.Enum):
    """What a ``permission denied`` line must name to count as evidence."""

    MODCACHE = "the target's module cache"
    WRITTEN = "a path the target writes (its directory included)"
    MODCACHE_DIRS = "the target's module cache or a directory above it (never the build cache)"
    BUILD_CACHE = "the target's build cache, its home, or where the build cache would be"
    PATTERN_ONLY = "nothing more: the pattern itself names the problem"


class Probe(enum.Enum):
    """What to look at in the image the target runs in, as the target's user."""

    MODCACHE_WRITABLE = "owner of GOMODCACHE and whether the user can add to it"
    MODCACHE_CREATABLE = "whether the user can create GOMODCACHE"
    WRITTEN_PATHS = "owner of the paths the target writes and whether the user can write them"
    # Not in the image: a second BuildKit build mounts the same caches and counts their files.
    CACHE_MOUNTS = "what the target's cache mounts hold after the build"


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
_NO_MODCACHE = re.compile(r"could not create module cache")
# A user switch inside RUN that only root may make (DG105): su asks for a password the build
# cannot give; runuser refuses outright; gosu and su-exec cannot change the ids.
_SWITCH_REFUSED = re.compile(
    r"\bsu: (Authentication failure|must be run from a terminal)"
    r"|runuser: may not be used by non-root users"
    r"|\b(gosu|su-exec): .*operation not permitted"
)
# go build as a user that cannot create GOCACHE (DG106).
_NO_BUILD_CACHE = re.compile(r"failed to initialize build cache at .*permission denied")
# Go older than 1.21 reading a go.mod line such as "go 1.21.0" (DG109).
_BAD_GO_LINE = re.compile(r"go\.mod:\d+: invalid go version '[^']*': must match format")
# A local replacement that is not in the image (DG110): `go mod download` reads its go.mod,
# `go build` looks for its directory.
_NO_REPLACEMENT = re.compile(
    r"\(replaced by [^)]*\): reading \S*go\.mod: .*no such file or directory"
    r"|replacement directory \S+ does not exist"
)
# A dynamically linked binary on an image without its loader (DG113): the kernel cannot find
# the interpreter its header names, and the runtime reports the binary itself as missing.
_NO_LOADER = re.compile(r"no such file or directory", re.IGNORECASE)
# go.sum left out of the image while go may not write it (DG111).
_NO_GO_SUM = re.compile(r"missing go\.sum entry")
# go get used to install a tool (DG119): refused outside a module since Go 1.18; inside one it
# installs nothing, and the shell cannot find the tool later.
_GO_GET_GONE = re.compile(r"'go get' is no longer supported outside a module")
_TOOL_MISSING = re.compile(r"\b[\w.+-]+: (command )?not found$|executable file not found in \$PATH")
# A container that runs go at start (DG122): with GOFLAGS=-x, the compiles and the link; as a
# user who cannot write the caches, go's own error.
_STARTUP_COMPILE = re.compile(r"/(compile|link) -o \S+")
_STARTUP_CANNOT_WRITE = re.compile(
    r"failed to initialize build cache at|could not create module cache|permission denied"
)
# go mod init where go.mod already is (DG123).
_GO_MOD_EXISTS = re.compile(r"go\.mod already exists")

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
                LogEvidence(_NO_MODCACHE, PathKind.MODCACHE_DIRS),
                LogEvidence(_DENIED, PathKind.MODCACHE_DIRS),
            ),
            probe=Probe.MODCACHE_CREATABLE,
        ),
        "DG105": Recipe(
            code="DG105",
            target=Target.FIRST_RESOLVING_FROM,
            phases=(Phase.BUILD,),
            evidence=(LogEvidence(_SWITCH_REFUSED, PathKind.PATTERN_ONLY),),
        ),
        "DG106": Recipe(
            code="DG106",
            target=Target.NON_ROOT_COMPILING_FROM,
            phases=(Phase.BUILD,),
            evidence=(LogEvidence(_NO_BUILD_CACHE, PathKind.BUILD_CACHE),),
        ),
        "DG107": Recipe(
            code="DG107",
            target=Target.NON_ROOT_RESOLVING_FROM,
            phases=(Phase.BUILD,),
            evidence=(
                LogEvidence(_DENIED, PathKind.MODCACHE_DIRS),
                LogEvidence(_NO_BUILD_CACHE, PathKind.BUILD_CACHE),
            ),
        ),
        "DG108": Recipe(
            code="DG108",
            target=Target.CACHE_MOUNTED_FROM,
            phases=(Phase.BUILD,),
            probe=Probe.CACHE_MOUNTS,
        ),
        "DG109": Recipe(
            code="DG109",
            target=Target.FIRST_RESOLVING_AFTER,
            phases=(Phase.BUILD,),
            evidence=(LogEvidence(_BAD_GO_LINE, PathKind.PATTERN_ONLY),),
        ),
        "DG110": Recipe(
            code="DG110",
            target=Target.FIRST_RESOLVING_FROM,
            phases=(Phase.BUILD,),
            evidence=(LogEvidence(_NO_REPLACEMENT, PathKind.PATTERN_ONLY),),
        ),
        "DG111": Recipe(
            code="DG111",
            target=Target.FIRST_RESOLVING_AFTER,
            phases=(Phase.BUILD,),
            evidence=(LogEvidence(_NO_GO_SUM, PathKind.PATTERN_ONLY),),
        ),
        "DG113": Recipe(
            code="DG113",
            target=Target.LAST_BUILD_BEFORE,
            phases=(Phase.BUILD, Phase.RUN_FINAL),
            evidence=(LogEvidence(_NO_LOADER, PathKind.PATTERN_ONLY),),
        ),
        "DG119": Recipe(
            code="DG119",
            target=Target.GO_FROM,
            phases=(Phase.BUILD,),
            evidence=(
                LogEvidence(_GO_GET_GONE, PathKind.PATTERN_ONLY),
                LogEvidence(_TOOL_MISSING, PathKind.PATTERN_ONLY),
            ),
        ),
        "DG122": Recipe(
            code="DG122",
            target=Target.STARTUP_GO_FROM,
            phases=(Phase.BUILD, Phase.RUN_FINAL_GO_TRACE),
            evidence=(
                LogEvidence(_STARTUP_CANNOT_WRITE, PathKind.PATTERN_ONLY),
                LogEvidence(_STARTUP_COMPILE, PathKind.PATTERN_ONLY),
            ),
        ),
        "DG123": Recipe(
            code="DG123",
            target=Target.GO_FROM,
            phases=(Phase.BUILD,),
            evidence=(LogEvidence(_GO_MOD_EXISTS, PathKind.PATTERN_ONLY),),
        ),
    }
)
"""The confirmable rules, by code.

DG108 (a cache mount that misses the Go cache) fails nothing; its evidence is what the mount
holds after the build. A second BuildKit build mounts the same cache (see
``confirm.cachemounts``) and counts its files: none, while go ran with it, means the next build
starts from nothing again. Counting is sturdier than looking for ``go: downloading`` in a
rebuild: ``go mod download`` never prints that line, and a rebuild runs the step again only
after an edit of what was copied before it."""
