"""Progress of ``--confirm``: a live display on a terminal, plain lines otherwise.

The engine reports through the :class:`Progress` protocol; it never prints itself. ``rich``
is imported only when a live display is made.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Protocol, TextIO

if TYPE_CHECKING:
    from rich.live import Live

__all__ = ["LiveProgress", "PlainProgress", "Progress", "make_progress"]


class Progress(Protocol):
    """What the engine tells while it works. ``key`` identifies one build or probe; calls may
    come from several threads."""

    def started(self, key: str, label: str) -> None: ...

    def step(self, key: str, text: str) -> None: ...

    def finished(self, key: str, outcome: str) -> None: ...

    def close(self) -> None: ...


class PlainProgress:
    """One line per event on a stream (stderr by default): for logs and pipes."""

    def __init__(self, stream: TextIO, *, steps: bool = False) -> None:
        self._stream = stream
        self._steps = steps
        self._labels: dict[str, str] = {}
        self._lock = threading.Lock()

    def _write(self, text: str) -> None:
        with self._lock:
            self._stream.write(text + "\n")
            self._stream.flush()

    def started(self, key: str, label: str) -> None:
        self._labels[key] = label
        self._write(f"confirm: {label}: started")

    def step(self, key: str, text: str) -> None:
        if self._steps:
            self._write(f"confirm: {self._labels.get(key, key)}: {text}")

    def finished(self, key: str, outcome: str) -> None:
        self._write(f"confirm: {self._labels.get(key, key)}: {outcome}")

    def close(self) -> None:
        return None


class LiveProgress:
    """A rich live table: one row per build with its current step."""

    def __init__(self, stream: TextIO) -> None:
        from rich.console import Console
        from rich.live import Live

        self._rows: dict[str, tuple[str, str]] = {}
        self._lock = threading.Lock()
        self._live: Live = Live(console=Console(file=stream), refresh_per_second=8, transient=False)
        self._live.start()

    def _render(self) -> None:
        from rich.table import Table

        table = Table.grid(padding=(0, 2))
        for label, state in self._rows.values():
            table.add_row(label, state)
        self._live.update(table)

    def started(self, key: str, label: str) -> None:
        with self._lock:
            self._rows[key] = (label, "starting")
            self._render()

    def step(self, key: str, text: str) -> None:
        with self._lock:
            label, _ = self._rows.get(key, (key, ""))
            shown = text if len(text) <= 70 else text[:69] + "…"
            self._rows[key] = (label, f"[dim]{_escape(shown)}[/dim]")
            self._render()

    def finished(self, key: str, outcome: str) -> None:
        with self._lock:
            label, _ = self._rows.get(key, (key, ""))
            self._rows[key] = (label, _escape(outcome))
            self._render()

    def close(self) -> None:
        self._live.stop()


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def make_progress(stream: TextIO, *, live: bool | None = None) -> Progress:
    """A live display when ``stream`` is a terminal (or ``live`` says so), else plain lines."""
    if live is None:
        live = stream.isatty()
    return LiveProgress(stream) if live else PlainProgress(stream)
