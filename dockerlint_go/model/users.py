"""Users: who runs a step, and the accounts a Dockerfile creates."""

from __future__ import annotations

import re
from collections.abc import Mapping

from dockerlint_go import TYPE_CHECKING
from dockerlint_go.model.images import Account
from dockerlint_go.model.shell import Command
from dockerlint_go.record import Record

if TYPE_CHECKING:
    from dockerlint_go.model.stages import State  # stages imports this module


class User(Record):
    """The user a step runs as.

    ``spec`` is None when the base image is unknown and no USER was given: the user cannot be
    known. ``home`` is the HOME the process gets (the passwd home, or "/" for a numeric uid
    with no passwd entry), None when unknown.
    """

    spec: str | None  # the user part of USER after expansion: "app", "1000", "root"
    name: str | None
    uid: int | None
    home: str | None
    line: int  # the USER instruction (or RUN with sudo -u) that set it; 0: the base image
    has_account: bool | None  # whether passwd has an entry for it (None: unknown)

    @property
    def is_root(self) -> bool | None:
        if self.uid == 0 or self.name == "root":
            return True
        if self.uid is not None or self.name is not None:
            return False
        return None

    @property
    def label(self) -> str:
        return self.spec if self.spec is not None else "the base image's default user"

    @property
    def owner(self) -> str | None:
        """How files this user creates are owned, as recorded in PathFacts."""
        if self.name is not None:
            return self.name
        if self.uid is not None:
            return str(self.uid)
        return None


UNKNOWN_USER = User(None, None, None, None, 0, None)


def resolve_user(
    spec: str | None, accounts: Mapping[str, Account], line: int, *, passwd_known: bool
) -> User:
    """Resolve ``USER spec`` (the group part already removed) against the known accounts."""
    if spec is None or spec == "":
        return User(None, None, None, None, line, None) if spec is None else UNKNOWN_USER
    if spec.isdigit():
        uid = int(spec)
        for account in accounts.values():
            if account.uid == uid:
                return User(spec, account.name, uid, account.home, line, True)
        if uid == 0:
            return User(spec, "root", 0, "/root", line, True)
        # Docker gives a uid without a passwd entry HOME=/.
        home = "/" if passwd_known else None
        return User(spec, None, uid, home, line, False if passwd_known else None)
    named = accounts.get(spec)
    if named is not None:
        return User(spec, spec, named.uid, named.home, line, True)
    if spec == "root":
        return User(spec, "root", 0, "/root", line, True)
    return User(spec, spec, None, None, line, False if passwd_known else None)


def same_owner(owner: str | None, user: User, accounts: Mapping[str, Account]) -> bool | None:
    """Whether files owned by ``owner`` belong to ``user`` (None when it cannot be told)."""
    if owner is None or user.spec is None:
        return None
    if owner in (user.name, user.spec) or (user.uid is not None and owner == str(user.uid)):
        return True
    if owner in ("root", "0"):
        return user.is_root
    account = accounts.get(owner)
    if account is not None and account.uid is not None and user.uid is not None:
        return account.uid == user.uid
    return False


def _options(argv: tuple[str, ...], with_value: frozenset[str]) -> tuple[dict[str, str], list[str]]:
    """Split argv[1:] into options (``-x`` / ``--long``, with their value) and positionals."""
    opts: dict[str, str] = {}
    positional: list[str] = []
    i = 1
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            positional.extend(argv[i + 1 :])
            break
        if arg.startswith("--"):
            key, eq, value = arg.partition("=")
            if not eq and key in with_value and i + 1 < len(argv):
                value = argv[i + 1]
                i += 1
            opts[key] = value
        elif arg.startswith("-") and len(arg) > 1:
            letters = arg[1:]
            for j, letter in enumerate(letters):
                key = "-" + letter
                if key in with_value:
                    rest = letters[j + 1 :]
                    if rest:
                        opts[key] = rest
                    elif i + 1 < len(argv):
                        opts[key] = argv[i + 1]
                        i += 1
                    break
                opts[key] = ""
        else:
            positional.append(arg)
        i += 1
    return opts, positional


_USERADD_VALUES = frozenset(
    {"-d", "--home-dir", "--home", "-u", "--uid", "-g", "--gid", "-G", "--groups", "-s", "--shell",
     "-c", "--comment", "-k", "--skel", "-b", "--base-dir", "-e", "-f", "-K", "-p", "--password",
     "-R", "--root", "-P", "--prefix", "-Z"}
)  # fmt: skip
_DEBIAN_ADDUSER_VALUES = frozenset(
    {"--home", "--uid", "--gid", "--shell", "--gecos", "--comment", "--ingroup", "--firstuid",
     "--lastuid", "--conf", "--add-extra-groups", "--firstgid", "--lastgid"}
)  # fmt: skip
_BUSYBOX_ADDUSER_VALUES = frozenset({"-h", "-g", "-s", "-G", "-u", "-k"})
_GROUPADD_VALUES = frozenset(
    {"-g", "--gid", "-K", "--key", "-p", "--password", "-R", "--root", "-P", "--prefix"}
)


def _uid(text: str | None) -> int | None:
    return int(text) if text is not None and text.isdigit() else None


def account_created(command: Command, line: int, *, busybox: bool | None) -> Account | None:
    """The account a ``useradd`` / ``adduser`` command creates, if it is one.

    ``busybox`` says which ``adduser`` the image has (Alpine's busybox or Debian's); None lets
    the option style decide.
    """
    program = command.program
    if program == "useradd":
        opts, pos = _options(command.argv, _USERADD_VALUES)
        if not pos:
            return None
        name = pos[-1]
        base = opts.get("-b", opts.get("--base-dir", "/home"))
        default_home = f"{base.rstrip('/')}/{name}"
        home = opts.get("-d", opts.get("--home-dir", opts.get("--home", default_home)))
        create = ("-m" in opts or "--create-home" in opts) and not (
            "-M" in opts or "--no-create-home" in opts
        )
        return Account(name, _uid(opts.get("-u", opts.get("--uid"))), home, create, line)
    if program != "adduser":
        return None
    args = command.argv[1:]
    if busybox is None:
        busybox = any(a.startswith("-") and not a.startswith("--") for a in args)
    if busybox:
        opts, pos = _options(command.argv, _BUSYBOX_ADDUSER_VALUES)
        if not pos:
            return None
        name = pos[0]
        home = opts.get("-h", f"/home/{name}")
        return Account(name, _uid(opts.get("-u")), home, "-H" not in opts, line)
    opts, pos = _options(command.argv, _DEBIAN_ADDUSER_VALUES)
    if not pos or (len(pos) == 2 and "--system" not in opts):
        # ``adduser USER GROUP`` adds an existing user to a group.
        return None
    name = pos[0]
    system = "--system" in opts
    default_home = "/nonexistent" if system else f"/home/{name}"
    home = opts.get("--home", default_home)
    create = "--no-create-home" not in opts and home != "/nonexistent"
    return Account(name, _uid(opts.get("--uid")), home, create, line)


def _busybox_style(command: Command, busybox: bool | None) -> bool:
    """Whether an ``adduser`` is busybox's: as the image says, else by its option style."""
    if busybox is not None:
        return busybox
    return any(a.startswith("-") and not a.startswith("--") for a in command.argv[1:])


def primary_group(command: Command, *, busybox: bool | None) -> str | None:
    """The primary group (as written: a name or a gid) that a ``useradd``/``adduser`` command
    gives the account it creates (see :func:`account_created`, whose ``busybox`` this takes);
    None when it is a shared group whose name the command does not write (``useradd -N``, a
    system account) or when the command cannot be read for sure."""
    if command.program == "useradd":
        opts, pos = _options(command.argv, _USERADD_VALUES)
        given = opts.get("-g", opts.get("--gid"))
        if given is not None:
            return given
        if "-N" in opts or "--no-user-group" in opts:
            return None  # the USERS_GID / GROUP default of login.defs
        return pos[-1] if pos else None  # USERGROUPS_ENAB (Debian, Alpine, Fedora): like the user
    if _busybox_style(command, busybox):
        opts, pos = _options(command.argv, _BUSYBOX_ADDUSER_VALUES)
        if len(pos) != 1 or any(key.startswith("--") for key in opts):
            return None
        if "-G" in opts:
            return opts["-G"]
        return None if "-S" in opts else pos[0]  # busybox: a group like the user, gid = uid
    opts, pos = _options(command.argv, _DEBIAN_ADDUSER_VALUES)
    given = opts.get("--ingroup", opts.get("--gid"))
    if given is not None:
        return given
    if "--system" in opts and "--group" not in opts:
        return None  # nogroup
    return pos[0] if pos else None


def primary_gid(command: Command, uid: int, taken: set[str], *, busybox: bool | None) -> int | None:
    """The id of the primary group a ``useradd``/``adduser`` command gives the account it
    creates with uid ``uid``, when the command says it or it follows from the uid; ``taken``
    holds the gids ``groupadd``/``addgroup`` gave before. None when it cannot be told."""
    if command.program == "useradd":
        opts, _ = _options(command.argv, _USERADD_VALUES)
        given = opts.get("-g", opts.get("--gid"))
        if given is not None:
            return int(given) if given.isdigit() else None
        if "-N" in opts or "--no-user-group" in opts:
            return None
        # USERGROUPS_ENAB (Debian, Alpine, Fedora): a group like the user, and useradd takes
        # the uid as its gid when it is free (the known images have no group in that range).
        return uid if 1000 <= uid < 60000 and str(uid) not in taken else None
    if _busybox_style(command, busybox):
        opts, pos = _options(command.argv, _BUSYBOX_ADDUSER_VALUES)
        if len(pos) != 1 or "-G" in opts or "-S" in opts or any(k.startswith("--") for k in opts):
            return None
        return uid  # busybox gives its own group the uid as gid, or fails
    opts, _ = _options(command.argv, _DEBIAN_ADDUSER_VALUES)
    given = opts.get("--gid")
    if given is not None and "--ingroup" not in opts:
        return int(given) if given.isdigit() else None
    return None  # Debian's adduser takes the first free gid of its range


def group_created(command: Command) -> tuple[str | None, str | None] | None:
    """What a ``groupadd``/``addgroup`` command creates: the group's name (None unless the
    command names exactly one: ``addgroup USER GROUP`` adds a user to a group) and the gid it
    asks for (None when it gives none); None for any other command."""
    if command.program not in ("groupadd", "addgroup"):
        return None
    opts, positional = _options(command.argv, _GROUPADD_VALUES)
    name = positional[0] if len(positional) == 1 else None
    return name, opts.get("-g", opts.get("--gid"))


# A path written in an ENV as it is: no quotes, variables or blanks to escape.
_PLAIN_PATH = re.compile(r"/[A-Za-z0-9_./-]*")


def cache_in_home(user: User, state: State, below: str) -> str | None:
    """``<home>/<below>`` for a non-root ``user`` whose home is a plain path (no quotes,
    variables or blanks) that exists in ``state``, belongs to the user, and lets the user create
    that cache; None otherwise (no home created, a home of another user, an unknown user)."""
    home = user.home
    if user.is_root is not False or home is None or home == "/":
        return None
    if not _PLAIN_PATH.fullmatch(home):
        return None
    fact = state.fs.fact_for(home)
    if fact is None or state.fs.exists(home) is not True:
        return None
    if same_owner(fact.owner, user, state.accounts) is not True:
        return None
    cache = home.rstrip("/") + "/" + below
    if state.access(user, cache).writable is not True:
        return None
    return cache
