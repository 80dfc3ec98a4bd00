"""## What it does
Finds files brought in by `COPY` or `ADD` without `--chown` that a go command later writes
while running as a non-root user (in the same stage or a stage built `FROM` it), with no
`chown` in between: `go mod tidy` or `go get` rewriting `go.mod`/`go.sum`, `go generate` or
`gofmt -w` rewriting sources, `go build` writing its binary into the copied directory. The
finding sits on the `COPY`.

Copies that nobody writes to are left alone: read-only files are fine, and giving
executables to the app user is not a goal. In GOPATH mode (`GO111MODULE=off`, or Go's own
rules for `auto`) go never writes `go.mod` or `go.sum`, so `go get` there is not reported for
them; binaries and rewritten sources still are.

## Why is this bad?
`COPY` and `ADD` create files owned by root unless `--chown` says otherwise, whatever `USER`
is in effect. Reading them works, but the first write by the app user fails:
`go: updating go.mod: open /app/go.mod: permission denied` (Go 1.19 opens `go.mod` for
writing in `go mod tidy` even when nothing changes).

`--chown` is not always enough: creating a *new* file (a `go build -o app .` output, a
missing `go.sum`) needs a writable directory, and a `WORKDIR` created while root was the user
stays owned by root. BuildKit creates a missing `WORKDIR` owned by the current user; the
classic builder creates it owned by root even after `USER`.

## Example
```dockerfile
FROM golang:1.22
RUN useradd -m app
WORKDIR /home/app/src
COPY . .
USER app
RUN go mod tidy
```

## Use instead
```dockerfile
FROM golang:1.22
RUN useradd -m app
WORKDIR /home/app/src
COPY --chown=app:app . .
USER app
RUN go mod tidy
```

`--fix` adds `--chown=<user>:<group>` right after the `COPY` or `ADD` keyword, as a safe fix:
the files go to the user that writes them, and nothing else about the build changes. The user
is written as its `USER` instruction writes it (a variable stays a variable when it has the
same value at the copy); the group is the one `USER` gives (`USER 1000:1000`,
`USER app:staff`), or else the primary group the file's `useradd` or `adduser` created with
the account (`useradd app` and `adduser -D app` make a group named like the user,
`useradd -g staff` and `adduser -G staff` name it). A bare `--chown=app` is never written,
since Docker then takes the uid as the gid, which need not be the user's group. No fix is
offered when the instruction already has a `--chown`, when go writes a new file into a
directory that `--chown` does not reach (the message says so), when go runs there as several
users, or when the user or its group is not certain: a uid without a group and without an
account in the file, an account of the base image, `useradd -N`, a system account, a user or
group that does not exist yet when the copy runs, or a variable whose value cannot be told.

## References
- [Dockerfile reference: COPY --chown](https://docs.docker.com/reference/dockerfile/#copy---chown---chmod)
- [Go modules reference: go mod tidy](https://go.dev/ref/mod#go-mod-tidy)
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator, Mapping, Sequence

from dockerlint_go.findings import Severity
from dockerlint_go.fixes import Applicability, Edit, Fix
from dockerlint_go.model.expand import expand
from dockerlint_go.model.fs import Origin, PathFact, Scope
from dockerlint_go.model.instructions import Instruction
from dockerlint_go.model.modules import ModuleMode
from dockerlint_go.model.shell import Command
from dockerlint_go.model.span import Span
from dockerlint_go.model.stages import DockerfileModel, GoRun, State, Step
from dockerlint_go.model.users import User, account_created, group_created, primary_group
from dockerlint_go.record import Record
from dockerlint_go.rules._rule import Hit, Rule, other_lines

# What go rewrites in place; anything else it writes (a binary, vendor/) is a new file.
_REWRITTEN = frozenset({"go.mod", "go.sum", "go.work", "go.work.sum", "."})
_MODULE_FILES = frozenset({"go.mod", "go.sum", "go.work", "go.work.sum", "vendor"})


class _Problem(Record):
    run: GoRun
    path: str
    copy: PathFact  # the COPY fact the finding is reported at
    blocker: PathFact  # the fact that makes the write fail


def _problems(run: GoRun, state: State) -> Iterator[_Problem]:
    for written in run.go.writes:
        if run.mode is ModuleMode.GOPATH and written in _MODULE_FILES:
            continue  # GOPATH mode: go.mod and go.sum are ignored, never written
        target = run.target(written if written != "." else "main.go")
        if target is None:
            continue
        rewrite = written in _REWRITTEN and state.fs.fact_for(target) is not None
        if rewrite:
            access = state.access(run.user, target)
            fact = access.fact
            if access.writable is False and fact is not None and fact.origin is Origin.COPY:
                shown = target if written != "." else f"the sources under {run.cwd}"
                yield _Problem(run, shown, fact, fact)
            continue
        directory = posixpath.dirname(target)
        access = state.access(run.user, directory)
        if access.writable is not False or access.fact is None or not access.exists:
            continue
        blocker = access.fact
        if blocker.origin is Origin.COPY:
            yield _Problem(run, target, blocker, blocker)
            continue
        copy = _copy_into(state, directory)
        if copy is not None:
            yield _Problem(run, target, copy, blocker)


def _copy_into(state: State, directory: str) -> PathFact | None:
    """The latest COPY that put files into ``directory``."""
    for fact in reversed(state.fs.facts):
        if fact.origin is not Origin.COPY:
            continue
        if (fact.path == directory and fact.scope is Scope.CONTENTS) or (
            posixpath.dirname(fact.path) == directory
        ):
            return fact
    return None


def check(model: DockerfileModel) -> Iterator[Hit]:
    for chain in model.chains():
        by_copy: dict[int, list[_Problem]] = {}
        for step in chain:
            for run in step.go:
                if run.user.is_root is not False:
                    continue
                for problem in _problems(run, step.before):
                    by_copy.setdefault(problem.copy.line, []).append(problem)
        for line, problems in by_copy.items():
            instruction = model.instruction_at(line)
            if instruction is not None:
                autofix = _autofix(model, chain, instruction, problems)
                yield _hit(instruction.span, problems, autofix)


# --fix: `--chown=<user>:<group>` right after the keyword, the user and group written as the
# Dockerfile names them.

# A user or group name written as it is.
_PLAIN = r"[A-Za-z0-9_][A-Za-z0-9_.-]*"
# The same, possibly through plain `$NAME` / `${NAME}` variables (no `${NAME:-x}`, whose colon
# would read as the group separator).
_SPELLED = r"(?:[A-Za-z0-9_.-]|\$[A-Za-z_][A-Za-z0-9_]*|\$\{[A-Za-z_][A-Za-z0-9_]*\})+"


def _autofix(
    model: DockerfileModel,
    chain: Sequence[Step],
    instruction: Instruction,
    problems: list[_Problem],
) -> Fix | None:
    """``--chown=<user>:<group>`` on the COPY/ADD, or None when it would not repair every write
    (a directory the copy does not create), the copy already has a ``--chown``, the writers are
    several users, or the user or its group cannot be named with certainty."""
    if instruction.keyword not in ("COPY", "ADD") or instruction.has_flag("chown"):
        return None
    if any(p.blocker is not p.copy for p in problems):
        return None  # a directory --chown does not reach: the message says what to do instead
    user = problems[0].run.user
    if any(_identity(p.run.user) != _identity(user) for p in problems):
        return None
    at = next((i for i, step in enumerate(chain) if step.instruction is instruction), None)
    if at is None:
        return None
    owner = _owner(model, chain, at, user)
    where = _after_keyword(instruction, model.parsed.lines)
    if owner is None or where is None:
        return None
    title = f"Add --chown={owner} to the {instruction.keyword}"
    return Fix(title, (Edit(where, f" --chown={owner}"),), Applicability.SAFE)


def _identity(user: User) -> tuple[str | None, str | None, int | None]:
    return user.spec, user.name, user.uid


def _owner(model: DockerfileModel, chain: Sequence[Step], at: int, user: User) -> str | None:
    """``user:group`` for the copy at ``chain[at]``: the user as its USER instruction writes it,
    the group that instruction gives or else the primary group the account was created with."""
    spec = user.spec
    if spec is None or user.is_root is not False or re.fullmatch(_PLAIN, spec) is None:
        return None
    escape = model.parsed.directives.escape
    variables = chain[at].before.variables
    written: str = spec
    group_written: str | None = None
    switch = next(
        (s for s in chain if user.line and s.line == user.line and s.instruction.keyword == "USER"),
        None,
    )
    switch_variables = variables
    if switch is not None:
        written, colon, rest = switch.instruction.value.strip().partition(":")
        group_written = rest if colon else None
        switch_variables = switch.before.variables
    name = _spell(written, spec, variables, escape)
    if name is None or (not spec.isdigit() and _created_after(chain, at, spec, accounts=True)):
        return None  # the user does not exist yet when the copy runs: --chown would fail
    if group_written is not None:
        group_name = expand(group_written, switch_variables, escape)
        group = _spell(group_written, group_name, variables, escape)
        if group is None or (not group_name.isdigit() and _created_after(chain, at, group_name)):
            return None  # not a plain name, or a group made after the copy
        return f"{name}:{group}"
    if user.name is None:
        return None  # a uid with no passwd entry: Docker gives it gid 0, no group to name
    created = _creation(chain, user.name)
    if created is None or created[0] > at:
        return None  # the base image's account (its group is not written here), or made later
    primary = primary_group(created[1], busybox=created[2])
    if primary is None or re.fullmatch(_PLAIN, primary) is None:
        return None
    if primary == user.name and not spec.isdigit():
        return f"{name}:{name}"
    return f"{name}:{primary}"


def _spell(written: str, value: str, variables: Mapping[str, str], escape: str) -> str | None:
    """How to write ``value`` (a user or group the USER instruction gave as ``written``) in the
    COPY's flag: as written when its variables have the same value at the copy, else the value
    itself; None when it is not a plain name."""
    if re.fullmatch(_PLAIN, value) is None:
        return None
    if "$" not in written:
        return value if written == value else None
    if re.fullmatch(_SPELLED, written) and expand(written, variables, escape) == value:
        return written
    return value


def _creation(chain: Sequence[Step], name: str) -> tuple[int, Command, bool | None] | None:
    """Where in ``chain`` the ``useradd``/``adduser`` creating ``name`` runs, the command, and
    which adduser the image has (see ``account_created``)."""
    for index, step in enumerate(chain):
        image = step.before.image
        busybox = None if image is None else image.busybox
        for command in step.commands:
            if command.program not in ("useradd", "adduser"):
                continue
            created = account_created(command, step.line + command.line, busybox=busybox)
            if created is not None and created.name == name:
                return index, command, busybox
    return None


def _created_after(chain: Sequence[Step], at: int, name: str, *, accounts: bool = False) -> bool:
    """Whether the account (``accounts``) or group ``name`` is first created after ``chain[at]``,
    so that it does not exist yet there (never created in the file: the image has it)."""
    for index, step in enumerate(chain):
        image = step.before.image
        busybox = None if image is None else image.busybox
        for command in step.commands:
            made: str | None = None
            if command.program in ("useradd", "adduser"):
                created = account_created(command, step.line + command.line, busybox=busybox)
                if created is not None:
                    made = created.name if accounts else primary_group(command, busybox=busybox)
            elif not accounts:
                group = group_created(command)
                made = None if group is None else group[0]
            if made == name:
                return index > at
    return False


def _after_keyword(instruction: Instruction, lines: Sequence[str]) -> Span | None:
    """The empty span right after the keyword (``COPY|``), when a blank or the end of the line
    follows it."""
    span = instruction.span
    if span.line - 1 >= len(lines):
        return None
    text = lines[span.line - 1]
    end = span.column - 1 + len(instruction.keyword)
    if text[span.column - 1 : end].upper() != instruction.keyword:
        return None
    if end < len(text) and text[end] not in " \t":
        return None
    return Span(span.line, end + 1, span.line, end + 1)


def _hit(span: Span, problems: list[_Problem], autofix: Fix | None) -> Hit:
    first = problems[0]
    run = first.run
    user = run.user.label
    command = run.display
    others = other_lines((p.run.line for p in problems), run.line)
    also = f" (also {others})" if others else ""
    if first.blocker is first.copy:
        message = (
            f"{command} at line {run.line} runs as {user} and writes {first.path}, which "
            f"this {first.copy.origin.value} leaves owned by root: it fails with permission "
            f"denied{also}"
        )
        fix = (
            f"Add --chown={user}:{user} to this instruction, or `chown -R {user}` the files "
            f"before USER {user}."
        )
    else:
        blocker = first.blocker
        where = "the base image"
        if blocker.line:
            where = f"{blocker.origin.value} at line {blocker.line}"
        message = (
            f"{command} at line {run.line} runs as {user} and creates {first.path}, but "
            f"{posixpath.dirname(first.path)} belongs to {blocker.owner or 'another user'} "
            f"({where}): --chown on this copy is not enough, because a new file needs a "
            f"writable directory{also}"
        )
        fix = (
            f"Create the directory as {user} (WORKDIR after USER {user} with BuildKit, or "
            f"`mkdir` + `chown {user}` it as root) and copy with --chown={user}:{user}, or "
            "write the output elsewhere (go build -o /tmp/…)."
        )
    return Hit(span, message, None, fix, autofix)


RULE = Rule(
    code="DG103",
    name="copy-without-chown",
    severity=Severity.ERROR,
    summary="Files copied without --chown are root-owned, and a non-root go command writes them.",
    doc=__doc__ or "",
    check=check,
    fixable=Applicability.SAFE,
)
