"""What we know about common base images, kept as data.

An image that is not listed here is unknown: its user, environment and file ownership are
``None`` in the model, and rules stay silent or lower their severity.
"""

from __future__ import annotations

from dockerlint_go.model.fs import Origin, PathFact, Scope
from dockerlint_go.record import Record


class Account(Record):
    """A passwd entry."""

    name: str
    uid: int | None
    home: str
    home_created: bool  # whether the home directory exists
    line: int = 0  # where the Dockerfile created it; 0 for the base image


class ImageDefaults(Record):
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


# --------------------------------------------------------------------------------------------
# The Go version of an image

# What "some recent Go" (``golang``, ``golang:latest``, ``golang:alpine``, ``golang:1``) is at
# least: every such image pulled today is newer than this.
RECENT_GO = (1, 21)


class ImageGo(Record):
    """The Go toolchain a stage runs, as far as the Dockerfile tells.

    ``version`` is (1, minor) or (1, minor, patch); None when it cannot be told. ``recent`` is
    set for references such as ``golang:latest`` whose version moves but is never old. ``source``
    says how it was found ("tag", "GOLANG_VERSION", "install") and ``line`` where (0: the FROM
    image itself).
    """

    version: tuple[int, ...] | None = None
    recent: bool = False
    source: str = ""
    line: int = 0
    # The Go version the distribution's own package (``apt-get install golang-go``) would
    # install, when the base image is a release we know; not installed yet.
    packaged: tuple[int, ...] | None = None

    @property
    def known(self) -> bool:
        return self.version is not None or self.recent

    def at_least(self, minor: int) -> bool | None:
        """Whether this is Go 1.``minor`` or newer (None: cannot be told)."""
        if self.version is not None:
            return self.version[:2] >= (1, minor)
        if self.recent:
            return True if (1, minor) <= RECENT_GO else None
        return None

    @property
    def label(self) -> str:
        if self.version is not None:
            return "Go " + ".".join(map(str, self.version))
        return "a recent Go" if self.recent else "an unknown Go version"


NO_GO = ImageGo()


def parse_version(text: str) -> tuple[int, ...] | None:
    """``1.22`` / ``1.22.3`` / ``go1.22.3`` / ``1.21rc2`` -> (1, 22) / (1, 22, 3) / …; None for
    anything else. A two-part version stays two parts (its patch level is unknown)."""
    text = text.strip()
    if text.startswith("go"):
        text = text[2:]
    parts = text.split(".")
    if not 2 <= len(parts) <= 3 or parts[0] != "1":
        return None
    numbers: list[int] = []
    for index, part in enumerate(parts):
        digits = part
        if index == len(parts) - 1:
            # a pre-release suffix: 1.21rc2, 1.22beta1
            for marker in ("rc", "beta"):
                head, found, tail = part.partition(marker)
                if found and tail.isdigit():
                    digits = head
        if not digits.isdigit() or (len(digits) > 1 and digits[0] == "0"):
            return None
        numbers.append(int(digits))
    return tuple(numbers)


def _is_golang_repository(name: str) -> bool:
    """``golang``, or a mirror of the official image (``…/library/golang``, ``…/golang`` on a
    registry host)."""
    return name == "golang" or name.endswith("/library/golang")


# The version of the ``golang-go`` package of each Debian and Ubuntu release, by the names and
# numbers their image tags use.
_DEBIAN_GO = {"buster": (1, 11), "10": (1, 11), "bullseye": (1, 15), "11": (1, 15),
              "bookworm": (1, 19), "12": (1, 19), "trixie": (1, 24), "13": (1, 24)}  # fmt: skip
_UBUNTU_GO = {"bionic": (1, 10), "18.04": (1, 10), "focal": (1, 13), "20.04": (1, 13),
              "jammy": (1, 18), "22.04": (1, 18), "noble": (1, 22), "24.04": (1, 22)}  # fmt: skip


def _packaged_go(name: str, tag: str) -> tuple[int, ...] | None:
    table = _DEBIAN_GO if name == "debian" else _UBUNTU_GO if name == "ubuntu" else None
    if table is None:
        return None
    release = tag.split("-", 1)[0]
    if name == "debian":
        release = release.split(".", 1)[0]  # 12.5 -> 12
    return table.get(release)


def image_go(ref: str) -> ImageGo:
    """The Go version of a FROM reference (only the official ``golang`` image and its mirrors
    are known; anything else is :data:`NO_GO`, with the version a distribution package would
    install when the image is a Debian or Ubuntu release)."""
    name, tag = split_reference(ref)
    if not _is_golang_repository(name):
        packaged = _packaged_go(name, tag)
        return NO_GO if packaged is None else ImageGo(packaged=packaged)
    head = tag.split("-", 1)[0]
    if head == "1" or not head[:1].isdigit():
        # golang, golang:latest, golang:alpine, golang:bookworm, golang:1, golang:1-alpine
        return ImageGo(recent=True, source="tag")
    version = parse_version(head)
    return ImageGo(version=version, source="tag") if version else NO_GO
