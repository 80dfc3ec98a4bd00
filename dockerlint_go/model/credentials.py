"""What looks like a credential, read from the text of a Dockerfile.

Nothing here knows about instructions or stages: the functions take a name, a path or a value
as written and say whether it carries a secret.

- Variable names: ``secret_name`` reads the ``_``-separated words of a name (``GITHUB_TOKEN``
  and ``API_KEY`` are secret, ``PASSTHROUGH`` and ``GOAUTH`` are not).
- Values: ``credential_parts`` splits a value into the pieces a credential is made of (``$VAR``,
  ``$(…)`` and literal text); ``url_credentials`` finds the user:password part of URLs, leaving
  out the fixed user names and placeholders that are no secret (``x-access-token``,
  ``oauth2``, ``<token>``); ``setting_credentials`` does the same for the Go and git settings
  whose value can hold a credential (``GOPROXY``, ``GOAUTH``, a ``GIT_CONFIG_KEY_<n>`` URL
  rewrite).
- Files: ``file_kind`` names the credential file a path points at: a ``.netrc``, a git
  credential store, an SSH private key or a whole ``.ssh`` directory (public keys,
  ``known_hosts`` and ``config`` are not credentials).
- Messages: ``mask`` replaces every literal credential of a value with ``****``.

``mentions_credential_file`` and ``mentions_credential_use`` are cheap tests of an
instruction's text, to skip the close reading where nothing can match.

The patterns are kept as strings, compiled (and cached by ``re``) only for a file that gets
that far.
"""

from __future__ import annotations

import itertools
import posixpath
import re

from dockerlint_go import TYPE_CHECKING
from dockerlint_go.record import Record

if TYPE_CHECKING:
    from collections.abc import Sequence

# The kinds of credential file ``file_kind`` tells apart.
NETRC, GIT_CREDENTIALS, SSH_KEY, SSH_DIR = "netrc", "git-credentials", "ssh-key", "ssh-dir"
CREDENTIAL_FILES = (NETRC, GIT_CREDENTIALS, SSH_KEY)  # the kinds that are single files
# The settings whose value can hold a credential, besides ``GIT_CONFIG_KEY_<n>``.
CREDENTIAL_SETTINGS = ("GOPROXY", "GOAUTH")

_SECRET_WORDS = frozenset(
    {"TOKEN", "PASSWORD", "PASSWD", "PASS", "SECRET", "CREDENTIAL", "CREDENTIALS", "AUTH", "PAT",
     "APIKEY", "NETRC"}
)  # fmt: skip
_SECRET_PAIRS = frozenset(
    {("API", "KEY"), ("PRIVATE", "KEY"), ("SSH", "KEY"), ("DEPLOY", "KEY"), ("ID", "RSA"),
     ("ID", "ED25519"), ("ID", "ECDSA")}
)  # fmt: skip
# Literal words in a credential's place that are no secret: fixed user names of GitHub and
# GitLab, and the password GitHub ignores when the token is the user name.
_PLACEHOLDERS = frozenset({"x-oauth-basic", "x-access-token", "oauth2", "gitlab-ci-token", "git"})
_TOKEN_PREFIXES = ("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "glpat-", "gldt-")

_KEY_NAMES = frozenset(
    {"id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", "id_ecdsa_sk", "id_ed25519_sk"}
)
_SSH_PUBLIC = frozenset(
    {"known_hosts", "known_hosts2", "config", "authorized_keys", "authorized_keys2", "environment",
     "rc"}
)  # fmt: skip
_FILE_MARKERS = ("netrc", "credentials", "ssh", "id_")  # in every name file_kind knows
# What a command that puts a credential where git or go read it mentions (lower case).
_USE_MARKERS = (
    "netrc", "credentials", ".ssh", "id_rsa", "id_ed25519", "id_ecdsa", "id_dsa", "insteadof",
    "extraheader", "goproxy", "goauth", "git_config_key",
)  # fmt: skip

_VAR_RE = r"\$(?:\{([A-Za-z_][A-Za-z0-9_]*)|([A-Za-z_][A-Za-z0-9_]*))"
_SUBST_RE = r"\$\((?:[^()]|\([^()]*\))*\)|`[^`]*`"
_URL_RE = (
    r"[A-Za-z][A-Za-z0-9+.-]*://"
    r"((?:\$\((?:[^()]|\([^()]*\))*\)|\$\{[^}]*\}|`[^`]*`|\$(?=[A-Za-z_])|[^/@\s\"'`$])+)"
    r"@([A-Za-z0-9.\-_]*)"
)
_WORD_EDGE = r"(?<![A-Za-z0-9_.~%-]){}(?![A-Za-z0-9_.~%-])"
_INSTEADOF_RE = r"(?i)url\.(.+)\.(?:push)?insteadof$"


class Part(Record):
    """A piece of a credential."""

    # "var", "subst" ($(…)), "literal", "secret" (a mounted secret file), "file"; and, once
    # resolved by a reader of RUN scripts, "env" (a secret mount's ``env=``) and "shell" (a
    # variable the RUN sets)
    kind: str
    text: str  # the variable's name, the substitution, the literal, the file's path


# --------------------------------------------------------------------------------------------
# Names


def secret_name(name: str) -> bool:
    """The name's ``_``-separated words say it holds a secret (``GITHUB_TOKEN``, ``API_KEY``;
    not ``PASSTHROUGH`` or ``GOAUTH``)."""
    parts = [p for p in name.upper().split("_") if p]
    if any(p in _SECRET_WORDS for p in parts):
        return True
    return any(pair in _SECRET_PAIRS for pair in itertools.pairwise(parts))


def mentions_credential_file(text: str) -> bool:
    """``text`` could name a credential file: a cheap test before ``file_kind``."""
    return any(word in text for word in _FILE_MARKERS)


def mentions_credential_use(text: str) -> bool:
    """``text`` (a RUN as written) mentions a credential file, a git setting that can hold a
    credential or ``GOPROXY``/``GOAUTH``: a cheap test before the script is read closely."""
    lowered = text.lower()
    return any(marker in lowered for marker in _USE_MARKERS)


def file_kind(path: str) -> str | None:
    """The kind of credential file ``path`` names (``NETRC``, ``GIT_CREDENTIALS``, ``SSH_KEY``,
    ``SSH_DIR``), if any."""
    if not mentions_credential_file(path):
        return None
    path = path.rstrip("/")
    name = posixpath.basename(path)
    if name in (".netrc", "_netrc", "netrc"):
        return NETRC
    if name == ".git-credentials" or path.endswith("/git/credentials"):
        return GIT_CREDENTIALS
    if name == ".ssh":
        return SSH_DIR
    if name.endswith(".pub") or name.startswith("known_hosts"):
        return None
    if name in _KEY_NAMES:
        return SSH_KEY
    in_ssh = posixpath.basename(posixpath.dirname(path)) == ".ssh"
    return SSH_KEY if in_ssh and name not in _SSH_PUBLIC else None


# --------------------------------------------------------------------------------------------
# Values: variables, substitutions, literals, URLs


def var_names(text: str) -> list[str]:
    """The names of the variables ``$NAME`` and ``${NAME}`` in ``text``, in order."""
    return [a or b for a, b in re.findall(_VAR_RE, text)]


def credential_parts(text: str, *, shell: bool, expands: bool = True) -> list[Part]:
    """What a credential value is made of. ``shell``: ``$(…)`` runs (a RUN, not ENV or ARG);
    ``expands``: ``$VAR`` is expanded at all (not in exec form without a shell)."""
    text = text.strip()
    if not text:
        return []
    if not expands:
        return [] if "$" in text else [Part("literal", text)]
    parts: list[Part] = []
    rest = text
    if shell:
        parts.extend(Part("subst", subst) for subst in re.findall(_SUBST_RE, text))
        rest = re.sub(_SUBST_RE, "", text)
    parts.extend(Part("var", name) for name in var_names(rest))
    if not parts and "$" not in text:
        parts.append(Part("literal", text))
    return parts


def is_placeholder(text: str) -> bool:
    """``text`` stands where a credential goes but is none: empty, a fixed user name such as
    ``x-access-token``, a ``%s`` format or a ``<token>`` placeholder."""
    word = text.strip().strip("\"'")
    return (
        not word
        or word.lower() in _PLACEHOLDERS
        or word.startswith("%")
        or (word.startswith("<") and word.endswith(">"))
    )


def _tokenish(text: str) -> bool:
    """A literal user name that is really a token (GitHub takes a token as the user name)."""
    return text.startswith(_TOKEN_PREFIXES) or (
        len(text) >= 32
        and all(c.isalnum() or c == "_" for c in text)
        and any(c.isdigit() for c in text)
        and any(c.isalpha() for c in text)
    )


def _split_userinfo(userinfo: str) -> tuple[str, bool, str]:
    """``user:password`` split at the first ``:`` outside ``${…}`` and ``$(…)``."""
    depth = 0
    for i, ch in enumerate(userinfo):
        if ch in "{(":
            depth += 1
        elif ch in "})":
            depth = max(0, depth - 1)
        elif ch == ":" and depth == 0:
            return userinfo[:i], True, userinfo[i + 1 :]
    return userinfo, False, ""


def url_credentials(
    text: str, *, shell: bool, expands: bool = True
) -> list[tuple[str, list[Part]]]:
    """The credentials in the user:password part of each URL in ``text``, with the host.

    A password counts unless it is a placeholder; a user name counts when it is a variable
    with a secret name, a literal that looks like a token, anything read with ``$(…)``, or
    anything at all when the password is GitHub's ``x-oauth-basic``. ``shell`` and
    ``expands`` are as for ``credential_parts``.
    """
    found: list[tuple[str, list[Part]]] = []
    if "@" not in text:
        return found
    for match in re.finditer(_URL_RE, text):
        user, has_password, password = _split_userinfo(match.group(1))
        creds: list[Part] = []
        token_as_user = password.strip().lower() == "x-oauth-basic"
        if has_password and not is_placeholder(password):
            creds.extend(credential_parts(password, shell=shell, expands=expands))
        for part in credential_parts(user, shell=shell, expands=expands):
            if part.kind == "var":
                wanted = token_as_user or secret_name(part.text)
            elif part.kind == "literal":
                wanted = _tokenish(part.text) or (token_as_user and not is_placeholder(part.text))
            else:
                wanted = True  # ``$(cat /run/secrets/token)``: read for the URL
            if wanted:
                creds.append(part)
        if creds:
            found.append((match.group(2), creds))
    return found


def rewritten_url(key: str) -> str | None:
    """The URL of a git ``url.<URL>.insteadOf`` (or ``pushInsteadOf``) key, any case."""
    match = re.match(_INSTEADOF_RE, key)
    return match.group(1) if match else None


# --------------------------------------------------------------------------------------------
# Settings: GOPROXY, GOAUTH, GIT_CONFIG_KEY_<n>


def credential_setting(name: str) -> bool:
    """``name`` is a setting whose value can hold a credential: ``GOPROXY``, ``GOAUTH`` or a
    ``GIT_CONFIG_KEY_<n>`` (whose value can be a ``url.<URL>.insteadOf`` key)."""
    return name in CREDENTIAL_SETTINGS or name.startswith("GIT_CONFIG_KEY_")


def _setting_urls(name: str, raw: str, *, shell: bool) -> list[tuple[str, list[Part]]]:
    """(host, credential parts) of each URL with a credential in a setting's value."""
    if name.startswith("GIT_CONFIG_KEY_"):
        url = rewritten_url(raw)
        return url_credentials(url, shell=shell) if url is not None else []
    return url_credentials(raw, shell=shell)


def setting_credentials(
    name: str, value: str, *, shell: bool, expands: bool = True
) -> tuple[list[Part], str]:
    """The credential parts in the value of a setting ``credential_setting`` accepts, and the
    host of the first URL that has one ("" when none names it).

    A URL's user:password counts; for ``GOAUTH`` also every variable with a secret name.
    Without ``expands`` (exec form, no shell) only literal credentials count.
    """
    urls = _setting_urls(name, value, shell=shell)
    parts = [p for _, ps in urls for p in ps if expands or p.kind == "literal"]
    if name == "GOAUTH" and expands:
        parts += [
            p
            for p in credential_parts(value, shell=shell)
            if p.kind == "var" and secret_name(p.text)
        ]
    return parts, next((h for h, _ in urls if h), "")


# --------------------------------------------------------------------------------------------
# Messages


def mask(text: str, parts: Sequence[Part]) -> str:
    """``text`` with each literal credential replaced by ``****`` (where it stands as a whole
    word of a URL or header), shortened for messages."""
    for part in parts:
        if part.kind == "literal" and part.text:
            text = re.sub(_WORD_EDGE.format(re.escape(part.text)), "****", text)
            if len(part.text) >= 4:  # never let a credential through, whatever surrounds it
                text = text.replace(part.text, "****")
    text = " ".join(text.split())
    return text if len(text) <= 90 else text[:87].rstrip() + "…"
