"""Plain-text rendering of results: what an official reads at a terminal or in a letter."""

from __future__ import annotations

from ..result import CriterionResult, Result
from ..words import Lang

MARK = {"pass": "✓", "fail": "✗", "unknown": "?"}
STATUS = {
    "vi": {"pass": "đạt", "fail": "không đạt", "unknown": "chưa xác định"},
    "en": {"pass": "pass", "fail": "fail", "unknown": "unknown"},
}
WORDS = {
    "vi": {
        "year": "năm",
        "verdict": "Kết quả",
        "rules": "Bộ quy tắc",
        "day": "giá trị hiệu lực ngày",
        "mandatory": "Tiêu chí bắt buộc",
        "advisory": "Tiêu chí tham khảo (không quyết định kết quả)",
        "na": "Không áp dụng",
        "missing": "Thiếu dữ liệu",
        "provisional": "Quy tắc tạm thời (độ tin cậy U) đã tham gia",
        "basis": "căn cứ",
        "none": "không có",
        "xa": "Xã",
        "phuong": "Phường",
        "thi_tran": "Thị trấn",
        "report": "Báo cáo tỉnh",
    },
    "en": {
        "year": "year",
        "verdict": "Verdict",
        "rules": "Rule set",
        "day": "values in force on",
        "mandatory": "Mandatory criteria",
        "advisory": "Advisory criteria (do not decide)",
        "na": "Not applicable",
        "missing": "Missing inputs",
        "provisional": "Provisional rules (confidence U) that took part",
        "basis": "basis",
        "none": "none",
        "xa": "Commune",
        "phuong": "Ward",
        "thi_tran": "Township",
        "report": "Province report",
    },
}


def render_text(result: Result, lang: Lang = "vi") -> str:
    w = WORDS[lang]
    unit = result.unit
    if unit.kind == "commune":
        kind = w[unit.unit_type or "xa"]
        head = f"{kind} {unit.name} ({unit.code}) — {unit.district}, {unit.province}"
    else:
        head = f"{w['report']}: {unit.name}"
    verdict = getattr(result.verdict_label, lang).upper()
    day = result.ruleset.assessment_day
    lines = [
        f"{head} — {w['year']} {result.year}",
        f"{w['verdict']}: {verdict}",
        f"{w['rules']}: {result.ruleset.name} {result.ruleset.version} "
        f"({w['day']} {_date(day, lang)})",
        "",
    ]
    mandatory = [c for c in result.criteria if c.mandatory]
    advisory = [c for c in result.criteria if not c.mandatory]
    for title, group in ((w["mandatory"], mandatory), (w["advisory"], advisory)):
        if group:
            lines.append(title)
            lines.extend(_criterion(c, lang) for c in group)
            lines.append("")
    if result.not_applicable:
        lines.append(w["na"])
        lines.extend(
            f"  – {n.id}  {getattr(n.title, lang)}: {getattr(n.reason, lang)}"
            for n in result.not_applicable
        )
        lines.append("")
    if result.missing_inputs:
        lines.append(f"{w['missing']}: {', '.join(result.missing_inputs)}")
    lines.append(f"{w['provisional']}: {', '.join(result.provisional) or w['none']}")
    lines.append(getattr(result.ruleset.disclaimer, lang))
    return "\n".join(lines) + "\n"


def _criterion(c: CriterionResult, lang: Lang) -> str:
    status = STATUS[lang][c.status]
    basis = "; ".join(r["document"] for r in c.legal_basis.references)
    return (
        f"  {MARK[c.status]} {c.id}  {getattr(c.title, lang)} — {status}\n"
        f"      {getattr(c.explanation, lang)}\n"
        f"      [{WORDS[lang]['basis']}: {basis}; {c.legal_basis.confidence}]"
    )


def _date(iso: str, lang: Lang) -> str:
    year, month, day = iso.split("-")
    return f"{day}/{month}/{year}" if lang == "vi" else iso
