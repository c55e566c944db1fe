"""Spreadsheets: converting the 130-unit province workbook and the national 10,614-unit one.

Measures (the ``× floor`` column is the ratio to reading the same documents from JSONL —
``read_documents`` of the JSONL file: read and validate with ``Commune`` — in the same run):

- *workbook → JSONL*: ``convert(FILE.xlsx → FILE.jsonl)``: cells read (python-calamine), every
  cell checked, officials grouped by unit, each document validated, canonical JSON written;
- *JSONL → workbook*: the other way, openpyxl's write-only mode (styles, dropdowns, ranges);
- *cells only*: every cell of the national workbook read, nothing else, by python-calamine and
  by openpyxl's read-only mode: the measure the reader was chosen by.

The national workbook is made from ``clean-strong synth --units 10614`` (the shared
``national_file``); its conversion is timed once while the fixture makes it.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from clean_strong.dien_bien_2019 import dataset_bytes
from clean_strong.dien_bien_2019.synth import NATIONAL_UNITS_2019
from clean_strong.documents import read_documents
from clean_strong.documents.convert import convert
from conftest import note, record, record_seconds

PROVINCE_UNITS = 130


@pytest.fixture(scope="module")
def province_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("sheets-province")
    jsonl = folder / "dien-bien-2019.jsonl"
    jsonl.write_bytes(dataset_bytes())
    workbook = folder / "dien-bien-2019.xlsx"
    convert([jsonl], workbook, "vi")
    return jsonl, workbook


@pytest.fixture(scope="module")
def national_workbook(national_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    workbook = tmp_path_factory.mktemp("sheets-national") / "national.xlsx"
    started = time.perf_counter()
    convert([national_file], workbook, "vi")
    record_seconds("sheetsnat", "convert JSONL → workbook (1 run)", NATIONAL_UNITS_2019,
                   time.perf_counter() - started)
    note(f"national workbook: {workbook.stat().st_size / 1e6:,.1f} MB .xlsx from "
         f"{national_file.stat().st_size / 1e6:,.0f} MB of JSONL")
    return workbook


# -- the province (130 units) -------------------------------------------------------------------


def test_province_workbook_to_jsonl(
    benchmark: Any, province_files: tuple[Path, Path], tmp_path: Path
) -> None:
    _, workbook = province_files
    benchmark(convert, [workbook], tmp_path / "out.jsonl", "vi")
    record(benchmark, "sheets130", "convert workbook → JSONL", PROVINCE_UNITS)


def test_province_jsonl_to_workbook(
    benchmark: Any, province_files: tuple[Path, Path], tmp_path: Path
) -> None:
    jsonl, _ = province_files
    benchmark(convert, [jsonl], tmp_path / "out.xlsx", "vi")
    record(benchmark, "sheets130", "convert JSONL → workbook", PROVINCE_UNITS)


def test_province_jsonl_read(benchmark: Any, province_files: tuple[Path, Path]) -> None:
    jsonl, _ = province_files
    benchmark(read_documents, jsonl)
    record(benchmark, "sheets130", "floor: read_documents(JSONL)", PROVINCE_UNITS, role="floor")


# -- the country (10,614 units) -----------------------------------------------------------------


def test_national_workbook_to_jsonl(
    benchmark: Any, national_workbook: Path, tmp_path: Path
) -> None:
    benchmark.pedantic(convert, ([national_workbook], tmp_path / "out.jsonl", "vi"),
                       rounds=3, iterations=1)
    record(benchmark, "sheetsnat", "convert workbook → JSONL", NATIONAL_UNITS_2019)


def test_national_jsonl_read(benchmark: Any, national_file: Path) -> None:
    benchmark.pedantic(read_documents, (national_file,), rounds=3, iterations=1)
    record(benchmark, "sheetsnat", "floor: read_documents(JSONL)", NATIONAL_UNITS_2019,
           role="floor")


def test_national_cells_calamine(benchmark: Any, national_workbook: Path) -> None:
    from python_calamine import CalamineWorkbook

    def cells() -> int:
        book = CalamineWorkbook.from_path(str(national_workbook))
        return sum(len(book.get_sheet_by_name(n).to_python(skip_empty_area=False))
                   for n in book.sheet_names)

    benchmark.pedantic(cells, rounds=3, iterations=1)
    record(benchmark, "sheetsnat", "cells only: python-calamine", NATIONAL_UNITS_2019)


def test_national_cells_openpyxl_read_only(benchmark: Any, national_workbook: Path) -> None:
    from openpyxl import load_workbook

    def cells() -> int:
        book = load_workbook(national_workbook, read_only=True, data_only=True)
        try:
            return sum(1 for sheet in book.worksheets for _ in sheet.iter_rows(values_only=True))
        finally:
            book.close()

    benchmark.pedantic(cells, rounds=1, iterations=1)
    record(benchmark, "sheetsnat", "cells only: openpyxl read-only", NATIONAL_UNITS_2019)
