"""Rule sets described for people: ``rules list`` rows and ``rules show`` pages.

``rules list`` is one view of every criterion's legal basis: its kind, mandatory flag,
confidence, period and the documents it rests on. ``rules show`` starts with what the whole
rule set claims (the years it covers, the refusal a later year gets and the instruments behind
it), then one criterion: its labels, legal basis, the condition in words for each period of
the covered years, the condition as the rule file writes it (code, in backticks), every
parameter it reads — directly or inside a derived input's filter — by date, and its derived
inputs. Words are ``words/rulesdoc.toml``; dates dd/mm/yyyy in Vietnamese.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..condition import names, to_text
from ..ruleset import CriterionDef, RuleSet
from ..ruleset.coverage import refusal
from ..ruleset.schema import Dated, Reference
from ..ruleset.units import UNITS
from ..words import Lang, lang_of, say
from ..words.format import date, label
from .book import periods, provisional_parts
from .plain import derivation_words, unit_value


def find_criterion(rules: RuleSet, criterion_id: str) -> CriterionDef:
    """A criterion by its id, in any case (``cb-03``); :class:`KeyError` if none."""
    wanted = criterion_id.strip().upper()
    for criterion in rules.criteria:
        if criterion.id.upper() == wanted:
            return criterion
    raise KeyError(criterion_id)


def unknown_criterion(rules: RuleSet, criterion_id: str, lang: Lang) -> str:
    """What ``rules show`` says of an id the rule set does not have."""
    return say("rulesdoc.unknown", lang, id=criterion_id, name=rules.name,
               known=", ".join(c.id for c in rules.criteria))


def _day(value: dt.date, lang: Lang) -> str:
    return date(value, lang)


def _yes_no(value: bool, lang: Lang) -> str:
    return say("common.yes" if value else "common.no", lang)


def _mandatory_text(criterion: CriterionDef, lang: Lang) -> str:
    history = criterion.mandatory
    if len(history) == 1:
        return _yes_no(history[0].value, lang)
    return " → ".join(
        _yes_no(entry.value, lang) if entry.from_.year <= 1900 else
        say("rulesdoc.mandatory_from", lang, value=_yes_no(entry.value, lang),
            day=_day(entry.from_, lang))
        for entry in history)


def _period(criterion: CriterionDef, lang: Lang) -> str:
    period = criterion.spec.effective
    if period.from_ and period.to:
        return say("rulesdoc.since_until", lang, start=_day(period.from_, lang),
                   end=_day(period.to, lang))
    if period.from_:
        return say("rulesdoc.from", lang, day=_day(period.from_, lang))
    if period.to:
        return say("rulesdoc.until", lang, day=_day(period.to, lang))
    return say("rulesdoc.always", lang)


def list_rows(rules: RuleSet, lang: Lang | str | None = None) -> list[list[str]]:
    """``rules list``: a header and one row per criterion, with its legal basis."""
    chosen = lang_of(lang)
    rows = [[say(f"rulesdoc.list.{key}", chosen) for key in
             ("id", "subject", "mandatory", "confidence", "in_force", "title", "basis")]]
    for criterion in rules.criteria:
        spec = criterion.spec
        confidence = spec.basis.confidence + (
            f" ({say('text.provisional.tag', chosen)})" if spec.basis.confidence == "U" else "")
        rows.append([
            spec.id,
            say(f"rulesdoc.subject.{spec.subject}", chosen),
            _mandatory_text(criterion, chosen),
            confidence,
            _period(criterion, chosen),
            getattr(spec.title, chosen),
            "; ".join(r.document for r in spec.basis.references),
        ])
    return rows


def _cite(reference: Reference | None, lang: Lang) -> str:
    if reference is None:
        return ""
    bits = [reference.document]
    if reference.article:
        bits.append(reference.article)
    if reference.date:
        bits.append(_day(reference.date, lang))
    if reference.from_ or reference.to:
        bits.append(say("rulesdoc.cited", lang,
                        start=_day(reference.from_, lang) if reference.from_ else "…",
                        end=_day(reference.to, lang) if reference.to else "…"))
    if reference.confidence:
        bits.append(say("rulesdoc.reference_confidence", lang, confidence=reference.confidence))
    text = ", ".join(bits)
    if reference.note:
        text += f" — {getattr(reference.note, lang)}"
    if reference.url:
        text += f" <{reference.url}>"
    return text


def _span(entry: Dated[Any], lang: Lang) -> str:
    start = None if entry.from_.year <= 1900 else _day(entry.from_, lang)
    end = _day(entry.to, lang) if entry.to else None
    if start and end:
        return say("rulesdoc.since_until", lang, start=start, end=end)
    if start:
        return say("rulesdoc.from", lang, day=start)
    if end:
        return say("rulesdoc.until", lang, day=end)
    return say("rulesdoc.always", lang)


def describe_criterion(rules: RuleSet, criterion: CriterionDef, lang: Lang | str = "vi") -> str:
    """``rules show ID``: everything a criterion rests on, in words."""
    chosen = lang_of(lang)
    spec = criterion.spec
    group = rules.manifest.groups.get(spec.group or "")
    lines = [
        *describe_years(rules, chosen),
        "",
        f"{spec.id} — {getattr(spec.title, chosen)}",
        say("rulesdoc.subject_line", chosen,
            subject=say(f"rulesdoc.subject.{spec.subject}", chosen),
            applies=", ".join(label(u.value, chosen) for u in spec.applies_to)),
        say("rulesdoc.in_force", chosen, period=_period(criterion, chosen)),
        say("rulesdoc.mandatory", chosen, value=_mandatory_text(criterion, chosen)),
    ]
    if group is not None:
        lines.append(say("rulesdoc.group", chosen, group=getattr(group, chosen)))
    lines += [say("rulesdoc.file", chosen, file=criterion.where.file), ""]
    key = "rulesdoc.basis_provisional" if spec.basis.confidence == "U" else "rulesdoc.basis"
    lines.append(say(key, chosen, confidence=spec.basis.confidence))
    lines.extend(f"  - {_cite(ref, chosen)}" for ref in spec.basis.references)
    if spec.basis.note:
        lines.append(say("rulesdoc.note", chosen, note=getattr(spec.basis.note, chosen)))
    if spec.basis.text:
        lines.append(say("rulesdoc.text", chosen, text=getattr(spec.basis.text, chosen)))
    lines += ["", say("rulesdoc.condition_words", chosen)]
    for period in periods(rules, criterion):
        if period.inactive is not None:
            reason = period.inactive[0 if chosen == "vi" else 1]
            lines.append(say("rulesdoc.condition_inactive", chosen, years=period.years,
                             reason=reason))
            continue
        lines.append(say("rulesdoc.condition_years", chosen, years=period.years,
                         reference=period.reference[0 if chosen == "vi" else 1]).rstrip(": "))
        lines.extend(f"    - {clause}" for clause in (period.vi if chosen == "vi"
                                                        else period.en))
    lines += ["", say("rulesdoc.condition_source", chosen)]
    lines.extend(f"  {line}" for line in _source(criterion, chosen))
    read = {n.path for entry in criterion.conditions for n in names(entry.value)}
    derived = sorted(read & rules.derived.keys())
    via: dict[str, str] = {name: "" for name in read & rules.parameters.keys()}
    for name in derived:
        where = rules.derived[name].where_expr
        for n in names(where) if where is not None else []:
            if n.path in rules.parameters:
                via.setdefault(n.path, name)
    if via:
        lines += ["", say("rulesdoc.parameters", chosen)]
        for name in sorted(via):
            parameter = rules.parameters[name]
            title = getattr(parameter.spec.title, chosen)
            if via[name]:
                through = getattr(rules.derived[via[name]].spec.title, chosen)
                lines.append(say("rulesdoc.parameter_via", chosen, title=title, name=name,
                                 via=through))
            else:
                lines.append(say("rulesdoc.parameter", chosen, title=title, name=name))
            unit = parameter.spec.unit if parameter.spec.unit in UNITS else None
            for entry in parameter.spec.values:
                value = unit_value(entry.value, unit, chosen)
                cite = f"  [{_cite(entry.reference, chosen)}]" if entry.reference else ""
                lines.append(say("rulesdoc.history", chosen, period=_span(entry, chosen),
                                 value=value) + cite)
    if derived:
        lines += ["", say("rulesdoc.derived", chosen)]
        for name in derived:
            d = rules.derived[name]
            lines.append(say("rulesdoc.derived_one", chosen, title=getattr(d.spec.title, chosen),
                             how=derivation_words(rules, name, None, chosen)))
            lines.append(say("rulesdoc.derived_source", chosen, source=_derived_source(rules,
                                                                                     name)))
    provisional = provisional_parts(rules, criterion, via)
    if provisional:
        lines += ["", say("rulesdoc.provisional", chosen)]
        lines.extend(f"  - {part[0 if chosen == 'vi' else 1]}" for part in provisional)
    return "\n".join(lines)


def _derived_source(rules: RuleSet, name: str) -> str:
    """A derived input as the rule file defines it (code)."""
    spec = rules.derived[name].spec
    how = (f"count {spec.count}" if spec.count else
           f"the {spec.the}: {spec.field}" if spec.the else "sum " + " + ".join(spec.sum or []))
    where = f" where {' '.join(spec.where.split())}" if spec.where else ""
    return f"{name} = {how}{where}"


def _source(criterion: CriterionDef, lang: Lang) -> list[str]:
    """The condition as written: named expressions, then the condition, each as code, a
    dated one under its period."""
    lines: list[str] = []
    for part in criterion.expressions:
        if not part.dated:
            lines.append(f"`{part.name} = {to_text(part.entries[0].value)}`")
            continue
        lines.append(say("rulesdoc.condition_dated", lang, name=f"`{part.name}`").strip())
        lines.extend(f"  {_span(item, lang)}: `{to_text(item.value)}`" for item in part.entries)
    spec = criterion.spec
    if isinstance(spec.condition, str):
        lines.append(f"`{' '.join(spec.condition.split())}`")
    else:
        lines.extend(f"{_span(entry, lang)}: `{' '.join(entry.value.split())}`"
                     for entry in spec.condition)
    return lines


def describe_years(rules: RuleSet, lang: Lang | str = "vi") -> list[str]:
    """What the rule set covers, and what a later year is told."""
    chosen = lang_of(lang)
    years = rules.manifest.years
    lines = [say("rulesdoc.years", chosen, name=rules.name, version=rules.version,
                 first=years.from_, last=years.to)]
    later = refusal(rules, years.to + 1)
    if later is not None:
        lines.append(say("rulesdoc.refused", chosen, year=years.to + 1,
                         reason=later[0] if chosen == "vi" else later[1]))
    if years.end is not None:
        lines.append(say("rulesdoc.later_law", chosen, day=_day(years.end.from_, chosen)))
        lines.extend(f"    - {_cite(ref, chosen)}" for ref in years.end.references)
    return lines


__all__ = ["describe_criterion", "describe_years", "find_criterion", "list_rows",
           "unknown_criterion"]
