"""Where a variable that a step reads gets its value: the ARG or ENV instruction declaring it.

``Declarations.find`` follows ``$NAME`` in a step back to the ENV that set it last, or to the
ARG of the stage that brought it into scope, and says whether the value is written in the
Dockerfile: an ARG's default (its own, or the one of the ARG of the same name before the first
FROM), an ENV's value, or the variables an ENV's value reads (``ENV TOKEN=$TOKEN``), traced in
turn. A variable from the base image, or one that nothing declares, has no declaration.

Nothing is parsed until a variable is first looked up: most files never need it.
"""

from __future__ import annotations

import functools

from dockerlint_go import TYPE_CHECKING
from dockerlint_go.model.credentials import var_names
from dockerlint_go.model.words import arg_pairs, env_pairs
from dockerlint_go.record import Record, field

if TYPE_CHECKING:
    from dockerlint_go.model.stages import DockerfileModel, Step


class Declaration(Record):
    """An ARG or ENV variable where the Dockerfile declares it."""

    keyword: str  # "ARG" or "ENV"
    name: str
    line: int
    literal: bool  # its value is written in the Dockerfile (without variables in it)
    # An ARG whose default is written in the Dockerfile: the line of that default (this ARG's,
    # or that of the ARG before the first FROM it takes its default from); 0 otherwise.
    default_line: int
    # An ENV: the ARG and ENV variables its value reads, in order (repeats kept).
    sources: tuple[Declaration, ...]


def written_value(value: str | None) -> bool:
    """``value`` is written out in the Dockerfile: not empty and without ``$``."""
    return bool(value and value.strip()) and "$" not in (value or "")


class Declarations(Record, frozen=False):
    """The ARG and ENV declarations of one Dockerfile, looked up on demand and remembered."""

    model: DockerfileModel
    # (line, name) -> its declaration, looked up so far
    found: dict[tuple[int, str], Declaration | None] = field(default_factory=dict)

    @functools.cached_property
    def _steps(self) -> dict[int, Step]:
        return {step.line: step for stage in self.model.stages for step in stage.steps}

    @functools.cached_property
    def _global_args(self) -> dict[str, tuple[int, bool]]:
        """ARGs before the first FROM: name -> (line, a default written in the Dockerfile)."""
        found: dict[str, tuple[int, bool]] = {}
        for ins in self.model.parsed.instructions:
            if ins.keyword == "FROM":
                break
            if ins.keyword == "ARG":
                for name, default in arg_pairs(ins.value):
                    found[name] = (ins.span.line, written_value(default))
        return found

    def step_at(self, line: int) -> Step | None:
        """The step of a stage whose instruction starts at ``line``."""
        return self._steps.get(line)

    def find(self, name: str, step: Step) -> Declaration | None:
        """The ARG or ENV whose value ``$name`` reads in ``step`` (None: the base image's, or
        unset)."""
        state = step.before
        if name in state.env:
            line = state.env_lines.get(name)
            return self.at(line, name) if line else None
        stages = self.model.stages
        if name not in state.args or not 0 <= step.stage < len(stages):
            return None
        for earlier in reversed(stages[step.stage].steps):
            ins = earlier.instruction
            if (
                earlier.line < step.line
                and ins.keyword == "ARG"
                and any(arg == name for arg, _ in arg_pairs(ins.value))
            ):
                return self.at(earlier.line, name)
        return None

    def at(self, line: int, name: str) -> Declaration | None:
        """The ARG or ENV at ``line`` that declares ``name`` (None: no such instruction)."""
        key = (line, name)
        if key in self.found:
            return self.found[key]
        self.found[key] = None  # while it is worked out: ``ENV A=$A`` refers to an earlier one
        step = self.step_at(line)
        keyword = step.instruction.keyword if step is not None else ""
        decl = None
        if step is not None and keyword == "ARG":
            default = dict(arg_pairs(step.instruction.value)).get(name)
            default_line = line if written_value(default) else 0
            if default is None and name in self._global_args:
                global_line, literal = self._global_args[name]
                default_line = global_line if literal else 0
            decl = Declaration("ARG", name, line, default_line != 0, default_line, ())
        elif step is not None and keyword == "ENV":
            raw = dict(env_pairs(step.instruction.value)).get(name, "")
            sources = []
            for ref in var_names(raw):
                source = self.find(ref, step)
                if source is not None:
                    sources.append(source)
            decl = Declaration("ENV", name, line, written_value(raw), 0, tuple(sources))
        self.found[key] = decl
        return decl
