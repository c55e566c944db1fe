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
from collections.abc import Mapping
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel

from . import facts as factsmod
from .condition import Interpreter, names
from .documents import Document, validate_document
from .engine.session import new_sid
from .errors import EngineError, InputError
from .models import Commune
from .result import (
    Bilingual,
    CriterionResult,
    InputValue,
    LegalBasis,
    NotApplicable,
    ParameterValue,
    Provenance,
    Result,
    RulesetInfo,
    Status,
    TraceStep,
    Unit,
    Verdict,
)
from .ruleset.loader import RuleSet, load_ruleset
from .ruleset.schema import Reference
from .template import render

if TYPE_CHECKING:
    from .engine.edition import ActiveCriterion, Edition, Program

DEFAULT_RULESET = "dien-bien-2019"

_rulesets: dict[str, RuleSet] = {}


def default_ruleset(name: str = DEFAULT_RULESET) -> RuleSet:
    """Bundled rule sets are loaded once per process."""
    if name not in _rulesets:
        _rulesets[name] = load_ruleset(name)
    return _rulesets[name]


def _ruleset(ruleset: RuleSet | str | Path | None) -> RuleSet:
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
) -> Result:
    """Evaluate one commune or province report under ``ruleset`` (default: the bundled one)."""
    doc = validate_document(document, source)
    rules = _ruleset(ruleset)
    year = doc.assessment_year if isinstance(doc, Commune) else doc.year
    years = rules.manifest.years
    if not years.from_ <= year <= years.to:
        field = "assessment_year" if isinstance(doc, Commune) else "year"
        raise InputError(
            source,
            field,
            f"{year} is outside the years this rule set covers ({years.from_}–{years.to})",
        )
    edition: Edition = rules.in_force(year)
    subject = doc.kind
    program = edition.programs.get(subject)
    if program is None:
        raise EngineError(f"{rules.name}: no criteria for a {subject} in force in {year}")
    sid = new_sid()
    try:
        prepared = factsmod.build(doc, program, edition, sid)
    except InputError as error:
        raise InputError(source, error.path, error.message) from None
    fired = program.engine.fire(prepared.json(), sid)
    return _result(doc, edition, program, prepared, fired)


def _result(
    doc: Document, edition: Edition, program: Program, prepared: factsmod.Facts, fired: list[str]
) -> Result:
    by_criterion: dict[str, list[str]] = {c.id: [] for c in program.criteria}
    trace: list[TraceStep] = []
    for name in dict.fromkeys(fired):  # $or branches may fire a rule twice
        info = program.rules[name]
        by_criterion[info.criterion].append(name)
        trace.append(
            TraceStep(
                step=len(trace) + 1,
                rule=name,
                criterion=info.criterion,
                status=info.status,
                matched=info.text,
                missing=info.missing,
            )
        )
    ranks = edition.rating_ranks() or {}
    lookup = _lookup(doc, edition, prepared)
    interpreter = Interpreter(lookup, ranks)
    criteria: list[CriterionResult] = []
    for active in program.criteria:
        if isinstance(doc, Commune) and doc.unit_type not in active.definition.spec.applies_to:
            continue  # guarded out in the engine; listed under not_applicable
        names_fired = by_criterion[active.id]
        statuses = {program.rules[n].status for n in names_fired}
        if len(statuses) != 1:
            raise EngineError(
                f"{active.id}: the engine decided {sorted(statuses) or 'nothing'} "
                f"(rules {', '.join(names_fired) or 'none'}); expected exactly one status"
            )
        status: Status = program.rules[names_fired[0]].status  # type: ignore[assignment]
        missing = _missing(names_fired, program, prepared) if status == "unknown" else []
        criteria.append(
            _criterion(active, status, missing, names_fired, prepared, edition, interpreter)
        )
    verdict = _verdict(criteria)
    labels = edition.ruleset.manifest.verdict_labels.get(doc.kind, {})
    label = labels.get(verdict)
    return Result(
        verdict=verdict,
        verdict_label=Bilingual(vi=label.vi, en=label.en)
        if label
        else Bilingual(vi=verdict, en=verdict),
        unit=_unit(doc),
        year=edition.year,
        ruleset=RulesetInfo(
            name=edition.ruleset.name,
            version=edition.ruleset.version,
            hash=edition.ruleset.hash,
            assessment_day=edition.day.isoformat(),
            disclaimer=Bilingual(**edition.ruleset.manifest.disclaimer.model_dump()),
        ),
        criteria=criteria,
        not_applicable=_not_applicable(doc, edition),
        missing_inputs=list(dict.fromkeys(m for c in criteria for m in c.missing_inputs)),
        provisional=[c.id for c in criteria if c.legal_basis.provisional],
        trace=trace,
        provenance=Provenance(
            library_version=_version("clean-strong"),
            engine=f"durable-rules {_version('durable-rules')}",
            input_hash=input_hash(doc),
        ),
    )


def _verdict(criteria: list[CriterionResult]) -> Verdict:
    mandatory = [c.status for c in criteria if c.mandatory]
    if "fail" in mandatory:
        return "not_recognised"
    if "unknown" in mandatory:
        return "undetermined"
    return "recognised"


def _missing(fired: list[str], program: Program, prepared: factsmod.Facts) -> list[str]:
    """The inputs the engine found missing, expanded to the records behind a derived input."""
    out: list[str] = []
    for name in fired:
        path = program.rules[name].missing
        if path is None:
            continue
        out.extend(prepared.missing_detail.get(path) or [path])
    return list(dict.fromkeys(out))


def _criterion(
    active: ActiveCriterion,
    status: Status,
    missing: list[str],
    fired: list[str],
    prepared: factsmod.Facts,
    edition: Edition,
    interpreter: Interpreter,
) -> CriterionResult:
    spec = active.definition.spec
    texts = {
        lang: render(active.definition.templates.get(status, lang), interpreter, lang, missing)
        for lang in ("vi", "en")
    }
    scope = edition.ruleset.scope(spec.subject)
    inputs: dict[str, InputValue] = {}
    for path in active.inputs:
        symbol = scope.symbols[path]
        value = prepared.values.get(path)
        inputs[path] = InputValue(
            value=_plain(value),
            missing=value is None,
            source="derived" if symbol.role == "derived" else "document",
            title=symbol.description or None,
            derivation=prepared.derivations.get(path),
        )
    return CriterionResult(
        id=spec.id,
        title=Bilingual(**spec.title.model_dump()),
        group=spec.group,
        status=status,
        mandatory=active.mandatory,
        explanation=Bilingual(**texts),
        legal_basis=LegalBasis(
            confidence=spec.basis.confidence,
            provisional=spec.basis.confidence == "U",
            references=[_ref(r) for r in spec.basis.references],
            note=spec.basis.note,
            text=Bilingual(**spec.basis.text.model_dump()) if spec.basis.text else None,
            condition=_condition_text(active),
            condition_reference=_ref(active.condition_reference),
            mandatory_reference=_ref(active.mandatory_reference),
        ),
        inputs=inputs,
        parameters=_parameters(active, edition, interpreter),
        missing_inputs=missing,
        rules_fired=fired,
    )


def _condition_text(active: ActiveCriterion) -> str:
    from .condition import to_text

    return to_text(active.condition)


def _parameters(
    active: ActiveCriterion, edition: Edition, interpreter: Interpreter
) -> dict[str, ParameterValue]:
    from .condition.ast import Index

    out: dict[str, ParameterValue] = {}
    tables: dict[str, Index] = {}

    def collect(node: object) -> None:
        if isinstance(node, Index):
            tables[node.table.path] = node
        for value in vars(node).values() if hasattr(node, "__dataclass_fields__") else ():
            for child in value if isinstance(value, tuple) else (value,):
                if hasattr(child, "__dataclass_fields__"):
                    collect(child)

    collect(active.condition)
    for name in active.parameters:
        found = edition.parameters[name]
        value: object = found.value
        label = name
        if name in tables:
            node = tables[name]
            label = name + "".join(f"[{_plain(interpreter.lookup(k.path))}]" for k in node.keys)
            value = interpreter.value(node)
        out[label] = ParameterValue(
            value=value if isinstance(value, list) else _plain(value),
            title=found.definition.spec.title.en,
            since=found.since.isoformat(),
            until=found.until.isoformat() if found.until else None,
            reference=_ref(found.reference),
        )
    return out


def _lookup(doc: Document, edition: Edition, prepared: factsmod.Facts):  # type: ignore[no-untyped-def]
    def lookup(name: str) -> object:
        if name in prepared.values:
            return prepared.values[name]
        found = edition.parameters.get(name)
        if found is not None:
            return found.value
        return factsmod.field_value(doc, name)

    return lookup


def _not_applicable(doc: Document, edition: Edition) -> list[NotApplicable]:
    subject = doc.kind
    out = [
        NotApplicable(
            id=i.definition.id,
            title=Bilingual(**i.definition.spec.title.model_dump()),
            reason=Bilingual(vi=i.reason_vi, en=i.reason_en),
        )
        for i in edition.inactive.get(subject, [])
    ]
    if isinstance(doc, Commune):
        # criteria in force that do not apply to this unit type (the engine's guard skips them)
        for active in edition.active.get(subject, []):
            spec = active.definition.spec
            if doc.unit_type not in spec.applies_to:
                kinds = ", ".join(u.value for u in spec.applies_to)
                out.append(
                    NotApplicable(
                        id=spec.id,
                        title=Bilingual(**spec.title.model_dump()),
                        reason=Bilingual(
                            vi=f"chỉ áp dụng cho {kinds}", en=f"applies only to {kinds}"
                        ),
                    )
                )
    return sorted(out, key=lambda n: n.id)


def _unit(doc: Document) -> Unit:
    if isinstance(doc, Commune):
        return Unit(
            code=doc.unit_code,
            name=doc.name,
            kind="commune",
            unit_type=doc.unit_type.value,
            district=doc.district,
            province=doc.province,
        )
    return Unit(
        code=doc.province_code, name=doc.province, kind="province_report", province=doc.province
    )


def input_hash(doc: BaseModel) -> str:
    return "sha256:" + hashlib.sha256(doc.model_dump_json().encode()).hexdigest()


def _ref(reference: Reference | None) -> dict[str, str] | None:
    if reference is None:
        return None
    return {k: str(v) for k, v in reference.model_dump(exclude_none=True, by_alias=True).items()}


def _plain(value: object) -> bool | int | float | str | None:
    if value is None or isinstance(value, bool | int | float):
        return value
    return str(value.value) if hasattr(value, "value") else str(value)


_versions: dict[str, str] = {}


def _version(package: str) -> str:
    if package not in _versions:
        try:
            _versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            _versions[package] = "unknown"
    return _versions[package]


__all__ = ["DEFAULT_RULESET", "default_ruleset", "evaluate", "input_hash", "names"]
