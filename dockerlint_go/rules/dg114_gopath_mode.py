"""## What it does
Finds go commands that run in GOPATH mode, where go ignores go.mod and go.sum, and reports
the place that puts them there:

- **`GO111MODULE=off`** from an `ENV`, an `ARG` default, a `VAR=value` prefix of the go
  command or an `export` earlier in the same `RUN`: the finding sits on that `ENV`, `ARG` or
  `RUN`, and names every go command the setting reaches;
- **`GO111MODULE` unset or `auto` on Go 1.11 or 1.12** (known from the image tag or
  `GOLANG_VERSION`) inside `$GOPATH/src`: those releases use GOPATH mode there even next to
  a go.mod. The finding sits on the first go command of the stage that runs in GOPATH mode;
- **a Go release older than 1.11**, which knows no modules at all (same place).

The severity follows what happens:

- **error** when the command cannot work in GOPATH mode: `go get` on Go 1.22 or later (go
  no longer runs it in GOPATH mode), `go install pkg@version` / `go get pkg@version` (`cannot
  use path@version syntax in GOPATH mode`), and, with `GO111MODULE=off`, any `go mod` or `go
  work` command (`go: modules disabled by GO111MODULE=off`);
- **warning** when a go.mod is known to be there, at or above the command's directory: a
  `COPY` names it, the build context sends it, or `go mod init` wrote it;
- **info** when it only may be there (a directory copied without a readable build context,
  a `git clone`, a copy from another stage); when the context sends `vendor/modules.txt` next
  to it and the command runs inside `$GOPATH/src`, where GOPATH mode still reads `vendor/`;
  and when no go.mod is in sight at all: then the project predates modules, and the finding
  suggests pinning its dependencies with one.

It stays silent for commands that do not load packages (`go version`, `go env`, `go fmt`),
where the mode cannot be told (an unknown Go release and no go.mod in sight), and for a
command outside every module when a go.mod sits elsewhere in the image or the context
(installing a tool GOPATH-style before Go 1.22 is not what this rule is about). A
`GO111MODULE=on` prefix on a command overrides an `ENV GO111MODULE=off` for that command.
`go install pkg@version` run in a stage that does not set `GO111MODULE=off` uses module mode
on Go 1.16 and later, whatever the directory, and is not reported.

DG119 (`go-get-install`) reports a `go get` that installs a command; a `go get` on Go 1.22 or
later in GOPATH mode is reported by both rules, by this one on the setting and by DG119 on
the command: the same edit (module mode and `go install pkg@version`) clears both. No
hadolint or BuildKit check looks at `GO111MODULE`.

## Why is this bad?
In GOPATH mode go.mod and go.sum are not read: imports are looked up in `$GOPATH/src`, and
up to Go 1.21 `go get` fetches the newest revision of every import there. Two builds of the
same commit can then compile different dependency code, none of it checked against go.sum,
and the versions the module was tested with (and its `replace` lines) play no part. From Go
1.22 on, `go get` refuses to run in GOPATH mode, so such a Dockerfile stops building as soon
as the base image moves. `GO111MODULE=off` is usually a leftover from the migration to
modules, copied along long after the project gained a go.mod.

## Example
```dockerfile
FROM golang:1.15
ENV GO111MODULE=off
WORKDIR /go/src/example.com/app
COPY go.mod go.sum ./
COPY . .
RUN go get -d ./... && go build -o /out/app .
```

## Use instead
```dockerfile
FROM golang:1.15
ENV GO111MODULE=on
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN go build -o /out/app .
```

On Go 1.16 and later, remove `GO111MODULE` altogether: module mode is the default.

## References
- [Go modules reference: module-aware commands and GO111MODULE](https://go.dev/ref/mod#mod-commands)
- [Go 1.16 release notes: module mode by default](https://go.dev/doc/go1.16#modules)
- [Go 1.22 release notes: `go get` no longer supported in GOPATH mode](https://go.dev/doc/go1.22#go-command)
- [GOPATH and modules](https://go.dev/wiki/GOPATH)
"""

from __future__ import annotations

from collections.abc import Iterator

from dockerlint_go.findings import Severity
from dockerlint_go.model.fs import is_at_or_below
from dockerlint_go.model.goenv import Origin
from dockerlint_go.model.modules import MarkSource, Module, ModuleMode
from dockerlint_go.model.span import Span
from dockerlint_go.model.stages import DockerfileModel, GoRun, Stage, Step
from dockerlint_go.model.words import arg_pairs, env_pairs
from dockerlint_go.record import Record
from dockerlint_go.rules._rule import Hit, Rule, other_lines

_NAME = "GO111MODULE"
# What each kind of finding costs: the command fails, go.mod is ignored, or it may be.
_FAILS = frozenset({"modcmd", "versioned", "get-refused"})
_VERBS_SKIPPED = frozenset({"clean", "tool"})
_CERTAIN = (MarkSource.CONTEXT, MarkSource.INIT)


class _Verdict(Record):
    """One go command that runs in GOPATH mode, and what that does to it."""

    run: GoRun
    step: Step
    kind: str  # modcmd, versioned, get-refused, ignored, vendored, maybe, no-module
    severity: Severity
    gomod_line: int = 0  # the step that brought the go.mod, when one is known or may be there


class _Place(Record):
    """Where GOPATH mode comes from: the instruction the finding sits on, in words."""

    key: tuple[str, int]
    span: Span
    who: str  # "ENV at line 3 sets GO111MODULE=off"; "" when the Go release or auto decides
    where: str = ""  # "the ENV at line 3": what the fix edits


class _Seen(Record):
    """What ``check`` has already looked up, so that a file with thousands of go commands is
    not rescanned once per command."""

    args: dict[int, tuple[tuple[int, Span, bool], ...]]  # stage -> its ARG GO111MODULE lines
    exports: dict[int, bool]  # RUN line -> it exports GO111MODULE


def check(model: DockerfileModel) -> Iterator[Hit]:
    groups: dict[tuple[str, int], tuple[_Place, list[_Verdict]]] = {}
    seen = _Seen({}, {})
    for stage in model.stages:
        for step in stage.steps:
            for run in step.go:
                verdict = _judge(model, step, run)
                if verdict is None:
                    continue
                place = _place(model, stage, step, run, seen)
                if place.key not in groups:
                    groups[place.key] = (place, [])
                groups[place.key][1].append(verdict)
    for place, verdicts in groups.values():
        yield _hit(place, verdicts)


# --------------------------------------------------------------------------------------------
# Each command


def _setting(run: GoRun) -> str:
    return (run.env.go111module or "").strip().lower()


def _judge(model: DockerfileModel, step: Step, run: GoRun) -> _Verdict | None:
    if run.mode is not ModuleMode.GOPATH:
        return None
    go = run.go
    verb = go.verb
    off = _setting(run) == "off"
    image = step.before.go_image
    if verb.startswith(("mod ", "work ")):
        if off and not (verb == "mod edit" and go.operands):
            return _Verdict(run, step, "modcmd", Severity.ERROR)
        return None  # auto: go mod commands force module mode (or fail for their own reasons)
    if not go.resolves_modules or verb in _VERBS_SKIPPED:
        return None
    versioned = go.versioned or (verb == "get" and any("@" in op for op in go.operands))
    if versioned:
        if off or image.at_least(11):
            return _Verdict(run, step, "versioned", Severity.ERROR)
        return None
    if verb == "get" and image.at_least(22):
        return _Verdict(run, step, "get-refused", Severity.ERROR)
    module = run.module
    if module is None:
        if _gomod_elsewhere(model, step):
            return None  # a go.mod elsewhere: this command is outside it
        return _Verdict(run, step, "no-module", Severity.INFO)
    line = _known_gomod(step, module)
    if not line:
        return _Verdict(run, step, "maybe", Severity.INFO, module.line)
    if module.vendor and _inside_gopath_src(run):
        return _Verdict(run, step, "vendored", Severity.INFO, line)
    return _Verdict(run, step, "ignored", Severity.WARNING, line)


def _gomod_elsewhere(model: DockerfileModel, step: Step) -> bool:
    """A go.mod is (or may be) somewhere in the image or at the root of the context."""
    context = model.context
    if context is not None and context.has_file("go.mod"):
        return True
    for mark in step.before.marks:
        if not mark.tree or mark.ctx_dir is None or context is None:
            return True  # go.mod named, written by go mod init, or a copy that may bring one
        if context.has_file(f"{mark.ctx_dir}/go.mod" if mark.ctx_dir else "go.mod"):
            return True
    return False


def _known_gomod(step: Step, module: Module) -> int:
    """The line of the step known to have put go.mod in the module's directory (0: it only
    may have): a COPY that names it, the build context, or ``go mod init``."""
    if module.source in _CERTAIN:
        return module.line
    for mark in reversed(step.before.marks):
        if not mark.tree and mark.dir == module.dir and mark.source in _CERTAIN:
            return mark.line
    return 0


def _inside_gopath_src(run: GoRun) -> bool:
    gopath = run.env.gopath
    if gopath is None or run.cwd is None:
        return False
    return is_at_or_below(run.cwd, gopath.rstrip("/") + "/src")


# --------------------------------------------------------------------------------------------
# Where the setting is made


def _place(model: DockerfileModel, stage: Stage, step: Step, run: GoRun, seen: _Seen) -> _Place:
    env = run.env
    if _setting(run) != "off":
        return _Place(("stage", stage.index), step.instruction.span, "")
    raw = (env.go111module or "").strip()
    origin = env.go111module_origin
    if origin is Origin.COMMAND:
        keyword = step.instruction.keyword
        where = f"the {keyword} at line {step.line}"
        if step.line not in seen.exports:
            seen.exports[step.line] = _exported(step)
        if seen.exports[step.line]:
            who = f"`export {_NAME}={raw}` in the {keyword} at line {step.line}"
        else:
            who = f"the `{_NAME}={raw}` prefix at line {run.line}"
        return _Place(("step", step.line), step.instruction.span, who, where)
    if origin is Origin.DOCKERFILE and env.go111module_line:
        line = env.go111module_line
        ins = model.instruction_at(line)
        if ins is not None:
            written = next((v for n, v in env_pairs(ins.value) if n == _NAME), raw)
            source = f" (from `{written.strip()}`)" if written.strip() != raw else ""
            who = f"ENV at line {line} sets {_NAME}={raw}{source}"
            return _Place(("line", line), ins.span, who, f"the ENV at line {line}")
    if origin is Origin.DOCKERFILE:
        found = _arg_default(model, stage, step, seen)
        if found is not None:
            line, span = found
            who = f"ARG at line {line} gives {_NAME} the value {raw}"
            return _Place(("line", line), span, who, f"the ARG at line {line}")
    who = f"the base image sets {_NAME}={raw}" if origin is Origin.IMAGE else f"{_NAME}={raw}"
    return _Place(("stage", stage.index), step.instruction.span, who, "the environment")


def _exported(step: Step) -> bool:
    """The RUN exports GO111MODULE (rather than setting it as a prefix of the command)."""
    for text in step.instruction.original.split("\n"):
        if _NAME in text and ("export" in text or "declare -x" in text):
            return True
    return False


def _arg_default(
    model: DockerfileModel, stage: Stage, step: Step, seen: _Seen
) -> tuple[int, Span] | None:
    """The ARG whose default gives GO111MODULE its value: the last declaration in the stage
    before ``step``, or the global ARG it takes its value from."""
    declared: tuple[int, Span, bool] | None = None
    if stage.index not in seen.args:
        seen.args[stage.index] = _arg_declarations(stage)
    for line, span, has_default in seen.args[stage.index]:
        if line >= step.line:
            break
        declared = (line, span, has_default)
    if declared is None:
        return None
    if declared[2]:
        return declared[0], declared[1]
    for ins in model.parsed.instructions:
        if ins.keyword == "FROM":
            break
        if ins.keyword == "ARG" and any(
            name == _NAME and default is not None for name, default in arg_pairs(ins.value)
        ):
            return ins.span.line, ins.span
    return declared[0], declared[1]


def _arg_declarations(stage: Stage) -> tuple[tuple[int, Span, bool], ...]:
    """The stage's ARG declarations of GO111MODULE: (line, span, has a default)."""
    found: list[tuple[int, Span, bool]] = []
    for other in stage.steps:
        ins = other.instruction
        if ins.keyword == "ARG" and _NAME in ins.value:
            for name, default in arg_pairs(ins.value):
                if name == _NAME:
                    found.append((ins.span.line, ins.span, default is not None))
    return tuple(found)


def _why(run: GoRun, step: Step) -> str:
    """Why the command runs in GOPATH mode, when GO111MODULE=off does not say it."""
    image = step.before.go_image
    setting = _setting(run)
    state = f"{_NAME}={setting}" if setting else f"{_NAME} unset"
    if image.at_least(11) is False:
        return f"{image.label} predates modules"
    if image.at_least(13) is False and run.module is not None:
        gopath = (run.env.gopath or "$GOPATH").rstrip("/")
        return f"{image.label} with {state} uses GOPATH mode inside {gopath}/src"
    return f"{image.label} with {state} uses GOPATH mode where no go.mod is found"


# --------------------------------------------------------------------------------------------
# The finding


def _hit(place: _Place, verdicts: list[_Verdict]) -> Hit:
    main = max(verdicts, key=lambda v: v.severity.rank)  # the first of the worst
    run = main.run
    also = other_lines((v.run.line for v in verdicts), run.line)
    several = also.startswith("lines")
    others = f"go command{'s' if several else ''} at {also}"
    if place.who:
        lead = f"{place.who}, so "
        tail = f" (the setting also reaches the {others})" if also else ""
    else:
        lead = f"{_why(run, main.step)}: "
        tail = f" (as do{'' if several else 'es'} the {others})" if also else ""
    message = f"{lead}{run.display} at line {run.line} {_consequence(main)}{tail}"
    return Hit(place.span, message, main.severity, _fix(place, main))


def _gomod_text(verdict: _Verdict) -> str:
    module = verdict.run.module
    if module is None:
        return "go.mod"
    path = "go.mod" if module.dir == "/" else f"{module.dir}/go.mod"
    if module.source is MarkSource.INIT and module.line == verdict.gomod_line:
        return f"{path} (written by `go mod init` at line {verdict.gomod_line})"
    return f"{path} (copied at line {verdict.gomod_line})"


def _consequence(verdict: _Verdict) -> str:
    run = verdict.run
    kind = verdict.kind
    image = verdict.step.before.go_image
    if kind == "modcmd":
        return (
            "fails: module commands refuse to run with modules disabled ('go: modules "
            "disabled by GO111MODULE=off; see 'go help modules'')"
        )
    if kind == "versioned":
        return (
            "runs in GOPATH mode, which cannot resolve `pkg@version`: it fails ('cannot use "
            "path@version syntax in GOPATH mode')"
        )
    if kind == "get-refused":
        return (
            f"runs `go get` in GOPATH mode, which {image.label} refuses (Go 1.22 and later "
            "run `go get` only in module mode): the step fails"
        )
    fetches = (
        "and `go get` fetches the newest revision of every import, so two builds of the same "
        "commit can differ"
    )
    if kind == "no-module":
        return (
            "runs in GOPATH mode with no go.mod in sight, so nothing pins the dependencies: "
            f"they are whatever revision sits in $GOPATH/src, {fetches}"
        )
    if kind == "maybe":
        module = run.module
        where = module.source.value if module is not None else "a copy"
        return (
            f"runs in GOPATH mode in {run.cwd}, where {where} (line {verdict.gomod_line}) may "
            "have put a go.mod: if it did, go.mod and go.sum are ignored, imports come from "
            f"$GOPATH/src at whatever revision is there, {fetches}"
        )
    gomod = _gomod_text(verdict)
    if kind == "vendored":
        return (
            f"runs in GOPATH mode and ignores {gomod} with its go.sum: vendor/ still supplies the "
            "dependencies, but go.mod's requirements and replacements are not applied or "
            "checked"
        )
    if run.go.verb == "get":
        return (
            f"runs in GOPATH mode and ignores {gomod} with its go.sum: it fetches the newest "
            "revision of every import into $GOPATH/src instead of the versions go.mod pins, "
            "so two builds of the same commit can differ"
        )
    return (
        f"runs in GOPATH mode and ignores {gomod} with its go.sum: imports are looked up in "
        "$GOPATH/src, not at the versions go.mod pins and go.sum checks"
    )


def _fix(place: _Place, verdict: _Verdict) -> str:
    image = verdict.step.before.go_image
    tool = ""
    go = verdict.run.go
    remote = any("." in op.split("/", 1)[0] and op[:1] not in "./-" for op in go.operands)
    if (go.verb == "get" and remote) or verdict.kind == "versioned":
        tool = "; install commands with `go install pkg@version` (Go 1.16 and later)"
    old = image.at_least(11) is False
    newer = "build with a Go release that knows modules (e.g. `FROM golang:1.22`)"
    if verdict.kind == "no-module":
        steps = [
            "Make the project a module (`go mod init <module path>`, then `go mod tidy`; "
            "commit go.mod and go.sum, and copy both before the first go command)"
        ]
        if place.who:
            steps.append(f"remove {_NAME}=off from {place.where}")
        if old:
            steps.append(newer)
        return ", ".join(steps[:-1]) + (" and " if len(steps) > 1 else "") + steps[-1] + tool + "."
    if place.who:
        if image.at_least(16):
            default = f": {image.label} builds in module mode by default"
        else:
            default = (
                f" and set {_NAME}=on (Go 1.11 to 1.15 use module mode only where they find a "
                "go.mod, and 1.11 and 1.12 never inside $GOPATH/src)"
            )
        return f"Remove {_NAME}=off from {place.where}{default}{tool}."
    if old:
        return f"{newer[0].upper()}{newer[1:]}: Go 1.16 and later use module mode by default{tool}."
    return (
        f"Set `ENV {_NAME}=on` before the first go command, or build outside $GOPATH/src "
        f"(e.g. `WORKDIR /src`): Go 1.11 and 1.12 ignore go.mod inside $GOPATH/src{tool}."
    )


RULE = Rule(
    code="DG114",
    name="gopath-mode",
    severity=Severity.WARNING,
    summary="A go command runs in GOPATH mode, where go.mod and go.sum are ignored.",
    doc=__doc__ or "",
    check=check,
)
