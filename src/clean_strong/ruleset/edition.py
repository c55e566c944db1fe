"""The rules in force on one assessment day.

An :class:`Edition` is to a rule set what a dated consolidated text is to a law: for one day,
the parameter values in force (each with its reference), the criteria in force with the
condition and mandatory flag of that day, and the criteria not in force (with the reason).
It is pure law: nothing here knows the engine; :mod:`clean_strong.engine.program` compiles
an edition for durable-rules.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..condition import Expr, names
from ..errors import Problem, RuleSetError
from ..words import Words, both
from ..words.format import date
from .dated import in_force
from .schema import Reference, Subject

if TYPE_CHECKING:
    from .definitions import CriterionDef, ParameterDef, RuleSet

RATING_SCALE = "rating_scale"


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
    references: tuple[Reference, ...] = ()  # the legal basis cited that day (Reference.from/to)

    @property
    def id(self) -> str:
        return self.definition.id


@dataclass(frozen=True)
class Inactive:
    definition: CriterionDef
    reason_vi: str
    reason_en: str


class _NotInForce(Exception):
    """A criterion in force reads something that has no value that day: ``words`` say what
    (Vietnamese, English)."""

    def __init__(self, words: Words) -> None:
        super().__init__(words[1])
        self.words = words


@dataclass(eq=False)
class Edition:
    ruleset: RuleSet
    year: int
    day: dt.date
    parameters: dict[str, ParameterInForce]
    active: dict[Subject, list[ActiveCriterion]]
    inactive: dict[Subject, list[Inactive]]
    rating_ranks: dict[str, int] | None
    """Rank of each rating word on the scale in force (words of one level rank equal)."""

    @classmethod
    def build(cls, ruleset: RuleSet, year: int) -> Edition:
        """The edition of ``year``; :class:`RuleSetError` if a criterion in force reads a value
        that has none that day."""
        on = ruleset.manifest.day_of(year)
        parameters = {}
        for name, definition in ruleset.parameters.items():
            entry = in_force(definition.spec.values, on)
            if entry is not None:
                parameters[name] = ParameterInForce(
                    name, entry.value, entry.from_, entry.to, entry.reference, definition
                )
        scale = parameters.get(RATING_SCALE)
        ranks = None if scale is None or not isinstance(scale.value, list) else {
            word: rank
            for rank, level in enumerate(scale.value)
            for word in (level if isinstance(level, list) else [level])
        }
        edition = cls(ruleset, year, on, parameters, {}, {}, ranks)
        problems: list[Problem] = []
        for criterion in ruleset.criteria:
            subject = criterion.spec.subject
            edition.active.setdefault(subject, [])
            edition.inactive.setdefault(subject, [])
            try:
                outcome = edition._activate(criterion)
            except _NotInForce as error:
                line = criterion.condition_lines[0] if criterion.condition_lines else 0
                problems.append(Problem.of(str(criterion.where.file), line, both(
                    "rulefile.edition.not_in_force", id=criterion.id, day=_day(on),
                    problem=error.words)))
                continue
            if isinstance(outcome, Inactive):
                edition.inactive[subject].append(outcome)
            else:
                edition.active[subject].append(outcome)
        if problems:
            raise RuleSetError(problems)
        return edition

    def _activate(self, criterion: CriterionDef) -> ActiveCriterion | Inactive:
        spec, on = criterion.spec, self.day
        period = spec.effective
        where = _cite(period.reference)
        if period.from_ is not None and on < period.from_:
            return Inactive(criterion, *both("evaluation.not_yet", day=_day(on),
                                             since=_day(period.from_), where=where))
        if period.to is not None and on > period.to:
            return Inactive(criterion, *both("evaluation.no_longer", day=_day(on),
                                             until=_day(period.to), where=where))
        condition = in_force(criterion.conditions, on)
        if condition is None:
            return Inactive(criterion, *both("evaluation.no_condition", day=_day(on)))
        mandatory = in_force(criterion.mandatory, on)
        if mandatory is None:
            raise _NotInForce(both("rulefile.edition.no_mandatory", day=_day(on)))
        read = names(condition.value)
        scope = self.ruleset.scope(spec.subject)
        parameters = [n.path for n in read if scope.symbols[n.path].role == "parameter"]
        inputs = [n.path for n in read if scope.symbols[n.path].role in ("field", "derived")]
        for name in parameters:
            if name not in self.parameters:
                raise _NotInForce(both("rulefile.edition.no_parameter", name=repr(name),
                                       day=_day(on)))
        return ActiveCriterion(
            criterion,
            condition.value,
            condition.from_,
            condition.reference,
            mandatory.value,
            mandatory.reference,
            tuple(dict.fromkeys(parameters)),
            tuple(dict.fromkeys(inputs)),
            tuple(r for r in spec.basis.references if r.cited_on(on)),
        )

    def value(self, name: str) -> object:
        """A parameter's value in force (``None`` when it has none that day)."""
        found = self.parameters.get(name)
        return found.value if found is not None else None


def _day(day: dt.date) -> tuple[str, str]:
    return date(day, "vi"), date(day, "en")


def _cite(reference: Reference | None) -> str:
    return f" ({reference.document})" if reference is not None else ""


__all__ = ["ActiveCriterion", "Edition", "Inactive", "ParameterInForce"]
