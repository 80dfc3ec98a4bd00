"""Tests for dockerlint_go.model.dockerignore: reading .dockerignore and matching like BuildKit.

The case table's expectations are BuildKit's (moby/patternmatcher's ReadAll, New and
MatchesOrParentMatches). The differential tests hold the matcher to the Docker SDK's
``docker.utils.build.PatternMatcher``, a separate reimplementation of the same rules, on
generated patterns and paths; the corners where the SDK and BuildKit disagree are kept out of
the generator and pinned by ``test_sdk_differs_*`` tests, which show the SDK's answer and ours
(BuildKit's).
"""

from __future__ import annotations

import subprocess
import sys
from types import ModuleType

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from dockerlint_go.model.dockerignore import (
    IgnorePattern,
    IgnoreProblem,
    IgnoreRules,
    parse_dockerignore,
)


def ignored(text: str, path: str) -> bool:
    return parse_dockerignore(text).ignored(path)


# -- matching ---------------------------------------------------------------------------------

CASES = [
    # (.dockerignore, path, ignored)
    ("*", "main.go", True),
    ("*", "cmd/app/main.go", True),  # "*" matches the top directory "cmd"
    ("*", ".", False),
    ("*", "", False),
    ("*.go", "main.go", True),
    ("*.go", "cmd/main.go", False),
    ("*/*.go", "cmd/main.go", True),
    ("**/*.go", "main.go", True),
    ("**/*.go", "cmd/app/main.go", True),
    ("**/*.go", "cmd/app/README.md", False),
    ("**", "anything/at/all", True),
    ("**/", "x", True),
    ("cmd/**", "cmd/app/main.go", True),
    ("cmd/**", "cmd", False),  # a prefix "cmd/": the directory itself is not matched
    ("cmd**", "cmdline/x", True),
    ("**/testdata", "pkg/a/testdata/in.txt", True),
    ("**/testdata", "testdata", True),
    ("**testdata", "mytestdata", True),  # BuildKit compares a plain "**" pattern as a suffix
    ("a/**/b", "a/b", True),
    ("a/**/b", "a/x/y/b", True),
    ("a/**/b", "a/xb", False),
    ("?.go", "a.go", True),
    ("?.go", "ab.go", False),
    ("?", "a/b", True),
    ("[ab].go", "b.go", True),
    ("[ab].go", "c.go", False),
    ("[^ab].go", "c.go", True),
    ("[a-c]*", "bin/x", True),
    ("[!a].go", "!.go", True),  # Go classes negate with "^" only: "!" is a member
    ("[!a].go", "b.go", False),
    ("\\*.go", "*.go", True),
    ("\\*.go", "main.go", False),
    ("\\?", "?", True),
    ("\\[a]", "[a]", True),
    ("vendor", "vendor", True),
    ("vendor", "vendor/a/b.go", True),
    ("vendor", "vendored/a.go", False),
    ("vendor", "pkg/vendor/a.go", False),
    ("vendor/", "vendor/a.go", True),
    ("/vendor", "vendor/a.go", True),
    ("./vendor/../vendor", "vendor/a.go", True),
    ("a//b", "a/b/c", True),
    (".git", ".git/HEAD", True),
    (".*", ".env", True),
    (".", "a", False),  # "." is kept but matches nothing
    ("/", "a", False),
    ("../a", "a", False),  # cleaned to "../a", which no context path is
    ("Dockerfile", "dockerfile", False),  # case matters
    ("a.b", "axb", False),  # "." is not a wildcard
    ("a+(b)|{c}$", "a+(b)|{c}$", True),
    ("*+", "a+", True),
    ("[*]", "]", True),  # BuildKit: "*" expands inside the class, which then ends early
    ("[*]", "*", False),
    ("[**]", "(", True),  # "**" expands to "(.*/)?" inside the class
    ("[**]", "*", True),
    ("*^", "a^", False),  # BuildKit: "^" is an anchor in a regular-expression pattern
    ("a^", "a^", True),  # ... but a plain pattern is compared as a string
    (" # not a comment", "# not a comment", True),  # only a "#" in the first column starts one
    ("*\n!go.mod", "go.mod", False),
    ("*\n!go.mod", "main.go", True),
    ("*\n!go.mod\n!go.sum", "go.sum", False),
    ("*\n!go.mod\n!go.sum", "cmd/main.go", True),
    ("!go.mod\n*", "go.mod", True),  # the last matching pattern decides
    ("vendor\n!vendor/modules.txt", "vendor/modules.txt", False),
    ("vendor\n!vendor/modules.txt", "vendor/a/a.go", True),
    ("vendor\n!vendor", "vendor/a.go", False),
    ("vendor\n!vendor\nvendor/x", "vendor/x/y", True),
    ("**/*.go\n!cmd/**", "cmd/app/main.go", False),
    ("**/*.go\n!cmd/**", "pkg/a.go", True),
    ("docs\n!docs/*.md\ndocs/internal.md", "docs/internal.md", True),
    ("docs\n!docs/*.md\ndocs/internal.md", "docs/README.md", False),
    ("!  spaced ", "spaced", False),
    ("  *.go  \n", "x.go", True),
]


@pytest.mark.parametrize(("text", "path", "expected"), CASES)
def test_matching(text: str, path: str, expected: bool) -> None:
    assert ignored(text, path) is expected


@pytest.mark.parametrize("path", ["main.go", "/main.go", "./main.go", "x/../main.go"])
def test_paths_are_cleaned_before_matching(path: str) -> None:
    assert ignored("main.go", path)


# -- reading ----------------------------------------------------------------------------------


def test_reading_comments_blanks_exclusions_and_cleaning() -> None:
    text = (
        "# build output\n"
        "\n"
        "bin/\n"
        "   \n"
        "/dist//x/./y/..\n"
        "!bin/keep\n"
        "! spaced/out/ \n"
        "!/rooted\n"
        "  #indented\n"
        "**/*.log\n"
    )
    rules = parse_dockerignore(text)
    assert rules.problems == ()
    assert rules.patterns == (
        IgnorePattern("bin", False, 3),
        IgnorePattern("dist/x", False, 5),
        IgnorePattern("bin/keep", True, 6),
        IgnorePattern("spaced/out", True, 7),
        IgnorePattern("rooted", True, 8),
        IgnorePattern("#indented", False, 9),
        IgnorePattern("**/*.log", False, 10),
    )


def test_bom_and_crlf() -> None:
    rules = parse_dockerignore("\ufeff# comment\r\n*.tmp\r\n!keep.tmp\r\n")
    assert rules.patterns == (IgnorePattern("*.tmp", False, 2), IgnorePattern("keep.tmp", True, 3))
    assert rules.ignored("a.tmp") and not rules.ignored("keep.tmp")
    # The BOM is dropped before the comment test, so a commented first line stays a comment.
    assert parse_dockerignore("\ufeff#x").patterns == ()


def test_empty_file_ignores_nothing() -> None:
    rules = parse_dockerignore("")
    assert rules == IgnoreRules()
    assert not rules.ignored("anything")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("[", "syntax error in pattern '[': unterminated character class"),
        ("a[bc", "syntax error in pattern 'a[bc': unterminated character class"),
        ("[]a]", "syntax error in pattern '[]a]': ']' where a character class expects a character"),
        ("[^]", "syntax error in pattern '[^]': ']' where a character class expects a character"),
        ("[a-]", "syntax error in pattern '[a-]': ']' where a character class expects a character"),
        ("[-a]", "syntax error in pattern '[-a]': '-' where a character class expects a character"),
        ("[z-a]", "syntax error in pattern '[z-a]': reversed range z-a in a character class"),
        ("[a\\", "syntax error in pattern '[a\\': unterminated character class"),
        ("a\\", "syntax error in pattern 'a\\': the pattern ends with an unescaped '\\'"),
        (
            "[?[]",  # valid for filepath.Match, but "?" expands inside BuildKit's class
            "syntax error in pattern '[?[]': "
            "the regular expression BuildKit makes of it does not compile",
        ),
        ("!", 'illegal exclusion pattern: "!"'),
        ("/!", 'illegal exclusion pattern: "!"'),
        ("!/", 'illegal exclusion pattern: "!"'),
        ("! ", 'illegal exclusion pattern: "!"'),
    ],
)
def test_invalid_patterns_are_problems(line: str, message: str) -> None:
    rules = parse_dockerignore(f"*.go\n{line}\n!main.go\n")
    assert rules.problems == (IgnoreProblem(2, message),)
    # The bad line is left out; the others still apply.
    assert [p.line for p in rules.patterns] == [1, 3]
    assert rules.ignored("a.go") and not rules.ignored("main.go")


def test_escaped_letter_is_read_as_the_letter_and_reported() -> None:
    rules = parse_dockerignore("\\d.txt\n")
    assert rules.ignored("d.txt")
    (problem,) = rules.problems
    assert problem.line == 1
    assert "regular-expression escape for BuildKit" in problem.message


def test_posix_class_is_read_as_characters_and_reported() -> None:
    rules = parse_dockerignore("[[:alpha:]]\n")
    assert rules.ignored("a]")  # BuildKit would match any one letter instead
    (problem,) = rules.problems
    assert "POSIX class" in problem.message


def test_rooted_line_that_cleans_to_a_bang_becomes_an_exclusion() -> None:
    # ReadAll leaves "/!a" as "!a", and New then reads that as an exclusion of "a".
    assert parse_dockerignore("/!a").patterns == (IgnorePattern("a", True, 1),)
    assert parse_dockerignore("/ *").patterns == (IgnorePattern("*", False, 1),)


def test_regular_expressions_are_compiled_on_first_use() -> None:
    rules = parse_dockerignore("*.go\n")
    matcher = rules.patterns[0]._matcher
    assert matcher._regex is None
    assert rules.ignored("a.go")
    assert matcher._regex is not None


def test_importing_the_parsers_imports_neither_docker_nor_hypothesis() -> None:
    code = (
        "import sys\n"
        "import dockerlint_go.model.dockerignore, dockerlint_go.model.gomod\n"
        "assert 'docker' not in sys.modules, 'docker imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# -- may_reinclude_below ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "directory", "expected"),
    [
        ("vendor", "vendor", False),
        ("vendor\n!vendor/modules.txt", "vendor", True),
        ("vendor\n!vendor/modules.txt", "vendor/github.com", False),
        ("*\n!go.mod\n!go.sum", "internal", False),
        ("*\n!go.mod\n!go.sum", "cmd", False),
        ("*\n!cmd/app", "cmd", True),
        ("*\n!cmd/app", "cmd/other", False),
        ("*\n!cmd/app/main.go", "cmd/app", True),
        ("*\n!*/main.go", "cmd", True),
        ("*\n!*/main.go", "cmd/app", False),
        ("*\n!**/*.go", "anything", True),
        ("*\n!**.go", "anything", True),
        ("*\n!cmd**", "cmd", True),
        ("*\n!cmd/**", "cmd", True),
        ("*\n!cmd/**", "pkg", False),
        ("*\n!c[m]d/x", "cmd", True),  # unsure: a class
        ("bin\n!bin/keep\nbin", "bin", False),  # the exception comes before the last "bin"
        ("!bin/keep\nbin", "bin", False),
        ("src", "docs", True),  # not ignored at all: look inside
        ("", ".", True),
    ],
)
def test_may_reinclude_below(text: str, directory: str, expected: bool) -> None:
    assert parse_dockerignore(text).may_reinclude_below(directory) is expected


PATTERN_PARTS = st.sampled_from(["a", "b", ".", "/", "*", "?", "**", "[ab]", "\\*"])
NAME = st.text(alphabet="ab.*", min_size=1, max_size=3).filter(lambda n: n not in {".", ".."})
PATH = st.lists(NAME, min_size=1, max_size=4).map("/".join)
LINE = st.tuples(st.sampled_from(["", "!"]), st.lists(PATTERN_PARTS, min_size=1, max_size=5))


@settings(max_examples=300, deadline=None)
@given(lines=st.lists(LINE, min_size=1, max_size=5), path=PATH)
def test_may_reinclude_below_is_never_wrong_to_skip(
    lines: list[tuple[str, list[str]]], path: str
) -> None:
    """When it says a directory can be skipped, every path below it is indeed ignored."""
    rules = parse_dockerignore("\n".join(bang + "".join(parts) for bang, parts in lines))
    names = path.split("/")
    for depth in range(1, len(names)):
        if not rules.may_reinclude_below("/".join(names[:depth])):
            assert rules.ignored(path)


# -- the Docker SDK as a differential oracle --------------------------------------------------


@pytest.fixture(scope="module")
def sdk() -> ModuleType:
    """docker.utils.build, imported here only: the SDK is slow to import."""
    module: ModuleType = pytest.importorskip("docker.utils.build")
    return module


def sdk_lines(text: str) -> list[str]:
    """The patterns as docker.api.build reads a .dockerignore file: stripped, no blanks or #."""
    return [line.strip() for line in text.splitlines() if line.strip() and line.strip()[0] != "#"]


def sdk_ignores_all_parents(sdk: ModuleType, text: str, path: str) -> bool:
    """The SDK's own patterns and glob translation, tried on the path and all its parents.

    The SDK's PatternMatcher.matches tries only the parent with as many segments as the
    pattern, like BuildKit's deprecated Matches; with "**" that misses parents BuildKit's
    MatchesOrParentMatches finds (see test_sdk_differs_on_parents_of_double_star), so "**"
    patterns are compared through this loop instead.
    """
    patterns = [p for p in (sdk.Pattern(line) for line in sdk_lines(text)) if p.dirs]
    names = path.split("/")
    candidates = [path] + ["/".join(names[:i]) for i in range(1, len(names))]
    matched = False
    for pattern in patterns:
        if any(pattern.match(candidate) for candidate in candidates):
            matched = not pattern.exclusion
    return matched


def go_clean(pattern: str) -> str:
    """The pattern as BuildKit's reader cleans it (through the module's own helper)."""
    from dockerlint_go.model.dockerignore import _clean

    return _clean(pattern)


def agrees_with_buildkit(line: str) -> bool:
    """False for the corners where the SDK reads a line differently from BuildKit."""
    body = line[1:] if line.startswith("!") else line
    cleaned = go_clean(body)
    if cleaned == ".." or cleaned.startswith("../"):
        return False  # the SDK drops leading ".." segments; BuildKit keeps them
    if not line.startswith("!") and cleaned.lstrip("/").startswith("!"):
        return False  # BuildKit turns "/!a" and "./!a" into an exclusion of "a" (or "!": an error)
    stripped = cleaned.lstrip("/")
    if stripped.startswith("**") and stripped[2:3] not in {"", "/"}:
        rest = stripped[2:]
        if not any(c in rest for c in "*?"):
            return False  # BuildKit: a plain suffix ("**a" matches "ba"); SDK: a whole segment
    return True


DIFF_PARTS = st.sampled_from(["a", "b", ".", "/", "*", "?", "!", "**"])
DIFF_LINE = st.lists(DIFF_PARTS, min_size=1, max_size=6).map("".join)
DIFF_NAME = st.text(alphabet="ab.*?!", min_size=1, max_size=3).filter(
    lambda n: n not in {".", ".."}
)
DIFF_PATH = st.lists(DIFF_NAME, min_size=1, max_size=4).map("/".join)


@settings(max_examples=400, deadline=None)
@given(lines=st.lists(DIFF_LINE, min_size=1, max_size=4), paths=st.lists(DIFF_PATH, max_size=6))
def test_differential_against_the_sdk(sdk: ModuleType, lines: list[str], paths: list[str]) -> None:
    assume(all(agrees_with_buildkit(line) for line in lines))
    text = "\n".join(lines)
    rules = parse_dockerignore(text)
    with_double_star = any("**" in line for line in lines)
    matcher = sdk.PatternMatcher(sdk_lines(text))
    for path in paths:
        if with_double_star:
            expected = sdk_ignores_all_parents(sdk, text, path)
        else:
            expected = matcher.matches(path)
        assert rules.ignored(path) is expected, (text, path)


@settings(max_examples=150, deadline=None)
@given(lines=st.lists(DIFF_LINE, min_size=1, max_size=4), paths=st.lists(DIFF_PATH, max_size=6))
def test_differential_paths_derived_from_the_patterns(
    sdk: ModuleType, lines: list[str], paths: list[str]
) -> None:
    """The same, on paths built from the patterns themselves, so that many of them match."""
    assume(all(agrees_with_buildkit(line) for line in lines))
    text = "\n".join(lines)
    rules = parse_dockerignore(text)
    for line in lines:
        for fill in ("a", "ab/b"):
            derived = line.lstrip("!/").replace("**", fill).replace("*", "b").replace("?", "a")
            names = [n for n in derived.split("/") if n not in {"", ".", ".."}]
            if names:
                paths = [*paths, "/".join(names), "/".join([*names, "x"])]
    for path in paths:
        expected = sdk_ignores_all_parents(sdk, text, path)
        assert rules.ignored(path) is expected, (text, path)


# -- where the SDK and BuildKit part ways: BuildKit is followed ---------------------------------


def sdk_answer(sdk: ModuleType, text: str, path: str) -> bool:
    return bool(sdk.PatternMatcher(sdk_lines(text)).matches(path))


def test_sdk_differs_on_parents_of_double_star(sdk: ModuleType) -> None:
    # The SDK checks only the parent with as many segments as the pattern has.
    assert sdk_answer(sdk, "**/vendor", "vendor/a.go") is False
    assert ignored("**/vendor", "vendor/a.go") is True


def test_sdk_differs_on_plain_double_star_suffix(sdk: ModuleType) -> None:
    # The SDK reads "**" as whole directories; BuildKit compares "**" + plain text as a suffix.
    assert sdk_answer(sdk, "**.go", "main.go") is False
    assert ignored("**.go", "main.go") is True
    assert sdk_answer(sdk, "**go", "cargo") is False
    assert ignored("**go", "cargo") is True


def test_sdk_differs_on_leading_dot_dot(sdk: ModuleType) -> None:
    assert sdk_answer(sdk, "../a", "a") is True
    assert ignored("../a", "a") is False


def test_sdk_differs_on_a_bang_left_in_front_by_cleaning(sdk: ModuleType) -> None:
    for line in ("/!a", "./!a"):
        assert sdk_answer(sdk, f"*\n{line}", "a") is True  # the SDK: the name "!a"
        assert ignored(f"*\n{line}", "a") is False  # BuildKit: an exception for "a"


def test_sdk_differs_on_class_negation_with_bang(sdk: ModuleType) -> None:
    assert sdk_answer(sdk, "[!a]", "b") is True  # Python's fnmatch negates with "!"
    assert ignored("[!a]", "b") is False  # Go negates with "^" only


def test_sdk_differs_on_case(sdk: ModuleType) -> None:
    assert sdk_answer(sdk, "README.md", "readme.md") is True  # the SDK lowercases both
    assert ignored("README.md", "readme.md") is False


def test_sdk_differs_on_backslash(sdk: ModuleType) -> None:
    assert sdk_answer(sdk, "\\*", "\\*") is True  # the SDK has no escapes
    assert ignored("\\*", "\\*") is False
    assert ignored("\\*", "*") is True


def test_sdk_differs_on_invalid_exclusion(sdk: ModuleType) -> None:
    # BuildKit rejects "!" and "!/" (the whole build fails); the SDK drops them. Here they are
    # problems and are left out, so the other lines still decide.
    assert sdk_answer(sdk, "*\n!/", "a") is True
    rules = parse_dockerignore("*\n!/")
    assert rules.ignored("a") is True
    assert len(rules.problems) == 1
