"""The rule registry: one explicit tuple."""

from __future__ import annotations

from dockerlint_go.rules._rule import Hit, Rule

ALL_RULES: tuple[Rule, ...] = ()

__all__ = ["ALL_RULES", "Hit", "Rule"]
