"""The Go view of the build state: where the module cache, build cache and GOPATH are."""

from __future__ import annotations

import enum
from collections.abc import Mapping

from dockerlint_go.record import Record


class Origin(enum.Enum):
    """Where a Go setting came from."""

    DOCKERFILE = "Dockerfile"  # an ENV instruction
    COMMAND = "command"  # ``VAR=x go …`` or ``export VAR=x`` in the RUN
    IMAGE = "base image"  # the base image's environment
    DEFAULT = "default"  # derived by go from another variable or HOME
    UNKNOWN = "unknown"  # an unknown base image may set it


class GoEnv(Record):
    home: str | None
    gopath: str | None  # the first GOPATH entry
    gomodcache: str | None
    gocache: str | None
    goflags: str
    goproxy: str | None
    gosumdb: str | None
    gomodcache_origin: Origin  # where the module cache location was decided
    gopath_origin: Origin
    gomodcache_line: int | None  # the ENV line that set GOMODCACHE or GOPATH, when it did
    gomodcache_set: bool = False  # GOMODCACHE itself is set (not derived from GOPATH or HOME)
    # A GOPATH whose first entry is not absolute (``ENV GOPATH=go``): go refuses to run at all
    # ("GOPATH entry is relative; must be absolute path"). The value as written; "" otherwise.
    gopath_relative: str = ""
    go111module: str | None = None  # GO111MODULE as the command sees it (None: unset)
    go111module_origin: Origin = Origin.DEFAULT
    go111module_line: int | None = None  # the ENV line that set it, when an ENV did

    @property
    def vendored(self) -> bool:
        return any(f in ("-mod=vendor", "--mod=vendor") for f in self.goflags.split())


def _setting(
    name: str,
    env: Mapping[str, str],
    env_lines: Mapping[str, int],
    command_env: Mapping[str, str],
    image_known: bool,
    build_args: Mapping[str, str],
) -> tuple[str | None, Origin, int | None]:
    if name in command_env:
        return command_env[name], Origin.COMMAND, None
    if name in env:
        line = env_lines.get(name, 0)
        if line:
            return env[name], Origin.DOCKERFILE, line
        return env[name], Origin.IMAGE, None
    if name in build_args:
        # An ARG in scope is in the environment of RUN commands (not of the final container).
        return build_args[name], Origin.DOCKERFILE, None
    return None, (Origin.DEFAULT if image_known else Origin.UNKNOWN), None


def go_env(
    env: Mapping[str, str],
    env_lines: Mapping[str, int],
    home: str | None,
    *,
    image_known: bool,
    command_env: Mapping[str, str] | None = None,
    build_args: Mapping[str, str] | None = None,
) -> GoEnv:
    """Compute what ``go env`` would print, as far as the Dockerfile tells.

    ``env`` holds ENV values (the base image's included), ``env_lines`` the line of the ENV
    instruction that set each one (absent or 0 for the base image's), ``home`` the HOME of the
    user running go (None when unknown), ``build_args`` the ARG values a RUN command sees.
    """
    cmd = command_env or {}
    args = build_args or {}

    def get(name: str) -> tuple[str | None, Origin, int | None]:
        return _setting(name, env, env_lines, cmd, image_known, args)

    home_value, home_origin, _ = get("HOME")
    if home_value is None and home is not None:
        home_value = home
    elif home_value is None and home_origin is Origin.UNKNOWN:
        home_value = None

    gopath_raw, gopath_origin, gopath_line = get("GOPATH")
    gopath: str | None
    relative = ""
    if gopath_raw:
        gopath = gopath_raw.split(":", 1)[0] or None
        if gopath is not None and not gopath.startswith("/"):
            relative, gopath = gopath, None  # go stops before it looks for any cache
    elif gopath_origin is Origin.UNKNOWN or home_value is None:
        gopath, gopath_origin = None, Origin.UNKNOWN
    else:
        gopath, gopath_origin = _join(home_value, "go"), Origin.DEFAULT

    modcache_raw, modcache_origin, modcache_line = get("GOMODCACHE")
    gomodcache: str | None
    if modcache_raw:
        gomodcache = modcache_raw
    elif relative:
        gomodcache, modcache_origin, modcache_line = None, gopath_origin, gopath_line
    elif gopath is not None:
        gomodcache = _join(gopath, "pkg/mod")
        modcache_origin, modcache_line = gopath_origin, gopath_line
        if gopath_origin in (Origin.DOCKERFILE, Origin.COMMAND, Origin.IMAGE):
            modcache_origin = gopath_origin
    else:
        gomodcache, modcache_origin, modcache_line = None, Origin.UNKNOWN, None

    gocache_raw, _, _ = get("GOCACHE")
    xdg, _, _ = get("XDG_CACHE_HOME")
    gocache: str | None
    if gocache_raw:
        gocache = gocache_raw
    elif xdg:
        gocache = _join(xdg, "go-build")
    elif home_value is not None:
        gocache = _join(home_value, ".cache/go-build")
    else:
        gocache = None

    go111module, module_origin, module_line = get("GO111MODULE")
    goflags, _, _ = get("GOFLAGS")
    goproxy, _, _ = get("GOPROXY")
    gosumdb, _, _ = get("GOSUMDB")
    return GoEnv(
        home=home_value,
        gopath=gopath,
        gomodcache=gomodcache,
        gocache=gocache,
        goflags=goflags or "",
        goproxy=goproxy,
        gosumdb=gosumdb,
        gomodcache_origin=modcache_origin,
        gopath_origin=gopath_origin,
        gomodcache_line=modcache_line,
        gomodcache_set=bool(modcache_raw),
        gopath_relative=relative,
        go111module=go111module,
        go111module_origin=module_origin,
        go111module_line=module_line,
    )


def _join(base: str, rest: str) -> str:
    return base.rstrip("/") + "/" + rest if base != "/" else "/" + rest
