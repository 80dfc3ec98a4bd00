"""Read a build's log: the classic builder's streamed dicts and BuildKit's ``--progress=plain``.

Pure functions and small accumulators, no Docker: unit-tested on recorded logs. Both parsers
produce a :class:`BuildLog`, the one shape the engine and the recipes read.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = ["BuildLog", "BuildStep", "Builder", "BuildkitLogParser", "ClassicLogParser", "clean"]

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_CLASSIC_STEP = re.compile(r"^Step (\d+)/(\d+) : (.*)$")
_CLASSIC_ID = re.compile(r"^ ---> ([0-9a-f]{12,64})$")
_CLASSIC_RUNNING = re.compile(r"^ ---> Running in ([0-9a-f]{12,64})$")
_CLASSIC_BUILT = re.compile(r"^Successfully built ([0-9a-f]{12,64})$")
_BK_LINE = re.compile(r"^#(\d+) (.*)$")
_BK_VERTEX = re.compile(r"^\[(?:(\S+) )?(\d+)/(\d+)\] (.*)$")
_BK_OUTPUT = re.compile(r"^\d+\.\d+ (.*)$")
_BK_IMAGE = re.compile(r"writing image (sha256:[0-9a-f]{64})")


class Builder(enum.Enum):
    CLASSIC = "classic"
    BUILDKIT = "buildkit"


@dataclass(frozen=True, slots=True)
class BuildStep:
    """One step as the builder reported it."""

    number: int  # classic: N of ``Step N/M``; BuildKit: the position among the steps shown
    text: str  # the instruction as the builder printed it
    cached: bool  # ``Using cache`` / ``CACHED``
    image_id: str | None  # classic: the image after the step (`` ---> <id>``)
    output: tuple[str, ...]  # what the step printed (stderr included, colours removed)
    failed: bool = False
    stage: str | None = None  # BuildKit: the stage label of ``[label i/n]``
    index_in_stage: int | None = None  # BuildKit: i of ``[label i/n]``

    @property
    def keyword(self) -> str:
        return self.text.split(" ", 1)[0].upper() if self.text else ""


@dataclass(frozen=True, slots=True)
class BuildLog:
    builder: Builder
    steps: tuple[BuildStep, ...]
    error: str | None  # the builder's final error, None when the build succeeded
    image_id: str | None  # the built image, when it succeeded
    lines: tuple[str, ...]  # the whole log, one line per entry
    created: tuple[str, ...] = ()  # classic: image IDs this build created (not cache hits)
    containers: tuple[str, ...] = ()  # classic: the intermediate containers it ran

    @property
    def succeeded(self) -> bool:
        return self.error is None

    @property
    def failed_step(self) -> BuildStep | None:
        for step in self.steps:
            if step.failed:
                return step
        return None


def clean(text: str) -> str:
    """Remove colour escapes (stderr comes wrapped in ``ESC[91m … ESC[0m``)."""
    return _ANSI.sub("", text)


@dataclass(slots=True)
class _OpenStep:
    number: int
    text: str
    cached: bool = False
    image_id: str | None = None
    output: list[str] = field(default_factory=list)
    failed: bool = False
    stage: str | None = None
    index_in_stage: int | None = None

    @property
    def keyword(self) -> str:
        return self.text.split(" ", 1)[0].upper() if self.text else ""

    def freeze(self) -> BuildStep:
        return BuildStep(
            self.number,
            self.text,
            self.cached,
            self.image_id,
            tuple(self.output),
            self.failed,
            self.stage,
            self.index_in_stage,
        )


class ClassicLogParser:
    """Accumulates the dicts streamed by ``APIClient.build(decode=True)``.

    ``feed`` returns the text of a step when one starts (for progress displays).
    """

    def __init__(self) -> None:
        self._buffer = ""
        self._steps: list[_OpenStep] = []
        self._lines: list[str] = []
        self._error: str | None = None
        self._image: str | None = None
        self._created: list[str] = []
        self._containers: list[str] = []

    def feed(self, chunk: Mapping[str, object]) -> str | None:
        started: str | None = None
        stream = chunk.get("stream")
        if isinstance(stream, str):
            self._buffer += clean(stream)
            *complete, self._buffer = self._buffer.split("\n")
            for line in complete:
                started = self._line(line) or started
        detail = chunk.get("errorDetail")
        error = chunk.get("error")
        if isinstance(detail, Mapping) and isinstance(detail.get("message"), str):
            self._fail(str(detail["message"]))
        elif isinstance(error, str):
            self._fail(error)
        return started

    def _fail(self, message: str) -> None:
        self._flush()
        self._error = clean(message).strip()
        self._lines.append(self._error)
        if self._steps:
            self._steps[-1].failed = True

    def _flush(self) -> None:
        if self._buffer:
            line, self._buffer = self._buffer, ""
            self._line(line)

    def _line(self, line: str) -> str | None:
        self._lines.append(line)
        step = _CLASSIC_STEP.match(line)
        if step:
            self._steps.append(_OpenStep(int(step.group(1)), step.group(3)))
            return step.group(3)
        if not self._steps:
            built = _CLASSIC_BUILT.match(line)
            if built:
                self._image = built.group(1)
            return None
        current = self._steps[-1]
        if line == " ---> Using cache":
            current.cached = True
            return None
        running = _CLASSIC_RUNNING.match(line)
        if running:
            self._containers.append(running.group(1))
            return None
        image = _CLASSIC_ID.match(line)
        if image:
            current.image_id = image.group(1)
            if not current.cached and current.keyword != "FROM":
                self._created.append(image.group(1))
            return None
        built = _CLASSIC_BUILT.match(line)
        if built:
            self._image = built.group(1)
            return None
        if line.startswith("Removing intermediate container ") or line.startswith(
            "Successfully tagged "
        ):
            return None
        if line.strip():
            current.output.append(line)
        return None

    def result(self) -> BuildLog:
        self._flush()
        image = self._image if self._error is None else None
        return BuildLog(
            Builder.CLASSIC,
            tuple(s.freeze() for s in self._steps),
            self._error,
            image,
            tuple(self._lines),
            tuple(self._created),
            tuple(self._containers),
        )


class BuildkitLogParser:
    """Accumulates the lines of ``docker build --progress=plain`` (BuildKit)."""

    def __init__(self) -> None:
        self._vertices: dict[int, _OpenStep] = {}
        self._order: list[int] = []
        self._lines: list[str] = []
        self._errors: list[str] = []
        self._image: str | None = None

    def feed(self, raw: str) -> str | None:
        line = clean(raw).rstrip("\n")
        self._lines.append(line)
        match = _BK_LINE.match(line)
        if not match:
            text = line.strip()
            if text.startswith(("error:", "failed to solve", "ERROR:")):
                self._errors.append(text)
            return None
        number, rest = int(match.group(1)), match.group(2)
        vertex = _BK_VERTEX.match(rest)
        if vertex and number not in self._vertices:
            step = _OpenStep(
                len(self._order) + 1,
                vertex.group(4),
                stage=vertex.group(1),
                index_in_stage=int(vertex.group(2)),
            )
            self._vertices[number] = step
            self._order.append(number)
            return step.text
        image = _BK_IMAGE.search(rest)
        if image:
            self._image = image.group(1)
        current = self._vertices.get(number)
        if current is None:
            if rest.startswith("ERROR"):
                self._errors.append(rest)
            return None
        if rest == "CACHED":
            current.cached = True
        elif rest.startswith("ERROR"):
            current.failed = True
            self._errors.append(rest)
        elif rest.startswith(("DONE", "sha256:")):
            pass
        else:
            output = _BK_OUTPUT.match(rest)
            if output:
                current.output.append(output.group(1))
        return None

    def result(self, returncode: int) -> BuildLog:
        error = None
        if returncode != 0:
            error = self._errors[-1] if self._errors else f"docker build exited with {returncode}"
        return BuildLog(
            Builder.BUILDKIT,
            tuple(self._vertices[n].freeze() for n in self._order),
            error,
            self._image if error is None else None,
            tuple(self._lines),
        )
