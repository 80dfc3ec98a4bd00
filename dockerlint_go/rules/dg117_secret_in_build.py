"""## What it does
Finds the credential used to fetch private Go modules when it ends up where the image or its
build keeps it. The finding sits on the instruction that brings the credential into the build:

- an `ARG` or `ENV` whose value a `RUN` puts where git or go read credentials: the URL of
  `git config … url.<URL>.insteadOf` (`https://${GITHUB_TOKEN}@github.com/`, also with
  `git -c`), an `http.extraheader` with an Authorization header, a `.netrc` (or `_netrc`,
  `netrc`) or `.git-credentials` file the `RUN` writes, an SSH key file under `~/.ssh`, or the
  user:password part of `GOPROXY` or `GOAUTH` (as a `RUN` prefix, an `export`, or
  `go env -w`). One finding per `ARG` or `ENV` names every use. A variable counts when it sits
  in the password part of a URL or after `password` in a `.netrc`, when it is the whole content
  of a key or `.netrc` file (`echo "$SSH_KEY" > ~/.ssh/id_rsa`), or when its name says it is
  a secret: its `_`-separated words include `TOKEN`, `PASSWORD`, `PASSWD`, `PASS`, `SECRET`,
  `CREDENTIAL(S)`, `AUTH`, `PAT`, `APIKEY`, `NETRC`, or the pairs `API_KEY`, `PRIVATE_KEY`,
  `SSH_KEY`, `DEPLOY_KEY` (so `GITHUB_TOKEN`, `GH_TOKEN` and `CI_JOB_TOKEN` do, while
  `PASSTHROUGH`, `GOAUTH` and `GIT_USER` do not). An `ENV` that copies an `ARG`
  (`ENV GITHUB_TOKEN=$GITHUB_TOKEN`) is reported instead of the `ARG`, and says so;
- an `ENV` or `ARG` that sets `GOPROXY`, `GOAUTH` or a `GIT_CONFIG_KEY_<n>` URL rewrite with a
  credential in it, from another variable or written out;
- a `RUN` that leaves a credential from elsewhere (a secret mount's file or `env=`, a
  `$(cat /run/secrets/…)`) in a file of its layer: `~/.gitconfig` after `git config --global`,
  a `.netrc` copied out of the secret mount, the go env file after `go env -w`; and a `RUN`
  with a credential written out in the Dockerfile itself;
- a `COPY` or `ADD` of a `.netrc`, `.git-credentials`, an SSH private key (`id_rsa`,
  `id_ed25519`, … or any file put into a `.ssh` directory except `known_hosts`, `config`,
  `authorized_keys` and `*.pub`) or a whole `.ssh` directory, from the context, another stage,
  an image or a here-document. With a readable build context, `COPY . .` is reported when the
  context sends such a file at its top level; without one it is not (keep them out with
  `.dockerignore`).

A file counts as deleted when a later command of the same `RUN` removes it (`rm`, `unlink`,
`shred -u`, `: > file`), or undoes the setting (`git config --unset`, `--remove-section`,
`go env -u`); a file written below a `tmpfs`, secret, cache or bind mount never reaches the
layer. Literal credentials are never repeated in messages: they show as `****`.

The severity is **error** when the credential reaches the final image (the last stage and the
stages it is built `FROM`) and when it is written out in the Dockerfile. In a stage the final
image is not built from (a builder whose files are copied out with `COPY --from`) it is a
**warning**: the final image does not carry it, but the stage's layers and history stay in the
build cache, in a registry cache exported with `--cache-to …,mode=max` and in an image built
with `--target`; build arguments also go into max-mode provenance attestations.

It stays silent for the ways of doing it right: a secret mounted where it is read
(`RUN --mount=type=secret,id=netrc,target=/root/.netrc`), a `.netrc` written from a secret and
deleted in the same `RUN`, `--mount=type=ssh`, a URL rewrite without a credential
(`url."git@github.com:".insteadOf`). Exec-form `RUN ["git", …]` has no shell to expand `$VAR`,
so only written-out credentials count there; `CMD` and `ENTRYPOINT` run in the container, not
in the build, and are not looked at. What the file cannot show is not reported: the value of a
build argument without a default (`ARG GOPROXY` given with `--build-arg`), a variable that no
`ARG`, `ENV` or secret mount defines (it is empty), a file written by a script or a make
target. Other uses of a secret-looking variable (a `curl` header, a `git clone` URL) are not
looked at.

**BuildKit's `SecretsUsedInArgOrEnv` check** flags every `ARG` and `ENV` whose *name* looks
secret, whether or not it is used. This rule fires only when the credential actually reaches
private modules (or a credential file is copied in), says how it leaks (image history,
`docker inspect`, a file left in a layer) and gives the Go fix. It also finds what a name
cannot show: `GOPROXY=https://user:pass@…`, a password held by a variable with an innocent name,
a secret copied out of its mount, `.netrc` files and SSH keys. Both report an `ARG GITHUB_TOKEN`
that feeds `git config`; keep both (they agree), or turn BuildKit's off with
`# check=skip=SecretsUsedInArgOrEnv` at the top of the Dockerfile.

## Why is this bad?
A token that can read an organisation's private repositories can usually do much more. Once it
is in an image, anyone who can pull the image can read it: build arguments are recorded in the
history of every `RUN` after the `ARG` (`docker history --no-trunc` shows
`|1 GITHUB_TOKEN=ghp_…`), `ENV` values are in the image config (`docker inspect`) and in the
environment of every container, and a file written in one layer stays in that layer even when a
later step deletes it. A multi-stage build keeps a builder's files out of the final image, but
not out of the build cache and the provenance attestations.

BuildKit mounts secrets for one `RUN` without writing them to a layer, and Go needs nothing
more: list the private module paths in `GOPRIVATE` (so that go fetches them directly and skips
the public checksum database), and give git the credential with a `.netrc` secret mount or the
SSH agent.

## Example
```dockerfile
FROM golang:1.22 AS build
ARG GITHUB_TOKEN
ENV GOPRIVATE=github.com/acme/*
RUN git config --global url."https://${GITHUB_TOKEN}@github.com/".insteadOf "https://github.com/"
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -o /out/app .

FROM gcr.io/distroless/static-debian12
COPY --from=build /out/app /app
ENTRYPOINT ["/app"]
```

## Use instead
```dockerfile
# syntax=docker/dockerfile:1
FROM golang:1.22 AS build
ENV GOPRIVATE=github.com/acme/*
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=secret,id=netrc,target=/root/.netrc go mod download
COPY . .
RUN CGO_ENABLED=0 go build -o /out/app .

FROM gcr.io/distroless/static-debian12
COPY --from=build /out/app /app
ENTRYPOINT ["/app"]
```

Build it with `docker build --secret id=netrc,src=$HOME/.netrc .`, where the `.netrc` holds
`machine github.com login x-access-token password <token>`. With SSH keys instead:
`RUN --mount=type=ssh go mod download` after
`git config --global url."git@github.com:".insteadOf "https://github.com/"`, built with
`--ssh default`.

## References
- [Dockerfile reference: RUN --mount=type=secret](https://docs.docker.com/reference/dockerfile/#run---mounttypesecret)
- [Docker build secrets](https://docs.docker.com/build/building/secrets/)
- [Go modules reference: private modules](https://go.dev/ref/mod#private-modules)
- [Go FAQ: how to use private repositories](https://go.dev/doc/faq#git_https)
- [BuildKit check SecretsUsedInArgOrEnv](https://docs.docker.com/reference/build-checks/secrets-used-in-arg-or-env/)
- [Provenance attestations: max mode records build arguments](https://docs.docker.com/build/metadata/attestations/slsa-provenance/)
"""

from __future__ import annotations

import functools
import posixpath

from dockerlint_go import TYPE_CHECKING
from dockerlint_go.findings import Severity
from dockerlint_go.model.credentials import (
    CREDENTIAL_FILES,
    CREDENTIAL_SETTINGS,
    GIT_CREDENTIALS,
    NETRC,
    SSH_DIR,
    SSH_KEY,
    Part,
    credential_setting,
    file_kind,
    mask,
    mentions_credential_file,
    mentions_credential_use,
    setting_credentials,
)
from dockerlint_go.model.words import arg_pairs, env_pairs
from dockerlint_go.record import Record
from dockerlint_go.rules._rule import Hit, Rule, RuleKind, other_lines

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from dockerlint_go.model.credential_uses import CredentialUse
    from dockerlint_go.model.declarations import Declaration, Declarations
    from dockerlint_go.model.stages import CopySpec, DockerfileModel, Stage, Step

# The modules that read RUN scripts and trace variables are imported where they are first
# needed: most files have no RUN that touches credentials and nothing to report, and then they
# are never loaded.

# How messages name each kind of credential file.
_NOUNS = {
    NETRC: "a netrc file",
    GIT_CREDENTIALS: "a git credential store",
    SSH_KEY: "an SSH private key",
    SSH_DIR: "an SSH directory",
}

# --------------------------------------------------------------------------------------------
# Records


class _Finding(Record, frozen=False):
    """What one instruction is reported for, gathered before the message is written."""

    step: Step
    sentences: list[str]  # about the instruction itself
    fixes: list[str]
    error: bool
    # An ARG or ENV whose value RUNs use as a credential: each variable and its uses.
    carried: dict[str, tuple[Declaration, list[str]]]
    note: str = ""  # why a stage outside the final image still matters


class _Report(Record):
    """What the whole check shares: the model, the final image's stages, the findings."""

    model: DockerfileModel
    final: frozenset[int]
    found: dict[int, _Finding]  # by instruction line, in the order first found

    @functools.cached_property
    def decls(self) -> Declarations:
        """The ARG and ENV declarations, read when a credential is first traced to one."""
        from dockerlint_go.model.declarations import Declarations

        return Declarations(self.model)

    def finding(self, step: Step) -> _Finding:
        if step.line not in self.found:
            self.found[step.line] = _Finding(step, [], [], False, {})
        return self.found[step.line]

    def add(self, step: Step, sentence: str, fix: str, *, error: bool) -> None:
        finding = self.finding(step)
        finding.sentences.append(sentence)
        finding.fixes.append(fix)
        finding.error = finding.error or error

    def note(self, stage: Stage) -> str:
        if stage.index in self.final:
            return ""
        return (
            f" The final image is not built from {stage.label}, but its layers and history "
            "stay in the build cache, in a cache exported with `--cache-to …,mode=max` and in "
            "an image built with `--target`."
        )


# --------------------------------------------------------------------------------------------
# The rule


def check(model: DockerfileModel) -> Iterator[Hit]:
    if not model.stages:
        return
    final = frozenset(s.index for s in model.lineage(model.stages[-1]))
    report = _Report(model, final, {})
    for stage in model.stages:
        for index, step in enumerate(stage.steps):
            keyword = step.instruction.keyword
            if keyword in ("ARG", "ENV"):
                _settings(report, stage, step)
            elif keyword == "RUN":
                _run(report, stage, step)
            elif keyword in ("COPY", "ADD") and step.copy is not None:
                _copy(report, stage, index, step, step.copy)
    for finding in report.found.values():
        sentences = list(finding.sentences)
        for decl, phrases in finding.carried.values():
            sentences.append(_carried_sentence(decl, phrases) + finding.note)
        yield Hit(
            finding.step.instruction.span,
            " ".join(sentences),
            Severity.ERROR if finding.error else Severity.WARNING,
            " ".join(dict.fromkeys(finding.fixes)),
        )


# --------------------------------------------------------------------------------------------
# ARG and ENV


def _settings(report: _Report, stage: Stage, step: Step) -> None:
    """``ENV GOPROXY=…``, ``ARG GOPROXY=…``, GOAUTH and GIT_CONFIG_KEY_<n>."""
    value = step.instruction.value
    if "GOPROXY" not in value and "GOAUTH" not in value and "GIT_CONFIG_KEY_" not in value:
        return
    if step.instruction.keyword == "ARG":
        pairs = [(n, d) for n, d in arg_pairs(value) if d]
    else:
        pairs = [(n, v) for n, v in env_pairs(value) if v]
    for name, raw in pairs:
        if credential_setting(name):
            _setting(report, stage, step, name, raw)


def _setting(report: _Report, stage: Stage, step: Step, name: str, raw: str) -> None:
    """``ENV GOPROXY=https://user:pass@…`` and the like: the setting holds the credential."""
    parts, host = setting_credentials(name, raw, shell=False)
    literal = any(p.kind == "literal" for p in parts)
    sources = []
    for part in parts:
        decl = report.decls.find(part.text, step) if part.kind == "var" else None
        if decl is not None:
            literal = literal or decl.literal
            sources.append(f"{decl.keyword} {decl.name} (line {decl.line})")
    if not literal and not sources:
        return
    keyword = step.instruction.keyword
    held = (
        f"the credential from {', '.join(dict.fromkeys(sources))}"
        if sources
        else "a credential written in the Dockerfile"
    )
    sentence = (
        f"{keyword} at line {step.line} sets {name}={mask(raw, parts)}, which holds {held}: "
        f"{_LEAKS[keyword]}"
    )
    from dockerlint_go.model.script_files import home_dir

    fix = _fix(name if name in CREDENTIAL_SETTINGS else "url", host, home_dir(step.before))
    report.add(
        step, sentence + report.note(stage), fix, error=literal or stage.index in report.final
    )


_LEAKS = {
    "ARG": (
        "a build argument's value is recorded in the image history of every RUN after it "
        "(`docker history --no-trunc`) and in max-mode provenance attestations."
    ),
    "ENV": (
        "ENV values are saved in the image config, where `docker inspect` shows them to anyone "
        "who can pull the image, and every container started from it has them in its "
        "environment."
    ),
}


# --------------------------------------------------------------------------------------------
# RUN: who is reported


def _run(report: _Report, stage: Stage, step: Step) -> None:
    if not mentions_credential_use(step.instruction.original):
        return
    from dockerlint_go.model.credential_uses import run_credentials
    from dockerlint_go.model.script_files import left_in_layer

    run = run_credentials(step)
    if run is None:
        return
    where, local = run.site, run.local
    sentences: list[str] = []
    fixes: list[str] = []
    error = False
    for use in run.uses:
        kept = left_in_layer(use.file, use.order, run.removals, where)
        decls: list[Declaration] = []
        others: list[Part] = []
        literal = False
        for part in use.parts:
            if part.kind == "literal":
                literal = True
            elif part.kind != "var":
                others.append(part)
            elif part.text in local or part.text in where.secret_envs:
                others.append(Part("shell" if part.text in local else "env", part.text))
            else:
                decl = report.decls.find(part.text, step)
                if decl is not None:
                    decls.append(decl)
        for decl in dict.fromkeys(decls):
            _carrier(report, decl, use, kept, step, where.home)
        if literal:
            sentences.append(_literal_sentence(use, step.line, kept))
            fixes.append(_fix(use.kind, use.host, where.home, literal=True))
            error = True
        elif kept and others and not decls:
            sentences.append(_kept_sentence(use, others, step.line))
            fixes.append(_kept_fix(use, where.home))
            error = error or stage.index in report.final
    if sentences:
        sentence = " ".join(dict.fromkeys(sentences)) + report.note(stage)
        report.add(step, sentence, " ".join(dict.fromkeys(fixes)), error=error)


def _where_phrase(use: CredentialUse) -> str:
    if use.kind == "url":
        return f"the URL of `{use.how} {use.shown}`"
    if use.kind == "header":
        return f"an Authorization header (`{use.how} {use.shown}`)"
    if use.kind in ("GOPROXY", "GOAUTH", "env"):
        return f"{use.shown} with `{use.how}`" if use.how in ("export", "go env -w") else use.shown
    return f"{_NOUNS[use.kind]} at {use.file}"


def _carrier(
    report: _Report, decl: Declaration, use: CredentialUse, kept: bool, step: Step, home: str
) -> None:
    """Note a use of the ARG or ENV whose value a RUN (``step``, run in ``home``) takes as a
    credential: the finding sits on the ARG or ENV, one per instruction, naming every use."""
    decl_step = report.decls.step_at(decl.line)
    stages = report.model.stages
    if decl_step is None or not 0 <= decl_step.stage < len(stages):
        return
    decl_stage = stages[decl_step.stage]
    if use.kind in CREDENTIAL_FILES:
        phrase = f"line {step.line} writes it to {_where_phrase(use)}"
        phrase += " and leaves the file in that layer" if kept else " (deleted in the same RUN)"
    else:
        phrase = f"line {step.line} puts it into {_where_phrase(use)}"
        if use.file is not None:
            phrase += (
                f" and leaves it in {use.file}"
                if kept
                else f" (saved in {use.file}, deleted in the same RUN)"
            )
    finding = report.finding(decl_step)
    _, phrases = finding.carried.setdefault(decl.name, (decl, []))
    if phrase not in phrases:
        phrases.append(phrase)
    finding.note = report.note(decl_stage)
    finding.fixes.append(_fix(use.kind, use.host, home, decl=decl))
    finding.error = finding.error or decl.literal or decl_stage.index in report.final


def _carried_sentence(decl: Declaration, phrases: Sequence[str]) -> str:
    if decl.keyword == "ARG":
        leak = (
            "A build argument's value is recorded in the image history of every RUN after "
            f"line {decl.line} (`docker history --no-trunc` shows `{decl.name}=…`) and in "
            "max-mode provenance attestations."
        )
    else:
        leak = _LEAKS["ENV"]
    return (
        f"{decl.keyword} {decl.name} at line {decl.line}{_origin(decl)} is a credential for "
        f"private modules: {'; '.join(phrases)}. {leak}"
    )


def _origin(decl: Declaration) -> str:
    """Where the value of an ARG or ENV comes from, for messages ("" when given at build
    time)."""
    if decl.keyword == "ARG":
        if decl.default_line == decl.line:
            return " (its default is written in the Dockerfile)"
        if decl.default_line:
            return f" (its default is written in the Dockerfile at line {decl.default_line})"
        return ""
    if decl.literal:
        return " (its value is written in the Dockerfile)"
    sources = (f"{s.keyword} {s.name} at line {s.line}" for s in decl.sources)
    return f" (from {', '.join(dict.fromkeys(sources))})" if decl.sources else ""


def _describe(parts: Sequence[Part]) -> str:
    names: list[str] = []
    substs = [p.text for p in parts if p.kind == "subst"]
    for part in parts:
        if part.kind == "secret" and any(part.text in subst for subst in substs):
            continue  # named by the substitution that reads it
        if part.kind == "secret":
            names.append(f"the build secret {part.text}")
        elif part.kind == "file":
            names.append(f"the file {part.text}")
        elif part.kind == "subst":
            names.append(
                f"the output of `{part.text if len(part.text) <= 40 else part.text[:37] + '…'}`"
            )
        elif part.kind == "env":
            names.append(f"${part.text} (from a secret mount)")
        elif part.kind == "shell":
            names.append(f"${part.text} (set in the RUN)")
    return ", ".join(dict.fromkeys(names)) or "a credential"


def _kept_sentence(use: CredentialUse, others: Sequence[Part], line: int) -> str:
    place = _where_phrase(use)
    if use.kind not in CREDENTIAL_FILES:
        place += f" (saved in {use.file})"
    return (
        f"RUN at line {line} writes {_describe(others)} into {place} and does not delete it in "
        "the same RUN: the credential stays in this layer, where anyone who can pull the image "
        "can read it, even if a later step deletes the file."
    )


def _literal_sentence(use: CredentialUse, line: int, kept: bool) -> str:
    stays = f"; the RUN also leaves it in {use.file}" if kept and use.file else ""
    return (
        f"RUN at line {line} has a credential written out in the Dockerfile, in "
        f"{_where_phrase(use)}: it is in the Dockerfile's version history and in the image "
        f"history of this RUN{stays}."
    )


def _fix(
    kind: str, host: str, home: str, *, decl: Declaration | None = None, literal: bool = False
) -> str:
    """How to give go and git the credential without leaving it in the image."""
    if literal:
        start = "Revoke the credential (it is in the Dockerfile's history) and pass the new one"
    elif decl is not None:
        start = f"Remove {decl.keyword} {decl.name} and pass the credential"
    else:
        start = "Pass the credential"
    netrc = f"`RUN --mount=type=secret,id=netrc,target={home}/.netrc go mod download`"
    if kind in ("GOPROXY", "GOAUTH"):
        return (
            f"{start} to go in a `.netrc` secret (`machine {host or '<proxy host>'} login … "
            f"password …`) and set {kind} without it: {netrc}, built with "
            "`--secret id=netrc,src=<file>`."
        )
    host = host or "github.com"
    ssh = (
        f'`RUN --mount=type=ssh go mod download` after `git config --global url."git@{host}:"'
        f".insteadOf https://{host}/` (build with `--ssh default`)"
    )
    if kind == SSH_KEY:
        return f"{start} through the SSH agent instead of a key file: {ssh}, with GOPRIVATE set."
    return (
        f"{start} as a build secret: {netrc} with `GOPRIVATE={host}/<org>/*` (build with "
        f"`--secret id=netrc,src=<file>`, a .netrc holding `machine {host} login … password …`), "
        f"or use {ssh}."
    )


def _kept_fix(use: CredentialUse, home: str) -> str:
    undo = f"`go env -u {use.kind}`" if use.kind in CREDENTIAL_SETTINGS else f"`rm -f {use.file}`"
    return (
        f"{_fix(use.kind, use.host, home)} Or, at the least, run {undo} at the end of the same RUN."
    )


# --------------------------------------------------------------------------------------------
# COPY and ADD


def _copy(report: _Report, stage: Stage, index: int, step: Step, spec: CopySpec) -> None:
    brought: list[tuple[str, str, str]] = []  # (kind, source as written, where it lands)
    named = mentions_credential_file(step.instruction.original)
    for source in spec.sources if named else ():
        name = posixpath.basename(source.rstrip("/"))
        target = spec.dest
        if spec.dest_is_dir and not spec.heredoc and not source.endswith("/") and name != ".":
            target = posixpath.join(spec.dest, name)  # a file (a directory's contents go to dest)
        kind = file_kind(target) or (None if spec.heredoc else file_kind(source))
        if kind is not None:
            shown = "a here-document" if spec.heredoc else source
            if spec.from_stage is not None and spec.from_stage < len(report.model.stages):
                shown += f" from {report.model.stages[spec.from_stage].label}"
            elif spec.from_image:
                shown += f" from the image {spec.from_image}"
            brought.append((kind, shown, target))
    if not brought and spec.extra is not None and spec.from_context:
        for rel in spec.extra:  # what a COPY of a directory brings from the context
            kind = file_kind(rel) if "/" not in rel else None
            if kind is not None:
                brought.append(
                    (kind, f"{rel} from the build context", posixpath.join(spec.dest, rel))
                )
    if not brought:
        return
    items = "; ".join(f"{shown} ({_NOUNS[kind]}) to {target}" for kind, shown, target in brought)
    later = _later_removals(stage, index, [t for _, _, t in brought])
    it = "it" if len(brought) == 1 else "them"
    verb = "deletes" if len(later) == 1 else "delete"
    deleted = f", even though {other_lines(later, 0)} {verb} {it} later" if later else ""
    sentence = (
        f"{step.instruction.keyword} at line {step.line} copies credentials into the image: "
        f"{items}. {'It stays' if it == 'it' else 'They stay'} in this layer for anyone who can "
        f"pull the image{deleted}."
    )
    kinds = {kind for kind, _, _ in brought}
    from dockerlint_go.model.script_files import home_dir

    home = home_dir(step.before)
    if kinds <= {SSH_KEY, SSH_DIR}:
        fix = _fix(SSH_KEY, "", home) + " List the key in .dockerignore."
    else:
        fix = (
            f"Do not copy credentials: mount them for the step that needs them, "
            f"`RUN --mount=type=secret,id=netrc,target={home}/.netrc go mod download` (build "
            "with `--secret id=netrc,src=.netrc`), and list the file in .dockerignore."
        )
    report.add(step, sentence + report.note(stage), fix, error=stage.index in report.final)


def _later_removals(stage: Stage, index: int, targets: list[str]) -> list[int]:
    """Lines of later RUNs of the stage that delete a copied file (by its name)."""
    names = {posixpath.basename(t) for t in targets}
    return [
        step.line
        for step in stage.steps[index + 1 :]
        if step.instruction.keyword == "RUN"
        and "rm " in step.instruction.original
        and any(name in step.instruction.original for name in names)
    ]


RULE = Rule(
    code="DG117",
    name="secret-in-build",
    severity=Severity.ERROR,
    summary=(
        "A credential for private modules ends up in an image layer, the image history or "
        "the image config."
    ),
    doc=__doc__ or "",
    check=check,
    kind=RuleKind.SECURITY,
    # 8.5 (high): a leaked token usually reads, and often writes, every private repository of
    # an organisation, and anyone who can pull the image (or read the build cache) takes it
    # with no further access; below 9 because pulling the image is itself a privilege.
    security_severity=8.5,
)
