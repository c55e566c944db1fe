"""What the condition language means, written once: three-valued (Kleene) evaluation.

The engine decides every criterion (``engine/compiler.py`` translates conditions into its
patterns, apart). Python evaluates conditions for three jobs that are not decisions: to
*prepare* facts (the ``where`` filter of a derived count, over all official records), to
*render* explanations (``{can_bo_total - can_bo_meeting}``) and to *search* counterfactuals.
All three use the definitions here, so a change of meaning is one edit:

- truth values are ``True``, ``False`` and ``None`` (unknown); a missing value is unknown, never
  0 or false; ``and``/``or``/``not`` are the Kleene tables :data:`AND`, :data:`OR`, :data:`NOT`;
- a comparison is a :class:`Comparison`: numbers as they are, vocabulary words by rank for
  ``<``/``>=``… (:func:`word_ranks`: ratings on the scale in force, other ordinal vocabularies
  by declaration order), words as text for ``==``/``!=``; unknown if either side is, or if a
  word has no rank on the scale in force;
- arithmetic on an unknown value, and division by zero, is unknown;
- a value known only between bounds (:class:`Bounds`, a count some records leave open) decides
  a comparison when both ends agree (each bounded name set to its low and high end).

:class:`Evaluator` walks a tree over values found by a lookup; :func:`compile_filter` builds
the column-wise record filter of a derived count from the same comparisons and tables.
"""

from __future__ import annotations

import functools
import itertools
import operator
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import cast

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
    names,
    to_text,
)

Value = float | int | bool | str | None
Truth = bool | None
Lookup = Callable[[str], object]


@dataclass(frozen=True)
class Bounds:
    """A count known only between two values (some records unknown): shown as "1–2"."""

    lo: int
    hi: int


# -- connectives -------------------------------------------------------------------------
# Truth values as ranks FALSE < UNKNOWN < TRUE: "and" is the lower, "or" the higher, "not"
# the mirror. The tables are the one definition; the tree and the record filter read them.

FALSE, UNKNOWN, TRUE = 0, 1, 2
TRUTHS: tuple[Truth, Truth, Truth] = (False, None, True)  # a rank's truth value
RANK: dict[Truth, int] = {False: FALSE, None: UNKNOWN, True: TRUE}  # a truth value's rank
AND = tuple(tuple(min(a, b) for b in range(3)) for a in range(3))
OR = tuple(tuple(max(a, b) for b in range(3)) for a in range(3))
NOT = tuple(TRUE - a for a in range(3))


def rank(value: object) -> int:
    """A value's truth rank: anything but ``True`` or ``False`` is unknown."""
    return TRUE if value is True else FALSE if value is False else UNKNOWN


def kleene_and(values: Iterable[object]) -> Truth:
    """``and`` of the values; false as soon as one is (the rest not evaluated: FALSE absorbs)."""
    result = TRUE
    for value in values:
        result = AND[result][rank(value)]
        if result == FALSE:
            break
    return TRUTHS[result]


def kleene_or(values: Iterable[object]) -> Truth:
    """``or`` of the values; true as soon as one is (the rest not evaluated: TRUE absorbs)."""
    result = FALSE
    for value in values:
        result = OR[result][rank(value)]
        if result == TRUE:
            break
    return TRUTHS[result]


def kleene_not(value: object) -> Truth:
    return TRUTHS[NOT[rank(value)]]


# -- comparisons -------------------------------------------------------------------------

COMPARE = cast("dict[str, Callable[[object, object], bool]]", {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "==": operator.eq,
    "!=": operator.ne,
})
EQUALITY = frozenset({"==", "!="})


def word_ranks(
    vocab: type[Vocabulary] | None, rating_ranks: Mapping[str, int]
) -> Mapping[str, int]:
    """How words order: ratings (or words of no known vocabulary) on the dated scale in force,
    where words of one level rank equal; any other vocabulary by declaration order."""
    if vocab is None or vocab is Rating:
        return rating_ranks
    return _declared(vocab)


@functools.cache
def _declared(vocab: type[Vocabulary]) -> dict[str, int]:
    return {member.value: i for i, member in enumerate(vocab)}


@dataclass(frozen=True, slots=True)
class Comparison:
    """``a OP b`` on two values: what each side compares as (:meth:`key`), then ``test``."""

    test: Callable[[object, object], bool]
    ranks: Mapping[str, int] | None  # words compare by these ranks (``<``, ``>=``…), or as text

    def key(self, value: object) -> object:
        """What a value compares as: a word its rank (``None``: not on the scale in force),
        anything else itself."""
        if self.ranks is not None and isinstance(value, str):
            return self.ranks.get(value)
        return value

    def __call__(self, a: object, b: object) -> Truth:
        a, b = self.key(a), self.key(b)
        if a is None or b is None:
            return None
        return self.test(a, b)


def comparison(
    op: str, vocab: type[Vocabulary] | None, rating_ranks: Mapping[str, int]
) -> Comparison:
    """The meaning of ``OP`` between values of ``vocab`` (``None``: numbers, booleans, text)."""
    return Comparison(COMPARE[op], None if op in EQUALITY else word_ranks(vocab, rating_ranks))


# -- values ------------------------------------------------------------------------------


def plain_value(value: object) -> Value | Bounds:
    """A looked-up value as the language sees it (a vocabulary word stays a ``str``, bounds
    stay :class:`Bounds`); anything else (a table, a list) is no value."""
    if isinstance(value, Enum):
        return value  # type: ignore[return-value]  # a StrEnum is a str
    if value is None or isinstance(value, (bool, int, float, str, Bounds)):
        return value
    return None


def _key(value: object) -> str:
    """A table key as written in the parameter file."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _num(value: object) -> float:
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


def _known(value: object) -> bool:
    return value is not None and value.__class__ is not Bounds


class Evaluator:
    """Evaluates trees over the values ``lookup`` finds (``None``: missing; :class:`Bounds`:
    known only between two values), comparing ratings on ``rating_ranks``."""

    def __init__(self, lookup: Lookup, rating_ranks: Mapping[str, int] | None = None) -> None:
        self.lookup = lookup
        self.rating_ranks: Mapping[str, int] = rating_ranks or {}

    def value(self, node: Expr) -> Value | Bounds:
        return _VALUE[node.__class__](self, node)

    def truth(self, node: Expr) -> Truth:
        """The truth of a condition: anything but true or false is unknown."""
        value = self.value(node)
        return value if value is True or value is False else None

    def _name(self, node: Name) -> Value | Bounds:
        return plain_value(self.lookup(node.path))

    def _index(self, node: Index) -> Value | Bounds:
        cell: object = self.lookup(node.table.path)
        for key in node.keys:
            key_value = plain_value(self.lookup(key.path))
            if not _known(key_value) or not isinstance(cell, Mapping):
                return None
            cell = cell.get(_key(key_value))
        return plain_value(cell)

    def _negative(self, node: Negative) -> Value:
        number = self.value(node.operand)
        return -_num(number) if _known(number) else None

    def _arithmetic(self, node: Arithmetic) -> Value:
        a, b = self.value(node.left), self.value(node.right)
        if not _known(a) or not _known(b):
            return None
        return _arith(node.op, _num(a), _num(b))

    def _compare(self, node: Compare) -> Truth:
        a, b = self.value(node.left), self.value(node.right)
        if not _known(a) or not _known(b):
            return self._between(node)
        vocab = self._vocab(node) if node.op not in EQUALITY and isinstance(a, str) else None
        return comparison(node.op, vocab, self.rating_ranks)(a, b)

    def _between(self, node: Compare) -> Truth:
        """A comparison reading a value known only between bounds: decided when both ends
        agree, every such name at its low or high end (unknown otherwise, or if none)."""
        bounded: dict[str, Bounds] = {}
        for path in dict.fromkeys(n.path for n in names(node)):
            found = self.lookup(path)
            if found.__class__ is Bounds:
                bounded[path] = found
        if not bounded:
            return None
        seen = {
            Evaluator(_overlay(dict(zip(bounded, corner, strict=True)), self.lookup),
                      self.rating_ranks)._compare(node)
            for corner in itertools.product(*((b.lo, b.hi) for b in bounded.values()))
        }
        return seen.pop() if len(seen) == 1 else None

    def _vocab(self, node: Compare) -> type[Vocabulary] | None:
        """The vocabulary of a comparison of words: that of the first side naming one."""
        for side in (node.left, node.right):
            if isinstance(side, Name):
                found = self.lookup(side.path)
                if isinstance(found, Vocabulary):
                    return type(found)
        return None

    def _and(self, node: And) -> Truth:
        return kleene_and(self.value(item) for item in node.items)

    def _or(self, node: Or) -> Truth:
        return kleene_or(self.value(item) for item in node.items)

    def _not(self, node: Not) -> Truth:
        return kleene_not(self.value(node.item))


def _overlay(values: Mapping[str, object], lookup: Lookup) -> Lookup:
    """``lookup`` with ``values`` in place of the names they give."""
    return lambda path: values[path] if path in values else lookup(path)


def _literal(_: Evaluator, node: Number | String | Boolean) -> Value:
    return node.value


_VALUE = cast("dict[type, Callable[[Evaluator, Expr], Value | Bounds]]", {  # by node class
    Number: _literal,
    String: _literal,
    Boolean: _literal,
    Name: Evaluator._name,
    Index: Evaluator._index,
    Negative: Evaluator._negative,
    Arithmetic: Evaluator._arithmetic,
    Compare: Evaluator._compare,
    And: Evaluator._and,
    Or: Evaluator._or,
    Not: Evaluator._not,
})  # each entry takes the node class it is filed under


# -- the record filter -------------------------------------------------------------------

Column = list[object]
Columns = dict[str, Column]  # a field of every record; the filters add their comparisons
ColumnFilter = Callable[[Columns, int], list[int]]


def compile_filter(
    node: Expr,
    record_fields: Mapping[str, type[Vocabulary] | None],
    constant: Callable[[str], object],
    rating_ranks: Mapping[str, int],
) -> ColumnFilter:
    """A record filter (a derived count's ``where``), built once, applied to all records at once.

    The meaning is :class:`Evaluator`'s, over one record (its fields, then ``constant`` names:
    parameters in force), resolved ahead of time from the same :func:`comparison` and Kleene
    tables. It runs column-wise: ``columns[field]`` holds that field of every record, each node
    of the tree is one pass over the records (not one call per record), and its values are the
    truth ranks ``FALSE < UNKNOWN < TRUE``. A comparison's column is kept in ``columns`` under
    its text, so the filters of one document share it (``role != "khong_chuyen_trach"`` is in
    four). Closures, never ``eval``: the tree is walked here, not turned into source code.
    """

    def operand(n: Expr) -> tuple[str | None, object]:
        """``(field, None)`` for a record field, ``(None, value)`` for a constant."""
        match n:
            case Name(path=path) if path in record_fields:
                return path, None
            case Name(path=path):
                return None, plain_value(constant(path))
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
                compare = comparison(op, vocab_of(left, right), rating_ranks)
                field_vocab = record_fields.get(left.path) if isinstance(left, Name) else None
                return _shared(f"({to_text(n)})", _compare_columns(
                    operand(left), operand(right), compare, field_vocab))
            case And(items=items):
                return _fold(AND, [test(item) for item in items])
            case Or(items=items):
                return _fold(OR, [test(item) for item in items])
            case Not(item=item):
                inner = test(item)
                return lambda columns, n: [NOT[v] for v in inner(columns, n)]
            case Name(path=path) if path in record_fields:
                return lambda columns, n: list(map(rank, columns[path]))
        raise TypeError(f"not a record filter: {n!r}")

    return test(node)


def _fold(table: tuple[tuple[int, ...], ...], parts: list[ColumnFilter]) -> ColumnFilter:
    """The parts combined record by record through a Kleene table."""

    def column(columns: Columns, n: int) -> list[int]:
        out = parts[0](columns, n)
        for part in parts[1:]:
            out = [table[a][b] for a, b in zip(out, part(columns, n), strict=True)]
        return out

    return column


def _shared(key: str, compute: ColumnFilter) -> ColumnFilter:
    """``compute``, its column kept in ``columns[key]`` for the other filters of the document."""

    def column(columns: Columns, n: int) -> list[int]:
        found = columns.get(key)
        if found is None:
            found = columns[key] = compute(columns, n)  # type: ignore[assignment]
        return found  # type: ignore[return-value]  # a filter's column holds truth ranks

    return column


def _compare_columns(
    left: tuple[str | None, object],
    right: tuple[str | None, object],
    compare: Comparison,
    vocab: type[Vocabulary] | None,
) -> ColumnFilter:
    """``left OP right`` over the records, by ``compare``."""
    (field, _), (other_field, fixed) = left, right
    if field is not None and other_field is None:  # the usual shape: field OP constant
        if vocab is not None:  # a closed vocabulary: each word's outcome, tabled once
            table: dict[object, int] = {word: RANK[compare(word, fixed)] for word in vocab}
            table[None] = RANK[compare(None, fixed)]
            return lambda columns, n: list(map(table.__getitem__, columns[field]))
        return lambda columns, n: [RANK[compare(v, fixed)] for v in columns[field]]

    def column(side: tuple[str | None, object], columns: Columns, n: int) -> Column:
        name, value = side
        return columns[name] if name is not None else [value] * n

    return lambda columns, n: [
        RANK[compare(a, b)]
        for a, b in zip(column(left, columns, n), column(right, columns, n), strict=True)]


__all__ = [
    "AND",
    "COMPARE",
    "FALSE",
    "NOT",
    "OR",
    "RANK",
    "TRUE",
    "TRUTHS",
    "UNKNOWN",
    "Bounds",
    "Column",
    "ColumnFilter",
    "Columns",
    "Comparison",
    "Evaluator",
    "Lookup",
    "Value",
    "comparison",
    "compile_filter",
    "kleene_and",
    "kleene_not",
    "kleene_or",
    "plain_value",
    "rank",
    "word_ranks",
]
