"""Dockerfile-level variable substitution (``$VAR``, ``${VAR}``, ``${VAR:-x}``, ``${VAR:+x}``).

Applies to the instructions BuildKit expands (FROM, ARG, ENV, USER, WORKDIR, COPY/ADD and
their flags, …), never to RUN text, which the shell expands at run time.
"""

from __future__ import annotations

from collections.abc import Mapping

_MAX_DEPTH = 64


def expand(text: str, env: Mapping[str, str], escape: str = "\\", _depth: int = 0) -> str:
    """Substitute variables in ``text``; unset variables become empty, as in BuildKit."""
    if "$" not in text:
        return text
    out: list[str] = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == escape and i + 1 < n and text[i + 1] == "$":
            out.append("$")
            i += 2
            continue
        if ch != "$" or i + 1 >= n:
            out.append(ch)
            i += 1
            continue
        nxt = text[i + 1]
        if nxt == "{":
            end = _matching_brace(text, i + 2)
            if end < 0:
                out.append(text[i:])
                break
            out.append(_braced(text[i + 2 : end], env, escape, _depth))
            i = end + 1
        elif nxt.isalpha() or nxt == "_":
            j = i + 1
            while j < n and (text[j].isalnum() or text[j] == "_"):
                j += 1
            out.append(env.get(text[i + 1 : j], ""))
            i = j
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def _matching_brace(text: str, start: int) -> int:
    depth = 1
    for j in range(start, len(text)):
        if text[j] == "{":
            depth += 1
        elif text[j] == "}":
            depth -= 1
            if depth == 0:
                return j
    return -1


def _braced(body: str, env: Mapping[str, str], escape: str, depth: int) -> str:
    name_end = 0
    while name_end < len(body) and (body[name_end].isalnum() or body[name_end] == "_"):
        name_end += 1
    name, rest = body[:name_end], body[name_end:]
    value = env.get(name)
    if not rest:
        return value or ""
    for op in (":-", ":+", "-", "+"):
        if rest.startswith(op):
            # Defaults nested deeper than any real file expand to nothing (bounded recursion).
            if depth >= _MAX_DEPTH:
                return ""
            word = expand(rest[len(op) :], env, escape, depth + 1)
            is_set = value is not None and (value != "" or ":" not in op)
            if op.endswith("-"):
                return value if is_set and value is not None else word
            return word if is_set else ""
    # Pattern operators (#, %, /) are rare in Dockerfiles: keep the value unchanged.
    return value or ""
