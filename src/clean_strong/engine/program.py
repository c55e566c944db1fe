"""An edition of the rules compiled for durable-rules: one :class:`Program` per document kind.

Each criterion in force becomes its pass, fail and unknown rules (:mod:`.compiler`), guarded by
the document kind and the unit types it applies to; :class:`RuleInfo` says what each engine
rule means, so the firings can be read back as statuses and a trace.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from ..condition import names, to_text
from ..errors import Problem, RuleSetError
from ..ruleset.edition import ActiveCriterion, Edition
from ..ruleset.schema import Subject
from ..words import both
from ..words.format import date
from .compiler import Context, Tri, compile_condition
from .patterns import AND, CompileError, Pattern, describe
from .session import EngineRuleset


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


def compile_edition(edition: Edition) -> dict[Subject, Program]:
    """One program per document kind with criteria in force; :class:`RuleSetError` naming the
    rule file and line when a condition cannot be decided by the engine."""
    try:
        return {subject: _compile(edition, subject, active)
                for subject, active in edition.active.items()}
    except CompileError as error:
        raise RuleSetError([Problem.of(str(edition.ruleset.directory), 0, error.words)]
                           ) from None


def _compile(edition: Edition, subject: Subject, active: list[ActiveCriterion]) -> Program:
    scope = edition.ruleset.scope(subject)

    def parameter(name: str) -> object:
        found = edition.parameters.get(name)
        if found is None:
            raise CompileError(both("rulecheck.compile.no_parameter_value", name=repr(name),
                                    day=(date(edition.day, "vi"), str(edition.day))))
        return found.value

    ctx = Context(scope, parameter, edition.rating_ranks)
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
            raise RuleSetError([Problem.of(str(file), line, both(
                "rulecheck.compile.in_condition", criterion=criterion.id, problem=error.words,
                condition=repr(to_text(criterion.condition))))]) from None
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
    ruleset = edition.ruleset
    engine = EngineRuleset(
        f"{ruleset.name}-{edition.year}-{subject}", definition, max_firings=len(rules) * 4 + 8
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


__all__ = ["Program", "Read", "RuleInfo", "compile_edition"]
