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
    dg105_go_under_sudo,
    dg106_build_cache_unwritable,
    dg107_cache_mount_not_owned,
    dg108_cache_mount_misses_go_cache,
    dg109_go_toolchain_behind_go_mod,
    dg110_replace_outside_context,
    dg111_dockerignore_drops_go_input,
    dg112_go_sum_not_copied,
    dg113_cgo_binary_in_static_image,
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
    dg105_go_under_sudo.RULE,
    dg106_build_cache_unwritable.RULE,
    dg107_cache_mount_not_owned.RULE,
    dg108_cache_mount_misses_go_cache.RULE,
    dg109_go_toolchain_behind_go_mod.RULE,
    dg110_replace_outside_context.RULE,
    dg111_dockerignore_drops_go_input.RULE,
    dg112_go_sum_not_copied.RULE,
    dg113_cgo_binary_in_static_image.RULE,
)

__all__ = ["ALL_RULES", "Hit", "Rule"]
