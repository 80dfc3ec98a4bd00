"""The JUnit XML report, for the test report views of GitLab (``artifacts:reports:junit``),
Jenkins, Azure Pipelines and others.

One ``<testsuite>`` per linted file, sorted by path, with one failed ``<testcase>`` per finding;
a file without findings gets a single passing test case named ``no findings``, so that the
report shows it was linted::

    <?xml version="1.0" encoding="UTF-8"?>
    <testsuites name="dockerlint-go" tests="3" failures="2" errors="0">
      <testsuite name="services/api/Dockerfile" tests="2" failures="2" errors="0" skipped="0">
        <testcase name="DG102 source-before-mod-download at 4:1"
                  classname="services/api/Dockerfile" file="services/api/Dockerfile">
          <failure message="`COPY . .` at line 4 …" type="warning">…</failure>
        </testcase>
        …

A test case per finding (rather than one per rule, as some tools emit) is what these viewers
render best: each failure is listed on its own with its message, and the JUnit schema allows
one ``<failure>`` per test case. The test case name holds the rule code, its name and the
position (``line:column``); ``classname`` and ``file`` hold the path (Jenkins groups by class
name, GitLab shows the file). Every finding is a failure, whatever its severity; the severity
is the failure's ``type``. The failure's text repeats the position in GNU style, the rule's fix
when it gave one, and the link to the rule's documentation.

There are no ``time`` or ``timestamp`` attributes: none of the consumers needs them and they
would make the report differ between identical runs. Control characters, which XML 1.0 cannot
carry, are shown as U+FFFD. Findings silenced by an inline suppression are not reported: the
format cannot mark them (a file whose findings are all suppressed passes).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from dockerlint_go import TYPE_CHECKING
from dockerlint_go.reporters._common import TOOL_NAME, paths, registered, reported, visible

if TYPE_CHECKING:
    from dockerlint_go.findings import Finding, LintResult
    from dockerlint_go.reporters import ReportContext
    from dockerlint_go.rules._rule import Rule

__all__ = ["render"]

PASSING_NAME = "no findings"


def render(result: LintResult, context: ReportContext) -> str:
    """Render ``result`` as a JUnit XML document."""
    rules = registered(context)
    by_path: dict[str, list[Finding]] = {path: [] for path in paths(result)}
    for finding in reported(result):
        by_path[finding.path].append(finding)
    root = ET.Element("testsuites", name=TOOL_NAME)
    for path, findings in by_path.items():
        suite = ET.SubElement(root, "testsuite", name=visible(path))
        for finding in findings:
            _failed_case(suite, finding, rules.get(finding.code))
        if not findings:
            _case(suite, PASSING_NAME, path)
        _count(suite, tests=max(len(findings), 1), failures=len(findings), skipped=0)
    total = sum(max(len(f), 1) for f in by_path.values())
    _count(root, tests=total, failures=sum(map(len, by_path.values())))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"


def _count(element: ET.Element, *, tests: int, failures: int, skipped: int | None = None) -> None:
    element.set("tests", str(tests))
    element.set("failures", str(failures))
    element.set("errors", "0")
    if skipped is not None:
        element.set("skipped", str(skipped))


def _case(suite: ET.Element, name: str, path: str) -> ET.Element:
    return ET.SubElement(
        suite, "testcase", name=visible(name), classname=visible(path), file=visible(path)
    )


def _failed_case(suite: ET.Element, finding: Finding, rule: Rule | None) -> None:
    span = finding.span
    case = _case(suite, f"{finding.code} {finding.name} at {span.line}:{span.column}", finding.path)
    failure = ET.SubElement(
        case, "failure", message=visible(finding.message), type=finding.severity.value
    )
    lines = [
        f"{finding.path}:{span.line}:{span.column}: {finding.severity.value}: "
        f"{finding.message} [{finding.code}]"
    ]
    if finding.fix:
        lines.append(f"fix: {finding.fix}")
    if rule is not None:
        lines.append(f"see: {rule.doc_url}")
    failure.text = visible("\n".join(lines))
