"""The rule documentation: generated files are current, every doc has the house layout, and
every doc's examples behave as they say (the bad one triggers its rule, the good one does not).

The per-rule tests are parametrized over ALL_RULES, so a new rule is covered as soon as it is
registered. The generator itself is tested on hand-made rules, independent of the registry.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from dockerlint_go import docs
from dockerlint_go.findings import Severity
from dockerlint_go.rules import ALL_RULES, Hit, Rule
from tests.rules._cases import context_files

REPO_ROOT = Path(__file__).resolve().parents[1]
CODE = re.compile(r"DG\d{3}")
KEBAB = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def _ids(rule: Rule) -> str:
    return rule.code


def _doc_problems(rule: Rule) -> list[str]:
    """Everything wrong with a rule's metadata and doc layout; empty when it is fine."""
    problems: list[str] = []
    if not CODE.fullmatch(rule.code):
        problems.append(f"code {rule.code!r} is not DG followed by three digits")
    if not KEBAB.fullmatch(rule.name):
        problems.append(f"name {rule.name!r} is not kebab-case")
    if not isinstance(rule.severity, Severity):
        problems.append(f"severity {rule.severity!r} is not a Severity")
    if not rule.summary.strip():
        problems.append("summary is empty")
    elif "\n" in rule.summary.strip():
        problems.append("summary spans several lines")
    doc = docs.normalize_doc(rule.doc)
    headings = docs.doc_headings(doc)
    if headings != docs.DOC_HEADINGS:
        problems.append(
            f"level-2 headings are {list(headings)}, expected {list(docs.DOC_HEADINGS)}"
        )
    top = docs.doc_headings(doc, level=1)
    if top:
        problems.append(f"level-1 headings are not allowed (the page title is generated): {top}")
    for title in docs.DOC_HEADINGS:
        section = docs.doc_section(doc, title)
        if section is not None and not section.strip():
            problems.append(f"section {title!r} is empty")
    for title in ("Example", "Use instead"):
        section = docs.doc_section(doc, title)
        if section is not None and not docs.fenced_blocks(section, "dockerfile"):
            problems.append(f"section {title!r} has no ```dockerfile block")
    return problems


def _examples(rule: Rule, title: str) -> tuple[str, ...]:
    section = docs.doc_section(docs.normalize_doc(rule.doc), title)
    assert section is not None, f"{rule.code}: no '## {title}' section"
    blocks = docs.fenced_blocks(section, "dockerfile")
    assert blocks, f"{rule.code}: no ```dockerfile block under '## {title}'"
    return blocks


# --- The repository's own docs ----------------------------------------------------------------


def test_generated_docs_are_current() -> None:
    stale = docs.plan(REPO_ROOT, ALL_RULES).stale
    assert not stale, (
        "The generated rule documentation is stale: "
        + ", ".join(stale)
        + ". Run `python -m dockerlint_go.docs` and commit the result."
    )


def test_readme_markers_each_appear_once() -> None:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    for marker in (
        docs.TABLE_START,
        docs.TABLE_END,
        "<!-- test-command:start -->",
        "<!-- test-command:end -->",
        "<!-- bench:start -->",
        "<!-- bench:end -->",
    ):
        assert readme.count(marker) == 1, f"README.md must contain {marker} exactly once"


def test_readme_test_command_is_one_shell_block() -> None:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- test-command:start -->")[1].split("<!-- test-command:end -->")[0]
    commands = docs.fenced_blocks(block, "sh")
    assert len(commands) == 1, "the test-command markers must hold exactly one ```sh block"
    assert "pytest" in commands[0]


# --- The registry -------------------------------------------------------------------------------


def test_codes_are_unique() -> None:
    codes = [rule.code for rule in ALL_RULES]
    assert len(codes) == len(set(codes)), f"duplicate codes in ALL_RULES: {sorted(codes)}"


def test_names_are_unique() -> None:
    names = [rule.name for rule in ALL_RULES]
    assert len(names) == len(set(names)), f"duplicate names in ALL_RULES: {sorted(names)}"


@pytest.mark.parametrize("rule", ALL_RULES, ids=_ids)
def test_rule_metadata_and_doc_layout(rule: Rule) -> None:
    assert _doc_problems(rule) == []


EXAMPLE_RULES = tuple(rule for rule in ALL_RULES if rule.code >= "DG100")


def _lint_example(block: str, root: Path) -> list[str]:
    """The codes a doc example gives. An example that needs a build context declares its files
    in leading comments (``# go.mod in the build context:`` and the file's lines indented under
    ``#   ``); they are written to ``root``, which is then the context."""
    from dockerlint_go.api import lint_text
    from dockerlint_go.contexts import ContextReader

    files = context_files(block)
    if not files:
        return [finding.code for finding in lint_text(block).findings]
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    dockerfile = root / "Dockerfile"
    dockerfile.write_text(block, encoding="utf-8")
    context = ContextReader().view(str(root), str(dockerfile))
    return [finding.code for finding in lint_text(block, context=context).findings]


@pytest.mark.parametrize("rule", EXAMPLE_RULES, ids=_ids)
def test_example_triggers_the_rule(rule: Rule, tmp_path: Path) -> None:
    for number, block in enumerate(_examples(rule, "Example")):
        codes = _lint_example(block, tmp_path / str(number))
        assert "DG000" not in codes, f"{rule.code}: the Example does not parse:\n{block}"
        assert rule.code in codes, f"{rule.code}: the Example does not trigger it:\n{block}"


@pytest.mark.parametrize("rule", EXAMPLE_RULES, ids=_ids)
def test_use_instead_does_not_trigger_the_rule(rule: Rule, tmp_path: Path) -> None:
    for number, block in enumerate(_examples(rule, "Use instead")):
        codes = _lint_example(block, tmp_path / str(number))
        assert "DG000" not in codes, f"{rule.code}: the Use instead does not parse:\n{block}"
        assert rule.code not in codes, f"{rule.code}: the Use instead triggers it:\n{block}"


# --- The generator, on hand-made rules ----------------------------------------------------------

SAMPLE_DOC = """
    ## What it does
    Finds a `FROM` without a tag.

    ## Why is this bad?
    The image changes under you | and so does the build.

    ## Example
    ```dockerfile
    ## not a heading: a comment inside the block
    FROM golang
    ```

    ## Use instead
    ```dockerfile
    FROM golang:1.22
    ```

    Or pin a digest.

    ## References
    - [Dockerfile reference](https://docs.docker.com/reference/dockerfile/)
    """


def _no_hits(model: object) -> Iterator[Hit]:
    return iter(())


def _rule(code: str = "DG199", name: str = "untagged-base-image", **changes: object) -> Rule:
    fields: dict[str, object] = {
        "code": code,
        "name": name,
        "severity": Severity.WARNING,
        "summary": "A base image | without a tag.",
        "doc": SAMPLE_DOC,
        "check": _no_hits,
    }
    fields.update(changes)
    return Rule(**fields)  # type: ignore[arg-type]


README_TEMPLATE = f"""# project

intro

{docs.TABLE_START}
old table
{docs.TABLE_END}

outro
"""


def test_sample_rule_passes_the_layout_checks() -> None:
    assert _doc_problems(_rule()) == []


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"code": "DG12"}, "is not DG followed by three digits"),
        ({"name": "Untagged_Base"}, "is not kebab-case"),
        ({"summary": "  "}, "summary is empty"),
        ({"doc": SAMPLE_DOC.replace("## References", "## See also")}, "level-2 headings"),
        ({"doc": "# Title\n" + SAMPLE_DOC}, "level-1 headings"),
        (
            {"doc": SAMPLE_DOC.replace("## Example", "## Use instead", 1)},
            "level-2 headings",
        ),
        (
            {"doc": SAMPLE_DOC.replace("```dockerfile\n    FROM golang:", "```\n    FROM golang:")},
            "'Use instead' has no",
        ),
    ],
)
def test_layout_checks_catch_bad_docs(changes: dict[str, object], expected: str) -> None:
    problems = _doc_problems(_rule(**changes))
    assert any(expected in problem for problem in problems), problems


def test_headings_inside_code_blocks_are_ignored() -> None:
    doc = docs.normalize_doc(SAMPLE_DOC)
    assert docs.doc_headings(doc) == docs.DOC_HEADINGS
    assert docs.doc_headings(doc, level=None) == docs.DOC_HEADINGS


def test_sections_and_blocks() -> None:
    doc = docs.normalize_doc(SAMPLE_DOC)
    assert docs.doc_section(doc, "What it does") == "Finds a `FROM` without a tag."
    assert docs.doc_section(doc, "Nope") is None
    example = docs.doc_section(doc, "Example")
    assert example is not None
    assert docs.fenced_blocks(example, "dockerfile") == (
        "## not a heading: a comment inside the block\nFROM golang\n",
    )
    use_instead = docs.doc_section(doc, "Use instead")
    assert use_instead is not None
    assert use_instead.endswith("Or pin a digest.")
    assert docs.fenced_blocks(use_instead, "dockerfile") == ("FROM golang:1.22\n",)
    assert docs.fenced_blocks(use_instead, "yaml") == ()


def test_fences_follow_commonmark() -> None:
    text = "````dockerfile\nRUN echo\n```\nstill inside\n````\n~~~sh\nls\n~~~\n"
    assert docs.fenced_blocks(text, "dockerfile") == ("RUN echo\n```\nstill inside\n",)
    assert docs.fenced_blocks(text, "SH") == ("ls\n",)


def test_rule_page() -> None:
    page = docs.render_rule_page(_rule())
    assert page.startswith(docs.GENERATED_NOTE + "\n\n# DG199 untagged-base-image\n\n")
    assert "Default severity: **warning**\n\n## What it does\nFinds a `FROM`" in page
    assert page.endswith(
        "- [Dockerfile reference](https://docs.docker.com/reference/dockerfile/)\n"
    )
    assert "\n    ## " not in page  # the docstring indentation is gone


def test_tables_are_sorted_and_escaped() -> None:
    rules = [_rule("DG150", "b-rule"), _rule("DG101", "a-rule", severity=Severity.ERROR)]
    table = docs.render_readme_table(rules)
    assert table.splitlines() == [
        "| Code | Name | Default severity | Fix | Summary |",
        "| --- | --- | --- | --- | --- |",
        "| [DG101](rules/DG101.md) | `a-rule` | error |  | A base image \\| without a tag. |",
        "| [DG150](rules/DG150.md) | `b-rule` | warning |  | A base image \\| without a tag. |",
    ]
    index = docs.render_index(rules)
    assert "| [DG101](DG101.md) | `a-rule` | error |" in index
    assert index.index("DG101") < index.index("DG150")
    assert docs.render_readme_table([]) == docs.NO_RULES + "\n"


def test_splice_replaces_only_between_markers() -> None:
    spliced = docs.splice_readme(README_TEMPLATE, "NEW\n")
    assert spliced == README_TEMPLATE.replace("old table\n", "NEW\n")
    assert docs.splice_readme(spliced, "NEW\n") == spliced


@pytest.mark.parametrize(
    "readme",
    [
        "no markers at all\n",
        README_TEMPLATE.replace(docs.TABLE_END, ""),
        README_TEMPLATE + docs.TABLE_START + "\n",
        f"{docs.TABLE_END}\n{docs.TABLE_START}\n",
    ],
)
def test_splice_rejects_broken_markers(readme: str) -> None:
    with pytest.raises(docs.DocsError):
        docs.splice_readme(readme, "x\n")


def test_duplicate_codes_are_refused() -> None:
    with pytest.raises(docs.DocsError, match="DG101"):
        docs.expected_files([_rule("DG101", "a"), _rule("DG101", "b")], README_TEMPLATE)


def test_rendering_is_deterministic() -> None:
    rules = [_rule("DG150", "b-rule"), _rule("DG101", "a-rule")]
    first = docs.expected_files(rules, README_TEMPLATE)
    assert first == docs.expected_files(list(reversed(rules)), README_TEMPLATE)
    assert list(first) == ["rules/DG101.md", "rules/DG150.md", "rules/README.md", "README.md"]


def _run(root: Path, *args: str, rules: list[Rule]) -> tuple[int, str]:
    out = io.StringIO()
    status = docs.main([*args, "--root", str(root)], rules=rules, out=out)
    return status, out.getvalue()


def test_round_trip_on_a_scratch_repository(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text(README_TEMPLATE, encoding="utf-8")
    rules = [_rule("DG101", "a-rule"), _rule("DG150", "b-rule")]

    status, output = _run(tmp_path, "--check", rules=rules)
    assert status == 1
    for path in ("README.md", "rules/DG101.md", "rules/DG150.md", "rules/README.md"):
        assert f"  {path}\n" in output
    assert "python -m dockerlint_go.docs" in output

    assert _run(tmp_path, rules=rules)[0] == 0
    assert _run(tmp_path, "--check", rules=rules) == (0, "Rule documentation is up to date.\n")
    assert (
        (tmp_path / "rules" / "DG150.md")
        .read_text(encoding="utf-8")
        .startswith(docs.GENERATED_NOTE)
    )
    readme = (tmp_path / "README.md").read_text(encoding="utf-8")
    assert "[DG150](rules/DG150.md)" in readme
    assert readme.startswith("# project\n\nintro\n\n")
    assert readme.endswith("\n\noutro\n")

    # A hand edit, CRLF line endings and a page whose rule is gone are all stale.
    page = tmp_path / "rules" / "DG101.md"
    page.write_bytes(page.read_bytes().replace(b"\n", b"\r\n"))
    (tmp_path / "rules" / "DG999.md").write_text("orphan\n", encoding="utf-8")
    (tmp_path / "rules" / "notes.txt").write_text("not ours\n", encoding="utf-8")
    status, output = _run(tmp_path, "--check", rules=rules)
    assert status == 1
    assert "  rules/DG101.md\n  rules/DG999.md\n" in output

    status, output = _run(tmp_path, rules=rules)
    assert status == 0
    assert "wrote rules/DG101.md" in output
    assert "removed rules/DG999.md" in output
    assert not (tmp_path / "rules" / "DG999.md").exists()
    assert (tmp_path / "rules" / "notes.txt").exists()
    assert _run(tmp_path, "--check", rules=rules)[0] == 0


def test_missing_readme_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(tmp_path, "--check", rules=[])[0] == 2
    assert "README.md" in capsys.readouterr().err


def test_a_fixable_rule_says_how_it_is_fixed() -> None:
    from dockerlint_go.fixes import Applicability
    from dockerlint_go.record import replace

    page = docs.render_rule_page(replace(_rule(), fixable=Applicability.UNSAFE))
    assert "Default severity: **warning** · Fix: **unsafe** (`--fix --unsafe-fixes`)\n" in page
    table = docs.render_readme_table([replace(_rule(), fixable=Applicability.SAFE)])
    assert "| warning | safe | " in table
