"""Rule sets described for people: ``rules list`` rows and ``rules show`` pages.

``rules show`` starts with what the whole rule set claims: the years it covers, the refusal a
later year gets (the change of law that ends them) and the instruments behind it.
"""

from __future__ import annotations

from ..condition import names, to_text
from ..ruleset import CriterionDef, RuleSet
from ..ruleset.coverage import refusal
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
    if reference.from_ or reference.to:
        bits.append(f"cited {reference.from_ or '…'} – {reference.to or '…'}")
    if reference.confidence:
        bits.append(f"confidence {reference.confidence}")
    text = ", ".join(bits)
    if reference.note:
        text += f" — {reference.note.vi} / {reference.note.en}"
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
        *describe_years(rules, lang),
        "",
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
        lines.append(f"  note: {getattr(spec.basis.note, lang)}")
    if spec.basis.text:
        lines.append(f"  text: {getattr(spec.basis.text, lang)}")
    lines += ["", "Condition"]
    for part in criterion.expressions:
        if not part.dated:
            lines.append(f"  {part.name} = {to_text(part.entries[0].value)}")
            continue
        lines.append(f"  {part.name} (dated):")
        for item in part.entries:
            until = f" until {item.to}" if item.to else ""
            cite = f"  [{_cite(item.reference)}]" if item.reference else ""
            lines.append(f"    from {item.from_}{until}: {to_text(item.value)}{cite}")
    lines.extend(f"  {line}" for line in _source(criterion))
    if len(criterion.conditions) > 1 or criterion.expressions:
        lines += ["", "Condition in force, by period"]
        for entry in criterion.conditions:
            until = f" until {entry.to}" if entry.to else ""
            start = "always" if entry.from_.year <= 1900 else f"from {entry.from_}"
            cite = f"  [{_cite(entry.reference)}]" if entry.reference else ""
            lines.append(f"  {start}{until}:{cite}")
            lines.append(f"    {to_text(entry.value)}")
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


def _source(criterion: CriterionDef) -> list[str]:
    """The condition as written (one line, or one per dated entry)."""
    spec = criterion.spec
    if isinstance(spec.condition, str):
        return [" ".join(spec.condition.split())]
    return [f"from {entry.from_}{f' until {entry.to}' if entry.to else ''}: "
            f"{' '.join(entry.value.split())}" for entry in spec.condition]


def describe_years(rules: RuleSet, lang: str = "vi") -> list[str]:
    """What the rule set covers, and what a later year is told."""
    years = rules.manifest.years
    lines = [f"Rule set {rules.name} {rules.version}: assessment years {years.from_}–{years.to}"]
    later = refusal(rules, years.to + 1)
    if later is not None:
        lines.append(f"  {years.to + 1} and later are refused (exit 3): "
                     f"{later[0] if lang == 'vi' else later[1]}")
    if years.end is not None:
        lines.append(f"  later law, not encoded (from {years.end.from_}):")
        lines.extend(f"    - {_cite(ref)}" for ref in years.end.references)
    return lines
