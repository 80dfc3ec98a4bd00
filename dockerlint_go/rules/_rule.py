"""Rule metadata and the Hit a rule's check yields."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dockerlint_go.findings import Severity
from dockerlint_go.model.span import Span

if TYPE_CHECKING:
    from dockerlint_go.model.stages import DockerfileModel


@dataclass(frozen=True, slots=True)
class Hit:
    """What a rule found, before it is placed in a file."""

    span: Span
    message: str
    severity: Severity | None = None  # None: the rule's default severity
    fix: str | None = None


Check = Callable[["DockerfileModel"], Iterator[Hit]]


@dataclass(frozen=True, slots=True)
class Rule:
    code: str  # "DG101": never renamed, never reused
    name: str  # kebab-case, states the problem
    severity: Severity  # the default severity
    summary: str  # one static sentence
    # Markdown with the headings What it does / Why is this bad? / Example / Use instead /
    # References.
    doc: str
    check: Check

    @property
    def doc_url(self) -> str:
        return f"{DOCS_BASE_URL}/{self.code}.md"


DOCS_BASE_URL = "https://github.com/dockerlint-go/dockerlint-go/blob/main/rules"
