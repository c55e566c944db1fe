"""The condition in force, walked as a tree, to the proposals that make it reach a goal.

``and`` (to true) fixes every failing part, one after the other on the document already
changed, plain document fields first; ``or`` (to true) its cheapest part; ``not`` swaps the
goal; a comparison ``input op requirement`` moves each input it may move to its nearest
passing values, made into edits of the document (:mod:`.realise`, :mod:`.records`) and kept
only if the comparison then holds; a boolean field is flipped. A few proposals per node.
"""

from __future__ import annotations

from ...condition import names
from ...condition.ast import NEGATED, And, Compare, Expr, Index, Name, Not, Or, nodes
from ...models.vocab import Vocabulary
from .context import Context
from .proposal import Note, Proposal, Value, Work, cost
from .realise import set_field, sum_parts
from .records import count, picked
from .values import candidates

KEEP = 3  # proposals kept per node of the condition


def solve(ctx: Context, node: Expr, goal: bool, work: Work) -> list[Proposal]:
    """Ways to make ``node`` evaluate to ``goal`` on ``work``, cheapest first."""
    if ctx.truth(node, work) is goal:
        return [Proposal(work, (), 0)]
    match node:
        case Not(item=item):
            return solve(ctx, item, not goal, work)
        case And(items=items) if goal:
            return _every(ctx, items, goal, node, work)
        case Or(items=items) if not goal:
            return _every(ctx, items, goal, node, work)
        case And(items=items) | Or(items=items):
            found = [p for item in items for p in solve(ctx, item, goal, work)]
            return sorted(found, key=lambda p: p.cost)[:KEEP]
        case Compare():
            return _compare(ctx, node, goal, work)
        case Name(path=path):
            return _flip(ctx, path, goal, work)
    return []


def _every(ctx: Context, items: tuple[Expr, ...], goal: bool, node: Expr,
           work: Work) -> list[Proposal]:
    """Every part to ``goal``, one after the other on the document already changed (so a
    raised score counts toward the total checked next); plain document fields first."""
    ordered = sorted(items, key=lambda item: not _plain(ctx, item))
    found: list[Proposal] = []
    widest = 1
    for choice in range(KEEP):
        if choice >= widest:
            break
        current, done = work, True
        notes: list[Note] = []
        for item in ordered:
            if ctx.truth(item, current) is goal:
                continue
            proposals = [p for p in solve(ctx, item, goal, current) if p.notes]
            if not proposals:
                done = False
                break
            widest = max(widest, len(proposals))
            proposal = proposals[min(choice, len(proposals) - 1)]
            current = proposal.work
            notes.extend(proposal.notes)
        if done and ctx.truth(node, current) is goal:
            found.append(Proposal(current, tuple(notes), cost(work.data, current.data)))
    unique: dict[str, Proposal] = {}
    for proposal in found:  # the first choices first, among equal costs
        unique.setdefault(repr(proposal.work.data), proposal)
    return sorted(unique.values(), key=lambda p: p.cost)


def _plain(ctx: Context, node: Expr) -> bool:
    symbols = ctx.scope.symbols
    return all(symbols[n.path].role != "derived" for n in names(node) if n.path in symbols)


def _compare(ctx: Context, node: Compare, goal: bool, work: Work) -> list[Proposal]:
    target = node if goal else Compare(NEGATED[node.op], node.left, node.right)
    found: list[Proposal] = []
    for var in _adjustable(ctx, target):
        for value in candidates(ctx, var, target, work):
            for proposal in _realise(ctx, var, value, target, work):
                if ctx.truth(target, proposal.work) is True:
                    found.append(proposal)
    return sorted(found, key=lambda p: p.cost)[:KEEP]


def _flip(ctx: Context, path: str, goal: bool, work: Work) -> list[Proposal]:
    symbol = ctx.scope.symbols.get(path)
    if symbol is None or symbol.role != "field" or ctx.domains.fixed(path):
        return []
    proposal = set_field(ctx, path, goal, None, work)
    return [proposal] if proposal is not None else []


def _adjustable(ctx: Context, node: Compare) -> list[str]:
    """The inputs of a comparison a counterfactual may move (not table keys, parameters
    or what the unit is)."""
    keys = {key.path for n in nodes(node) if isinstance(n, Index) for key in n.keys}
    found: list[str] = []
    for name in names(node):
        symbol = ctx.scope.symbols.get(name.path)
        if (symbol is None or symbol.role not in ("field", "derived")
                or name.path in keys or ctx.domains.fixed(name.path)
                or symbol.type.kind not in ("number", "boolean", "vocab")):
            continue
        found.append(name.path)
    return list(dict.fromkeys(found))


def _realise(ctx: Context, var: str, value: Value, target: Compare,
             work: Work) -> list[Proposal]:
    """``var`` at ``value`` as edits of the document: the field itself, or the records or
    parts a derived input comes from."""
    if ctx.scope.symbols[var].role == "field":
        proposal = set_field(ctx, var, value, target, work)
        return [proposal] if proposal is not None else []
    definition = ctx.rules.derived[var]
    if definition.spec.count is not None and isinstance(value, int):
        return count(ctx, definition, value, target, work)
    if definition.spec.the is not None and isinstance(value, Vocabulary):
        return picked(ctx, definition, value, target, work)
    if definition.spec.sum is not None and isinstance(value, int | float):
        return sum_parts(ctx, definition, float(value), work)
    return []


__all__ = ["KEEP", "solve"]
