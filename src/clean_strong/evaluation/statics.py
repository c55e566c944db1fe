"""What every result of one edition shares, built once with the edition, before any commune.

Titles, legal bases, parameters that are not table look-ups, not-applicable lists, verdict
labels, explanation templates with their parameter holes already written, the input value of
each word of a closed domain (yes/no, a vocabulary) and the trace step of each engine rule at
each position: all frozen values, shared by every :class:`~clean_strong.result.Result` of the
edition. Nothing is cached as communes come; a result only adds what its document decides.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from ..condition import Evaluator, Symbol, to_text
from ..condition.ast import Expr, Index
from ..condition.template import Part, fix_constants
from ..engine.program import Program
from ..models.labels import capitalised, field_label, has_label
from ..models.vocab import UnitType
from ..result import (
    Bilingual,
    InputValue,
    LegalBasis,
    NotApplicable,
    ParameterValue,
    RulesetInfo,
    TraceStep,
    Verdict,
)
from ..ruleset import ActiveCriterion, Edition, Inactive
from ..ruleset.schema import Reference, Subject
from ..words import LANGS, both, lang_of, say
from ..words.format import format_value, label

VERDICTS: tuple[Verdict, ...] = ("recognised", "not_recognised", "undetermined")


@dataclass(frozen=True)
class InputSpec:
    """What every result shows of one input but its value; for a document field of a closed
    domain, the InputValue of each of its values (``None`` included)."""

    path: str
    source: str  # "document" | "derived"
    title: Bilingual | None
    closed: dict[object, InputValue] | None


@dataclass(frozen=True)
class CriterionStatics:
    """What a criterion's result shares across every document of one edition."""

    active: ActiveCriterion
    title: Bilingual
    group: str | None
    applies_to: frozenset[str]
    legal_basis: LegalBasis
    fixed_parameters: dict[str, ParameterValue]
    tables: tuple[tuple[Index, ParameterValue], ...]  # looked up by the document's own keys
    templates: dict[tuple[str, str], list[Part]]  # (status, lang): parameters written out
    id: str = ""  # the active criterion's, kept as a field: read for every document
    mandatory: bool = False
    inputs: tuple[str, ...] = ()
    subject: Subject = "commune"

    def __post_init__(self) -> None:
        object.__setattr__(self, "id", self.active.id)
        object.__setattr__(self, "subject", self.active.definition.spec.subject)
        object.__setattr__(self, "mandatory", self.active.mandatory)
        object.__setattr__(self, "inputs", self.active.inputs)

    @classmethod
    def build(cls, active: ActiveCriterion, edition: Edition) -> CriterionStatics:
        spec = active.definition.spec
        tables = {node.table.path: node for node in _walk(active.condition)
                  if isinstance(node, Index)}
        fixed: dict[str, ParameterValue] = {}
        table_list: list[tuple[Index, ParameterValue]] = []
        for name in active.parameters:
            found = edition.parameters[name]
            value = found.value
            parameter = ParameterValue(
                value=value if isinstance(value, list) else plain(value),
                title=Bilingual(vi=found.definition.spec.title.vi,
                                en=found.definition.spec.title.en),
                since=found.since.isoformat(),
                until=found.until.isoformat() if found.until else None,
                reference=reference_data(found.reference),
            )
            if name in tables:
                table_list.append((tables[name], parameter))
            else:
                fixed[name] = parameter
        basis = spec.basis
        legal_basis = LegalBasis(
            confidence=basis.confidence,
            provisional=provisional(active, edition),
            references=[r for r in (reference_data(x) for x in active.references) if r is not None],
            note=Bilingual(vi=basis.note.vi, en=basis.note.en) if basis.note else None,
            text=Bilingual(vi=basis.text.vi, en=basis.text.en) if basis.text else None,
            condition=to_text(active.condition),
            condition_reference=reference_data(active.condition_reference),
            mandatory_reference=reference_data(active.mandatory_reference),
        )
        constants = Evaluator(edition.value, edition.rating_ranks or {})
        templates = {
            (status, lang): fix_constants(parts, edition.parameters.__contains__, constants,
                                          lang_of(lang))
            for (status, lang), parts in active.definition.templates.parts.items()
        }
        return cls(active, Bilingual(vi=spec.title.vi, en=spec.title.en), spec.group,
                   frozenset(spec.applies_to), legal_basis, fixed, tuple(table_list), templates)


@dataclass(frozen=True)
class SubjectStatics:
    """The shared parts of the results of one document kind."""

    criteria: tuple[CriterionStatics, ...]
    inputs: tuple[InputSpec, ...]
    labels: dict[Verdict, Bilingual]
    not_applicable: dict[UnitType | None, list[NotApplicable]]  # by unit type (communes)


@dataclass(frozen=True)
class Statics:
    """Every shared part of one edition's results."""

    subjects: dict[Subject, SubjectStatics]
    ruleset: RulesetInfo
    # (step, rule) -> its TraceStep, for the steps a result can have (up to its criteria)
    steps: dict[tuple[int, str], TraceStep]

    @classmethod
    def build(cls, edition: Edition, programs: dict[Subject, Program]) -> Statics:
        subjects: dict[Subject, SubjectStatics] = {}
        manifest = edition.ruleset.manifest
        for subject, actives in edition.active.items():
            scope = edition.ruleset.scope(subject)
            read = dict.fromkeys(path for active in actives for path in active.inputs)
            named = manifest.verdict_labels.get(subject, {})
            labels: dict[Verdict, Bilingual] = {}
            for verdict in VERDICTS:
                label = named.get(verdict)
                vi, en = (label.vi, label.en) if label else both(f"evaluation.verdict.{verdict}")
                labels[verdict] = Bilingual(vi=vi, en=en)
            unit_types: list[UnitType | None] = (
                list(UnitType) if subject == "commune" else [None])
            subjects[subject] = SubjectStatics(
                criteria=tuple(CriterionStatics.build(active, edition) for active in actives),
                inputs=tuple(_input(path, scope.symbols[path], subject, edition)
                             for path in read),
                labels=labels,
                not_applicable={t: _not_applicable(edition, subject, t) for t in unit_types},
            )
        info = RulesetInfo(
            name=edition.ruleset.name,
            version=edition.ruleset.version,
            hash=edition.ruleset.hash,
            assessment_day=edition.day.isoformat(),
            disclaimer=Bilingual(vi=manifest.disclaimer.vi, en=manifest.disclaimer.en),
        )
        steps = {
            (step, name): TraceStep.build(
                step=step, rule=name, criterion=rule.criterion, status=rule.status,
                matched=rule.text, missing=rule.missing,
            )
            for subject, program in programs.items()
            for name, rule in program.rules.items()
            for step in range(1, len(edition.active[subject]) + 1)
        }
        return cls(subjects, info, steps)


def _input(path: str, symbol: Symbol, subject: Subject, edition: Edition) -> InputSpec:
    source = "derived" if symbol.role == "derived" else "document"
    title = input_title(path, source, subject, edition)
    kind = symbol.type
    domain: list[object] | None = (
        [False, True] if kind.kind == "boolean" else list(kind.vocab) if kind.vocab else None)
    if source == "derived" or domain is None:
        return InputSpec(path, source, title, None)
    closed = {
        value: InputValue(value=plain(value), missing=value is None, source=source, title=title)
        for value in [None, *domain]
    }
    return InputSpec(path, source, title, closed)


def input_title(path: str, source: str, subject: Subject, edition: Edition) -> Bilingual | None:
    """What an input is called in both languages: a derived input by its title in the rule
    set, a document field by its label in the catalogue."""
    if source == "derived":
        derived = edition.ruleset.derived.get(path)
        if derived is None:
            return None
        return Bilingual(vi=derived.spec.title.vi, en=derived.spec.title.en)
    if not has_label(path, subject):
        return None
    return Bilingual(vi=capitalised(field_label(path, "vi", subject)),
                     en=capitalised(field_label(path, "en", subject)))


@functools.cache  # worded once for each cell documents pick
def cell_title(title: Bilingual, keys: tuple[tuple[str, object], ...], subject: Subject
               ) -> Bilingual:
    """The title of one cell of a table parameter, with the words of the keys that pick it:
    ``headcount_cap[xa][II]`` → "… (xã, loại II)", ``police_cap_reduction[True]`` → "… (Trưởng
    Công an xã là công an chính quy: có)". The result JSON keeps the key as written."""
    out: list[str] = []
    for lang in LANGS:
        words = []
        for path, value in keys:
            if isinstance(value, bool) or value is None:
                words.append(say("evaluation.table_flag", lang,
                                 field=field_label(path, lang, subject),
                                 value=format_value(value, "", lang)))
            else:
                words.append(format_value(value, "label", lang))
        out.append(say("evaluation.table_cell", lang, title=getattr(title, lang),
                       keys=", ".join(words)))
    return Bilingual(vi=out[0], en=out[1])


def provisional(active: ActiveCriterion, edition: Edition) -> bool:
    """Confidence U anywhere this criterion rests on, on the assessment day: its basis, its
    condition or mandatory flag of the day, or a parameter value it reads (e.g. PL-01's
    80-point rule under QĐ 619, CB-01's believed transition)."""
    references = [active.condition_reference, active.mandatory_reference]
    references += [edition.parameters[name].reference for name in active.parameters]
    return active.definition.spec.basis.confidence == "U" or any(
        r is not None and r.confidence == "U" for r in references)


def _not_applicable(
    edition: Edition, kind: Subject, unit_type: UnitType | None
) -> list[NotApplicable]:
    """Criteria not in force that day, and those in force that do not apply to the unit type
    (the engine's guard skips them), by id."""
    inactive: list[Inactive] = edition.inactive.get(kind, [])
    out = [
        NotApplicable(
            id=i.definition.id,
            title=Bilingual(vi=i.definition.spec.title.vi, en=i.definition.spec.title.en),
            reason=Bilingual(vi=i.reason_vi, en=i.reason_en),
        )
        for i in inactive
    ]
    if unit_type is not None:
        for active in edition.active.get(kind, []):
            spec = active.definition.spec
            if unit_type not in spec.applies_to:
                kinds = tuple(", ".join(label(u.value, lang) for u in spec.applies_to)
                              for lang in LANGS)
                vi, en = both("evaluation.applies_only", kinds=kinds)
                out.append(NotApplicable(
                    id=spec.id,
                    title=Bilingual(vi=spec.title.vi, en=spec.title.en),
                    reason=Bilingual(vi=vi, en=en),
                ))
    return sorted(out, key=lambda n: n.id)


def _walk(node: Expr) -> list[Expr]:
    found: list[Expr] = [node]
    for value in node.__dict__.values():
        for child in value if isinstance(value, tuple) else (value,):
            if hasattr(child, "pos"):
                found.extend(_walk(child))
    return found


def reference_data(reference: Reference | None) -> dict[str, str] | None:
    """A reference as results cite it: ``from``/``to`` say which days cite it, so the result
    of one day, citing it, leaves them out; its note in Vietnamese (``note``) and English
    (``note_en``)."""
    if reference is None:
        return None
    dumped = reference.model_dump(exclude_none=True, by_alias=True,
                                  exclude={"from_", "to", "note"})
    found = {k: str(v) for k, v in dumped.items()}
    if reference.note is not None:
        found["note"] = reference.note.vi
        found["note_en"] = reference.note.en
    return found


_NUMBERS = (bool, int, float)  # isinstance with a tuple is quicker than with a union


def plain(value: object) -> bool | int | float | str | None:
    """A value as JSON shows it: a vocabulary word as its plain text."""
    if value is None or isinstance(value, _NUMBERS):
        return value
    if isinstance(value, str):
        return str(value)  # a vocabulary word (a StrEnum) as plain text
    return str(value.value) if hasattr(value, "value") else str(value)


__all__ = [
    "CriterionStatics",
    "InputSpec",
    "Statics",
    "SubjectStatics",
    "cell_title",
    "input_title",
    "plain",
    "provisional",
    "reference_data",
]
