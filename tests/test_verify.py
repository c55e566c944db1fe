"""``verify RESULT INPUT``: exit 0 when the stored result is reproduced exactly, 6 (saying what
differs) when the rules, the input or the result itself changed, 3 for a file that is not a
result."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from audit_cases import NA_LAY, RULES
from cli_run import run

pytestmark = pytest.mark.timeout(300)


def stored(capsys: pytest.CaptureFixture[str], tmp_path: Path, *extra: str,
           source: Path = NA_LAY) -> Path:
    """``evaluate --format json`` written to a file, as an auditor receives it."""
    code, out, _ = run(capsys, "evaluate", str(source), "--format", "json", *extra)
    assert code == 0
    path = tmp_path / "result.json"
    path.write_text(out, "utf-8")
    return path


def test_an_untouched_pair_is_reproduced(capsys: pytest.CaptureFixture[str],
                                         tmp_path: Path) -> None:
    result = stored(capsys, tmp_path)
    code, out, _ = run(capsys, "verify", str(result), str(NA_LAY), "--lang", "en")
    assert code == 0
    assert out.startswith("Verification: reproduced")
    assert "not recognised, 19 criteria" in out  # the verdict in words, not its code
    code, out, _ = run(capsys, "verify", str(result), str(NA_LAY))
    assert code == 0 and out.startswith("Kiểm tra tái lập: tái lập được")
    assert "không đạt, 19 tiêu chí" in out


def test_a_result_with_counterfactuals_is_reproduced_with_them(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    result = stored(capsys, tmp_path, "--counterfactuals")
    assert run(capsys, "verify", str(result), str(NA_LAY))[0] == 0


@pytest.mark.slow
def test_a_changed_rule_file_is_detected(capsys: pytest.CaptureFixture[str],
                                         tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(RULES, rules)
    result = stored(capsys, tmp_path, "--rules", str(rules))
    assert run(capsys, "verify", str(result), str(NA_LAY), "--rules", str(rules))[0] == 0
    parameters = rules / "parameters.yaml"
    text = parameters.read_text("utf-8")
    # the council must now hold 3 regular sessions (Na Lay held 2)
    changed = re.sub(r"(council_min_sessions:.*?value: )2", r"\g<1>3", text, count=1,
                     flags=re.S)
    assert changed != text
    parameters.write_text(changed, "utf-8")
    code, out, _ = run(capsys, "verify", str(result), str(NA_LAY), "--rules", str(rules),
                       "--lang", "en")
    assert code == 6
    assert "Verification: NOT REPRODUCED" in out
    assert "- rule set changed: the result was made with dien-bien-2019 1.2.0" in out
    assert "- outcome changed: GS-01 pass → fail" in out
    assert "result edited" not in out


@pytest.mark.slow
def test_a_changed_rule_file_that_moves_no_status_says_so(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(RULES, rules)
    result = stored(capsys, tmp_path, "--rules", str(rules))
    manifest = rules / "ruleset.yaml"
    manifest.write_text(manifest.read_text("utf-8") + "# a comment changes the hash\n", "utf-8")
    code, out, _ = run(capsys, "verify", str(result), str(NA_LAY), "--rules", str(rules),
                       "--lang", "en")
    assert code == 6
    assert "rule set changed" in out and "verdict and criterion statuses unchanged" in out


def test_a_changed_input_is_detected(capsys: pytest.CaptureFixture[str],
                                     tmp_path: Path) -> None:
    result = stored(capsys, tmp_path)
    data = json.loads(NA_LAY.read_text("utf-8"))
    for official in data["officials"]:
        if official["professional_level"] == "so_cap":
            official["professional_level"] = "trung_cap"
    other = tmp_path / "input.json"
    other.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    code, out, _ = run(capsys, "verify", str(result), str(other), "--lang", "en")
    assert code == 6
    assert "- input changed: the result records input sha256:" in out
    assert "verdict: not recognised → recognised" in out and "CB-03 fail → pass" in out
    code, out, _ = run(capsys, "verify", str(result), str(other))
    assert "kết luận: không đạt → đạt “trong sạch, vững mạnh”" in out
    assert "CB-03 không đạt → đạt" in out and "not_recognised" not in out
    assert "rule set changed" not in out


def test_reformatting_the_input_is_not_a_change(capsys: pytest.CaptureFixture[str],
                                                tmp_path: Path) -> None:
    result = stored(capsys, tmp_path)
    other = tmp_path / "input.json"
    other.write_text(json.dumps(json.loads(NA_LAY.read_text("utf-8"))), "utf-8")  # one line
    assert run(capsys, "verify", str(result), str(other))[0] == 0


def test_a_hand_edited_result_is_detected(capsys: pytest.CaptureFixture[str],
                                          tmp_path: Path) -> None:
    result = stored(capsys, tmp_path)
    data = json.loads(result.read_text("utf-8"))
    cb03 = next(c for c in data["criteria"] if c["id"] == "CB-03")
    cb03["status"] = "pass"
    data["verdict"] = "recognised"
    result.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    code, out, _ = run(capsys, "verify", str(result), str(NA_LAY), "--lang", "en")
    assert code == 6
    assert "- outcome changed: verdict: recognised → not recognised; CB-03 pass → fail" in out
    assert "- result edited: its input and rule hashes match" in out
    assert "at: verdict, criterion CB-03, status" in out  # the parts, named, not JSON paths


def test_an_edited_explanation_alone_is_detected(capsys: pytest.CaptureFixture[str],
                                                 tmp_path: Path) -> None:
    result = stored(capsys, tmp_path)
    result.write_text(result.read_text("utf-8").replace("3/11", "0/11", 1), "utf-8")
    code, out, _ = run(capsys, "verify", str(result), str(NA_LAY), "--lang", "en")
    assert code == 6
    assert "result edited" in out and "criterion CB-03, explanation, Vietnamese" in out
    code, out, _ = run(capsys, "verify", str(result), str(NA_LAY))
    assert "tiêu chí CB-03, giải thích, tiếng Việt" in out and "explanation" not in out
    assert "outcome changed" not in out


def test_a_file_that_is_not_a_result_exits_3_naming_file_path_problem(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"verdict": "maybe"}', "utf-8")
    code, out, err = run(capsys, "verify", str(bad), str(NA_LAY))
    assert code == 3 and out == ""
    assert err.startswith(f"{bad}: verdict: ")
    assert "Traceback" not in err
    bad.write_text("not json", "utf-8")
    code, _, err = run(capsys, "verify", str(bad), str(NA_LAY))
    assert code == 3 and err.startswith(f"{bad}: (tài liệu): JSON sai cú pháp")
    code, _, err = run(capsys, "verify", str(tmp_path / "absent.json"), str(NA_LAY))
    assert code == 3 and "không đọc được: không có tệp hoặc thư mục này" in err
    code, _, err = run(capsys, "verify", str(tmp_path / "absent.json"), str(NA_LAY), "--lang", "en")
    assert code == 3 and "cannot read: no such file or directory" in err


def test_a_bad_input_exits_3(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    result = stored(capsys, tmp_path)
    bad = tmp_path / "input.json"
    bad.write_text(NA_LAY.read_text("utf-8").replace('"phuong"', '"ward"'), "utf-8")
    code, _, err = run(capsys, "verify", str(result), str(bad))
    assert code == 3 and err.startswith(f"{bad}: unit_type: ")
