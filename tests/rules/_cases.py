"""The shape of a rule's test table: a Dockerfile and the findings it must give."""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Case:
    id: str
    dockerfile: str
    # (line, severity) of every finding the rule must report; empty: the rule stays silent.
    expect: tuple[tuple[int, str], ...] = ()
    # Substrings the first finding's message must contain.
    message_has: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return textwrap.dedent(self.dockerfile).lstrip("\n")


# A file of the build context, declared in comments of a Dockerfile (doc examples, context
# cases): ``# go.mod in the build context:`` and then the file's lines, each under ``#   ``.
_CONTEXT_FILE = re.compile(r"# (\S+) in the build context:")


def context_files(dockerfile: str) -> dict[str, str]:
    """The build-context files a Dockerfile declares in its comments, by name."""
    files: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in dockerfile.splitlines():
        header = _CONTEXT_FILE.fullmatch(line)
        if header:
            current = files.setdefault(header.group(1), [])
        elif current is not None and (line.startswith("#   ") or line == "#"):
            current.append(line[4:])
        else:
            current = None
    return {name: "\n".join(lines) + "\n" for name, lines in files.items()}
