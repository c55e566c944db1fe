"""Counterfactuals: what the rules would need for a criterion to pass, verified by the engine.

The central property: for every failed criterion, either the proposal is attainable — every
change a lever the unit can still pull this year (``domains.yaml``), inside its field's legal
range, and applying the changes to the input document and evaluating again makes the criterion
pass — or it is not, and then it proposes no change and names the recorded facts of the year
that decide it. It is checked over the bundled Điện Biên data set, the examples, and documents
built so that every criterion of the rule set fails at least once.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
from collections.abc import Iterable
from pathlib import Path

import pytest

from audit_cases import (
    EXAMPLES,
    NA_LAY,
    ROOT,
    SONG_DA,
    constructed,
    failing_commune,
    late_apologies_commune,
    missing_records_commune,
)
from clean_strong import evaluate
from clean_strong.audit import apply_changes, counterfactuals, criterion_counterfactual
from clean_strong.cli import main
from clean_strong.documents import Document, read_document, validate_document
from clean_strong.errors import InputError
from clean_strong.evaluation import default_ruleset
from clean_strong.result import Change, Result
from clean_strong.ruleset import RuleSet

pytestmark = pytest.mark.timeout(300)

IDENTITY = {"id", "role", "post", "unit_type", "classification", "assessment_year", "unit_code"}


def _check_every_failure(documents: Iterable[tuple[str, Document]]) -> set[str]:
    """Assert the property for every failed criterion; the ids of the criteria checked."""
    checked: set[str] = set()
    rules = default_ruleset()
    for source, document in documents:
        result = counterfactuals(document)
        if any(c.counterfactuals for c in result.criteria):
            assert result.notice is not None and "not advice" in result.notice.en
        for criterion in result.criteria:
            if criterion.status != "fail":
                continue
            (proposal,) = criterion.counterfactuals
            _check_levers(source, proposal.changes, rules)
            if proposal.attainable:
                assert proposal.verified and proposal.changes, (source, criterion.id)
                changed = apply_changes(document, proposal.changes)
                again = evaluate(changed).criterion(criterion.id)
                assert again.status == "pass", (source, criterion.id, proposal.summary.en)
            else:
                assert not proposal.changes and proposal.facts, (source, criterion.id)
                assert all(not _lever(f, rules) for f in proposal.facts), proposal.facts
            checked.add(criterion.id)
        _check_recognition(source, document, result)
    return checked


def _lever(path: str, rules: RuleSet) -> bool:
    field = re.sub(r"\[\d+\]", "[]", path)
    domain = rules.domains.get(field)
    return domain is not None and domain.spec.kind == "lever"


def _check_levers(source: str, changes: list[Change], rules: RuleSet) -> None:
    """Every change is a lever, marked so, and (for a record removal) a headcount's."""
    for change in changes:
        assert change.kind == "lever", (source, change)
        assert change.path.endswith("]") or _lever(change.path, rules), (source, change.path)


def _check_recognition(source: str, document: Document, result: Result) -> None:
    if result.verdict == "recognised":
        assert result.recognition is None
        return
    recognition = result.recognition
    assert recognition is not None
    _check_levers(source, recognition.changes, default_ruleset())
    if recognition.attainable:
        assert recognition.verified, (source, recognition.summary.en)
        changed = apply_changes(document, recognition.changes)
        assert evaluate(changed).verdict == "recognised", source
    elif result.verdict == "not_recognised" and not result.missing_inputs:
        assert recognition.facts, (source, recognition.summary.en)


def test_every_failed_criterion_of_the_dien_bien_data_set_passes_after_its_counterfactual() -> None:
    if importlib.util.find_spec("clean_strong.dien_bien_2019") is None:
        pytest.skip("clean_strong.datasets (the bundled data set) does not exist yet")
    from clean_strong.dien_bien_2019 import load_dataset

    units = load_dataset("dien-bien-2019")
    assert len(units) == 130
    checked = _check_every_failure((u.unit_code, u) for u in units)
    assert {"CB-03", "PL-01"} <= checked  # the data set's most failed criteria


def test_every_failed_criterion_of_the_examples_passes_after_its_counterfactual() -> None:
    documents = [(p.name, read_document(p)) for p in sorted(EXAMPLES.glob("*.json"))]
    assert _check_every_failure(documents)


def test_every_criterion_fails_somewhere_and_each_counterfactual_makes_it_pass() -> None:
    documents = [(name, validate_document(data)) for name, data in constructed()]
    checked = _check_every_failure(documents)
    in_force = {c.id for c in evaluate(documents[0][1]).criteria}
    in_force |= {c.id for c in evaluate(documents[-1][1]).criteria}  # the report rules
    assert checked == in_force, sorted(in_force - checked)


def test_changes_are_to_official_records_never_to_identity_fields() -> None:
    document = validate_document(failing_commune(2024))
    result = counterfactuals(document)
    paths = [c.path for cr in result.criteria for cf in cr.counterfactuals for c in cf.changes]
    assert any(p.startswith("officials[") and p.endswith(".professional_level") for p in paths)
    for path in paths:
        assert path.rsplit(".", 1)[-1] not in IDENTITY, path
        assert "_meeting_standard" not in path and "headcount" not in path  # not derived counts


def test_a_count_only_roles_decide_is_moved_by_removing_records_as_a_last_resort() -> None:
    document = validate_document(failing_commune(2024))
    proposal = criterion_counterfactual(document, "CB-01")
    assert proposal is not None and proposal.verified
    assert proposal.changes == [Change(path="officials[22]", before="cc-x1", after=None),
                                Change(path="officials[23]", before="cc-x2", after=None)]
    assert "2 fewer people needed (cc-x1, cc-x2)" in proposal.summary.en


def test_the_fewest_records_change_and_the_texts_say_so_in_both_languages() -> None:
    proposal = criterion_counterfactual(read_document(NA_LAY), "CB-03")
    assert proposal is not None and proposal.verified
    assert [c.path for c in proposal.changes] == [
        "officials[7].professional_level", "officials[8].professional_level",
        "officials[10].professional_level"]
    assert all(c.after == "trung_cap" for c in proposal.changes)  # the minimal passing level
    assert proposal.summary.en.startswith("What would be needed to pass: ")
    assert "100% needed (now 72.7%, required 100%): 11 needed (now 8)" in proposal.summary.en
    assert ("professional level intermediate (trung cấp) needed for cb-08 (now elementary "
            "(sơ cấp))") in proposal.summary.en
    assert proposal.summary.vi.startswith("Điều kiện cần để đạt: ")
    assert "cần 100 % (hiện 72,7 %, yêu cầu 100 %): cần 11 (hiện 8)" in proposal.summary.vi
    assert "cần trình độ chuyên môn trung cấp đối với cb-08 (hiện sơ cấp)" in proposal.summary.vi
    assert "→" not in proposal.summary.vi + proposal.summary.en  # never "change X to Y"


def _with_levers(tmp_path: Path, *fields: str) -> str:
    """The bundled rule set with ``fields`` declared levers (to exercise the search on them)."""
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules" / "dien-bien-2019", rules)
    domains = rules / "domains.yaml"
    text = domains.read_text("utf-8")
    for field in fields:
        text = re.sub(rf"^{re.escape(field)}: {{kind: fact", f"{field}: {{kind: lever", text,
                      flags=re.M)
    domains.write_text(text, "utf-8")
    return str(rules)


def test_the_years_totals_are_facts_so_a_rate_over_them_is_not_attainable() -> None:
    document = validate_document(failing_commune())
    proposal = criterion_counterfactual(document, "HC-03")
    assert proposal is not None and not proposal.attainable and proposal.changes == []
    assert proposal.facts == ["one_stop.dossiers_on_time", "one_stop.dossiers_resolved"]
    assert "Not attainable by the unit this year" in proposal.summary.en
    assert "dossiers resolved on time" in proposal.summary.en


def test_a_rate_is_raised_to_the_parameter_in_force_with_the_fewest_dossiers(
        tmp_path: Path) -> None:
    """Where the totals are levers (a rule set may say so), the share is met exactly."""
    rules = _with_levers(tmp_path, "one_stop.dossiers_on_time")
    document = validate_document(failing_commune())
    proposal = criterion_counterfactual(document, "HC-03", rules)
    assert proposal is not None and proposal.verified and proposal.attainable
    # 0.95 × 1,840 = 1,748 on time: 70 more (1,747 would be 94.9 %)
    assert proposal.changes[0] == Change(path="one_stop.dossiers_on_time", before=1678,
                                         after=1748)
    assert "95% needed (now 91.2%, required 95%)" in proposal.summary.en
    assert "cần 95 % (hiện 91,2 %, yêu cầu 95 %)" in proposal.summary.vi


def test_a_change_the_validator_rejects_is_repaired_or_replaced_and_still_verified(
        tmp_path: Path) -> None:
    rules = _with_levers(tmp_path, "one_stop.dossiers_on_time")
    document = validate_document(late_apologies_commune())
    proposal = criterion_counterfactual(document, "HC-03", rules)
    assert proposal is not None and proposal.verified
    paths = {c.path for c in proposal.changes}
    assert "one_stop.late_dossiers_apologised" in paths  # 50 apologies, fewer late dossiers
    assert "to stay consistent" in proposal.summary.en
    assert "để số liệu nhất quán" in proposal.summary.vi
    apply_changes(document, proposal.changes)  # a valid document


def test_ratings_and_discipline_are_facts_named_never_changed() -> None:
    """A rating given by the superior level and a disciplinary decision are facts of the
    year: no proposal touches them; the criterion is said not attainable, naming them."""
    document = validate_document(failing_commune())
    ht03 = criterion_counterfactual(document, "HT-03")
    assert ht03 is not None and not ht03.attainable and ht03.changes == []
    assert ht03.facts == ["organisations.people_committee"]
    cb05 = criterion_counterfactual(document, "CB-05")
    assert cb05 is not None and not cb05.attainable and cb05.changes == []
    assert cb05.facts == ["officials[22].discipline"]


@pytest.mark.slow
def test_words_move_to_the_minimal_passing_word_on_the_scale_in_force(tmp_path: Path) -> None:
    rules = _with_levers(tmp_path, "organisations.people_committee", "officials[].discipline")
    document = validate_document(failing_commune())
    ht03 = criterion_counterfactual(document, "HT-03", rules)
    assert ht03 is not None
    assert ht03.changes == [Change(path="organisations.people_committee",
                                   before="khong_hoan_thanh", after="hoan_thanh_tot")]
    cb05 = criterion_counterfactual(document, "CB-05", rules)
    assert cb05 is not None  # the nearest level below the disqualifying cảnh cáo
    assert cb05.changes == [Change(path="officials[22].discipline", before="canh_cao",
                                   after="khien_trach")]


def test_and_fixes_every_failing_part_and_a_sum_within_its_legal_maxima() -> None:
    data = failing_commune()
    for official in data["officials"]:
        official["discipline"] = "khong"  # no disqualifier: the scores alone decide
    document = validate_document(data)
    proposal = criterion_counterfactual(document, "PL-01")
    assert proposal is not None and proposal.verified and proposal.attainable
    by_path = {c.path: c.after for c in proposal.changes}
    assert by_path["access_to_law.criterion_4"] == 5.0  # 50 % of its maximum 10
    changed = evaluate(apply_changes(document, proposal.changes)).criterion("PL-01")
    assert changed.inputs["access_to_law_total"].value == 80  # exactly the minimum, no more
    maxima = {f"access_to_law.criterion_{i}": m for i, m in enumerate((15, 30, 25, 10, 20), 1)}
    assert all(0 <= v <= maxima[p] for p, v in by_path.items() if p in maxima)


def test_a_disqualifying_discipline_makes_the_standard_unattainable_this_year() -> None:
    proposal = criterion_counterfactual(validate_document(failing_commune()), "PL-01")
    assert proposal is not None and not proposal.attainable and proposal.changes == []
    assert "officials[22].discipline" in proposal.facts


def test_unknown_criteria_name_the_missing_input_and_the_value_that_passes() -> None:
    result = counterfactuals(read_document(SONG_DA))
    (gs01,) = result.criterion("GS-01").counterfactuals
    assert gs01.verified and gs01.missing == ["oversight.council_regular_sessions"]
    assert gs01.summary.en == ("What would be needed to pass: missing: number of regular "
                               "People's Council sessions; with ≥ 2 it passes")
    assert gs01.summary.vi == ("Điều kiện cần để đạt: thiếu: số kỳ họp thường lệ của HĐND; "
                               "nếu ≥ 2 thì đạt")
    (pl01,) = result.criterion("PL-01").counterfactuals
    assert pl01.missing == ["access_to_law.criterion_5"] and pl01.verified
    assert "missing: access-to-law criterion 5 score" in pl01.summary.en
    assert result.recognition is not None and result.recognition.verified


def test_unknown_official_records_are_named_and_a_lever_filled() -> None:
    result = counterfactuals(validate_document(missing_records_commune()))
    (cb03,) = result.criterion("CB-03").counterfactuals
    assert cb03.verified and cb03.missing == ["officials[0].professional_level"]
    assert "(missing)" in cb03.summary.en and "(thiếu)" in cb03.summary.vi
    (cb05,) = result.criterion("CB-05").counterfactuals  # a discipline is a fact: supplied
    assert not cb05.verified and not cb05.attainable and cb05.changes == []
    assert cb05.missing == ["officials[1].discipline"]
    assert "supply it first" in cb05.summary.en and "cần bổ sung trước" in cb05.summary.vi


def test_nothing_found_is_said_plainly_never_guessed() -> None:
    data = json.loads(NA_LAY.read_text("utf-8"))
    data["officials"] = None
    result = counterfactuals(validate_document(data))
    (cb03,) = result.criterion("CB-03").counterfactuals
    assert not cb03.verified and cb03.changes == [] and cb03.missing == ["officials"]
    assert cb03.summary.en.startswith("missing: individual official records;")
    assert cb03.summary.vi.startswith("thiếu: hồ sơ từng cán bộ, công chức;")


def test_counterfactuals_are_deterministic_and_survive_the_json_contract() -> None:
    document = validate_document(failing_commune())
    first, second = counterfactuals(document), counterfactuals(document)
    assert first.to_json() == second.to_json()
    assert Result.model_validate_json(first.to_json()) == first


def test_apply_changes_refuses_a_change_made_for_another_document() -> None:
    document = read_document(NA_LAY)
    with pytest.raises(InputError, match="trước khi thay đổi phải là 'khong'") as caught:
        apply_changes(document, [Change(path="officials[7].professional_level",
                                        before="khong", after="trung_cap")])
    assert "expected 'khong' before the change" in caught.value.text("en")


def test_evaluate_json_carries_counterfactuals_on_request(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", str(NA_LAY), "--format", "json", "--counterfactuals"]) == 0
    data = json.loads(capsys.readouterr().out)
    (proposal,) = next(c for c in data["criteria"] if c["id"] == "CB-03")["counterfactuals"]
    assert proposal["verified"] is True and proposal["target"] == "CB-03"
    assert proposal["attainable"] is True and proposal["changes"][0]["kind"] == "lever"
    assert data["recognition"]["target"] == "verdict" and data["recognition"]["verified"]
    assert data["recognition"]["attainable"] is True
    assert "not advice" in data["notice"]["en"]
    assert main(["evaluate", str(NA_LAY), "--format", "json"]) == 0
    plain = json.loads(capsys.readouterr().out)
    assert all(c["counterfactuals"] == [] for c in plain["criteria"])
    assert plain["recognition"] is None


def test_evaluate_text_lists_counterfactuals_on_request(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", str(NA_LAY), "--lang", "en", "--counterfactuals"]) == 0
    out = capsys.readouterr().out
    assert "What would be needed" in out and "✓ verified by the engine" in out


NEW_CRITERION = """\
id: GS-09
title: {vi: Tiêu chí thử, en: A criterion written for this test}
group: GS
mandatory: false
basis:
  confidence: U
  references: [{document: test}]
condition: >-
  oversight.council_regular_sessions == 4 or oversight.front_supervisions >= 3 * 2
  and not integrity.prolonged_mass_complaints > 0
explanation:
  pass: {vi: "đạt", en: "pass"}
  fail: {vi: "không đạt", en: "fail"}
  unknown: {vi: "thiếu {missing}", en: "missing {missing}"}
"""


@pytest.mark.slow
def test_a_new_criterion_is_solved_from_its_condition_alone(tmp_path: Path) -> None:
    """No table per criterion: ``or`` takes its cheapest part, ``==`` is set exactly, ``not``
    flips the goal — for a criterion the library has never seen."""
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules" / "dien-bien-2019", rules)
    (rules / "criteria" / "GS-09.yaml").write_text(NEW_CRITERION, "utf-8")
    data = json.loads(NA_LAY.read_text("utf-8"))
    data["oversight"].update(council_regular_sessions=2, front_supervisions=1)
    data["integrity"]["prolonged_mass_complaints"] = 1
    document = validate_document(data)
    assert evaluate(document, str(rules)).criterion("GS-09").status == "fail"
    proposal = criterion_counterfactual(document, "GS-09", str(rules))
    assert proposal is not None and proposal.verified
    # one change (sessions set to exactly 4) beats two (6 supervisions and no complaint)
    assert proposal.changes == [Change(path="oversight.council_regular_sessions",
                                       before=2, after=4)]
    data["oversight"]["council_regular_sessions"] = None
    data["integrity"]["prolonged_mass_complaints"] = 2
    document = validate_document(data)
    proposal = criterion_counterfactual(document, "GS-09", str(rules))
    assert proposal is not None and proposal.verified
    assert {c.path: c.after for c in proposal.changes} in (
        {"oversight.council_regular_sessions": 4},
        {"oversight.front_supervisions": 6, "integrity.prolonged_mass_complaints": 0})
