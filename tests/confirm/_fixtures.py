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
        "go: example.com/extra@v1.0.0: mkdir /go/pkg/mod/cache/download/example.com/extra: "
        "permission denied",
    ),
    Case("DG101", "fixed", True, HELLO),
    # Builds fine: the problem is the cache miss after an edit, not a failure.
    Case("DG102", "bad", True, HELLO),
    Case("DG102", "fixed", True, HELLO),
    Case("DG102", "fixed-cache-mount", False, "the --mount option requires BuildKit"),
    Case("DG103", "bad", False, "go: updating go.mod: open /app/go.mod: permission denied"),
    Case("DG103", "fixed", True, HELLO),
    Case(
        "DG104",
        "bad",
        False,
        "go: could not create module cache: mkdir /home/app: permission denied",
    ),
    Case("DG104", "fixed", True, HELLO),
)
