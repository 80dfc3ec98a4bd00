"""Helpers shared by the CI report formats (gnu, checkstyle, codeclimate, gitlab_codeclimate,
github, junit, sonarqube).

Suppressed findings: none of these formats can mark a finding as dismissed the way SARIF's
``suppressions`` can, so a finding silenced by an inline comment is left out of them entirely
(:func:`reported`), as it is left out of the exit status. The fingerprints of the formats that
have them still count it (see :func:`fingerprinted`).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeAlias

from dockerlint_go.record import Record
from dockerlint_go.rules._rule import RuleKind

if TYPE_CHECKING:
    from dockerlint_go.findings import Finding, LintResult
    from dockerlint_go.reporters import ReportContext
    from dockerlint_go.rules._rule import Rule

__all__ = [
    "TOOL_NAME",
    "Classification",
    "Json",
    "JsonObject",
    "classify",
    "dump_json",
    "fingerprinted",
    "one_line",
    "paths",
    "registered",
    "reported",
    "source_lines",
    "visible",
]

Json: TypeAlias = "dict[str, Json] | list[Json] | str | int | bool | None"
JsonObject: TypeAlias = "dict[str, Json]"

TOOL_NAME = "dockerlint-go"

# C0 and C1 controls other than tab, newline and carriage return, DEL, lone surrogates (from
# undecodable file names) and the two non-characters: none may appear in XML 1.0, and in text
# output they would reach the terminal or the CI log as escape sequences.
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_LINE_BREAKS = re.compile("\r\n|[\t\n\r]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def reported(result: LintResult) -> tuple[Finding, ...]:
    """The findings to report, sorted: every finding that no inline comment suppressed."""
    return tuple(f for f in result.findings if f.suppression is None)


def paths(result: LintResult) -> tuple[str, ...]:
    """Every linted path, sorted, including those without findings."""
    return tuple(sorted({r.path for r in result.files} | {f.path for f in result.findings}))


def registered(context: ReportContext) -> dict[str, Rule]:
    """The rule registry by code."""
    return {rule.code: rule for rule in context.rules}


def visible(text: str) -> str:
    """``text`` with control characters (tab, newline and CR excepted) shown as U+FFFD."""
    return _UNSAFE.sub("\N{REPLACEMENT CHARACTER}", text)


def one_line(text: str) -> str:
    """:func:`visible` text on one line: tabs and line breaks become spaces."""
    return _LINE_BREAKS.sub(" ", visible(text))


def source_lines(result: LintResult) -> Callable[[str, int], str | None]:
    """``LintResult.source_line`` with the files indexed once, for a lookup per finding."""
    by_path: dict[str, tuple[str, ...]] = {}
    for file in result.files:
        by_path.setdefault(file.path, file.lines)

    def source_line(path: str, line: int) -> str | None:
        lines = by_path.get(path, ())
        return lines[line - 1] if 1 <= line <= len(lines) else None

    return source_line


def fingerprinted(result: LintResult) -> tuple[tuple[Finding, str], ...]:
    """The :func:`reported` findings, each with a stable fingerprint.

    The fingerprint is the first 32 hex digits of SHA-256 over the rule code, the path, the
    flagged line (the span's first line) with its whitespace runs collapsed to one space and
    stripped, and an occurrence number: 1 for the first finding of that rule on an identical
    line of the same file, 2 for the next, in report order. The line number and the message,
    which often names other line numbers, are left out, so inserting lines above a finding or
    re-indenting its line keeps its fingerprint; editing the flagged line or renaming the file
    changes it. Occurrences are counted over all findings, suppressed ones included, so that
    suppressing one finding does not renumber its neighbours.
    """
    source_line = source_lines(result)
    occurrences: Counter[tuple[str, str, str]] = Counter()
    pairs: list[tuple[Finding, str]] = []
    for finding in result.findings:
        line = " ".join((source_line(finding.path, finding.span.line) or "").split())
        key = (finding.code, finding.path, line)
        occurrences[key] += 1
        material = "\0".join((*key, str(occurrences[key])))
        digest = hashlib.sha256(material.encode("utf-8", "surrogatepass")).hexdigest()
        if finding.suppression is None:
            pairs.append((finding, digest[:32]))
    return tuple(pairs)


def dump_json(value: Json, *, indent: int | None = 2) -> str:
    """``value`` as JSON text, non-ASCII kept readable unless it holds lone surrogates.

    A path decoded with ``surrogateescape`` cannot be written as UTF-8; such a report is
    written with ``\\u`` escapes throughout instead, which any JSON reader accepts.
    """
    separators = (",", ":") if indent is None else (",", ": ")
    text = json.dumps(value, indent=indent, ensure_ascii=False, separators=separators)
    if _SURROGATE.search(text):
        text = json.dumps(value, indent=indent, ensure_ascii=True, separators=separators)
    return text


class Classification(Record):
    """How the CI formats that classify issues file a rule.

    ``category`` is a Code Climate category; ``software_quality`` and ``clean_code_attribute``
    are SonarQube's Clean Code taxonomy.
    """

    category: str
    software_quality: str
    clean_code_attribute: str


_CLASSIFICATIONS = {
    RuleKind.BUG_RISK: Classification("Bug Risk", "RELIABILITY", "LOGICAL"),
    RuleKind.PERFORMANCE: Classification("Performance", "MAINTAINABILITY", "EFFICIENT"),
    RuleKind.CLARITY: Classification("Clarity", "MAINTAINABILITY", "CLEAR"),
    RuleKind.SECURITY: Classification("Security", "SECURITY", "TRUSTWORTHY"),
}


def classify(rule: Rule | None) -> Classification:
    """The classification of a rule by its kind (a bug risk when the rule is unknown)."""
    return _CLASSIFICATIONS[rule.kind if rule is not None else RuleKind.BUG_RISK]
