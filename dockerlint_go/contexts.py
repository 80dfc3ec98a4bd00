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
from pathlib import Path

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

    __slots__ = ("_files",)

    def __init__(self) -> None:
        self._files: dict[str, ContextFiles] = {}

    def view(self, directory: str, dockerfile: str | None) -> BuildContext:
        files = self._files.get(directory)
        if files is None:
            files = self._files[directory] = ContextFiles(directory)
        ignore_path, label = _ignore_file(Path(directory), dockerfile)
        rules = files.ignore_rules(str(ignore_path), label)
        present = rules is not None or ignore_path.is_symlink() or ignore_path.exists()
        return BuildContext(files, rules, label if present else None)


def _ignore_file(directory: Path, dockerfile: str | None) -> tuple[Path, str]:
    """The ignore file BuildKit uses: ``<Dockerfile>.dockerignore`` next to the Dockerfile when
    it exists, else the context's ``.dockerignore``; with a label for messages."""
    if dockerfile is not None:
        specific = Path(dockerfile + ".dockerignore")
        if specific.is_file():
            return specific, _label(specific, directory)
    return directory / ".dockerignore", ".dockerignore"


def _label(path: Path, directory: Path) -> str:
    try:
        return path.absolute().relative_to(directory).as_posix()
    except ValueError:
        return str(path)


def choose_context(
    dockerfile: str | None, parsed: ParsedDockerfile, option: ContextOption, cwd: str
) -> ContextChoice:
    """The context of one Dockerfile (``dockerfile``: its path; None for standard input)."""
    if option.directory is not None:
        return ContextChoice(_clean(Path(cwd, option.directory)), "--context")
    if dockerfile is None:
        return ContextChoice(None, "none")
    here = Path(cwd, dockerfile).parent
    if option.relative_to_dockerfile is not None:
        return ContextChoice(_clean(here / option.relative_to_dockerfile), "configuration")
    detected = detect_context(_clean(here), _named_sources(parsed))
    return ContextChoice(detected, "detected" if detected is not None else "none")


def _clean(path: Path) -> str:
    return os.path.normpath(path.absolute())


def detect_context(start: str, sources: tuple[tuple[str, ...], bool]) -> str | None:
    """The directory ``docker build`` would most likely be given (see the module docs)."""
    named, copies_tree = sources
    candidates = _candidates(Path(start))
    if named:
        for candidate in candidates:
            if all(_source_exists(candidate, source) for source in named):
                return str(candidate)
        return None
    if copies_tree:
        for index, candidate in enumerate(candidates):
            if _has_module(candidate):
                workspace = _workspace_using(candidate, candidates[index + 1 :])
                return str(workspace or candidate)
        return None  # a Dockerfile alone in its directory: its context is elsewhere
    return start


def _candidates(start: Path) -> list[Path]:
    """``start`` and its ancestors up to the repository root (or a few levels without one)."""
    found = [start]
    for parent in start.parents:
        if (found[-1] / ".git").exists():
            return found
        found.append(parent)
    return found[: _MAX_CLIMB + 1]


def _workspace_using(module: Path, ancestors: list[Path]) -> Path | None:
    """The nearest ancestor whose go.work lists ``module`` in a ``use`` directive: a workspace
    is built from its root, which holds every module it uses."""
    if (module / "go.work").is_file():
        return None
    for ancestor in ancestors:
        work = ancestor / "go.work"
        if not work.is_file():
            continue
        from dockerlint_go.model.gomod import parse_gowork

        try:
            text = work.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
        for use in parse_gowork(text).uses:
            if (ancestor / use.path).resolve() == module.resolve():
                return ancestor
        return None
    return None


def _has_module(directory: Path) -> bool:
    return (directory / "go.mod").is_file() or (directory / "go.work").is_file()


def _source_exists(directory: Path, source: str) -> bool:
    rel = relative(source)
    if rel is None:
        return False
    if not _MAGIC.intersection(rel):
        target = directory / rel if rel else directory
        return target.is_symlink() or target.exists()
    return any(directory.glob(rel))


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
