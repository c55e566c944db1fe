"""The shipped examples keep their verdicts as the rule set grows."""

from __future__ import annotations

from pathlib import Path

import pytest

from clean_strong import evaluate
from clean_strong.documents import read_document

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

pytestmark = pytest.mark.timeout(120)


@pytest.mark.parametrize(
    ("name", "verdict"),
    [
        ("muong-thanh-2019.recognised", "recognised"),
        ("na-lay-2019.not-recognised", "not_recognised"),
        ("song-da-2019.undetermined", "undetermined"),
        ("dien-bien-2019-report.as-printed", "not_recognised"),
        ("dien-bien-2019-report.reconciled", "recognised"),
    ],
)
def test_example_keeps_its_verdict(name: str, verdict: str) -> None:
    assert evaluate(read_document(EXAMPLES / f"{name}.json")).verdict == verdict


def test_muong_thanh_matches_the_article() -> None:
    """F5: 22 officials, all meeting the professional standard."""
    result = evaluate(read_document(EXAMPLES / "muong-thanh-2019.recognised.json"))
    assert result.criterion("CB-01").inputs["headcount"].value == 22
    assert result.criterion("CB-02").status == result.criterion("CB-03").status == "pass"


def test_not_recognised_because_of_officials_standards() -> None:
    result = evaluate(read_document(EXAMPLES / "na-lay-2019.not-recognised.json"))
    failed = [c.id for c in result.criteria if c.status == "fail"]
    assert failed == ["CB-03"]
    assert result.criterion("CB-03").explanation.vi == (
        "3/11 cán bộ chưa đạt chuẩn chuyên môn trung cấp trở lên; yêu cầu: 100 %.")
    derivation = result.criterion("CB-03").inputs["can_bo_meeting_standard"].derivation
    assert derivation is not None and derivation.records == 21 and len(derivation.matched) == 8


def test_undetermined_names_the_missing_inputs() -> None:
    result = evaluate(read_document(EXAMPLES / "song-da-2019.undetermined.json"))
    assert result.missing_inputs == [
        "access_to_law.criterion_5", "oversight.council_regular_sessions"]
    # the JSON keeps the paths; the explanation names the inputs by their labels
    gs01 = result.criterion("GS-01").explanation
    assert gs01.vi == "Chưa xác định được, thiếu: số kỳ họp thường lệ của HĐND."
    assert gs01.en == "Cannot be decided, missing: number of regular People's Council sessions."


def test_as_printed_report_fails_the_subtotal_with_the_reconciled_reading() -> None:
    result = evaluate(read_document(EXAMPLES / "dien-bien-2019-report.as-printed.json"))
    failed = [c.id for c in result.criteria if c.status == "fail"]
    assert failed == ["RP-02"]
    explanation = result.criterion("RP-02").explanation
    assert "2.698 − 1.303 = 1.395 cán bộ" in explanation.vi
    assert "1.133/1.395 = 81,2 %" in explanation.vi
    assert "2,698 − 1,303 = 1,395 cán bộ" in explanation.en
    assert "1,133/1,395 = 81.2%" in explanation.en


def test_reconciled_report_has_no_failing_rule() -> None:
    result = evaluate(read_document(EXAMPLES / "dien-bien-2019-report.reconciled.json"))
    assert not [c.id for c in result.criteria if c.status == "fail"]
    targets = {c.id: c.status for c in result.criteria if c.id in ("RP-07", "RP-08", "RP-09")}
    assert targets == {"RP-07": "unknown", "RP-08": "unknown", "RP-09": "unknown"}
