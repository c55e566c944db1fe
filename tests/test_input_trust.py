"""Faults an outside tester found in what the tool accepts and answers, one test per class.

The bad documents themselves are in the fault corpus (``tests/fixtures/bad``, checked by
``test_fault_corpus.py``): duplicate keys, digits of other scripts, control characters, legal
ranges, look-alike letters. Here: the behaviours around them.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from clean_strong import Commune, evaluate
from clean_strong.cli import main
from clean_strong.documents import parse_document
from clean_strong.evaluation import input_hash
from clean_strong.words.format import number, percent
from cli_run import run

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
MUONG_THANH = EXAMPLES / "muong-thanh-2019.recognised.json"


def _base() -> dict[str, object]:
    data: dict[str, object] = json.loads(MUONG_THANH.read_text("utf-8"))
    return data


def test_text_typed_decomposed_is_the_same_commune_as_composed() -> None:
    """A Vietnamese keyboard in decomposed mode (NFD) gives the same document: the same input
    hash, the same result bytes, the same district in a report."""
    composed = _base()
    decomposed = {k: unicodedata.normalize("NFD", v) if isinstance(v, str) else v
                  for k, v in composed.items()}
    assert decomposed["name"] != composed["name"]
    a, b = (parse_document(json.dumps(d, ensure_ascii=False)) for d in (composed, decomposed))
    assert input_hash(a) == input_hash(b)
    assert evaluate(a).to_json() == evaluate(b).to_json()
    assert Commune.model_validate(decomposed).district == composed["district"]


def test_a_commune_whose_only_official_is_the_chairman_is_not_recognised() -> None:
    """All of none is no pass: with no công chức on record, "every công chức meets the
    standard" is unknown, naming what is missing, and the unit is not recognised."""
    data = _base()
    data["officials"] = [o for o in data["officials"]  # type: ignore[attr-defined]
                         if o.get("post") == "chu_tich_ubnd"]
    result = evaluate(data)
    assert result.verdict != "recognised"
    cb02 = result.criterion("CB-02")
    assert cb02.status == "unknown"
    assert cb02.missing_inputs == ['officials[role == "cong_chuc"]']


def test_an_empty_list_of_officials_passes_nothing_counted_from_it() -> None:
    data = _base()
    data["officials"] = []
    result = evaluate(data)
    counted = ("CB-01", "CB-02", "CB-03", "CB-04", "CB-05", "PL-01")
    assert {result.criterion(c).status for c in counted} == {"unknown"}
    assert result.verdict == "undetermined"


@pytest.mark.parametrize(("year", "missing", "headcount", "status"), [
    (2018, "police_chief_regular", 22, "pass"),  # no reduction before 2019: it cannot matter
    (2019, "police_chief_regular", 22, "pass"),  # class I phường: 23 or 22, both hold 22
    (2019, "police_chief_regular", 23, "unknown"),  # 23 holds only without a regular chief
    (2019, "classification", 18, "pass"),  # every class's cap, reduced or not, holds 18
    (2019, "classification", 24, "fail"),  # no class's cap holds 24
    (2019, "classification", 20, "unknown"),
])
def test_a_missing_cap_key_decides_nothing_only_when_it_could_change_the_outcome(
        year: int, missing: str, headcount: int, status: str) -> None:
    data = _base()
    data["assessment_year"] = year
    data[missing] = None
    staff = [o for o in data["officials"] if o["role"] != "khong_chuyen_trach"]  # type: ignore[attr-defined]
    while len(staff) < headcount:
        staff.append(dict(staff[-1], id=f"extra-{len(staff)}", post="khac"))
    data["officials"] = staff[:headcount]
    cb01 = evaluate(data).criterion("CB-01")
    assert cb01.status == status
    assert cb01.missing_inputs == ([missing] if status == "unknown" else [])


def test_a_report_over_communes_of_many_provinces_is_written(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "provinces.jsonl"
    lines = []
    for i in range(3):
        data = _base()
        data.update(unit_code=f"0000{i}", province=f"Tỉnh {'X' * 150} {i}")
        lines.append(json.dumps(data, ensure_ascii=False))
    source.write_text("\n".join(lines) + "\n", "utf-8")
    code, _, err = run(capsys, "report", str(source), "--html", str(tmp_path / "site"),
                         "--no-counterfactuals")
    assert code == 0, err
    assert (tmp_path / "site" / "index.html").exists()


def test_no_number_is_written_minus_zero() -> None:
    assert [number(-0.0, lang) for lang in ("vi", "en")] == ["0", "0"]
    assert number(-0.001, "vi", 0) == "0" and percent(-0.04, "en") == "0%"
    assert number(-3.5, "vi") == "-3,5"


def test_a_file_name_cannot_drive_the_terminal(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An escape sequence in a file name is shown escaped on stderr, never raw."""
    source = tmp_path / "x\x1b[2K\rĐẠT.json"
    source.write_text("{}", "utf-8")
    assert main(["evaluate", str(source)]) == 3
    _, err = capsys.readouterr()
    assert "\x1b" not in err and "\r" not in err
    assert "\\u001b[2K\\u000d" in err
