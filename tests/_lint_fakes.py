"""A stand-in parse layer, model and rule set for the API and CLI tests.

The real parser, model and rules are written separately; these fakes let the API, CLI and
reporters be tested on exact output without depending on them. The fake parser splits lines and
calls a line starting with ``BAD`` a parse problem; the fake rules look at the lines only.

``install()`` patches them into the package (for a subprocess: ``python -c BOOT args``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from dockerlint_go.findings import Severity, Span
from dockerlint_go.rules._rule import Hit, Rule


@dataclass(frozen=True, slots=True)
class FakeProblem:
    message: str
    span: Span


@dataclass(frozen=True, slots=True)
class FakeParsed:
    lines: tuple[str, ...]
    problems: tuple[FakeProblem, ...]
    # What lint_text reads for inline suppressions: the fakes have neither.
    instructions: tuple[()] = ()
    comments: tuple[()] = ()


@dataclass(frozen=True, slots=True)
class FakeModel:
    parsed: FakeParsed


def fake_parse(data: bytes | str) -> FakeParsed:
    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
    lines = tuple(text.splitlines())
    problems = tuple(
        FakeProblem(f"unknown instruction {line.split()[0]}", Span(n, 1, n, len(line) + 1))
        for n, line in enumerate(lines, 1)
        if line.startswith("BAD")
    )
    return FakeParsed(lines, problems)


def fake_build_model(parsed: FakeParsed, context: object = None) -> FakeModel:
    if any("CRASH" in line for line in parsed.lines):
        raise RuntimeError("model fold failed\nsecond line of the message")
    return FakeModel(parsed)


def _parse_errors(model: FakeModel) -> Iterator[Hit]:
    for problem in model.parsed.problems:
        yield Hit(problem.span, problem.message)


def _go_get(model: FakeModel) -> Iterator[Hit]:
    for n, line in enumerate(model.parsed.lines, 1):
        col = line.find("go get")
        if col >= 0:
            hit = Hit(
                Span(n, col + 1, n, col + 7),
                f"`go get` at line {n} writes the module cache",
                fix="Run `go mod download` before switching users.",
            )
            yield hit
            yield hit  # a duplicate the API must drop


def _latest(model: FakeModel) -> Iterator[Hit]:
    for n, line in enumerate(model.parsed.lines, 1):
        col = line.find(":latest")
        if col >= 0:
            severity = Severity.WARNING if "golang:latest" in line else None
            yield Hit(Span(n, col + 1, n, col + 8), "image tag `latest` moves", severity)


def _whole_file(model: FakeModel) -> Iterator[Hit]:
    lines = model.parsed.lines
    if len(lines) >= 2 and lines[0].startswith("# multi"):
        yield Hit(Span(1, 3, 2, len(lines[1]) + 1), "a finding spanning two lines")


PARSE_ERROR = Rule(
    code="DG000",
    name="parse-error",
    severity=Severity.ERROR,
    summary="The file cannot be read or parsed as a Dockerfile.",
    doc="## What it does\nReports unreadable files.\n\n## Why is this bad?\nThe builder fails.\n",
    check=_parse_errors,  # type: ignore[arg-type]
)
GO_GET = Rule(
    code="DG901",
    name="go-get-seen",
    severity=Severity.ERROR,
    summary="A go get runs.",
    doc=(
        "## What it does\nFlags `go get`\nin any line.\n\n"
        "## Example\n```dockerfile\nRUN go get x\n```\n"
    ),
    check=_go_get,  # type: ignore[arg-type]
)
LATEST = Rule(
    code="DG902",
    name="latest-tag",
    severity=Severity.INFO,
    summary="An image tag is latest.",
    doc="",
    check=_latest,  # type: ignore[arg-type]
)
MULTI = Rule(
    code="DG903",
    name="multi-line",
    severity=Severity.WARNING,
    summary="Spans lines.",
    doc="## What it does\nSpans two lines.\n",
    check=_whole_file,  # type: ignore[arg-type]
)
FAKE_RULES: tuple[Rule, ...] = (PARSE_ERROR, GO_GET, LATEST, MULTI)


def install() -> None:
    """Replace the parser, model builder and rule registry seen by the API and the CLI."""
    import dockerlint_go.api
    import dockerlint_go.rules

    dockerlint_go.api.parse_dockerfile = fake_parse  # type: ignore[assignment]
    dockerlint_go.api.build_model = fake_build_model  # type: ignore[assignment]
    dockerlint_go.rules.ALL_RULES = FAKE_RULES


# Run the real ``python -m dockerlint_go`` entry point with the fakes installed.
BOOT = (
    "import tests._lint_fakes as f; f.install(); import runpy; "
    "runpy.run_module('dockerlint_go', run_name='__main__', alter_sys=True)"
)
