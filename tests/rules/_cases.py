"""The shape of a rule's test table: a Dockerfile and the findings it must give."""

from __future__ import annotations

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
