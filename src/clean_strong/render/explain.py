"""``clean-strong explain``: a result as a tree an auditor can check line by line.

verdict → criteria (status, explanation) → the inputs read, each with its derivation ("8 of
21 records: cb-01, …") → the parameter values in force with their legal reference and date →
the engine rules that fired, in order, with the pattern matched → what would be needed for it
to pass (verified by the engine or said not to be), worded as what the rules require, never as
advice to alter a record. Nothing here computes: it renders what :class:`Result` carries.
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
    TraceStep,
)
from ..words import Lang, say
from ..words.format import format_value
from .text import MARK, STATUS

WORDS: dict[str, dict[str, str]] = {
    "vi": {
        "verdict": "Kết quả",
        "rules": "bộ quy tắc",
        "day": "giá trị hiệu lực ngày",
        "input": "dữ liệu đầu vào",
        "library": "thư viện",
        "mandatory": "bắt buộc",
        "advisory": "tham khảo",
        "why": "vì sao",
        "condition": "điều kiện",
        "inputs": "dữ liệu đã đọc",
        "parameters": "tham số đang có hiệu lực",
        "basis": "căn cứ pháp lý",
        "confidence": "độ tin cậy",
        "provisional": "tạm thời",
        "fired": "quy tắc của bộ máy đã kích hoạt (theo thứ tự)",
        "matched": "khớp",
        "verified": "đã được bộ máy quy tắc xác nhận",
        "unverified": "CHƯA được xác nhận",
        "missing": "thiếu",
        "since": "hiệu lực từ",
        "until": "đến",
        "of": "trên",
        "records": "hồ sơ",
        "between": "trong khoảng",
        "na": "Không áp dụng",
        "none": "không có",
        "provisional_rules": "Quy tắc tạm thời (độ tin cậy U) đã tham gia",
        "no_counterfactuals": "(chưa tính)",
        "unknown_criterion": "không có tiêu chí này trong kết quả",
        "in_filter": "đọc trong bộ lọc của dữ liệu dẫn xuất",
    },
    "en": {
        "verdict": "Verdict",
        "rules": "rule set",
        "day": "values in force on",
        "input": "input",
        "library": "library",
        "mandatory": "mandatory",
        "advisory": "advisory",
        "why": "why",
        "condition": "condition",
        "inputs": "inputs read",
        "parameters": "parameters in force",
        "basis": "legal basis",
        "confidence": "confidence",
        "provisional": "provisional",
        "fired": "engine rules fired (in order)",
        "matched": "matched",
        "verified": "verified by the engine",
        "unverified": "NOT verified",
        "missing": "missing",
        "since": "in force since",
        "until": "until",
        "of": "of",
        "records": "records",
        "between": "between",
        "na": "Not applicable",
        "none": "none",
        "provisional_rules": "Provisional rules (confidence U) that took part",
        "no_counterfactuals": "(not computed)",
        "unknown_criterion": "no such criterion in this result",
        "in_filter": "read by a derived input's filter",
    },
}


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
) -> str:
    """The whole result as a tree, or (``criterion``) only that criterion's branch;
    ``derivation_parameters``: per criterion, parameters read inside its derived counts."""
    extra = derivation_parameters or {}
    w = WORDS[lang]
    root = Node(_head(result, lang))
    info = root.add(f"{w['verdict']}: {getattr(result.verdict_label, lang).upper()}")
    rules = result.ruleset
    info.add(f"{w['rules']}: {rules.name} {rules.version} ({rules.hash}); "
             f"{w['day']} {rules.assessment_day}")
    info.add(f"{w['input']}: {result.provenance.input_hash}; {w['library']}: clean-strong "
             f"{result.provenance.library_version}, {result.provenance.engine}")
    steps = {step.rule: step for step in result.trace}
    chosen = [c for c in result.criteria if criterion is None or c.id == criterion]
    for c in chosen:
        root.children.append(_criterion(c, steps, lang, extra.get(c.id, {})))
    if criterion is None:
        if result.not_applicable:
            na = root.add(w["na"])
            for n in result.not_applicable:
                na.add(f"{n.id} {getattr(n.title, lang)}: {getattr(n.reason, lang)}")
        if result.missing_inputs:
            root.add(f"{w['missing']}: {', '.join(result.missing_inputs)}")
        root.add(f"{w['provisional_rules']}: {', '.join(result.provisional) or w['none']}")
        if result.recognition is not None:
            root.children.append(_counterfactual(
                result.recognition, say("report.needed.recognition", lang).lower(), lang))
    elif not chosen:
        reason = next((getattr(n.reason, lang) for n in result.not_applicable
                       if n.id == criterion), None)
        root.add(f"{criterion}: {w['na'].lower()}: {reason}" if reason
                 else f"{criterion}: {w['unknown_criterion']}")
    disclaimer: str = getattr(result.ruleset.disclaimer, lang)
    shown = (criterion is None and result.recognition is not None) or any(
        c.counterfactuals for c in chosen)
    notice = say("report.needed.notice", lang) + "\n" if shown else ""
    return "\n".join(_draw(root)) + "\n" + notice + disclaimer + "\n"


def _head(result: Result, lang: Lang) -> str:
    unit = result.unit
    kind = {"vi": {"xa": "Xã", "phuong": "Phường", "thi_tran": "Thị trấn"},
            "en": {"xa": "Commune", "phuong": "Ward", "thi_tran": "Township"}}[lang]
    if unit.kind == "commune":
        return (f"{kind.get(unit.unit_type or 'xa', '')} {unit.name} ({unit.code}) — "
                f"{unit.district}, {unit.province} — {result.year}")
    report = "Báo cáo tỉnh" if lang == "vi" else "Province report"
    return f"{report}: {unit.name} — {result.year}"


def _criterion(c: CriterionResult, steps: dict[str, TraceStep], lang: Lang,
               derived: Mapping[str, ParameterValue]) -> Node:
    w = WORDS[lang]
    kind = w["mandatory"] if c.mandatory else w["advisory"]
    node = Node(f"{MARK[c.status]} {c.id} {getattr(c.title, lang)} — "
                f"{STATUS[lang][c.status]}, {kind}")
    node.add(f"{w['why']}: {getattr(c.explanation, lang)}")
    node.add(f"{w['condition']}: {c.legal_basis.condition}")
    inputs = node.add(w["inputs"])
    for path, value in c.inputs.items():
        inputs.add(_input(path, value, lang))
    if c.parameters or derived:
        parameters = node.add(w["parameters"])
        for name, parameter in c.parameters.items():
            parameters.add(_parameter(name, parameter, lang))
        for name, parameter in derived.items():
            parameters.add(f"{_parameter(name, parameter, lang)} ({w['in_filter']})")
    basis = c.legal_basis
    refs = "; ".join(_reference(r) for r in basis.references)
    flag = f", {w['provisional']}" if basis.provisional else ""
    node.add(f"{w['basis']}: {refs} [{w['confidence']} {basis.confidence}{flag}]")
    fired = node.add(w["fired"])
    for name in c.rules_fired:
        step = steps.get(name)
        if step is None:
            fired.add(name)
            continue
        missing = f" ({w['missing']}: {step.missing})" if step.missing else ""
        fired.add(f"#{step.step} {name} → {step.status}{missing}; {w['matched']}: {step.matched}")
    needed = say("report.needed.criterion", lang).lower()
    if c.counterfactuals:
        for cf in c.counterfactuals:
            node.children.append(_counterfactual(cf, needed, lang))
    elif c.status != "pass":
        node.add(f"{needed}: {w['no_counterfactuals']}")
    return node


def _input(path: str, value: InputValue, lang: Lang) -> str:
    w = WORDS[lang]
    d = value.derivation
    shown = format_value(value.value, "label", lang)
    if value.missing and d is not None and d.bounds is not None:
        shown = f"? ({w['between']} {d.bounds[0]}–{d.bounds[1]})"
    elif value.missing:
        shown = f"? ({w['missing']})"
    text = f"{path} = {shown}"
    if d is None:
        return text
    text += f": {d.definition}"
    if d.kind in ("count", "the") and d.records is not None:
        ids = ", ".join(d.matched) or "—"
        text += f" — {len(d.matched)} {w['of']} {d.records} {w['records']}: {ids}"
    if d.missing:
        text += f" ({w['missing']}: {', '.join(d.missing)})"
    return text


def _parameter(name: str, p: ParameterValue, lang: Lang) -> str:
    w = WORDS[lang]
    value = ", ".join(p.value) if isinstance(p.value, list) else format_value(p.value, "label",
                                                                             lang)
    ref = _reference(p.reference) if p.reference else ""
    until = f" {w['until']} {p.until}" if p.until else ""
    confidence = f" [{w['confidence']} {p.reference['confidence']}]" if p.reference and (
        "confidence" in p.reference) else ""
    return (f"{name} = {value} — {getattr(p.title, lang)}; {ref}{confidence}; "
            f"{w['since']} {p.since}{until}")


def _reference(r: dict[str, str]) -> str:
    parts = [r.get("document", "")]
    if "article" in r:
        parts.append(r["article"])
    text = ", ".join(p for p in parts if p)
    return f"{text} ({r['date']})" if "date" in r else text


def _counterfactual(cf: Counterfactual, title: str, lang: Lang) -> Node:
    w = WORDS[lang]
    mark = f"✓ {w['verified']}" if cf.verified else f"✗ {w['unverified']}"
    node = Node(f"{title} — {mark}")
    node.add(getattr(cf.summary, lang))
    if cf.missing:
        node.add(f"{w['missing']}: {', '.join(cf.missing)}")
    if cf.changes:
        changes = node.add(say("report.needed.fields", lang))
        for change in cf.changes:
            changes.add(_change(change, lang))
    return node


def _change(change: Change, lang: Lang) -> str:
    """What a field holds and what the rules would need of it (never "change X to Y")."""
    if change.after is None and change.path.endswith("]"):
        record = _json_scalar(change.before)
        return f"{change.path}: {say('report.needed.without_record', lang, record=record)}"
    needed = _json_scalar(change.after)
    if change.before is None:
        return f"{change.path}: " + say("report.needed.absent_needed", lang, needed=needed)
    return f"{change.path}: " + say("report.needed.now_needed", lang,
                                    now=_json_scalar(change.before), needed=needed)


def _json_scalar(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    return repr(value) if isinstance(value, float) else str(value)


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



def render_counterfactuals(result: Result, lang: Lang = "vi") -> str:
    """The counterfactuals alone, appended to ``evaluate --counterfactuals`` text output."""
    root = Node(say("report.needed.title", lang))
    for c in result.criteria:
        for cf in c.counterfactuals:
            root.children.append(_counterfactual(cf, c.id, lang))
    if result.recognition is not None:
        root.children.append(_counterfactual(result.recognition,
                                             say("report.needed.recognition", lang).lower(),
                                             lang))
    if not root.children:
        return ""
    return "\n" + "\n".join(_draw(root)) + "\n" + say("report.needed.notice", lang) + "\n"


__all__ = ["render_counterfactuals", "render_explain"]
