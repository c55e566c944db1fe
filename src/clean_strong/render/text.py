"""Plain-text rendering of results: what an official reads at a terminal or in a letter.

Every word is the catalogue's (``words/text.toml``); fields, parameters and records are named
by the :class:`~.terms.Terms` given (labels, titles, "hồ sơ thứ 8 (cb-08, …)"), never by path.
"""

from __future__ import annotations

from ..result import CriterionResult, Result
from ..words import Lang, say
from ..words.format import label
from .terms import NO_TERMS, Terms, day, fields, provisional_line

MARK = {"pass": "✓", "fail": "✗", "unknown": "?"}
STATUSES = ("pass", "fail", "unknown")


def status(code: str, lang: Lang) -> str:
    """A criterion's status in words (đạt / không đạt / chưa xác định)."""
    return say(f"common.status.{code}", lang)


def head(result: Result, lang: Lang) -> str:
    """The unit, its district and province, and the year."""
    unit = result.unit
    if unit.kind == "commune":
        kind = label(unit.unit_type, lang).capitalize() if unit.unit_type else say(
            "text.kind.commune", lang)
        text = say("text.head.commune", lang, kind=kind, name=unit.name, code=unit.code,
                   district=unit.district, province=unit.province, year=result.year)
    else:
        text = say("text.head.report", lang, name=unit.name, year=result.year)
    return text


def render_text(result: Result, lang: Lang = "vi", terms: Terms = NO_TERMS) -> str:
    rules = result.ruleset
    lines = [
        head(result, lang),
        say("text.verdict", lang, verdict=getattr(result.verdict_label, lang).upper()),
        say("text.ruleset", lang, name=rules.name, version=rules.version,
            day=day(rules.assessment_day, lang)),
        "",
    ]
    mandatory = [c for c in result.criteria if c.mandatory]
    advisory = [c for c in result.criteria if not c.mandatory]
    for key, group in (("text.mandatory", mandatory), ("text.advisory", advisory)):
        if group:
            lines.append(say(key, lang))
            lines.extend(_criterion(c, lang) for c in group)
            lines.append("")
    if result.not_applicable:
        lines.append(say("text.not_applicable", lang))
        lines.extend(
            f"  – {n.id}  {getattr(n.title, lang)}: {getattr(n.reason, lang)}"
            for n in result.not_applicable
        )
        lines.append("")
    if result.missing_inputs:
        lines.append(say("text.missing", lang, fields=fields(result.missing_inputs, terms, lang)))
    lines.extend(provisional_block(result, terms, lang))
    lines.append(getattr(result.ruleset.disclaimer, lang))
    return "\n".join(lines) + "\n"


def provisional_block(result: Result, terms: Terms, lang: Lang, indent: str = "  "
                      ) -> list[str]:
    """The provisional criteria, each with what makes it provisional that day."""
    chosen = [c for c in result.criteria if c.id in result.provisional]
    if not chosen:
        return [say("text.provisional.none", lang)]
    on = result.ruleset.assessment_day
    return [say("text.provisional.title", lang),
            *(indent + provisional_line(c, terms, lang, on) for c in chosen)]


def _criterion(c: CriterionResult, lang: Lang) -> str:
    basis = c.legal_basis
    documents = "; ".join(r["document"] for r in basis.references)
    confidence = basis.confidence + (
        f", {say('text.provisional.tag', lang)}" if basis.provisional else "")
    return (
        f"  {MARK[c.status]} {c.id}  {getattr(c.title, lang)} — {status(c.status, lang)}\n"
        f"      {getattr(c.explanation, lang)}\n"
        f"      {say('text.basis', lang, documents=documents, confidence=confidence)}"
    )


__all__ = ["MARK", "head", "provisional_block", "render_text", "status"]
