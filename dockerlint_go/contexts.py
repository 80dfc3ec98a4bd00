"""Which build context each Dockerfile is linted with.

``docker build -f PATH DIR`` sends DIR; the linter needs the same directory to know what COPY
brings. It comes from (in this order):

1. ``--context DIR`` (absolute, or relative to the current directory): every Dockerfile of the
   run;
2. the ``context`` setting of a configuration file (or ``DOCKERLINT_GO_CONTEXT``), relative to
   each Dockerfile's directory (an absolute value is taken as it is);
3. otherwise, detection: what a user would pass to ``docker build``. The Dockerfile's own
   directory when every source its COPY/ADD instructions name exists there, otherwise the
   nearest ancestor, up to the repository root (the directory holding ``.git``), where they do.
   A Dockerfile that names no source but ``.`` gets the nearest of those directories that
   holds a ``go.mod`` or ``go.work`` (the usual ``docker build -f deploy/Dockerfile .``), or the
   root of the workspace whose ``go.work`` uses that module; one
   that copies nothing from the context gets its own directory. When no directory fits (a
   Dockerfile alone in its directory, say), there is no context and the rules judge COPY by the
   names it writes, as they do for standard input.

Standard input has no context unless ``--context`` gives one. Contexts are shared: the files of
a directory are read once per run, whichever Dockerfiles use it.
"""

from __future__ import annotations

import os

from dockerlint_go.model.context import BuildContext, ContextFiles, relative
from dockerlint_go.model.parse import ParsedDockerfile
from dockerlint_go.record import Record

# How far detection climbs when no repository root is found on the way.
_MAX_CLIMB = 4
_MAGIC = frozenset("*?[")


class ContextOption(Record):
    """How the user asked for the build context."""

    directory: str | None = None  # --context: one directory for every file (absolute)
    relative_to_dockerfile: str | None = None  # the config's ``context``: per Dockerfile


class ContextChoice(Record):
    """The context chosen for one Dockerfile, and why."""

    directory: str | None  # absolute; None: no context
    how: str  # "--context", "configuration", "detected", "none"


class ContextReader:
    """Reads each context directory at most once during a run and hands out per-Dockerfile
    views of it (the ignore file may depend on the Dockerfile)."""

    __slots__ = ("_files", "_matches", "_names")

    def __init__(self) -> None:
        self._files: dict[str, ContextFiles] = {}
        self._names: dict[str, tuple[str, ...]] = {}
        self._matches: dict[tuple[str, str], bool] = {}

    def names(self, directory: str) -> tuple[str, ...]:
        """The entries of ``directory`` (none when it cannot be listed), listed once per run:
        detection tries the same ancestors for every Dockerfile of a tree."""
        found = self._names.get(directory)
        if found is None:
            try:
                found = tuple(os.listdir(directory))
            except OSError:
                found = ()
            self._names[directory] = found
        return found

    def has_match(self, directory: str, pattern: str) -> bool:
        """Whether an entry of ``directory`` matches the wildcard ``pattern`` (no ``/``), as Go's
        filepath.Match reads it: ``*`` matches names that start with a dot too."""
        key = (directory, pattern)
        found = self._matches.get(key)
        if found is None:
            import fnmatch

            found = bool(fnmatch.filter(self.names(directory), pattern))
            self._matches[key] = found
        return found

    def view(self, directory: str, dockerfile: str | None) -> BuildContext:
        files = self._files.get(directory)
        if files is None:
            files = self._files[directory] = ContextFiles(directory)
        ignore_path, label = _ignore_file(directory, dockerfile)
        rules = files.ignore_rules(ignore_path, label)
        present = rules is not None or os.path.lexists(ignore_path)
        return BuildContext(files, rules, label if present else None)


def _ignore_file(directory: str, dockerfile: str | None) -> tuple[str, str]:
    """The ignore file BuildKit uses: ``<Dockerfile>.dockerignore`` next to the Dockerfile when
    it exists, else the context's ``.dockerignore``; with a label for messages."""
    if dockerfile is not None:
        specific = dockerfile + ".dockerignore"
        if os.path.isfile(specific):
            return specific, _label(specific, directory)
    return os.path.join(directory, ".dockerignore"), ".dockerignore"


def _label(path: str, directory: str) -> str:
    shown = os.path.relpath(os.path.abspath(path), directory)
    if shown == os.pardir or shown.startswith(os.pardir + os.sep):
        return path
    return shown.replace(os.sep, "/")


# Strings and os.path rather than pathlib in this module: it runs on every lint, and importing
# pathlib costs a one-file run about 3 ms.


def choose_context(
    dockerfile: str | None,
    parsed: ParsedDockerfile,
    option: ContextOption,
    cwd: str,
    reader: ContextReader | None = None,
) -> ContextChoice:
    """The context of one Dockerfile (``dockerfile``: its path; None for standard input).

    ``reader`` (the run's) lets detection list each directory once for all the files."""
    if option.directory is not None:
        return ContextChoice(_clean(os.path.join(cwd, option.directory)), "--context")
    if dockerfile is None:
        return ContextChoice(None, "none")
    here = os.path.dirname(_clean(os.path.join(cwd, dockerfile)))
    if option.relative_to_dockerfile is not None:
        return ContextChoice(
            _clean(os.path.join(here, option.relative_to_dockerfile)), "configuration"
        )
    detected = detect_context(here, _named_sources(parsed), reader)
    return ContextChoice(detected, "detected" if detected is not None else "none")


def _clean(path: str) -> str:
    return os.path.normpath(os.path.abspath(path))


def detect_context(
    start: str, sources: tuple[tuple[str, ...], bool], reader: ContextReader | None = None
) -> str | None:
    """The directory ``docker build`` would most likely be given (see the module docs)."""
    named, copies_tree = sources
    candidates = _candidates(start)
    if named:
        for candidate in candidates:
            if all(_source_exists(candidate, source, reader) for source in named):
                return candidate
        return None
    if copies_tree:
        for index, candidate in enumerate(candidates):
            if _has_module(candidate):
                workspace = _workspace_using(candidate, candidates[index + 1 :])
                return workspace or candidate
        return None  # a Dockerfile alone in its directory: its context is elsewhere
    return start


def _candidates(start: str) -> list[str]:
    """``start`` and its ancestors up to the repository root (or a few levels without one)."""
    found = [start]
    while not os.path.lexists(os.path.join(found[-1], ".git")):
        parent = os.path.dirname(found[-1])
        if parent == found[-1]:
            break
        found.append(parent)
    else:
        return found
    return found[: _MAX_CLIMB + 1]


def _workspace_using(module: str, ancestors: list[str]) -> str | None:
    """The nearest ancestor whose go.work lists ``module`` in a ``use`` directive: a workspace
    is built from its root, which holds every module it uses."""
    if os.path.isfile(os.path.join(module, "go.work")):
        return None
    for ancestor in ancestors:
        work = os.path.join(ancestor, "go.work")
        if not os.path.isfile(work):
            continue
        from dockerlint_go.model.gomod import parse_gowork

        try:
            with open(work, encoding="utf-8", errors="replace") as handle:
                text = handle.read()
        except OSError:
            return None
        for use in parse_gowork(text).uses:
            if os.path.realpath(os.path.join(ancestor, use.path)) == os.path.realpath(module):
                return ancestor
        return None
    return None


def _has_module(directory: str) -> bool:
    return os.path.isfile(os.path.join(directory, "go.mod")) or os.path.isfile(
        os.path.join(directory, "go.work")
    )


def _source_exists(directory: str, source: str, reader: ContextReader | None) -> bool:
    rel = relative(source)
    if rel is None:
        return False
    if not _MAGIC.intersection(rel):
        return os.path.lexists(os.path.join(directory, rel) if rel else directory)
    if "/" not in rel and reader is not None:
        return reader.has_match(directory, rel)  # a pattern for the directory's own entries
    import glob

    found = glob.iglob(rel, root_dir=directory, recursive=True, include_hidden=True)
    return next(found, None) is not None


def _named_sources(parsed: ParsedDockerfile) -> tuple[tuple[str, ...], bool]:
    """The context sources the COPY/ADD instructions name (without variables, URLs, other
    stages and heredocs), and whether one of them copies the context's root."""
    named: list[str] = []
    copies_tree = False
    for ins in parsed.instructions:
        if ins.keyword not in ("COPY", "ADD") or ins.has_flag("from") or ins.heredocs:
            continue
        words = list(ins.exec_form) if ins.exec_form is not None else ins.value.split()
        for word in words[:-1]:
            source = word.strip("\"'")
            if "$" in source or "://" in source or source.startswith("git@"):
                continue
            if relative(source) == "":
                copies_tree = True
            elif source not in named:
                named.append(source)
    return tuple(named), copies_tree
