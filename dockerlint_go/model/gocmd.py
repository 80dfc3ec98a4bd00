"""What a ``go`` (or ``gofmt``) command does to the module cache and the working tree."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from dockerlint_go.model.shell import Command


class CacheWrite(enum.Enum):
    """How a go command uses the module cache."""

    NONE = "none"  # does not resolve modules (go version, go env, go fmt, go vet of std only…)
    MAY = "may"  # resolves modules: writes the cache only when something is missing
    MUST = "must"  # writes the cache whatever its state (download of named modules, go get, …)


@dataclass(frozen=True, slots=True)
class GoCommand:
    command: Command
    verb: str  # "build", "test", "mod download", "mod tidy", "get", "install", "run", "clean", "fmt", "gofmt", …
    resolves_modules: bool
    cache: CacheWrite
    # Paths (as written, relative to the command's directory unless absolute) that the command
    # writes in the working tree: "go.mod", "go.sum", "vendor", "go.work", an output binary name;
    # "." when it may rewrite any source file (go generate, go fmt, gofmt -w).
    writes: tuple[str, ...]
    vendored: bool  # -mod=vendor on the command line
    mod_flag: str | None  # the -mod= value on the command line


def classify_go(command: Command) -> GoCommand | None:
    """Classify a command; None when it is not a go toolchain command."""
    raise NotImplementedError
