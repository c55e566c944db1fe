"""Named expressions and dated parts of a condition, resolved to plain condition trees.

A criterion file may name expressions (``cap: headcount_cap[…] - police_cap_reduction[…]``)
and use them in its condition and explanations; a named expression may be *dated*, a part of
the condition that changes on a day (PL-01's disqualifier on 22/7/2021). Before anything
compiles, the condition's history is resolved into the plain trees a rule file would have
spelt out, one per period in which nothing changes: the engine sees the same trees either way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from ..condition import Expr, Type, names
from ..condition.ast import substitute
from .dated import in_force
from .schema import Dated, Reference

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class NamedExpr:
    """One named expression of a criterion file: its dated trees (one, from the epoch, when
    it is not dated), its type, and the file line of each entry."""

    name: str
    entries: tuple[Dated[Expr], ...]
    type: Type
    dated: bool
    lines: tuple[int, ...]


class PartNotInForce(Exception):
    """A dated part has no value on the day its condition needs it."""


def resolve(tree: Expr, parts: dict[str, NamedExpr], on: dt.date) -> Expr:
    """``tree`` with every named expression replaced by its entry in force ``on`` (named
    expressions may use earlier ones, so the replacement is repeated until none is left)."""
    for _ in range(len(parts) + 1):
        used = [n.path for n in names(tree) if n.path in parts]
        if not used:
            return tree
        chosen: dict[str, Expr] = {}
        for name in dict.fromkeys(used):
            entry = in_force(parts[name].entries, on)
            if entry is None:
                raise PartNotInForce(name)
            chosen[name] = entry.value
        tree = substitute(tree, chosen)
    raise PartNotInForce("a cycle of named expressions")  # impossible: only earlier ones


def _used(tree: Expr, parts: dict[str, NamedExpr]) -> list[str]:
    """The named expressions ``tree`` reads, directly or through others."""
    seen: dict[str, None] = {}
    todo = [n.path for n in names(tree) if n.path in parts]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen[name] = None
        for entry in parts[name].entries:
            todo.extend(n.path for n in names(entry.value) if n.path in parts)
    return list(seen)


def expand(
    conditions: Sequence[Dated[Expr]], lines: Sequence[int], parts: dict[str, NamedExpr]
) -> tuple[list[Dated[Expr]], list[int]]:
    """The condition's history with its named parts resolved: a new entry wherever the
    condition or a dated part it reads changes, identical neighbours merged. An entry's
    reference is that of the change that opened it (the latest started of the condition and
    the parts in force); a day on which a part it reads has no value has no condition."""
    if not parts:
        return list(conditions), list(lines)
    days: set[dt.date] = set()
    for entry in conditions:
        days.add(entry.from_)
        if entry.to is not None:
            days.add(entry.to + ONE_DAY)
    for part in parts.values():
        if part.dated:
            for item in part.entries:
                days.add(item.from_)
                if item.to is not None:
                    days.add(item.to + ONE_DAY)
    out: list[Dated[Expr]] = []
    out_lines: list[int] = []
    open_segment = False
    for day in sorted(days):
        condition = in_force(conditions, day)
        tree: Expr | None = None
        if condition is not None:
            try:
                tree = resolve(condition.value, parts, day)
            except PartNotInForce:
                tree = None
        if tree is None or condition is None:
            if open_segment:
                out[-1] = _until(out[-1], day - ONE_DAY)
                open_segment = False
            continue
        reference = _opening_reference(condition, parts, day)
        if open_segment and out[-1].value == tree and out[-1].reference == reference:
            continue
        out.append(Dated[Expr](**{"from": day, "value": tree, "reference": reference}))
        out_lines.append(lines[list(conditions).index(condition)])
        open_segment = True
    return out, out_lines


def _opening_reference(condition: Dated[Expr], parts: dict[str, NamedExpr], day: dt.date
                       ) -> Reference | None:
    latest: Dated[Expr] = condition
    for name in _used(condition.value, parts):
        if not parts[name].dated:
            continue
        entry = in_force(parts[name].entries, day)
        if entry is not None and entry.from_ > latest.from_:
            latest = entry
    return latest.reference


def _until(entry: Dated[Expr], last: dt.date) -> Dated[Expr]:
    return Dated[Expr](**{"from": entry.from_, "to": last, "value": entry.value,
                          "reference": entry.reference})


__all__ = ["NamedExpr", "PartNotInForce", "expand", "resolve"]
