"""The engine side of a confirm run: a :class:`Session` builds, probes and runs the images of
one Dockerfile and removes its containers and BuildKit cache records; :class:`Created` gathers
the tags and images of the whole run for one final sweep.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from dockerlint_go.confirm._docker import BuildTimeout, Engine, EngineUnavailable, RunResult
from dockerlint_go.confirm.buildlog import BuildLog

if TYPE_CHECKING:
    from dockerlint_go.confirm.builders import BuildkitBuilder
from dockerlint_go.confirm.progress import Progress

_TAG_REPO = "dockerlint-go-confirm"
_PROBE_TIMEOUT = 60.0
# How long the final image may run (Phase.RUN_FINAL): a program still running by then has
# started, which is all the run has to show.
RUN_TIMEOUT = 20.0
_BUILDKIT_LOCK = threading.Lock()  # BuildKit builds run one at a time (cache-record bookkeeping)


class Created:
    """The tags, images and BuildKit cache records the run created, removed in one final sweep
    once every build of the run is over: builds of one run share layers through the layer cache
    (the same leading steps, the same copied proxy), so removing one build's images while another
    is still running would pull layers from under it. Cache records go last: BuildKit keeps the
    records an image still uses."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.images: list[str] = []
        self.tags: list[str] = []
        self.cache_records: set[str] = set()

    def add_cache_records(self, ids: Iterable[str]) -> None:
        with self._lock:
            self.cache_records.update(ids)

    def add(self, ids: Sequence[str]) -> None:
        with self._lock:
            self.images.extend(ids)

    def add_tags(self, tags: Sequence[str]) -> None:
        with self._lock:
            self.tags.extend(tags)

    def sweep(self) -> None:
        with self._lock:
            tags = list(dict.fromkeys(self.tags))
            left = list(dict.fromkeys(reversed(self.images)))
            records = frozenset(self.cache_records)
            self.images.clear()
            self.tags.clear()
            self.cache_records.clear()
        if not left and not tags and not records:
            return
        try:
            engine = Engine.connect()
        except EngineUnavailable:
            return
        try:
            for tag in tags:
                engine.remove_image(tag)
            for _ in range(3):
                left = [image for image in left if not engine.remove_image(image)]
                left = [image for image in left if engine.image_exists(image)]
                if not left:
                    break
            if records:
                with _BUILDKIT_LOCK:
                    engine.prune_build_cache(records)
        finally:
            engine.close()


@dataclass(slots=True)
class Session:
    """The builds of one Dockerfile and what they created."""

    engine: Engine
    root: Path
    context: Path
    dockerfile: Path
    offline: bool
    timeout: float
    progress: Progress | None
    label: str
    created: Created
    buildkit: BuildkitBuilder | None = None  # the BuildKit builder, when the file needs one
    tags: list[str] = field(default_factory=list)
    containers: list[str] = field(default_factory=list)
    cache_records: set[str] = field(default_factory=set)
    probes: dict[tuple[str, str, str | None, str | None], str] = field(default_factory=dict)

    def build(
        self,
        name: str,
        *,
        nocache: bool,
        buildkit: BuildkitBuilder | None,
        dockerfile: Path | None = None,
        context: Path | None = None,
    ) -> BuildLog:
        """Build the session's Dockerfile (or ``dockerfile`` in ``context``: a probe build)."""
        dockerfile = dockerfile or self.dockerfile
        context = context or self.context
        tag = f"{_TAG_REPO}:{uuid.uuid4().hex[:12]}"
        self.tags.append(tag)
        key = f"{self.label}#{name}"
        if self.progress is not None:
            via = ", classic builder"
            if buildkit is not None:
                via = f", {buildkit.how}"
                if buildkit.buildkit is not None:
                    via += f", BuildKit {buildkit.buildkit[1]}"
            self.progress.started(key, f"{self.label} ({name}{via})")

        def on_step(text: str) -> None:
            if self.progress is not None:
                self.progress.step(key, text)

        started = time.monotonic()
        outcome = "failed"
        try:
            if buildkit is None:
                try:
                    log = self.engine.build_classic(
                        context,
                        dockerfile,
                        tag,
                        nocache=nocache,
                        offline=self.offline,
                        timeout=self.timeout,
                        on_step=on_step,
                    )
                except BuildTimeout as exc:
                    self._record(getattr(exc, "log", None))
                    outcome = "timed out"
                    raise
                self._record(log)
            else:
                with _BUILDKIT_LOCK:
                    before = self.engine.build_cache_ids()
                    try:
                        log = self.engine.build_buildkit(
                            buildkit,
                            context,
                            dockerfile,
                            tag,
                            self.root / f"{name}.iid",
                            nocache=nocache,
                            offline=self.offline,
                            timeout=self.timeout,
                            on_step=on_step,
                        )
                    except BuildTimeout:
                        outcome = "timed out"
                        raise
                    finally:
                        self.cache_records |= self.engine.build_cache_ids() - before
            outcome = "built" if log.succeeded else "build failed"
            return log
        finally:
            if self.progress is not None:
                self.progress.finished(key, f"{outcome} in {time.monotonic() - started:.1f} s")

    def _record(self, log: BuildLog | None) -> None:
        if log is not None:
            self.containers.extend(log.containers)
            self.created.add(log.created)

    def probe(self, image: str, script: str, user: str | None, workdir: str | None) -> str:
        key = (image, script, user, workdir)
        if key not in self.probes:
            result = self.engine.probe(
                image, script, user=user, workdir=workdir, timeout=_PROBE_TIMEOUT
            )
            self.probes[key] = result.output
        return self.probes[key]

    def run_final(self, image: str, environment: Mapping[str, str] | None = None) -> RunResult:
        """Run the built image (its ENTRYPOINT/CMD) without network, ``environment`` added."""
        return self.engine.run_image(
            image,
            timeout=RUN_TIMEOUT,
            on_create=self.containers.append,
            environment=environment,
        )

    def cleanup(self) -> None:
        """Remove the containers now; tags, images and cache records go in the final sweep."""
        self.created.add_tags(self.tags)
        self.created.add_cache_records(self.cache_records)
        for container in self.containers:
            self.engine.remove_container(container)
