"""Spreadsheets out: ``batch … -o results.xlsx`` (and ``.csv``), checked against the JSONL the
same batch writes."""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

import pytest
from openpyxl import load_workbook

from clean_strong.dien_bien_2019 import dataset_bytes
from cli_run import run

BAD = Path(__file__).resolve().parent / "fixtures" / "bad" / "sheets"


@pytest.fixture(autouse=True)
def _vietnamese(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CLEAN_STRONG_LANG", raising=False)


@pytest.fixture(scope="module")
def province(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The data set's batch as JSONL, as a results workbook and as a summary CSV."""
    from clean_strong.cli import main

    folder = tmp_path_factory.mktemp("results")
    data = folder / "dien-bien-2019.jsonl"
    data.write_bytes(dataset_bytes())
    out = {"jsonl": folder / "r.jsonl", "xlsx": folder / "r.xlsx", "csv": folder / "r.csv"}
    for kind, path in out.items():
        assert main(["batch", str(data), "-o", str(path), "--workers", "1"]) == 0, kind
    return out


def _results(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def test_the_summary_sheet_has_one_row_per_result_with_its_verdict_and_failures(
    province: dict[str, Path]
) -> None:
    results = _results(province["jsonl"])
    book = load_workbook(province["xlsx"], read_only=True)
    assert book.sheetnames == ["Tổng hợp", "Giải thích", "Theo huyện", "Theo loại đơn vị",
                               "Bộ quy tắc", "Tiêu chí tạm", "Lỗi dữ liệu"]
    rows = list(book["Tổng hợp"].iter_rows(values_only=True))
    header, titles, body = rows[0], rows[1], rows[2:]
    ids = sorted(c["id"] for c in results[0]["criteria"])  # type: ignore[union-attr]
    assert list(header[9:]) == ids and titles[9] is not None
    assert len(body) == len(results) == 130
    for row, result in zip(body, results, strict=True):
        unit = result["unit"]
        assert row[1] == unit["code"] and row[3] == unit["district"]  # type: ignore[index]
        assert row[6] == result["verdict_label"]["vi"]  # type: ignore[index]
        failed = [c for c in result["criteria"]  # type: ignore[union-attr]
                  if c["mandatory"] and c["status"] == "fail"]
        for criterion in failed:
            assert f"{criterion['id']} {criterion['title']['vi']}" in (row[7] or "")
        assert (row[7] is None) == (not failed)
        status = {c["id"]: c["status"] for c in result["criteria"]}  # type: ignore[union-attr]
        words = {"pass": "đạt", "fail": "không đạt", "unknown": "chưa xác định"}
        for ident, cell in zip(ids, row[9:], strict=True):
            assert cell == words[status[ident]] if ident in status else cell == "không áp dụng"


def test_the_province_summary_adds_up_to_the_verdicts(province: dict[str, Path]) -> None:
    results = _results(province["jsonl"])
    verdicts = Counter(r["verdict"] for r in results)
    book = load_workbook(province["xlsx"], read_only=True)
    districts = list(book["Theo huyện"].iter_rows(values_only=True))
    body = [r for r in districts[1:] if r[1]]
    assert sum(r[2] for r in body) == 130  # type: ignore[misc]
    total = next(r for r in districts if r[0] == "Cả tỉnh")
    assert total[2:6] == (130, verdicts["recognised"], verdicts["not_recognised"],
                          verdicts["undetermined"])
    assert total[6] == pytest.approx(verdicts["recognised"] / 130)
    by_district = Counter(r["unit"]["district"] for r in results)  # type: ignore[index]
    assert {r[1]: r[2] for r in body} == dict(by_district)
    types = list(book["Theo loại đơn vị"].iter_rows(values_only=True))
    assert {r[0] for r in types[1:-1]} <= {"xã", "phường", "thị trấn"}


def test_the_rule_set_hash_and_provisional_criteria_are_shown(province: dict[str, Path]) -> None:
    results = _results(province["jsonl"])
    book = load_workbook(province["xlsx"], read_only=True)
    rules = list(book["Bộ quy tắc"].iter_rows(values_only=True))
    assert rules[1][2] == results[0]["ruleset"]["hash"]  # type: ignore[index]
    provisional = Counter(i for r in results for i in r["provisional"])  # type: ignore[union-attr]
    shown = {r[0]: r[2] for r in list(book["Tiêu chí tạm"].iter_rows(values_only=True))[1:]}
    assert shown == dict(provisional) and shown


def test_the_explanations_sheet_has_every_criterion_of_every_unit(
    province: dict[str, Path]
) -> None:
    results = _results(province["jsonl"])
    book = load_workbook(province["xlsx"], read_only=True)
    rows = list(book["Giải thích"].iter_rows(values_only=True))[1:]
    expected = sum(len(r["criteria"]) + len(r["not_applicable"]) for r in results)  # type: ignore[arg-type]
    assert len(rows) == expected
    first = results[0]["criteria"][0]  # type: ignore[index]
    assert rows[0][2] == first["id"] and rows[0][6] == first["explanation"]["vi"]


def test_the_csv_is_the_summary_sheet(province: dict[str, Path]) -> None:
    raw = province["csv"].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads the diacritics of a CSV with a BOM
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    book = load_workbook(province["xlsx"], read_only=True)
    sheet = list(book["Tổng hợp"].iter_rows(values_only=True))
    assert rows[0] == list(sheet[0])
    as_text = [["" if v is None else str(v) for v in row] for row in sheet[2:]]
    assert rows[1:] == as_text


def test_error_records_are_rows_of_the_summary_and_of_the_errors_sheet(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "r.xlsx"
    code, _, err = run(capsys, "batch", str(BAD / "province-one-bad-commune.xlsx"), "-o", str(out),
                       "--workers", "1")
    assert code == 5 and "2 kết quả, 1 lỗi dữ liệu" in err
    book = load_workbook(out, read_only=True)
    summary = list(book["Tổng hợp"].iter_rows(values_only=True))[2:]
    assert [r[6] for r in summary][1] == "lỗi dữ liệu"
    assert "Đơn vị!C4 (Loại đơn vị): «làng»" in str(summary[1][7])
    errors = list(book["Lỗi dữ liệu"].iter_rows(values_only=True))
    assert errors[1][1] == "Đơn vị!C4 (Loại đơn vị)"


def test_english_results_and_an_unwritable_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "d.jsonl"
    data.write_bytes(dataset_bytes().split(b"\n", 3)[0] + b"\n")
    out = tmp_path / "r.xlsx"
    assert run(capsys, "batch", str(data), "--format", "xlsx", "-o", str(out), "--lang", "en",
               "--workers", "1")[0] == 0
    assert load_workbook(out, read_only=True).sheetnames[0] == "Summary"
    code, _, err = run(capsys, "batch", str(data), "-o", str(tmp_path / "no" / "r.xlsx"))
    assert code == 7 and err.startswith(str(tmp_path / "no" / "r.xlsx"))
    code, _, _ = run(capsys, "batch", str(data), "--format", "csv")
    assert code == 2  # a table needs -o
