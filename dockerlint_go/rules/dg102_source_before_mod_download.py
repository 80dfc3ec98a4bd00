"""## What it does
Finds a stage whose first module-resolving go command — `go mod download`, or the first
`go build`/`go test`/`go install`/`go run`/… when there is no download step — runs after a
`COPY` or `ADD` of the build context that brings in more than the dependency manifests
(`go.mod`, `go.sum`, `go.work`, `go.work.sum`, a `go.*` glob, `vendor/`). The finding sits on
that `COPY`.

Only the main module's dependencies count, and only files that can invalidate them. The rule
stays silent when:

- the build runs in GOPATH mode (`GO111MODULE=off`, a Go image older than 1.11, or
  `GO111MODULE` unset or `auto` where Go's own rules choose GOPATH mode: inside `$GOPATH/src`
  on Go 1.11 and 1.12, wherever no go.mod is found on 1.13 to 1.15): nothing is downloaded;
- no `go.mod` reaches the image before the command (only `main.go` is copied, say): there is
  nothing to download and no manifest to copy first. A go.mod counts when a COPY/ADD names it,
  a glob or directory copy brings it (looked up in the build context when it can be read;
  without a context a directory copy is taken to bring one), `go mod init` creates it, or a
  `git clone`, a remote `ADD` or an unpacked archive brings code;
- the module comes from `git clone`, `ADD <URL>`, an archive or another stage, or `go mod init`
  creates it in the image: there is no go.mod in the context to copy first, so the download
  cannot move before those files;
- the command is a tool install that ignores the main module (`go install pkg@version`,
  `go run pkg@version`): such commands are never the "first module-resolving command", and a
  later `go build ./...` is judged instead;
- the COPY lands outside the module's directory tree (a version file copied to `/version`);
- the command mounts a cache on the module cache (`RUN --mount=type=cache,target=/go/pkg/mod`),
  or the module cache was copied in from another stage first;
- the build is vendored: `-mod=vendor` or `GOFLAGS=-mod=vendor`, `vendor/` copied in, or the
  build context has `vendor/modules.txt` next to a go.mod whose `go` line is 1.14 or later
  (go then uses `-mod=vendor` by default), unless `-mod=mod`/`-mod=readonly` says otherwise;
- with a readable build context, the COPY brings only manifests (`COPY . .` under a
  `.dockerignore` of `*`, `!go.mod`, `!go.sum`).

A module that go.mod replaces with a local directory (`replace example.com/api => ./api`) is
read during the download, so its go.mod must come first. When the offending COPY brings only
files of such a directory, the message says so and the fix names the one file to copy first
(`api/go.mod`) instead of the general advice.

## Why is this bad?
The builder reuses a layer only while everything copied before it is unchanged. With the
sources copied first, any edit to any file invalidates the download step, and every build
fetches every dependency again. Copying the manifests first keeps the dependency layer
cached until `go.mod` or `go.sum` really change.

## Example
```dockerfile
FROM golang:1.22
WORKDIR /src
COPY . .
RUN go mod download
RUN go build -o /out/server ./cmd/server
```

## Use instead
```dockerfile
FROM golang:1.22
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN go build -o /out/server ./cmd/server
```

With BuildKit, a cache mount (`RUN --mount=type=cache,target=/go/pkg/mod go build …`) keeps
the modules between builds even when the layer is rebuilt.

`--fix` inserts the manifests COPY and `RUN go mod download` above the offending COPY, in the
same stage. The COPY names only the manifests the build context really has (`go.mod`, `go.sum`
if present; `go.work` and `go.work.sum` when a workspace applies, and the go.mod of each module
the workspace uses or a local `replace` points to) and lands them in the directory the go
command runs in (`./` at the WORKDIR, else that directory, with `cd` for the download). It
keeps the COPY's `--chown`, `--chmod` and `--link`, and the download gets the cache, secret and
ssh mounts of the go command's `RUN`; a lone `RUN go mod download` right after the sources moves
up instead of staying as a repeat. The fix is safe: the same modules are downloaded, only
before the sources arrive. No fix is offered without a readable build context (which manifests
exist is then unknown), when a manifest is copied already, when the COPY's source uses a
variable, a glob or several paths, when the go command runs somewhere other than go.mod's
directory, or when something between the COPY and the go command may prepare the download (a
`RUN`, `USER` or `SHELL`, an `ENV`/`ARG` of a Go, proxy or git setting, a variable set for the
go command alone, a bind mount).

## References
- [Docker build cache: order your layers](https://docs.docker.com/build/cache/optimize/)
- [Go modules reference: go mod download](https://go.dev/ref/mod#go-mod-download)
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator

from dockerlint_go.findings import Severity
from dockerlint_go.fixes import Applicability, Edit, Fix
from dockerlint_go.model.context import BuildContext, Kind, is_manifest, relative
from dockerlint_go.model.fs import is_at_or_below, normalize
from dockerlint_go.model.modules import MarkSource, Module
from dockerlint_go.model.parse import Instruction, ParsedDockerfile
from dockerlint_go.model.span import Span
from dockerlint_go.model.stages import CopySpec, DockerfileModel, GoRun, Step
from dockerlint_go.model.words import arg_pairs, env_pairs, split_words
from dockerlint_go.rules._rule import Hit, Rule, RuleKind


def _first_resolving(chain: tuple[Step, ...]) -> tuple[Step, GoRun] | None:
    resolving = [
        (step, run)
        for step in chain
        if step.instruction.keyword == "RUN"
        for run in step.go
        if run.main_module
    ]
    downloads = [(s, r) for s, r in resolving if r.go.verb == "mod download"]
    chosen = downloads or resolving
    return chosen[0] if chosen else None


def check(model: DockerfileModel) -> Iterator[Hit]:
    for chain in model.chains():
        found = _first_resolving(chain)
        if found is None:
            continue
        target_step, run = found
        module = run.module
        if run.cache_mount is not None or run.vendored or module is None:
            continue
        if not module.source.from_context:
            continue  # cloned, downloaded or copied from a stage: nothing to move first
        offending: tuple[Step, CopySpec, list[str]] | None = None
        for step in chain:
            if step is target_step:
                break
            spec = step.copy
            if spec is None:
                continue
            if (
                spec.from_stage is not None
                and run.modcache is not None
                and is_at_or_below(run.modcache, spec.dest)
            ):
                offending = None  # the cache comes from another stage: nothing to download
                break
            if not spec.from_context or offending is not None:
                continue
            if not (is_at_or_below(spec.dest, module.dir) or is_at_or_below(module.dir, spec.dest)):
                continue  # lands outside the module's tree
            if spec.extra is not None:
                extra = list(spec.extra)
            else:
                extra = [s for s in spec.sources if not is_manifest(s)]
            if extra:
                offending = (step, spec, extra)
        if offending is None:
            continue
        step, spec, extra = offending
        hit = _hit(step, spec, extra, run, _replaced_dirs(module))
        autofix = _autofix(model, chain, step, spec, target_step, run, module)
        yield hit if autofix is None else Hit(hit.span, hit.message, None, hit.fix, autofix)


def _replaced_dirs(module: Module) -> tuple[str, ...]:
    """The context directories of the module's local ``replace`` targets: go reads their
    go.mod during the download, so they must be in the image before it."""
    if module.gomod is None or module.ctx_dir is None:
        return ()
    dirs = []
    for replace in module.gomod.replaces:
        if replace.local and not replace.new_path.startswith("/"):
            joined = posixpath.normpath(posixpath.join(module.ctx_dir or ".", replace.new_path))
            if joined != ".." and not joined.startswith("../"):
                dirs.append("" if joined == "." else joined)
    return tuple(dirs)


def _hit(
    step: Step, spec: CopySpec, extra: list[str], run: GoRun, replaced: tuple[str, ...]
) -> Hit:
    shown = _quoted([s for s in spec.sources if not is_manifest(s)] or list(spec.sources))
    if spec.extra is not None:
        # What the build context really sends, sources first (dot files and Dockerfiles are
        # rarely what an edit touches).
        brought = sorted(extra, key=lambda p: (p.startswith("."), "ockerfile" in p, p))
        shown += f" (bringing {_quoted(brought)})"
    where = f"{step.instruction.keyword} at line {step.line}"
    command = f"{run.display} at line {run.line}"
    inside = [d for d in replaced if d and all(is_at_or_below(e, d) for e in extra)]
    if spec.extra is not None and inside:
        target = inside[0]
        message = (
            f"{where} copies {shown} from the build context before {command} resolves "
            f"modules: the download needs only the go.mod of the locally replaced module "
            f"'{target}', but an edit to any file it copies there invalidates the download step "
            "and every dependency is downloaded again"
        )
        fix = (
            f"Copy only '{target}/go.mod' (and its go.sum, if any) with the main go.mod and "
            f"go.sum, run `go mod download`, then copy the rest of '{target}'."
        )
        return Hit(step.instruction.span, message, None, fix)
    message = (
        f"{where} copies {shown} from the build context before {command} resolves modules: an "
        "edit to any file it copies invalidates the download step and every dependency is "
        "downloaded again"
    )
    fix = (
        "Copy only go.mod and go.sum first (and the go.mod of any module a local `replace` "
        "points to), run `go mod download`, then copy the rest (`COPY . .`); or mount a cache "
        "on the module cache (`RUN --mount=type=cache,target=/go/pkg/mod …`)."
    )
    return Hit(step.instruction.span, message, None, fix)


def _quoted(items: list[str]) -> str:
    return ", ".join(f"'{s}'" for s in items[:3]) + (" …" if len(items) > 3 else "")


# --------------------------------------------------------------------------------------------
# The fix: copy the manifests and download before the offending COPY

# Environment variables a go command reads when it fetches modules (or that choose the go
# binary): an ENV or ARG of one of them between the COPY and the go command, or set for the
# command alone, would make the inserted download differ from the original one.
_FETCH_ENV = re.compile(
    r"(?i)^(GO\w*|HOME|XDG_\w+|PATH|LD_\w+|GIT_\w+|SSH_\w+|NETRC|SSL_\w+|CURL_\w+|\w*PROXY)$"
)
# Variables go reads only to build (target platform, cgo): harmless for a download.
_BUILD_ONLY_ENV = frozenset(
    {"GOOS", "GOARCH", "GOARM", "GOARM64", "GOAMD64", "GO386", "GOMIPS", "GOMIPS64",
     "GOPPC64", "GORISCV64", "GOWASM"}
)  # fmt: skip
# Instructions that may sit between the offending COPY and the go command (ENV and ARG only
# when they set nothing a download reads; COPY/ADD only of more sources into the tree).
_BETWEEN_OK = frozenset({"LABEL", "EXPOSE", "WORKDIR", "ENV", "ARG", "COPY", "ADD"})
# Commands that may run before the go command in its RUN without preparing the download.
_HARMLESS_PROGRAMS = frozenset({"set", "echo", "printf", "true", ":", "cd", "pwd", "ls"})
_POSIX_SHELLS = frozenset({"sh", "bash", "ash", "dash", "ksh", "zsh"})
_PLAIN_PATH = re.compile(r"^[A-Za-z0-9._/+@-]+$")
_COPIED_FLAGS = frozenset({"chown", "chmod", "link"})


def _fetch_relevant(name: str) -> bool:
    return name not in _BUILD_ONLY_ENV and _FETCH_ENV.match(name) is not None


def _autofix(
    model: DockerfileModel,
    chain: tuple[Step, ...],
    step: Step,
    spec: CopySpec,
    target_step: Step,
    run: GoRun,
    module: Module,
) -> Fix | None:
    """Insert ``COPY <manifests> <dir>`` and ``RUN go mod download`` before the offending COPY,
    or None when any part of it cannot be told for sure."""
    context = model.context
    if context is None or module.gomod is None or module.ctx_dir is None:
        return None  # which manifests exist cannot be known
    if module.source is not MarkSource.CONTEXT or module.line != step.line:
        return None  # go.mod does not come with the offending COPY
    if step.stage != target_step.stage or _is_windows(model, step):
        return None
    ins = step.instruction
    tree = _copied_tree(ins, spec, context)
    if tree is None:
        return None
    ctx_root, dest = tree
    if _image_path(module.ctx_dir, ctx_root, dest) != module.dir:
        return None
    run_dir = _go_dir(run)
    if run_dir is None or run_dir != module.dir:
        return None
    index = chain.index(step)
    if any(_brings_manifest(s) for s in chain[:index]):
        return None  # a manifests COPY exists already: moving things around is the user's call
    if not _quiet_between(chain[index + 1 : chain.index(target_step)], module.dir):
        return None
    if not _plain_command(target_step, run) or run.user != step.before.user:
        return None
    mounts = _copied_mounts(target_step, run)
    if mounts is None:
        return None
    if any("$" in m for m in mounts) and _declares_between(chain, index, target_step):
        return None
    files = _manifests(context, module, ctx_root)
    if files is None:
        return None
    flags = _copy_flags(ins)
    if flags is None:
        return None
    workdir = step.before.workdir
    lines = []
    for image_dir, sources in _by_directory(files, ctx_root, dest):
        lines.append(" ".join(["COPY", *flags, *sources, _written_dir(image_dir, workdir)]))
    download = "go mod download"
    if run_dir != workdir:
        if not _posix_shell(step.before.shell) or not _PLAIN_PATH.match(run_dir):
            return None
        download = f"cd {run_dir} && {download}"
    lines.append(" ".join(["RUN", *mounts, download]))
    line = _insertion_line(model.parsed, step)
    indent = " " * (ins.span.column - 1)
    text = "".join(indent + part + "\n" for part in lines)
    edits = [Edit(Span(line, 1, line, 1), text)]
    if not mounts and run_dir == workdir and _lone_download(model.parsed, target_step, run):
        # The download after the COPY would only repeat the new one: it moves up instead.
        edits.append(_remove_line(model.parsed, target_step.instruction.span.line))
    return Fix(_title(files, ins), tuple(edits), Applicability.SAFE)


def _title(files: list[str], ins: Instruction) -> str:
    """The fix's title, such as ``Copy go.mod and go.sum and run `go mod download` before
    `COPY . .``` (no line number: the fixer recognises a fix by its title from one pass to the
    next, while lines move)."""
    names: list[str] = []
    for path in files:
        name = posixpath.basename(path)
        if name not in names:
            names.append(name)
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    written = " ".join(ins.value.split())
    copy = f"`{ins.keyword} {written}`" if len(written) <= 40 else f"the {ins.keyword}"
    return f"Copy {listed} and run `go mod download` before {copy}"


def _remove_line(parsed: ParsedDockerfile, line: int) -> Edit:
    """Remove a whole line with one line break: its own, or the one before it when it is the
    last line (the file keeps a final line break or its lack of one)."""
    lines = parsed.lines
    if line < len(lines):
        return Edit(Span(line, 1, line + 1, 1), "")
    return Edit(Span(line - 1, len(lines[line - 2]) + 1, line, len(lines[line - 1]) + 1), "")


def _lone_download(parsed: ParsedDockerfile, target_step: Step, run: GoRun) -> bool:
    """The go command's RUN is a one-line ``RUN go mod download`` and nothing else, without
    flags or a comment right above it: the fix can remove it whole."""
    ins = target_step.instruction
    return (
        run.go.command.argv == ("go", "mod", "download")
        and len(target_step.commands) == 1
        and not ins.flags
        and not ins.heredocs
        and ins.span.line == ins.span.end_line
        and 1 < ins.span.line <= len(parsed.lines)
        and _insertion_line(parsed, target_step) == ins.span.line
    )


def _is_windows(model: DockerfileModel, step: Step) -> bool:
    base = model.stages[step.stage].base.lower()
    return "windows" in base or "nanoserver" in base


def _copied_tree(ins: Instruction, spec: CopySpec, context: BuildContext) -> tuple[str, str] | None:
    """The context directory the COPY copies (one source, a directory, written without
    variables or globs) and the image directory it lands in."""
    if len(spec.sources) != 1:
        return None
    words = list(ins.exec_form) if ins.exec_form is not None else split_words(ins.value)
    if any("$" in w for w in words) or ins.heredocs:
        return None
    source = spec.sources[0]
    if any(c in source for c in "*?["):
        return None
    rel = relative(source)
    if rel is None or context.kind(rel) is not Kind.DIR:
        return None
    return rel, spec.dest


def _image_path(ctx_path: str, ctx_root: str, dest: str) -> str:
    rest = posixpath.relpath(ctx_path or ".", ctx_root or ".")
    return normalize(rest, dest)


def _go_dir(run: GoRun) -> str | None:
    if run.cwd is None:
        return None
    return normalize(run.go.chdir, run.cwd) if run.go.chdir else run.cwd


def _brings_manifest(step: Step) -> bool:
    spec = step.copy
    if spec is None or spec.heredoc or spec.remote:
        return False
    return any(is_manifest(s) for s in spec.sources)


def _quiet_between(steps: tuple[Step, ...], tree: str) -> bool:
    """Nothing between the offending COPY and the go command prepares the download: no RUN,
    USER or SHELL, no ENV/ARG a download reads, no COPY outside the module's tree."""
    for between in steps:
        ins = between.instruction
        if ins.keyword not in _BETWEEN_OK:
            return False
        if ins.keyword == "ENV" and any(_fetch_relevant(n) for n, _ in env_pairs(ins.value)):
            return False
        if ins.keyword == "ARG" and any(_fetch_relevant(n) for n, _ in arg_pairs(ins.value)):
            return False
        if ins.keyword in ("COPY", "ADD"):
            spec = between.copy
            if spec is None or not spec.from_context or not is_at_or_below(spec.dest, tree):
                return False
            if any(is_manifest(s) for s in spec.sources):
                return False
    return True


def _declares_between(chain: tuple[Step, ...], index: int, target_step: Step) -> bool:
    steps = chain[index + 1 : chain.index(target_step)]
    return any(s.instruction.keyword in ("ENV", "ARG") for s in steps)


def _plain_command(target_step: Step, run: GoRun) -> bool:
    """The go command downloads with nothing but the stage's settings: no wrapper, no
    variable a download reads set for it, no ``-modfile``, and only harmless commands before
    it in its RUN."""
    command = run.go.command
    if command.wrappers or command.env_reset or command.user is not None or command.opaque:
        return False
    if any(_fetch_relevant(name) for name, _ in command.env):
        return False
    if any(name == "modfile" for name, _ in run.go.flags):
        return False
    for other in target_step.commands:
        if other is command:
            return True
        if other.opaque or other.user is not None:
            return False
        if other.program == "go":
            verb = other.argv[1] if len(other.argv) > 1 else ""
            if verb == "version" or (verb == "env" and not {"-w", "-u"} & set(other.argv)):
                continue
            return False
        if other.program not in _HARMLESS_PROGRAMS:
            return False
    return False  # the go command was not found among the commands


def _copied_mounts(target_step: Step, run: GoRun) -> list[str] | None:
    """The ``--mount`` flags of the go command's RUN to give the download: its Go cache
    mounts and its secret and ssh mounts (a private module may need them); None when the RUN
    has another flag or mount whose part in the download cannot be told."""
    ins = target_step.instruction
    raw = [f for f in ins.flags if f.name == "mount"]
    if len(raw) != len(ins.flags) or len(raw) != len(target_step.mounts):
        return None
    copied = []
    for flag, mount in zip(raw, target_step.mounts, strict=True):
        if flag.value is None:
            return None
        if mount.type in ("secret", "ssh"):
            copied.append(f"--mount={flag.value}")
        elif mount.type == "cache" and mount.target is not None and mount.target.startswith("/"):
            if run.keeps_cache_in(normalize(mount.target)):
                copied.append(f"--mount={flag.value}")
        else:
            return None
    return copied


def _manifests(context: BuildContext, module: Module, ctx_root: str) -> list[str] | None:
    """The context paths to copy before the download, in order: the module's go.mod and
    go.sum; with a workspace, go.work, go.work.sum and the manifests of every module it uses;
    the go.mod of every local ``replace`` target. None when one of them is missing or lies
    outside the copied tree."""
    assert module.ctx_dir is not None
    files: list[str] = []

    def add(path: str) -> None:
        if path not in files:
            files.append(path)

    def join(directory: str, name: str) -> str:
        return posixpath.join(directory, name) if directory else name

    def inside(directory: str) -> bool:
        return not ctx_root or is_at_or_below(directory or ".", ctx_root)

    module_dirs = [module.ctx_dir]
    work: list[str] = []
    if module.work is not None:
        work_dir = module.work_dir or ""
        if not inside(work_dir):
            return None
        work.append(join(work_dir, "go.work"))
        if context.has_file(join(work_dir, "go.work.sum")):
            work.append(join(work_dir, "go.work.sum"))
        for use in module.work.uses:
            used = _local_dir(work_dir, use.path)
            if used is None:
                return None
            if used not in module_dirs:
                module_dirs.append(used)
        for entry in module.work.replaces:
            if entry.local:
                target = _local_dir(work_dir, entry.new_path)
                if target is None:
                    return None
                if target not in module_dirs:
                    module_dirs.append(target)
    for directory in list(module_dirs):
        gomod = context.gomod(directory)
        if gomod is None:
            return None
        for entry in gomod.replaces:
            if entry.local:
                target = _local_dir(directory, entry.new_path)
                if target is None:
                    return None
                if target not in module_dirs:
                    module_dirs.append(target)
    for position, directory in enumerate(module_dirs):
        if not inside(directory) or not context.has_file(join(directory, "go.mod")):
            return None
        add(join(directory, "go.mod"))
        if context.has_file(join(directory, "go.sum")):
            add(join(directory, "go.sum"))
        if position == 0:
            for path in work:  # go.work next: "COPY go.mod go.sum go.work go.work.sum ./"
                add(path)
    if any(not _PLAIN_PATH.match(f) for f in files):
        return None
    return files


def _local_dir(base: str, path: str) -> str | None:
    """A directory path of go.mod/go.work (relative to ``base``) as a context path; None when
    it is absolute or leaves the context."""
    if path.startswith(("/", "\\")) or path[1:2] == ":":
        return None
    joined = posixpath.normpath(posixpath.join(base or ".", path))
    if joined == ".." or joined.startswith("../"):
        return None
    return "" if joined == "." else joined


def _by_directory(files: list[str], ctx_root: str, dest: str) -> list[tuple[str, list[str]]]:
    """The files grouped by the image directory they land in, in order of first appearance."""
    groups: dict[str, list[str]] = {}
    for path in files:
        image_dir = _image_path(posixpath.dirname(path), ctx_root, dest)
        groups.setdefault(image_dir, []).append(path)
    return list(groups.items())


def _written_dir(image_dir: str, workdir: str) -> str:
    if image_dir == workdir:
        return "./"
    if is_at_or_below(image_dir, workdir):
        return "./" + posixpath.relpath(image_dir, workdir) + "/"
    return image_dir.rstrip("/") + "/"


def _copy_flags(ins: Instruction) -> list[str] | None:
    """The offending COPY's --chown/--chmod/--link flags, as written, for the manifests COPY;
    None when it has another flag (--exclude, --parents, …)."""
    flags = []
    for flag in ins.flags:
        if flag.name not in _COPIED_FLAGS:
            return None
        flags.append(f"--{flag.name}" if flag.value is None else f"--{flag.name}={flag.value}")
    return flags


def _posix_shell(shell: tuple[str, ...]) -> bool:
    return len(shell) >= 2 and shell[-1] == "-c" and posixpath.basename(shell[0]) in _POSIX_SHELLS


def _insertion_line(parsed: ParsedDockerfile, step: Step) -> int:
    """The line to insert before: the offending instruction's, or the first line of the block
    of comments right above it (they are about it, and a suppression there names it)."""
    ins = step.instruction
    floor = 0
    if ins.index > 0:
        floor = parsed.instructions[ins.index - 1].span.end_line
    line = ins.span.line
    while line - 1 > floor and parsed.lines[line - 2].lstrip().startswith("#"):
        line -= 1
    return line


RULE = Rule(
    code="DG102",
    name="source-before-mod-download",
    severity=Severity.WARNING,
    summary="Sources are copied before the module download, so every edit re-downloads modules.",
    doc=__doc__ or "",
    check=check,
    kind=RuleKind.PERFORMANCE,
    fixable=Applicability.SAFE,
)
