"""What a Go package imports, read from the build context, and what that means for linking.

With cgo on, go links a program dynamically against the C library as soon as one of its
packages uses cgo: ``import "C"`` in the program or a dependency, or a standard package that
uses cgo on Linux (``net``'s resolver, ``os/user``), directly or through another standard
package (``net/http``, ``crypto/tls`` and ``crypto/x509`` all import ``net``). A program that
uses none of them is linked statically even with cgo on (go-facts.md).

:func:`package_linkage` walks the imports from one package of the context: the packages of
its own module and, when the module is vendored, those in ``vendor/``. Everything else (a
module dependency that is not vendored, a standard package not listed here) cannot be seen,
and the answer then says the linkage is unknown. Only the import clauses are read; files
under a build constraint (``//go:build``, ``// +build``, a ``_windows.go`` suffix) are not
trusted to be built.
"""

from __future__ import annotations

import posixpath
import re

from dockerlint_go.model.context import BuildContext
from dockerlint_go.record import Record

# Standard packages that import ``net`` (directly or not): with cgo on and without the
# ``netgo`` tag they link the cgo resolver in.
_NET_USERS = frozenset({"net", "crypto/tls", "crypto/x509", "log/syslog", "expvar",
                        "mime/multipart"})  # fmt: skip
_NET_FREE = frozenset({"net/url", "net/netip"})
# Standard packages known not to use cgo on Linux, even indirectly.
_STATIC_STD = frozenset(
    {"archive/tar", "archive/zip", "bufio", "bytes", "cmp", "compress/bzip2", "compress/flate",
     "compress/gzip", "compress/lzw", "compress/zlib", "container/heap", "container/list",
     "container/ring", "context", "crypto", "crypto/aes", "crypto/cipher", "crypto/ecdh",
     "crypto/ecdsa", "crypto/ed25519", "crypto/elliptic", "crypto/hmac", "crypto/md5",
     "crypto/rand", "crypto/rsa", "crypto/sha1", "crypto/sha256", "crypto/sha512",
     "crypto/subtle", "database/sql", "database/sql/driver", "embed", "encoding",
     "encoding/ascii85", "encoding/asn1", "encoding/base32", "encoding/base64",
     "encoding/binary", "encoding/csv", "encoding/hex", "encoding/json", "encoding/pem",
     "encoding/xml", "errors", "flag", "fmt", "hash", "hash/adler32", "hash/crc32",
     "hash/crc64", "hash/fnv", "hash/maphash", "html", "html/template", "io", "io/fs",
     "io/ioutil", "iter", "log", "log/slog", "maps", "math", "math/big", "math/bits",
     "math/cmplx", "math/rand", "math/rand/v2", "mime", "mime/quotedprintable", "os",
     "os/exec", "os/signal", "path", "path/filepath", "reflect", "regexp", "regexp/syntax",
     "runtime", "runtime/debug", "runtime/pprof", "runtime/trace", "slices", "sort",
     "strconv", "strings", "sync", "sync/atomic", "syscall", "text/tabwriter",
     "text/template", "text/template/parse", "time", "unicode", "unicode/utf16",
     "unicode/utf8", "unique", "unsafe"}
)  # fmt: skip
# Cgo whatever the build tags say.
_ALWAYS_CGO = frozenset({"C", "runtime/cgo", "plugin"})
_OTHER_OS = frozenset(
    {"aix", "android", "darwin", "dragonfly", "freebsd", "illumos", "ios", "js", "netbsd",
     "openbsd", "plan9", "solaris", "wasip1", "windows"}
)  # fmt: skip
_MAX_PACKAGES = 500
# Pattern strings, compiled (and cached by ``re``) when Go sources are first read: every lint
# imports this module, few read Go files.
_TOKEN = r'(?s)//[^\n]*|/\*.*?\*/|"(?:[^"\\\n]|\\.)*"|`[^`]*`'
_CONSTRAINT = r"(?m)^\s*//\s*(?:go:build\s|\+build\s)"


class CgoUse(Record):
    """A visible import that makes a cgo build link dynamically."""

    file: str  # the context path of the importing file
    imported: str  # "net", "os/user", "C", "net/http", …


class Linkage(Record):
    """What the imports reachable from a package say about a cgo build of it."""

    cgo: CgoUse | None = None  # a use that is certain (None: none seen)
    unknown: str = ""  # why the answer is incomplete ("" when every import was followed)


def cgo_imports(netgo: bool, osusergo: bool, imported: str) -> bool:
    """Whether importing ``imported`` brings cgo in, given the ``netgo``/``osusergo`` tags."""
    if imported in _ALWAYS_CGO:
        return True
    if imported == "os/user":
        return not osusergo
    if imported in _NET_USERS or (imported.startswith("net/") and imported not in _NET_FREE):
        return not netgo
    return False


def file_imports(text: str) -> tuple[tuple[str, ...], bool]:
    """(the import paths of a Go file, whether it has a build constraint)."""
    constrained = False
    header_end = text.find("\npackage ")
    if text.startswith("package "):
        header_end = 0
    if header_end > 0 and re.search(_CONSTRAINT, text[:header_end]):
        constrained = True
    imports: list[str] = []
    # Comments dropped, strings kept: the import clauses come right after the package clause.
    code = re.sub(_TOKEN, lambda m: m.group(0) if m.group(0)[0] in '"`' else " ", text)
    pos = code.find("package ")
    if pos < 0:
        return (), constrained
    rest = code[pos:].split("\n", 1)[1] if "\n" in code[pos:] else ""
    for match in re.finditer(r"\bimport\b\s*(\((?P<group>[^)]*)\)|(?P<one>[^\n;]*))", rest):
        before = rest[: match.start()].strip()
        if re.search(r"\b(func|type|var|const)\b", before):
            break
        body = match.group("group") if match.group("group") is not None else match.group("one")
        imports.extend(m.group(1) for m in re.finditer(r'["`]([^"`]*)["`]', body or ""))
    return tuple(imports), constrained


def _built_on_linux(name: str) -> bool:
    if not name.endswith(".go") or name.endswith("_test.go") or name[:1] in "._":
        return False
    parts = name[: -len(".go")].split("_")[1:]
    return not any(part in _OTHER_OS for part in parts[-2:])


def package_linkage(
    context: BuildContext,
    directory: str,
    module_dir: str,
    module_path: str,
    *,
    netgo: bool = False,
    osusergo: bool = False,
    files: tuple[str, ...] | None = None,
) -> Linkage:
    """Follow the imports from the package in context directory ``directory`` (only ``files``
    of it when given: ``go build main.go``), through the module at ``module_dir`` whose path is
    ``module_path``, and its ``vendor/`` tree."""
    vendored = context.has_vendor(module_dir)
    queue: list[tuple[str, tuple[str, ...] | None]] = [(directory, files)]
    seen = {directory}
    unknown = ""
    constrained_use: CgoUse | None = None
    while queue:
        current, only = queue.pop(0)
        names = only or tuple(
            posixpath.join(current, n) if current else n
            for n in context.files.names(current)
            if _built_on_linux(n)
        )
        sources = [n for n in names if context.has_file(n)]
        if not sources:
            unknown = unknown or f"no Go source of {current or 'the context root'} is sent"
            continue
        for rel in sources:
            text = context.text(rel)
            if text is None:
                unknown = unknown or f"{rel} cannot be read"
                continue
            imports, constrained = file_imports(text)
            for imported in imports:
                if cgo_imports(netgo, osusergo, imported):
                    use = CgoUse(file=rel, imported=imported)
                    if not constrained:
                        return Linkage(cgo=use)
                    constrained_use = constrained_use or use
                    continue
                target = _local(imported, module_dir, module_path, vendored)
                if target is not None:
                    if target not in seen and len(seen) < _MAX_PACKAGES:
                        seen.add(target)
                        queue.append((target, None))
                    continue
                first = imported.split("/", 1)[0]
                if "." in first:
                    unknown = unknown or f"{rel} imports {imported}, whose source is not sent"
                elif imported not in _STATIC_STD and not (netgo and osusergo):
                    unknown = unknown or f"{rel} imports {imported}"
    if constrained_use is not None:
        unknown = unknown or (
            f"{constrained_use.file} imports {constrained_use.imported} under a build constraint"
        )
    return Linkage(unknown=unknown)


def _local(imported: str, module_dir: str, module_path: str, vendored: bool) -> str | None:
    """The context directory of an import that is in the module or its vendor tree."""
    if imported == module_path or imported.startswith(module_path + "/"):
        below = imported[len(module_path) :].lstrip("/")
        return posixpath.join(module_dir, below).strip("/") if below else module_dir
    first = imported.split("/", 1)[0]
    if vendored and "." in first:
        return posixpath.join(module_dir, "vendor", imported).lstrip("/")
    return None
