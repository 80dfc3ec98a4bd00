"""Confirm mode talks to the engine the `docker` command would: DOCKER_HOST, else the context
DOCKER_CONTEXT names or the configuration's current context, else the default socket."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from dockerlint_go.confirm._docker import Engine, EngineUnavailable

pytest.importorskip("docker")

SOCKET = Path("/var/run/docker.sock")


def _context(config: Path, name: str, host: str, *, current: bool = False) -> None:
    """Write a context the way `docker context create` stores it."""
    meta = config / "contexts" / "meta" / hashlib.sha256(name.encode()).hexdigest()
    meta.mkdir(parents=True)
    endpoint = {"Host": host, "SkipTLSVerify": False}
    (meta / "meta.json").write_text(
        json.dumps({"Name": name, "Metadata": {}, "Endpoints": {"docker": endpoint}})
    )
    if current:
        (config / "config.json").write_text(json.dumps({"currentContext": name}))


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "docker-config"
    directory.mkdir()
    monkeypatch.setenv("DOCKER_CONFIG", str(directory))
    monkeypatch.delenv("DOCKER_HOST", raising=False)
    monkeypatch.delenv("DOCKER_CONTEXT", raising=False)
    return directory


def test_a_missing_context_is_named(config: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCKER_CONTEXT", "no-such-context")
    with pytest.raises(EngineUnavailable, match="the docker context 'no-such-context'"):
        Engine.connect(timeout=2)


def test_the_current_context_is_the_engine_used(config: Path, tmp_path: Path) -> None:
    _context(config, "elsewhere", f"unix://{tmp_path / 'nothing-here.sock'}", current=True)
    with pytest.raises(EngineUnavailable, match="no Docker engine is reachable") as info:
        Engine.connect(timeout=2)
    assert "does not exist" not in str(info.value)  # found, and its socket is the one tried


def test_docker_host_wins_over_the_context(
    config: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _context(config, "elsewhere", "unix:///var/run/docker.sock", current=True)
    monkeypatch.setenv("DOCKER_HOST", f"unix://{tmp_path / 'nothing-here.sock'}")
    with pytest.raises(EngineUnavailable):
        Engine.connect(timeout=2)


@pytest.mark.docker
def test_a_context_on_another_socket_reaches_the_engine(
    config: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not SOCKET.exists():
        pytest.skip("the engine does not listen on the default socket here")
    alias = tmp_path / "alias.sock"
    alias.symlink_to(SOCKET)
    _context(config, "aliased", f"unix://{alias}")
    monkeypatch.setenv("DOCKER_CONTEXT", "aliased")
    Engine.connect(timeout=5).close()
