"""## What it does
Follows the binary a runtime stage runs (its `ENTRYPOINT`, or `CMD` when there is no
`ENTRYPOINT`) back through `COPY --from` to the `go build` (or `go install`) that wrote it,
and reports the `COPY --from` when that binary is likely linked dynamically against a C
library the runtime image does not have:

- the runtime image has no C library at all: `scratch`, or a distroless `static` image
  (`gcr.io/distroless/static`, `static-debian12`, their `:nonroot` variants); or
- the runtime image is Alpine (musl) and the binary was built against glibc (a Debian-based
  `golang` image), unless the stage installs `gcompat` or `libc6-compat`.

A Go binary is dynamic only when cgo is on **and** the program uses a package that needs it.
Cgo is on by default. The Debian-based `golang` images ship gcc, so it stays on there; in
the `golang:*-alpine` images there is no C compiler, and Go 1.20 and later then turn cgo off
by themselves (the rule stays silent for an Alpine builder unless it installs `gcc`,
`build-base` or `clang`, sets `CC`, or sets `CGO_ENABLED=1`). Cgo counts as off with
`CGO_ENABLED=0` from an `ENV`, an `ARG` or the command's own prefix. With cgo on, the binary
is still static when it was linked with `-ldflags '-linkmode external -extldflags "-static"'`,
or built with `-tags netgo,osusergo` and uses no other cgo. `-ldflags '-extldflags
"-static"'` alone does not help a program whose only cgo is in `net` or `os/user`: go links
those with its internal linker, which ignores `-extldflags`.

What the program uses decides the severity:

- **error** when the build context shows the built package, or a package of its module (or
  its `vendor/` tree) that it imports, importing `net` (or a standard package that imports it,
  such as `net/http` or `crypto/tls`), `os/user`, or `import "C"`;
- **warning** when that cannot be known: there is no build context, or the program imports a
  module whose source is not sent, or a standard package the rule does not know;
- nothing when every package it imports is known to be free of cgo: such a program is static
  even with cgo on.

It also stays silent where cgo may be off without the file saying so: a build that sets
`GOARCH` from a variable (`$TARGETARCH`) or runs in a `FROM --platform=…` stage may be
cross-compiling, and go turns cgo off then; a `go env -w` of `CGO_ENABLED`, `GOOS` or
`GOARCH` earlier in the stage hides the setting; a base image other than the official
`golang` one may have no C compiler. A shell-form `ENTRYPOINT` on an image without a shell is
not followed (it fails before the program starts, for another reason).

The finding names the binary, the build line, the runtime image and why the binary is
dynamic. A musl binary run on a glibc image fails the same way but is not reported, and
neither are the distroless `base` and `cc` images, which carry glibc.

## Why is this bad?
A dynamically linked program names its loader (`/lib64/ld-linux-x86-64.so.2`, or
`/lib/ld-musl-x86_64.so.1`) and the C library in its header. When the runtime image lacks
them, the kernel cannot start it, and the container exits at once with `exec /app: no such
file or directory`, although `/app` is right there. The build itself passes, so the mistake
shows only when the image runs, and it is easy to add later: a new `net/http` import or a
dependency that uses `os/user` turns a static binary into a dynamic one.

## Example
```dockerfile
FROM golang:1.22 AS build
WORKDIR /src
COPY . .
RUN go build -o /out/app .

FROM scratch
COPY --from=build /out/app /app
ENTRYPOINT ["/app"]
```

## Use instead
```dockerfile
FROM golang:1.22 AS build
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /out/app .

FROM scratch
COPY --from=build /out/app /app
ENTRYPOINT ["/app"]
```

When the program needs cgo (`import "C"`, a SQLite driver), run it on an image that has the
same C library as the builder (`gcr.io/distroless/base-debian12` for a Debian-based
`golang` image), or link it statically with `-ldflags '-linkmode external -extldflags
"-static"'`. Without other cgo, `-tags netgo,osusergo` also gives a static binary.

## References
- [cgo: CGO_ENABLED and the C compiler](https://pkg.go.dev/cmd/cgo)
- [The net package: name resolution and the netgo tag](https://pkg.go.dev/net#hdr-Name_Resolution)
- [The os/user package and the osusergo tag](https://pkg.go.dev/os/user)
- [Distroless images: static, base and cc](https://github.com/GoogleContainerTools/distroless/blob/main/base/README.md)
"""

from __future__ import annotations

import posixpath
import shlex
from collections.abc import Iterator

from dockerlint_go.findings import Severity
from dockerlint_go.model.fs import is_at_or_below, normalize
from dockerlint_go.model.gocmd import goflags_value
from dockerlint_go.model.goimports import CgoUse, Linkage, package_linkage
from dockerlint_go.model.images import image_defaults, split_reference
from dockerlint_go.model.modules import ModuleMode
from dockerlint_go.model.stages import DockerfileModel, GoRun, Stage, Step
from dockerlint_go.model.stepfacts import go_dir
from dockerlint_go.record import Record
from dockerlint_go.rules._rule import Hit, Rule

_DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
_COMPILERS = frozenset({"gcc", "build-base", "clang"})
_GLIBC_SHIMS = frozenset({"gcompat", "libc6-compat"})
_LIB_DIRS = ("/lib", "/lib64", "/usr/lib", "/usr/lib64", "/usr/local/lib")
_MAX_HOPS = 6
_GO_ENV_NAMES = frozenset({"CGO_ENABLED", "GOOS", "GOARCH", "CC"})


class _Binary(Record):
    """A binary a go command wrote, as found from a COPY --from."""

    run: GoRun
    step: Step
    path: str  # where the go command wrote it, in its own stage


class _Runtime(Record):
    label: str  # "scratch", "gcr.io/distroless/static-debian12:nonroot", …
    libc: str  # "none" or "musl"


def check(model: DockerfileModel) -> Iterator[Hit]:
    seen: set[int] = set()
    known: dict[tuple[int, str], list[_Binary]] = {}
    for stage in model.stages:
        runtime = _runtime(model, stage)
        if runtime is None:
            continue
        entry = _entry(model, stage, shell=runtime.libc != "none")
        if entry is None:
            continue
        entry_step, program, candidates = entry
        chain = model.chain(stage)
        if _provides_libc(chain, runtime):
            continue
        for step in chain:
            spec = step.copy
            if spec is None or spec.from_stage is None or step.line in seen:
                continue
            for source in spec.sources:
                src = normalize(source, "/")
                for binary in _produced(model, spec.from_stage, src, known):
                    dests = _destinations(binary.path, src, spec.dest, spec.dest_is_dir)
                    landed = next((d for d in dests if d in candidates), None)
                    if landed is None:
                        continue
                    hit = _judge(model, step, binary, landed, runtime, entry_step, program)
                    if hit is not None and step.line not in seen:
                        seen.add(step.line)
                        yield hit


def _runtime(model: DockerfileModel, stage: Stage) -> _Runtime | None:
    base = model.lineage(stage)[0].base
    name, _ = split_reference(base)
    if name == "scratch":
        return _Runtime(label="scratch", libc="none")
    if name.startswith("gcr.io/distroless/static"):
        return _Runtime(label=base.strip(), libc="none")
    if name == "alpine":
        return _Runtime(label=base.strip(), libc="musl")
    return None


def _entry(
    model: DockerfileModel, stage: Stage, *, shell: bool
) -> tuple[Step, str, frozenset[str]] | None:
    """The ENTRYPOINT (or CMD) step the container runs, its program, and the absolute paths
    that program may be. The shell form is followed only on an image with a shell: without
    one it fails before the program is reached."""
    entrypoint: Step | None = None
    cmd: Step | None = None
    for step in model.chain(stage):
        if step.instruction.keyword == "ENTRYPOINT":
            entrypoint, cmd = step, None
        elif step.instruction.keyword == "CMD":
            cmd = step
    chosen = entrypoint or cmd
    if chosen is None:
        return None
    ins = chosen.instruction
    if ins.exec_form is not None:
        program = ins.exec_form[0] if ins.exec_form else ""
    elif shell and chosen.commands and chosen.commands[0].argv:
        program = chosen.commands[0].argv[0]
    else:
        return None
    if not program or "$" in program:
        return None
    final = stage.final
    if "/" in program:
        return chosen, program, frozenset({normalize(program, final.workdir)})
    path = final.env.get("PATH") or _DEFAULT_PATH
    dirs = [d for d in path.split(":") if d.startswith("/")]
    return chosen, program, frozenset(normalize(posixpath.join(d, program)) for d in dirs)


def _provides_libc(chain: tuple[Step, ...], runtime: _Runtime) -> bool:
    """The runtime stage brings a C library itself: a glibc shim on Alpine, or library
    directories copied from another stage."""
    for step in chain:
        for command in step.commands:
            if command.program == "apk" and _GLIBC_SHIMS.intersection(command.argv):
                return True
        spec = step.copy
        if spec is not None and spec.from_stage is not None:
            for source in spec.sources:
                src = normalize(source, "/")
                if any(is_at_or_below(src, d) for d in _LIB_DIRS) and runtime.libc == "none":
                    return True
                if "ld-linux" in src or "ld-musl" in src:
                    return True
    return False


def _produced(
    model: DockerfileModel,
    index: int,
    src: str,
    known: dict[tuple[int, str], list[_Binary]],
    hops: int = 0,
) -> list[_Binary]:
    """The binaries at or below ``src`` in stage ``index``, with the go command that wrote
    each (following COPY --from through earlier stages).

    ``known`` holds the answers of this check, so that each (stage, source) pair is followed
    once: stages that copy from each other again and again (or from themselves, in a file whose
    stage names repeat) made the walk exponential. A pair still being followed counts as empty.
    """
    key = (index, src)
    if key in known:
        return known[key]
    if hops > _MAX_HOPS or index >= len(model.stages):
        return []
    known[key] = []  # a cycle back to this pair finds nothing new
    found: dict[str, _Binary] = {}
    for step in model.chain(model.stages[index]):
        for run in step.go:
            for path in _outputs(run, step):
                if is_at_or_below(path, src):
                    found[path] = _Binary(run=run, step=step, path=path)
        spec = step.copy
        if spec is not None and spec.from_stage is not None:
            for source in spec.sources:
                inner = normalize(source, "/")
                for binary in _produced(model, spec.from_stage, inner, known, hops + 1):
                    for dest in _destinations(binary.path, inner, spec.dest, spec.dest_is_dir):
                        if is_at_or_below(dest, src):
                            found[dest] = _Binary(run=binary.run, step=binary.step, path=dest)
    result = list(found.values())
    known[key] = result
    return result


def _outputs(run: GoRun, step: Step) -> list[str]:
    go = run.go
    if go.verb == "build":
        paths = []
        for written in go.writes:
            if written.endswith("/") or "<" in written:
                continue
            target = run.target(written)
            if target is not None:
                paths.append(target)
        return paths
    if go.verb == "install" and not go.versioned and len(go.operands) == 1:
        name = posixpath.basename(go.operands[0].rstrip("/"))
        if name in ("", ".", "..") or "..." in go.operands[0]:
            return []
        gobin = run.go.command.env_value("GOBIN") or step.before.env.get("GOBIN")
        if gobin:
            return [normalize(gobin)]
        if run.env.gopath:
            return [normalize(posixpath.join(run.env.gopath, "bin", name))]
    return []


def _destinations(binary: str, src: str, dest: str, dest_is_dir: bool) -> tuple[str, ...]:
    """Where COPY puts ``binary`` (at or below its source ``src``) in the target stage."""
    if binary != src:
        return (normalize(posixpath.join(dest, posixpath.relpath(binary, src))),)
    into = normalize(posixpath.join(dest, posixpath.basename(binary)))
    # Without a trailing slash, COPY still copies into ``dest`` when it is an existing
    # directory, which the file cannot always tell.
    return (into,) if dest_is_dir else (dest, into)


class _Cgo(Record):
    libc: str  # "glibc", "musl" or "" (unknown)
    why: str  # why cgo is on, in a few words


def _cgo(model: DockerfileModel, binary: _Binary) -> _Cgo | None:
    """Whether cgo is on for the build (None: off, or cannot be told)."""
    run, step = binary.run, binary.step
    root = model.lineage(model.stages[step.stage])[0]
    image = image_defaults(root.base)
    family = "" if image is None else image.family
    musl = image is not None and image.busybox
    libc = "musl" if musl else "glibc" if family in ("golang", "debian") else ""
    if _env_written(model, step):
        return None  # ``go env -w CGO_ENABLED=…`` moved the setting out of sight
    goos = _setting(run, step, "GOOS")
    if goos and goos != "linux":
        return None  # not a Linux binary: nothing this rule knows about
    value = _setting(run, step, "CGO_ENABLED")
    origin = "CGO_ENABLED=1 on the command"
    if run.go.command.env_value("CGO_ENABLED") is None and "CGO_ENABLED" in step.before.env:
        line = step.before.env_lines.get("CGO_ENABLED")
        origin = f"CGO_ENABLED=1 (line {line})" if line else "the image's CGO_ENABLED=1"
    elif run.go.command.env_value("CGO_ENABLED") is None:
        origin = "the build argument CGO_ENABLED=1"
    value = (value or "").strip()
    if value == "1":
        return _Cgo(libc=libc, why=origin)
    if value:
        return None  # "0", or a value the file does not tell
    goarch = _setting(run, step, "GOARCH")
    if goarch and ("$" in goarch or root.steps[0].instruction.flag("platform")):
        return None  # maybe a cross-compilation, where go turns cgo off by default
    if family != "golang":
        return None  # whether the image has a C compiler is not known
    if not musl:
        return _Cgo(libc="glibc", why=f"CGO_ENABLED is not set and {root.base} ships gcc")
    compiler = _compiler(model, step)
    if compiler:
        return _Cgo(libc="musl", why=f"CGO_ENABLED is not set and {compiler}")
    return None  # Alpine without a C compiler: Go >= 1.20 turns cgo off (older: not judged)


def _setting(run: GoRun, step: Step, name: str) -> str | None:
    """A variable as the go command sees it: its own prefix or export, then ENV, then ARG."""
    value = run.go.command.env_value(name)
    if value is None:
        value = step.before.env.get(name)
    if value is None:
        value = step.before.args.get(name)
    return value


def _env_written(model: DockerfileModel, build: Step) -> bool:
    """A ``go env -w`` before the build set CGO_ENABLED, GOOS or GOARCH in go's own config."""
    for step in model.chain(model.stages[build.stage]):
        if step is build:
            return False
        for run in step.go:
            argv = run.go.command.argv
            names = {a.split("=", 1)[0] for a in argv}
            if run.go.verb == "env" and "-w" in argv and names & _GO_ENV_NAMES:
                return True
    return False


def _compiler(model: DockerfileModel, build: Step) -> str:
    """How the Alpine build stage gets a C compiler before ``build`` ("" when it does not)."""
    if build.before.env.get("CC"):
        return "CC is set"
    for step in model.chain(model.stages[build.stage]):
        if step is build:
            break
        for command in step.commands:
            if command.program == "apk" and "add" in command.argv:
                found = sorted(_COMPILERS.intersection(command.argv))
                if found:
                    return f"line {step.line + command.line} installs {found[0]}"
    return ""


def _build_flags(run: GoRun) -> tuple[set[str], str]:
    """(the build tags, the -ldflags value), from the command line, else GOFLAGS."""
    tags = run.go.flag("tags") or goflags_value(run.env.goflags, "tags") or ""
    ldflags = run.go.flag("ldflags") or goflags_value(run.env.goflags, "ldflags") or ""
    return set(tags.replace(",", " ").split()), ldflags


def _ld_words(ldflags: str) -> list[str]:
    try:
        return shlex.split(ldflags)
    except ValueError:
        return ldflags.split()


def _links_statically(ldflags: str) -> tuple[bool, bool]:
    """(external linking with -static: a static file, -extldflags with -static at all)."""
    words = _ld_words(ldflags)
    external = False
    ext_static = False
    for index, word in enumerate(words):
        name, eq, value = word.lstrip("-").partition("=")
        if name == "linkmode" and word.startswith("-"):
            mode = value if eq else (words[index + 1] if index + 1 < len(words) else "")
            external = mode == "external"
        if name == "extldflags" and word.startswith("-"):
            given = value if eq else (words[index + 1] if index + 1 < len(words) else "")
            ext_static = "-static" in _ld_words(given)
    return external and ext_static, ext_static


def _linkage(model: DockerfileModel, run: GoRun, netgo: bool, osusergo: bool) -> Linkage | None:
    """What the build context says about the built program (None: no context to read)."""
    context = model.context
    module = run.module
    if context is None:
        return None
    if (
        module is None
        or module.ctx_dir is None
        or module.gomod is None
        or not module.gomod.module
        or run.mode is not ModuleMode.MODULE
    ):
        return Linkage(unknown="the built package cannot be found in the build context")
    where = go_dir(run.go, run.cwd)
    operands = [o for o in run.go.operands if not o.startswith("-")] or ["."]
    if where is None or any("..." in o for o in operands):
        return Linkage(unknown="the built package cannot be found in the build context")
    files: tuple[str, ...] | None = None
    if all(o.endswith(".go") for o in operands):
        rels = [_in_context(normalize(o, where), module.dir, module.ctx_dir) for o in operands]
        if any(r is None for r in rels):
            return Linkage(unknown="the built files are not in the build context")
        files = tuple(r for r in rels if r is not None)
        directory = posixpath.dirname(files[0])
    elif len(operands) == 1:
        operand = operands[0]
        module_path = module.gomod.module
        if operand == module_path or operand.startswith(module_path + "/"):
            operand = "./" + operand[len(module_path) :].lstrip("/")
        if not operand.startswith((".", "/")):
            return Linkage(unknown=f"the package {operand} is not in the build context")
        rel = _in_context(normalize(operand, where), module.dir, module.ctx_dir)
        if rel is None:
            return Linkage(unknown="the built package is not in the build context")
        directory = rel
    else:
        return Linkage(unknown="several packages are built")
    return package_linkage(
        context,
        directory,
        module.ctx_dir,
        module.gomod.module,
        netgo=netgo,
        osusergo=osusergo,
        files=files,
    )


def _in_context(image_path: str, module_dir: str, ctx_dir: str) -> str | None:
    below = posixpath.relpath(image_path, module_dir)
    if below == ".." or below.startswith("../"):
        return None
    rel = posixpath.normpath(posixpath.join(ctx_dir or ".", below))
    return "" if rel == "." else rel


def _judge(
    model: DockerfileModel,
    copy: Step,
    binary: _Binary,
    landed: str,
    runtime: _Runtime,
    entry: Step,
    program: str,
) -> Hit | None:
    cgo = _cgo(model, binary)
    if cgo is None:
        return None
    if runtime.libc == "musl" and cgo.libc != "glibc":
        return None  # same C library, or the builder's cannot be told
    run = binary.run
    tags, ldflags = _build_flags(run)
    static, ext_static = _links_statically(ldflags)
    if static:
        return None
    netgo, osusergo = "netgo" in tags, "osusergo" in tags
    linkage = _linkage(model, run, netgo, osusergo)
    libc = cgo.libc or "the C library"
    if linkage is not None and linkage.cgo is not None:
        if ext_static and linkage.cgo.imported == "C":
            return None  # cgo code is linked externally, where -extldflags "-static" applies
        severity = Severity.ERROR
        use: CgoUse | None = linkage.cgo
        why = (
            f'{linkage.cgo.file} imports "{linkage.cgo.imported}", so it is linked '
            f"dynamically against {libc}"
        )
        outcome = "so"
    else:
        if linkage is not None and not linkage.unknown:
            return None  # every import is known to be free of cgo: a static binary
        if netgo and osusergo:
            return None  # static unless a dependency uses cgo, which nothing shows
        severity = Severity.WARNING
        use = None
        reason = linkage.unknown if linkage is not None else "no build context shows its imports"
        users = [u for u, tag in (("net", netgo), ("os/user", osusergo)) if not tag]
        why = (
            f"it is linked dynamically against {libc} if the program uses "
            f"{', '.join([*users, 'cgo code'])}, directly or through a dependency, which "
            f"cannot be told here ({reason})"
        )
        outcome = "and then"
    if ext_static:
        why += '; `-extldflags "-static"` alone does not change that: go links it internally'
    builder = model.stages[binary.step.stage]
    source = f"{builder.label} ({model.lineage(builder)[0].base})"
    lacks = (
        "has no C library or dynamic loader"
        if runtime.libc == "none"
        else "has musl, not the glibc loader it needs"
    )
    keyword = entry.instruction.keyword
    message = (
        f"{landed} is built by {run.display} at line {run.line} in {source} with cgo on "
        f"({cgo.why}); {why}. {runtime.label} {lacks}, {outcome} the {keyword} at line "
        f"{entry.line} fails with `exec {program}: no such file or directory`"
    )
    if cgo.libc == "musl":
        same = "an Alpine image"
    elif cgo.libc == "glibc":
        same = "a glibc image such as `gcr.io/distroless/base-debian12`"
    else:
        same = "an image with the builder's C library"
    if use is not None and use.imported == "C":
        fix = (
            f"Run it on {same}, or link it statically with "
            f"`-ldflags '-linkmode external -extldflags \"-static\"'` on line {run.line}."
        )
    else:
        fix = (
            f"Build it with `CGO_ENABLED=0` on line {run.line} (or `-tags netgo,osusergo`); "
            f"if it needs cgo, run it on {same}."
        )
    return Hit(copy.instruction.span, message, severity, fix)


RULE = Rule(
    code="DG113",
    name="cgo-binary-in-static-image",
    severity=Severity.ERROR,
    summary="A binary built with cgo runs on an image without the C library it links against.",
    doc=__doc__ or "",
    check=check,
)
