"""The condition language's syntax tree, and its canonical printer.

Positions (0-based offsets into the source text) are kept for error messages but take no part
in equality, so ``parse(to_text(tree)) == tree`` holds for every tree.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

COMPARISONS = ("<=", ">=", "==", "!=", "<", ">")
NEGATED = {"<": ">=", ">=": "<", ">": "<=", "<=": ">", "==": "!=", "!=": "=="}
FLIPPED = {"<": ">", ">": "<", "<=": ">=", ">=": "<=", "==": "==", "!=": "!="}


@dataclass(frozen=True)
class Number:
    """A decimal literal; ``percent`` literals (``95 %``) mean value / 100."""

    text: str
    percent: bool = False
    pos: int = field(default=0, compare=False)

    @property
    def value(self) -> float:
        number = float(self.text)
        return number / 100 if self.percent else number


@dataclass(frozen=True)
class String:
    """A quoted vocabulary word, e.g. ``"trung_cap"``."""

    value: str
    pos: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Boolean:
    value: bool
    pos: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Name:
    """A dotted name: a document field, a derived input, or a parameter."""

    path: str
    pos: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Index:
    """A parameter table looked up by document fields: ``cap[unit_type][classification]``."""

    table: Name
    keys: tuple[Name, ...]
    pos: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Negative:
    operand: Expr
    pos: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Arithmetic:
    op: str  # + - * /
    left: Expr
    right: Expr
    pos: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Compare:
    op: str  # < <= > >= == !=
    left: Expr
    right: Expr
    pos: int = field(default=0, compare=False)


@dataclass(frozen=True)
class And:
    items: tuple[Expr, ...]
    pos: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Or:
    items: tuple[Expr, ...]
    pos: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Not:
    item: Expr
    pos: int = field(default=0, compare=False)


Expr = Number | String | Boolean | Name | Index | Negative | Arithmetic | Compare | And | Or | Not

# Binding strength, loosest first; the printer adds parentheses only where they are needed.
_PRECEDENCE = {Or: 1, And: 2, Not: 3, Compare: 4}
_ARITH = {"+": 5, "-": 5, "*": 6, "/": 6}


def _strength(node: Expr) -> int:
    if isinstance(node, Arithmetic):
        return _ARITH[node.op]
    if isinstance(node, Negative):
        return 7
    return _PRECEDENCE.get(type(node), 8)


def to_text(node: Expr) -> str:
    """Canonical text of a tree; parsing it gives back an equal tree."""
    match node:
        case Number(text=text, percent=percent):
            return f"{text} %" if percent else text
        case String(value=value):
            return f'"{value}"'
        case Boolean(value=value):
            return "true" if value else "false"
        case Name(path=path):
            return path
        case Index(table=table, keys=keys):
            return table.path + "".join(f"[{key.path}]" for key in keys)
        case Negative(operand=operand):
            return "-" + _wrap(operand, _strength(operand) < 8)
        case Arithmetic(op=op, left=left, right=right):
            mine = _ARITH[op]
            # left-associative: a right operand of equal strength needs parentheses
            return (
                f"{_wrap(left, _strength(left) < mine)} {op} "
                f"{_wrap(right, _strength(right) <= mine)}"
            )
        case Compare(op=op, left=left, right=right):
            return f"{_wrap(left, _strength(left) <= 4)} {op} {_wrap(right, _strength(right) <= 4)}"
        case And(items=items):
            return " and ".join(_wrap(item, _strength(item) <= 2) for item in items)
        case Or(items=items):
            return " or ".join(_wrap(item, _strength(item) <= 1) for item in items)
        case Not(item=item):
            return "not " + _wrap(item, _strength(item) < 3)
    raise TypeError(f"not a condition node: {node!r}")


def _wrap(node: Expr, needed: bool) -> str:
    text = to_text(node)
    return f"({text})" if needed else text


def nodes(node: Expr) -> Iterator[Expr]:
    """Every node of the tree, depth first, each before its children, left to right."""
    yield node
    match node:
        case Index(table=table, keys=keys):
            yield table
            yield from keys
        case Negative(operand=operand):
            yield from nodes(operand)
        case Arithmetic(left=left, right=right) | Compare(left=left, right=right):
            yield from nodes(left)
            yield from nodes(right)
        case And(items=items) | Or(items=items):
            for item in items:
                yield from nodes(item)
        case Not(item=item):
            yield from nodes(item)


def names(node: Expr) -> list[Name]:
    """Every name the expression reads, in reading order (index keys included)."""
    found: list[Name] = []

    def walk(n: Expr) -> None:
        match n:
            case Name():
                found.append(n)
            case Index(table=table, keys=keys):
                found.append(table)
                found.extend(keys)
            case Negative(operand=operand):
                walk(operand)
            case Arithmetic(left=left, right=right) | Compare(left=left, right=right):
                walk(left)
                walk(right)
            case And(items=items) | Or(items=items):
                for item in items:
                    walk(item)
            case Not(item=item):
                walk(item)

    walk(node)
    return found


def substitute(node: Expr, named: dict[str, Expr]) -> Expr:
    """``node`` with every name in ``named`` replaced by its tree (named expressions).

    A replacement that is an ``and`` inside an ``and`` (or an ``or`` inside an ``or``) has its
    items spliced into the parent, as if written there: ``scores and no_disqualifier`` becomes
    the one flat conjunction a rule file would have spelt out, so the engine is given the same
    tree whether a condition uses named parts or not (both connectives are associative, in
    three-valued logic too).
    """
    match node:
        case Name(path=path) if path in named:
            return named[path]
        case Negative(operand=operand):
            return Negative(substitute(operand, named), node.pos)
        case Arithmetic(op=op, left=left, right=right):
            return Arithmetic(op, substitute(left, named), substitute(right, named), node.pos)
        case Compare(op=op, left=left, right=right):
            return Compare(op, substitute(left, named), substitute(right, named), node.pos)
        case And(items=items):
            return And(_spliced(items, named, And), node.pos)
        case Or(items=items):
            return Or(_spliced(items, named, Or), node.pos)
        case Not(item=item):
            return Not(substitute(item, named), node.pos)
    return node


def _spliced(items: tuple[Expr, ...], named: dict[str, Expr], kind: type[And] | type[Or]
             ) -> tuple[Expr, ...]:
    out: list[Expr] = []
    for item in items:
        replaced = substitute(item, named)
        if isinstance(item, Name) and isinstance(replaced, kind):
            out.extend(replaced.items)
        else:
            out.append(replaced)
    return tuple(out)
