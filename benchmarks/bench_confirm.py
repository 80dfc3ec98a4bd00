"""Time ``--confirm`` on every confirm fixture (bad and fixed cases), with 1 and 2 workers.

Usage: python benchmarks/bench_confirm.py [--workers N ...]. Needs a Docker engine and the
fixtures' base image (scripts/build-go-base-image.sh). Prints one line per run.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from dockerlint_go.api import lint_paths
from dockerlint_go.confirm import BuildSource, ConfirmRequest, confirm_dockerfile, confirm_result

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "confirm"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, nargs="*", default=[1, 2])
    args = parser.parse_args()
    dockerfiles = sorted(FIXTURES.glob("DG*/*/Dockerfile"))
    print(f"{len(dockerfiles)} fixture Dockerfiles, {os.cpu_count()} cores")
    for workers in args.workers:
        start = time.perf_counter()
        result = lint_paths([str(p) for p in dockerfiles])
        sources = {
            r.path: BuildSource(Path(r.path).resolve(), Path(r.path).resolve().parent)
            for r in result.files
        }
        confirmed = confirm_result(result, sources, offline=True, workers=workers)
        findings = time.perf_counter() - start
        verdicts = [f.confirmation for f in confirmed.findings if f.confirmation]
        # The fixed cases have no finding: run their rule's recipe directly, as the tests do.
        start = time.perf_counter()
        fixed = [p for p in dockerfiles if p.parent.name != "bad"]
        for path in fixed:
            confirm_dockerfile(
                BuildSource(path, path.parent),
                [ConfirmRequest(path.parent.parent.name)],
                offline=True,
            )
        recipes = time.perf_counter() - start
        print(
            f"workers={workers}: {len(verdicts)} findings confirmed in {findings:.1f} s; "
            f"{len(fixed)} fixed cases (sequential) in {recipes:.1f} s; "
            f"total {findings + recipes:.1f} s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
