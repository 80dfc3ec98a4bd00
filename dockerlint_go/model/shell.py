"""RUN, CMD and ENTRYPOINT -> simple commands.

tree-sitter-bash parses the script (it never raises and copes with heredocs, ``case``,
``[[ ]]`` and backticks); words are dequoted and ``$VAR`` / ``${VAR:-x}`` / ``${VAR:+x}`` are
expanded from the known environment. Wrappers (``sudo``, ``env``, ``sh -c``, ``bash -c``,
``xargs``, ``time``, ``exec``, ``nohup``, ``nice``, ``gosu``, ``su-exec``, ``su -c``,
``runuser``) are unwrapped so that the command they run is what is reported.

Semantics worth knowing when reading a :class:`Command`:

* Order. Commands come in source order, except that the commands of a ``$(...)`` or backtick
  substitution come just before the command whose words contain them (they run first).
* Expansion. ``env`` is the environment the shell starts with (the build's ENV and ARG values,
  HOME, ...). A name that is not in it is unset: ``$NAME`` stays as written, while
  ``${NAME:-x}`` and ``${NAME-x}`` give ``x`` and ``${NAME:+x}`` gives nothing. A variable whose
  value cannot be known (``X=$(cmd)``, a ``for`` or ``read`` variable) also stays as written.
  Unquoted expansions are split into fields on blanks; globs and brace lists are left alone.
* Environment (``Command.env``). ``VAR=x cmd`` prefixes, ``env VAR=x``, every earlier
  ``export VAR=x`` / ``export VAR`` / ``declare -x``, and an earlier plain ``VAR=x`` when VAR is
  already in the environment (the shell keeps such a variable exported). ``unset VAR`` and
  ``env -u VAR`` of an environment variable are recorded as ``("VAR", "")``: go treats an empty
  variable as unset. A plain ``VAR=x`` of a new name only changes later expansions.
  ``Command.env_reset`` says a wrapper dropped the inherited environment (``env -i``, ``sudo``
  without ``-E``, ``su -``, ``doas``): the build's ENV is then not seen by the command.
* Directory (``Command.cwd``). None means the WORKDIR. ``cd DIR`` changes it for the later
  commands of the same shell; a relative DIR is joined onto the previous ``cd`` and, without
  one, stays relative to the WORKDIR (``cd sub`` -> ``"sub"``). ``cd`` with no argument goes to
  HOME when HOME is known. When the target cannot be known (``cd $UNSET``, ``cd`` without a known
  HOME, a login shell such as ``su - app``) the cwd is None and ``Command.cwd_known`` is False.
  ``cd -`` returns to the directory before the last ``cd``. A ``cd`` inside ``( ... )``, a
  pipeline, a substitution, a background job or a ``sh -c`` script does not leak out.
* User (``Command.user``). Set by ``sudo`` (root unless ``-u``), ``su`` (root unless named),
  ``gosu``, ``su-exec``, ``runuser``, ``doas``, ``setuidgid``; a ``:group`` suffix is dropped and
  ``sudo -u '#1000'`` gives ``"1000"``.
* ``Command.opaque`` marks programs that run commands we cannot see: make-like tools and
  script files (``./build.sh``, ``sh build.sh``, ``. ./env.sh``, a shell reading a pipe).
"""

from __future__ import annotations

import posixpath
import re
from bisect import bisect_right
from collections.abc import Callable, Iterator, Mapping, Sequence

from dockerlint_go import TYPE_CHECKING
from dockerlint_go.model.parse import Instruction
from dockerlint_go.model.shell_words import (
    MAX_DEPTH,
    SUBSTITUTIONS,
    Ctx,
    Scope,
    Stdin,
    Val,
    Var,
    assign,
    lookup,
    parser,
    scanner_safe,
    word_fields,
    word_value,
)
from dockerlint_go.model.wrappers import (
    IN_SHELL_WRAPPERS,
    NAME_RE,
    SHELLS,
    WRAPPERS,
    basename,
    env_wrapper,
    is_opaque,
    short_options,
)
from dockerlint_go.record import Record

if TYPE_CHECKING:
    from tree_sitter import Node


class Command(Record):
    """A simple command as it will run."""

    argv: tuple[str, ...]  # dequoted and expanded words; unresolved expansions kept as written
    env: tuple[
        tuple[str, str], ...
    ]  # ``VAR=x cmd`` prefixes, ``env VAR=x``, and earlier ``export``
    user: str | None  # from ``sudo -u U``, ``su U -c``, ``gosu U``, ``su-exec U``; None: unchanged
    cwd: str | None  # after an earlier ``cd DIR`` in the same script; None: the WORKDIR
    line: int  # 0-based line offset of the command inside the script
    wrappers: tuple[str, ...] = ()  # the wrapper programs that were removed, outermost first
    opaque: bool = False  # a program that runs hidden commands we cannot see (make, a script)
    env_reset: bool = False  # a wrapper dropped the inherited environment (env -i, sudo, su -)
    cwd_known: bool = True  # False when a ``cd`` went somewhere we cannot tell (cwd is then None)

    @property
    def program(self) -> str:
        """The basename of argv[0] (``/usr/local/go/bin/go`` -> ``go``); "" when argv is empty."""
        return self.argv[0].rsplit("/", 1)[-1] if self.argv else ""

    def env_value(self, name: str) -> str | None:
        value: str | None = None
        for key, val in self.env:
            if key == name:
                value = val
        return value


# --------------------------------------------------------------------------------------------
# Statements


_SKIP = frozenset({"comment", "heredoc_body", "heredoc_start", "heredoc_end", "heredoc_content"})
_WORDISH = frozenset(
    [
        "word",
        "string",
        "raw_string",
        "ansi_c_string",
        "translated_string",
        "concatenation",
        "simple_expansion",
        "expansion",
        "arithmetic_expansion",
        "brace_expression",
        "number",
        "extglob_pattern",
        "regex",
        "variable_name",
        "special_variable_name",
        "test_operator",
        "command_substitution",
        "process_substitution",
        "file_redirect",
        "herestring_redirect",
        "array",
    ]
)


def _walk(node: Node, ctx: Ctx, scope: Scope, out: list[Command], depth: int) -> None:
    """Collect the commands of a statement (or of a container of statements)."""
    if depth > MAX_DEPTH:
        return
    kind = node.type
    if kind == "command":
        _command(node, ctx, scope, out, depth, None)
    elif kind == "redirected_statement":
        _redirected(node, ctx, scope, out, depth)
    elif kind in ("variable_assignment", "variable_assignments"):
        assignments = [node] if kind == "variable_assignment" else node.named_children
        for assignment in assignments:
            _substitutions(assignment, ctx, scope, out, depth)
            _standalone_assignment(assignment, ctx, scope, depth, export=False)
    elif kind == "declaration_command":
        _declaration(node, ctx, scope, out, depth)
    elif kind == "unset_command":
        _unset(node, ctx, scope)
    elif kind == "subshell":
        _walk_children(node, ctx, scope.copy(), out, depth)
    elif kind == "list":
        _walk_list(node, ctx, scope, out, depth)
    elif kind == "pipeline":
        parts = node.named_children
        for part in parts:
            _walk(part, ctx, scope.copy() if len(parts) > 1 else scope, out, depth + 1)
    elif kind == "function_definition":
        body = node.child_by_field_name("body")
        if body is not None:
            _walk(body, ctx, scope.copy(), out, depth + 1)
    elif kind == "for_statement":
        _for(node, ctx, scope, out, depth)
    elif kind in _WORDISH or kind == "test_command":
        _substitutions(node, ctx, scope, out, depth)
    elif kind in _SKIP or not node.is_named:
        return
    else:
        _walk_children(node, ctx, scope, out, depth)


def _walk_list(node: Node, ctx: Ctx, scope: Scope, out: list[Command], depth: int) -> None:
    """``a && b || c``: tree-sitter nests one ``list`` per operator, the earlier commands to the
    left (``((a && b) || c)``). Walking that spine by recursion would spend one level of
    ``MAX_DEPTH`` per operator and drop all but the last hundred commands of a long chain, so
    the spine is walked in a loop and each command gets the depth of the chain's first."""
    spine = [node]
    while True:
        first = _first_named(spine[-1])
        if first is None or first.type != "list":
            break
        spine.append(first)
    for level, part in enumerate(reversed(spine)):
        _walk_children(part, ctx, scope, out, depth, skip_first=level > 0)


def _first_named(node: Node) -> Node | None:
    for child in node.children:
        if child.is_named:
            return child
    return None


def _walk_children(
    node: Node,
    ctx: Ctx,
    scope: Scope,
    out: list[Command],
    depth: int,
    *,
    skip_first: bool = False,
) -> None:
    """Walk the named children of ``node`` in order (``skip_first``: all but the first)."""
    kids = node.children
    skipping = skip_first
    for index, child in enumerate(kids):
        if not child.is_named:
            continue
        if skipping:
            skipping = False
            continue
        background = index + 1 < len(kids) and kids[index + 1].type == "&"
        _walk(child, ctx, scope.copy() if background else scope, out, depth + 1)


def _substitutions(node: Node, ctx: Ctx, scope: Scope, out: list[Command], depth: int) -> None:
    """The commands of every ``$(...)``, backtick and ``<(...)`` inside a word-like node."""
    if depth > MAX_DEPTH:
        return
    if node.type in SUBSTITUTIONS:
        _walk_children(node, ctx, scope.copy(), out, depth + 1)
        return
    for child in node.named_children:
        _substitutions(child, ctx, scope, out, depth + 1)


def _for(node: Node, ctx: Ctx, scope: Scope, out: list[Command], depth: int) -> None:
    for value in node.children_by_field_name("value"):
        _substitutions(value, ctx, scope, out, depth)
    variable = node.child_by_field_name("variable")
    if variable is not None:
        name = ctx.text(variable)
        scope.vars[name] = ("$" + name, False)
    body = node.child_by_field_name("body")
    if body is not None:
        _walk(body, ctx, scope, out, depth + 1)


def _standalone_assignment(node: Node, ctx: Ctx, scope: Scope, depth: int, *, export: bool) -> None:
    name_node = node.child_by_field_name("name")
    if name_node is None or name_node.type != "variable_name":
        return
    name = ctx.text(name_node)
    val = word_value(node.child_by_field_name("value"), ctx, scope, depth)
    if any(child.type == "+=" for child in node.children):
        state, old = lookup(name, ctx, scope)
        exact = val[1] and state is not Var.UNKNOWN
        val = (old + val[0], exact) if state is not Var.MISSING else val
    assign(ctx, scope, name, val, export=export)


def _declaration(node: Node, ctx: Ctx, scope: Scope, out: list[Command], depth: int) -> None:
    kids = node.children
    keyword = kids[0].type if kids else ""
    options = [
        ctx.text(child)
        for child in kids[1:]
        if child.type == "word" and ctx.text(child)[:1] in ("-", "+")
    ]
    if keyword == "export":
        export = not any("n" in opt[1:] for opt in options if opt.startswith("-"))
        unexport = not export
    else:
        export = any("x" in opt[1:] for opt in options if opt.startswith("-"))
        unexport = False
    for child in kids[1:]:
        _substitutions(child, ctx, scope, out, depth)
        if child.type == "variable_assignment":
            _standalone_assignment(child, ctx, scope, depth, export=export)
        elif child.type == "variable_name":
            name = ctx.text(child)
            if unexport:
                if name in scope.exported or name in ctx.env:
                    scope.exported[name] = ("", True)
                continue
            if not export:
                continue
            state, value = lookup(name, ctx, scope)
            if state is Var.KNOWN or state is Var.UNKNOWN:
                scope.exported[name] = (value, state is Var.KNOWN)
        elif child.is_named and (child.type != "word" or ctx.text(child)[:1] not in ("-", "+")):
            # ``export "A=b"``: a quoted word that is an assignment once expanded.
            text, exact = word_value(child, ctx, scope, depth)
            name, eq, value = text.partition("=")
            if eq and NAME_RE.fullmatch(name):
                assign(ctx, scope, name, (value, exact), export=export)


def _unset(node: Node, ctx: Ctx, scope: Scope) -> None:
    names = [ctx.text(child) for child in node.named_children]
    if any(name.startswith("-") and "f" in name for name in names):
        return
    for name in names:
        if name.startswith("-") or NAME_RE.fullmatch(name) is None:
            continue
        if name in scope.exported or name in ctx.env:
            scope.exported[name] = ("", True)
        scope.vars[name] = None


def _redirected(node: Node, ctx: Ctx, scope: Scope, out: list[Command], depth: int) -> None:
    body = node.child_by_field_name("body")
    stdin: Stdin | None = None
    after: list[Node] = []
    piped = False
    for redirect in node.children_by_field_name("redirect"):
        if redirect.type == "heredoc_redirect":
            doc, trailing, pipe = _heredoc(redirect, ctx, scope, out, depth)
            if doc is not None:
                stdin = doc
            after.extend(trailing)
            piped = piped or pipe
        elif redirect.type == "herestring_redirect":
            stdin = _herestring(redirect, ctx, scope, out, depth) or stdin
        else:
            _substitutions(redirect, ctx, scope, out, depth)
    if body is not None:
        target = scope.copy() if piped else scope
        if body.type == "command":
            _command(body, ctx, target, out, depth + 1, stdin)
        else:
            _walk(body, ctx, target, out, depth + 1)
    for statement in after:
        _walk(statement, ctx, scope.copy() if piped else scope, out, depth + 1)


def _heredoc(
    node: Node, ctx: Ctx, scope: Scope, out: list[Command], depth: int
) -> tuple[Stdin | None, list[Node], bool]:
    """The body of a heredoc redirect, and the statements tree-sitter nests inside it.

    tree-sitter-bash hangs what follows the redirect on the same line (``&& cmd``, ``| cmd``)
    inside the redirect node; those statements run after the redirected command.
    """
    strip_tabs = False
    fd_given = False
    body: Node | None = None
    end: Node | None = None
    trailing: list[Node] = []
    piped = False
    for child in node.children:
        kind = child.type
        if kind == "<<-":
            strip_tabs = True
        elif kind in ("|", "|&"):
            piped = True
        elif kind == "file_descriptor":
            fd_given = ctx.text(child) != "0"
        elif kind == "heredoc_body":
            body = child
            _substitutions(child, ctx, scope, out, depth)
        elif kind == "heredoc_end":
            end = child
        elif kind in ("heredoc_start", "file_redirect", "herestring_redirect"):
            _substitutions(child, ctx, scope, out, depth)
        elif child.is_named:
            if kind == "pipeline" and child.children and child.children[0].type == "|":
                piped = True
            trailing.append(child)
    if fd_given:
        return None, trailing, piped
    if body is None:  # an empty heredoc
        line = ctx.line(end) if end is not None else ctx.line(node)
        return Stdin("", line), trailing, piped
    start = ctx.src.rfind(b"\n", 0, body.start_byte) + 1
    stop = body.end_byte
    if end is not None:
        stop = ctx.src.rfind(b"\n", start, end.start_byte) + 1 or end.start_byte
    text = ctx.src[start:stop].decode("utf-8", "replace")
    if strip_tabs:
        text = "\n".join(line.lstrip("\t") for line in text.split("\n"))
    return Stdin(text, ctx.locate(start, body.start_point.row)), trailing, piped


def _herestring(node: Node, ctx: Ctx, scope: Scope, out: list[Command], depth: int) -> Stdin | None:
    _substitutions(node, ctx, scope, out, depth)
    words = node.named_children
    if not words:
        return None
    text, _ = word_value(words[-1], ctx, scope, depth)
    return Stdin(text + "\n", ctx.line(node))


def _fields_of_children(node: Node) -> Iterator[tuple[Node, str | None]]:
    """Each child of ``node`` with its field name, in order, in one pass.

    ``Node.field_name_for_child(i)`` walks from the first child to the i-th: asking it for every
    child of a command with a hundred thousand arguments took quadratic time."""
    cursor = node.walk()
    if not cursor.goto_first_child():
        return
    while True:
        child = cursor.node
        if child is not None:
            yield child, cursor.field_name
        if not cursor.goto_next_sibling():
            return


def _command(
    node: Node,
    ctx: Ctx,
    scope: Scope,
    out: list[Command],
    depth: int,
    stdin: Stdin | None,
) -> None:
    prefixes: list[Node] = []
    words: list[Node] = []
    seen_name = False
    for child, field_name in _fields_of_children(node):
        kind = child.type
        if kind == "variable_assignment" and not seen_name:
            prefixes.append(child)
        elif kind == "command_name" or field_name == "name":
            seen_name = True
            words.extend(child.named_children if kind == "command_name" else [child])
        elif field_name == "argument":
            words.append(child)
        elif kind == "herestring_redirect":
            stdin = _herestring(child, ctx, scope, out, depth) or stdin
            continue
        elif child.is_named:
            _substitutions(child, ctx, scope, out, depth)
            continue
        else:
            continue
        _substitutions(child, ctx, scope, out, depth)

    env: list[tuple[str, Val]] = []
    for prefix in prefixes:
        name_node = prefix.child_by_field_name("name")
        if name_node is None or name_node.type != "variable_name":
            continue
        env.append(
            (
                ctx.text(name_node),
                word_value(prefix.child_by_field_name("value"), ctx, scope, depth),
            )
        )
    argv: list[str] = []
    for word in words:
        argv.extend(word_fields(word, ctx, scope, depth))
    # tree-sitter-bash reads ``A=1 B=2\n{ cmd; }`` as one command named "{": drop the braces.
    if argv and argv[0] == "{":
        argv = argv[1:]
    if argv == ["}"]:
        argv = []
    if not argv:
        for name, val in env:  # ``A=1 $EMPTY``: the prefixes become plain assignments
            assign(ctx, scope, name, val, export=False)
        return
    _run(argv, ctx, scope, env, ctx.line(node), stdin, out, depth)


def _chdir(cwd: str | None, known: bool, target: str, home: str | None) -> tuple[str | None, bool]:
    """The directory after changing to ``target`` from ``cwd`` (None: the WORKDIR)."""
    if target == "~" or target.startswith("~/"):
        if home is None:
            return None, False
        target = home + target[1:]
    if not target or "$" in target or "`" in target or target.startswith("~"):
        return None, False
    if target.startswith("/"):
        return posixpath.normpath(target), True
    if not known:
        return None, False
    joined = posixpath.normpath(posixpath.join(cwd, target) if cwd is not None else target)
    return (None if joined == "." else joined), True


def _home(ctx: Ctx, scope: Scope) -> str | None:
    state, home = lookup("HOME", ctx, scope)
    return home if state is Var.KNOWN and home else None


def _cd_builtin(name: str, args: Sequence[str], ctx: Ctx, scope: Scope) -> None:
    before = (scope.cwd, scope.cwd_known)
    after: tuple[str | None, bool]
    if name == "popd":
        if scope.dirstack:
            scope.cwd, scope.cwd_known = scope.dirstack.pop()
            scope.oldpwd = before
        return
    _, index = short_options(args, "")
    operands = args[index:]
    if not operands:
        if name == "pushd":  # swap the top two directories: not followed
            scope.cwd, scope.cwd_known = None, False
            return
        home = _home(ctx, scope)
        after = (home, True) if home and home.startswith("/") else (None, False)
    elif operands[0] == "-" and name == "cd":
        if scope.oldpwd is None:
            return  # OLDPWD is not set in a fresh shell: cd fails and nothing changes
        after = scope.oldpwd
    else:
        after = _chdir(scope.cwd, scope.cwd_known, operands[0], _home(ctx, scope))
    if name == "pushd":
        scope.dirstack.append(before)
    scope.oldpwd = before
    scope.cwd, scope.cwd_known = after


_READ_VALUE = "adinNptu"


def _run(
    argv: list[str],
    ctx: Ctx,
    scope: Scope,
    prefixes: list[tuple[str, Val]],
    line: int,
    stdin: Stdin | None,
    out: list[Command],
    depth: int,
) -> None:
    """Unwrap wrappers around ``argv`` and record the command(s) it runs."""
    env: dict[str, Val] = dict(scope.exported)
    for name, val in prefixes:
        env.pop(name, None)
        env[name] = val
    wrappers = list(ctx.wrappers)
    user = ctx.user
    reset = ctx.env_reset
    cwd, cwd_known = scope.cwd, scope.cwd_known
    in_shell = True
    words: Sequence[str] = argv
    while words:
        name = basename(words[0])
        if in_shell and name in ("cd", "pushd", "popd"):
            out.append(_make(words, env, user, cwd, cwd_known, line, wrappers, reset))
            _cd_builtin(name, words[1:], ctx, scope)
            return
        if in_shell and name == "eval":
            script = " ".join(words[1:])
            inner = Ctx(ctx.src, ctx.env, ctx.locate, user, (*wrappers, "eval"), reset)
            _parse_into(script, inner, scope, line, out, depth + 1)
            return
        if in_shell and name == "read":
            opts, index = short_options(words[1:], _READ_VALUE)
            targets = [value for key, value in opts if key == "a" and value]
            for target in [*words[1 + index :], *targets]:
                if NAME_RE.fullmatch(target):
                    scope.vars[target] = ("$" + target, False)
            break
        unwrap = WRAPPERS.get(name)
        if unwrap is None:
            break
        result = unwrap(words[1:])
        if result is None:
            break
        wrappers.append(name)
        if result.reset:
            reset = True
            env = {}
        for key, value in result.env:
            env.pop(key, None)
            env[key] = (value, "$" not in value)
        if result.user is not None:
            user = result.user
        if result.cwd_lost:
            cwd, cwd_known = None, False
        elif result.chdir is not None:
            home = env.get("HOME", (None, False))[0] if reset else _home(ctx, scope)
            cwd, cwd_known = _chdir(cwd, cwd_known, result.chdir, home)
        if name not in IN_SHELL_WRAPPERS:
            in_shell = False
        source: Stdin | None = None
        if result.script is not None:
            source = Stdin(result.script, line)
        elif result.reads_stdin:
            source = stdin
        if source is not None:
            # A new shell process: it sees the exported variables only, and its cd stays inside.
            child = Scope(dict(env), dict(env), cwd, cwd_known)
            inner = Ctx(b"", {} if reset else ctx.env, ctx.locate, user, tuple(wrappers), reset)
            _parse_into(source.script, inner, child, source.line, out, depth + 1)
            return
        if result.reads_stdin or result.script_file:
            wrappers.pop()
            out.append(_make(words, env, user, cwd, cwd_known, line, wrappers, reset, True))
            return
        words = result.rest
    if not words:
        return
    out.append(_make(words, env, user, cwd, cwd_known, line, wrappers, reset, is_opaque(words)))


def _make(
    argv: Sequence[str],
    env: Mapping[str, Val],
    user: str | None,
    cwd: str | None,
    cwd_known: bool,
    line: int,
    wrappers: Sequence[str],
    reset: bool,
    opaque: bool = False,
) -> Command:
    return Command(
        argv=tuple(argv),
        env=tuple((key, val[0]) for key, val in env.items()),
        user=user,
        cwd=cwd,
        line=line,
        wrappers=tuple(wrappers),
        opaque=opaque,
        env_reset=reset,
        cwd_known=cwd_known,
    )


# --------------------------------------------------------------------------------------------
# Entry points


def _parse_into(
    script: str,
    ctx: Ctx,
    scope: Scope,
    base_line: int,
    out: list[Command],
    depth: int,
    locate: Callable[[int, int], int] | None = None,
) -> None:
    """Parse ``script`` and walk it; its lines count from ``base_line`` unless ``locate``."""
    if depth > MAX_DEPTH or not script.strip():
        return
    src = script.replace("\r\n", "\n").encode("utf-8", "replace")  # lone surrogates -> "?"
    tree = parser().parse(src if src.isascii() else scanner_safe(src.decode()))

    def by_row(_start: int, row: int) -> int:
        return base_line + row

    inner = Ctx(src, ctx.env, locate or by_row, ctx.user, ctx.wrappers, ctx.env_reset)
    _walk(tree.root_node, inner, scope, out, depth + 1)


def _top(env: Mapping[str, str]) -> tuple[Ctx, Scope]:
    return Ctx(b"", env, lambda _start, row: row, None, (), False), Scope({}, {}, None)


def parse_script(script: str, env: Mapping[str, str]) -> tuple[Command, ...]:
    """Split a shell script into the simple commands it runs, in order. Never raises."""
    ctx, scope = _top(env)
    out: list[Command] = []
    _parse_into(script, ctx, scope, 0, out, 0)
    return tuple(out)


_LONE_HEREDOC = r"\s*<<-?\s*(?:'[^']*'|\"[^\"]*\"|[^\s<>;&|'\"]+)\s*"
_LEADING_HEREDOC = r"\s*(<<-?\s*(?:'[^']*'|\"[^\"]*\"|[^\s<>;&|'\"]+))\s+([^;&|<>]+)"


def instruction_commands(instruction: Instruction, env: Mapping[str, str]) -> tuple[Command, ...]:
    """The commands of a RUN, CMD or ENTRYPOINT instruction.

    Shell form is parsed as a script; exec form is one command (unwrapped if it is ``sh -c``);
    ``RUN <<EOF`` runs the heredoc body as the script, and a shell reading a heredoc on stdin
    (``RUN bash <<EOF``) runs the body too. Lines in the returned commands are offsets from the
    instruction's first line.
    """
    if instruction.keyword not in ("RUN", "CMD", "ENTRYPOINT"):
        return ()
    ctx, scope = _top(env)
    out: list[Command] = []
    if instruction.exec_form is not None:
        # No shell runs exec form: the words are taken as they are.
        if instruction.exec_form:
            _run(list(instruction.exec_form), ctx, scope, [], 0, None, out, 0)
        return tuple(out)
    if instruction.keyword == "RUN" and instruction.heredocs:
        _heredoc_run(instruction, ctx, scope, out)
        return tuple(out)
    _parse_into(instruction.value, ctx, scope, 0, out, 0, _value_locator(instruction))
    return tuple(out)


def _heredoc_run(instruction: Instruction, ctx: Ctx, scope: Scope, out: list[Command]) -> None:
    first = instruction.span.line
    docs = instruction.heredocs
    if re.fullmatch(_LONE_HEREDOC, instruction.value) and len(docs) == 1:
        # BuildKit runs a lone heredoc as a script: through its shebang when it has one,
        # otherwise as the shell's script.
        doc = docs[0]
        start = doc.body_line - first
        argv: Sequence[str] = _shebang(doc.body)
        wrappers: tuple[str, ...] = ()
        if argv and basename(argv[0]) == "env":
            unwrapped = env_wrapper(argv[1:])
            if unwrapped is not None:
                argv, wrappers = unwrapped.rest, ("env",)
        if argv and basename(argv[0]) not in SHELLS:
            out.append(Command(tuple(argv), (), None, None, start, wrappers=wrappers, opaque=True))
            return
        _parse_into(doc.body, ctx, scope, start, out, 0)
        return
    # Otherwise the shell runs the opener with the bodies as its heredocs.
    opener = instruction.value
    moved = re.fullmatch(_LEADING_HEREDOC, opener)
    if moved:  # ``<<EOF bash``: tree-sitter-bash needs the command first
        opener = f"{moved.group(2).strip()} {moved.group(1)}"
    rows = [0] * (opener.count("\n") + 1)
    parts = [opener, "\n"]
    for doc in docs:
        offset = doc.body_line - first
        count = doc.body.count("\n") + (0 if doc.body.endswith("\n") or not doc.body else 1)
        rows.extend(offset + index for index in range(count + 1))
        parts.extend([doc.body, "" if doc.body.endswith("\n") or not doc.body else "\n"])
        parts.extend([doc.delimiter, "\n"])

    def by_row(_start: int, row: int) -> int:
        return rows[min(row, len(rows) - 1)]

    _parse_into("".join(parts), ctx, scope, 0, out, 0, by_row)


def _shebang(body: str) -> list[str]:
    """The interpreter words of a ``#!`` first line (none without one)."""
    if not body.startswith("#!"):
        return []
    return body[2:].split("\n", 1)[0].split()


def _value_locator(instruction: Instruction) -> Callable[[int, int], int] | None:
    """Map byte offsets in ``value`` back to source lines of a continued shell-form RUN.

    ``value`` joins the continuation lines, so each later source line is found again in it
    (in order, skipping comment lines and flags); an offset belongs to the last line found
    at or before it.
    """
    lines = instruction.original.split("\n")
    if len(lines) < 2:
        return None
    value = instruction.value
    starts: list[int] = [0]
    numbers: list[int] = [0]
    cursor = 0
    byte_cursor = 0  # the UTF-8 length of value[:cursor]
    for number, raw in enumerate(lines[1:], start=1):
        text = raw.rstrip()
        if text.endswith(("\\", "`")):
            text = text[:-1]
        text = text.strip()
        if not text or text.startswith("#"):
            continue
        pos = value.find(text, cursor)
        if pos < 0:
            continue
        byte_pos = byte_cursor + len(value[cursor:pos].encode("utf-8", "replace"))
        starts.append(byte_pos)
        numbers.append(number)
        cursor = pos + len(text)
        byte_cursor = byte_pos + len(text.encode("utf-8", "replace"))

    def locate(start: int, row: int) -> int:
        return numbers[bisect_right(starts, start) - 1] + row

    return locate
