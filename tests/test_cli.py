"""The command line: verbs, exit codes, and errors as one line, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cli_run import run

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "na-lay-2019.not-recognised.json"

pytestmark = pytest.mark.timeout(120)


def test_evaluate_text_is_what_an_official_reads(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "evaluate", str(EXAMPLE))
    assert code == 0
    assert "Kết quả đánh giá: KHÔNG ĐẠT" in out
    assert "✗ CB-03" in out
    assert "bản tái dựng từ văn bản pháp luật trung ương" in out


def test_evaluate_english(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "evaluate", str(EXAMPLE), "--lang", "en")
    assert code == 0 and "Verdict: NOT RECOGNISED" in out and "reconstruction" in out


def test_evaluate_json_follows_the_contract(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "evaluate", str(EXAMPLE), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert {"verdict", "unit", "year", "ruleset", "criteria", "not_applicable",
            "missing_inputs", "trace", "provenance"} <= data.keys()
    assert data["verdict"] == "not_recognised"
    assert data["ruleset"]["hash"].startswith("sha256:")
    criterion = data["criteria"][0]
    assert {"id", "status", "mandatory", "explanation", "legal_basis", "inputs",
            "parameters"} <= criterion.keys()
    assert data["provenance"]["input_hash"].startswith("sha256:")


def test_bad_input_exits_3_with_file_path_problem(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(EXAMPLE.read_text("utf-8").replace('"unit_type": "phuong"',
                                                      '"unit_type": "ward"'), "utf-8")
    code, _, err = run(capsys, "evaluate", str(bad))
    assert code == 3
    assert err.startswith(f"{bad}: unit_type: ")
    assert "Traceback" not in err


def test_unknown_verb_is_a_usage_error() -> None:
    done = subprocess.run([sys.executable, "-m", "clean_strong.cli", "bogus"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 2


def test_bad_rules_directory_exits_4(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "evaluate", str(EXAMPLE), "--rules", str(tmp_path))
    assert code == 4
    assert "ruleset.yaml" in err


def test_schema_describes_the_commune(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "schema")
    schema = json.loads(out)
    assert code == 0 and schema["title"] == "Tài liệu của một đơn vị cấp xã"  # vi by default
    assert schema["required"] == ["unit_code", "name", "unit_type", "district", "province",
                                  "assessment_year"]
    code, out, _ = run(capsys, "schema", "--kind", "report", "--lang", "en")
    assert json.loads(out)["title"] == "Province report"


def test_rules_list_show_and_compile(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "rules", "list")
    assert code == 0 and out.count("\n") >= 20 and "CB-01" in out
    assert out.startswith("MÃ") and "CĂN CỨ PHÁP LÝ" in out  # one view of every legal basis
    code, out, _ = run(capsys, "rules", "show", "CB-01", "--lang", "en")
    assert code == 0
    assert "Nghị định 34/2019/NĐ-CP" in out
    assert "from 2019-06-25: commune: class I: 23 people" in out  # table keys in words
    code, out, _ = run(capsys, "rules", "show", "cb-03")  # an id in any case
    assert code == 0 and "Trình độ chuyên môn tối thiểu (`professional_min_level`" in out
    code, out, _ = run(capsys, "rules", "compile", "GS-01")
    compiled = json.loads(out)
    (rules,) = compiled.values()
    assert {"GS-01:pass:1", "GS-01:fail:1", "GS-01:unknown:1"} <= rules.keys()


def test_rules_show_unknown_id_is_bad_input(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "rules", "show", "XX-99")
    assert code == 3 and "không có tiêu chí XX-99" in err
    code, _, err = run(capsys, "rules", "show", "XX-99", "--lang", "en")
    assert code == 3 and "no such criterion XX-99" in err
