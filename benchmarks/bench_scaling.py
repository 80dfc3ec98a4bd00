"""How lint time grows with the size of one Dockerfile: linear, or worse?

Four shapes of file, each at 1x, 2x and 4x a base size (see ``--scales``):

``steps``
    N ``RUN mkdir -p /x/iK && chown -R app /x/iK`` steps, then N ``RUN cd /x/iK && go build
    ./...`` steps (N = 1,000, 2,000, 4,000): thousands of ownership facts, each go step looking
    some up.
``lines``
    Realistic multi-stage Dockerfiles from generate.py, stage names made unique, concatenated
    into one file of 5,000, 10,000 and 20,000 lines.
``line-argv``
    A single RUN line of 1.25, 2.5 and 5 MB: one ``apk add`` with that many package names.
``line-chain``
    A single RUN line of the same sizes: ``mkdir``, ``chown``, ``cd`` and ``go build``
    commands chained with ``&&`` (tens of thousands of commands in one RUN).

For each file three times are printed: dockerlint-go's API (``lint_text`` in this process,
the median of ``--runs`` runs, without start-up), the whole ``dockerlint-go`` process (start-up,
reading the file and writing the report included), and hadolint's whole process on the same file.
After each time comes its growth over the previous size (``x2.0`` for a doubled time: linear
when the size doubles) and, per shape, the exponent of the growth from the smallest to the
largest size (1.0 linear, 2.0 quadratic).

hadolint is much slower on big files, and on a long ``&&`` chain it needs gigabytes of memory:
each hadolint run is capped (``--hadolint-timeout`` seconds, ``--hadolint-memory`` GiB of
address space), a capped run is reported as such, and the larger sizes of that shape are not
tried with hadolint. ``--no-hadolint`` skips it altogether.

The CLI is run as ``python -m dockerlint_go`` with the interpreter running this script, on the
``dockerlint_go`` this script imports (set ``PYTHONPATH`` to time another checkout).

Usage: python benchmarks/bench_scaling.py [--cases steps,lines] [--scales 1,2,4] [--runs 3]
       [--no-hadolint] [--json]
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate_file

import dockerlint_go
from dockerlint_go.api import lint_text

OK_STATUSES = (0, 1)  # clean, findings
BUDGET_SECONDS = 10.0  # stop repeating a measurement once its runs took this long


@dataclass(frozen=True, slots=True)
class Case:
    name: str
    title: str
    unit: str  # how sizes are counted
    base: float  # the 1x size
    make: Callable[[float], str]  # size -> Dockerfile text

    def label(self, size: float) -> str:
        return f"{size:g} {self.unit}" if self.unit == "MB" else f"{int(size):,} {self.unit}"


def steps_file(n: float) -> str:
    count = int(n)
    lines = ["FROM golang:1.22", "RUN adduser -D app"]
    lines += [f"RUN mkdir -p /x/i{k} && chown -R app /x/i{k}" for k in range(count)]
    lines += [f"RUN cd /x/i{k} && go build ./..." for k in range(count)]
    return "\n".join(lines) + "\n"


_STAGE_NAME = re.compile(r"(?im)^FROM\s.*\sAS\s+(\S+)\s*$")


def lines_file(n: float) -> str:
    """Generated Dockerfiles one after the other, cut at ``n`` lines; each file's stage names
    get its number so that every stage stays distinct."""
    wanted = int(n)
    out: list[str] = []
    index = 0
    while len(out) < wanted:
        text = generate_file(index).text
        names = _STAGE_NAME.findall(text)
        for line in text.splitlines():
            if line.startswith("# syntax="):
                continue
            renamed = line
            for name in names:
                renamed = re.sub(
                    rf"(?i)(\bAS\s+|^FROM\s+|--from=){re.escape(name)}\b",
                    rf"\g<1>{name}-{index}",
                    renamed,
                )
            out.append(renamed)
        out.append("")
        index += 1
    return "\n".join(out[:wanted]) + "\n"


def _long_run(megabytes: float, words: Callable[[int], str], separator: str, head: str) -> str:
    size = int(megabytes * 1_000_000)
    parts: list[str] = []
    length = len(head)
    index = 0
    while length < size:
        part = words(index)
        parts.append(part)
        length += len(part) + len(separator)
        index += 1
    return "FROM golang:1.22-alpine\nRUN " + head + separator.join(parts) + "\n"


def argv_line(megabytes: float) -> str:
    return _long_run(megabytes, lambda k: f"pkg-{k}", " ", "apk add --no-cache ")


def chain_line(megabytes: float) -> str:
    def command(k: int) -> str:
        i = k // 4
        return (f"mkdir -p /x/i{i}", f"chown -R app /x/i{i}", f"cd /x/i{i}", "go build ./...")[
            k % 4
        ]

    return _long_run(megabytes, command, " && ", "adduser -D app && ")


CASES = {
    case.name: case
    for case in (
        Case("steps", "N mkdir/chown steps, then N go steps", "steps", 1000, steps_file),
        Case("lines", "generated Dockerfiles concatenated", "lines", 5000, lines_file),
        Case("line-argv", "one RUN line: apk add with many packages", "MB", 1.25, argv_line),
        Case("line-chain", "one RUN line: mkdir/chown/cd/go build && ...", "MB", 1.25, chain_line),
    )
}


@dataclass(slots=True)
class Timing:
    ms: float | None = None  # the median; None when not measured
    runs: int = 0
    note: str = ""  # why there is no time


@dataclass(slots=True)
class Row:
    size: float
    label: str
    lines: int
    bytes: int
    api: Timing = field(default_factory=Timing)
    cli: Timing = field(default_factory=Timing)
    hadolint: Timing = field(default_factory=Timing)


@dataclass(slots=True)
class Result:
    case: str
    title: str
    rows: list[Row] = field(default_factory=list)


class RunError(Exception):
    """A process exited with an unexpected status, ran out of time or of memory."""


def _repeat(run: Callable[[], float], runs: int) -> Timing:
    samples: list[float] = []
    while len(samples) < runs:
        samples.append(run())
        if sum(samples) >= BUDGET_SECONDS:
            break
    return Timing(ms=statistics.median(samples) * 1000, runs=len(samples))


def time_api(text: str, runs: int) -> Timing:
    def once() -> float:
        gc.collect()  # the garbage of the previous run is not this run's cost
        start = time.perf_counter()
        lint_text(text, "Dockerfile")
        return time.perf_counter() - start

    return _repeat(once, runs)


def _memory_cap(gib: float) -> Callable[[], None]:
    def apply() -> None:
        limit = int(gib * (1 << 30))
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    return apply


def time_process(
    argv: Sequence[str],
    env: dict[str, str],
    *,
    timeout: float | None = None,
    memory_gib: float | None = None,
) -> float:
    """Seconds taken by one process; raises RunError when it does not finish normally."""
    start = time.perf_counter()
    try:
        done = subprocess.run(
            argv,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            timeout=timeout,
            preexec_fn=None if memory_gib is None else _memory_cap(memory_gib),
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise RunError(f"not done after {timeout:g} s") from None
    elapsed = time.perf_counter() - start
    if done.returncode not in OK_STATUSES:
        text = done.stderr.decode("utf-8", "replace").strip().splitlines()
        last = text[-1] if text else "(no output)"
        if "out of memory" in last or "heap overflow" in last:
            raise RunError(f"out of memory (capped at {memory_gib:g} GiB)")
        raise RunError(f"exited {done.returncode}: {last[:100]}")
    return elapsed


def _child_env() -> dict[str, str]:
    """This interpreter's view of dockerlint_go for the child, and the environment of a normal
    installation (bytecode may be cached)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    source = str(Path(dockerlint_go.__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (source, env.get("PYTHONPATH")) if p)
    return env


def find_hadolint() -> str | None:
    beside = Path(sys.executable).parent / "hadolint"
    return str(beside) if beside.exists() else shutil.which("hadolint")


def _tool_version(argv: Sequence[str]) -> str:
    try:
        done = subprocess.run([*argv, "--version"], capture_output=True, text=True, check=False)
    except OSError as error:
        return f"cannot be started: {error}"
    lines = done.stdout.strip().splitlines()
    return lines[-1] if lines else "(unknown version)"


def measure_case(
    case: Case,
    scales: Sequence[float],
    root: Path,
    *,
    runs: int,
    hadolint: str | None,
    hadolint_runs: int,
    timeout: float,
    memory_gib: float,
) -> Result:
    result = Result(case.name, case.title)
    env = _child_env()
    lint_text(steps_file(10), "Dockerfile")  # untimed: loads the rules and the shell parser
    cli = [sys.executable, "-m", "dockerlint_go", "--no-color"]
    hadolint_stopped = "" if hadolint is not None else "not installed"
    for scale in scales:
        size = case.base * scale
        text = case.make(size)
        path = root / f"{case.name}-{scale:g}.Dockerfile"
        path.write_text(text, encoding="utf-8")
        row = Row(size, case.label(size), text.count("\n"), len(text.encode("utf-8")))
        print(f"  {case.name} {row.label}: ", end="", file=sys.stderr, flush=True)
        row.api = time_api(text, runs)
        try:
            row.cli = _repeat(partial(time_process, [*cli, str(path)], env), runs)
        except RunError as error:
            row.cli = Timing(note=f"dockerlint-go {error}")
        if hadolint is not None and not hadolint_stopped:
            theirs = partial(
                time_process,
                [hadolint, "--no-color", str(path)],
                env,
                timeout=timeout,
                memory_gib=memory_gib,
            )
            try:
                row.hadolint = _repeat(theirs, hadolint_runs)
            except RunError as error:
                row.hadolint = Timing(note=str(error))
                hadolint_stopped = f"skipped (it failed at {row.label})"
        elif hadolint_stopped:
            row.hadolint = Timing(note=hadolint_stopped)
        print("done", file=sys.stderr, flush=True)
        result.rows.append(row)
        path.unlink()
    return result


def exponent(rows: Sequence[Row], pick: Callable[[Row], Timing]) -> float | None:
    """The k of time ~ size**k from the smallest to the largest measured size."""
    measured = [(row.size, pick(row).ms) for row in rows if pick(row).ms]
    if len(measured) < 2:
        return None
    (first_size, first_ms), (last_size, last_ms) = measured[0], measured[-1]
    if first_size == last_size or not first_ms or not last_ms:
        return None
    return math.log(last_ms / first_ms) / math.log(last_size / first_size)


def _cell(timing: Timing, previous: Timing | None) -> str:
    if timing.ms is None:
        return f"{'-':>10} {'':>6}"
    growth = ""
    if previous is not None and previous.ms:
        growth = f"x{timing.ms / previous.ms:.2f}"
    return f"{timing.ms:>10,.0f} {growth:>6}"


def render(results: Sequence[Result], header: Sequence[str]) -> str:
    out = list(header)
    for result in results:
        out.append("")
        out.append(f"{result.case}: {result.title}")
        out.append(
            f"  {'size':>12} {'lines':>8} {'bytes':>11} | {'API ms':>10} {'':>6} | "
            f"{'CLI ms':>10} {'':>6} | {'hadolint ms':>10} {'':>6} | {'hadolint/CLI':>12}"
        )
        previous: Row | None = None
        notes: list[str] = []
        for row in result.rows:
            ratio = ""
            if row.hadolint.ms and row.cli.ms:
                ratio = f"{row.hadolint.ms / row.cli.ms:.1f}x"
            out.append(
                f"  {row.label:>12} {row.lines:>8,} {row.bytes:>11,} | "
                f"{_cell(row.api, previous.api if previous else None)} | "
                f"{_cell(row.cli, previous.cli if previous else None)} | "
                f"{_cell(row.hadolint, previous.hadolint if previous else None)} | {ratio:>12}"
            )
            notes += [
                f"  {row.label}: {what}: {timing.note}"
                for what, timing in (("CLI", row.cli), ("hadolint", row.hadolint))
                if timing.note
            ]
            previous = row
        parts = []
        for what, pick in (
            ("API", lambda r: r.api),
            ("CLI", lambda r: r.cli),
            ("hadolint", lambda r: r.hadolint),
        ):
            k = exponent(result.rows, pick)
            if k is not None:
                parts.append(f"{what} {k:.2f}")
        out.append(
            "  growth exponent (1.00 linear, 2.00 quadratic): " + (", ".join(parts) or "n/a")
        )
        out.extend(notes)
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Time dockerlint-go (API and process) and hadolint on growing Dockerfiles."
    )
    parser.add_argument(
        "--cases",
        default=",".join(CASES),
        help=f"comma-separated shapes to measure ({','.join(CASES)})",
    )
    parser.add_argument("--scales", default="1,2,4", help="multiples of each base size (1,2,4)")
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement, at most (3)")
    parser.add_argument("--hadolint-runs", type=int, default=1, help="hadolint runs (1)")
    parser.add_argument(
        "--hadolint-timeout", type=float, default=120.0, help="seconds per hadolint run (120)"
    )
    parser.add_argument(
        "--hadolint-memory", type=float, default=4.0, help="GiB of memory for hadolint (4)"
    )
    parser.add_argument("--no-hadolint", action="store_true", help="do not run hadolint")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)

    names = [name.strip() for name in args.cases.split(",") if name.strip()]
    unknown = [name for name in names if name not in CASES]
    if unknown:
        parser.error(f"unknown case(s): {', '.join(unknown)}; known: {', '.join(CASES)}")
    scales = [float(s) for s in args.scales.split(",") if s.strip()]
    hadolint = None if args.no_hadolint else find_hadolint()
    header = [
        f"Python {sys.version.split()[0]}, dockerlint-go {dockerlint_go.__version__} "
        f"from {Path(dockerlint_go.__file__).resolve().parent}",
        "hadolint: "
        + (
            "not run"
            if args.no_hadolint
            else ("not found" if hadolint is None else _tool_version([hadolint]))
        ),
        f"runs per measurement: up to {args.runs} (fewer once they took {BUDGET_SECONDS:g} s); "
        f"hadolint: {args.hadolint_runs}, capped at {args.hadolint_timeout:g} s and "
        f"{args.hadolint_memory:g} GiB",
    ]
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="dockerlint-go-scaling-") as scratch:
        for name in names:
            results.append(
                measure_case(
                    CASES[name],
                    scales,
                    Path(scratch),
                    runs=args.runs,
                    hadolint=hadolint,
                    hadolint_runs=args.hadolint_runs,
                    timeout=args.hadolint_timeout,
                    memory_gib=args.hadolint_memory,
                )
            )
    if args.json:
        payload = {
            "header": header,
            "results": [
                {
                    **asdict(result),
                    "exponent": {
                        what: exponent(result.rows, lambda r, w=what: getattr(r, w))
                        for what in ("api", "cli", "hadolint")
                    },
                }
                for result in results
            ],
        }
        print(json.dumps(payload, indent=2, sort_keys=True))
    else:
        print(render(results, header))
    return 0


if __name__ == "__main__":
    sys.exit(main())
