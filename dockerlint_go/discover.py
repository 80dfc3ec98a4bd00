"""Find the Dockerfiles below a directory.

Only directories are searched: a file named on the command line is linted whatever its name,
and that decision belongs to the caller. The walk uses ``os.scandir``, never follows a symbolic
link to a directory (so a link loop cannot trap it), skips the directories that hold other
people's code or tool caches, and returns paths in a deterministic order.
"""

from __future__ import annotations

import os

from dockerlint_go.record import Record

__all__ = ["SKIPPED_DIRECTORIES", "Discovery", "find_dockerfiles", "is_dockerfile_name"]

SKIPPED_DIRECTORIES = frozenset({".git", "node_modules", "vendor", ".venv", "__pycache__"})
"""Directory names never entered during a search (a directory named explicitly is searched)."""

_EXACT_NAMES = frozenset({"Dockerfile", "Containerfile", "dockerfile"})
_PREFIXES = ("Dockerfile.", "Dockerfile-", "Containerfile.")
_SUFFIXES = (".Dockerfile", ".dockerfile")
# Files that share a Dockerfile's name but are not Dockerfiles: BuildKit's per-Dockerfile ignore
# files (``Dockerfile.dockerignore``, ``app.Dockerfile.dockerignore``), Podman's equivalent, and
# editor or patch leftovers, and documents about Dockerfiles (a man page such as
# ``Dockerfile.5.md`` is no Dockerfile: read as one, every line would be a parse error).
_NOT_DOCKERFILE_SUFFIXES = (
    ".dockerignore", ".containerignore", ".orig", ".rej", ".swp", "~",
    ".md", ".markdown", ".rst", ".txt", ".adoc", ".asciidoc", ".html", ".htm", ".pdf",
)  # fmt: skip


def is_dockerfile_name(name: str) -> bool:
    """Whether a file found during a search is taken for a Dockerfile (the match is case-sensitive).

    Matches ``Dockerfile``, ``dockerfile``, ``Containerfile``, ``Dockerfile.*``, ``Dockerfile-*``,
    ``Containerfile.*``, ``*.Dockerfile`` and ``*.dockerfile``, except ignore files, editor
    leftovers and documents, such as ``Dockerfile.dockerignore``, ``Dockerfile~`` or
    ``Dockerfile.5.md``. A file named on the command line is linted whatever its name.
    """
    if name in _EXACT_NAMES:
        return True
    if name.endswith(_NOT_DOCKERFILE_SUFFIXES):
        return False
    if name.startswith(_PREFIXES):
        return True
    return name.endswith(_SUFFIXES) and name not in _SUFFIXES


class Discovery(Record):
    """What a search found.

    ``files`` are the directory joined with each file's path below it (OS separators), sorted
    by their POSIX form. ``errors`` pairs a directory that could not be listed with the reason.
    """

    files: tuple[str, ...]
    errors: tuple[tuple[str, str], ...]


def find_dockerfiles(directory: str) -> Discovery:
    """Search ``directory`` recursively for Dockerfiles.

    The directory itself is always entered, even when it is a symbolic link or one of the
    skipped names; below it, directory links and ``SKIPPED_DIRECTORIES`` are not. A link to a
    file is followed; a dangling link, a socket or a pipe is ignored.
    """
    files: list[str] = []
    errors: list[tuple[str, str]] = []
    pending = [directory]
    while pending:
        current = pending.pop()
        try:
            with os.scandir(current) as entries:
                for entry in entries:
                    try:
                        if entry.is_dir(follow_symlinks=False):
                            if entry.name not in SKIPPED_DIRECTORIES:
                                pending.append(entry.path)
                        elif is_dockerfile_name(entry.name) and entry.is_file():
                            files.append(entry.path)
                    except OSError:
                        continue  # vanished or unreadable metadata: not something we can lint
        except OSError as exc:
            errors.append((current, exc.strerror or str(exc)))
    files.sort(key=_posix_key)
    errors.sort(key=lambda item: _posix_key(item[0]))
    return Discovery(files=tuple(files), errors=tuple(errors))


def _posix_key(path: str) -> str:
    return path.replace(os.sep, "/")
