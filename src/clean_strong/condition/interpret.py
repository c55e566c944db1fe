"""Evaluation of a condition tree in Python, for the two places that are not decisions.

The engine decides every criterion. Python evaluates conditions only to *prepare* facts (the
``where`` filter of a derived count, applied to each official record) and to *render*
explanations (``{can_bo_total - can_bo_meeting}``). Missing values follow Kleene logic: an
unknown operand makes a comparison unknown (``None``), ``false and unknown`` is false.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Mapping
from enum import Enum
from typing import Any

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
    to_text,
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
                return plain_value(self.lookup(path))
            case Index(table=table, keys=keys):
                cell: object = self.lookup(table.path)
                for key in keys:
                    key_value = plain_value(self.lookup(key.path))
                    if key_value is None or not isinstance(cell, Mapping):
                        return None
                    cell = cell.get(_key(key_value))
                return plain_value(cell)
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
                return kleene_and(self.value(item) for item in items)
            case Or(items=items):
                return kleene_or(self.value(item) for item in items)
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


def kleene_and(values: Iterable[object]) -> bool | None:
    """False as soon as one is false (the rest not evaluated); else unknown if one is."""
    result: bool | None = True
    for value in values:
        if value is False:
            return False
        if value is None:
            result = None
    return result


def kleene_or(values: Iterable[object]) -> bool | None:
    """True as soon as one is true (the rest not evaluated); else unknown if one is."""
    result: bool | None = False
    for value in values:
        if value is True:
            return True
        if value is None:
            result = None
    return result


def plain_value(value: object) -> Value:
    """A looked-up value as the language sees it (a vocabulary word stays a ``str``)."""
    if isinstance(value, Enum):
        return value  # type: ignore[return-value]  # a StrEnum is a str
    if value is None or isinstance(value, (bool, int, float, str)):
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


_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "==": operator.eq,
    "!=": operator.ne,
}


# Kleene truth values as ordered ranks: "and" is min, "or" is max, "not" is TRUE - x
FALSE, UNKNOWN, TRUE = 0, 1, 2
Column = list[Any]
Columns = dict[str, Column]  # a field of every record; the filters add their comparisons
ColumnFilter = Callable[[Columns, int], list[int]]


def compile_filter(
    node: Expr,
    record_fields: Mapping[str, type[Vocabulary] | None],
    constant: Callable[[str], object],
    rating_ranks: Mapping[str, int],
) -> ColumnFilter:
    """A record filter (a derived count's ``where``), built once, applied to all records at once.

    Same semantics as :class:`Interpreter` (Kleene: unknown where a field it reads is
    missing), resolved ahead of time: parameters are constants, vocabulary words compare by
    rank. It runs column-wise: ``columns[field]`` holds that field of every record, each node of
    the tree is one pass over the records (not one call per record), and its values are the
    ranks ``FALSE < UNKNOWN < TRUE``. A comparison's column is kept in ``columns`` under its
    text, so the filters of one document share it (``role != "khong_chuyen_trach"`` is in
    four). Closures, never ``eval``: the tree is walked here, not turned into source code.
    """

    def operand(n: Expr) -> tuple[str | None, object]:
        """``(field, None)`` for a record field, ``(None, value)`` for a constant."""
        match n:
            case Name(path=path) if path in record_fields:
                return path, None
            case Name(path=path):
                return None, constant(path)
            case Number() | String() | Boolean():
                return None, n.value
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

    def test(n: Expr) -> ColumnFilter:
        match n:
            case Compare(op=op, left=left, right=right):
                vocab = vocab_of(left, right)
                ranks: Mapping[str, int] | None = None
                if op not in ("==", "!=") and vocab is not None:
                    ranks = rating_ranks if vocab is Rating else {
                        member.value: i for i, member in enumerate(vocab)}
                field_vocab = record_fields.get(left.path) if isinstance(left, Name) else None
                return _shared(f"({to_text(n)})", _compare_columns(
                    operand(left), operand(right), _COMPARE[op], ranks, field_vocab))
            case And(items=items):
                return _fold(_and2, [test(item) for item in items])
            case Or(items=items):
                return _fold(_or2, [test(item) for item in items])
            case Not(item=item):
                inner = test(item)
                return lambda columns, n: [TRUE - v for v in inner(columns, n)]
            case Name(path=path) if path in record_fields:
                return lambda columns, n: [
                    UNKNOWN if v is None else TRUE if v else FALSE for v in columns[path]]
        raise TypeError(f"not a record filter: {n!r}")

    return test(node)


def _and2(left: list[int], right: list[int]) -> list[int]:
    # min, without a call per record
    return [a if a < b else b for a, b in zip(left, right, strict=True)]


def _or2(left: list[int], right: list[int]) -> list[int]:
    return [a if a > b else b for a, b in zip(left, right, strict=True)]  # max


def _fold(
    combine: Callable[[list[int], list[int]], list[int]], parts: list[ColumnFilter]
) -> ColumnFilter:
    def column(columns: Columns, n: int) -> list[int]:
        out = parts[0](columns, n)
        for part in parts[1:]:
            out = combine(out, part(columns, n))
        return out

    return column


def _shared(key: str, compute: ColumnFilter) -> ColumnFilter:
    """``compute``, its column kept in ``columns[key]`` for the other filters of the document."""

    def column(columns: Columns, n: int) -> list[int]:
        found = columns.get(key)
        if found is None:
            found = columns[key] = compute(columns, n)
        return found

    return column


def _compare_columns(
    left: tuple[str | None, object],
    right: tuple[str | None, object],
    compare: Callable[[object, object], bool],
    ranks: Mapping[str, int] | None,
    vocab: type[Vocabulary] | None,
) -> ColumnFilter:
    """``left OP right`` over the records; vocabulary words compared by their ``ranks``."""

    def rank(value: object) -> object:
        return ranks.get(value) if ranks is not None and isinstance(value, str) else value

    (field, _), (other_field, other_fixed) = left, right
    if field is not None and other_field is None:  # the usual shape: field OP constant
        threshold = rank(other_fixed)
        if threshold is None:  # an unknown threshold leaves every record unknown
            return lambda columns, n: [UNKNOWN] * n
        if vocab is not None:  # a closed vocabulary: each word's outcome, tabled once
            table: dict[object, int] = {None: UNKNOWN}
            for word in vocab:
                ranked = rank(word)
                table[word] = (
                    UNKNOWN if ranked is None else TRUE if compare(ranked, threshold) else FALSE
                )
            return lambda columns, n: list(map(table.__getitem__, columns[field]))
        if ranks is None:
            return lambda columns, n: [
                UNKNOWN if v is None else TRUE if compare(v, threshold) else FALSE
                for v in columns[field]]
        return lambda columns, n: [
            UNKNOWN if (r := ranks.get(v)) is None else TRUE if compare(r, threshold) else FALSE
            for v in columns[field]]

    def column(side: tuple[str | None, object], columns: Columns, n: int) -> Column:
        name, value = side
        return [rank(v) for v in columns[name]] if name is not None else [rank(value)] * n

    return lambda columns, n: [
        UNKNOWN if a is None or b is None else TRUE if compare(a, b) else FALSE
        for a, b in zip(column(left, columns, n), column(right, columns, n), strict=True)]
