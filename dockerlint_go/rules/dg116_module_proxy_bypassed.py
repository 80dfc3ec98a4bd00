"""## What it does
Finds a `GOPROXY` that keeps the build away from a module proxy, and reports it once, at the
instruction that sets it: an `ENV`, an `ARG` default, the `RUN` whose go command gets it (a
`GOPROXY=direct go build` prefix, an `export`, `env GOPROXY=…`), or a `go env -w`.

- **warning** when the first entry of the list is `direct` (`GOPROXY=direct`, or
  `direct,https://…`, which asks the repositories first) and it reaches a go command that may
  download modules;
- **error** when the first entry is `off` and it reaches a go command that needs modules that
  nothing in the build provides. A command needs modules when the go.mod (read from the build
  context) requires any, or when it always fetches what it names (`go install pkg@version`,
  `go run pkg@version`, `go get`, `go mod download <module>`). Modules are provided by a vendor
  directory (`-mod=vendor` on the command line or in `GOFLAGS`, a `COPY` of `vendor/`, or a
  `vendor/modules.txt` in the context next to a go.mod whose `go` line is 1.14 or later), a
  cache or bind mount on the module cache, an earlier go command of the stage (or of the stages
  it is built from) that downloaded into the same module cache through a proxy, or a `COPY`
  into the module cache or a directory above it (`COPY --from=deps /go/pkg/mod /go/pkg/mod`);
- **warning** instead of error for `off` when that cannot be told: the build context was not
  read (whether go.mod requires anything, or a vendor directory exists, is unknown), no go.mod
  is in view, or the base image is unknown (it may ship a filled module cache).

It stays silent for:

- a private or company proxy first in the list (`https://proxy.corp.example,direct`), and
  `direct` or `off` as a fallback after a proxy;
- go commands that download nothing: builds served by a vendor directory, a go.mod without
  requirements, `go version`, GOPATH mode. The module commands (`go mod download`, `go mod tidy`,
  `go mod vendor`, `go mod verify`, `go get`) read the module cache even in a vendored module,
  and are judged like any other;
- `direct` on Go 1.12 and older, where it is the default anyway;
- a value the base image sets, and a setting that reaches no go command: it changes nothing in
  this build (users of the image pick their own proxy);
- a `go` hidden in a `make` target or a script, which cannot be seen.

`GOPRIVATE` and `GONOPROXY` send just the modules they match to their repositories, which is
what they are for; a `GOPRIVATE` that covers public modules is reported by DG115
(`checksum-verification-disabled`). No hadolint or BuildKit check looks at `GOPROXY`.

## Why is this bad?
With `direct`, go clones every dependency from its version control host: the builder needs git
(the `golang:*-alpine` images have none) and network access to each host, downloads take longer
than the proxy's zip files, and the build breaks the day a tag is moved or a repository is
deleted or renamed, while the proxy keeps serving the copy it saved. With `off`, go may not
download anything at all, and a build with no other source of modules stops with
`module lookup disabled by GOPROXY=off`.

## Example
```dockerfile
FROM golang:1.22
ENV GOPROXY=direct
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
```

```dockerfile
# go.mod in the build context:
#   module example.com/app
#
#   go 1.22
#
#   require github.com/google/uuid v1.6.0
FROM golang:1.22
ENV GOPROXY=off
WORKDIR /src
COPY go.mod ./
RUN go mod download
```

## Use instead
```dockerfile
FROM golang:1.22
ENV GOPROXY=https://proxy.corp.example,direct GOPRIVATE=git.corp.example
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
```

To make sure the compile step downloads nothing, fill the cache first and turn the proxy off
only for the build:

```dockerfile
FROM golang:1.22
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN GOPROXY=off go build -o /out/app .
```

## References
- [Go modules reference: module proxies](https://go.dev/ref/mod#module-proxy)
- [Go modules reference: environment variables (GOPROXY)](https://go.dev/ref/mod#environment-variables)
- [Go modules reference: vendoring](https://go.dev/ref/mod#vendoring)
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator

from dockerlint_go.findings import Severity
from dockerlint_go.model.fs import is_at_or_below, normalize
from dockerlint_go.model.gocmd import CacheWrite
from dockerlint_go.model.gosettings import (
    IGNORES_VENDOR,
    EnvFiles,
    How,
    Setting,
    go_setting,
    may_fetch,
    with_env_writes,
)
from dockerlint_go.model.stages import DockerfileModel, GoRun, Step
from dockerlint_go.record import Record
from dockerlint_go.rules._rule import Hit, Rule, other_lines

_DIRECT_FIX = (
    "Put a module proxy first: leave GOPROXY at its default (`https://proxy.golang.org,direct`) "
    "or name your own (`ENV GOPROXY=https://proxy.corp.example,direct`), and list the modules "
    "that must come from their repositories in GOPRIVATE (e.g. `ENV GOPRIVATE=git.corp.example`)."
)


_DIRECT_WHY = (
    "every module is cloned from its version control host instead of a module proxy, so the "
    "builder needs git and network access to each host, downloads are slower, and the build "
    "breaks when a tag is moved or a repository disappears (a proxy keeps its copy)"
)


class _Found(Record, frozen=False):
    setting: Setting
    severity: Severity
    run: GoRun  # the go command the message is about
    why: str  # what goes wrong, a clause
    fix: str
    lines: set[int]  # the go commands it reaches that are judged


def _first_entry(value: str) -> str:
    return value.replace("|", ",").split(",", 1)[0].strip()


def _needs(run: GoRun) -> tuple[bool | None, str]:
    """Whether the command needs modules to be downloaded (None: cannot be told), and why."""
    go = run.go
    if go.versioned or go.verb == "get" or go.cache is CacheWrite.MUST:
        return True, "it always fetches what it names"
    module = run.module
    if module is None:
        return None, "no go.mod is in view, so what it needs cannot be told"
    if module.gomod is None:
        return None, (
            "whether its go.mod requires any module (or a vendor directory comes with it) "
            "cannot be told without the build context"
        )
    count = len(module.gomod.requires)
    if not count:
        return False, ""
    label = posixpath.join(module.ctx_dir, "go.mod") if module.ctx_dir else "go.mod"
    plural = "s" if count != 1 else ""
    why = f"{label} requires {count} module{plural} (line {module.gomod.requires[0].line})"
    if module.vendor and go.verb in IGNORES_VENDOR:
        why += f", and `go {go.verb}` reads the module cache, not vendor/"
    elif module.vendor:
        why += ", and its vendor/ is used only with -mod=vendor (the go line is older than 1.14)"
    return True, why


def _cache_source(run: GoRun, step: Step, filled: set[str], copied: list[str]) -> bool:
    """Something may already hold the modules: a mount on the module cache, an earlier
    download into it, or a COPY into (or above) it."""
    if run.cache_mount is not None:
        return True
    cache = run.modcache
    if cache is None:
        return False
    for mount in step.mounts:
        if mount.type not in ("bind", "cache") or not mount.target:
            continue
        if is_at_or_below(cache, normalize(mount.target, step.before.workdir)):
            return True
    if cache in filled:
        return True
    return any(
        is_at_or_below(dest, cache) or (dest != "/" and is_at_or_below(cache, dest))
        for dest in copied
    )


def _off(
    run: GoRun, step: Step, filled: set[str], copied: list[str]
) -> tuple[Severity, str] | None:
    if _cache_source(run, step, filled, copied):
        return None
    needed, why = _needs(run)
    if needed is False:
        return None
    cache = run.modcache
    where = f" ({cache})" if cache else ""
    nothing = f"no cache mount, earlier download or COPY fills the module cache{where}"
    stops = "go stops with 'module lookup disabled by GOPROXY=off'"
    if step.before.image is None or cache is None:
        return Severity.WARNING, (
            f"{nothing} in this file, so unless the base image ships the modules it needs, {stops}"
        )
    if needed is None:
        return Severity.WARNING, f"{nothing}, and {why}: if it needs any module, {stops}"
    return Severity.ERROR, f"{why}; {nothing}: {stops}"


def _off_fix(run: GoRun) -> str:
    cache = run.modcache or "/go/pkg/mod"
    if run.go.versioned or run.go.verb == "get" or run.go.cache is CacheWrite.MUST:
        return (
            f"Let {run.display} use a proxy (drop GOPROXY=off for it, e.g. "
            "`GOPROXY=https://proxy.golang.org`), or fetch what it names in an earlier step."
        )
    return (
        "Fill the module cache before the proxy is turned off: run `go mod download` with the "
        f"default GOPROXY in an earlier step (or mount a cache: `RUN --mount=type=cache,"
        f"target={cache} …`), or vendor the dependencies (`go mod vendor`, commit vendor/ and "
        "copy it in)."
    )


def _direct_matters(run: GoRun, step: Step) -> bool:
    if step.before.go_image.at_least(13) is False:
        return False  # Go 1.12 and older fetch directly by default
    needed, _ = _needs(run)
    return needed is not False


def check(model: DockerfileModel) -> Iterator[Hit]:
    found: dict[tuple[int, int, str, str, str], _Found] = {}
    for chain in model.chains():
        files: EnvFiles = {}
        filled: set[str] = set()  # module caches an earlier command downloaded into
        copied: list[str] = []  # where COPY/ADD put files
        for step in chain:
            if step.copy is not None and not step.copy.heredoc:
                copied.append(step.copy.dest)
            for run in step.go:
                if may_fetch(run):
                    setting = go_setting(model, step, run, "GOPROXY", files)
                    first = _first_entry(setting.value) if setting is not None else ""
                    if setting is not None and setting.how is not How.IMAGE:
                        _judge(setting, first, run, step, filled, copied, found)
                    if first != "off" and run.modcache:
                        filled.add(run.modcache)
                files = with_env_writes(model, step, run, files)
    for entry in found.values():
        yield _hit(entry)


def _judge(
    setting: Setting,
    first: str,
    run: GoRun,
    step: Step,
    filled: set[str],
    copied: list[str],
    found: dict[tuple[int, int, str, str, str], _Found],
) -> None:
    judged: tuple[Severity, str, str] | None = None
    if first == "direct" and _direct_matters(run, step):
        judged = Severity.WARNING, _DIRECT_WHY, _DIRECT_FIX
    elif first == "off":
        off = _off(run, step, filled, copied)
        if off is not None:
            judged = off[0], off[1], _off_fix(run)
    if judged is None:
        return
    severity, why, fix = judged
    entry = found.get(setting.key)
    if entry is None:
        found[setting.key] = _Found(setting, severity, run, why, fix, {run.line})
        return
    entry.lines.add(run.line)
    if severity.rank > entry.severity.rank:
        found[setting.key] = _Found(setting, severity, run, why, fix, entry.lines)


def _hit(entry: _Found) -> Hit:
    setting = entry.setting
    run = entry.run
    subject = f"{setting.where} sets GOPROXY={setting.value}"
    if setting.how is How.ARG:
        subject += " (its default)"
    elif setting.how is How.GO_ENV_W:
        subject = f"{setting.where} saves GOPROXY={setting.value} in go's env file"
    others = other_lines(entry.lines, run.line)
    also = ""
    if others:
        verb = "do the go commands" if "," in others else "does the go command"
        also = f" (so {verb} at {others})"
    message = f"{subject}, and {run.display} at line {run.line} runs with it{also}: {entry.why}"
    return Hit(setting.span, message, entry.severity, entry.fix)


RULE = Rule(
    code="DG116",
    name="module-proxy-bypassed",
    severity=Severity.WARNING,
    summary=(
        "GOPROXY fetches modules straight from their repositories, or turns fetching off "
        "with nothing else to provide them."
    ),
    doc=__doc__ or "",
    check=check,
)
