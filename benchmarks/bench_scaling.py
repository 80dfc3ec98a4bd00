"""Linear time: how lint time grows with the size of one Dockerfile.

Four shapes of file, each at 1x, 2x and 4x a base size (``--scales``; ``--size-factor`` or
``--quick`` shrink the base sizes):

``lines``
    Realistic multi-stage Dockerfiles from generate.py, stage names made unique, concatenated
    into one file of 20,000, 40,000 and 80,000 lines (the issue's 20,000-line target).
``line-argv``
    A single RUN line of 5, 10 and 20 MB: one ``apk add`` with that many package names (the
    issue's 5 MB RUN line target, in the shape of a long argument list).
``line-chain``
    A single RUN line of the same sizes: ``mkdir``, ``chown``, ``cd`` and ``go build``
    commands chained with ``&&`` (the 5 MB RUN line as hundreds of thousands of commands).
``steps``
    N ``RUN mkdir -p /x/iK && chown -R app /x/iK`` steps, then N ``RUN cd /x/iK && go build
    ./...`` steps (N = 1,000, 2,000, 4,000): thousands of ownership facts, each go step looking
    some up. Not a target of the issue; kept because it once was quadratic.

For each file three times are printed: dockerlint-go's API (``lint_text`` in this process,
the median of ``--runs`` runs, without start-up), the whole ``dockerlint-go`` process (start-up,
reading the file and writing the report included), and hadolint's whole process on the same file.
After each time comes its growth over the previous size (``x2.00`` for a doubled time: linear
when the size doubles) and, per shape, the exponent k of time ~ size**k from the smallest to the
largest size (1.00 linear, 2.00 quadratic). A shape meets the target when the exponents of the
API and of the CLI are both at most LINEAR_MAX_EXPONENT (1.20: a 4x larger file may take up to
5.3x as long, which leaves room for n log n and noise but not for anything quadratic).

hadolint is much slower on big files, and on a long ``&&`` chain it needs gigabytes of memory:
each hadolint run is capped (``--hadolint-timeout`` seconds, ``--hadolint-memory`` GiB of
address space), a capped run is reported as such, and the larger sizes of that shape are not
tried with hadolint. ``--no-hadolint`` skips it altogether.

The CLI is the ``dockerlint-go`` executable beside the Python running this script (else
``python -m dockerlint_go``), with PYTHONPATH pointing at the ``dockerlint_go`` this script
imports, so setting ``PYTHONPATH`` times another checkout with both the API and the CLI.

Usage: python benchmarks/bench_scaling.py [--quick] [--cases lines,line-argv] [--scales 1,2,4]
       [--runs 3] [--no-hadolint] [--json]
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from functools import partial
from itertools import pairwise
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _measure import (
    NOT_COMPARED,
    RunError,
    Verdict,
    beside_python,
    compile_package,
    find_hadolint,
    load_average,
    render_verdicts,
    run_process,
    tool_version,
    user_env,
)
from generate import generate_file

import dockerlint_go
from dockerlint_go.api import lint_text

BUDGET_SECONDS = 10.0  # stop repeating a measurement once its runs took this long
LINEAR_MAX_EXPONENT = 1.2  # the largest growth exponent still counted as linear
QUICK_SIZE_FACTOR = 0.125


@dataclass(frozen=True, slots=True)
class Case:
    name: str
    key: str  # the number of its row in the targets table
    title: str
    unit: str  # how sizes are counted
    base: float  # the 1x size
    make: Callable[[float], str]  # size -> Dockerfile text
    target: str  # the file in the targets table; {size} is the 1x size

    def number(self, size: float) -> str:
        return f"{size:g}" if self.unit == "MB" else f"{int(size):,}"

    def label(self, size: float) -> str:
        return f"{self.number(size)} {self.unit}"


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
        Case(
            "lines",
            "4a",
            "generated Dockerfiles concatenated",
            "lines",
            20_000,
            lines_file,
            "{size}-line Dockerfile",
        ),
        Case(
            "line-argv",
            "4b",
            "one RUN line: apk add with many packages",
            "MB",
            5,
            argv_line,
            "{size} MB RUN line (apk add argv)",
        ),
        Case(
            "line-chain",
            "4c",
            "one RUN line: mkdir/chown/cd/go build && ...",
            "MB",
            5,
            chain_line,
            "{size} MB RUN line (&& chain)",
        ),
        Case(
            "steps",
            "4d",
            "N mkdir/chown steps, then N go steps",
            "steps",
            1000,
            steps_file,
            "{size}+{size} RUN steps (extra)",
        ),
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
    key: str
    title: str
    target: str  # the target, in the words of the issue
    hadolint_missing: str  # why hadolint was not run at all ("" when it was)
    rows: list[Row] = field(default_factory=list)

    def exponents(self) -> dict[str, float | None]:
        return {what: exponent(self.rows, what) for what in ("api", "cli", "hadolint")}


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


def _seconds(
    argv: Sequence[str],
    env: dict[str, str],
    timeout: float | None = None,
    memory_gib: float | None = None,
) -> float:
    return run_process(argv, env=env, timeout=timeout, memory_gib=memory_gib).seconds


def dockerlint_go_command() -> list[str]:
    """The ``dockerlint-go`` executable beside this Python, else ``python -m dockerlint_go``."""
    beside = beside_python("dockerlint-go")
    return [str(beside)] if beside.exists() else [sys.executable, "-m", "dockerlint_go"]


@dataclass(frozen=True, slots=True)
class Settings:
    scales: Sequence[float]
    size_factor: float
    runs: int
    hadolint: str | None
    hadolint_missing: str  # why hadolint is None
    hadolint_runs: int
    timeout: float
    memory_gib: float


def measure_case(case: Case, settings: Settings, root: Path) -> Result:
    base = case.base * settings.size_factor
    scales = "/".join(f"{scale:g}x" for scale in settings.scales)
    target = f"Linear time: {case.target.format(size=case.number(base))}, {scales}"
    result = Result(case.name, case.key, case.title, target, settings.hadolint_missing)
    # The child imports the dockerlint_go this script imports.
    env = user_env(str(Path(dockerlint_go.__file__).resolve().parent.parent))
    lint_text(steps_file(10), "Dockerfile")  # untimed: loads the rules and the shell parser
    cli = [*dockerlint_go_command(), "--no-color"]
    hadolint = settings.hadolint
    hadolint_stopped = settings.hadolint_missing
    for scale in settings.scales:
        size = base * scale
        text = case.make(size)
        path = root / f"{case.name}-{scale:g}.Dockerfile"
        path.write_text(text, encoding="utf-8")
        row = Row(size, case.label(size), text.count("\n"), len(text.encode("utf-8")))
        print(f"  {case.name} {row.label}: ", end="", file=sys.stderr, flush=True)
        row.api = time_api(text, settings.runs)
        try:
            row.cli = _repeat(partial(_seconds, [*cli, str(path)], env), settings.runs)
        except RunError as error:
            row.cli = Timing(note=f"dockerlint-go {error}")
        if hadolint is not None and not hadolint_stopped:
            theirs = partial(
                _seconds,
                [hadolint, "--no-color", str(path)],
                env,
                timeout=settings.timeout,
                memory_gib=settings.memory_gib,
            )
            try:
                row.hadolint = _repeat(theirs, settings.hadolint_runs)
            except RunError as error:
                row.hadolint = Timing(note=str(error))
                hadolint_stopped = f"skipped (it failed at {row.label})"
        elif hadolint_stopped:
            row.hadolint = Timing(note=hadolint_stopped)
        print("done", file=sys.stderr, flush=True)
        result.rows.append(row)
        path.unlink()
    return result


def exponent(rows: Sequence[Row], what: str) -> float | None:
    """The k of time ~ size**k from the smallest to the largest measured size of ``what``
    (api, cli or hadolint)."""
    measured = [(row.size, getattr(row, what).ms) for row in rows if getattr(row, what).ms]
    if len(measured) < 2:
        return None
    (first_size, first_ms), (last_size, last_ms) = measured[0], measured[-1]
    if first_size == last_size:
        return None
    return math.log(last_ms / first_ms) / math.log(last_size / first_size)


def per_doubling(rows: Sequence[Row], what: str) -> list[float]:
    """The growth of ``what`` from each size to the next, normalised to a doubling of size."""
    growth: list[float] = []
    for before, after in pairwise(rows):
        first, second = getattr(before, what).ms, getattr(after, what).ms
        if first and second and after.size != before.size:
            growth.append((second / first) ** (1 / math.log2(after.size / before.size)))
    return growth


def _versus_hadolint(result: Result) -> str:
    """hadolint's time over the CLI's at the largest size both finished, hadolint's exponent,
    and where hadolint failed or why it was not run."""
    parts: list[str] = []
    for row in reversed(result.rows):
        if row.hadolint.ms and row.cli.ms:
            parts.append(
                f"hadolint/dockerlint-go {row.hadolint.ms / row.cli.ms:.1f} at {row.label}"
            )
            break
    theirs = result.exponents()["hadolint"]
    if theirs is not None:
        parts.append(f"hadolint exponent {theirs:.2f}")
    if result.hadolint_missing:
        parts.append(f"hadolint {result.hadolint_missing}")
    else:
        failed = next((row for row in result.rows if row.hadolint.note), None)
        if failed is not None:
            parts.append(f"hadolint {failed.hadolint.note} at {failed.label}")
    return "; ".join(parts)


def verdict(result: Result) -> Verdict:
    """Linear when the growth exponents of the API and of the CLI are both small enough."""
    exponents = result.exponents()
    growth = ", ".join(f"x{g:.2f}" for g in per_doubling(result.rows, "cli"))
    ours = {what.upper(): exponents[what] for what in ("cli", "api")}
    measured = f"CLI {growth or 'n/a'} per doubling; exponent " + ", ".join(
        f"{what} {k:.2f}" for what, k in ours.items() if k is not None
    )
    versus = _versus_hadolint(result)
    known = [k for k in ours.values() if k is not None]
    if len(known) < len(ours):
        why = "; ".join(row.cli.note for row in result.rows if row.cli.note)
        return Verdict(
            result.key, result.target, measured, versus, NOT_COMPARED, why or "< 2 sizes"
        )
    return Verdict.judged(
        result.key, result.target, measured, versus, max(known) <= LINEAR_MAX_EXPONENT
    )


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
        out.append(f"{result.key} {result.case}: {result.title}")
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
                if timing.note and timing.note != result.hadolint_missing  # said in the header
            ]
            previous = row
        parts = [
            f"{what.upper() if what != 'hadolint' else what} {k:.2f}"
            for what, k in result.exponents().items()
            if k is not None
        ]
        out.append(
            "  growth exponent (1.00 linear, 2.00 quadratic): " + (", ".join(parts) or "n/a")
        )
        out.extend(notes)
    out += ["", render_verdicts([verdict(r) for r in results], "Targets (bench_scaling.py)")]
    return "\n".join(out)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Time dockerlint-go (API and process) and hadolint on growing Dockerfiles."
    )
    parser.add_argument(
        "--cases",
        default=",".join(CASES),
        help=f"comma-separated shapes to measure ({','.join(CASES)})",
    )
    parser.add_argument("--scales", default="1,2,4", help="multiples of each base size (1,2,4)")
    parser.add_argument(
        "--size-factor", type=float, help="multiply every base size by this (1; --quick 0.125)"
    )
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement, at most (3)")
    parser.add_argument("--hadolint-runs", type=int, default=1, help="hadolint runs (1)")
    parser.add_argument(
        "--hadolint-timeout", type=float, help="seconds per hadolint run (120; --quick 20)"
    )
    parser.add_argument(
        "--hadolint-memory", type=float, default=4.0, help="GiB of memory for hadolint (4)"
    )
    parser.add_argument("--no-hadolint", action="store_true", help="do not run hadolint")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="a smoke run: 1/8 of the sizes, hadolint capped at 20 s",
    )
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)
    defaults = (
        {"size_factor": QUICK_SIZE_FACTOR, "hadolint_timeout": 20.0}
        if args.quick
        else {"size_factor": 1.0, "hadolint_timeout": 120.0}
    )
    for name, value in defaults.items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    names = [name.strip() for name in args.cases.split(",") if name.strip()]
    unknown = [name for name in names if name not in CASES]
    if unknown:
        parser.error(f"unknown case(s): {', '.join(unknown)}; known: {', '.join(CASES)}")
    args.cases = names
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    compile_package(Path(dockerlint_go.__file__).resolve().parent)
    hadolint = None if args.no_hadolint else find_hadolint()
    if args.no_hadolint:
        missing = "not run (--no-hadolint)"
    else:
        missing = "" if hadolint is not None else "not found"
    settings = Settings(
        scales=[float(s) for s in args.scales.split(",") if s.strip()],
        size_factor=args.size_factor,
        runs=args.runs,
        hadolint=hadolint,
        hadolint_missing=missing,
        hadolint_runs=args.hadolint_runs,
        timeout=args.hadolint_timeout,
        memory_gib=args.hadolint_memory,
    )
    hadolint_line = missing or tool_version(hadolint or "hadolint") or "(unknown version)"
    header = [
        f"Python {sys.version.split()[0]}, dockerlint-go {dockerlint_go.__version__} "
        f"from {Path(dockerlint_go.__file__).resolve().parent}",
        f"hadolint: {hadolint_line}",
        f"sizes: the base sizes x {args.size_factor:g}; runs per measurement: up to {args.runs} "
        f"(fewer once they took {BUDGET_SECONDS:g} s); hadolint: {args.hadolint_runs}, capped "
        f"at {args.hadolint_timeout:g} s and {args.hadolint_memory:g} GiB",
        f"linear: growth exponents of API and CLI both <= {LINEAR_MAX_EXPONENT:.2f}",
        f"load average at the start: {load_average()}",
    ]
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="dockerlint-go-scaling-") as scratch:
        for name in args.cases:
            results.append(measure_case(CASES[name], settings, Path(scratch)))
    text = render(results, [*header, f"load average at the end: {load_average()}"])
    if args.json:
        payload = {
            "header": header,
            "results": [asdict(r) | {"exponent": r.exponents()} for r in results],
            "verdicts": [asdict(verdict(r)) for r in results],
            "text": text,
        }
        print(json.dumps(payload, indent=2, sort_keys=True))
    else:
        print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
