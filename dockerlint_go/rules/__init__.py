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
    dg114_gopath_mode,
    dg115_checksum_verification_disabled,
    dg116_module_proxy_bypassed,
    dg117_secret_in_build,
    dg118_unpinned_go_tool,
    dg119_go_get_install,
    dg120_unversioned_golang_image,
    dg121_module_cache_wiped,
    dg122_go_run_at_startup,
    dg123_go_mod_regenerated,
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
    dg114_gopath_mode.RULE,
    dg115_checksum_verification_disabled.RULE,
    dg116_module_proxy_bypassed.RULE,
    dg117_secret_in_build.RULE,
    dg118_unpinned_go_tool.RULE,
    dg119_go_get_install.RULE,
    dg120_unversioned_golang_image.RULE,
    dg121_module_cache_wiped.RULE,
    dg122_go_run_at_startup.RULE,
    dg123_go_mod_regenerated.RULE,
)

__all__ = ["ALL_RULES", "Hit", "Rule"]
