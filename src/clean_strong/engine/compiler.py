"""Compile a condition into durable-rules patterns that decide pass, fail *and* unknown.

durable-rules has no general NOT and a comparison on an absent field matches nothing, so each
criterion becomes three families of rules whose patterns are, by construction, mutually
exclusive and together cover every fact (Kleene logic, worked out at compile time):

- atom ``x >= e``: pass ``x exists ∧ x >= e``; fail ``x exists ∧ x < e``; unknown ``x absent``
  (one rule per input, so the engine itself names what is missing);
- ``a and b``: pass if both pass; fail if either fails; unknown if one is unknown and the
  other does not fail (and dually for ``or``; ``not`` swaps pass and fail).

Parameters are constants at compile time (the values in force on the assessment day); a table
lookup ``cap[unit_type][classification]`` expands into one alternative per key, guarded by the
key fields, so the engine still compares the commune's own value with the threshold. Numbers
are sent as floats: durable-rules divides integers as integers and crashes on ``x / 0``.
Every pattern is guarded by ``kind``: an unguarded ``$nex`` matches the engine's own state
message and loops forever.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from ..condition import Expr, Scope
from ..condition.ast import (
    FLIPPED,
    NEGATED,
    And,
    Arithmetic,
    Boolean,
    Compare,
    Index,
    Name,
    Negative,
    Not,
    Number,
    Or,
    String,
    to_text,
)
from ..condition.types import BOOLEAN, NUMBER, Symbol
from ..models.vocab import Rating, Vocabulary
from ..words import both
from .patterns import AND, ENGINE_OP, EX, NEX, OR, CompileError, Pattern, cmp

_ARITH_OP = {"+": "$add", "-": "$sub", "*": "$mul", "/": "$div"}


@dataclass(frozen=True)
class Missing:
    """An unknown alternative: the pattern that fires when ``path`` is absent."""

    path: str
    pattern: Pattern


@dataclass(frozen=True)
class Tri:
    """The pass, fail and unknown alternatives of one (sub)condition."""

    true: list[Pattern]
    false: list[Pattern]
    unknown: list[Missing]

    def negated(self) -> Tri:
        return Tri(self.false, self.true, self.unknown)


@dataclass(frozen=True)
class Context:
    """What the compiler knows about names: their symbols, and parameter values in force."""

    scope: Scope
    parameter: Callable[[str], object]  # value in force; raises CompileError if none
    rating_ranks: Mapping[str, int] | None


def compile_condition(node: Expr, ctx: Context) -> Tri:
    match node:
        case And(items=items):
            return _and([compile_condition(item, ctx) for item in items])
        case Or(items=items):
            return _and([compile_condition(item, ctx).negated() for item in items]).negated()
        case Not(item=item):
            return compile_condition(item, ctx).negated()
        case Compare():
            return _compare(node, ctx)
        case Name():
            symbol = ctx.scope.symbols[node.path]
            if symbol.role == "parameter":
                raise CompileError(both("rulecheck.compile.only_parameters"), node.pos)
            return _boolean(node.path, True)
    raise CompileError(both("rulecheck.compile.undecidable", text=repr(to_text(node))),
                       node.pos)


def _and(parts: list[Tri]) -> Tri:
    if len(parts) == 1:
        return parts[0]
    true = [AND(*[OR(part.true) for part in parts])]
    false = [alt for part in parts for alt in part.false]
    unknown: list[Missing] = []
    for i, part in enumerate(parts):
        # unknown here, and no other part fails (each other part passes or is unknown)
        others = [
            OR(other.true + [m.pattern for m in other.unknown])
            for j, other in enumerate(parts)
            if j != i
        ]
        unknown.extend(Missing(m.path, AND(m.pattern, *others)) for m in part.unknown)
    return Tri(true, false, unknown)


def _boolean(path: str, wanted: bool) -> Tri:
    return Tri([{path: wanted}], [{path: not wanted}], [Missing(path, NEX(path))])


def _compare(node: Compare, ctx: Context) -> Tri:
    keys = _index_keys(node)
    domains = {key: _domain(ctx.scope.symbols[key]) for key in keys}
    true: list[Pattern] = []
    false: list[Pattern] = []
    undecided: list[Missing] = []
    inputs: list[str] = []
    for combo in itertools.product(*domains.values()):
        chosen = dict(zip(keys, combo, strict=True))
        guard = [{key: _key_value(value)} for key, value in chosen.items()]
        t, f, read, u = _atom(node, ctx, chosen)
        true.extend(AND(*guard, alt) for alt in t)
        false.extend(AND(*guard, alt) for alt in f)
        undecided.extend(Missing(m.path, AND(*guard, m.pattern)) for m in u)
        inputs = read
    # a table key left out of the document: decided when every value it could take agrees
    for absent in _subsets([key for key in keys if ctx.scope.symbols[key].optional]):
        t, f, u = _absent_keys(node, ctx, domains, absent)
        true += t
        false += f
        undecided += u
    missing = [
        Missing(path, AND(NEX(path), NEX(bounds_path(path, "lo"))))
        if ctx.scope.symbols[path].bounded and any(m.path == path for m in undecided)
        else Missing(path, NEX(path))
        for path in _unique(inputs)
    ]
    return Tri(true, false, missing + undecided)


def _subsets(keys: list[str]) -> list[tuple[str, ...]]:
    """Every non-empty subset of ``keys``, smallest first."""
    return [c for n in range(1, len(keys) + 1) for c in itertools.combinations(keys, n)]


def _absent_keys(
    node: Compare, ctx: Context, domains: Mapping[str, list[str]], absent: tuple[str, ...]
) -> tuple[list[Pattern], list[Pattern], list[Missing]]:
    """Pass, fail and unknown alternatives of a table comparison when the keys ``absent`` are
    missing (and the others present): pass if it passes whatever they are, fail if it fails
    whatever they are, else unknown naming them (Kleene: an unknown that cannot change the
    outcome decides nothing). For ``input op threshold`` the thresholds the missing keys could
    give form a range: pass within its tightest end, fail beyond its loosest. A comparison of
    another shape stays unknown while a key is missing."""
    present = [key for key in domains if key not in absent]
    gone = [NEX(key) for key in absent]
    true: list[Pattern] = []
    false: list[Pattern] = []
    unknown: list[Missing] = []
    for combo in itertools.product(*(domains[key] for key in present)):
        known = dict(zip(present, combo, strict=True))
        guard = [*gone, *({key: _key_value(v)} for key, v in known.items())]
        atoms = [_atom(node, ctx, {**known, **dict(zip(absent, values, strict=True))})
                 for values in itertools.product(*(domains[key] for key in absent))]
        ranged = _ranged(atoms)
        if ranged is None:
            unknown.append(Missing(absent[0], AND(*guard)))
            continue
        t, f, u = ranged
        true.extend(AND(*guard, p) for p in t)
        false.extend(AND(*guard, p) for p in f)
        unknown.extend(Missing(m.path if m.path else absent[0], AND(*guard, m.pattern))
                       for m in u)
    return true, false, unknown


Atom = tuple[list[Pattern], list[Pattern], list[str], list["Missing"]]
Shape = tuple[tuple[Pattern, ...], str, str, float]  # guards, op, path, constant


def _ranged(atoms: list[Atom]) -> tuple[list[Pattern], list[Pattern], list[Missing]] | None:
    """The atoms of one comparison under every value of the missing keys, folded into ranges:
    each pass (fail) alternative ``guards ∧ path op c`` with the same guards, path and op in
    every atom becomes ``path op c*`` at the tightest c (for ``<``/``<=`` the least, for
    ``>``/``>=`` the greatest); unknown is neither, alternative by alternative. None when
    the atoms differ in shape (nothing can be folded)."""
    first = atoms[0]
    shapes: list[list[Shape]] = []
    for true, false, _, _ in atoms:
        found, against = _shapes(true), _shapes(false)
        if found is None or against is None:
            return None
        shapes.append(found + against)
    folded: list[Shape] = []
    width = len(first[0]) + len(first[1])
    if any(len(s) != width for s in shapes):
        return None
    for k in range(width):
        column = [s[k] for s in shapes]
        if len({(repr(g), op, path) for g, op, path, _ in column}) != 1:
            return None
        guards, op, path, _ = column[0]
        values = [value for *_, value in column]
        folded.append((guards, op, path, min(values) if op in ("<", "<=") else max(values)))
    if all(len({s[k][3] for s in shapes}) == 1 for k in range(width)):
        return first[0], first[1], first[3]  # one threshold whatever the keys: as if known
    passing, failing = folded[: len(first[0])], folded[len(first[0]):]
    if len(passing) != len(failing):
        return None
    true = [AND(*g, cmp(op, path, c)) for g, op, path, c in passing]
    false = [AND(*g, cmp(op, path, c)) for g, op, path, c in failing]
    unknown = [
        Missing("", AND(*pg, *(x for x in fg if x not in pg),
                        cmp(NEGATED[pop], ppath, pc), cmp(NEGATED[fop], fpath, fc)))
        for (pg, pop, ppath, pc), (fg, fop, fpath, fc) in zip(passing, failing, strict=True)
    ]
    return true, false, unknown


def _shapes(patterns: list[Pattern]) -> list[Shape] | None:
    """Each pattern as (its guards, op, path, constant) when it is guards ∧ one comparison of a
    path with a number, else None."""
    out: list[Shape] = []
    ops = {v: k for k, v in ENGINE_OP.items()}
    for pattern in patterns:
        inner = pattern.get("$and") if len(pattern) == 1 else None
        parts: list[Pattern] = inner if isinstance(inner, list) else [pattern]
        tests = []
        for i, part in enumerate(parts):
            if len(part) != 1:
                continue
            ((key, body),) = part.items()
            if key in ops and isinstance(body, dict) and len(body) == 1:
                ((path, value),) = body.items()
                if isinstance(value, float):
                    tests.append((i, ops[key], path, value))
        if len(tests) != 1:
            return None
        i, op, path, value = tests[0]
        if op not in ("<", "<=", ">", ">="):
            return None
        out.append((tuple(parts[:i] + parts[i + 1:]), op, path, value))
    return out


def bounds_path(name: str, end: str) -> str:
    """Where a count's known bounds sit in the fact when some records leave it unknown."""
    return f"bounds.{name}.{end}"


def _atom(
    node: Compare, ctx: Context, keys: Mapping[str, str]
) -> tuple[list[Pattern], list[Pattern], list[str], list[Missing]]:
    """Pass, fail and bounded-unknown alternatives of one comparison with table keys fixed."""
    op, left, right = node.op, node.left, node.right
    if not _is_input(left, ctx) and _is_input(right, ctx):
        op, left, right = FLIPPED[op], right, left
    if not _is_input(left, ctx):
        raise CompileError(both("rulecheck.compile.one_input"), node.pos)
    assert isinstance(left, Name)
    subject = ctx.scope.symbols[left.path]
    if subject.type.kind == "vocab":
        return (*_vocab_atom(op, left.path, subject, right, ctx, node.pos), [])
    if subject.type == BOOLEAN:
        value = _constant(right, ctx, keys)
        if not isinstance(value, bool):
            raise CompileError(both("rulecheck.compile.boolean"), node.pos)
        tri = _boolean(left.path, value if op == "==" else not value)
        return tri.true, tri.false, [left.path], []
    rhs, read = _number_expr(right, ctx, keys)
    guard = [EX(path) for path in _unique([left.path, *read])]
    true = [AND(*guard, cmp(op, left.path, rhs))]
    false = [AND(*guard, cmp(NEGATED[op], left.path, rhs))]
    undecided: list[Missing] = []
    if subject.bounded:
        # A count left unknown by some records may still be decided by its bounds: one
        # official known to be disciplined already fails "disciplined == 0" (Kleene logic).
        lo, hi = bounds_path(left.path, "lo"), bounds_path(left.path, "hi")
        base = [NEX(left.path), EX(lo), *(EX(path) for path in _unique(read))]
        t, f, u = _bound_tests(op, lo, hi, rhs)
        true += [AND(*base, p) for p in t]
        false += [AND(*base, p) for p in f]
        undecided = [Missing(left.path, AND(*base, p)) for p in u]
        if read:  # the requirement itself cannot be computed
            undecided.append(Missing(left.path, AND(NEX(left.path), EX(lo),
                                                    OR([NEX(path) for path in _unique(read)]))))
    return true, false, [left.path, *read], undecided


def _bound_tests(
    op: str, lo: str, hi: str, rhs: object
) -> tuple[list[Pattern], list[Pattern], list[Pattern]]:
    """Pass, fail, undecided for ``lo <= x <= hi`` (with lo < hi: bounds exist only then)."""
    def c(o: str, path: str) -> Pattern:
        return cmp(o, path, rhs)

    if op == ">=":
        return [c(">=", lo)], [c("<", hi)], [AND(c("<", lo), c(">=", hi))]
    if op == ">":
        return [c(">", lo)], [c("<=", hi)], [AND(c("<=", lo), c(">", hi))]
    if op == "<=":
        return [c("<=", hi)], [c(">", lo)], [AND(c(">", hi), c("<=", lo))]
    if op == "<":
        return [c("<", hi)], [c(">=", lo)], [AND(c(">=", hi), c("<", lo))]
    outside = [c(">", lo), c("<", hi)]
    inside = [AND(c("<=", lo), c(">=", hi))]
    return ([], outside, inside) if op == "==" else (outside, [], inside)


def _vocab_atom(
    op: str, path: str, subject: Symbol, right: Expr, ctx: Context, pos: int
) -> tuple[list[Pattern], list[Pattern], list[str]]:
    word = _constant(right, ctx, {})
    if not isinstance(word, str):
        raise CompileError(both("rulecheck.compile.vocabulary"), pos)
    vocab = subject.type.vocab
    assert vocab is not None
    if op in ("==", "!="):
        yes: list[Pattern] = [{path: word}]
        no: list[Pattern] = [AND(EX(path), {"$neq": {path: word}})]
        return (yes, no, [path]) if op == "==" else (no, yes, [path])
    ranks = _ranks(vocab, ctx, pos)
    if word not in ranks:
        raise CompileError(both("rulecheck.compile.off_scale", word=repr(word),
                                ranks=", ".join(repr(r) for r in ranks)), pos)
    test = _PY_COMPARE[op]
    passing = [w for w, rank in ranks.items() if test(rank, ranks[word])]
    failing = [w for w in ranks if w not in passing]
    return [{path: w} for w in passing], [{path: w} for w in failing], [path]


def _ranks(vocab: type[Vocabulary], ctx: Context, pos: int) -> Mapping[str, int]:
    """Word order: the dated rating scale for ratings, declaration order otherwise."""
    if vocab is Rating:
        if not ctx.rating_ranks:
            raise CompileError(both("rulecheck.compile.no_scale"), pos)
        return ctx.rating_ranks
    return {member.value: i for i, member in enumerate(vocab)}


_PY_COMPARE: dict[str, Callable[[int, int], bool]] = {
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}


def _is_input(node: Expr, ctx: Context) -> bool:
    if not isinstance(node, Name):
        return False
    return ctx.scope.symbols[node.path].role in ("field", "derived")


def _number_expr(node: Expr, ctx: Context, keys: Mapping[str, str]) -> tuple[object, list[str]]:
    """The engine expression for a number: a float where constant, else ``$m`` arithmetic."""
    read: list[str] = []

    def build(n: Expr) -> object:
        if _is_input(n, ctx):
            assert isinstance(n, Name)
            if ctx.scope.symbols[n.path].type != NUMBER:
                raise CompileError(both("rulecheck.compile.not_a_number",
                                        text=repr(n.path)), n.pos)
            read.append(n.path)
            return {"$m": n.path}
        if isinstance(n, Arithmetic):
            left, right = build(n.left), build(n.right)
            if isinstance(left, float) and isinstance(right, float):
                return _fold(n.op, left, right, n.pos)
            return {_ARITH_OP[n.op]: {"$l": left, "$r": right}}
        if isinstance(n, Negative):
            inner = build(n.operand)
            if isinstance(inner, float):
                return -inner
            return {"$sub": {"$l": 0.0, "$r": inner}}
        value = _constant(n, ctx, keys)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise CompileError(both("rulecheck.compile.not_a_number",
                                    text=repr(to_text(n))), n.pos)
        return float(value)

    return build(node), read


def _fold(op: str, a: float, b: float, pos: int) -> float:
    if op == "/" and b == 0:
        raise CompileError(both("rulecheck.compile.division_by_zero"), pos)
    value = {"+": a + b, "-": a - b, "*": a * b, "/": a / b if b else math.nan}[op]
    return value


def _constant(node: Expr, ctx: Context, keys: Mapping[str, str]) -> object:
    match node:
        case Number():
            return node.value
        case String(value=value) | Boolean(value=value):
            return value
        case Name(path=path):
            if ctx.scope.symbols[path].role != "parameter":
                raise CompileError(both("rulecheck.compile.input_in_requirement",
                                        name=repr(path)), node.pos)
            return ctx.parameter(path)
        case Index(table=table, keys=index_keys):
            cell = ctx.parameter(table.path)
            for key in index_keys:
                if not isinstance(cell, Mapping):
                    raise CompileError(both("rulecheck.compile.not_a_table",
                                            name=repr(table.path)), node.pos)
                cell = cell[keys[key.path]]
            return cell
        case Negative(operand=operand):
            number = _constant(operand, ctx, keys)
            if isinstance(number, bool) or not isinstance(number, int | float):
                raise CompileError(both("rulecheck.compile.minus"), node.pos)
            return -number
        case Arithmetic(op=op, left=left, right=right):
            a, b = _constant(left, ctx, keys), _constant(right, ctx, keys)
            if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in (a, b)):
                raise CompileError(both("rulecheck.compile.operator", op=repr(op)), node.pos)
            return _fold(op, float(a), float(b), node.pos)  # type: ignore[arg-type]
    raise CompileError(both("rulecheck.compile.not_constant", text=repr(to_text(node))),
                       node.pos)


def _index_keys(node: Expr) -> list[str]:
    found: list[str] = []

    def walk(n: Expr) -> None:
        match n:
            case Index(keys=keys):
                found.extend(key.path for key in keys)
            case Negative(operand=operand):
                walk(operand)
            case Arithmetic(left=left, right=right) | Compare(left=left, right=right):
                walk(left)
                walk(right)

    walk(node)
    return _unique(found)


def _domain(symbol: Symbol) -> list[str]:
    if symbol.type == BOOLEAN:
        return ["true", "false"]
    assert symbol.type.vocab is not None
    return [member.value for member in symbol.type.vocab]


def _key_value(value: str) -> object:
    return {"true": True, "false": False}.get(value, value)


def _unique(items: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(items))


