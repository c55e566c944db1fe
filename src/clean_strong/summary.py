"""The summary of a set of results: verdicts counted by district and unit type, the criteria
most often failed. Counted from the results only (what the engine decided), never recomputed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict

from .models.vocab import UnitType
from .result import Bilingual, Result, RulesetInfo, Verdict


class Tally(BaseModel):
    """Verdict counts for a group of units; ``rate`` is recognised / units."""

    model_config = ConfigDict(frozen=True)

    units: int
    recognised: int
    not_recognised: int
    undetermined: int
    rate: float

    @classmethod
    def of(cls, verdicts: Sequence[Verdict]) -> Tally:
        counts = Counter(verdicts)
        n = len(verdicts)
        return cls(
            units=n,
            recognised=counts["recognised"],
            not_recognised=counts["not_recognised"],
            undetermined=counts["undetermined"],
            rate=counts["recognised"] / n if n else 0.0,
        )


class FailCount(BaseModel):
    """How many units failed one criterion."""

    model_config = ConfigDict(frozen=True)

    id: str
    fails: int
    mandatory: bool
    title: Bilingual


class UnitOutcome(BaseModel):
    """One unit's verdict as the engine decided it, and the criteria it failed."""

    model_config = ConfigDict(frozen=True)

    code: str
    name: str
    district: str
    unit_type: str
    verdict: Verdict
    failed: list[str]


class Summary(BaseModel):
    """What a set of commune results adds up to."""

    model_config = ConfigDict(frozen=True)

    dataset: str
    units: int
    recognised: int
    not_recognised: int
    undetermined: int
    rate: float
    by_district: dict[str, Tally]
    by_unit_type: dict[str, Tally]
    most_failed: list[FailCount]
    ruleset: RulesetInfo
    unit_results: list[UnitOutcome]


def summarise(dataset: str, results: Sequence[Result]) -> Summary:
    """Count the engine's verdicts of commune ``results`` (at least one) by district and unit
    type, in the order the units come; the criteria failed, most often first."""
    if not results:
        raise ValueError("a summary needs at least one result")
    districts: dict[str, list[Verdict]] = {}
    types: dict[str, list[Verdict]] = {t.value: [] for t in UnitType}
    fails: Counter[str] = Counter()
    info: dict[str, tuple[bool, Bilingual]] = {}
    outcomes: list[UnitOutcome] = []
    for result in results:
        unit = result.unit
        district, unit_type = unit.district or "", unit.unit_type or ""
        districts.setdefault(district, []).append(result.verdict)
        types.setdefault(unit_type, []).append(result.verdict)
        failed = [c.id for c in result.criteria if c.status == "fail"]
        fails.update(failed)
        for c in result.criteria:
            info.setdefault(c.id, (c.mandatory, c.title))
        outcomes.append(UnitOutcome(
            code=unit.code or "", name=unit.name, district=district, unit_type=unit_type,
            verdict=result.verdict, failed=failed))
    total = Tally.of([r.verdict for r in results])
    return Summary(
        dataset=dataset,
        units=total.units,
        recognised=total.recognised,
        not_recognised=total.not_recognised,
        undetermined=total.undetermined,
        rate=total.rate,
        by_district={d: Tally.of(v) for d, v in districts.items()},
        by_unit_type={t: Tally.of(v) for t, v in types.items() if v},
        most_failed=[
            FailCount(id=i, fails=n, mandatory=info[i][0], title=info[i][1])
            for i, n in sorted(fails.items(), key=lambda item: (-item[1], item[0]))
        ],
        ruleset=results[0].ruleset,
        unit_results=outcomes,
    )


__all__ = ["FailCount", "Summary", "Tally", "UnitOutcome", "summarise"]
