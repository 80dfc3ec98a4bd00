"""Run every speed benchmark and print one table of all the targets.

Runs bench_cli.py (targets 1-3: one file, --jobs, batch ratio) and bench_scaling.py (target 4:
linear time), each in its own process with ``--json``, prints their reports one after the
other, then a single summary table: every target, the measured figures, the ratio against
hadolint where there is one, and whether it is met. Progress goes to standard error.

Usage: python benchmarks/run_all.py [--quick] [--json] [--skip-cli] [--skip-scaling]
       [--cli-args "--runs 10"] [--scaling-args "--no-hadolint"]
"""

from __future__ import annotations

import argparse
import json
import shlex
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _measure import REPO_ROOT, SKIPPED, Verdict, compile_package, render_verdicts, user_env

HERE = Path(__file__).resolve().parent
SCRIPTS = {"bench_cli": "1-3", "bench_scaling": "4"}


def run_script(name: str, options: Sequence[str]) -> dict[str, Any]:
    """The JSON a benchmark script prints, or a stand-in whose one verdict says it failed."""
    argv = [sys.executable, str(HERE / f"{name}.py"), "--json", *options]
    print(f"== {' '.join(argv[1:])}", file=sys.stderr, flush=True)
    done = subprocess.run(argv, env=user_env(), stdout=subprocess.PIPE, check=False)
    try:
        payload: dict[str, Any] = json.loads(done.stdout)
    except json.JSONDecodeError:
        payload = {}
    if done.returncode != 0 or "verdicts" not in payload:
        why = f"{name}.py exited {done.returncode}" + ("" if payload else " without a report")
        failed = Verdict(SCRIPTS[name], f"all targets of {name}.py", "", "", SKIPPED, why)
        payload = {"verdicts": [asdict(failed)], "text": f"{name}: {why}"}
    return payload


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run every benchmark; one table of targets.")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="a smoke run: few runs, 2,000 files for --jobs, scaling at 1/8 of the sizes",
    )
    parser.add_argument("--skip-cli", action="store_true", help="leave out bench_cli.py")
    parser.add_argument("--skip-scaling", action="store_true", help="leave out bench_scaling.py")
    parser.add_argument("--cli-args", default="", help="more options for bench_cli.py")
    parser.add_argument("--scaling-args", default="", help="more options for bench_scaling.py")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)

    compile_package(REPO_ROOT / "dockerlint_go")
    quick = ["--quick"] if args.quick else []
    plan = {
        "bench_cli": None if args.skip_cli else [*quick, *shlex.split(args.cli_args)],
        "bench_scaling": None if args.skip_scaling else [*quick, *shlex.split(args.scaling_args)],
    }
    payloads = {
        name: run_script(name, options) for name, options in plan.items() if options is not None
    }
    verdicts = [Verdict(**row) for payload in payloads.values() for row in payload["verdicts"]]
    summary = render_verdicts(
        verdicts, "Summary: every target" + (" (quick run)" if args.quick else "")
    )
    if args.json:
        print(json.dumps({**payloads, "summary": summary}, indent=2, sort_keys=True))
    else:
        print("\n\n".join([*(payload["text"] for payload in payloads.values()), summary]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
