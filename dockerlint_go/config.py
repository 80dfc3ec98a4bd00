"""Configuration: where it comes from, what it may say, and how it selects findings.

Sources, lowest precedence first; each key is resolved on its own:

1. **Defaults** (see ``Config``): nothing ignored, no overrides, ``failure-threshold: info``,
   ``format: tty``, colours on, no per-file ignores, ``context: .``.
2. **A config file**, YAML or the ``[tool.dockerlint-go]`` table of a ``pyproject.toml``. Without
   ``--config`` it is searched for: starting in the current directory and walking up, each
   directory is tried for ``.dockerlint-go.yaml``, then ``.dockerlint-go.yml``, then a
   ``pyproject.toml`` that has a ``[tool.dockerlint-go]`` table (a ``pyproject.toml`` without one
   is skipped); the first hit wins. The walk stops after the repository root (the first
   directory that holds a ``.git`` file or directory) or at the file-system root. ``--config
   FILE`` (or ``DOCKERLINT_GO_CONFIG``; the option wins) names the file instead, and then a
   missing or unreadable file is an error. A named file ending in ``.toml`` is read as a
   pyproject (its ``[tool.dockerlint-go]`` table, which must exist); any other name as YAML.
3. **The environment** (the caller passes it in; this module never reads ``os.environ``).
   Variables that are unset or empty (only blanks) are ignored:

   - ``DOCKERLINT_GO_CONFIG``: the config file, as ``--config``;
   - ``DOCKERLINT_GO_FAILURE_THRESHOLD``: ``error``, ``warning``, ``info`` or ``none``;
   - ``DOCKERLINT_GO_IGNORE``: codes or names, separated by commas and/or blanks;
   - ``DOCKERLINT_GO_ERROR``, ``DOCKERLINT_GO_WARNING``, ``DOCKERLINT_GO_INFO``: codes or names
     to report at that severity (same separators);
   - ``DOCKERLINT_GO_FORMAT``: a report format;
   - ``DOCKERLINT_GO_NO_COLOR``: ``1``/``true``/``yes`` or ``0``/``false``/``no`` (any case);
   - ``NO_COLOR``: any non-empty value turns colours off (https://no-color.org);
     ``DOCKERLINT_GO_NO_COLOR``, when set, wins over it;
   - ``DOCKERLINT_GO_FILE_PATH_IN_REPORT``: the path to report for the linted file;
   - ``DOCKERLINT_GO_NO_FAIL``: a boolean, as ``DOCKERLINT_GO_NO_COLOR``;
   - ``DOCKERLINT_GO_CONTEXT``: the default build context.

   Any other ``DOCKERLINT_GO_*`` variable is probably a typo: it is reported in
   ``Config.warnings`` (not an error: CI systems set variables far from the project).
4. **The command line**, handed over by the CLI as a ``CommandLine``.

For a scalar key the highest source that sets it wins. The lists merge as hadolint merges
them (its ``Configuration`` semigroup concatenates the rule lists): ``ignored`` from every
source **adds up**, so ``--ignore DG104`` ignores DG104 *as well as* what the config file
ignores, and a higher source cannot un-ignore a code (point ``--config`` at another file for
that). Severity overrides merge per code: a higher source's assignment for a code replaces a
lower one's (``--warning DG101`` beats ``override: {error: [DG101]}`` in the file); within one
source a code may get one severity only. ``per-file-ignores`` only come from a config file.

Config file keys (kebab-case; hadolint's meaning where it has the same key)::

    ignored: [DG102, gomodcache-unset]    # codes or names, any case
    override:                             # report these codes at another severity
      error: [DG104]
      warning: []
      info: [DG102]
    failure-threshold: warning            # error | warning | info | none
    format: sarif                         # a key of dockerlint_go.reporters.FORMATS
    no-color: true
    per-file-ignores:                     # glob -> codes or names
      "legacy/**": [DG103]
      "*.dev.Dockerfile": [DG101, DG104]
    context: ..                           # default build context, relative to a Dockerfile

In ``pyproject.toml`` the same keys live in ``[tool.dockerlint-go]`` (with
``[tool.dockerlint-go.override]`` and ``[tool.dockerlint-go.per-file-ignores]`` sub-tables or
inline tables). A list or mapping key that is present but null (``ignored:`` with every item
commented out) is empty. YAML quirk: a glob that starts with ``*`` must be quoted, because an
unquoted ``*`` starts a YAML alias.

``per-file-ignores`` globs are matched against a finding's reported path, made relative to
the directory of the config file that holds the glob (so a config at the repository root works
the same from any sub-directory; run from that directory, this is just the reported path).
The rules, all case-sensitive on every platform:

* ``*`` matches any run of characters except ``/``; ``?`` one character except ``/``;
  ``[abc]``, ``[a-z]``, ``[!abc]`` one character of (or not of) a set, never ``/``.
* ``**`` matches any run of characters, ``/`` included; ``**/`` at the start of the glob or
  after a ``/`` matches zero or more whole directories, so ``**/Dockerfile`` matches
  ``Dockerfile`` and ``a/b/Dockerfile``, and ``legacy/**`` matches everything below ``legacy``.
* A glob must match the whole path. A glob without any ``/`` also matches the file name
  alone: ``Dockerfile.dev`` matches ``Dockerfile.dev`` and ``services/api/Dockerfile.dev``,
  while ``./Dockerfile`` (or ``/Dockerfile``) matches only the one next to the config file.
* A leading ``./`` or ``/`` is otherwise dropped (paths are relative); a trailing ``/`` means
  ``/**``.
* A file outside the config file's directory is only matched by the globs without a ``/``
  (by its name).

Selection (``select``) is separate from inline suppression, as in flake8: it drops every
finding whose code is ignored globally or by a matching per-file glob, and gives the others
their overridden severity. Suppressed findings go through it like any other. DG000
(``parse-error``) may be overridden like any rule; ignoring it hides the files that could not
be read at all, so a broken Dockerfile then passes silently.

Errors: anything wrong in a config file — bad YAML or TOML, an unknown key (with a did-you-mean
suggestion), a value of the wrong type, an unknown rule, threshold or format — raises
``ConfigError`` with the file and 1-based line (``.dockerlint-go.yaml:4: unknown key 'ignore'
(did you mean 'ignored'?)``); syntax errors also carry the column. A bad environment value or
option raises it with its origin instead (``environment DOCKERLINT_GO_IGNORE: unknown rule
'DG9'``). Nothing is ever silently ignored.

``describe`` renders the resolved configuration, one line per key, with the source of every
value ("default", "config file PATH:LINE", "environment VARIABLE", "command line --option"),
for ``--verbose``. PyYAML and tomllib are imported only when a file needs them.
"""

from __future__ import annotations

import enum
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from types import GenericAlias

from dockerlint_go import TYPE_CHECKING
from dockerlint_go.findings import Severity
from dockerlint_go.record import Record, replace
from dockerlint_go.selection import glob_matches, glob_regex, ignored_for, select

if TYPE_CHECKING:
    from os import PathLike
    from pathlib import Path
    from typing import Generic, TypeVar

    from dockerlint_go.rules._rule import Rule

    T = TypeVar("T")

__all__ = [
    "CONFIG_FILE_NAMES",
    "ENVIRONMENT_VARIABLES",
    "KEYS",
    "CommandLine",
    "Config",
    "ConfigError",
    "Layer",
    "Override",
    "PerFileIgnore",
    "Setting",
    "Source",
    "SourceKind",
    "command_line_layer",
    "describe",
    "environment_layer",
    "find_config_file",
    "glob_matches",
    "ignored_for",
    "load_config_file",
    "merge_layers",
    "resolve_config",
    "select",
]

CONFIG_FILE_NAMES = (".dockerlint-go.yaml", ".dockerlint-go.yml")
"""The config file names, in the order they are tried in each directory."""
PYPROJECT = "pyproject.toml"
TABLE = ("tool", "dockerlint-go")

KEYS = (
    "ignored",
    "override",
    "failure-threshold",
    "format",
    "no-color",
    "per-file-ignores",
    "context",
    "fixable",
    "unfixable",
)
"""The keys a config file may use."""
OVERRIDE_KEYS = ("error", "warning", "info")
THRESHOLDS = ("error", "warning", "info", "none")

ENV_CONFIG = "DOCKERLINT_GO_CONFIG"
ENV_FAILURE_THRESHOLD = "DOCKERLINT_GO_FAILURE_THRESHOLD"
ENV_IGNORE = "DOCKERLINT_GO_IGNORE"
ENV_ERROR = "DOCKERLINT_GO_ERROR"
ENV_WARNING = "DOCKERLINT_GO_WARNING"
ENV_INFO = "DOCKERLINT_GO_INFO"
ENV_FORMAT = "DOCKERLINT_GO_FORMAT"
ENV_NO_COLOR = "DOCKERLINT_GO_NO_COLOR"
ENV_FILE_PATH_IN_REPORT = "DOCKERLINT_GO_FILE_PATH_IN_REPORT"
ENV_NO_FAIL = "DOCKERLINT_GO_NO_FAIL"
ENV_CONTEXT = "DOCKERLINT_GO_CONTEXT"
NO_COLOR = "NO_COLOR"

ENVIRONMENT_VARIABLES = (
    ENV_CONFIG,
    ENV_FAILURE_THRESHOLD,
    ENV_IGNORE,
    ENV_ERROR,
    ENV_WARNING,
    ENV_INFO,
    ENV_FORMAT,
    ENV_NO_COLOR,
    ENV_FILE_PATH_IN_REPORT,
    ENV_NO_FAIL,
    ENV_CONTEXT,
    NO_COLOR,
)
"""Every environment variable that the configuration reads."""
_ENV_PREFIX = "DOCKERLINT_GO_"

_TRUE = ("1", "true", "yes")
_FALSE = ("0", "false", "no")


class SourceKind(enum.Enum):
    DEFAULT = "default"
    CONFIG_FILE = "config file"
    ENVIRONMENT = "environment"
    COMMAND_LINE = "command line"


class Source(Record):
    """Where a value came from: ``name`` is the file, variable or option; ``line`` (1-based) is
    set for a config file."""

    kind: SourceKind
    name: str = ""
    line: int | None = None

    def __str__(self) -> str:
        if self.kind is SourceKind.DEFAULT:
            return "default"
        where = self.name if self.line is None else f"{self.name}:{self.line}"
        return f"{self.kind.value} {where}"


DEFAULT_SOURCE = Source(SourceKind.DEFAULT)


if TYPE_CHECKING:

    class Setting(Record, Generic[T]):
        """A resolved value and where it came from."""

        value: T
        source: Source

else:
    # The same class without ``Generic``, which would import ``typing`` (a few milliseconds of
    # every run) only to tell type checkers what ``value`` holds. ``Setting[str]`` still works
    # at run time, as ``list[str]`` does.
    class Setting(Record):
        """A resolved value and where it came from."""

        value: object
        source: Source

        __class_getitem__ = classmethod(GenericAlias)


class Override(Record):
    """Report ``code`` (canonical) at ``severity``."""

    code: str
    severity: Severity
    source: Source


class PerFileIgnore(Record):
    """Ignore ``codes`` (canonical) in the files that ``glob`` matches.

    ``base`` is the absolute directory the glob is relative to (the config file's); None
    matches the reported path as it is.
    """

    glob: str
    codes: tuple[str, ...]
    source: Source
    base: str | None = None


_DEFAULT_THRESHOLD: Setting[Severity | None] = Setting(Severity.INFO, DEFAULT_SOURCE)
_DEFAULT_FORMAT: Setting[str] = Setting("tty", DEFAULT_SOURCE)
_DEFAULT_FALSE: Setting[bool] = Setting(False, DEFAULT_SOURCE)
_DEFAULT_CONTEXT: Setting[str] = Setting(".", DEFAULT_SOURCE)
_DEFAULT_NONE: Setting[str | None] = Setting(None, DEFAULT_SOURCE)


class Config(Record):
    """The resolved configuration.

    ``ignored`` and ``overrides`` hold canonical codes, sorted, one entry per code (the source
    is the highest one that named it). ``failure_threshold`` is None for ``none`` (nothing
    fails), which is what ``Severity.at_least`` takes. ``config_file`` is the file that was
    read, as shown to the user; ``cwd`` the absolute directory reported paths are relative to;
    ``warnings`` are notes for the user (unknown ``DOCKERLINT_GO_*`` variables).
    """

    ignored: tuple[Setting[str], ...] = ()
    overrides: tuple[Override, ...] = ()
    failure_threshold: Setting[Severity | None] = _DEFAULT_THRESHOLD
    format: Setting[str] = _DEFAULT_FORMAT
    no_color: Setting[bool] = _DEFAULT_FALSE
    per_file_ignores: tuple[PerFileIgnore, ...] = ()
    context: Setting[str] = _DEFAULT_CONTEXT
    file_path_in_report: Setting[str | None] = _DEFAULT_NONE
    no_fail: Setting[bool] = _DEFAULT_FALSE
    # --fix: the rules whose fixes may be applied (None: every rule) and those never fixed
    fixable: tuple[Setting[str], ...] | None = None
    unfixable: tuple[Setting[str], ...] = ()
    config_file: str | None = None
    cwd: str | None = None
    warnings: tuple[str, ...] = ()

    @property
    def ignored_codes(self) -> frozenset[str]:
        return frozenset(setting.value for setting in self.ignored)

    def may_fix(self, code: str) -> bool:
        """Whether ``fixable``/``unfixable`` let --fix apply the fixes of ``code``."""
        if any(setting.value == code for setting in self.unfixable):
            return False
        return self.fixable is None or any(setting.value == code for setting in self.fixable)

    def severity_for(self, code: str) -> Severity | None:
        """The overridden severity of ``code``, or None."""
        for override in self.overrides:
            if override.code == code:
                return override.severity
        return None


class Layer(Record):
    """What one source says; None (or empty) where it says nothing."""

    ignored: tuple[Setting[str], ...] = ()
    overrides: tuple[Override, ...] = ()
    failure_threshold: Setting[Severity | None] | None = None
    format: Setting[str] | None = None
    no_color: Setting[bool] | None = None
    per_file_ignores: tuple[PerFileIgnore, ...] = ()
    context: Setting[str] | None = None
    file_path_in_report: Setting[str | None] | None = None
    no_fail: Setting[bool] | None = None
    fixable: tuple[Setting[str], ...] | None = None
    unfixable: tuple[Setting[str], ...] = ()
    warnings: tuple[str, ...] = ()


class CommandLine(Record):
    """The configuration options as given on the command line, unvalidated.

    None, empty or False: not given. The flags are ``--config``, ``--ignore``, ``--error``,
    ``--warning``, ``--info``, ``--failure-threshold``, ``--format``, ``--no-color``,
    ``--no-fail``, ``--file-path-in-report`` and ``--context``; their names are the sources
    that ``describe`` shows.
    """

    config: str | None = None
    ignore: tuple[str, ...] = ()
    error: tuple[str, ...] = ()
    warning: tuple[str, ...] = ()
    info: tuple[str, ...] = ()
    failure_threshold: str | None = None
    format: str | None = None
    no_color: bool = False
    no_fail: bool = False
    file_path_in_report: str | None = None
    context: str | None = None


class ConfigError(Exception):
    """The configuration is wrong: in a file (``path``, 1-based ``line``, ``column`` for syntax
    errors), or in a variable or option (``origin``, such as ``environment DOCKERLINT_GO_IGNORE``).

    Not a frozen dataclass: the exception machinery (``contextlib``, tracebacks) sets attributes
    on exceptions.
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        column: int | None = None,
        origin: str | None = None,
    ) -> None:
        self.message = message
        self.path = path
        self.line = line
        self.column = column
        self.origin = origin
        super().__init__(self._text())

    def _text(self) -> str:
        if self.path is not None:
            where = self.path
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            return f"{where}: {self.message}"
        if self.origin is not None:
            return f"{self.origin}: {self.message}"
        return self.message


# --- resolution ---------------------------------------------------------------------------


def resolve_config(
    *,
    cwd: str | PathLike[str],
    environ: Mapping[str, str],
    command_line: CommandLine | None = None,
    rules: Sequence[Rule] | None = None,
) -> Config:
    """Resolve the configuration for a run in ``cwd``: the config file (named by ``--config`` or
    ``DOCKERLINT_GO_CONFIG``, else found from ``cwd`` upwards), then ``environ``, then
    ``command_line``. ``rules`` (default: every registered rule) are the codes and names a
    configuration may refer to. Raises ``ConfigError``."""
    given = command_line if command_line is not None else CommandLine()
    active = _default_rules() if rules is None else rules
    where = os.path.normpath(os.path.abspath(cwd))
    layers: list[Layer] = []
    config_file: str | None = None
    explicit, origin = given.config, Source(SourceKind.COMMAND_LINE, "--config")
    if explicit is None:
        explicit, origin = (
            _env_value(environ, ENV_CONFIG),
            Source(SourceKind.ENVIRONMENT, ENV_CONFIG),
        )
    if explicit is not None:
        if not explicit:
            raise ConfigError("the config file name is empty", origin=str(origin))
        path = os.path.join(where, explicit)
        layers.append(load_config_file(path, rules=active, display=explicit, given_by=origin.name))
        config_file = explicit
    else:
        found = _find_config_file(where)
        if found is not None:
            config_file = _display_path(found, where)
            layers.append(load_config_file(found, rules=active, display=config_file))
    layers.append(environment_layer(environ, rules=active))
    layers.append(command_line_layer(given, rules=active))
    return merge_layers(layers, config_file=config_file, cwd=str(where))


def merge_layers(
    layers: Iterable[Layer], *, config_file: str | None = None, cwd: str | None = None
) -> Config:
    """Merge ``layers`` (lowest precedence first) over the defaults; see the module docstring
    for how each kind of key merges."""
    ignored: dict[str, Setting[str]] = {}
    unfixable: dict[str, Setting[str]] = {}
    overrides: dict[str, Override] = {}
    per_file: list[PerFileIgnore] = []
    warnings: list[str] = []
    config = Config(config_file=config_file, cwd=cwd)
    for layer in layers:
        for setting in layer.ignored:
            ignored[setting.value] = setting
        for setting in layer.unfixable:
            unfixable[setting.value] = setting
        for override in layer.overrides:
            overrides[override.code] = override
        per_file.extend(layer.per_file_ignores)
        if layer.fixable is not None:
            config = replace(config, fixable=layer.fixable)
        warnings.extend(layer.warnings)
        if layer.failure_threshold is not None:
            config = replace(config, failure_threshold=layer.failure_threshold)
        if layer.format is not None:
            config = replace(config, format=layer.format)
        if layer.no_color is not None:
            config = replace(config, no_color=layer.no_color)
        if layer.context is not None:
            config = replace(config, context=layer.context)
        if layer.file_path_in_report is not None:
            config = replace(config, file_path_in_report=layer.file_path_in_report)
        if layer.no_fail is not None:
            config = replace(config, no_fail=layer.no_fail)
    return replace(
        config,
        ignored=tuple(ignored[code] for code in sorted(ignored)),
        unfixable=tuple(unfixable[code] for code in sorted(unfixable)),
        overrides=tuple(overrides[code] for code in sorted(overrides)),
        per_file_ignores=tuple(per_file),
        warnings=tuple(warnings),
    )


def _default_rules() -> tuple[Rule, ...]:
    from dockerlint_go.rules import ALL_RULES

    return ALL_RULES


def _display_path(path: str | PathLike[str], cwd: str) -> str:
    try:
        shown = os.path.relpath(path, cwd)
    except ValueError:  # another drive
        return str(path)
    return shown.replace(os.sep, "/")


# --- discovery ----------------------------------------------------------------------------


def find_config_file(start: str | PathLike[str]) -> Path | None:
    """The config file that applies in ``start``, or None; see the module docstring.

    Raises ``ConfigError`` for a ``pyproject.toml`` that mentions dockerlint-go but is not valid
    TOML (it might hold the table, so it cannot be skipped)."""
    found = _find_config_file(start)
    if found is None:
        return None
    from pathlib import Path

    return Path(found)


def _find_config_file(start: str | PathLike[str]) -> str | None:
    # Strings and os.path, not pathlib: this runs on every lint, and importing pathlib costs
    # more than the search.
    directory = os.path.normpath(os.path.abspath(start))
    candidate_dir = directory
    while True:
        for name in CONFIG_FILE_NAMES:
            candidate = os.path.join(candidate_dir, name)
            if os.path.isfile(candidate):
                return candidate
        pyproject = os.path.join(candidate_dir, PYPROJECT)
        if os.path.isfile(pyproject) and _has_table(pyproject, _display_path(pyproject, directory)):
            return pyproject
        parent = os.path.dirname(candidate_dir)
        if os.path.lexists(os.path.join(candidate_dir, ".git")) or parent == candidate_dir:
            return None
        candidate_dir = parent


def _has_table(pyproject: str, shown: str) -> bool:
    try:
        with open(pyproject, "rb") as handle:
            text = handle.read().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return False  # not ours to judge; pip and friends will complain
    if not _may_hold_table(text):
        return False  # the common case, without importing tomllib
    from dockerlint_go.config_file import toml_table

    return toml_table(text, shown) is not None


def load_config_file(
    path: str | PathLike[str],
    *,
    rules: Sequence[Rule] | None = None,
    display: str | None = None,
    given_by: str | None = None,
) -> Layer:
    """Read and validate one config file. ``display`` is how the path is shown in messages and
    sources (default: ``path``); ``given_by`` names the option or variable that named the file,
    for the message when it cannot be read. Raises ``ConfigError``."""
    from dockerlint_go import config_file

    return config_file.load_config_file(path, rules=rules, display=display, given_by=given_by)


def _may_hold_table(text: str) -> bool:
    """False when ``text`` certainly has no ``[tool.dockerlint-go]`` table, without parsing it.

    A pyproject of a project named dockerlint-go, or one that installs it, mentions the name in
    other tables; parsing TOML (and importing tomllib) costs more than the rest of a one-file
    run, so the lines that mention the name are looked at first. Only these can open or fill
    the table: a header naming it (``[tool.dockerlint-go]``, ``[ tool . "dockerlint-go" ]``,
    ``[tool.dockerlint-go.override]``), a dotted key (``tool.dockerlint-go.ignored = …``), an
    inline table (``tool = {dockerlint-go = …}``: TOML keeps it on one line) or a
    ``dockerlint-go`` key in a ``[tool]`` table. Blanks and quotes are dropped before comparing.
    """
    name = TABLE[1]
    start = text.find(name)
    while start >= 0:
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", start)
        line = text[line_start : len(text) if line_end < 0 else line_end]
        bare = line.translate(_BLANKS_AND_QUOTES)
        if bare.startswith(("[tool." + name, "[[tool." + name, "tool." + name, "tool=")):
            return True
        if bare.startswith(name) and "[tool]" in text[:line_start].translate(_BLANKS_AND_QUOTES):
            return True
        start = text.find(name, start + len(name))
    return False


_BLANKS_AND_QUOTES = str.maketrans("", "", " \t\"'")


# --- validation -----------------------------------------------------------------------------


def _suggest(word: str, choices: Iterable[str]) -> str | None:
    import difflib

    options = list(choices)
    lowered = {choice.lower(): choice for choice in options}
    found = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
    return lowered[found[0]] if found else None


def _unknown(what: str, word: str, choices: Sequence[str], adjective: str = "unknown") -> str:
    suggestion = _suggest(word, choices)
    if suggestion is not None:
        return f"{adjective} {what} {word!r} (did you mean {suggestion!r}?)"
    return f"{adjective} {what} {word!r} (expected one of: {', '.join(choices)})"


class _RuleIndex(Record):
    by_key: Mapping[str, str]  # lower-case code or name -> canonical code
    codes: tuple[str, ...]
    names: tuple[str, ...]


def _rule_index(rules: Sequence[Rule]) -> _RuleIndex:
    by_key: dict[str, str] = {}
    for rule in rules:
        by_key[rule.code.lower()] = rule.code
        by_key[rule.name.lower()] = rule.code
    return _RuleIndex(
        by_key=by_key,
        codes=tuple(rule.code for rule in rules),
        names=tuple(rule.name for rule in rules),
    )


def _rule_problem(ref: str, index: _RuleIndex) -> str:
    suggestion = _suggest(ref, index.codes + index.names)
    if suggestion is not None:
        message = f"unknown rule {ref!r} (did you mean {suggestion!r}?)"
    else:
        message = f"unknown rule {ref!r} (known codes: {', '.join(index.codes) or 'none'})"
    if ref[:2].upper() in ("DL", "SC"):
        message += "; DL and SC codes are hadolint's and ShellCheck's"
    return message


class _BadValueError(ValueError):
    """A value is wrong; the caller knows where it came from and turns this into a
    ConfigError."""


def _parse_threshold(value: str) -> Severity | None:
    key = value.strip().lower()
    if key == "none":
        return None
    if key in THRESHOLDS:
        return Severity(key)
    raise _BadValueError(_unknown("failure threshold", value, THRESHOLDS, "invalid"))


def _parse_format(value: str) -> str:
    # Looked up at each call: reporters register more formats as they are written.
    from dockerlint_go import reporters

    key = value.strip().lower()
    formats = tuple(reporters.FORMATS)
    if key in formats:
        return key
    raise _BadValueError(_unknown("format", value, formats, "invalid"))


def _context_problem(value: str, *, absolute_ok: bool = False) -> str | None:
    from pathlib import PureWindowsPath

    if not value.strip():
        return "context must not be empty"
    if absolute_ok:
        return None
    if value.startswith("/") or PureWindowsPath(value).is_absolute():
        return f"context {value!r} must be relative to the Dockerfile, not absolute"
    return None


def _glob_problem(glob: str) -> str | None:
    if not glob.strip():
        return "a per-file-ignores glob must not be empty"
    try:
        glob_regex(glob)
    except re.error as exc:
        return f"invalid glob {glob!r}: {exc.msg}"
    return None


# --- environment and command line ---------------------------------------------------------


def _env_value(environ: Mapping[str, str], name: str) -> str | None:
    value = environ.get(name)
    if value is None or not value.strip():
        return None
    return value.strip()


def _split_refs(value: str) -> list[str]:
    return [part for part in re.split(r"[\s,]+", value) if part]


def _resolve_refs(refs: Iterable[str], index: _RuleIndex, origin: str) -> list[str]:
    codes: list[str] = []
    for ref in refs:
        code = index.by_key.get(ref.strip().lower())
        if code is None:
            raise ConfigError(_rule_problem(ref, index), origin=origin)
        if code not in codes:
            codes.append(code)
    return codes


def _overrides(
    by_severity: Sequence[tuple[Severity, Sequence[str], Source]], index: _RuleIndex
) -> tuple[Override, ...]:
    found: dict[str, Override] = {}
    for severity, refs, source in by_severity:
        for code in _resolve_refs(refs, index, str(source)):
            earlier = found.get(code)
            if earlier is not None and earlier.severity is not severity:
                raise ConfigError(
                    f"{code} is overridden to both {earlier.severity.value} "
                    f"({earlier.source}) and {severity.value}",
                    origin=str(source),
                )
            found.setdefault(code, Override(code, severity, source))
    return tuple(found[code] for code in sorted(found))


def _threshold_setting(value: str, source: Source) -> Setting[Severity | None]:
    try:
        return Setting(_parse_threshold(value), source)
    except _BadValueError as exc:
        raise ConfigError(str(exc), origin=str(source)) from None


def _format_setting(value: str, source: Source) -> Setting[str]:
    try:
        return Setting(_parse_format(value), source)
    except _BadValueError as exc:
        raise ConfigError(str(exc), origin=str(source)) from None


def _context_setting(value: str, source: Source, *, absolute_ok: bool = False) -> Setting[str]:
    """``context`` from the environment or ``--context``: both may be absolute (the config
    file's key is relative to the Dockerfile, to keep the file portable)."""
    problem = _context_problem(value, absolute_ok=absolute_ok)
    if problem is not None:
        raise ConfigError(problem, origin=str(source))
    return Setting(value, source)


def _env_bool(environ: Mapping[str, str], name: str) -> Setting[bool] | None:
    value = _env_value(environ, name)
    if value is None:
        return None
    source = Source(SourceKind.ENVIRONMENT, name)
    key = value.lower()
    if key in _TRUE:
        return Setting(True, source)
    if key in _FALSE:
        return Setting(False, source)
    raise ConfigError(f"expected 1, true, yes, 0, false or no, not {value!r}", origin=str(source))


def environment_layer(environ: Mapping[str, str], *, rules: Sequence[Rule] | None = None) -> Layer:
    """What the environment says (``DOCKERLINT_GO_CONFIG`` aside: ``resolve_config`` reads it).
    Raises ``ConfigError`` for a bad value."""
    index = _rule_index(_default_rules() if rules is None else rules)

    def source(name: str) -> Source:
        return Source(SourceKind.ENVIRONMENT, name)

    layer = Layer()
    ignore = _env_value(environ, ENV_IGNORE)
    if ignore is not None:
        codes = _resolve_refs(_split_refs(ignore), index, str(source(ENV_IGNORE)))
        layer = replace(layer, ignored=tuple(Setting(code, source(ENV_IGNORE)) for code in codes))
    by_severity: list[tuple[Severity, Sequence[str], Source]] = []
    for severity, name in (
        (Severity.ERROR, ENV_ERROR),
        (Severity.WARNING, ENV_WARNING),
        (Severity.INFO, ENV_INFO),
    ):
        value = _env_value(environ, name)
        if value is not None:
            by_severity.append((severity, _split_refs(value), source(name)))
    layer = replace(layer, overrides=_overrides(by_severity, index))
    threshold = _env_value(environ, ENV_FAILURE_THRESHOLD)
    if threshold is not None:
        setting = _threshold_setting(threshold, source(ENV_FAILURE_THRESHOLD))
        layer = replace(layer, failure_threshold=setting)
    output_format = _env_value(environ, ENV_FORMAT)
    if output_format is not None:
        layer = replace(layer, format=_format_setting(output_format, source(ENV_FORMAT)))
    no_color = _env_bool(environ, ENV_NO_COLOR)
    if no_color is None and environ.get(NO_COLOR, ""):
        no_color = Setting(True, source(NO_COLOR))
    layer = replace(layer, no_color=no_color, no_fail=_env_bool(environ, ENV_NO_FAIL))
    report_path = _env_value(environ, ENV_FILE_PATH_IN_REPORT)
    if report_path is not None:
        setting_path: Setting[str | None] = Setting(report_path, source(ENV_FILE_PATH_IN_REPORT))
        layer = replace(layer, file_path_in_report=setting_path)
    context = _env_value(environ, ENV_CONTEXT)
    if context is not None:
        layer = replace(
            layer, context=_context_setting(context, source(ENV_CONTEXT), absolute_ok=True)
        )
    unknown = sorted(
        name
        for name in environ
        if name.startswith(_ENV_PREFIX) and name not in ENVIRONMENT_VARIABLES
    )
    warnings = []
    ours = [name.removeprefix(_ENV_PREFIX) for name in ENVIRONMENT_VARIABLES]
    for name in unknown:
        # Compared without the shared prefix, which would make every name look alike.
        suggestion = _suggest(name.removeprefix(_ENV_PREFIX), ours)
        hint = f" (did you mean {_ENV_PREFIX}{suggestion}?)" if suggestion else ""
        warnings.append(f"unknown environment variable {name} is ignored{hint}")
    return replace(layer, warnings=tuple(warnings))


def command_line_layer(command_line: CommandLine, *, rules: Sequence[Rule] | None = None) -> Layer:
    """What the command line says (``--config`` aside: ``resolve_config`` reads it). Raises
    ``ConfigError`` for a bad value."""
    index = _rule_index(_default_rules() if rules is None else rules)

    def source(flag: str) -> Source:
        return Source(SourceKind.COMMAND_LINE, flag)

    given = command_line
    layer = Layer()
    if given.ignore:
        refs = [ref for value in given.ignore for ref in _split_refs(value)]
        codes = _resolve_refs(refs, index, str(source("--ignore")))
        layer = replace(layer, ignored=tuple(Setting(code, source("--ignore")) for code in codes))
    by_severity: list[tuple[Severity, Sequence[str], Source]] = [
        (severity, [ref for value in values for ref in _split_refs(value)], source(flag))
        for severity, values, flag in (
            (Severity.ERROR, given.error, "--error"),
            (Severity.WARNING, given.warning, "--warning"),
            (Severity.INFO, given.info, "--info"),
        )
        if values
    ]
    layer = replace(layer, overrides=_overrides(by_severity, index))
    if given.failure_threshold is not None:
        setting = _threshold_setting(given.failure_threshold, source("--failure-threshold"))
        layer = replace(layer, failure_threshold=setting)
    if given.format is not None:
        layer = replace(layer, format=_format_setting(given.format, source("--format")))
    if given.no_color:
        layer = replace(layer, no_color=Setting(True, source("--no-color")))
    if given.no_fail:
        layer = replace(layer, no_fail=Setting(True, source("--no-fail")))
    if given.file_path_in_report is not None:
        report_path: Setting[str | None] = Setting(
            given.file_path_in_report, source("--file-path-in-report")
        )
        layer = replace(layer, file_path_in_report=report_path)
    if given.context is not None:
        layer = replace(
            layer, context=_context_setting(given.context, source("--context"), absolute_ok=True)
        )
    return layer


# --- description ----------------------------------------------------------------------------


def describe(config: Config) -> str:
    """The resolved configuration for ``--verbose``: one line per key, each value followed by
    its source in parentheses; ends with a newline."""

    def show(value: object) -> str:
        if value is None:
            return "none"
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, Severity):
            return value.value
        return str(value)

    def setting(key: str, item: Setting[str] | Setting[bool] | Setting[str | None]) -> str:
        return f"{key}: {show(item.value)} ({item.source})"

    lines = [f"config file: {config.config_file or 'none'}"]
    if config.ignored:
        shown = ", ".join(f"{s.value} ({s.source})" for s in config.ignored)
        lines.append(f"ignored: {shown}")
    else:
        lines.append(f"ignored: none ({DEFAULT_SOURCE})")
    if config.overrides:
        shown = ", ".join(f"{o.code}={o.severity.value} ({o.source})" for o in config.overrides)
        lines.append(f"override: {shown}")
    else:
        lines.append(f"override: none ({DEFAULT_SOURCE})")
    threshold = config.failure_threshold
    lines.append(f"failure-threshold: {show(threshold.value)} ({threshold.source})")
    lines.append(setting("format", config.format))
    lines.append(setting("no-color", config.no_color))
    if config.per_file_ignores:
        shown = "; ".join(
            f"{p.glob}: {', '.join(p.codes) or 'nothing'} ({p.source})"
            for p in config.per_file_ignores
        )
        lines.append(f"per-file-ignores: {shown}")
    else:
        lines.append(f"per-file-ignores: none ({DEFAULT_SOURCE})")
    lines.append(setting("context", config.context))
    lines.append(setting("file-path-in-report", config.file_path_in_report))
    lines.append(setting("no-fail", config.no_fail))
    if config.fixable is not None:
        shown = ", ".join(f"{s.value} ({s.source})" for s in config.fixable) or "nothing"
        lines.append(f"fixable: {shown}")
    else:
        lines.append(f"fixable: every rule ({DEFAULT_SOURCE})")
    if config.unfixable:
        shown = ", ".join(f"{s.value} ({s.source})" for s in config.unfixable)
        lines.append(f"unfixable: {shown}")
    else:
        lines.append(f"unfixable: none ({DEFAULT_SOURCE})")
    return "\n".join(lines) + "\n"
