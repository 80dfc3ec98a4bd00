"""What ``chown``, ``chmod`` and ``mkdir`` in a RUN do to file ownership."""

from __future__ import annotations

import posixpath

from dockerlint_go.model.fs import FileSystem, Origin, PathFact, Scope, normalize
from dockerlint_go.model.shell import Command


def _split_flags(argv: tuple[str, ...]) -> tuple[set[str], list[str]]:
    flags: set[str] = set()
    rest: list[str] = []
    only_positional = False
    for arg in argv[1:]:
        if only_positional or not arg.startswith("-") or arg == "-":
            rest.append(arg)
        elif arg == "--":
            only_positional = True
        elif arg.startswith("--"):
            flags.add(arg)
        else:
            flags.update("-" + c for c in arg[1:])
    return flags, rest


def _octal(text: str) -> int | None:
    return int(text, 8) if text and all(c in "01234567" for c in text) else None


def _symbolic(mode: str, current: int | None) -> int | None:
    """Apply a simple symbolic mode (``a+w``, ``o+rwx``, ``go-w``) to ``current``."""
    base = current if current is not None else 0o755
    result = base
    for clause in mode.split(","):
        for op in "+-=":
            who, sep, perms = clause.partition(op)
            if sep:
                break
        else:
            return None
        targets = who or "a"
        bits = 0
        for t in targets:
            shift = {"u": 6, "g": 3, "o": 0}
            for p in perms:
                value = {"r": 4, "w": 2, "x": 1}.get(p, 0)
                if t == "a":
                    bits |= value << 6 | value << 3 | value
                elif t in shift:
                    bits |= value << shift[t]
        if op == "+":
            result |= bits
        elif op == "-":
            result &= ~bits
        else:
            result = bits
    return result


def command_facts(
    command: Command, owner: str | None, cwd: str, line: int, fs: FileSystem
) -> tuple[PathFact, ...]:
    """The ownership facts one command establishes (``owner``: who runs it)."""
    program = command.program
    if program not in ("chown", "chmod", "mkdir"):
        return ()
    flags, args = _split_flags(command.argv)
    recursive = "-R" in flags or "--recursive" in flags
    scope = Scope.TREE if recursive else Scope.SELF
    facts: list[PathFact] = []
    if program == "chown":
        if len(args) < 2 or any(a.startswith("--reference") for a in flags):
            return ()
        spec, paths = args[0], args[1:]
        user = spec.replace(".", ":", 1).split(":", 1)[0] if ":" in spec or "." in spec else spec
        if not user:
            return ()
        for p in paths:
            path = normalize(p, cwd)
            current = fs.fact_for(path)
            mode = current.mode if current else None
            facts.append(PathFact(path, user, mode, scope, Origin.CHOWN, line, "chown " + spec))
    elif program == "chmod":
        if len(args) < 2:
            return ()
        spec, paths = args[0], args[1:]
        for p in paths:
            path = normalize(p, cwd)
            current = fs.fact_for(path)
            mode = _octal(spec)
            if mode is None:
                mode = _symbolic(spec, current.mode if current else None)
            facts.append(
                PathFact(path, current.owner if current else None, mode, scope, Origin.CHMOD, line)
            )
    else:
        mode, dirs = _mkdir_args(command.argv)
        made: set[str] = set()
        for p in dirs:
            path = normalize(p, cwd)
            chain = [] if fs.exists(path) is True or path in made else [path]
            if "-p" in flags or "--parents" in flags:
                chain += _missing_parents(path, fs, made)
            made.update(chain)
            facts += [PathFact(each, owner, mode, Scope.SELF, Origin.MKDIR, line) for each in chain]
    return tuple(facts)


def _missing_parents(path: str, fs: FileSystem, made: set[str]) -> list[str]:
    """The ancestors of ``path`` that ``mkdir -p`` creates, deepest first: those known not to
    exist, up to the nearest known one (or one this command already made).

    One lookup for the whole chain: every ancestor below the nearest one a fact is about is
    known not to exist (``FileSystem.exists``), and nothing is known when no ancestor is.
    """
    parent = posixpath.dirname(path)
    found = fs.nearest(parent) if parent != "/" else None
    if found is None:
        return []
    known = found[0]
    missing: list[str] = []
    while parent not in ("/", known) and parent not in made:
        missing.append(parent)
        parent = posixpath.dirname(parent)
    return missing


def _mkdir_args(argv: tuple[str, ...]) -> tuple[int, list[str]]:
    """The mode (``-m``) and the directories of a ``mkdir`` command."""
    mode = 0o755
    dirs: list[str] = []
    i = 1
    while i < len(argv):
        arg = argv[i]
        if arg in ("-m", "--mode") and i + 1 < len(argv):
            mode = _octal(argv[i + 1]) or _symbolic(argv[i + 1], 0o755) or mode
            i += 1
        elif arg.startswith("--mode="):
            value = arg.split("=", 1)[1]
            mode = _octal(value) or _symbolic(value, 0o755) or mode
        elif arg.startswith("-m") and len(arg) > 2:
            mode = _octal(arg[2:]) or mode
        elif not arg.startswith("-"):
            dirs.append(arg)
        i += 1
    return mode, dirs
