"""Plain text of a :class:`~clean_strong.reproduce.Reproduction`, for officials.

Labels are Vietnamese with English beside them; numbers are written the Vietnamese way
(2.698; 46,9 %). Everything shown comes from the Reproduction: the renderer counts nothing.
"""

from __future__ import annotations

from ..summary import Tally
from ..words.format import number, percent
from .reproduce import Reproduction

UNIT_TYPE_LABELS = {
    "xa": "xã / commune",
    "phuong": "phường / ward",
    "thi_tran": "thị trấn / township",
}
AGGREGATE_LABELS: dict[str, str] = {
    "officials_total": "Cán bộ, công chức cấp xã / commune officials (F1)",
    "cong_chuc_total": "Công chức (F3)",
    "can_bo_total": "Cán bộ chuyên trách / full-time cán bộ (F4)",
    "meeting_standard_total": "Đạt chuẩn chuyên môn / meeting the standard (F2)",
    "meeting_standard_pct": "  tỷ lệ / share (F2)",
    "cong_chuc_meeting_standard": "Công chức đạt chuẩn / công chức meeting it (F3)",
    "cong_chuc_meeting_standard_pct": "  tỷ lệ / share (F3)",
    "can_bo_meeting_standard": "Cán bộ đạt chuẩn / cán bộ meeting it (F4)",
    "can_bo_meeting_standard_pct": "  tỷ lệ / share (F4)",
    "city_units": "Đơn vị của TP Điện Biên Phủ / units in the city (F6)",
    "muong_thanh_officials": "P. Mường Thanh: cán bộ, công chức / officials (F5)",
    "muong_thanh_meeting_standard": "  đạt chuẩn chuyên môn / meeting the standard",
    "muong_thanh_university_pct": "  có trình độ đại học / with a university degree",
    "muong_thanh_political_theory_pct": "  đạt chuẩn lý luận chính trị / political theory",
}
MARK = {"pass": "✓", "fail": "✗", "unknown": "?"}


def _value(key: str, value: int | float | str) -> str:
    if isinstance(value, str):
        return value.replace(">", "trên") + " %" if value.startswith(">") else value
    return percent(float(value), "vi", 2) if key.endswith("_pct") else number(float(value), "vi")


def _tally_row(label: str, t: Tally, width: int) -> str:
    return (f"  {label:<{width}} {t.units:>6} {t.recognised:>6}"
            f" {percent(100 * t.rate, 'vi'):>8}")


def render_reproduction_text(rep: Reproduction) -> str:
    """The headline run: counts, rate beside the article's, breakdowns, aggregates, checks."""
    seed = f", seed {rep.seed}" if rep.seed is not None else ""
    lines = [
        "TÁI HIỆN ĐÁNH GIÁ ĐIỆN BIÊN 2019 / Reproduction of the Điện Biên 2019 assessment",
        f"Dữ liệu / Data: {rep.dataset} — {rep.units} đơn vị thật (danh mục TCTK 01/12/2019); "
        f"hồ sơ cán bộ và chỉ số được sinh theo giả định có nguồn{seed}",
        "  / real units; officials' records and indicators generated from documented priors "
        "(docs/reproduction.md)",
        f"Bộ quy tắc / Rule set: {rep.ruleset.name} {rep.ruleset.version} ({rep.ruleset.hash})",
        "",
        "Kết quả (do bộ máy quy tắc tính) / Result (computed by the rule engine)",
        f"  {'Đơn vị được đánh giá / Units assessed':<44} {rep.units:>6}",
        f"  {'Đạt trong sạch, vững mạnh / Recognised':<44} {rep.recognised:>6}",
        f"  {'Không đạt / Not recognised':<44} {rep.not_recognised:>6}",
        f"  {'Chưa xác định / Undetermined':<44} {rep.undetermined:>6}",
        f"  {'Tỷ lệ đạt / Recognition rate':<44} {percent(100 * rep.rate, 'vi'):>8}"
        f"   bài báo / article: \"{rep.article_rate}\" (nearly 50 %)",
        "",
    ]
    width = max([len(d) for d in rep.by_district] + [len(v) for v in UNIT_TYPE_LABELS.values()])
    header = f"  {'':<{width}} {'đơn vị':>6} {'đạt':>6} {'tỷ lệ':>8}"
    lines += ["Theo huyện / By district  (đơn vị / units, đạt / recognised, tỷ lệ / rate)", header]
    lines += [_tally_row(d, t, width) for d, t in rep.by_district.items()]
    lines += ["", "Theo loại đơn vị / By unit type", header]
    lines += [_tally_row(UNIT_TYPE_LABELS.get(k, k), t, width)
              for k, t in rep.by_unit_type.items()]
    lines += ["", "Tiêu chí không đạt nhiều nhất / Most failed criteria  "
              "(số đơn vị / units; * bắt buộc / mandatory)"]
    for f in rep.most_failed:
        star = "*" if f.mandatory else " "
        lines.append(f"  {f.id}{star} {f.fails:>4}  {f.title.vi} / {f.title.en}")
    lines += [
        "",
        "Số liệu tổng hợp / Province aggregates: tính lại từ hồ sơ / recomputed from the "
        "records ↔ bài báo / the article",
    ]
    agg = rep.aggregates
    for key, label in AGGREGATE_LABELS.items():
        if key not in agg.article or key not in agg.computed:
            continue
        mark = "✓" if agg.agree.get(key) else "✗"
        lines.append(f"  {label:<52} {_value(key, agg.computed[key]):>10} "
                     f"{_value(key, agg.article[key]):>10}  {mark}")
    lines += ["", "Kiểm tra báo cáo bằng quy tắc RP / Report-integrity rules"]
    for key, heading in (
        ("article", "Số liệu bài báo, như in / The article's figures as printed"),
        ("records", "Báo cáo lập từ hồ sơ / The report built from the records"),
    ):
        check = rep.report_checks[key]
        verdict = check.verdict_label
        lines.append(f"  {heading}: {verdict.vi.upper()} / {verdict.en}")
        for c in check.criteria:
            if c.status == "pass":
                continue
            kind = "" if c.mandatory else " (tham khảo / advisory)"
            lines.append(f"    {MARK[c.status]} {c.id}{kind} {c.explanation.vi}")
            lines.append(f"      {' ' * len(c.id)} {c.explanation.en}")
    lines += [
        "",
        rep.ruleset.disclaimer.vi,
        rep.ruleset.disclaimer.en,
        "Hồ sơ từng xã là dữ liệu sinh có kiểm soát, không phải số liệu thật; tỷ lệ do bộ máy "
        "quy tắc tính từ hồ sơ. / Per-commune records are generated, not observed; the rate is "
        "computed by the rule engine from them.",
    ]
    return "\n".join(lines) + "\n"
