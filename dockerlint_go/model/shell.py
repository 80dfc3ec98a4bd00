"""RUN, CMD and ENTRYPOINT -> simple commands.

tree-sitter-bash parses the script (it never raises and copes with heredocs, ``case``,
``[[ ]]`` and backticks); words are dequoted and ``$VAR`` / ``${VAR:-x}`` / ``${VAR:+x}`` are
expanded from the known environment. Wrappers (``sudo``, ``env``, ``sh -c``, ``bash -c``,
``xargs``, ``time``, ``exec``, ``nohup``, ``nice``, ``gosu``, ``su-exec``, ``su -c``,
``runuser``) are unwrapped so that the command they run is what is reported.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from dockerlint_go.model.parse import Instruction


@dataclass(frozen=True, slots=True)
class Command:
    """A simple command as it will run."""

    argv: tuple[str, ...]  # dequoted and expanded words; unresolved expansions kept as written
    env: tuple[tuple[str, str], ...]  # ``VAR=x cmd`` prefixes, ``env VAR=x``, and earlier ``export``
    user: str | None  # from ``sudo -u U``, ``su U -c``, ``gosu U``, ``su-exec U``; None: unchanged
    cwd: str | None  # after an earlier ``cd DIR`` in the same script; None: the WORKDIR
    line: int  # 0-based line offset of the command inside the script
    wrappers: tuple[str, ...] = ()  # the wrapper programs that were removed, outermost first
    opaque: bool = False  # a program that runs hidden commands we cannot see (make, a script)

    @property
    def program(self) -> str:
        """The basename of argv[0] (``/usr/local/go/bin/go`` -> ``go``); "" when argv is empty."""
        return self.argv[0].rsplit("/", 1)[-1] if self.argv else ""

    def env_value(self, name: str) -> str | None:
        value: str | None = None
        for key, val in self.env:
            if key == name:
                value = val
        return value


@dataclass(frozen=True, slots=True)
class Mount:
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
    readonly: bool = False


def parse_mounts(instruction: Instruction, env: Mapping[str, str]) -> tuple[Mount, ...]:
    """The ``--mount`` flags of a RUN instruction, with variables expanded from ``env``."""
    raise NotImplementedError


def parse_script(script: str, env: Mapping[str, str]) -> tuple[Command, ...]:
    """Split a shell script into the simple commands it runs, in order. Never raises."""
    raise NotImplementedError


def instruction_commands(instruction: Instruction, env: Mapping[str, str]) -> tuple[Command, ...]:
    """The commands of a RUN, CMD or ENTRYPOINT instruction.

    Shell form is parsed as a script; exec form is one command (unwrapped if it is ``sh -c``);
    ``RUN <<EOF`` runs the heredoc body as the script, and a shell reading a heredoc on stdin
    (``RUN bash <<EOF``) runs the body too. Lines in the returned commands are offsets from the
    instruction's first line.
    """
    raise NotImplementedError
