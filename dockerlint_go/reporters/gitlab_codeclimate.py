"""The GitLab Code Quality report (``artifacts:reports:codequality``).

GitLab reads a single JSON array of Code Climate issues, of which it processes only a few fields
(https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format). Each finding is::

    {
      "description": "`COPY . .` at line 4 comes before `go mod download` at line 5",
      "check_name": "DG102",
      "fingerprint": "<32 hex digits>",
      "severity": "major",
      "location": {"path": "services/api/Dockerfile", "lines": {"begin": 4, "end": 4}}
    }

- ``severity``: ``error`` → ``blocker``, ``warning`` → ``major``, ``info`` → ``info``, as hadolint
  and the ``codeclimate`` format map them.
- ``fingerprint``: GitLab shows a finding as new or resolved in a merge request by comparing
  fingerprints between the two pipelines, so it must not change when unrelated lines move. It
  is the first 32 hex digits of SHA-256 over the rule code, the path, the flagged line's text
  with whitespace runs collapsed, and an occurrence number among findings of that rule on
  identical lines of the file (see :func:`dockerlint_go.reporters._common.fingerprinted`).
  It does not contain the line number: inserting lines above or re-indenting keeps it; editing
  the flagged line or renaming the file gives a new one.
- ``description`` is the message on one line, control characters shown as U+FFFD.
- ``location.path`` is the path as reported, which GitLab needs relative to the repository root
  (run the linter from there, or use ``--file-path-in-report``); ``lines.end`` is extra
  information that GitLab ignores.

The array is sorted like the findings, indented, ends with a newline and carries no byte order
mark (GitLab rejects one). An empty result is ``[]``. Findings silenced by an inline suppression
are not reported: the format cannot mark them.
"""

from __future__ import annotations

from dockerlint_go import TYPE_CHECKING
from dockerlint_go.reporters._common import Json, JsonObject, dump_json, fingerprinted, one_line
from dockerlint_go.reporters.codeclimate import SEVERITIES

if TYPE_CHECKING:
    from dockerlint_go.findings import Finding, LintResult
    from dockerlint_go.reporters import ReportContext

__all__ = ["render"]


def render(result: LintResult, context: ReportContext) -> str:
    """Render ``result`` as a GitLab Code Quality JSON array (the context is not needed)."""
    del context
    issues: list[Json] = [_issue(f, fingerprint) for f, fingerprint in fingerprinted(result)]
    return dump_json(issues) + "\n"


def _issue(finding: Finding, fingerprint: str) -> JsonObject:
    return {
        "description": one_line(finding.message),
        "check_name": finding.code,
        "fingerprint": fingerprint,
        "severity": SEVERITIES[finding.severity],
        "location": {
            "path": finding.path,
            "lines": {"begin": finding.span.line, "end": finding.span.end_line},
        },
    }
