"""How confirm mode finds its BuildKit builder: fake docker clients on a temporary PATH
(shell scripts that answer `buildx version` and `version` as a real client would)."""

from __future__ import annotations

import os
from pathlib import Path

from dockerlint_go.confirm.builders import OVERRIDE, find_buildkit


def _client(
    directory: Path,
    *,
    version: str,
    buildx: bool,
    server: str | None = None,
    inspect: str = "Name: default\nDriver: docker",
) -> Path:
    """A fake client: ``buildx version``/``buildx inspect`` work when ``buildx``; ``version``
    prints the client's version, or with ``--format {{.Server.Version}}`` the engine's
    (failing, as a real client does, when there is no engine)."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "docker"
    if buildx:
        buildx_answer = (
            "if [ \"$2\" = inspect ]; then printf '%s\\n' "
            + " ".join(f"'{line}'" for line in inspect.splitlines())
            + "; exit 0; fi; echo 'github.com/docker/buildx v0.13.1'; exit 0"
        )
    else:
        buildx_answer = "exit 1"
    server_answer = f"echo {server}; exit 0" if server else 'echo "no engine" >&2; exit 1'
    path.write_text(
        "#!/bin/sh\n"
        f'if [ "$1" = buildx ]; then {buildx_answer}; fi\n'
        f'if [ "$1" = version ] && [ "$3" = "{{{{.Server.Version}}}}" ]; then {server_answer}; fi\n'
        f'if [ "$1" = version ]; then echo {version}; echo "no engine" >&2; exit 1; fi\n'
        "exit 2\n"
    )
    path.chmod(0o755)
    return path


def _env(*directories: Path) -> dict[str, str]:
    return {"PATH": os.pathsep.join(str(d) for d in directories), "HOME": "/nonexistent"}


def test_docker_on_path_with_buildx_builds_with_buildx_load(tmp_path: Path) -> None:
    client = _client(tmp_path / "bin", version="28.2.2", buildx=True)
    builder = find_buildkit(_env(tmp_path / "bin"))
    assert builder is not None
    assert builder.name == "buildx"
    assert builder.command == (str(client), "buildx", "build", "--load")
    assert builder.environment == {}


def test_an_old_client_on_path_drives_the_engines_buildkit(tmp_path: Path) -> None:
    client = _client(tmp_path / "bin", version="20.10.24+dfsg1", buildx=False)
    builder = find_buildkit(_env(tmp_path / "bin"))
    assert builder is not None
    assert builder.name == "buildkit"
    assert builder.command == (str(client), "build")
    assert builder.environment == {"DOCKER_BUILDKIT": "1"}
    assert "Docker 20 client" in builder.how


def test_a_new_client_without_buildx_is_not_used_with_docker_buildkit(tmp_path: Path) -> None:
    _client(tmp_path / "new", version="28.2.2", buildx=False)
    env = _env(tmp_path / "new")
    builder = find_buildkit(env)
    # Only the usual install directories remain; on this machine they may hold an old client,
    # but never the new one from PATH.
    assert builder is None or builder.command[0] != str(tmp_path / "new" / "docker")


def test_the_override_wins_and_a_missing_override_means_none(tmp_path: Path) -> None:
    client = _client(tmp_path / "old", version="20.10.5", buildx=False)
    _client(tmp_path / "bin", version="28.2.2", buildx=True)
    env = {**_env(tmp_path / "bin"), OVERRIDE: str(client)}
    builder = find_buildkit(env)
    assert builder is not None
    assert (builder.name, builder.command) == ("buildkit", (str(client), "build"))
    assert find_buildkit({**env, OVERRIDE: str(tmp_path / "missing")}) is None


def test_a_client_that_is_not_executable_is_skipped(tmp_path: Path) -> None:
    directory = tmp_path / "bin"
    directory.mkdir()
    (directory / "docker").write_text("not a program")  # not executable: which() skips it
    builder = find_buildkit(_env(directory))
    assert builder is None or builder.command[0] != str(directory / "docker")


def test_buildx_says_which_buildkit_its_current_builder_runs(tmp_path: Path) -> None:
    inspect = "Name: default\nDriver: docker\nNodes:\nBuildKit version: v0.13.2\n"
    _client(tmp_path / "bin", version="28.2.2", buildx=True, inspect=inspect)
    builder = find_buildkit(_env(tmp_path / "bin"))
    assert builder is not None
    assert builder.buildkit == (13, "v0.13.2 (buildx's current builder)")


def test_older_buildx_spells_it_buildkit_and_a_stopped_builder_says_nothing(
    tmp_path: Path,
) -> None:
    _client(tmp_path / "a", version="24.0.7", buildx=True, inspect="Buildkit:  v0.11.6")
    found = find_buildkit(_env(tmp_path / "a"))
    assert found is not None
    assert found.buildkit is not None
    assert found.buildkit[0] == 11
    _client(tmp_path / "b", version="28.2.2", buildx=True, inspect="Status: inactive")
    stopped = find_buildkit(_env(tmp_path / "b"))
    assert stopped is not None
    assert stopped.buildkit is None


def test_an_old_client_reads_buildkit_from_the_engines_version(tmp_path: Path) -> None:
    client = _client(tmp_path / "old", version="20.10.24", buildx=False, server="20.10.24+dfsg1")
    builder = find_buildkit({**_env(tmp_path / "old"), OVERRIDE: str(client)})
    assert builder is not None
    assert builder.buildkit == (8, "v0.8 (the Docker 20.10 engine)")
