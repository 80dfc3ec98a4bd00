"""``--jobs``: linting in worker processes gives the reports of a single process, byte for byte.

The corpus mixes generated Dockerfiles (``benchmarks/generate.py``), real-world fixtures with
findings and build contexts, inline suppressions (used and unused), a file whose lint crashes
(a rule added for the test breaks on it), a file that cannot be read, and standard input.
Runs are in-process where they can be (the workers are forked from the test, so the extra rule
reaches them) and in a child process where a worker is killed or the run is interrupted; a
timeout guards every child against a hang, but nothing asserts how long anything takes.
"""

from __future__ import annotations

import importlib.util
import json
import multiprocessing
import os
import pickle
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import dockerlint_go.rules
from dockerlint_go import api, parallel
from dockerlint_go.cli import main
from dockerlint_go.findings import (
    Confirmation,
    ConfirmStatus,
    FileResult,
    Finding,
    LintResult,
    Severity,
    Span,
    Suppression,
    SuppressionScope,
)
from dockerlint_go.reporters import FORMATS
from dockerlint_go.rules import Rule

REPO = Path(__file__).resolve().parent.parent
FORK = "fork" in multiprocessing.get_all_start_methods() and sys.platform != "darwin"
needs_fork = pytest.mark.skipif(not FORK, reason="the in-process tests rely on forked workers")

REALWORLD = ("billing-worker", "orders-api", "ledger-heredoc", "statements-owned-cache")
SUPPRESSED = """\
# dockerlint-go global ignore=DG104 -- the base image sets GOMODCACHE
FROM golang:1.22
RUN useradd app
# dockerlint-go ignore=DG102 -- the context holds only go.mod and main.go
COPY . .
RUN go mod download
USER app
# dockerlint-go ignore=DG103
RUN go build ./...
"""
BOOM = "FROM golang:1.22\n# boom\nRUN go build ./...\n"
GENERATED = 60


def _generate_module():  # benchmarks/ is not a package
    spec = importlib.util.spec_from_file_location("_generate", REPO / "benchmarks" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("_generate", module)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    _generate_module().write_corpus(root / "generated", GENERATED, seed=0)
    for name in REALWORLD:
        shutil.copytree(REPO / "fixtures" / "realworld" / name, root / "realworld" / name)
    (root / "suppressed").mkdir()
    (root / "suppressed" / "Dockerfile").write_text(SUPPRESSED)
    (root / "boom").mkdir()
    (root / "boom" / "Dockerfile").write_text(BOOM)
    (root / "missing.Dockerfile").symlink_to(root / "nowhere")  # unreadable
    return root


def _breaks_on_boom(model):  # the crash of test_cli.py: a rule bug on one file
    if any("boom" in line for line in model.parsed.lines):
        raise KeyError("boom")
    yield from ()


@pytest.fixture
def in_corpus(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    broken = Rule("DG950", "breaks-on-boom", Severity.INFO, "s", "", _breaks_on_boom)
    monkeypatch.setattr(dockerlint_go.rules, "ALL_RULES", (*dockerlint_go.rules.ALL_RULES, broken))
    monkeypatch.chdir(corpus)
    for name in ("NO_COLOR", "FORCE_COLOR", "TERM"):
        monkeypatch.delenv(name, raising=False)
    return corpus


@pytest.fixture
def parallel_calls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The ``jobs`` of every call to ``lint_in_parallel`` (so a test knows workers ran)."""
    calls: list[int] = []
    real = parallel.lint_in_parallel

    def spy(linter, targets, *, stdin, jobs):
        calls.append(jobs)
        return real(linter, targets, stdin=stdin, jobs=jobs)

    monkeypatch.setattr(parallel, "lint_in_parallel", spy)
    return calls


def _run(capsysbinary: pytest.CaptureFixture[bytes], *args: str) -> tuple[int, bytes, bytes]:
    code = main(list(args))
    out, err = capsysbinary.readouterr()
    return code, out, err


PATHS = (".", "missing.Dockerfile")
JOBS = (("--jobs", "2"), ("-j", "3"), ("--jobs=5",), ())  # () is the default: one per CPU


# ---------------------------------------------------------------- identical output


@needs_fork
@pytest.mark.parametrize("output_format", ["json", "sarif", "tty"])
def test_reports_are_byte_identical_whatever_the_jobs(
    in_corpus, capsysbinary, monkeypatch, parallel_calls, output_format
):
    monkeypatch.setattr(parallel, "available_cpus", lambda: 2)  # the default goes parallel
    serial = _run(capsysbinary, "--jobs", "1", "-f", output_format, *PATHS)
    assert parallel_calls == []
    assert serial[0] == 2  # the crash
    assert b"boom/Dockerfile" in serial[1]
    assert b"missing.Dockerfile" in serial[1]
    assert serial[2].count(b"internal error while linting") == 1
    for jobs in JOBS:
        assert _run(capsysbinary, *jobs, "-f", output_format, *PATHS) == serial, jobs
    assert parallel_calls == [2, 3, 5, 2]


@needs_fork
def test_every_report_format_is_byte_identical(in_corpus, capsysbinary, tmp_path, parallel_calls):
    def reports(jobs: str) -> tuple[int, bytes, bytes, dict[str, bytes]]:
        out = tmp_path / jobs
        out.mkdir()
        args = [arg for name in FORMATS for arg in ("-f", name, "-o", str(out / name))]
        code, stdout, stderr = _run(capsysbinary, "--jobs", jobs, *args, *PATHS)
        return code, stdout, stderr, {name: (out / name).read_bytes() for name in FORMATS}

    serial = reports("1")
    assert serial[0] == 2
    assert all(serial[3].values())
    assert reports("2") == serial
    assert parallel_calls == [2]


@needs_fork
def test_standard_input_and_options_are_the_same_in_parallel(in_corpus, monkeypatch, tmp_path):
    dockerfile = (in_corpus / "realworld" / "billing-worker" / "Dockerfile").read_bytes()

    def run(jobs: str) -> tuple[int, bytes]:
        import io

        out = tmp_path / f"{jobs}.json"
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(dockerfile)))
        options = ["--ignore", "DG104", "-t", "error", "-f", "json", "-o", str(out)]
        context = ["--context", "realworld/billing-worker"]
        code = main(["-j", jobs, *options, *context, "-", "generated", "suppressed"])
        return code, out.read_bytes()

    serial = run("1")
    assert b'"file": "-"' in serial[1]
    assert run("4") == serial


def test_the_results_are_the_serial_results_in_order(corpus):
    selection = api.select_paths(["generated", "realworld", "suppressed"], cwd=corpus)
    serial = api.lint_selection(selection, cwd=corpus)
    both = api.lint_selection(selection, cwd=corpus, jobs=2)
    assert both == serial
    assert [f.path for f in both.files] == [t.path for t in selection.targets]
    assert any(f.suppression is not None for f in both.findings)


@pytest.mark.parametrize("jobs", [0, -1])
def test_the_api_refuses_fewer_than_one_job(corpus, jobs):
    selection = api.select_paths(["suppressed"], cwd=corpus)
    with pytest.raises(api.UsageError, match="at least 1"):
        api.lint_selection(selection, jobs=jobs)


# ---------------------------------------------------------------- the command line


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--jobs", "0"), "'0' is not a number of processes (1 or more)"),
        (("--jobs", "abc"), "'abc' is not a number of processes"),
        (("-j", "-2"), "'-2' is not a number of processes"),
        (("--jobs=1.5",), "'1.5' is not a number of processes"),
    ],
)
def test_a_bad_number_of_jobs_is_a_usage_error(corpus, capsys, monkeypatch, args, message):
    monkeypatch.chdir(corpus)
    assert main([*args, "suppressed"]) == 2
    err = capsys.readouterr().err
    assert "Invalid value for '--jobs' / '-j'" in err
    assert message in err


def test_help_documents_jobs(capsys):
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "-j, --jobs N" in out
    assert f"at least {parallel.MIN_FILES_FOR_WORKERS} files" in out
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "| `-j`, `--jobs N` |" in readme
    assert f"at least {parallel.MIN_FILES_FOR_WORKERS} files" in readme


@needs_fork
def test_the_default_goes_parallel_only_from_the_threshold_on(
    tmp_path, capsysbinary, monkeypatch, parallel_calls
):
    monkeypatch.setattr(parallel, "available_cpus", lambda: 4)
    monkeypatch.chdir(tmp_path)
    generate = _generate_module()
    few = parallel.MIN_FILES_FOR_WORKERS - 1
    generate.write_corpus(tmp_path / "few", few)
    generate.write_corpus(tmp_path / "enough", parallel.MIN_FILES_FOR_WORKERS)
    _run(capsysbinary, "-f", "json", "few")
    assert parallel_calls == []
    _run(capsysbinary, "-f", "json", "enough")
    assert parallel_calls == [4]
    _run(capsysbinary, "-f", "json", "--jobs", "1", "enough")
    assert parallel_calls == [4]


def test_default_jobs_decision():
    threshold = parallel.MIN_FILES_FOR_WORKERS
    assert threshold > 1
    assert parallel.default_jobs(0, cpus=8) == 1
    assert parallel.default_jobs(1, cpus=8) == 1
    assert parallel.default_jobs(threshold - 1, cpus=8) == 1
    assert parallel.default_jobs(threshold, cpus=8) == 8
    assert parallel.default_jobs(100_000, cpus=8) == 8
    assert parallel.default_jobs(100_000, cpus=1) == 1
    assert parallel.default_jobs(100_000) == parallel.available_cpus()


def test_available_cpus_follows_the_affinity_mask(monkeypatch):
    assert parallel.available_cpus() >= 1
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 3, 5}, raising=False)
    assert parallel.available_cpus() == 3
    monkeypatch.delattr(os, "sched_getaffinity", raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: None)
    assert parallel.available_cpus() == 1


@pytest.mark.parametrize(("count", "parts"), [(0, 4), (1, 4), (7, 3), (10, 4), (100, 8), (5, 9)])
def test_split_covers_everything_in_order(count, parts):
    pieces = parallel.split(count, parts)
    assert [i for start, stop in pieces for i in range(start, stop)] == list(range(count))
    assert len(pieces) == min(count, parts)
    sizes = [stop - start for start, stop in pieces]
    assert not sizes or (min(sizes) >= 1 and max(sizes) - min(sizes) <= 1)


def test_a_few_files_do_not_import_multiprocessing(tmp_path):
    _generate_module().write_corpus(tmp_path, 3)
    code = (
        "import sys\n"
        "from dockerlint_go.cli import main\n"
        f"status = main(['--no-color', {str(tmp_path)!r}])\n"
        "assert status in (0, 1), status\n"
        "heavy = sorted(m for m in ('multiprocessing', 'concurrent') if m in sys.modules)\n"
        "assert not heavy, heavy\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, cwd=REPO)


# ---------------------------------------------------------------- what travels between processes


def test_everything_that_travels_pickles():
    suppression = Suppression(SuppressionScope.STAGE, 4, "reason")
    confirmation = Confirmation(ConfirmStatus.CONFIRMED, "evidence", ("a", "b"), "buildkit", 1.5)
    finding = Finding(
        path="a/Dockerfile",
        code="DG101",
        name="root-owned-module-cache",
        severity=Severity.WARNING,
        message="m",
        span=Span(1, 2, 3, 4),
        fix="f",
        suppression=suppression,
        confirmation=confirmation,
    )
    file = FileResult("a/Dockerfile", (finding,), ("FROM x",), "/ctx", "KeyError: 'x'")
    target = api.Target(path="a", location="/a", error="denied")
    for value in (suppression, confirmation, finding, file, LintResult((file,)), target):
        copy = pickle.loads(pickle.dumps(value, pickle.HIGHEST_PROTOCOL))
        assert copy == value
        assert type(copy) is type(value)
        assert repr(copy) == repr(value)


def test_a_pickled_linter_lints_the_same(corpus):
    selection = api.select_paths(["realworld", "suppressed"], cwd=corpus)
    linter = api.TargetLinter(dockerlint_go.rules.ALL_RULES, None, None, str(corpus))
    copy = pickle.loads(pickle.dumps(linter))
    assert [copy.lint(t) for t in selection.targets] == [linter.lint(t) for t in selection.targets]


def test_spawned_workers_give_the_same_result(corpus, monkeypatch, capsysbinary):
    """The start method of macOS and Windows: the linter, its rules and the configuration are
    pickled for each worker."""
    monkeypatch.setattr(
        parallel, "_multiprocessing_context", lambda: multiprocessing.get_context("spawn")
    )
    monkeypatch.chdir(corpus)
    args = ["--ignore", "DG104", "--warning", "DG101", "--file-path-in-report", "x/Dockerfile"]
    args += ["-f", "json", "generated", "realworld"]
    serial = _run(capsysbinary, "-j", "1", *args)
    assert b'"file": "x/Dockerfile"' in serial[1]
    assert _run(capsysbinary, "-j", "2", *args) == serial


def test_without_workers_the_parent_lints_everything(corpus, monkeypatch):
    """When no process can be started (fork refused), the chunks are linted in this one."""

    class Refused:
        def __init__(self, *args: object, **kwargs: object) -> None:
            pass

        def start(self) -> None:
            raise OSError(11, "Resource temporarily unavailable")

    class Context:
        Pipe = staticmethod(multiprocessing.Pipe)
        Process = Refused

    monkeypatch.setattr(parallel, "_multiprocessing_context", Context)
    selection = api.select_paths(["generated", "suppressed"], cwd=corpus)
    serial = api.lint_selection(selection, cwd=corpus)
    assert api.lint_selection(selection, cwd=corpus, jobs=3) == serial


# ---------------------------------------------------------------- dead workers and Ctrl-C

# A child process: the real command, plus a rule that misbehaves in worker processes only.
CHILD = """\
import os, signal, sys, time
import dockerlint_go.rules as rules
from dockerlint_go.findings import Severity
from dockerlint_go.rules import Rule
from dockerlint_go.cli import main
PARENT = os.getpid()
def misbehaves(model):
    if os.getpid() != PARENT:
        if any("die here" in line for line in model.parsed.lines):
            os.kill(os.getpid(), signal.SIGKILL)
        if os.environ.get("STARTED"):
            open(os.environ["STARTED"], "a").close()
            time.sleep(0.2)
    yield from ()
extra = Rule("DG951", "misbehaves", Severity.INFO, "s", "", misbehaves)
rules.ALL_RULES = (*rules.ALL_RULES, extra)
sys.exit(main(sys.argv[1:]))
"""


def _child(*args: str, cwd: Path, **popen: object) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if k not in {"NO_COLOR", "FORCE_COLOR", "TERM"}}
    env["PYTHONPATH"] = str(REPO)
    env.update(popen.pop("env", {}))
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, *args],
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        **popen,
    )


@pytest.fixture
def dying_corpus(tmp_path: Path) -> Path:
    _generate_module().write_corpus(tmp_path / "generated", 40)
    (tmp_path / "generated" / "0013-dies").mkdir()
    (tmp_path / "generated" / "0013-dies" / "Dockerfile").write_text(
        "FROM golang:1.22\n# die here\nRUN go build ./...\n"
    )
    return tmp_path


def _findings_by_file(report: bytes) -> dict[str, list[dict[str, object]]]:
    files: dict[str, list[dict[str, object]]] = {}
    for finding in json.loads(report):
        files.setdefault(str(finding["file"]), []).append(finding)
    return files


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX signals")
def test_a_killed_worker_costs_its_chunk_only_and_the_run_ends(dying_corpus):
    serial = _child("-j", "1", "-f", "json", "generated", cwd=dying_corpus)
    serial_out, _ = serial.communicate(timeout=120)
    assert serial.returncode == 1  # the rule only misbehaves in workers
    killed = _child("-j", "2", "-f", "json", "generated", cwd=dying_corpus)
    out, err = killed.communicate(timeout=120)  # a hang fails here
    assert killed.returncode == 2, err

    expected, got = _findings_by_file(serial_out), _findings_by_file(out)
    lost = sorted(
        path
        for path, findings in got.items()
        if [f["code"] for f in findings] == ["DG000"]
        and "was killed by SIGKILL" in str(findings[0]["message"])
    )
    assert "generated/0013-dies/Dockerfile" in lost
    assert 0 < len(lost) < 41 // 2  # one chunk of about 41 / (2 * CHUNKS_PER_WORKER) files
    assert {path: findings for path, findings in got.items() if path not in lost} == {
        path: findings for path, findings in expected.items() if path not in lost
    }
    lines = err.decode().splitlines()
    assert len(lines) == len(lost)
    assert all(
        "internal error while linting generated/" in line and "SIGKILL" in line for line in lines
    )


@pytest.mark.skipif(not hasattr(os, "killpg"), reason="POSIX process groups")
def test_ctrl_c_stops_the_workers_and_exits_130(dying_corpus, tmp_path):
    shutil.rmtree(dying_corpus / "generated" / "0013-dies")
    started = tmp_path / "started"
    # SIGINT as a terminal leaves it: a test run started in the background (nohup, CI) may
    # have it ignored, and Python then installs no KeyboardInterrupt handler at all.
    child = _child(
        "-j", "2", "generated", cwd=dying_corpus, env={"STARTED": str(started)},
        start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while not started.exists():  # a worker is linting: 0.2 s a file, 40 files
            assert child.poll() is None, child.communicate()
            assert time.monotonic() < deadline, "no worker started"
            time.sleep(0.01)
        os.killpg(child.pid, signal.SIGINT)  # what a terminal's Ctrl-C does
        out, err = child.communicate(timeout=60)  # a hang fails here
    finally:
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGKILL)
            child.communicate()
    assert child.returncode == 130
    assert b"Traceback" not in err, err.decode()
    assert out == b""
    deadline = time.monotonic() + 30
    while True:  # no worker outlives the command
        try:
            os.killpg(child.pid, 0)
        except ProcessLookupError:
            break
        assert time.monotonic() < deadline, "a worker process is still running"
        time.sleep(0.05)
