"""Tests for dockerlint_go.model.gomod: go.mod, go.work and vendor/modules.txt.

The expected problems use the go command's own messages (golang.org/x/mod/modfile), except
where the module says it differs: a top-level ")" is "unexpected ')'", an unterminated string
is reported at its opening quote, an unterminated block at the line that opened it, and the
parse goes on after every problem.
"""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dockerlint_go.model.gomod import (
    GoDebug,
    GoMod,
    GoWork,
    Ignore,
    ModProblem,
    ModulesTxt,
    Position,
    Replace,
    Require,
    Tool,
    Use,
    is_semver,
    parse_go_version,
    parse_gomod,
    parse_gowork,
    parse_modules_txt,
)


def problems(text: str) -> list[tuple[int, int, str]]:
    return [(p.line, p.column, p.message) for p in parse_gomod(text).problems]


# -- realistic files ----------------------------------------------------------------------------

SERVICE_GOMOD = """\
// The order service.
module github.com/acme/orders // canonical path

go 1.22.1

toolchain go1.23.4

godebug (
	default=go1.21
	panicnil=1 // keep the old behaviour
)

godebug asynctimerchan=0

require (
	github.com/go-chi/chi/v5 v5.0.12
	github.com/jackc/pgx/v5 v5.5.5
	// observability
	go.opentelemetry.io/otel v1.24.0

	github.com/jackc/pgpassfile v1.0.0 // indirect
	github.com/jackc/puddle/v2 v2.2.1 // indirect; pulled in by pgx
	golang.org/x/sync v0.6.0 //indirect
)

require golang.org/x/text v0.14.0 // indirect

replace github.com/acme/shared => ../shared

replace (
	github.com/jackc/pgx/v5 v5.5.5 => github.com/acme/pgx/v5 v5.5.6
	golang.org/x/sync => ./third_party/sync
)

exclude golang.org/x/net v0.20.0

retract v1.0.0 // published by mistake
retract [v1.1.0, v1.1.9]

retract (
	// The checksum changed after publishing.
	v1.2.0
	[v1.3.0, v1.3.5] // broken migrations
)

tool golang.org/x/tools/cmd/stringer

tool (
	github.com/golangci/golangci-lint/cmd/golangci-lint
	"example.com/tools/gen"
)

ignore ./web/node_modules
"""


def test_service_gomod() -> None:
    mod = parse_gomod(SERVICE_GOMOD)
    assert mod.problems == ()
    assert (mod.module, mod.module_line) == ("github.com/acme/orders", 2)
    assert (mod.go, mod.go_line, mod.go_version) == ("1.22.1", 4, (1, 22, 1))
    assert (mod.toolchain, mod.toolchain_line) == ("go1.23.4", 6)
    assert mod.godebug == (
        GoDebug("default", "go1.21", 9),
        GoDebug("panicnil", "1", 10),
        GoDebug("asynctimerchan", "0", 13),
    )
    assert mod.requires == (
        Require("github.com/go-chi/chi/v5", "v5.0.12", False, 16),
        Require("github.com/jackc/pgx/v5", "v5.5.5", False, 17),
        Require("go.opentelemetry.io/otel", "v1.24.0", False, 19),
        Require("github.com/jackc/pgpassfile", "v1.0.0", True, 21),
        Require("github.com/jackc/puddle/v2", "v2.2.1", True, 22),
        Require("golang.org/x/sync", "v0.6.0", True, 23),
        Require("golang.org/x/text", "v0.14.0", True, 26),
    )
    assert mod.replaces == (
        Replace("github.com/acme/shared", None, "../shared", None, 28),
        Replace("github.com/jackc/pgx/v5", "v5.5.5", "github.com/acme/pgx/v5", "v5.5.6", 31),
        Replace("golang.org/x/sync", None, "./third_party/sync", None, 32),
    )
    assert [r.local for r in mod.replaces] == [True, False, True]
    assert mod.excludes == (Require("golang.org/x/net", "v0.20.0", False, 35),)
    assert mod.retracts == (37, 38, 42, 43)
    assert mod.tools == (
        Tool("golang.org/x/tools/cmd/stringer", 46),
        Tool("github.com/golangci/golangci-lint/cmd/golangci-lint", 49),
        Tool("example.com/tools/gen", 50),
    )
    assert mod.ignores == (Ignore("./web/node_modules", 53),)


def test_minimal_gomod_as_go_mod_init_writes_it() -> None:
    mod = parse_gomod("module example.com/hello\n\ngo 1.23.0\n")
    assert mod == GoMod(module="example.com/hello", module_line=1, go="1.23.0", go_line=3)
    assert mod.go_version == (1, 23, 0)


def test_old_style_gomod_with_single_line_requires_and_no_go_line() -> None:
    mod = parse_gomod(
        "module github.com/legacy/tool\n"
        "require github.com/pkg/errors v0.8.1\n"
        "require gopkg.in/yaml.v2 v2.2.2 // indirect\n"
        "require github.com/old/lib v2.0.0+incompatible\n"
    )
    assert mod.problems == ()
    assert mod.go is None and mod.go_line == 0 and mod.go_version is None
    assert [(r.path, r.version, r.indirect) for r in mod.requires] == [
        ("github.com/pkg/errors", "v0.8.1", False),
        ("gopkg.in/yaml.v2", "v2.2.2", True),
        ("github.com/old/lib", "v2.0.0+incompatible", False),
    ]


@pytest.mark.parametrize(
    ("comment", "indirect"),
    [
        ("// indirect", True),
        ("//indirect", True),
        ("//   indirect   ", True),
        ("// indirect; used by the tests", True),
        ("// indirect;", False),  # Go wants a word after "indirect;"
        ("// indirectly", False),
        ("// not indirect", False),
        ("// x // indirect", False),
        ("", False),
    ],
)
def test_indirect_comment_as_go_reads_it(comment: str, indirect: bool) -> None:
    mod = parse_gomod(f"module m\nrequire example.com/a v1.0.0 {comment}\n")
    assert mod.requires == (Require("example.com/a", "v1.0.0", indirect, 2),)


def test_indirect_comment_on_its_own_line_is_not_a_suffix() -> None:
    mod = parse_gomod("module m\nrequire (\n\t// indirect\n\texample.com/a v1.0.0\n)\n")
    assert mod.requires == (Require("example.com/a", "v1.0.0", False, 4),)


def test_comments_everywhere() -> None:
    text = (
        "// top\n"
        "module m // after module\n"
        "// between\n"
        "require ( // after the paren\n"
        "\t// inside\n"
        "\texample.com/a v1.0.0 // indirect\n"
        "\t\n"
        "\t// before the close\n"
        ") // after the close\n"
        "// bottom"
    )
    mod = parse_gomod(text)
    assert mod.problems == ()
    assert mod.module == "m"
    assert mod.requires == (Require("example.com/a", "v1.0.0", True, 6),)


def test_comment_right_after_a_token_ends_it() -> None:
    mod = parse_gomod("module example.com/m//comment\ngo 1.21//x\n")
    assert (mod.module, mod.go) == ("example.com/m", "1.21")


def test_quoted_and_escaped_paths() -> None:
    mod = parse_gomod(
        'module "example.com/quoted"\n'
        'require "example.com/\\u00e9t\\x65" "v1.0.0"\n'
        'replace "example.com/a" => "./with space"\n'
    )
    assert mod.problems == ()
    assert mod.module == "example.com/quoted"
    assert mod.requires == (Require("example.com/éte", "v1.0.0", False, 2),)
    assert mod.replaces == (Replace("example.com/a", None, "./with space", None, 3),)


def test_empty_blocks() -> None:
    mod = parse_gomod("module m\nrequire ()\nreplace (\n)\n")
    assert mod.problems == ()
    assert mod.requires == () and mod.replaces == ()


def test_crlf_line_endings() -> None:
    text = SERVICE_GOMOD.replace("\n", "\r\n")
    assert parse_gomod(text) == parse_gomod(SERVICE_GOMOD)


def test_bom_is_tolerated_and_columns_ignore_it() -> None:
    mod = parse_gomod("\ufeffmodule m\ngo 1.22\nfoo\n")
    assert (mod.module, mod.module_line, mod.go) == ("m", 1, "1.22")
    assert problems("\ufeffbar\n") == [(1, 1, "unknown directive: bar")]


@pytest.mark.parametrize("text", ["", "\n", "\n\n  \t\n", "// only a comment\n", "\ufeff"])
def test_empty_files(text: str) -> None:
    assert parse_gomod(text) == GoMod()
    assert parse_gowork(text) == GoWork()


# -- replace ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "local"),
    [
        ("./vendor/a", True),
        ("../a", True),
        ("/abs/a", True),
        (".", True),
        ("..", True),
        (".\\win", True),
        ("..\\win", True),
        ("C:/win", True),
        ("example.com/fork v1.0.0", False),
        ("example.com/fork v1.0.0-20240101000000-abcdefabcdef", False),
        ("./looks/local v1.0.0", False),  # a problem, and not a directory replacement
    ],
)
def test_replace_local(target: str, local: bool) -> None:
    mod = parse_gomod(f"module m\nreplace example.com/a => {target}\n")
    (replace,) = mod.replaces
    assert replace.local is local


def test_replace_with_old_version_and_both_forms_in_a_block() -> None:
    mod = parse_gomod(
        "module m\n"
        "replace (\n"
        "\texample.com/a v1.2.3 => example.com/b v1.2.4\n"
        "\texample.com/c => ../c\n"
        "\texample.com/d v0.1.0 => /src/d\n"
        ")\n"
    )
    assert mod.problems == ()
    assert mod.replaces == (
        Replace("example.com/a", "v1.2.3", "example.com/b", "v1.2.4", 3),
        Replace("example.com/c", None, "../c", None, 4),
        Replace("example.com/d", "v0.1.0", "/src/d", None, 5),
    )


# -- malformed input: exact positions ----------------------------------------------------------

USAGE_REPLACE = (
    "usage: replace module/path [v1.2.3] => other/module v1.4\n"
    "\t or replace module/path [v1.2.3] => ../local/directory"
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("module m\nfoo bar\n", [(2, 1, "unknown directive: foo")]),
        ("module m\n  frobnicate\n", [(2, 3, "unknown directive: frobnicate")]),
        ("module m\nrequire (\n\tfoo\n)\n", [(3, 2, "usage: require module/path v1.2.3")]),
        ("module m\n)\n", [(2, 1, "unexpected ')'")]),
        ("module m\ngo\n", [(2, 1, "go directive expects exactly one argument")]),
        ("module m\ngo 1.22 1.23\n", [(2, 1, "go directive expects exactly one argument")]),
        ("go 1.x\n", [(1, 1, "invalid go version '1.x': must match format 1.23.0")]),
        ("go v1.22\n", [(1, 1, "invalid go version 'v1.22': must match format 1.23.0")]),
        ("go 1.22\ngo 1.23\n", [(2, 1, "repeated go statement")]),
        ("module a\nmodule b\n", [(2, 1, "repeated module statement")]),
        (
            "module\nmodule b\n",
            [(1, 1, "usage: module module/path"), (2, 1, "repeated module statement")],
        ),
        ("toolchain go1.22\ntoolchain go1.23\n", [(2, 1, "repeated toolchain statement")]),
        (
            "toolchain 1.22\n",
            [(1, 1, "invalid toolchain version '1.22': must match format go1.23.0 or default")],
        ),
        ("godebug foo\n", [(1, 1, "usage: godebug key=value")]),
        ("godebug a=b,c=d\n", [(1, 1, "usage: godebug key=value")]),
        (
            "module m\nrequire example.com/a 1.2.3\n",
            [(2, 1, 'require example.com/a: version "1.2.3" invalid: must be of the form v1.2.3')],
        ),
        ("module m\nexclude example.com/a\n", [(2, 1, "usage: exclude module/path v1.2.3")]),
        ("module m\nreplace example.com/a\n", [(2, 1, USAGE_REPLACE)]),
        ("module m\nreplace a => b => c\n", [(2, 1, USAGE_REPLACE)]),
        (
            "module m\nreplace example.com/a => example.com/b\n",
            [
                (
                    2,
                    1,
                    "replacement module without version must be directory path "
                    "(rooted or starting with . or ..)",
                )
            ],
        ),
        (
            "module m\nreplace example.com/a => example.com/b@v1.0.0\n",
            [
                (
                    2,
                    1,
                    "replacement module must match format 'path version', not 'path@version'",
                )
            ],
        ),
        (
            "module m\nreplace example.com/a => ./b v1.0.0\n",
            [(2, 1, 'replacement module directory path "./b" cannot have version')],
        ),
        ("module m\nretract\n", [(2, 1, "expected '[' or version")]),
        ("module m\nretract [v1.0.0 v1.1.0]\n", [(2, 1, "expected ',' after version")]),
        ("module m\nretract [v1.0.0, v1.1.0\n", [(2, 1, "expected ']' after version")]),
        ("module m\nretract [\n", [(2, 1, "expected version after '['")]),
        (
            "module m\nretract v1.0.0 v1.0.1\n",
            [(2, 1, 'unexpected token after version: "v1.0.1"')],
        ),
        (
            "module m\nretract (\n\tlatest\n)\n",
            [(3, 2, 'retract: version "latest" invalid: must be of the form v1.2.3')],
        ),
        ("retract v1.0.0\n", [(1, 1, "no module directive found, so retract cannot be used")]),
        ("tool a b\n", [(1, 1, "tool directive expects exactly one argument")]),
        ("ignore\n", [(1, 1, "ignore directive expects exactly one argument")]),
        (
            "module `raw`\n",
            [(1, 1, "invalid quoted string: unquoted string cannot contain quote")],
        ),
        ('module "a\\q"\n', [(1, 1, "invalid quoted string: invalid syntax")]),
        (
            "module m\nrequire (\n\texample.com/a v1.0.0\n",
            [(2, 1, "syntax error (unterminated block started at 2:1)")],
        ),
        ("module m\nfoo (\n)\n", [(2, 1, "unknown block type: foo")]),
        ("module m\nrequire a (\n)\n", [(2, 1, "unknown block type: require a")]),
        ("go (\n\t1.22\n)\n", [(1, 1, "unknown block type: go")]),
        (
            "module m\nrequire (\n) extra\n",
            [(3, 3, "syntax error (expected newline after closing paren)")],
        ),
        # lexical errors: the rest of the line is skipped, the next line is read
        (
            'module m\nrequire "example.com/a v1.0.0\ngo 1.22\n',
            [(2, 9, "unterminated quoted string")],
        ),
        ("module m\nrequire `example.com/a\n", [(2, 9, "unterminated quoted string")]),
        ("module m /* no */\n", [(1, 10, "mod files must use // comments (not /* */ comments)")]),
        ("module a/*b*/\n", [(1, 9, "mod files must use // comments (not /* */ comments)")]),
        ("module m\ngo\v1.22\n", [(2, 3, "unexpected input character '\\v'")]),
        ("module m\ngo\xa01.22\n", [(2, 3, "unexpected input character '\\u00a0'")]),
        ("module a\x00b\n", [(1, 9, "unexpected input character '\\x00'")]),
        ("module m\n\ufeffgo 1.22\n", [(2, 1, "unexpected input character '\\ufeff'")]),
    ],
)
def test_problems(text: str, expected: list[tuple[int, int, str]]) -> None:
    assert problems(text) == expected


def test_parsing_goes_on_after_problems() -> None:
    text = (
        "module example.com/m\n"
        'require "broken\n'
        "bogus directive\n"
        "require example.com/a v1.0.0\n"
        "go 1.x\n"
        "go 1.21\n"
    )
    mod = parse_gomod(text)
    assert [(p.line, p.column) for p in mod.problems] == [(2, 9), (3, 1), (5, 1)]
    assert mod.requires == (Require("example.com/a", "v1.0.0", False, 4),)
    assert (mod.go, mod.go_line) == ("1.21", 6)


def test_entry_with_a_bad_version_is_kept_with_its_problem() -> None:
    mod = parse_gomod("module m\nrequire example.com/a master\n")
    assert mod.requires == (Require("example.com/a", "master", False, 2),)
    assert len(mod.problems) == 1


def test_unterminated_block_keeps_its_entries() -> None:
    mod = parse_gomod("module m\nrequire (\n\texample.com/a v1.0.0\n\texample.com/b v1.1.0\n")
    assert [r.path for r in mod.requires] == ["example.com/a", "example.com/b"]
    assert mod.problems == (ModProblem(2, 1, "syntax error (unterminated block started at 2:1)"),)
    assert mod.problems[0].position == Position(2, 1)


def test_lines_of_an_unknown_block_are_skipped() -> None:
    mod = parse_gomod("module m\nfrob (\n\tnonsense here\n)\nrequire example.com/a v1.0.0\n")
    assert problems("module m\nfrob (\n\tnonsense here\n)\n") == [
        (2, 1, "unknown block type: frob")
    ]
    assert len(mod.requires) == 1


def test_a_very_long_line_is_still_one_problem() -> None:
    assert problems("module " + "a " * 10_000 + "\n") == [(1, 1, "usage: module module/path")]
    mod = parse_gomod("require " + "x " * 10_000 + "(\n\texample.com/a v1.0.0\n)\n")
    (problem,) = mod.problems
    assert problem.message.startswith("unknown block type: require x x")
    assert mod.requires == ()


# -- go.work ----------------------------------------------------------------------------------


def test_gowork() -> None:
    text = (
        "go 1.23.0\n"
        "\n"
        "toolchain go1.23.2\n"
        "\n"
        "godebug default=go1.21\n"
        "\n"
        "use (\n"
        "\t./api\n"
        "\t./worker // the queue consumer\n"
        '\t"./with space"\n'
        ")\n"
        "\n"
        "use ./tools\n"
        "\n"
        "replace example.com/lib v1.0.0 => ../lib\n"
    )
    work = parse_gowork(text)
    assert work == GoWork(
        go="1.23.0",
        go_line=1,
        toolchain="go1.23.2",
        toolchain_line=3,
        uses=(Use("./api", 8), Use("./worker", 9), Use("./with space", 10), Use("./tools", 13)),
        replaces=(Replace("example.com/lib", "v1.0.0", "../lib", None, 15),),
        godebug=(GoDebug("default", "go1.21", 5),),
    )
    assert work.go_version == (1, 23, 0)
    assert work.replaces[0].local


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("module m\n", [(1, 1, "unknown directive: module")]),
        ("require a v1.0.0\n", [(1, 1, "unknown directive: require")]),
        ("use\n", [(1, 1, "usage: use local/dir")]),
        ("use (\n\t./a ./b\n)\n", [(2, 2, "usage: use local/dir")]),
        ("go 1.22\ngo 1.23\n", [(2, 1, "repeated go statement")]),
        ("require (\n)\n", [(1, 1, "unknown block type: require")]),
    ],
)
def test_gowork_problems(text: str, expected: list[tuple[int, int, str]]) -> None:
    assert [(p.line, p.column, p.message) for p in parse_gowork(text).problems] == expected


# -- vendor/modules.txt -----------------------------------------------------------------------

MODULES_TXT = """\
# github.com/go-chi/chi/v5 v5.0.12
## explicit; go 1.14
github.com/go-chi/chi/v5
github.com/go-chi/chi/v5/middleware
# github.com/jackc/pgpassfile v1.0.0
## go 1.12
github.com/jackc/pgpassfile
# golang.org/x/sync v0.6.0 => ./third_party/sync
## explicit; go 1.18
golang.org/x/sync/errgroup
# github.com/acme/shared => ../shared
# example.com/replaced v1.0.0 => example.com/fork v1.0.1
"""


def test_modules_txt() -> None:
    found = parse_modules_txt(MODULES_TXT)
    assert found == ModulesTxt(
        modules=(
            "github.com/go-chi/chi/v5",
            "github.com/jackc/pgpassfile",
            "golang.org/x/sync",
            "example.com/replaced",
        ),
        explicit=frozenset({"github.com/go-chi/chi/v5", "golang.org/x/sync"}),
    )


def test_modules_txt_crlf_bom_and_problems() -> None:
    text = (
        "\ufeff# a.example/m v1.0.0\r\n## explicit\r\n## explicit\r\n"
        "# bad\r\n# b.example/m latest\r\n"
    )
    found = parse_modules_txt(text)
    assert found.modules == ("a.example/m",)
    assert found.explicit == frozenset({"a.example/m"})
    assert [p.line for p in found.problems] == [4, 5]
    orphan = parse_modules_txt("## explicit\n# a.example/m v1.0.0\n")
    assert [(p.line, p.message) for p in orphan.problems] == [
        (1, "annotation outside a module's section")
    ]
    assert parse_modules_txt("") == ModulesTxt()


# -- versions ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.22", (1, 22, 0)),
        ("1.22.3", (1, 22, 3)),
        ("go1.22.3", (1, 22, 3)),
        ("1.21rc2", (1, 21, 0)),
        ("1.21.0rc1", (1, 21, 0)),
        ("1.9", (1, 9, 0)),
        ("go1.20.3-gccgo", (1, 20, 3)),
        ("1.22-alpine", (1, 22, 0)),
        ("1.22.5-bookworm", (1, 22, 5)),
        ("1", None),
        ("1.x", None),
        ("01.22", None),
        ("1.022", None),
        ("v1.22", None),
        ("1.22rc", None),
        ("1.22-", None),
        ("1.22 ", None),
        ("0.5", None),
        ("go", None),
        ("", None),
        ("latest", None),
        ("alpine", None),
        ("1." + "9" * 5000, None),
    ],
)
def test_parse_go_version(text: str, expected: tuple[int, int, int] | None) -> None:
    assert parse_go_version(text) == expected


@pytest.mark.parametrize(
    ("version", "valid"),
    [
        ("v1", True),
        ("v1.2", True),
        ("v1.2.3", True),
        ("v0.0.0-20240101000000-abcdefabcdef", True),
        ("v2.0.0+incompatible", True),
        ("v1.2.3-rc.1+build.5", True),
        ("v1-rc", False),
        ("v1.2.3-01", False),
        ("v01.2.3", False),
        ("1.2.3", False),
        ("v1.2.3-", False),
        ("master", False),
    ],
)
def test_is_semver(version: str, valid: bool) -> None:
    assert is_semver(version) is valid


# -- robustness -------------------------------------------------------------------------------

GOMOD_WORDS = st.sampled_from(
    [
        "module", "go", "toolchain", "require", "replace", "exclude", "retract", "godebug",
        "tool", "ignore", "use", "(", ")", "[", "]", ",", "=>", "//", "/*", '"', "`", "\\",
        "v1.2.3", "1.22", "example.com/a", "./a", "// indirect", "a=b", " ", "\t", "\n", "\r\n",
    ]
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=300), st.lists(GOMOD_WORDS, max_size=60).map(" ".join)))
def test_never_raises(text: str) -> None:
    mod = parse_gomod(text)
    work = parse_gowork(text)
    parse_modules_txt(text)
    lines = text.count("\n") + 1
    for problem in (*mod.problems, *work.problems):
        assert 1 <= problem.line <= lines
        assert problem.column >= 1
    assert list(mod.problems) == sorted(mod.problems, key=lambda p: (p.line, p.column))


def test_five_megabytes_parse_in_linear_time() -> None:
    line = "\tgithub.com/some/module/path v1.2.3-0.20240101000000-abcdefabcdef // indirect\n"
    count = 5_000_000 // len(line)
    started = time.perf_counter()
    mod = parse_gomod("module m\nrequire (\n" + line * count + ")\n")
    assert len(mod.requires) == count and mod.problems == ()
    # Pathological single lines: one huge token, and a huge run of one-character tokens.
    for text in ("a" * 5_000_000, '"' * 5_000_000, "retract [" + "," * 2_000_000):
        assert len(parse_gomod(text).problems) == 1
    assert time.perf_counter() - started < 60  # seconds; quadratic work would take hours
