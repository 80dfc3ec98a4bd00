"""``RUN --mount=…`` flags, read as BuildKit reads them.

A flag value is a CSV line of ``key=value`` fields; ``$VAR`` and ``${VAR…}`` in it are expanded
from the build's ARG and ENV values first, as BuildKit does for flags.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping

from dockerlint_go.model.parse import Instruction
from dockerlint_go.model.wrappers import NAME_RE
from dockerlint_go.record import Record


class Mount(Record):
    """A parsed ``RUN --mount=...`` flag."""

    type: str  # "bind" (the default), "cache", "tmpfs", "secret", "ssh"
    target: str | None
    source: str | None = None
    from_: str | None = None
    id: str | None = None
    uid: int | None = None
    gid: int | None = None
    mode: int | None = None  # octal as written, parsed
    sharing: str | None = None  # shared | private | locked
    # As BuildKit decides it: an explicit ro/rw wins; otherwise cache and tmpfs mounts are
    # writable and bind, secret and ssh mounts are read-only.
    readonly: bool = False


# ``${…}`` in a flag is rare: the pattern is compiled (and cached by ``re``) on first use.
_BRACE_RE = r"(?s)([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])(.*))?"
_GO_TRUE = frozenset({"1", "t", "T", "TRUE", "true", "True"})
_GO_FALSE = frozenset({"0", "f", "F", "FALSE", "false", "False"})
_UINT32 = 1 << 32


def parse_mounts(instruction: Instruction, env: Mapping[str, str]) -> tuple[Mount, ...]:
    """The ``--mount`` flags of a RUN instruction, with variables expanded from ``env``."""
    return tuple(
        _parse_mount(flag.value, env)
        for flag in instruction.flags
        if flag.name == "mount" and flag.value is not None
    )


def _parse_mount(value: str, env: Mapping[str, str]) -> Mount:
    kind = "bind"
    target = source = from_ = cache_id = sharing = None
    uid = gid = mode = None
    readonly: bool | None = None  # None: BuildKit's default for the type
    for raw in _csv_fields(value):
        key, eq, val = raw.partition("=")
        key = key.strip().lower()
        if not eq:
            if key in ("readonly", "ro"):
                readonly = True
            elif key in ("readwrite", "rw"):
                readonly = False
            continue
        val = _expand_flag_value(val, env)
        if key == "type":
            kind = val.lower()
        elif key in ("target", "dst", "destination"):
            target = val
        elif key in ("source", "src"):
            source = val
        elif key == "from":
            from_ = val
        elif key == "id":
            cache_id = val
        elif key == "sharing":
            sharing = val.lower()
        elif key == "uid":
            uid = _parse_uint(val, 10)
        elif key == "gid":
            gid = _parse_uint(val, 10)
        elif key == "mode":
            mode = _parse_uint(val, 8)
        elif key in ("readonly", "ro", "readwrite", "rw"):
            flag = True if val in _GO_TRUE else False if val in _GO_FALSE else None
            if flag is not None:
                readonly = flag if key in ("readonly", "ro") else not flag
    if readonly is None:
        readonly = kind not in ("cache", "tmpfs")
    return Mount(
        type=kind,
        target=target,
        source=source,
        from_=from_,
        id=cache_id,
        uid=uid,
        gid=gid,
        mode=mode,
        sharing=sharing,
        readonly=readonly,
    )


def _csv_fields(value: str) -> list[str]:
    """Split a flag value the way Go's encoding/csv does (``"target=/a,b"`` is one field)."""
    try:
        return [item for row in csv.reader(io.StringIO(value)) for item in row]
    except csv.Error:
        return value.split(",")


def _parse_uint(text: str, base: int) -> int | None:
    """strconv.ParseUint(text, base, 32): digits only, no sign, prefix or underscore."""
    digits = "01234567" if base == 8 else "0123456789"
    if not text or any(ch not in digits for ch in text):
        return None
    number = int(text, base)
    return number if number < _UINT32 else None


def _expand_flag_value(text: str, env: Mapping[str, str]) -> str:
    """BuildKit-style expansion of ``$VAR``, ``${VAR}``, ``${VAR:-x}``, ``${VAR-x}``,
    ``${VAR:+x}`` and ``${VAR+x}``; ``\\$`` is a literal dollar.

    A name missing from ``env`` counts as unset for the operator forms; a plain ``$NAME`` or
    ``${NAME}`` of a missing name is kept as written (it may come from the base image).
    """
    if "$" not in text:
        return text
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "\\" and i + 1 < n and text[i + 1] == "$":
            out.append("$")
            i += 2
            continue
        if ch == "$" and i + 1 < n:
            if text[i + 1] == "{":
                end = _closing_brace(text, i + 2)
                if end < 0:
                    out.append(text[i:])
                    break
                out.append(_expand_brace(text[i + 2 : end], text[i : end + 1], env))
                i = end + 1
                continue
            match = NAME_RE.match(text, i + 1)
            if match:
                name = match.group()
                out.append(env[name] if name in env else "$" + name)
                i = match.end()
                continue
        out.append(ch)
        i += 1
    return "".join(out)


def _closing_brace(text: str, start: int) -> int:
    depth = 1
    i = start
    while i < len(text):
        if text.startswith("${", i):
            depth += 1
            i += 2
            continue
        if text[i] == "}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


def _expand_brace(inner: str, written: str, env: Mapping[str, str]) -> str:
    match = re.fullmatch(_BRACE_RE, inner)
    if match is None:
        return written
    name, op, word = match.group(1), match.group(2), match.group(3)
    value = env.get(name)
    if op is None:
        return written if value is None else value
    if op == ":-":
        return value if value else _expand_flag_value(word, env)
    if op == "-":
        return value if value is not None else _expand_flag_value(word, env)
    if op == ":+":
        return _expand_flag_value(word, env) if value else ""
    return _expand_flag_value(word, env) if value is not None else ""  # "+"
