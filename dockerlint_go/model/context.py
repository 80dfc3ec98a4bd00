"""The build context: the directory ``docker build`` sends to the builder, read as data.

Only what the model asks for is read: the paths COPY/ADD name, the ``go.mod``, ``go.work`` and
``vendor/modules.txt`` files of the modules a go command runs in, and the ignore file. Nothing
walks the whole tree, and nothing is read outside the context: a path that leaves it (``..``,
or a symlink that points out of it) counts as missing, as it does for the builder.

:class:`ContextFiles` holds what was read from one directory; it is shared by every Dockerfile of
a run that uses that directory, so each file is read once per run. Its caches are the only state
it has, and they only ever grow. :class:`BuildContext` is the view of one Dockerfile: the files
plus the ignore rules that apply to it (BuildKit prefers ``<Dockerfile name>.dockerignore`` next
to the Dockerfile over the context's ``.dockerignore``).

A file that cannot be read or parsed is not an exception: it becomes a :class:`ContextProblem`
with its own path and line, which the model hands to the rules (DG002), and linting goes on
without what the file would have told.
"""

from __future__ import annotations

import enum
import os
import posixpath
import stat
from collections.abc import Callable

from dockerlint_go import TYPE_CHECKING
from dockerlint_go.record import Record

if TYPE_CHECKING:
    from typing import Protocol, TypeVar

    # The parsers are imported when a context file is read, not when a file without a context
    # is linted.
    from dockerlint_go.model.dockerignore import IgnoreRules
    from dockerlint_go.model.gomod import GoMod, GoWork, ModProblem

    class _HasProblems(Protocol):
        @property
        def problems(self) -> tuple[ModProblem, ...]: ...

    _Parsed = TypeVar("_Parsed", bound=_HasProblems)

# The files a "dependency manifests first" COPY may bring (DG102): go.mod and its friends, and
# the vendored modules.
MANIFESTS = frozenset({"go.mod", "go.sum", "go.work", "go.work.sum", "vendor"})
# Larger files are not read (a go.mod of several megabytes is not a go.mod).
_MAX_READ = 4 * 1024 * 1024
# Bounds for looking inside an ignored directory that an exclusion pattern may re-include.
_MAX_DEPTH = 6
_MAX_ENTRIES = 2000
_MAGIC = frozenset("*?[\\")


class Kind(enum.Enum):
    FILE = "file"
    DIR = "dir"


class ContextProblem(Record):
    """A context file that could not be read or parsed."""

    file: str  # the file's path relative to the context ("go.mod", "svc/go.mod", ".dockerignore")
    line: int  # 1-based; 0 when the whole file is concerned (it cannot be read)
    column: int
    message: str


def is_manifest(name: str) -> bool:
    """True for a name that only holds dependency manifests (``go.*`` globs included)."""
    base = posixpath.basename(name.rstrip("/"))
    return base in MANIFESTS or base.startswith("go.")


def relative(source: str) -> str | None:
    """A COPY source as a path relative to the context root ("" for the root itself); None when
    it leaves the context. A leading ``/`` means the context root, as it does for COPY."""
    cleaned = posixpath.normpath("/" + source.replace("\\", "/") if source else "/")
    if cleaned.startswith("//"):
        cleaned = cleaned[1:]
    if cleaned in ("/", "/."):
        return ""
    rel = cleaned.lstrip("/")
    if rel == ".." or rel.startswith("../"):
        return None
    return rel


class ContextFiles:
    """What was read from one context directory, cached for the whole run."""

    __slots__ = ("_gomods", "_ignores", "_kinds", "_lists", "_problems", "_real", "_works", "root")

    def __init__(self, root: str) -> None:
        self.root = os.path.abspath(root)
        self._real = os.path.realpath(self.root)
        self._kinds: dict[str, Kind | None] = {}
        self._lists: dict[str, tuple[str, ...]] = {}
        self._gomods: dict[str, GoMod | None] = {}
        self._works: dict[str, GoWork | None] = {}
        self._ignores: dict[str, IgnoreRules | None] = {}
        self._problems: dict[str, tuple[ContextProblem, ...]] = {}

    def _absolute(self, rel: str) -> str:
        return self.root + os.sep + rel if rel else self.root

    def _inside(self, absolute: str) -> bool:
        real = os.path.realpath(absolute)
        return real == self._real or real.startswith(self._real.rstrip(os.sep) + os.sep)

    def kind(self, rel: str) -> Kind | None:
        """Whether ``rel`` is a file, a directory, or missing (or outside the context)."""
        if rel in self._kinds:
            return self._kinds[rel]
        found: Kind | None = None
        absolute = self._absolute(rel)
        try:
            info = os.stat(absolute)
        except (OSError, ValueError):
            info = None
        if info is not None and self._inside(absolute):
            if stat.S_ISDIR(info.st_mode):
                found = Kind.DIR
            elif stat.S_ISREG(info.st_mode):
                found = Kind.FILE
        self._kinds[rel] = found
        return found

    def names(self, rel: str) -> tuple[str, ...]:
        """The entries of directory ``rel``, sorted (empty when it is not a readable directory)."""
        if rel in self._lists:
            return self._lists[rel]
        entries: tuple[str, ...] = ()
        if self.kind(rel) is Kind.DIR:
            try:
                entries = tuple(sorted(os.listdir(self._absolute(rel))))
            except (OSError, ValueError):
                entries = ()
        self._lists[rel] = entries
        return entries

    def _text(self, rel: str) -> str | None:
        """The text of a file, or None (with a problem recorded) when it cannot be read."""
        try:
            with open(self._absolute(rel), "rb") as handle:
                data = handle.read(_MAX_READ + 1)
        except OSError as exc:
            self._problems[rel] = (
                ContextProblem(rel, 0, 0, f"cannot read {rel}: {exc.strerror or exc}"),
            )
            return None
        if len(data) > _MAX_READ:
            self._problems[rel] = (
                ContextProblem(rel, 0, 0, f"{rel} is larger than {_MAX_READ} bytes: not read"),
            )
            return None
        return data.decode("utf-8", "replace")

    def text(self, rel: str) -> str | None:
        """The text of the file ``rel`` (None when it is not a readable file)."""
        return self._text(rel) if self.kind(rel) is Kind.FILE else None

    def gomod(self, directory: str) -> GoMod | None:
        """The parsed ``go.mod`` of a directory of the context (None: there is none, or it
        cannot be read)."""
        if directory not in self._gomods:
            from dockerlint_go.model.gomod import parse_gomod

            self._gomods[directory] = self._parse(directory, "go.mod", parse_gomod)
        return self._gomods[directory]

    def gowork(self, directory: str) -> GoWork | None:
        """The parsed ``go.work`` of a directory of the context, like :meth:`gomod`."""
        if directory not in self._works:
            from dockerlint_go.model.gomod import parse_gowork

            self._works[directory] = self._parse(directory, "go.work", parse_gowork)
        return self._works[directory]

    def _parse(self, directory: str, name: str, parser: Callable[[str], _Parsed]) -> _Parsed | None:
        """Read and parse ``directory/name``, keeping its problems under its path."""
        rel = posixpath.join(directory, name) if directory else name
        if self.kind(rel) is not Kind.FILE:
            return None
        text = self._text(rel)
        if text is None:
            return None
        parsed = parser(text)
        self._problems[rel] = tuple(
            ContextProblem(rel, p.line, p.column, p.message) for p in parsed.problems
        )
        return parsed

    def ignore_rules(self, absolute: str, label: str) -> IgnoreRules | None:
        """The parsed ignore file at ``absolute`` (None when there is none); ``label`` names it
        in problems."""
        if absolute in self._ignores:
            return self._ignores[absolute]
        rules: IgnoreRules | None = None
        try:
            with open(absolute, "rb") as handle:
                data = handle.read(_MAX_READ + 1)
        except FileNotFoundError:
            data = None
        except OSError as exc:
            self._problems[label] = (
                ContextProblem(label, 0, 0, f"cannot read {label}: {exc.strerror or exc}"),
            )
            data = None
        if data is not None:
            from dockerlint_go.model.dockerignore import parse_dockerignore

            rules = parse_dockerignore(data[:_MAX_READ].decode("utf-8", "replace"))
            self._problems[label] = tuple(
                ContextProblem(label, p.line, 1, p.message) for p in rules.problems
            )
        self._ignores[absolute] = rules
        return rules

    def problems(self, rel: str) -> tuple[ContextProblem, ...]:
        """The problems found in the file ``rel`` so far (read it first)."""
        return self._problems.get(rel, ())


class BuildContext(Record):
    """One Dockerfile's view of a context directory: its files minus what is ignored."""

    files: ContextFiles
    ignore: IgnoreRules | None = None
    ignore_file: str | None = None  # the ignore file's label (".dockerignore", "Dockerfile…")

    @property
    def root(self) -> str:
        return self.files.root

    def ignored(self, rel: str) -> bool:
        return bool(rel) and self.ignore is not None and self.ignore.ignored(rel)

    def kind(self, rel: str) -> Kind | None:
        """What ``rel`` is, as the builder sees it (None: missing, ignored or outside)."""
        found = self.files.kind(rel)
        if found is None:
            return None
        if self.ignored(rel):
            # An ignored directory can still bring what an exclusion pattern re-includes.
            if found is Kind.DIR and self.ignore is not None:
                return found if self.ignore.may_reinclude_below(rel) else None
            return None
        return found

    def has_file(self, rel: str) -> bool:
        return self.kind(rel) is Kind.FILE

    def text(self, rel: str) -> str | None:
        """The text of a file the builder would send (None: missing, ignored or unreadable).
        Go sources are read this way when a rule needs their imports (see model.goimports)."""
        return self.files.text(rel) if self.has_file(rel) else None

    def gomod(self, directory: str) -> GoMod | None:
        """The ``go.mod`` of ``directory`` when the builder would send it."""
        rel = posixpath.join(directory, "go.mod") if directory else "go.mod"
        return self.files.gomod(directory) if self.has_file(rel) else None

    def gowork(self, directory: str) -> GoWork | None:
        rel = posixpath.join(directory, "go.work") if directory else "go.work"
        return self.files.gowork(directory) if self.has_file(rel) else None

    def has_vendor(self, directory: str) -> bool:
        """Whether ``directory/vendor/modules.txt`` is sent."""
        return self.has_file(posixpath.join(directory, "vendor/modules.txt").lstrip("/"))

    def matches(self, source: str) -> tuple[str, ...] | None:
        """The context paths a COPY source names (globs expanded), sorted; None when the source
        leaves the context. Missing and ignored paths are not in the answer."""
        rel = relative(source)
        if rel is None:
            return None
        if not _MAGIC.intersection(rel):
            return (rel,) if self.kind(rel) is not None else ()
        found = [""]
        for part in rel.split("/"):
            following: list[str] = []
            for base in found:
                if not _MAGIC.intersection(part):
                    candidate = posixpath.join(base, part) if base else part
                    if self.kind(candidate) is not None:
                        following.append(candidate)
                    continue
                for name in self.files.names(base):
                    if _glob_match(name, part):
                        candidate = posixpath.join(base, name) if base else name
                        if self.kind(candidate) is not None:
                            following.append(candidate)
                if len(following) > _MAX_ENTRIES:
                    break
            found = following
            if not found:
                break
        return tuple(sorted(found))

    def extra_in_tree(self, directory: str) -> tuple[str, ...]:
        """What a copy of ``directory`` brings besides dependency manifests: the paths (relative
        to the context) of its sent entries that are not manifests, sorted. Ignored
        directories are looked into only when an exclusion pattern may re-include something
        below them, and only so deep."""
        extra: list[str] = []
        self._collect_extra(directory, 0, extra)
        return tuple(extra)

    def _collect_extra(self, directory: str, depth: int, extra: list[str]) -> None:
        for name in self.files.names(directory):
            if len(extra) >= _MAX_ENTRIES:
                return
            if name in MANIFESTS:
                continue
            rel = posixpath.join(directory, name) if directory else name
            kind = self.files.kind(rel)
            if kind is None:
                continue
            if not self.ignored(rel):
                extra.append(rel)
            elif (
                kind is Kind.DIR
                and depth < _MAX_DEPTH
                and self.ignore is not None
                and self.ignore.may_reinclude_below(rel)
            ):
                self._collect_extra(rel, depth + 1, extra)


def _glob_match(name: str, pattern: str) -> bool:
    """Go's ``filepath.Match`` for one path element (no ``/`` in either): ``*`` and ``?`` also
    match a leading dot, and ``[^…]`` negates like ``[!…]``."""
    from fnmatch import fnmatchcase

    return fnmatchcase(name, pattern.replace("[^", "[!"))
