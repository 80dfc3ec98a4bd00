from __future__ import annotations

import pytest

from dockerlint_go.model.expand import expand

ENV = {"A": "1", "EMPTY": "", "USER_NAME": "app"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain", "plain"),
        ("$A", "1"),
        ("${A}", "1"),
        ("x${A}y", "x1y"),
        ("$MISSING", ""),
        ("${MISSING:-def}", "def"),
        ("${EMPTY:-def}", "def"),
        ("${EMPTY-def}", ""),
        ("${MISSING-def}", "def"),
        ("${A:-def}", "1"),
        ("${A:+alt}", "alt"),
        ("${EMPTY:+alt}", ""),
        ("${EMPTY+alt}", "alt"),
        ("${MISSING:+alt}", ""),
        ("${MISSING:-${A}}", "1"),
        ("/home/${USER_NAME}/go", "/home/app/go"),
        ("\\$A", "$A"),
        ("$", "$"),
        ("${unterminated", "${unterminated"),
        ("$1", "$1"),
    ],
)
def test_expand(text: str, expected: str) -> None:
    assert expand(text, ENV) == expected


def test_backtick_escape() -> None:
    assert expand("`$A", ENV, escape="`") == "$A"


def test_deeply_nested_defaults_do_not_exhaust_the_stack() -> None:
    from dockerlint_go.api import lint_text

    text = "FROM golang:1.22\nARG A=" + "${A:-" * 500 + "x" + "}" * 500 + "\n"
    assert lint_text(text).path == "-"
