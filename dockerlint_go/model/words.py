"""The words of ARG, ENV, WORKDIR and COPY values, as BuildKit splits and unquotes them.

Blanks outside quotes separate words; quotes are kept by ``split_words`` and removed by
``unquote`` (a backslash escapes the next character, except inside single quotes).
"""

from __future__ import annotations

from collections.abc import Iterator

_QUOTING = frozenset("\"'\\")


def arg_pairs(value: str) -> Iterator[tuple[str, str | None]]:
    for word in split_words(value):
        name, eq, default = word.partition("=")
        if name:
            yield name, (unquote(default) if eq else None)


def env_pairs(value: str) -> Iterator[tuple[str, str]]:
    words = split_words(value)
    if words and "=" not in words[0]:
        # Legacy form ``ENV NAME value with spaces``.
        name, _, rest = value.strip().partition(" ")
        yield name, unquote(rest.strip())
        return
    for word in words:
        name, eq, val = word.partition("=")
        if name and eq:
            yield name, unquote(val)


def split_words(value: str) -> list[str]:
    """Split on blanks outside quotes, keeping the quotes (removed later by unquote)."""
    if not _QUOTING.intersection(value):
        return value.split()
    words: list[str] = []
    buf: list[str] = []
    quote = ""
    i = 0
    while i < len(value):
        ch = value[i]
        if quote:
            buf.append(ch)
            if ch == "\\" and quote == '"' and i + 1 < len(value):
                buf.append(value[i + 1])
                i += 1
            elif ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
            buf.append(ch)
        elif ch.isspace():
            if buf:
                words.append("".join(buf))
                buf = []
        else:
            buf.append(ch)
        i += 1
    if buf:
        words.append("".join(buf))
    return words


def unquote(text: str) -> str:
    if not _QUOTING.intersection(text):
        return text
    out: list[str] = []
    quote = ""
    i = 0
    while i < len(text):
        ch = text[i]
        if quote:
            if ch == quote:
                quote = ""
            elif ch == "\\" and quote == '"' and i + 1 < len(text):
                out.append(text[i + 1])
                i += 1
            else:
                out.append(ch)
        elif ch in "\"'":
            quote = ch
        elif ch == "\\" and i + 1 < len(text):
            out.append(text[i + 1])
            i += 1
        else:
            out.append(ch)
        i += 1
    return "".join(out)
