"""Words for the auditor's texts: what a field is called, how a value reads, in vi and en.

Counterfactuals speak the user's terms ("number of HĐND sessions", "trình độ chuyên môn"),
not dotted paths alone. Labels are per *field*, never per criterion, so a new criterion over
existing fields needs nothing here; a field without a label falls back to its model
description (en) or its path (vi).
"""

from __future__ import annotations

from functools import cache

from ..condition.types import model_fields
from ..models import Commune, Official, ProvinceReport
from ..words import Lang
from ..words.format import format_value, number, percent

_COMMUNE: dict[str, tuple[str, str]] = {
    "classification": ("loại đơn vị hành chính", "commune class"),
    "police_chief_regular": ("Trưởng Công an xã là công an chính quy",
                             "police chief is regular police"),
    "officials": ("hồ sơ từng cán bộ, công chức", "individual official records"),
    "organisations.party_committee": ("xếp loại Đảng bộ xã", "rating of the Party committee"),
    "organisations.people_committee": ("xếp loại chính quyền (UBND) xã",
                                       "rating of the government (People's Committee)"),
    "organisations.fatherland_front": ("xếp loại Ủy ban MTTQ", "rating of the Fatherland Front"),
    "organisations.youth_union": ("xếp loại Đoàn Thanh niên", "rating of the youth union"),
    "organisations.women_union": ("xếp loại Hội Phụ nữ", "rating of the women's union"),
    "organisations.farmers_union": ("xếp loại Hội Nông dân", "rating of the farmers' union"),
    "organisations.veterans_association": ("xếp loại Hội Cựu chiến binh",
                                           "rating of the veterans' association"),
    "political_system.party_committee": ("có Đảng bộ xã", "Party committee exists"),
    "political_system.people_council": ("có HĐND xã", "People's Council exists"),
    "political_system.people_committee": ("có UBND xã", "People's Committee exists"),
    "political_system.fatherland_front": ("có Ủy ban MTTQ xã", "Fatherland Front exists"),
    "political_system.youth_union": ("có Đoàn Thanh niên", "youth union exists"),
    "political_system.women_union": ("có Hội Phụ nữ", "women's union exists"),
    "political_system.farmers_union": ("có Hội Nông dân", "farmers' union exists"),
    "political_system.veterans_association": ("có Hội Cựu chiến binh",
                                              "veterans' association exists"),
    "one_stop.operating": ("Bộ phận một cửa hoạt động", "one-stop section operating"),
    "one_stop.procedures_total": ("số thủ tục hành chính cấp xã",
                                  "commune administrative procedures"),
    "one_stop.procedures_posted": ("số thủ tục được công khai", "procedures publicly posted"),
    "one_stop.dossiers_resolved": ("số hồ sơ đã giải quyết", "dossiers resolved"),
    "one_stop.dossiers_on_time": ("số hồ sơ giải quyết đúng hạn", "dossiers resolved on time"),
    "one_stop.late_dossiers_apologised": ("số hồ sơ trễ hạn có phiếu xin lỗi",
                                          "late dossiers with a written apology"),
    "oversight.council_regular_sessions": ("số kỳ họp thường lệ của HĐND",
                                           "number of HĐND sessions"),
    "oversight.front_supervisions": ("số cuộc giám sát của MTTQ",
                                     "number of Fatherland Front supervisions"),
    "integrity.corruption_cases": ("số vụ tham nhũng được kết luận", "corruption cases"),
    "integrity.prolonged_mass_complaints": ("số vụ khiếu kiện đông người kéo dài",
                                            "prolonged mass complaints"),
    "social.gender_equality_met": ("đạt chỉ tiêu 18.6 (bình đẳng giới)",
                                   "indicator 18.6 (gender equality) met"),
    **{
        f"access_to_law.criterion_{i}": (f"điểm tiêu chí {i} tiếp cận pháp luật",
                                         f"access-to-law criterion {i} score")
        for i in range(1, 6)
    },
}

_REPORT: dict[str, tuple[str, str]] = {
    "units_total": ("số đơn vị cấp xã", "commune-level units"),
    "officials_total": ("tổng số cán bộ, công chức", "all cán bộ and công chức"),
    "officials_previous_year": ("số cán bộ, công chức năm trước", "officials a year earlier"),
    "officials_decrease": ("số giảm so với năm trước", "printed decrease"),
    "cong_chuc_total": ("số công chức", "công chức"),
    "can_bo_total": ("số cán bộ chuyên trách", "full-time cán bộ"),
    "meeting_standard_total": ("số đạt chuẩn chuyên môn", "officials meeting the standard"),
    "cong_chuc_meeting_standard": ("số công chức đạt chuẩn", "công chức meeting the standard"),
    "can_bo_meeting_standard": ("số cán bộ đạt chuẩn", "cán bộ meeting the standard"),
    "meeting_standard_pct": ("tỷ lệ đạt chuẩn in trong báo cáo",
                             "printed share meeting the standard"),
    "cong_chuc_meeting_standard_pct": ("tỷ lệ công chức đạt chuẩn in trong báo cáo",
                                       "printed share of công chức meeting the standard"),
    "can_bo_meeting_standard_pct": ("tỷ lệ cán bộ đạt chuẩn in trong báo cáo",
                                    "printed share of cán bộ meeting the standard"),
    "upper_secondary_pct": ("tỷ lệ có trình độ THPT", "share with upper-secondary education"),
    "political_theory_intermediate_pct": ("tỷ lệ có trung cấp lý luận chính trị trở lên",
                                          "share with intermediate political theory or higher"),
    "trained_pct": ("tỷ lệ được bồi dưỡng chuyên môn", "share trained in professional skills"),
}

_RECORD: dict[str, tuple[str, str]] = {
    "general_education": ("trình độ văn hóa", "general education"),
    "professional_level": ("trình độ chuyên môn", "professional level"),
    "political_theory": ("trình độ lý luận chính trị", "political theory"),
    "trained_this_year": ("được bồi dưỡng trong năm", "trained this year"),
    "rating": ("xếp loại", "rating"),
    "discipline": ("kỷ luật", "discipline"),
}


@cache
def _descriptions() -> dict[str, str]:
    found: dict[str, str] = {}
    for model in (Commune, ProvinceReport, Official):
        for path, (_, description) in model_fields(model).items():
            found.setdefault(path, description.rstrip("."))
    return found


def field_label(path: str, lang: Lang, kind: str = "commune") -> str:
    """What a document field is called: ``oversight.council_regular_sessions`` → "number of
    HĐND sessions"."""
    table = _REPORT if kind == "province_report" else _COMMUNE
    found = table.get(path)
    if found is not None:
        return found[0] if lang == "vi" else found[1]
    if lang == "en":
        return _descriptions().get(path) or path
    return path


def record_field_label(name: str, lang: Lang) -> str:
    """What a field of an official record is called (``professional_level``)."""
    found = _RECORD.get(name)
    if found is None:
        return name
    return found[0] if lang == "vi" else found[1]


def value_text(value: object, lang: Lang) -> str:
    """A value as an auditor reads it: vocabulary words by their Vietnamese label in both
    languages (the terms are Vietnamese law), numbers grouped by the language's convention."""
    if isinstance(value, str):
        return format_value(value, "label", "vi")
    return format_value(value, "", lang)


def share_text(fraction: float, lang: Lang) -> str:
    """A fraction as a percentage with one decimal: 0.912 → "91,2 %" / "91.2%"."""
    return percent(fraction * 100, lang, 1)


def signed(delta: float, lang: Lang) -> str:
    """+9 / −3, in the language's number format."""
    text = number(abs(delta), lang)
    return ("+" if delta >= 0 else "−") + text


OP_TEXT = {"<": "<", "<=": "≤", ">": ">", ">=": "≥", "==": "=", "!=": "≠"}

__all__ = ["OP_TEXT", "field_label", "record_field_label", "share_text", "signed", "value_text"]
