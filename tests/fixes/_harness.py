"""Run --fix's engine on a case directory of tests/fixes/cases.

A case is ``cases/<CODE>/<name>/`` with ``before.Dockerfile``, ``after.Dockerfile`` (what the
fix writes), optionally ``context/`` (the build context the file is linted with: go.mod,
go.sum…) and optionally an empty ``unsafe`` file (the case applies unsafe fixes too). Only the
fixes of ``<CODE>`` are applied unless the case has an ``all`` file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dockerlint_go.api import lint_text
from dockerlint_go.contexts import ContextReader
from dockerlint_go.findings import FileResult, Finding
from dockerlint_go.fixer import FixOutcome, fix_text
from dockerlint_go.fixes import Applicability

CASES = Path(__file__).parent / "cases"


@dataclass(frozen=True)
class FixCase:
    code: str
    name: str
    path: Path

    @property
    def id(self) -> str:
        return f"{self.code}/{self.name}"

    @property
    def unsafe(self) -> bool:
        return (self.path / "unsafe").exists()

    @property
    def every_rule(self) -> bool:
        return (self.path / "all").exists()

    @property
    def before(self) -> bytes:
        return (self.path / "before.Dockerfile").read_bytes()

    @property
    def after_path(self) -> Path:
        return self.path / "after.Dockerfile"

    def lint(self, data: bytes) -> FileResult:
        context_dir = self.path / "context"
        context = None
        if context_dir.is_dir():
            context = ContextReader().view(str(context_dir), None)
        return lint_text(data, "Dockerfile", context=context)

    def wanted(self, finding: Finding) -> bool:
        fix = finding.autofix
        if fix is None:
            return False
        if fix.applicability is Applicability.UNSAFE and not self.unsafe:
            return False
        return self.every_rule or finding.code == self.code

    def fix(self, data: bytes) -> FixOutcome:
        return fix_text(data, self.lint, wanted=self.wanted)


def all_cases() -> list[FixCase]:
    found = []
    for rule_dir in sorted(p for p in CASES.iterdir() if p.is_dir()):
        for case_dir in sorted(p for p in rule_dir.iterdir() if p.is_dir()):
            if (case_dir / "before.Dockerfile").exists():
                found.append(FixCase(rule_dir.name, case_dir.name, case_dir))
    return found
