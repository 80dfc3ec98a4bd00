"""Wrapper programs: what ``sudo``, ``env``, ``su -c``, ``sh -c``, ``xargs``, ``nice``... do
before they run the command in their arguments.

``WRAPPERS`` maps a program name to a function that reads the wrapper's own options and returns
an ``Unwrap``: the rest of the command line, the variables it sets, the user it switches to,
whether it drops the environment or moves to another directory, or the script it runs. The shell
walk (:mod:`dockerlint_go.model.shell`) applies them one after the other.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType

from dockerlint_go.record import Record

# A shell variable name.
NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class Unwrap(Record):
    """What a wrapper does before running the rest of its arguments."""

    rest: tuple[str, ...] = ()
    env: tuple[tuple[str, str], ...] = ()
    user: str | None = None
    reset: bool = False  # drops the inherited environment
    chdir: str | None = None
    cwd_lost: bool = False  # moves to a directory we cannot tell (login shell, chroot)
    script: str | None = None  # ``sh -c SCRIPT``, ``su -c SCRIPT``
    reads_stdin: bool = False  # a shell with no script: it reads commands from stdin
    script_file: bool = False  # a shell running a script file


SHELLS = frozenset({"sh", "bash", "dash", "ash", "zsh", "ksh", "mksh", "yash", "posh"})
_OPAQUE_PROGRAMS = frozenset({"make", "gmake", "bmake", "mage", "task", "go-task", "just"})
_SCRIPT_SUFFIXES = (".sh", ".bash")


def _split_assignments(args: Sequence[str]) -> tuple[list[tuple[str, str]], tuple[str, ...]]:
    env: list[tuple[str, str]] = []
    index = 0
    while index < len(args):
        name, equals, value = args[index].partition("=")
        if not equals or NAME_RE.fullmatch(name) is None:
            break
        env.append((name, value))
        index += 1
    return env, tuple(args[index:])


def short_options(
    args: Sequence[str],
    with_value: str,
    long_with_value: frozenset[str] = frozenset(),
    optional_value: str = "",
) -> tuple[list[tuple[str, str | None]], int]:
    """getopt-style scan: options until the first operand or ``--``.

    Returns the options as (name, value) pairs (short names without "-", long ones with "--")
    and the index of the first operand.
    """
    found: list[tuple[str, str | None]] = []
    index = 0
    while index < len(args):
        arg = args[index]
        if arg == "--":
            return found, index + 1
        if arg.startswith("--") and len(arg) > 2:
            name, eq, value = arg.partition("=")
            if not eq and name[2:] in long_with_value:
                value = args[index + 1] if index + 1 < len(args) else ""
                index += 1
            found.append((name, value if eq or name[2:] in long_with_value else None))
            index += 1
            continue
        if not arg.startswith("-") or len(arg) == 1:
            break
        pos = 1
        while pos < len(arg):
            ch = arg[pos]
            if ch in with_value:
                value = arg[pos + 1 :]
                if not value:
                    value = args[index + 1] if index + 1 < len(args) else ""
                    index += 1
                found.append((ch, value))
                break
            if ch in optional_value:
                found.append((ch, arg[pos + 1 :] or None))
                break
            found.append((ch, None))
            pos += 1
        index += 1
    return found, index


def _user_name(spec: str) -> str:
    """``app:app`` -> ``app``; ``#1000`` -> ``1000``."""
    name = spec.split(":", 1)[0]
    return name[1:] if name.startswith("#") else name


_SUDO_VALUE = "CcDghpRrTtUu"
_SUDO_LONG_VALUE = frozenset(
    [
        "user",
        "group",
        "prompt",
        "chdir",
        "chroot",
        "close-from",
        "host",
        "role",
        "type",
        "command-timeout",
        "other-user",
        "login-class",
    ]
)
_SUDO_NO_COMMAND = frozenset(
    [
        "e",
        "K",
        "k",
        "l",
        "V",
        "v",
        "h",
        "--edit",
        "--list",
        "--validate",
        "--version",
        "--help",
        "--remove-timestamp",
        "--reset-timestamp",
    ]
)


def _sudo(args: Sequence[str]) -> Unwrap | None:
    # ``-h`` is both help and ``-h host``; ``-k`` alone resets the timestamp: no command.
    opts, index = short_options(args, _SUDO_VALUE.replace("h", ""), _SUDO_LONG_VALUE)
    user = "root"
    reset = True  # sudo's default env_reset; -E / --preserve-env keeps the environment
    login = cwd_lost = False
    chdir = None
    for name, value in opts:
        if name in _SUDO_NO_COMMAND:
            if name == "k" and index < len(args):
                continue  # ``sudo -k cmd`` runs cmd
            return None
        if name in ("u", "--user") and value:
            user = _user_name(value)
        elif name in ("E", "--preserve-env"):
            reset = False
        elif name in ("i", "--login"):
            login = True
        elif name in ("D", "--chdir"):
            chdir = value
        elif name in ("R", "--chroot"):
            cwd_lost = True
    env, rest = _split_assignments(args[index:])
    if not rest:
        return None
    return Unwrap(
        rest,
        tuple(env),
        user=user,
        reset=reset or login,
        chdir=chdir,
        cwd_lost=cwd_lost or login,
    )


def _doas(args: Sequence[str]) -> Unwrap | None:
    opts, index = short_options(args, "Cu")
    user = "root"
    for name, value in opts:
        if name in ("L", "s", "C"):
            return None
        if name == "u" and value:
            user = _user_name(value)
    rest = tuple(args[index:])
    return Unwrap(rest, user=user, reset=True) if rest else None


def env_wrapper(args: Sequence[str]) -> Unwrap | None:
    pending = list(args)
    env: list[tuple[str, str]] = []
    reset = False
    chdir = None
    while True:
        opts, index = short_options(pending, "uCS", frozenset({"unset", "chdir", "split-string"}))
        split: list[str] = []
        for name, value in opts:
            if name in ("i", "--ignore-environment"):
                reset = True
            elif name in ("u", "--unset") and value:
                env.append((value, ""))
            elif name in ("C", "--chdir"):
                chdir = value
            elif name in ("S", "--split-string") and value:
                split = _split_words(value)
        rest = pending[index:]
        if rest[:1] == ["-"]:  # ``env -``: the same as -i
            reset = True
            rest = rest[1:]
        if not split:
            break
        pending = split + rest
    assignments, command = _split_assignments(rest)
    if not command:
        return None
    return Unwrap(command, tuple(env + assignments), reset=reset, chdir=chdir)


def _split_words(text: str) -> list[str]:
    try:
        return shlex.split(text)
    except ValueError:
        return text.split()


def _options_then(
    with_value: str, long_with_value: frozenset[str] = frozenset(), optional_value: str = ""
) -> Callable[[Sequence[str]], Unwrap | None]:
    """A wrapper whose options end at its command: ``nohup``, ``time``, ``xargs`` ..."""

    def unwrap(args: Sequence[str]) -> Unwrap | None:
        _, index = short_options(args, with_value, long_with_value, optional_value)
        rest = tuple(args[index:])
        return Unwrap(rest) if rest else None

    return unwrap


def _nice(args: Sequence[str]) -> Unwrap | None:
    index = 0
    if args[:1] and re.fullmatch(r"--?\d+", args[0]):  # ``nice -10 cmd``
        index = 1
    _, more = short_options(args[index:], "n", frozenset({"adjustment"}))
    rest = tuple(args[index + more :])
    return Unwrap(rest) if rest else None


def _timeout(args: Sequence[str]) -> Unwrap | None:
    _, index = short_options(args, "sk", frozenset({"signal", "kill-after"}))
    rest = tuple(args[index + 1 :])  # skip DURATION
    return Unwrap(rest) if rest else None


def _command_builtin(args: Sequence[str]) -> Unwrap | None:
    opts, index = short_options(args, "")
    if any(name in ("v", "V") for name, _ in opts):
        return None  # ``command -v go`` looks go up, it does not run it
    rest = tuple(args[index:])
    return Unwrap(rest) if rest else None


def _ionice(args: Sequence[str]) -> Unwrap | None:
    opts, index = short_options(
        args, "cnpPu", frozenset({"class", "classdata", "pid", "pgid", "uid"})
    )
    if any(name in ("p", "P", "u", "--pid", "--pgid", "--uid") for name, _ in opts):
        return None
    rest = tuple(args[index:])
    return Unwrap(rest) if rest else None


def _as_user(args: Sequence[str]) -> Unwrap | None:
    """``gosu USER cmd``, ``su-exec USER[:GROUP] cmd``, ``setuidgid USER cmd``."""
    if len(args) < 2 or args[0].startswith("-"):
        return None
    return Unwrap(tuple(args[1:]), user=_user_name(args[0]))


def _su(args: Sequence[str]) -> Unwrap | None:
    """``su [-] [-l] [USER] [-c SCRIPT]``: options may follow the user name."""
    user: str | None = None
    script: str | None = None
    login = False
    index = 0
    while index < len(args):
        arg = args[index]
        index += 1
        if arg == "--":
            if user is None and index < len(args):
                user = args[index]
            break
        if arg == "-":
            login = True
            continue
        if arg.startswith("--"):
            name, eq, value = arg[2:].partition("=")
            if (
                name
                in (
                    "command",
                    "session-command",
                    "shell",
                    "group",
                    "supp-group",
                    "whitelist-environment",
                )
                and not eq
            ):
                value = args[index] if index < len(args) else ""
                index += 1
            if name in ("command", "session-command"):
                script = value
            elif name == "login":
                login = True
            continue
        if arg.startswith("-") and len(arg) > 1:
            for pos in range(1, len(arg)):
                ch = arg[pos]
                if ch in "csgGw":
                    value = arg[pos + 1 :]
                    if not value:
                        value = args[index] if index < len(args) else ""
                        index += 1
                    if ch == "c":
                        script = value
                    break
                if ch == "l":
                    login = True
            continue
        if user is None:
            user = arg
    return Unwrap(
        user=_user_name(user or "root"),
        reset=login,
        cwd_lost=login,
        script=script,
        reads_stdin=script is None,
    )


def _runuser(args: Sequence[str]) -> Unwrap | None:
    opts, index = short_options(
        args, "ugGcsw", frozenset({"user", "group", "supp-group", "command", "shell"})
    )
    user = next((value for name, value in opts if name in ("u", "--user") and value), None)
    if user is None:
        return _su(args)  # the su-compatible form
    login = any(name in ("l", "--login") for name, _ in opts)
    script = next((value for name, value in opts if name in ("c", "--command")), None)
    rest = tuple(args[index:])
    if script is None and not rest:
        return None
    return Unwrap(rest, user=_user_name(user), reset=login, cwd_lost=login, script=script)


def _shell(args: Sequence[str]) -> Unwrap | None:
    has_c = reads_stdin = False
    index = 0
    while index < len(args):
        arg = args[index]
        if arg in ("--", "-"):
            index += 1
            break
        if arg.startswith("--"):
            index += 2 if arg in ("--rcfile", "--init-file") else 1
            continue
        if arg[:1] in ("-", "+") and len(arg) > 1:
            cluster = arg[1:]
            if arg[0] == "-":
                has_c = has_c or "c" in cluster
                reads_stdin = reads_stdin or "s" in cluster
            index += 1 + cluster.count("o") + cluster.count("O")
            continue
        break
    rest = args[index:]
    if has_c:
        return Unwrap(script=rest[0]) if rest else None
    if reads_stdin or not rest:
        return Unwrap(reads_stdin=True)
    return Unwrap(script_file=True)


def _busybox(args: Sequence[str]) -> Unwrap | None:
    return Unwrap(tuple(args)) if args and not args[0].startswith("-") else None


WRAPPERS: Mapping[str, Callable[[Sequence[str]], Unwrap | None]] = MappingProxyType(
    {
        "sudo": _sudo,
        "doas": _doas,
        "env": env_wrapper,
        "xargs": _options_then(
            "adEILnPs",
            frozenset(
                {"arg-file", "delimiter", "max-args", "max-procs", "max-chars", "process-slot-var"}
            ),
            "eil",
        ),
        "time": _options_then("fo", frozenset({"format", "output"})),
        "exec": _options_then("a"),
        "nohup": _options_then(""),
        "nice": _nice,
        "timeout": _timeout,
        "command": _command_builtin,
        "builtin": _options_then(""),
        "stdbuf": _options_then("ioe", frozenset({"input", "output", "error"})),
        "ionice": _ionice,
        "setsid": _options_then(""),
        "eatmydata": _options_then(""),
        "tini": _options_then("pe"),
        "dumb-init": _options_then("r", frozenset({"rewrite"})),
        "busybox": _busybox,
        "gosu": _as_user,
        "su-exec": _as_user,
        "setuidgid": _as_user,
        "s6-setuidgid": _as_user,
        "su": _su,
        "runuser": _runuser,
        **dict.fromkeys(SHELLS, _shell),
    }
)

IN_SHELL_WRAPPERS = frozenset({"command", "builtin"})  # they do not start a new process


def basename(word: str) -> str:
    return word.rsplit("/", 1)[-1]


def is_opaque(argv: Sequence[str]) -> bool:
    first = argv[0]
    name = basename(first)
    return (
        name in _OPAQUE_PROGRAMS
        or first.startswith(("./", "../"))
        or first.endswith(_SCRIPT_SUFFIXES)
        or name in (".", "source")
    )
