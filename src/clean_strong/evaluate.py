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
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel

from . import facts as factsmod
from .condition import Interpreter, to_text
from .condition.ast import Index
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
from .template import Bounds, render

if TYPE_CHECKING:
    from .engine.edition import ActiveCriterion, Edition, Program

DEFAULT_RULESET = "dien-bien-2019"
LANGS = ("vi", "en")

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
    doc = validate_document(document, source)
    rules = resolve_ruleset(ruleset)
    year = doc.assessment_year if isinstance(doc, Commune) else doc.year
    years = rules.manifest.years
    if not years.from_ <= year <= years.to:
        field = "assessment_year" if isinstance(doc, Commune) else "year"
        raise InputError(
            source, field,
            f"{year} is outside the years this rule set covers ({years.from_}–{years.to})",
        )
    edition: Edition = rules.in_force(year)
    program = edition.programs.get(doc.kind)
    if program is None:
        raise EngineError(f"{rules.name}: no criteria for a {doc.kind} in force in {year}")
    sid = new_sid()
    try:
        prepared = factsmod.build(doc, program, edition, sid)
    except InputError as error:
        raise InputError(source, error.path, error.message) from None
    fired = program.engine.fire(prepared.json(), sid)
    return _result(doc, edition, program, prepared, fired, explanations)


def _result(
    doc: Document,
    edition: Edition,
    program: Program,
    prepared: factsmod.Facts,
    fired: list[str],
    explanations: bool,
) -> Result:
    by_criterion: dict[str, list[str]] = {c.id: [] for c in program.criteria}
    trace: list[TraceStep] = []
    for name in dict.fromkeys(fired):  # $or branches may fire a rule twice
        info = program.rules[name]
        by_criterion[info.criterion].append(name)
        trace.append(TraceStep.build(
            step=len(trace) + 1, rule=name, criterion=info.criterion, status=info.status,
            matched=info.text, missing=info.missing,
        ))
    interpreter = Interpreter(_lookup(doc, edition, prepared), edition.rating_ranks() or {})
    statics = _statics(edition)
    criteria: list[CriterionResult] = []
    for active in program.criteria:
        if isinstance(doc, Commune) and doc.unit_type not in active.definition.spec.applies_to:
            continue  # guarded out in the engine; listed under not_applicable
        fired_here = by_criterion[active.id]
        statuses = {program.rules[n].status for n in fired_here}
        if len(statuses) != 1:
            raise EngineError(
                f"{active.id}: the engine decided {sorted(statuses) or 'nothing'} "
                f"(rules {', '.join(fired_here) or 'none'}); expected exactly one status"
            )
        status: Status = program.rules[fired_here[0]].status  # type: ignore[assignment]
        missing = _missing(fired_here, program, prepared) if status == "unknown" else []
        criteria.append(statics.criteria[active.id].result(
            active, status, missing, fired_here, prepared, interpreter, explanations))
    verdict = _verdict(criteria)
    return Result.build(
        verdict=verdict,
        verdict_label=statics.labels[f"{doc.kind}:{verdict}"],
        unit=_unit(doc),
        year=edition.year,
        ruleset=statics.ruleset,
        criteria=criteria,
        not_applicable=_not_applicable(doc, edition),
        missing_inputs=list(dict.fromkeys(m for c in criteria for m in c.missing_inputs)),
        provisional=[c.id for c in criteria if c.legal_basis.provisional],
        trace=trace,
        provenance=Provenance.build(
            library_version=_version("clean-strong"),
            engine=f"durable-rules {_version('durable-rules')}",
            input_hash=input_hash(doc),
        ),
        recognition=None,
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
        if path is not None:
            out.extend(prepared.missing_detail.get(path) or [path])
    return list(dict.fromkeys(out))


@dataclass(frozen=True)
class _Static:
    """What a criterion's result shares across every document of one edition."""

    title: Bilingual
    legal_basis: LegalBasis
    fixed_parameters: dict[str, ParameterValue]
    tables: tuple[tuple[Index, ParameterValue], ...]
    inputs: tuple[tuple[str, str, str | None], ...]  # path, source, title

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
        scope = edition.ruleset.scope(spec.subject)
        inputs = tuple(
            (path, "derived" if scope.symbols[path].role == "derived" else "document",
             scope.symbols[path].description or None)
            for path in active.inputs
        )
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
        return cls(Bilingual(vi=spec.title.vi, en=spec.title.en), legal_basis, fixed,
                   tuple(table_list), inputs)

    def result(
        self,
        active: ActiveCriterion,
        status: Status,
        missing: list[str],
        fired: list[str],
        prepared: factsmod.Facts,
        interpreter: Interpreter,
        explanations: bool,
    ) -> CriterionResult:
        templates = active.definition.templates
        texts = {
            lang: render(templates.get(status, lang), interpreter, lang, missing)
            if explanations else ""
            for lang in LANGS
        }
        inputs = {
            path: InputValue.build(
                value=_plain(prepared.values.get(path)),
                missing=prepared.values.get(path) is None,
                source=source,
                title=title,
                derivation=prepared.derivations.get(path),
            )
            for path, source, title in self.inputs
        }
        parameters = dict(self.fixed_parameters)
        for node, parameter in self.tables:
            keys = "".join(f"[{_plain(interpreter.lookup(k.path))}]" for k in node.keys)
            parameters[node.table.path + keys] = parameter.model_copy(
                update={"value": _plain(interpreter.value(node))})
        return CriterionResult.build(
            id=active.id,
            title=self.title,
            group=active.definition.spec.group,
            status=status,
            mandatory=active.mandatory,
            explanation=Bilingual.build(**texts),
            legal_basis=self.legal_basis,
            inputs=inputs,
            parameters=parameters,
            missing_inputs=missing,
            rules_fired=fired,
            counterfactuals=[],
        )


@dataclass(frozen=True)
class _Shared:
    """Result parts shared by every document of one edition, built once."""

    criteria: dict[str, _Static]
    labels: dict[str, Bilingual]  # "<subject>:<verdict>"
    ruleset: RulesetInfo


def _statics(edition: Edition) -> _Shared:
    found = edition.cache.get("statics")
    if isinstance(found, _Shared):
        return found
    criteria: dict[str, _Static] = {}
    labels: dict[str, Bilingual] = {}
    for subject, actives in edition.active.items():
        for active in actives:
            criteria[active.id] = _Static.build(active, edition)
        named = edition.ruleset.manifest.verdict_labels.get(subject, {})
        for verdict in ("recognised", "not_recognised", "undetermined"):
            label = named.get(verdict)
            labels[f"{subject}:{verdict}"] = (
                Bilingual(vi=label.vi, en=label.en) if label else Bilingual(vi=verdict, en=verdict)
            )
    manifest = edition.ruleset.manifest
    shared = _Shared(criteria, labels, RulesetInfo(
        name=edition.ruleset.name,
        version=edition.ruleset.version,
        hash=edition.ruleset.hash,
        assessment_day=edition.day.isoformat(),
        disclaimer=Bilingual(vi=manifest.disclaimer.vi, en=manifest.disclaimer.en),
    ))
    edition.cache["statics"] = shared
    return shared


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


def _not_applicable(doc: Document, edition: Edition) -> list[NotApplicable]:
    cached = edition.cache.get(f"inactive:{doc.kind}")
    if cached is None:
        cached = edition.cache[f"inactive:{doc.kind}"] = [
            NotApplicable(
                id=i.definition.id,
                title=Bilingual(vi=i.definition.spec.title.vi, en=i.definition.spec.title.en),
                reason=Bilingual(vi=i.reason_vi, en=i.reason_en),
            )
            for i in edition.inactive.get(doc.kind, [])
        ]
    out = list(cached)
    if isinstance(doc, Commune):
        # criteria in force that do not apply to this unit type (the engine's guard skips them)
        for active in edition.active.get(doc.kind, []):
            spec = active.definition.spec
            if doc.unit_type not in spec.applies_to:
                kinds = ", ".join(u.value for u in spec.applies_to)
                out.append(NotApplicable(
                    id=spec.id,
                    title=Bilingual(vi=spec.title.vi, en=spec.title.en),
                    reason=Bilingual(vi=f"chỉ áp dụng cho {kinds}", en=f"applies only to {kinds}"),
                ))
    return sorted(out, key=lambda n: n.id)


def _unit(doc: Document) -> Unit:
    if isinstance(doc, Commune):
        return Unit.build(
            code=doc.unit_code, name=doc.name, kind="commune", unit_type=doc.unit_type.value,
            district=doc.district, province=doc.province,
        )
    return Unit.build(
        code=doc.province_code, name=doc.province, kind="province_report",
        unit_type=None, district=None, province=doc.province,
    )


def input_hash(doc: BaseModel) -> str:
    """SHA-256 of the validated document's canonical JSON (formatting does not count)."""
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


__all__ = ["DEFAULT_RULESET", "default_ruleset", "evaluate", "input_hash", "resolve_ruleset"]
