"""Helpers shared by the benchmark scripts.

- the environment children run in (bytecode may be cached, as in a normal installation) and a
  one-off ``compileall`` of the package, so that no measurement pays for compiling it;
- where the executables are (``dockerlint-go`` beside the running Python, hadolint beside it
  or on PATH);
- ``run_process``: one timed process, optionally capped in time and address space, optionally
  sampling the resident memory of its whole process tree;
- ``Verdict`` and ``render_verdicts``: the rows of the targets table every script prints, and
  ``run_all.py`` gathers.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

REPO_ROOT = Path(__file__).resolve().parents[1]
OK_STATUSES = (0, 1)  # clean, findings
MB = 1_000_000  # sizes are reported in decimal megabytes
SAMPLE_INTERVAL = 0.01  # seconds between two memory samples


# -- environment and executables ------------------------------------------------------------


def user_env(pythonpath: str | None = None) -> dict[str, str]:
    """This environment without PYTHONDONTWRITEBYTECODE (pip byte-compiles on install, so an
    environment that forbids the cache would time the compiler, not the linter), with
    ``pythonpath`` put first on PYTHONPATH when given."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    if pythonpath:
        env["PYTHONPATH"] = os.pathsep.join(p for p in (pythonpath, env.get("PYTHONPATH")) if p)
    return env


def compile_package(package: Path) -> None:
    """Byte-compile ``package`` once, before anything is timed."""
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(package)],
        env=user_env(),
        stdout=subprocess.DEVNULL,
        check=False,
    )


def beside_python(name: str) -> Path:
    """The executable ``name`` in the directory of the running Python (the venv's bin)."""
    return Path(sys.executable).parent / name


def find_hadolint() -> str | None:
    beside = beside_python("hadolint")
    return str(beside) if beside.exists() else shutil.which("hadolint")


def load_average() -> str:
    """The load averages of the machine: other work running beside a benchmark skews it."""
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f}, {five:.2f}, {fifteen:.2f} (1, 5, 15 min; {os.cpu_count()} CPUs)"


def last_line(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "(no output)"


def tool_version(executable: str) -> str | None:
    """The last line ``executable --version`` prints, or None when it does not run."""
    try:
        done = subprocess.run(
            [executable, "--version"], capture_output=True, text=True, timeout=60, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return last_line(done.stdout) if done.returncode == 0 else None


# -- memory of a process tree ---------------------------------------------------------------


def _rss_bytes(pid: int) -> int:
    """VmRSS of ``pid`` (0 once it has exited, or for a zombie)."""
    try:
        with Path(f"/proc/{pid}/status").open(encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _children(pid: int) -> list[int]:
    """The children of every thread of ``pid``, from /proc/<pid>/task/*/children."""
    found: list[int] = []
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:
        return found
    for task in tasks:
        try:
            found += [int(child) for child in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue
    return found


def tree_rss_bytes(root: int) -> int:
    """The sum of VmRSS over ``root`` and all its descendants. Pages shared between processes
    (after a fork, or shared libraries) count once per process, so this is an upper bound."""
    total = 0
    pending = [root]
    seen: set[int] = set()
    while pending:
        pid = pending.pop()
        if pid in seen:
            continue
        seen.add(pid)
        total += _rss_bytes(pid)
        pending += _children(pid)
    return total


class TreeMemorySampler:
    """Samples ``tree_rss_bytes(pid)`` every SAMPLE_INTERVAL seconds in a thread; ``peak`` is
    the largest sum seen."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak = 0
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss_bytes(self.pid))
            self.samples += 1
            self._stop.wait(SAMPLE_INTERVAL)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def children_maxrss_bytes() -> int:
    """``getrusage(RUSAGE_CHILDREN).ru_maxrss``: the largest resident set of any single child
    (or descendant it waited for) this process has waited for so far; not a sum."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024


# -- one process ----------------------------------------------------------------------------


class RunError(Exception):
    """A process exited with an unexpected status, ran out of time or of memory."""


@dataclass(frozen=True, slots=True)
class Run:
    seconds: float
    status: int
    peak_rss: int | None  # bytes, summed over the process tree; None when not sampled


def _address_space_cap(gib: float) -> Callable[[], None]:
    def apply() -> None:
        limit = int(gib * (1 << 30))
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    return apply


def run_process(
    argv: Sequence[str],
    *,
    env: dict[str, str],
    cwd: Path | None = None,
    stdout: IO[bytes] | int = subprocess.DEVNULL,
    timeout: float | None = None,
    memory_gib: float | None = None,
    sample_memory: bool = False,
) -> Run:
    """Run ``argv`` to the end and time it (wall clock, start-up included). Raises RunError when
    it exits with a status other than 0 or 1, prints a Python traceback, takes longer than
    ``timeout`` seconds, or needs more than ``memory_gib`` GiB of address space."""
    if sample_memory and memory_gib is not None:
        raise ValueError("a capped process is not sampled (preexec_fn and threads do not mix)")
    start = time.perf_counter()
    # preexec_fn is safe here: no sampler thread runs while a cap is set (checked above).
    process = subprocess.Popen(
        argv,
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=stdout,
        stderr=subprocess.PIPE,
        preexec_fn=None if memory_gib is None else _address_space_cap(memory_gib),  # noqa: PLW1509
    )
    sampler = TreeMemorySampler(process.pid) if sample_memory else None
    if sampler is not None:
        sampler.start()
    try:
        _, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise RunError(f"not done after {timeout:g} s") from None
    finally:
        peak = sampler.stop() if sampler is not None else None
    elapsed = time.perf_counter() - start
    errors = stderr.decode("utf-8", "replace")
    if "Traceback (most recent call last)" in errors:  # Python exits 1 on a crash too
        raise RunError(f"crashed (exit {process.returncode}): {last_line(errors)[:120]}")
    if process.returncode not in OK_STATUSES:
        last = last_line(errors)
        if memory_gib is not None and ("out of memory" in last or "heap overflow" in last):
            raise RunError(f"out of memory (capped at {memory_gib:g} GiB)")
        raise RunError(f"exited {process.returncode}: {last[:120]}")
    return Run(seconds=elapsed, status=process.returncode, peak_rss=peak)


# -- the targets table ----------------------------------------------------------------------

MET, MISSED, SKIPPED, NOT_COMPARED = "met", "MISSED", "skipped", "not compared"


@dataclass(frozen=True, slots=True)
class Verdict:
    """One row of a targets table."""

    key: str  # the number of the target: "1a", "2b", "4"...
    target: str  # the target, in the words
    measured: str  # the figures
    versus_hadolint: str  # the ratio against hadolint, or why there is none
    status: str  # MET, MISSED, SKIPPED or NOT_COMPARED
    note: str = ""  # why a target was skipped or not compared

    @classmethod
    def judged(cls, key: str, target: str, measured: str, versus: str, ok: bool) -> Verdict:
        return cls(key, target, measured, versus, MET if ok else MISSED)


def render_verdicts(verdicts: Sequence[Verdict], title: str = "Targets") -> str:
    """A plain-text table, one row per target, columns as wide as their longest cell, and the
    reasons for skipped targets below it."""
    header = ("#", "target", "measured", "vs hadolint", "status")
    rows = [header] + [(v.key, v.target, v.measured, v.versus_hadolint, v.status) for v in verdicts]
    widths = [max(len(row[col]) for row in rows) for col in range(len(header))]
    lines = [title]
    for index, row in enumerate(rows):
        cells = (cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        lines.append("  " + " | ".join(cells).rstrip())
        if index == 0:
            lines.append("  " + "-+-".join("-" * width for width in widths))
    met = sum(v.status == MET for v in verdicts)
    missed = sum(v.status == MISSED for v in verdicts)
    lines.append(f"  {met} met, {missed} missed, {len(verdicts) - met - missed} not judged")
    notes: dict[str, list[str]] = {}
    for verdict in verdicts:
        if verdict.note:
            notes.setdefault(verdict.note, []).append(verdict.key)
    lines += [f"  note on {', '.join(keys)}: {note}" for note, keys in notes.items()]
    return "\n".join(lines)
