"""Whether the chosen BuildKit builder can read the Dockerfile at all.

Newer Dockerfile syntax is understood by the Dockerfile *frontend*, not by BuildKit as a whole.
Without a ``# syntax=`` line the frontend is the one built into the builder's BuildKit, whose
version follows BuildKit's: BuildKit v0.N (N ≥ 8) carries Dockerfile frontend 1.(N-6), so the
v0.8 of a Docker 20.10 engine reads Dockerfile 1.2 (``RUN --mount`` yes, heredocs no). With a
``# syntax=docker/dockerfile:X`` line the frontend is that image, pulled at build time.

:func:`frontend_gap` says why a build cannot be judged before it is run: the built-in frontend
predates a construct the file uses, or the frontend image cannot be had offline. When a version
is unknown it says nothing and the build itself decides (a rejected file comes out
``inconclusive`` from the build log).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from dockerlint_go.model.instructions import ParsedDockerfile

__all__ = [
    "FrontendNeed",
    "builtin_frontend",
    "engine_buildkit",
    "frontend_gap",
    "frontend_needs",
    "parse_buildkit_version",
    "syntax_frontend",
]

Version = tuple[int, int]

# The first frontend version that reads each construct without a labs channel. Constructs that
# are still labs-only (or whose promotion we cannot date) carry the version that introduced
# them in labs: a lower bound, so a gap is reported only when the frontend is certainly older.
_FLAG_SINCE: dict[tuple[str, str], tuple[Version, str]] = {
    ("RUN", "mount"): ((1, 2), "RUN --mount"),
    ("COPY", "link"): ((1, 4), "COPY --link"),
    ("ADD", "link"): ((1, 4), "ADD --link"),
    ("ADD", "checksum"): ((1, 6), "ADD --checksum"),
    ("COPY", "parents"): ((1, 7), "COPY --parents"),
    ("COPY", "exclude"): ((1, 7), "COPY --exclude"),
    ("ADD", "exclude"): ((1, 7), "ADD --exclude"),
}
_HEREDOCS_SINCE: Version = (1, 4)

# Docker engine (major, minor) → the BuildKit minor it ships, for clients that drive the
# engine's built-in BuildKit and cannot ask it. Engines past the table carry at least v0.14.
_ENGINE_BUILDKIT: dict[Version, int] = {
    (18, 9): 3,
    (19, 3): 6,
    (20, 10): 8,
    (23, 0): 10,
    (24, 0): 11,
    (25, 0): 12,
    (26, 0): 13,
    (26, 1): 13,
}
_NEWEST_IN_TABLE: Version = (26, 1)
_PAST_TABLE_BUILDKIT = 14

_BUILDKIT_VERSION = re.compile(r"v?0\.(\d+)")
_ENGINE_VERSION = re.compile(r"(\d+)\.(\d+)")
_DOCKERFILE_TAG = re.compile(r"(\d+)(?:\.(\d+))?(?:\.\d+)?(?:-labs)?$")
_OFFICIAL_FRONTENDS = ("docker/dockerfile", "docker.io/docker/dockerfile")


@dataclass(frozen=True, slots=True)
class FrontendNeed:
    """A construct of the file, where it is, and the first frontend version that reads it."""

    what: str  # "heredocs", "RUN --mount"
    line: int
    since: Version


def frontend_needs(parsed: ParsedDockerfile) -> list[FrontendNeed]:
    """The first use of each construct that not every frontend reads."""
    needs: dict[str, FrontendNeed] = {}
    for ins in parsed.instructions:
        if ins.heredocs and "heredocs" not in needs:
            needs["heredocs"] = FrontendNeed("heredocs", ins.span.line, _HEREDOCS_SINCE)
        for flag in ins.flags:
            known = _FLAG_SINCE.get((ins.keyword, flag.name))
            if known is not None and known[1] not in needs:
                needs[known[1]] = FrontendNeed(known[1], ins.span.line, known[0])
    return sorted(needs.values(), key=lambda need: (need.line, need.what))


def parse_buildkit_version(text: str) -> int | None:
    """BuildKit's minor version from ``v0.8+unknown``, ``v0.13.1`` or ``0.20.2``."""
    match = _BUILDKIT_VERSION.match(text.strip())
    return int(match.group(1)) if match else None


def engine_buildkit(engine_version: str) -> tuple[int, str] | None:
    """The BuildKit minor built into a Docker engine of this version, and how it is known."""
    match = _ENGINE_VERSION.match(engine_version.strip())
    if match is None:
        return None
    key = (int(match.group(1)), int(match.group(2)))
    if key in _ENGINE_BUILDKIT:
        minor = _ENGINE_BUILDKIT[key]
        return minor, f"v0.{minor} (the Docker {_docker(key)} engine)"
    if key > _NEWEST_IN_TABLE:
        return (
            _PAST_TABLE_BUILDKIT,
            f"v0.{_PAST_TABLE_BUILDKIT} or newer (the Docker {_docker(key)} engine)",
        )
    return None


def builtin_frontend(buildkit_minor: int) -> Version:
    """The Dockerfile frontend version built into BuildKit v0.<minor>."""
    return (1, max(buildkit_minor - 6, 0))


def syntax_frontend(syntax: str) -> tuple[str, Version | None]:
    """The image a ``# syntax=`` line names and its frontend version (None: unknown or a
    floating newest tag such as ``1`` or ``latest``, which reads everything we check)."""
    image = syntax.strip()
    name, _, tag = image.partition("@")[0].rpartition(":")
    if not name or "/" in tag:
        return image, None
    if name not in _OFFICIAL_FRONTENDS:
        return image, None
    match = _DOCKERFILE_TAG.match(tag)
    if match is None or match.group(2) is None:
        return image, None  # "1", "1-labs", "latest": the newest of the line
    return image, (int(match.group(1)), int(match.group(2)))


def frontend_gap(
    parsed: ParsedDockerfile,
    buildkit: tuple[int, str] | None,
    *,
    offline: bool,
    image_exists: Callable[[str], bool],
) -> str | None:
    """Why the builder's frontend cannot build this file, or None when it can (or may).

    ``buildkit`` is the builder's BuildKit minor and how it was read (None: unknown)."""
    needs = frontend_needs(parsed)
    syntax = parsed.directives.syntax
    if syntax:
        image, version = syntax_frontend(syntax)
        if offline and not image_exists(image):
            return (
                f"the Dockerfile asks for the frontend image {image} (`# syntax=`), which is not "
                "available without the network"
            )
        if version is None:
            return None
        source = f"the frontend image {image}"
    else:
        if buildkit is None:
            return None
        version = builtin_frontend(buildkit[0])
        source = f"the frontend built into BuildKit {buildkit[1]}"
    lacking = [need for need in needs if need.since > version]
    if not lacking:
        return None
    first = lacking[0]
    listed = ", ".join(f"{need.what} (line {need.line})" for need in lacking)
    return (
        f"{source} reads Dockerfile {version[0]}.{version[1]}, which lacks {listed}; "
        f"{first.what} need{'' if first.what == 'heredocs' else 's'} Dockerfile "
        f"{first.since[0]}.{first.since[1]} or newer ({_carried_by(first.since)}): add "
        "`# syntax=docker/dockerfile:1` where the registry is reachable, or use a newer engine"
    )


def _carried_by(frontend: Version) -> str:
    minor = frontend[1] + 6
    engines = sorted(key for key, value in _ENGINE_BUILDKIT.items() if value == minor)
    if not engines:
        return f"BuildKit v0.{minor}"
    return f"BuildKit v0.{minor}, as in Docker {_docker(engines[0])}"


def _docker(version: Version) -> str:
    """Docker's own spelling: 19.03 and 20.10 before Docker 23, then 23.0, 24.0…"""
    major, minor = version
    return f"{major}.{minor:02d}" if major < 23 else f"{major}.{minor}"
