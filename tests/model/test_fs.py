"""The ownership facts: lookups, snapshots that never change, and paths of any shape.

The indexed ``FileSystem`` is held to a reference that does what the original did (scan every
fact, newest first, with ``PathFact.covers``), over random histories that also branch from old
snapshots, as two stages built FROM one stage do.
"""

from __future__ import annotations

import posixpath
import signal
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dockerlint_go.model.fs import FileSystem, Origin, PathFact, Scope, normalize


def fact(path: str, scope: Scope = Scope.SELF, owner: str = "root", line: int = 1) -> PathFact:
    return PathFact(path, owner, 0o755, scope, Origin.MKDIR, line)


@contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """Fail instead of hanging (the old ``nearest`` looped forever on a relative path)."""

    def expire(signum: int, frame: object) -> None:
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


# ------------------------------------------------------------------- the reference


class Reference:
    """What FileSystem answered before it was indexed: a scan of every fact, newest first."""

    def __init__(self, facts: tuple[PathFact, ...] = ()) -> None:
        self.facts = facts

    def add(self, *facts: PathFact) -> Reference:
        return Reference(self.facts + facts)

    def fact_for(self, path: str) -> PathFact | None:
        for each in reversed(self.facts):
            if each.covers(path):
                return each
        return None

    def nearest(self, path: str) -> tuple[str, PathFact] | None:
        # The original loop, with the stop at a fixed point of dirname that it lacked.
        current = path
        while True:
            found = self.fact_for(current)
            if found is not None:
                return current, found
            parent = posixpath.dirname(current)
            if parent == current:
                return None
            current = parent

    def exists(self, path: str) -> bool | None:
        if self.fact_for(path) is not None:
            return True
        return None if self.nearest(path) is None else False


# Few names, so that paths collide and nest; odd shapes included (relative, empty, doubled and
# trailing slashes) since nothing stops a caller from asking about them.
_NORMAL = st.lists(st.sampled_from(["a", "b", "go", "pkg"]), max_size=4).map(
    lambda parts: "/" + "/".join(parts)
)
_ODD = st.sampled_from(["", ".", "a", "a/b", "go/pkg/mod", "//", "//a", "/a/", "/a//b", "/a/./b"])
_PATHS = st.one_of(_NORMAL, _NORMAL, _NORMAL, _ODD)
_FACTS = st.builds(
    fact,
    _PATHS,
    st.sampled_from(list(Scope)),
    st.sampled_from(["root", "app"]),
    st.integers(1, 99),
)
# An operation adds facts to one of the snapshots taken so far (its index modulo their number).
_OPERATIONS = st.lists(
    st.tuples(st.integers(0, 50), st.lists(_FACTS, min_size=0, max_size=3)), max_size=25
)


@settings(max_examples=300, deadline=None)
@given(_OPERATIONS, st.lists(_PATHS, min_size=1, max_size=8))
def test_answers_like_a_scan_of_every_fact_in_every_snapshot(operations, queries):
    snapshots: list[tuple[FileSystem, Reference]] = [(FileSystem(), Reference())]
    answers: list[list[object]] = []

    def answer(fs: FileSystem) -> list[object]:
        return [(fs.fact_for(q), fs.nearest(q), fs.exists(q)) for q in queries]

    with time_limit(10):
        for pick, facts in operations:
            fs, ref = snapshots[pick % len(snapshots)]
            snapshots.append((fs.add(*facts), ref.add(*facts)))
        for fs, ref in snapshots:
            assert fs.facts == ref.facts
            expected = [(ref.fact_for(q), ref.nearest(q), ref.exists(q)) for q in queries]
            assert answer(fs) == expected
            answers.append(answer(fs))
        # Asking again after everything else was built changes nothing.
        assert [answer(fs) for fs, _ in snapshots] == answers


# ----------------------------------------------------------------- fact_for, nearest


def test_latest_covering_fact_wins():
    fs = FileSystem((fact("/go", Scope.TREE, "root", 1),))
    fs = fs.add(fact("/go/pkg", Scope.SELF, "app", 2))
    assert fs.fact_for("/go/pkg").line == 2
    assert fs.fact_for("/go/pkg/mod").line == 1  # SELF does not reach below
    fs = fs.add(fact("/go", Scope.CONTENTS, "app", 3))
    assert fs.fact_for("/go").line == 1  # CONTENTS does not reach the path itself
    assert fs.fact_for("/go/pkg").line == 3
    assert fs.fact_for("/go/pkg/mod").line == 3
    assert fs.fact_for("/gopath") is None  # a sibling sharing a prefix is not below


def test_a_root_tree_fact_covers_everything_but_a_self_fact_only_root():
    fs = FileSystem((fact("/", Scope.SELF),))
    assert fs.fact_for("/") is not None
    assert fs.fact_for("/etc") is None
    assert fs.nearest("/etc/passwd") == ("/", fs.facts[0])
    tree = fs.add(fact("/", Scope.TREE, line=2))
    assert tree.fact_for("/etc/passwd").line == 2


def test_exists_and_nearest():
    fs = FileSystem((fact("/go", Scope.SELF), fact("/go/pkg", Scope.SELF, line=2)))
    assert fs.exists("/go/pkg") is True
    assert fs.exists("/go/pkg/mod") is False  # below a known directory, never created
    assert fs.nearest("/go/pkg/mod/cache") == ("/go/pkg", fs.facts[1])
    assert fs.exists("/srv/app") is None  # nothing known on the way up
    assert fs.nearest("/srv/app") is None


@pytest.mark.parametrize("path", ["go/pkg/mod", "go", "", ".", "//", "//go/pkg", "./x/../y"])
def test_nearest_terminates_for_any_path(path):
    fs = FileSystem((fact("/go", Scope.SELF), fact("/go/pkg/mod", Scope.TREE, line=2)))
    with time_limit(5):
        assert fs.nearest(path) == Reference(fs.facts).nearest(path)
        assert fs.exists(path) == Reference(fs.facts).exists(path)
        assert FileSystem().nearest(path) is None


def test_a_relative_path_is_covered_only_by_a_tree_at_root():
    # is_below(path, "/") holds for any path but "/": a relative one included.
    fs = FileSystem((fact("/", Scope.TREE),))
    assert fs.nearest("go/pkg/mod") == ("go/pkg/mod", fs.facts[0])


@pytest.mark.parametrize(
    ("path", "cwd", "expected"),
    [
        ("src", "/app", "/app/src"),
        ("/abs/../x", "/app", "/x"),
        ("src", "go", "/go/src"),  # a relative cwd is taken from /
        ("", "", "/"),
        (".", "/", "/"),
        ("//srv//x/", "/", "/srv/x"),
    ],
)
def test_normalize_is_always_absolute(path, cwd, expected):
    assert normalize(path, cwd) == expected


# ------------------------------------------------------------------------ snapshots


def test_adding_never_changes_an_earlier_snapshot():
    base = FileSystem((fact("/go", Scope.SELF),))
    first = base.add(fact("/go/pkg", Scope.SELF, line=2))
    second = first.add(fact("/go", Scope.TREE, "app", 3))
    assert base.fact_for("/go/pkg") is None
    assert first.fact_for("/go").owner == "root"
    assert second.fact_for("/go/pkg").owner == "app"
    assert [len(fs.facts) for fs in (base, first, second)] == [1, 2, 3]


def test_two_branches_from_one_snapshot_do_not_see_each_other():
    # Two stages built FROM the same stage: both continue from its final file system.
    parent = FileSystem((fact("/go", Scope.SELF),)).add(fact("/src", Scope.SELF, line=2))
    left = parent.add(fact("/src", Scope.TREE, "alice", 3))
    right = parent.add(fact("/src", Scope.TREE, "bob", 3))
    left_more = left.add(fact("/go", Scope.TREE, "alice", 4))
    right_more = right.add(fact("/go/bin", Scope.SELF, "bob", 4))
    assert parent.fact_for("/src/x") is None
    assert left.fact_for("/src/x").owner == "alice"
    assert right.fact_for("/src/x").owner == "bob"
    assert left_more.fact_for("/go/bin").owner == "alice"
    assert right_more.fact_for("/go/bin").owner == "bob"
    assert right_more.fact_for("/go").owner == "root"
    assert left_more.facts[:2] == right_more.facts[:2] == parent.facts


def test_adding_to_the_latest_snapshot_shares_its_storage():
    # What makes a long fold linear: the tip is extended, not copied.
    fs = FileSystem()
    snapshots = [fs]
    for line in range(1, 200):
        fs = fs.add(fact(f"/x/{line}", Scope.TREE, line=line))
        snapshots.append(fs)
    assert {id(s._log) for s in snapshots} == {id(fs._log)}
    assert snapshots[100].fact_for("/x/150/a") is None
    assert snapshots[151].fact_for("/x/150/a").line == 150


def test_value_semantics():
    facts = (fact("/go", Scope.SELF), fact("/go/pkg", Scope.TREE, line=2))
    built = FileSystem(facts[:1]).add(facts[1])
    assert built == FileSystem(facts) == FileSystem(facts=facts)
    assert hash(built) == hash(FileSystem(facts))
    assert built != FileSystem(facts[:1])
    assert built.add() is built
    assert repr(FileSystem(facts[:1])) == f"FileSystem(facts={facts[:1]!r})"
    with pytest.raises(AttributeError):
        built._size = 0  # type: ignore[misc]
