"""The rule registry: one explicit tuple, in code order."""

from __future__ import annotations

from dockerlint_go.rules import (
    dg000_parse_error,
    dg001_unused_suppression,
    dg002_context_file_error,
    dg101_root_owned_module_cache,
    dg102_source_before_mod_download,
    dg103_copy_without_chown,
    dg104_gomodcache_unset,
)
from dockerlint_go.rules._rule import Hit, Rule

ALL_RULES: tuple[Rule, ...] = (
    dg000_parse_error.RULE,
    dg001_unused_suppression.RULE,
    dg002_context_file_error.RULE,
    dg101_root_owned_module_cache.RULE,
    dg102_source_before_mod_download.RULE,
    dg103_copy_without_chown.RULE,
    dg104_gomodcache_unset.RULE,
)

__all__ = ["ALL_RULES", "Hit", "Rule"]
