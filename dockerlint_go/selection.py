"""Selection: which findings a configuration keeps, and at which severity.

Apart from inline suppression (as in flake8): ``select`` drops every finding whose code is
ignored globally or by a matching ``per-file-ignores`` glob, and gives the others their
overridden severity; ``ignored_for`` says which rules need not run for a file at all. How the
globs match is described in :mod:`dockerlint_go.config`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence

from dockerlint_go import TYPE_CHECKING
from dockerlint_go.record import replace

if TYPE_CHECKING:
    from dockerlint_go.config import Config
    from dockerlint_go.findings import Finding

__all__ = ["glob_matches", "ignored_for", "select"]


def glob_regex(glob: str) -> re.Pattern[str]:
    """Compile a per-file-ignores glob (see the module docstring) to a regular expression."""
    pattern = glob
    while pattern.startswith("./"):
        pattern = pattern[2:]
    pattern = pattern.lstrip("/")
    if pattern.endswith("/"):
        pattern += "**"
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        char = pattern[i]
        if char == "*":
            j = i
            while j < n and pattern[j] == "*":
                j += 1
            if j - i == 1:
                out.append("[^/]*")
            elif (i == 0 or pattern[i - 1] == "/") and j < n and pattern[j] == "/":
                out.append("(?:.*/)?")
                j += 1
            else:
                out.append(".*")
            i = j
            continue
        if char == "?":
            out.append("[^/]")
        elif char == "[":
            j = i + 1
            if j < n and pattern[j] == "!":
                j += 1
            if j < n and pattern[j] == "]":
                j += 1
            while j < n and pattern[j] != "]":
                j += 1
            if j >= n:
                out.append(re.escape(char))
            else:
                body = pattern[i + 1 : j]
                negate = body.startswith("!")
                if negate:
                    body = body[1:]
                body = re.sub(r"([\\&~|\[\]^])", r"\\\1", body)
                out.append(f"[^/{body}]" if negate else f"(?!/)[{body}]")
                i = j
        else:
            out.append(re.escape(char))
        i += 1
    return re.compile("".join(out), re.DOTALL)


def glob_matches(glob: str, path: str) -> bool:
    """Whether per-file-ignores ``glob`` matches ``path`` (relative, ``/``-separated)."""
    return _matches(glob_regex(glob), "/" in glob, path.removeprefix("./"))


def _matches(regex: re.Pattern[str], anchored: bool, path: str) -> bool:
    if regex.fullmatch(path):
        return True
    return not anchored and regex.fullmatch(path.rpartition("/")[2]) is not None


def _relative_to(reported: str, base: str | None, cwd: str | None) -> str | None:
    """``reported`` made relative to ``base`` (None when it lies outside ``base``)."""
    path = reported.removeprefix("./")
    if base is None or cwd is None:
        return path
    absolute = os.path.join(cwd, path)  # an absolute ``path`` stays as it is
    try:
        relative = os.path.relpath(absolute, base).replace(os.sep, "/")
    except ValueError:  # another drive
        return None
    if relative == ".." or relative.startswith("../"):
        return None
    return relative


def ignored_for(config: Config, path: str) -> frozenset[str]:
    """The codes the configuration turns off for the file reported as ``path``: the global
    ``ignored`` list and every per-file glob that matches it."""
    codes = set(config.ignored_codes)
    for entry in config.per_file_ignores:
        if _glob_hits(glob_regex(entry.glob), "/" in entry.glob, path, entry.base, config.cwd):
            codes.update(entry.codes)
    return frozenset(codes)


def select(findings: Sequence[Finding], config: Config) -> tuple[Finding, ...]:
    """Apply the configuration to ``findings`` (in their order): drop those whose code is
    ignored, globally or by a per-file glob matching their path, and give the rest their
    overridden severity."""
    ignored = config.ignored_codes
    overrides = {override.code: override.severity for override in config.overrides}
    compiled = [
        (glob_regex(entry.glob), "/" in entry.glob, frozenset(entry.codes), entry.base)
        for entry in config.per_file_ignores
    ]
    per_path: dict[str, frozenset[str]] = {}
    selected: list[Finding] = []
    for finding in findings:
        if finding.code in ignored:
            continue
        if compiled:
            skip = per_path.get(finding.path)
            if skip is None:
                skip = frozenset(
                    code
                    for regex, anchored, codes, base in compiled
                    if _glob_hits(regex, anchored, finding.path, base, config.cwd)
                    for code in codes
                )
                per_path[finding.path] = skip
            if finding.code in skip:
                continue
        severity = overrides.get(finding.code)
        if severity is None or severity is finding.severity:
            selected.append(finding)
        else:
            selected.append(replace(finding, severity=severity))
    return tuple(selected)


def _glob_hits(
    regex: re.Pattern[str], anchored: bool, reported: str, base: str | None, cwd: str | None
) -> bool:
    relative = _relative_to(reported, base, cwd)
    if relative is None:
        name = reported.rpartition("/")[2]
        return not anchored and regex.fullmatch(name) is not None
    return _matches(regex, anchored, relative)
