"""Reporters turn a LintResult into text: one Reporter protocol, one registry of formats.

A reporter is a pure function of the result and a ReportContext: findings come sorted, paths as
the API reported them, and nothing depends on the clock or the machine beyond what the context
says. Reporter modules are imported only when their format is asked for, so that choosing
``json`` never imports rich.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from types import MappingProxyType

from dockerlint_go import TYPE_CHECKING
from dockerlint_go.record import Record

if TYPE_CHECKING:
    from os import PathLike

    from dockerlint_go.reporters._protocol import Reporter
    from dockerlint_go.rules._rule import Rule

__all__ = ["FORMATS", "ReportContext", "Reporter", "UnknownFormatError", "get_reporter"]


class ReportContext(Record):
    """What a reporter may know besides the findings.

    ``rules`` is the rule registry (SARIF describes every rule, not only those that fired);
    ``root`` is the directory the reported paths are relative to; ``color`` asks the text
    reporter for terminal colours; ``show_suppressed`` asks it to list the findings an inline
    comment suppressed too (machine formats always carry them, marked as suppressed).
    """

    rules: tuple[Rule, ...]
    root: str | PathLike[str]
    tool_version: str
    color: bool = False
    show_suppressed: bool = False


def __getattr__(name: str) -> object:
    # ``Reporter`` is a typing.Protocol, defined in its own module on first use: a lint does
    # not import ``typing`` (a few milliseconds of start-up).
    if name == "Reporter":
        from dockerlint_go.reporters._protocol import Reporter

        return Reporter
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


FORMATS: Mapping[str, str] = MappingProxyType(
    {
        "tty": "dockerlint_go.reporters.tty",
        "json": "dockerlint_go.reporters.json",
        "sarif": "dockerlint_go.reporters.sarif",
        "gnu": "dockerlint_go.reporters.gnu",
        "checkstyle": "dockerlint_go.reporters.checkstyle",
        "codeclimate": "dockerlint_go.reporters.codeclimate",
        "gitlab_codeclimate": "dockerlint_go.reporters.gitlab_codeclimate",
        "github": "dockerlint_go.reporters.github",
        "junit": "dockerlint_go.reporters.junit",
        "sonarqube": "dockerlint_go.reporters.sonarqube",
    }
)
"""Format name -> the module whose ``render`` function is its Reporter."""


class UnknownFormatError(LookupError):
    """No reporter is registered under that name."""


def get_reporter(name: str) -> Reporter:
    """Import and return the reporter for format ``name``."""
    try:
        module_name = FORMATS[name]
    except KeyError:
        known = ", ".join(FORMATS)
        raise UnknownFormatError(f"unknown format {name!r} (known: {known})") from None
    render: Reporter = importlib.import_module(module_name).render
    return render
