"""The Docker engine policy for the confirm tests.

Tests that build images take the ``docker_engine`` fixture, or carry the ``docker`` marker,
which requests it for them. Where no engine answers, the Docker SDK is missing or the base image
the fixtures build ``FROM`` is not there, they skip with the reason; in CI (``CI`` set, e.g.
``CI=true``) they fail instead, because a confirm suite that skips proves nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, NoReturn

import pytest

from tests.integrations._support import in_ci

if TYPE_CHECKING:
    import docker

# The tags scripts/build-go-base-image.sh gives the image; fixtures/confirm uses them in FROM.
BASE_IMAGES = ("golang:1.19", "golang:1.19-bookworm")
BUILD_HINT = "build it with: sudo scripts/build-go-base-image.sh"


@dataclass(frozen=True, slots=True)
class DockerEngine:
    client: docker.DockerClient
    base_image: str  # the FROM of the fixtures


def _unavailable(reason: str) -> NoReturn:
    if in_ci():
        pytest.fail(f"{reason} (CI is set: a skipped Docker test is a failure)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def docker_engine() -> Iterator[DockerEngine]:
    """A reachable engine with the base image present, or skip (fail in CI)."""
    try:
        import docker
        import docker.errors
    except ImportError:
        _unavailable("the Docker SDK for Python (docker) is not installed")
    try:
        client = docker.from_env(timeout=30)
        client.ping()
    except docker.errors.DockerException as exc:
        _unavailable(f"no Docker engine reachable: {exc}")
    try:
        for tag in BASE_IMAGES:
            try:
                client.images.get(tag)
            except docker.errors.ImageNotFound:
                _unavailable(f"the base image {tag} is not on the engine; {BUILD_HINT}")
        yield DockerEngine(client=client, base_image=BASE_IMAGES[0])
    finally:
        client.close()


@pytest.fixture(autouse=True)
def _docker_marker(request: pytest.FixtureRequest) -> None:
    """``@pytest.mark.docker`` tests get the engine check without naming the fixture."""
    if request.node.get_closest_marker("docker") is not None:
        request.getfixturevalue("docker_engine")
