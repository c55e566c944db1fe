"""The nearest values of one input for which a comparison holds.

Booleans are flipped; a vocabulary word moves to the nearest passing word on the order in
force (the rating scale of the day, or the vocabulary's declared order); a number moves to
the nearest passing value on its grid, found by exponential then binary search (~40 tests over
a million values) from its current value, its bounds, or where the comparison crosses zero.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from ...condition import BOOLEAN, NUMBER, Evaluator, names
from ...condition.ast import Compare, Expr
from ...models.vocab import Vocabulary
from .context import Context
from .domains import NumberDomain
from .proposal import Value, Work


def candidates(ctx: Context, var: str, target: Compare, work: Work) -> list[Value]:
    """The nearest values of ``var`` for which ``target`` holds (at most one each way)."""
    kind = ctx.scope.symbols[var].type
    current = ctx.value(var, work)
    if kind == BOOLEAN:
        return [v for v in (True, False)
                if v is not current and ctx.truth(target, work, {var: v}) is True]
    if kind.kind == "vocab" and kind.vocab is not None:
        word = _word(ctx, var, target, work, kind.vocab, current,
                     lambda w: ctx.truth(target, work, {var: w}) is True)
        return [word] if word is not None else []
    if kind == NUMBER:
        return _numbers(ctx, var, target, work)
    return []


def _word(
    ctx: Context,
    var: str,
    target: Expr,
    work: Work,
    vocab: type[Vocabulary],
    current: object,
    passes: Callable[[Vocabulary], bool],
) -> Vocabulary | None:
    """The passing word nearest the current one (or, when missing, nearest the word the
    comparison requires) on the order in force: the rating scale, or the vocabulary's."""
    order, rank = ctx.domains.words(vocab)
    passing = [vocab(word) for word in order if passes(vocab(word))]
    if not passing:
        return None
    required = [v for v in _other_words(ctx, target, var, work) if v in rank]
    anchor = rank[str(current)] if current is not None and str(current) in rank else (
        rank[required[0]] if required else 0)
    return min(passing, key=lambda w: (abs(rank[w.value] - anchor),
                                       w.value not in required, order.index(w.value)))


def _other_words(ctx: Context, target: Expr, var: str, work: Work) -> list[str]:
    """Words the comparison reads besides ``var`` (the requirement, e.g. trung_cap)."""
    found = [ctx.value(n.path, work) for n in names(target) if n.path != var]
    return [str(v) for v in found if isinstance(v, str)]


def _numbers(ctx: Context, var: str, target: Compare, work: Work) -> list[Value]:
    domain = ctx.domains.number(var, work)
    if domain is None:
        return []
    current = ctx.value(var, work)
    derivation = work.facts.derivations.get(var)

    def passes(x: float) -> bool:
        return ctx.truth(target, work, {var: domain.cast(x)}) is True

    root = _root(ctx, target, var, work, domain)
    if isinstance(current, int | float) and not isinstance(current, bool):
        below = above = float(current)
    elif derivation is not None and derivation.bounds is not None:
        below, above = float(derivation.bounds[0]), float(derivation.bounds[1])
    elif root is not None:
        below = above = min(max(domain.cast(root), domain.lo), domain.hi)
    else:
        return []
    found: list[tuple[float, int | float]] = []
    up = nearest(passes, below, 1, domain)
    down = nearest(passes, above, -1, domain)
    if up is not None:
        found.append((up - below, up))
    if down is not None:
        found.append((above - down, down))
    if root is not None and target.op == "==" and passes(root):
        found.append((abs(root - below), domain.cast(root)))
    found.sort(key=lambda pair: pair[0])
    return list(dict.fromkeys(value for _, value in found))


def _root(ctx: Context, target: Compare, var: str, work: Work,
          domain: NumberDomain) -> float | None:
    """Where ``left - right`` crosses zero as ``var`` moves, if it moves linearly."""
    current = ctx.value(var, work)
    x0 = float(current) if isinstance(current, int | float) and not isinstance(
        current, bool) else max(domain.lo, 0.0)

    def gap(x: float) -> float | None:
        evaluator = Evaluator(ctx.lookup(work, {var: domain.cast(x)}), ctx.ranks)
        left, right = evaluator.value(target.left), evaluator.value(target.right)
        if not isinstance(left, int | float) or isinstance(left, bool) or not isinstance(
                right, int | float) or isinstance(right, bool):
            return None
        return float(left) - float(right)

    g0, g1 = gap(x0), gap(x0 + domain.step)
    if g0 is None or g1 is None or g0 == g1:
        return None
    slope = (g1 - g0) / domain.step
    root = x0 - g0 / slope
    return root if math.isfinite(root) else None


def nearest(passes: Callable[[float], bool], x0: float, direction: int,
            domain: NumberDomain) -> int | float | None:
    """The passing value nearest ``x0`` going one way on the value grid (exponential then
    binary search: ~40 tests over a million values), or None within the bounds."""
    x0 = min(max(x0, domain.lo), domain.hi)
    if passes(x0):
        return domain.cast(x0)
    room = (domain.hi - x0) if direction > 0 else (x0 - domain.lo)
    limit = math.floor(room / domain.step + 1e-9)
    if limit <= 0:
        return None
    failed, k = 0, 1
    while True:
        k = min(k, limit)
        if passes(x0 + direction * k * domain.step):
            break
        if k == limit:
            return None
        failed, k = k, k * 2
    low, high = failed, k
    while high - low > 1:
        middle = (low + high) // 2
        if passes(x0 + direction * middle * domain.step):
            high = middle
        else:
            low = middle
    return domain.cast(x0 + direction * high * domain.step)


def region(ctx: Context, path: str, value: Value, target: Compare, work: Work) -> str:
    """Which values pass around the one chosen: ``>=``, ``<=`` or exactly ``=``."""
    kind = ctx.scope.symbols[path].type
    if kind == NUMBER and isinstance(value, int | float):
        domain = ctx.domains.number(path, work) or NumberDomain(True, 0, 0)
        up = ctx.truth(target, work, {path: domain.cast(value + domain.step)}) is True
        down = (value - domain.step >= domain.lo
                and ctx.truth(target, work, {path: domain.cast(value - domain.step)}) is True)
    elif kind.kind == "vocab" and kind.vocab is not None and isinstance(value, Vocabulary):
        order, _ = ctx.domains.words(kind.vocab)
        i = order.index(value.value)
        up = i + 1 < len(order) and ctx.truth(
            target, work, {path: kind.vocab(order[i + 1])}) is True
        down = i > 0 and ctx.truth(target, work, {path: kind.vocab(order[i - 1])}) is True
    else:
        return "="
    return ">=" if up and not down else "<=" if down and not up else "="


__all__ = ["candidates", "nearest", "region"]
