"""Unit, regression and property tests for dockerlint_go.model.parse.

dockerfile-parse walks the instructions and our repair pass fixes its gaps. Each
``test_gap_*`` test is the regression test for one gap (those named in the design and those
found since): it shows what dockerfile-parse makes of the input, then what we make of it. The
instruction boundaries themselves are also held to BuildKit in test_parse_differential.py.
"""

from __future__ import annotations

import io
import subprocess
import sys
import time

import pytest
from dockerfile_parse import DockerfileParser
from hypothesis import given, settings
from hypothesis import strategies as st

from dockerlint_go.model.parse import (
    Comment,
    Directives,
    Flag,
    Heredoc,
    Instruction,
    ParsedDockerfile,
    parse_dockerfile,
)
from dockerlint_go.model.span import Span


def dockerfile_parse(text: str | bytes) -> list[tuple[str, int, int]]:
    """dockerfile-parse's (instruction, startline, endline) list, comments included."""
    data = text.encode() if isinstance(text, str) else text
    parser = DockerfileParser(fileobj=io.BytesIO(data))
    return [(e["instruction"], e["startline"], e["endline"]) for e in parser.structure]


def keywords(parsed: ParsedDockerfile) -> list[tuple[str, int, int]]:
    return [(i.keyword, i.span.line, i.span.end_line) for i in parsed.instructions]


def only(parsed: ParsedDockerfile, keyword: str) -> Instruction:
    (found,) = [i for i in parsed.instructions if i.keyword == keyword]
    return found


def messages(parsed: ParsedDockerfile) -> list[str]:
    return [p.message for p in parsed.problems]


Walked = list[tuple[str, list[tuple[str, int, int]]]]


@pytest.fixture
def walked(monkeypatch: pytest.MonkeyPatch) -> Walked:
    """What parse_dockerfile hands dockerfile-parse, and what its walk makes of it."""
    seen: Walked = []
    structure = DockerfileParser.structure

    def spy(parser: DockerfileParser) -> object:
        entries = structure.fget(parser)
        items = [(e["instruction"], e["startline"], e["endline"]) for e in entries]
        seen.append((parser.content, items))
        return entries

    monkeypatch.setattr(DockerfileParser, "structure", property(spy))
    return seen


def walked_lines(walked: Walked) -> list[tuple[int, int]]:
    """The 1-based line ranges of the instructions in dockerfile-parse's last walk."""
    _, items = walked[-1]
    return [(start + 1, end + 1) for name, start, end in items if name != "COMMENT"]


def lines_of(parsed: ParsedDockerfile) -> list[tuple[int, int]]:
    return [(i.span.line, i.span.end_line) for i in parsed.instructions]


# --------------------------------------------------------------------------------------------
# The gaps of dockerfile-parse, one regression test each


HEREDOC = "FROM golang:1.22\nRUN <<EOF\necho hi\nEOF\nUSER app\n"


def test_gap_heredoc_body_is_not_instructions() -> None:
    assert dockerfile_parse(HEREDOC) == [
        ("FROM", 0, 0),
        ("RUN", 1, 1),
        ("ECHO", 2, 2),
        ("EOF", 3, 3),
        ("USER", 4, 4),
    ]
    parsed = parse_dockerfile(HEREDOC)
    assert keywords(parsed) == [("FROM", 1, 1), ("RUN", 2, 4), ("USER", 5, 5)]
    run = only(parsed, "RUN")
    assert run.value == "<<EOF"
    assert run.span == Span(2, 1, 4, 4)
    assert run.original == "RUN <<EOF\necho hi\nEOF"
    assert run.heredocs == (
        Heredoc(delimiter="EOF", body="echo hi\n", expand=True, strip_tabs=False, body_line=3),
    )
    assert parsed.problems == ()


@pytest.mark.parametrize(
    ("text", "value", "heredocs"),
    [
        pytest.param(
            "RUN <<-'EOF'\n\tset -e\n\t\tgo vet\n\tEOF\n",
            "<<-'EOF'",
            [Heredoc("EOF", "set -e\ngo vet\n", expand=False, strip_tabs=True, body_line=3)],
            id="chomp and quoted",
        ),
        pytest.param(
            'RUN <<"EOF"\necho $HOME\nEOF\n',
            '<<"EOF"',
            [Heredoc("EOF", "echo $HOME\n", expand=False, strip_tabs=False, body_line=3)],
            id="double quoted",
        ),
        pytest.param(
            "RUN <<A <<B\na\nA\nb\nB\n",
            "<<A <<B",
            [
                Heredoc("A", "a\n", expand=True, strip_tabs=False, body_line=3),
                Heredoc("B", "b\n", expand=True, strip_tabs=False, body_line=5),
            ],
            id="two on one line",
        ),
        pytest.param(
            "COPY <<EOF /etc/app.yaml\nlisten: 8080\nEOF\n",
            "<<EOF /etc/app.yaml",
            [Heredoc("EOF", "listen: 8080\n", expand=True, strip_tabs=False, body_line=3)],
            id="copy",
        ),
        pytest.param(
            "ADD <<EOF /x\nx\nEOF\n",
            "<<EOF /x",
            [Heredoc("EOF", "x\n", expand=True, strip_tabs=False, body_line=3)],
            id="add",
        ),
        pytest.param(
            'RUN python3 <<EOF\nprint("hi")\nEOF\n',
            "python3 <<EOF",
            [Heredoc("EOF", 'print("hi")\n', expand=True, strip_tabs=False, body_line=3)],
            id="interpreter",
        ),
        pytest.param(
            "RUN --mount=type=cache,target=/go/pkg/mod <<EOF\ngo build\nEOF\n",
            "<<EOF",
            [Heredoc("EOF", "go build\n", expand=True, strip_tabs=False, body_line=3)],
            id="after flags",
        ),
        pytest.param(
            "RUN cat <<EOF > /etc/motd \\\n    && echo done\nhello\n\nEOF\n",
            "cat <<EOF > /etc/motd     && echo done",
            [Heredoc("EOF", "hello\n\n", expand=True, strip_tabs=False, body_line=4)],
            id="body after a continuation",
        ),
        pytest.param(
            "RUN <<EOF\nEOF\n",
            "<<EOF",
            [Heredoc("EOF", "", expand=True, strip_tabs=False, body_line=3)],
            id="empty body",
        ),
        pytest.param(
            "RUN <<E'O'F\n$x\nEOF\n",
            "<<E'O'F",
            [Heredoc("EOF", "$x\n", expand=False, strip_tabs=False, body_line=3)],
            id="partly quoted",
        ),
    ],
)
def test_gap_heredoc_forms(text: str, value: str, heredocs: list[Heredoc]) -> None:
    parsed = parse_dockerfile("FROM a\n" + text + "USER app\n")
    first = parsed.instructions[1]
    assert first.value == value
    assert list(first.heredocs) == heredocs
    assert first.span.end_line == len(parsed.lines) - 1
    assert parsed.instructions[2].keyword == "USER"
    assert parsed.problems == ()


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("CMD cat <<EOF\n", id="CMD takes none"),
        pytest.param('RUN ["cat", "<<EOF"]\n', id="exec form takes none"),
        pytest.param("RUN cat<<EOF\n", id="opener must start a word"),
        pytest.param("RUN echo '<<EOF'\n", id="quoted"),
        pytest.param("RUN cat <<<EOF\n", id="here-string"),
        pytest.param("RUN echo \\<<EOF\n", id="escaped"),
    ],
)
def test_no_heredoc(text: str) -> None:
    parsed = parse_dockerfile("FROM a\n" + text + "USER app\n")
    assert [i.keyword for i in parsed.instructions] == ["FROM", text[:3], "USER"]
    assert parsed.instructions[1].heredocs == ()


def test_onbuild_trigger_takes_heredocs() -> None:
    parsed = parse_dockerfile("FROM a\nONBUILD RUN <<EOF\necho hi\nEOF\nUSER app\n")
    onbuild = only(parsed, "ONBUILD")
    assert onbuild.value == "RUN <<EOF"
    assert onbuild.span.end_line == 4
    assert [h.body for h in onbuild.heredocs] == ["echo hi\n"]


def test_gap_variable_defaults_kept() -> None:
    text = "FROM a\nENV GOPATH=${GOPATH:-/go} X=${Y:+yes}\nRUN echo ${HOME:-/root}\n"
    parser = DockerfileParser(fileobj=io.BytesIO(text.encode()))
    assert parser.envs["GOPATH"] == ":-/go}"  # substituted and mangled
    parsed = parse_dockerfile(text)
    assert only(parsed, "ENV").value == "GOPATH=${GOPATH:-/go} X=${Y:+yes}"
    assert only(parsed, "RUN").value == "echo ${HOME:-/root}"


def test_gap_lines_are_one_based_with_columns() -> None:
    text = "FROM a\n  RUN go build \\\n      ./...\n"
    assert dockerfile_parse(text) == [("FROM", 0, 0), ("RUN", 1, 2)]
    run = only(parse_dockerfile(text), "RUN")
    # From the keyword (after the indentation) to the end of the last line, end exclusive.
    assert run.span == Span(line=2, column=3, end_line=3, end_column=12)


def test_gap_trailing_escape_at_end_of_file() -> None:
    text = "FROM a\nRUN go build ./... \\"
    assert dockerfile_parse(text) == [("FROM", 0, 0)]
    parsed = parse_dockerfile(text)
    assert keywords(parsed) == [("FROM", 1, 1), ("RUN", 2, 2)]
    assert only(parsed, "RUN").value == "go build ./..."
    assert parsed.problems == ()


def test_trailing_escape_then_blank_and_comment_lines() -> None:
    # BuildKit keeps reading for the continuation: the instruction ends at the last line.
    parsed = parse_dockerfile("FROM a\nRUN go build \\\n\n# done\n")
    assert keywords(parsed) == [("FROM", 1, 1), ("RUN", 2, 4)]
    assert parsed.comments == (Comment(4, "done"),)


@pytest.mark.parametrize("hole", ["", "   ", "\t", " \t "])
def test_gap_empty_line_inside_continuation(hole: str) -> None:
    text = f"FROM a\nRUN apt-get update \\\n{hole}\n    && apt-get install -y git\nUSER app\n"
    assert dockerfile_parse(text) == [("FROM", 0, 0), ("RUN", 1, 2), ("&&", 3, 3), ("USER", 4, 4)]
    parsed = parse_dockerfile(text)
    assert keywords(parsed) == [("FROM", 1, 1), ("RUN", 2, 4), ("USER", 5, 5)]
    assert only(parsed, "RUN").value == "apt-get update     && apt-get install -y git"


def test_empty_line_inside_continuation_swallows_the_next_instruction() -> None:
    # What BuildKit does, surprising as it is: the RUN goes on into the next line.
    parsed = parse_dockerfile("FROM a\nRUN echo \\\n\nUSER app\n")
    assert keywords(parsed) == [("FROM", 1, 1), ("RUN", 2, 4)]
    assert only(parsed, "RUN").value == "echo USER app"


def test_gap_comment_inside_continuation() -> None:
    text = "FROM a\nRUN a \\\n    # why b\n    && b\n"
    # dockerfile-parse lists the comment before the instruction it sits in.
    assert dockerfile_parse(text) == [("FROM", 0, 0), ("COMMENT", 2, 2), ("RUN", 1, 3)]
    parsed = parse_dockerfile(text)
    assert keywords(parsed) == [("FROM", 1, 1), ("RUN", 2, 4)]
    assert only(parsed, "RUN").value == "a     && b"
    assert only(parsed, "RUN").original == "RUN a \\\n    # why b\n    && b"
    assert parsed.comments == (Comment(3, "why b"),)


def test_gap_byte_order_mark() -> None:
    text = "\ufeffFROM golang:1.22\nRUN go version\n"
    assert dockerfile_parse(text)[0] == ("\ufeffFROM", 0, 0)
    for data in (text, text.encode()):
        parsed = parse_dockerfile(data)
        assert keywords(parsed) == [("FROM", 1, 1), ("RUN", 2, 2)]
        assert parsed.lines[0] == "FROM golang:1.22"
        assert parsed.instructions[0].span == Span(1, 1, 1, 17)


def test_gap_invalid_utf8() -> None:
    data = b"FROM a\nRUN echo ok\nRUN echo caf\xe9 \xff\nUSER app\n"
    with pytest.raises(UnicodeDecodeError):
        dockerfile_parse(data)
    parsed = parse_dockerfile(data)
    assert keywords(parsed) == [("FROM", 1, 1), ("RUN", 2, 2), ("RUN", 3, 3), ("USER", 4, 4)]
    (problem,) = parsed.problems
    assert problem.message == "line 3 is not valid UTF-8 (byte 0xe9 at column 13)"
    assert problem.span == Span(3, 13, 3, 14)
    assert parsed.lines[2] == "RUN echo caf\ufffd \ufffd"


def test_invalid_utf8_column_counts_characters() -> None:
    data = "FROM a\nLABEL x=\u00e9\u00e9".encode() + b"\xff\n"
    (problem,) = parse_dockerfile(data).problems
    assert problem.message == "line 2 is not valid UTF-8 (byte 0xff at column 11)"


def test_gap_binary_file() -> None:
    data = b"\x7fELF\x02\x01\x01\x00\x00FROM a\n"
    parsed = parse_dockerfile(data)
    assert parsed.instructions == ()
    assert [(p.message, p.span) for p in parsed.problems] == [("not a text file", Span(1, 1, 1, 1))]


@pytest.mark.parametrize(
    ("text", "prop"),
    [("FROM a\nARG\n", "args"), ("ARG\nFROM a\n", "baseimage"), ("FROM a\nENV A=1 B\n", "envs")],
)
def test_gap_derived_properties_raise(text: str, prop: str) -> None:
    parser = DockerfileParser(fileobj=io.BytesIO(text.encode()))
    with pytest.raises((IndexError, ValueError)):
        getattr(parser, prop)
    parsed = parse_dockerfile(text)
    assert len(parsed.instructions) == 2


def test_bare_arg_and_bad_env_are_problems_not_errors() -> None:
    parsed = parse_dockerfile("FROM a\nARG\nENV A=1 B\nENV C\nUSER app\n")
    assert keywords(parsed)[-1] == ("USER", 5, 5)
    assert messages(parsed) == [
        "ARG requires at least one argument",
        "ENV: can't find = in 'B'; it must be of the form name=value",
        "ENV must have two arguments",
    ]


def test_gap_exec_form() -> None:
    text = 'FROM a\nCMD ["go", "run", "."]\n'
    assert DockerfileParser(fileobj=io.BytesIO(text.encode())).structure[1]["value"] == (
        '["go", "run", "."]'
    )
    cmd = only(parse_dockerfile(text), "CMD")
    assert cmd.exec_form == ("go", "run", ".")
    assert cmd.value == '["go", "run", "."]'


@pytest.mark.parametrize(
    ("value", "exec_form"),
    [
        ('["a", "b"]', ("a", "b")),
        ("[]", ()),
        ('[ "a" ,"b" ]', ("a", "b")),
        ('["a\\"b", "\\u00e9"]', ('a"b', "\u00e9")),
        ('["a"] trailing', ("a",)),  # BuildKit reads the first JSON value only
        ("['a']", None),
        ('["a",]', None),
        ("[NaN]", None),
        ("[not json", None),
        ("echo [a]", None),
    ],
)
def test_exec_form_is_a_json_array_of_strings(
    value: str, exec_form: tuple[str, ...] | None
) -> None:
    parsed = parse_dockerfile(f"FROM a\nENTRYPOINT {value}\n")
    assert only(parsed, "ENTRYPOINT").exec_form == exec_form
    assert parsed.problems == ()


def test_json_array_of_other_things_is_a_problem() -> None:
    parsed = parse_dockerfile('FROM a\nCMD ["a", 1]\nVOLUME [true]\nUSER app\n')
    assert only(parsed, "CMD").exec_form is None
    assert (
        messages(parsed)
        == ["when using JSON array syntax, arrays must be comprised of strings only"] * 2
    )
    assert keywords(parsed)[-1] == ("USER", 4, 4)


def test_exec_form_only_where_docker_reads_it() -> None:
    parsed = parse_dockerfile('FROM a\nLABEL ["a"]="b"\nCOPY ["a", "b"]\nSHELL ["/bin/sh", "-c"]\n')
    assert [i.exec_form for i in parsed.instructions] == [None, None, ("a", "b"), ("/bin/sh", "-c")]


def test_gap_escaped_escape_is_no_continuation() -> None:
    text = "FROM a\nRUN echo \\\\\nUSER app\n"
    assert dockerfile_parse(text) == [("FROM", 0, 0), ("RUN", 1, 2)]
    parsed = parse_dockerfile(text)
    assert keywords(parsed) == [("FROM", 1, 1), ("RUN", 2, 2), ("USER", 3, 3)]
    assert only(parsed, "RUN").value == "echo \\\\"


def test_gap_escape_directive() -> None:
    text = "# escape=`\nFROM a\nRUN go build `\n    -o C:\\out\\app.exe \\\nUSER app\n"
    # dockerfile-parse honours the directive; check it so that a change there shows up here.
    assert dockerfile_parse(text) == [
        ("COMMENT", 0, 0),
        ("FROM", 1, 1),
        ("RUN", 2, 3),
        ("USER", 4, 4),
    ]
    parsed = parse_dockerfile(text)
    assert parsed.directives == Directives(escape="`", syntax=None)
    assert keywords(parsed) == [("FROM", 2, 2), ("RUN", 3, 4), ("USER", 5, 5)]
    assert only(parsed, "RUN").value == "go build     -o C:\\out\\app.exe \\"
    assert parsed.comments == ()  # a directive is not a comment


@pytest.mark.parametrize("blank", ["\f", "\v", "\u00a0", "\u3000"])
def test_gap_odd_blank_after_escape_is_no_continuation(blank: str) -> None:
    text = f"FROM a\nRUN echo \\{blank}\nUSER app\n"
    # Its pattern lets any blank follow the escape character; BuildKit only spaces and tabs.
    assert dockerfile_parse(text) == [("FROM", 0, 0), ("RUN", 1, 2)]
    parsed = parse_dockerfile(text)
    assert keywords(parsed) == [("FROM", 1, 1), ("RUN", 2, 2), ("USER", 3, 3)]


def test_gap_rest_of_a_cut_instruction_is_rewalked() -> None:
    # dockerfile-parse reads lines 2-4 as one RUN (the line after "\\" continues it, the empty
    # line ends it) and "c" as an instruction; BuildKit ends the RUN at "\\", and "b \" goes on
    # over the empty line into "c".
    text = "FROM a\nRUN a \\\\\nb \\\n\nc\nRUN d\n"
    assert dockerfile_parse(text) == [("FROM", 0, 0), ("RUN", 1, 3), ("C", 4, 4), ("RUN", 5, 5)]
    parsed = parse_dockerfile(text)
    assert keywords(parsed) == [("FROM", 1, 1), ("RUN", 2, 2), ("B", 3, 5), ("RUN", 6, 6)]
    assert only(parsed, "B").value == "c"


def test_gap_heredoc_terminator_read_through() -> None:
    # The delimiter ends in a backslash, so dockerfile-parse continues the terminator line into
    # the next instruction; BuildKit ends the heredoc there and reads USER on its own.
    text = "FROM a\nRUN <<'E\\'\nx\nE\\\nUSER app\n"
    assert dockerfile_parse(text) == [("FROM", 0, 0), ("RUN", 1, 1), ("X", 2, 2), ("E\\", 3, 4)]
    parsed = parse_dockerfile(text)
    assert keywords(parsed) == [("FROM", 1, 1), ("RUN", 2, 4), ("USER", 5, 5)]
    assert only(parsed, "RUN").heredocs[0].delimiter == "E\\"


def test_gap_heredoc_body_lines_are_not_comments() -> None:
    text = "FROM a\nRUN <<EOF\n# set -e\necho a \\\n# b\nEOF\n# real\nUSER app\n"
    assert dockerfile_parse(text) == [
        ("FROM", 0, 0),
        ("RUN", 1, 1),
        ("COMMENT", 2, 2),
        ("COMMENT", 4, 4),
        ("ECHO", 3, 5),
        ("COMMENT", 6, 6),
        ("USER", 7, 7),
    ]
    parsed = parse_dockerfile(text)
    assert keywords(parsed) == [("FROM", 1, 1), ("RUN", 2, 6), ("USER", 8, 8)]
    assert parsed.comments == (Comment(7, "real"),)


def test_gap_keyword_alone_on_the_last_line(walked: Walked) -> None:
    text = "FROM a\nCMD"  # no newline after the keyword
    assert dockerfile_parse(text) == [("FROM", 0, 0)]
    parsed = parse_dockerfile(text)
    assert keywords(parsed) == [("FROM", 1, 1), ("CMD", 2, 2)]
    assert walked_lines(walked) == lines_of(parsed)  # handed a final newline, it reads CMD


def test_gap_instruction_named_comment() -> None:
    text = "FROM a\ncomment x\n# a real one\n"
    # The unknown instruction "comment" comes out under the name dockerfile-parse gives comments.
    assert dockerfile_parse(text) == [("FROM", 0, 0), ("COMMENT", 1, 1), ("COMMENT", 2, 2)]
    parsed = parse_dockerfile(text)
    assert keywords(parsed) == [("FROM", 1, 1), ("COMMENT", 2, 2)]
    assert parsed.comments == (Comment(3, "a real one"),)
    assert messages(parsed) == ["unknown instruction 'COMMENT'"]


@pytest.mark.parametrize(
    ("text", "raw", "ours"),
    [
        pytest.param(
            "# syntax=\n# escape=`\nFROM a\nRUN a `\nb\n",
            [("FROM", 2, 2), ("RUN", 3, 4)],
            [("FROM", 3, 3), ("RUN", 4, 4), ("B", 5, 5)],
            id="an empty syntax is no directive",
        ),
        pytest.param(
            "#\vescape=`\nFROM a\nRUN a `\nb\n",
            [("FROM", 1, 1), ("RUN", 2, 3)],
            [("FROM", 2, 2), ("RUN", 3, 3), ("B", 4, 4)],
            id="a vertical tab is no blank in a directive",
        ),
        pytest.param(
            "# escape=`\n#\vescape=\\\nFROM a\nRUN a `\nb\n",
            [("FROM", 2, 2), ("RUN", 3, 3), ("B", 4, 4)],
            [("FROM", 3, 3), ("RUN", 4, 5)],
            id="a directive-like comment after them is a comment",
        ),
        pytest.param(
            "# check=skip=all\n# escape=`\nFROM a\nRUN a `\nb\n",
            [("FROM", 2, 2), ("RUN", 3, 3), ("B", 4, 4)],
            [("FROM", 3, 3), ("RUN", 4, 5)],
            id="check is a directive",
        ),
        pytest.param(
            "# escape=`\n# escape=\\\nFROM a\nRUN a `\nb\n",
            [("FROM", 2, 2), ("RUN", 3, 3), ("B", 4, 4)],
            [("FROM", 3, 3), ("RUN", 4, 5)],
            id="the first of two escapes counts",
        ),
    ],
)
def test_gap_directives(
    text: str, raw: list[tuple[str, int, int]], ours: list[tuple[str, int, int]], walked: Walked
) -> None:
    assert [e for e in dockerfile_parse(text) if e[0] != "COMMENT"] == raw
    parsed = parse_dockerfile(text)
    assert keywords(parsed) == ours
    # Handed our directives (and no line it could take for another), it walks the file right.
    assert walked_lines(walked) == lines_of(parsed)


def test_gap_python_only_blanks(walked: Walked) -> None:
    # Python counts U+001C..U+001F as blanks, Go (and so Docker) does not.
    text = "FROM a\n\x1c\nRUN b \\\n\x1f\nc\n"
    assert dockerfile_parse(text) == [("FROM", 0, 0), ("RUN", 2, 3), ("C", 4, 4)]
    parsed = parse_dockerfile(text)
    assert keywords(parsed) == [("FROM", 1, 1), ("\x1c", 2, 2), ("RUN", 3, 4), ("C", 5, 5)]
    assert walked_lines(walked) == lines_of(parsed)


def test_dockerfile_parse_walks_the_instructions(walked: Walked) -> None:
    parsed = parse_dockerfile(b"\xef\xbb\xbf# escape=`\nFROM a\r\nRUN caf\xe9 `\n  b\n")
    assert keywords(parsed) == [("FROM", 2, 2), ("RUN", 3, 4)]
    # It walked once, over text it can read: decoded, no BOM, no CR, our escape, all lines.
    assert walked == [
        (
            "# escape=`\nFROM a\nRUN caf\ufffd `\n  b\n",
            [("COMMENT", 0, 0), ("FROM", 1, 1), ("RUN", 2, 3)],
        )
    ]


PARSE_WITHOUT_DOCKERFILE_PARSE = [
    HEREDOC,
    "# escape=`\n# top\nFROM a\nRUN a `\n\n  # c\n  b\nRUN x \\\\\nUSER app `",
    "FROM a\nRUN <<'E\\'\n# body\nE\\\nUSER app\n",
    "# syntax=a\n",
]


@pytest.mark.parametrize("text", PARSE_WITHOUT_DOCKERFILE_PARSE)
def test_dockerfile_parse_raising_falls_back_to_our_walk(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = parse_dockerfile(text)

    def boom(parser: DockerfileParser) -> object:
        raise UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte")

    monkeypatch.setattr(DockerfileParser, "structure", property(boom))
    assert parse_dockerfile(text) == expected


# --------------------------------------------------------------------------------------------
# Directives


@pytest.mark.parametrize(
    ("header", "directives"),
    [
        ("# syntax=docker/dockerfile:1\n", Directives("\\", "docker/dockerfile:1")),
        ("# escape=`\n# syntax=a\n", Directives("`", "a")),
        ("#SYNTAX = a  \n#  Escape=`\n", Directives("`", "a")),
        ("  # escape=`\n", Directives("`", None)),
        ("\ufeff# escape=`\n", Directives("`", None)),
        ("# check=skip=all\n# escape=`\n", Directives("`", None)),
        ("# a comment\n# escape=`\n", Directives("\\", None)),
        ("# syntax=a\n\n# escape=`\n", Directives("\\", "a")),
        ("# unknown=1\n# escape=`\n", Directives("\\", None)),
        ("# escape=\n", Directives("\\", None)),
    ],
)
def test_directives_only_at_the_top(header: str, directives: Directives) -> None:
    parsed = parse_dockerfile(header + "FROM a\n")
    assert parsed.directives == directives
    assert parsed.problems == ()


def test_directive_lines_after_the_top_are_comments() -> None:
    parsed = parse_dockerfile("FROM a\n# escape=`\nRUN a `\n")
    assert parsed.directives.escape == "\\"
    assert parsed.comments == (Comment(2, "escape=`"),)
    assert keywords(parsed) == [("FROM", 1, 1), ("RUN", 3, 3)]


def test_bad_directives_are_problems() -> None:
    parsed = parse_dockerfile("# escape=x\n# syntax=a\n# syntax=b\nFROM a\n")
    assert parsed.directives == Directives("\\", "a")
    assert [(p.message, p.span.line) for p in parsed.problems] == [
        ("invalid escape character 'x': it must be ` or \\", 1),
        ("only one syntax parser directive can be used", 3),
    ]


# --------------------------------------------------------------------------------------------
# Problems


def test_unknown_instruction() -> None:
    parsed = parse_dockerfile("FROM a\n  echo hi\nEOF\nUSER app\n")
    assert keywords(parsed) == [("FROM", 1, 1), ("ECHO", 2, 2), ("EOF", 3, 3), ("USER", 4, 4)]
    assert [(p.message, p.span) for p in parsed.problems] == [
        ("unknown instruction 'ECHO'", Span(2, 3, 2, 7)),
        ("unknown instruction 'EOF'", Span(3, 1, 3, 4)),
    ]


def test_lower_case_keywords_are_known() -> None:
    parsed = parse_dockerfile("from a\nrun echo\n")
    assert keywords(parsed) == [("FROM", 1, 1), ("RUN", 2, 2)]
    assert parsed.problems == ()


def test_unterminated_heredoc() -> None:
    text = "FROM a\nWORKDIR /src\nRUN go mod download && cat <<EOF\nhello\nUSER app\n"
    parsed = parse_dockerfile(text)
    assert keywords(parsed) == [("FROM", 1, 1), ("WORKDIR", 2, 2), ("RUN", 3, 5)]
    (problem,) = parsed.problems
    assert problem.message == "heredoc 'EOF' opened at line 3 is never terminated"
    assert problem.span == Span(3, 28, 3, 33)
    assert only(parsed, "RUN").heredocs[0].body == "hello\nUSER app\n"


def test_terminator_must_match_exactly() -> None:
    parsed = parse_dockerfile("FROM a\nRUN <<EOF\nx\nEOF \n  EOF\n")
    assert messages(parsed) == ["heredoc 'EOF' opened at line 2 is never terminated"]


def test_unterminated_heredoc_on_a_continuation_line() -> None:
    parsed = parse_dockerfile("FROM a\nRUN set -e \\\n  && cat <<'END'\n")
    (problem,) = parsed.problems
    assert problem.message == "heredoc 'END' opened at line 3 is never terminated"
    assert problem.span == Span(3, 10, 3, 17)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("FROM", "FROM requires either one or three arguments: an image and optionally AS name"),
        ("FROM --platform=linux/amd64", "FROM requires either one or three"),
        ("FROM a b", "FROM requires either one or three"),
        ("COPY go.mod", "COPY requires at least two arguments: a source and a destination"),
        ('ADD ["a"]', "ADD requires at least two arguments"),
        ("COPY --from=build", "COPY requires at least two arguments"),
        ("WORKDIR", "WORKDIR requires exactly one argument"),
        ("USER", "USER requires exactly one argument"),
        ("ENV", "ENV requires at least one argument"),
        ("EXPOSE", "EXPOSE requires at least one argument"),
        ("VOLUME []", "VOLUME requires at least one argument"),
        ("SHELL /bin/bash -c", "SHELL requires the arguments to be in JSON form"),
        ("ONBUILD", "ONBUILD requires at least one argument"),
        ("ONBUILD FROM a", "FROM isn't allowed as an ONBUILD trigger"),
        ("ONBUILD ENV A", "ENV must have two arguments"),
        ("LABEL a", "LABEL must have two arguments"),
    ],
)
def test_missing_arguments(line: str, message: str) -> None:
    parsed = parse_dockerfile(f"FROM a\n{line}\nUSER app\n")
    (problem,) = parsed.problems
    assert problem.message.startswith(message)
    assert problem.span.line == 2
    assert keywords(parsed)[-1][0] == "USER"


def test_lone_escape_at_the_end() -> None:
    # A line holding only the escape character continues into the next line; at the end of
    # the file BuildKit makes an instruction with no keyword of it.
    parsed = parse_dockerfile("FROM a\n\\\nUSER app\n\\\n")
    assert keywords(parsed) == [("FROM", 1, 1), ("USER", 2, 3), ("", 4, 4)]
    assert [(p.message, p.span) for p in parsed.problems] == [
        ("a line continuation with no instruction after it", Span(4, 1, 4, 2))
    ]


@pytest.mark.parametrize(
    "line",
    ["RUN", "CMD", "ENTRYPOINT", "CMD []", "FROM a AS b", "FROM a as b", "ARG A", "ENV A b c"],
)
def test_arguments_that_are_fine(line: str) -> None:
    assert parse_dockerfile(f"FROM a\n{line}\n").problems == ()


def test_file_with_no_instructions() -> None:
    for text in ("", "\n\n", "# just a comment\n", "# syntax=a\n"):
        parsed = parse_dockerfile(text)
        assert parsed.instructions == ()
        assert messages(parsed) == ["file with no instructions"]


def test_problems_are_sorted_and_do_not_stop_parsing() -> None:
    data = b"FROM\nbogus\nRUN \xff\nCOPY a\nRUN <<EOF\n"
    parsed = parse_dockerfile(data)
    assert [i.keyword for i in parsed.instructions] == ["FROM", "BOGUS", "RUN", "COPY", "RUN"]
    assert [p.span.line for p in parsed.problems] == [1, 2, 3, 4, 5]


# --------------------------------------------------------------------------------------------
# Flags, values, lines


def test_flags() -> None:
    parsed = parse_dockerfile(
        "FROM --platform=$BUILDPLATFORM golang:1.22 AS build\n"
        "COPY --chown=app:app --from=build --link /a /b\n"
        "RUN --mount=type=cache,target=/go/pkg/mod --network=none go build\n"
        "RUN --MOUNT=type=secret,id=\"a b\" --x='y' -- --not-a-flag\n"
    )
    from_, copy, run, run2 = parsed.instructions
    assert from_.flags == (Flag("platform", "$BUILDPLATFORM"),)
    assert from_.value == "golang:1.22 AS build"
    assert copy.flags == (Flag("chown", "app:app"), Flag("from", "build"), Flag("link", None))
    assert copy.value == "/a /b"
    assert copy.flag("from") == "build"
    assert copy.flag("link") is None
    assert copy.has_flag("link")
    assert not copy.has_flag("chmod")
    assert run.flags == (Flag("mount", "type=cache,target=/go/pkg/mod"), Flag("network", "none"))
    assert run.value == "go build"
    assert run2.flags == (Flag("mount", "type=secret,id=a b"), Flag("x", "y"))
    assert run2.value == "--not-a-flag"


def test_flags_on_continuation_lines() -> None:
    run = only(
        parse_dockerfile(
            "FROM a\nRUN --mount=type=cache,target=/go/pkg/mod \\\n"
            "    --mount=type=bind,target=. \\\n    go build\n"
        ),
        "RUN",
    )
    assert [f.name for f in run.flags] == ["mount", "mount"]
    assert run.value == "go build"


def test_value_is_joined_as_buildkit_joins_it() -> None:
    parsed = parse_dockerfile(
        "FROM a\n"
        "RUN apt-get update \\\n"  # the escape and the blanks after it go
        "    && apt-get install -y \\  \n"
        "        git\\\n"  # nothing is inserted at the join
        "make\n"
    )
    assert only(parsed, "RUN").value == "apt-get update     && apt-get install -y         gitmake"


def test_value_is_trimmed_and_keeps_inner_blanks() -> None:
    run = only(parse_dockerfile("FROM a\n   RUN    echo   hi   \n"), "RUN")
    assert run.value == "echo   hi"
    assert run.span == Span(2, 4, 2, 23)


def test_lines_and_original_with_crlf() -> None:
    parsed = parse_dockerfile(b"FROM a\r\nRUN a \\\r\n  b\r\n\r\nUSER app")
    assert parsed.lines == ("FROM a", "RUN a \\", "  b", "", "USER app")
    run = only(parsed, "RUN")
    assert run.original == "RUN a \\\n  b"
    assert run.value == "a   b"
    assert run.span == Span(2, 1, 3, 4)


def test_lines_split_at_newline_only() -> None:
    parsed = parse_dockerfile("FROM a\nRUN a\u2028b\x0cc\rd\n")
    assert parsed.lines == ("FROM a", "RUN a\u2028b\x0cc\rd")


def test_comments() -> None:
    parsed = parse_dockerfile(
        "# syntax=docker/dockerfile:1\n#   top  \nFROM a\n  # indented\nRUN a \\\n # inside\n  b\n"
        "RUN <<EOF\n# not a comment\nEOF\n#\n"
    )
    assert parsed.comments == (
        Comment(2, "top"),
        Comment(4, "indented"),
        Comment(6, "inside"),
        Comment(11, ""),
    )


def test_indexes_follow_the_order() -> None:
    parsed = parse_dockerfile("FROM a\nRUN a\nRUN b\n")
    assert [i.index for i in parsed.instructions] == [0, 1, 2]


def test_bytes_and_text_agree() -> None:
    text = '\ufeff# escape=`\nFROM a\nRUN <<EOF\nx\nEOF\nCMD ["a"]\n'
    assert parse_dockerfile(text) == parse_dockerfile(text.encode())


# --------------------------------------------------------------------------------------------
# Never raises, never loses its place


def assert_well_formed(parsed: ParsedDockerfile) -> None:
    lines = parsed.lines
    previous_end = 0
    for n, ins in enumerate(parsed.instructions):
        span = ins.span
        assert ins.index == n
        assert previous_end < span.line <= span.end_line <= len(lines)
        assert 1 <= span.column <= len(lines[span.line - 1]) + 1
        assert span.end_column == len(lines[span.end_line - 1]) + 1
        assert ins.original == "\n".join(lines[span.line - 1 : span.end_line])
        assert ins.keyword == ins.keyword.upper()
        previous_end = span.end_line
    for problem in parsed.problems:
        assert 1 <= problem.span.line <= max(len(lines), 1)
        assert problem.span.line <= problem.span.end_line
    comment_lines = [c.line for c in parsed.comments]
    assert comment_lines == sorted(set(comment_lines))


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_parses(text: str) -> None:
    assert_well_formed(parse_dockerfile(text))


@settings(max_examples=300, deadline=None)
@given(st.binary())
def test_any_bytes_parse(data: bytes) -> None:
    assert_well_formed(parse_dockerfile(data))


_PIECES = st.sampled_from(
    [
        "RUN ",
        "FROM a",
        "COPY ",
        "ONBUILD RUN ",
        "\n",
        "\r\n",
        " ",
        "\\",
        "`",
        "#",
        "<<EOF",
        "EOF",
        "<<-'A'",
        "\tA",
        '"',
        "'",
        "[",
        "]",
        "${X:-",
        "}",
        "--x=1 ",
        "# escape=`\n",
        "\ufeff",
        "\x00",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=50).map("".join))
def test_dockerfile_like_text_parses(text: str) -> None:
    assert_well_formed(parse_dockerfile(text))
    assert_well_formed(parse_dockerfile(text.encode()))


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("FROM a\nRUN " + "a" * 200_000 + " <<EOF\n", id="long heredoc line"),
        pytest.param("FROM a\nRUN " + "${X:-" * 50_000 + "\n<<EOF", id="deep nesting"),
        pytest.param("FROM a\nCMD " + "[" * 100_000, id="deep json"),
        pytest.param("FROM a\n" + "RUN a \\\n" * 50_000, id="long continuation"),
        pytest.param("FROM a\n" + "RUN <<EOF\n" * 50_000, id="many openers"),
        pytest.param("FROM a\nRUN " + "<<A " * 20_000 + "\n" + "A\n" * 20_000, id="many bodies"),
        pytest.param("FROM a\n" + "RUN x\n" * 20_000, id="many instructions"),
    ],
)
def test_pathological_input_stays_fast(text: str) -> None:
    start = time.perf_counter()
    assert_well_formed(parse_dockerfile(text))
    assert time.perf_counter() - start < 5


def test_import_is_light() -> None:
    code = (
        "import sys; import dockerlint_go.model.parse; "
        "print(' '.join(m for m in ('dockerfile_parse', 'dockerfile', 'tree_sitter', 'docker', "
        "'rich', 'typer') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
