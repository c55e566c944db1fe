"""Type checking of conditions against the document models, when rules are loaded.

A :class:`Scope` says what each name means (a document field, a derived input, a parameter or,
inside a ``where`` filter, a field of one official record) and its type; :func:`check` walks a
tree and rejects what cannot be evaluated: unknown names, a rating compared with a number, a
vocabulary word that does not exist, ``<`` on an unordered vocabulary, arithmetic on words.
"""

from __future__ import annotations

import difflib
import functools
import types
import typing
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel

from ..models.vocab import Rating, Vocabulary
from ..words import Words, both, catalogue, same
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

Kind = Literal["number", "boolean", "vocab", "string"]
Role = Literal["field", "derived", "parameter", "record", "expression"]


@dataclass(frozen=True)
class Type:
    kind: Kind
    vocab: type[Vocabulary] | None = None

    def __str__(self) -> str:
        return self.words[1]

    @property
    def words(self) -> Words:
        """The type in words ("a rating", "number" and their Vietnamese)."""
        if self.kind == "vocab" and self.vocab is not None:
            return vocab_words(self.vocab)
        return both(f"condition.type.{self.kind}")

    @property
    def ordered(self) -> bool:
        """Whether ``<`` and ``>=`` mean something (ratings are ordered by a dated scale)."""
        if self.kind == "number":
            return True
        return self.vocab is not None and (self.vocab.ordinal() or self.vocab is Rating)


NUMBER = Type("number")
BOOLEAN = Type("boolean")
STRING = Type("string")



def vocab_words(vocab: type[Vocabulary]) -> Words:
    """What a word of ``vocab`` is ("a rating"), or the vocabulary's name where the catalogue
    has no words for it."""
    key = f"condition.type.vocab.{vocab.__name__}"
    return both(key) if key in catalogue() else same(vocab.__name__)


def role_words(role: str) -> Words:
    """What a symbol of ``role`` is ("field", "parameter" …; "template word" for ``missing``)."""
    return both(f"condition.role.{role.replace(' ', '_')}")


def vocab_type(vocab: type[Vocabulary]) -> Type:
    return Type("vocab", vocab)


@dataclass(frozen=True)
class Symbol:
    name: str
    role: Role
    type: Type
    index: tuple[str, ...] = ()  # a table parameter's key fields
    description: str = ""
    bounded: bool = False  # a count that can be bounded when some records are unknown
    optional: bool = True  # a document may leave it out (None): every input but a required one


class ConditionTypeError(ValueError):
    """The condition parses but cannot be evaluated; ``column`` is 0-based. ``unknown`` is the
    name when the problem is an unknown name (a caller may say why it is unknown)."""

    def __init__(self, words: Words, column: int, unknown: str | None = None) -> None:
        self.words = words
        self.message = self.words[1]  # the exception's own text is the English
        super().__init__(f"column {column + 1}: {self.message}")
        self.column = column
        self.unknown = unknown


@dataclass
class Scope:
    """The names a condition may use."""

    symbols: dict[str, Symbol] = field(default_factory=dict)

    def add(self, symbol: Symbol) -> None:
        self.symbols[symbol.name] = symbol

    def child(self, extra: Iterable[Symbol]) -> Scope:
        scope = Scope(dict(self.symbols))
        for symbol in extra:
            scope.add(symbol)
        return scope

    def lookup(self, name: Name) -> Symbol:
        symbol = self.symbols.get(name.path)
        if symbol is None:
            close = difflib.get_close_matches(name.path, self.symbols, n=1, cutoff=0.75)
            hint = both("condition.type.did_you_mean", meant=repr(close[0])) if close else (
                same(""))
            raise ConditionTypeError(
                both("condition.type.unknown_name", name=repr(name.path), hint=hint), name.pos,
                unknown=name.path)
        return symbol


@functools.cache
def model_fields(model: type[BaseModel], prefix: str = "") -> dict[str, tuple[Type, str]]:
    """Scalar fields of a pydantic model by dotted path (lists of records are left out).

    Cached: callers must not mutate the returned mapping.
    """
    found: dict[str, tuple[Type, str]] = {}
    for name, info in model.model_fields.items():
        path = prefix + name
        kind = _scalar_type(info.annotation)
        if kind is not None:
            found[path] = (kind, info.description or "")
            continue
        nested = _nested_model(info.annotation)
        if nested is not None:
            found.update(model_fields(nested, path + "."))
    return found


@functools.cache
def required_fields(model: type[BaseModel], prefix: str = "") -> frozenset[str]:
    """Dotted paths of the scalar fields a valid document always has (never ``None``)."""
    found: set[str] = set()
    for name, info in model.model_fields.items():
        path = prefix + name
        nullable = isinstance(info.annotation, types.UnionType) or (
            typing.get_origin(info.annotation) is typing.Union)
        nullable = nullable and type(None) in typing.get_args(info.annotation)
        if nullable:
            continue
        nested = _nested_model(info.annotation)
        if nested is not None:
            found |= required_fields(nested, path + ".")
        else:
            found.add(path)
    return frozenset(found)


def _strip_optional(annotation: object) -> list[object]:
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        return [arg for arg in typing.get_args(annotation) if arg is not type(None)]
    if typing.get_origin(annotation) is typing.Annotated:
        return _strip_optional(typing.get_args(annotation)[0])
    return [annotation]


def _scalar_type(annotation: object) -> Type | None:
    options = _strip_optional(annotation)
    if len(options) != 1:
        return None
    (base,) = options
    if typing.get_origin(base) is typing.Annotated:
        base = typing.get_args(base)[0]
    if typing.get_origin(base) is Literal:
        return STRING
    if base is bool:
        return BOOLEAN
    if base in (int, float):
        return NUMBER
    if isinstance(base, type) and issubclass(base, Vocabulary):
        return vocab_type(base)
    if base is str:
        return STRING
    return None


def _nested_model(annotation: object) -> type[BaseModel] | None:
    for option in _strip_optional(annotation):
        if isinstance(option, type) and issubclass(option, BaseModel):
            return option
    return None


def check(node: Expr, scope: Scope, *, condition: bool = True) -> Type:
    """The type of ``node``; with ``condition`` it must be a condition (boolean)."""
    result = _type(node, scope)
    if condition and result != BOOLEAN:
        raise ConditionTypeError(
            both("condition.type.not_a_condition", found=result.words), _pos(node))
    return result


def _pos(node: Expr) -> int:
    return node.pos


def _type(node: Expr, scope: Scope) -> Type:
    match node:
        case Number():
            return NUMBER
        case String():
            return STRING
        case Boolean():
            return BOOLEAN
        case Name():
            symbol = scope.lookup(node)
            if symbol.index:
                keys = "".join(f"[{key}]" for key in symbol.index)
                raise ConditionTypeError(both(
                    "condition.type.is_table", name=repr(node.path), lookup=node.path + keys),
                    node.pos)
            return symbol.type
        case Index(table=table, keys=keys):
            symbol = scope.lookup(table)
            if not symbol.index:
                raise ConditionTypeError(
                    both("condition.type.not_table", name=repr(table.path)), keys[0].pos)
            wanted = tuple(key.path for key in keys)
            if wanted != symbol.index:
                expected = "".join(f"[{key}]" for key in symbol.index)
                raise ConditionTypeError(both(
                    "condition.type.looked_up_as", name=repr(table.path),
                    lookup=table.path + expected), node.pos)
            for key in keys:
                scope.lookup(key)
            return symbol.type
        case Negative(operand=operand):
            _number(operand, scope, "'-'")
            return NUMBER
        case Arithmetic(op=op, left=left, right=right):
            _number(left, scope, f"'{op}'")
            _number(right, scope, f"'{op}'")
            return NUMBER
        case Compare():
            _compare(node, scope)
            return BOOLEAN
        case And(items=items) | Or(items=items):
            word = "and" if isinstance(node, And) else "or"
            for item in items:
                _boolean(item, scope, f"'{word}'")
            return BOOLEAN
        case Not(item=item):
            _boolean(item, scope, "'not'")
            return BOOLEAN
    raise TypeError(f"not a condition node: {node!r}")


def _number(node: Expr, scope: Scope, what: str) -> None:
    found = _type(node, scope)
    if found != NUMBER:
        raise ConditionTypeError(
            both("condition.type.needs_numbers", what=what, found=found.words), _pos(node))


def _boolean(node: Expr, scope: Scope, what: str) -> None:
    found = _type(node, scope)
    if found != BOOLEAN:
        raise ConditionTypeError(
            both("condition.type.needs_truth", what=what, found=found.words), _pos(node))


def _compare(node: Compare, scope: Scope) -> None:
    left, right = _type(node.left, scope), _type(node.right, scope)
    if left == STRING and right.kind == "vocab":
        left, right = right, left
        word_node = node.left
    else:
        word_node = node.right
    if left.kind == "vocab" and right == STRING:
        assert left.vocab is not None and isinstance(word_node, String)
        _check_word(word_node, left.vocab)
        right = left
    if left != right:
        raise ConditionTypeError(
            both("condition.type.cannot_compare", left=left.words, right=right.words), node.pos)
    if node.op not in ("==", "!=") and not left.ordered:
        raise ConditionTypeError(both("condition.type.no_order", type=left.words), node.pos)


def _check_word(node: String, vocab: type[Vocabulary]) -> None:
    members = [member.value for member in vocab]
    if node.value in members:
        return
    close = difflib.get_close_matches(node.value, members, n=1, cutoff=0.6)
    hint = both("condition.type.did_you_mean", meant=repr(close[0])) if close else both(
        "condition.type.one_of", members=(", ".join(repr(m) for m in members),
                                          ", ".join(members)))
    raise ConditionTypeError(both("condition.type.not_word", word=repr(node.value),
                                  what=vocab_words(vocab), hint=hint), node.pos)
