"""Reading the shell script of a RUN for the files it writes and deletes.

This is a light reading of the script's text, for what the model's commands do not keep:
redirections and the bodies of here-documents. ``run_script`` finds the script a RUN runs (its
value, its here-documents, or the ``sh -c`` argument of an exec form); ``script_commands``
splits it into statements and the commands of their pipelines, following ``sh -c`` scripts
inside it, and numbers them, so that a caller can tell whether a deletion comes after a write.

For each command, ``file_changes`` lists the files it writes (``>`` and ``>>`` redirections,
``tee``, the targets of ``cp``, ``mv`` and ``install``) and the files it removes again (``rm``,
``unlink``, ``shred -u``, ``truncate``, or ``: > file``). ``RunSite`` holds what decides where a
path lands (the user's home, WORKDIR, the mounts), and ``left_in_layer`` whether a written file
stays in the RUN's layer.
"""

from __future__ import annotations

import posixpath
import re

from dockerlint_go import TYPE_CHECKING
from dockerlint_go.model.fs import is_at_or_below, normalize
from dockerlint_go.model.words import split_words, unquote
from dockerlint_go.model.wrappers import SHELLS
from dockerlint_go.record import Record

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from dockerlint_go.model.parse import Instruction
    from dockerlint_go.model.stages import State, Step

_WRAPPERS = frozenset({"sudo", "doas", "nohup", "time", "exec", "command", "builtin", "nice"})
_WRAPPER_ARGS = frozenset({"-u", "-g", "-C", "-D", "-h", "-p", "-r", "-t", "-U", "-n"})
_REMOVERS = frozenset({"rm", "unlink", "shred", "truncate"})
_COPIERS = frozenset({"cp", "mv", "install"})
_COPY_OPTIONS = frozenset({"-m", "-o", "-g", "-S", "--mode", "--owner"})  # options with a value
_REMOVE_OPTIONS = frozenset({"-s", "--size", "-n"})
_NESTING = 4  # ``sh -c`` scripts followed inside each other

# Pattern strings, compiled (and cached by ``re``) only for a file that gets that far.
_HEREDOC_RE = r"<<(-?)\s*(['\"]?)([A-Za-z0-9_.-]+)\2"
_REDIRECT_RE = r"(?<![<>])(?:[0-9]+|&)?(>>|>\||>)(?![&(])\s*(\"[^\"]*\"|'[^']*'|[^\s;&|<>()]+)"
_ASSIGN_RE = r"[A-Za-z_][A-Za-z0-9_]*="


class Statement(Record):
    """A statement of a script: what runs between ``&&``, ``||``, ``;``, ``&`` and newlines."""

    text: str  # as written, quotes kept
    heredoc: str  # the bodies of the here-documents it opens


class ScriptCommand(Record):
    """One command of a pipeline in a script, with the statement it is part of."""

    statement: Statement
    words: list[str]  # the statement's words, unquoted, redirections left out
    segment: list[str]  # the words of this command of the pipeline, as in ``words``
    argv: list[str]  # what runs: ``segment`` without leading assignments and wrappers
    program: str  # the base name of ``argv[0]`` ("" when nothing runs)
    # The statement's redirections (operator, target), for the last command of a pipeline
    # only: they write what that command prints.
    redirects: list[tuple[str, str]]
    order: int  # the statement's position in the script, counted across ``sh -c`` scripts


class RunSite(Record):
    """Where a RUN runs: its user's home, its WORKDIR, its mounts and secrets."""

    home: str  # "~" when unknown
    workdir: str
    mounted: tuple[str, ...]  # mount targets: what is written below them misses the layer
    secret_paths: tuple[str, ...]  # where secret files are mounted
    secret_envs: frozenset[str]  # variables set by a secret mount's ``env=``
    goenv: str  # the file ``go env -w`` writes


class FileWrite(Record):
    """A file that a command writes."""

    order: int  # as ``ScriptCommand.order``
    how: str  # "a shell redirection", "tee", or the program that copies ("cp", "mv", "install")
    # The file written, as ``shell_path`` reads it; for a copy, the destination operand, which
    # may be a directory the source goes into.
    path: str
    source: str | None = None  # a copy's source operand as written (None: not a copy)
    into_dir: bool = False  # a copy's destination is written with a trailing "/"


class Removal(Record):
    """A file that a command deletes or empties."""

    order: int  # as ``ScriptCommand.order``
    path: str
    tree: bool  # ``rm -r``: what is below goes too


# --------------------------------------------------------------------------------------------
# The script


def run_script(ins: Instruction, state: State) -> tuple[str, bool] | None:
    """The script a RUN runs and whether ``$VAR`` is expanded in it (None: not a POSIX shell,
    or a here-document run by another interpreter). Without a shell (exec form other than
    ``sh -c``) the script is the words, each quoted."""
    if ins.exec_form is not None:
        words = list(ins.exec_form)
        script = shell_c_script(words)
        if script is not None:
            return script, True
        return " ".join("'" + w.replace("'", "'\\''") + "'" for w in words), False
    if posixpath.basename(state.shell[0] if state.shell else "sh") not in SHELLS:
        return None
    docs = ins.heredocs
    if not docs:
        return ins.value, True
    if len(docs) == 1 and re.fullmatch(r"\s*" + _HEREDOC_RE + r"\s*", ins.value):
        body = docs[0].body
        if body.startswith("#!"):
            names = {posixpath.basename(w) for w in body[2:].split("\n", 1)[0].split()}
            if not names & SHELLS:
                return None
        return body, True
    parts = [ins.value, "\n"]
    for doc in docs:
        parts.extend(
            [doc.body if doc.body.endswith("\n") else doc.body + "\n", doc.delimiter, "\n"]
        )
    return "".join(parts), True


def shell_c_script(argv: Sequence[str]) -> str | None:
    """The script of ``sh -c SCRIPT`` (``-ec``, ``-xc`` … too); None for another command."""
    if not argv or posixpath.basename(argv[0]) not in SHELLS:
        return None
    for i, word in enumerate(argv[1:-1], start=1):
        if word.startswith("-") and not word.startswith("--") and "c" in word:
            return argv[i + 1]
    return None


def statements(script: str) -> list[Statement]:
    """Split a script at ``&&``, ``||``, ``;``, ``&`` and newlines outside quotes; each
    statement keeps the bodies of the here-documents it opens."""
    texts: list[str] = []
    docs: dict[int, list[str]] = {}
    buf: list[str] = []
    quote = ""
    lines = script.split("\n")
    row = 0
    heredoc = re.compile(_HEREDOC_RE)
    while row < len(lines):
        line = lines[row]
        row += 1
        pending: list[tuple[str, bool, int]] = []
        joined = False
        j, size = 0, len(line)
        while j < size:
            ch = line[j]
            if quote:
                buf.append(line[j : j + 2] if ch == "\\" and quote == '"' else ch)
                j += 2 if ch == "\\" and quote == '"' else 1
                quote = "" if ch == quote else quote
                continue
            if ch in "'\"":
                quote = ch
            elif ch == "\\":
                joined = j + 1 >= size
                buf.append(line[j : j + 2])
                j += 2
                continue
            elif ch == "#" and (not buf or buf[-1][-1:] in (" ", "\t", ";", "&", "|", "(")):
                break
            elif line.startswith("<<", j) and not line.startswith("<<<", j):
                match = heredoc.match(line, j)
                if match:
                    pending.append((match.group(3), match.group(1) == "-", len(texts)))
                    buf.append(match.group(0))
                    j = match.end()
                    continue
            elif (
                line.startswith(("&&", "||"), j)
                or ch == ";"
                or (ch == "&" and line[j + 1 : j + 2] != ">" and line[j - 1 : j] not in ("<", ">"))
            ):
                _flush(buf, texts)
                j += 2 if line.startswith(("&&", "||"), j) else 1
                continue
            buf.append(ch)
            j += 1
        if quote:
            buf.append("\n")
            continue
        for delimiter, strip, owner in pending:
            body: list[str] = []
            while row < len(lines):
                text = lines[row]
                row += 1
                if (text.lstrip("\t") if strip else text) == delimiter:
                    break
                body.append(text)
            docs.setdefault(owner, []).extend(body)
        if joined:
            buf[-1] = " "
        else:
            _flush(buf, texts)
    _flush(buf, texts)
    return [Statement(text, "\n".join(docs.get(i, ()))) for i, text in enumerate(texts)]


def _flush(buf: list[str], texts: list[str]) -> None:
    text = "".join(buf).strip()
    buf.clear()
    if text:
        texts.append(text)


def statement_words(text: str) -> tuple[list[tuple[str, str]], list[str]]:
    """A statement's redirections (operator, target) and its words, unquoted."""
    redirects: list[tuple[str, str]] = []

    def cut(match: re.Match[str]) -> str:
        redirects.append((match.group(1), unquote(match.group(2))))
        return " "

    rest = re.sub(_HEREDOC_RE, " ", re.sub(_REDIRECT_RE, cut, text)).replace("<", " ")
    return redirects, [unquote(w) for w in split_words(rest)]


def command_argv(words: list[str]) -> list[str]:
    """The command a statement runs: leading assignments and simple wrappers (``sudo``,
    ``env``, ``gosu`` …) dropped."""
    i = 0
    while i < len(words) and re.match(_ASSIGN_RE, words[i]):
        i += 1
    argv = words[i:]
    for _ in range(8):
        program = posixpath.basename(argv[0]) if argv else ""
        if program in ("gosu", "su-exec"):
            argv = argv[2:]
            continue
        if program not in _WRAPPERS and program != "env":
            break
        k = 1
        while k < len(argv) and (
            argv[k].startswith("-") or (program == "env" and re.match(_ASSIGN_RE, argv[k]))
        ):
            k += 2 if argv[k] in _WRAPPER_ARGS else 1
        argv = argv[k:]
    return argv


def operands(argv: Sequence[str], with_value: frozenset[str] = frozenset()) -> list[str]:
    """The operands of a command: its words after the program that are no options (all of them
    after ``--``); the options in ``with_value`` take the next word as their value."""
    found: list[str] = []
    k, only = 1, False
    while k < len(argv):
        word = argv[k]
        if only or not word.startswith("-") or word == "-":
            found.append(word)
        elif word == "--":
            only = True
        elif word in with_value:
            k += 1
        k += 1
    return found


def script_commands(script: str) -> Iterator[ScriptCommand]:
    """The commands of a script in order, those of ``sh -c`` scripts in it (four deep) in
    place of the ``sh -c`` command itself."""
    yield from _commands(statements(script), [0], 0)


def _commands(
    found: list[Statement],
    counter: list[int],  # statements so far, across ``sh -c`` scripts: a removal must come later
    depth: int,
) -> Iterator[ScriptCommand]:
    for stmt in found:
        counter[0] += 1
        redirects, words = statement_words(stmt.text)
        pipeline: list[list[str]] = [[]]
        for word in words:  # the commands of a pipeline
            if word in ("|", "|&"):
                pipeline.append([])
            else:
                pipeline[-1].append(word)
        for segment in pipeline:
            argv = command_argv(segment)
            inner = shell_c_script(argv)
            if inner is not None and depth < _NESTING:
                yield from _commands(statements(inner), counter, depth + 1)
                continue
            program = posixpath.basename(argv[0]) if argv else ""
            last = len(pipeline) == 1 or segment is pipeline[-1]
            yield ScriptCommand(
                stmt, words, segment, argv, program, redirects if last else [], counter[0]
            )


# --------------------------------------------------------------------------------------------
# Paths


def run_site(step: Step) -> RunSite:
    """Where ``step`` (a RUN) runs: its home and WORKDIR, and its mounts and secrets from the
    ``--mount`` flags."""
    state = step.before
    mounted: list[str] = []
    secrets: list[str] = ["/run/secrets"]
    for mount in step.mounts:
        target = mount.target
        if mount.type == "secret" and not target and mount.id:
            target = f"/run/secrets/{mount.id}"
        if target and mount.type in ("tmpfs", "secret", "cache", "bind", "ssh"):
            mounted.append(normalize(target, state.workdir))
            if mount.type == "secret":
                secrets.append(normalize(target, state.workdir))
    envs: set[str] = set()
    for flag in step.instruction.flags:
        fields = [f.strip() for f in (flag.value or "").split(",")]
        if flag.name == "mount" and "type=secret" in fields:
            envs.update(f[4:] for f in fields if f.startswith("env=") and len(f) > 4)
    home = home_dir(state)
    goenv = state.env.get("GOENV") or ""
    if not goenv.startswith("/"):
        goenv = (state.env.get("XDG_CONFIG_HOME") or f"{home}/.config") + "/go/env"
    return RunSite(home, state.workdir, tuple(mounted), tuple(secrets), frozenset(envs), goenv)


def home_dir(state: State) -> str:
    """The home directory of the user a step runs as, without a trailing ``/`` ("~" when it is
    unknown or ``/``)."""
    home = state.env.get("HOME") or state.user.home or ""
    return home.rstrip("/") if home.startswith("/") and home != "/" else "~"


def shell_path(raw: str, site: RunSite) -> str:
    """A path as the shell sees it: ``~`` and ``$HOME`` resolved, made absolute (left as
    written when another variable or a substitution is in it)."""
    path = raw
    if site.home != "~":
        if path == "~" or path.startswith("~/"):
            path = site.home + path[1:]
        path = path.replace("${HOME}", site.home).replace("$HOME", site.home)
    if "$" in path or "`" in path or path.startswith("~"):
        return path
    return normalize(path, site.workdir)


# --------------------------------------------------------------------------------------------
# Files written and deleted


def file_changes(command: ScriptCommand, site: RunSite) -> tuple[list[FileWrite], list[Removal]]:
    """The files a command writes (redirections, ``tee``, ``cp``/``mv``/``install``) and those
    it deletes (``rm``, ``unlink``, ``shred -u``, ``truncate``) or empties (``: > file``)."""
    order, program, argv = command.order, command.program, command.argv
    writes: list[FileWrite] = []
    removals: list[Removal] = []
    for op, target in command.redirects:
        if target.startswith("&"):
            continue
        path = shell_path(target, site)
        if program in ("", ":", "true") and op != ">>":
            removals.append(Removal(order, path, False))
        else:
            writes.append(FileWrite(order, "a shell redirection", path))
    if program == "tee":
        writes.extend(FileWrite(order, "tee", shell_path(o, site)) for o in operands(argv))
    if program in _COPIERS:
        found = operands(argv, _COPY_OPTIONS)
        dest = shell_path(found[-1], site) if len(found) >= 2 else ""
        into_dir = bool(found) and found[-1].endswith("/")
        writes.extend(FileWrite(order, program, dest, source, into_dir) for source in found[:-1])
    if program in _REMOVERS:
        flags = [w for w in argv[1:] if w.startswith("-") and w != "-"]
        tree = any(f == "--recursive" or (f[1:2] != "-" and "r" in f.lower()) for f in flags)
        if program != "shred" or any(
            f == "--remove" or (f[1:2] != "-" and "u" in f) for f in flags
        ):
            for operand in operands(argv, _REMOVE_OPTIONS):
                removals.append(Removal(order, shell_path(operand, site), tree))
    return writes, removals


def left_in_layer(path: str | None, order: int, removals: Sequence[Removal], site: RunSite) -> bool:
    """The file at ``path``, written by the command numbered ``order``, stays in the layer: no
    mount holds it and no later command of the RUN deletes it (None: nothing was written)."""
    if path is None or any(is_at_or_below(path, m) for m in site.mounted):
        return False
    return not any(
        r.order > order and (r.path == path or (r.tree and is_at_or_below(path, r.path)))
        for r in removals
    )
