"""``explain``: the result as a tree an auditor can check without reading code."""

from __future__ import annotations

import pytest

from audit_cases import NA_LAY, REPORT, SONG_DA
from clean_strong.documents import read_document
from clean_strong.evaluation import evaluate
from clean_strong.render.explain import render_explain
from clean_strong.words import say
from cli_run import run

pytestmark = pytest.mark.timeout(120)
NOTICE_EN = say("report.needed.notice", "en")


def test_the_tree_goes_from_verdict_to_counterfactual(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "explain", str(NA_LAY), "--lang", "en")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Ward Na Lay (03151) — Thị xã Mường Lay, Điện Biên — 2019"
    assert "├── Verdict: NOT RECOGNISED" in out
    branch = out.split("✗ CB-03", 1)[1].split("── ✓ CB-04", 1)[0]
    assert "fail, mandatory" in branch
    assert "why: 3/11 full-time cán bộ below intermediate (trung cấp)" in branch
    assert "condition: can_bo_meeting_standard >= professional_min_share * can_bo_total" in branch
    assert ("can_bo_meeting_standard = 8: count officials where role == \"can_bo_chuyen_trach\" "
            "and professional_level >= professional_min_level — 8 of 21 records: cb-01, cb-02"
            ) in branch
    assert ("professional_min_share = 1 — Required share meeting the professional standard; "
            "Quyết định 1980/QĐ-TTg, chỉ tiêu 18.1 (2016-10-17) [confidence I]; in force since "
            "2009-12-10") in branch
    assert "professional_min_level = intermediate (trung cấp)" in branch  # read by the filter
    assert "engine rules fired (in order)" in branch
    assert "#3 CB-03:fail:1 → fail; matched: can_bo_meeting_standard present" in branch
    assert "what would be needed to pass — ✓ verified by the engine" in branch
    assert ("officials[7].professional_level: in the records so_cap; would need trung_cap"
            in branch)
    assert "what would be needed to be recognised — ✓ verified by the engine" in out
    assert "so_cap → trung_cap" not in out  # a condition of the rules, not an edit to make
    assert NOTICE_EN in out.splitlines()
    assert "Not applicable" not in out or "RP-" in out


def test_the_tree_in_vietnamese(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "explain", str(NA_LAY))
    assert code == 0
    assert "Kết quả: KHÔNG ĐẠT" in out and "dữ liệu đã đọc" in out
    assert "8 trên 21 hồ sơ: cb-01" in out
    assert "điều kiện cần để đạt — ✓ đã được bộ máy quy tắc xác nhận" in out
    assert "officials[7].professional_level: theo hồ sơ so_cap; cần trung_cap" in out
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
    assert "oversight.council_regular_sessions = ? (missing)" in out
    assert "(missing: oversight.council_regular_sessions)" in out  # the engine rule that fired
    assert ("missing: number of regular People's Council sessions "
            "(oversight.council_regular_sessions); with ≥ 2 it passes") in out
    assert "oversight.council_regular_sessions: not in the records; would need 2" in out


def test_a_province_report_is_explained(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "explain", str(REPORT), "--criterion", "RP-02", "--lang", "en")
    assert code == 0
    assert out.startswith("Province report: Điện Biên — 2019")
    assert "✗ RP-02" in out and "verified by the engine" in out


def test_an_unknown_criterion_id_exits_3(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "explain", str(NA_LAY), "--criterion", "XX-99")
    assert code == 3 and out == ""
    assert err.startswith("XX-99: (document): no such criterion in this result; one of CB-01")


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
    assert say("report.needed.now_needed", lang, now="so_cap", needed="trung_cap") in needed
    assert " → trung_cap" not in needed
    assert needed.splitlines()[-1] == say("report.needed.notice", lang)
