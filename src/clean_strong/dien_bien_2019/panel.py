"""What the Điện Biên 2019 study adds to its HTML report: the note on generated records, the
article's "gần 50 %" beside the computed rate, the report rules' checks of the article and of
the records, and the article's figures recomputed from the records."""

from __future__ import annotations

from collections.abc import Sequence

from ..models import Commune
from ..render.report_data import (
    Check,
    CheckLine,
    Comparison,
    ComparisonRow,
    ReferenceRate,
    StudyPanel,
)
from ..result import Bilingual, Result
from ..ruleset import RuleSet
from ..words import both
from .article import ARTICLE_RATE, ARTICLE_RATE_VALUE
from .reproduce import ReportCheck, Reproduction, summarise_study

AGGREGATES = ("officials_total", "meeting_standard_total", "meeting_standard_pct",
              "cong_chuc_total", "cong_chuc_meeting_standard", "cong_chuc_meeting_standard_pct",
              "can_bo_total", "can_bo_meeting_standard", "can_bo_meeting_standard_pct",
              "city_units", "muong_thanh_officials", "muong_thanh_meeting_standard",
              "muong_thanh_university_pct", "muong_thanh_political_theory_pct")
_CHECKS = ("article", "records")


def _words(key: str, **values: object) -> Bilingual:
    vi, en = both(key, **values)
    return Bilingual(vi=vi, en=en)


def panel(reproduction: Reproduction) -> StudyPanel:
    """The study's part of the report, from its reproduction."""
    seed = both("reproduce.panel.seed", seed=reproduction.seed) if reproduction.seed is not None \
        else ("", "")
    agg = reproduction.aggregates
    return StudyPanel(
        note=_words("reproduce.panel.note", seed=seed),
        reference=ReferenceRate(
            label=_words("reproduce.panel.article"),
            text=ARTICLE_RATE,
            gloss=_words("reproduce.panel.gloss"),
            value=ARTICLE_RATE_VALUE,
            legend=_words("reproduce.panel.legend", article=ARTICLE_RATE),
        ),
        checks_title=_words("reproduce.panel.checks"),
        checks=[_check(_words(f"reproduce.check.{key}"), reproduction.report_checks[key])
                for key in _CHECKS],
        comparison=Comparison(
            title=_words("reproduce.panel.comparison"),
            rows=[
                ComparisonRow(label=_words(f"reproduce.panel.aggregate.{key}"),
                              computed=agg.computed[key], published=agg.article[key],
                              percent=key.endswith("_pct"), agrees=agg.agree.get(key, False))
                for key in AGGREGATES if key in agg.article and key in agg.computed
            ],
        ),
    )


def study_panel(dataset: str, communes: Sequence[Commune], results: Sequence[Result],
                rules: RuleSet, seed: int | None) -> StudyPanel:
    """The panel of the bundled data set's report, from the results already evaluated."""
    return panel(summarise_study(dataset, communes, results, rules, seed))


def _check(heading: Bilingual, check: ReportCheck) -> Check:
    return Check(heading=heading, verdict=check.verdict, verdict_label=check.verdict_label,
                 criteria=[CheckLine(id=c.id, status=c.status, mandatory=c.mandatory,
                                     explanation=c.explanation) for c in check.criteria])


__all__ = ["AGGREGATES", "panel", "study_panel"]
