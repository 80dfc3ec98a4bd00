"""## What it does
Compares the Go release a stage runs with what the go.mod of the module it builds asks for:
the `go` line and, where it makes a difference, the `toolchain` line. The finding sits on the
`FROM` that chose the image, names go.mod's line, and its fix names the `golang:` tag that
matches go.mod. What happens depends on the Go release and on `GOTOOLCHAIN`:

- **Go 1.21 or later with `GOTOOLCHAIN=local`** (the official `golang` images from 1.21 on set
  it): a `go` line newer than the image fails every go command in the module
  (`go: go.mod requires go >= 1.23.4 (running go 1.22.1; GOTOOLCHAIN=local)`): an **error**.
  A newer `toolchain` line alone is only a preference and is ignored there: no finding.
- **Go 1.21 or later with `GOTOOLCHAIN=auto`** (set by an `ENV` or a `RUN` prefix, or left
  unset on an image that is not the official one): go downloads the toolchain go.mod asks for
  (the newer of the `go` and `toolchain` lines) through the module proxy and builds with it,
  not with the Go the image provides. It is an **error** when the command cannot reach the
  network (`RUN --network=none`, `GOPROXY=off`), a **warning** otherwise. (A distribution's
  own Go package may set `GOTOOLCHAIN=local` in its `go.env`; the build then fails instead.)
- **Go older than 1.21**: a three-part `go 1.21.0` line, or any `toolchain` line, cannot be
  read at all (`invalid go version '1.21.0': must match format 1.23`, `unknown directive:
  toolchain`): an **error**. A newer two-part `go 1.22` line is only advice to those releases:
  the module is built by an older compiler than it says it needs, and a language feature it
  uses fails with an obscure compile error: a **warning**.

Versions are compared only as precisely as the image tag gives them: `golang:1.22` follows the
newest 1.22 patch release, so it satisfies `go 1.22.5`. The rule stays silent when the image's
Go release cannot be told (an unknown base image, or a floating tag such as `golang:latest`),
when there is no readable build context or its go.mod has no `go` line, and for commands that
do not load the main module (`go install pkg@version`, `go version`). A `GOTOOLCHAIN` naming a
release (`go1.23.4`, `go1.22+auto`) or `path` is left alone.

## Why is this bad?
The base image tag is where readers and update bots look for the Go version; go.mod is what
the go command obeys. When go.mod moves ahead of the image, the build either breaks (local
toolchain, or an old Go that cannot parse the file), or quietly fetches a different compiler
over the network at build time, so the image tag lies about what compiled the binary and
offline or proxied builds fail.

## Example
```dockerfile
# go.mod in the build context:
#   module example.com/app
#   go 1.23.4
FROM golang:1.22
WORKDIR /src
COPY go.mod ./
RUN go mod download
COPY . .
RUN go build -o /out/app .
```

## Use instead
```dockerfile
# go.mod in the build context:
#   module example.com/app
#   go 1.23.4
FROM golang:1.23.4
WORKDIR /src
COPY go.mod ./
RUN go mod download
COPY . .
RUN go build -o /out/app .
```

Or lower go.mod's `go` line (`go mod edit -go=1.22`) if the module does not need the newer
release.

## References
- [Go toolchains (GOTOOLCHAIN, the go and toolchain lines)](https://go.dev/doc/toolchain)
- [Go modules reference: the go directive](https://go.dev/ref/mod#go-mod-file-go)
- [The official golang image](https://hub.docker.com/_/golang)
"""

from __future__ import annotations

from collections.abc import Iterator

from dockerlint_go.findings import Severity
from dockerlint_go.model.images import ImageGo, parse_version, split_reference
from dockerlint_go.model.modules import ModuleMode
from dockerlint_go.model.span import Span
from dockerlint_go.model.stages import DockerfileModel, GoRun, Stage, Step
from dockerlint_go.rules._rule import Hit, Rule

# The verbs that load the main module's go.mod (and so choose a toolchain from it).
_LOADING = frozenset(
    {"build", "test", "run", "install", "list", "vet", "generate", "fix", "get", "clean",
     "mod download", "mod tidy", "mod verify", "mod why", "mod graph", "mod vendor",
     "work sync", "work vendor", "tool"}
)  # fmt: skip


def _newer(wanted: tuple[int, ...], have: tuple[int, ...]) -> bool:
    """``wanted`` is newer than ``have``, compared only as precisely as both are given."""
    n = min(len(wanted), len(have))
    return wanted[:n] > have[:n]


def _text(version: tuple[int, ...]) -> str:
    return ".".join(map(str, version))


def _running(have: tuple[int, ...]) -> str:
    return _text(have) if len(have) > 2 else _text(have) + ".x"


def check(model: DockerfileModel) -> Iterator[Hit]:
    seen: set[tuple[int, str]] = set()
    for stage in model.stages:
        root = model.lineage(stage)[0]
        for step in stage.steps:
            for run in step.go:
                hit = _judge(run, step, root)
                if hit is None:
                    continue
                gomod_path = _gomod_path(run)
                key = (root.steps[0].line, gomod_path)
                if key in seen:
                    continue
                seen.add(key)
                yield hit


def _gomod_path(run: GoRun) -> str:
    module = run.module
    if module is None or not module.ctx_dir:
        return "go.mod"
    return f"{module.ctx_dir}/go.mod"


def _toolchain_setting(run: GoRun, step: Step) -> tuple[str | None, str]:
    """GOTOOLCHAIN as the command sees it, and where it came from, in a few words."""
    state = step.before
    value = run.go.command.env_value("GOTOOLCHAIN")
    if value is not None:
        return value.strip(), f"GOTOOLCHAIN={value.strip()} set for the command"
    if "GOTOOLCHAIN" in state.env:
        value = state.env["GOTOOLCHAIN"].strip()
        line = state.env_lines.get("GOTOOLCHAIN")
        if line:
            return value, f"GOTOOLCHAIN={value} (line {line})"
        return value, f"the image's GOTOOLCHAIN={value}"
    if "GOTOOLCHAIN" in state.args and step.instruction.keyword == "RUN":
        value = state.args["GOTOOLCHAIN"].strip()
        return value, f"GOTOOLCHAIN={value} (a build argument)"
    return None, "GOTOOLCHAIN unset (go's default is auto)"


def _image_label(go: ImageGo, root: Stage) -> str:
    version = _text(go.version or ())
    if go.source == "GOLANG_VERSION":
        return f"Go {version} (GOLANG_VERSION at line {go.line})"
    if go.source == "install":
        return f"Go {version} (installed at line {go.line})"
    return f"{root.base} (Go {version})"


def _tag(version: str, root: Stage) -> str:
    """The golang image tag for ``version``, keeping the variant of the current tag."""
    name, tag = split_reference(root.base)
    variant = ""
    if name == "golang" or name.endswith("/golang"):
        _, dash, rest = tag.partition("-")
        if dash and rest:
            variant = "-" + rest
    return f"golang:{version}{variant}"


def _use(version: str, root: Stage, go: ImageGo) -> str:
    """The fix's first sentence: the golang tag for ``version`` (or installing that release,
    when the stage installs Go itself)."""
    tag = f"`FROM {_tag(version, root)}`"
    if go.source in ("install", "GOLANG_VERSION"):
        return f"Build with {tag} or install Go {version} (line {go.line})"
    return f"Build with {tag}"


def _judge(run: GoRun, step: Step, root: Stage) -> Hit | None:
    module = run.module
    if module is None or module.gomod is None or run.mode is not ModuleMode.MODULE:
        return None
    if run.go.verb not in _LOADING or run.go.versioned:
        return None
    go = step.before.go_image
    have = go.version
    gomod = module.gomod
    if have is None or gomod.go is None:
        return None
    wanted = parse_version(gomod.go)
    if wanted is None:
        return None
    path = _gomod_path(run)
    go_where = f"{path} line {gomod.go_line} says `go {gomod.go}`"
    command = f"{run.display} at line {run.line}"
    image = _image_label(go, root)
    span = root.steps[0].instruction.span
    if have[:2] < (1, 21):
        return _old_go(run, go, wanted, image, go_where, command, root, span)
    setting, origin = _toolchain_setting(run, step)
    if setting == "local":
        if not _newer(wanted, have):
            return None  # a newer toolchain line alone is ignored with GOTOOLCHAIN=local
        message = (
            f"{image} runs with {origin}, but {go_where}: {command} fails ('go: go.mod "
            f"requires go >= {gomod.go} (running go {_running(have)}; GOTOOLCHAIN=local)')"
        )
        fix = f"{_use(gomod.go, root, go)}: the release go.mod asks for."
        return Hit(span, message, Severity.ERROR, fix)
    if setting not in (None, "", "auto", "local+auto"):
        return None  # a pinned release or a PATH lookup: not judged
    target = gomod.go
    where = go_where
    toolchain = parse_version(gomod.toolchain or "") if gomod.toolchain else None
    if toolchain is not None and _newer(toolchain, wanted) and _newer(toolchain, have):
        target = _text(toolchain)
        where = f"{path} line {gomod.toolchain_line} says `toolchain {gomod.toolchain}`"
    elif not _newer(wanted, have):
        return None
    offline = _offline(run, step)
    severity = Severity.ERROR if offline else Severity.WARNING
    if offline:
        outcome = f"it cannot, because {offline}, and the command fails"
    else:
        outcome = (
            f"so it is built by Go {target} fetched through the module proxy at build time, "
            f"not by the Go the image provides"
        )
    distro = ""
    if setting is None and go.source == "install":
        distro = " (if the installed Go's go.env sets GOTOOLCHAIN=local, the command fails)"
    message = (
        f"{image} runs with {origin}, and {where}: {command} downloads the go{target} "
        f"toolchain first; {outcome}{distro}"
    )
    fix = (
        f"{_use(target, root, go)}, so the Go the image provides is the one go.mod asks for "
        "(and set `ENV GOTOOLCHAIN=local` to make a mismatch fail instead of downloading)."
    )
    return Hit(span, message, severity, fix)


def _old_go(
    run: GoRun,
    go: ImageGo,
    wanted: tuple[int, ...],
    image: str,
    go_where: str,
    command: str,
    root: Stage,
    span: Span,
) -> Hit | None:
    module = run.module
    if module is None or module.gomod is None:
        return None
    gomod = module.gomod
    go_text = gomod.go or ""
    have = go.version or ()
    path = _gomod_path(run)
    old = f"Go {_text(have[:2])}"
    two_part = go_text.count(".") == 1 and go_text.replace(".", "").isdigit()
    fix = f"{_use(go_text, root, go)}: the release go.mod asks for."
    if not two_part and wanted[:2] < (1, 21):
        fix = (
            f"Write the go line of {path} as `go {_text(wanted[:2])}`: releases before 1.21 "
            "read only that form."
        )
    if not two_part:
        message = (
            f"{image} is older than 1.21, and {go_where}: {old} cannot read a go line of "
            f"that form, so {command} fails ('invalid go version '{go_text}': must match "
            "format 1.23')"
        )
        return Hit(span, message, Severity.ERROR, fix)
    if gomod.toolchain is not None:
        message = (
            f"{image} is older than 1.21, and {path} line {gomod.toolchain_line} has a "
            f"`toolchain {gomod.toolchain}` line: {old} does not know that directive, so "
            f"{command} fails ('unknown directive: toolchain')"
        )
        release = parse_version(gomod.toolchain)
        newer = _text(release) if release is not None and release >= (1, 21) else "1.21"
        fix = (
            f"Remove the toolchain line from {path} (`go mod edit -toolchain=none`), or "
            f"{_use(newer, root, go).replace('Build', 'build', 1)}: Go 1.21 and later read it."
        )
        return Hit(span, message, Severity.ERROR, fix)
    if not _newer(wanted, have):
        return None
    message = (
        f"{image} is older than 1.21, and {go_where}: {old} treats the go line as advice, so "
        f"from {command} on the module is handled by an older Go than it requires (code "
        "that needs the newer release fails with a plain compile error)"
    )
    return Hit(span, message, Severity.WARNING, fix)


def _offline(run: GoRun, step: Step) -> str:
    """Why the command cannot download a toolchain ("" when it may)."""
    if step.instruction.keyword == "RUN" and step.instruction.flag("network") == "none":
        return f"the RUN at line {step.line} has --network=none"
    proxy = run.env.goproxy
    if proxy is not None and proxy.strip() == "off":
        return "GOPROXY=off"
    return ""


RULE = Rule(
    code="DG109",
    name="go-toolchain-behind-go-mod",
    severity=Severity.ERROR,
    summary="The image's Go release is older than the one go.mod asks for.",
    doc=__doc__ or "",
    check=check,
)
