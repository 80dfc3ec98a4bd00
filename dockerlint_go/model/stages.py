"""The stage graph and the build-state fold.

Each instruction gets the state *before* it runs: user, workdir, ENV/ARG values, shell, the
accounts and file ownership the build has established, and (for RUN/CMD/ENTRYPOINT) the go
commands it runs with their effective user, directory and Go environment. ``FROM <stage>``
starts from that stage's final state. Rules read this model; they never re-track state.
"""

from __future__ import annotations

import functools
import posixpath
from collections.abc import Callable, Mapping
from types import MappingProxyType

from dockerlint_go.model.context import BuildContext, ContextProblem
from dockerlint_go.model.effects import command_facts
from dockerlint_go.model.expand import expand
from dockerlint_go.model.fs import FileSystem, Origin, PathFact, Scope, is_at_or_below, normalize
from dockerlint_go.model.gocmd import CacheWrite, GoCommand, classify_go
from dockerlint_go.model.goenv import GoEnv, go_env
from dockerlint_go.model.images import (
    NO_GO,
    Account,
    ImageDefaults,
    ImageGo,
    image_defaults,
    image_go,
    parse_version,
)
from dockerlint_go.model.modules import (
    MarkSource,
    Module,
    ModuleMark,
    ModuleMode,
    effective_mod_flag,
    find_module,
    module_mode,
    vendored_by_default,
)
from dockerlint_go.model.mounts import Mount, parse_mounts
from dockerlint_go.model.parse import Instruction, ParsedDockerfile
from dockerlint_go.model.shell import Command, instruction_commands
from dockerlint_go.model.stepfacts import (
    cache_fill,
    command_cwd,
    context_marks,
    go_dir,
    is_vendor,
    named_marks,
    note_downloads,
    with_context,
)
from dockerlint_go.model.users import (
    UNKNOWN_USER,
    User,
    account_created,
    resolve_user,
    same_owner,
)
from dockerlint_go.model.words import arg_pairs, env_pairs, split_words, unquote
from dockerlint_go.record import Record, field, replace

_EMPTY: Mapping[str, str] = MappingProxyType({})
_NO_LINES: Mapping[str, int] = MappingProxyType({})
_DEFAULT_SHELL = ("/bin/sh", "-c")
_BUILTIN_ARGS = frozenset(
    {"TARGETPLATFORM", "TARGETOS", "TARGETARCH", "TARGETVARIANT", "BUILDPLATFORM", "BUILDOS",
     "BUILDARCH", "BUILDVARIANT", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "FTP_PROXY"}
)  # fmt: skip


class State(Record):
    """The build state before an instruction runs."""

    image: ImageDefaults | None  # what we know of the stage's base image (None: unknown)
    user: User
    workdir: str
    env: Mapping[str, str]  # ENV values, the base image's included
    env_lines: Mapping[str, int]  # the ENV line that set each variable (absent: base image)
    args: Mapping[str, str]  # ARG values in scope
    shell: tuple[str, ...]
    accounts: Mapping[str, Account]
    fs: FileSystem
    go_image: ImageGo = NO_GO  # the Go toolchain of the stage, as far as it is known
    marks: tuple[ModuleMark, ...] = ()  # where go.mod files may be (see model.modules)

    @property
    def passwd_known(self) -> bool:
        return self.image is not None

    def evolve(
        self,
        *,
        user: User | None = None,
        workdir: str | None = None,
        env: Mapping[str, str] | None = None,
        env_lines: Mapping[str, int] | None = None,
        args: Mapping[str, str] | None = None,
        shell: tuple[str, ...] | None = None,
        accounts: Mapping[str, Account] | None = None,
        fs: FileSystem | None = None,
        go_image: ImageGo | None = None,
        marks: tuple[ModuleMark, ...] | None = None,
    ) -> State:
        """A copy with some fields changed (``replace`` by keyword is several times slower,
        and the fold makes one or two per instruction)."""
        return State(
            self.image,
            self.user if user is None else user,
            self.workdir if workdir is None else workdir,
            self.env if env is None else env,
            self.env_lines if env_lines is None else env_lines,
            self.args if args is None else args,
            self.shell if shell is None else shell,
            self.accounts if accounts is None else accounts,
            self.fs if fs is None else fs,
            self.go_image if go_image is None else go_image,
            self.marks if marks is None else marks,
        )

    @property
    def variables(self) -> Mapping[str, str]:
        """What Dockerfile substitution sees: ARG values, overridden by ENV."""
        return {**self.args, **self.env}

    def go(
        self,
        user: User | None = None,
        command_env: Mapping[str, str] | None = None,
        *,
        inherit: bool = True,
        build: bool = True,
    ) -> GoEnv:
        """The Go environment of a command run by ``user`` (default: the current USER).

        ``inherit=False`` is for a command whose wrapper reset the environment (``sudo``
        without ``-E``, ``env -i``, ``su -``): ENV values do not reach it, only HOME.
        ``build=False`` is for CMD/ENTRYPOINT: ARG values do not reach the running container.
        """
        who = user or self.user
        if not inherit:
            return go_env({}, {}, who.home, image_known=True, command_env=command_env)
        return go_env(
            self.env,
            self.env_lines,
            who.home,
            image_known=self.image is not None,
            command_env=command_env,
            build_args=self.args if build else None,
        )

    def resolve_user(self, spec: str | None, line: int) -> User:
        return resolve_user(spec, self.accounts, line, passwd_known=self.passwd_known)

    def access(self, user: User, path: str) -> Access:
        """Whether ``user`` can write ``path`` (or create it, when it does not exist)."""
        fact = self.fs.fact_for(path)
        exists = fact is not None
        checked = path
        if fact is None:
            found = self.fs.nearest(path)
            if found is None:
                return Access(None, path, None, None)
            checked, fact = found
        if user.is_root:
            return Access(True, checked, fact, exists)
        if fact.mode is not None and fact.mode & 0o002:
            return Access(True, checked, fact, exists)
        same = same_owner(fact.owner, user, self.accounts)
        return Access(same, checked, fact, exists)


class Access(Record):
    """The answer to "can this user write that path?"."""

    writable: bool | None  # None: cannot be told
    checked: str  # the path whose ownership decided: the path itself or its nearest known ancestor
    fact: PathFact | None  # the fact about ``checked``
    exists: bool | None  # whether the path itself is known to exist


class GoRun(Record):
    """A go command as it runs in a step."""

    go: GoCommand
    user: User  # who runs it (``sudo -u`` included; CMD/ENTRYPOINT: the stage's final USER)
    env: GoEnv
    cwd: str | None  # absolute directory it runs in; None after a ``cd`` we cannot follow
    line: int  # 1-based line of the command in the file
    cache_mount: Mount | None  # a cache mount covering env.gomodcache
    vendored: bool  # -mod=vendor on the command line or in GOFLAGS, or a vendor/ copied in
    module: Module | None = None  # the go.mod it finds at or above its directory
    mode: ModuleMode = ModuleMode.UNKNOWN  # module or GOPATH mode
    mode_reason: str = ""  # why, in a few words ("GO111MODULE=off", …)

    @property
    def module_mode(self) -> bool:
        """The command runs in module mode: modules are resolved, the module cache is used."""
        return self.mode is ModuleMode.MODULE

    @property
    def main_module(self) -> bool:
        """The command resolves the dependencies of the main module (the go.mod found at or
        above its directory): not a GOPATH-mode build, not a tool installed with
        ``pkg@version``, not a command run where no go.mod is found."""
        return (
            self.go.resolves_modules
            and self.mode is ModuleMode.MODULE
            and self.module is not None
            and not self.go.versioned
        )

    @property
    def modcache(self) -> str | None:
        return self.env.gomodcache

    @property
    def display(self) -> str:
        """The command as a short quoted snippet for messages: ```go build -o app .```."""
        text = " ".join(self.go.command.argv)
        if len(text) > 60:
            text = text[:57].rstrip() + "…"
        return f"`{text}`"

    def keeps_cache_in(self, mount_target: str) -> bool:
        """A mount on ``mount_target`` (absolute, normalised) holds part of this command's caches
        (its module or build cache, or a directory above one) or its GOPATH sources/binaries."""
        for path in (self.env.gomodcache, self.env.gocache):
            if path is None:
                continue
            cache = normalize(path)
            if is_at_or_below(cache, mount_target) or is_at_or_below(mount_target, cache):
                return True
        gopath = self.env.gopath
        if gopath is not None:
            for sub in ("src", "bin"):
                if is_at_or_below(mount_target, normalize(f"{gopath}/{sub}")):
                    return True
        return False

    def target(self, written: str) -> str | None:
        """The absolute path of something the command writes (None: it cannot be told)."""
        if written.startswith("/"):
            return normalize(written)
        return None if self.cwd is None else normalize(written, self.cwd)


class CopySpec(Record):
    """What a COPY or ADD brings in."""

    sources: tuple[str, ...]  # as written, variables expanded
    dest: str  # absolute, normalised
    dest_is_dir: bool  # the destination is a directory (trailing slash, several sources, ".")
    chown: str | None  # the user part of --chown, expanded
    from_stage: int | None  # --from=<stage>
    from_image: str | None  # --from=<image>
    heredoc: bool  # COPY <<EOF
    remote: bool  # ADD of a URL or git repository
    # With a readable build context: the context paths it brings that are not dependency
    # manifests (go.mod, go.sum, go.work, vendor/…), after globs and the ignore file. None when
    # the context is not known (rules then judge by the names written in the instruction).
    extra: tuple[str, ...] | None = None
    missing: tuple[str, ...] = ()  # sources that match nothing the context sends

    @property
    def from_context(self) -> bool:
        return (
            self.from_stage is None
            and self.from_image is None
            and not self.heredoc
            and not self.remote
        )


class Step(Record):
    instruction: Instruction
    stage: int
    before: State
    commands: tuple[Command, ...] = ()
    mounts: tuple[Mount, ...] = ()
    go: tuple[GoRun, ...] = ()
    copy: CopySpec | None = None

    @property
    def line(self) -> int:
        return self.instruction.span.line


class Stage(Record):
    index: int
    name: str | None
    base: str  # the FROM reference, expanded
    parent: int | None  # the stage it is built FROM, if any
    steps: tuple[Step, ...]  # FROM first
    final: State

    @property
    def label(self) -> str:
        return f"stage '{self.name}'" if self.name else f"stage {self.index}"


class DockerfileModel(Record):
    parsed: ParsedDockerfile
    stages: tuple[Stage, ...]
    global_args: Mapping[str, str] = field(default_factory=dict)
    leaf_chains: tuple[tuple[Step, ...], ...] = ()
    context: BuildContext | None = None  # the build context read for this file, if any
    # Context files that could not be read or parsed, each with the line of the instruction
    # that brings it (1 when none does).
    context_problems: tuple[tuple[ContextProblem, int], ...] = ()

    def lineage(self, stage: Stage) -> tuple[Stage, ...]:
        """The stage and the stages it is built FROM, oldest first."""
        chain = [stage]
        seen = {stage.index}
        while chain[0].parent is not None and chain[0].parent not in seen:
            seen.add(chain[0].parent)
            chain.insert(0, self.stages[chain[0].parent])
        return tuple(chain)

    def chain(self, stage: Stage) -> tuple[Step, ...]:
        """Every step that shaped the stage's filesystem, in build order (FROMs included)."""
        return tuple(step for s in self.lineage(stage) for step in s.steps)

    def instruction_at(self, line: int) -> Instruction | None:
        """The instruction that starts on ``line``."""
        return self._instructions_by_line.get(line)

    @functools.cached_property
    def _instructions_by_line(self) -> dict[int, Instruction]:
        # Built on first use: rules look an instruction up per finding, and a scan per lookup
        # made a file with tens of thousands of instructions and findings quadratic.
        index: dict[int, Instruction] = {}
        for ins in self.parsed.instructions:
            index.setdefault(ins.span.line, ins)
        return index

    def chains(self) -> tuple[tuple[Step, ...], ...]:
        """One chain per stage that no later stage is built FROM (each step appears in one
        chain at least; shared ancestors appear in several). Computed once, shared by rules."""
        return self.leaf_chains


# --------------------------------------------------------------------------------------------
# The fold


def build_model(parsed: ParsedDockerfile, context: BuildContext | None = None) -> DockerfileModel:
    """Fold the build state over the instructions of every stage; ``context`` is the build
    context when it is known (it decides what COPY/ADD bring and where go.mod files are)."""
    escape = parsed.directives.escape
    global_args: dict[str, str] = {}
    stages: list[Stage] = []
    names: dict[str, int] = {}
    current: _StageBuilder | None = None
    for ins in parsed.instructions:
        if ins.keyword == "FROM":
            if current is not None:
                stages.append(current.finish())
            current = _start_stage(ins, len(stages), stages, names, global_args, escape, context)
            if current.name:
                names[current.name.lower()] = current.index
            continue
        if current is None:
            if ins.keyword == "ARG":
                for name, value in arg_pairs(ins.value):
                    global_args[name] = (
                        expand(value, global_args, escape) if value is not None else ""
                    )
            continue
        current.apply(ins, names, stages)
    if current is not None:
        stages.append(current.finish())
    model = DockerfileModel(parsed, tuple(stages), MappingProxyType(global_args))
    parents = {s.parent for s in model.stages if s.parent is not None}
    leaves = tuple(model.chain(s) for s in model.stages if s.index not in parents)
    problems = _context_problems(model, context) if context is not None else ()
    return replace(model, leaf_chains=leaves, context=context, context_problems=problems)


def _context_problems(
    model: DockerfileModel, context: BuildContext
) -> tuple[tuple[ContextProblem, int], ...]:
    """The problems of the context files this Dockerfile used, each placed on the first
    instruction that brings the file (the ignore file's on the first COPY/ADD of the context)."""
    first_copy = 0
    placed: list[tuple[ContextProblem, int]] = []
    seen: set[str] = set()
    for stage in model.stages:
        for step in stage.steps:
            if step.copy is not None and step.copy.from_context and not first_copy:
                first_copy = step.line
            for run in step.go:
                module = run.module
                if module is None or module.ctx_dir is None:
                    continue
                rel = f"{module.ctx_dir}/go.mod" if module.ctx_dir else "go.mod"
                if rel in seen:
                    continue
                seen.add(rel)
                placed.extend((p, module.line) for p in context.files.problems(rel))
    if context.ignore_file is not None:
        for problem in context.files.problems(context.ignore_file):
            placed.append((problem, first_copy or 1))
    return tuple(placed)


def _start_stage(
    ins: Instruction,
    index: int,
    stages: list[Stage],
    names: Mapping[str, int],
    global_args: Mapping[str, str],
    escape: str,
    context: BuildContext | None,
) -> _StageBuilder:
    words = ins.value.split()
    base = expand(words[0], global_args, escape) if words else ""
    name = words[2] if len(words) >= 3 and words[1].lower() == "as" else None
    parent = names.get(base.lower())
    if parent is not None:
        state = stages[parent].final
        state = state.evolve(args=_EMPTY)
    else:
        state = _image_state(base)
    return _StageBuilder(index, name, base, parent, ins, state, dict(global_args), escape, context)


def _image_state(base: str) -> State:
    image = image_defaults(base)
    go_image = image_go(base)
    if image is None:
        return State(
            image=None,
            user=UNKNOWN_USER,
            workdir="/",
            env=_EMPTY,
            env_lines=_NO_LINES,
            args=_EMPTY,
            shell=_DEFAULT_SHELL,
            accounts=MappingProxyType({}),
            fs=FileSystem(),
            go_image=go_image,
        )
    accounts = MappingProxyType({a.name: a for a in image.accounts})
    user = resolve_user(image.user, accounts, 0, passwd_known=True)
    env = dict(image.env)
    if image.family == "golang" and go_image.at_least(21):
        # The official images from Go 1.21 on never download a newer toolchain.
        env["GOTOOLCHAIN"] = "local"
    return State(
        image=image,
        user=user,
        workdir="/go" if image.family == "golang" else "/",
        env=MappingProxyType(env),
        env_lines=_NO_LINES,
        args=_EMPTY,
        shell=_DEFAULT_SHELL,
        accounts=accounts,
        fs=FileSystem(image.paths),
        go_image=go_image,
    )


class _StageBuilder:
    """Mutable while one stage is folded; frozen into a Stage by ``finish``."""

    def __init__(
        self,
        index: int,
        name: str | None,
        base: str,
        parent: int | None,
        from_ins: Instruction,
        state: State,
        global_args: dict[str, str],
        escape: str,
        context: BuildContext | None = None,
    ) -> None:
        self.context = context
        self.index = index
        self.name = name
        self.base = base
        self.parent = parent
        self.state = state
        self.global_args = global_args
        self.escape = escape
        self.steps: list[Step] = [Step(from_ins, index, state)]
        self.vendor_copied = False

    # -- instructions --------------------------------------------------------------------------

    def apply(self, ins: Instruction, names: Mapping[str, int], stages: list[Stage]) -> None:
        before = self.state
        step = Step(ins, self.index, before)
        handler = _HANDLERS.get(ins.keyword)
        if handler is not None:
            step = handler(self, ins, step, names, stages)
        self.steps.append(step)

    def _x(self, text: str, variables: Mapping[str, str] | None = None) -> str:
        """Dockerfile substitution in ``text`` (pass ``variables`` when expanding many words)."""
        return expand(text, self.state.variables if variables is None else variables, self.escape)

    def _arg(self, ins: Instruction, step: Step, *_: object) -> Step:
        args = dict(self.state.args)
        for name, default in arg_pairs(ins.value):
            if name in self.global_args and default is None:
                args[name] = self.global_args[name]
            elif default is not None:
                args[name] = expand(default, {**args, **self.state.env}, self.escape)
            elif name not in _BUILTIN_ARGS:
                args[name] = ""
        self.state = self.state.evolve(args=MappingProxyType(args))
        return step

    def _env(self, ins: Instruction, step: Step, *_: object) -> Step:
        env = dict(self.state.env)
        lines = dict(self.state.env_lines)
        for name, value in env_pairs(ins.value):
            env[name] = expand(value, {**self.state.args, **env}, self.escape)
            lines[name] = ins.span.line
        go_image = self.state.go_image
        if lines.get("GOLANG_VERSION") == ins.span.line:
            version = parse_version(env["GOLANG_VERSION"])
        else:
            version = None
        if version is not None:
            # The convention of the official images, followed by files that install Go
            # themselves: GOLANG_VERSION names the toolchain.
            go_image = ImageGo(version, source="GOLANG_VERSION", line=ins.span.line)
        self.state = self.state.evolve(
            env=MappingProxyType(env), env_lines=MappingProxyType(lines), go_image=go_image
        )
        return step

    def _user(self, ins: Instruction, step: Step, *_: object) -> Step:
        spec = self._x(ins.value.strip()).split(":", 1)[0]
        self.state = self.state.evolve(user=self.state.resolve_user(spec, ins.span.line))
        return step

    def _workdir(self, ins: Instruction, step: Step, *_: object) -> Step:
        path = normalize(self._x(unquote(ins.value.strip())), self.state.workdir)
        fs = self.state.fs
        if fs.exists(path) is not True:
            # BuildKit creates a missing WORKDIR owned by the current user (the classic
            # builder creates it owned by root).
            fs = fs.add(
                PathFact(
                    path, self.state.user.owner, 0o755, Scope.SELF, Origin.WORKDIR, ins.span.line
                )
            )
        self.state = self.state.evolve(workdir=path, fs=fs)
        return step

    def _shell(self, ins: Instruction, step: Step, *_: object) -> Step:
        if ins.exec_form:
            self.state = self.state.evolve(shell=ins.exec_form)
        return step

    def _copy(
        self, ins: Instruction, step: Step, names: Mapping[str, int], stages: list[Stage]
    ) -> Step:
        spec = self._copy_spec(ins, names)
        if spec is None:
            return step
        matched: tuple[tuple[str, tuple[str, ...]], ...] | None = None
        if spec.from_context and self.context is not None:
            # Each source looked up in the context once, for what it brings and for go.mod.
            matched = tuple((src, self.context.matches(src) or ()) for src in spec.sources)
            spec = with_context(spec, matched, self.context)
        if spec.from_context and any(is_vendor(s) for s in spec.sources):
            self.vendor_copied = True
        line = ins.span.line
        if matched is not None and self.context is not None:
            new_marks = context_marks(spec, matched, self.context, line)
        else:
            new_marks = named_marks(spec, line)
        self.state = self.state.evolve(
            fs=self.state.fs.add(*self._copy_facts(spec, ins)),
            marks=self.state.marks + new_marks,
        )
        return replace(step, copy=spec)

    def _copy_spec(self, ins: Instruction, names: Mapping[str, int]) -> CopySpec | None:
        if ins.exec_form is not None:
            words = list(ins.exec_form)
        else:
            words = [unquote(w) for w in split_words(ins.value)]
        heredoc = bool(ins.heredocs)
        if heredoc:
            words = [w for w in words if not w.startswith("<<")]
        variables = self.state.variables
        words = [self._x(w, variables) for w in words]
        if not words:
            return None
        dest_raw = words[-1]
        sources = tuple(words[:-1]) if not heredoc else tuple(h.delimiter for h in ins.heredocs)
        chown_raw = ins.flag("chown")
        chown = self._x(chown_raw).split(":", 1)[0] if chown_raw else None
        from_raw = ins.flag("from")
        from_stage: int | None = None
        from_image: str | None = None
        if from_raw is not None:
            ref = self._x(from_raw)
            if ref.isdigit() and int(ref) < self.index:
                from_stage = int(ref)
            else:
                from_stage = names.get(ref.lower())
                if from_stage is None:
                    from_image = ref
        remote = ins.keyword == "ADD" and any("://" in s or s.startswith("git@") for s in sources)
        dest_is_dir = dest_raw.endswith("/") or dest_raw in (".", "./") or len(sources) > 1
        return CopySpec(
            sources=sources,
            dest=normalize(dest_raw, self.state.workdir),
            dest_is_dir=dest_is_dir,
            chown=chown or None,
            from_stage=from_stage,
            from_image=from_image,
            heredoc=heredoc,
            remote=remote,
        )

    def _copy_facts(self, spec: CopySpec, ins: Instruction) -> list[PathFact]:
        owner = spec.chown or "root"
        line = ins.span.line
        fs = self.state.fs
        facts: list[PathFact] = []
        if spec.dest_is_dir and fs.exists(spec.dest) is not True:
            # COPY creates a missing destination directory, owned like the files it copies.
            facts.append(PathFact(spec.dest, owner, 0o755, Scope.SELF, Origin.COPY, line))
        for source in spec.sources:
            name = posixpath.basename(source.rstrip("/"))
            is_tree = source.rstrip("/") in (".", "") or source.endswith("/") or "*" in name
            if spec.dest_is_dir and not is_tree and not spec.heredoc and "." in name:
                facts.append(
                    PathFact(
                        posixpath.join(spec.dest, name), owner, 0o644, Scope.SELF, Origin.COPY, line
                    )
                )
            elif spec.dest_is_dir:
                facts.append(PathFact(spec.dest, owner, 0o755, Scope.CONTENTS, Origin.COPY, line))
            else:
                facts.append(PathFact(spec.dest, owner, 0o644, Scope.TREE, Origin.COPY, line))
        return facts

    def _run(self, ins: Instruction, step: Step, *_: object) -> Step:
        state = self.state
        runtime_env = self._runtime_env(state, state.user)
        commands = instruction_commands(ins, runtime_env)
        mounts = parse_mounts(ins, state.variables)
        go_runs: list[GoRun] = []
        fs = state.fs
        accounts = dict(state.accounts)
        busybox = None if state.image is None else state.image.busybox
        for command in commands:
            user = self._command_user(command, state, ins.span.line + command.line)
            cwd = command_cwd(command, state.workdir)
            line = ins.span.line + command.line
            account = account_created(command, line, busybox=busybox)
            if account is not None:
                accounts[account.name] = account
                if account.home_created:
                    fs = fs.add(
                        PathFact(account.home, account.name, 0o755, Scope.SELF, Origin.HOME, line)
                    )
                state = state.evolve(accounts=MappingProxyType(dict(accounts)), fs=fs)
                continue
            facts = command_facts(command, user.owner, cwd, line, fs) if cwd else ()
            if facts:
                fs = fs.add(*facts)
                state = state.evolve(fs=fs)
                continue
            state = note_downloads(command, cwd, line, state)
            go = classify_go(command)
            if go is None:
                continue
            if go.verb == "mod init":
                where = go_dir(go, cwd)
                if where is not None:
                    mark = ModuleMark(where, MarkSource.INIT, line)
                    state = state.evolve(marks=(*state.marks, mark))
            run = self._go_run(go, user, cwd, line, state, mounts)
            go_runs.append(run)
            fill = cache_fill(run, fs)
            if fill is not None:
                fs = fs.add(fill)
                state = state.evolve(fs=fs)
        # Accounts created by the RUN also give the current USER its home, if it names them.
        user = self.state.user
        if user.spec is not None and user.name in accounts and user.home is None:
            user = state.resolve_user(user.spec, user.line)
        self.state = state.evolve(user=user)
        return replace(step, commands=commands, mounts=mounts, go=tuple(go_runs))

    def _runtime_env(self, state: State, user: User) -> dict[str, str]:
        env = {**state.args, **state.env}
        if "HOME" not in env and user.home is not None:
            env["HOME"] = user.home
        return env

    def _command_user(self, command: Command, state: State, line: int) -> User:
        if command.user is None:
            return state.user
        return state.resolve_user(command.user, line)

    def _go_run(
        self,
        go: GoCommand,
        user: User,
        cwd: str | None,
        line: int,
        state: State,
        mounts: tuple[Mount, ...],
        *,
        build: bool = True,
    ) -> GoRun:
        command = go.command
        env = state.go(user, dict(command.env), inherit=not command.env_reset, build=build)
        cache_mount = None
        if env.gomodcache is not None:
            for mount in mounts:
                if mount.type == "cache" and mount.target is not None:
                    target = normalize(mount.target, state.workdir)
                    if is_at_or_below(env.gomodcache, target):
                        cache_mount = mount
        where = go_dir(go, cwd)
        module = find_module(state.marks, where, self.context)
        mode, reason = module_mode(
            env, state.go_image, where, module, command_versioned=go.versioned
        )
        mod = effective_mod_flag(go, env)
        vendored = go.vendored or (go.mod_flag is None and (env.vendored or self.vendor_copied))
        if mod is None and vendored_by_default(module) and go.cache is CacheWrite.MAY:
            vendored = True  # vendor/modules.txt and a go line >= 1.14: -mod=vendor by default
        if mod in ("mod", "readonly") and not go.vendored:
            vendored = False
        return GoRun(go, user, env, cwd, line, cache_mount, vendored, module, mode, reason)

    def _cmd(self, ins: Instruction, step: Step, *_: object) -> Step:
        # Commands run when a container starts: analysed in ``finish`` with the final state.
        return step

    def finish(self) -> Stage:
        steps = list(self.steps)
        last: dict[str, int] = {}
        for i, step in enumerate(steps):
            if step.instruction.keyword in ("CMD", "ENTRYPOINT"):
                last[step.instruction.keyword] = i
        final = self.state
        for i in sorted(last.values()):
            step = steps[i]
            runtime_env = self._runtime_env(final, final.user)
            commands = instruction_commands(step.instruction, runtime_env)
            runs = []
            for command in commands:
                go = classify_go(command)
                if go is None:
                    continue
                user = self._command_user(command, final, step.line)
                cwd = command_cwd(command, final.workdir)
                line = step.line + command.line
                runs.append(self._go_run(go, user, cwd, line, final, (), build=False))
            steps[i] = replace(step, commands=commands, go=tuple(runs))
        return Stage(self.index, self.name, self.base, self.parent, tuple(steps), final)


_Handler = Callable[[_StageBuilder, Instruction, Step, Mapping[str, int], list[Stage]], Step]
# Instructions that change the build state, and what each does. An instruction missing here
# (LABEL, EXPOSE, an unknown keyword, which the parser reports) leaves the state unchanged.
_HANDLERS: Mapping[str, _Handler] = MappingProxyType(
    {
        "ARG": _StageBuilder._arg,
        "ENV": _StageBuilder._env,
        "USER": _StageBuilder._user,
        "WORKDIR": _StageBuilder._workdir,
        "SHELL": _StageBuilder._shell,
        "COPY": _StageBuilder._copy,
        "ADD": _StageBuilder._copy,
        "RUN": _StageBuilder._run,
        "CMD": _StageBuilder._cmd,
        "ENTRYPOINT": _StageBuilder._cmd,
    }
)
