"""## What it does
Finds go commands that fetch a module version chosen when the image is built rather than
one written in the Dockerfile or in go.mod:

- `go install pkg@Q` and `go run pkg@Q` (in `RUN`, `CMD` or `ENTRYPOINT`) where `Q` is a
  version *query*: `latest`, `upgrade`, `patch`, a branch or other revision name (`main`,
  `master`, `HEAD`, `develop`, `release-1.x`…), a version prefix (`v1`, `v1.2`: the newest
  matching release) or an upper bound (`<v2`, `<=v1.9.0`: the newest release below it);
- `go get -u` and `go get -u=patch` (with or without packages): every dependency of the named
  packages is raised to its newest (patch) release;
- `go get pkg@Q` with such a query: the requirement in the image's go.mod moves to it.

Versions written through a variable are judged by the value the build gives them: an `ARG`
default, an `ENV`, or an `export` earlier in the same `RUN` (`ARG LINT_VERSION=latest` then
`go install …@${LINT_VERSION}` is reported, and the message names the `ARG`). A variable without
a value (`ARG LINT_VERSION` with no default, a `$(…)` substitution, or a `V=x go install …@$V`
prefix, which the shell expands before it assigns) cannot be told: the rule stays silent.

Pinned, and silent: a full semantic version (`@v1.2.3`, `@v2.0.0-rc.1`, `@v1.0.0+incompatible`)
and a pseudo-version (`@v0.0.0-20240102150405-abcdef123456`); a commit hash (four to 64 hex
digits: go resolves it to that commit, which never changes); a tag written without the `v`
(`@1.2.3`), read as a release tag; a lower bound (`>=v1.5.0`, `>v1.5.0`), for which go picks
the *lowest* matching release; `@none` (it removes a requirement). `go install pkg` and
`go run pkg` without `@` use the version the main module's go.mod requires, so they are pinned
too; plain `go get pkg` without `-u` or a version is left to DG119 and DG123.
`go install golang.org/dl/go1.N.P@latest` is silent as well: the command's name already fixes
the Go release it downloads.

Also silent: commands that run in GOPATH mode (DG114 reports that mode, and `pkg@version` is
an error there), `go install pkg@…` on an image known to be older than Go 1.16 and
`go run pkg@…` older than Go 1.17 (they reject the syntax), and go commands hidden in a
script or `make` target, which the file does not show.

The finding is a **warning** in every stage, a development or tools stage included: a stage
that installs a moving tool breaks the same way when the tool changes. To accept it on purpose
(a tools image that should track the newest releases, or a stage whose whole job is to run
`go get -u` and export the upgraded go.mod and go.sum for review), say so in the file:

- `# dockerlint-go ignore=DG118 -- tools track their newest release` right above the `RUN`;
- `# dockerlint-go stage ignore=DG118` right above the `FROM` of a stage, for all of it;
- or, for a whole file, `per-file-ignores` in `.dockerlint-go.yaml`
  (`per-file-ignores: {"Dockerfile.dev": [DG118]}`).

**Overlap with hadolint.** DL3062 (measured with hadolint 2.15.1) reports `go install`,
`go get` and `go run` of a module path without `@` and with `@latest`. It does not see branch
names (`@main`, `@master`), version prefixes (`@v1`), `go get -u` or a version held in an `ARG`
or `ENV`, and it reports `go install example.com/tool` inside a module, where go.mod pins the
version. Where both fire (`@latest`) they ask for the same change. To get one report, add
DL3062 to `ignored:` in `.hadolint.yaml`, or put DG118 in `ignored:` of `.dockerlint-go.yaml` if
you prefer hadolint's rule.

## Why is this bad?
A query is answered by the module proxy at the moment of the build. The same commit of the
repository then builds different tools (or different dependencies) on different days, a
builder that has the layer cached keeps the old version while a fresh one gets the new, and a
tool's new release (a new linter check, a changed flag, a release that needs a newer Go) fails
a build that changed nothing. `go get -u` goes further: the binary is compiled against
dependency versions that go.mod and go.sum in the repository never recorded and nobody
reviewed.

## Example
```dockerfile
FROM golang:1.22 AS tools
ARG LINT_VERSION=latest
RUN go install github.com/golangci/golangci-lint/cmd/golangci-lint@${LINT_VERSION}
RUN go install golang.org/x/tools/cmd/goimports@master
```

## Use instead
```dockerfile
FROM golang:1.22 AS tools
ARG LINT_VERSION=v1.59.1
RUN go install github.com/golangci/golangci-lint/cmd/golangci-lint@${LINT_VERSION}
RUN go install golang.org/x/tools/cmd/goimports@v0.22.0
```

Keep each version in an `ARG` and let an update bot (Renovate, Dependabot) raise it in a
reviewed change. A tool that the module itself uses can be required in go.mod (a `tool`
directive from Go 1.24, or a `tools.go` file before) and installed with plain
`go install pkg`.

## References
- [Go modules reference: version queries](https://go.dev/ref/mod#version-queries)
- [go install: installing a package at a version](https://go.dev/ref/mod#go-install)
- [go get: the -u flag](https://go.dev/ref/mod#go-get)
- [hadolint DL3062](https://github.com/hadolint/hadolint/wiki/DL3062)
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from dockerlint_go.findings import Severity
from dockerlint_go.model.modules import ModuleMode
from dockerlint_go.model.stages import DockerfileModel, GoRun, Stage, Step
from dockerlint_go.model.words import arg_pairs
from dockerlint_go.record import Record
from dockerlint_go.rules._rule import Hit, Rule, RuleKind

# Pattern strings, compiled (and cached by ``re``) only when a go command has an ``@``.
_NUM = r"(?:0|[1-9][0-9]*)"
# A full semantic version as Go spells it (pseudo-versions have this form too).
_FULL_SEMVER = rf"v{_NUM}\.{_NUM}\.{_NUM}(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?"
_PREFIX = rf"v{_NUM}(?:\.{_NUM})?"  # v1, v1.2: the newest matching release
_HEX = r"[0-9a-fA-F]{4,64}"  # a commit hash (or a prefix of one)
_BARE_TAG = r"[0-9]+(?:\.[0-9]+)+"  # 1.2.3: a release tag written without the v
_VARIABLE = r"\$\{?([A-Za-z_][A-Za-z0-9_]*)"
_UNRESOLVED = frozenset("$`(){}\\ \t\n")
_OFF = frozenset({"false", "0", "f"})


def _moves_to(path: str, version: str) -> str | None:
    """What a version query of module ``path`` resolves to, in a few words; None when the
    version is pinned or cannot be told."""
    if not version or _UNRESOLVED.intersection(version):
        return None
    lowered = version.lower()
    if lowered in ("latest", "upgrade"):
        return f"the newest release of {path} (`@{version}`)"
    if lowered == "patch":
        return f"the newest patch release of {path} (`@patch`)"
    if lowered == "none" or version.startswith(">"):
        return None  # a removal; a lower bound picks the lowest matching release
    if version.startswith("<"):
        bound = version.lstrip("<=")
        return f"the newest release of {path} below {bound} (`@{version}`)" if bound else None
    if re.fullmatch(_FULL_SEMVER, version):
        return None
    if re.fullmatch(_PREFIX, version):
        return f"the newest {version}.x release of {path} (`@{version}` is a prefix)"
    if re.fullmatch(_HEX, version) or re.fullmatch(_BARE_TAG, version):
        return None
    if version == "HEAD":
        return f"the newest commit of {path}'s default branch (`@HEAD`)"
    return f"whatever commit the branch (or moving tag) `{version}` of {path} names"


def _queries(run: GoRun) -> list[tuple[str, str, str]]:
    """The operands of the command that name a query: (module path, version, what it is)."""
    go = run.go
    operands = go.operands[:1] if go.verb == "run" else go.operands
    found: list[tuple[str, str, str]] = []
    for operand in operands:
        path, at, version = operand.partition("@")
        if not at:
            continue
        moves = _moves_to(path, version)
        if moves is None:
            continue
        if go.verb == "install" and version == "latest" and path.startswith("golang.org/dl/go"):
            continue  # the wrapper's name fixes the Go release it downloads
        found.append((path, version, moves))
    return found


def _upgrade_flag(run: GoRun) -> str | None:
    """``-u`` / ``-u=patch`` of go get, as written; None when absent or false."""
    value = run.go.flag("u")
    if not value or value.lower() in _OFF:
        return None  # absent, false, or an empty value go rejects
    return "-u" if value == "true" else f"-u={value}"


class _Found(Record):
    """One unpinned part of a go command."""

    text: str  # what moves, naming the command and its line
    fix: str  # the kind of fix: "pin", "upgrade" or "require"
    name: str  # what the fix names: the module path, or the -u flag


def _judge(run: GoRun, step: Step) -> list[_Found]:
    """The unpinned parts of one go command (empty when it is pinned)."""
    if run.mode is ModuleMode.GOPATH:
        return []
    verb = run.go.verb
    where = f"{run.display} at line {run.line}"
    if verb in ("install", "run"):
        oldest = 16 if verb == "install" else 17
        if step.before.go_image.at_least(oldest) is False:
            return []  # that Go rejects pkg@version: another failure, not this one
        action = "installs" if verb == "install" else "builds and runs"
        return [
            _Found(f"{where} {action} {moves}", "pin", path) for path, _, moves in _queries(run)
        ]
    if verb != "get":
        return []
    found: list[_Found] = []
    flag = _upgrade_flag(run)
    if flag is not None:
        patch = "patch " if flag == "-u=patch" else ""
        targets = ", ".join(f"`{o}`" for o in run.go.operands) or "the package in its directory"
        text = f"{where} raises every dependency of {targets} to its newest {patch}release"
        found.append(_Found(text, "upgrade", flag))
    for path, _, moves in _queries(run):
        found.append(_Found(f"{where} moves the requirement to {moves}", "require", path))
    return found


def _fix(found: list[_Found]) -> str:
    """The fix text for everything one instruction does unpinned."""
    parts: list[str] = []
    pins = ", ".join(dict.fromkeys(f"`{f.name}@vX.Y.Z`" for f in found if f.fix == "pin"))
    if pins:
        parts.append(
            f"Name the release you tested: {pins} (or a commit hash where the module has no "
            "release), kept in an `ARG` so that an update bot raises it in a reviewed change."
        )
    flags = " and ".join(dict.fromkeys(f"`{f.name}`" for f in found if f.fix == "upgrade"))
    if flags:
        parts.append(
            f"Drop {flags} and build with the versions go.mod records; upgrade dependencies in "
            "the repository instead (`go get -u`, review, commit go.mod and go.sum)."
        )
    required = " ".join(dict.fromkeys(f"{f.name}@vX.Y.Z" for f in found if f.fix == "require"))
    if required:
        parts.append(
            f"Require the release in the repository's go.mod (`go get {required}` there, then "
            "commit go.mod and go.sum) and drop this `go get`, or at least name the release."
        )
    return " ".join(parts)


def _arg_line(model: DockerfileModel, stage: Stage, name: str, before: int) -> int:
    """The line of the ARG that declares ``name`` for an instruction of ``stage`` at line
    ``before`` (inside the stage, else before the first FROM); 0 when not found."""
    first_from = model.stages[0].steps[0].line if model.stages else 0
    start = stage.steps[0].line
    found = 0
    for ins in model.parsed.instructions:
        line = ins.span.line
        if line >= before:
            break
        if ins.keyword != "ARG" or first_from <= line < start:
            continue
        if any(arg == name for arg, _ in arg_pairs(ins.value)):
            found = line
    return found


def _origins(model: DockerfileModel, stage: Stage, step: Step, runs: list[GoRun]) -> str:
    """Where the versions written as variables got their values (`` ($V is `latest`, from the
    ARG at line 2)``); "" when no variable is involved."""
    names = dict.fromkeys(re.findall(_VARIABLE, step.instruction.original))
    if not names:
        return ""
    versions = [version for run in runs for _, version, _ in _queries(run)]
    state = step.before
    notes: list[str] = []
    for name in names:
        exported = next((v for r in runs if (v := r.go.command.env_value(name)) is not None), None)
        if exported and any(exported in v for v in versions):
            notes.append(f"${name} is `{exported}`, exported in the RUN")
            continue
        value = state.variables.get(name)
        if not value or not any(value in v for v in versions):
            continue
        if name in state.env:
            line = state.env_lines.get(name)
            source = f"the ENV at line {line}" if line else "the base image's ENV"
        else:
            line = _arg_line(model, stage, name, step.line)
            source = f"the ARG at line {line}" if line else "a build argument"
        notes.append(f"${name} is `{value}`, from {source}")
    return f" ({'; '.join(notes)})" if notes else ""


def check(model: DockerfileModel) -> Iterator[Hit]:
    for stage in model.stages:
        for step in stage.steps:
            if not step.go:
                continue
            found: list[_Found] = []
            runs: list[GoRun] = []
            for run in step.go:
                judged = _judge(run, step)
                if judged:
                    found.extend(judged)
                    runs.append(run)
            if found:
                yield _hit(model, stage, step, runs, found)


def _hit(
    model: DockerfileModel, stage: Stage, step: Step, runs: list[GoRun], found: list[_Found]
) -> Hit:
    at_start = step.instruction.keyword in ("CMD", "ENTRYPOINT")
    when = "each time the container starts" if at_start else "when the image is built"
    message = "; ".join(f.text for f in found) + f", resolved {when}"
    message += _origins(model, stage, step, runs)
    if any(f.fix != "pin" for f in found):
        message += ". The build then uses versions that go.mod and go.sum do not record"
    if at_start:
        message += (
            ". Two containers of the same image can run different code, and a new release can "
            "break the container's start with no change to the image"
        )
    else:
        message += (
            ". Two builds of the same Dockerfile can get different code, and a new release can "
            "break the build with no change here"
        )
    return Hit(step.instruction.span, message, Severity.WARNING, _fix(found))


RULE = Rule(
    code="DG118",
    name="unpinned-go-tool",
    severity=Severity.WARNING,
    summary="A go command installs or upgrades to a module version chosen at build time.",
    doc=__doc__ or "",
    check=check,
    kind=RuleKind.BUG_RISK,
)
