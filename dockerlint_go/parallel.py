"""Lint many files in worker processes (``--jobs``), with exactly the result of one process.

How a run is split:

* The targets are cut into contiguous chunks, about :data:`CHUNKS_PER_WORKER` per worker, so
  that there are few, large messages and a slow chunk still leaves the others work to share.
  The parent hands a chunk to each idle worker over that worker's pipe; the worker lints it
  with the same :class:`~dockerlint_go.api.TargetLinter` the serial path uses and sends the
  chunk's ``FileResult`` records back, pickled, in one message. The parent puts each chunk at
  its place, so the files come out in selection order whichever worker finishes first, and the
  reporters then run in the parent exactly as for a serial run.
* Standard input has already been read by the parent: a ``-`` target is linted there, before
  the workers start. Without one, the parent lints the first file itself, which warms it up:
  the parser and the rules load some modules and native grammars on first use, and forked
  workers inherit them instead of each loading them again.
* Start method: ``fork`` wherever there is one but on macOS (on Linux, a worker starts in a
  few milliseconds, with every module already imported and the linter inherited as it is);
  ``spawn`` on macOS (whose system libraries are not safe to use after a fork) and
  Windows, where the linter is pickled: rules by reference, the configuration as records.
  There, as ``multiprocessing`` requires, a program that calls the API with ``jobs`` above 1
  must keep its own start-up code under ``if __name__ == "__main__":`` (the ``dockerlint-go``
  command and ``python -m dockerlint_go`` do).
* ``multiprocessing`` is imported only when workers are started: a plain run never pays for it.

When things go wrong:

* A bug hit while linting a file is that file's DG000 finding, as in a serial run (the worker
  catches it per file).
* A worker process that dies (killed, out of memory, a crash in native code) costs only the
  chunk it was working on: each file of that chunk gets a DG000 internal-error finding saying
  the worker stopped (``FileResult.crash`` is set, so the command names each file and exits
  2), and a new worker takes over the chunks still waiting. The lost files are not relinted in
  the parent: whatever killed the worker (a file that makes native code crash, memory use)
  could take the parent, and every report with it, down too. Rerun them with ``--jobs 1``.
* No worker can be started at all (``fork`` refused): the chunks are linted in the parent.
* Ctrl-C: workers ignore SIGINT, the parent's ``KeyboardInterrupt`` terminates them (SIGTERM,
  then SIGKILL when one does not go) and propagates; the command exits 130.
"""

from __future__ import annotations

import os
import sys

from dockerlint_go import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence
    from multiprocessing.connection import Connection
    from multiprocessing.context import ForkContext, SpawnContext
    from multiprocessing.process import BaseProcess

    from dockerlint_go.api import Target, TargetLinter
    from dockerlint_go.findings import FileResult

__all__ = [
    "CHUNKS_PER_WORKER",
    "MIN_FILES_FOR_WORKERS",
    "WorkerError",
    "available_cpus",
    "default_jobs",
    "lint_in_parallel",
    "split",
]

MIN_FILES_FOR_WORKERS = 48
"""Below this many files, the default (no ``--jobs``) is one process: workers cost more than
they save.

Measured on the development machine (2 CPUs, Linux, Python 3.11, bytecode cached, nothing else
running), files from ``benchmarks/generate.py``: wall time of the whole command with ``-f json``,
the fastest of 25 runs each, ``--jobs 1`` against ``--jobs 2``:

=====  ========  ========
files  --jobs 1  --jobs 2
=====  ========  ========
    8   51.0 ms   68.3 ms
   24   68.7 ms   81.0 ms
   32   77.8 ms   83.7 ms
   40   87.0 ms   90.8 ms
   48   93.7 ms   90.7 ms
   56  102.4 ms   94.7 ms
   64  111.0 ms  101.4 ms
   80  126.7 ms  108.9 ms
  128  181.6 ms  137.1 ms
=====  ========  ========

A parallel run costs about 20 ms more up front, most of it importing ``multiprocessing``
(14 ms) and the rest forking and feeding the workers; each file then costs about half of its
1 ms lint. Workers break even between 40 and 48 files. With more CPUs they would pay a little
sooner, but a run of fewer files is over in about a tenth of a second anyway.
"""

CHUNKS_PER_WORKER = 4
"""How many chunks each worker gets on average: enough that a worker that drew slow files
does not leave the others idle for long, few enough that messages stay large and rare."""

# How long a worker told to stop (or terminated) may take before it is killed, in seconds.
_GRACE = 2.0


class WorkerError(Exception):
    """A worker process could not return the results of a chunk (it died, or a result would
    not pickle): each file of the chunk gets a DG000 finding naming this."""


def available_cpus() -> int:
    """The CPUs this process may run on (its affinity mask where the system has one, else the
    CPU count), at least 1."""
    affinity = getattr(os, "sched_getaffinity", None)
    if affinity is not None:
        try:
            return max(1, len(affinity(0)))
        except OSError:
            pass
    return max(1, os.cpu_count() or 1)


def default_jobs(files: int, cpus: int | None = None) -> int:
    """The number of processes to lint ``files`` files with when ``--jobs`` is not given: every
    available CPU (``cpus``, default :func:`available_cpus`) from
    :data:`MIN_FILES_FOR_WORKERS` files on, else one."""
    if files < MIN_FILES_FOR_WORKERS:
        return 1
    return available_cpus() if cpus is None else max(1, cpus)


def split(count: int, parts: int) -> list[tuple[int, int]]:
    """``range(count)`` cut into at most ``parts`` contiguous, non-empty ``(start, stop)``
    slices whose sizes differ by one at most, in order."""
    parts = max(1, min(parts, count))
    return [(count * i // parts, count * (i + 1) // parts) for i in range(parts)] if count else []


def lint_in_parallel(
    linter: TargetLinter, targets: Sequence[Target], *, stdin: bytes | None, jobs: int
) -> tuple[FileResult, ...]:
    """Lint ``targets`` with up to ``jobs`` worker processes; the results come back in the
    order of ``targets``, as :meth:`TargetLinter.lint` would give them one by one.

    A ``-`` target (no location) is linted in this process with ``stdin``, before the workers
    start; without one, so is the first file. The first lint of a process imports and sets up
    what the parser and the rules load lazily (about 10 ms): done here, forked workers inherit
    it instead of each paying for it again.
    """
    results: list[FileResult | None] = [None] * len(targets)
    here = [i for i, t in enumerate(targets) if t.location is None and t.error is None]
    if not here:
        here = [next((i for i, t in enumerate(targets) if t.error is None), 0)]
    for index in here:
        results[index] = linter.lint(targets[index], stdin)
    away = [i for i in range(len(targets)) if results[i] is None]
    chunks = [tuple(away[start:stop]) for start, stop in split(len(away), jobs * CHUNKS_PER_WORKER)]
    if chunks:
        pool = _Pool(linter, [tuple(targets[i] for i in chunk) for chunk in chunks])
        try:
            pool.start(min(jobs, len(chunks)))
            for chunk, files in zip(chunks, pool.collect(), strict=True):
                for index, file in zip(chunk, files, strict=True):
                    results[index] = file
        finally:
            pool.close()
    linted = tuple(file for file in results if file is not None)
    if len(linted) != len(targets):  # cannot happen: every chunk is accounted for
        raise WorkerError("the results of some files went missing")
    return linted


class _Worker:
    """One worker process, the parent's end of its pipe, and the chunk it is linting."""

    __slots__ = ("chunk", "connection", "process", "stopping")

    def __init__(self, process: BaseProcess, connection: Connection) -> None:
        self.process = process
        self.connection = connection
        self.chunk: int | None = None
        self.stopping = False  # told to stop: it exits on its own


class _Pool:
    """Worker processes that lint numbered chunks of targets, handed out one at a time."""

    def __init__(self, linter: TargetLinter, chunks: list[tuple[Target, ...]]) -> None:
        self._linter = linter
        self._chunks = chunks
        self._waiting = list(range(len(chunks) - 1, -1, -1))  # popped from the end: in order
        self._done: list[tuple[FileResult, ...] | None] = [None] * len(chunks)
        self._busy: list[_Worker] = []
        self._started: list[_Worker] = []
        self._context: ForkContext | SpawnContext | None = None

    def start(self, workers: int) -> None:
        """Start up to ``workers`` processes, each with its first chunk."""
        self._context = _multiprocessing_context()
        for _ in range(workers):
            if not self._waiting or not self._hire():
                break

    def collect(self) -> list[tuple[FileResult, ...]]:
        """Wait for every chunk and return their results, in chunk order."""
        from multiprocessing.connection import wait

        while self._busy:
            handles: list[Connection | int] = []
            for worker in self._busy:
                handles += (worker.connection, worker.process.sentinel)
            ready = set(wait(handles))
            for worker in [w for w in self._busy if {w.connection, w.process.sentinel} & ready]:
                self._receive(worker)
        # Left over only when no worker could be started (at first, or to replace a dead one).
        while self._waiting:
            number = self._waiting.pop()
            self._done[number] = tuple(self._linter.lint(t) for t in self._chunks[number])
        done = [files for files in self._done if files is not None]
        if len(done) != len(self._done):  # cannot happen: every chunk is done or written off
            raise WorkerError("a chunk of files was neither linted nor written off")
        return done

    def close(self) -> None:
        """Stop every worker: those told to stop exit on their own; any other (an interrupted or
        failed run) is terminated, then killed if it lingers."""
        for worker in self._started:
            if not worker.stopping and worker.process.is_alive():
                worker.process.terminate()
        self._busy.clear()
        for worker in self._started:
            worker.process.join(_GRACE)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.connection.close()
        self._started.clear()

    def _hire(self) -> bool:
        """Start one worker and give it the next chunk; False when it cannot be started."""
        import signal

        assert self._context is not None
        mine, theirs = self._context.Pipe()
        process = self._context.Process(
            target=_work, args=(theirs, self._linter), name="dockerlint-go worker", daemon=True
        )
        # SIGINT is blocked while the worker starts, so that it cannot arrive before the worker
        # ignores it; a Ctrl-C pressed meanwhile reaches this process once it is unblocked.
        blocking = hasattr(signal, "pthread_sigmask")
        if blocking:
            previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            process.start()
            worker = _Worker(process, mine)
            self._started.append(worker)  # before a Ctrl-C can strike: close() stops it
        except OSError:
            mine.close()
            return False
        finally:
            theirs.close()
            if blocking:
                signal.pthread_sigmask(signal.SIG_SETMASK, previous)
        self._give(worker)
        return True

    def _give(self, worker: _Worker) -> None:
        """Send ``worker`` the next chunk, or tell it to stop when none is left."""
        import contextlib

        if not self._waiting:
            worker.chunk = None
            worker.stopping = True
            if worker in self._busy:
                self._busy.remove(worker)
            with contextlib.suppress(OSError):  # it is gone already; close() reaps it
                worker.connection.send(None)
            return
        number = self._waiting.pop()
        worker.chunk = number
        if worker not in self._busy:
            self._busy.append(worker)
        # When it died, its pipe and sentinel are ready, and _receive writes the chunk off.
        with contextlib.suppress(OSError):
            worker.connection.send((number, self._chunks[number]))

    def _receive(self, worker: _Worker) -> None:
        """Take ``worker``'s reply, or notice that it died and write its chunk off."""
        number = worker.chunk
        assert number is not None
        reply: tuple[int, tuple[FileResult, ...] | None, str] | None = None
        try:
            if worker.connection.poll():
                reply = worker.connection.recv()
        except (EOFError, OSError):
            reply = None
        if reply is not None:
            got, files, problem = reply
            if got != number:  # cannot happen: one chunk at a time per worker
                raise WorkerError(f"worker sent chunk {got} while linting chunk {number}")
            self._done[number] = files if files is not None else self._lost(number, problem)
            self._give(worker)
            return
        worker.process.join(_GRACE)
        self._done[number] = self._lost(number, _why_stopped(worker.process.exitcode))
        if worker.process.is_alive():  # its pipe broke, yet it lingers
            worker.process.kill()
        self._busy.remove(worker)
        worker.chunk = None
        if self._waiting:
            self._hire()  # a fresh worker for the chunks still waiting

    def _lost(self, number: int, why: str) -> tuple[FileResult, ...]:
        error = WorkerError(why)
        return tuple(self._linter.crashed(target, error) for target in self._chunks[number])


def _why_stopped(exitcode: int | None) -> str:
    """The sentence for a worker that stopped before returning its chunk."""
    if exitcode is not None and exitcode < 0:
        import signal

        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        how = f"was killed by {name}"
    elif exitcode is None:
        how = "stopped answering"
    else:
        how = f"exited with status {exitcode}"
    return f"the worker process this file was sent to {how} before returning it"


def _multiprocessing_context() -> ForkContext | SpawnContext:
    """``fork`` where it is safe and cheap (Linux and the like), ``spawn`` elsewhere."""
    import multiprocessing

    if sys.platform != "darwin" and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _work(connection: Connection, linter: TargetLinter) -> None:
    """A worker's life: lint each chunk received and send its results back, until told to stop
    (``None``) or the parent goes away."""
    import pickle
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what Ctrl-C stops
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    while True:
        try:
            task: tuple[int, tuple[Target, ...]] | None = connection.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        number, chunk = task
        try:
            files = tuple(linter.lint(target) for target in chunk)
            reply = pickle.dumps((number, files, ""), pickle.HIGHEST_PROTOCOL)
        except Exception as exc:  # a result that does not pickle, say: the chunk is lost
            detail = str(exc).strip().splitlines()
            what = type(exc).__name__ + (f": {detail[0]}" if detail else "")
            problem = f"the worker process linting this file could not return it: {what}"
            reply = pickle.dumps((number, None, problem), pickle.HIGHEST_PROTOCOL)
        try:
            connection.send_bytes(reply)
        except OSError:
            return
