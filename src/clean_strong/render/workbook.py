"""Results as a workbook (and the summary as CSV): what a province office reads back.

Sheets: the summary (one row per input: unit, district, type, verdict, the mandatory criteria
failed with their titles, the inputs missing, then one column per criterion with its status),
the explanations (one row per unit and criterion), the province summary by district and by
unit type, the rule set and its hash, the provisional criteria, and the input errors.

Rendering only: it reads result data (``Result.to_json()`` as parsed JSON, or the lines of a
``batch`` output, error records included) in two passes — the first gathers the criteria and
the tallies, the second writes rows — so a national run (10,614 results) is streamed through
openpyxl's write-only mode in bounded memory.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.formatting.formatting import ConditionalFormattingList
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ..documents.columns import tables
from ..documents.convert import atomic
from ..documents.template import abandon, literal
from ..result import Result
from ..words import Lang, say
from ..words.format import label

# openpyxl's stubs declare neither the write-only sheet's attributes (column_dimensions,
# data_validations, conditional_formatting) nor WriteOnlyCell as a class
Sheet = Any
Cell = Any

Record = dict[str, Any]  # a result's JSON data, or an error record {"source", "error"}
Records = Callable[[], Iterable[Record]]  # called once per pass
STATUSES = ("pass", "fail", "unknown")
VERDICTS = ("recognised", "not_recognised", "undetermined")
_HEAD = Font(bold=True)
_HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
_WRAP = Alignment(wrap_text=True, vertical="top")
_FILLS = {"pass": "C6EFCE", "fail": "FFC7CE", "unknown": "FFEB9C"}


def jsonl_records(path: Path) -> Records:
    """The lines of a ``batch`` output, read again at each pass."""
    def read() -> Iterator[Record]:
        with path.open("rb") as stream:
            for line in stream:
                if line.strip():
                    yield orjson.loads(line)
    return read


def result_records(results: Iterable[Result]) -> Records:
    """:class:`Result` objects as the records this module renders."""
    data = [orjson.loads(r.to_json()) for r in results]
    return lambda: data


@dataclass
class _Tally:
    units: int = 0
    verdicts: Counter[str] = field(default_factory=Counter)

    def add(self, verdict: str) -> None:
        self.units += 1
        self.verdicts[verdict] += 1


@dataclass
class Gathered:
    """What the first pass learns: the criteria (in id order) and every tally."""

    criteria: dict[str, dict[str, str]] = field(default_factory=dict)  # id -> title {vi, en}
    results: int = 0
    errors: int = 0
    by_district: dict[tuple[str, str], _Tally] = field(default_factory=dict)
    by_type: dict[str, _Tally] = field(default_factory=dict)
    total: _Tally = field(default_factory=_Tally)
    rulesets: dict[tuple[str, str, str, str], dict[str, str]] = field(default_factory=dict)
    provisional: dict[str, list[Any]] = field(default_factory=dict)  # id -> [count, {vi, en}]

    def add(self, record: Record) -> None:
        if "error" in record:
            self.errors += 1
            return
        self.results += 1
        unit, verdict = record["unit"], record["verdict"]
        district = (unit.get("province") or "", unit.get("district") or "")
        self.by_district.setdefault(district, _Tally()).add(verdict)
        self.by_type.setdefault(unit.get("unit_type") or "", _Tally()).add(verdict)
        self.total.add(verdict)
        rules = record["ruleset"]
        key = (rules["name"], rules["version"], rules["hash"], rules["assessment_day"])
        self.rulesets.setdefault(key, rules["disclaimer"])
        for criterion in record["criteria"]:
            self.criteria.setdefault(criterion["id"], criterion["title"])
        for item in record["not_applicable"]:
            self.criteria.setdefault(item["id"], item["title"])
        provisional = set(record["provisional"])
        for criterion in record["criteria"]:
            if criterion["id"] in provisional:
                entry = self.provisional.setdefault(
                    criterion["id"], [0, criterion["legal_basis"].get("note") or {}])
                entry[0] += 1

    def ids(self) -> list[str]:
        return sorted(self.criteria)


def gather(records: Records) -> Gathered:
    gathered = Gathered()
    for record in records():
        gathered.add(record)
    return gathered


# -- the summary (the workbook's first sheet, and the CSV) -----------------------------------


def summary_header(gathered: Gathered, lang: Lang) -> list[str]:
    keys = ("source", "unit_code", "unit_name", "district", "unit_type", "year", "verdict",
            "failed_mandatory", "undetermined_inputs")
    return [say(f"sheets.results.{k}", lang) for k in keys] + gathered.ids()


def _message(error: dict[str, Any], lang: Lang) -> str:
    """An error record's message in ``lang`` (records written before ``message_en`` existed
    have the one message)."""
    return str(error.get("message_en") if lang == "en" and error.get("message_en")
               else error["message"])


def summary_row(record: Record, ids: list[str], lang: Lang) -> list[Any]:
    if "error" in record:
        error = record["error"]
        where = f"{error['path']}: " if error.get("path") else ""
        return [record["source"], None, None, None, None, None,
                say("sheets.results.input_error", lang), where + _message(error, lang), None,
                *([None] * len(ids))]
    unit = record["unit"]
    statuses = {c["id"]: say(f"common.status.{c['status']}", lang) for c in record["criteria"]}
    for item in record["not_applicable"]:
        statuses[item["id"]] = say("sheets.results.not_applicable", lang)
    failed = "; ".join(f"{c['id']} {c['title'][lang]}" for c in record["criteria"]
                       if c["mandatory"] and c["status"] == "fail")
    missing = "; ".join(_input_name(path, lang) for path in record["missing_inputs"])
    return [record.get("source"), unit["code"], unit["name"], unit.get("district"),
            label(unit["unit_type"], lang) if unit.get("unit_type") else None, record["year"],
            record["verdict_label"][lang], failed or None, missing or None,
            *(statuses.get(i) for i in ids)]


def _input_name(path: str, lang: Lang) -> str:
    """A document field as its column header reads (the path itself when it has none)."""
    units = tables()["units"].by_path()
    if path in units:
        return units[path].header(lang)
    if path.startswith("officials[") and "]." in path:
        field_name = path.split("].", 1)[1]
        officials = tables()["officials"].by_path()
        if field_name in officials:
            return f"{officials[field_name].header(lang)} ({path.split(']', 1)[0]}])"
    return path


def write_summary_csv(records: Records, out: Path, lang: Lang,
                      gathered: Gathered | None = None) -> Gathered:
    """The summary sheet as CSV: UTF-8 with a byte-order mark (so Excel reads the diacritics)."""
    gathered = gathered or gather(records)
    ids = gathered.ids()

    def write(temp: Path) -> None:
        with temp.open("w", encoding="utf-8-sig", newline="") as stream:
            writer = csv.writer(stream)
            writer.writerow(summary_header(gathered, lang))
            for record in records():
                writer.writerow([_csv(v) for v in summary_row(record, ids, lang)])

    atomic(out, write, lang)
    return gathered


def _csv(value: object) -> object:
    """A CSV cell: text that a spreadsheet would run as a formula gets a leading apostrophe
    (the usual guard against CSV injection: a unit named "=HYPERLINK(…)")."""
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


# -- the workbook ----------------------------------------------------------------------------


def write_results_workbook(records: Records, out: Path, lang: Lang) -> Gathered:
    """Every sheet of the results workbook, written whole or not at all."""
    gathered = gather(records)
    atomic(out, lambda temp: _save(records, gathered, lang, temp), lang)
    return gathered


def _save(records: Records, gathered: Gathered, lang: Lang, path: Path) -> None:
    book = Workbook(write_only=True)
    try:
        _workbook(book, records, gathered, lang)
        book.save(path)
    except BaseException:
        abandon(book)
        raise


def _workbook(book: Workbook, records: Records, gathered: Gathered, lang: Lang) -> None:
    ids = gathered.ids()
    summary = _sheet(book, say("sheets.results.sheet.summary", lang),
                     [22, 10, 20, 24, 10, 6, 16, 40, 30] + [12] * len(ids))
    summary.freeze_panes = "D3"
    summary.append(_heads(summary, summary_header(gathered, lang)))
    summary.append([None] * 9 + [_wrapped(summary, gathered.criteria[i][lang]) for i in ids])
    _colour_statuses(summary, 10, len(ids), lang)
    explain = _sheet(book, say("sheets.results.sheet.explanations", lang),
                     [10, 20, 9, 36, 9, 14, 80])
    explain.freeze_panes = "A2"
    explain.append(_heads(explain, [say(f"sheets.results.{k}", lang) for k in (
        "unit_code", "unit_name", "criterion", "title", "mandatory", "status", "explanation")]))
    errors: list[list[Any]] = []
    for record in records():
        summary.append(_text(summary, summary_row(record, ids, lang)))
        if "error" in record:
            e = record["error"]
            errors.append([record["source"], e.get("path") or None, _message(e, lang)])
            continue
        unit = record["unit"]
        for c in record["criteria"]:
            explain.append(_text(explain, [
                unit["code"], unit["name"], c["id"], c["title"][lang],
                say("common.yes" if c["mandatory"] else "common.no", lang),
                say(f"common.status.{c['status']}", lang), c["explanation"][lang]]))
        for item in record["not_applicable"]:
            explain.append(_text(explain, [
                unit["code"], unit["name"], item["id"], item["title"][lang], None,
                say("sheets.results.not_applicable", lang), item["reason"][lang]]))
    _tallies(book, gathered, lang)
    _rulesets(book, gathered, lang)
    _provisional(book, gathered, lang)
    sheet = _sheet(book, say("sheets.results.sheet.errors", lang), [30, 36, 100])
    sheet.append(_heads(sheet, [say(f"sheets.results.{k}", lang)
                                for k in ("source", "error_path", "error_message")]))
    for row in errors:  # three short texts each: kept for their sheet, written last
        sheet.append(_text(sheet, row))


def _tallies(book: Workbook, gathered: Gathered, lang: Lang) -> None:
    counts = ("units", "recognised", "not_recognised", "undetermined", "rate")
    heads = [say(f"sheets.results.{k}", lang) for k in counts]
    sheet = _sheet(book, say("sheets.results.sheet.by_district", lang),
                   [20, 28, 10, 10, 12, 14, 14])
    sheet.freeze_panes = "A2"
    sheet.append(_heads(sheet, [say("sheets.results.province", lang),
                                say("sheets.results.district", lang), *heads]))
    for (province, district), tally in sorted(gathered.by_district.items()):
        sheet.append(_text(sheet, [province, district, *_counts(sheet, tally)]))
    sheet.append([_bold(sheet, say("sheets.results.total", lang)), None,
                  *_counts(sheet, gathered.total)])
    sheet.append([say("sheets.results.errors", lang), None, gathered.errors])
    sheet = _sheet(book, say("sheets.results.sheet.by_type", lang), [16, 10, 10, 12, 14, 14])
    sheet.freeze_panes = "A2"
    sheet.append(_heads(sheet, [say("sheets.results.unit_type", lang), *heads]))
    for unit_type, tally in sorted(gathered.by_type.items()):
        sheet.append([label(unit_type, lang), *_counts(sheet, tally)])
    sheet.append([_bold(sheet, say("sheets.results.total", lang)), *_counts(sheet, gathered.total)])


def _counts(sheet: Sheet, tally: _Tally) -> list[Any]:
    rate = WriteOnlyCell(sheet, tally.verdicts["recognised"] / tally.units if tally.units else None)
    rate.number_format = "0.0%"
    return [tally.units, *(tally.verdicts[v] for v in VERDICTS), rate]


def _rulesets(book: Workbook, gathered: Gathered, lang: Lang) -> None:
    sheet = _sheet(book, say("sheets.results.sheet.ruleset", lang), [16, 10, 76, 14, 100])
    sheet.append(_heads(sheet, [say(f"sheets.results.{k}", lang) for k in (
        "ruleset_name", "ruleset_version", "ruleset_hash", "assessment_day", "disclaimer")]))
    for (name, version, digest, day), disclaimer in sorted(gathered.rulesets.items()):
        sheet.append([name, version, digest, day, disclaimer[lang]])


def _provisional(book: Workbook, gathered: Gathered, lang: Lang) -> None:
    sheet = _sheet(book, say("sheets.results.sheet.provisional", lang), [10, 40, 14, 100])
    sheet.append(_heads(sheet, [say(f"sheets.results.{k}", lang) for k in (
        "criterion", "title", "provisional_units", "provisional_note")]))
    for ident, (count, note) in sorted(gathered.provisional.items()):
        sheet.append([ident, gathered.criteria[ident][lang], count, note.get(lang) or None])


def _text(sheet: Sheet, row: list[Any]) -> list[Any]:
    """Text shown as text: never a formula or an error value, control characters (which a
    workbook cannot hold) shown as U+FFFD."""
    for index, value in enumerate(row):
        if isinstance(value, str) and ILLEGAL_CHARACTERS_RE.search(value):
            row[index] = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
    return literal(sheet, row)


def _sheet(book: Workbook, title: str, widths: list[int]) -> Sheet:
    sheet: Sheet = book.create_sheet(title)
    for index, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    return sheet


def _heads(sheet: Sheet, texts: list[str]) -> list[Cell]:
    cells = []
    for text in texts:
        cell = _wrapped(sheet, text)
        cell.font, cell.fill = _HEAD, _HEAD_FILL
        cells.append(cell)
    return cells


def _wrapped(sheet: Sheet, text: str) -> Cell:
    cell = WriteOnlyCell(sheet, text)
    cell.alignment = _WRAP
    return cell


def _bold(sheet: Sheet, text: str) -> Cell:
    cell = WriteOnlyCell(sheet, text)
    cell.font = _HEAD
    return cell


def _colour_statuses(sheet: Sheet, first: int, count: int, lang: Lang) -> None:
    """Status cells coloured by a rule on the range (one rule per status, not per cell)."""
    if not count:
        return
    area = f"{get_column_letter(first)}3:{get_column_letter(first + count - 1)}1048576"
    formatting = ConditionalFormattingList()
    for status, colour in _FILLS.items():
        text = say(f"common.status.{status}", lang).replace('"', '""')
        fill = PatternFill("solid", fgColor=colour, bgColor=colour)
        rule = CellIsRule(operator="equal", formula=[f'"{text}"'], fill=fill)  # type: ignore[no-untyped-call]
        formatting.add(area, rule)
    sheet.conditional_formatting = formatting


__all__ = ["Gathered", "Records", "gather", "jsonl_records", "result_records",
           "summary_header", "summary_row", "write_results_workbook", "write_summary_csv"]
