"""The rules in force on one assessment day, compiled for the engine.

An :class:`Edition` is to a rule set what a dated consolidated text is to a law: for one day,
the parameter values in force (each with its reference), the criteria in force with the
condition and mandatory flag of that day, the criteria not in force (with the reason), and
one compiled :class:`Program` per document kind.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from ..condition import Expr, names, to_text
from ..errors import Problem, RuleSetError
from ..ruleset.dated import in_force
from ..ruleset.schema import Dated, Reference, Subject
from .compiler import AND, CompileError, Context, Pattern, Tri, compile_condition, describe
from .session import EngineRuleset

if TYPE_CHECKING:
    from ..ruleset.loader import CriterionDef, ParameterDef, RuleSet


@dataclass(frozen=True)
class ParameterInForce:
    name: str
    value: object
    since: dt.date
    until: dt.date | None
    reference: Reference | None
    definition: ParameterDef


@dataclass(frozen=True)
class ActiveCriterion:
    """A criterion in force: its condition and mandatory flag of the day."""

    definition: CriterionDef
    condition: Expr
    condition_since: dt.date
    condition_reference: Reference | None
    mandatory: bool
    mandatory_reference: Reference | None
    parameters: tuple[str, ...]  # parameters the condition reads
    inputs: tuple[str, ...]  # document fields and derived inputs the condition reads

    @property
    def id(self) -> str:
        return self.definition.id


@dataclass(frozen=True)
class Inactive:
    definition: CriterionDef
    reason_vi: str
    reason_en: str


@dataclass(frozen=True)
class RuleInfo:
    """What one engine rule means: which criterion, which status, what input it misses."""

    criterion: str
    status: str
    missing: str | None
    text: str


class Read(NamedTuple):
    """One value a program reads, its dotted path split once (a tuple: unpacked in a loop)."""

    path: str
    parents: tuple[str, ...]  # e.g. ("one_stop",) for "one_stop.procedures_total"
    leaf: str
    get: Callable[[object], object]  # attrgetter: raises AttributeError through a None parent
    to_engine: bool  # False: read only for the explanations

    @classmethod
    def of(cls, path: str, to_engine: bool) -> Read:
        *parents, leaf = path.split(".")
        return cls(path, tuple(parents), leaf, operator.attrgetter(path), to_engine)


@dataclass
class Program:
    """Compiled engine rules for one document kind on one day."""

    subject: Subject
    criteria: list[ActiveCriterion]
    definition: dict[str, dict[str, Any]]
    rules: dict[str, RuleInfo]
    inputs: tuple[str, ...]  # what the engine reads
    display_inputs: tuple[str, ...]  # what only the explanations read
    engine: EngineRuleset = field(repr=False)

    def __post_init__(self) -> None:
        self.all_inputs = (*self.inputs, *self.display_inputs)
        self.input_set = frozenset(self.inputs)
        self.reads = tuple(Read.of(path, path in self.input_set) for path in self.all_inputs)


@dataclass
class Edition:
    ruleset: RuleSet
    year: int
    day: dt.date
    parameters: dict[str, ParameterInForce]
    active: dict[Subject, list[ActiveCriterion]]
    inactive: dict[Subject, list[Inactive]]
    programs: dict[Subject, Program] = field(default_factory=dict)
    cache: dict[str, Any] = field(default_factory=dict, repr=False)  # for derived state

    @classmethod
    def build(cls, ruleset: RuleSet, year: int) -> Edition:
        month, day = (int(part) for part in ruleset.manifest.assessment_day.split("-"))
        on = dt.date(year, month, day)
        parameters = {}
        for name, definition in ruleset.parameters.items():
            entry = in_force(definition.spec.values, on)
            if entry is not None:
                parameters[name] = ParameterInForce(
                    name, entry.value, entry.from_, entry.to, entry.reference, definition
                )
        edition = cls(ruleset, year, on, parameters, {}, {})
        problems: list[Problem] = []
        for criterion in ruleset.criteria:
            subject = criterion.spec.subject
            edition.active.setdefault(subject, [])
            edition.inactive.setdefault(subject, [])
            try:
                outcome = edition._activate(criterion)
            except CompileError as error:
                line = criterion.condition_lines[0] if criterion.condition_lines else 0
                problems.append(
                    Problem(
                        str(criterion.where.file), line, f"{criterion.id} on {on}: {error.message}"
                    )
                )
                continue
            if isinstance(outcome, Inactive):
                edition.inactive[subject].append(outcome)
            else:
                edition.active[subject].append(outcome)
        if problems:
            raise RuleSetError(problems)
        for subject, active in edition.active.items():
            try:
                edition.programs[subject] = edition._compile(subject, active)
            except CompileError as error:
                raise RuleSetError([Problem(str(ruleset.directory), 0, error.message)]) from None
        return edition

    def _activate(self, criterion: CriterionDef) -> ActiveCriterion | Inactive:
        spec, on = criterion.spec, self.day
        period = spec.effective
        where = _cite(period.reference)
        if period.from_ is not None and on < period.from_:
            return Inactive(
                criterion,
                f"chưa có hiệu lực ngày {_vi(on)}: áp dụng từ {_vi(period.from_)}{where}",
                f"not in force on {on}: applies from {period.from_}{where}",
            )
        if period.to is not None and on > period.to:
            return Inactive(
                criterion,
                f"hết hiệu lực ngày {_vi(on)}: áp dụng đến {_vi(period.to)}{where}",
                f"not in force on {on}: applied until {period.to}{where}",
            )
        condition = in_force(criterion.conditions, on)
        if condition is None:
            return Inactive(
                criterion,
                f"không có điều kiện áp dụng ngày {_vi(on)}",
                f"no condition in force on {on}",
            )
        mandatory = in_force(criterion.mandatory, on)
        if mandatory is None:
            raise CompileError(f"no value of 'mandatory' in force on {on}")
        read = names(condition.value)
        scope = self.ruleset.scope(spec.subject)
        parameters = [n.path for n in read if scope.symbols[n.path].role == "parameter"]
        inputs = [n.path for n in read if scope.symbols[n.path].role in ("field", "derived")]
        for name in parameters:
            if name not in self.parameters:
                raise CompileError(f"parameter {name!r} has no value in force on {on}")
        return ActiveCriterion(
            criterion,
            condition.value,
            condition.from_,
            condition.reference,
            mandatory.value,
            mandatory.reference,
            tuple(dict.fromkeys(parameters)),
            tuple(dict.fromkeys(inputs)),
        )

    def parameter(self, name: str) -> object:
        found = self.parameters.get(name)
        if found is None:
            raise CompileError(f"parameter {name!r} has no value in force on {self.day}")
        return found.value

    def rating_ranks(self) -> dict[str, int] | None:
        """Rank of each rating word on the scale in force (words of one level rank equal)."""
        if "rating_ranks" not in self.cache:
            scale = self.parameters.get("rating_scale")
            self.cache["rating_ranks"] = None if scale is None or not isinstance(
                scale.value, list) else {
                word: rank
                for rank, level in enumerate(scale.value)
                for word in (level if isinstance(level, list) else [level])
            }
        ranks: dict[str, int] | None = self.cache["rating_ranks"]
        return ranks

    def _compile(self, subject: Subject, active: list[ActiveCriterion]) -> Program:
        scope = self.ruleset.scope(subject)
        ctx = Context(scope, self.parameter, self.rating_ranks())
        definition: dict[str, dict[str, Any]] = {}
        rules: dict[str, RuleInfo] = {}
        inputs: list[str] = []
        display: list[str] = []
        for criterion in active:
            try:
                tri = compile_condition(criterion.condition, ctx)
            except CompileError as error:
                file = criterion.definition.where.file
                line = criterion.definition.condition_lines[0]
                raise RuleSetError(
                    [
                        Problem(
                            str(file),
                            line,
                            f"{criterion.id}: {error.message} in {to_text(criterion.condition)!r}",
                        )
                    ]
                ) from None
            guard = _guard(subject, criterion)
            for status, patterns in _alternatives(tri):
                for k, (pattern, missing) in enumerate(patterns, start=1):
                    name = f"{criterion.id}:{status}:{k}"
                    definition[name] = {"all": [{"m": AND(*guard, pattern)}]}
                    rules[name] = RuleInfo(criterion.id, status, missing, describe(pattern))
            inputs.extend(criterion.inputs)
            for parts in criterion.definition.templates.parts.values():
                for part in parts:
                    if not isinstance(part, str):
                        display.extend(
                            n.path
                            for n in names(part.expr)
                            if n.path in scope.symbols
                            and scope.symbols[n.path].role in ("field", "derived")
                        )
        engine = EngineRuleset(
            f"{self.ruleset.name}-{self.year}-{subject}", definition, max_firings=len(rules) * 4 + 8
        )
        read = tuple(dict.fromkeys(inputs))
        shown = tuple(p for p in dict.fromkeys(display) if p not in read)
        return Program(subject, active, definition, rules, read, shown, engine)


def _alternatives(tri: Tri) -> list[tuple[str, list[tuple[Pattern, str | None]]]]:
    return [
        ("pass", [(p, None) for p in tri.true]),
        ("fail", [(p, None) for p in tri.false]),
        ("unknown", [(m.pattern, m.path) for m in tri.unknown]),
    ]


def _guard(subject: Subject, criterion: ActiveCriterion) -> list[Pattern]:
    guard: list[Pattern] = [{"kind": subject}]
    applies = criterion.definition.spec.applies_to
    if subject == "commune" and len(applies) < 3:
        options: list[Pattern] = [{"unit_type": unit.value} for unit in applies]
        guard.append(options[0] if len(options) == 1 else {"$or": options})
    return guard


def _cite(reference: Reference | None) -> str:
    return f" ({reference.document})" if reference is not None else ""


def _vi(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


__all__ = ["ActiveCriterion", "Dated", "Edition", "Inactive", "Program", "RuleInfo"]
