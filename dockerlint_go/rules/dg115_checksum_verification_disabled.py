"""## What it does
Finds the settings that make go accept modules without checking them, and reports each once, at
the instruction that makes it: an `ENV`, an `ARG` default, the `RUN` whose command gets it (a
`GOSUMDB=off go mod download` prefix, an `export`, `env GOSUMDB=off go …`), or a
`go env -w` (which saves it in go's env file for every later go command of that user).

- **error** for `GOSUMDB=off`;
- **error** for a `GONOSUMDB` pattern that matches every module path (`*`, `*.*`, `*/*`), and
  for such a `GOPRIVATE` pattern when `GONOSUMDB` is unset (go then takes `GOPRIVATE` for it);
  **warning** for a pattern that covers well-known public hosts without matching everything
  (`github.com/*`, `golang.org`, `*.io`);
- **error** for `GOINSECURE` with any pattern;
- **error** for `-insecure` in `GOFLAGS` or on `go get` when the stage's Go is older than 1.17;
  **warning** when the Go version cannot be told. Go 1.17 and later reject the flag (the command
  fails), so there it is not a bypass and the rule stays silent.

A setting counts when it reaches a go command that may download modules: a command in module
mode that is not served by a vendor directory (for `-insecure`, a `go get`). A setting that
reaches none still counts when it stays in the image: an `ENV` (or a `go env -w`) in a stage
that is an image of its own (the last stage, or a stage no other stage is built from or copies
from) and has a Go toolchain; every `go` run in a container of that image inherits it. `ARG`
values and `RUN` prefixes do not stay.

It stays silent for patterns that cover only private paths, which is what these variables are
for (`GOPRIVATE=*.corp.example,gitlab.example.com/*`, `github.com/your-org`); for `GOSUMDB`
naming another database or reaching `sum.golang.org` through a proxy; for a `GOPRIVATE` that a
`GONOSUMDB` overrides; for variables the base image sets (they are not made in this file); and
for a setting whose only go commands are vendored builds in a stage that does not ship; and for
the checksum variables when nothing is downloaded: every `GOPROXY` entry is a `file://` directory
or `off`, and no `GONOPROXY`/`GOPRIVATE` sends modules to their repositories (an offline build
whose modules come from the build itself, like a vendor directory). A `go`
hidden in a `make` target or a script cannot be seen: a prefix on such a command is not
reported. Whether a pattern covers public modules is judged against well-known public module
hosts (github.com, golang.org, google.golang.org, gopkg.in, go.uber.org, gitlab.com,
bitbucket.org, k8s.io, cloud.google.com, …); a pattern naming only another public host is not
reported.

`GOINSECURE` by itself leaves the checksum database on for modules it can check, but it lets go
fetch matching paths over plain HTTP or from servers with invalid certificates, and the private
paths it is used for are the ones the database never covers, so nothing checks what arrives. No
hadolint or BuildKit check looks at these variables.

## Why is this bad?
The checksum database is what proves that the module version you download is the one everybody
else got. go consults it for every module that go.sum does not list yet: a `go get`, a
`go mod tidy`, a `go mod download` without a complete go.sum, and every tool fetched by
`go install pkg@version`. With it turned off, a compromised proxy, a hijacked repository or
anyone on the network path can hand the build different code, and the build succeeds.

## Example
```dockerfile
FROM golang:1.22
ENV GOSUMDB=off
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
```

## Use instead
```dockerfile
FROM golang:1.22
# Only the company's own modules skip the public checksum database.
ENV GOPRIVATE=*.corp.example
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
```

If `sum.golang.org` is unreachable from the builder, let the module proxy serve it instead of
turning it off: `GOSUMDB="sum.golang.org https://proxy.corp.example/sumdb/sum.golang.org"`.

## References
- [Go modules reference: authenticating modules](https://go.dev/ref/mod#authenticating)
- [Go modules reference: private modules](https://go.dev/ref/mod#private-modules)
- [Go modules reference: environment variables](https://go.dev/ref/mod#environment-variables)
- [Go 1.17 release notes: `go get -insecure` removed](https://go.dev/doc/go1.17#go-get)
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from fnmatch import fnmatchcase

from dockerlint_go.findings import Severity
from dockerlint_go.model.gosettings import (
    EnvFiles,
    How,
    Setting,
    go_setting,
    image_setting,
    may_fetch,
    with_env_writes,
)
from dockerlint_go.model.images import ImageGo
from dockerlint_go.model.stages import DockerfileModel, GoRun, Stage, Step
from dockerlint_go.record import Record
from dockerlint_go.rules._rule import Hit, Rule, RuleKind, other_lines

_NAMES = ("GOSUMDB", "GONOSUMDB", "GOPRIVATE", "GOINSECURE", "GOFLAGS", "GOPROXY", "GONOPROXY")
# Module paths of well-known public hosts: a GONOSUMDB/GOPRIVATE pattern that matches one of
# them takes public modules out of the checksum database; one that matches all of them matches
# every module path.
_PUBLIC = (
    "github.com/google/uuid",
    "golang.org/x/net",
    "google.golang.org/grpc",
    "gopkg.in/yaml.v3",
    "go.uber.org/zap",
    "gitlab.com/gitlab-org/api",
    "bitbucket.org/creachadair/shell",
    "k8s.io/client-go",
    "sigs.k8s.io/yaml",
    "cloud.google.com/go",
    "go.opentelemetry.io/otel",
    "honnef.co/go/tools",
    "rsc.io/quote",
    "go.etcd.io/bbolt",
    "modernc.org/sqlite",
)
_PUBLIC_HOSTS = frozenset(path.split("/", 1)[0] for path in _PUBLIC)
_FALSE = frozenset({"0", "f", "F", "false", "FALSE", "False"})

_SUMDB_FIX = (
    "Remove GOSUMDB=off. List only your private module paths in GOPRIVATE (e.g. "
    "`ENV GOPRIVATE=*.corp.example`); if sum.golang.org is unreachable, let your proxy serve it: "
    '`ENV GOSUMDB="sum.golang.org https://proxy.corp.example/sumdb/sum.golang.org"`.'
)
_INSECURE_FIX = (
    "Remove GOINSECURE and serve those modules over HTTPS; for an internal certificate "
    "authority, add its certificate to the builder (`COPY corp-ca.crt "
    "/usr/local/share/ca-certificates/` and `RUN update-ca-certificates`) and list the paths "
    "in GOPRIVATE."
)
_FLAG_FIX = (
    "Drop -insecure: serve private modules over HTTPS and list them in GOPRIVATE (e.g. "
    "`ENV GOPRIVATE=git.corp.example`); better, move to Go 1.17 or later, which rejects the flag."
)


class _Problem(Record):
    setting: Setting
    severity: Severity
    subject: str  # "ENV at line 3 sets GOSUMDB=off"
    what: str  # what then happens, a clause
    fix: str


class _Found(Record, frozen=False):
    problem: _Problem
    runs: dict[int, str]  # the go commands it reaches: line -> display, in build order
    shipped: str = ""  # the stage label, when it is reported because the image keeps it


def _subject(setting: Setting, shown: str | None = None) -> str:
    value = setting.value if shown is None else shown
    text = f"{setting.where} sets {setting.name}={value}"
    if setting.how is How.ARG:
        text += " (its default)"
    elif setting.how is How.GO_ENV_W:
        text = f"{setting.where} saves {setting.name}={value} in go's env file"
    return text


def _match(glob: str, path: str) -> bool:
    """Go's module.MatchPrefixPatterns for one glob: it matches the path's leading elements,
    as many as the glob has, with path.Match (``*`` stops at ``/``)."""
    glob = glob.removesuffix("/")
    if not glob:
        return False
    globs = glob.split("/")
    parts = path.split("/")
    if len(parts) < len(globs):
        return False
    for element, part in zip(globs, parts, strict=False):
        if not _magic(element):
            if element != part:
                return False
        elif not fnmatchcase(part, element.replace("[^", "[!")):
            return False
    return True


def _magic(element: str) -> bool:
    return any(c in element for c in "*?[\\")


def _public_cover(value: str) -> tuple[str, tuple[str, ...]] | None:
    """The widest pattern in a comma-separated list that covers public module paths, with the
    public paths it covers; None when every pattern is private."""
    best: tuple[str, tuple[str, ...]] | None = None
    for glob in value.split(","):
        head = glob.split("/", 1)[0]
        if not _magic(head) and head not in _PUBLIC_HOSTS:
            continue  # a literal host of its own: private
        covered = tuple(path for path in _PUBLIC if _match(glob, path))
        if covered and (best is None or len(covered) > len(best[1])):
            best = (glob, covered)
    return best


def _hosts(paths: tuple[str, ...]) -> str:
    hosts: list[str] = []
    for path in paths:
        host = path.split("/", 1)[0]
        if host not in hosts:
            hosts.append(host)
    shown = ", ".join(hosts[:3])
    return shown + (", …" if len(hosts) > 3 else "")


def _has_insecure(goflags: str) -> bool:
    for word in goflags.split():
        name, eq, value = word.lstrip("-").partition("=")
        if word.startswith("-") and name == "insecure" and not (eq and value in _FALSE):
            return True
    return False


def _insecure_severity(go: ImageGo) -> tuple[Severity, str] | None:
    """How bad -insecure is with this Go: None from Go 1.17 on (go rejects it)."""
    newer = go.at_least(17)
    if newer:
        return None
    if newer is False:
        return Severity.ERROR, f"{go.label} honours -insecure in `go get`"
    return Severity.WARNING, (
        "Go before 1.17 honours -insecure in `go get` (this stage's Go version cannot be told; "
        "1.17 and later reject the flag)"
    )


def _offline(settings: Mapping[str, Setting | None]) -> bool:
    """Nothing is downloaded: every GOPROXY entry is a ``file://`` directory or ``off``, and no
    GONOPROXY (or GOPRIVATE) sends modules to their repositories. The modules then come from
    the build itself, as from a vendor directory, and the checksum database guards nothing."""
    proxy = settings["GOPROXY"]
    if proxy is None:
        return False
    entries = [e.strip() for e in proxy.value.replace("|", ",").split(",") if e.strip()]
    if not entries or not all(e == "off" or e.startswith("file://") for e in entries):
        return False
    direct = settings["GONOPROXY"]
    if direct is None:
        direct = settings["GOPRIVATE"]
    return direct is None or direct.value.strip() in ("", "none")


def _problems(
    settings: Mapping[str, Setting | None], go: ImageGo, *, fetch: bool, go_get: bool
) -> Iterator[_Problem]:
    if fetch and not _offline(settings):
        sumdb = settings["GOSUMDB"]
        if sumdb is not None and sumdb.how is not How.IMAGE and sumdb.value.strip() == "off":
            what = (
                "go accepts every module that go.sum does not already list (a new dependency, "
                "a `go get`, a tool installed with `pkg@version`) without a check against the "
                "checksum database, so a tampered proxy or repository goes unnoticed"
            )
            yield _Problem(sumdb, Severity.ERROR, _subject(sumdb), what, _SUMDB_FIX)
        nosum = settings["GONOSUMDB"]
        if nosum is None:
            nosum = settings["GOPRIVATE"]
        if nosum is not None and nosum.how is not How.IMAGE:
            problem = _pattern_problem(nosum)
            if problem is not None:
                yield problem
        insecure = settings["GOINSECURE"]
        if insecure is not None and insecure.how is not How.IMAGE:
            patterns = [p for p in insecure.value.split(",") if p.strip()]
            if patterns:
                what = (
                    f"go may fetch modules matching {insecure.value} over plain HTTP or from "
                    "servers with invalid certificates, so anyone on the network path can "
                    "substitute their code, and for private paths, which the checksum database "
                    "does not cover, nothing else checks it"
                )
                yield _Problem(insecure, Severity.ERROR, _subject(insecure), what, _INSECURE_FIX)
    flags = settings["GOFLAGS"]
    if go_get and flags is not None and flags.how is not How.IMAGE and _has_insecure(flags.value):
        judged = _insecure_severity(go)
        if judged is not None:
            severity, honours = judged
            what = (
                f"{honours}: it fetches over plain HTTP and skips the checksum database, so "
                "modules are accepted unverified"
            )
            yield _Problem(flags, severity, _subject(flags), what, _FLAG_FIX)


def _pattern_problem(setting: Setting) -> _Problem | None:
    cover = _public_cover(setting.value)
    if cover is None:
        return None
    glob, covered = cover
    private = setting.name == "GOPRIVATE"
    every = ", and every module is fetched from its repository instead of the proxy"
    those = " (and fetched from their repositories instead of the proxy)"
    fix = (
        f"List only your private module paths in {setting.name} (e.g. "
        f"`{setting.name}=*.corp.example,github.com/your-org`): public modules must stay "
        "checked against the checksum database."
    )
    if len(covered) == len(_PUBLIC):
        what = (
            f"the pattern {glob} matches every module path, so no module missing from go.sum "
            "is checked against the checksum database" + (every if private else "")
        )
        return _Problem(setting, Severity.ERROR, _subject(setting), what, fix)
    what = (
        f"the pattern {glob} covers public modules (on {_hosts(covered)}), which are then "
        "accepted without a check against the checksum database" + (those if private else "")
    )
    return _Problem(setting, Severity.WARNING, _subject(setting), what, fix)


def _flag_problem(run: GoRun, step: Step, go: ImageGo) -> _Problem | None:
    """``go get -insecure`` on the command line."""
    value = run.go.flag("insecure")
    if run.go.verb != "get" or value is None or value in _FALSE:
        return None
    judged = _insecure_severity(go)
    if judged is None:
        return None
    severity, honours = judged
    setting = Setting("-insecure", "", How.RUN, run.line, step.instruction.span)
    what = (
        f"{honours}: it fetches over plain HTTP and skips the checksum database, so modules "
        "are accepted unverified"
    )
    subject = f"{run.display} at line {run.line} passes -insecure"
    return _Problem(setting, severity, subject, what, _FLAG_FIX)


def _go_image(model: DockerfileModel, step: Step) -> ImageGo:
    if step.instruction.keyword in ("CMD", "ENTRYPOINT") and 0 <= step.stage < len(model.stages):
        return model.stages[step.stage].final.go_image
    return step.before.go_image


def _referenced(model: DockerfileModel) -> set[int]:
    """Stages another stage copies or mounts from (their files ship, not their environment)."""
    names = {stage.name.lower(): stage.index for stage in model.stages if stage.name}
    used: set[int] = set()
    for stage in model.stages:
        for step in stage.steps:
            if step.copy is not None and step.copy.from_stage is not None:
                used.add(step.copy.from_stage)
            for mount in step.mounts:
                ref = (mount.from_ or "").lower()
                if ref.isdigit():
                    used.add(int(ref))
                elif ref in names:
                    used.add(names[ref])
    return used


def _ships(model: DockerfileModel, stage: Stage, chain: tuple[Step, ...], used: set[int]) -> bool:
    """The stage is an image of its own, with a Go toolchain in it."""
    if stage.index != len(model.stages) - 1 and stage.index in used:
        return False
    return stage.final.go_image.known or any(step.go for step in chain)


def check(model: DockerfileModel) -> Iterator[Hit]:
    found: dict[tuple[object, ...], _Found] = {}

    def note(problem: _Problem, run: GoRun | None, shipped: str = "") -> None:
        key = (*problem.setting.key, problem.what)
        entry = found.get(key)
        if entry is None:
            entry = found[key] = _Found(problem, {}, shipped)
        if run is not None:
            entry.runs.setdefault(run.line, run.display)

    used: set[int] | None = None
    for chain in model.chains():
        files: EnvFiles = {}
        for step in chain:
            for run in step.go:
                fetch = may_fetch(run)
                go_get = run.go.verb == "get"
                if fetch or go_get:
                    settings = {name: go_setting(model, step, run, name, files) for name in _NAMES}
                    go = _go_image(model, step)
                    for problem in _problems(settings, go, fetch=fetch, go_get=go_get):
                        note(problem, run)
                    flag = _flag_problem(run, step, go) if go_get else None
                    if flag is not None:
                        note(flag, None)
                files = with_env_writes(model, step, run, files)
        if not chain:
            continue
        leaf = model.stages[chain[-1].stage]
        if used is None:
            used = _referenced(model)
        if not _ships(model, leaf, chain, used):
            continue
        settings = {name: image_setting(model, leaf, name, files) for name in _NAMES}
        for problem in _problems(settings, leaf.final.go_image, fetch=True, go_get=True):
            if problem.setting.how in (How.ENV, How.GO_ENV_W):
                note(problem, None, leaf.label)
    for entry in found.values():
        yield _hit(entry)


def _hit(entry: _Found) -> Hit:
    problem = entry.problem
    if entry.runs:
        line, display = next(iter(entry.runs.items()))
        others = other_lines(entry.runs, line)
        also = ""
        if others:
            verb = "do the go commands" if "," in others else "does the go command"
            also = f" (so {verb} at {others})"
        message = (
            f"{problem.subject}, and {display} at line {line} runs with it{also}: {problem.what}"
        )
    elif entry.shipped:
        keeps = "go's env file" if problem.setting.how is How.GO_ENV_W else "its environment"
        message = (
            f"{problem.subject} in {entry.shipped}, an image with a Go toolchain that keeps it "
            f"in {keeps}: for every go command run in a container of it, {problem.what}"
        )
    else:
        message = f"{problem.subject}: {problem.what}"
    return Hit(problem.setting.span, message, problem.severity, problem.fix)


RULE = Rule(
    code="DG115",
    name="checksum-verification-disabled",
    severity=Severity.ERROR,
    summary="A Go setting lets modules in without checking them against the checksum database.",
    doc=__doc__ or "",
    check=check,
    kind=RuleKind.SECURITY,
    # Unverified modules let whoever controls a proxy, a repository or the network path put
    # code into the binary: a full loss of the build's integrity, reachable over the network.
    # The attacker needs that position first (a compromised host or a man in the middle), so it
    # ranks high rather than critical, like a CVSS 3.1 AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:N-ish
    # flaw: 7.5.
    security_severity=7.5,
)
