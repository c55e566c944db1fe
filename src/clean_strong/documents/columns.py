"""The one table of spreadsheet columns ⇄ model field paths, used by the template writer and
the reader alike, so the two cannot drift.

Each sheet lists its columns by field path, in the order a person fills them; everything else
about a column — its kind, whether it is required, its range, pattern and vocabulary — is read
from the model's JSON Schema, so a bound changed in the model changes the template's
validation and the reader's check at once. Headers are catalogue entries
(``sheets.units.one_stop.procedures_total``), Vietnamese and English; the reader also accepts
the field path itself as a header.

Two columns are not fields of a model: ``officials_listed`` (units' sheet: how many rows the
unit has in the officials' sheet; ``0`` is an empty list, blank with no rows is "not
supplied") and ``unit_code`` of the officials' sheet (which unit a row belongs to).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel

from ..models import Commune, Official, ProvinceReport
from ..models.vocab import VOCABULARIES, Vocabulary
from ..words import Lang, say
from ..words.format import number

Kind = Literal["text", "int", "float", "bool", "vocab", "date"]
TableName = Literal["units", "officials", "reports"]
OFFICIALS_LISTED = "officials_listed"
MAX_OFFICIALS = 500  # Commune.officials max_length

UNIT_PATHS = (
    "unit_code", "name", "unit_type", "district", "district_code", "province",
    "assessment_year", "classification", "police_chief_regular", OFFICIALS_LISTED,
    "organisations.party_committee", "organisations.people_committee",
    "organisations.fatherland_front", "organisations.youth_union", "organisations.women_union",
    "organisations.farmers_union", "organisations.veterans_association",
    "political_system.party_committee", "political_system.people_council",
    "political_system.people_committee", "political_system.fatherland_front",
    "political_system.youth_union", "political_system.women_union",
    "political_system.farmers_union", "political_system.veterans_association",
    "one_stop.operating", "one_stop.procedures_total", "one_stop.procedures_posted",
    "one_stop.dossiers_resolved", "one_stop.dossiers_on_time",
    "one_stop.late_dossiers_apologised",
    "access_to_law.criterion_1", "access_to_law.criterion_2", "access_to_law.criterion_3",
    "access_to_law.criterion_4", "access_to_law.criterion_5",
    "oversight.council_regular_sessions", "oversight.front_supervisions",
    "integrity.corruption_cases", "integrity.prolonged_mass_complaints",
    "social.gender_equality_met",
)
OFFICIAL_PATHS = (
    "unit_code", "id", "role", "post", "general_education", "professional_level",
    "political_theory", "trained_this_year", "rating", "discipline",
)
REPORT_PATHS = (
    "province", "province_code", "year", "source", "units_total", "officials_total",
    "officials_previous_year", "officials_decrease", "cong_chuc_total", "can_bo_total",
    "meeting_standard_total", "cong_chuc_meeting_standard", "can_bo_meeting_standard",
    "meeting_standard_pct", "cong_chuc_meeting_standard_pct", "can_bo_meeting_standard_pct",
    "upper_secondary_pct", "political_theory_intermediate_pct", "trained_pct",
)
# fields of a model that are not columns: the document kind (fixed by the sheet) and the
# officials (their own sheet)
NOT_COLUMNS = {"units": {"kind", "officials"}, "officials": set(), "reports": {"kind"}}


@dataclass(frozen=True)
class Column:
    """One column: the field it fills and what a cell of it may hold."""

    table: TableName
    path: str  # field path in the model ("one_stop.procedures_total")
    kind: Kind
    required: bool
    minimum: float | None = None
    maximum: float | None = None
    pattern: str | None = None
    max_length: int | None = None
    vocabulary: type[Vocabulary] | None = None

    @property
    def digits(self) -> int | None:
        """The length of a code of digits only (unit code: 5), from its pattern."""
        found = re.fullmatch(r"\^\[0-9\]\{(\d+)\}\$", self.pattern or "")
        return int(found.group(1)) if found else None

    def header(self, lang: Lang) -> str:
        return say(f"sheets.{self.table}.{self.path}", lang)

    def hint(self, lang: Lang) -> str:
        """What a cell takes, as the template's second row shows it."""
        parts = [say("sheets.hint.required", lang)] if self.required else []
        parts.append(self.takes(lang))
        return "; ".join(parts)

    def takes(self, lang: Lang) -> str:
        if self.kind in ("int", "float"):
            key = "sheets.hint.whole" if self.kind == "int" else "sheets.hint.number"
            return say(key, lang, minimum=bound(self.minimum, lang),
                       maximum=bound(self.maximum, lang))
        if self.kind == "bool":
            return say("sheets.hint.yes_no", lang)
        if self.kind == "vocab":
            return say("sheets.hint.choose", lang)
        if self.kind == "date":
            return say("sheets.hint.date", lang)
        if self.digits:
            return say("sheets.hint.digits", lang, count=self.digits)
        if self.pattern:
            return say("sheets.hint.id", lang)
        return say("sheets.hint.text", lang, maximum=self.max_length or 200)

    def width(self, lang: Lang) -> float:
        """Characters wide: header and hint wrap on up to three lines; a list's longest label
        and a name fit on one."""
        longest = max((len(self.header(lang)) + 2) // 3, (len(self.hint(lang)) + 1) // 2, 9)
        if self.vocabulary is not None:
            longest = max(longest, *(len(vocab_label(w, lang)) for w in self.vocabulary))
        if self.kind == "text" and not self.pattern:
            longest = max(longest, 22)
        return min(longest + 2, 36)


@dataclass(frozen=True)
class Table:
    """One sheet of the input workbook."""

    name: TableName
    columns: tuple[Column, ...]

    def title(self, lang: Lang) -> str:
        return say(f"sheets.sheet.{self.name}", lang)

    def column(self, path: str) -> Column:
        return self.by_path()[path]

    @cache  # noqa: B019 - three tables, built once
    def by_path(self) -> dict[str, Column]:
        return {c.path: c for c in self.columns}

    @cache  # noqa: B019
    def by_header(self) -> dict[str, Column]:
        """Every accepted header, folded (:func:`fold`): Vietnamese, English, field path."""
        found: dict[str, Column] = {}
        for column in self.columns:
            for text in (column.header("vi"), column.header("en"), column.path):
                found.setdefault(fold(text), column)
        return found


def fold(text: str) -> str:
    """Text compared as a person reads it: NFC, any case, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def vocab_label(word: Vocabulary | str, lang: Lang) -> str:
    from ..words.format import label

    return label(str(word), lang)


def bound(value: float | None, lang: Lang) -> str:
    if value is None:
        return ""
    return str(int(value)) if abs(value) < 10_000 else number(value, lang)  # years ungrouped


# -- built from the models' JSON Schema ------------------------------------------------------


@cache
def tables() -> dict[TableName, Table]:
    """The three sheets' columns, checked against the models (a path not in the model, or a
    field of the model without a column, is a programming error raised here)."""
    return {
        "units": _table("units", Commune, UNIT_PATHS),
        "officials": _table("officials", Official, OFFICIAL_PATHS),
        "reports": _table("reports", ProvinceReport, REPORT_PATHS),
    }


def _table(name: TableName, model: type[BaseModel], paths: tuple[str, ...]) -> Table:
    schema = model.model_json_schema()
    leaves = dict(_leaves(schema, schema, ""))
    columns: list[Column] = []
    for path in paths:
        if path == OFFICIALS_LISTED and name == "units":
            columns.append(Column(name, path, "int", False, 0, MAX_OFFICIALS))
        elif path == "unit_code" and name == "officials":
            commune = Commune.model_json_schema()
            unit = dict(_leaves(commune, commune, ""))["unit_code"]
            columns.append(_column(name, path, unit[0], required=True))
        else:
            spec, required = leaves.pop(path)
            columns.append(_column(name, path, spec, required))
    left = set(leaves) - NOT_COLUMNS[name]
    if left:
        raise RuntimeError(f"{model.__name__} fields without a column: {sorted(left)}")
    return Table(name, tuple(columns))


def _leaves(
    root: dict[str, Any], schema: dict[str, Any], prefix: str
) -> list[tuple[str, tuple[dict[str, Any], bool]]]:
    """``(path, (schema, required))`` of every scalar field, nested models walked."""
    out: list[tuple[str, tuple[dict[str, Any], bool]]] = []
    required = set(schema.get("required", ()))
    for key, spec in schema.get("properties", {}).items():
        target = _resolve(root, spec)
        if target.get("type") == "object" and "properties" in target:
            out.extend(_leaves(root, target, f"{prefix}{key}."))
        else:
            out.append((f"{prefix}{key}", (spec, key in required)))
    return out


def _resolve(root: dict[str, Any], spec: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in spec:
        return dict(root["$defs"][spec["$ref"].rsplit("/", 1)[1]])
    return spec


def _column(name: TableName, path: str, spec: dict[str, Any], required: bool) -> Column:
    choices = [s for s in spec.get("anyOf", [spec]) if s.get("type") != "null"]
    if len(choices) != 1:
        raise RuntimeError(f"{path}: a column holds one type, not {choices}")
    one = choices[0]
    if "$ref" in one:
        vocabulary = VOCABULARIES[one["$ref"].rsplit("/", 1)[1]]
        return Column(name, path, "vocab", required, vocabulary=vocabulary)
    kinds: dict[str, Kind] = {"string": "text", "integer": "int", "number": "float",
                              "boolean": "bool"}
    kind = "date" if one.get("format") == "date" else kinds[one["type"]]
    return Column(name, path, kind, required, one.get("minimum"), one.get("maximum"),
                  one.get("pattern"), one.get("maxLength"))


__all__ = ["OFFICIALS_LISTED", "Column", "Kind", "Table", "TableName", "fold", "tables"]
