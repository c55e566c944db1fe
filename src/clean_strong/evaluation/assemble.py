"""From the engine's firings to a :class:`~clean_strong.result.Result`.

The engine decided every criterion's status; here Python only reads back what fired (each
rule's meaning is in the program's :class:`~clean_strong.engine.program.RuleInfo`), checks
that the engine gave each criterion exactly one status (anything else is an
:class:`EngineError`, never a guess), folds the verdict and renders the explanations.

The verdict fold is plain Python, by three-valued (Kleene) logic over the mandatory criteria:
any ``fail`` → ``not_recognised``; else any ``unknown`` → ``undetermined``; else
``recognised``. (It needs no threshold, only the statuses the engine decided.)

Objects are built with :func:`~clean_strong.result.construct` (every field given, unvalidated:
the library computed them); their keyword order is the models' field order, which is the JSON
key order of the contract (``tests/test_result_contract.py`` checks both).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from importlib import metadata

from pydantic import BaseModel

from ..condition import Bounds, Evaluator
from ..condition.template import render
from ..documents import Document
from ..engine.program import Program
from ..errors import EngineError
from ..models import Commune
from ..result import (
    Bilingual,
    CriterionResult,
    InputValue,
    ParameterValue,
    Provenance,
    Result,
    Status,
    TraceStep,
    Unit,
    Verdict,
    construct,
    model_json,
)
from .compiled import Compiled
from .facts import Facts, field_value
from .missing import Gap, missing_words
from .statics import CriterionStatics, cell_title, plain

_NO_EXPLANATION = construct(Bilingual, vi="", en="")
_AS_IS = frozenset({bool, int, float, str, type(None)})  # JSON values already


def assemble(
    doc: Document, compiled: Compiled, program: Program, facts: Facts, fired: list[str],
    explanations: bool,
) -> Result:
    """The result of ``doc``: what the engine ``fired`` (rule names, in order) read back."""
    statics = compiled.statics
    shared = statics.subjects[program.subject]
    rules = program.rules
    by_criterion: dict[str, list[str]] = {c.id: [] for c in shared.criteria}
    trace: list[TraceStep] = []
    for step, name in enumerate(dict.fromkeys(fired), 1):  # $or branches may fire a rule twice
        info = rules[name]
        by_criterion[info.criterion].append(name)
        found = statics.steps.get((step, name))
        if found is None:
            found = construct(TraceStep, step=step, rule=name, criterion=info.criterion,
                                    status=info.status, matched=info.text, missing=info.missing)
        trace.append(found)
    # one InputValue per value the engine read, shared by the criteria that read it
    values, derivations = facts.values, facts.derivations
    inputs: dict[str, InputValue] = {}
    for spec in shared.inputs:
        value = values[spec.path]
        if spec.closed is not None and (shown := spec.closed.get(value)) is not None:
            inputs[spec.path] = shown
            continue
        inputs[spec.path] = construct(InputValue,
            value=value if value.__class__ in _AS_IS else plain(value), missing=value is None,
            source=spec.source, title=spec.title, derivation=derivations.get(spec.path),
        )
    interpreter = Evaluator(_lookup(doc, compiled, facts), compiled.edition.rating_ranks or {})
    holes: dict[str, object] = {}  # explanation hole values: both languages, every criterion
    unit_type = doc.unit_type if isinstance(doc, Commune) else None
    criteria: list[CriterionResult] = []
    mandatory: list[Status] = []  # the statuses of the mandatory criteria
    provisional: list[str] = []
    missing_inputs: list[str] = []
    for static in shared.criteria:
        if unit_type is not None and unit_type not in static.applies_to:
            continue  # guarded out in the engine; listed under not_applicable
        fired_here = by_criterion[static.id]
        if len(fired_here) != 1:
            _check_agree(static.id, fired_here, program)
        status: Status = rules[fired_here[0]].status  # type: ignore[assignment]
        missing: list[str] = []
        gaps: list[Gap] = []
        if status == "unknown":
            gaps = _missing(fired_here, program, facts)
            missing = list(dict.fromkeys(path for _, path in gaps))
            missing_inputs.extend(missing)
        explanation = _NO_EXPLANATION
        if explanations:
            edition = compiled.edition
            explanation = construct(Bilingual,
                vi=render(static.templates[status, "vi"], interpreter, "vi",
                          missing_words(gaps, doc, edition, "vi") if gaps else (), holes),
                en=render(static.templates[status, "en"], interpreter, "en",
                          missing_words(gaps, doc, edition, "en") if gaps else (), holes),
            )
        criteria.append(_criterion(static, status, explanation, inputs, missing, fired_here,
                                   interpreter))
        if static.mandatory:
            mandatory.append(status)
        if static.legal_basis.provisional:
            provisional.append(static.id)
    verdict = _verdict(mandatory)
    return construct(Result,
        verdict=verdict,
        verdict_label=shared.labels[verdict],
        unit=_unit(doc),
        year=compiled.edition.year,
        ruleset=statics.ruleset,
        criteria=criteria,
        not_applicable=list(shared.not_applicable[unit_type]),
        missing_inputs=list(dict.fromkeys(missing_inputs)),
        provisional=provisional,
        trace=trace,
        provenance=construct(Provenance,
            library_version=_version("clean-strong"),
            engine=f"durable-rules {_version('durable-rules')}",
            input_hash=input_hash(doc),
        ),
        recognition=None,
        notice=None,
    )


def _criterion(
    static: CriterionStatics, status: Status, explanation: Bilingual,
    inputs: Mapping[str, InputValue], missing: list[str], fired: list[str],
    interpreter: Evaluator,
) -> CriterionResult:
    parameters = dict(static.fixed_parameters)
    for node, parameter in static.tables:  # a table's cell: the one the document's keys pick
        picked = tuple((k.path, plain(interpreter.lookup(k.path))) for k in node.keys)
        keys = "".join(f"[{value}]" for _, value in picked)
        parameters[node.table.path + keys] = construct(ParameterValue,
            **{**parameter.__dict__, "value": plain(interpreter.value(node)),
               "title": cell_title(parameter.title, picked, static.subject)})
    return construct(CriterionResult,
        id=static.id,
        title=static.title,
        group=static.group,
        status=status,
        mandatory=static.mandatory,
        explanation=explanation,
        legal_basis=static.legal_basis,
        inputs={path: inputs[path] for path in static.inputs},
        parameters=parameters,
        missing_inputs=missing,
        rules_fired=fired,
        counterfactuals=[],
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


def _missing(fired: list[str], program: Program, facts: Facts) -> list[Gap]:
    """The inputs the engine found missing, expanded to the records behind a derived input:
    each with the input it is missing for."""
    out: list[Gap] = []
    for name in fired:
        path = program.rules[name].missing
        if path is not None:
            out.extend((path, detail) for detail in facts.missing_detail.get(path) or [path])
    return list(dict.fromkeys(out))


def _lookup(doc: Document, compiled: Compiled, facts: Facts) -> Callable[[str], object]:
    """Names as explanations read them: the values the fact was built from (a count known only
    between bounds as :class:`Bounds`), then parameters in force, then other document fields."""
    parameters = compiled.edition.parameters

    def lookup(name: str) -> object:
        if name in facts.values:
            value = facts.values[name]
            derivation = facts.derivations.get(name)
            if value is None and derivation is not None and derivation.bounds is not None:
                return Bounds(*derivation.bounds)
            return value
        found = parameters.get(name)
        if found is not None:
            return found.value
        return field_value(doc, name)

    return lookup


def _unit(doc: Document) -> Unit:
    if isinstance(doc, Commune):
        return construct(Unit,
            code=doc.unit_code, name=doc.name, kind="commune",
            unit_type=doc.unit_type.value, district=doc.district, province=doc.province,
        )
    return construct(Unit,
        code=doc.province_code, name=doc.province, kind="province_report",
        unit_type=None, district=None, province=doc.province,
    )


def input_hash(doc: BaseModel) -> str:
    """SHA-256 of the validated document's canonical JSON (formatting does not count).

    The canonical JSON is ``doc.model_dump_json()``, hashed as the UTF-8 bytes pydantic writes
    (written faster by :func:`~clean_strong.result.model_json`, the same bytes).
    """
    return "sha256:" + hashlib.sha256(model_json(doc)).hexdigest()


_versions: dict[str, str] = {}


def _version(package: str) -> str:
    if package not in _versions:
        try:
            _versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            _versions[package] = "unknown"
    return _versions[package]


__all__ = ["assemble", "input_hash"]
