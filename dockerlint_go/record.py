"""Value classes that are cheap to define: the model's replacement for frozen dataclasses.

The plain lint path defines about ninety small value classes on every run. ``dataclasses``
costs about 14 ms to import (it brings ``inspect``, ``ast``, ``dis`` and ``tokenize``) and about
0.5 ms per class, because it compiles half a dozen methods for each one; together that was more
than half of a single-file run. A :class:`Record` subclass is made by one metaclass call (about
10 µs) and nothing is compiled: the methods below are shared by every record and read the
class's field list.

A record behaves like a ``@dataclass(frozen=True)``: fields are the annotated class attributes in
order, a value after the annotation is the default, ``field(default_factory=…)``
gives a fresh default per instance; instances are immutable, compare equal field by field when
their classes are the same, hash by their fields and print as ``Name(field=value, …)``.
``class Span(Record, order=True)`` adds ``<``/``<=``/``>``/``>=`` on the field tuple;
``class Acc(Record, frozen=False)`` is a mutable accumulator (assignable, not hashable).
:func:`replace` is ``dataclasses.replace``. Type checkers see all of this through
``dataclass_transform`` (PEP 681), so ``mypy --strict`` checks constructor calls as it does for
dataclasses. Records pickle (``--jobs`` sends results between processes). The field values live
in the instance dict (see ``Record.__slots__``), which also lets a record cache a derived
value with ``functools.cached_property``.

Not supported, because nothing here needs it: inheritance between records with fields,
``__post_init__``, ``init=False`` fields, keyword-only fields.
"""

from __future__ import annotations

import operator

from dockerlint_go import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, ClassVar, TypeVar, dataclass_transform

    _T = TypeVar("_T")
    _R = TypeVar("_R", bound="Record")
else:

    def dataclass_transform(**_options: object) -> object:
        return lambda decorated: decorated


class _Factory:
    """The default of a field declared with ``field(default_factory=…)``."""

    __slots__ = ("make",)

    def __init__(self, make: Callable[[], object]) -> None:
        self.make = make


def field(*, default_factory: Callable[[], _T]) -> _T:
    """A field whose default is ``default_factory()``, called for each new instance."""
    return _Factory(default_factory)  # type: ignore[return-value]


def _getter(fields: tuple[str, ...]) -> Callable[[object], tuple[object, ...]]:
    """A function from a record to the tuple of its field values (C speed, no loop)."""
    if len(fields) > 1:
        return operator.attrgetter(*fields)
    if fields:
        single = operator.attrgetter(fields[0])
        return lambda record: (single(record),)
    return lambda record: ()


def _class_var(annotation: object) -> bool:
    text = annotation if isinstance(annotation, str) else getattr(annotation, "__name__", "")
    return text.startswith(("ClassVar", "typing.ClassVar"))


def _ordering(compare: Callable[[tuple[object, ...], tuple[object, ...]], bool]) -> object:
    def method(self: Record, other: object) -> object:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return compare(self._values(self), self._values(other))

    return method


_ORDERING = {
    "__lt__": _ordering(operator.lt),
    "__le__": _ordering(operator.le),
    "__gt__": _ordering(operator.gt),
    "__ge__": _ordering(operator.ge),
}


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
class _RecordMeta(type):
    """Turns the annotations of a class body into slots, a field list and defaults."""

    def __new__(
        mcls,
        name: str,
        bases: tuple[type, ...],
        namespace: dict[str, Any],
        *,
        frozen: bool = True,
        order: bool = False,
    ) -> _RecordMeta:
        annotations = namespace.get("__annotations__", {})
        fields = tuple(key for key, value in annotations.items() if not _class_var(value))
        defaults: dict[str, object] = {}
        for key in fields:
            if key in namespace:
                defaults[key] = namespace.pop(key)
            elif defaults:
                message = f"{name}: field {key!r} has no default but follows one that has"
                raise TypeError(message)
        for base in bases:
            if getattr(base, "_fields", ()):
                raise TypeError(f"{name}: a record cannot extend {base.__name__}, which has fields")
        namespace.setdefault("__slots__", ())  # only Record's own ``__dict__`` slot
        namespace["__match_args__"] = fields
        if not frozen:
            namespace["__setattr__"] = object.__setattr__
            namespace["__delattr__"] = object.__delattr__
            namespace["__hash__"] = None
        if order:
            namespace.update(_ORDERING)
        namespace["_fields"] = fields
        namespace["_defaults"] = defaults
        factories = tuple(key for key, value in defaults.items() if type(value) is _Factory)
        namespace["_plan"] = (frozenset(fields), defaults, factories)  # for __init__
        namespace["_values"] = staticmethod(_getter(fields))
        return super().__new__(mcls, name, bases, namespace)


class Record(metaclass=_RecordMeta):
    """Base class of the value classes; see the module's docs."""

    # Field values live in the instance dict, filled by one ``dict.update`` call: faster than
    # one ``object.__setattr__`` per slot (0.7 µs against 1.6 µs to make a record of eight
    # fields; a frozen dataclass takes 1.0 µs). No ``__weakref__`` slot.
    __slots__ = ("__dict__",)
    if TYPE_CHECKING:
        _fields: ClassVar[tuple[str, ...]]
        _defaults: ClassVar[dict[str, object]]
        _plan: ClassVar[tuple[frozenset[str], dict[str, object], tuple[str, ...]]]

        @staticmethod
        def _values(record: object, /) -> tuple[object, ...]: ...

    def __init__(self, *args: object, **kwargs: object) -> None:
        fields = self._fields
        values = self.__dict__
        if not kwargs:
            if len(args) == len(fields):
                values.update(zip(fields, args, strict=True))  # every field, in order
                return
        elif args and not kwargs.keys().isdisjoint(fields[: len(args)]):
            raise _argument_error(type(self), args, kwargs)
        keys, defaults, factories = self._plan
        if len(args) > len(fields) or not kwargs.keys() <= keys:
            raise _argument_error(type(self), args, kwargs)
        if len(args) + len(kwargs) < len(fields):
            values.update(defaults)
        values.update(zip(fields, args, strict=False))
        values.update(kwargs)
        if len(values) != len(fields):
            missing = next(key for key in fields if key not in values)
            raise TypeError(f"{type(self).__name__}() missing argument {missing!r}")
        for key in factories:
            default = values[key]
            if type(default) is _Factory:
                values[key] = default.make()

    def __setattr__(self, key: str, value: object) -> None:
        raise AttributeError(f"cannot assign to field {key!r} of a {type(self).__name__}")

    def __delattr__(self, key: str) -> None:
        raise AttributeError(f"cannot delete field {key!r} of a {type(self).__name__}")

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values(self) == self._values(other)

    def __hash__(self) -> int:
        return hash(self._values(self))

    def __repr__(self) -> str:
        shown = ", ".join(f"{key}={getattr(self, key)!r}" for key in self._fields)
        return f"{type(self).__qualname__}({shown})"

    def __reduce__(self) -> tuple[type[Record], tuple[object, ...]]:
        return (type(self), self._values(self))


def _argument_error(
    cls: type[Record], args: tuple[object, ...], kwargs: dict[str, object]
) -> TypeError:
    fields = cls._fields
    if len(args) > len(fields):
        return TypeError(f"{cls.__name__}() takes {len(fields)} arguments, {len(args)} given")
    for key in kwargs:
        if key not in fields:
            return TypeError(f"{cls.__name__}() got an unexpected argument {key!r}")
    twice = next(key for key in fields[: len(args)] if key in kwargs)
    return TypeError(f"{cls.__name__}() got {twice!r} twice")


def replace(record: _R, /, **changes: object) -> _R:
    """A copy of ``record`` with the named fields changed (``dataclasses.replace``)."""
    values = {key: getattr(record, key) for key in record._fields}
    for key in changes:
        if key not in values:
            raise TypeError(f"{type(record).__name__} has no field {key!r}")
    values.update(changes)
    return type(record)(**values)


def fields(record: Record | type[Record]) -> tuple[str, ...]:
    """The names of a record's fields, in order."""
    return record._fields
