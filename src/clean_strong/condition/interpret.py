"""Evaluation of a condition tree in Python, for the two places that are not decisions.

The engine decides every criterion. Python evaluates conditions only to *prepare* facts (the
``where`` filter of a derived count, applied to each official record) and to *render*
explanations (``{can_bo_total - can_bo_meeting}``). Missing values follow Kleene logic: an
unknown operand makes a comparison unknown (``None``), ``false and unknown`` is false.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import Enum

from ..models.vocab import Rating, Vocabulary
from .ast import (
    And,
    Arithmetic,
    Boolean,
    Compare,
    Expr,
    Index,
    Name,
    Negative,
    Not,
    Number,
    Or,
    String,
)

Value = float | int | bool | str | None
Lookup = Callable[[str], object]


class Interpreter:
    """Evaluates trees over values found by ``lookup`` (``None`` meaning missing)."""

    def __init__(self, lookup: Lookup, rating_scale: Mapping[str, int] | None = None) -> None:
        self.lookup = lookup
        self.rating_scale = rating_scale or {}

    def value(self, node: Expr) -> Value:
        match node:
            case Number():
                return node.value
            case String(value=value) | Boolean(value=value):
                return value
            case Name(path=path):
                return _plain(self.lookup(path))
            case Index(table=table, keys=keys):
                cell: object = self.lookup(table.path)
                for key in keys:
                    key_value = _plain(self.lookup(key.path))
                    if key_value is None or not isinstance(cell, Mapping):
                        return None
                    cell = cell.get(_key(key_value))
                return _plain(cell)
            case Negative(operand=operand):
                number = self.value(operand)
                return None if number is None else -_num(number)
            case Arithmetic(op=op, left=left, right=right):
                a, b = self.value(left), self.value(right)
                if a is None or b is None:
                    return None
                return _arith(op, _num(a), _num(b))
            case Compare():
                return self._compare(node)
            case And(items=items):
                result: bool | None = True
                for item in items:
                    v = self.value(item)
                    if v is False:
                        return False
                    if v is None:
                        result = None
                return result
            case Or(items=items):
                found: bool | None = False
                for item in items:
                    v = self.value(item)
                    if v is True:
                        return True
                    if v is None:
                        found = None
                return found
            case Not(item=item):
                v = self.value(item)
                return None if v is None else not v
        raise TypeError(f"not a condition node: {node!r}")

    def _compare(self, node: Compare) -> bool | None:
        a, b = self.value(node.left), self.value(node.right)
        if a is None or b is None:
            return None
        if isinstance(a, str) and isinstance(b, str) and node.op not in ("==", "!="):
            vocab = _vocab_of(self.lookup, node)
            a, b = self._rank(a, vocab), self._rank(b, vocab)
            if a is None or b is None:
                return None
        return _COMPARE[node.op](a, b)

    def _rank(self, word: str, vocab: type[Vocabulary] | None) -> int | None:
        if vocab is Rating or vocab is None:
            return self.rating_scale.get(word)
        return vocab.rank(word)


def _vocab_of(lookup: Lookup, node: Compare) -> type[Vocabulary] | None:
    for side in (node.left, node.right):
        if isinstance(side, Name):
            found = lookup(side.path)
            if isinstance(found, Vocabulary):
                return type(found)
    return None


def _plain(value: object) -> Value:
    if isinstance(value, Enum):
        return value  # type: ignore[return-value]  # a StrEnum is a str
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return None


def _key(value: Value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _num(value: Value) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"not a number: {value!r}")
    return float(value)


def _arith(op: str, a: float, b: float) -> float | None:
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    return a / b if b != 0 else None


_COMPARE: dict[str, Callable[[object, object], bool]] = {
    "<": lambda a, b: a < b,  # type: ignore[operator]
    "<=": lambda a, b: a <= b,  # type: ignore[operator]
    ">": lambda a, b: a > b,  # type: ignore[operator]
    ">=": lambda a, b: a >= b,  # type: ignore[operator]
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
}


Predicate = Callable[[object], "bool | None"]


def compile_filter(
    node: Expr,
    record_fields: Mapping[str, type[Vocabulary] | None],
    constant: Callable[[str], object],
    rating_ranks: Mapping[str, int],
) -> Predicate:
    """A record filter (a derived count's ``where``) as a Python closure, built once.

    Same semantics as :class:`Interpreter`, resolved ahead of time: record fields are read with
    ``getattr``, parameters are constants, vocabulary words compare by rank. Closures, never
    ``eval``: the tree is walked here, not turned into source code.
    """

    def value(n: Expr) -> Callable[[object], object]:
        match n:
            case Name(path=path) if path in record_fields:
                return lambda record: getattr(record, path)
            case Name(path=path):
                fixed = constant(path)
                return lambda record: fixed
            case Number() | String() | Boolean():
                fixed = n.value
                return lambda record: fixed
        raise TypeError(f"cannot filter records on {n!r}")

    def vocab_of(*sides: Expr) -> type[Vocabulary] | None:
        for side in sides:
            if isinstance(side, Name):
                vocab = record_fields.get(side.path)
                if vocab is not None:
                    return vocab
                found = constant(side.path) if side.path not in record_fields else None
                if isinstance(found, Vocabulary):
                    return type(found)
        return None

    def test(n: Expr) -> Predicate:
        match n:
            case Compare(op=op, left=left, right=right):
                get_a, get_b, compare = value(left), value(right), _COMPARE[op]
                vocab = vocab_of(left, right)
                if op in ("==", "!=") or vocab is None:
                    def plain(record: object) -> bool | None:
                        a, b = get_a(record), get_b(record)
                        return None if a is None or b is None else compare(a, b)
                    return plain
                ranks = rating_ranks if vocab is Rating else {
                    member.value: i for i, member in enumerate(vocab)}

                def ranked(record: object) -> bool | None:
                    a, b = get_a(record), get_b(record)
                    if a is None or b is None:
                        return None
                    ra, rb = ranks.get(a), ranks.get(b)  # type: ignore[call-overload]
                    return None if ra is None or rb is None else compare(ra, rb)
                return ranked
            case And(items=items):
                parts = [test(item) for item in items]

                def conjunction(record: object) -> bool | None:
                    result: bool | None = True
                    for part in parts:
                        v = part(record)
                        if v is False:
                            return False
                        if v is None:
                            result = None
                    return result
                return conjunction
            case Or(items=items):
                parts = [test(item) for item in items]

                def disjunction(record: object) -> bool | None:
                    result: bool | None = False
                    for part in parts:
                        v = part(record)
                        if v is True:
                            return True
                        if v is None:
                            result = None
                    return result
                return disjunction
            case Not(item=item):
                inner = test(item)

                def negation(record: object) -> bool | None:
                    v = inner(record)
                    return None if v is None else not v
                return negation
            case Name(path=path) if path in record_fields:
                return lambda record: getattr(record, path)
        raise TypeError(f"not a record filter: {n!r}")

    return test(node)
