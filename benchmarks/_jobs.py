"""The ``--jobs`` target of bench_cli.py: one invocation on a large generated corpus.

With the default ``--jobs`` (the number of CPUs) the corpus must be linted in under 10 s per
10,000 files, with a peak memory under 250 MB, and the output must be byte-identical to
``--jobs 1``. Every run writes its report with ``--format json`` (the timed runs) or
``--format sarif`` (one more run per setting) to a file, and each output is compared with the
first ``--jobs 1`` output of its format. Runs of the two settings alternate.

Peak memory is the largest sum of VmRSS over the dockerlint-go process and all its
descendants, sampled every 10 ms (see _measure.TreeMemorySampler). As a cross-check the
section also reports ``getrusage(RUSAGE_CHILDREN).ru_maxrss`` after its last run: the largest
single process the benchmark has waited for, which bench_cli.py makes meaningful by running
this section before anything else.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from _measure import (
    MB,
    SAMPLE_INTERVAL,
    SKIPPED,
    RunError,
    Verdict,
    children_maxrss_bytes,
    last_line,
    run_process,
    user_env,
)
from generate import Corpus

JOBS_FILES = 10_000  # the size of the corpus in the target
JOBS_SECONDS = 10.0  # for JOBS_FILES files; scaled for a smaller corpus
JOBS_MEMORY_MB = 250.0
FORMATS = ("json", "sarif")
SETTINGS = {"--jobs 1": ("--jobs", "1"), "default": ()}  # --jobs 1 first: it is the reference


@dataclass(slots=True)
class JobsTiming:
    runs: int
    median_s: float
    min_s: float
    max_s: float
    peak_mb: float  # the largest over every run of this setting, both formats


@dataclass(slots=True)
class JobsSection:
    files: int
    lines: int
    runs_in_files: int
    cpus: int
    skipped: str = ""  # why the section was not measured
    timings: dict[str, JobsTiming] = field(default_factory=dict)
    identity: dict[str, str] = field(default_factory=dict)  # format -> verdict
    identical: bool = True  # every output equal to the reference of its format
    ru_maxrss_mb: float | None = None

    @property
    def time_target_s(self) -> float:
        return JOBS_SECONDS * self.files / JOBS_FILES


def available_cpus() -> int:
    """The CPUs this process may run on (what ``--jobs`` defaults to)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def jobs_unavailable(executable: str, sample: Path) -> str:
    """Why ``--jobs`` cannot be measured ("" when it can): a trial ``--jobs 1`` run on one
    file, which exits 2 while the option does not exist."""
    done = subprocess.run(
        [executable, "--no-color", "--jobs", "1", str(sample)],
        env=user_env(),
        capture_output=True,
        check=False,
    )
    if done.returncode in (0, 1):
        return ""
    why = last_line(done.stderr.decode("utf-8", "replace"))
    return f"--jobs not available (trial run exited {done.returncode}: {why})"


def first_difference(reference: bytes, other: bytes) -> int | None:
    """The offset of the first byte where the two differ, None when they are equal."""
    if reference == other:
        return None
    chunk = 1 << 16
    start = 0
    while reference[start : start + chunk] == other[start : start + chunk]:
        start += chunk
    pairs = zip(reference[start : start + chunk], other[start : start + chunk], strict=False)
    for offset, (a, b) in enumerate(pairs, start):
        if a != b:
            return offset
    return min(len(reference), len(other))


def measure_jobs(executable: str, corpus: Corpus, runs: int) -> JobsSection:
    section = JobsSection(
        files=len(corpus.paths),
        lines=corpus.lines,
        runs_in_files=corpus.runs,
        cpus=available_cpus(),
    )
    section.skipped = jobs_unavailable(executable, corpus.root / corpus.paths[0])
    if section.skipped:
        return section
    files = [str(path) for path in corpus.paths]  # relative to the root: a shorter command
    env = user_env()
    seconds: dict[str, list[float]] = {name: [] for name in SETTINGS}
    peaks: dict[str, int] = dict.fromkeys(SETTINGS, 0)
    with tempfile.TemporaryDirectory(prefix="dockerlint-go-jobs-") as scratch:
        for fmt in FORMATS:
            reference: bytes | None = None
            compared, mismatch = 0, ""
            for index in range(runs if fmt == "json" else 1):
                for name, options in SETTINGS.items():
                    target = Path(scratch) / "report"
                    argv = [executable, "--no-color", "--format", fmt, *options, *files]
                    try:
                        with target.open("wb") as out:
                            run = run_process(
                                argv, env=env, cwd=corpus.root, stdout=out, sample_memory=True
                            )
                    except RunError as error:
                        section.skipped = f"dockerlint-go {name}: {error}"
                        return section
                    if fmt == "json":
                        seconds[name].append(run.seconds)
                    peaks[name] = max(peaks[name], run.peak_rss or 0)
                    output = target.read_bytes()
                    if reference is None:
                        reference = output
                        continue
                    compared += 1
                    offset = first_difference(reference, output)
                    if offset is not None and not mismatch:
                        mismatch = (
                            f"{fmt}: {name} run {index + 1} differs from --jobs 1 at byte "
                            f"{offset:,} ({len(output):,} vs {len(reference):,} bytes)"
                        )
            section.identity[fmt] = mismatch or f"{fmt} identical ({compared + 1} runs)"
            section.identical = section.identical and not mismatch
    for name, samples in seconds.items():
        section.timings[name] = JobsTiming(
            runs=len(samples),
            median_s=statistics.median(samples),
            min_s=min(samples),
            max_s=max(samples),
            peak_mb=peaks[name] / MB,
        )
    section.ru_maxrss_mb = children_maxrss_bytes() / MB
    return section


def _setting_label(name: str, cpus: int) -> str:
    return f"default (= --jobs {cpus})" if name == "default" else name


def render_jobs(section: JobsSection) -> list[str]:
    out = [
        f"--jobs: {section.files:,} generated Dockerfiles in one invocation "
        f"({section.lines:,} lines, {section.runs_in_files:,} RUN instructions); "
        f"{section.cpus} CPUs, so the default is --jobs {section.cpus}",
        "  hadolint is not run on these files (it would take minutes)",
    ]
    if section.skipped:
        return [*out, f"  skipped: {section.skipped}"]
    out += [
        "  timed with --format json, the report written to a file; peak memory = the largest "
        f"sum of VmRSS over the process tree, sampled every {SAMPLE_INTERVAL * 1000:g} ms",
        f"  {'setting':<22} {'runs':>5} {'median s':>9} {'min s':>7} {'max s':>7} {'peak MB':>8}",
    ]
    for name, timing in section.timings.items():
        out.append(
            f"  {_setting_label(name, section.cpus):<22} {timing.runs:>5} "
            f"{timing.median_s:>9.2f} {timing.min_s:>7.2f} {timing.max_s:>7.2f} "
            f"{timing.peak_mb:>8.1f}"
        )
    default, single = section.timings["default"], section.timings["--jobs 1"]
    out.append(
        f"  speed-up of the default over --jobs 1: {single.median_s / default.median_s:.2f}x"
    )
    out.append(
        f"  cross-check: getrusage(RUSAGE_CHILDREN).ru_maxrss = {section.ru_maxrss_mb:.1f} MB "
        "(the largest SINGLE process of these runs, parent or one worker; not a sum)"
    )
    out.append("  output, default vs --jobs 1: " + "; ".join(section.identity.values()))
    return out


def jobs_verdicts(section: JobsSection) -> list[Verdict]:
    scaled = "" if section.files == JOBS_FILES else " (scaled)"
    targets = (
        (
            "2a",
            f"--jobs: {section.files:,} files, default --jobs, one invocation, "
            f"< {section.time_target_s:g} s{scaled}",
        ),
        ("2b", f"--jobs: peak memory (RSS sum, process tree) < {JOBS_MEMORY_MB:g} MB"),
        ("2c", "--jobs: output byte-identical to --jobs 1"),
    )
    versus = "not run (minutes)"
    if section.skipped:
        return [
            Verdict(key, target, "", versus, SKIPPED, section.skipped) for key, target in targets
        ]
    default, single = section.timings["default"], section.timings["--jobs 1"]
    speedup = single.median_s / default.median_s
    return [
        Verdict.judged(
            *targets[0],
            f"{default.median_s:.2f} s; --jobs 1: {single.median_s:.2f} s ({speedup:.2f}x)",
            versus,
            default.median_s < section.time_target_s,
        ),
        Verdict.judged(
            *targets[1],
            f"{default.peak_mb:.1f} MB; --jobs 1: {single.peak_mb:.1f} MB; "
            f"ru_maxrss {section.ru_maxrss_mb or 0:.1f} MB",
            versus,
            default.peak_mb < JOBS_MEMORY_MB,
        ),
        Verdict.judged(
            *targets[2], ", ".join(section.identity.values()), versus, section.identical
        ),
    ]
