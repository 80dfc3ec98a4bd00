"""Users: who runs a step, and the accounts a Dockerfile creates."""

from __future__ import annotations

from collections.abc import Mapping

from dockerlint_go.model.images import Account
from dockerlint_go.model.shell import Command
from dockerlint_go.record import Record


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
