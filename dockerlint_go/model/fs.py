"""What the Dockerfile tells about file ownership: an ordered list of facts, latest wins.

The fold adds facts one instruction at a time and keeps every intermediate ``FileSystem`` (each
step's state before it runs), so adding must not copy what came before and a lookup must not
scan it: a file with thousands of ``RUN mkdir``/``chown`` steps would otherwise take time
quadratic in its length. A ``FileSystem`` is therefore a prefix of a shared, append-only log
that indexes its facts by path; a lookup visits the path and its ancestors only.
"""

from __future__ import annotations

import enum
import posixpath
from bisect import bisect_left
from collections.abc import Iterable

from dockerlint_go.record import Record


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


class PathFact(Record):
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
    """An absolute, normalised POSIX path (``cwd`` resolves relative paths; a relative ``cwd``
    is taken relative to ``/``, so that the result is absolute whatever the input)."""
    if not path.startswith("/"):
        path = posixpath.join(cwd if cwd.startswith("/") else "/" + cwd, path)
    norm = posixpath.normpath(path)
    return "/" if norm in (".", "//") else norm.replace("//", "/")


def is_below(path: str, ancestor: str) -> bool:
    """True when ``path`` is strictly inside directory ``ancestor``."""
    if ancestor == "/":
        return path != "/"
    return path.startswith(ancestor + "/")


def is_at_or_below(path: str, ancestor: str) -> bool:
    return path == ancestor or is_below(path, ancestor)


def _ancestor_keys(path: str) -> list[str]:
    """Every string ``a`` for which ``is_below(path, a)`` holds: each prefix of ``path`` that a
    ``/`` follows (the empty one included), and ``/`` unless ``path`` is ``/``. For a
    normalised path these are its ancestors, and ``""``."""
    keys: list[str] = []
    cut = path.rfind("/")
    while cut >= 0:
        keys.append(path[:cut])
        cut = path.rfind("/", 0, cut)
    if path != "/" and not path.startswith("//"):  # "//x" already gave "/"
        keys.append("/")
    return keys


def _latest(seqs: list[int] | None, size: int) -> int:
    """The highest of the ascending ``seqs`` below ``size``, or -1."""
    if not seqs:
        return -1
    if seqs[-1] < size:
        return seqs[-1]
    at = bisect_left(seqs, size)
    return seqs[at - 1] if at else -1


class _Log:
    """The facts of one build in order, indexed by path; shared by the snapshots taken of it.

    Deliberately mutable and private to this module. A ``FileSystem`` is a prefix
    ``(log, size)`` of a log and only ever reads entries numbered below ``size``, so extending
    the log leaves every existing snapshot answering as before. One log serves the lint of one
    file: it is not meant to be shared between threads.
    """

    __slots__ = ("below", "facts", "itself")

    def __init__(self, facts: Iterable[PathFact] = ()) -> None:
        self.facts: list[PathFact] = []
        # For each path, the ascending sequence numbers (positions in ``facts``) of the facts
        # at that path that cover the path itself (SELF, TREE), and of those that cover what
        # lies strictly below it (TREE, CONTENTS).
        self.itself: dict[str, list[int]] = {}
        self.below: dict[str, list[int]] = {}
        self.extend(facts)

    def extend(self, facts: Iterable[PathFact]) -> None:
        for fact in facts:
            seq = len(self.facts)
            self.facts.append(fact)
            if fact.scope is not Scope.CONTENTS:
                self.itself.setdefault(fact.path, []).append(seq)
            if fact.scope is not Scope.SELF:
                self.below.setdefault(fact.path, []).append(seq)


class FileSystem:
    """The ownership facts known at one point of a build, in the order they were established.

    ``FileSystem(facts)`` starts a build; ``add`` returns a new value and never changes the one
    it is called on. Adding to the latest value of a build (the usual case: the fold goes
    forward) costs the facts added; adding to an older one, as a second stage built ``FROM``
    the same stage does, first copies the facts that value holds. A lookup costs
    O(depth of the path x log(number of facts)).
    """

    __slots__ = ("_log", "_size")

    _log: _Log
    _size: int

    def __init__(self, facts: Iterable[PathFact] = ()) -> None:
        log = _Log(facts)
        object.__setattr__(self, "_log", log)
        object.__setattr__(self, "_size", len(log.facts))

    @classmethod
    def _snapshot(cls, log: _Log, size: int) -> FileSystem:
        made = object.__new__(cls)
        object.__setattr__(made, "_log", log)
        object.__setattr__(made, "_size", size)
        return made

    @property
    def facts(self) -> tuple[PathFact, ...]:
        """Every fact, oldest first (a new tuple: O(number of facts))."""
        return tuple(self._log.facts[: self._size])

    def __setattr__(self, key: str, value: object) -> None:
        raise AttributeError(f"cannot assign to {key!r}: a FileSystem is immutable")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, FileSystem):
            return NotImplemented
        if self._size != other._size:
            return False
        return self._log is other._log or self.facts == other.facts

    def __hash__(self) -> int:
        return hash(self.facts)

    def __repr__(self) -> str:
        return f"FileSystem(facts={self.facts!r})"

    def add(self, *facts: PathFact) -> FileSystem:
        """This file system with ``facts`` established after everything it holds."""
        if not facts:
            return self
        log = self._log
        if self._size != len(log.facts):
            # Not the tip: the log holds facts this value does not have. Branch off a copy.
            log = _Log(log.facts[: self._size])
        log.extend(facts)
        return FileSystem._snapshot(log, len(log.facts))

    def fact_for(self, path: str) -> PathFact | None:
        """The latest fact that applies to ``path`` itself."""
        log, size = self._log, self._size
        best = _latest(log.itself.get(path), size)
        below = log.below
        if below:
            for key in _ancestor_keys(path):
                seqs = below.get(key)
                if seqs:
                    best = max(best, _latest(seqs, size))
        return log.facts[best] if best >= 0 else None

    def nearest(self, path: str) -> tuple[str, PathFact] | None:
        """The closest of ``path`` and its ancestors that a fact applies to, with that fact.

        The ancestors are those ``posixpath.dirname`` gives; a relative path ends at ``""``
        (which no fact is about, though ``/`` covers it like everything else).
        """
        fact = self.fact_for(path)
        if fact is not None:
            return path, fact
        if path.startswith("/") and normalize(path) == path:
            # No fact covers ``path``, so none covers anything below one of its ancestors: an
            # ancestor is known only through a fact about itself.
            log, size = self._log, self._size
            cut = path.rfind("/")
            while cut >= 0:
                ancestor = path[:cut] or "/"
                seq = _latest(log.itself.get(ancestor), size)
                if seq >= 0:
                    return ancestor, log.facts[seq]
                cut = path.rfind("/", 0, cut) if cut else -1
            return None
        current = path
        while True:  # anything else, step by step; dirname shortens until a fixed point
            parent = posixpath.dirname(current)
            if parent == current:
                return None
            current = parent
            fact = self.fact_for(current)
            if fact is not None:
                return current, fact

    def exists(self, path: str) -> bool | None:
        """Whether the path is known to exist (True), known not to (False), or unknown (None).

        A path nobody created below an existing directory of the base image is taken not to
        exist: the base images we know do not ship it.
        """
        found = self.nearest(path)
        if found is None:
            return None
        return found[0] == path
