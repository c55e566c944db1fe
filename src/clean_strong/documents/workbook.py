"""Reading a workbook (``.xlsx``) or CSV tables into documents, every bad cell named.

A workbook holds the units' sheet (one row per commune), the officials' sheet (one row per
official, with the unit's code), optionally province reports, and the template's instructions
and lists (ignored). A CSV file is one of those tables, recognised by its headers. Row 1 holds
the headers; row 2 may be the template's hint row (recognised when every cell is its column's
hint); data follow. Blank rows are skipped.

Nothing is guessed: an unknown sheet or column, a cell outside the columns, a unit code in the
officials' sheet with no row in the units' sheet, a repeated unit code or official id — each is
a problem naming its cell, ``Sheet!C12 (header)``. A unit whose cells (its row and its
officials' rows) are all good becomes a document validated by the model; one with any bad cell
is reported with every bad cell, and the other units are still read.

python-calamine reads the cells (Rust; 5-10× faster than openpyxl's read-only mode on a
national workbook, see the README); the archive's unpacked size is checked first.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import InputError
from ..models import Commune, ProvinceReport
from ..words import Lang, default_lang, say
from ..words.format import number
from ..words.system import os_reason_in
from .cells import Raw, Value, blank, read_cell
from .columns import OFFICIALS_LISTED, Column, Table, TableName, fold, tables
from .parse import Document, input_error

WORKBOOK_SUFFIXES = (".xlsx",)
TABLE_SUFFIXES = (".xlsx", ".csv")
MAX_UNPACKED = 1 << 30  # 1 GiB: a national workbook unpacks to ~150 MB
_TEMPLATE_ONLY = ("instructions", "lists")


@dataclass(frozen=True)
class Problem:
    """One bad cell (or row, or header): where, as a person finds it, and what is wrong."""

    order: tuple[int, int, int]  # sheet, row, column: the order problems are listed in
    where: str  # "Đơn vị!C12 (Loại đơn vị)"
    message: str


@dataclass
class Row:
    number: int  # the sheet's row number, 1-based
    values: dict[str, Value]
    problems: list[Problem]


@dataclass
class Sheet:
    """One table as read: which columns are where, and its data rows."""

    table: Table
    prefix: str  # "Đơn vị!" (a workbook's sheet) or "" (the CSV file itself)
    order: int
    columns: dict[int, Column] = field(default_factory=dict)
    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    memo: dict[tuple[int, type, Raw], tuple[Value, str | None]] = field(default_factory=dict)

    def cell(self, row: int, col: int | None, header: str | None = None) -> str:
        if col is None:
            return f"{self.prefix}{row}" + (f" ({header})" if header else "")
        return f"{self.prefix}{column_letter(col)}{row} ({header or ''})".replace(" ()", "")

    def problem(self, row: int, col: int | None, header: str | None, message: str) -> Problem:
        return Problem((self.order, row, -1 if col is None else col),
                       self.cell(row, col, header), message)

    def index(self, path: str) -> int | None:
        for col, column in self.columns.items():
            if column.path == path:
                return col
        return None

    def at(self, row: int, path: str, lang: Lang, message: str) -> Problem:
        """A problem in the cell of column ``path`` (the row, when the sheet lacks it)."""
        col = self.index(path)
        header = self.columns[col].header(lang) if col is not None else (path or None)
        return self.problem(row, col, header, message)


@dataclass
class Unit:
    """One document to be: its source, and either the document or its problems."""

    source: str
    document: Document | None
    problems: list[Problem]
    rows: list[int] = field(default_factory=list)  # further officials' rows of an orphan code


@dataclass
class Workbook:
    path: str
    units: list[Unit]  # communes, then province reports, then orphan officials' rows
    problems: list[Problem]  # of the workbook as a whole (sheets, headers): nothing is read

    def all_problems(self) -> list[Problem]:
        found = list(self.problems)
        for unit in self.units:
            found.extend(unit.problems)
        return sorted(found, key=lambda p: p.order)

    def error(self, lang: Lang) -> InputError | None:
        """Every problem as one error: the first, and the others in ``.more``."""
        problems = self.all_problems()
        if not problems and not any(u.document for u in self.units):
            units = say("sheets.sheet.units", lang)
            problems = [Problem((0, 0, 0), "", say("sheets.error.no_documents", lang,
                                                   units=units))]
        if not problems:
            return None
        error = InputError(self.path, problems[0].where, problems[0].message)
        error.more = [(p.where, p.message) for p in problems[1:]]
        return error


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# -- reading ---------------------------------------------------------------------------------


def read_workbook(paths: Path | Sequence[Path], lang: Lang | None = None) -> Workbook:
    """A workbook, a CSV table, or several CSV tables of one workbook, read into documents."""
    lang = lang or default_lang()
    files = [paths] if isinstance(paths, Path) else list(paths)
    first = files[0]
    sheets: list[Sheet] = []
    problems: list[Problem] = []
    if first.suffix.lower() in WORKBOOK_SUFFIXES:
        for number, (title, grid) in enumerate(_xlsx_sheets(first, lang)):
            table = _table_named(title)
            if table is None:
                if _has_data(grid) and fold(title) not in _template_titles():
                    known = ", ".join(f"«{say(f'sheets.sheet.{n}', lang)}»" for n in (
                        "units", "officials", "reports", "instructions", "lists"))
                    problems.append(Problem((number, 0, 0), f"{title}!A1", say(
                        "sheets.error.unknown_sheet", lang, name=f"«{title}»", known=known)))
                continue
            sheets.append(_sheet(table, f"{title}!", number, grid, lang))
    else:
        for number, file in enumerate(files):
            grid = _csv_rows(file, lang)
            table = _recognise(grid)
            prefix = "" if number == 0 else f"{file.name}!"
            if table is None:
                problems.append(Problem((number, 1, 0), f"{prefix}1", say(
                    "sheets.error.unknown_table", lang, **_titles(lang))))
                continue
            sheets.append(_sheet(table, prefix, number, grid, lang))
    seen: dict[TableName, Sheet] = {}
    for sheet in sheets:
        if sheet.table.name in seen:
            problems.append(sheet.problem(1, None, None, say(
                "sheets.error.duplicate_sheet", lang, name=sheet.prefix.rstrip("!"),
                first=seen[sheet.table.name].prefix.rstrip("!") or str(first))))
        seen.setdefault(sheet.table.name, sheet)
        problems.extend(sheet.problems)
    if "officials" in seen and "units" not in seen and first.suffix.lower() == ".csv":
        problems.append(Problem((0, 0, 0), "", say("sheets.error.officials_alone", lang,
                                                   file=first)))
    if problems:
        return Workbook(str(first), [], sorted(problems, key=lambda p: p.order))
    return Workbook(str(first), _assemble(str(first), seen, lang), [])


def workbook_documents(path: Path, lang: Lang | None = None) -> list[tuple[str, Document]]:
    """Every document of a workbook; any bad cell is an :class:`InputError` listing them all."""
    lang = lang or default_lang()
    book = read_workbook(path, lang)
    error = book.error(lang)
    if error is not None:
        raise error
    return [(u.source, u.document) for u in book.units if u.document is not None]


def _titles(lang: Lang) -> dict[str, str]:
    return {name: table.title(lang) for name, table in tables().items()}


def _table_named(title: str) -> Table | None:
    key = fold(title)
    for table in tables().values():
        if key in (fold(table.title("vi")), fold(table.title("en"))):
            return table
    return None


def _template_titles() -> set[str]:
    return {fold(say(f"sheets.sheet.{name}", lang))
            for name in _TEMPLATE_ONLY for lang in ("vi", "en")}


def _has_data(grid: list[list[Raw]]) -> bool:
    return any(not blank(cell) for row in grid for cell in row)


def _xlsx_sheets(path: Path, lang: Lang) -> Iterator[tuple[str, list[list[Raw]]]]:
    from python_calamine import CalamineWorkbook

    try:
        with zipfile.ZipFile(path) as archive:
            size = sum(info.file_size for info in archive.infolist())
    except OSError as error:
        reason = os_reason_in(error, lang)
        raise InputError(str(path), "", say("errors.cannot_read", lang, reason=reason)) from None
    except zipfile.BadZipFile:
        raise InputError(str(path), "", say("sheets.error.not_workbook", lang)) from None
    if size > MAX_UNPACKED:
        raise InputError(str(path), "", say("sheets.error.too_large", lang, size=number(
            size, lang), limit=number(MAX_UNPACKED, lang)))
    try:
        book = CalamineWorkbook.from_path(str(path))
        for name in book.sheet_names:
            rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            yield name, rows  # type: ignore[misc]
    except Exception:  # calamine raises its own error types for a damaged archive
        raise InputError(str(path), "", say("sheets.error.damaged_workbook", lang)) from None


def _csv_rows(path: Path, lang: Lang) -> list[list[Raw]]:
    try:
        size = path.stat().st_size
        if size > MAX_UNPACKED:
            raise InputError(str(path), "", say("sheets.error.too_large", lang,
                                                size=number(size, lang),
                                                limit=number(MAX_UNPACKED, lang)))
        data = path.read_bytes()
    except OSError as error:
        reason = os_reason_in(error, lang)
        raise InputError(str(path), "", say("errors.cannot_read", lang, reason=reason)) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError(str(path), "", say("sheets.error.not_utf8", lang,
                                            byte=f"{data[error.start]:02x}", line=line)) from None
    header = text.split("\n", 1)[0]
    try:
        delimiter = max(",;\t", key=lambda d: (_known_headers(header, d), d == ","))
        return [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error:  # a bare carriage return inside an unquoted cell
        raise InputError(str(path), "", say("sheets.error.bad_csv", lang)) from None


def _known_headers(header: str, delimiter: str) -> int:
    cells = next(csv.reader([header], delimiter=delimiter), [])
    return max(sum(fold(c) in t.by_header() for c in cells) for t in tables().values())


def _recognise(grid: list[list[Raw]]) -> Table | None:
    """The table whose headers row 1 holds the most of (officials before units on a tie:
    their unit-code column is the same)."""
    if not grid:
        return None
    header = [fold(str(c)) for c in grid[0] if not blank(c)]
    order: tuple[TableName, ...] = ("officials", "units", "reports")
    scores = {name: sum(h in tables()[name].by_header() for h in header) for name in order}
    best = max(order, key=lambda n: scores[n])
    return tables()[best] if scores[best] else None


def _sheet(table: Table, prefix: str, order: int, grid: list[list[Raw]], lang: Lang) -> Sheet:
    sheet = Sheet(table, prefix, order)
    if not grid or all(blank(c) for c in grid[0]):
        if _has_data(grid):
            sheet.problems.append(sheet.problem(1, None, None, say("sheets.error.no_header", lang)))
        return sheet
    lookup = table.by_header()
    first_at: dict[str, int] = {}
    for col, cell in enumerate(grid[0]):
        if blank(cell):
            continue
        column = lookup.get(fold(str(cell)))
        if column is None:
            sheet.problems.append(sheet.problem(1, col, None, say(
                "sheets.error.unknown_column", lang, header=f"«{str(cell).strip()}»",
                instructions=say("sheets.sheet.instructions", lang))))
        elif column.path in first_at:
            sheet.problems.append(sheet.problem(1, col, None, say(
                "sheets.error.duplicate_column", lang, header=f"«{str(cell).strip()}»",
                first=sheet.cell(1, first_at[column.path]))))
        else:
            first_at[column.path] = col
            sheet.columns[col] = column
    for column in table.columns:
        if column.required and column.path not in first_at:
            sheet.problems.append(sheet.problem(1, None, None, say(
                "sheets.error.missing_column", lang, header=f"«{column.header(lang)}»")))
    start = 2 if len(grid) > 1 and _hint_row(sheet, grid[1]) else 1
    for index in range(start, len(grid)):
        row = grid[index]
        if all(blank(c) for c in row):
            continue
        sheet.rows.append(_row(sheet, index + 1, row, lang))
    return sheet


def _hint_row(sheet: Sheet, row: Sequence[Raw]) -> bool:
    """The template's second row: every cell blank or its column's hint (in either language)."""
    filled = False
    for col, cell in enumerate(row):
        if blank(cell):
            continue
        column = sheet.columns.get(col)
        if column is None or fold(str(cell)) not in (fold(column.hint("vi")),
                                                      fold(column.hint("en"))):
            return False
        filled = True
    return filled


def _row(sheet: Sheet, number: int, cells: Sequence[Raw], lang: Lang) -> Row:
    row = Row(number, {}, [])
    memo = sheet.memo
    for col, raw in enumerate(cells):
        column = sheet.columns.get(col)
        if column is None:
            if not blank(raw):
                row.problems.append(sheet.problem(number, col, None, say(
                    "sheets.error.no_column", lang)))
            continue
        # a cell is read once per distinct content and column: lists repeat their labels
        key = (col, raw.__class__, raw)
        found = memo.get(key)
        if found is None:
            found = memo[key] = read_cell(column, raw, lang)
        value, problem = found
        if problem is not None:
            row.problems.append(sheet.problem(number, col, column.header(lang), problem))
        row.values[column.path] = value
    for col, column in sheet.columns.items():
        if col >= len(cells) and column.required:  # a short CSV row
            row.problems.append(sheet.problem(number, col, column.header(lang),
                                              say("sheets.error.blank_required", lang)))
    return row


# -- rows to documents ---------------------------------------------------------------------


def _assemble(path: str, sheets: dict[TableName, Sheet], lang: Lang) -> list[Unit]:
    units_sheet, officials_sheet = sheets.get("units"), sheets.get("officials")
    communes: list[_Commune] = []
    by_code: dict[str, _Commune] = {}
    if units_sheet is not None:
        rows_of: dict[str, list[int]] = {}
        for row in units_sheet.rows:
            entry = _Commune(row, [], Unit(_source(path, units_sheet, row), None,
                                           list(row.problems)))
            communes.append(entry)
            code = row.values.get("unit_code")
            if isinstance(code, str):
                by_code.setdefault(code, entry)
                rows_of.setdefault(code, []).append(row.number)
        for entry in communes:  # a repeated code: which unit an official belongs to is unknown
            code = entry.row.values.get("unit_code")
            if isinstance(code, str) and len(rows_of[code]) > 1:
                others = ", ".join(str(n) for n in rows_of[code] if n != entry.row.number)
                entry.unit.problems.append(units_sheet.at(entry.row.number, "unit_code", lang,
                    say("sheets.error.duplicate_unit", lang, code=code, row=others)))
                entry.ambiguous = True
    orphans: dict[object, Unit] = {}  # by unit code: one problem per code, its rows counted
    if officials_sheet is not None:
        seen_ids: dict[tuple[str, str], int] = {}
        units_title = say("sheets.sheet.units", lang)
        for row in officials_sheet.rows:
            code = row.values.get("unit_code")
            owner = by_code.get(code) if isinstance(code, str) else None
            if owner is None:
                group = code if isinstance(code, str) else ("row", row.number)
                orphan = orphans.get(group)
                if orphan is None:
                    orphan = orphans[group] = Unit(_source(path, officials_sheet, row), None, [])
                    if isinstance(code, str):
                        orphan.problems.append(officials_sheet.at(row.number, "unit_code", lang,
                            say("sheets.error.orphan_official", lang, code=code,
                                units=units_title)))
                else:
                    orphan.rows.append(row.number)
                orphan.problems.extend(row.problems)
                continue
            owner.officials.append(row)
            owner.unit.problems.extend(row.problems)
            ident = row.values.get("id")
            if isinstance(ident, str) and not owner.ambiguous:
                pair = (str(code), ident)
                if pair in seen_ids:
                    owner.unit.problems.append(officials_sheet.at(row.number, "id", lang, say(
                        "sheets.error.duplicate_official", lang, id=ident, code=code,
                        row=seen_ids[pair])))
                seen_ids.setdefault(pair, row.number)
    out: list[Unit] = []
    for entry in communes:
        assert units_sheet is not None
        _listed(units_sheet, entry, lang)
        if not entry.unit.problems:
            _validate(entry.unit, Commune, _commune(entry), lang, units_sheet, entry.row,
                      entry.officials, officials_sheet)
        out.append(entry.unit)
    reports = sheets.get("reports")
    for row in reports.rows if reports is not None else []:
        assert reports is not None
        unit = Unit(_source(path, reports, row), None, list(row.problems))
        if not unit.problems:
            data = _nest({"kind": "province_report", **row.values})
            _validate(unit, ProvinceReport, data, lang, reports, row)
        out.append(unit)
    for orphan in orphans.values():
        if orphan.rows and orphan.problems:
            first = orphan.problems[0]
            rows = ", ".join(str(n) for n in orphan.rows)
            more = say("sheets.error.orphan_rows", lang, count=len(orphan.rows), rows=rows)
            orphan.problems[0] = Problem(first.order, first.where, first.message + more)
    return out + list(orphans.values())


@dataclass
class _Commune:
    row: Row
    officials: list[Row]
    unit: Unit
    ambiguous: bool = False  # its unit code is on another row too


def _source(path: str, sheet: Sheet, row: Row) -> str:
    return f"{path}:{sheet.prefix}{row.number}"


def _listed(sheet: Sheet, entry: _Commune, lang: Lang) -> None:
    listed = entry.row.values.get(OFFICIALS_LISTED)
    if isinstance(listed, int) and listed != len(entry.officials):
        entry.unit.problems.append(sheet.at(entry.row.number, OFFICIALS_LISTED, lang, say(
            "sheets.error.listed_mismatch", lang, listed=listed, rows=len(entry.officials),
            officials=say("sheets.sheet.officials", lang))))


def _commune(entry: _Commune) -> dict[str, Any]:
    values = {k: v for k, v in entry.row.values.items() if k != OFFICIALS_LISTED}
    data = _nest({"kind": "commune", **values})
    if entry.officials or entry.row.values.get(OFFICIALS_LISTED) == 0:
        data["officials"] = [{k: v for k, v in r.values.items() if k != "unit_code"}
                             for r in entry.officials]
    return data


def _nest(flat: dict[str, Value]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for path, value in flat.items():
        *parents, leaf = path.split(".")
        target = out
        for part in parents:
            target = target.setdefault(part, {})
        target[leaf] = value
    return out


def _validate(
    unit: Unit, model: type[BaseModel], data: dict[str, Any], lang: Lang, sheet: Sheet,
    row: Row, official_rows: Sequence[Row] = (), officials_sheet: Sheet | None = None,
) -> None:
    """The model decides; its problems (a consistency check …) are mapped back to cells."""
    try:
        unit.document = model.model_validate(data)  # type: ignore[assignment]
    except ValidationError as caught:
        error = input_error(unit.source, caught)
        for path, message in [(error.path, error.message), *getattr(error, "more", [])]:
            target, number, name = sheet, row.number, path
            if path.startswith("officials[") and officials_sheet is not None:
                index, _, rest = path[len("officials["):].partition("]")
                if index.isdigit() and int(index) < len(official_rows):
                    target, number = officials_sheet, official_rows[int(index)].number
                    name = rest.lstrip(".")
            unit.problems.append(target.at(number, name, lang, message))


__all__ = ["MAX_UNPACKED", "TABLE_SUFFIXES", "Problem", "Unit", "Workbook", "column_letter",
           "read_workbook", "workbook_documents"]
