"""Text of the auditor's ``verify`` and ``diff`` verbs, in words (``words/audit.toml``).

Verdicts and statuses are said ("không đạt", "đạt, tham khảo"), never as codes; the parts of a
stored result that differ are named ("tiêu chí CB-03, giải thích (tiếng Anh)"), not by JSON path.
"""

from __future__ import annotations

import re
from collections import Counter

from ..result import Result, RulesetInfo
from ..words import Lang, catalogue, say
from ..words.format import number
from .diff import CriterionChange, RulesetDiff, Side
from .verify import SHOWN_PATHS, Finding, Verification

SHOWN_UNITS = 200


def verdict(code: str, lang: Lang) -> str:
    return say(f"audit.verdict.{code}", lang)


def _status(code: str, lang: Lang) -> str:
    return say(f"common.status.{code}", lang)


def _short(digest: str) -> str:
    return digest[:19] + "…" if len(digest) > 20 else digest


def _rules(info: RulesetInfo) -> str:
    return f"{info.name} {info.version} ({_short(info.hash)})"


def render_verification(v: Verification, lang: Lang = "vi") -> str:
    if v.reproduced:
        head = say("audit.reproduced", lang, rules=_rules(v.fresh.ruleset),
                   verdict=verdict(v.fresh.verdict, lang),
                   criteria=say("audit.criteria_count", lang,
                                count=number(len(v.fresh.criteria), lang)))
        return head + ("\n" + say("audit.formatting", lang) if v.formatting else "") + "\n"
    lines = [say("audit.not_reproduced", lang)]
    lines.extend(f"- {_finding(f, v, lang)}" for f in v.findings)
    return "\n".join(lines) + "\n"


def _finding(f: Finding, v: Verification, lang: Lang) -> str:
    a, b = v.recorded, v.fresh
    if f.kind == "ruleset":
        return say("audit.finding.ruleset", lang, before=_rules(a.ruleset),
                   after=_rules(b.ruleset))
    if f.kind == "input":
        return say("audit.finding.input", lang, before=_short(a.provenance.input_hash),
                   after=_short(b.provenance.input_hash))
    if f.kind == "library":
        return say("audit.finding.library", lang,
                   before=f"{a.provenance.library_version} ({a.provenance.engine})",
                   after=f"{b.provenance.library_version} ({b.provenance.engine})")
    if f.kind == "outcome":
        changes = _outcome(a, b, lang)
        return (say("audit.finding.outcome", lang, changes="; ".join(changes)) if changes
                else say("audit.finding.unchanged", lang))
    where = ", ".join(_part(p, a, lang) for p in f.paths[:SHOWN_PATHS])
    if len(f.paths) > SHOWN_PATHS:
        where += " " + say("audit.finding.more", lang, count=len(f.paths) - SHOWN_PATHS)
    same_library = (a.provenance.library_version == b.provenance.library_version
                    and a.provenance.engine == b.provenance.engine)
    return say("audit.finding.edited" if same_library else "audit.finding.differences", lang,
               where=where)


def _outcome(a: Result, b: Result, lang: Lang) -> list[str]:
    changes: list[str] = []
    if a.verdict != b.verdict:
        changes.append(say("audit.finding.verdict", lang, before=verdict(a.verdict, lang),
                           after=verdict(b.verdict, lang)))
    before = {c.id: c.status for c in a.criteria}
    after = {c.id: c.status for c in b.criteria}
    for cid in sorted(before.keys() | after.keys()):
        if before.get(cid) != after.get(cid):
            changes.append(say("audit.change", lang, id=cid,
                               before=_maybe_status(before.get(cid), lang),
                               after=_maybe_status(after.get(cid), lang)))
    return changes


def _maybe_status(code: str | None, lang: Lang) -> str:
    return _status(code, lang) if code else say("audit.not_in_force", lang)


_SEGMENT = re.compile(r"^(\w+)((?:\[\d+\])*)(?: \((\d+) → (\d+) items\))?$")


def _part(path: str, result: Result, lang: Lang) -> str:
    """A JSON path of a stored result in words: ``criteria[3].explanation.en`` → "tiêu chí
    CB-04, giải thích, tiếng Anh"."""
    if path == "(document)":
        return say("audit.part.document", lang)
    words: list[str] = []
    count: tuple[str, str] | None = None
    names = catalogue()
    for segment in path.split("."):
        match = _SEGMENT.match(segment)
        if match is None:
            words.append(segment)
            continue
        name, indexes, before, after = match.groups()
        if before is not None:
            count = (before, after)
        positions = [int(i) for i in re.findall(r"\d+", indexes)]
        if name == "criteria" and positions and positions[0] < len(result.criteria):
            words.append(say("audit.part.criterion", lang, id=result.criteria[positions[0]].id))
            continue
        if name == "trace" and positions:
            words.append(say("audit.part.step", lang, number=positions[0] + 1))
            continue
        key = f"audit.part.names.{'lang_' + name if name in ('vi', 'en') else name}"
        words.append(say(key, lang) if key in names else name)
        words.extend(say("audit.part.item", lang, number=i + 1) for i in positions)
    text = ", ".join(words)
    if count is not None:
        return say("audit.finding.count", lang, where=text, before=count[0], after=count[1])
    return text


# -- diff -------------------------------------------------------------------------------------


def _side(side: Side) -> dict[str, object]:
    rules = side.rules
    return {"name": rules.name, "version": rules.version, "hash": rules.hash[:15] + "…",
            "year": side.year}


def _side_text(side: Side, lang: Lang) -> str:
    values = _side(side)
    return say("audit.rules_year" if side.year is not None else "audit.rules", lang, **values)


def _counts(counts: dict[str, int], lang: Lang) -> str:
    return ", ".join(say("audit.count", lang, count=number(n, lang), verdict=verdict(k, lang))
                     for k, n in counts.items()) or "—"


def _one(status: str | None, mandatory: bool | None, lang: Lang) -> str:
    if status is None:
        return say("audit.not_in_force", lang)
    text = _status(status, lang)
    return text if mandatory else say("audit.status_advisory", lang, status=text)


def change_text(c: CriterionChange, lang: Lang) -> str:
    """"CB-01 đạt (tham khảo) → không đạt": a criterion's status on both sides."""
    return say("audit.change", lang, id=c.id, before=_one(c.before, c.mandatory_before, lang),
               after=_one(c.after, c.mandatory_after, lang))


def render_diff(d: RulesetDiff, lang: Lang = "vi") -> str:
    lines = [say("audit.comparing", lang, before=_side_text(d.before, lang),
                 after=_side_text(d.after, lang))]
    years = [str(s.year) for s in (d.before, d.after) if s.year is not None]
    if years:
        lines.append(say("audit.note", lang, years=say("audit.years_and", lang).join(years)))
    lines.append(say("audit.units", lang, count=number(len(d.units), lang)))
    lines.append(say("audit.before", lang, counts=_counts(d.verdicts("before"), lang)))
    lines.append(say("audit.after", lang, counts=_counts(d.verdicts("after"), lang)))
    changed = d.changed
    lines.append(say("audit.changed", lang, count=number(len(changed), lang)))
    responsible = d.responsible()
    if responsible:
        lines.append(say("audit.responsible", lang, criteria=", ".join(
            say("audit.responsible_one", lang, id=cid, count=number(n, lang))
            for cid, n in responsible.items())))
    lines.append("")
    for unit in changed[:SHOWN_UNITS]:
        why = ", ".join(change_text(c, lang) for c in unit.responsible) or "—"
        lines.append(say("audit.unit", lang, code=unit.code or "—", name=unit.name,
                         before=verdict(unit.before, lang), after=verdict(unit.after, lang),
                         why=why))
    if len(changed) > SHOWN_UNITS:
        lines.append(say("audit.more_units", lang, count=number(len(changed) - SHOWN_UNITS,
                                                                 lang)))
    status = _status_changes(d, lang)
    if status:
        lines += ["", say("audit.status_changes", lang)]
        for cid, counts in status.items():
            lines.append(f"  {cid}: " + "; ".join(
                say("audit.status_change", lang, change=change, count=number(n, lang))
                for change, n in counts.items()))
    errors = [u for u in d.units if u.errors]
    if errors:
        lines += ["", say("audit.errors", lang)]
        lines.extend(f"  {e}" for u in errors
                     for e in (u.errors if lang == "vi" else u.errors_en or u.errors))
    return "\n".join(lines) + "\n"


def _status_changes(d: RulesetDiff, lang: Lang) -> dict[str, dict[str, int]]:
    """Per criterion, how often each change of status happened over all units, in words."""
    found: dict[str, Counter[str]] = {}
    for unit in d.units:
        for c in (*unit.responsible, *unit.other):
            words = change_text(c, lang).split(" ", 1)[1]
            found.setdefault(c.id, Counter())[words] += 1
    return {cid: dict(sorted(counter.items())) for cid, counter in sorted(found.items())}


__all__ = ["change_text", "render_diff", "render_verification", "verdict"]
