"""The reporter registry."""

from __future__ import annotations

import subprocess
import sys

import pytest

from dockerlint_go.reporters import FORMATS, UnknownFormatError, get_reporter, sarif, tty
from dockerlint_go.reporters import json as json_reporter


def test_formats_are_tty_json_sarif():
    assert tuple(FORMATS) == ("tty", "json", "sarif")


@pytest.mark.parametrize(
    ("name", "module"), [("tty", tty), ("json", json_reporter), ("sarif", sarif)]
)
def test_get_reporter_returns_the_module_render(name, module):
    assert get_reporter(name) is module.render


def test_unknown_format():
    with pytest.raises(
        UnknownFormatError, match=r"unknown format 'xml' \(known: tty, json, sarif\)"
    ):
        get_reporter("xml")


def test_the_registry_imports_no_reporter_and_no_rich():
    code = (
        "import sys, dockerlint_go.reporters; "
        "print(sorted(m for m in sys.modules "
        "if m.startswith(('rich', 'dockerlint_go.reporters.'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout == "[]\n"
