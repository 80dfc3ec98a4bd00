"""What we know about common base images, kept as data.

An image that is not listed here is unknown: its user, environment and file ownership are
``None`` in the model, and rules stay silent or lower their severity.
"""

from __future__ import annotations

from dataclasses import dataclass

from dockerlint_go.model.fs import Origin, PathFact, Scope


@dataclass(frozen=True, slots=True)
class Account:
    """A passwd entry."""

    name: str
    uid: int | None
    home: str
    home_created: bool  # whether the home directory exists
    line: int = 0  # where the Dockerfile created it; 0 for the base image


@dataclass(frozen=True, slots=True)
class ImageDefaults:
    family: str  # "golang", "debian", "alpine", "distroless", "scratch"
    user: str  # the default USER
    env: tuple[tuple[str, str], ...]
    accounts: tuple[Account, ...]  # the complete passwd of the image
    paths: tuple[PathFact, ...]  # ownership of well-known directories
    busybox: bool = False  # adduser/addgroup are busybox's (Alpine), not Debian's


def _dir(path: str, mode: int, owner: str = "root", scope: Scope = Scope.SELF) -> PathFact:
    return PathFact(path, owner, mode, scope, Origin.IMAGE, 0)


_DEBIAN_ACCOUNTS = (
    Account("root", 0, "/root", True),
    Account("daemon", 1, "/usr/sbin", True),
    Account("bin", 2, "/bin", True),
    Account("www-data", 33, "/var/www", False),
    Account("nobody", 65534, "/nonexistent", False),
)
_ALPINE_ACCOUNTS = (
    Account("root", 0, "/root", True),
    Account("daemon", 2, "/sbin", True),
    Account("guest", 405, "/dev/null", False),
    Account("nobody", 65534, "/", True),
)
_DISTROLESS_ACCOUNTS = (
    Account("root", 0, "/root", True),
    Account("nobody", 65534, "/nonexistent", False),
    Account("nonroot", 65532, "/home/nonroot", True),
)
_LINUX_DIRS = (
    _dir("/", 0o755),
    _dir("/root", 0o700),
    _dir("/home", 0o755),
    _dir("/tmp", 0o1777),
    _dir("/usr", 0o755, scope=Scope.TREE),
    _dir("/etc", 0o755, scope=Scope.TREE),
    _dir("/var", 0o755),
    _dir("/opt", 0o755),
    _dir("/srv", 0o755),
    _dir("/bin", 0o755, scope=Scope.TREE),
    _dir("/sbin", 0o755, scope=Scope.TREE),
)
# The official golang images: GOPATH=/go, and /go, /go/src, /go/bin world-writable with the
# sticky bit so that any user can create /go/pkg/mod.
_GOLANG_DIRS = (
    *_LINUX_DIRS,
    _dir("/go", 0o1777),
    _dir("/go/src", 0o1777),
    _dir("/go/bin", 0o1777),
)
_GOLANG_ENV = (
    ("GOPATH", "/go"),
    (
        "PATH",
        "/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    ),
)
_PLAIN_PATH = (("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"),)

GOLANG = ImageDefaults("golang", "root", _GOLANG_ENV, _DEBIAN_ACCOUNTS, _GOLANG_DIRS)
GOLANG_ALPINE = ImageDefaults(
    "golang", "root", _GOLANG_ENV, _ALPINE_ACCOUNTS, _GOLANG_DIRS, busybox=True
)
DEBIAN = ImageDefaults("debian", "root", _PLAIN_PATH, _DEBIAN_ACCOUNTS, _LINUX_DIRS)
ALPINE = ImageDefaults("alpine", "root", _PLAIN_PATH, _ALPINE_ACCOUNTS, _LINUX_DIRS, busybox=True)
DISTROLESS = ImageDefaults("distroless", "root", _PLAIN_PATH, _DISTROLESS_ACCOUNTS, _LINUX_DIRS)
DISTROLESS_NONROOT = ImageDefaults(
    "distroless", "65532", _PLAIN_PATH, _DISTROLESS_ACCOUNTS, _LINUX_DIRS
)
SCRATCH = ImageDefaults("scratch", "root", (), (), ())

_DEBIAN_LIKE = frozenset({"debian", "ubuntu", "buildpack-deps"})
_ALPINE_LIKE = frozenset({"alpine", "busybox"})


def split_reference(ref: str) -> tuple[str, str]:
    """``docker.io/library/golang:1.22@sha256:…`` -> (``golang``, ``1.22``).

    The repository keeps its registry host unless it is Docker Hub; the tag is "latest" when
    absent.
    """
    ref = ref.strip().split("@", 1)[0]
    name, tag = ref, "latest"
    slash = ref.rfind("/")
    colon = ref.rfind(":")
    if colon > slash:
        name, tag = ref[:colon], ref[colon + 1 :]
    name = name.lower()
    for prefix in ("docker.io/library/", "index.docker.io/library/", "docker.io/", "library/"):
        if name.startswith(prefix):
            name = name[len(prefix) :]
            break
    return name, tag.lower()


def image_defaults(ref: str) -> ImageDefaults | None:
    """The defaults of a base image reference, or None when we do not know the image."""
    name, tag = split_reference(ref)
    if name == "scratch":
        return SCRATCH
    if name == "golang":
        return GOLANG_ALPINE if "alpine" in tag else GOLANG
    if name in _DEBIAN_LIKE:
        return DEBIAN
    if name in _ALPINE_LIKE:
        return ALPINE
    if name.startswith("gcr.io/distroless/"):
        return DISTROLESS_NONROOT if "nonroot" in tag else DISTROLESS
    return None
