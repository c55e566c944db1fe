"""``clean-strong explain``: a result as a tree an auditor can check line by line.

verdict → criteria (status, explanation, the condition in words) → the inputs read, each with
its derivation ("8/21 hồ sơ: cb-01, …") → the parameter values in force with their legal
reference and date → the engine rules that fired, in order, with the pattern matched → what
would be needed for it to pass (verified by the engine or said not to be), worded as what the
rules require, never as advice to alter a record. Nothing here computes: it renders what
:class:`Result` carries, naming fields, parameters and records by the :class:`~.terms.Terms`
given (labels, titles, "hồ sơ thứ 8 (cb-08, Phó Chủ tịch UBND)"); paths stay in JSON.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ..result import (
    Change,
    Counterfactual,
    CriterionResult,
    InputValue,
    ParameterValue,
    Result,
    Scalar,
    TraceStep,
)
from ..words import Lang, say
from ..words.format import format_value, label, number
from . import terms as t
from .terms import NO_TERMS, Terms
from .text import MARK, head, provisional_block, status


@dataclass
class Node:
    """One line of the tree (possibly wrapped) and its children."""

    text: str
    children: list[Node] = field(default_factory=list)

    def add(self, text: str, children: list[Node] | None = None) -> Node:
        node = Node(text, children or [])
        self.children.append(node)
        return node


def render_explain(
    result: Result,
    lang: Lang = "vi",
    criterion: str | None = None,
    derivation_parameters: Mapping[str, Mapping[str, ParameterValue]] | None = None,
    terms: Terms = NO_TERMS,
) -> str:
    """The whole result as a tree, or (``criterion``, any case) only that criterion's branch;
    ``derivation_parameters``: per criterion, parameters read inside its derived counts."""
    extra = derivation_parameters or {}
    chosen_id = criterion.upper() if criterion is not None else None
    root = Node(head(result, lang))
    info = root.add(say("text.verdict", lang, verdict=getattr(result.verdict_label, lang).upper()))
    rules = result.ruleset
    info.add(say("explain.ruleset", lang, name=rules.name, version=rules.version, hash=rules.hash,
                 day=t.day(rules.assessment_day, lang)))
    info.add(say("explain.provenance", lang, input=result.provenance.input_hash,
                 version=result.provenance.library_version, engine=result.provenance.engine))
    steps = {step.rule: step for step in result.trace}
    chosen = [c for c in result.criteria if chosen_id is None or c.id == chosen_id]
    for c in chosen:
        root.children.append(_criterion(c, steps, lang, extra.get(c.id, {}), terms))
    if chosen_id is None:
        if result.not_applicable:
            na = root.add(say("explain.not_applicable", lang))
            for n in result.not_applicable:
                na.add(f"{n.id} {getattr(n.title, lang)}: {getattr(n.reason, lang)}")
        if result.missing_inputs:
            root.add(say("explain.missing", lang, fields=t.fields(result.missing_inputs, terms,
                                                                  lang)))
        first, *rest = provisional_block(result, terms, lang, indent="")
        root.add(first, [Node(line) for line in rest])
        if result.recognition is not None:
            root.children.append(_counterfactual(
                result.recognition, say("report.needed.recognition", lang).lower(), lang, terms))
    elif not chosen:
        reason = next((getattr(n.reason, lang) for n in result.not_applicable
                       if n.id == chosen_id), None)
        root.add(say("explain.not_applicable_one", lang, id=chosen_id, reason=reason) if reason
                 else say("explain.unknown_criterion", lang, id=chosen_id))
    disclaimer: str = getattr(result.ruleset.disclaimer, lang)
    shown = (chosen_id is None and result.recognition is not None) or any(
        c.counterfactuals for c in chosen)
    notice = say("report.needed.notice", lang) + "\n" if shown else ""
    return "\n".join(_draw(root)) + "\n" + notice + disclaimer + "\n"


def _criterion(c: CriterionResult, steps: dict[str, TraceStep], lang: Lang,
               derived: Mapping[str, ParameterValue], terms: Terms) -> Node:
    weight = say("explain.mandatory" if c.mandatory else "explain.advisory", lang)
    node = Node(say("explain.criterion", lang, mark=MARK[c.status], id=c.id,
                    title=getattr(c.title, lang), status=status(c.status, lang), weight=weight))
    node.add(say("explain.why", lang, text=getattr(c.explanation, lang)))
    clauses = terms.condition(c.id, lang)
    condition = (say("explain.condition_and", lang).join(clauses) if clauses
                 else c.legal_basis.condition)
    node.add(say("explain.condition", lang, text=condition))
    inputs = node.add(say("explain.inputs", lang))
    for path, value in c.inputs.items():
        inputs.add(_input(path, value, lang, terms))
    if c.parameters or derived:
        parameters = node.add(say("explain.parameters", lang))
        for name, parameter in c.parameters.items():
            parameters.add(_parameter(name, parameter, lang, terms))
        for name, parameter in derived.items():
            parameters.add(say("explain.in_filter", lang,
                               text=_parameter(name, parameter, lang, terms)))
    basis = c.legal_basis
    refs = "; ".join(t.reference(r, lang) for r in basis.references)
    reasons = t.provisional_reasons(c, terms, lang) if basis.provisional else []
    if reasons:
        node.add(say("explain.basis_provisional", lang, references=refs,
                     confidence=basis.confidence,
                     reasons=say("text.provisional.join", lang).join(reasons)))
    else:
        node.add(say("explain.basis", lang, references=refs, confidence=basis.confidence))
    fired = node.add(say("explain.trace", lang))
    for name in c.rules_fired:
        step = steps.get(name)
        if step is None:
            fired.add(name)
            continue
        values = {"step": step.step, "rule": name, "status": status(step.status, lang),
                  "pattern": t.pattern(step.matched, terms, lang)}
        if step.missing:
            fired.add(say("explain.step_missing", lang, missing=t.pattern(step.missing, terms,
                                                                          lang), **values))
        else:
            fired.add(say("explain.step", lang, **values))
    needed = say("report.needed.criterion", lang).lower()
    if c.counterfactuals:
        for cf in c.counterfactuals:
            node.children.append(_counterfactual(cf, needed, lang, terms))
    elif c.status != "pass":
        node.add(say("explain.not_computed", lang, title=needed))
    return node


def _input(path: str, value: InputValue, lang: Lang, terms: Terms) -> str:
    d = value.derivation
    shown = value_text(value.value, lang)
    if value.missing and d is not None and d.bounds is not None:
        shown = say("explain.value_between", lang, low=number(d.bounds[0], lang),
                    high=number(d.bounds[1], lang))
    elif value.missing:
        shown = say("explain.value_missing", lang)
    text = f"{t.input_name(path, value, terms, lang)} = {shown}"
    if d is None:
        return text
    text += f": {t.derivation(path, d, terms, lang)}"
    if d.kind in ("count", "the") and d.records is not None:
        text = say("explain.derived", lang, text=text, counted=t.counted(d, lang),
                   ids=", ".join(d.matched) or "—")
    if d.missing:
        text = say("explain.derived_missing", lang, text=text, fields=t.fields(d.missing, terms,
                                                                               lang))
    return text


def _parameter(name: str, p: ParameterValue, lang: Lang, terms: Terms) -> str:
    value = terms.parameter_value(name, p.value, lang)
    if value is None:
        value = (", ".join(label(v, lang) for v in p.value) if isinstance(p.value, list)
                 else value_text(p.value, lang))
    ref = t.reference(p.reference, lang) if p.reference else ""
    if p.reference and "confidence" in p.reference:
        ref = say("explain.parameter_confidence", lang, reference=ref,
                  confidence=p.reference["confidence"])
    until = say("explain.parameter_until", lang, day=t.day(p.until, lang)) if p.until else ""
    return say("explain.parameter", lang, title=t.parameter_name(name, p, terms, lang),
               value=value, reference=ref, since=t.day(p.since, lang), until=until)


def _counterfactual(cf: Counterfactual, title: str, lang: Lang, terms: Terms) -> Node:
    mark = say("explain.verified" if cf.verified else "explain.unverified", lang)
    node = Node(say("explain.needed", lang, title=title, mark=mark))
    node.add(getattr(cf.summary, lang))
    if cf.missing:
        node.add(say("explain.missing", lang, fields=t.fields(cf.missing, terms, lang)))
    if cf.changes:
        changes = node.add(say("report.needed.fields", lang))
        for change in cf.changes:
            changes.add(change_text(change, lang, terms))
    return node


def change_text(change: Change, lang: Lang, terms: Terms = NO_TERMS) -> str:
    """What a field holds and what the rules would need of it (never "change X to Y"), the
    field named by its label, a record by its number, id and post."""
    where = t.field(change.path, terms, lang)
    if change.after is None and change.path.endswith("]"):
        return f"{where}: {say('report.needed.without_record', lang)}"
    needed = value_text(change.after, lang)
    if change.before is None:
        return f"{where}: " + say("report.needed.absent_needed", lang, needed=needed)
    return f"{where}: " + say("report.needed.now_needed", lang,
                              now=value_text(change.before, lang), needed=needed)


def value_text(value: Scalar, lang: Lang) -> str:
    """A value as a person reads it: a vocabulary word by its label, yes/no, a number
    written the language's way."""
    if isinstance(value, bool):
        return say("common.yes" if value else "common.no", lang)
    if isinstance(value, str):
        return label(value, lang)
    return format_value(value, "", lang)


def _draw(root: Node) -> list[str]:
    lines = [root.text]

    def walk(node: Node, prefix: str) -> None:
        for i, child in enumerate(node.children):
            last = i == len(node.children) - 1
            branch, carry = ("└── ", "    ") if last else ("├── ", "│   ")
            first, *rest = child.text.split("\n")
            lines.append(prefix + branch + first)
            lines.extend(prefix + carry + line for line in rest)
            walk(child, prefix + carry)

    walk(root, "")
    return lines


def render_counterfactuals(result: Result, lang: Lang = "vi", terms: Terms = NO_TERMS) -> str:
    """The counterfactuals alone, appended to ``evaluate --counterfactuals`` text output."""
    root = Node(say("report.needed.title", lang))
    for c in result.criteria:
        for cf in c.counterfactuals:
            root.children.append(_counterfactual(cf, c.id, lang, terms))
    if result.recognition is not None:
        root.children.append(_counterfactual(result.recognition,
                                             say("report.needed.recognition", lang).lower(),
                                             lang, terms))
    if not root.children:
        return ""
    return "\n" + "\n".join(_draw(root)) + "\n" + say("report.needed.notice", lang) + "\n"


__all__ = ["change_text", "render_counterfactuals", "render_explain", "value_text"]
