"""Rule sets described for people: ``rules list`` rows and ``rules show`` pages."""

from __future__ import annotations

from ..condition import names
from ..ruleset import CriterionDef, RuleSet
from ..ruleset.schema import Dated, Reference


def _mandatory_text(criterion: CriterionDef) -> str:
    history = criterion.mandatory
    if len(history) == 1:
        return "yes" if history[0].value else "no"
    return " → ".join(f"{'yes' if entry.value else 'no'} from {entry.from_}" for entry in history)


def _period(criterion: CriterionDef) -> str:
    period = criterion.spec.effective
    start = str(period.from_) if period.from_ else "always"
    return f"{start} – {period.to}" if period.to else f"from {start}" if period.from_ else start


def list_rows(rules: RuleSet) -> list[list[str]]:
    rows = [["ID", "KIND", "MANDATORY", "CONF", "IN FORCE", "TITLE"]]
    for criterion in rules.criteria:
        spec = criterion.spec
        rows.append(
            [
                spec.id,
                "report" if spec.subject == "province_report" else "commune",
                _mandatory_text(criterion),
                spec.basis.confidence,
                _period(criterion),
                f"{spec.title.vi} / {spec.title.en}",
            ]
        )
    return rows


def _cite(reference: Reference | None) -> str:
    if reference is None:
        return ""
    bits = [reference.document]
    if reference.article:
        bits.append(reference.article)
    if reference.date:
        bits.append(str(reference.date))
    if reference.confidence:
        bits.append(f"confidence {reference.confidence}")
    text = ", ".join(bits)
    if reference.note:
        text += f" — {reference.note}"
    if reference.url:
        text += f" <{reference.url}>"
    return text


def _history(entries: tuple[Dated[object], ...] | list[Dated[object]]) -> list[str]:
    lines = []
    for entry in entries:
        until = f" until {entry.to}" if entry.to else ""
        lines.append(
            f"    from {entry.from_}{until}: {_value(entry.value)}"
            + (f"  [{_cite(entry.reference)}]" if entry.reference else "")
        )
    return lines


def _value(value: object) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_value(v)}" for k, v in value.items())
    if isinstance(value, list):
        return " < ".join(_value(v) if not isinstance(v, list) else "/".join(v) for v in value)
    return str(value)


def describe_criterion(rules: RuleSet, criterion: CriterionDef, lang: str = "vi") -> str:
    spec = criterion.spec
    title = getattr(spec.title, lang)
    lines = [
        f"{spec.id} — {title}",
        f"  {spec.title.en if lang == 'vi' else spec.title.vi}",
        f"  kind: {spec.subject}; applies to: {', '.join(u.value for u in spec.applies_to)}",
        f"  in force: {_period(criterion)}",
        f"  mandatory: {_mandatory_text(criterion)}",
        f"  file: {criterion.where.file}",
        "",
        f"Legal basis (confidence {spec.basis.confidence}"
        + (", provisional)" if spec.basis.confidence == "U" else ")"),
    ]
    lines.extend(f"  - {_cite(ref)}" for ref in spec.basis.references)
    if spec.basis.note:
        lines.append(f"  note: {spec.basis.note}")
    if spec.basis.text:
        lines.append(f"  text: {getattr(spec.basis.text, lang)}")
    lines += ["", "Condition"]
    for entry, source in zip(criterion.conditions, _sources(criterion), strict=True):
        until = f" until {entry.to}" if entry.to else ""
        lines.append(f"  from {entry.from_}{until}:" if len(criterion.conditions) > 1 else "")
        lines.extend(f"    {line}" for line in source.strip().splitlines())
    read = {n.path for entry in criterion.conditions for n in names(entry.value)}
    used = sorted(read & rules.parameters.keys())
    if used:
        lines += ["", "Parameters by date"]
        for name in used:
            parameter = rules.parameters[name]
            lines.append(f"  {name} — {getattr(parameter.spec.title, lang)}")
            lines.extend(_history(parameter.spec.values))
    derived = sorted(read & rules.derived.keys())
    if derived:
        lines += ["", "Derived inputs (counted in Python before the engine)"]
        for name in derived:
            d = rules.derived[name]
            how = (
                f"count {d.spec.count}"
                if d.spec.count
                else (
                    f"the {d.spec.the}: {d.spec.field}"
                    if d.spec.the
                    else "sum " + " + ".join(d.spec.sum or [])
                )
            )
            where = f" where {d.spec.where}" if d.spec.where else ""
            lines.append(f"  {name} = {how}{where}")
    return "\n".join(line for line in lines if line is not None)


def _sources(criterion: CriterionDef) -> list[str]:
    spec = criterion.spec
    if isinstance(spec.condition, str):
        return [spec.condition]
    return [entry.value for entry in spec.condition]
