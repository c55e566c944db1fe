"""``explain``: the result as a tree an auditor can check without reading code."""

from __future__ import annotations

import pytest

from audit_cases import NA_LAY, REPORT, SONG_DA
from clean_strong.documents import read_document
from clean_strong.evaluation import evaluate
from clean_strong.render.explain import render_explain
from clean_strong.words import say
from clean_strong.words.format import label
from cli_run import run

pytestmark = pytest.mark.timeout(120)
NOTICE_EN = say("report.needed.notice", "en")


def test_the_tree_goes_from_verdict_to_counterfactual(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "explain", str(NA_LAY), "--lang", "en")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Ward Na Lay (03151) — Thị xã Mường Lay, Điện Biên — year 2019"
    assert "├── Verdict: NOT RECOGNISED" in out
    branch = out.split("✗ CB-03", 1)[1].split("── ✓ CB-04", 1)[0]
    assert "fail, mandatory" in branch
    assert "why: 3/11 full-time cán bộ below" in branch
    # conditions, inputs, derivations and parameters in words, not code
    assert ("condition: full-time cán bộ meeting the professional standard ≥ 100% of number of "
            "full-time cán bộ") in branch
    assert ("full-time cán bộ meeting the professional standard = 8: count the officials' records"
            " where role = full-time cán bộ and professional level ≥ intermediate (trung cấp) — "
            "8 of 21 records: cb-01, cb-02") in branch
    assert ("required share meeting the professional standard = 100%; Quyết định 1980/QĐ-TTg, "
            "chỉ tiêu 18.1 (2016-10-17), confidence I; in force since 2009-12-10") in branch
    # read by the count's filter only, and still shown
    assert ("minimum professional level = intermediate (trung cấp); Quyết định 1980/QĐ-TTg, "
            "chỉ tiêu 18.1 (2016-10-17), confidence I; in force since 2009-12-10 (read when "
            "counting the records)") in branch
    assert "trace: the engine rules that fired, in order" in branch
    assert ("#3 CB-03:fail:1 → fail; matched: full-time cán bộ meeting the professional "
            "standard given") in branch
    assert "what would be needed to pass — ✓ verified by the engine" in branch
    assert ("record 8 (cb-08, Youth Union secretary), professional level: in the records "
            "elementary (sơ cấp); would need intermediate (trung cấp)") in branch
    for code in ("can_bo_meeting_standard", "professional_min", "officials[", "trung_cap",
                 "so_cap"):
        assert code not in branch.replace("below trung_cap", "")  # the rule file's template
    assert "what would be needed to be recognised — ✓ verified by the engine" in out
    assert "so_cap → trung_cap" not in out  # a condition of the rules, not an edit to make
    assert NOTICE_EN in out.splitlines()
    assert "Not applicable" not in out or "RP-" in out


def test_the_tree_in_vietnamese(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "explain", str(NA_LAY))
    assert code == 0
    assert "Kết quả đánh giá: KHÔNG ĐẠT" in out and "dữ liệu đã đọc" in out
    assert "8/21 hồ sơ: cb-01" in out and "trên 21 hồ sơ" not in out
    assert "giá trị có hiệu lực ngày 31/12/2019" in out and "2019-12-31" not in out
    assert "điều kiện cần để đạt — ✓ đã được bộ xử lý quy tắc xác nhận" in out
    assert ("hồ sơ thứ 8 (cb-08, Bí thư Đoàn Thanh niên), trình độ chuyên môn: theo hồ sơ sơ cấp; "
            "cần trung cấp") in out
    assert "officials[" not in out and "bộ máy" not in out
    assert "trình độ chuyên môn tối thiểu = trung cấp" in out  # CB-03's filter reads it
    assert ("CB-01 — căn cứ S; tạm thời vì dựa trên tính bắt buộc theo Nghị định 34/2019/NĐ-CP "
            "(mức độ chắc chắn U) có hiệu lực ngày 31/12/2019") in out
    assert say("report.needed.notice", "vi") in out.splitlines()
    assert "cần trình độ chuyên môn trung cấp đối với cb-08 (hiện sơ cấp)" in out
    assert "bản tái dựng từ văn bản pháp luật trung ương" in out


def test_criterion_limits_the_tree(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "explain", str(NA_LAY), "--criterion", "CB-03", "--lang", "en")
    assert code == 0
    assert "CB-03" in out
    for other in ("CB-01", "CB-02", "CB-04", "HT-01", "PL-01", "TS-02"):
        assert other not in out
    assert "what would be needed to be recognised" not in out
    assert "├── Verdict: NOT RECOGNISED" in out  # the verdict stays as context


def test_unknown_criteria_show_what_is_missing(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "explain", str(SONG_DA), "--criterion", "GS-01", "--lang", "en")
    assert code == 0
    assert "? GS-01" in out and "unknown, mandatory" in out
    assert "number of regular People's Council sessions = ? (missing)" in out
    # the engine rule that fired
    assert "(missing: number of regular People's Council sessions)" in out
    assert "missing: number of regular People's Council sessions" in out
    assert "number of regular People's Council sessions: not in the records; would need 2" in out


def test_a_province_report_is_explained(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "explain", str(REPORT), "--criterion", "RP-02", "--lang", "en")
    assert code == 0
    assert out.startswith("Province report: Điện Biên — year 2019")
    assert "✗ RP-02" in out and "verified by the engine" in out


def test_an_unknown_criterion_id_exits_3(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "explain", str(NA_LAY), "--criterion", "XX-99")
    assert code == 3 and out == ""
    assert err.startswith("XX-99: (tài liệu): không có tiêu chí này trong kết quả này; "
                          "các tiêu chí: CB-01")


def test_a_result_without_counterfactuals_says_they_were_not_computed() -> None:
    result = evaluate(read_document(NA_LAY))
    out = render_explain(result, "en", "CB-03")
    assert "what would be needed to pass: (not computed)" in out
    assert NOTICE_EN not in out  # nothing proposed, nothing to caution about


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_evaluate_counterfactuals_text_says_what_would_be_needed_and_that_it_is_not_advice(
        capsys: pytest.CaptureFixture[str], lang: str) -> None:
    code, out, _ = run(capsys, "evaluate", str(NA_LAY), "--counterfactuals", "--lang", lang)
    assert code == 0
    needed = out.split("\n\n" + say("report.needed.title", lang) + "\n", 1)[1]
    now, wanted = (label(w, lang) for w in ("so_cap", "trung_cap"))  # "sơ cấp", "trung cấp"
    assert say("report.needed.now_needed", lang, now=now, needed=wanted) in needed
    assert " → trung_cap" not in needed and "trung_cap" not in needed
    assert needed.splitlines()[-1] == say("report.needed.notice", lang)
