"""Writing input workbooks: the blank template to fill, or documents as a filled workbook.

It lives beside the reader because both follow the one table of :mod:`.columns`: what the
template's hint row shows and its data validation enforces is what the reader checks. Sheets:
the units (one row per commune), the officials (one row per official, with the unit's code),
province reports when there are any, the instructions, and the lists the dropdowns take their
labels from. Headers and the hint row are frozen; columns are sized to their content.

openpyxl's write-only mode streams rows to disk, so a national workbook (10,614 units,
~250,000 officials) is written in bounded memory.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ..errors import InputError
from ..models import Commune, ProvinceReport
from ..models.vocab import Vocabulary
from ..words import Lang, say
from .cells import write_cell
from .columns import OFFICIALS_LISTED, Column, Table, tables, vocab_label
from .parse import Document

# openpyxl's stubs declare neither the write-only sheet's attributes (column_dimensions,
# data_validations, conditional_formatting) nor WriteOnlyCell as a class
Sheet = Any
Cell = Any

OFFICIAL_ROWS_PER_UNIT = 40  # rows per unit in a blank template (caps ≤ 23, and part-timers)
LAST_ROW = 1_048_576  # validation covers the whole column below the headers
_THIN = Side(style="thin", color="A6A6A6")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD_FONT = Font(bold=True)
_HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
_HINT_FONT = Font(italic=True, color="595959", size=9)
_HINT_FILL = PatternFill("solid", fgColor="F2F2F2")
_WRAP = Alignment(wrap_text=True, vertical="top")


@dataclass
class Written:
    units: int = 0
    officials: int = 0
    reports: int = 0


def write_template(out: Path, lang: Lang, units: int = 1) -> Written:
    """A blank workbook to fill: ``units`` rows prepared in the units' sheet, and
    :data:`OFFICIAL_ROWS_PER_UNIT` per unit in the officials' sheet."""
    return _write(out, [], lang, prepared=max(units, 1))


def write_documents(out: Path, documents: Iterable[Document], lang: Lang) -> Written:
    """Documents as a filled workbook, read back to the same documents (same input hash)."""
    return _write(out, documents, lang, prepared=0)


def _write(out: Path, documents: Iterable[Document], lang: Lang, prepared: int) -> Written:
    from .convert import atomic

    written: list[Written] = []
    atomic(out, lambda temp: written.append(_fill(temp, out.name, documents, lang, prepared)),
           lang)
    return written[0]


def _fill(
    path: Path, name: str, documents: Iterable[Document], lang: Lang, prepared: int
) -> Written:
    book = Workbook(write_only=True)
    try:
        return _rows(book, path, name, documents, lang, prepared)
    except BaseException:
        abandon(book)
        raise


def abandon(book: Workbook) -> None:
    """Close a write-only workbook given up half-way (its sheets stream to temporary files)."""
    for sheet in book.worksheets:
        rows = getattr(sheet, "_rows", None)
        if rows is not None:
            with contextlib.suppress(Exception):
                rows.close()
        writer = getattr(sheet, "_writer", None)
        if writer is not None:
            with contextlib.suppress(Exception):
                writer.close()
            with contextlib.suppress(Exception):
                writer.cleanup()  # its temporary file


def _rows(
    book: Workbook, path: Path, name: str, documents: Iterable[Document], lang: Lang,
    prepared: int,
) -> Written:
    specs = tables()
    lists = _Lists(lang)
    units = _data_sheet(book, specs["units"], lang, lists)
    officials = _data_sheet(book, specs["officials"], lang, lists)
    written = Written()
    reports: list[ProvinceReport] = []
    for document in documents:
        if isinstance(document, ProvinceReport):
            reports.append(document)  # few: kept for their own sheet, written after
            continue
        row = _checked(_unit_row(units, specs["units"], document, lang), specs["units"],
                       document.unit_code, lang)
        units.append(literal(units, row))
        written.units += 1
        for index, official in enumerate(document.officials or ()):
            data = official.model_dump(mode="json")
            data["unit_code"] = document.unit_code
            row = _checked(_cells(specs["officials"], data, lang), specs["officials"],
                           f"{document.unit_code}: officials[{index}]", lang)
            officials.append(literal(officials, row))
            written.officials += 1
    for _ in range(prepared):
        units.append(_empty(units, specs["units"]))
    for _ in range(prepared * OFFICIAL_ROWS_PER_UNIT):
        officials.append(_empty(officials, specs["officials"]))
    if reports:
        sheet = _data_sheet(book, specs["reports"], lang, lists)
        for report in reports:
            row = _checked(_cells(specs["reports"], report.model_dump(mode="json"), lang),
                           specs["reports"], report.province, lang)
            sheet.append(literal(sheet, row))
            written.reports += 1
    _instructions(book, lang, name)
    lists.write(book)
    book.save(path)
    return written


def _data_sheet(book: Workbook, table: Table, lang: Lang, lists: _Lists) -> Sheet:
    sheet: Sheet = book.create_sheet(table.title(lang))
    for index, column in enumerate(table.columns, 1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width(lang)
        _validate(sheet, get_column_letter(index), column, lang, lists)
    sheet.freeze_panes = "C3"
    sheet.row_dimensions[1].height = 48  # three lines of a wrapped header
    sheet.row_dimensions[2].height = 26
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = 9  # A4
    sheet.print_title_rows = "1:2"
    sheet.page_setup.scale = 70  # about eight columns a printed page
    sheet.append([_styled(sheet, c.header(lang), _HEAD_FONT, _HEAD_FILL) for c in table.columns])
    sheet.append([_styled(sheet, c.hint(lang), _HINT_FONT, _HINT_FILL) for c in table.columns])
    return sheet


def _styled(sheet: Sheet, value: str, font: Font, fill: PatternFill) -> Cell:
    cell = WriteOnlyCell(sheet, value)
    cell.font, cell.fill, cell.alignment, cell.border = font, fill, _WRAP, _BORDER
    return cell


def _validate(sheet: Sheet, letter: str, column: Column, lang: Lang,
              lists: _Lists) -> None:
    """The column's domain, enforced where a spreadsheet can (and shown when a cell is
    selected): whole or decimal numbers in range, a list, a code's length."""
    header, hint = column.header(lang), column.hint(lang)
    options: dict[str, Any] = {}
    if column.kind in ("int", "float") and column.minimum is not None:
        options = {"type": "whole" if column.kind == "int" else "decimal",
                   "operator": "between", "formula1": _number(column.minimum),
                   "formula2": _number(column.maximum)}
    elif column.kind == "bool":
        options = {"type": "list", "formula1": lists.yes_no()}
    elif column.kind == "vocab" and column.vocabulary is not None:
        options = {"type": "list", "formula1": lists.range(column.vocabulary)}
    elif column.digits:
        options = {"type": "textLength", "operator": "equal", "formula1": str(column.digits)}
    if not options:
        return
    rule = DataValidation(allow_blank=True, showErrorMessage=True, showInputMessage=True,
                          errorTitle=header[:32], error=hint, promptTitle=header[:32],
                          prompt=hint, **options)
    rule.add(f"{letter}3:{letter}{LAST_ROW}")
    sheet.data_validations.append(rule)


def _number(value: float | None) -> str:
    assert value is not None
    return str(int(value)) if float(value).is_integer() else repr(value)


def _unit_row(sheet: Sheet, table: Table, document: Commune,
              lang: Lang) -> list[Any]:
    data = document.model_dump(mode="json", exclude={"officials"})
    data[OFFICIALS_LISTED] = 0 if document.officials == [] else None
    return _cells(table, data, lang)


def _cells(table: Table, data: dict[str, Any], lang: Lang) -> list[Any]:
    row: list[Any] = []
    for column in table.columns:
        value: Any = data
        for part in column.path.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        row.append(write_cell(column, value, lang))
    return row


def literal(sheet: Sheet, row: list[Any]) -> list[Any]:
    """Text exactly as given: openpyxl would make ``=…`` a formula and ``#N/A`` an error
    value (a commune named "=1+1" would be computed, and read back blank)."""
    for index, value in enumerate(row):
        if isinstance(value, str) and (value.startswith("=") or value in ERROR_CODES):
            cell = WriteOnlyCell(sheet, value)
            cell.data_type = "s"
            row[index] = cell
    return row


def _checked(row: list[Any], table: Table, where: str, lang: Lang) -> list[Any]:
    """Control characters cannot be stored in a workbook: the document is refused, not altered."""
    for value, column in zip(row, table.columns, strict=True):
        if isinstance(value, str) and ILLEGAL_CHARACTERS_RE.search(value):
            raise InputError(where, column.path, say("sheets.error.control_character", lang))
    return row


def _empty(sheet: Sheet, table: Table) -> list[Cell]:
    row = []
    for column in table.columns:
        cell = WriteOnlyCell(sheet, None)
        cell.border = _BORDER
        if column.kind == "text":
            cell.number_format = "@"  # typed codes keep their leading zeros
        row.append(cell)
    return row


class _Lists:
    """The lists sheet: each vocabulary's labels (the dropdowns' source) and codes."""

    def __init__(self, lang: Lang) -> None:
        self.lang = lang
        self.blocks: list[tuple[str, list[tuple[str, str]]]] = []
        self.at: dict[str, int] = {}

    def _add(self, name: str, title: str, rows: list[tuple[str, str]]) -> int:
        if name not in self.at:
            self.at[name] = len(self.blocks) * 2 + 1  # label column, 1-based
            self.blocks.append((title, rows))
        return self.at[name]

    def range(self, vocabulary: type[Vocabulary]) -> str:
        name = vocabulary.__name__
        rows = [(vocab_label(w, self.lang), w.value) for w in vocabulary]
        col = get_column_letter(self._add(name, say(f"sheets.vocabulary.{name}", self.lang), rows))
        return f"'{say('sheets.sheet.lists', self.lang)}'!${col}$2:${col}${len(rows) + 1}"

    def yes_no(self) -> str:
        rows = [(say("sheets.cell.yes", self.lang), "true"),
                (say("sheets.cell.no", self.lang), "false")]
        col = get_column_letter(self._add("YesNo", say("sheets.vocabulary.YesNo", self.lang),
                                          rows))
        return f"'{say('sheets.sheet.lists', self.lang)}'!${col}$2:${col}$3"

    def write(self, book: Workbook) -> None:
        sheet: Sheet = book.create_sheet(say("sheets.sheet.lists", self.lang))
        for index, (_, rows) in enumerate(self.blocks):
            width = max(len(label) for label, _ in rows) + 2
            sheet.column_dimensions[get_column_letter(index * 2 + 1)].width = width
            sheet.column_dimensions[get_column_letter(index * 2 + 2)].width = max(
                len(code) for _, code in rows) + 2
        sheet.freeze_panes = "A2"
        head: list[Any] = []
        for title, _ in self.blocks:
            head += [_styled(sheet, title, _HEAD_FONT, _HEAD_FILL),
                     _styled(sheet, say("sheets.lists.code", self.lang), _HEAD_FONT, _HEAD_FILL)]
        sheet.append(head)
        for number in range(max(len(rows) for _, rows in self.blocks)):
            line: list[Any] = []
            for _, rows in self.blocks:
                line += list(rows[number]) if number < len(rows) else [None, None]
            sheet.append(line)


def _instructions(book: Workbook, lang: Lang, out_name: str) -> None:
    sheet: Sheet = book.create_sheet(say("sheets.sheet.instructions", lang))
    for letter, width in zip("ABCDE", (14, 8, 44, 40, 40), strict=True):
        sheet.column_dimensions[letter].width = width
    specs = tables()
    title = WriteOnlyCell(sheet, say("sheets.instructions.title", lang))
    title.font = Font(bold=True, size=14)
    sheet.append([title])
    text = say("sheets.instructions.lines", lang, units=specs["units"].title(lang),
               officials=specs["officials"].title(lang), lists=say("sheets.sheet.lists", lang),
               listed=specs["units"].column(OFFICIALS_LISTED).header(lang), file=out_name)
    for line in text.splitlines():
        sheet.append([line])
    sheet.append([])
    heading = WriteOnlyCell(sheet, say("sheets.instructions.columns", lang))
    heading.font = Font(bold=True, size=12)
    sheet.append([heading])
    sheet.append([_styled(sheet, say(f"sheets.instructions.head_{key}", lang), _HEAD_FONT,
                          _HEAD_FILL) for key in ("sheet", "column", "header", "field", "takes")])
    for table in specs.values():
        for index, column in enumerate(table.columns, 1):
            sheet.append([table.title(lang), get_column_letter(index), column.header(lang),
                          column.path, column.hint(lang)])


__all__ = ["OFFICIAL_ROWS_PER_UNIT", "Written", "abandon", "literal", "write_documents",
           "write_template"]
