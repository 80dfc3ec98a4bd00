"""Differential tests: our instruction boundaries against BuildKit's own parser.

The boundaries come from dockerfile-parse's walk, repaired in our parse layer; these tests are
the judge of the repairs (``test_dockerfile_parse_gaps_match_buildkit`` aims at them).

The ``dockerfile`` package wraps the parser of BuildKit v0.12.5 (the one in ``docker build``).
``dockerfile.parse_string`` returns one Command per instruction, with 1-based start and end
lines, or raises ``GoParseError`` where BuildKit rejects the file. Whenever it accepts a file,
our (keyword, first line, last line) list must equal its list; flags, values, exec form and
heredoc bodies are compared too where the package shows them.

Where our answer differs from the oracle on purpose:

* ``# check=...`` is a parser directive in BuildKit releases newer than the oracle (Dockerfile
  1.8): it does not end the directive block there, so a ``# escape=`` after it still counts.
  The oracle reads it as a comment and ignores the later ``# escape=``. We follow the newer
  BuildKit: ``test_check_directive_follows_newer_buildkit`` pins the difference and the
  generators below never write ``# check``.
* The oracle reports ONBUILD's heredocs only through its line numbers (its Command has no
  heredocs for them), so heredoc bodies are compared for RUN, COPY and ADD only.
* BuildKit keeps ``\\r`` at the end of heredoc body lines of a CRLF file; we drop it, as we do
  on every line. Bodies are compared with it removed.
* BuildKit reads flags byte by byte: a non-ASCII character in a flag comes out garbled, and
  one whose UTF-8 bytes include 0x85 or 0xA0 (a no-break space, but also "à") even ends the
  flag there. We read characters and end flags at ASCII blanks only; the comparison re-reads
  the oracle's bytes as UTF-8, and the generators keep non-ASCII blanks out of flags.
* BuildKit leaves ``<<-`` bodies untrimmed at parse time and strips the tabs later (when it
  reads the instruction); our body is already stripped, so the oracle's is stripped to compare.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import dockerfile
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dockerlint_go.model.parse import Instruction, ParsedDockerfile, parse_dockerfile

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
_SPLIT = re.compile(r"[\t\v\f\r ]+")
_WHOLE_VALUE = frozenset({"RUN", "CMD", "ENTRYPOINT", "SHELL"})  # parseMaybeJSON
_LIST_VALUE = frozenset({"ADD", "COPY", "VOLUME", "FROM", "EXPOSE"})  # split at blanks
_STRING_VALUE = frozenset({"WORKDIR", "USER", "STOPSIGNAL", "MAINTAINER"})  # one string


def buildkit(text: str) -> tuple[dockerfile.Command, ...] | None:
    """BuildKit's commands for ``text``, or None when BuildKit rejects it."""
    # The binding crashes the interpreter on text that is not valid UTF-8 (lone surrogates).
    text.encode("utf-8")
    try:
        commands: tuple[dockerfile.Command, ...] = dockerfile.parse_string(text)
    except dockerfile.GoParseError:
        return None
    return commands


def boundaries(parsed: ParsedDockerfile) -> list[tuple[str, int, int]]:
    return [(i.keyword, i.span.line, i.span.end_line) for i in parsed.instructions]


def oracle_boundaries(commands: tuple[dockerfile.Command, ...]) -> list[tuple[str, int, int]]:
    return [((c.cmd or "").upper(), c.start_line, c.end_line) for c in commands]


def assert_same_as_buildkit(text: str) -> ParsedDockerfile | None:
    """Compare with BuildKit; return our parse, or None when BuildKit rejected the text."""
    parsed = parse_dockerfile(text)
    commands = buildkit(text)
    if commands is None:
        # BuildKit rejects the file: we must say why, not stay silent.
        assert parsed.problems, f"BuildKit rejects this, we report nothing:\n{text!r}"
        return None
    assert boundaries(parsed) == oracle_boundaries(commands), text
    for ours, theirs in zip(parsed.instructions, commands, strict=True):
        _assert_same_details(ours, theirs)
    return parsed


def _assert_same_details(ours: Instruction, theirs: dockerfile.Command) -> None:
    where = f"line {ours.span.line}: {ours.original!r}"
    assert [_flag_text(f.name, f.value) for f in ours.flags] == [
        _normalise_flag(f) for f in theirs.flags
    ], where
    if ours.keyword in {"HEALTHCHECK", "ONBUILD"}:
        return  # the oracle's json and value describe the CMD or the trigger, not ours
    if theirs.json:
        assert ours.exec_form == theirs.value, where
    else:
        assert ours.exec_form is None, where
        expected = _expected_value(ours)
        if expected is not None:
            assert theirs.value == expected, where
    if ours.keyword in {"RUN", "COPY", "ADD"}:
        assert [(h.delimiter, h.body) for h in ours.heredocs] == [
            (h.name, _oracle_body(h.content, strip_tabs=o.strip_tabs))
            for h, o in zip(theirs.heredocs, ours.heredocs, strict=True)
        ], where


def _flag_text(name: str, value: str | None) -> str:
    return f"--{name}" if value is None else f"--{name}={value}"


def _normalise_flag(flag: str) -> str:
    flag = _undo_byte_walk(flag)
    name, eq, value = flag.removeprefix("--").partition("=")
    return _flag_text(name.lower(), value if eq else None)


def _undo_byte_walk(text: str) -> str:
    """BuildKit's flag reader walks bytes, so a non-ASCII character in a flag comes out as one
    Latin-1 character per UTF-8 byte (and a byte 0x85 or 0xA0 inside a character ends the
    flag there). Re-read those bytes as UTF-8, dropping the pieces of a split character."""
    try:
        return text.encode("latin-1").decode("utf-8", errors="ignore")
    except UnicodeEncodeError:
        return text


def _expected_value(ins: Instruction) -> tuple[str, ...] | None:
    """What the oracle's ``value`` holds for our ``value``, for the instructions where that
    is simple to say (None: not compared)."""
    if ins.keyword in _WHOLE_VALUE or ins.keyword in _STRING_VALUE:
        return (ins.value,) if ins.value else ()
    if ins.keyword in _LIST_VALUE:
        return tuple(_SPLIT.split(ins.value)) if ins.value else ()
    return None


def _oracle_body(content: str, *, strip_tabs: bool) -> str:
    lines = content.split("\n")
    lines = [line.rstrip("\r") for line in lines]
    if strip_tabs:
        lines = [line.lstrip("\t") for line in lines]
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# Fixtures and hand-written cases


def _fixture_files() -> Iterator[Path]:
    if not FIXTURES.is_dir():
        return
    for path in sorted(FIXTURES.rglob("*")):
        name = path.name.lower()
        if path.is_file() and (name.startswith("dockerfile") or name.endswith(".dockerfile")):
            yield path


@pytest.mark.parametrize("path", list(_fixture_files()), ids=lambda p: str(p.relative_to(FIXTURES)))
def test_fixture_matches_buildkit(path: Path) -> None:
    data = path.read_bytes()
    text = data.decode("utf-8")
    parsed = assert_same_as_buildkit(text)
    assert parsed is not None, "fixtures are meant to be valid Dockerfiles"
    assert parse_dockerfile(data) == parsed  # bytes and text read the same


REALISTIC = {
    "multi-stage": """\
# syntax=docker/dockerfile:1
ARG GO_VERSION=1.22
FROM --platform=$BUILDPLATFORM golang:${GO_VERSION}-alpine AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod \\
    --mount=type=cache,target=/root/.cache/go-build \\
    go mod download
COPY . .
ARG TARGETOS TARGETARCH
RUN --mount=type=cache,target=/go/pkg/mod --network=none \\
    CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/app ./cmd/app

FROM gcr.io/distroless/static:nonroot
COPY --from=build --chown=nonroot:nonroot /out/app /app
USER nonroot
ENTRYPOINT ["/app"]
""",
    "heredocs": """\
FROM golang:1.22
RUN <<EOF
set -eux
go mod download
EOF
RUN <<-'SCRIPT'
\tset -e
\t\tgo vet ./...
\tSCRIPT
RUN <<"EOF" bash
echo "$HOME"
EOF
RUN python3 <<EOF
print("hi")
EOF
RUN <<A <<B
echo a
A
echo b
B
COPY <<EOF /etc/app/config.yaml
listen: ":8080"
EOF
COPY --chmod=755 <<EOF /usr/local/bin/entry
#!/bin/sh
exec "$@"
EOF
RUN cat <<EOF > /etc/motd \\
    && echo done
hello
EOF
""",
    "continuations with holes": """\
FROM golang:1.22
RUN apt-get update \\

    && apt-get install -y git \\
    # the build needs make too
    && apt-get install -y make \\
\t
    && rm -rf /var/lib/apt/lists/*
ENV GOFLAGS=-mod=vendor \\
    # no network
    GOPROXY=off
""",
    "empty line then an instruction": "FROM a\nRUN echo \\\n\nRUN b\n",
    "trailing backslash at eof": "FROM golang:1.22\nRUN go build ./... \\",
    "trailing backslash then blank lines": "FROM a\nRUN go build \\\n\n\n",
    "trailing backslash then comment": "FROM a\nRUN go build \\\n# done\n",
    "blanks after the backslash": "FROM a\nRUN a \\  \t\n  b\n",
    "escaped backslash is no continuation": "FROM a\nRUN echo \\\\\nRUN b\n",
    "lone backslash line": "FROM a\n\\\nRUN a\n",
    "crlf": 'FROM a\r\nRUN a \\\r\n  b\r\nRUN <<EOF\r\nx\r\nEOF\r\nCMD ["a"]\r\n',
    "bom": "\ufeffFROM golang:1.22\nRUN go version\n",
    "bom and directive": "\ufeff# escape=`\nFROM a\nRUN a `\n  b\n",
    "backtick escape": """\
# escape=`
FROM mcr.microsoft.com/windows/servercore
WORKDIR C:\\src
RUN go build `
    -o C:\\out\\app.exe `
    .\\cmd\\app
""",
    "directive after a comment is a comment": "# hello\n# escape=`\nFROM a\nRUN a `\nb\n",
    "directive after a blank line is a comment": "# syntax=x\n\n# escape=`\nFROM a\nRUN a `\nb\n",
    "directive case and blanks": "  #  ESCAPE =  `  \nFROM a\nRUN a `\n  b\n",
    "exec form": 'FROM a\nCMD ["go", "run", "."]\nENTRYPOINT []\nRUN [ "a" ,"b" ]\n',
    "exec form split over lines": 'FROM a\nCMD ["go", \\\n    # c\n    "run"]\n',
    "not json": "FROM a\nCMD ['single', 'quotes']\nRUN [not json\n",
    "json ignores trailing text": 'FROM a\nCMD ["a"] trailing\n',
    "exec form has no heredocs": 'FROM a\nRUN ["cat", "<<EOF"]\nRUN b\n',
    "cmd has no heredocs": "FROM a\nCMD cat <<EOF\nRUN b\n",
    "onbuild heredoc": "FROM a\nONBUILD RUN <<EOF\necho hi\nEOF\nRUN b\n",
    "heredoc word must start with <<": "FROM a\nRUN cat<<EOF\nRUN b\n",
    "quoted heredoc word is no opener": "FROM a\nRUN echo '<<EOF'\nRUN b\n",
    "redirection glued to the word": "FROM a\nRUN cat <<EOF>/tmp/x\nhi\nEOF>/tmp/x\nRUN b\n",
    "fd heredoc": "FROM a\nRUN 3<<EOF cat /dev/fd/3\nhi\nEOF\n",
    # Go's text/scanner skips a byte order mark at the start of the word it lexes.
    "bom at the start of a heredoc word": "FROM a\nRUN <<\ufeffEOF\nx\nEOF\nRUN b\n",
    "unterminated quote hides heredoc": 'FROM a\nRUN echo "x <<EOF\nRUN b\n',
    "heredoc body with backslashes": "FROM a\nRUN <<EOF\necho a \\\nEOF\nRUN b\n",
    "chomp terminator": "FROM a\nRUN <<-EOF\n\t\techo\n\t\tEOF\nRUN b\n",
    "indented terminator without chomp": "FROM a\nRUN <<EOF\n  EOF\nEOF\n",
    "empty heredoc": "FROM a\nRUN <<EOF\nEOF\n",
    "variables kept": "FROM a\nRUN echo ${VAR:-default} ${X:+y} $HOME\nENV A=${B:-c}\n",
    "flags": 'FROM a\nCOPY --chown="app user" --from=build --link a b\nRUN --x --y=1 -- --z\n',
    "flags only": "FROM a\nRUN --network=none\n",
    "lower-case keywords": "from a\nrun echo\ncopy a b\n",
    "unknown instruction": "FROM a\necho hi\nEOF\nRUN b\n",
    "bare keywords": "FROM a\nRUN\nCMD\nENTRYPOINT\nEXPOSE\nARG\nENV\n",
    "healthcheck": 'FROM a\nHEALTHCHECK --interval=5s CMD ["curl", "-f", "http://x/"]\n',
    "env forms": 'FROM a\nENV A B C\nENV D="e f" G=h\nLABEL "k"="v"\n',
    "comments everywhere": "# top\nFROM a\n  # indented\nRUN a \\\n  # inside\n  b\n# end\n",
    "non-ascii": 'FROM a\nLABEL description="café"\nRUN echo \u00e9t\u00e9\n',
    "odd whitespace": "FROM a\n\u00a0RUN x\n\x0b\nRUN\x0by\n",
    # Inputs dockerfile-parse walks wrongly (see the test_gap_* tests in test_parse.py).
    "keyword alone on the last line": "FROM a\nCMD",
    "instruction named comment": "FROM a\ncomment x\nRUN b\n",
    "form feed after the backslash": "FROM a\nRUN a \\\f\nRUN b\n",
    "no-break space after the backslash": "FROM a\nRUN a \\\u00a0\nRUN b\n",
    "empty syntax ends the directives": "# syntax=\n# escape=`\nFROM a\nRUN a `\nb\n",
    "vertical tab in a directive": "#\x0bescape=`\nFROM a\nRUN a `\nb\n",
    "comment like a directive after them": "# escape=`\n#\x0bescape=\\\nFROM a\nRUN a `\nb\n",
    "unit separator is no blank": "FROM a\n\x1c\nRUN b \\\n\x1f\nc\n",
    "heredoc terminator ending in a backslash": "FROM a\nRUN <<'E\\'\nx\nE\\\nRUN b\n",
    "heredoc body ending in a backslash": "FROM a\nRUN <<EOF\necho a \\\n# c\nEOF\nRUN b\n",
    "escaped backslash then a hole": "FROM a\nRUN a \\\\\nb \\\n\nc\nRUN d\n",
}


@pytest.mark.parametrize("text", REALISTIC.values(), ids=REALISTIC.keys())
def test_realistic_case_matches_buildkit(text: str) -> None:
    assert assert_same_as_buildkit(text) is not None, "BuildKit rejected a case meant as valid"


REJECTED = {
    "unterminated heredoc": "FROM a\nRUN <<EOF\necho hi\n",
    "terminator with a trailing blank": "FROM a\nRUN <<EOF\nx\nEOF \n",
    "json array of numbers": "FROM a\nCMD [1, 2]\n",
    "healthcheck json of numbers": 'FROM a\nHEALTHCHECK CMD ["a", 2]\n',
    "env without value": "FROM a\nENV A\n",
    "env missing =": "FROM a\nENV A=1 B\n",
    "onbuild env": "FROM a\nONBUILD ENV A\n",
    "duplicate escape": "# escape=`\n# escape=\\\nFROM a\n",
    "bad escape": "# escape=x\nFROM a\n",
    "empty file": "",
    "comments only": "# nothing here\n\n",
}


@pytest.mark.parametrize("text", REJECTED.values(), ids=REJECTED.keys())
def test_what_buildkit_rejects_is_a_problem(text: str) -> None:
    assert buildkit(text) is None
    assert parse_dockerfile(text).problems


def test_check_directive_follows_newer_buildkit() -> None:
    text = "# check=skip=all\n# escape=`\nFROM a\nRUN a `\n  b\n"
    # The oracle (BuildKit v0.12.5) predates the check directive: for it the second line is a
    # comment, the escape stays a backslash and "b" is an instruction of its own.
    commands = buildkit(text)
    assert commands is not None
    assert oracle_boundaries(commands) == [("FROM", 3, 3), ("RUN", 4, 4), ("B", 5, 5)]
    parsed = parse_dockerfile(text)
    assert parsed.directives.escape == "`"
    assert boundaries(parsed) == [("FROM", 3, 3), ("RUN", 4, 5)]


# --------------------------------------------------------------------------------------------
# Generated Dockerfiles

_IMAGES = st.sampled_from(["golang:1.22", "golang:${GO_VERSION}-alpine", "alpine:3.20", "scratch"])
_FLAGS = {
    "FROM": ["--platform=$BUILDPLATFORM", "--platform=linux/amd64"],
    "RUN": [
        "--mount=type=cache,target=/go/pkg/mod",
        "--mount=type=cache,target=/root/.cache/go-build,id=gobuild",
        "--mount=type=secret,id=netrc,target=/root/.netrc",
        '--mount=type=bind,source="go.sum",target=go.sum',
        "--network=none",
        "--security=insecure",
    ],
    "COPY": ["--chown=app:app", "--from=build", "--link", "--chmod=0755", "--chown=${UID}"],
}
_COMMANDS = st.sampled_from(
    [
        ["go", "mod", "download"],
        ["go", "build", "-o", "/out/app", "./cmd/app"],
        ["CGO_ENABLED=0", "go", "build", '-ldflags="-s', '-w"', "./..."],
        ["apt-get", "update", "&&", "apt-get", "install", "-y", "git"],
        ["echo", "${VAR:-default}", "$HOME", "'single", "quoted'"],
        ["chown", "-R", "app:app", "/go/pkg/mod"],
        ["echo", '"<<EOF"', ">", "/dev/null"],
    ]
)
_BODIES = st.lists(
    st.sampled_from(
        [
            "set -eux",
            "go mod download",
            "# a comment in the body",
            "",
            "echo continued \\",
            "  indented",
            "\ttabbed",
            "RUN not an instruction",
        ]
    ),
    max_size=4,
)
_GAPS = st.lists(
    st.sampled_from(["", "   ", "# comment", "  # indented comment", "\t"]), max_size=2
)


@st.composite
def _shell_instruction(draw: st.DrawFn) -> tuple[list[str], list[str]]:
    """(words of the instruction line, extra lines after it such as heredoc bodies)."""
    kind = draw(
        st.sampled_from(
            ["FROM", "RUN", "RUN", "COPY", "ENV", "ARG", "WORKDIR", "USER", "EXPOSE", "LABEL"]
        )
    )
    flags = draw(st.lists(st.sampled_from(_FLAGS.get(kind, ["--x=1"])), max_size=2))
    if kind not in _FLAGS:
        flags = []
    match kind:
        case "FROM":
            words = [*flags, draw(_IMAGES)]
            if draw(st.booleans()):
                words += ["AS", "build"]
        case "RUN":
            words = [*flags, *draw(_COMMANDS)]
        case "COPY":
            words = [*flags, "go.mod", "go.sum", "./"]
        case "ENV":
            words = draw(
                st.sampled_from([["GOFLAGS=-mod=mod", "CGO_ENABLED=0"], ["GOPATH", "/go"]])
            )
        case "ARG":
            words = draw(st.sampled_from([["GO_VERSION=1.22"], ["TARGETOS", "TARGETARCH"]]))
        case "LABEL":
            words = ['org.opencontainers.image.title="my app"']
        case _:
            words = [draw(st.sampled_from(["/src", "app", "8080", "${UID}"]))]
    return [kind, *words], []


@st.composite
def _heredoc_instruction(draw: st.DrawFn) -> tuple[list[str], list[str]]:
    opener = draw(
        st.sampled_from(
            [
                (["RUN", "<<EOF"], ["EOF"], False),
                (["RUN", "<<-'EOF'"], ["EOF"], True),
                (["RUN", '<<"EOF"'], ["EOF"], False),
                (["RUN", "python3", "<<EOF"], ["EOF"], False),
                (["RUN", "<<A", "<<B"], ["A", "B"], False),
                (["COPY", "<<EOF", "/etc/app.conf"], ["EOF"], False),
                (["RUN", "--mount=type=cache,target=/go/pkg/mod", "<<EOF"], ["EOF"], False),
                (["ONBUILD", "RUN", "<<EOF"], ["EOF"], False),
            ]
        )
    )
    words, terminators, tabs = opener
    extra: list[str] = []
    indent = "\t" if tabs else ""
    for terminator in terminators:
        body = [indent + line for line in draw(_BODIES)]
        extra += [*body, indent + terminator]
    return list(words), extra


@st.composite
def _exec_instruction(draw: st.DrawFn) -> tuple[list[str], list[str]]:
    kind = draw(st.sampled_from(["CMD", "ENTRYPOINT", "RUN", "SHELL"]))
    words = draw(st.sampled_from([['["go",', '"run",', '"."]'], ['["/app"]'], ["[]"]]))
    return [kind, *words], []


@st.composite
def _odd_instruction(draw: st.DrawFn) -> tuple[list[str], list[str]]:
    """Lines BuildKit reads as instructions although they are mistakes."""
    return draw(st.sampled_from([["echo", "hi"], ["EOF"], ["RUN"], ["CMD"]])), []


@st.composite
def _physical_lines(draw: st.DrawFn, words: list[str], escape: str) -> list[str]:
    """Spread an instruction's words over continuation lines, with holes between them."""
    cuts = sorted(draw(st.sets(st.integers(1, max(len(words) - 1, 1)), max_size=3)))
    chunks = [words[a:b] for a, b in zip([0, *cuts], [*cuts, len(words)], strict=True)]
    chunks = [chunk for chunk in chunks if chunk]
    lines: list[str] = []
    for n, chunk in enumerate(chunks):
        text = ("    " if n else "") + " ".join(chunk)
        if n < len(chunks) - 1:
            text += draw(st.sampled_from([" ", "", "  "])) + escape
            text += draw(st.sampled_from(["", " ", "\t "]))
            lines.append(text)
            lines += draw(st.lists(st.sampled_from(["", "  ", "# note", "  # note"]), max_size=2))
        else:
            lines.append(text)
    return lines


@st.composite
def dockerfiles(draw: st.DrawFn) -> str:
    """Realistic Dockerfiles: directives, flags, continuations with blank and comment lines
    inside, heredocs, exec form, a BOM, CRLF, a trailing escape at the end of the file."""
    escape = draw(st.sampled_from(["\\", "\\", "`"]))
    lines: list[str] = []
    directives = ["# syntax=docker/dockerfile:1"] if draw(st.booleans()) else []
    if escape == "`":
        directives.append("# escape=`")
    lines += draw(st.permutations(directives))
    for _ in range(draw(st.integers(1, 7))):
        lines += draw(_GAPS)
        words, extra = draw(
            st.one_of(
                _shell_instruction(),
                _shell_instruction(),
                _heredoc_instruction(),
                _exec_instruction(),
                _odd_instruction(),
            )
        )
        lines += draw(_physical_lines(words, escape))
        lines += extra
    if draw(st.booleans()):
        lines.append("RUN go build " + escape)  # trailing escape at the end of the file
        lines += draw(st.sampled_from([[], [""], ["# bye"]]))
    newline = draw(st.sampled_from(["\n", "\n", "\r\n"]))
    text = newline.join(lines) + (newline if draw(st.booleans()) else "")
    return ("\ufeff" if draw(st.integers(0, 5)) == 0 else "") + text


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(dockerfiles())
def test_generated_dockerfile_matches_buildkit(text: str) -> None:
    assert_same_as_buildkit(text)


# A rougher generator: any sequence of Dockerfile-ish fragments. Few of these are Dockerfiles
# anyone would write, which is the point: they find the corners the realistic one misses.
_FRAGMENTS = st.sampled_from(
    [
        "RUN ",
        "FROM a",
        "COPY ",
        "ONBUILD ",
        "CMD ",
        "ENV A",
        "=",
        " ",
        "\t",
        "\n",
        "\n",
        "\r\n",
        "\\",
        "`",
        "#",
        "# escape=`\n",
        "<<",
        "<<-",
        "EOF",
        "\tEOF",
        "'",
        '"',
        "--x=1 ",
        "--",
        "[",
        "]",
        '"a"',
        ",",
        "1",
        "$",
        "{",
        "}",
        ":-",
        "a",
        "\ufeff",
        "\f",
    ]
)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_FRAGMENTS, max_size=40).map("".join))
def test_fragment_soup_matches_buildkit(text: str) -> None:
    assert_same_as_buildkit(text)


# Fragments aimed at the repairs of dockerfile-parse's walk: blanks Python and Go disagree on,
# escaped escapes, heredoc delimiters ending in a backslash, directives it reads differently,
# an instruction named like its comments, holes in continuations, a missing last newline.
_GAP_FRAGMENTS = st.sampled_from(
    [
        "RUN ",
        "FROM a",
        "comment ",
        "a",
        " ",
        "\n",
        "\n",
        "\n",
        "\\",
        "\\",
        "\\\\",
        "`",
        "#",
        "# escape=`\n",
        "# syntax=\n",
        "#\x0bescape=`\n",
        "\x1c",
        "\x1f",
        "\u00a0",
        "\f",
        "\v",
        "<<EOF",
        "EOF",
        "<<'E\\'",
        "E\\",
        "\ufeff",
    ]
)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_GAP_FRAGMENTS, max_size=40).map("".join))
def test_dockerfile_parse_gaps_match_buildkit(text: str) -> None:
    assert_same_as_buildkit(text)
