"""``diff``: the units whose verdict a change of rules or of assessment year moves, and the
criteria responsible."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from audit_cases import EXAMPLES, NA_LAY, RULES
from clean_strong.audit.diff import diff, sides
from clean_strong.datasets import load_documents
from cli_run import run

pytestmark = pytest.mark.timeout(300)


def test_the_2019_data_under_the_2024_rules_loses_units_to_the_headcount_cap() -> None:
    before, after = sides(None, None, 2019, 2024)
    result = diff(load_documents("dien-bien-2019"), before, after)
    assert len(result.units) == 130
    assert result.changed, "CB-01 becomes mandatory on 25/6/2024"
    for unit in result.changed:
        assert unit.before == "recognised" and unit.after == "not_recognised"
        assert "CB-01" in {c.id for c in unit.responsible}
    cb01 = next(c for c in result.changed[0].responsible if c.id == "CB-01")
    assert (cb01.mandatory_before, cb01.mandatory_after) == (False, True)
    assert result.responsible()["CB-01"] == len(result.changed)
    note = result.note()
    assert note is not None and "assessment year replaced" in note


def test_diff_text_says_the_year_was_replaced_and_names_units(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "diff", "dien-bien-2019", "--year", "2019", "--against-year",
                       "2024", "--lang", "en")
    assert code == 0
    assert "Note: each document re-evaluated with its assessment year replaced" in out
    assert "Criteria responsible (units): CB-01" in out
    assert re.search(r"\d{5} .+: recognised → not recognised  \[because: CB-01 pass "
                     r"\(advisory\) → fail", out)
    code, out, _ = run(capsys, "diff", "dien-bien-2019", "--against-year", "2024")
    assert code == 0 and "năm đánh giá được thay thế" in out
    # verdicts and statuses in words ("Trước: recognised 1, not_recognised 2" was the bug)
    assert re.search(r"Trước: \d+ đạt “trong sạch, vững mạnh”, \d+ không đạt", out)
    assert re.search(r"\d{5} .+: đạt “trong sạch, vững mạnh” → không đạt  \[do: CB-01 đạt "
                     r"\(tham khảo\) → không đạt\]", out)
    assert "recognised" not in out and "pass" not in out


def test_two_rule_sets_over_a_directory(capsys: pytest.CaptureFixture[str],
                                        tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(RULES, rules)
    parameters = rules / "parameters.yaml"
    text = parameters.read_text("utf-8")
    parameters.write_text(re.sub(r"(council_min_sessions:.*?value: )2", r"\g<1>3", text,
                                 count=1, flags=re.S), "utf-8")
    data = tmp_path / "data"
    data.mkdir()
    for name in ("muong-thanh-2019.recognised.json", "na-lay-2019.not-recognised.json",
                 "song-da-2019.undetermined.json"):
        shutil.copy(EXAMPLES / name, data / name)
    code, out, _ = run(capsys, "diff", str(data), "--against-rules", str(rules),
                       "--format", "json")
    assert code == 0
    report = json.loads(out)
    assert report["units"] == 3 and report["note"] is None
    assert report["before"]["hash"] != report["after"]["hash"]
    (changed,) = report["units_changed"]  # Mường Thanh held 2 sessions: no longer enough
    assert changed["name"] == "Mường Thanh"
    assert (changed["before"], changed["after"]) == ("recognised", "not_recognised")
    assert [c["id"] for c in changed["responsible"]] == ["GS-01"]
    assert report["responsible"] == {"GS-01": 1}
    assert report["status_changes"]["GS-01"] == {"pass → fail": 2}  # Na Lay too, already failed


def test_a_jsonl_file_is_data_too(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    lines = tmp_path / "units.jsonl"
    lines.write_text(json.dumps(json.loads(NA_LAY.read_text("utf-8")), ensure_ascii=False)
                     + "\n", "utf-8")
    code, out, _ = run(capsys, "diff", str(lines), "--against-year", "2024", "--format", "json")
    assert code == 0 and json.loads(out)["units"] == 1


def test_diff_needs_something_to_compare_against(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "diff", "dien-bien-2019")
    assert code == 2 and "--against-rules" in err


def test_bad_data_exits_3(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "diff", str(tmp_path / "absent"), "--against-year", "2024")
    assert code == 3 and "không có tệp, thư mục hay bộ dữ liệu kèm theo" in err
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"unit_code": "1"}\n', "utf-8")
    code, _, err = run(capsys, "diff", str(bad), "--against-year", "2024")
    assert code == 3 and err.startswith(f"{bad}:1: unit_code: ")


def test_a_year_outside_the_rule_set_is_reported_per_unit_not_a_crash(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "diff", str(NA_LAY), "--against-year", "2099", "--lang", "en")
    assert code == 0
    assert "Could not be evaluated" in out and "outside the years this rule set covers" in out
