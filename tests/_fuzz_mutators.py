"""Mutators that turn realistic Go Dockerfiles into odd ones, for the fuzz test and scripts/fuzz.py.

A mutator is a pure function ``(text, rng) -> text``: everything random comes from ``rng``, so
one seed gives one input, on any machine. The seeds are the real-world fixtures and the
Dockerfiles of the rule case tables. ``render`` finally picks how the text reaches
``lint_text``: as ``str``, or as bytes (UTF-8, with a BOM, or with bytes that are not UTF-8).

``time_limit`` turns a hang into an exception (SIGALRM, main thread, POSIX only).

Nothing here imports hypothesis or dockerlint_go: the test drives the mutators with hypothesis,
the script with ``random.Random``.
"""

from __future__ import annotations

import importlib
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from random import Random

REPO = Path(__file__).resolve().parent.parent
CASE_TABLES = ("cases_dg101", "cases_dg102", "cases_dg103", "cases_dg104")

Mutator = Callable[[str, Random], str]


# ------------------------------------------------------------------------------------ seeds


@dataclass(frozen=True, slots=True)
class Seed:
    name: str  # where it comes from: a fixture path or "cases_dg101:<case id>"
    text: str


def load_seeds() -> tuple[Seed, ...]:
    """The realistic Dockerfiles to start from, in a fixed order."""
    seeds: list[Seed] = []
    for path in sorted((REPO / "fixtures" / "realworld").glob("*/Dockerfile*")):
        data = path.read_bytes().decode("utf-8", "replace")
        seeds.append(Seed(str(path.relative_to(REPO)), data))
    for table in CASE_TABLES:
        module = importlib.import_module(f"tests.rules.{table}")
        seeds.extend(Seed(f"{table}:{case.id}", case.text) for case in module.CASES)
    return tuple(seeds)


# ---------------------------------------------------------------------------------- helpers


def _lines(text: str) -> list[str]:
    return text.split("\n")


def _pick_index(lines: list[str], rng: Random) -> int:
    return rng.randrange(len(lines)) if lines else 0


def _insert_line(text: str, rng: Random, line: str) -> str:
    lines = _lines(text)
    lines.insert(rng.randint(0, len(lines)), line)
    return "\n".join(lines)


def _insert_at(text: str, rng: Random, piece: str) -> str:
    at = rng.randint(0, len(text))
    return text[:at] + piece + text[at:]


KEYWORDS = (
    "FROM", "RUN", "COPY", "ADD", "ENV", "ARG", "USER", "WORKDIR", "SHELL", "CMD",
    "ENTRYPOINT", "ONBUILD", "HEALTHCHECK", "LABEL", "EXPOSE", "VOLUME", "STOPSIGNAL",
    "MAINTAINER",
    # Unknown, misspelt or oddly cased ones: the parser reports them, the fold must not trip.
    "X", "FOO", "RUNN", "from", "Run", "copy", "ONBUILD RUN", "ONBUILD COPY", "#", "",
)  # fmt: skip
ARGUMENTS = (
    "foo", "golang:1.22 AS build", "build", "scratch", "go build ./...", "go mod download",
    ". .", "--chown=app:app . /src/", "--from=build /out /bin/", "GOPATH=/go",
    "app", "0", "/src", "[\"go\", \"build\"]", "[\"/bin/sh\", \"-c\"]", "[", "]",
    "--interval=5s CMD true", "NONE", "a=b c=d", "$HOME/go", "${GOPATH:-/go}/bin",
    "--mount=type=cache,target=/go/pkg/mod go build", "<<EOF", "\\", "'", "\"",
)  # fmt: skip
ODD_LINES = (
    "ENV GOPATH=go", "ENV GOPATH=", "ENV GOPATH", "ENV GOMODCACHE=pkg/mod", "ENV GOMODCACHE=",
    "ENV GOCACHE=", "ENV HOME=", "ENV HOME=relative", "ENV GOFLAGS=-mod=vendor",
    "ENV GO111MODULE=off", "ENV GO111MODULE=on", "ENV GOTOOLCHAIN=go1.23.0",
    "ENV GOPATH=/a:/b", "ENV GOPATH=${GOPATH}:/extra", "ENV PATH=$PATH:",
    "USER 12345", "USER 12345:12345", "USER 0", "USER root:root", "USER app:", "USER :",
    "USER ${U}", "USER $U", "USER", "ARG U", "ARG U=app", "ARG", "ARG =x",
    "WORKDIR relative", "WORKDIR ''", "WORKDIR ..", "WORKDIR /", "WORKDIR $UNSET/x",
    "SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]", "SHELL []", "SHELL [\"pwsh\"]",
    "FROM build", "FROM build AS build", "FROM ${BASE}", "FROM --platform=$BUILDPLATFORM x",
    "COPY --from=99 / /", "COPY --from=build", "COPY", "COPY --chown= . .",
    "COPY --chown=1000:1000 go.* ./", "ADD https://example.com/x.tgz /", "ADD . /go/src/app",
    "RUN cd relative && go build", "RUN cd && go build", "RUN cd - && go build",
    "RUN GOPATH= go build", "RUN GOMODCACHE=x go mod download", "RUN HOME= go build",
    "RUN sudo -u app go build", "RUN su app -c 'go mod download'", "RUN env -i go build",
    "RUN chown -R 12345 /go", "RUN chown : /go", "RUN chown", "RUN chmod -R a+w /go",
    "RUN chmod 0 /", "RUN mkdir -p ''", "RUN mkdir -p go/pkg/mod", "RUN mkdir -m",
    "RUN useradd -m -d relative app", "RUN adduser -D -h '' app", "RUN useradd",
    "RUN go", "RUN go mod", "RUN go build -C", "RUN go -C relative build", "RUN go get",
    "RUN go install ./...@", "RUN go work use ../x", "RUN make", "RUN sh -c",
    "RUN bash -c 'cd /src && go build'", "RUN [\"go\"]", "RUN []", "CMD go run .",
    "ENTRYPOINT [\"go\", \"run\"", "ONBUILD RUN go build", "HEALTHCHECK NONE",
)  # fmt: skip
MOUNTS = (
    "--mount=", "--mount", "--mount=type=cache", "--mount=type=cache,target=",
    "--mount=type=cache,target=/go/pkg/mod", "--mount=type=cache,target=/root/.cache/go-build",
    "--mount=type=cache,target=relative,uid=abc,gid=", "--mount=type=bind,target=/src,rw",
    "--mount=type=bind,source=..,target=/go/pkg/mod", "--mount=type=secret,id=netrc",
    "--mount=type=ssh", "--mount=type=tmpfs,target=/go", "--mount=,,,=,", "--mount==",
    "--mount=type=cache,target=${GOMODCACHE}", "--mount=type=cache,id=x,sharing=locked,target=/go",
    "--network=none", "--security=insecure", "--unknown-flag", "--",
)  # fmt: skip
EXPANSIONS = (
    "${VAR:-x}", "${VAR:+y}", "${VAR-}", "${VAR:?}", "${VAR#*/}", "${VAR%%/*}", "${VAR/a/b}",
    "$VAR", "${", "${}", "${:-x}", "$", "$$", "${GOPATH}", "${GOPATH:-go}", "${HOME:+/x}",
    "$(go env GOPATH)", "`go env GOMODCACHE`", "$((1+1))", "${VAR:-${OTHER:-/go}}", "\\$VAR",
)  # fmt: skip
HEREDOCS = (
    "RUN <<EOF\ngo mod download\ngo build ./...\nEOF",
    "RUN <<EOF",
    "RUN <<-'EOT'\n\tcd /src && go build\n\tEOT",
    "RUN <<EOF bash\nset -e\ngo build\n",
    "COPY <<EOF /src/main.go\npackage main\nEOF",
    "RUN <<A <<B\necho a\nA\necho b\nB",
    "RUN cat <<EOF > /x\n${GOPATH}\nEOF",
    "<<EOF",
    "EOF",
    "RUN python3 - <<'PY'\nprint(1)\nPY",
)  # fmt: skip
SNIPPETS = (
    "RUN go mod download", "RUN go build -o /out/app ./cmd/app", "RUN go get example.com/x",
    "RUN go install example.com/tool@v1.2.3", "RUN go generate ./...", "RUN go test ./...",
    "COPY go.mod go.sum ./", "COPY . .", "COPY --chown=app . .", "USER app", "USER root",
    "RUN useradd -m app", "RUN adduser -D app", "RUN chown -R app:app /go",
    "RUN mkdir -p /go/pkg/mod && chmod -R 777 /go", "WORKDIR /src", "FROM golang:1.22",
    "FROM golang:1.21-alpine AS build", "FROM scratch", "FROM gcr.io/distroless/static",
    "COPY --from=build /out/app /app", "ENV GOMODCACHE=/cache/mod", "ENV GOFLAGS=-mod=mod",
    "RUN --mount=type=cache,target=/go/pkg/mod go build ./...",
    "RUN git clone https://example.com/r.git /src && cd /src && go build",
)  # fmt: skip
UNICODE = (
    "\x00", "\x01", "\x7f", "\x0b", "\x0c", "\x1b[31m", "\u00e9", "\u00a0", "\u2028", "\u2029",
    "\u0085", "\u200b", "\u202e", "\ufeff", "\ufffd", "\U0001f600", "e\u0301", "\u4e2d\u6587",
    "\ud800", "\udcff", "\u0000\u0000",
)  # fmt: skip


# --------------------------------------------------------------------------------- mutators


def delete_line(text: str, rng: Random) -> str:
    lines = _lines(text)
    if lines:
        del lines[_pick_index(lines, rng)]
    return "\n".join(lines)


def duplicate_line(text: str, rng: Random) -> str:
    lines = _lines(text)
    if lines:
        at = _pick_index(lines, rng)
        lines[at:at] = [lines[at]] * rng.randint(1, 3)
    return "\n".join(lines)


def swap_lines(text: str, rng: Random) -> str:
    lines = _lines(text)
    if len(lines) > 1:
        a, b = rng.randrange(len(lines)), rng.randrange(len(lines))
        lines[a], lines[b] = lines[b], lines[a]
    return "\n".join(lines)


def insert_instruction(text: str, rng: Random) -> str:
    words = " ".join(rng.choice(ARGUMENTS) for _ in range(rng.randint(0, 3)))
    return _insert_line(text, rng, f"{rng.choice(KEYWORDS)} {words}".rstrip())


def insert_odd_line(text: str, rng: Random) -> str:
    return _insert_line(text, rng, rng.choice(ODD_LINES))


def insert_snippet(text: str, rng: Random) -> str:
    return _insert_line(text, rng, rng.choice(SNIPPETS))


def truncate(text: str, rng: Random) -> str:
    return text[: rng.randint(0, len(text))]


def insert_continuation(text: str, rng: Random) -> str:
    lines = _lines(text)
    if not lines:
        return "\\"
    at = _pick_index(lines, rng)
    choice = rng.randrange(4)
    if choice == 0:
        lines[at] += " \\"  # joins the next line
    elif choice == 1:
        lines[at] += "\\"
    elif choice == 2:
        lines.insert(at + 1, "")  # an empty line inside a continuation
        lines[at] += " \\"
    else:
        lines[at] += " \\ "  # a backslash followed by a space: not a continuation
    return "\n".join(lines)


def insert_heredoc(text: str, rng: Random) -> str:
    if rng.random() < 0.5:
        return _insert_line(text, rng, rng.choice(HEREDOCS))
    return _insert_at(text, rng, rng.choice(("<<EOF", "<<-EOF", "<<'EOF'", '<<"X"', "<<")))


def insert_quote(text: str, rng: Random) -> str:
    return _insert_at(text, rng, rng.choice(("'", '"', "`", "\\'", '\\"', "''", '""')))


def insert_expansion(text: str, rng: Random) -> str:
    return _insert_at(text, rng, rng.choice(EXPANSIONS))


def insert_mount(text: str, rng: Random) -> str:
    lines = _lines(text)
    runs = [i for i, line in enumerate(lines) if line.upper().startswith("RUN ")]
    flag = rng.choice(MOUNTS)
    if runs:
        at = rng.choice(runs)
        lines[at] = f"RUN {flag} {lines[at][4:]}"
        return "\n".join(lines)
    return _insert_line(text, rng, f"RUN {flag} go build ./...")


def insert_unicode(text: str, rng: Random) -> str:
    for _ in range(rng.randint(1, 3)):
        text = _insert_at(text, rng, rng.choice(UNICODE))
    return text


def flip_character(text: str, rng: Random) -> str:
    if not text:
        return text
    at = rng.randrange(len(text))
    return text[:at] + rng.choice("\\$\"'`#=:;&|()[]{}<>-/ \t\n") + text[at + 1 :]


def line_endings(text: str, rng: Random) -> str:
    choice = rng.randrange(3)
    if choice == 0:
        return text.replace("\n", "\r\n")
    if choice == 1:
        return _insert_at(text, rng, "\r")
    lines = _lines(text)
    if lines:
        at = _pick_index(lines, rng)
        lines[at] += "\r"
    return "\n".join(lines)


def insert_directive(text: str, rng: Random) -> str:
    directive = rng.choice(
        ("# escape=`", "# escape=\\", "# escape=", "# syntax=docker/dockerfile:1", "# check=skip")
    )
    return directive + "\n" + text


def repeat_structure(text: str, rng: Random) -> str:
    """Deep or long constructs, bounded so that a linear linter stays fast."""
    count = rng.randint(2, 150)
    piece = rng.choice(
        (
            "RUN " + " && ".join(["cd /x", "go build"] * count),
            "RUN " + "$(" * count + "go env" + ")" * count,
            "RUN " + "(" * count + "go build" + ")" * count,
            "RUN mkdir -p /" + "/".join(["a"] * count),
            "RUN cd " + "/".join([".."] * count) + " && go build",
            "ENV " + " ".join(f"V{i}=$V{i - 1}" for i in range(1, count)),
            "RUN echo " + "\\\n  x" * count,
            "RUN " + "'" * count,
            "RUN " + "${A:-" * count + "x" + "}" * count,
        )
    )
    return _insert_line(text, rng, piece)


WORDS = (
    "/go/pkg/mod", "/go", "/root/.cache/go-build", "/home/app/go", "..", ".", "~", "~/go",
    "$HOME", "${HOME}/go", "-C", "-R", "-u", "-E", "--chown=app", "--from=0", "0", "65534",
    "app", "root", "nobody", "go", "gofmt", "sudo", "su", "env", "sh", "-c", "&&", "||", ";", "|",
    "&", ">", "2>&1", "<", "mod", "download", "build", "install", "get", "work", "vendor",
    "-mod=vendor", "-modcacherw", "./...", "@latest", "GOFLAGS=-mod=mod", "GOPATH=/tmp/go",
    "",
)  # fmt: skip


def replace_word(text: str, rng: Random) -> str:
    """Replace one whitespace-separated word with a token the model gives meaning to."""
    lines = _lines(text)
    if not lines:
        return text
    at = _pick_index(lines, rng)
    words = lines[at].split(" ")
    words[rng.randrange(len(words))] = rng.choice(WORDS)
    lines[at] = " ".join(words)
    return "\n".join(lines)


MUTATORS: tuple[Mutator, ...] = (
    replace_word,
    delete_line,
    duplicate_line,
    swap_lines,
    insert_instruction,
    insert_odd_line,
    insert_snippet,
    truncate,
    insert_continuation,
    insert_heredoc,
    insert_quote,
    insert_expansion,
    insert_mount,
    insert_unicode,
    flip_character,
    line_endings,
    insert_directive,
    repeat_structure,
)


def mutate(text: str, steps: list[tuple[int, int]]) -> str:
    """Apply ``(mutator index, seed)`` steps in order (indices wrap around)."""
    for index, seed in steps:
        text = MUTATORS[index % len(MUTATORS)](text, Random(seed))
    return text


def random_steps(rng: Random, most: int = 8) -> list[tuple[int, int]]:
    return [
        (rng.randrange(len(MUTATORS)), rng.getrandbits(32)) for _ in range(rng.randint(1, most))
    ]


# ------------------------------------------------------------------------------ as input


ENCODINGS = ("str", "utf-8", "utf-8-bom", "invalid-bytes", "latin-1")


def render(text: str, encoding: int, seed: int) -> str | bytes:
    """The text as ``lint_text`` gets it: ``ENCODINGS[encoding % 5]``."""
    kind = ENCODINGS[encoding % len(ENCODINGS)]
    if kind == "str":
        return text
    data = text.encode("utf-8", "surrogatepass")
    if kind == "utf-8-bom":
        return b"\xef\xbb\xbf" + data
    if kind == "latin-1":
        return text.encode("latin-1", "replace")
    if kind == "invalid-bytes":
        rng = Random(seed)
        for _ in range(rng.randint(1, 4)):
            at = rng.randint(0, len(data))
            data = (
                data[:at] + rng.choice((b"\xff", b"\xc3", b"\xed\xa0\x80", b"\x80\x80")) + data[at:]
            )
    return data


# ------------------------------------------------------------------------------- time limit


class Hang(Exception):
    """The code under test ran past its time limit."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise ``Hang`` in the main thread when the block runs longer than ``seconds``."""
    if not hasattr(signal, "setitimer"):  # not POSIX: no limit
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise Hang(f"still running after {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
