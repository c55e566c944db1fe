"""What values an input may take, and which inputs a counterfactual may move at all.

The one place that reads the document models for the search: integer or decimal and the
bounds of a numeric field (from its pydantic annotation), the range of a count or a sum, the
order of a vocabulary's words (the rating scale in force, or the declared order), and the
fields that say what the unit *is* (identity: never proposed as a change).
"""

from __future__ import annotations

import typing
from collections.abc import Mapping
from dataclasses import dataclass

from pydantic import BaseModel

from ...condition import Scope, Type
from ...condition.types import model_fields
from ...evaluation.limits import Limit
from ...models import Official
from ...models.vocab import Rating, Vocabulary
from ...ruleset import RuleSet
from ...ruleset.domains import RECORD
from ..edit import get_path
from .proposal import Work

RECORD_IDENTITY = frozenset({"id", "role", "post"})
# what the unit *is*, not how it performs: never proposed as a change
DOCUMENT_IDENTITY = frozenset({
    "kind", "unit_code", "name", "unit_type", "district", "district_code", "province",
    "province_code", "assessment_year", "year", "source", "classification",
    "police_chief_regular",
})


@dataclass(frozen=True)
class NumberDomain:
    """What values a numeric input may take: a grid of ``step`` between ``lo`` and ``hi``."""

    integer: bool
    lo: float
    hi: float
    decimals: int = 0

    @property
    def step(self) -> float:
        return 1.0 if self.integer else 10.0 ** -self.decimals

    def cast(self, x: float) -> int | float:
        return round(x) if self.integer else round(float(x), self.decimals)


class Domains:
    """The domains of one document kind's inputs under one rule set and rating scale."""

    def __init__(self, model: type[BaseModel], rules: RuleSet, scope: Scope,
                 ranks: Mapping[str, int], limits: tuple[Limit, ...] = ()) -> None:
        self.model = model
        self.rules = rules
        self.scope = scope
        self.ranks = ranks
        self.limits = limits
        self.record_fields: dict[str, Type] = {
            name: kind for name, (kind, _) in model_fields(Official).items()}

    def fixed(self, path: str) -> bool:
        """A document field the unit cannot change in the year (``kind: fact`` in the rule
        set's domains, or what the unit is): never proposed. (A derived input is moved through
        the fields it is made of, each judged on its own.)"""
        symbol = self.scope.symbols.get(path)
        if symbol is not None and symbol.role != "field":
            return False
        return path in DOCUMENT_IDENTITY or not self.lever(path)

    def record_fixed(self, name: str) -> bool:
        """A field of an official record that is a fact of the year, or says who the official
        is: never proposed."""
        return name in RECORD_IDENTITY or not self.lever(RECORD + name)

    def lever(self, path: str) -> bool:
        """Declared a lever by the rule set (a field it does not declare is no lever)."""
        domain = self.rules.domains.get(path)
        return domain is not None and domain.spec.kind == "lever"

    def words(self, vocab: type[Vocabulary]) -> tuple[list[str], Mapping[str, int]]:
        """A vocabulary's words in order, and their ranks: ratings on the scale in force, any
        other vocabulary in declaration order."""
        if vocab is Rating and self.ranks:
            return list(self.ranks), self.ranks
        order = [member.value for member in vocab]
        return order, {word: i for i, word in enumerate(order)}

    def field_number(self, path: str, current: object) -> NumberDomain | None:
        """The model's bounds narrowed by the legal range in force (``domains.yaml``: a
        sub-score never above its maximum)."""
        found = field_number(self.model, path, current)
        if found is None:
            return None
        lo, hi = found.lo, found.hi
        for limit in self.limits:
            if limit.path == path:
                lo, hi = (lo, min(hi, limit.bound)) if limit.upper else (max(lo, limit.bound), hi)
        return NumberDomain(found.integer, lo, hi, found.decimals)

    def number(self, var: str, work: Work) -> NumberDomain | None:
        """The domain of a numeric input: a document field's, a count's (0 to the records),
        a sum's (its parts' added)."""
        symbol = self.scope.symbols[var]
        if symbol.role == "field":
            return self.field_number(var, get_path(work.data, var))
        definition = self.rules.derived[var].spec
        officials = getattr(work.doc, "officials", None)
        if definition.count is not None:
            return NumberDomain(True, 0, len(officials or ()))
        if definition.sum is not None:
            specs = [self.field_number(p, get_path(work.data, p)) for p in definition.sum]
            if any(s is None for s in specs):
                return None
            known = [s for s in specs if s is not None]
            return NumberDomain(all(s.integer for s in known), sum(s.lo for s in known),
                                sum(s.hi for s in known), max(s.decimals for s in known))
        return None


def field_number(model: type[BaseModel], path: str, current: object) -> NumberDomain | None:
    """Integer or decimal, and the bounds, of a numeric document field, from its model (the
    decimals of a decimal field: those of its current value, one or two)."""
    node: type[BaseModel] = model
    steps = path.split(".")
    for step in steps[:-1]:
        info = node.model_fields.get(step)
        nested = _nested(info.annotation) if info is not None else None
        if nested is None:
            return None
        node = nested
    info = node.model_fields.get(steps[-1])
    if info is None:
        return None
    base, constraints = _unwrap(info.annotation)
    constraints += list(info.metadata)
    if base not in (int, float):
        return None
    lo = next((float(c.ge) for c in constraints if hasattr(c, "ge")), -1e12)
    hi = next((float(c.le) for c in constraints if hasattr(c, "le")), 1e12)
    decimals = 0
    if base is float:
        text = repr(float(current)) if isinstance(current, int | float) else "0.0"
        decimals = min(2, max(1, len(text.split(".")[1].rstrip("0")) if "." in text else 1))
    return NumberDomain(base is int, lo, hi, decimals)


def _unwrap(annotation: object) -> tuple[object, list[object]]:
    """An annotation's base type and its constraints (``Annotated`` metadata, unions opened)."""
    constraints: list[object] = []
    options = [annotation]
    while options:
        item = options.pop()
        origin = typing.get_origin(item)
        if origin is typing.Annotated:
            base, *extra = typing.get_args(item)
            for meta in extra:
                constraints.extend(getattr(meta, "metadata", [meta]))
            options.append(base)
        elif origin is typing.Union or type(item).__name__ == "UnionType":
            options.extend(a for a in typing.get_args(item) if a is not type(None))
        else:
            return item, constraints
    return None, constraints


def _nested(annotation: object) -> type[BaseModel] | None:
    base, _ = _unwrap(annotation)
    return base if isinstance(base, type) and issubclass(base, BaseModel) else None


__all__ = ["DOCUMENT_IDENTITY", "RECORD_IDENTITY", "Domains", "NumberDomain", "field_number"]
