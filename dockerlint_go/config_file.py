"""Reading one config file: YAML or a pyproject's ``[tool.dockerlint-go]`` table -> a Layer.

Split from :mod:`dockerlint_go.config` (which says what a config file may hold) because a lint
without a config file never needs it: this module, PyYAML and tomllib are imported only when a
file is read. Both formats are first turned into the same small tree of ``_Node`` values with
1-based lines, and one reader validates that tree, so both formats give the same messages.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence

from dockerlint_go import TYPE_CHECKING
from dockerlint_go.config import (
    KEYS,
    OVERRIDE_KEYS,
    TABLE,
    ConfigError,
    Layer,
    Override,
    PerFileIgnore,
    Setting,
    Source,
    SourceKind,
    _BadValueError,
    _context_problem,
    _default_rules,
    _glob_problem,
    _parse_format,
    _parse_threshold,
    _rule_index,
    _rule_problem,
    _RuleIndex,
    _unknown,
)
from dockerlint_go.findings import Severity
from dockerlint_go.record import Record, replace

if TYPE_CHECKING:
    from os import PathLike

    from yaml.nodes import Node as YamlNode

    from dockerlint_go.rules._rule import Rule

__all__ = ["load_config_file", "toml_table"]


class _Entry(Record):
    key: str
    line: int
    value: _Node


class _Node(Record):
    """A format-neutral config value with its 1-based line.

    ``kind`` is ``string``, ``boolean``, ``list``, ``mapping``, ``null`` or another type name
    (used in messages only)."""

    kind: str
    line: int
    text: str = ""
    flag: bool = False
    items: tuple[_Node, ...] = ()
    entries: tuple[_Entry, ...] = ()


_KIND_NAMES = {
    "string": "a string",
    "boolean": "a boolean",
    "integer": "an integer",
    "float": "a number",
    "null": "null",
    "list": "a list",
    "mapping": "a mapping",
}


def _kind_name(node: _Node) -> str:
    return _KIND_NAMES.get(node.kind, node.kind)


def load_config_file(
    path: str | PathLike[str],
    *,
    rules: Sequence[Rule] | None = None,
    display: str | None = None,
    given_by: str | None = None,
) -> Layer:
    """Read and validate one config file: see :func:`dockerlint_go.config.load_config_file`."""
    shown = os.fspath(path) if display is None else display
    active = _default_rules() if rules is None else rules
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        how = f" given by {given_by}" if given_by else ""
        reason = exc.strerror or str(exc)
        raise ConfigError(f"cannot read the config file{how}: {reason}", path=shown) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ConfigError("the config file is not valid UTF-8", path=shown, line=line) from None
    if os.path.splitext(os.path.basename(path))[1].lower() == ".toml":
        root = toml_table(text, shown)
        if root is None:
            raise ConfigError("no [tool.dockerlint-go] table in this file", path=shown)
    else:
        root = _yaml_tree(text, shown)
    if root is None:
        return Layer()
    base = os.path.dirname(os.path.normpath(os.path.abspath(path)))
    return _FileReader(shown, _rule_index(active), base).read(root)


def _yaml_tree(text: str, shown: str) -> _Node | None:
    import yaml

    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        parts = [part for part in (exc.context, exc.problem) if part]
        message = "invalid YAML: " + (": ".join(parts) or "syntax error")
        if "alias" in message:
            message += " (quote a value or glob that starts with '*')"
        raise ConfigError(
            message,
            path=shown,
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
        ) from None
    except yaml.reader.ReaderError as exc:
        before = text[: exc.position]
        line = before.count("\n") + 1
        column = exc.position - (before.rfind("\n") + 1) + 1
        raise ConfigError(
            f"invalid YAML: unacceptable character #x{exc.character:04x}",
            path=shown,
            line=line,
            column=column,
        ) from None
    except yaml.YAMLError as exc:  # pragma: no cover - PyYAML's other errors carry marks
        raise ConfigError(f"invalid YAML: {exc}", path=shown) from None
    node = None if root is None else _from_yaml(root, shown, depth=0)
    if node is None or node.kind == "null":
        return None  # empty, only comments, or an empty document ("---")
    return node


_YAML_TAG = "tag:yaml.org,2002:"
_MAX_DEPTH = 4  # deeper than any valid config; stops recursive aliases


def _from_yaml(node: YamlNode, shown: str, depth: int) -> _Node:
    from yaml.constructor import SafeConstructor
    from yaml.nodes import MappingNode, ScalarNode, SequenceNode

    line = node.start_mark.line + 1
    if depth > _MAX_DEPTH:
        return _Node(kind="a nested value", line=line)
    tag = str(node.tag)
    kind = tag.removeprefix(_YAML_TAG) if tag.startswith(_YAML_TAG) else tag
    if isinstance(node, ScalarNode):
        value = str(node.value)
        if kind == "str":
            return _Node(kind="string", line=line, text=value)
        if kind == "bool":
            return _Node(kind="boolean", line=line, flag=SafeConstructor.bool_values[value.lower()])
        if kind == "int":
            return _Node(kind="integer", line=line, text=value)
        if kind == "float":
            return _Node(kind="float", line=line, text=value)
        if kind == "null":
            return _Node(kind="null", line=line)
        return _Node(kind=f"a {kind}", line=line, text=value)
    if isinstance(node, SequenceNode):
        items = tuple(_from_yaml(item, shown, depth + 1) for item in node.value)
        return _Node(kind="list", line=line, items=items)
    if isinstance(node, MappingNode):
        entries: list[_Entry] = []
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if not isinstance(key_node, ScalarNode):
                raise ConfigError("a key must be a plain string", path=shown, line=key_line)
            key = str(key_node.value)
            if key in seen:
                raise ConfigError(
                    f"duplicate key {key!r} (first at line {seen[key]})", path=shown, line=key_line
                )
            seen[key] = key_line
            entries.append(_Entry(key, key_line, _from_yaml(value_node, shown, depth + 1)))
        return _Node(kind="mapping", line=line, entries=tuple(entries))
    return _Node(kind=f"a {kind}", line=line)  # pragma: no cover - no other node types


# Pattern strings rather than compiled patterns: compiling at import would cost every run;
# ``re`` caches them on first use.
_TOML_POSITION = r"\s*\(at line (\d+), column (\d+)\)$"
_TOML_AT_END = r"\s*\(at end of document\)$"


def toml_table(text: str, shown: str) -> _Node | None:
    """The ``[tool.dockerlint-go]`` table of a pyproject as a node, or None when it has none."""
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message, line, column = str(exc), None, None
        found = re.search(_TOML_POSITION, message)
        if found:
            line, column = int(found.group(1)), int(found.group(2))
            message = message[: found.start()]
        elif re.search(_TOML_AT_END, message):
            message = re.sub(_TOML_AT_END, "", message)
            line = text.count("\n") + (0 if text.endswith("\n") else 1)
        raise ConfigError(
            f"invalid TOML: {message}", path=shown, line=line or None, column=column
        ) from None
    tool = data.get(TABLE[0])
    if not isinstance(tool, dict) or TABLE[1] not in tool:
        return None
    lines = _TomlLines(text)
    table = tool[TABLE[1]]
    return lines.node(table, ())


_TOML_KEY_PART = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')"""
_TOML_KEY = rf"^\s*({_TOML_KEY_PART}(?:\s*\.\s*{_TOML_KEY_PART})*)\s*="
_TOML_HEADER = rf"^\s*\[\s*({_TOML_KEY_PART}(?:\s*\.\s*{_TOML_KEY_PART})*)\s*\]"
_TOML_ARRAY_HEADER = r"^\s*\[\["


def _toml_key_parts(dotted: str) -> tuple[str, ...]:
    parts = re.findall(_TOML_KEY_PART, dotted)
    return tuple(part[1:-1] if part[:1] in "\"'" else part for part in parts)


class _TomlLines:
    """Finds the lines of ``[tool.dockerlint-go]`` keys by a small scan of the text: tomllib
    gives values, not positions. Headers, ``key =`` and dotted keys are understood; a value
    whose key cannot be found gets the line of its nearest found parent."""

    def __init__(self, text: str) -> None:
        self.text_lines = text.splitlines()
        self.lines: dict[tuple[str, ...], int] = {}
        current: tuple[str, ...] | None = ()
        for number, raw in enumerate(self.text_lines, 1):
            if re.match(_TOML_ARRAY_HEADER, raw):
                current = None
                continue
            header = re.match(_TOML_HEADER, raw)
            if header:
                current = _toml_key_parts(header.group(1))
                self._record(current, number)
                continue
            key = re.match(_TOML_KEY, raw)
            if key and current is not None:
                self._record(current + _toml_key_parts(key.group(1)), number)

    def _record(self, full: tuple[str, ...], number: int) -> None:
        if full[: len(TABLE)] != TABLE:
            return
        relative = full[len(TABLE) :]
        for end in range(len(relative) + 1):
            self.lines.setdefault(relative[:end], number)

    def line(self, path: tuple[str, ...]) -> int:
        for end in range(len(path), -1, -1):
            found = self.lines.get(path[:end])
            if found is not None:
                return found
        return 1

    def item_line(self, start: int, text: str, after: int) -> int:
        """The line at or after ``max(start, after)`` that quotes ``text``, else ``start``."""
        needles = (f'"{text}"', f"'{text}'")
        for number in range(max(start, after), min(len(self.text_lines), start + 500) + 1):
            if any(needle in self.text_lines[number - 1] for needle in needles):
                return number
        return start

    def node(self, value: object, path: tuple[str, ...]) -> _Node:
        line = self.line(path)
        if isinstance(value, bool):
            return _Node(kind="boolean", line=line, flag=value)
        if isinstance(value, str):
            return _Node(kind="string", line=line, text=value)
        if isinstance(value, int):
            return _Node(kind="integer", line=line, text=str(value))
        if isinstance(value, float):
            return _Node(kind="float", line=line, text=str(value))
        if isinstance(value, list):
            items: list[_Node] = []
            cursor = line
            for item in value:
                node = self.node(item, path)
                if node.kind == "string":
                    cursor = self.item_line(line, node.text, cursor)
                    node = replace(node, line=cursor)
                items.append(node)
            return _Node(kind="list", line=line, items=tuple(items))
        if isinstance(value, dict):
            entries = tuple(
                _Entry(str(key), self.line((*path, str(key))), self.node(item, (*path, str(key))))
                for key, item in value.items()
            )
            return _Node(kind="mapping", line=line, entries=entries)
        return _Node(kind="a date or time", line=line)


class _FileReader:
    """Turns a config file's tree into a Layer, raising ConfigError at the right line."""

    def __init__(self, shown: str, index: _RuleIndex, base: str) -> None:
        self.shown = shown
        self.index = index
        self.base = base

    def error(self, line: int, message: str) -> ConfigError:
        return ConfigError(message, path=self.shown, line=line)

    def source(self, line: int) -> Source:
        return Source(SourceKind.CONFIG_FILE, self.shown, line)

    def string(self, node: _Node, key: str) -> str:
        if node.kind != "string":
            raise self.error(node.line, f"{key} must be a string, not {_kind_name(node)}")
        return node.text

    def rule_list(self, node: _Node, key: str) -> list[tuple[str, int]]:
        """Canonical codes with the lines that named them, first mention kept."""
        if node.kind == "null":
            return []
        if node.kind != "list":
            raise self.error(
                node.line, f"{key} must be a list of rule codes or names, not {_kind_name(node)}"
            )
        codes: dict[str, int] = {}
        for item in node.items:
            if item.kind != "string":
                raise self.error(
                    item.line, f"{key}: expected a rule code or name, not {_kind_name(item)}"
                )
            code = self.index.by_key.get(item.text.strip().lower())
            if code is None:
                raise self.error(item.line, _rule_problem(item.text, self.index))
            codes.setdefault(code, item.line)
        return list(codes.items())

    def read(self, root: _Node) -> Layer:
        if root.kind != "mapping":
            raise self.error(
                root.line,
                f"the configuration must be a mapping of keys to values, not {_kind_name(root)}",
            )
        layer = Layer()
        for entry in root.entries:
            node, here = entry.value, self.source(entry.line)
            if entry.key == "ignored":
                ignored = tuple(
                    Setting(code, self.source(line))
                    for code, line in self.rule_list(node, "ignored")
                )
                layer = replace(layer, ignored=ignored)
            elif entry.key in ("fixable", "unfixable"):
                codes = tuple(
                    Setting(code, self.source(line))
                    for code, line in self.rule_list(node, entry.key)
                )
                if entry.key == "fixable":
                    layer = replace(layer, fixable=codes)
                else:
                    layer = replace(layer, unfixable=codes)
            elif entry.key == "override":
                layer = replace(layer, overrides=self.overrides(node))
            elif entry.key == "failure-threshold":
                try:
                    threshold = _parse_threshold(self.string(node, entry.key))
                except _BadValueError as exc:
                    raise self.error(node.line, str(exc)) from None
                layer = replace(layer, failure_threshold=Setting(threshold, here))
            elif entry.key == "format":
                try:
                    output_format = _parse_format(self.string(node, entry.key))
                except _BadValueError as exc:
                    raise self.error(node.line, str(exc)) from None
                layer = replace(layer, format=Setting(output_format, here))
            elif entry.key == "no-color":
                if node.kind != "boolean":
                    raise self.error(
                        node.line, f"no-color must be true or false, not {_kind_name(node)}"
                    )
                layer = replace(layer, no_color=Setting(node.flag, here))
            elif entry.key == "per-file-ignores":
                layer = replace(layer, per_file_ignores=self.per_file_ignores(node))
            elif entry.key == "context":
                context = self.string(node, entry.key)
                problem = _context_problem(context)
                if problem is not None:
                    raise self.error(node.line, problem)
                layer = replace(layer, context=Setting(context, here))
            else:
                raise self.error(entry.line, _unknown("key", entry.key, KEYS))
        return layer

    def overrides(self, node: _Node) -> tuple[Override, ...]:
        if node.kind == "null":
            return ()
        if node.kind != "mapping":
            raise self.error(
                node.line,
                "override must be a mapping of severities (error, warning, info) to rule lists,"
                f" not {_kind_name(node)}",
            )
        found: dict[str, Override] = {}
        for entry in node.entries:
            if entry.key not in OVERRIDE_KEYS:
                problem = _unknown("key", entry.key, OVERRIDE_KEYS)
                raise self.error(entry.line, problem.replace(" (", " in override (", 1))
            severity = Severity(entry.key)
            for code, line in self.rule_list(entry.value, f"override.{entry.key}"):
                earlier = found.get(code)
                if earlier is not None and earlier.severity is not severity:
                    raise self.error(
                        line,
                        f"{code} is overridden to both {earlier.severity.value} "
                        f"(line {earlier.source.line}) and {severity.value}",
                    )
                found.setdefault(code, Override(code, severity, self.source(line)))
        return tuple(found.values())

    def per_file_ignores(self, node: _Node) -> tuple[PerFileIgnore, ...]:
        if node.kind == "null":
            return ()
        if node.kind != "mapping":
            raise self.error(
                node.line,
                "per-file-ignores must be a mapping of globs to rule lists, "
                f"not {_kind_name(node)}",
            )
        entries: list[PerFileIgnore] = []
        for entry in node.entries:
            problem = _glob_problem(entry.key)
            if problem is not None:
                raise self.error(entry.line, problem)
            codes = tuple(
                code for code, _ in self.rule_list(entry.value, f"per-file-ignores {entry.key!r}")
            )
            entries.append(PerFileIgnore(entry.key, codes, self.source(entry.line), self.base))
        return tuple(entries)
