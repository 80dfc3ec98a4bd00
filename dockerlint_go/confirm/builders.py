"""Which BuildKit builder confirm mode uses, found the way a user's shell would find it.

Dockerfiles that need BuildKit (``RUN --mount``, heredocs, ``COPY --link``…) cannot go through
the SDK's classic builder. In order:

1. ``DOCKERLINT_GO_BUILDKIT_CLIENT``: a docker client given by path, used with
   ``DOCKER_BUILDKIT=1 <client> build`` (the override; nothing else is tried when it is set);
2. the ``docker`` on PATH, when ``docker buildx version`` works: ``docker buildx build --load``
   (Docker Desktop, GitHub runners, any Docker ≥ 23, or a client with the buildx plugin);
3. a client older than Docker 23, on PATH or in the usual install directories, which drives
   the engine's built-in BuildKit itself with ``DOCKER_BUILDKIT=1`` (newer clients hand that
   to buildx, and fail without it).

The subprocesses inherit the environment, so ``DOCKER_HOST``, ``DOCKER_CONTEXT`` and
``DOCKER_CONFIG`` (where buildx is looked up as a plugin) apply as they do in the shell.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass

from dockerlint_go.confirm.frontends import engine_buildkit, parse_buildkit_version

__all__ = [
    "NO_BUILDKIT_HINT",
    "OVERRIDE",
    "USUAL_PLACES",
    "BuildkitBuilder",
    "client_major",
    "find_buildkit",
]

OVERRIDE = "DOCKERLINT_GO_BUILDKIT_CLIENT"
# Where package managers and installers put the client, after PATH.
USUAL_PLACES = ("/usr/bin/docker", "/usr/local/bin/docker", "/bin/docker")
_PROBE_TIMEOUT = 15.0
NO_BUILDKIT_HINT = (
    "no BuildKit builder was found: install the docker buildx plugin (a `docker buildx "
    f"version` that works), or point {OVERRIDE} at a docker client older than 23"
)


@dataclass(frozen=True, slots=True)
class BuildkitBuilder:
    """A command that builds with BuildKit and loads the image into the engine."""

    name: str  # "buildx" or "buildkit" (a pre-23 client with DOCKER_BUILDKIT=1)
    command: tuple[str, ...]  # up to and including the build subcommand and its fixed flags
    how: str  # how it was found, for --verbose
    # BuildKit's minor version and how it was read; None when the builder does not say
    buildkit: tuple[int, str] | None = None

    @property
    def environment(self) -> dict[str, str]:
        return {"DOCKER_BUILDKIT": "1"} if self.name == "buildkit" else {}


def find_buildkit(env: Mapping[str, str] | None = None) -> BuildkitBuilder | None:
    """The BuildKit builder to use, or None when there is none."""
    env = os.environ if env is None else env
    override = env.get(OVERRIDE)
    if override is not None:
        if override and os.access(override, os.X_OK):
            return BuildkitBuilder(
                "buildkit",
                (override, "build"),
                f"{OVERRIDE}={override}",
                _engine_buildkit(override, env),
            )
        return None
    on_path = shutil.which("docker", path=env.get("PATH"))
    if on_path is not None and _succeeds([on_path, "buildx", "version"], env):
        return BuildkitBuilder(
            "buildx",
            (on_path, "buildx", "build", "--load"),
            f"`docker buildx` of {on_path}",
            _buildx_buildkit(on_path, env),
        )
    for client in _candidates(on_path):
        major = client_major(client, env)
        if major is not None and major < 23:
            return BuildkitBuilder(
                "buildkit",
                (client, "build"),
                f"{client} (Docker {major} client) with DOCKER_BUILDKIT=1",
                _engine_buildkit(client, env),
            )
    return None


def _candidates(on_path: str | None) -> list[str]:
    seen: set[str] = set()
    found: list[str] = []
    for path in (on_path, *USUAL_PLACES):
        if path is None or not os.access(path, os.X_OK):
            continue
        real = os.path.realpath(path)
        if real not in seen:
            seen.add(real)
            found.append(path)
    return found


def _run(argv: list[str], env: Mapping[str, str]) -> subprocess.CompletedProcess[str] | None:
    try:
        return subprocess.run(
            argv,
            capture_output=True,
            text=True,
            errors="replace",
            env=dict(env),
            stdin=subprocess.DEVNULL,
            timeout=_PROBE_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None


def _succeeds(argv: list[str], env: Mapping[str, str]) -> bool:
    done = _run(argv, env)
    return done is not None and done.returncode == 0


def client_major(client: str, env: Mapping[str, str]) -> int | None:
    """The client's major version (``docker version`` asks the engine too; the client part
    is printed even when the engine does not answer)."""
    done = _run([client, "version", "--format", "{{.Client.Version}}"], env)
    if done is None:
        return None
    first = (done.stdout.strip().splitlines() or [""])[0]
    head = first.split(".", 1)[0]
    return int(head) if head.isdigit() else None


def _buildx_buildkit(client: str, env: Mapping[str, str]) -> tuple[int, str] | None:
    """The BuildKit version of the current buildx builder, as ``docker buildx inspect`` prints
    it (``BuildKit version: v0.8+unknown``; older buildx: ``Buildkit: v0.8…``). A builder that
    is not running yet prints none."""
    done = _run([client, "buildx", "inspect"], env)
    if done is None or done.returncode != 0:
        return None
    for line in done.stdout.splitlines():
        label, _, value = line.partition(":")
        if label.strip().lower() in ("buildkit version", "buildkit"):
            minor = parse_buildkit_version(value)
            if minor is not None:
                return minor, f"{value.strip()} (buildx's current builder)"
    return None


def _engine_buildkit(client: str, env: Mapping[str, str]) -> tuple[int, str] | None:
    """The BuildKit built into the engine the client talks to, from the engine's version."""
    done = _run([client, "version", "--format", "{{.Server.Version}}"], env)
    if done is None or done.returncode != 0:
        return None
    return engine_buildkit(done.stdout.strip())
