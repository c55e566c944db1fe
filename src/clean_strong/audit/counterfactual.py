"""Counterfactuals: the smallest change to the input that makes a criterion pass.

"What would it take to pass" is answered from the rules themselves, never from a table per
criterion: the condition in force is walked as a tree and every failing comparison
``input op requirement`` is moved to its nearest passing value (integers rounded the right way,
vocabulary words to the nearest passing word on the scale or order in force, booleans flipped,
``==`` set); ``and`` fixes every failing part, ``or`` its cheapest part. A derived count is
moved by changing the fewest official records (those for which the fewest atoms of its
``where`` filter fail; identity fields — id, role, post — are never changed; removing records
is the last resort for a count that only identity fields decide); a sum by raising its
components within the model's bounds. The edits are made to the input document itself,
validated by the models (a consistency validator that rejects an edit names the field to
adjust, e.g. apologies exceeding late dossiers), and the result is re-evaluated by the engine
before it is shown: ``verified`` is true only if the criterion then passes.

The search is bounded: a few candidates per comparison, a few engine re-evaluations per
criterion (each ~1 ms).
"""

from __future__ import annotations

import itertools
import math
import typing
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ..condition import Interpreter, names
from ..condition.ast import NEGATED, And, Arithmetic, Compare, Expr, Index, Name, Not, Or, String
from ..condition.interpret import kleene_and, kleene_or
from ..condition.types import BOOLEAN, NUMBER, model_fields
from ..documents import Document, validate_document
from ..errors import InputError
from ..evaluation import compiled, evaluate, resolve_ruleset
from ..evaluation import facts as factsmod
from ..evaluation.limits import check_limits
from ..models import Commune, Official
from ..models.vocab import Rating, Vocabulary
from ..result import Bilingual, Change, Counterfactual, CriterionResult, Result
from ..ruleset import DerivedDef, RuleSet
from ..words import LANGS, Lang
from ..words.format import number
from .edit import Data, apply_changes, diff_changes, document_data, get_path, model_of, set_path
from .labels import OP_TEXT, field_label, record_field_label, share_text, signed, value_text

if typing.TYPE_CHECKING:
    from ..engine.program import Program
    from ..ruleset import ActiveCriterion, Edition

KEEP = 3  # alternatives kept per node of the condition
VERIFY = 4  # engine re-evaluations per criterion, at most
ROUNDS = 3  # rounds of fixing the mandatory criteria for recognition

RECORD_IDENTITY = frozenset({"id", "role", "post"})
# what the unit *is*, not how it performs: never proposed as a change
DOCUMENT_IDENTITY = frozenset({
    "kind", "unit_code", "name", "unit_type", "district", "district_code", "province",
    "province_code", "assessment_year", "year", "source", "classification",
    "police_chief_regular",
})

Value = object  # a value as the condition language sees it (a vocabulary word as its enum)


@dataclass(frozen=True)
class Note:
    """One clause of a summary, e.g. "number of HĐND sessions: 1 → 2 (+1)"."""

    vi: str
    en: str
    missing: bool = False  # a value supplied where the document had none
    conditional: bool = False  # ends "with ≥ 2": a verified summary adds "it passes"


@dataclass(frozen=True)
class Work:
    """A version of the document: its data, validated model and the facts the engine reads."""

    data: Data
    doc: Document
    facts: factsmod.Facts


@dataclass(frozen=True)
class Option:
    """One way to reach a goal: the edited document, what was done, and its cost."""

    work: Work
    notes: tuple[Note, ...]
    cost: int


@dataclass(frozen=True)
class _Number:
    """What values a numeric input may take."""

    integer: bool
    lo: float
    hi: float
    decimals: int = 0

    @property
    def step(self) -> float:
        return 1.0 if self.integer else 10.0 ** -self.decimals

    def cast(self, x: float) -> int | float:
        return round(x) if self.integer else round(float(x), self.decimals)


class Search:
    """The counterfactual search over one document under one rule set."""

    def __init__(self, document: Document, rules: RuleSet) -> None:
        self.rules = rules
        self.kind = document.kind
        self.model = model_of(document)
        year = document.assessment_year if isinstance(document, Commune) else document.year
        self.compiled = compiled(rules, year)
        self.edition: Edition = self.compiled.edition
        self.program: Program = self.compiled.programs[self.kind]
        self.scope = rules.scope(self.kind)
        self.ranks: dict[str, int] = self.edition.rating_ranks or {}
        self.actives: dict[str, ActiveCriterion] = {a.id: a for a in self.program.criteria}
        self.record_fields = {name: kind for name, (kind, _) in model_fields(Official).items()}
        work = self._work(document_data(document), document)
        if work is None:
            raise InputError("<document>", "", "the document cannot be prepared for the engine")
        self.original = work

    # -- public --------------------------------------------------------------------------

    def criterion(self, result: CriterionResult) -> Counterfactual:
        """The smallest verified change that makes ``result``'s criterion pass."""
        active = self.actives[result.id]
        options = self.solve(active.condition, True, self.original)
        first: tuple[Option, list[Change]] | None = None
        tried = 0
        for option in options:
            changes = diff_changes(self.original.data, option.work.data)
            if not changes:
                continue
            first = first or (option, changes)
            tried += 1
            if self._passes(changes, result.id):
                return _counterfactual(result.id, option.notes, changes, True)
            if tried >= VERIFY:
                break
        if first is not None:
            return _counterfactual(result.id, first[0].notes, first[1], False,
                                   result.missing_inputs)
        return _nothing(result.id, result.missing_inputs, self.kind)

    def recognition(self, result: Result) -> Counterfactual | None:
        """The changes that make the unit recognised: every failing or unknown mandatory
        criterion fixed in turn on the document already changed, re-evaluated, verified."""
        if result.verdict == "recognised":
            return None
        current = self.original
        notes: list[Note] = []
        for _ in range(ROUNDS):
            now = evaluate(current.doc, self.rules, explanations=False)
            failing = [c for c in now.criteria if c.mandatory and c.status != "pass"]
            if not failing:
                break
            progressed = False
            for criterion in failing:
                condition = self.actives[criterion.id].condition
                if self.truth(condition, current) is True:
                    continue  # an earlier change already fixed it
                options = self.solve(condition, True, current)
                if options:
                    # the option that leaves the fewest mandatory criteria not passing, so
                    # fixing one figure does not break another (then the cheapest)
                    best = min(options, key=lambda o: (self._not_passing(o.work), o.cost))
                    current = best.work
                    notes.extend(_prefixed(criterion.id, best.notes))
                    progressed = True
            if not progressed:
                break
        changes = diff_changes(self.original.data, current.data)
        missing = result.missing_inputs
        if not changes:
            return _nothing("verdict", missing, self.kind)
        try:
            changed = apply_changes(self.original.doc, changes)
            verified = evaluate(changed, self.rules, explanations=False).verdict == "recognised"
        except InputError:
            verified = False
        return _counterfactual("verdict", tuple(notes), changes, verified, missing)

    def _not_passing(self, work: Work) -> int:
        applies = getattr(work.doc, "unit_type", None)
        return sum(
            1 for a in self.program.criteria
            if a.mandatory and (applies is None or applies in a.definition.spec.applies_to)
            and self.truth(a.condition, work) is not True
        )

    # -- truth ---------------------------------------------------------------------------

    def lookup(self, work: Work, over: Mapping[str, Value]) -> Callable[[str], object]:
        values, parameters = work.facts.values, self.edition.parameters

        def find(name: str) -> object:
            if name in over:
                return over[name]
            if name in values:
                return values[name]
            parameter = parameters.get(name)
            if parameter is not None:
                return parameter.value
            return factsmod.field_value(work.doc, name)

        return find

    def truth(self, node: Expr, work: Work, over: Mapping[str, Value] | None = None) -> bool | None:
        """Kleene truth of ``node`` on ``work`` (``over``: values tried instead); a count known
        only between bounds decides when both bounds agree, as in the engine."""
        over = over or {}
        match node:
            case And(items=items):
                return kleene_and(self.truth(item, work, over) for item in items)
            case Or(items=items):
                return kleene_or(self.truth(item, work, over) for item in items)
            case Not(item=item):
                value = self.truth(item, work, over)
                return None if value is None else not value
            case Compare():
                bounded = self._bounded(node, work, over)
                corners = itertools.product(*(bounds for _, bounds in bounded))
                seen = {
                    self._value(node, work, {**over, **dict(zip(
                        [path for path, _ in bounded], corner, strict=True))})
                    for corner in corners
                }
                return seen.pop() if len(seen) == 1 else None
            case Name(path=path):
                found_value = self.lookup(work, over)(path)
                return found_value if isinstance(found_value, bool) else None
        return None

    def _value(self, node: Expr, work: Work, over: Mapping[str, Value]) -> bool | None:
        value = Interpreter(self.lookup(work, over), self.ranks).value(node)
        return value if isinstance(value, bool) else None

    def _bounded(
        self, node: Expr, work: Work, over: Mapping[str, Value]
    ) -> list[tuple[str, tuple[int, int]]]:
        found: list[tuple[str, tuple[int, int]]] = []
        for name in dict.fromkeys(n.path for n in names(node)):
            derivation = work.facts.derivations.get(name)
            if (name not in over and work.facts.values.get(name, 0) is None
                    and derivation is not None and derivation.bounds is not None):
                lo, hi = derivation.bounds
                found.append((name, (lo, hi)))
        return found

    # -- the tree ------------------------------------------------------------------------

    def solve(self, node: Expr, goal: bool, work: Work) -> list[Option]:
        """Ways to make ``node`` evaluate to ``goal`` on ``work``, cheapest first."""
        if self.truth(node, work) is goal:
            return [Option(work, (), 0)]
        match node:
            case Not(item=item):
                return self.solve(item, not goal, work)
            case And(items=items) if goal:
                return self._every(items, goal, node, work)
            case Or(items=items) if not goal:
                return self._every(items, goal, node, work)
            case And(items=items) | Or(items=items):
                found = [o for item in items for o in self.solve(item, goal, work)]
                return sorted(found, key=lambda o: o.cost)[:KEEP]
            case Compare():
                return self._compare(node, goal, work)
            case Name(path=path):
                return self._flip(path, goal, work)
        return []

    def _every(self, items: tuple[Expr, ...], goal: bool, node: Expr, work: Work) -> list[Option]:
        """Every part to ``goal``, one after the other on the document already changed (so a
        raised score counts toward the total checked next); plain document fields first."""
        ordered = sorted(items, key=lambda item: not self._plain(item))
        found: list[Option] = []
        widest = 1
        for choice in range(KEEP):
            if choice >= widest:
                break
            current, done = work, True
            notes: list[Note] = []
            for item in ordered:
                if self.truth(item, current) is goal:
                    continue
                options = [o for o in self.solve(item, goal, current) if o.notes]
                if not options:
                    done = False
                    break
                widest = max(widest, len(options))
                option = options[min(choice, len(options) - 1)]
                current = option.work
                notes.extend(option.notes)
            if done and self.truth(node, current) is goal:
                found.append(Option(current, tuple(notes), _cost(work.data, current.data)))
        unique: dict[str, Option] = {}
        for option in found:  # the first choices first, among equal costs
            unique.setdefault(repr(option.work.data), option)
        return sorted(unique.values(), key=lambda o: o.cost)

    def _plain(self, node: Expr) -> bool:
        return all(self.scope.symbols[n.path].role != "derived"
                   for n in names(node) if n.path in self.scope.symbols)

    def _compare(self, node: Compare, goal: bool, work: Work) -> list[Option]:
        target = node if goal else Compare(NEGATED[node.op], node.left, node.right)
        found: list[Option] = []
        for var in self._adjustable(target):
            for value in self._candidates(var, target, work):
                for option in self._realise(var, value, target, work):
                    if self.truth(target, option.work) is True:
                        found.append(option)
        return sorted(found, key=lambda o: o.cost)[:KEEP]

    def _flip(self, path: str, goal: bool, work: Work) -> list[Option]:
        symbol = self.scope.symbols.get(path)
        if symbol is None or symbol.role != "field" or path in DOCUMENT_IDENTITY:
            return []
        option = self._set_field(path, goal, None, work)
        return [option] if option is not None else []

    def _adjustable(self, node: Compare) -> list[str]:
        """The inputs of a comparison a counterfactual may move (not table keys, parameters
        or what the unit is)."""
        keys = {key.path for n in _walk(node) if isinstance(n, Index) for key in n.keys}
        found: list[str] = []
        for name in names(node):
            symbol = self.scope.symbols.get(name.path)
            if (symbol is None or symbol.role not in ("field", "derived")
                    or name.path in keys or name.path in DOCUMENT_IDENTITY
                    or symbol.type.kind not in ("number", "boolean", "vocab")):
                continue
            found.append(name.path)
        return list(dict.fromkeys(found))

    # -- values --------------------------------------------------------------------------

    def _candidates(self, var: str, target: Compare, work: Work) -> list[Value]:
        """The nearest values of ``var`` for which ``target`` holds (at most one each way)."""
        kind = self.scope.symbols[var].type
        current = self.lookup(work, {})(var)
        if kind == BOOLEAN:
            return [v for v in (True, False)
                    if v is not current and self.truth(target, work, {var: v}) is True]
        if kind.kind == "vocab" and kind.vocab is not None:
            word = self._word(var, target, work, kind.vocab, current,
                              lambda w: self.truth(target, work, {var: w}) is True)
            return [word] if word is not None else []
        if kind == NUMBER:
            return self._numbers(var, target, work)
        return []

    def _word(
        self,
        var: str,
        target: Expr,
        work: Work,
        vocab: type[Vocabulary],
        current: object,
        passes: Callable[[Vocabulary], bool],
    ) -> Vocabulary | None:
        """The passing word nearest the current one (or, when missing, nearest the word the
        comparison requires) on the order in force: the rating scale, or the vocabulary's."""
        order, rank = self._order(vocab)
        passing = [vocab(word) for word in order if passes(vocab(word))]
        if not passing:
            return None
        required = [v for v in self._other_words(target, var, work) if v in rank]
        anchor = rank[str(current)] if current is not None and str(current) in rank else (
            rank[required[0]] if required else 0)
        return min(passing, key=lambda w: (abs(rank[w.value] - anchor),
                                           w.value not in required, order.index(w.value)))

    def _order(self, vocab: type[Vocabulary]) -> tuple[list[str], dict[str, int]]:
        if vocab is Rating and self.ranks:
            return list(self.ranks), self.ranks
        order = [member.value for member in vocab]
        return order, {word: i for i, word in enumerate(order)}

    def _other_words(self, target: Expr, var: str, work: Work) -> list[str]:
        """Words the comparison reads besides ``var`` (the requirement, e.g. trung_cap)."""
        lookup = self.lookup(work, {})
        found = [lookup(n.path) for n in names(target) if n.path != var]
        return [str(v) for v in found if isinstance(v, str)]

    def _numbers(self, var: str, target: Compare, work: Work) -> list[Value]:
        spec = self._number_spec(var, work)
        if spec is None:
            return []
        current = self.lookup(work, {})(var)
        derivation = work.facts.derivations.get(var)

        def passes(x: float) -> bool:
            return self.truth(target, work, {var: spec.cast(x)}) is True

        root = _root(target, var, work, self, spec)
        if isinstance(current, int | float) and not isinstance(current, bool):
            below = above = float(current)
        elif derivation is not None and derivation.bounds is not None:
            below, above = float(derivation.bounds[0]), float(derivation.bounds[1])
        elif root is not None:
            below = above = min(max(spec.cast(root), spec.lo), spec.hi)
        else:
            return []
        found: list[tuple[float, int | float]] = []
        up = _search(passes, below, 1, spec)
        down = _search(passes, above, -1, spec)
        if up is not None:
            found.append((up - below, up))
        if down is not None:
            found.append((above - down, down))
        if root is not None and target.op == "==" and passes(root):
            found.append((abs(root - below), spec.cast(root)))
        found.sort(key=lambda pair: pair[0])
        return list(dict.fromkeys(value for _, value in found))

    def _spec_of(self, path: str, current: object) -> _Number | None:
        """What values a numeric field may take: the model's bounds narrowed by the legal
        range in force (``domains.yaml``: a sub-score never above its maximum)."""
        spec = _field_number(self.model, path, current)
        if spec is None:
            return None
        lo, hi = spec.lo, spec.hi
        for limit in self.compiled.limits:
            if limit.path == path:
                lo, hi = (lo, min(hi, limit.bound)) if limit.upper else (max(lo, limit.bound), hi)
        return _Number(spec.integer, lo, hi, spec.decimals)

    def _number_spec(self, var: str, work: Work) -> _Number | None:
        symbol = self.scope.symbols[var]
        if symbol.role == "field":
            return self._spec_of(var, get_path(work.data, var))
        definition = self.rules.derived[var].spec
        officials = getattr(work.doc, "officials", None)
        if definition.count is not None:
            return _Number(True, 0, len(officials or ()))
        if definition.sum is not None:
            specs = [self._spec_of(p, get_path(work.data, p)) for p in definition.sum]
            if any(s is None for s in specs):
                return None
            known = [s for s in specs if s is not None]
            return _Number(all(s.integer for s in known), sum(s.lo for s in known),
                           sum(s.hi for s in known), max(s.decimals for s in known))
        return None

    # -- turning a value into edits of the document ---------------------------------------

    def _realise(self, var: str, value: Value, target: Compare, work: Work) -> list[Option]:
        symbol = self.scope.symbols[var]
        if symbol.role == "field":
            option = self._set_field(var, value, target, work)
            return [option] if option is not None else []
        definition = self.rules.derived[var]
        if definition.spec.count is not None and isinstance(value, int):
            return self._count(definition, value, target, work)
        if definition.spec.the is not None and isinstance(value, Vocabulary):
            return self._the(definition, value, target, work)
        if definition.spec.sum is not None and isinstance(value, int | float):
            return self._sum(definition, float(value), target, work)
        return []

    def _set_field(self, path: str, value: Value, target: Compare | None,
                   work: Work) -> Option | None:
        before = get_path(work.data, path)
        made = self._make(set_path(work.data, path, _json(value)), {path}, work)
        if made is None:
            return None
        changed, repairs = made
        note = self._field_note(path, before, value, target, work, changed)
        return Option(changed, (note, *repairs), _cost(work.data, changed.data))

    def _count(self, definition: DerivedDef, goal_count: int, target: Compare,
               work: Work) -> list[Option]:
        """Move a count to ``goal_count`` by changing the fewest records, or (a count that
        only identity fields decide) by removing records as the last resort."""
        officials = getattr(work.doc, "officials", None)
        if officials is None:
            return []
        where = definition.where_expr
        verdicts = [True if where is None else self._record_truth(where, o, {}) for o in officials]
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
        plans: list[tuple[int, int, dict[str, Value]]] = []
        if where is not None:
            for i in pool:
                fix = self._record_fix(where, goal, officials[i], {})
                if fix:
                    plans.append((len(fix), i, fix))
        plans.sort(key=lambda plan: (plan[0], plan[1]))
        options: list[Option] = []
        if len(plans) >= need:
            data = work.data
            edits: list[tuple[int, str, object, Value]] = []
            for _, i, fix in plans[:need]:
                for name, new in fix.items():
                    data = set_path(data, f"officials[{i}].{name}", _json(new))
                    edits.append((i, name, getattr(officials[i], name), new))
            made = self._make(data, {f"officials[{i}].{n}" for i, n, _, _ in edits}, work)
            if made is not None:
                changed, repairs = made
                note = self._count_note(definition, work, changed, edits, target)
                options.append(Option(changed, (note, *repairs), _cost(work.data, changed.data)))
        if not goal and not options:
            keep = self._referenced(work)
            removable = [i for i in reversed(pool) if officials[i].id not in keep][:need]
            if len(removable) == need:
                records = [r for i, r in enumerate(work.data["officials"]) if i not in removable]
                made = self._make({**work.data, "officials": records}, set(), work)
                if made is not None:
                    changed, repairs = made
                    ids = [officials[i].id for i in sorted(removable)]
                    note = self._removal_note(definition, work, changed, ids)
                    options.append(Option(changed, (note, *repairs),
                                          _cost(work.data, changed.data)))
        return options

    def _referenced(self, work: Work) -> set[str]:
        """Records a ``the`` input picks out (the chairman): never removed."""
        found: set[str] = set()
        for name, definition in self.rules.derived.items():
            derivation = work.facts.derivations.get(name)
            if definition.spec.the is not None and derivation is not None:
                found.update(derivation.matched)
        return found

    def _the(self, definition: DerivedDef, value: Vocabulary, target: Compare,
             work: Work) -> list[Option]:
        derivation = work.facts.derivations.get(definition.name)
        officials = getattr(work.doc, "officials", None) or []
        if derivation is None or len(derivation.matched) != 1 or definition.spec.field is None:
            return []
        ids = [o.id for o in officials]
        index = ids.index(derivation.matched[0])
        path = f"officials[{index}].{definition.spec.field}"
        before = get_path(work.data, path)
        made = self._make(set_path(work.data, path, _json(value)), {path}, work)
        if made is None:
            return []
        changed, repairs = made
        title = definition.spec.title
        new = value_text(value.value, "vi")
        if before is None:
            op = self._region(definition.name, value, target, work)
            shown = f"{OP_TEXT[op]} {new}" if op != "=" else new
            note = Note(
                vi=f"thiếu: {title.vi} ({path}, {ids[index]}); nếu {shown}",
                en=f"missing: {title.en} ({path}, {ids[index]}); with {shown}",
                missing=True, conditional=True,
            )
        else:
            old = value_text(_json(before), "vi")
            note = Note(vi=f"{title.vi} ({ids[index]}): {old} → {new}",
                        en=f"{title.en} ({ids[index]}): {old} → {new}")
        return [Option(changed, (note, *repairs), _cost(work.data, changed.data))]

    def _sum(self, definition: DerivedDef, total: float, target: Compare,
             work: Work) -> list[Option]:
        """Raise (or lower) the components, largest first, each within its model bounds."""
        paths = definition.spec.sum or []
        values = [get_path(work.data, p) for p in paths]
        current = work.facts.values.get(definition.name)
        if not isinstance(current, int | float) or any(
                not isinstance(v, int | float) for v in values):
            return []
        numbers = [float(v) for v in values]  # type: ignore[arg-type]
        specs = [self._spec_of(p, v) for p, v in zip(paths, values, strict=True)]
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
        made = self._make(data, {p for p, _, _ in touched}, work)
        if made is None:
            return []
        changed, repairs = made
        title = definition.spec.title
        new_total = changed.facts.values.get(definition.name)
        parts = {
            lang: ", ".join(f"{field_label(p, lang, self.kind)} {number(a, lang)} → "
                            f"{number(b, lang)}" for p, a, b in touched)
            for lang in LANGS
        }
        note = Note(
            vi=f"{title.vi}: {_shown(current, 'vi')} → {_shown(new_total, 'vi')}: {parts['vi']}",
            en=f"{title.en}: {_shown(current, 'en')} → {_shown(new_total, 'en')}: {parts['en']}",
        )
        return [Option(changed, (note, *repairs), _cost(work.data, changed.data))]

    # -- records -------------------------------------------------------------------------

    def _record_truth(self, node: Expr, official: Official,
                      over: Mapping[str, Value]) -> bool | None:
        parameters = self.edition.parameters

        def find(name: str) -> object:
            if name in over:
                return over[name]
            if name in self.record_fields:
                return getattr(official, name)
            parameter = parameters.get(name)
            return parameter.value if parameter is not None else None

        value = Interpreter(find, self.ranks).value(node)
        return value if isinstance(value, bool) else None

    def _record_fix(self, node: Expr, goal: bool, official: Official,
                    over: dict[str, Value]) -> dict[str, Value] | None:
        """The fewest field edits of one record making ``node`` (a ``where`` filter) reach
        ``goal``; ``None`` when only identity fields could do it."""
        if self._record_truth(node, official, over) is goal:
            return {}
        match node:
            case Not(item=item):
                return self._record_fix(item, not goal, official, over)
            case And(items=items) if goal:
                return self._record_every(node, items, goal, official, over)
            case Or(items=items) if not goal:
                return self._record_every(node, items, goal, official, over)
            case And(items=items) | Or(items=items):
                fixes = [self._record_fix(item, goal, official, over) for item in items]
                usable = [f for f in fixes if f is not None]
                return min(usable, key=len) if usable else None
            case Compare():
                fields = [n.path for n in names(node) if n.path in self.record_fields]
                if len(fields) != 1 or fields[0] in RECORD_IDENTITY:
                    return None
                (name,) = fields
                kind = self.record_fields[name]
                target = node if goal else Compare(NEGATED[node.op], node.left, node.right)

                def passes(value: Value) -> bool:
                    return self._record_truth(target, official, {**over, name: value}) is True

                if kind == BOOLEAN:
                    choice: Value | None = next((v for v in (True, False) if passes(v)), None)
                elif kind.vocab is not None:
                    choice = self._record_word(name, target, kind.vocab, official, passes)
                else:
                    choice = None
                return {name: choice} if choice is not None else None
            case Name(path=path) if path in self.record_fields and path not in RECORD_IDENTITY:
                return {path: goal}
        return None

    def _record_every(self, node: Expr, items: tuple[Expr, ...], goal: bool,
                      official: Official, over: dict[str, Value]) -> dict[str, Value] | None:
        current = dict(over)
        for item in items:
            if self._record_truth(item, official, current) is goal:
                continue
            fix = self._record_fix(item, goal, official, current)
            if fix is None:
                return None
            current.update(fix)
        if self._record_truth(node, official, current) is not goal:
            return None
        return {k: v for k, v in current.items() if k not in over or over[k] != v}

    def _record_word(self, name: str, target: Expr, vocab: type[Vocabulary],
                     official: Official, passes: Callable[[Value], bool]) -> Vocabulary | None:
        order, rank = self._order(vocab)
        passing = [vocab(word) for word in order if passes(vocab(word))]
        if not passing:
            return None
        current = getattr(official, name)
        parameters = self.edition.parameters
        required = [str(parameters[n.path].value) for n in names(target)
                    if n.path in parameters and str(parameters[n.path].value) in rank]
        required += [n.value for n in _walk(target) if isinstance(n, String) and n.value in rank]
        anchor = rank[str(current)] if current is not None and str(current) in rank else (
            rank[required[0]] if required else 0)
        return min(passing, key=lambda w: (abs(rank[w.value] - anchor),
                                           w.value not in required, order.index(w.value)))

    # -- validation ----------------------------------------------------------------------

    def _work(self, data: Data, document: Document | None = None) -> Work | None:
        try:
            doc = document if document is not None else self.model.model_validate(data)
            check_limits(doc, self.compiled.limits, self.edition.day, "<counterfactual>")
            facts = factsmod.build(doc, self.program, self.edition, self.compiled.deriver)
        except (ValidationError, InputError):
            return None
        return Work(data, doc, facts)

    def _make(self, data: Data, protected: set[str],
              base: Work) -> tuple[Work, tuple[Note, ...]] | None:
        """Validate an edited document; when a consistency check rejects it naming a field
        this edit did not touch, move that field to its nearest consistent value."""
        repairs: list[Note] = []
        for _ in range(3):
            problem = _consistency(self.model, data)
            if problem is None:
                work = self._work(data)
                return (work, tuple(repairs)) if work is not None else None
            if problem == "" or problem in protected:
                return None
            repaired = self._repair(data, problem)
            if repaired is None:
                return None
            data, note = repaired
            repairs.append(note)
            protected = protected | {problem}
        return None

    def _repair(self, data: Data, path: str) -> tuple[Data, Note] | None:
        before = get_path(data, path)
        spec = self._spec_of(path, before)
        if spec is None or not isinstance(before, int | float) or isinstance(before, bool):
            return None

        def passes(x: float) -> bool:
            return _consistency(self.model, set_path(data, path, spec.cast(x))) != path

        found = [v for v in (_search(passes, float(before), -1, spec),
                             _search(passes, float(before), 1, spec)) if v is not None]
        if not found:
            return None
        after = min(found, key=lambda v: abs(v - before))
        note = Note(
            vi=f"để số liệu nhất quán: {field_label(path, 'vi', self.kind)} "
               f"{number(before, 'vi')} → {number(after, 'vi')}",
            en=f"to stay consistent: {field_label(path, 'en', self.kind)} "
               f"{number(before, 'en')} → {number(after, 'en')}",
        )
        return set_path(data, path, after), note

    def _passes(self, changes: list[Change], criterion_id: str) -> bool:
        """Apply the changes to the original document and let the engine decide."""
        try:
            changed = apply_changes(self.original.doc, changes)
            result = evaluate(changed, self.rules, explanations=False)
        except InputError:
            return False
        return any(c.id == criterion_id and c.status == "pass" for c in result.criteria)

    # -- notes ---------------------------------------------------------------------------

    def _label(self, var: str, lang: Lang) -> str:
        definition = self.rules.derived.get(var)
        if definition is not None:
            return str(getattr(definition.spec.title, lang))
        return field_label(var, lang, self.kind)

    def _field_note(self, path: str, before: object, value: Value, target: Compare | None,
                    work: Work, changed: Work) -> Note:
        after = _json(value)
        if before is None:
            op = self._region(path, value, target, work) if target is not None else "="
            texts = {}
            wording: tuple[tuple[Lang, str, str], ...] = (
                ("vi", "thiếu", "nếu"), ("en", "missing", "with"))
            for lang, word, with_ in wording:
                shown = value_text(after, lang)
                region = f"{OP_TEXT[op]} {shown}" if op != "=" else (
                    f"là {shown}" if lang == "vi" else shown)
                texts[lang] = f"{word}: {field_label(path, lang, self.kind)} ({path}); " \
                              f"{with_} {region}"
            return Note(vi=texts["vi"], en=texts["en"], missing=True, conditional=True)
        ratio = self._ratio(path, target, work, changed) if target is not None else None
        texts = {}
        for lang in LANGS:
            moved = f"{value_text(before, lang)} → {value_text(after, lang)}"
            if isinstance(before, int | float) and isinstance(after, int | float) and not (
                    isinstance(before, bool) or isinstance(after, bool)):
                moved += f" ({signed(after - before, lang)})"
            texts[lang] = f"{field_label(path, lang, self.kind)}: {moved}"
            if ratio is not None:
                texts[lang] = f"{ratio[lang]}: {texts[lang]}"
        return Note(vi=texts["vi"], en=texts["en"])

    def _region(self, path: str, value: Value, target: Compare, work: Work) -> str:
        """Which values pass around the one chosen: "≥", "≤" or exactly "="."""
        kind = self.scope.symbols[path].type
        if kind == NUMBER and isinstance(value, int | float):
            spec = self._number_spec(path, work) or _Number(True, 0, 0)
            up = self.truth(target, work, {path: spec.cast(value + spec.step)}) is True
            down = (value - spec.step >= spec.lo
                    and self.truth(target, work, {path: spec.cast(value - spec.step)}) is True)
        elif kind.kind == "vocab" and kind.vocab is not None and isinstance(value, Vocabulary):
            order, _ = self._order(kind.vocab)
            i = order.index(value.value)
            up = i + 1 < len(order) and self.truth(
                target, work, {path: kind.vocab(order[i + 1])}) is True
            down = i > 0 and self.truth(target, work, {path: kind.vocab(order[i - 1])}) is True
        else:
            return "="
        return ">=" if up and not down else "<=" if down and not up else "="

    def _ratio(self, var: str, target: Compare, work: Work,
               changed: Work) -> dict[str, str] | None:
        """``a >= p * b`` (p a parameter, a share): "a/b: 91.2 % → 95 % (required 95 %)"."""
        shape = _share_shape(target, self.scope.symbols)
        if shape is None or var not in shape[:2]:
            return None
        a, b, p = shape
        share = self.edition.parameters[p].value
        old_a, old_b = self.lookup(work, {})(a), self.lookup(work, {})(b)
        new_a, new_b = self.lookup(changed, {})(a), self.lookup(changed, {})(b)
        numbers_ = (old_a, old_b, new_a, new_b, share)
        if not all(isinstance(x, int | float) and not isinstance(x, bool) for x in numbers_):
            return None
        if not old_b or not new_b:
            return None
        return {
            lang: f"{self._label(a, lang)} / {self._label(b, lang)}: "
                  f"{share_text(old_a / old_b, lang)} → "  # type: ignore[operator]
                  f"{share_text(new_a / new_b, lang)} "  # type: ignore[operator]
                  f"({'yêu cầu' if lang == 'vi' else 'required'} "
                  f"{share_text(float(share), lang)})"  # type: ignore[arg-type]
            for lang in LANGS
        }

    def _count_note(self, definition: DerivedDef, work: Work, changed: Work,
                    edits: list[tuple[int, str, object, Value]], target: Compare) -> Note:
        officials = getattr(work.doc, "officials", None) or []
        groups: dict[tuple[str, str], list[tuple[str, object]]] = {}
        for i, name, before, after in edits:
            groups.setdefault((name, str(_json(after))), []).append((officials[i].id, before))
        ratio = self._ratio(definition.name, target, work, changed)
        texts = {}
        for lang in LANGS:
            for_ = "cho" if lang == "vi" else "for"
            detail = "; ".join(
                f"{record_field_label(name, lang)} → {value_text(after, lang)} {for_} "
                + ", ".join(f"{rid} ({_shown(before, lang, missing=True)})"
                            for rid, before in records)
                for (name, after), records in groups.items()
            )
            moved = _moved(work, changed, definition.name, lang)
            head = f"{ratio[lang]}: {moved}" if ratio is not None else (
                f"{self._label(definition.name, lang)}: {moved}")
            texts[lang] = f"{head}: {detail}"
        missing = any(before is None for _, _, before, _ in edits)
        return Note(vi=texts["vi"], en=texts["en"], missing=missing)

    def _removal_note(self, definition: DerivedDef, work: Work, changed: Work,
                      ids: list[str]) -> Note:
        listed = ", ".join(ids)
        return Note(
            vi=f"bỏ {len(ids)} hồ sơ ({listed}): {self._label(definition.name, 'vi')} "
               f"{_moved(work, changed, definition.name, 'vi')}",
            en=f"remove {len(ids)} record(s) ({listed}): {self._label(definition.name, 'en')} "
               f"{_moved(work, changed, definition.name, 'en')}",
        )


# -- helpers ------------------------------------------------------------------------------


def _walk(node: object) -> Iterator[object]:
    yield node
    for value in getattr(node, "__dict__", {}).values():
        for child in value if isinstance(value, tuple) else (value,):
            if hasattr(child, "pos"):
                yield from _walk(child)


def _share_shape(node: Compare, symbols: Mapping[str, Any]) -> tuple[str, str, str] | None:
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


def _root(target: Compare, var: str, work: Work, search: Search, spec: _Number) -> float | None:
    """Where ``left - right`` crosses zero as ``var`` moves, if it moves linearly."""
    current = search.lookup(work, {})(var)
    x0 = float(current) if isinstance(current, int | float) and not isinstance(
        current, bool) else max(spec.lo, 0.0)

    def gap(x: float) -> float | None:
        interpreter = Interpreter(search.lookup(work, {var: spec.cast(x)}), search.ranks)
        left, right = interpreter.value(target.left), interpreter.value(target.right)
        if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in (left, right)):
            return None
        return float(left) - float(right)  # type: ignore[arg-type]

    g0, g1 = gap(x0), gap(x0 + spec.step)
    if g0 is None or g1 is None or g0 == g1:
        return None
    slope = (g1 - g0) / spec.step
    root = x0 - g0 / slope
    return root if math.isfinite(root) else None


def _search(passes: Callable[[float], bool], x0: float, direction: int,
            spec: _Number) -> int | float | None:
    """The passing value nearest ``x0`` going one way on the value grid (exponential then
    binary search: ~40 tests over a million values), or None within the bounds."""
    x0 = min(max(x0, spec.lo), spec.hi)
    if passes(x0):
        return spec.cast(x0)
    room = (spec.hi - x0) if direction > 0 else (x0 - spec.lo)
    limit = math.floor(room / spec.step + 1e-9)
    if limit <= 0:
        return None
    failed, k = 0, 1
    while True:
        k = min(k, limit)
        if passes(x0 + direction * k * spec.step):
            break
        if k == limit:
            return None
        failed, k = k, k * 2
    low, high = failed, k
    while high - low > 1:
        middle = (low + high) // 2
        if passes(x0 + direction * middle * spec.step):
            high = middle
        else:
            low = middle
    return spec.cast(x0 + direction * high * spec.step)


def _field_number(model: type[BaseModel], path: str, current: object) -> _Number | None:
    """Integer or decimal, and the bounds, of a numeric document field, from its model."""
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
    return _Number(base is int, lo, hi, decimals)


def _unwrap(annotation: object) -> tuple[object, list[Any]]:
    constraints: list[Any] = []
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


def _consistency(model: type[BaseModel], data: Data) -> str | None:
    """``None`` if valid; the field a consistency check names; ``""`` for any other error."""
    try:
        model.model_validate(data)
    except ValidationError as error:
        for item in error.errors():
            if item["type"] == "consistency":
                return str((item.get("ctx") or {}).get("path", ""))
        return ""
    return None


def _json(value: Value) -> object:
    if isinstance(value, Enum):
        return value.value
    return value


def _shown(value: object, lang: Lang, missing: bool = False) -> str:
    if value is None and missing:
        return "thiếu" if lang == "vi" else "missing"
    return value_text(_json(value), lang)


def _count_text(work: Work, name: str, lang: Lang) -> str:
    value = work.facts.values.get(name)
    if value is not None:
        return value_text(value, lang)
    derivation = work.facts.derivations.get(name)
    if derivation is not None and derivation.bounds is not None:
        lo, hi = derivation.bounds
        return f"{number(lo, lang)}–{number(hi, lang)}"
    return "?"


def _moved(work: Work, changed: Work, name: str, lang: Lang) -> str:
    """A count before and after: "8 → 11 (+3)" (bounds "1–2" when some records are unknown)."""
    before, after = work.facts.values.get(name), changed.facts.values.get(name)
    text = f"{_count_text(work, name, lang)} → {_count_text(changed, name, lang)}"
    if isinstance(before, int | float) and isinstance(after, int | float):
        text += f" ({signed(after - before, lang)})"
    return text


def _cost(before: Data, after: Data) -> int:
    """Fields changed, a removed record counting double (the last resort)."""
    return sum(2 if c.after is None and c.path.endswith("]") else 1
               for c in diff_changes(before, after))


def _prefixed(criterion_id: str, notes: Sequence[Note]) -> list[Note]:
    return [Note(vi=f"{criterion_id}: {n.vi}", en=f"{criterion_id}: {n.en}", missing=n.missing,
                 conditional=n.conditional) for n in notes]


def _counterfactual(target: str, notes: Sequence[Note], changes: list[Change], verified: bool,
                    still_missing: Sequence[str] = ()) -> Counterfactual:
    supplied = [c.path for c in changes if c.before is None]
    missing = supplied if verified else list(dict.fromkeys([*supplied, *still_missing]))
    vi = "; ".join(n.vi for n in notes)
    en = "; ".join(n.en for n in notes)
    if verified and len(notes) == 1 and notes[0].conditional:
        vi, en = f"{vi} thì đạt", f"{en} it passes"
    if not verified:
        vi += " (bộ máy quy tắc chưa xác nhận thay đổi này đủ để đạt)"
        en += " (not verified: the engine does not confirm it passes)"
    return Counterfactual(target=target, summary=Bilingual(vi=vi, en=en), changes=changes,
                          missing=missing, verified=verified)


def _nothing(target: str, missing: Sequence[str], kind: str) -> Counterfactual:
    """Said plainly when the search finds nothing (it never guesses)."""
    vi = ("Không tìm được thay đổi dữ liệu nào để đạt (không thay đổi các trường định danh: "
          "id, vai trò, chức danh, loại và hạng đơn vị)")
    en = ("No change of the input found that makes it pass (identity fields — id, role, post, "
          "unit type and class — are never changed)")
    if missing:
        labels = {lang: ", ".join(_missing_label(p, lang, kind) for p in missing)
                  for lang in LANGS}
        vi = (f"thiếu: {labels['vi']}; cần bổ sung trước (không tìm được giá trị nào cho riêng "
              "phần thiếu này để đạt; hồ sơ không bao giờ được tự tạo ra)")
        en = (f"missing: {labels['en']}; supply {'them' if len(missing) > 1 else 'it'} first "
              "(no value for the missing part alone was found that makes it pass; records "
              "are never invented)")
    return Counterfactual(target=target, summary=Bilingual(vi=vi, en=en), changes=[],
                          missing=list(missing), verified=False)


def _missing_label(path: str, lang: Lang, kind: str) -> str:
    label = field_label(path, lang, kind)
    return path if label == path else f"{label} ({path})"


# -- public -------------------------------------------------------------------------------


def counterfactuals(
    document: Document | Mapping[str, object] | str | bytes,
    ruleset: RuleSet | str | Path | None = None,
    *,
    source: str = "<document>",
    result: Result | None = None,
) -> Result:
    """The evaluation result with ``counterfactuals`` filled for every failed or unknown
    criterion and ``recognition`` set for a unit not recognised (a copy; ``result``: the
    evaluation already made, if any)."""
    doc = validate_document(document, source)
    rules = resolve_ruleset(ruleset)
    if result is None:
        result = evaluate(doc, rules, source=source)
    if all(c.status == "pass" for c in result.criteria):
        return result
    search = Search(doc, rules)
    criteria = [
        c if c.status == "pass" else c.model_copy(update={"counterfactuals": [
            *c.counterfactuals, search.criterion(c)]})
        for c in result.criteria
    ]
    return result.model_copy(update={"criteria": criteria,
                                     "recognition": search.recognition(result)})


def criterion_counterfactual(
    document: Document | Mapping[str, object] | str | bytes,
    criterion_id: str,
    ruleset: RuleSet | str | Path | None = None,
) -> Counterfactual | None:
    """The counterfactual of one criterion (``None`` when it passes already)."""
    doc = validate_document(document)
    rules = resolve_ruleset(ruleset)
    criterion = evaluate(doc, rules).criterion(criterion_id)
    if criterion.status == "pass":
        return None
    return Search(doc, rules).criterion(criterion)


__all__ = ["Note", "Search", "counterfactuals", "criterion_counterfactual"]
