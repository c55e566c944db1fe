"""Spreadsheets in: the template, the reader of workbooks and CSV tables, every bad cell named.

The bad workbooks are files (tests/fixtures/bad/sheets, made by make.py there); the manifest
says which cell each error must name and words of its message.
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from pathlib import Path

import pytest
from openpyxl import load_workbook
from ruamel.yaml import YAML

from clean_strong.dien_bien_2019 import load_dataset
from clean_strong.documents import read_document, read_documents, read_items
from clean_strong.documents.cells import read_cell
from clean_strong.documents.columns import tables
from clean_strong.documents.convert import convert
from clean_strong.documents.template import write_documents, write_template
from clean_strong.documents.workbook import read_workbook
from clean_strong.errors import InputError
from clean_strong.evaluation import input_hash
from clean_strong.models import Commune
from clean_strong.models.vocab import VOCABULARIES
from clean_strong.words.format import label
from cli_run import run

ROOT = Path(__file__).resolve().parent.parent
BAD = ROOT / "tests" / "fixtures" / "bad" / "sheets"
GOOD = ROOT / "tests" / "fixtures" / "good" / "sheets"
EXAMPLE = ROOT / "examples" / "muong-thanh-2019.recognised.json"
MANIFEST: dict[str, dict[str, str]] = YAML(typ="safe").load(
    (BAD / "manifest.yaml").read_text("utf-8"))


@pytest.fixture(autouse=True)
def _vietnamese(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CLEAN_STRONG_LANG", raising=False)


# -- the one table of columns ------------------------------------------------------------------


def test_every_field_of_the_models_is_a_column_once() -> None:
    units, officials, reports = (tables()[n] for n in ("units", "officials", "reports"))
    assert len(units.columns) == 41 and len(officials.columns) == 10
    assert len(reports.columns) == 19
    for table in (units, officials, reports):
        for lang in ("vi", "en"):
            headers = [c.header(lang) for c in table.columns]
            assert len(set(headers)) == len(headers), (table.name, lang)
            assert all(unicodedata.is_normalized("NFC", h) for h in headers)


def test_ranges_and_vocabularies_come_from_the_model() -> None:
    units = tables()["units"]
    assert units.column("access_to_law.criterion_1").maximum == 100
    assert units.column("one_stop.procedures_total").maximum == 1_000_000
    assert units.column("assessment_year").minimum == 2000
    assert units.column("unit_code").digits == 5 and units.column("unit_code").required
    assert units.column("classification").vocabulary is VOCABULARIES["Classification"]
    assert not units.column("classification").required


def test_every_sheets_entry_has_both_languages_with_the_same_placeholders() -> None:
    import string

    from clean_strong.words import catalogue

    entries = {k: e for k, e in catalogue().items() if k.startswith("sheets.")}
    assert len(entries) > 150
    for key, entry in entries.items():
        fields = [{f for _, f, _, _ in string.Formatter().parse(text) if f} for text in entry]
        assert fields[0] == fields[1], key
        assert all(text and unicodedata.is_normalized("NFC", text) for text in entry), key


# -- one cell ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("path", "raw", "value"), [
    ("professional_level", "đại học", "dai_hoc"),
    ("professional_level", "ĐẠI HỌC", "dai_hoc"),
    ("professional_level", "  Đại   học ", "dai_hoc"),
    ("professional_level", unicodedata.normalize("NFD", "đại học"), "dai_hoc"),
    ("professional_level", "DAI_HOC", "dai_hoc"),
    ("professional_level", "university (đại học)", "dai_hoc"),
    ("trained_this_year", "Có", True),
    ("trained_this_year", "no", False),
    ("trained_this_year", True, True),
    ("trained_this_year", "", None),
    ("trained_this_year", "   ", None),
    ("trained_this_year", None, None),
    ("id", 7.0, "7"),
])
def test_an_official_cell_takes_labels_or_codes_in_any_case(
    path: str, raw: object, value: object
) -> None:
    assert read_cell(tables()["officials"].column(path), raw, "vi") == (value, None)  # type: ignore[arg-type]


@pytest.mark.parametrize(("path", "raw", "value"), [
    ("one_stop.dossiers_resolved", 1840.0, 1840),
    ("one_stop.dossiers_resolved", "1840", 1840),
    ("access_to_law.criterion_2", 22.5, 22.5),
    ("access_to_law.criterion_2", "22,5", 22.5),
    ("access_to_law.criterion_2", "22.5", 22.5),
    ("access_to_law.criterion_2", 14, 14.0),
    ("unit_code", "03136", "03136"),
    ("name", unicodedata.normalize("NFD", "Mường Thanh"), "Mường Thanh"),
])
def test_a_unit_cell_reads_numbers_and_text_exactly(path: str, raw: object, value: object) -> None:
    got, problem = read_cell(tables()["units"].column(path), raw, "vi")  # type: ignore[arg-type]
    assert problem is None and got == value and type(got) is type(value)


@pytest.mark.parametrize(("path", "raw", "words"), [
    ("one_stop.dossiers_resolved", "1.840", "thousands separators"),
    ("one_stop.dossiers_resolved", 18.4, "not a whole number"),
    ("one_stop.dossiers_resolved", -1.0, "outside the allowed range 0–1,000,000"),
    ("one_stop.dossiers_resolved", True, "not a number"),
    ("access_to_law.criterion_2", "n/a", "not a number"),
    ("access_to_law.criterion_2", 100.5, "outside the allowed range 0–100"),
    ("police_chief_regular", 1.0, "is not «yes» or «no»"),
    ("police_chief_regular", "x", "is not «yes» or «no»"),
    ("unit_type", "xa xa", "is not in the list"),
    ("unit_type", "Thi tran", "did you mean «township»?"),  # no diacritics: a hint only
    ("unit_code", 3136.0, "leading zeros are lost"),
    ("unit_code", "3136", "is not of the form: 5 digits"),
    ("name", "", "required cell is blank"),
    ("name", "x" * 201, "201 characters long, at most 200"),
])
def test_a_bad_cell_says_why_in_english_too(path: str, raw: object, words: str) -> None:
    value, problem = read_cell(tables()["units"].column(path), raw, "en")  # type: ignore[arg-type]
    assert value is None and problem is not None and words in problem


def test_a_spelling_without_diacritics_gets_the_label_meant_as_a_hint() -> None:
    _, problem = read_cell(tables()["units"].column("unit_type"), "thi tran", "vi")
    assert problem is not None and problem.endswith("có phải là «thị trấn»?")


def test_every_vocabulary_spelling_names_one_word() -> None:
    column = tables()["officials"].column("rating")
    for word in VOCABULARIES["Rating"]:
        for text in (word.value, label(word.value, "vi"), label(word.value, "en")):
            assert read_cell(column, text.upper(), "vi") == (word.value, None)


# -- the template --------------------------------------------------------------------------------


def test_the_template_has_its_sheets_frozen_headers_hints_and_dropdowns(tmp_path: Path) -> None:
    out = tmp_path / "mau.xlsx"
    code, _, err = run_cli("template", "--units", "5", "-o", str(out))
    assert code == 0 and "mau.xlsx" in err
    book = load_workbook(out)
    assert book.sheetnames == ["Đơn vị", "Cán bộ", "Hướng dẫn", "Danh mục"]
    units, officials = book["Đơn vị"], book["Cán bộ"]
    assert units.freeze_panes == "C3" and officials.freeze_panes == "C3"
    assert units["A1"].value == "Mã đơn vị" and units["A2"].value == "bắt buộc; 5 chữ số"
    assert units["AF2"].value == "số 0–100"
    assert officials["F1"].value == "Trình độ chuyên môn"
    assert units.column_dimensions["B"].width > units.column_dimensions["E"].width
    rules = {str(rule.sqref): rule for rule in units.data_validations.dataValidation}
    score = rules["AF3:AF1048576"]
    assert (score.type, score.formula1, score.formula2) == ("decimal", "0", "100")
    year = rules["G3:G1048576"]
    assert (year.type, year.formula1, year.formula2) == ("whole", "2000", "2100")
    levels = {str(r.sqref): r for r in officials.data_validations.dataValidation}["F3:F1048576"]
    assert levels.type == "list"
    source = levels.formula1.split("!")[1].replace("$", "")
    listed = [c.value for row in book["Danh mục"][source] for c in row]
    assert listed == [label(w.value, "vi") for w in VOCABULARIES["ProfessionalLevel"]]
    assert sum(1 for row in units.iter_rows(min_row=3) if row[0].border.left.style) == 5


def test_the_english_template_has_english_headers_and_lists(tmp_path: Path) -> None:
    out = tmp_path / "form.xlsx"
    write_template(out, "en", 1)
    book = load_workbook(out)
    assert book.sheetnames == ["Units", "Officials", "Instructions", "Lists"]
    assert book["Officials"]["F1"].value == "Professional level"
    assert book["Units"]["I2"].value == "yes / no"


def test_a_blank_template_reads_as_no_units(tmp_path: Path) -> None:
    out = tmp_path / "mau.xlsx"
    write_template(out, "vi", 3)
    with pytest.raises(InputError) as caught:
        read_documents(out)
    assert "không có đơn vị nào" in caught.value.message


def test_a_filled_template_reads_back_the_document(tmp_path: Path) -> None:
    """Filled as a person would: labels typed into the template's rows, blanks left blank."""
    out = tmp_path / "mau.xlsx"
    write_template(out, "vi", 1)
    book = load_workbook(out)
    units, officials = book["Đơn vị"], book["Cán bộ"]
    for ref, value in {"A3": "03136", "B3": "Mường Thanh", "C3": "Phường", "D3": "TP Điện Biên Phủ",
                       "F3": "Điện Biên", "G3": 2019, "AC3": 100, "AD3": 99}.items():
        units[ref] = value
    for ref, value in {"A3": "03136", "B3": "cb-01", "C3": "cán bộ chuyên trách",
                       "D3": "Chủ tịch UBND", "F3": "đại học"}.items():
        officials[ref] = value
    book.save(out)
    document = read_document(out)
    assert isinstance(document, Commune)
    assert document.unit_type.value == "phuong" and document.one_stop.dossiers_on_time == 99
    assert document.one_stop.procedures_total is None  # blank: not reported, never 0
    assert document.police_chief_regular is None
    assert document.officials is not None and len(document.officials) == 1
    official = document.officials[0]
    assert official.post is not None and official.post.value == "chu_tich_ubnd"
    assert official.rating is None and official.trained_this_year is None


# -- bad workbooks -------------------------------------------------------------------------------


def test_every_bad_fixture_is_listed() -> None:
    on_disk = {p.name for p in BAD.iterdir() if p.suffix in (".xlsx", ".csv")}
    assert on_disk == set(MANIFEST)


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_a_bad_workbook_names_the_cell(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    expected = MANIFEST[name]
    path = BAD / name
    with pytest.raises(InputError) as caught:
        read_documents(path)
    error = caught.value
    assert (error.source, error.path) == (str(path), expected["where"])
    assert expected["message"] in error.message
    code, out, err = run(capsys, "evaluate", str(path))
    assert code == 3 and out == "" and "Traceback" not in err
    assert err.startswith(f"{path}: {expected['where'] or '(tài liệu)'}: ")


def test_every_bad_cell_of_a_workbook_is_listed(capsys: pytest.CaptureFixture[str]) -> None:
    path = BAD / "many-bad-cells.xlsx"
    code, _, err = run(capsys, "evaluate", str(path))
    assert code == 3
    cells = ["Đơn vị!C3 (Loại đơn vị)", "Đơn vị!AF3 (Tiếp cận pháp luật: tiêu chí 1 (điểm))",
             "Cán bộ!I7 (Xếp loại)", "Cán bộ!H9 (Được bồi dưỡng trong năm)",
             "Cán bộ!B10 (Mã cán bộ)"]
    lines = err.splitlines()
    assert len(lines) == len(cells)
    for line, cell in zip(lines, cells, strict=True):
        assert line.startswith(f"{path}: {cell}: ")


def test_rows_of_an_unknown_unit_code_are_one_problem() -> None:
    book = read_workbook(BAD / "unit-code-typed-as-a-number.xlsx", "vi")
    problems = book.all_problems()
    assert [p.where for p in problems] == ["Đơn vị!A3 (Mã đơn vị)", "Cán bộ!A3 (Mã đơn vị)"]
    assert "22 dòng khác" in problems[1].message


def test_in_a_batch_one_bad_commune_is_one_error_record(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = BAD / "province-one-bad-commune.xlsx"
    out = tmp_path / "out.jsonl"
    code, _, _err = run(capsys, "batch", str(path), "-o", str(out), "--workers", "1")
    assert code == 5
    lines = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert [line["source"] for line in lines] == [f"{path}:Đơn vị!{n}" for n in (3, 4, 5)]
    assert lines[1]["error"]["code"] == 3 and lines[1]["error"]["path"] == "Đơn vị!C4 (Loại đơn vị)"
    assert "«làng»" in lines[1]["error"]["message"]
    assert lines[0]["unit"]["code"] == "03124" and lines[2]["unit"]["code"] == "03130"


def test_a_batch_error_record_carries_every_bad_cell_of_its_commune() -> None:
    [item] = list(read_items(BAD / "many-bad-cells.xlsx"))
    assert item.path == "Đơn vị!C3 (Loại đơn vị)" and item.problem is not None
    assert "và 4 lỗi khác" in item.problem and "Cán bộ!B10 (Mã cán bộ)" in item.problem


def test_a_structural_problem_refuses_the_whole_workbook_in_a_batch() -> None:
    items = list(read_items(BAD / "unknown-column.xlsx"))
    assert len(items) == 1 and items[0].path == "Đơn vị!AP1"
    assert items[0].source == str(BAD / "unknown-column.xlsx")


# -- CSV tables ----------------------------------------------------------------------------------


def test_csv_tables_with_and_without_bom_convert_to_the_example(tmp_path: Path) -> None:
    out = tmp_path / "mt.jsonl"
    code = run_cli("convert", str(GOOD / "muong-thanh-units.csv"),
                   str(GOOD / "muong-thanh-officials.csv"), "-o", str(out))[0]
    assert code == 0
    converted = Commune.model_validate_json(out.read_text("utf-8"))
    assert input_hash(converted) == input_hash(read_document(EXAMPLE))


def test_a_units_csv_alone_gives_a_unit_whose_officials_are_not_supplied() -> None:
    """Semicolons (Excel in a vi-VN locale), English headers, codes in capitals, a decimal
    comma, an NFD name: all read; no officials' table, so the officials are unknown."""
    document = read_document(GOOD / "units-semicolon-english-headers.csv")
    assert isinstance(document, Commune)
    assert document.name == "Mường Thanh" and document.unit_type.value == "phuong"
    assert document.access_to_law.criterion_1 == 14.0 and document.officials is None


def test_an_officials_csv_alone_says_it_needs_its_units() -> None:
    with pytest.raises(InputError) as caught:
        read_documents(GOOD / "muong-thanh-officials.csv")
    assert "bảng cán bộ cần bảng đơn vị" in caught.value.message


def test_a_csv_error_names_the_cell_without_a_sheet(tmp_path: Path) -> None:
    bad = tmp_path / "units.csv"
    text = (GOOD / "muong-thanh-units.csv").read_text("utf-8-sig")
    bad.write_text(text.replace(",phường,", ",làng,"), "utf-8")
    with pytest.raises(InputError) as caught:
        read_documents(bad)
    assert caught.value.path == "C3 (Loại đơn vị)"


# -- convert ---------------------------------------------------------------------------------------


def test_convert_goes_both_ways_through_every_kind(tmp_path: Path) -> None:
    example = read_document(EXAMPLE)
    chain = [tmp_path / "a.xlsx", tmp_path / "b.jsonl", tmp_path / "c", tmp_path / "d.xlsx",
             tmp_path / "e.json"]
    source = EXAMPLE
    for target in chain:
        convert([source], target, "vi")
        source = target
    assert (tmp_path / "c" / "03136.json").exists()
    assert input_hash(read_document(tmp_path / "e.json")) == input_hash(example)


def test_convert_writes_nothing_when_a_cell_is_bad(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.jsonl"
    code, _, err = run(capsys, "convert", str(BAD / "many-bad-cells.xlsx"), "-o", str(out))
    assert code == 3 and not out.exists() and len(err.splitlines()) == 5


def test_an_empty_officials_list_survives_as_zero(tmp_path: Path) -> None:
    data = json.loads(EXAMPLE.read_text("utf-8"))
    data["officials"] = []
    document = Commune.model_validate(data)
    write_documents(tmp_path / "x.xlsx", [document], "vi")
    assert load_workbook(tmp_path / "x.xlsx")["Đơn vị"]["J3"].value == 0
    assert read_document(tmp_path / "x.xlsx") == document


def test_evaluate_refuses_a_workbook_of_several_units(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "three.xlsx"
    write_documents(path, load_dataset("dien-bien-2019")[:3], "vi")
    code, _, err = run(capsys, "evaluate", str(path))
    assert code == 3 and "bảng tính có 3 đơn vị" in err


def run_cli(*argv: str) -> tuple[int, str, str]:
    import contextlib
    import io

    from clean_strong.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


# -- what the README promises -------------------------------------------------------------------


@pytest.mark.slow
def test_the_readme_gives_an_office_two_commands_that_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import re
    import shlex
    import shutil

    text = (ROOT / "README.md").read_text("utf-8")
    section = text.split("## Từ bảng tính / From a spreadsheet", 1)[1].split("\n## ", 1)[0]
    commands = [shlex.split(c) for c in re.findall(r"```sh\n(.+?)\n```", section, re.S)]
    assert len(commands) == 2 and all(c[0] == "clean-strong" for c in commands)
    template, batch = commands
    monkeypatch.chdir(tmp_path)
    assert run(capsys, *template[1:])[0] == 0
    blank = Path(template[template.index("-o") + 1])
    assert blank.exists()
    shutil.copy(ROOT / "examples" / "dien-bien-2019.xlsx", blank)  # the office filled it
    assert run(capsys, *batch[1:], "--workers", "1")[0] == 0
    assert load_workbook(batch[batch.index("-o") + 1], read_only=True).sheetnames[0] == "Tổng hợp"


def test_the_example_workbook_is_the_bundled_data_set() -> None:
    documents = [d for _, d in read_documents(ROOT / "examples" / "dien-bien-2019.xlsx")]
    assert [input_hash(d) for d in documents] == [input_hash(c) for c in load_dataset()]


def test_a_workbook_unpacking_past_the_limit_is_refused_before_it_is_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The archive's declared sizes are summed first (a zip bomb costs nothing to refuse)."""
    from clean_strong.documents import workbook

    monkeypatch.setattr(workbook, "MAX_UNPACKED", 10_000)
    with pytest.raises(InputError) as caught:
        read_documents(ROOT / "examples" / "dien-bien-2019.xlsx")
    assert "quá giới hạn 10.000" in caught.value.message


@pytest.mark.parametrize("name", ["=1+1", "#N/A", "=HYPERLINK(\"http://x\")"])
def test_text_that_looks_like_a_formula_stays_text(name: str, tmp_path: Path) -> None:
    data = json.loads(EXAMPLE.read_text("utf-8"))
    data["name"] = name
    document = Commune.model_validate(data)
    write_documents(tmp_path / "x.xlsx", [document], "vi")
    cell = load_workbook(tmp_path / "x.xlsx")["Đơn vị"]["B3"]
    assert (cell.value, cell.data_type) == (name, "s")
    assert read_document(tmp_path / "x.xlsx") == document


def test_a_control_character_is_refused_not_altered(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads(EXAMPLE.read_text("utf-8"))
    data["district"] = "Thành phố\x07"
    source = tmp_path / "x.json"
    source.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    code, _, err = run(capsys, "convert", str(source), "-o", str(tmp_path / "x.xlsx"))
    assert code == 3 and ": district: có ký tự điều khiển U+0007" in err
    assert not (tmp_path / "x.xlsx").exists()


def test_the_results_summary_guards_formula_looking_names(tmp_path: Path) -> None:
    from clean_strong import evaluate
    from clean_strong.render.workbook import (
        result_records,
        write_results_workbook,
        write_summary_csv,
    )

    data = json.loads(EXAMPLE.read_text("utf-8"))
    data["name"] = "=cmd|' /C calc'!A0"
    records = result_records([evaluate(Commune.model_validate(data))])
    write_results_workbook(records, tmp_path / "r.xlsx", "vi")
    cell = load_workbook(tmp_path / "r.xlsx")["Tổng hợp"]["C3"]
    assert (cell.value, cell.data_type) == (data["name"], "s")
    write_summary_csv(records, tmp_path / "r.csv", "vi")
    assert ",'=cmd|" in (tmp_path / "r.csv").read_text("utf-8-sig")


@pytest.mark.parametrize(("raw", "value"), [
    (dt.date(2019, 12, 31), "2019-12-31"),
    (dt.datetime(2019, 12, 31), "2019-12-31"),
    ("31/12/2019", "2019-12-31"),
    ("1/2/2019", "2019-02-01"),
    ("2019-12-31", "2019-12-31"),
    ("31/02/2019", None),
    ("12/31/2019", None),
    ("hôm qua", None),
])
def test_a_date_cell_is_a_date_or_dd_mm_yyyy(raw: object, value: str | None) -> None:
    """No input field is a date today; a date column (``format: date`` in the schema) reads so."""
    from clean_strong.documents.columns import Column

    column = Column("units", "day", "date", False)
    got, problem = read_cell(column, raw, "vi")  # type: ignore[arg-type]
    assert got == value and (problem is None) == (value is not None)
