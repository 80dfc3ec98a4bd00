"""Loading tree-sitter and the bash grammar without the packages' __init__ (start-up time)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from dockerlint_go.model import shell_words


def test_grammar_loads_without_the_package_init() -> None:
    code = (
        "import sys\n"
        "from dockerlint_go.model.shell import parse_script\n"
        "assert parse_script('go build ./...', {})[0].argv == ('go', 'build', './...')\n"
        "for name in ('tree_sitter', 'tree_sitter_bash', 'importlib.resources', 'typing'):\n"
        "    assert name not in sys.modules, name\n"
        "assert 'tree_sitter._binding' in sys.modules\n"
        # A later ordinary import uses the extension module that is already loaded.
        "import tree_sitter\n"
        "assert tree_sitter.Parser is sys.modules['tree_sitter._binding'].Parser\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_falls_back_to_the_normal_import(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    import tree_sitter
    import tree_sitter_bash

    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    monkeypatch.delitem(sys.modules, "tree_sitter_bash._binding", raising=False)
    assert shell_words._binding("tree_sitter_bash") is tree_sitter_bash
    language = tree_sitter_bash.language()
    parser = tree_sitter.Parser(tree_sitter.Language(language))
    assert parser.parse(b"go build").root_node.type == "program"
