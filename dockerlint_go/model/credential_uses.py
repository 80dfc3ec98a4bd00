"""Where the script of a RUN puts a credential, and what it deletes again.

``run_credentials`` reads a RUN (with ``script_files``) for the places where git and go read
credentials, and for each place the pieces of the credential (``credentials.Part``) it puts
there:

- a git setting, with ``git config`` (saved in a git config file) or ``git -c`` (for one
  command): the URL of ``url.<URL>.insteadOf`` and an ``http.extraheader`` with an
  Authorization header;
- a credential file the script writes: a ``.netrc`` (the word after ``password``, or the whole
  content), a git credential store (the user:password of its URLs), an SSH key (the whole
  content), or such a file copied from elsewhere (a mounted secret, a file of the image);
- ``GOPROXY``, ``GOAUTH`` or ``GIT_CONFIG_KEY_<n>`` as a command prefix, an ``export`` or a
  ``go env -w`` (saved in the go env file).

Along with them come the deletions that undo a file (``rm``, ``git config --unset``,
``go env -u`` …), so that a caller can tell with ``script_files.left_in_layer`` whether the
credential stays in the layer, and the variables the script sets itself. Where a ``$VAR`` gets
its value from (an ARG, an ENV, a secret mount) is left to the caller.
"""

from __future__ import annotations

import posixpath
import re

from dockerlint_go import TYPE_CHECKING
from dockerlint_go.model.credentials import (
    CREDENTIAL_FILES,
    GIT_CREDENTIALS,
    NETRC,
    SSH_DIR,
    Part,
    credential_parts,
    credential_setting,
    file_kind,
    is_placeholder,
    mask,
    mentions_credential_use,
    rewritten_url,
    secret_name,
    setting_credentials,
    url_credentials,
)
from dockerlint_go.model.fs import is_at_or_below
from dockerlint_go.model.script_files import (
    Removal,
    RunSite,
    ScriptCommand,
    file_changes,
    run_script,
    run_site,
    script_commands,
    shell_path,
)
from dockerlint_go.record import Record

if TYPE_CHECKING:
    from dockerlint_go.model.stages import Step

_PLAIN_VARS = frozenset({"HOME", "USER", "PATH", "PWD", "SHELL", "HOSTNAME", "GOPATH"})

# Pattern strings, compiled (and cached by ``re``) only for a file that gets that far.
_NETRC_PASSWORD_RE = r"(?:^|[^A-Za-z]|\\[nt])(?:password|passwd)(?:\s|\\[nt])+([^\s\"'\\]+)"
_MACHINE_RE = r"\bmachine(?:\s|\\[nt])+([A-Za-z0-9.\-]+)"
_LOCAL_RE = (
    r"(?:^|[\s;&|(])(?:export\s+|local\s+|readonly\s+|declare\s+(?:-\w+\s+)*)?"
    r"([A-Za-z_][A-Za-z0-9_]*)=(\S*)"
)
_HEADER_RE = r"(?i)http(?:\..*)?\.extraheader$"


class CredentialUse(Record):
    """A place in a RUN where a credential goes."""

    # "url", "header", NETRC, GIT_CREDENTIALS, SSH_KEY (``credentials``' file kinds),
    # "GOPROXY", "GOAUTH", "env" (a GIT_CONFIG_KEY_<n> in the environment)
    kind: str
    order: int  # the command's position in the RUN (a removal must come later)
    parts: tuple[Part, ...]
    shown: str  # the value, literal credentials masked
    file: str | None  # the file it is written to; None when it only lives in the process
    how: str  # the command: "git config", "go env -w", "export", "cp", …
    host: str  # the server the credential is for ("" when unknown)


class RunCredentials(Record):
    """What a RUN does with credentials."""

    site: RunSite
    uses: list[CredentialUse]  # in the order of the script
    removals: list[Removal]
    local: frozenset[str]  # variables the script sets itself (not from a self-reference)


def run_credentials(step: Step) -> RunCredentials | None:
    """Where the RUN ``step`` puts credentials and what it deletes (None: its text mentions no
    credential file or setting, or it is no POSIX shell script)."""
    ins = step.instruction
    if not mentions_credential_use(ins.original):
        return None
    script = run_script(ins, step.before)
    if script is None:
        return None
    text, expands = script
    site = run_site(step)
    uses: list[CredentialUse] = []
    removals: list[Removal] = []
    for command in script_commands(text):
        _command(command, site, expands, uses, removals)
    local = set()
    for name, value in re.findall(_LOCAL_RE, text) if expands else ():
        if not value.strip("\"'{$").startswith(name):
            local.add(name)
    return RunCredentials(site, uses, removals, frozenset(local))


def _command(
    command: ScriptCommand,
    site: RunSite,
    expands: bool,
    uses: list[CredentialUse],
    removals: list[Removal],
) -> None:
    """Collect where one command puts credentials and what it deletes."""
    order, program, argv = command.order, command.program, command.argv
    writes, deleted = file_changes(command, site)
    removals.extend(deleted)
    for write in writes:
        if write.source is not None:
            _copied(write.path, write.source, write.into_dir, order, write.how, site, uses)
            continue
        kind = file_kind(write.path)
        if kind in CREDENTIAL_FILES:
            parts, host = _content_parts(kind, command, site, expands)
            path = write.path
            uses.append(CredentialUse(kind, order, tuple(parts), path, path, write.how, host))
    if program == "git":
        _git(argv, site, expands, order, uses, removals)
    if program == "go" and argv[1:2] == ["env"]:
        if "-u" in argv:
            removals.append(Removal(order, site.goenv, False))
        if "-w" in argv:
            for word in argv[2:]:
                _setting_use(word, order, expands, site.goenv, "go env -w", uses)
            return
    how = "export" if program == "export" else "a command prefix"
    for word in command.segment:
        _setting_use(word, order, expands, None, how, uses)


def _copied(
    dest: str,
    source: str,
    into_dir: bool,
    order: int,
    program: str,
    site: RunSite,
    uses: list[CredentialUse],
) -> None:
    """A credential file that ``cp``, ``mv`` or ``install`` puts in place."""
    target = dest
    if into_dir or file_kind(dest) in (None, SSH_DIR):
        target = posixpath.join(dest, posixpath.basename(source.rstrip("/")))
    kind = file_kind(target)
    if kind in CREDENTIAL_FILES:
        src = shell_path(source, site)
        secret = any(is_at_or_below(src, p) for p in site.secret_paths)
        part = Part("secret" if secret else "file", src)
        uses.append(CredentialUse(kind, order, (part,), src, target, program, ""))


def _content_parts(
    kind: str, command: ScriptCommand, site: RunSite, expands: bool
) -> tuple[list[Part], str]:
    """The credential pieces a statement writes into a file of ``kind``, and the host."""
    stmt = command.statement
    raw = stmt.text + "\n" + stmt.heredoc
    parts: list[Part] = []
    for secret in site.secret_paths:
        for match in re.finditer(re.escape(secret) + r"[^\s\"');|&`]*", raw):
            parts.append(Part("secret", match.group(0)))
    body = " ".join(command.words) + "\n" + stmt.heredoc
    every = [
        p
        for p in credential_parts(body, shell=True, expands=expands)
        if p.kind == "subst" or (p.kind == "var" and p.text not in _PLAIN_VARS)
    ]
    named = [p for p in every if p.kind != "var" or secret_name(p.text)]
    machine = re.search(_MACHINE_RE, raw)
    host = machine.group(1) if machine else ""
    if kind == NETRC:
        slots = re.findall(_NETRC_PASSWORD_RE, raw)
        for slot in slots:
            parts.extend(
                named
                if is_placeholder(slot)
                else credential_parts(slot, shell=True, expands=expands)
            )
        if not slots:
            keywords = re.search(r"\b(?:machine|login|default)\b", body)
            parts.extend(named if keywords else every)
    elif kind == GIT_CREDENTIALS:
        urls = url_credentials(body, shell=True, expands=expands)
        parts.extend(p for _, ps in urls for p in ps)
        host = next((h for h, _ in urls if h), "")
        if not urls:
            parts.extend(every)
    else:
        parts.extend(every)
    return parts, host


def _setting_use(
    word: str, order: int, expands: bool, file: str | None, how: str, uses: list[CredentialUse]
) -> None:
    """``GOPROXY=…``, ``GOAUTH=…`` or ``GIT_CONFIG_KEY_<n>=…`` as a word of a statement."""
    name, eq, value = word.partition("=")
    if not eq or not credential_setting(name):
        return
    parts, host = setting_credentials(name, value, shell=True, expands=expands)
    if parts:
        kind = "env" if name.startswith("GIT_CONFIG_KEY_") else name
        shown = f"{name}={mask(value, parts)}"
        uses.append(CredentialUse(kind, order, tuple(parts), shown, file, how, host))


def _git(
    argv: list[str],
    site: RunSite,
    expands: bool,
    order: int,
    uses: list[CredentialUse],
    removals: list[Removal],
) -> None:
    for i, word in enumerate(argv[:-1]):
        if word == "-c":  # ``git -c key=value …``: for that command only
            key, _, value = argv[i + 1].partition("=")
            _git_key(key, value, expands, order, None, "git -c", uses)
    if "config" not in argv:
        return
    args = argv[argv.index("config") + 1 :]
    file = shell_path(".git/config", site)
    plain: list[str] = []
    unset = False
    k = 0
    while k < len(args):
        word = args[k]
        if word == "--global":
            file = f"{site.home}/.gitconfig"
        elif word == "--system":
            file = "/etc/gitconfig"
        elif word in ("--file", "-f") and k + 1 < len(args):
            k += 1
            file = shell_path(args[k], site)
        elif word.startswith("--file="):
            file = shell_path(word[len("--file=") :], site)
        elif word.startswith(("--unset", "--remove-section")):
            unset = True
        elif not word.startswith("-"):
            plain.append(word)
        k += 1
    if plain[:1] in (["set"], ["unset"], ["remove-section"]):  # git ≥ 2.46 subcommands
        unset = unset or plain[0] != "set"
        plain = plain[1:]
    if unset:
        removals.append(Removal(order, file, False))
    elif plain:
        _git_key(
            plain[0], plain[1] if len(plain) > 1 else "", expands, order, file, "git config", uses
        )


def _git_key(
    key: str,
    value: str,
    expands: bool,
    order: int,
    file: str | None,
    how: str,
    uses: list[CredentialUse],
) -> None:
    url = rewritten_url(key)
    if url is not None:
        urls = url_credentials(url, shell=True, expands=expands)
        parts = [p for _, ps in urls for p in ps]
        if parts:
            shown = f"url.{mask(url, parts)}.insteadOf"
            uses.append(CredentialUse("url", order, tuple(parts), shown, file, how, urls[0][0]))
    elif re.match(_HEADER_RE, key) and "authorization" in value.lower():
        words = value.split(":", 1)[-1].split()
        parts = credential_parts(words[-1], shell=True, expands=expands) if words else []
        if parts:
            shown = f"{key} {mask(value, parts)}"
            uses.append(CredentialUse("header", order, tuple(parts), shown, file, how, ""))
