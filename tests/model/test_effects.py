"""What chown, chmod and mkdir in a RUN do to the ownership facts."""

from __future__ import annotations

import posixpath
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from dockerlint_go.model.effects import command_facts
from dockerlint_go.model.fs import FileSystem, Origin, PathFact, Scope, normalize
from dockerlint_go.model.shell import Command


def run(*argv: str) -> Command:
    return Command(argv=argv, env=(), user=None, cwd=None, line=0)


def made(facts: tuple[PathFact, ...]) -> list[str]:
    return [fact.path for fact in facts if fact.origin is Origin.MKDIR]


IMAGE = FileSystem(
    (
        PathFact("/", "root", 0o755, Scope.SELF, Origin.IMAGE, 0),
        PathFact("/go", "root", 0o777, Scope.SELF, Origin.IMAGE, 0),
    )
)


def test_mkdir_p_creates_the_missing_parents_deepest_first():
    facts = command_facts(run("mkdir", "-p", "/go/pkg/mod/cache"), "app", "/", 3, IMAGE)
    assert made(facts) == ["/go/pkg/mod/cache", "/go/pkg/mod", "/go/pkg"]
    assert {(f.owner, f.line, f.scope) for f in facts} == {("app", 3, Scope.SELF)}


def test_mkdir_p_under_an_unknown_directory_only_records_the_path():
    facts = command_facts(run("mkdir", "-p", "src/a"), "app", "/work", 1, FileSystem())
    assert made(facts) == ["/work/src/a"]


def test_mkdir_p_of_a_very_deep_path_is_fast():
    deep = "/go/" + "/".join(["a"] * 2000)
    start = time.perf_counter()
    facts = command_facts(run("mkdir", "-p", deep), "app", "/", 1, IMAGE)
    assert time.perf_counter() - start < 1.0  # quadratic in the depth took seconds
    assert len(facts) == 2000
    assert facts[0].path == deep
    assert facts[-1].path == "/go/a"


# The loop mkdir used before its parents were found with one lookup: one ``exists`` per parent.
def reference_mkdir(argv: tuple[str, ...], owner: str, cwd: str, fs: FileSystem) -> list[str]:
    parents = "-p" in argv
    out: list[str] = []
    made_here: set[str] = set()
    for arg in argv[1:]:
        if arg.startswith("-"):
            continue
        path = normalize(arg, cwd)
        chain = [path]
        if parents:
            parent = posixpath.dirname(path)
            while parent != "/" and fs.exists(parent) is False and parent not in made_here:
                chain.append(parent)
                parent = posixpath.dirname(parent)
        for each in chain:
            if fs.exists(each) is not True and each not in made_here:
                made_here.add(each)
                out.append(each)
    return out


_NAMES = st.sampled_from(["a", "b", "go", "..", "."])
_PATHS = st.lists(_NAMES, min_size=0, max_size=5).map(lambda parts: "/" + "/".join(parts))
_RELATIVE = st.lists(_NAMES, min_size=1, max_size=4).map("/".join)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(_PATHS, st.sampled_from(list(Scope))), max_size=6),
    st.lists(st.one_of(_PATHS, _RELATIVE), min_size=1, max_size=4),
    st.booleans(),
    st.sampled_from(["/", "/go", "/a/b", "relative"]),
)
def test_mkdir_makes_what_one_lookup_per_parent_made(known, dirs, parents, cwd):
    fs = FileSystem(PathFact(normalize(p), "root", 0o755, s, Origin.IMAGE, 0) for p, s in known)
    argv = ("mkdir", *(["-p"] if parents else []), *dirs)
    assert made(command_facts(run(*argv), "app", cwd, 1, fs)) == reference_mkdir(
        argv, "app", cwd, fs
    )
