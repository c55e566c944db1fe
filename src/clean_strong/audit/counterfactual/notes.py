"""The search's proposals in words, Vietnamese and English, once the search is over.

Each :class:`~.proposal.Note` becomes one clause ("number of HĐND sessions: 1 → 2 (+1)");
the clauses of a proposal, joined, are its summary, which says plainly when the engine did not
confirm it, and what is missing when nothing was found (the search never guesses). Inputs are
called by their labels (:mod:`..labels`), derived inputs by their titles in the rule set.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ...condition import Bounds
from ...result import Bilingual, Change, Counterfactual
from ...ruleset import RuleSet
from ...words import LANGS, Lang, say
from ...words.format import number
from ..labels import OP_TEXT, field_label, record_field_label, share_text, value_text
from .proposal import (
    Count,
    FieldSet,
    Note,
    PickedFieldSet,
    RecordsEdited,
    RecordsRemoved,
    Repaired,
    Share,
    SumSet,
)


class Labels:
    """What the inputs of one document kind are called under one rule set."""

    def __init__(self, rules: RuleSet, kind: str) -> None:
        self.rules = rules
        self.kind = kind

    def field(self, path: str, lang: Lang) -> str:
        return field_label(path, lang, self.kind)

    def input(self, var: str, lang: Lang) -> str:
        """A derived input by its title, a document field by its label."""
        definition = self.rules.derived.get(var)
        if definition is not None:
            return str(getattr(definition.spec.title, lang))
        return self.field(var, lang)

    def inner(self, var: str, lang: Lang) -> str:
        """:meth:`input` inside a sentence: "số cán bộ", not "Số cán bộ" (an acronym kept)."""
        title = self.input(var, lang)
        return title[:1].lower() + title[1:] if title[1:2].islower() else title


def text(note: Note, labels: Labels, lang: Lang) -> str:
    """One clause of a summary."""
    clause = _clause(note, labels, lang)
    return f"{note.criterion}: {clause}" if note.criterion else clause


def _clause(note: Note, labels: Labels, lang: Lang) -> str:
    match note:
        case FieldSet():
            return _field(note, labels, lang)
        case RecordsEdited():
            return _records_edited(note, labels, lang)
        case RecordsRemoved():
            return _records_removed(note, labels, lang)
        case PickedFieldSet():
            return _picked(note, labels, lang)
        case SumSet():
            return _sum(note, labels, lang)
        case Repaired():
            return _repaired(note, labels, lang)
    raise TypeError(f"not a note: {note!r}")


def _field(note: FieldSet, labels: Labels, lang: Lang) -> str:
    label = labels.field(note.path, lang)
    if note.before is None:
        shown = value_text(note.after, lang)
        value = (f"{OP_TEXT[note.region]} {shown}" if note.region != "="
                 else say("counterfactual.exactly", lang, value=shown))
        return say("counterfactual.missing_field", lang, label=label, value=value)
    needed = _needed(value_text(note.before, lang), value_text(note.after, lang), lang)
    clause = f"{label}: {needed}"
    return f"{_share(note.share, labels, lang)}: {clause}" if note.share is not None else clause


def _needed(before: str, after: str, lang: Lang) -> str:
    """"cần 2 (hiện 1)": what the rules need, beside what the document says."""
    return say("counterfactual.needed", lang, before=before, after=after)


def _share(share: Share, labels: Labels, lang: Lang) -> str:
    return say("counterfactual.share", lang, a=labels.inner(share.a, lang),
               b=labels.inner(share.b, lang), before=share_text(share.before, lang),
               after=share_text(share.after, lang), required=share_text(share.required, lang))


def _records_edited(note: RecordsEdited, labels: Labels, lang: Lang) -> str:
    groups: dict[tuple[str, str], list[tuple[str, object]]] = {}
    for edit in note.edits:
        groups.setdefault((edit.field, str(edit.after)), []).append((edit.record, edit.before))
    missing = say("common.missing", lang)
    detail = "; ".join(
        say("counterfactual.records_set", lang, field=record_field_label(field, lang),
            value=value_text(after, lang),
            records=", ".join(
                f"{record} ({missing})" if before is None
                else say("counterfactual.record_now", lang, record=record,
                         value=value_text(before, lang))
                for record, before in records))
        for (field, after), records in groups.items()
    )
    moved = _moved(note.before, note.after, lang)
    head = (f"{_share(note.share, labels, lang)}: {moved}" if note.share is not None
            else f"{labels.input(note.name, lang)}: {moved}")
    return f"{head}: {detail}"


def _records_removed(note: RecordsRemoved, labels: Labels, lang: Lang) -> str:
    return say("counterfactual.records_removed", lang, count=len(note.ids),
               ids=", ".join(note.ids), label=labels.input(note.name, lang),
               needed=_moved(note.before, note.after, lang))


def _picked(note: PickedFieldSet, labels: Labels, lang: Lang) -> str:
    title = labels.input(note.name, lang)
    new = value_text(note.after, lang)
    if note.before is None:
        shown = f"{OP_TEXT[note.region]} {new}" if note.region != "=" else new
        return say("counterfactual.missing_record_field", lang, label=title,
                   record=note.record, value=shown)
    return f"{title} ({note.record}): {_needed(value_text(note.before, lang), new, lang)}"


def _sum(note: SumSet, labels: Labels, lang: Lang) -> str:
    parts = ", ".join(f"{labels.field(p, lang)} {_needed(number(a, lang), number(b, lang), lang)}"
                      for p, a, b in note.parts)
    total = _needed(value_text(note.before, lang), value_text(note.after, lang), lang)
    return f"{labels.input(note.name, lang)}: {total}: {parts}"


def _repaired(note: Repaired, labels: Labels, lang: Lang) -> str:
    return say("counterfactual.repaired", lang, label=labels.field(note.path, lang),
               needed=_needed(number(note.before, lang), number(note.after, lang), lang))


def _count(count: Count, lang: Lang) -> str:
    if isinstance(count, Bounds):
        return f"{number(count.lo, lang)}–{number(count.hi, lang)}"
    return "?" if count is None else value_text(count, lang)


def _moved(before: Count, after: Count, lang: Lang) -> str:
    """A count needed beside the count now: "cần 11 (hiện 8)" (bounds "1–2" when some
    records are unknown)."""
    return _needed(_count(before, lang), _count(after, lang), lang)


def counterfactual(target: str, notes: Sequence[Note], changes: list[Change], verified: bool,
                   labels: Labels, still_missing: Sequence[str] = ()) -> Counterfactual:
    """The counterfactual of ``target`` (a criterion, or ``verdict``): its changes and their
    summary, and what stays missing when the engine did not confirm it."""
    supplied = [c.path for c in changes if c.before is None]
    missing = supplied if verified else list(dict.fromkeys([*supplied, *still_missing]))
    summary = {lang: "; ".join(text(note, labels, lang) for note in notes) for lang in LANGS}
    if verified and len(notes) == 1 and notes[0].conditional:
        summary = {lang: say("counterfactual.passes", lang, summary=summary[lang])
                   for lang in LANGS}
    if not verified:
        summary = {lang: say("counterfactual.not_verified", lang, summary=summary[lang])
                   for lang in LANGS}
    head = "counterfactual.for_verdict" if target == "verdict" else "counterfactual.for_criterion"
    summary = {lang: say(head, lang, summary=summary[lang]) for lang in LANGS}
    return Counterfactual(target=target, summary=Bilingual(vi=summary["vi"], en=summary["en"]),
                          changes=changes, missing=missing, verified=verified,
                          attainable=verified and bool(changes), facts=[])


def unattainable(target: str, facts: Sequence[str], labels: Labels) -> Counterfactual:
    """A criterion only facts of the year decide: no change proposed, the facts named."""
    summary = {lang: say("counterfactual.facts_decide", lang, facts=", ".join(
        dict.fromkeys(_fact_label(p, lang, labels) for p in facts))) for lang in LANGS}
    return Counterfactual(target=target, summary=Bilingual(vi=summary["vi"], en=summary["en"]),
                          changes=[], missing=[], verified=False, attainable=False,
                          facts=list(facts))


def nothing(target: str, missing: Sequence[str], labels: Labels) -> Counterfactual:
    """Said plainly when the search finds nothing (it never guesses)."""
    summary = {lang: say("counterfactual.nothing", lang) for lang in LANGS}
    if missing:
        key = "counterfactual.missing_first." + ("many" if len(missing) > 1 else "one")
        summary = {lang: say(key, lang, labels=", ".join(  # the paths: in the JSON's "missing"
            _fact_label(p, lang, labels) for p in missing)) for lang in LANGS}
    return Counterfactual(target=target, summary=Bilingual(vi=summary["vi"], en=summary["en"]),
                          changes=[], missing=list(missing), verified=False)


def _fact_label(path: str, lang: Lang, labels: Labels) -> str:
    """A fact by its label: a document field's, or a record field's with the record's number
    counted from 1 ("kỷ luật của hồ sơ thứ 23")."""
    found = re.fullmatch(r"officials\[(\d+)\]\.(\w+)", path)
    if found is None:
        return labels.field(path, lang)
    index, name = int(found.group(1)) + 1, found.group(2)
    return say("counterfactual.record_fact", lang, field=record_field_label(name, lang),
               number=index)



__all__ = ["Labels", "counterfactual", "nothing", "text", "unattainable"]
