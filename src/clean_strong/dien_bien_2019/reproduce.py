"""Reproducing the Điện Biên 2019 assessment: every unit through the engine, then a summary.

The recognition rate is counted from the verdicts the engine returns for the bundled records;
nothing in the data set carries a verdict. Beside it, the province's published aggregates are
recomputed from the individual official records, and two province reports are checked by the
report rules (RP-xx): the one built from the records, and the article's figures as printed,
which the rules flag (1,303 công chức + 1,303 cán bộ ≠ 2,698).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from ..evaluation import evaluate, resolve_ruleset
from ..models import Commune, ProvinceReport
from ..models.vocab import GeneralEducation, PoliticalTheory, ProfessionalLevel, Role
from ..result import Bilingual, Result, RulesetInfo, Status, Verdict
from ..ruleset import RuleSet
from ..summary import FailCount, Tally, UnitOutcome, summarise
from . import DATASET, dataset_manifest, load_dataset
from .article import (
    ARTICLE_FIGURES,
    ARTICLE_RATE,
    ARTICLE_REPORT,
    CITY_DISTRICT_CODE,
    MUONG_THANH_CODE,
)


class CriterionCheck(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    status: Status
    mandatory: bool
    explanation: Bilingual


class ReportCheck(BaseModel):
    """A province report judged by the report rules."""

    model_config = ConfigDict(frozen=True)

    verdict: Verdict
    verdict_label: Bilingual
    criteria: list[CriterionCheck]

    @classmethod
    def of(cls, result: Result) -> ReportCheck:
        return cls(
            verdict=result.verdict,
            verdict_label=result.verdict_label,
            criteria=[CriterionCheck(id=c.id, status=c.status, mandatory=c.mandatory,
                                     explanation=c.explanation) for c in result.criteria],
        )


class Aggregates(BaseModel):
    """The published figures recomputed from the records, beside the article's."""

    model_config = ConfigDict(frozen=True)

    computed: dict[str, int | float]
    article: dict[str, int | float | str]
    agree: dict[str, bool] = Field(
        description="Per article figure: the records reproduce it (a percentage within 0.1 "
        "point, as the article truncates; '> 90' as a bound).")


class Reproduction(BaseModel):
    """The summary of ``reproduce``; its JSON is the ``reproduce --format json`` contract."""

    model_config = ConfigDict(frozen=True)

    dataset: str
    seed: int | None = Field(description="The generator seed of the records, if generated.")
    units: int
    recognised: int
    not_recognised: int
    undetermined: int
    rate: float = Field(description="recognised / units, from the engine's verdicts.")
    by_district: dict[str, Tally]
    by_unit_type: dict[str, Tally]
    most_failed: list[FailCount]
    aggregates: Aggregates
    article_rate: str = ARTICLE_RATE
    report_checks: dict[str, ReportCheck] = Field(
        description="'records': the report built from the records; 'article': as printed.")
    ruleset: RulesetInfo
    unit_results: list[UnitOutcome]

    def to_json(self, indent: int | None = 2) -> str:
        return self.model_dump_json(indent=indent)


def reproduce(
    dataset: str = DATASET,
    ruleset: RuleSet | str | Path | None = None,
    *,
    communes: Sequence[Commune] | None = None,
    seed: int | None = None,
) -> Reproduction:
    """Evaluate every unit of ``dataset`` (or the given ``communes``) and summarise.

    ``ruleset`` defaults to the bundled rule set of the same name. ``communes`` lets the
    calibration script summarise freshly generated records without writing them.
    """
    rules = resolve_ruleset(ruleset if ruleset is not None else dataset)
    if communes is None:
        communes = load_dataset(dataset)
        found = dataset_manifest(dataset).get("seed")
        seed = found if isinstance(found, int) else None
    results = [evaluate(c, rules, source=f"{dataset}:{c.unit_code}", explanations=False)
               for c in communes]
    return summarise_study(dataset, communes, results, rules, seed)


def summarise_study(
    dataset: str,
    communes: Sequence[Commune],
    results: Sequence[Result],
    rules: RuleSet,
    seed: int | None = None,
) -> Reproduction:
    """The engine's verdicts counted (:func:`clean_strong.summary.summarise`), the article's
    aggregates recomputed from the records and both province reports checked by the rules."""
    counted = summarise(dataset, results)
    computed = aggregates(communes)
    records_report = report_from_records(communes, source=f"clean_strong data set {dataset}")
    return Reproduction(
        dataset=dataset,
        seed=seed,
        units=counted.units,
        recognised=counted.recognised,
        not_recognised=counted.not_recognised,
        undetermined=counted.undetermined,
        rate=counted.rate,
        by_district=counted.by_district,
        by_unit_type=counted.by_unit_type,
        most_failed=counted.most_failed,
        aggregates=Aggregates(computed=computed, article=dict(ARTICLE_FIGURES),
                              agree=agreement(computed, ARTICLE_FIGURES)),
        report_checks={
            "records": ReportCheck.of(evaluate(records_report, rules, source="records")),
            "article": ReportCheck.of(evaluate(ARTICLE_REPORT, rules, source="article")),
        },
        ruleset=counted.ruleset,
        unit_results=counted.unit_results,
    )


def _meets(level: ProfessionalLevel | None) -> bool:
    """The article's standard: professional level "từ trung cấp trở lên"."""
    return level is not None and ProfessionalLevel.rank(level) >= ProfessionalLevel.rank(
        ProfessionalLevel.trung_cap)


def _pct(part: int, whole: int) -> float:
    return round(100 * part / whole, 2) if whole else 0.0


def aggregates(communes: Sequence[Commune]) -> dict[str, int | float]:
    """The published figures, recounted from the individual official records."""
    officials = [(c, o) for c in communes for o in (c.officials or ())
                 if o.role is not Role.khong_chuyen_trach]
    cong_chuc = [o for _, o in officials if o.role is Role.cong_chuc]
    can_bo = [o for _, o in officials if o.role is Role.can_bo_chuyen_trach]
    people = [o for _, o in officials]
    cc_meet = sum(_meets(o.professional_level) for o in cong_chuc)
    cb_meet = sum(_meets(o.professional_level) for o in can_bo)
    mt = [o for c, o in officials if c.unit_code == MUONG_THANH_CODE]
    university = ProfessionalLevel.rank(ProfessionalLevel.dai_hoc)
    theory = PoliticalTheory.rank(PoliticalTheory.trung_cap)
    types = Counter(c.unit_type.value for c in communes)
    return {
        "units": len(communes),
        "xa": types["xa"],
        "phuong": types["phuong"],
        "thi_tran": types["thi_tran"],
        "districts": len({c.district for c in communes}),
        "officials_total": len(people),
        "cong_chuc_total": len(cong_chuc),
        "can_bo_total": len(can_bo),
        "meeting_standard_total": cc_meet + cb_meet,
        "cong_chuc_meeting_standard": cc_meet,
        "can_bo_meeting_standard": cb_meet,
        "meeting_standard_pct": _pct(cc_meet + cb_meet, len(people)),
        "cong_chuc_meeting_standard_pct": _pct(cc_meet, len(cong_chuc)),
        "can_bo_meeting_standard_pct": _pct(cb_meet, len(can_bo)),
        "city_units": sum(c.district_code == CITY_DISTRICT_CODE for c in communes),
        "muong_thanh_officials": len(mt),
        "muong_thanh_meeting_standard": sum(_meets(o.professional_level) for o in mt),
        "muong_thanh_university_pct": _pct(
            sum(o.professional_level is not None
                and ProfessionalLevel.rank(o.professional_level) >= university for o in mt),
            len(mt)),
        "muong_thanh_political_theory_pct": _pct(
            sum(o.political_theory is not None
                and PoliticalTheory.rank(o.political_theory) >= theory for o in mt),
            len(mt)),
        "upper_secondary_pct": _pct(
            sum(o.general_education is GeneralEducation.thpt for o in people), len(people)),
        "political_theory_intermediate_pct": _pct(
            sum(o.political_theory is not None
                and PoliticalTheory.rank(o.political_theory) >= theory for o in people),
            len(people)),
        "trained_pct": _pct(sum(o.trained_this_year is True for o in people), len(people)),
    }


def agreement(
    computed: dict[str, int | float], article: dict[str, int | float | str]
) -> dict[str, bool]:
    """Whether each printed figure is what the records give."""
    out: dict[str, bool] = {}
    for key, printed in article.items():
        value = computed.get(key)
        if value is None:
            continue
        if isinstance(printed, str):  # a bound such as "> 90"
            out[key] = printed.startswith(">") and value > float(printed[1:])
        elif key.endswith("_pct"):
            out[key] = abs(value - printed) < 0.1
        else:
            out[key] = value == printed
    return out


def report_from_records(communes: Sequence[Commune], source: str | None = None) -> ProvinceReport:
    """The province report the records imply, for the report rules to check."""
    a = aggregates(communes)
    provinces = sorted({c.province for c in communes})
    years = sorted({c.assessment_year for c in communes})
    return ProvinceReport(
        kind="province_report",
        province=", ".join(provinces),
        year=years[0],
        source=source,
        units_total=len(communes),
        officials_total=int(a["officials_total"]),
        cong_chuc_total=int(a["cong_chuc_total"]),
        can_bo_total=int(a["can_bo_total"]),
        meeting_standard_total=int(a["meeting_standard_total"]),
        cong_chuc_meeting_standard=int(a["cong_chuc_meeting_standard"]),
        can_bo_meeting_standard=int(a["can_bo_meeting_standard"]),
        meeting_standard_pct=a["meeting_standard_pct"],
        cong_chuc_meeting_standard_pct=a["cong_chuc_meeting_standard_pct"],
        can_bo_meeting_standard_pct=a["can_bo_meeting_standard_pct"],
        upper_secondary_pct=a["upper_secondary_pct"],
        political_theory_intermediate_pct=a["political_theory_intermediate_pct"],
        trained_pct=a["trained_pct"],
    )


__all__ = [
    "Reproduction",
    "aggregates",
    "report_from_records",
    "reproduce",
    "summarise_study",
]
