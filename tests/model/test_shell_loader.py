"""Loading the bash grammar without tree_sitter_bash's package __init__ (start-up time)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from dockerlint_go.model import shell


def test_grammar_loads_without_the_package_init() -> None:
    code = (
        "import sys\n"
        "from dockerlint_go.model.shell import parse_script\n"
        "assert parse_script('go build ./...', {})[0].argv == ('go', 'build', './...')\n"
        "assert 'tree_sitter_bash' not in sys.modules, 'package __init__ ran'\n"
        "assert 'importlib.resources' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_falls_back_to_the_normal_import(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    import tree_sitter

    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    language = shell._bash_language()
    parser = tree_sitter.Parser(tree_sitter.Language(language))
    assert parser.parse(b"go build").root_node.type == "program"
