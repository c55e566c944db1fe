"""What a counterfactual proposes is data; its words are rendered apart, in both languages,
from the note alone (the rule set only names the derived inputs)."""

from __future__ import annotations

import dataclasses

import pytest

from clean_strong.audit.counterfactual.notes import Labels, counterfactual, nothing, text
from clean_strong.audit.counterfactual.proposal import (
    FieldSet,
    Note,
    PickedFieldSet,
    RecordEdit,
    RecordsEdited,
    RecordsRemoved,
    Repaired,
    Share,
    SumSet,
)
from clean_strong.condition import Bounds
from clean_strong.evaluation import default_ruleset
from clean_strong.result import Change

SESSIONS = "oversight.council_regular_sessions"
ON_TIME, RESOLVED = "one_stop.dossiers_on_time", "one_stop.dossiers_resolved"


@pytest.fixture(scope="module")
def labels() -> Labels:
    return Labels(default_ruleset(), "commune")


@pytest.mark.parametrize(
    ("note", "vi", "en"),
    [
        (FieldSet(SESSIONS, 1, 2),
         "số kỳ họp thường lệ của HĐND: cần 2 (hiện 1)",
         "number of regular People's Council sessions: 2 needed (now 1)"),
        (FieldSet(SESSIONS, None, 2, ">="),
         "thiếu: số kỳ họp thường lệ của HĐND; nếu ≥ 2",
         "missing: number of regular People's Council sessions; with ≥ 2"),
        (FieldSet(SESSIONS, None, 2),
         "thiếu: số kỳ họp thường lệ của HĐND; nếu là 2",
         "missing: number of regular People's Council sessions; with 2"),
        (FieldSet(ON_TIME, 1678, 1748,
                  share=Share(ON_TIME, RESOLVED, 1678 / 1840, 1748 / 1840, 0.95)),
         "tỷ lệ số hồ sơ giải quyết đúng hạn trong số hồ sơ đã giải quyết: cần 95 % "
         "(hiện 91,2 %, yêu cầu 95 %): số hồ sơ giải quyết đúng hạn: cần 1.748 (hiện 1.678)",
         "share of dossiers resolved on time in dossiers resolved: 95% needed "
         "(now 91.2%, required 95%): dossiers resolved on time: 1,748 needed (now 1,678)"),
        (RecordsRemoved("headcount", ("cc-1", "cc-2"), 23, 21),
         "cần bớt 2 người (cc-1, cc-2): Số cán bộ, công chức cần 21 (hiện 23)",
         "2 fewer people needed (cc-1, cc-2): Number of cán bộ and công chức 21 needed (now 23)"),
        (RecordsEdited("cong_chuc_meeting_standard", Bounds(1, 2), 3, (
            RecordEdit("cc-1", "professional_level", None, "trung_cap"),
            RecordEdit("cc-2", "professional_level", "so_cap", "trung_cap"))),
         "Số công chức đạt chuẩn chuyên môn: cần 3 (hiện 1–2): cần trình độ chuyên môn trung "
         "cấp đối với cc-1 (thiếu), cc-2 (hiện sơ cấp)",
         "Công chức meeting the professional standard: 3 needed (now 1–2): professional level "
         "intermediate (trung cấp) needed for cc-1 (missing), cc-2 (now elementary (sơ cấp))"),
        (PickedFieldSet("chairman_rating", "officials[0].rating", "cb-03", None,
                        "hoan_thanh_tot", ">="),
         "thiếu: Xếp loại của Chủ tịch UBND xã (cb-03); "
         "nếu ≥ hoàn thành tốt nhiệm vụ",
         "missing: Rating of the People's Committee chairman (cb-03); "
         "with ≥ tasks completed well"),
        (PickedFieldSet("chairman_rating", "officials[0].rating", "cb-03", "hoan_thanh",
                        "hoan_thanh_tot"),
         "Xếp loại của Chủ tịch UBND xã (cb-03): cần hoàn thành tốt nhiệm vụ "
         "(hiện hoàn thành nhiệm vụ)",
         "Rating of the People's Committee chairman (cb-03): tasks completed well needed "
         "(now tasks completed)"),
        (SumSet("access_to_law_total", 66.5, 70.0, (("access_to_law.criterion_2", 20.0, 23.5),)),
         "Tổng điểm tiếp cận pháp luật: cần 70 (hiện 66,5): điểm tiêu chí 2 tiếp cận pháp luật "
         "cần 23,5 (hiện 20)",
         "Total access-to-law score: 70 needed (now 66.5): access-to-law criterion 2 score "
         "23.5 needed (now 20)"),
        (Repaired("one_stop.late_dossiers_apologised", 100, 92).about("HC-03"),
         "HC-03: để số liệu nhất quán: số hồ sơ trễ hạn có phiếu xin lỗi cần 92 (hiện 100)",
         "HC-03: to stay consistent: late dossiers with a written apology 92 needed (now 100)"),
    ],
)
def test_each_kind_of_note_reads_the_same_in_both_languages_from_its_data_alone(
    labels: Labels, note: Note, vi: str, en: str
) -> None:
    assert text(note, labels, "vi") == vi
    assert text(note, labels, "en") == en
    with pytest.raises(dataclasses.FrozenInstanceError):
        note.criterion = "changed"  # type: ignore[misc]


def test_a_verified_value_supplied_for_a_missing_input_says_it_passes(labels: Labels) -> None:
    change = Change(path=SESSIONS, before=None, after=2)
    found = counterfactual("GS-01", [FieldSet(SESSIONS, None, 2, ">=")], [change], True, labels)
    assert found.summary.vi.endswith("nếu ≥ 2 thì đạt")
    assert found.summary.en.endswith("with ≥ 2 it passes")
    assert found.missing == [SESSIONS] and found.attainable


def test_an_unverified_change_says_so_and_keeps_what_is_still_missing(labels: Labels) -> None:
    change = Change(path=SESSIONS, before=1, after=2)
    found = counterfactual("GS-01", [FieldSet(SESSIONS, 1, 2)], [change], False, labels,
                           ["officials[2].rating"])
    assert found.summary.en == ("What would be needed to pass: "
                                "number of regular People's Council sessions: "
                                "2 needed (now 1) (not verified: the engine does not confirm "
                                "it is enough)")
    assert found.summary.vi.endswith("(bộ xử lý quy tắc chưa xác nhận điều này là đủ để đạt)")
    assert not found.attainable
    assert found.missing == ["officials[2].rating"]
    assert not found.verified


def test_nothing_found_names_what_is_missing_or_says_it_is_beyond_what_the_unit_can_do(
    labels: Labels,
) -> None:
    assert "within what the unit can still do" in nothing("GS-01", [], labels).summary.en
    one = nothing("GS-01", [SESSIONS], labels).summary
    assert one.en.startswith(
        "missing: number of regular People's Council sessions; supply it first")
    assert one.vi.startswith("thiếu: số kỳ họp thường lệ của HĐND; cần bổ sung")
    two = nothing("GS-01", [SESSIONS, "officials[2].rating"], labels).summary
    assert "sessions, rating of record 3; supply them first" in two.en
