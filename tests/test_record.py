"""Records behave as frozen, slotted dataclasses do, for everything the package relies on."""

from __future__ import annotations

import copy
import pickle
from typing import ClassVar

import pytest

from dockerlint_go.record import Record, field, fields, replace


class Point(Record, order=True):
    line: int
    column: int = 1


class Named(Record):
    name: str
    tags: tuple[str, ...] = ()
    KIND: ClassVar[str] = "named"


class Other(Record):
    name: str
    tags: tuple[str, ...] = ()


class Accumulator(Record, frozen=False):
    items: list[int] = field(default_factory=list)
    count: int = 0


def test_fields_defaults_and_repr() -> None:
    assert fields(Point) == ("line", "column")
    assert Point(3) == Point(line=3, column=1)
    assert repr(Point(3, 4)) == "Point(line=3, column=4)"
    assert fields(Named) == ("name", "tags")  # a ClassVar is not a field
    assert Named.KIND == "named"
    assert Named.__match_args__ == ("name", "tags")


def test_instances_are_immutable_and_slotted() -> None:
    point = Point(1)
    with pytest.raises(AttributeError, match="cannot assign"):
        point.line = 2  # type: ignore[misc]
    with pytest.raises(AttributeError, match="cannot delete"):
        del point.line
    with pytest.raises(AttributeError, match="cannot assign"):
        point.extra = 1  # type: ignore[attr-defined]
    assert not hasattr(point, "__weakref__")


def test_equality_and_hash_follow_the_fields_and_the_class() -> None:
    assert Named("a") == Named("a", ())
    assert hash(Named("a")) == hash(Named("a", ()))
    assert Named("a") != Named("b")
    assert Named("a") != Other("a")  # same fields, another class
    assert Named("a") != ("a", ())
    assert len({Named("a"), Named("a"), Other("a")}) == 2


def test_order_only_when_asked() -> None:
    assert sorted([Point(2, 1), Point(1, 5), Point(1, 2)]) == [Point(1, 2), Point(1, 5), Point(2)]
    assert Point(1) <= Point(1) < Point(1, 2)
    with pytest.raises(TypeError):
        _ = Named("a") < Named("b")  # type: ignore[operator]
    with pytest.raises(TypeError):
        _ = Point(1) < Other("a")  # type: ignore[operator]


def test_a_mutable_record_gets_fresh_factory_defaults_and_no_hash() -> None:
    first, second = Accumulator(), Accumulator()
    first.items.append(1)
    first.count = 1
    assert (first.items, second.items, first.count) == ([1], [], 1)
    with pytest.raises(TypeError):
        hash(first)


def test_replace_makes_a_changed_copy() -> None:
    point = Point(1, 2)
    assert replace(point, column=9) == Point(1, 9)
    assert point == Point(1, 2)
    with pytest.raises(TypeError, match="no field 'col'"):
        replace(point, col=9)


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        ((), {}, "missing argument 'line'"),
        ((1, 2, 3), {}, "takes 2 arguments, 3 given"),
        ((1,), {"colum": 2}, "unexpected argument 'colum'"),
        ((1,), {"line": 2}, "got 'line' twice"),
    ],
)
def test_wrong_arguments_are_type_errors(
    args: tuple[object, ...], kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(TypeError, match=message):
        Point(*args, **kwargs)


def test_pickle_and_copy_round_trip() -> None:
    for value in (Point(1, 2), Named("a", ("x",)), Accumulator([1], 2)):
        assert pickle.loads(pickle.dumps(value)) == value
        assert copy.copy(value) == value
        assert copy.deepcopy(value) == value


def test_class_definitions_that_dataclasses_reject_are_rejected() -> None:
    with pytest.raises(TypeError, match="has no default but follows one"):

        class Bad(Record):
            first: int = 0
            second: int

    with pytest.raises(TypeError, match="cannot extend"):

        class Extended(Point):
            extra: int = 0
