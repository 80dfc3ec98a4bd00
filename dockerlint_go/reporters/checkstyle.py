"""The Checkstyle XML report, for Jenkins (Warnings Next Generation), reviewdog and others.

The document is Checkstyle's own result format, version 4.3::

    <?xml version="1.0" encoding="UTF-8"?>
    <checkstyle version="4.3">
      <file name="services/api/Dockerfile">
        <error line="4" column="1" severity="warning" message="…" source="dockerlint-go.DG102" />
      </file>
      <file name="services/worker/Dockerfile" />
    </checkstyle>

Every linted file gets a ``<file>`` element, sorted by path, an empty one when it has no
findings: Checkstyle itself lists every file it audited, and consumers use that to count the
files checked (hadolint lists only files with findings). Each finding is an ``<error>`` in
report order. ``severity`` is ``error``, ``warning`` or ``info``, the Checkstyle levels of the
same names. ``source`` is ``dockerlint-go.<CODE>``: consumers that split a Checkstyle source at
its last dot (Warnings NG) then show the rule code as the type. Lines and columns are 1-based;
columns count code points. Paths are as reported (relative to the working directory).

Control characters, which XML 1.0 cannot carry, are shown as U+FFFD; ``<``, ``&``, quotes and
line breaks in attributes are escaped by the XML writer. Findings silenced by an inline
suppression are not reported: the format cannot mark them (their file still appears).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from dockerlint_go import TYPE_CHECKING
from dockerlint_go.reporters._common import TOOL_NAME, paths, reported, visible

if TYPE_CHECKING:
    from dockerlint_go.findings import Finding, LintResult
    from dockerlint_go.reporters import ReportContext

__all__ = ["render"]

CHECKSTYLE_VERSION = "4.3"


def render(result: LintResult, context: ReportContext) -> str:
    """Render ``result`` as a Checkstyle XML document (the context is not needed)."""
    del context
    root = ET.Element("checkstyle", version=CHECKSTYLE_VERSION)
    files = {path: ET.SubElement(root, "file", name=visible(path)) for path in paths(result)}
    for finding in reported(result):
        ET.SubElement(files[finding.path], "error", _attributes(finding))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"


def _attributes(finding: Finding) -> dict[str, str]:
    return {
        "line": str(finding.span.line),
        "column": str(finding.span.column),
        "severity": finding.severity.value,
        "message": visible(finding.message),
        "source": f"{TOOL_NAME}.{finding.code}",
    }
