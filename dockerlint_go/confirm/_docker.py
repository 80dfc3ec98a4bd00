"""The only module that touches the Docker SDK (untyped): a small typed adapter.

Imported by the engine only when ``--confirm`` runs. Everything the engine needs from Docker
goes through :class:`Engine`: classic builds through the SDK, BuildKit builds through the
``docker`` command that ``confirm.builders`` found (subprocess), probe containers, and the
removal of what was created.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import subprocess
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dockerlint_go.confirm.buildlog import BuildkitLogParser, BuildLog, ClassicLogParser

if TYPE_CHECKING:
    from dockerlint_go.confirm.builders import BuildkitBuilder

__all__ = [
    "BuildTimeout",
    "Engine",
    "EngineUnavailable",
    "ProbeResult",
    "RunResult",
]


def _client_for(docker: Any, timeout: int) -> Any:
    """A client for the engine the ``docker`` command would use: ``DOCKER_HOST`` when it is set,
    else the context ``DOCKER_CONTEXT`` names or ``docker context use`` chose (Docker Desktop's
    ``desktop-linux``, a remote engine…), else the default socket."""
    if os.environ.get("DOCKER_HOST"):
        return docker.from_env(timeout=timeout)
    config = Path(os.environ.get("DOCKER_CONFIG") or Path.home() / ".docker")
    name = os.environ.get("DOCKER_CONTEXT") or _current_context(config)
    if name in (None, "", "default"):
        return docker.from_env(timeout=timeout)
    context_id = hashlib.sha256(name.encode()).hexdigest()
    try:
        meta = json.loads((config / "contexts" / "meta" / context_id / "meta.json").read_text())
        endpoint = meta["Endpoints"]["docker"]
        host = str(endpoint["Host"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise EngineUnavailable(f"the docker context {name!r} does not exist") from exc
    tls: Any = False
    certs = config / "contexts" / "tls" / context_id / "docker"
    if certs.is_dir():
        from docker.tls import TLSConfig  # type: ignore[import-untyped]

        cert, key, ca = certs / "cert.pem", certs / "key.pem", certs / "ca.pem"
        tls = TLSConfig(
            client_cert=(str(cert), str(key)) if cert.exists() and key.exists() else None,
            ca_cert=str(ca) if ca.exists() else None,
            verify=not endpoint.get("SkipTLSVerify", False),
        )
    return docker.DockerClient(base_url=host, tls=tls, timeout=timeout)


def _current_context(config: Path) -> str | None:
    try:
        chosen = json.loads((config / "config.json").read_text()).get("currentContext")
    except (OSError, ValueError, AttributeError):
        return None
    return chosen if isinstance(chosen, str) else None


class EngineUnavailable(Exception):
    """No Docker engine can be used: the SDK is missing or no engine answers."""


class BuildTimeout(Exception):
    """A build or probe ran past its time limit."""


@dataclass(frozen=True, slots=True)
class ProbeResult:
    exit_code: int
    output: str  # stdout and stderr, interleaved


@dataclass(frozen=True, slots=True)
class RunResult:
    """A run of an image as built (its own ENTRYPOINT and CMD)."""

    exit_code: int | None  # None: still running at the time limit (then stopped)
    output: str  # stdout and stderr, interleaved; a start error the engine gave, too


class Engine:
    """One connection to the engine (create one per thread: the SDK's session is not shared)."""

    def __init__(self, client: Any) -> None:
        self._client = client
        self._api = client.api

    @classmethod
    def connect(cls, timeout: float = 5.0) -> Engine:
        try:
            import docker  # type: ignore[import-untyped]
        except ImportError as exc:
            raise EngineUnavailable(
                "the Docker SDK for Python is not installed (pip install docker)"
            ) from exc
        try:
            client = _client_for(docker, int(max(timeout, 1)))
            client.ping()
        except Exception as exc:  # the SDK raises DockerException, requests errors, OSError…
            raise EngineUnavailable(f"no Docker engine is reachable: {exc}") from exc
        return cls(client)

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._client.close()

    # -- images ---------------------------------------------------------------------------

    def image_exists(self, ref: str) -> bool:
        try:
            self._api.inspect_image(ref)
        except Exception:
            return False
        return True

    def remove_image(self, ref: str) -> bool:
        """Remove an image by tag or ID (its untagged parents go with it). False when it could
        not be removed (gone already, or still used)."""
        try:
            self._api.remove_image(ref, force=False, noprune=False)
        except Exception:
            return False
        return True

    def remove_container(self, ref: str) -> None:
        with contextlib.suppress(Exception):
            self._api.remove_container(ref, force=True)

    # -- builds ---------------------------------------------------------------------------

    def build_classic(
        self,
        context: Path,
        dockerfile: Path,
        tag: str,
        *,
        nocache: bool,
        offline: bool,
        timeout: float,
        on_step: Callable[[str], None],
    ) -> BuildLog:
        parser = ClassicLogParser()
        deadline = time.monotonic() + timeout
        kwargs: dict[str, Any] = {
            "path": str(context),
            "dockerfile": str(dockerfile),
            "tag": tag,
            "decode": True,
            "rm": True,
            "forcerm": True,
            "nocache": nocache,
            "pull": False,
            "timeout": max(int(timeout), 1),
        }
        if offline:
            kwargs["network_mode"] = "none"
        timed_out = False
        try:
            stream = self._api.build(**kwargs)
            for chunk in stream:
                if isinstance(chunk, Mapping):
                    started = parser.feed(chunk)
                    if started is not None:
                        on_step(started)
                if time.monotonic() > deadline:
                    timed_out = True
                    break
        except Exception as exc:
            if _is_timeout(exc):
                timed_out = True
            else:
                parser.feed({"error": f"{type(exc).__name__}: {exc}"})
        log = parser.result()
        if timed_out:
            raise _Timeout(log)
        return log

    def build_buildkit(
        self,
        builder: BuildkitBuilder,
        context: Path,
        dockerfile: Path,
        tag: str,
        iidfile: Path,
        *,
        nocache: bool,
        offline: bool,
        timeout: float,
        on_step: Callable[[str], None],
    ) -> BuildLog:
        argv = [*builder.command, "--progress=plain", "-f", str(dockerfile), "-t", tag]
        argv += ["--iidfile", str(iidfile)]
        if nocache:
            argv.append("--no-cache")
        if offline:
            argv.append("--network=none")
        argv.append(str(context))
        env = {**os.environ, **builder.environment}
        parser = BuildkitLogParser()
        proc = subprocess.Popen(
            argv,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=env,
            text=True,
            errors="replace",
        )
        expired = threading.Event()

        def kill() -> None:
            expired.set()
            proc.kill()

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            assert proc.stdout is not None
            for line in proc.stdout:
                started = parser.feed(line)
                if started is not None:
                    on_step(started)
            code = proc.wait()
        finally:
            timer.cancel()
        log = parser.result(code)
        if expired.is_set():
            raise _Timeout(log)
        if log.image_id is None and iidfile.exists() and code == 0:
            image = iidfile.read_text().strip()
            log = BuildLog(log.builder, log.steps, log.error, image, log.lines)
        return log

    # -- BuildKit's build cache -----------------------------------------------------------

    def build_cache_ids(self) -> frozenset[str]:
        try:
            records = self._client.df().get("BuildCache") or []
        except Exception:
            return frozenset()
        return frozenset(str(r["ID"]) for r in records if isinstance(r, Mapping) and "ID" in r)

    def prune_build_cache(self, ids: frozenset[str]) -> None:
        """Remove exactly these build-cache records (children first: several passes).

        ``all`` lets the filter reach every type of record (cache mounts included); the ``id``
        filter still limits it to ours. BuildKit releases a build's records shortly after the
        build ends (seconds later on a busy machine), so passes that remove nothing are retried
        for up to ten seconds before giving up."""
        left = set(ids) & self.build_cache_ids()
        idle = 0
        for _ in range(40):
            if not left:
                return
            removed: set[str] = set()
            for record in sorted(left):
                with contextlib.suppress(Exception):
                    answer = self._api.prune_builds(filters={"id": [record]}, all=True)
                    removed.update(answer.get("CachesDeleted") or ())
            left -= removed
            left &= self.build_cache_ids()
            if removed:
                idle = 0
                continue
            idle += 1
            if idle > 20:
                return
            time.sleep(0.5)

    # -- probes ---------------------------------------------------------------------------

    def probe(
        self,
        image: str,
        script: str,
        *,
        user: str | None,
        workdir: str | None,
        timeout: float,
    ) -> ProbeResult:
        """Run ``sh -c script`` in a throw-away container without network."""
        kwargs: dict[str, Any] = {
            "image": image,
            "command": [script],
            "entrypoint": ["/bin/sh", "-c"],
            "network_disabled": True,
        }
        if user is not None:
            kwargs["user"] = user
        if workdir is not None:
            kwargs["working_dir"] = workdir
        container = self._api.create_container(**kwargs)
        cid = str(container["Id"])
        try:
            self._api.start(cid)
            try:
                status = self._api.wait(cid, timeout=max(int(timeout), 1))
            except Exception as exc:
                if _is_timeout(exc):
                    raise BuildTimeout(f"probe ran past {timeout:.0f} s") from exc
                raise
            raw = self._api.logs(cid, stdout=True, stderr=True)
            output = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
            return ProbeResult(int(status.get("StatusCode", -1)), output)
        finally:
            self.remove_container(cid)

    def run_image(
        self,
        image: str,
        *,
        timeout: float,
        on_create: Callable[[str], None],
        environment: Mapping[str, str] | None = None,
    ) -> RunResult:
        """Run the image's own ENTRYPOINT/CMD in a container without network, with
        ``environment`` added to the image's; ``on_create`` gets the container's ID before it
        starts (for the cleanup of a run that breaks off)."""
        host_config = self._api.create_host_config(network_mode="none")
        container = self._api.create_container(
            image=image, host_config=host_config, environment=dict(environment or {})
        )
        cid = str(container["Id"])
        on_create(cid)
        try:
            try:
                self._api.start(cid)
            except Exception as exc:  # the runtime may refuse the start itself
                explanation = getattr(exc, "explanation", None) or str(exc)
                return RunResult(-1, str(explanation))
            code: int | None
            try:
                status = self._api.wait(cid, timeout=max(int(timeout), 1))
                code = int(status.get("StatusCode", -1))
            except Exception as exc:
                if not _is_timeout(exc):
                    raise
                code = None
                with contextlib.suppress(Exception):
                    self._api.kill(cid)
            raw = self._api.logs(cid, stdout=True, stderr=True)
            output = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
            return RunResult(code, output)
        finally:
            self.remove_container(cid)


class _Timeout(BuildTimeout):
    def __init__(self, log: BuildLog) -> None:
        super().__init__("the build ran past its time limit")
        self.log = log


def _is_timeout(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        name = type(seen).__name__
        if "Timeout" in name or "timed out" in str(seen):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


@contextlib.contextmanager
def temporary_tree() -> Iterator[Path]:
    import tempfile

    root = Path(tempfile.mkdtemp(prefix="dockerlint-go-confirm-"))
    try:
        yield root
    finally:
        shutil.rmtree(root, ignore_errors=True)
