"""``diff``: which verdicts a change of rule set, or of assessment year, moves — and why.

Two *sides* are compared over the same documents: a side is a rule set and, optionally, an
assessment year that replaces each document's own (``assessment_year`` of a commune, ``year``
of a province report; the records are left as they are, and the output says so). For every
unit whose verdict differs, the criteria *responsible* are those whose decisive contribution
changed — a mandatory ``fail`` or ``unknown`` appearing or disappearing, including by a
criterion coming into force or becoming mandatory; other status changes are listed apart.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..documents import Document
from ..errors import CleanStrongError, InputError
from ..evaluation import evaluate, resolve_ruleset
from ..models import Commune
from ..result import Result
from ..ruleset import RuleSet


@dataclass(frozen=True)
class Side:
    """Rules and, optionally, the assessment year every document is evaluated at."""

    rules: RuleSet
    year: int | None = None

    @property
    def label(self) -> str:
        at = f" @ {self.year}" if self.year is not None else ""
        return f"{self.rules.name} {self.rules.version} ({self.rules.hash[:15]}…){at}"

    def document(self, document: Document) -> Document:
        if self.year is None:
            return document
        if isinstance(document, Commune):
            return document.model_copy(update={"assessment_year": self.year})
        return document.model_copy(update={"year": self.year})


@dataclass(frozen=True)
class CriterionChange:
    id: str
    before: str | None  # status, or None: not in force / not applicable
    after: str | None
    mandatory_before: bool | None
    mandatory_after: bool | None

    def text(self) -> str:
        def one(status: str | None, mandatory: bool | None) -> str:
            if status is None:
                return "—"
            return f"{status}{'' if mandatory else ' (advisory)'}"

        return f"{self.id} {one(self.before, self.mandatory_before)} → " \
               f"{one(self.after, self.mandatory_after)}"

    def data(self) -> dict[str, Any]:
        return {"id": self.id, "before": self.before, "after": self.after,
                "mandatory_before": self.mandatory_before, "mandatory_after": self.mandatory_after}


@dataclass(frozen=True)
class UnitDiff:
    source: str
    code: str | None
    name: str
    before: str  # verdict, or "error"
    after: str
    responsible: tuple[CriterionChange, ...]
    other: tuple[CriterionChange, ...]
    errors: tuple[str, ...] = ()
    errors_en: tuple[str, ...] = ()  # the same, in English where the error has it

    @property
    def verdict_changed(self) -> bool:
        return self.before != self.after

    def data(self) -> dict[str, Any]:
        return {"source": self.source, "code": self.code, "name": self.name,
                "before": self.before, "after": self.after,
                "responsible": [c.data() for c in self.responsible],
                "other": [c.data() for c in self.other], "errors": list(self.errors)}


@dataclass
class RulesetDiff:
    before: Side
    after: Side
    units: list[UnitDiff] = field(default_factory=list)

    @property
    def changed(self) -> list[UnitDiff]:
        return [u for u in self.units if u.verdict_changed]

    def verdicts(self, side: str) -> dict[str, int]:
        counts = Counter(getattr(u, side) for u in self.units)
        return {k: counts[k] for k in ("recognised", "not_recognised", "undetermined", "error")
                if counts[k]}

    def responsible(self) -> dict[str, int]:
        """How many changed verdicts each criterion is responsible for, most first."""
        counts = Counter(c.id for u in self.changed for c in u.responsible)
        return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))

    def status_changes(self) -> dict[str, dict[str, int]]:
        """Per criterion, how often each status change happened (all units)."""
        found: dict[str, Counter[str]] = {}
        for unit in self.units:
            for c in (*unit.responsible, *unit.other):
                found.setdefault(c.id, Counter())[c.text().split(" ", 1)[1]] += 1
        return {cid: dict(sorted(counter.items())) for cid, counter in sorted(found.items())}

    def note(self) -> str | None:
        """What was replaced to compare years (said in every output)."""
        years = [s.year for s in (self.before, self.after) if s.year is not None]
        if not years:
            return None
        return ("each document re-evaluated with its assessment year replaced "
                f"({' and '.join(str(y) for y in years)}); its records are unchanged")

    def data(self) -> dict[str, Any]:
        return {
            "before": {"ruleset": self.before.rules.name, "version": self.before.rules.version,
                       "hash": self.before.rules.hash, "year": self.before.year},
            "after": {"ruleset": self.after.rules.name, "version": self.after.rules.version,
                      "hash": self.after.rules.hash, "year": self.after.year},
            "note": self.note(),
            "units": len(self.units),
            "verdicts_before": self.verdicts("before"),
            "verdicts_after": self.verdicts("after"),
            "changed": len(self.changed),
            "responsible": self.responsible(),
            "status_changes": self.status_changes(),
            "units_changed": [u.data() for u in self.changed],
            "errors": [u.data() for u in self.units if u.errors],
        }

    def to_json(self) -> str:
        return json.dumps(self.data(), ensure_ascii=False, sort_keys=False)


def diff(
    documents: Sequence[tuple[str, Document]],
    before: Side,
    after: Side,
) -> RulesetDiff:
    """Evaluate every document on both sides and keep what changed."""
    out = RulesetDiff(before, after)
    for source, document in documents:
        a, error_a = _evaluate(before, document, source)
        b, error_b = _evaluate(after, document, source)
        errors = tuple(e[0] for e in (error_a, error_b) if e)
        errors_en = tuple(e[1] for e in (error_a, error_b) if e)
        code = document.unit_code if isinstance(document, Commune) else document.province_code
        name = document.name if isinstance(document, Commune) else document.province
        if a is None or b is None:
            out.units.append(UnitDiff(source, code, name, a.verdict if a else "error",
                                      b.verdict if b else "error", (), (), errors, errors_en))
            continue
        changes = _changes(a, b)
        if a.verdict != b.verdict:
            responsible = tuple(
                c for c in changes if _decisive(c, "before") != _decisive(c, "after"))
        else:
            responsible = ()
        other = tuple(c for c in changes if c not in responsible)
        out.units.append(UnitDiff(source, code, name, a.verdict, b.verdict, responsible, other))
    return out


def sides(
    rules: str | Path | None,
    against_rules: str | Path | None,
    year: int | None,
    against_year: int | None,
) -> tuple[Side, Side]:
    """The two sides from the command line's options (``against_*`` default to the first)."""
    first = resolve_ruleset(rules)
    second = resolve_ruleset(against_rules) if against_rules is not None else first
    return Side(first, year), Side(second, against_year if against_year is not None else year)


def _evaluate(side: Side, document: Document, source: str
              ) -> tuple[Result | None, tuple[str, str] | None]:
    try:
        return evaluate(side.document(document), side.rules, source=source,
                        explanations=False), None
    except InputError as error:
        return None, (str(error), error.text("en"))
    except CleanStrongError as error:
        return None, (str(error), str(error))


def _changes(a: Result, b: Result) -> list[CriterionChange]:
    before = {c.id: c for c in a.criteria}
    after = {c.id: c for c in b.criteria}
    order = list(dict.fromkeys([*before, *after]))
    found: list[CriterionChange] = []
    for cid in order:
        x, y = before.get(cid), after.get(cid)
        change = CriterionChange(cid, x.status if x else None, y.status if y else None,
                                 x.mandatory if x else None, y.mandatory if y else None)
        if (change.before, change.mandatory_before) != (change.after, change.mandatory_after):
            found.append(change)
    return found


def _decisive(change: CriterionChange, side: str) -> str:
    """What a criterion contributes to the verdict: a mandatory fail or unknown, or nothing."""
    status = getattr(change, side)
    mandatory = getattr(change, f"mandatory_{side}")
    return status if mandatory and status in ("fail", "unknown") else "ok"


__all__ = ["CriterionChange", "RulesetDiff", "Side", "UnitDiff", "diff", "sides"]
