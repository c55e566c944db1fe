"""Text of the auditor's ``verify`` and ``diff`` verbs (vi / en)."""

from __future__ import annotations

from ..words import Lang
from .diff import RulesetDiff
from .verify import Verification

SHOWN_UNITS = 200


def render_verification(v: Verification, lang: Lang = "vi") -> str:
    rules = v.fresh.ruleset
    if v.reproduced:
        if lang == "vi":
            head = (f"verify: tái lập được — kết quả đúng là điều dữ liệu đầu vào cho ra theo "
                    f"{rules.name} {rules.version} ({rules.hash}): {v.fresh.verdict}, "
                    f"{len(v.fresh.criteria)} tiêu chí.")
            extra = "  (tệp không ở dạng JSON chuẩn một dòng; nội dung trùng khớp)"
        else:
            head = (f"verify: reproduced — the result is exactly what the input gives under "
                    f"{rules.name} {rules.version} ({rules.hash}): {v.fresh.verdict}, "
                    f"{len(v.fresh.criteria)} criteria.")
            extra = "  (the file is not the canonical one-line JSON; its content is equal)"
        return head + ("\n" + extra if v.formatting else "") + "\n"
    head = "verify: KHÔNG tái lập được" if lang == "vi" else "verify: NOT REPRODUCED"
    return "\n".join([head, *(f"- {getattr(f, lang)}" for f in v.findings)]) + "\n"


def render_diff(d: RulesetDiff, lang: Lang = "vi") -> str:
    vi = lang == "vi"
    lines = [
        ("So sánh" if vi else "Comparing") + f": {d.before.label}  →  {d.after.label}",
    ]
    note = d.note()
    if note:
        lines.append(("Lưu ý: mỗi đơn vị được đánh giá lại với năm đánh giá được thay thế "
                      f"({' và '.join(str(s.year) for s in (d.before, d.after) if s.year)}); "
                      "hồ sơ giữ nguyên") if vi else f"Note: {note}")
    units = len(d.units)
    lines.append(("Số đơn vị" if vi else "Units") + f": {units}")
    lines.append(("Trước" if vi else "Before") + f": {_counts(d.verdicts('before'))}")
    lines.append(("Sau" if vi else "After") + f": {_counts(d.verdicts('after'))}")
    changed = d.changed
    lines.append(("Đơn vị đổi kết luận" if vi else "Units whose verdict changes")
                 + f": {len(changed)}")
    responsible = d.responsible()
    if responsible:
        lines.append(("Tiêu chí gây ra thay đổi" if vi else "Criteria responsible") + ": "
                     + ", ".join(f"{cid} ({n})" for cid, n in responsible.items()))
    lines.append("")
    for unit in changed[:SHOWN_UNITS]:
        why = ", ".join(c.text() for c in unit.responsible) or "—"
        lines.append(f"  {unit.code or '—'} {unit.name}: {unit.before} → {unit.after}"
                     f"  [{'do' if vi else 'because'}: {why}]")
    if len(changed) > SHOWN_UNITS:
        lines.append(f"  … (+{len(changed) - SHOWN_UNITS})")
    status = d.status_changes()
    if status:
        lines.append("")
        lines.append("Thay đổi trạng thái theo tiêu chí (mọi đơn vị)" if vi
                     else "Status changes by criterion (all units)")
        for cid, counts in status.items():
            lines.append(f"  {cid}: " + ", ".join(f"{k} × {n}" for k, n in counts.items()))
    errors = [u for u in d.units if u.errors]
    if errors:
        lines.append("")
        lines.append("Không đánh giá được" if vi else "Could not be evaluated")
        lines.extend(f"  {e}" for u in errors
                     for e in (u.errors if vi else u.errors_en or u.errors))
    return "\n".join(lines) + "\n"


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{k} {n}" for k, n in counts.items()) or "—"


__all__ = ["render_diff", "render_verification"]
