"""Fuzz ``lint_text`` for minutes: mutated Go Dockerfiles must never raise nor hang (with
``--fix``: nor may --fix's engine, and no fix may add a parse error).

The same seeds and mutators as tests/test_fuzz.py (tests/_fuzz_mutators.py), driven by
``random.Random`` with a printed seed instead of hypothesis's example limit. Each input is
linted in this process under a time limit (SIGALRM). Every input that raises or runs past the
limit is saved to ``--out`` with a note saying how to reproduce it; the script exits 1 when
there was one.

Usage: python scripts/fuzz.py [--minutes 2] [--seed N] [--limit 5] [--out DIR]

Reproduce a saved input (``NAME.dockerfile`` holds the exact bytes)::

    python -c "import sys; from dockerlint_go.api import lint_text; \
lint_text(open(sys.argv[1], 'rb').read())" NAME.dockerfile

A ``.str`` file was given to ``lint_text`` as text (it may hold lone surrogates, saved with
``surrogatepass``); read it back with ``.decode('utf-8', 'surrogatepass')``.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dockerlint_go.api import lint_text
from dockerlint_go.fixer import fix_text
from tests._fuzz_mutators import Hang, load_seeds, mutate, random_steps, render, time_limit


def _signature(error: BaseException) -> str:
    """Where an exception comes from: its type and the innermost frame in dockerlint_go."""
    frames = traceback.extract_tb(error.__traceback__)
    ours = [f for f in frames if "dockerlint_go" in f.filename] or frames
    where = f"{Path(ours[-1].filename).name}:{ours[-1].lineno} {ours[-1].name}" if ours else "?"
    return f"{type(error).__name__} at {where}"


def _save(out: Path, data: str | bytes, report: str) -> Path:
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    digest = hashlib.sha256(raw).hexdigest()[:12]
    suffix = ".str" if isinstance(data, str) else ".dockerfile"
    path = out / f"{digest}{suffix}"
    path.write_bytes(raw)
    (out / f"{digest}.txt").write_text(report, encoding="utf-8")
    return path


def _fix(data: str | bytes) -> None:
    """Fix ``data`` with every fix; the result must lint without a new parse error."""
    raw = data if isinstance(data, bytes) else data.encode("utf-8", "replace")
    outcome = fix_text(raw, lambda version: lint_text(version, "Dockerfile"), wanted=lambda f: True)
    if outcome.changed:
        before = sum(f.code == "DG000" for f in lint_text(raw, "Dockerfile").findings)
        after = sum(f.code == "DG000" for f in outcome.result.findings)
        if after > before:
            raise AssertionError("a fix added a parse error")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Fuzz lint_text with mutated Go Dockerfiles.")
    parser.add_argument("--minutes", type=float, default=2.0, help="how long to run (2)")
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: random)")
    parser.add_argument("--limit", type=float, default=5.0, help="seconds per input (5)")
    parser.add_argument("--steps", type=int, default=8, help="mutations per input, at most (8)")
    parser.add_argument("--out", type=Path, default=None, help="where failing inputs go")
    parser.add_argument(
        "--fix",
        action="store_true",
        help="run --fix's engine (unsafe fixes too) on each input instead of a plain lint",
    )
    args = parser.parse_args(argv)

    seed = args.seed if args.seed is not None else random.SystemRandom().getrandbits(32)
    out = args.out or Path(tempfile.mkdtemp(prefix="dockerlint-go-fuzz-"))
    out.mkdir(parents=True, exist_ok=True)
    seeds = load_seeds()
    rng = random.Random(seed)
    print(f"seed {seed}; {len(seeds)} seed files; {args.limit:g} s per input; failures go to {out}")
    print(f"running for {args.minutes:g} minute(s); repeat with --seed {seed}", flush=True)

    deadline = time.monotonic() + args.minutes * 60
    tried = 0
    failures: Counter[str] = Counter()
    slowest = (0.0, "")
    next_report = time.monotonic() + 30
    while time.monotonic() < deadline:
        origin = seeds[rng.randrange(len(seeds))]
        steps = random_steps(rng, args.steps)
        encoding, byte_seed = rng.randrange(100), rng.getrandbits(32)
        data = render(mutate(origin.text, steps), encoding, byte_seed)
        recipe = (
            f"seed file: {origin.name}\nmutations (index, seed): {steps}\n"
            f"render: encoding={encoding} byte_seed={byte_seed}\n"
        )
        tried += 1
        start = time.perf_counter()
        try:
            with time_limit(args.limit):
                if args.fix:
                    _fix(data)
                else:
                    lint_text(data, "Dockerfile")
        except Hang as error:
            signature = f"hang (over {args.limit:g} s)"
            saved = _save(
                out, data, f"{signature}\n{recipe}\n{''.join(traceback.format_exception(error))}"
            )
            failures[signature] += 1
            print(f"HANG   {saved}", flush=True)
        except Exception as error:
            signature = _signature(error)
            text = "".join(traceback.format_exception(error))
            saved = _save(out, data, f"{signature}\n{recipe}\n{text}")
            if failures[signature] == 0:
                print(f"RAISE  {signature}: {error!r:.200}\n       {saved}", flush=True)
            failures[signature] += 1
        elapsed = time.perf_counter() - start
        if elapsed > slowest[0]:
            slowest = (elapsed, recipe)
        if time.monotonic() >= next_report:
            print(f"  ... {tried:,} inputs, {sum(failures.values())} failing", flush=True)
            next_report += 30

    print(f"\n{tried:,} inputs tried in {args.minutes:g} minute(s) (seed {seed})")
    print(f"slowest input: {slowest[0] * 1000:.0f} ms\n{slowest[1]}")
    if not failures:
        print("no exceptions, no hangs")
        return 0
    print(f"{sum(failures.values())} failing input(s), {len(failures)} kind(s), saved in {out}:")
    for signature, count in failures.most_common():
        print(f"  {count:>6}  {signature}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
