"""The reporter registry."""

from __future__ import annotations

import subprocess
import sys

import pytest

from dockerlint_go.reporters import (
    FORMATS,
    UnknownFormatError,
    checkstyle,
    codeclimate,
    get_reporter,
    github,
    gitlab_codeclimate,
    gnu,
    junit,
    sarif,
    sonarqube,
    tty,
)
from dockerlint_go.reporters import json as json_reporter

MODULES = {
    "tty": tty,
    "json": json_reporter,
    "sarif": sarif,
    "gnu": gnu,
    "checkstyle": checkstyle,
    "codeclimate": codeclimate,
    "gitlab_codeclimate": gitlab_codeclimate,
    "github": github,
    "junit": junit,
    "sonarqube": sonarqube,
}


def test_formats_are_the_ones_the_issue_lists():
    assert tuple(FORMATS) == tuple(MODULES)


@pytest.mark.parametrize(("name", "module"), MODULES.items(), ids=list(MODULES))
def test_get_reporter_returns_the_module_render(name, module):
    assert get_reporter(name) is module.render


def test_unknown_format():
    known = ", ".join(MODULES)
    with pytest.raises(UnknownFormatError, match=rf"unknown format 'xml' \(known: {known}\)"):
        get_reporter("xml")


def test_the_registry_imports_no_reporter_and_no_rich():
    code = (
        "import sys, dockerlint_go.reporters; "
        "print(sorted(m for m in sys.modules "
        "if m.startswith(('rich', 'dockerlint_go.reporters.'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout == "[]\n"
