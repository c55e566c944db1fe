"""Values made into edits of the document itself, validated by the models.

A field is set; a sum is moved by changing its parts, largest first, each within its bounds.
Every edited document is validated again: when a consistency check rejects it naming a field
the edit did not touch (apologies exceeding late dossiers), that field is moved to its nearest
consistent value and said so; an edit that cannot be made valid is dropped.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum

from pydantic import BaseModel, ValidationError

from ...condition import Symbol
from ...condition.ast import Arithmetic, Compare, Name
from ...ruleset import DerivedDef
from ..edit import Data, get_path, set_path
from .context import Context
from .proposal import FieldSet, Note, Proposal, Repaired, Share, SumSet, Value, Work, cost
from .values import nearest, region

REPAIRS = 3  # consistency repairs of one edit, at most


def set_field(ctx: Context, path: str, value: Value, target: Compare | None,
              work: Work) -> Proposal | None:
    """``path`` set to ``value`` (``target``: the comparison it is for, if any)."""
    before = get_path(work.data, path)
    after = as_json(value)
    made = make(ctx, set_path(work.data, path, after), {path}, work)
    if made is None:
        return None
    changed, repairs = made
    if before is None:
        shown = region(ctx, path, value, target, work) if target is not None else "="
        note = FieldSet(path, None, after, shown)
    else:
        share = share_of(ctx, path, target, work, changed) if target is not None else None
        note = FieldSet(path, before, after, share=share)
    return Proposal(changed, (note, *repairs), cost(work.data, changed.data))


def sum_parts(ctx: Context, definition: DerivedDef, total: float, work: Work) -> list[Proposal]:
    """Raise (or lower) the components, largest first, each within its model bounds."""
    paths = definition.spec.sum or []
    values = [get_path(work.data, p) for p in paths]
    current = work.facts.values.get(definition.name)
    if not isinstance(current, int | float) or any(
            not isinstance(v, int | float) for v in values):
        return []
    numbers = [float(v) for v in values]  # type: ignore[arg-type]
    specs = [ctx.domains.field_number(p, v) for p, v in zip(paths, values, strict=True)]
    remaining = total - float(current)
    order = sorted(range(len(paths)), key=lambda i: (-numbers[i], i))
    data = work.data
    touched: list[tuple[str, float, float]] = []
    for i in order:
        spec = specs[i]
        if spec is None or abs(remaining) < 1e-9:
            continue
        room = (spec.hi - numbers[i]) if remaining > 0 else (spec.lo - numbers[i])
        amount = min(remaining, room) if remaining > 0 else max(remaining, room)
        if not amount:
            continue
        new = spec.cast(numbers[i] + amount)
        data = set_path(data, paths[i], float(new))
        touched.append((paths[i], numbers[i], float(new)))
        remaining -= new - numbers[i]
    if not touched:
        return []
    made = make(ctx, data, {p for p, _, _ in touched}, work)
    if made is None:
        return []
    changed, repairs = made
    note = SumSet(definition.name, current, changed.facts.values.get(definition.name),
                  tuple(touched))
    return [Proposal(changed, (note, *repairs), cost(work.data, changed.data))]


def share_of(ctx: Context, var: str, target: Compare, work: Work, changed: Work) -> Share | None:
    """``a >= p * b`` (p a parameter, a share): a/b before and after, and p."""
    shape = _share_shape(target, ctx.scope.symbols)
    if shape is None or var not in shape[:2]:
        return None
    a, b, p = shape
    share = ctx.edition.parameters[p].value
    old_a, old_b = ctx.value(a, work), ctx.value(b, work)
    new_a, new_b = ctx.value(a, changed), ctx.value(b, changed)
    if not (_number(old_a) and _number(old_b) and _number(new_a) and _number(new_b)
            and _number(share)):
        return None
    if not old_b or not new_b:
        return None
    return Share(a, b, old_a / old_b, new_a / new_b, float(share))  # type: ignore[operator,arg-type]


def _number(x: object) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool)


def _share_shape(node: Compare, symbols: Mapping[str, Symbol]) -> tuple[str, str, str] | None:
    """``a >= p * b`` or ``a >= b * p`` (either side), p a parameter: (a, b, p)."""
    for a, product in ((node.left, node.right), (node.right, node.left)):
        if not isinstance(a, Name) or not isinstance(product, Arithmetic) or product.op != "*":
            continue
        sides = [product.left, product.right]
        if not all(isinstance(s, Name) for s in sides):
            continue
        roles = [symbols[s.path].role for s in sides]  # type: ignore[union-attr]
        if roles.count("parameter") != 1:
            continue
        p = sides[roles.index("parameter")]
        b = sides[1 - roles.index("parameter")]
        assert isinstance(p, Name) and isinstance(b, Name)
        return a.path, b.path, p.path
    return None


def make(ctx: Context, data: Data, protected: set[str],
         base: Work) -> tuple[Work, tuple[Note, ...]] | None:
    """Validate an edited document; when a consistency check rejects it naming a field
    this edit did not touch, move that field to its nearest consistent value."""
    repairs: list[Note] = []
    for _ in range(REPAIRS):
        problem = consistency(ctx.model, data)
        if problem is None:
            work = ctx.work(data)
            return (work, tuple(repairs)) if work is not None else None
        if problem == "" or problem in protected:
            return None
        repaired = _repair(ctx, data, problem)
        if repaired is None:
            return None
        data, note = repaired
        repairs.append(note)
        protected = protected | {problem}
    return None


def _repair(ctx: Context, data: Data, path: str) -> tuple[Data, Repaired] | None:
    before = get_path(data, path)
    spec = ctx.domains.field_number(path, before)
    if spec is None or not isinstance(before, int | float) or isinstance(before, bool):
        return None

    def passes(x: float) -> bool:
        return consistency(ctx.model, set_path(data, path, spec.cast(x))) != path

    found = [v for v in (nearest(passes, float(before), -1, spec),
                         nearest(passes, float(before), 1, spec)) if v is not None]
    if not found:
        return None
    after = min(found, key=lambda v: abs(v - before))
    return set_path(data, path, after), Repaired(path, before, after)


def consistency(model: type[BaseModel], data: Data) -> str | None:
    """``None`` if valid; the field a consistency check names; ``""`` for any other error."""
    try:
        model.model_validate(data)
    except ValidationError as error:
        for item in error.errors():
            if item["type"] == "consistency":
                return str((item.get("ctx") or {}).get("path", ""))
        return ""
    return None


def as_json(value: Value) -> object:
    """A value as the document holds it (a vocabulary word as its text)."""
    if isinstance(value, Enum):
        return value.value
    return value


__all__ = ["as_json", "consistency", "make", "set_field", "share_of", "sum_parts"]
