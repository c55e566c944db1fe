"""Derived inputs moved through the official records they are derived from.

A count is moved by changing the fewest records: those for which the fewest parts of its
``where`` filter fail, each edited to the nearest passing word (identity fields — id, role,
post — are never changed); removing records is the last resort for a count that only identity
fields decide, and never removes a record a ``the`` input picks. A ``the`` input (the
chairman's rating) is moved by editing that one record.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from ...condition import BOOLEAN, Evaluator, names
from ...condition.ast import NEGATED, And, Compare, Expr, Name, Not, Or, String, nodes
from ...models import Official
from ...models.vocab import Vocabulary
from ...ruleset import DerivedDef
from ..edit import get_path, set_path
from .context import Context
from .domains import RECORD_IDENTITY
from .proposal import (
    PickedFieldSet,
    Proposal,
    RecordEdit,
    RecordsEdited,
    RecordsRemoved,
    Value,
    Work,
    cost,
)
from .realise import as_json, make, share_of
from .values import region

Fix = dict[str, Value]  # fields of one record and their new values


def count(ctx: Context, definition: DerivedDef, goal_count: int, target: Compare,
          work: Work) -> list[Proposal]:
    """Move a count to ``goal_count`` by changing the fewest records, or (a count that
    only identity fields decide) by removing records as the last resort."""
    officials = getattr(work.doc, "officials", None)
    if officials is None:
        return []
    where = definition.where_expr
    verdicts = [True if where is None else truth(ctx, where, o, {}) for o in officials]
    value = work.facts.values.get(definition.name)
    derivation = work.facts.derivations.get(definition.name)
    if isinstance(value, int):
        lo = hi = value
    elif derivation is not None and derivation.bounds is not None:
        lo, hi = derivation.bounds
    else:
        return []
    if goal_count > lo:
        goal, need = True, goal_count - lo
        pool = [i for i, v in enumerate(verdicts) if v is not True]
    elif goal_count < hi:
        goal, need = False, hi - goal_count
        pool = [i for i, v in enumerate(verdicts) if v is not False]
    else:
        return []
    plans: list[tuple[int, int, Fix]] = []
    if where is not None:
        for i in pool:
            fix = _fix(ctx, where, goal, officials[i], {})
            if fix:
                plans.append((len(fix), i, fix))
    plans.sort(key=lambda plan: (plan[0], plan[1]))
    proposals: list[Proposal] = []
    if len(plans) >= need:
        data = work.data
        edits: list[RecordEdit] = []
        paths: set[str] = set()
        for _, i, fix in plans[:need]:
            for name, new in fix.items():
                path = f"officials[{i}].{name}"
                data = set_path(data, path, as_json(new))
                edits.append(RecordEdit(officials[i].id, name, as_json(getattr(officials[i], name)),
                                        as_json(new)))
                paths.add(path)
        made = make(ctx, data, paths, work)
        if made is not None:
            changed, repairs = made
            note = RecordsEdited(definition.name, work.count(definition.name),
                                 changed.count(definition.name), tuple(edits),
                                 share_of(ctx, definition.name, target, work, changed))
            proposals.append(Proposal(changed, (note, *repairs), cost(work.data, changed.data)))
    if not goal and not proposals and _headcount(ctx, definition):
        keep = _picked(ctx, work)
        removable = [i for i in reversed(pool) if officials[i].id not in keep][:need]
        if len(removable) == need:
            records = [r for i, r in enumerate(work.data["officials"]) if i not in removable]
            made = make(ctx, {**work.data, "officials": records}, set(), work)
            if made is not None:
                changed, repairs = made
                ids = tuple(officials[i].id for i in sorted(removable))
                removal = RecordsRemoved(definition.name, ids, work.count(definition.name),
                                         changed.count(definition.name))
                proposals.append(Proposal(changed, (removal, *repairs),
                                          cost(work.data, changed.data)))
    return proposals


def _headcount(ctx: Context, definition: DerivedDef) -> bool:
    """A count decided by who the officials are alone (their role, post): one that fewer
    people can lower. A count that facts of the year decide (a discipline, a rating) is never
    lowered by leaving people out."""
    where = definition.where_expr
    read = {n.path for n in names(where)} if where is not None else set()
    return read & set(ctx.domains.record_fields) <= RECORD_IDENTITY


def _picked(ctx: Context, work: Work) -> set[str]:
    """Records a ``the`` input picks out (the chairman): never removed."""
    found: set[str] = set()
    for name, definition in ctx.rules.derived.items():
        derivation = work.facts.derivations.get(name)
        if definition.spec.the is not None and derivation is not None:
            found.update(derivation.matched)
    return found


def picked(ctx: Context, definition: DerivedDef, value: Vocabulary, target: Compare,
           work: Work) -> list[Proposal]:
    """A ``the`` input set to ``value`` in the one record it picks."""
    derivation = work.facts.derivations.get(definition.name)
    officials = getattr(work.doc, "officials", None) or []
    if derivation is None or len(derivation.matched) != 1 or definition.spec.field is None:
        return []
    if ctx.domains.record_fixed(definition.spec.field):
        return []  # a fact of the year (the chairman's rating): never proposed
    ids = [o.id for o in officials]
    index = ids.index(derivation.matched[0])
    path = f"officials[{index}].{definition.spec.field}"
    before = get_path(work.data, path)
    made = make(ctx, set_path(work.data, path, as_json(value)), {path}, work)
    if made is None:
        return []
    changed, repairs = made
    shown = region(ctx, definition.name, value, target, work) if before is None else "="
    note = PickedFieldSet(definition.name, path, ids[index], as_json(before), value.value, shown)
    return [Proposal(changed, (note, *repairs), cost(work.data, changed.data))]


def truth(ctx: Context, node: Expr, official: Official, over: Mapping[str, Value]) -> bool | None:
    """``node`` (a ``where`` filter) on one record: its fields, then parameters in force."""
    parameters = ctx.edition.parameters
    fields = ctx.domains.record_fields

    def find(name: str) -> object:
        if name in over:
            return over[name]
        if name in fields:
            return getattr(official, name)
        parameter = parameters.get(name)
        return parameter.value if parameter is not None else None

    return Evaluator(find, ctx.ranks).truth(node)


def _fix(ctx: Context, node: Expr, goal: bool, official: Official, over: Fix) -> Fix | None:
    """The fewest field edits of one record making ``node`` (a ``where`` filter) reach
    ``goal``; ``None`` when only identity fields could do it."""
    if truth(ctx, node, official, over) is goal:
        return {}
    fields = ctx.domains.record_fields
    match node:
        case Not(item=item):
            return _fix(ctx, item, not goal, official, over)
        case And(items=items) if goal:
            return _every(ctx, node, items, goal, official, over)
        case Or(items=items) if not goal:
            return _every(ctx, node, items, goal, official, over)
        case And(items=items) | Or(items=items):
            fixes = [_fix(ctx, item, goal, official, over) for item in items]
            usable = [f for f in fixes if f is not None]
            return min(usable, key=len) if usable else None
        case Compare():
            read = [n.path for n in names(node) if n.path in fields]
            if len(read) != 1 or ctx.domains.record_fixed(read[0]):
                return None
            (name,) = read
            kind = fields[name]
            target = node if goal else Compare(NEGATED[node.op], node.left, node.right)

            def passes(value: Value) -> bool:
                return truth(ctx, target, official, {**over, name: value}) is True

            if kind == BOOLEAN:
                choice: Value | None = next((v for v in (True, False) if passes(v)), None)
            elif kind.vocab is not None:
                choice = _word(ctx, name, target, kind.vocab, official, passes)
            else:
                choice = None
            return {name: choice} if choice is not None else None
        case Name(path=path) if path in fields and not ctx.domains.record_fixed(path):
            return {path: goal}
    return None


def _every(ctx: Context, node: Expr, items: tuple[Expr, ...], goal: bool, official: Official,
           over: Fix) -> Fix | None:
    current = dict(over)
    for item in items:
        if truth(ctx, item, official, current) is goal:
            continue
        fix = _fix(ctx, item, goal, official, current)
        if fix is None:
            return None
        current.update(fix)
    if truth(ctx, node, official, current) is not goal:
        return None
    return {k: v for k, v in current.items() if k not in over or over[k] != v}


def _word(ctx: Context, name: str, target: Expr, vocab: type[Vocabulary], official: Official,
          passes: Callable[[Value], bool]) -> Vocabulary | None:
    """The passing word nearest the record's (or, when missing, the word required)."""
    order, rank = ctx.domains.words(vocab)
    passing = [vocab(word) for word in order if passes(vocab(word))]
    if not passing:
        return None
    current = getattr(official, name)
    parameters = ctx.edition.parameters
    required = [str(parameters[n.path].value) for n in names(target)
                if n.path in parameters and str(parameters[n.path].value) in rank]
    required += [n.value for n in nodes(target) if isinstance(n, String) and n.value in rank]
    anchor = rank[str(current)] if current is not None and str(current) in rank else (
        rank[required[0]] if required else 0)
    return min(passing, key=lambda w: (abs(rank[w.value] - anchor),
                                       w.value not in required, order.index(w.value)))


__all__ = ["count", "picked", "truth"]
