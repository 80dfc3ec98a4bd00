"""The confirm fixtures as data: what each case is and what its build shows."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "fixtures" / "confirm"


@dataclass(frozen=True, slots=True)
class Case:
    rule: str
    name: str  # "bad", "fixed", "fixed-cache-mount"
    builds: bool  # with the classic builder
    log_line: str  # a line the classic build log must contain
    # What a confirmed bad case's evidence must contain, when not all of log_line (go may
    # print several lines about the same error, and the engine quotes the first).
    evidence: str | None = None
    buildkit: bool = False  # needs BuildKit (RUN --mount), which confirm mode uses for it

    @property
    def path(self) -> Path:
        return FIXTURES / self.rule / self.name

    @property
    def id(self) -> str:
        return f"{self.rule}/{self.name}"

    @property
    def bad(self) -> bool:
        return self.name == "bad"


HELLO = "hello, dockerlint-go"

CASES = (
    Case(
        "DG101",
        "bad",
        False,
        "go: writing stat cache: mkdir /go/pkg/mod/cache/download/example.com/extra: "
        "permission denied",
        "mkdir /go/pkg/mod/cache/download/example.com/extra: permission denied",
    ),
    Case("DG101", "fixed", True, HELLO),
    # Builds fine: the problem is the cache miss after an edit, not a failure.
    Case("DG102", "bad", True, HELLO),
    Case("DG102", "fixed", True, HELLO),
    Case(
        "DG102", "fixed-cache-mount", False, "the --mount option requires BuildKit", buildkit=True
    ),
    Case("DG103", "bad", False, "go: updating go.mod: open /app/go.mod: permission denied"),
    Case("DG103", "fixed", True, HELLO),
    Case(
        "DG104",
        "bad",
        False,
        "go: could not create module cache: mkdir /home/app: permission denied",
    ),
    Case("DG104", "fixed", True, HELLO),
    # su as a non-root user asks for root's password (the prompt shares the line).
    Case(
        "DG105", "bad", False, "Password: su: Authentication failure", "su: Authentication failure"
    ),
    Case("DG105", "fixed", True, HELLO),
    Case(
        "DG106",
        "bad",
        False,
        "failed to initialize build cache at /home/app/.cache/go-build: mkdir /home/app: "
        "permission denied",
    ),
    Case("DG106", "fixed", True, HELLO),
    # BuildKit cases: the classic build (test_fixtures_build) rejects --mount; confirm mode
    # builds them with BuildKit, where the bad case fails with the evidence below.
    Case(
        "DG107",
        "bad",
        False,
        "the --mount option requires BuildKit",
        "mkdir /go/pkg/mod/cache: permission denied",
        buildkit=True,
    ),
    Case("DG107", "fixed", False, "the --mount option requires BuildKit", buildkit=True),
    # Builds with BuildKit: the evidence is the empty cache mount a second build finds.
    Case(
        "DG108",
        "bad",
        False,
        "the --mount option requires BuildKit",
        "the cache mount target=/go/mod/pkg holds no file",
        buildkit=True,
    ),
    Case("DG108", "fixed", False, "the --mount option requires BuildKit", buildkit=True),
    Case(
        "DG109", "bad", False, "/src/go.mod:3: invalid go version '1.21.0': must match format 1.23"
    ),
    Case("DG109", "fixed", True, HELLO),
    Case(
        "DG110",
        "bad",
        False,
        "go: example.com/greeting@v1.0.0 (replaced by ../greeting): reading /greeting/go.mod: "
        "open /greeting/go.mod: no such file or directory",
    ),
    Case("DG110", "fixed", True, HELLO),
    # go mod download passes without go.sum; the -mod=readonly build does not.
    Case(
        "DG111",
        "bad",
        False,
        "main.go:6:2: missing go.sum entry for module providing package example.com/greeting "
        "(imported by example.com/app)",
    ),
    Case("DG111", "fixed", True, HELLO),
    # Both build and run in the builder; the bad binary fails to start on scratch, which
    # confirm mode shows by running the final image.
    Case("DG113", "bad", True, HELLO, "exec /app: no such file or directory"),
    Case("DG113", "fixed", True, HELLO),
    # go get outside a module (WORKDIR is /go): refused since Go 1.18.
    Case("DG119", "bad", False, "'go get' is no longer supported outside a module."),
    Case("DG119", "fixed", True, "hello from a Go tool"),
    # Builds fine: the container compiles when it starts, which confirm mode shows by starting
    # the final image with GOFLAGS=-x (each compile and link is printed).
    Case("DG122", "bad", True, 'CMD ["go", "run", "."]', "starting the image ran the go toolchain"),
    Case("DG122", "fixed", True, 'CMD ["/out/app"]'),
    Case("DG123", "bad", False, "go: /src/go.mod already exists"),
    Case("DG123", "fixed", True, HELLO),
)
