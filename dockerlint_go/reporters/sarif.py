"""The SARIF 2.1.0 report, shaped for GitHub code scanning.

One log with one run for all files. ``tool.driver.rules`` describes every rule of the registry,
whether it fired or not (plus, at the end, any code that fired without being registered), and
each result points into it with ``ruleIndex``. Files below the working directory are given as
relative URIs against ``%SRCROOT%``, whose absolute ``file:`` URI is in ``originalUriBaseIds``;
a file outside it gets an absolute ``file:`` URI (GitHub cannot map it to the repository, and we
do not pretend otherwise); standard input is ``stdin``. Columns count Unicode code points and
``endColumn`` is exclusive. Every rule carries the tags ``dockerfile`` and ``go``; a security
rule also carries ``security`` and a ``security-severity`` score, by which GitHub ranks security
alerts (critical, high, medium, low). A rule's fix text, when present, is kept in the result's
``properties.fix``; a finding ``--fix`` can repair also has SARIF ``fixes``: the replacements
(deleted region, inserted text) that repair it, with the fix's title and whether it is safe.
A finding silenced by an inline ``# dockerlint-go ignore=`` comment is kept, with
``suppressions: [{"kind": "inSource", "justification": …}]`` (no justification when the comment
gives no reason); GitHub code scanning then shows the alert as dismissed.

Fingerprints: ``partialFingerprints.primaryLocationLineHash`` is ``<hash>:<n>``, where ``<hash>``
is the first 16 hex digits of SHA-256 over the rule id and the flagged line's text with all
whitespace removed, and ``<n>`` counts the results of that rule on identical lines of the same
file (1 for the first, in report order). It ignores the line number and the message, which often
names other line numbers, so an alert keeps its identity when unrelated lines are inserted above
it or the line is re-indented; it changes when the flagged line itself is edited. This follows
the shape of the value GitHub's own upload action computes (a hash of the line's content plus an
occurrence counter), but it is not the same hash: GitHub hashes a 100-character window starting
at the line, which makes its value depend on the lines that follow.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import posixpath
import re
from collections import Counter
from pathlib import PurePath
from typing import TYPE_CHECKING, TypeAlias
from urllib.parse import quote

from dockerlint_go.findings import Finding, LintResult, Severity
from dockerlint_go.rules._rule import RuleKind

if TYPE_CHECKING:
    from dockerlint_go.reporters import ReportContext
    from dockerlint_go.rules._rule import Rule

__all__ = ["SCHEMA_URI", "render"]

Json: TypeAlias = "dict[str, Json] | list[Json] | str | int | bool | None"
JsonObject: TypeAlias = "dict[str, Json]"

SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
TOOL_NAME = "dockerlint-go"
INFORMATION_URI = "https://github.com/dockerlint-go/dockerlint-go"
SRCROOT = "%SRCROOT%"
STDIN_PATH = "-"

_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_WINDOWS_DRIVE = re.compile(r"[A-Za-z]:/")


def render(result: LintResult, context: ReportContext) -> str:
    """Render ``result`` as a SARIF log (JSON text ending in a newline)."""
    return json.dumps(build_log(result, context), indent=2, ensure_ascii=False) + "\n"


def build_log(result: LintResult, context: ReportContext) -> JsonObject:
    """The SARIF log as a JSON-ready dictionary."""
    descriptors: list[Json] = [_descriptor(rule) for rule in context.rules]
    index = {rule.code: i for i, rule in enumerate(context.rules)}
    findings = result.findings
    for finding in sorted({f.code: f for f in findings}.values(), key=lambda f: f.code):
        if finding.code not in index:
            index[finding.code] = len(descriptors)
            descriptors.append(_unregistered_descriptor(finding))
    occurrences: Counter[tuple[str, str, str]] = Counter()
    results: list[Json] = []
    root = PurePath(context.root)
    for finding in findings:
        line_hash = _line_hash(finding.code, result.source_line(finding.path, finding.span.line))
        occurrences[finding.path, finding.code, line_hash] += 1
        fingerprint = f"{line_hash}:{occurrences[finding.path, finding.code, line_hash]}"
        results.append(_result(finding, index[finding.code], fingerprint, root))
    root_uri = root.as_uri()
    driver: JsonObject = {
        "name": TOOL_NAME,
        "version": context.tool_version,
        "semanticVersion": context.tool_version,
        "informationUri": INFORMATION_URI,
        "rules": descriptors,
    }
    run: JsonObject = {
        "tool": {"driver": driver},
        "originalUriBaseIds": {
            SRCROOT: {"uri": root_uri if root_uri.endswith("/") else root_uri + "/"}
        },
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def _descriptor(rule: Rule) -> JsonObject:
    doc = inspect.cleandoc(rule.doc) if rule.doc else rule.summary
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": _what_it_does(doc) or rule.summary},
        "help": {"text": doc, "markdown": doc},
        "helpUri": rule.doc_url,
        "defaultConfiguration": {"level": _LEVELS[rule.severity]},
        "properties": _rule_properties(rule),
    }


def _rule_properties(rule: Rule) -> JsonObject:
    """Tags, and for a security rule the ``security`` tag and its ``security-severity`` (the
    property GitHub code scanning reads to rank security alerts; no other rule has one)."""
    if rule.kind is not RuleKind.SECURITY or rule.security_severity is None:
        return {"tags": ["dockerfile", "go"]}
    return {
        "tags": ["dockerfile", "go", "security"],
        "security-severity": f"{rule.security_severity:.1f}",
    }


def _unregistered_descriptor(finding: Finding) -> JsonObject:
    return {
        "id": finding.code,
        "name": finding.name,
        "shortDescription": {"text": finding.name},
        "defaultConfiguration": {"level": _LEVELS[finding.severity]},
    }


def _what_it_does(doc: str) -> str:
    """The body of the doc's "What it does" section, joined into one paragraph ("" if none)."""
    body: list[str] = []
    inside = False
    for line in doc.splitlines():
        if line.startswith("#"):
            if inside:
                break
            inside = line.lstrip("#").strip().lower() == "what it does"
        elif inside:
            body.append(line.strip())
    return " ".join(" ".join(body).split())


def _result(finding: Finding, rule_index: int, fingerprint: str, root: PurePath) -> JsonObject:
    span = finding.span
    entry: JsonObject = {
        "ruleId": finding.code,
        "ruleIndex": rule_index,
        "level": _LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": _artifact_location(finding.path, root),
                    "region": {
                        "startLine": span.line,
                        "startColumn": span.column,
                        "endLine": span.end_line,
                        "endColumn": span.end_column,
                    },
                }
            }
        ],
        "partialFingerprints": {"primaryLocationLineHash": fingerprint},
    }
    if finding.suppression is not None:
        suppression: JsonObject = {"kind": "inSource"}
        if finding.suppression.justification is not None:
            suppression["justification"] = finding.suppression.justification
        entry["suppressions"] = [suppression]
    if finding.autofix is not None and finding.suppression is None:
        entry["fixes"] = [_fix(finding, root)]
    properties: JsonObject = {}
    if finding.fix is not None:
        properties["fix"] = finding.fix
    if finding.confirmation is not None:
        properties["confirmation"] = {
            key: list(value) if isinstance(value, list) else value
            for key, value in finding.confirmation.as_dict().items()
        }
    if properties:
        entry["properties"] = properties
    return entry


def _fix(finding: Finding, root: PurePath) -> JsonObject:
    """The finding's automatic fix as a SARIF ``fix``: one ``artifactChange`` for the file, a
    ``replacement`` per edit (a deleted region, possibly empty, and the inserted text). Editors'
    SARIF viewers apply them."""
    autofix = finding.autofix
    assert autofix is not None
    replacements: list[Json] = []
    for edit in autofix.edits:
        span = edit.span
        replacements.append(
            {
                "deletedRegion": {
                    "startLine": span.line,
                    "startColumn": span.column,
                    "endLine": span.end_line,
                    "endColumn": span.end_column,
                },
                "insertedContent": {"text": edit.text},
            }
        )
    return {
        "description": {"text": f"{autofix.title} ({autofix.applicability.value} fix)"},
        "artifactChanges": [
            {
                "artifactLocation": _artifact_location(finding.path, root),
                "replacements": replacements,
            }
        ],
    }


def _artifact_location(path: str, root: PurePath) -> JsonObject:
    if path == STDIN_PATH:
        return {"uri": "stdin"}
    if path.startswith("/") or _WINDOWS_DRIVE.match(path):
        return {"uri": _file_uri(path)}
    if path == ".." or path.startswith("../"):
        # Outside the root: an absolute URI, rather than claim the file is in the repository.
        return {"uri": _file_uri(posixpath.normpath(posixpath.join(root.as_posix(), path)))}
    return {"uri": quote(path, safe="/"), "uriBaseId": SRCROOT}


def _file_uri(absolute: str) -> str:
    if not absolute.startswith("/"):
        absolute = "/" + absolute  # a Windows drive: file:///C:/...
    return "file://" + quote(absolute, safe="/:")


def _line_hash(rule_id: str, line: str | None) -> str:
    normal = "".join((line or "").split())
    digest = hashlib.sha256(f"{rule_id}\0{normal}".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:16]
