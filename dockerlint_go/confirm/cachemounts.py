"""What a RUN's cache mounts hold after a build (DG108's evidence).

A cache mount that misses go's caches does not fail a build: it only stays empty, so the next
build downloads and compiles everything again. The evidence is a second BuildKit build that
mounts the same caches (same ``id``, or the same target when there is none, at the same
WORKDIR, so BuildKit picks the same cache) and counts the files in them. BuildKit hands that
build the cache the first build left behind: when the first build ran with ``--no-cache`` it
started from an empty cache, so what the probe finds is exactly what that build wrote. The
probe's RUN carries a fresh nonce, so it always runs (with ``--no-cache`` it would be given
empty caches of its own).
"""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from dataclasses import dataclass

from dockerlint_go.model.fs import normalize
from dockerlint_go.model.mounts import Mount
from dockerlint_go.model.stages import GoRun, Step

__all__ = ["MountCount", "cache_mounts", "parse_counts", "probe_dockerfile", "verdict_text"]

_MARK = "dockerlint-go-mount"


@dataclass(frozen=True, slots=True)
class MountCount:
    mount: Mount
    path: str  # where the mount lands, absolute
    misses: bool  # the mount holds none of the go command's caches
    files: int | None  # files in it after the build (None: the probe did not say)


def cache_mounts(step: Step, run: GoRun) -> list[tuple[Mount, str, bool]]:
    """The step's cache mounts that can be probed: (mount, absolute target, misses go's caches).
    A mount seeded ``from`` another image or stage is left out (its contents are not only what
    the build wrote), and so is one whose target or id a probe could not write back unchanged
    (spaces, commas or quotes in them)."""
    found: list[tuple[Mount, str, bool]] = []
    for mount in step.mounts:
        if mount.type != "cache" or not mount.target or mount.from_:
            continue
        if any(_unsafe(value) for value in (mount.target, mount.id, mount.sharing)):
            continue
        path = normalize(mount.target, step.before.workdir)
        found.append((mount, path, not run.keeps_cache_in(path)))
    return found


def _unsafe(value: str | None) -> bool:
    return value is not None and any(c.isspace() or c in ",\"'\\" for c in value)


def probe_dockerfile(
    base: str, workdir: str, mounts: Sequence[tuple[Mount, str, bool]], nonce: str
) -> str:
    """A Dockerfile whose one RUN mounts the same caches and prints ``<mark> <i> files=<n>``."""
    flags: list[str] = []
    counts: list[str] = []
    for index, (mount, path, _misses) in enumerate(mounts):
        options = [f"type=cache,target={mount.target}"]
        if mount.id:
            options.append(f"id={mount.id}")
        if mount.sharing:
            options.append(f"sharing={mount.sharing}")
        flags.append("--mount=" + ",".join(options))
        quoted = shlex.quote(path)
        counts.append(f'echo "{_MARK} {index} files=$(find {quoted} -type f 2>/dev/null | wc -l)"')
    script = "; ".join([f"echo {shlex.quote(nonce)}", *counts])
    return "\n".join(
        [
            f"FROM {base}",
            "USER 0",
            f"WORKDIR {workdir}",
            f"RUN {' '.join(flags)} sh -c {shlex.quote(script)}",
            "",
        ]
    )


def parse_counts(
    output: Sequence[str], mounts: Sequence[tuple[Mount, str, bool]]
) -> list[MountCount]:
    """The probe's counts, one per mount, in order."""
    files: dict[int, int] = {}
    for line in output:
        _, mark, rest = line.partition(_MARK + " ")
        if not mark:
            continue
        index, _, value = rest.partition(" files=")
        if index.strip().isdigit() and value.strip().isdigit():
            files.setdefault(int(index), int(value))
    return [
        MountCount(mount, path, misses, files.get(index))
        for index, (mount, path, misses) in enumerate(mounts)
    ]


def verdict_text(counts: Sequence[MountCount], run: GoRun, where: str) -> tuple[bool, str]:
    """(confirmed, evidence): confirmed when every mount that misses go's caches holds no file
    after the build while go ran with it."""
    missing = [c for c in counts if c.misses]
    held = ", ".join(f"{c.path}: {c.files} files" for c in counts if c.files is not None)
    if missing and all(c.files == 0 for c in missing):
        shown = ", ".join(f"target={c.mount.target}" for c in missing)
        return (
            True,
            f"after the build, the cache mount {shown} holds no file: {where} kept its "
            f"module cache in {run.env.gomodcache} and its build cache in {run.env.gocache}, "
            "in the image layer, so the next build downloads and compiles everything again",
        )
    return (
        False,
        f"after the build the cache mounts hold files ({held}): the next build reuses them",
    )
