"""Where a Go environment variable that a go command sees was set.

go reads each of its variables (GOPROXY, GOSUMDB, GOFLAGS, …) from the process environment,
and when that is unset or empty from its env file (``$GOENV``, by default
``$XDG_CONFIG_HOME/go/env`` or ``$HOME/.config/go/env``, which ``go env -w`` writes). In a
Dockerfile the environment of a RUN command comes from, first to last:

- the RUN itself: a ``VAR=x go …`` prefix, ``env VAR=x go …``, an earlier ``export VAR=x``;
- the stage's ENV (or the base image's environment);
- an ARG in scope (RUN only: ARG values do not reach CMD/ENTRYPOINT at container start).

:func:`go_setting` answers "which of these gave the command its value", as a :class:`Setting`
that names the instruction to report; :func:`image_setting` answers it for a go command run in
a container of a stage. Rules that report a setting "where it is made" read these and never
re-track ENV, ARG or exports themselves. The env file is the caller's to follow (it lives in the
image's filesystem): :func:`env_file` says which file a command reads, :func:`env_writes` what
a ``go env -w`` / ``go env -u`` changes in it, and :func:`with_env_writes` the files after it.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from types import MappingProxyType

from dockerlint_go import TYPE_CHECKING
from dockerlint_go.model.modules import ModuleMode
from dockerlint_go.model.words import arg_pairs
from dockerlint_go.record import Record

if TYPE_CHECKING:
    from dockerlint_go.model.span import Span
    from dockerlint_go.model.stages import DockerfileModel, GoRun, Stage, State, Step


class How(enum.Enum):
    """How a setting was made."""

    ENV = "ENV"
    ARG = "ARG"  # an ARG default in scope of a RUN
    RUN = "RUN"  # a prefix, ``env VAR=x`` or an earlier ``export`` in a RUN, CMD or ENTRYPOINT
    GO_ENV_W = "go env -w"  # go's env file, written by an earlier RUN
    IMAGE = "base image"  # the base image's environment: not made in this file


class Setting(Record):
    """A Go variable's value and where the Dockerfile made it."""

    name: str
    value: str
    how: How
    line: int  # the line it is written on: the ENV/ARG, or the command (0 for the base image)
    span: Span  # the instruction to report at (the ENV, ARG, RUN; the go command's step)
    keyword: str = "RUN"  # for How.RUN: the instruction (RUN, or CMD/ENTRYPOINT)

    @property
    def key(self) -> tuple[int, int, str, str, str]:
        """Identifies the setting across the go commands (and stage chains) it reaches. The
        commands of one RUN that get the same value (an ``export`` before several of them)
        share one key."""
        line = 0 if self.how is How.RUN else self.line
        return (self.span.line, line, self.name, self.how.value, self.value)

    @property
    def where(self) -> str:
        """``ENV at line 4``, ``ARG at line 2``, ``RUN at line 7``, ```go env -w` at line 5``."""
        if self.how is How.GO_ENV_W:
            return f"`go env -w` at line {self.line}"
        if self.how is How.IMAGE:
            return "the base image"
        if self.how is How.RUN:
            return f"{self.keyword} at line {self.span.line}"
        return f"{self.how.value} at line {self.line}"


# A go env file, by path: the variables it holds (as settings made by ``go env -w``).
EnvFiles = Mapping[str, Mapping[str, Setting]]
_NO_FILES: EnvFiles = MappingProxyType({})

# Commands that load the module graph from the module cache whatever ``vendor/`` holds: go
# picks ``-mod=mod`` (``readonly`` for the vendor commands) for them by command name, and
# ``-mod=vendor`` in GOFLAGS does not apply to them.
IGNORES_VENDOR = frozenset(
    {"get", "mod download", "mod tidy", "mod graph", "mod verify", "mod why", "mod vendor",
     "work sync", "work vendor"}
)  # fmt: skip


def may_fetch(run: GoRun) -> bool:
    """The command may download modules: it resolves them in module mode (or a mode that
    cannot be told) and is not served by a vendor directory."""
    go = run.go
    if not go.resolves_modules or run.mode is ModuleMode.GOPATH:
        return False
    return not run.vendored or go.versioned or go.verb in IGNORES_VENDOR


def _run_state(model: DockerfileModel, step: Step) -> tuple[State, bool]:
    """The state a step's go commands see, and whether ARG values reach them."""
    if step.instruction.keyword in ("CMD", "ENTRYPOINT") and 0 <= step.stage < len(model.stages):
        return model.stages[step.stage].final, False
    return step.before, True


def go_setting(
    model: DockerfileModel,
    step: Step,
    run: GoRun,
    name: str,
    files: EnvFiles = _NO_FILES,
) -> Setting | None:
    """Where the value of ``name`` that ``run`` sees comes from; None when it is unset (an
    empty value counts as unset, as go reads it). ``files`` holds the go env files written so
    far (see :func:`env_writes`); they are consulted when the environment leaves ``name``
    unset."""
    found = _from_environment(model, step, run, name)
    if found is not None and found.value:
        return found
    if not files:
        return None
    return _from_file(files, env_file(model, step, run), name)


def _from_environment(model: DockerfileModel, step: Step, run: GoRun, name: str) -> Setting | None:
    """The setting from the process environment; a Setting with an empty value when the
    environment has the variable empty (go then reads its env file); None when unset."""
    state, build = _run_state(model, step)
    command = run.go.command
    inherited: str | None = None
    if not command.env_reset:
        inherited = state.env.get(name)
        if inherited is None and build:
            inherited = state.args.get(name)
    value = command.env_value(name)
    if value is not None and value != inherited:
        keyword = step.instruction.keyword
        return Setting(name, value, How.RUN, run.line, step.instruction.span, keyword)
    if command.env_reset:
        return None
    if name in state.env:
        value = state.env[name]
        line = state.env_lines.get(name, 0)
        if not line:
            return Setting(name, value, How.IMAGE, 0, step.instruction.span)
        instruction = model.instruction_at(line)
        span = instruction.span if instruction is not None else step.instruction.span
        return Setting(name, value, How.ENV, line, span)
    if build and name in state.args:
        line = _arg_line(model, step, name)
        instruction = model.instruction_at(line) if line else None
        span = instruction.span if instruction is not None else step.instruction.span
        return Setting(name, state.args[name], How.ARG, line or step.line, span)
    return None


def _arg_line(model: DockerfileModel, step: Step, name: str) -> int:
    """The ARG instruction whose default gives ``name`` its value at ``step`` (0: not found).
    An ``ARG NAME`` without a default takes the global ARG's (before the first FROM)."""
    if not 0 <= step.stage < len(model.stages):
        return 0
    found = 0
    for other in model.stages[step.stage].steps:
        if other.line >= step.line:
            break
        if other.instruction.keyword != "ARG":
            continue
        for arg, default in arg_pairs(other.instruction.value):
            if arg != name:
                continue
            found = other.line
            if default is None and name in model.global_args:
                found = _global_arg_line(model, name) or other.line
    return found


def _global_arg_line(model: DockerfileModel, name: str) -> int:
    found = 0
    for instruction in model.parsed.instructions:
        if instruction.keyword == "FROM":
            break
        if instruction.keyword == "ARG":
            for arg, default in arg_pairs(instruction.value):
                if arg == name and default is not None:
                    found = instruction.span.line
    return found


def _from_file(files: EnvFiles, path: str | None, name: str) -> Setting | None:
    if path is None or not files:
        return None
    setting = files.get(path, {}).get(name)
    return setting if setting is not None and setting.value else None


def env_file(model: DockerfileModel, step: Step, run: GoRun) -> str | None:
    """The go env file ``run`` reads and ``go env -w`` writes: ``$GOENV``, else
    ``$XDG_CONFIG_HOME/go/env``, else ``$HOME/.config/go/env``. None with ``GOENV=off``; ""
    when HOME cannot be told (commands whose file is unknown share that key)."""
    goenv = _from_environment(model, step, run, "GOENV")
    if goenv is not None and goenv.value:
        return None if goenv.value == "off" else goenv.value
    config = _from_environment(model, step, run, "XDG_CONFIG_HOME")
    return _config_file(None if config is None else config.value, run.env.home)


def _config_file(config_home: str | None, home: str | None) -> str:
    if config_home:
        return config_home.rstrip("/") + "/go/env"
    if home:
        return home.rstrip("/") + "/.config/go/env"
    return ""


def env_writes(run: GoRun) -> tuple[tuple[str, str], ...]:
    """What a ``go env -w NAME=value …`` (or ``go env -u NAME …``) writes into go's env file:
    (name, value) pairs, "" for a removed variable. Empty for any other command."""
    go = run.go
    if go.verb != "env":
        return ()
    if go.flag("w") == "true":
        pairs: list[tuple[str, str]] = []
        for operand in go.operands:
            name, eq, value = operand.partition("=")
            if eq and name:
                pairs.append((name, value))
        return tuple(pairs)
    if go.flag("u") == "true":
        return tuple((operand, "") for operand in go.operands if operand)
    return ()


def with_env_writes(model: DockerfileModel, step: Step, run: GoRun, files: EnvFiles) -> EnvFiles:
    """``files`` after ``run`` changed go's env file (``go env -w`` / ``go env -u``);
    ``files`` itself when it changed nothing."""
    writes = env_writes(run)
    if not writes:
        return files
    path = env_file(model, step, run)
    if path is None:
        return files
    current = dict(files.get(path, {}))
    for name, value in writes:
        current[name] = Setting(name, value, How.GO_ENV_W, run.line, step.instruction.span)
    return MappingProxyType({**files, path: MappingProxyType(current)})


def image_setting(
    model: DockerfileModel, stage: Stage, name: str, files: EnvFiles = _NO_FILES
) -> Setting | None:
    """Where the value of ``name`` comes from for a go command run in a container of
    ``stage`` (its final ENV, else the go env file of its final user); None when unset."""
    state = stage.final
    value = state.env.get(name)
    if value:
        line = state.env_lines.get(name, 0)
        instruction = model.instruction_at(line) if line else None
        if instruction is None:
            return Setting(name, value, How.IMAGE, 0, stage.steps[0].instruction.span)
        return Setting(name, value, How.ENV, line, instruction.span)
    goenv = state.env.get("GOENV")
    if goenv == "off":
        return None
    if goenv:
        path = goenv
    else:
        home = state.go(build=False).home
        path = _config_file(state.env.get("XDG_CONFIG_HOME"), home)
    return _from_file(files, path, name)
