"""``evaluate``: one document through the engine into a :class:`Result`.

The engine decides every criterion's status; Python then only collects what fired, checks
that the engine gave each criterion exactly one status (anything else is an
:class:`EngineError`, never a guess), folds the verdict and renders the explanations.

The verdict fold is plain Python, by three-valued (Kleene) logic over the mandatory criteria:
any ``fail`` → ``not_recognised``; else any ``unknown`` → ``undetermined``; else
``recognised``. (It needs no threshold, only the statuses the engine decided.)
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import orjson
import pydantic_core
from pydantic import BaseModel

from . import facts as factsmod
from .condition import Interpreter, to_text
from .condition.ast import Index
from .condition.template import Bounds, Part, fix_constants, render
from .condition.types import Symbol
from .documents import Document, validate_document
from .errors import EngineError, InputError
from .models import Commune
from .models.vocab import UnitType
from .result import (
    Bilingual,
    CriterionResult,
    InputValue,
    LegalBasis,
    NotApplicable,
    Out,
    ParameterValue,
    Provenance,
    Result,
    RulesetInfo,
    Status,
    TraceStep,
    Unit,
    Verdict,
    construct,
    model_json,
)
from .ruleset.loader import RuleSet, load_ruleset
from .ruleset.schema import Reference, Subject

if TYPE_CHECKING:
    from .engine.edition import ActiveCriterion, Edition, Program

DEFAULT_RULESET = "dien-bien-2019"

_rulesets: dict[str, RuleSet] = {}


def default_ruleset(name: str = DEFAULT_RULESET) -> RuleSet:
    """Bundled rule sets are loaded once per process."""
    if name not in _rulesets:
        _rulesets[name] = load_ruleset(name)
    return _rulesets[name]


def resolve_ruleset(ruleset: RuleSet | str | Path | None) -> RuleSet:
    """A rule set from an object, a bundled name, or a directory."""
    if isinstance(ruleset, RuleSet):
        return ruleset
    if ruleset is None or (isinstance(ruleset, str) and "/" not in ruleset):
        return default_ruleset(ruleset or DEFAULT_RULESET)
    return load_ruleset(ruleset)


def evaluate(
    document: Document | Mapping[str, object] | str | bytes,
    ruleset: RuleSet | str | Path | None = None,
    *,
    source: str = "<document>",
    explanations: bool = True,
) -> Result:
    """Evaluate one commune or province report under ``ruleset`` (default: the bundled one).

    ``explanations=False`` leaves the explanation texts empty (for bulk runs that only need
    statuses); everything else, the trace included, is the same.
    """
    result: Result = _result(*_run(document, ruleset, source), explanations, _OBJECTS)
    return result


def evaluate_data(
    document: Document | Mapping[str, object] | str | bytes,
    ruleset: RuleSet | str | Path | None = None,
    *,
    source: str = "<document>",
    explanations: bool = True,
) -> dict[str, Any]:
    """The same evaluation as plain JSON data: ``evaluate(...).model_dump(mode="json")``.

    For output that is only written (``batch``): it skips building ~100 pydantic objects, and
    ``json_bytes`` of it is ``Result.to_json()`` byte for byte (tests check both paths agree).
    """
    data: dict[str, Any] = _result(*_run(document, ruleset, source), explanations, _DATA)
    return data


def json_bytes(data: dict[str, Any]) -> bytes:
    """:meth:`Result.to_json` of :func:`evaluate_data`'s output, as UTF-8 bytes.

    orjson writes these lines ~5× faster than pydantic-core's generic ``to_json`` and the same
    bytes (key order, shortest float text, raw UTF-8, the same escapes: tested on the data
    sets and on edge values); what it refuses (an integer beyond 64 bits) pydantic-core writes.
    """
    try:
        return orjson.dumps(data)
    except orjson.JSONEncodeError:
        return pydantic_core.to_json(data)


def _run(
    document: Document | Mapping[str, object] | str | bytes,
    ruleset: RuleSet | str | Path | None,
    source: str,
) -> tuple[Document, Edition, Program, factsmod.Facts, list[str]]:
    """Validate, prepare the fact and let the engine decide: the rules that fired, in order."""
    doc = validate_document(document, source)
    rules = resolve_ruleset(ruleset)
    year = doc.assessment_year if isinstance(doc, Commune) else doc.year
    years = rules.manifest.years
    if not years.from_ <= year <= years.to:
        where = "assessment_year" if isinstance(doc, Commune) else "year"
        raise InputError(
            source, where,
            f"{year} is outside the years this rule set covers ({years.from_}–{years.to})",
        )
    edition: Edition = rules.in_force(year)
    program = edition.programs.get(doc.kind)
    if program is None:
        raise EngineError(f"{rules.name}: no criteria for a {doc.kind} in force in {year}")
    try:
        prepared = factsmod.build(doc, program, edition)
    except InputError as error:
        raise InputError(source, error.path, error.message) from None
    return doc, edition, program, prepared, program.engine.fire(prepared.json())


def _fields(cls: type[Out], **fields: Any) -> dict[str, Any]:
    return fields


@dataclass(frozen=True)
class _Form:
    """How a result is assembled: as pydantic objects (the API), or as the plain JSON data
    that ``model_dump(mode="json")`` of those objects gives (output that is only written)."""

    data: bool
    node: Callable[..., Any]  # (model, **fields in the model's order) -> one computed part

    def static(self, shared: _Shared, part: Out) -> Any:
        """A part shared by every document of the edition (its data dumped once)."""
        return shared.dumped[id(part)] if self.data else part


_OBJECTS, _DATA = _Form(data=False, node=construct), _Form(data=True, node=_fields)


def _result(
    doc: Document,
    edition: Edition,
    program: Program,
    prepared: factsmod.Facts,
    fired: list[str],
    explanations: bool,
    form: _Form,
) -> Any:
    statics = _statics(edition)
    rules = program.rules
    node = form.node
    by_criterion: dict[str, list[str]] = {id_: [] for id_ in statics.ids[program.subject]}
    trace: list[Any] = []
    steps = statics.steps if not form.data else {}
    for step, name in enumerate(dict.fromkeys(fired), 1):  # $or branches may fire a rule twice
        info = rules[name]
        by_criterion[info.criterion].append(name)
        found = steps.get((step, name))
        if found is None:
            found = node(
                TraceStep, step=step, rule=name, criterion=info.criterion,
                status=info.status, matched=info.text, missing=info.missing,
            )
        trace.append(found)
    interpreter = Interpreter(_lookup(doc, edition, prepared), edition.rating_ranks() or {})
    # one InputValue per value the engine read, shared by the criteria that read it
    values = prepared.values
    derivations: Mapping[str, Any] = prepared.derivations
    if form.data:  # a Derivation holds plain values only: its fields are its data
        derivations = {path: d.__dict__ for path, d in prepared.derivations.items()}
    inputs = {}
    for path, source, title, closed in statics.inputs[program.subject]:
        value = values[path]
        if closed is not None and (shown := closed.get(value)) is not None:
            inputs[path] = form.static(statics, shown)
            continue
        inputs[path] = node(
            InputValue, value=value if value.__class__ in _AS_IS else _plain(value),
            missing=value is None, source=source, title=title, derivation=derivations.get(path),
        )
    context = _Context(
        inputs, interpreter, explanations, form, statics, form.static(statics, _NO_EXPLANATION),
        holes={},
    )
    unit_type = doc.unit_type if isinstance(doc, Commune) else None
    criteria: list[Any] = []
    mandatory: list[Status] = []  # the statuses of the mandatory criteria
    provisional: list[str] = []
    missing_inputs: list[str] = []
    for active, static in statics.programs[program.subject]:
        if unit_type is not None and unit_type not in static.applies_to:
            continue  # guarded out in the engine; listed under not_applicable
        fired_here = by_criterion[static.id]
        if len(fired_here) != 1:
            _check_agree(static.id, fired_here, program)
        status: Status = rules[fired_here[0]].status  # type: ignore[assignment]
        missing: list[str] = []
        if status == "unknown":
            missing = _missing(fired_here, program, prepared)
            missing_inputs.extend(missing)
        criteria.append(static.result(active, status, missing, fired_here, context))
        if active.mandatory:
            mandatory.append(status)
        if static.legal_basis.provisional:
            provisional.append(static.id)
    verdict = _verdict(mandatory)
    return form.node(
        Result,
        verdict=verdict,
        verdict_label=form.static(statics, statics.labels[f"{doc.kind}:{verdict}"]),
        unit=_unit(doc, form),
        year=edition.year,
        ruleset=form.static(statics, statics.ruleset),
        criteria=criteria,
        not_applicable=[form.static(statics, n)
                        for n in statics.not_applicable[doc.kind, unit_type]],
        missing_inputs=list(dict.fromkeys(missing_inputs)),
        provisional=provisional,
        trace=trace,
        provenance=form.node(
            Provenance,
            library_version=_version("clean-strong"),
            engine=f"durable-rules {_version('durable-rules')}",
            input_hash=input_hash(doc),
        ),
        recognition=None,
    )


def _verdict(mandatory: list[Status]) -> Verdict:
    if "fail" in mandatory:
        return "not_recognised"
    if "unknown" in mandatory:
        return "undetermined"
    return "recognised"


def _check_agree(criterion: str, fired: list[str], program: Program) -> None:
    """Several rules of one criterion (an $or, or pass by two routes) must agree on a status;
    none at all is an engine fault too."""
    decided = {program.rules[name].status for name in fired}
    if len(decided) != 1:
        raise EngineError(
            f"{criterion}: the engine decided {sorted(decided) or 'nothing'} "
            f"(rules {', '.join(fired) or 'none'}); expected exactly one status"
        )


def _missing(fired: list[str], program: Program, prepared: factsmod.Facts) -> list[str]:
    """The inputs the engine found missing, expanded to the records behind a derived input."""
    out: list[str] = []
    for name in fired:
        path = program.rules[name].missing
        if path is not None:
            out.extend(prepared.missing_detail.get(path) or [path])
    return list(dict.fromkeys(out))


_NO_EXPLANATION = Bilingual.build(vi="", en="")


@dataclass(frozen=True)
class _Static:
    """What a criterion's result shares across every document of one edition."""

    id: str
    title: Bilingual
    group: str | None
    applies_to: frozenset[str]
    legal_basis: LegalBasis
    fixed_parameters: dict[str, ParameterValue]
    tables: tuple[tuple[Index, ParameterValue], ...]
    inputs: tuple[str, ...]
    templates: dict[tuple[str, str], list[Part]]  # (status, lang): parameters written out

    @classmethod
    def build(cls, active: ActiveCriterion, edition: Edition) -> _Static:
        spec = active.definition.spec
        tables: dict[str, Index] = {}
        for node in _walk(active.condition):
            if isinstance(node, Index):
                tables[node.table.path] = node
        fixed: dict[str, ParameterValue] = {}
        table_list: list[tuple[Index, ParameterValue]] = []
        for name in active.parameters:
            found = edition.parameters[name]
            value = found.value
            parameter = ParameterValue(
                value=value if isinstance(value, list) else _plain(value),
                title=found.definition.spec.title.en,
                since=found.since.isoformat(),
                until=found.until.isoformat() if found.until else None,
                reference=_ref(found.reference),
            )
            if name in tables:
                table_list.append((tables[name], parameter))
            else:
                fixed[name] = parameter
        basis = spec.basis
        legal_basis = LegalBasis(
            confidence=basis.confidence,
            provisional=_provisional(active, edition),
            references=[r for r in (_ref(x) for x in basis.references) if r is not None],
            note=basis.note,
            text=Bilingual(vi=basis.text.vi, en=basis.text.en) if basis.text else None,
            condition=to_text(active.condition),
            condition_reference=_ref(active.condition_reference),
            mandatory_reference=_ref(active.mandatory_reference),
        )
        constants = Interpreter(
            lambda name: edition.parameters[name].value if name in edition.parameters else None,
            edition.rating_ranks() or {},
        )
        templates = {
            (status, lang): fix_constants(parts, edition.parameters.__contains__, constants, lang)
            for (status, lang), parts in active.definition.templates.parts.items()
        }
        return cls(active.id, Bilingual(vi=spec.title.vi, en=spec.title.en), spec.group,
                   frozenset(spec.applies_to), legal_basis, fixed, tuple(table_list),
                   active.inputs, templates)

    def result(
        self, active: ActiveCriterion, status: Status, missing: list[str], fired: list[str],
        context: _Context,
    ) -> Any:
        form, interpreter = context.form, context.interpreter
        explanation = context.no_explanation
        if context.explanations:
            explanation = form.node(
                Bilingual,
                vi=render(self.templates[status, "vi"], interpreter, "vi", missing, context.holes),
                en=render(self.templates[status, "en"], interpreter, "en", missing, context.holes),
            )
        title, legal_basis, fixed = context.shared.heads[form.data][self.id]
        parameters = dict(fixed)
        for node, parameter in self.tables:
            keys = "".join(f"[{_plain(interpreter.lookup(k.path))}]" for k in node.keys)
            fields = form.static(context.shared, parameter) if form.data else parameter.__dict__
            parameters[node.table.path + keys] = form.node(
                ParameterValue, **{**fields, "value": _plain(interpreter.value(node))})
        shared_inputs = context.inputs
        return form.node(
            CriterionResult,
            id=self.id,
            title=title,
            group=self.group,
            status=status,
            mandatory=active.mandatory,
            explanation=explanation,
            legal_basis=legal_basis,
            inputs={path: shared_inputs[path] for path in self.inputs},
            parameters=parameters,
            missing_inputs=missing,
            rules_fired=fired,
            counterfactuals=[],
        )

    def parts(self) -> list[Out]:
        """Its parts shared by every document (dumped once for the data form)."""
        return [self.title, self.legal_basis, *self.fixed_parameters.values(),
                *(parameter for _, parameter in self.tables)]


# path, source, title, and for a closed domain the InputValue of each value
_InputSpec = tuple[str, str, str | None, dict[object, InputValue] | None]


class _Context(NamedTuple):
    """What every criterion's result reads from one evaluation."""

    inputs: dict[str, Any]  # path -> its InputValue (or data), shared by the criteria
    interpreter: Interpreter
    explanations: bool
    form: _Form
    shared: _Shared
    no_explanation: Any
    holes: dict[str, object]  # explanation hole values: both languages, every criterion


@dataclass(frozen=True)
class _Shared:
    """Result parts shared by every document of one edition, built once."""

    programs: dict[str, tuple[tuple[ActiveCriterion, _Static], ...]]  # by subject
    ids: dict[str, tuple[str, ...]]  # criterion ids in force, by subject
    inputs: dict[str, tuple[_InputSpec, ...]]
    labels: dict[str, Bilingual]  # "<subject>:<verdict>"
    ruleset: RulesetInfo
    not_applicable: dict[tuple[Subject, UnitType | None], list[NotApplicable]]  # kind, type
    dumped: dict[int, Any] = field(default_factory=dict)  # id(part) -> its JSON data
    # (step, rule) -> its TraceStep: a value (frozen, scalars only), built with the edition
    # for the steps a result usually has (up to its number of criteria), shared by results
    steps: dict[tuple[int, str], TraceStep] = field(default_factory=dict)
    # by form (data?) and criterion id: its title, legal basis and fixed parameters
    heads: dict[bool, dict[str, tuple[Any, Any, dict[str, Any]]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        parts: list[Out] = [_NO_EXPLANATION, self.ruleset, *self.labels.values()]
        parts += [n for listed in self.not_applicable.values() for n in listed]
        parts += [p for program in self.programs.values() for _, c in program for p in c.parts()]
        parts += [v for specs in self.inputs.values() for *_, closed in specs if closed
                  for v in closed.values()]
        # keyed by identity: every part lives as long as this object, so no id is reused
        self.dumped.update((id(part), part.model_dump(mode="json")) for part in parts)
        statics = [c for program in self.programs.values() for _, c in program]
        self.heads[False] = {c.id: (c.title, c.legal_basis, c.fixed_parameters) for c in statics}
        self.heads[True] = {
            c.id: (
                self.dumped[id(c.title)],
                self.dumped[id(c.legal_basis)],
                {name: self.dumped[id(p)] for name, p in c.fixed_parameters.items()},
            )
            for c in statics
        }


def _statics(edition: Edition) -> _Shared:
    found = edition.cache.get("statics")
    if isinstance(found, _Shared):
        return found
    programs: dict[str, tuple[tuple[ActiveCriterion, _Static], ...]] = {}
    inputs: dict[str, tuple[_InputSpec, ...]] = {}
    labels: dict[str, Bilingual] = {}
    not_applicable: dict[tuple[Subject, UnitType | None], list[NotApplicable]] = {}
    for subject, actives in edition.active.items():
        programs[subject] = tuple((active, _Static.build(active, edition)) for active in actives)
        scope = edition.ruleset.scope(subject)
        read = dict.fromkeys(path for active in actives for path in active.inputs)
        inputs[subject] = tuple(_input(path, scope.symbols[path]) for path in read)
        named = edition.ruleset.manifest.verdict_labels.get(subject, {})
        for verdict in ("recognised", "not_recognised", "undetermined"):
            label = named.get(verdict)
            labels[f"{subject}:{verdict}"] = (
                Bilingual(vi=label.vi, en=label.en) if label else Bilingual(vi=verdict, en=verdict)
            )
        for unit_type in (list(UnitType) if subject == "commune" else [None]):
            not_applicable[subject, unit_type] = _not_applicable(edition, subject, unit_type)
    manifest = edition.ruleset.manifest
    ids: dict[str, tuple[str, ...]] = {
        subject: tuple(a.id for a in actives) for subject, actives in edition.active.items()}
    shared = _Shared(programs, ids, inputs, labels, RulesetInfo(
        name=edition.ruleset.name,
        version=edition.ruleset.version,
        hash=edition.ruleset.hash,
        assessment_day=edition.day.isoformat(),
        disclaimer=Bilingual(vi=manifest.disclaimer.vi, en=manifest.disclaimer.en),
    ), not_applicable, steps={
        (step, name): TraceStep.build(
            step=step, rule=name, criterion=info.criterion, status=info.status,
            matched=info.text, missing=info.missing,
        )
        for subject, actives in edition.active.items() if subject in edition.programs
        for name, info in edition.programs[subject].rules.items()
        for step in range(1, len(actives) + 1)
    })
    edition.cache["statics"] = shared
    return shared


def _input(path: str, symbol: Symbol) -> _InputSpec:
    """What every result shows of one input but its value; for a document field of a closed
    domain (yes/no, a vocabulary), its InputValue for each value, built once: values, shared
    like the other static parts."""
    source = "derived" if symbol.role == "derived" else "document"
    title = symbol.description or None
    kind = symbol.type
    domain: list[object] | None = (
        [False, True] if kind.kind == "boolean" else list(kind.vocab) if kind.vocab else None)
    if source == "derived" or domain is None:
        return path, source, title, None
    closed = {
        value: InputValue(value=_plain(value), missing=value is None, source=source, title=title)
        for value in [None, *domain]
    }
    return path, source, title, closed


def _provisional(active: ActiveCriterion, edition: Edition) -> bool:
    """Confidence U anywhere this criterion rests on, on the assessment day: its basis, its
    condition or mandatory flag of the day, or a parameter value it reads (e.g. PL-01's
    80-point rule under QĐ 619, CB-01's believed transition)."""
    references = [active.condition_reference, active.mandatory_reference]
    references += [edition.parameters[name].reference for name in active.parameters]
    return active.definition.spec.basis.confidence == "U" or any(
        r is not None and r.confidence == "U" for r in references)


def _walk(node: object) -> list[object]:
    found = [node]
    for value in getattr(node, "__dict__", {}).values():
        for child in value if isinstance(value, tuple) else (value,):
            if hasattr(child, "pos"):
                found.extend(_walk(child))
    return found


def _lookup(doc: Document, edition: Edition, prepared: factsmod.Facts):  # type: ignore[no-untyped-def]
    def lookup(name: str) -> object:
        if name in prepared.values:
            value = prepared.values[name]
            derivation = prepared.derivations.get(name)
            if value is None and derivation is not None and derivation.bounds is not None:
                return Bounds(*derivation.bounds)
            return value
        found = edition.parameters.get(name)
        if found is not None:
            return found.value
        return factsmod.field_value(doc, name)

    return lookup


def _not_applicable(
    edition: Edition, kind: Subject, unit_type: UnitType | None
) -> list[NotApplicable]:
    """Criteria not in force that day, and those in force that do not apply to the unit type
    (the engine's guard skips them), by id."""
    out = [
        NotApplicable(
            id=i.definition.id,
            title=Bilingual(vi=i.definition.spec.title.vi, en=i.definition.spec.title.en),
            reason=Bilingual(vi=i.reason_vi, en=i.reason_en),
        )
        for i in edition.inactive.get(kind, [])
    ]
    if unit_type is not None:
        for active in edition.active.get(kind, []):
            spec = active.definition.spec
            if unit_type not in spec.applies_to:
                kinds = ", ".join(u.value for u in spec.applies_to)
                out.append(NotApplicable(
                    id=spec.id,
                    title=Bilingual(vi=spec.title.vi, en=spec.title.en),
                    reason=Bilingual(vi=f"chỉ áp dụng cho {kinds}", en=f"applies only to {kinds}"),
                ))
    return sorted(out, key=lambda n: n.id)


def _unit(doc: Document, form: _Form) -> Any:
    if isinstance(doc, Commune):
        return form.node(
            Unit, code=doc.unit_code, name=doc.name, kind="commune",
            unit_type=doc.unit_type.value, district=doc.district, province=doc.province,
        )
    return form.node(
        Unit, code=doc.province_code, name=doc.province, kind="province_report",
        unit_type=None, district=None, province=doc.province,
    )


def input_hash(doc: BaseModel) -> str:
    """SHA-256 of the validated document's canonical JSON (formatting does not count).

    The canonical JSON is ``doc.model_dump_json()``, hashed as the UTF-8 bytes pydantic writes
    (written faster by :func:`~clean_strong.result.model_json`, the same bytes).
    """
    return "sha256:" + hashlib.sha256(model_json(doc)).hexdigest()


def _ref(reference: Reference | None) -> dict[str, str] | None:
    if reference is None:
        return None
    return {k: str(v) for k, v in reference.model_dump(exclude_none=True, by_alias=True).items()}


_AS_IS = frozenset({bool, int, float, str, type(None)})  # JSON values already
_NUMBERS = (bool, int, float)  # isinstance with a tuple is quicker than with a union


def _plain(value: object) -> bool | int | float | str | None:
    if value is None or isinstance(value, _NUMBERS):
        return value
    if isinstance(value, str):
        return str(value)  # a vocabulary word (a StrEnum) as plain text
    return str(value.value) if hasattr(value, "value") else str(value)


_versions: dict[str, str] = {}


def _version(package: str) -> str:
    if package not in _versions:
        try:
            _versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            _versions[package] = "unknown"
    return _versions[package]


__all__ = ["DEFAULT_RULESET", "default_ruleset", "evaluate", "input_hash", "resolve_ruleset"]
