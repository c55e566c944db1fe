"""What the source article printed: Báo Điện Biên Phủ, 18/12/2019 (``seed/`` in the brief).

Its figures F1–F6 exactly as printed (errors included: 1,303 cán bộ is a misprint that the
report rules flag), its "gần 50 %", and the units it names. The generator reproduces the
aggregates from individual records; :mod:`.reproduce` checks them against these.
"""

from __future__ import annotations

from ..models import ProvinceReport

ARTICLE_RATE = "gần 50 %"
ARTICLE_SOURCE = (
    'Báo Điện Biên Phủ, 18/12/2019, "Xây dựng chính quyền cơ sở trong sạch, vững mạnh — '
    'Bài 2: Cán bộ là then chốt" (figures exactly as printed)'
)
ARTICLE_REPORT = ProvinceReport(
    kind="province_report",
    province="Điện Biên",
    province_code="11",
    year=2019,
    source=ARTICLE_SOURCE,
    units_total=130,
    officials_total=2698,
    officials_decrease=113,
    cong_chuc_total=1303,
    can_bo_total=1303,  # as printed; the reading that adds up is 2,698 − 1,303
    meeting_standard_total=2436,
    cong_chuc_meeting_standard=1303,
    can_bo_meeting_standard=1133,
    meeting_standard_pct=90.2,
    cong_chuc_meeting_standard_pct=100,
    can_bo_meeting_standard_pct=86.9,
)
"""The article's aggregates exactly as printed (examples/dien-bien-2019-report.as-printed.json)."""

ARTICLE_FIGURES: dict[str, int | float | str] = {
    "officials_total": 2698,
    "cong_chuc_total": 1303,
    "can_bo_total": 1303,
    "meeting_standard_total": 2436,
    "cong_chuc_meeting_standard": 1303,
    "can_bo_meeting_standard": 1133,
    "meeting_standard_pct": 90.2,
    "cong_chuc_meeting_standard_pct": 100.0,
    "can_bo_meeting_standard_pct": 86.9,
    "city_units": 9,
    "muong_thanh_officials": 22,
    "muong_thanh_meeting_standard": 22,
    "muong_thanh_university_pct": "> 90",
    "muong_thanh_political_theory_pct": "> 90",
}
"""F1–F6 as the article prints them (F4's denominator included)."""

CITY_DISTRICT_CODE = "094"
"""TP Điện Biên Phủ: the article's F6 counts its units."""
MUONG_THANH_CODE = "03136"
"""Phường Mường Thanh: the article's F5 (22 officials, all meeting the standard)."""
ARTICLE_RATE_VALUE = 0.5
"""Where "gần 50 %" is drawn on a chart: the article's own figure, not a computed rate."""
