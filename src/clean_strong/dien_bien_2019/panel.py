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
from .article import ARTICLE_RATE, ARTICLE_RATE_VALUE
from .reproduce import ReportCheck, Reproduction, summarise_study

AGGREGATE_LABELS: dict[str, tuple[str, str]] = {
    "officials_total": ("Cán bộ, công chức cấp xã (F1)", "Commune officials (F1)"),
    "meeting_standard_total": ("Đạt chuẩn chuyên môn (F2)", "Meeting the standard (F2)"),
    "meeting_standard_pct": ("Tỷ lệ đạt chuẩn (F2)", "Share meeting it (F2)"),
    "cong_chuc_total": ("Công chức (F3)", "Công chức (F3)"),
    "cong_chuc_meeting_standard": ("Công chức đạt chuẩn (F3)", "Công chức meeting it (F3)"),
    "cong_chuc_meeting_standard_pct": ("Tỷ lệ công chức đạt chuẩn (F3)", "Share (F3)"),
    "can_bo_total": ("Cán bộ chuyên trách (F4)", "Full-time cán bộ (F4)"),
    "can_bo_meeting_standard": ("Cán bộ đạt chuẩn (F4)", "Cán bộ meeting it (F4)"),
    "can_bo_meeting_standard_pct": ("Tỷ lệ cán bộ đạt chuẩn (F4)", "Share (F4)"),
    "city_units": ("Đơn vị của TP Điện Biên Phủ (F6)", "Units in the city (F6)"),
    "muong_thanh_officials": ("P. Mường Thanh: cán bộ, công chức (F5)",
                              "Mường Thanh ward: officials (F5)"),
    "muong_thanh_meeting_standard": ("P. Mường Thanh: đạt chuẩn chuyên môn",
                                     "Mường Thanh ward: meeting the standard"),
    "muong_thanh_university_pct": ("P. Mường Thanh: trình độ đại học (%)",
                                   "Mường Thanh ward: university degree (%)"),
    "muong_thanh_political_theory_pct": ("P. Mường Thanh: lý luận chính trị (%)",
                                         "Mường Thanh ward: political theory (%)"),
}
_GENERATED = Bilingual(
    vi="Hồ sơ từng xã là dữ liệu sinh có kiểm soát, không phải số liệu thật; tỷ lệ do bộ máy "
       "quy tắc tính từ hồ sơ. Danh mục đơn vị là thật.",
    en="Per-commune records are generated, not observed; the rate is computed by the rule "
       "engine from them. The list of units is real.")
_CHECKS = (
    ("article", Bilingual(vi="Số liệu bài báo, như in", en="The article's figures, as printed")),
    ("records", Bilingual(vi="Báo cáo lập từ hồ sơ", en="The report built from the records")),
)


def panel(reproduction: Reproduction) -> StudyPanel:
    """The study's part of the report, from its reproduction."""
    seed = f" (seed {reproduction.seed})" if reproduction.seed is not None else ""
    agg = reproduction.aggregates
    return StudyPanel(
        note=Bilingual(vi=_GENERATED.vi + seed, en=_GENERATED.en + seed),
        reference=ReferenceRate(
            label=Bilingual(vi="bài báo", en="the article"),
            text=ARTICLE_RATE,
            gloss=Bilingual(vi="", en=" (nearly 50 %)"),
            value=ARTICLE_RATE_VALUE,
            legend=Bilingual(vi="đường đỏ đứt: “gần 50 %” của bài báo",
                             en="dashed red line: the article's “nearly 50 %”"),
        ),
        checks_title=Bilingual(vi="Kiểm tra báo cáo tỉnh bằng quy tắc RP",
                               en="Province report checked by the RP rules"),
        checks=[_check(heading, reproduction.report_checks[key]) for key, heading in _CHECKS],
        comparison=Comparison(
            title=Bilingual(vi="Số liệu tổng hợp: tính lại từ hồ sơ so với bài báo",
                            en="Province aggregates: recomputed from the records against the "
                               "article"),
            rows=[
                ComparisonRow(label=Bilingual(vi=vi, en=en), computed=agg.computed[key],
                              published=agg.article[key], percent=key.endswith("_pct"),
                              agrees=agg.agree.get(key, False))
                for key, (vi, en) in AGGREGATE_LABELS.items()
                if key in agg.article and key in agg.computed
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


__all__ = ["AGGREGATE_LABELS", "panel", "study_panel"]
