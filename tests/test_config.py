"""Configuration: discovery, every key in YAML and TOML, errors with their lines, the
environment, precedence, per-file globs, selection and the ``--verbose`` description.

Real files in ``tmp_path``; a fixed rule set so that the messages do not change when rules are
added.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from dockerlint_go import config as cfg
from dockerlint_go.config import (
    CommandLine,
    Config,
    ConfigError,
    Override,
    PerFileIgnore,
    Setting,
    Source,
    SourceKind,
    describe,
    find_config_file,
    glob_matches,
    resolve_config,
    select,
)
from dockerlint_go.findings import Finding, Severity, Span
from dockerlint_go.rules._rule import Hit, Rule


def _no_hits(model: object) -> Iterator[Hit]:
    return iter(())


def _rule(code: str, name: str, severity: Severity) -> Rule:
    return Rule(code, name, severity, f"{name}.", "", _no_hits)


RULES = (
    _rule("DG000", "parse-error", Severity.ERROR),
    _rule("DG101", "root-owned-module-cache", Severity.ERROR),
    _rule("DG102", "source-before-mod-download", Severity.WARNING),
    _rule("DG103", "copy-without-chown", Severity.ERROR),
    _rule("DG104", "gomodcache-unset", Severity.WARNING),
)
KNOWN = "known codes: DG000, DG101, DG102, DG103, DG104"

FILE = SourceKind.CONFIG_FILE
ENV = SourceKind.ENVIRONMENT
CLI = SourceKind.COMMAND_LINE


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        if name.endswith("/"):
            path.mkdir(parents=True, exist_ok=True)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def resolve(
    cwd: Path, environ: dict[str, str] | None = None, command_line: CommandLine | None = None
) -> Config:
    return resolve_config(cwd=cwd, environ=environ or {}, command_line=command_line, rules=RULES)


def load_yaml(tmp_path: Path, text: str, environ: dict[str, str] | None = None) -> Config:
    write(tmp_path, {".git/": "", ".dockerlint-go.yaml": text})
    return resolve(tmp_path, environ)


# ------------------------------------------------------------------------------- discovery

PYPROJECT_TABLE = '[project]\nname = "x"\n\n[tool.dockerlint-go]\nignored = ["DG101"]\n'
PYPROJECT_NO_TABLE = '[project]\nname = "x"\ndependencies = ["dockerlint-go"]\n'

DISCOVERY = [
    ("yaml here", {".dockerlint-go.yaml": ""}, ".", ".dockerlint-go.yaml"),
    ("yml here", {".dockerlint-go.yml": ""}, ".", ".dockerlint-go.yml"),
    (
        "yaml before yml",
        {".dockerlint-go.yml": "", ".dockerlint-go.yaml": ""},
        ".",
        ".dockerlint-go.yaml",
    ),
    (
        "yml before pyproject",
        {".dockerlint-go.yml": "", "pyproject.toml": PYPROJECT_TABLE},
        ".",
        ".dockerlint-go.yml",
    ),
    ("pyproject with the table", {"pyproject.toml": PYPROJECT_TABLE}, ".", "pyproject.toml"),
    (
        "pyproject without the table is skipped",
        {"pyproject.toml": "[tool.black]\nline-length = 100\n"},
        ".",
        None,
    ),
    (
        "pyproject naming the tool only as a dependency is skipped",
        {"a/pyproject.toml": PYPROJECT_NO_TABLE, ".dockerlint-go.yaml": ""},
        "a",
        ".dockerlint-go.yaml",
    ),
    ("walks up", {".dockerlint-go.yaml": "", "a/b/c/": ""}, "a/b/c", ".dockerlint-go.yaml"),
    (
        "the nearest wins, whatever its kind",
        {".dockerlint-go.yaml": "", "a/pyproject.toml": PYPROJECT_TABLE, "a/b/": ""},
        "a/b",
        "a/pyproject.toml",
    ),
    (
        "a config at the repository root is found",
        {"repo/.git/": "", "repo/.dockerlint-go.yml": "", "repo/src/": ""},
        "repo/src",
        "repo/.dockerlint-go.yml",
    ),
    (
        "the walk stops at the repository root (.git directory)",
        {".dockerlint-go.yaml": "", "repo/.git/": "", "repo/src/": ""},
        "repo/src",
        None,
    ),
    (
        "the walk stops at the repository root (.git file: a worktree)",
        {".dockerlint-go.yaml": "", "repo/.git": "gitdir: /elsewhere\n", "repo/src/": ""},
        "repo/src",
        None,
    ),
    (
        "a directory with the config file's name is not a config file",
        {".dockerlint-go.yaml/": "", ".dockerlint-go.yml": ""},
        ".",
        ".dockerlint-go.yml",
    ),
]


@pytest.mark.parametrize(
    ("files", "start", "expected"),
    [case[1:] for case in DISCOVERY],
    ids=[case[0] for case in DISCOVERY],
)
def test_find_config_file(
    tmp_path: Path, files: dict[str, str], start: str, expected: str | None
) -> None:
    root = tmp_path / "top"
    write(root, {".git/": "", **files})
    (root / start).mkdir(parents=True, exist_ok=True)
    assert find_config_file(root / start) == (None if expected is None else root / expected)


def test_find_config_file_walks_to_the_file_system_root_without_a_repository(
    tmp_path: Path,
) -> None:
    write(tmp_path, {".dockerlint-go.yaml": "", "a/b/": ""})
    assert find_config_file(tmp_path / "a" / "b") == tmp_path / ".dockerlint-go.yaml"


def test_resolve_reports_the_found_file_relative_to_the_working_directory(
    tmp_path: Path,
) -> None:
    write(tmp_path, {".git/": "", ".dockerlint-go.yaml": "ignored: [DG101]\n", "a/b/": ""})
    config = resolve(tmp_path / "a" / "b")
    assert config.config_file == "../../.dockerlint-go.yaml"
    assert config.ignored == (Setting("DG101", Source(FILE, "../../.dockerlint-go.yaml", 1)),)


def test_no_config_file_gives_the_defaults(tmp_path: Path) -> None:
    write(tmp_path, {".git/": ""})
    config = resolve(tmp_path)
    assert config == Config(cwd=str(tmp_path))
    assert config.failure_threshold == Setting(Severity.INFO, Source(SourceKind.DEFAULT))
    assert config.format.value == "tty"
    assert config.context.value == "."


# ---------------------------------------------------------------------- explicit --config


def test_explicit_config_replaces_the_search(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            ".git/": "",
            ".dockerlint-go.yaml": "ignored: [DG101]\n",
            "ci/lint.conf": "ignored: [DG102]\n",
        },
    )
    config = resolve(tmp_path, command_line=CommandLine(config="ci/lint.conf"))
    assert config.config_file == "ci/lint.conf"
    assert config.ignored == (Setting("DG102", Source(FILE, "ci/lint.conf", 1)),)


def test_environment_names_the_config_and_the_option_beats_it(tmp_path: Path) -> None:
    write(tmp_path, {".git/": "", "a.yaml": "ignored: [DG101]\n", "b.yml": "ignored: [DG102]\n"})
    from_env = resolve(tmp_path, {"DOCKERLINT_GO_CONFIG": "a.yaml"})
    assert from_env.ignored_codes == {"DG101"}
    both = resolve(tmp_path, {"DOCKERLINT_GO_CONFIG": "a.yaml"}, CommandLine(config="b.yml"))
    assert both.ignored_codes == {"DG102"}
    assert both.config_file == "b.yml"


def test_explicit_pyproject_reads_its_table(tmp_path: Path) -> None:
    write(tmp_path, {".git/": "", "conf/pyproject.toml": PYPROJECT_TABLE})
    config = resolve(tmp_path, command_line=CommandLine(config="conf/pyproject.toml"))
    assert config.ignored == (Setting("DG101", Source(FILE, "conf/pyproject.toml", 5)),)


def test_an_absolute_explicit_path(tmp_path: Path) -> None:
    write(tmp_path, {".git/": "", "x.yaml": "format: json\n", "sub/": ""})
    config = resolve(tmp_path / "sub", command_line=CommandLine(config=str(tmp_path / "x.yaml")))
    assert config.format.value == "json"


EXPLICIT_ERRORS = [
    (
        "missing file",
        {},
        CommandLine(config="missing.yaml"),
        {},
        "missing.yaml: cannot read the config file given by --config: No such file or directory",
    ),
    (
        "missing file named by the environment",
        {},
        None,
        {"DOCKERLINT_GO_CONFIG": "gone.yml"},
        "gone.yml: cannot read the config file given by DOCKERLINT_GO_CONFIG: "
        "No such file or directory",
    ),
    (
        "a directory",
        {"conf/": ""},
        CommandLine(config="conf"),
        {},
        "conf: cannot read the config file given by --config: Is a directory",
    ),
    (
        "a toml file without the table",
        {"other.toml": "[tool.ruff]\nline-length = 1\n"},
        CommandLine(config="other.toml"),
        {},
        "other.toml: no [tool.dockerlint-go] table in this file",
    ),
    (
        "an empty name",
        {},
        CommandLine(config=""),
        {},
        "command line --config: the config file name is empty",
    ),
]


@pytest.mark.parametrize(
    ("files", "command_line", "environ", "message"),
    [case[1:] for case in EXPLICIT_ERRORS],
    ids=[case[0] for case in EXPLICIT_ERRORS],
)
def test_explicit_config_errors(
    tmp_path: Path,
    files: dict[str, str],
    command_line: CommandLine | None,
    environ: dict[str, str],
    message: str,
) -> None:
    write(tmp_path, {".git/": "", **files})
    with pytest.raises(ConfigError) as caught:
        resolve(tmp_path, environ, command_line)
    assert str(caught.value) == message


def test_an_unreadable_discovered_file_is_an_error(tmp_path: Path) -> None:
    write(tmp_path, {".git/": "", ".dockerlint-go.yaml": "ignored: []\n"})
    path = tmp_path / ".dockerlint-go.yaml"
    path.chmod(0)
    try:
        if path.stat().st_mode and _readable(path):
            pytest.skip("running as a user who can read any file")
        with pytest.raises(ConfigError, match=r"^\.dockerlint-go\.yaml: cannot read the config"):
            resolve(tmp_path)
    finally:
        path.chmod(0o644)


def _readable(path: Path) -> bool:
    try:
        path.read_bytes()
    except OSError:
        return False
    return True


# ----------------------------------------------------------------------------- every key

EVERY_KEY_YAML = """\
# every key
ignored: [DG102, GOMODCACHE-UNSET]
override:
  error: [dg104]
  warning: [copy-without-chown]
  info: []
failure-threshold: WARNING
format: JSON
no-color: yes
per-file-ignores:
  "legacy/**": [DG103]
  "*.dev.Dockerfile": [root-owned-module-cache, DG102]
context: ..
"""

EVERY_KEY_TOML = """\
[project]
name = "demo"

[tool.dockerlint-go]
ignored = ["DG102", "GOMODCACHE-UNSET"]
failure-threshold = "WARNING"
format = "JSON"
no-color = true
context = ".."

[tool.dockerlint-go.override]
error = ["dg104"]
warning = ["copy-without-chown"]
info = []

[tool.dockerlint-go.per-file-ignores]
"legacy/**" = ["DG103"]
"*.dev.Dockerfile" = ["root-owned-module-cache", "DG102"]
"""

EVERY_KEY_TOML_INLINE = """\
[tool.dockerlint-go]
ignored = [
    "DG102",
    "GOMODCACHE-UNSET",
]
override = { error = ["dg104"], warning = ["copy-without-chown"], info = [] }
failure-threshold = "WARNING"
format = "JSON"
no-color = true
per-file-ignores = { "legacy/**" = ["DG103"], "*.dev.Dockerfile" = ["DG101", "DG102"] }
context = ".."
"""


@pytest.mark.parametrize(
    ("name", "text"),
    [
        (".dockerlint-go.yaml", EVERY_KEY_YAML),
        (".dockerlint-go.yml", EVERY_KEY_YAML),
        ("pyproject.toml", EVERY_KEY_TOML),
        ("pyproject.toml", EVERY_KEY_TOML_INLINE),
    ],
    ids=["yaml", "yml", "pyproject tables", "pyproject inline tables"],
)
def test_every_key(tmp_path: Path, name: str, text: str) -> None:
    write(tmp_path, {".git/": "", name: text})
    config = resolve(tmp_path)
    assert config.config_file == name
    assert [s.value for s in config.ignored] == ["DG102", "DG104"]
    assert [(o.code, o.severity) for o in config.overrides] == [
        ("DG103", Severity.WARNING),
        ("DG104", Severity.ERROR),
    ]
    assert config.failure_threshold.value is Severity.WARNING
    assert config.format.value == "json"
    assert config.no_color.value is True
    assert [(p.glob, p.codes) for p in config.per_file_ignores] == [
        ("legacy/**", ("DG103",)),
        ("*.dev.Dockerfile", ("DG101", "DG102")),
    ]
    assert {p.base for p in config.per_file_ignores} == {str(tmp_path)}
    assert config.context.value == ".."
    assert all(s.source.kind is FILE and s.source.name == name for s in config.ignored)


def test_every_key_records_its_line_yaml(tmp_path: Path) -> None:
    config = load_yaml(tmp_path, EVERY_KEY_YAML)
    name = ".dockerlint-go.yaml"
    assert [s.source.line for s in config.ignored] == [2, 2]
    assert [o.source.line for o in config.overrides] == [5, 4]
    assert config.failure_threshold.source == Source(FILE, name, 7)
    assert config.format.source == Source(FILE, name, 8)
    assert config.no_color.source == Source(FILE, name, 9)
    assert [p.source.line for p in config.per_file_ignores] == [11, 12]
    assert config.context.source == Source(FILE, name, 13)


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        (
            EVERY_KEY_TOML,
            {
                "ignored": [5, 5],
                "override": [13, 12],
                "failure-threshold": 6,
                "format": 7,
                "no-color": 8,
                "context": 9,
                "per-file-ignores": [17, 18],
            },
        ),
        (
            EVERY_KEY_TOML_INLINE,
            {
                "ignored": [3, 4],
                "override": [6, 6],
                "failure-threshold": 7,
                "format": 8,
                "no-color": 9,
                "context": 11,
                "per-file-ignores": [10, 10],
            },
        ),
    ],
    ids=["tables", "inline"],
)
def test_every_key_records_its_line_toml(
    tmp_path: Path, text: str, lines: dict[str, object]
) -> None:
    write(tmp_path, {".git/": "", "pyproject.toml": text})
    config = resolve(tmp_path)
    assert [s.source.line for s in config.ignored] == lines["ignored"]
    assert [o.source.line for o in config.overrides] == lines["override"]
    assert config.failure_threshold.source.line == lines["failure-threshold"]
    assert config.format.source.line == lines["format"]
    assert config.no_color.source.line == lines["no-color"]
    assert config.context.source.line == lines["context"]
    assert [p.source.line for p in config.per_file_ignores] == lines["per-file-ignores"]


VALID_SMALL = [
    ("empty file", "", Config()),
    ("only comments", "# nothing yet\n", Config()),
    ("empty document marker", "---\n", Config()),
    ("null lists are empty", "ignored:\noverride:\nper-file-ignores:\n", Config()),
    ("null override list", "override:\n  error:\n", Config()),
    ("threshold none", "failure-threshold: none\n", None),
    ("no-color false", "no-color: false\n", None),
    ("dotted context", "context: ../..\n", None),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [case[1:] for case in VALID_SMALL],
    ids=[case[0] for case in VALID_SMALL],
)
def test_small_valid_files(tmp_path: Path, text: str, expected: Config | None) -> None:
    config = load_yaml(tmp_path, text)
    if expected is not None:
        assert config == Config(config_file=".dockerlint-go.yaml", cwd=str(tmp_path), warnings=())
    elif "none" in text:
        assert config.failure_threshold.value is None
    elif "no-color" in text:
        assert config.no_color == Setting(False, Source(FILE, ".dockerlint-go.yaml", 1))
    else:
        assert config.context.value == "../.."


def test_a_duplicated_rule_keeps_its_first_mention(tmp_path: Path) -> None:
    config = load_yaml(tmp_path, "ignored:\n  - DG101\n  - root-owned-module-cache\n")
    assert config.ignored == (Setting("DG101", Source(FILE, ".dockerlint-go.yaml", 2)),)


def test_the_same_override_twice_is_fine(tmp_path: Path) -> None:
    config = load_yaml(tmp_path, "override:\n  error: [DG102, source-before-mod-download]\n")
    assert [(o.code, o.severity) for o in config.overrides] == [("DG102", Severity.ERROR)]


def test_the_default_rules_are_the_registry(tmp_path: Path) -> None:
    write(tmp_path, {".git/": "", ".dockerlint-go.yaml": "ignored: [dg101, gomodcache-unset]\n"})
    config = resolve_config(cwd=tmp_path, environ={})
    assert config.ignored_codes == {"DG101", "DG104"}


# --------------------------------------------------------------------------------- errors

Y = ".dockerlint-go.yaml"
P = "pyproject.toml"

ERRORS = [
    # --- syntax
    ("yaml syntax", Y, "a: b: c\n", f"{Y}:1:5: invalid YAML: mapping values are not allowed here"),
    (
        "yaml unclosed list",
        Y,
        "ignored: [DG101\n",
        f"{Y}:2:1: invalid YAML: while parsing a flow sequence: "
        "expected ',' or ']', but got '<stream end>'",
    ),
    (
        "yaml unquoted glob",
        Y,
        "per-file-ignores:\n  *.dev: [DG101]\n",
        f"{Y}:2:4: invalid YAML: while scanning an alias: expected alphabetic or numeric "
        "character, but found '.' (quote a value or glob that starts with '*')",
    ),
    (
        "yaml two documents",
        Y,
        "ignored: []\n---\nformat: json\n",
        f"{Y}:2:1: invalid YAML: expected a single document in the stream: "
        "but found another document",
    ),
    (
        "yaml control character",
        Y,
        "format: js\x01on\n",
        f"{Y}:1:11: invalid YAML: unacceptable character #x0001",
    ),
    ("not utf-8", Y, b"ignored: []\nformat: \xff\n", f"{Y}:2: the config file is not valid UTF-8"),
    (
        "toml syntax",
        P,
        '[tool.dockerlint-go]\nformat = "json\n',
        f"{P}:2:15: invalid TOML: Illegal character '\\n'",
    ),
    (
        "toml at end of document",
        P,
        "[tool.dockerlint-go]\nignored = [\n",
        f"{P}:2: invalid TOML: Invalid value",
    ),
    (
        "toml duplicate key",
        P,
        '[tool.dockerlint-go]\nformat = "json"\nformat = "tty"\n',
        f"{P}:3:15: invalid TOML: Cannot overwrite a value",
    ),
    # --- structure and unknown keys
    (
        "yaml top level list",
        Y,
        "- DG101\n",
        f"{Y}:1: the configuration must be a mapping of keys to values, not a list",
    ),
    (
        "yaml top level string",
        Y,
        "DG101\n",
        f"{Y}:1: the configuration must be a mapping of keys to values, not a string",
    ),
    (
        "unknown key with a suggestion",
        Y,
        "# comment\nformat: json\n\nignore: [DG101]\n",
        f"{Y}:4: unknown key 'ignore' (did you mean 'ignored'?)",
    ),
    (
        "snake case key",
        Y,
        "failure_threshold: error\n",
        f"{Y}:1: unknown key 'failure_threshold' (did you mean 'failure-threshold'?)",
    ),
    (
        "unknown key without a suggestion",
        Y,
        "trustedRegistries: [docker.io]\n",
        f"{Y}:1: unknown key 'trustedRegistries' (expected one of: ignored, override, "
        "failure-threshold, format, no-color, per-file-ignores, context, fixable, unfixable)",
    ),
    (
        "unknown key in override",
        Y,
        "override:\n  error: [DG101]\n  style: [DG102]\n",
        f"{Y}:3: unknown key 'style' in override (expected one of: error, warning, info)",
    ),
    (
        "misspelt key in override",
        Y,
        "override:\n  warnings: [DG102]\n",
        f"{Y}:2: unknown key 'warnings' in override (did you mean 'warning'?)",
    ),
    (
        "duplicate key",
        Y,
        "ignored: [DG101]\nformat: tty\nignored: [DG102]\n",
        f"{Y}:3: duplicate key 'ignored' (first at line 1)",
    ),
    ("non-string key", Y, "[a]: 1\n", f"{Y}:1: a key must be a plain string"),
    (
        "toml unknown key",
        P,
        '[project]\nname = "x"\n[tool.dockerlint-go]\nformat = "json"\nignore = ["DG101"]\n',
        f"{P}:5: unknown key 'ignore' (did you mean 'ignored'?)",
    ),
    (
        "toml unknown key in an override table",
        P,
        '[tool.dockerlint-go.override]\nerror = ["DG101"]\nstyle = ["DG102"]\n',
        f"{P}:3: unknown key 'style' in override (expected one of: error, warning, info)",
    ),
    (
        "toml dotted keys under [tool]",
        P,
        '[tool]\ndockerlint-go.format = "json"\ndockerlint-go.colour = true\n',
        f"{P}:3: unknown key 'colour' (did you mean 'no-color'?)",
    ),
    (
        "toml table is not a table",
        P,
        '[tool]\n"dockerlint-go" = "yes"\n',
        f"{P}:2: the configuration must be a mapping of keys to values, not a string",
    ),
    # --- wrong types
    (
        "ignored is a string",
        Y,
        "ignored: DG101\n",
        f"{Y}:1: ignored must be a list of rule codes or names, not a string",
    ),
    (
        "ignored item is a number",
        Y,
        "ignored:\n  - DG101\n  - 101\n",
        f"{Y}:3: ignored: expected a rule code or name, not an integer",
    ),
    (
        "override is a list",
        Y,
        "override: [DG101]\n",
        f"{Y}:1: override must be a mapping of severities (error, warning, info) to rule "
        "lists, not a list",
    ),
    (
        "override list is a mapping",
        Y,
        "override:\n  error: {DG101: yes}\n",
        f"{Y}:2: override.error must be a list of rule codes or names, not a mapping",
    ),
    (
        "threshold is a number",
        Y,
        "failure-threshold: 3\n",
        f"{Y}:1: failure-threshold must be a string, not an integer",
    ),
    ("format is null", Y, "format:\n", f"{Y}:1: format must be a string, not null"),
    (
        "no-color is a quoted string",
        Y,
        'no-color: "true"\n',
        f"{Y}:1: no-color must be true or false, not a string",
    ),
    (
        "per-file-ignores is a list",
        Y,
        "per-file-ignores: [legacy]\n",
        f"{Y}:1: per-file-ignores must be a mapping of globs to rule lists, not a list",
    ),
    (
        "per-file-ignores value is a string",
        Y,
        "per-file-ignores:\n  legacy/**: DG101\n",
        f"{Y}:2: per-file-ignores 'legacy/**' must be a list of rule codes or names, not a string",
    ),
    ("context is a list", Y, "context: [a]\n", f"{Y}:1: context must be a string, not a list"),
    (
        "context is a date",
        Y,
        "context: 2024-01-01\n",
        f"{Y}:1: context must be a string, not a timestamp",
    ),
    (
        "toml wrong type",
        P,
        '[tool.dockerlint-go]\nignored = ["DG101"]\nno-color = 1\n',
        f"{P}:3: no-color must be true or false, not an integer",
    ),
    (
        "toml date",
        P,
        "[tool.dockerlint-go]\ncontext = 2024-01-01\n",
        f"{P}:2: context must be a string, not a date or time",
    ),
    # --- bad values
    (
        "unknown rule code with a suggestion",
        Y,
        "ignored: [DG101, DG10]\n",
        f"{Y}:1: unknown rule 'DG10' (did you mean 'DG104'?)",
    ),
    (
        "unknown rule name with a suggestion",
        Y,
        "ignored:\n  - gomodcache-unst\n",
        f"{Y}:2: unknown rule 'gomodcache-unst' (did you mean 'gomodcache-unset'?)",
    ),
    (
        "unknown rule without a suggestion",
        Y,
        "override:\n  info: [nothing-like-it]\n",
        f"{Y}:2: unknown rule 'nothing-like-it' ({KNOWN})",
    ),
    (
        "a hadolint code",
        Y,
        "ignored: [DL3008]\n",
        f"{Y}:1: unknown rule 'DL3008' ({KNOWN}); DL and SC codes are hadolint's and ShellCheck's",
    ),
    (
        "unknown rule in per-file-ignores",
        Y,
        "per-file-ignores:\n  a/*: [DG101]\n  b/*:\n    - DG999\n",
        f"{Y}:4: unknown rule 'DG999' ({KNOWN})",
    ),
    (
        "toml unknown rule in a multi-line list",
        P,
        '[tool.dockerlint-go]\nignored = [\n  "DG101",\n  "DG999",\n]\n',
        f"{P}:4: unknown rule 'DG999' ({KNOWN})",
    ),
    (
        "toml unknown rule in a per-file table",
        P,
        '[tool.dockerlint-go.per-file-ignores]\n"a/**" = ["DG101"]\n"b/**" = ["DGX"]\n',
        f"{P}:3: unknown rule 'DGX' ({KNOWN})",
    ),
    (
        "conflicting overrides",
        Y,
        "override:\n  error: [DG102]\n  warning:\n    - source-before-mod-download\n",
        f"{Y}:4: DG102 is overridden to both error (line 2) and warning",
    ),
    (
        "invalid threshold with a suggestion",
        Y,
        "failure-threshold: erorr\n",
        f"{Y}:1: invalid failure threshold 'erorr' (did you mean 'error'?)",
    ),
    (
        "invalid threshold",
        Y,
        "failure-threshold: style\n",
        f"{Y}:1: invalid failure threshold 'style' (expected one of: error, warning, info, none)",
    ),
    ("invalid format", Y, "format: jsno\n", f"{Y}:1: invalid format 'jsno' (did you mean 'json'?)"),
    (
        "empty glob",
        Y,
        "per-file-ignores:\n  '': [DG101]\n",
        f"{Y}:2: a per-file-ignores glob must not be empty",
    ),
    (
        "bad glob range",
        Y,
        "per-file-ignores:\n  '[z-a].txt': [DG101]\n",
        f"{Y}:2: invalid glob '[z-a].txt': bad character range z-a",
    ),
    (
        "absolute context",
        Y,
        "context: /src\n",
        f"{Y}:1: context '/src' must be relative to the Dockerfile, not absolute",
    ),
    ("empty context", Y, "context: ''\n", f"{Y}:1: context must not be empty"),
]


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [case[1:] for case in ERRORS],
    ids=[case[0] for case in ERRORS],
)
def test_config_file_errors(tmp_path: Path, name: str, text: str | bytes, message: str) -> None:
    write(tmp_path, {".git/": ""})
    if isinstance(text, bytes):
        (tmp_path / name).write_bytes(text)
    else:
        (tmp_path / name).write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        resolve(tmp_path)
    assert str(caught.value) == message


def test_a_config_error_carries_its_fields(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_yaml(tmp_path, "format: tty\nignore: []\n")
    error = caught.value
    assert (error.path, error.line, error.column, error.origin) == (Y, 2, None, None)
    assert error.message == "unknown key 'ignore' (did you mean 'ignored'?)"
    with pytest.raises(ConfigError) as caught:
        load_yaml(tmp_path, "a: b: c\n")
    assert (caught.value.line, caught.value.column) == (1, 5)


def test_an_error_names_a_file_found_above_as_seen_from_here(tmp_path: Path) -> None:
    write(tmp_path, {".git/": "", ".dockerlint-go.yaml": "\nignored: [nope]\n", "a/": ""})
    with pytest.raises(ConfigError, match=r"^\.\./\.dockerlint-go\.yaml:2: unknown rule 'nope'"):
        resolve(tmp_path / "a")


def test_a_broken_pyproject_that_may_hold_the_table_stops_the_search(tmp_path: Path) -> None:
    write(tmp_path, {".git/": "", "pyproject.toml": "[tool.dockerlint-go\n", "a/": ""})
    with pytest.raises(ConfigError) as caught:
        resolve(tmp_path / "a")
    assert str(caught.value).startswith("../pyproject.toml:1:")


def test_a_broken_pyproject_that_cannot_hold_the_table_is_skipped(tmp_path: Path) -> None:
    write(tmp_path, {".git/": "", "pyproject.toml": "[tool.black\n"})
    assert resolve(tmp_path).config_file is None


def test_an_invalid_format_lists_the_registered_formats(tmp_path: Path) -> None:
    from dockerlint_go.reporters import FORMATS

    with pytest.raises(ConfigError) as caught:
        load_yaml(tmp_path, "format: xml\n")
    assert str(caught.value) == (
        f"{Y}:1: invalid format 'xml' (expected one of: {', '.join(FORMATS)})"
    )


def test_formats_are_looked_up_when_validating(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dockerlint_go import reporters

    monkeypatch.setattr(reporters, "FORMATS", {**reporters.FORMATS, "brand-new": "x"})
    assert load_yaml(tmp_path, "format: brand-new\n").format.value == "brand-new"


# ---------------------------------------------------------------------------- environment

ENVIRONMENT = [
    ("empty environment", {}, {}),
    ("unrelated variables", {"HOME": "/root", "PATH": "/bin"}, {}),
    (
        "ignore, commas and blanks",
        {"DOCKERLINT_GO_IGNORE": " DG101, gomodcache-unset  dg102,,"},
        {"ignored": ("DG101", "DG102", "DG104")},
    ),
    (
        "overrides",
        {
            "DOCKERLINT_GO_ERROR": "DG102",
            "DOCKERLINT_GO_WARNING": "DG101,copy-without-chown",
            "DOCKERLINT_GO_INFO": "DG104",
        },
        {"overrides": ("DG101=warning", "DG102=error", "DG103=warning", "DG104=info")},
    ),
    ("threshold", {"DOCKERLINT_GO_FAILURE_THRESHOLD": "Error"}, {"threshold": Severity.ERROR}),
    ("threshold none", {"DOCKERLINT_GO_FAILURE_THRESHOLD": "none"}, {"threshold": None}),
    ("format", {"DOCKERLINT_GO_FORMAT": "SARIF"}, {"format": "sarif"}),
    ("no-color 1", {"DOCKERLINT_GO_NO_COLOR": "1"}, {"no_color": True}),
    ("no-color yes", {"DOCKERLINT_GO_NO_COLOR": "YES"}, {"no_color": True}),
    ("no-color true", {"DOCKERLINT_GO_NO_COLOR": " true "}, {"no_color": True}),
    ("no-color 0", {"DOCKERLINT_GO_NO_COLOR": "0"}, {"no_color": False}),
    ("no-color no", {"DOCKERLINT_GO_NO_COLOR": "no"}, {"no_color": False}),
    ("no-color false", {"DOCKERLINT_GO_NO_COLOR": "False"}, {"no_color": False}),
    ("NO_COLOR", {"NO_COLOR": "1"}, {"no_color": True}),
    ("NO_COLOR with any value", {"NO_COLOR": "0"}, {"no_color": True}),
    ("NO_COLOR empty", {"NO_COLOR": ""}, {}),
    (
        "DOCKERLINT_GO_NO_COLOR wins over NO_COLOR",
        {"NO_COLOR": "1", "DOCKERLINT_GO_NO_COLOR": "false"},
        {"no_color": False},
    ),
    ("no-fail", {"DOCKERLINT_GO_NO_FAIL": "true"}, {"no_fail": True}),
    (
        "file path in report",
        {"DOCKERLINT_GO_FILE_PATH_IN_REPORT": "build/Dockerfile"},
        {"file_path_in_report": "build/Dockerfile"},
    ),
    ("context", {"DOCKERLINT_GO_CONTEXT": "../app"}, {"context": "../app"}),
    (
        "empty and blank variables are ignored",
        {
            "DOCKERLINT_GO_IGNORE": "",
            "DOCKERLINT_GO_FORMAT": "  ",
            "DOCKERLINT_GO_NO_COLOR": "",
            "DOCKERLINT_GO_FAILURE_THRESHOLD": "",
            "DOCKERLINT_GO_ERROR": "",
            "DOCKERLINT_GO_CONTEXT": "",
            "DOCKERLINT_GO_NO_FAIL": "",
            "DOCKERLINT_GO_FILE_PATH_IN_REPORT": "",
            "DOCKERLINT_GO_CONFIG": "",
        },
        {},
    ),
]


AnySetting = Setting[Severity | None] | Setting[str] | Setting[bool] | Setting[str | None]


def _summary(config: Config) -> dict[str, object]:
    """The non-default values of ``config``."""
    found: dict[str, object] = {}
    if config.ignored:
        found["ignored"] = tuple(s.value for s in config.ignored)
    if config.overrides:
        found["overrides"] = tuple(f"{o.code}={o.severity.value}" for o in config.overrides)
    checks: dict[str, AnySetting] = {
        "threshold": config.failure_threshold,
        "format": config.format,
        "no_color": config.no_color,
        "no_fail": config.no_fail,
        "file_path_in_report": config.file_path_in_report,
        "context": config.context,
    }
    for key, setting in checks.items():
        if setting.source.kind is not SourceKind.DEFAULT:
            found[key] = setting.value
    return found


@pytest.mark.parametrize(
    ("environ", "expected"),
    [case[1:] for case in ENVIRONMENT],
    ids=[case[0] for case in ENVIRONMENT],
)
def test_environment(tmp_path: Path, environ: dict[str, str], expected: dict[str, object]) -> None:
    write(tmp_path, {".git/": ""})
    assert _summary(resolve(tmp_path, environ)) == expected


def test_environment_sources(tmp_path: Path) -> None:
    write(tmp_path, {".git/": ""})
    config = resolve(
        tmp_path,
        {
            "DOCKERLINT_GO_IGNORE": "DG101",
            "DOCKERLINT_GO_INFO": "DG102",
            "DOCKERLINT_GO_FORMAT": "json",
            "NO_COLOR": "x",
        },
    )
    assert config.ignored == (Setting("DG101", Source(ENV, "DOCKERLINT_GO_IGNORE")),)
    assert config.overrides == (
        Override("DG102", Severity.INFO, Source(ENV, "DOCKERLINT_GO_INFO")),
    )
    assert str(config.format.source) == "environment DOCKERLINT_GO_FORMAT"
    assert str(config.no_color.source) == "environment NO_COLOR"


ENVIRONMENT_ERRORS = [
    (
        {"DOCKERLINT_GO_IGNORE": "DG101 DG9"},
        f"environment DOCKERLINT_GO_IGNORE: unknown rule 'DG9' ({KNOWN})",
    ),
    (
        {"DOCKERLINT_GO_WARNING": "nope"},
        f"environment DOCKERLINT_GO_WARNING: unknown rule 'nope' ({KNOWN})",
    ),
    (
        {"DOCKERLINT_GO_ERROR": "DG101", "DOCKERLINT_GO_INFO": "DG101"},
        "environment DOCKERLINT_GO_INFO: DG101 is overridden to both error "
        "(environment DOCKERLINT_GO_ERROR) and info",
    ),
    (
        {"DOCKERLINT_GO_FAILURE_THRESHOLD": "fatal"},
        "environment DOCKERLINT_GO_FAILURE_THRESHOLD: invalid failure threshold 'fatal' "
        "(expected one of: error, warning, info, none)",
    ),
    (
        {"DOCKERLINT_GO_FORMAT": "jsonn"},
        "environment DOCKERLINT_GO_FORMAT: invalid format 'jsonn' (did you mean 'json'?)",
    ),
    (
        {"DOCKERLINT_GO_NO_COLOR": "maybe"},
        "environment DOCKERLINT_GO_NO_COLOR: expected 1, true, yes, 0, false or no, not 'maybe'",
    ),
    (
        {"DOCKERLINT_GO_NO_FAIL": "on"},
        "environment DOCKERLINT_GO_NO_FAIL: expected 1, true, yes, 0, false or no, not 'on'",
    ),
]


@pytest.mark.parametrize(("environ", "message"), ENVIRONMENT_ERRORS)
def test_environment_errors(tmp_path: Path, environ: dict[str, str], message: str) -> None:
    write(tmp_path, {".git/": ""})
    with pytest.raises(ConfigError) as caught:
        resolve(tmp_path, environ)
    assert str(caught.value) == message
    assert caught.value.path is None
    assert caught.value.origin == message.partition(":")[0]


def test_unknown_prefixed_variables_are_warnings(tmp_path: Path) -> None:
    write(tmp_path, {".git/": ""})
    config = resolve(tmp_path, {"DOCKERLINT_GO_IGNORED": "DG101", "DOCKERLINT_GO_ZZZZZZ": "1"})
    assert config.warnings == (
        "unknown environment variable DOCKERLINT_GO_IGNORED is ignored "
        "(did you mean DOCKERLINT_GO_IGNORE?)",
        "unknown environment variable DOCKERLINT_GO_ZZZZZZ is ignored",
    )
    assert config.ignored == ()


def test_the_module_never_reads_os_environ(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, {".git/": ""})
    monkeypatch.setenv("DOCKERLINT_GO_IGNORE", "DG101")
    monkeypatch.setenv("NO_COLOR", "1")
    assert resolve(tmp_path, {}) == Config(cwd=str(tmp_path))


def test_the_environment_variable_list() -> None:
    assert cfg.ENVIRONMENT_VARIABLES == (
        "DOCKERLINT_GO_CONFIG",
        "DOCKERLINT_GO_FAILURE_THRESHOLD",
        "DOCKERLINT_GO_IGNORE",
        "DOCKERLINT_GO_ERROR",
        "DOCKERLINT_GO_WARNING",
        "DOCKERLINT_GO_INFO",
        "DOCKERLINT_GO_FORMAT",
        "DOCKERLINT_GO_NO_COLOR",
        "DOCKERLINT_GO_FILE_PATH_IN_REPORT",
        "DOCKERLINT_GO_NO_FAIL",
        "DOCKERLINT_GO_CONTEXT",
        "NO_COLOR",
    )


# --------------------------------------------------------------------------- command line

COMMAND_LINE_ERRORS = [
    (CommandLine(ignore=("DG101", "bogus")), "command line --ignore: unknown rule 'bogus'"),
    (
        CommandLine(error=("DG101",), warning=("root-owned-module-cache",)),
        "command line --warning: DG101 is overridden to both error (command line --error) "
        "and warning",
    ),
    (
        CommandLine(failure_threshold="fatal"),
        "command line --failure-threshold: invalid failure threshold 'fatal'",
    ),
    (CommandLine(format="yaml"), "command line --format: invalid format 'yaml'"),
    (CommandLine(context=" "), "command line --context: context must not be empty"),
]


def test_absolute_context_is_accepted_from_the_command_line_and_environment(
    tmp_path: Path,
) -> None:
    # docker build takes an absolute context; only the config file's key must stay relative
    # (to the Dockerfile), so that the file works on every machine.
    config = resolve_config(
        cwd=tmp_path, environ={}, command_line=CommandLine(context="/srv/app"), rules=RULES
    )
    assert config.context.value == "/srv/app"
    config = resolve_config(
        cwd=tmp_path, environ={"DOCKERLINT_GO_CONTEXT": "/srv/app"}, rules=RULES
    )
    assert config.context.value == "/srv/app"


@pytest.mark.parametrize(("command_line", "message"), COMMAND_LINE_ERRORS)
def test_command_line_errors(tmp_path: Path, command_line: CommandLine, message: str) -> None:
    write(tmp_path, {".git/": ""})
    with pytest.raises(ConfigError) as caught:
        resolve(tmp_path, command_line=command_line)
    assert str(caught.value).startswith(message)


def test_command_line_values(tmp_path: Path) -> None:
    write(tmp_path, {".git/": ""})
    config = resolve(
        tmp_path,
        command_line=CommandLine(
            ignore=("DG101,DG102", "gomodcache-unset"),
            error=("DG103",),
            failure_threshold="none",
            format="JSON",
            no_color=True,
            no_fail=True,
            file_path_in_report="Dockerfile.prod",
            context="..",
        ),
    )
    assert _summary(config) == {
        "ignored": ("DG101", "DG102", "DG104"),
        "overrides": ("DG103=error",),
        "threshold": None,
        "format": "json",
        "no_color": True,
        "no_fail": True,
        "file_path_in_report": "Dockerfile.prod",
        "context": "..",
    }
    assert str(config.no_fail.source) == "command line --no-fail"
    assert str(config.ignored[0].source) == "command line --ignore"


def test_flags_left_off_say_nothing(tmp_path: Path) -> None:
    write(tmp_path, {".git/": "", Y: "no-color: true\n"})
    config = resolve(tmp_path, command_line=CommandLine(no_color=False, no_fail=False))
    assert config.no_color == Setting(True, Source(FILE, Y, 1))
    assert config.no_fail.source.kind is SourceKind.DEFAULT


# ----------------------------------------------------------------------------- precedence

PRECEDENCE_FILE = """\
ignored: [DG101]
override:
  error: [DG102]
  warning: [DG103]
failure-threshold: warning
format: json
no-color: false
context: file-context
"""

PRECEDENCE = [
    # (key, environment, command line, expected value, expected source)
    ("threshold", {}, CommandLine(), Severity.WARNING, f"config file {Y}:5"),
    (
        "threshold",
        {"DOCKERLINT_GO_FAILURE_THRESHOLD": "error"},
        CommandLine(),
        Severity.ERROR,
        "environment DOCKERLINT_GO_FAILURE_THRESHOLD",
    ),
    (
        "threshold",
        {"DOCKERLINT_GO_FAILURE_THRESHOLD": "error"},
        CommandLine(failure_threshold="info"),
        Severity.INFO,
        "command line --failure-threshold",
    ),
    ("format", {}, CommandLine(), "json", f"config file {Y}:6"),
    (
        "format",
        {"DOCKERLINT_GO_FORMAT": "sarif"},
        CommandLine(),
        "sarif",
        "environment DOCKERLINT_GO_FORMAT",
    ),
    (
        "format",
        {"DOCKERLINT_GO_FORMAT": "sarif"},
        CommandLine(format="tty"),
        "tty",
        "command line --format",
    ),
    ("no_color", {}, CommandLine(), False, f"config file {Y}:7"),
    ("no_color", {"NO_COLOR": "1"}, CommandLine(), True, "environment NO_COLOR"),
    (
        "no_color",
        {"DOCKERLINT_GO_NO_COLOR": "0"},
        CommandLine(no_color=True),
        True,
        "command line --no-color",
    ),
    ("context", {}, CommandLine(), "file-context", f"config file {Y}:8"),
    (
        "context",
        {"DOCKERLINT_GO_CONTEXT": "env-context"},
        CommandLine(),
        "env-context",
        "environment DOCKERLINT_GO_CONTEXT",
    ),
    (
        "context",
        {"DOCKERLINT_GO_CONTEXT": "env-context"},
        CommandLine(context="cli-context"),
        "cli-context",
        "command line --context",
    ),
    ("no_fail", {}, CommandLine(), False, "default"),
    (
        "no_fail",
        {"DOCKERLINT_GO_NO_FAIL": "1"},
        CommandLine(),
        True,
        "environment DOCKERLINT_GO_NO_FAIL",
    ),
    (
        "file_path_in_report",
        {"DOCKERLINT_GO_FILE_PATH_IN_REPORT": "env"},
        CommandLine(file_path_in_report="cli"),
        "cli",
        "command line --file-path-in-report",
    ),
    # Overrides: per code, the highest source wins; other codes keep theirs.
    ("DG102", {}, CommandLine(), Severity.ERROR, f"config file {Y}:3"),
    (
        "DG102",
        {"DOCKERLINT_GO_INFO": "DG102"},
        CommandLine(),
        Severity.INFO,
        "environment DOCKERLINT_GO_INFO",
    ),
    (
        "DG102",
        {"DOCKERLINT_GO_INFO": "DG102"},
        CommandLine(warning=("DG102",)),
        Severity.WARNING,
        "command line --warning",
    ),
    (
        "DG103",
        {"DOCKERLINT_GO_INFO": "DG102"},
        CommandLine(),
        Severity.WARNING,
        f"config file {Y}:4",
    ),
    ("DG104", {}, CommandLine(error=("DG104",)), Severity.ERROR, "command line --error"),
]


@pytest.mark.parametrize(("key", "environ", "command_line", "value", "source"), PRECEDENCE)
def test_precedence(
    tmp_path: Path,
    key: str,
    environ: dict[str, str],
    command_line: CommandLine,
    value: object,
    source: str,
) -> None:
    write(tmp_path, {".git/": "", Y: PRECEDENCE_FILE})
    config = resolve(tmp_path, environ, command_line)
    if key.startswith("DG"):
        (override,) = [o for o in config.overrides if o.code == key]
        assert (override.severity, str(override.source)) == (value, source)
        assert config.severity_for(key) is value
        return
    settings: dict[str, AnySetting] = {
        "threshold": config.failure_threshold,
        "format": config.format,
        "no_color": config.no_color,
        "context": config.context,
        "no_fail": config.no_fail,
        "file_path_in_report": config.file_path_in_report,
    }
    setting = settings[key]
    assert (setting.value, str(setting.source)) == (value, source)


def test_ignored_lists_add_up_like_hadolints(tmp_path: Path) -> None:
    write(tmp_path, {".git/": "", Y: PRECEDENCE_FILE})
    config = resolve(
        tmp_path,
        {"DOCKERLINT_GO_IGNORE": "DG102"},
        CommandLine(ignore=("DG104", "DG101")),
    )
    assert [(s.value, str(s.source)) for s in config.ignored] == [
        ("DG101", "command line --ignore"),  # named again higher up: the higher source shows
        ("DG102", "environment DOCKERLINT_GO_IGNORE"),
        ("DG104", "command line --ignore"),
    ]


# ---------------------------------------------------------------------------------- globs

GLOBS = [
    # glob, path, matches
    ("Dockerfile", "Dockerfile", True),
    ("Dockerfile", "services/api/Dockerfile", True),  # no slash: the file name too
    ("Dockerfile", "Dockerfile.dev", False),
    ("Dockerfile", "dockerfile", False),  # case-sensitive everywhere
    ("*.dev", "a/b/Dockerfile.dev", True),
    ("*", "a/b/Dockerfile", True),
    ("*", ".hidden", True),
    ("Dockerfile.?", "Dockerfile.1", True),
    ("Dockerfile.?", "Dockerfile.10", False),
    ("Dockerfile.[0-9]", "x/Dockerfile.7", True),
    ("Dockerfile.[!0-9]", "Dockerfile.a", True),
    ("Dockerfile.[!0-9]", "Dockerfile.7", False),
    ("[]]x", "]x", True),
    ("[!]]x", "]x", False),
    ("[!]]x", "ax", True),
    ("a[/]b", "a/b", False),  # a set never matches /
    ("a?b", "a/b", False),
    ("[", "[", True),  # an unclosed [ is literal
    ("a.b", "axb", False),  # . is literal
    ("a+(b)", "a+(b)", True),
    ("services/*", "services/Dockerfile", True),
    ("services/*", "services/api/Dockerfile", False),  # * stops at /
    ("services/*", "x/services/Dockerfile", False),  # a slash anchors the glob
    ("services/**", "services/api/v1/Dockerfile", True),
    ("services/**", "services", False),
    ("services/", "services/api/Dockerfile", True),  # trailing / means /**
    ("**/Dockerfile", "Dockerfile", True),
    ("**/Dockerfile", "a/b/c/Dockerfile", True),
    ("**/Dockerfile", "a/xDockerfile", False),
    ("a/**/Dockerfile", "a/Dockerfile", True),
    ("a/**/Dockerfile", "a/b/c/Dockerfile", True),
    ("a/**/Dockerfile", "b/a/Dockerfile", False),
    ("a/**b", "a/x/yb", True),  # ** elsewhere: any characters, / included
    ("**", "a/b/c", True),
    ("a/***/b", "a/b", True),  # three or more stars are two
    ("./Dockerfile", "Dockerfile", True),
    ("./Dockerfile", "sub/Dockerfile", False),  # anchored to the config file's directory
    ("/Dockerfile", "Dockerfile", True),
    ("/Dockerfile", "sub/Dockerfile", False),
    ("Dockerfile", "./Dockerfile", True),
    ("-", "-", True),  # standard input
]


@pytest.mark.parametrize(("glob", "path", "expected"), GLOBS)
def test_glob_semantics(glob: str, path: str, expected: bool) -> None:
    assert glob_matches(glob, path) is expected


# ------------------------------------------------------------------------------ selection


def finding(path: str, code: str, severity: Severity = Severity.ERROR) -> Finding:
    return Finding(
        path=path,
        code=code,
        name=code.lower(),
        severity=severity,
        message=f"{code} in {path}",
        span=Span(1, 1, 1, 2),
    )


FINDINGS = (
    finding("Dockerfile", "DG101"),
    finding("Dockerfile", "DG102", Severity.WARNING),
    finding("legacy/Dockerfile", "DG101"),
    finding("legacy/Dockerfile", "DG103"),
    finding("svc/app.dev.Dockerfile", "DG104", Severity.WARNING),
    finding("svc/app.dev.Dockerfile", "DG000"),
    finding("-", "DG102", Severity.WARNING),
)

SELECTION = [
    ("nothing configured", "", [(f.path, f.code, f.severity.value) for f in FINDINGS]),
    (
        "ignored everywhere",
        "ignored: [DG101, source-before-mod-download]\n",
        [
            ("legacy/Dockerfile", "DG103", "error"),
            ("svc/app.dev.Dockerfile", "DG104", "warning"),
            ("svc/app.dev.Dockerfile", "DG000", "error"),
        ],
    ),
    (
        "per-file ignores",
        "per-file-ignores:\n  'legacy/**': [DG101, DG103]\n  '*.dev.Dockerfile': [DG104]\n"
        "  '-': [DG102]\n",
        [
            ("Dockerfile", "DG101", "error"),
            ("Dockerfile", "DG102", "warning"),
            ("svc/app.dev.Dockerfile", "DG000", "error"),
        ],
    ),
    (
        "overrides",
        "override:\n  info: [DG101]\n  error: [DG102]\n  warning: [parse-error]\n",
        [
            ("Dockerfile", "DG101", "info"),
            ("Dockerfile", "DG102", "error"),
            ("legacy/Dockerfile", "DG101", "info"),
            ("legacy/Dockerfile", "DG103", "error"),
            ("svc/app.dev.Dockerfile", "DG104", "warning"),
            ("svc/app.dev.Dockerfile", "DG000", "warning"),
            ("-", "DG102", "error"),
        ],
    ),
    (
        "ignoring beats overriding",
        "ignored: [DG102]\noverride:\n  info: [DG102, DG104]\n"
        "per-file-ignores:\n  svc/**: [DG000]\n",
        [
            ("Dockerfile", "DG101", "error"),
            ("legacy/Dockerfile", "DG101", "error"),
            ("legacy/Dockerfile", "DG103", "error"),
            ("svc/app.dev.Dockerfile", "DG104", "info"),
        ],
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [case[1:] for case in SELECTION],
    ids=[case[0] for case in SELECTION],
)
def test_select(tmp_path: Path, text: str, expected: list[tuple[str, str, str]]) -> None:
    config = load_yaml(tmp_path, text)
    selected = select(FINDINGS, config)
    assert [(f.path, f.code, f.severity.value) for f in selected] == expected


def test_select_keeps_everything_else_of_a_finding(tmp_path: Path) -> None:
    config = load_yaml(tmp_path, "override:\n  info: [DG101]\n")
    (selected,) = select(FINDINGS[:1], config)
    assert selected == Finding(
        path="Dockerfile",
        code="DG101",
        name="dg101",
        severity=Severity.INFO,
        message="DG101 in Dockerfile",
        span=Span(1, 1, 1, 2),
    )
    assert select(FINDINGS[:1], Config())[0] is FINDINGS[0]


PER_FILE_BASE = [
    # (run from, reported path, ignored?)
    ("", "svc/legacy/Dockerfile", True),
    ("svc", "legacy/Dockerfile", True),  # the glob is relative to the config file
    ("svc/legacy", "Dockerfile", True),
    ("svc/legacy", "../other/Dockerfile", False),
    ("svc", "svc/legacy/Dockerfile", False),  # that would be svc/svc/legacy
    ("", "./svc/legacy/Dockerfile", True),
    ("", "../elsewhere/svc/legacy/Dockerfile", False),  # outside: only slashless globs
    ("", "../elsewhere/x.gen.Dockerfile", True),  # by its name
]


@pytest.mark.parametrize(("run_from", "reported", "ignored"), PER_FILE_BASE)
def test_per_file_globs_are_relative_to_the_config_file(
    tmp_path: Path, run_from: str, reported: str, ignored: bool
) -> None:
    repo = tmp_path / "repo"
    write(
        repo,
        {
            ".git/": "",
            Y: "per-file-ignores:\n  svc/legacy/**: [DG101]\n  '*.gen.Dockerfile': [DG101]\n",
            "svc/legacy/": "",
        },
    )
    config = resolve(repo / run_from)
    kept = select((finding(reported, "DG101"),), config)
    assert (kept == ()) is ignored


def test_an_absolute_reported_path(tmp_path: Path) -> None:
    write(tmp_path, {".git/": "", Y: "per-file-ignores:\n  gen/*: [DG101]\n", "work/": ""})
    config = resolve(tmp_path / "work")
    assert select((finding(str(tmp_path / "gen" / "Dockerfile"), "DG101"),), config) == ()


def test_per_file_ignores_without_a_base_match_the_reported_path() -> None:
    source = Source(SourceKind.DEFAULT)
    config = Config(per_file_ignores=(PerFileIgnore("legacy/*", ("DG101",), source),))
    assert [f.path for f in select(FINDINGS[:4], config)] == [
        "Dockerfile",
        "Dockerfile",
        "legacy/Dockerfile",
    ]


# ------------------------------------------------------------------------------- describe


def test_describe_the_defaults(tmp_path: Path) -> None:
    write(tmp_path, {".git/": ""})
    assert describe(resolve(tmp_path)) == (
        "config file: none\n"
        "ignored: none (default)\n"
        "override: none (default)\n"
        "failure-threshold: info (default)\n"
        "format: tty (default)\n"
        "no-color: false (default)\n"
        "per-file-ignores: none (default)\n"
        "context: . (default)\n"
        "file-path-in-report: none (default)\n"
        "no-fail: false (default)\n"
        "fixable: every rule (default)\n"
        "unfixable: none (default)\n"
    )


def test_describe_names_every_source(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            ".git/": "",
            Y: PRECEDENCE_FILE + "per-file-ignores:\n  legacy/**: [DG103, DG104]\n",
            "sub/": "",
        },
    )
    config = resolve(
        tmp_path / "sub",
        {"DOCKERLINT_GO_IGNORE": "DG104", "NO_COLOR": "1", "DOCKERLINT_GO_NO_FAIL": "yes"},
        CommandLine(warning=("DG102",), failure_threshold="none", file_path_in_report="-"),
    )
    f = "../.dockerlint-go.yaml"
    assert describe(config) == (
        f"config file: {f}\n"
        f"ignored: DG101 (config file {f}:1), DG104 (environment DOCKERLINT_GO_IGNORE)\n"
        f"override: DG102=warning (command line --warning), DG103=warning (config file {f}:4)\n"
        "failure-threshold: none (command line --failure-threshold)\n"
        f"format: json (config file {f}:6)\n"
        "no-color: true (environment NO_COLOR)\n"
        f"per-file-ignores: legacy/**: DG103, DG104 (config file {f}:10)\n"
        f"context: file-context (config file {f}:8)\n"
        "file-path-in-report: - (command line --file-path-in-report)\n"
        "no-fail: true (environment DOCKERLINT_GO_NO_FAIL)\n"
        "fixable: every rule (default)\n"
        "unfixable: none (default)\n"
    )


def test_source_text() -> None:
    assert str(Source(SourceKind.DEFAULT)) == "default"
    assert str(Source(FILE, "a/.dockerlint-go.yaml", 3)) == "config file a/.dockerlint-go.yaml:3"
    assert str(Source(ENV, "DOCKERLINT_GO_X")) == "environment DOCKERLINT_GO_X"
    assert str(Source(CLI, "--ignore")) == "command line --ignore"


# --------------------------------------------------------------------------------- import


def test_importing_the_module_imports_neither_yaml_nor_tomllib() -> None:
    code = (
        "import sys, dockerlint_go.config\n"
        "print(sorted(m for m in ('yaml', 'tomllib', 'difflib', 'dockerlint_go.rules')"
        " if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_a_pyproject_config_does_not_import_yaml(tmp_path: Path) -> None:
    write(tmp_path, {".git/": "", "pyproject.toml": PYPROJECT_TABLE})
    code = (
        "import sys\nfrom pathlib import Path\nfrom dockerlint_go.config import resolve_config\n"
        f"c = resolve_config(cwd=Path({str(tmp_path)!r}), environ={{}})\n"
        "print(c.config_file, 'yaml' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "pyproject.toml False"


# A pyproject is parsed (and tomllib imported) only when a line could open the table.
MAY_HOLD_TABLE = [
    "[tool.dockerlint-go]\nignored = []\n",
    '[ tool . "dockerlint-go" ]\nignored = []\n',
    "[tool.'dockerlint-go'.override]\nerror = []\n",
    "tool.dockerlint-go.ignored = []\n",
    "tool = { dockerlint-go = { ignored = [] } }\n",
    "[tool]\ndockerlint-go = { ignored = [] }\n",
    '[tool]\n"dockerlint-go".ignored = []\n',
]
CANNOT_HOLD_TABLE = [
    '[project]\nname = "dockerlint-go"\n[project.scripts]\ndockerlint-go = "x:main"\n',
    '[tool.ruff]\nline-length = 100\n[project]\ndependencies = ["dockerlint-go"]\n',
    '[project]\nname = "x"\n',
    '# configure [tool.dockerlint-go] later\n[project]\nname = "dockerlint-go"\n',
    "[tool.ruff]\ndockerlint-go = 1\n",
]


@pytest.mark.parametrize("text", MAY_HOLD_TABLE + CANNOT_HOLD_TABLE)
def test_the_pyproject_prefilter_never_skips_a_table(text: str) -> None:
    import tomllib

    from dockerlint_go.config import _may_hold_table

    has_table = "dockerlint-go" in tomllib.loads(text).get("tool", {})
    assert _may_hold_table(text) is (text in MAY_HOLD_TABLE)
    assert has_table is (text in MAY_HOLD_TABLE)


def test_a_pyproject_that_names_the_tool_elsewhere_is_not_parsed(tmp_path: Path) -> None:
    write(tmp_path, {".git/": "", "pyproject.toml": CANNOT_HOLD_TABLE[0]})
    code = (
        "import sys\nfrom pathlib import Path\nfrom dockerlint_go.config import resolve_config\n"
        f"c = resolve_config(cwd=Path({str(tmp_path)!r}), environ={{}})\n"
        "print(c.config_file, 'tomllib' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.split() == ["None", "False"]


def test_fixable_and_unfixable_name_rules_by_code_or_name(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            ".git/": "",
            Y: (
                "fixable: [DG102, copy-without-chown, DG101]\n"
                "unfixable: [root-owned-module-cache]\n"
            ),
        },
    )
    config = resolve(tmp_path, {}, CommandLine())
    assert [s.value for s in config.fixable or ()] == ["DG102", "DG103", "DG101"]
    assert [s.value for s in config.unfixable] == ["DG101"]
    assert config.may_fix("DG102") and config.may_fix("DG103")
    assert not config.may_fix("DG101")  # unfixable wins
    assert not config.may_fix("DG120")  # not in fixable
    assert "unfixable: DG101 (config file .dockerlint-go.yaml:2)" in describe(config)


def test_fixable_with_an_unknown_rule_is_an_error(tmp_path: Path) -> None:
    write(tmp_path, {".git/": "", Y: "unfixable: [DG999]\n"})
    with pytest.raises(ConfigError, match="DG999"):
        resolve(tmp_path, {}, CommandLine())
