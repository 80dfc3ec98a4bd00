"""## What it does
Finds `go get <package>` used to install a command, which stopped working in Go 1.18: since
then `go get` only manages the requirements in go.mod and never builds or installs a binary.
The finding sits on the instruction that runs `go get`:

- **outside a module** (no go.mod at or above the command's directory, in module mode) the
  command fails: `go: go.mod file not found in current directory or any parent directory.
  'go get' is no longer supported outside a module.`;
- **inside a module** it succeeds but only adds a requirement to go.mod. The rule fires there
  only when the image clearly wants the binary: a later command runs a program of that name
  (in the same `RUN`, a later step, `CMD`/`ENTRYPOINT`, or a stage built on this one), or a
  `COPY --from` takes a file of that name from this stage. A `go get` of a package under a
  `/cmd/` directory with no such use and no later `go install`/`go build`/`go run` of it is a
  **warning** (it may be recording a tool requirement on purpose);
- **in GOPATH mode** (`GO111MODULE=off`, or `auto` where no go.mod is found; see DG114)
  `go get` still installs up to Go 1.21 and the rule is silent; Go 1.22 and later refuse
  `go get` in GOPATH mode, and the step fails.

When the command's directory cannot be told (a `cd` to a variable the file does not set), it
is judged as if it were inside a module: either way the binary is not installed.

The severity is **error** when the stage's Go release is known to be 1.18 or later (or 1.22
or later in GOPATH mode) and **warning** when the release cannot be told (an unknown base
image): every supported Go release behaves this way. On Go 1.17 and earlier `go get` still
installs (from 1.16 with a deprecation notice) and the rule is silent; so it is for a
`/cmd/` package without a later use when the Go release is unknown. It also stays silent for
`go get -d`, for `go get` without a remote package (`go get ./...`, `go get -u`), and, inside
a module, when nothing shows that the binary is wanted.

hadolint's DL3062 asks for a version on `go get`, `go install` and `go run` packages: it is
satisfied by `go get example.com/tool@v1.2.3`, which still installs nothing. The fix this
rule gives, `go install example.com/tool@v1.2.3`, satisfies both, so neither reports it again.

## Why is this bad?
Dockerfiles written before Go 1.18 installed tools with `go get github.com/x/tool`. On a
current `golang` image the same line either stops the build (outside a module) or leaves no
binary behind (inside one), and the failure shows up later, at the first use of the tool
(`swag: not found`), far from its cause. It also edits go.mod inside the image, so the build
no longer compiles exactly the module that was committed.

## Example
```dockerfile
FROM golang:1.22
RUN go get github.com/swaggo/swag/cmd/swag
WORKDIR /src
COPY . .
RUN swag init && go build -o /out/app .
```

## Use instead
```dockerfile
FROM golang:1.22
RUN go install github.com/swaggo/swag/cmd/swag@v1.16.3
WORKDIR /src
COPY . .
RUN swag init && go build -o /out/app .
```

To keep the tool's version in go.mod instead, record it there (`go get -tool` on Go 1.24,
or a `tools.go` file) and run `go install example.com/tool` (without a version) inside the
module.

`--fix` rewrites the command as `go install`, only with `--unsafe-fixes` since the release it
installs can change: `go get -u example.com/tool` becomes `go install example.com/tool@latest`,
`go get example.com/tool@v1.2.3` becomes `go install example.com/tool@v1.2.3`, `-v` and `-x`
are kept, and several packages become one `go install` each, joined with `&&`. A rewrite to
`@latest` of a `go get` that named no version and no `-u` would add DG118's finding, so the
fixer refuses it while DG118 is enabled: write the release by hand there. No fix is offered when
a word holds a variable or quotes, for flags `go install` has no counterpart for (`-d`, `-t`,
`-insecure`, `-u=patch`, build flags), when the command is not written in one piece on one
line, when several packages follow a `VAR=value` prefix, a wrapper or a pipe, or in GOPATH mode.

## References
- [Go 1.18 release notes: `go get` no longer builds or installs packages](https://go.dev/doc/go1.18#go-get)
- [Deprecation of `go get` for installing executables](https://go.dev/doc/go-get-install-deprecation)
- [Go modules reference: go install](https://go.dev/ref/mod#go-install)
- [Go 1.22 release notes: `go get` no longer supported in GOPATH mode](https://go.dev/doc/go1.22#go-command)
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from dockerlint_go.findings import Severity
from dockerlint_go.fixes import Applicability, Edit, Fix
from dockerlint_go.model.instructions import Instruction
from dockerlint_go.model.modules import ModuleMode
from dockerlint_go.model.span import Span
from dockerlint_go.model.stages import DockerfileModel, GoRun, Step
from dockerlint_go.model.stepfacts import go_dir
from dockerlint_go.record import Record
from dockerlint_go.rules._rule import Hit, Rule

_FALSE = frozenset({"false", "0", "f", "F", "FALSE", "False"})
_BUILDERS = frozenset({"install", "build", "run"})


def check(model: DockerfileModel) -> Iterator[Hit]:
    index: _Index | None = None
    for stage in model.stages:
        for step in stage.steps:
            if not any(run.go.verb == "get" for run in step.go):
                continue
            numbers = {id(command): n for n, command in enumerate(step.commands)}
            for run in step.go:
                if run.go.verb != "get":
                    continue
                if index is None:
                    index = _index(model)
                here = (step.line, numbers.get(id(run.go.command), 0))
                hit = _judge(index, step, run, here, model.parsed.lines)
                if hit is not None:
                    yield hit


def _remote(operand: str) -> bool:
    """A package path of another module (``example.com/x/cmd/y[@v]``), not a local pattern."""
    path = operand.split("@", 1)[0]
    if not path or path.startswith((".", "/", "-")) or "$" in path:
        return False
    return "." in path.split("/", 1)[0]


def _binary(operand: str) -> str:
    """The name ``go install`` gives the package's binary (``…/cmd/swag`` -> ``swag``,
    ``…/tool/v2`` -> ``tool``)."""
    elements = [e for e in operand.split("@", 1)[0].split("/") if e]
    last = elements[-1] if elements else ""
    if len(elements) > 1 and last[:1] == "v" and last[1:].isdigit() and int(last[1:]) >= 2:
        last = elements[-2]
    return last


def _judge(
    index: _Index, step: Step, run: GoRun, here: _Position, lines: Sequence[str]
) -> Hit | None:
    go = run.go
    download_only = go.flag("d")
    if download_only is not None and download_only not in _FALSE:
        return None
    packages = [op for op in go.operands if _remote(op)]
    if not packages:
        return None
    image = step.before.go_image
    command = f"{run.display} at line {run.line}"
    fix = _fix(packages, inside=run.module is not None)
    if run.mode is ModuleMode.GOPATH:
        if not image.at_least(22):
            return None  # GOPATH mode still installs up to Go 1.21
        message = (
            f"{command} runs in GOPATH mode ({run.mode_reason}) on {image.label}, and Go 1.22 "
            "and later no longer run `go get` there: the step fails and nothing is installed"
        )
        fix = (
            f"Build in module mode (drop what gives GOPATH mode: {run.mode_reason}; see DG114), "
            f"then {fix[0].lower()}{fix[1:]}"
        )
        return Hit(step.instruction.span, message, Severity.ERROR, fix)
    recent = image.at_least(18)
    if recent is False:
        return None  # up to Go 1.17 go get still installs (1.16 and 1.17 warn)
    autofix = _autofix(step.instruction, lines, run.go.command.argv)
    severity = Severity.ERROR if recent else Severity.WARNING
    since = f"on {image.label}"
    if not recent:
        since += " (if it is Go 1.18 or later, as every supported release is)"
    where = go_dir(go, run.cwd)
    if run.module is None and where is not None:
        message = (
            f"{command} runs outside any module (no go.mod at or above {where}) {since}: go "
            "refuses ('go: go.mod file not found in current directory or any parent "
            "directory. 'go get' is no longer supported outside a module.'), so the step "
            "fails and nothing is installed"
        )
        return Hit(step.instruction.span, message, severity, fix, autofix)
    wanted = [p for p in packages if not _built_later(index, step.stage, here, p)]
    if not wanted:
        return None  # recorded in go.mod, then built from it: a tool requirement on purpose
    if run.module is not None:
        effect = (
            f"runs inside the module at {run.module.dir} {since}, where `go get` only "
            "records {pkg} in go.mod and installs nothing"
        )
    else:
        effect = (
            f"runs in a directory the file does not tell {since}: outside a module it fails, "
            "and inside one `go get` only records {pkg} in go.mod and installs nothing"
        )
    names = {_binary(p): p for p in wanted if _binary(p) not in ("", "go")}
    use = _first_use(index, step.stage, here, names)
    if use is not None:
        name, what = use
        message = f"{command} {effect.format(pkg=names[name])}: {what} finds no `{name}` binary"
        return Hit(step.instruction.span, message, severity, fix, autofix)
    if not recent:
        return None
    commands = [p for p in wanted if "/cmd/" in "/" + p.split("@", 1)[0] + "/"]
    if not commands:
        return None
    message = (
        f"{command} {effect.format(pkg=commands[0])}, and {commands[0]} is a command "
        f"package: if the image needs the `{_binary(commands[0])}` binary, it is not there"
    )
    return Hit(step.instruction.span, message, Severity.WARNING, fix, autofix)


def _fix(packages: list[str], *, inside: bool) -> str:
    installs = " && ".join(f"go install {p if '@' in p else p + '@<version>'}" for p in packages)
    text = f"Install with `{installs}` (a release of the tool, not @latest)"
    if inside:
        text += (
            "; it ignores the current module. To take the version from go.mod instead, run "
            "`go install` without a version after the requirement is recorded"
        )
    return text + "."


# --fix: `go get` rewritten as `go install pkg@version`, one `go install` per package (go
# refuses several packages of different modules in one `go install pkg@version`).

# A word the shell takes as written: no quotes, variables, globs, escapes or tilde.
_PLAIN = re.compile(r"[A-Za-z0-9_./@:+-]+")
_KEPT_FLAGS = frozenset({"-v", "-x"})  # the same meaning for go install
_DROPPED_FLAGS = frozenset({"-u"})  # dependency upgrades: go install uses the tool's go.mod
# Versions go install does not take: a removal, and queries relative to the main module.
_NOT_INSTALLABLE = frozenset({"none", "upgrade", "patch"})
# What may precede or follow a command the fix turns into `a && b` without changing what
# runs (a `VAR=x` prefix, `sudo`, `|`, `||` or `!` before it would apply to the first only).
_SEPARATED_BEFORE = re.compile(r"(?:^|&&|;|\n|[({]|(?:^|[\s;&|(){}])(?:then|do|else))$")
_SEPARATED_AFTER = re.compile(r"(?:$|&&|\|\||;|\n|[)}]|#)")


def _installs(argv: Sequence[str]) -> list[str] | None:
    """The `go install` commands that do what `argv` (a `go get`) was meant to; None when a
    word is not plain or a flag has no `go install` equivalent."""
    if len(argv) < 3 or argv[1] != "get" or not all(_PLAIN.fullmatch(w) for w in argv):
        return None
    flags: list[str] = []
    packages: list[str] = []
    for word in argv[2:]:
        if word.startswith("-"):
            if packages:
                return None  # go reads it as a package: not what was meant
            if word in _KEPT_FLAGS:
                flags.append(word)
            elif word not in _DROPPED_FLAGS:
                return None  # -d, -t, -insecure, build flags…
            continue
        if not _remote(word):
            return None
        path, at, version = word.partition("@")
        if at and (not version or version.lower() in _NOT_INSTALLABLE):
            return None
        packages.append(f"{path}@{version if at else 'latest'}")
    head = " ".join([argv[0], "install", *dict.fromkeys(flags)])
    return [f"{head} {package}" for package in packages] or None


def _command_pattern(argv: Sequence[str]) -> re.Pattern[str]:
    """The command written as `argv`, as a whole on one line, its words apart by blanks."""
    words = r"[ \t]+".join(re.escape(w) for w in argv)
    return re.compile(rf"(?<![^\s;&|(){{}}]){words}(?=[\s;&|)}}]|$)")


def _autofix(instruction: Instruction, lines: Sequence[str], argv: Sequence[str]) -> Fix | None:
    """Rewrite the `go get` where it is written, when it is written once, in plain words, on
    one line of the instruction."""
    installs = _installs(argv)
    if installs is None:
        return None
    pattern = _command_pattern(argv)
    script = "\n".join([instruction.value, *(h.body for h in instruction.heredocs)])
    found = list(pattern.finditer(script))
    if len(found) != 1:
        return None
    if len(installs) > 1:
        before = script[: found[0].start()].rstrip(" \t")
        after = script[found[0].end() :].lstrip(" \t")
        if before.endswith("\\\n") or not _SEPARATED_BEFORE.search(before):
            return None
        if not _SEPARATED_AFTER.match(after):
            return None
    span = instruction.span
    where: list[Span] = []
    for number in range(span.line, min(span.end_line, len(lines)) + 1):
        text = lines[number - 1]
        if number == span.end_line:
            text = text[: span.end_column - 1]
        if number > span.line and text.lstrip().startswith("#"):
            continue  # a comment line inside a continuation (or of a heredoc script)
        start = span.column - 1 if number == span.line else 0
        for match in pattern.finditer(text, start):
            where.append(Span(number, match.start() + 1, number, match.end() + 1))
    if len(where) != 1:
        return None
    new = " && ".join(installs)
    title = f"Replace `go get` with `{new}`"
    return Fix(title, (Edit(where[0], new),), Applicability.UNSAFE)


# Where a command sits: (instruction line, index of the command in the instruction).
_Position = tuple[int, int]


class _Index(Record):
    """Where each program is run and each package is built, indexed once per file (a file
    with thousands of `go get` lines must not be scanned once per line)."""

    # program (or file name taken by a COPY --from) -> (position, stage, the use in words);
    # for a COPY --from the stage is -1 - the stage it copies from.
    programs: dict[str, list[tuple[_Position, int, str]]]
    builds: dict[str, list[tuple[_Position, int]]]  # package path -> go install/build/run
    below: dict[int, frozenset[int]]  # stage -> itself and the stages built on it


def _index(model: DockerfileModel) -> _Index:
    programs: dict[str, list[tuple[_Position, int, str]]] = {}
    builds: dict[str, list[tuple[_Position, int]]] = {}
    below: dict[int, set[int]] = {}
    for stage in model.stages:
        for ancestor in model.lineage(stage):
            below.setdefault(ancestor.index, set()).add(stage.index)
        for step in stage.steps:
            keyword = step.instruction.keyword
            numbers: dict[int, int] = {}
            for number, command in enumerate(step.commands):
                numbers[id(command)] = number
                name = command.program
                if name and name != "go":
                    where = f"`{name}`" + ("" if keyword == "RUN" else f" in the {keyword}")
                    use = f"{where} at line {step.line + command.line}"
                    programs.setdefault(name, []).append(((step.line, number), stage.index, use))
            for run in step.go:
                if run.go.verb in _BUILDERS:
                    position = (step.line, numbers.get(id(run.go.command), 0))
                    for operand in run.go.operands:
                        path = operand.split("@", 1)[0]
                        builds.setdefault(path, []).append((position, stage.index))
            spec = step.copy
            if spec is not None and spec.from_stage is not None:
                for source in spec.sources:
                    name = source.rstrip("/").rsplit("/", 1)[-1]
                    if name:
                        what = f"the COPY --from at line {step.line} (of {source})"
                        entry = ((step.line, 0), -1 - spec.from_stage, what)
                        programs.setdefault(name, []).append(entry)
    frozen = {stage: frozenset(stages) for stage, stages in below.items()}
    return _Index(programs, builds, frozen)


def _later(index: _Index, stage: int, here: _Position, there: _Position, at: int) -> bool:
    """``there`` (in stage ``at``) runs after ``here`` (in ``stage``) and sees its files."""
    below = index.below.get(stage, frozenset())
    if at < 0:  # a COPY --from: it takes files from stage -1 - at
        return there[0] > here[0] and -1 - at in below
    if at == stage:
        return there > here
    return at in below


def _first_use(
    index: _Index, stage: int, here: _Position, names: dict[str, str]
) -> tuple[str, str] | None:
    """The first later use of a binary the `go get` was meant to install: (its name, the use
    in words)."""
    found: tuple[_Position, str, str] | None = None
    for name in names:
        for there, at, what in index.programs.get(name, ()):
            if _later(index, stage, here, there, at) and (found is None or there < found[0]):
                found = (there, name, what)
    return None if found is None else (found[1], found[2])


def _built_later(index: _Index, stage: int, here: _Position, package: str) -> bool:
    """A later go command installs, builds or runs ``package`` itself (a tool recorded in
    go.mod on purpose, then built from it)."""
    path = package.split("@", 1)[0]
    return any(_later(index, stage, here, there, at) for there, at in index.builds.get(path, ()))


RULE = Rule(
    code="DG119",
    name="go-get-install",
    severity=Severity.ERROR,
    summary="`go get` is used to install a command, which it no longer does since Go 1.18.",
    doc=__doc__ or "",
    check=check,
    fixable=Applicability.UNSAFE,
)
