"""## What it does
Finds a stage built `FROM` the official `golang` image with a tag that names no Go release:

- no tag at all (`golang`, which pulls `golang:latest`) and `golang:latest`;
- a tag that names only the operating system variant: `golang:alpine`, `golang:bookworm`,
  `golang:alpine3.20`, `golang:windowsservercore-ltsc2022`…;
- a tag that names only Go's major version: `golang:1`, `golang:1-alpine`;
- an undated `tip` tag (`golang:tip`, `golang:tip-alpine`): a snapshot of Go's development
  branch that is replaced every week.

The image is recognised as `golang`, `library/golang`, `docker.io/library/golang` and a
registry mirror of the official image (`mirror.gcr.io/library/golang`); another registry's
`…/golang` (`registry.example.com/team/golang`) may be any image and is left alone. The finding
sits on the `FROM`. Its fix names the tag that matches go.mod: with a readable build context,
the `go` line of the module the stage builds (or of the go.mod at the root of the context)
gives the release, and the variant is kept (`golang:alpine` becomes `golang:1.22-alpine`,
`golang` becomes `golang:1.22`). Without a context the fix names the form of the tag.

Silent for:

- a tag with a Go release, however precise: `golang:1.22`, `golang:1.22.3`,
  `golang:1.22-alpine3.19`, `golang:1.23rc1`, `golang:1.23-rc`;
- a dated `tip` tag (`golang:tip-20240812-bookworm`): a fixed snapshot, not a moving tag;
- a digest (`golang:alpine@sha256:…`): the image is fixed whatever the tag says;
- a `FROM golang` that names an earlier stage called `golang`: that is a stage, not the image;
- a tag written with a build argument that has no value in the file (`ARG GO_VERSION` without
  a default, or an empty one): the version comes from `--build-arg` and cannot be told. An
  `ARG` default is used as the build would (`ARG GO_VERSION=latest` is reported, and the
  message names the `ARG`; `ARG GO_VERSION=1.22` is silent);
- any other image, and tags of `golang` that are not read as any of the forms above.

**Overlap with hadolint.** DL3006 (no tag) and DL3007 (`:latest`) report `golang` and
`golang:latest`, as they do for every image; they do not see variant tags (`golang:alpine`,
`golang:bookworm`) or major-only tags (`golang:1`), which follow new Go releases just the same
(measured with hadolint 2.15.1), and their fix does not know go.mod. On those two spellings both
tools fire, and the same change clears both. To get one report: when every base image of the
project is a `golang` one, put DL3006 and DL3007 in `ignored:` of `.hadolint.yaml` (DG120 covers
them); otherwise keep hadolint's rules for the other images and accept the double report on
`golang` lines, or silence it on one line with `# hadolint ignore=DL3006,DL3007` above the
`FROM`. Ignoring DG120 instead (`ignored: [DG120]` in `.dockerlint-go.yaml`) also loses the
variant and major-only tags.

## Why is this bad?
Such a tag is moved to each new Go release as it comes out, so the compiler, the standard
library and `go vet`'s checks (run by `go test`) change under the build without any change in
the repository. A build that passed yesterday can fail today, a rebuild of an old commit does
not give the binary that was shipped, and two machines with different cached copies of the tag
build different programs. The Go release is also the one thing in the Dockerfile that go.mod's
`go` line can be checked against (DG109); a moving tag hides it.

## Example
```dockerfile
FROM golang:alpine AS build
WORKDIR /src
COPY . .
RUN go build -o /out/app .
```

## Use instead
```dockerfile
FROM golang:1.22-alpine AS build
WORKDIR /src
COPY . .
RUN go build -o /out/app .
```

Let an update bot (Dependabot, Renovate) raise the tag in a reviewed change, and add a digest
(`golang:1.22-alpine@sha256:…`) if the image itself must not change between builds.

`--fix` writes the tag for you, as a safe fix: it takes the Go release from the `go` line of
go.mod in the build context, to the minor version (`go 1.22.5` gives `golang:1.22`), keeps the
variant (`golang:alpine` becomes `golang:1.22-alpine`, `golang:bookworm` becomes
`golang:1.22-bookworm`) and changes only the image reference: `--platform`, `AS name` and a
registry prefix such as `docker.io/library/` stay as they are. No fix is offered without a
build context holding that go.mod (or when its `go` line is missing), when the tag comes from a
build argument (change the `ARG` default by hand), or when a continuation line splits the image
reference.

## References
- [The official golang image and its tags](https://hub.docker.com/_/golang)
- [Go release history](https://go.dev/doc/devel/release)
- [Go modules reference: the go directive](https://go.dev/ref/mod#go-mod-file-go)
- [hadolint DL3006](https://github.com/hadolint/hadolint/wiki/DL3006) and
  [DL3007](https://github.com/hadolint/hadolint/wiki/DL3007)
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from dockerlint_go.findings import Severity
from dockerlint_go.fixes import Applicability, Edit, Fix, locate
from dockerlint_go.model.expand import expand
from dockerlint_go.model.images import _is_golang_repository, parse_version, split_reference
from dockerlint_go.model.instructions import Instruction
from dockerlint_go.model.span import Span
from dockerlint_go.model.stages import DockerfileModel, Stage
from dockerlint_go.model.words import arg_pairs
from dockerlint_go.rules._rule import Hit, Rule, RuleKind

# Compiled (and cached by ``re``) only for a FROM that uses a variable.
_VARIABLE = r"\$\{?([A-Za-z_][A-Za-z0-9_]*)"
_UNKNOWN = "\x00"
_TAG_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-")


def _valid_tag(tag: str) -> bool:
    """A tag as image references allow it: up to 128 word characters, dots and dashes, not
    starting with a dot or dash."""
    return 0 < len(tag) <= 128 and tag[0] not in ".-" and _TAG_CHARS.issuperset(tag)


def _moving(tag: str, tagged: bool) -> str | None:
    """Why a golang tag follows new Go releases, in a few words; None when it names one (or
    is not read as any known form)."""
    if not tagged:
        return "names no tag, so it pulls `latest`, which follows the newest Go release"
    head, _, rest = tag.lower().partition("-")
    if head == "latest":
        return f"uses the tag `{tag}`, which follows the newest Go release"
    if head == "1":
        return (
            f"uses the tag `{tag}`, which names only Go's major version and follows every "
            "Go 1.x release"
        )
    if head == "tip":
        if rest[:8].isdigit():
            return None  # tip-20240812…: a dated snapshot
        return (
            f"uses the tag `{tag}`, a snapshot of Go's development branch that is replaced "
            "every week (not a release)"
        )
    if not head or head[:1].isdigit():
        return None
    return (
        f"uses the tag `{tag}`, which names the OS variant but no Go release and follows the "
        "newest one"
    )


def _variant(tag: str, tagged: bool) -> str:
    """The variant suffix to keep in the suggested tag: ``-alpine``, ``-bookworm`` or ""."""
    if not tagged:
        return ""
    head, _, rest = tag.partition("-")
    if head.lower() in ("latest", "1", "tip"):
        return f"-{rest}" if rest else ""
    return f"-{tag}"


def _gomod_go(model: DockerfileModel, stage: Stage) -> tuple[str, int, str] | None:
    """(go.mod path in the context, its go line number, the go line's version) of the module
    the stage (or a stage built FROM it) builds, else of the go.mod at the context root."""
    for other in model.stages:
        if all(s.index != stage.index for s in model.lineage(other)):
            continue
        for step in other.steps:
            for run in step.go:
                module = run.module
                gomod = None if module is None else module.gomod
                if module is None or gomod is None or gomod.go is None:
                    continue
                if parse_version(gomod.go) is None:
                    continue
                path = f"{module.ctx_dir}/go.mod" if module.ctx_dir else "go.mod"
                return path, gomod.go_line, gomod.go
    context = model.context
    gomod = None if context is None else context.gomod("")
    if gomod is None or gomod.go is None or parse_version(gomod.go) is None:
        return None
    return "go.mod", gomod.go_line, gomod.go


def _arg_line(model: DockerfileModel, name: str) -> int:
    """The line of the global ARG (before the first FROM) that declares ``name``; 0 if none."""
    first_from = model.stages[0].steps[0].line if model.stages else 0
    found = 0
    for ins in model.parsed.instructions:
        if ins.span.line >= first_from:
            break
        if ins.keyword == "ARG" and any(arg == name for arg, _ in arg_pairs(ins.value)):
            found = ins.span.line
    return found


def _image_span(instruction: Instruction, lines: Sequence[str], image: str) -> Span | None:
    """Where the FROM writes its image reference ``image`` as a whole word on one line: after a
    blank, before a blank or the end of the instruction (a comment line inside a continuation
    is skipped, a flag such as ``--platform=…`` never matches). None when it cannot be found
    that way (split by a continuation, glued to an escape character): no fix then."""
    span = instruction.span
    after: tuple[int, int] | None = None
    while True:
        where = locate(instruction, lines, image, after=after)
        if where is None:
            return None
        text = lines[where.line - 1]
        comment = where.line > span.line and text.lstrip().startswith("#")
        before = text[where.column - 2] if where.column > 1 else ""
        rest = text[where.end_column - 1 :]
        ends = rest[:1].isspace() if rest else where.line == span.end_line
        if not comment and before.isspace() and ends:
            return where
        after = (where.line, where.column + 1)


def _pin(
    model: DockerfileModel, instruction: Instruction, image: str, pinned: str, origin: str
) -> Fix | None:
    """Replace the image reference of the FROM with ``pinned`` (flags and ``AS name`` kept)."""
    where = _image_span(instruction, model.parsed.lines, image)
    if where is None:
        return None
    return Fix(
        f"Pin the image to `{pinned}` ({origin})", (Edit(where, pinned),), Applicability.SAFE
    )


def _judge(model: DockerfileModel, stage: Stage) -> Hit | None:
    base = stage.base.strip()
    if stage.parent is not None or not base or "@" in base:
        return None  # a stage, nothing, or a digest
    instruction = stage.steps[0].instruction
    words = instruction.value.split()
    written = words[0] if words else base
    args: list[str] = []
    arg_names: list[str] = []
    if "$" in written:
        names = list(dict.fromkeys(re.findall(_VARIABLE, written)))
        unset = {n: _UNKNOWN for n in names if n in model.global_args and not model.global_args[n]}
        if unset:
            escape = model.parsed.directives.escape
            if _UNKNOWN in expand(written, {**model.global_args, **unset}, escape):
                return None  # the tag comes from a --build-arg we cannot see
        for name in names:
            value = model.global_args.get(name)
            if value:
                line = _arg_line(model, name)
                args.append(f"ARG {name}={value}" + (f" at line {line}" if line else ""))
                arg_names.append(f"ARG {name}" + (f" (line {line})" if line else ""))
    name, _ = split_reference(base)
    if not _is_golang_repository(name):
        return None
    slash, colon = base.rfind("/"), base.rfind(":")
    tagged = colon > slash
    repository = base[:colon] if tagged else base
    written_tag = base[colon + 1 :] if tagged else ""
    if repository != repository.lower() or (tagged and not _valid_tag(written_tag)):
        return None  # not a reference the build accepts
    why = _moving(written_tag, tagged)
    if why is None:
        return None
    shown = f"`FROM {written}` at line {instruction.span.line}"
    if written != base:
        origin = f" ({', '.join(args)})" if args else ""
        shown += f" resolves to `{base}`{origin} and"
    message = (
        f"{shown} {why}: the Go that builds this stage changes with no change to this file, so "
        "a build can start failing (new compiler, standard library and vet checks) and an old "
        "commit no longer rebuilds the same binary"
    )
    variant = _variant(written_tag, tagged)
    found = _gomod_go(model, stage)
    note = ""
    autofix = None
    if found is not None:
        path, line, go = found
        version = parse_version(go) or (1, 0)
        suggested = f"{repository}:{version[0]}.{version[1]}{variant}"
        source = f"the Go release that {path} line {line} asks for (`go {go}`)"
        if len(version) == 3:
            note = f" (`{repository}:{go}{variant}` fixes the patch release too)"
        if written == base:  # written with a variable: the ARG, not the FROM, names it
            autofix = _pin(model, instruction, written, suggested, f"`go {go}` in {path}")
    else:
        suggested = f"{repository}:1.N{variant}"
        source = "the Go release that go.mod's `go` line asks for"
        note = " (1.N being that release)"
    if arg_names:
        fix = (
            f"Give {' and '.join(arg_names)} a default that names {source}, so that the FROM "
            f"resolves to `{suggested}`{note}"
        )
    else:
        fix = f"Name {source} in the tag: `FROM {suggested}`{note}"
    fix += "; let an update bot raise it in a reviewed change."
    return Hit(instruction.span, message, Severity.WARNING, fix, autofix)


def check(model: DockerfileModel) -> Iterator[Hit]:
    for stage in model.stages:
        hit = _judge(model, stage)
        if hit is not None:
            yield hit


RULE = Rule(
    code="DG120",
    name="unversioned-golang-image",
    severity=Severity.WARNING,
    summary="A stage is built from a golang image tag that names no Go release.",
    doc=__doc__ or "",
    check=check,
    kind=RuleKind.BUG_RISK,
    fixable=Applicability.SAFE,
)
