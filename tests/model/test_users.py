from __future__ import annotations

import pytest

from dockerlint_go.model.images import Account
from dockerlint_go.model.shell import Command
from dockerlint_go.model.users import account_created, resolve_user, same_owner


def _cmd(*argv: str) -> Command:
    return Command(argv=argv, env=(), user=None, cwd=None, line=0)


@pytest.mark.parametrize(
    ("argv", "busybox", "expected"),
    [
        (("useradd", "app"), None, Account("app", None, "/home/app", False, 7)),
        (("useradd", "-m", "app"), None, Account("app", None, "/home/app", True, 7)),
        (("useradd", "-M", "-m", "app"), None, Account("app", None, "/home/app", False, 7)),
        (
            ("useradd", "--create-home", "--uid", "1001", "app"),
            None,
            Account("app", 1001, "/home/app", True, 7),
        ),
        (("useradd", "-u1001", "-r", "svc"), None, Account("svc", 1001, "/home/svc", False, 7)),
        (
            ("useradd", "-m", "-d", "/srv/app", "app"),
            None,
            Account("app", None, "/srv/app", True, 7),
        ),
        (
            ("useradd", "-m", "-s", "/bin/sh", "-g", "app", "app"),
            None,
            Account("app", None, "/home/app", True, 7),
        ),
        (
            ("adduser", "--disabled-password", "app"),
            None,
            Account("app", None, "/home/app", True, 7),
        ),
        (("adduser", "--no-create-home", "app"), None, Account("app", None, "/home/app", False, 7)),
        (("adduser", "--system", "svc"), None, Account("svc", None, "/nonexistent", False, 7)),
        (
            ("adduser", "--system", "--home", "/var/svc", "svc"),
            None,
            Account("svc", None, "/var/svc", True, 7),
        ),
        (("adduser", "-D", "app"), None, Account("app", None, "/home/app", True, 7)),
        (
            ("adduser", "-D", "-H", "-u", "10001", "app"),
            True,
            Account("app", 10001, "/home/app", False, 7),
        ),
        (("adduser", "-S", "-D", "-H", "app"), True, Account("app", None, "/home/app", False, 7)),
        (("adduser", "app", "docker"), False, None),
        (("addgroup", "app"), None, None),
        (("useradd",), None, None),
    ],
)
def test_account_created(
    argv: tuple[str, ...], busybox: bool | None, expected: Account | None
) -> None:
    assert account_created(_cmd(*argv), 7, busybox=busybox) == expected


def test_numeric_uid_without_passwd_entry_gets_root_home() -> None:
    user = resolve_user("10001", {}, 3, passwd_known=True)
    assert (user.uid, user.home, user.has_account, user.is_root) == (10001, "/", False, False)


def test_numeric_uid_of_known_account() -> None:
    accounts = {"app": Account("app", 1000, "/home/app", True, 2)}
    user = resolve_user("1000", accounts, 3, passwd_known=True)
    assert (user.name, user.home) == ("app", "/home/app")
    assert same_owner("app", user, accounts) is True
    assert same_owner("root", user, accounts) is False


def test_unknown_image_user() -> None:
    user = resolve_user("app", {}, 3, passwd_known=False)
    assert user.is_root is False
    assert user.home is None
    assert user.has_account is None
    assert resolve_user("0", {}, 3, passwd_known=False).is_root is True
