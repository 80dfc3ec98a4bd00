"""What the Dockerfile tells about file ownership: an ordered list of facts, latest wins."""

from __future__ import annotations

import enum
import posixpath
from dataclasses import dataclass


class Origin(enum.Enum):
    """What established a fact."""

    IMAGE = "base image"
    COPY = "COPY"
    CHOWN = "chown"
    CHMOD = "chmod"
    MKDIR = "mkdir"
    HOME = "home directory"
    WORKDIR = "WORKDIR"
    MODULE_CACHE = "module cache fill"


class Scope(enum.Enum):
    SELF = "self"  # the path only
    TREE = "tree"  # the path and everything below it
    CONTENTS = "contents"  # everything below the path, not the path itself


@dataclass(frozen=True, slots=True)
class PathFact:
    path: str  # absolute and normalised
    owner: str | None  # a user name, or a numeric uid as text; None when unknown
    mode: int | None  # permission bits when known
    scope: Scope
    origin: Origin
    line: int  # 1-based line of the instruction that established it; 0 for the base image
    detail: str = ""  # e.g. the go command that filled a cache

    def covers(self, path: str) -> bool:
        if path == self.path:
            return self.scope is not Scope.CONTENTS
        if self.scope is Scope.SELF:
            return False
        return is_below(path, self.path)


def normalize(path: str, cwd: str = "/") -> str:
    """An absolute, normalised POSIX path (``cwd`` resolves relative paths)."""
    joined = posixpath.join(cwd or "/", path) if not path.startswith("/") else path
    norm = posixpath.normpath(joined)
    return "/" if norm in (".", "//") else norm.replace("//", "/")


def is_below(path: str, ancestor: str) -> bool:
    """True when ``path`` is strictly inside directory ``ancestor``."""
    if ancestor == "/":
        return path != "/"
    return path.startswith(ancestor + "/")


def is_at_or_below(path: str, ancestor: str) -> bool:
    return path == ancestor or is_below(path, ancestor)


@dataclass(frozen=True, slots=True)
class FileSystem:
    facts: tuple[PathFact, ...] = ()

    def add(self, *facts: PathFact) -> FileSystem:
        return FileSystem(self.facts + facts)

    def fact_for(self, path: str) -> PathFact | None:
        """The latest fact that applies to ``path`` itself."""
        for fact in reversed(self.facts):
            if fact.covers(path):
                return fact
        return None

    def nearest(self, path: str) -> tuple[str, PathFact] | None:
        """The closest of ``path`` and its ancestors that a fact applies to, with that fact."""
        current = path
        while True:
            fact = self.fact_for(current)
            if fact is not None:
                return current, fact
            if current == "/":
                return None
            current = posixpath.dirname(current)

    def exists(self, path: str) -> bool | None:
        """Whether the path is known to exist (True), known not to (False), or unknown (None).

        A path nobody created below an existing directory of the base image is taken not to
        exist: the base images we know do not ship it.
        """
        if self.fact_for(path) is not None:
            return True
        found = self.nearest(path)
        if found is None:
            return None
        return False
