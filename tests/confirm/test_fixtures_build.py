"""Every confirm fixture, really built with the classic builder (the SDK's): the bad cases
fail with the Go error their rule predicts, the fixed cases build and run. Needs Docker."""

from __future__ import annotations

import contextlib
import re
import uuid
from dataclasses import dataclass

import docker.errors
import pytest

from tests.confirm._fixtures import CASES, Case
from tests.confirm.conftest import DockerEngine

pytestmark = pytest.mark.docker

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_LAYER = re.compile(r"^ ---> ([0-9a-f]{12,64})$", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Build:
    ok: bool
    log: str


def _build(engine: DockerEngine, case: Case) -> Build:
    tag = f"dockerlint-go-fixture-test:{uuid.uuid4().hex[:12]}"
    chunks: list[str] = []
    ok = True
    try:
        for item in engine.client.api.build(
            path=str(case.path),
            tag=tag,
            decode=True,
            rm=True,
            forcerm=True,
            nocache=True,
            network_mode="none",
            timeout=300,
        ):
            if "stream" in item:
                chunks.append(item["stream"])
            if "error" in item:
                ok = False
                chunks.append(item["error"] + "\n")
    finally:
        log = _ANSI.sub("", "".join(chunks))
        # Our tag, then the layers this build made (never the base image's).
        base = engine.client.images.get(engine.base_image).id.removeprefix("sha256:")
        for image in [tag, *reversed(_LAYER.findall(log))]:
            if not base.startswith(image):
                # Already gone with the tag, or used by another build meanwhile.
                with contextlib.suppress(docker.errors.APIError):
                    engine.client.api.remove_image(image)
    return Build(ok, log)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_fixture_builds_as_described(docker_engine: DockerEngine, case: Case) -> None:
    build = _build(docker_engine, case)
    assert build.ok == case.builds, build.log
    assert case.log_line in build.log, build.log
