"""Rule metadata and the Hit a rule's check yields.

Most rules are a ``check`` over the model. A rule about the inline suppressions themselves
(DG001) cannot be: it needs to know which findings every other rule produced and which of them a
``# dockerlint-go ignore=`` comment covered. Such a rule also has a ``review``, which the API
calls once the suppressions have been applied, with their
:class:`~dockerlint_go.suppress.Outcome`. Rules still never see each other: the API runs the
phases, and the registry stays the one list of rules.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Iterator

from dockerlint_go import TYPE_CHECKING
from dockerlint_go.findings import Severity
from dockerlint_go.fixes import Applicability, Fix
from dockerlint_go.model.span import Span
from dockerlint_go.record import Record

if TYPE_CHECKING:
    from dockerlint_go.model.stages import DockerfileModel
    from dockerlint_go.suppress import Outcome


class Hit(Record):
    """What a rule found, before it is placed in a file."""

    span: Span
    message: str
    severity: Severity | None = None  # None: the rule's default severity
    fix: str | None = None
    autofix: Fix | None = None  # the edits that repair it, when the rule is certain of them


Check = Callable[["DockerfileModel"], Iterator[Hit]]
Review = Callable[["Outcome"], Iterator[Hit]]


class RuleKind(enum.Enum):
    """What breaks when a rule's finding is ignored (report formats that classify issues, such
    as Code Climate's categories and SonarQube's software qualities, read it)."""

    BUG_RISK = "bug-risk"  # the build fails, now or the day a dependency changes
    PERFORMANCE = "performance"  # the build works but wastes time or cache
    CLARITY = "clarity"  # the Dockerfile says something misleading
    SECURITY = "security"  # the image or its build can be tampered with or leaks a secret


class Rule(Record):
    code: str  # "DG101": never renamed, never reused
    name: str  # kebab-case, states the problem
    severity: Severity  # the default severity
    summary: str  # one static sentence
    # Markdown with the headings What it does / Why is this bad? / Example / Use instead /
    # References.
    doc: str
    check: Check
    # The second phase, after suppressions are applied (see the module docstring). Findings of
    # a reviewing rule can be suppressed too, by comments that name it.
    review: Review | None = None
    kind: RuleKind = RuleKind.BUG_RISK
    # SARIF ``security-severity`` (0.0-10.0, CVSS-like) of a SECURITY rule: GitHub code scanning
    # ranks security alerts by it (9.0+ critical, 7.0+ high, 4.0+ medium). None for other kinds.
    security_severity: float | None = None
    # Whether --fix can repair the rule's findings, and how safely (its most cautious fix; some
    # findings get none, as the rule's doc says). None: the rule has no automatic fix.
    fixable: Applicability | None = None

    @property
    def doc_url(self) -> str:
        return f"{DOCS_BASE_URL}/{self.code}.md"


DOCS_BASE_URL = "https://github.com/dockerlint-go/dockerlint-go/blob/main/rules"


def other_lines(lines: Iterable[int], shown: int) -> str:
    """``"line 7"`` / ``"lines 7, 9"`` for the lines besides ``shown``; "" when there are none.
    Messages use it to name every related line without repeating the main one."""
    others = sorted(set(lines) - {shown})
    if not others:
        return ""
    return f"line{'s' if len(others) > 1 else ''} {', '.join(map(str, others))}"
