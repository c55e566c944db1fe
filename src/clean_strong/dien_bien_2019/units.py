"""The real unit list: Điện Biên's 130 commune-level units on 01/12/2019 (GSO catalogue).

This is the only part of the ``dien-bien-2019`` data set that is observed rather than
generated: codes, names, unit types and districts are copied verbatim from the national
statistics office's list (``data/dien_bien_units_2019-12-01.csv``).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable

from ..models.vocab import UnitType

UNITS_FILE = "dien_bien_units_2019-12-01.csv"


@dataclass(frozen=True)
class Unit:
    """One commune-level unit as the GSO catalogue lists it."""

    code: str
    name: str
    unit_type: UnitType
    district_code: str
    district: str


def data_file(name: str) -> Traversable:
    """A file shipped in the package's ``data`` folder (works when installed)."""
    return resources.files(__package__ or "clean_strong.dien_bien_2019") / "data" / name


def load_units(name: str = UNITS_FILE) -> tuple[Unit, ...]:
    """The units in catalogue order."""
    text = data_file(name).read_text("utf-8")
    return tuple(
        Unit(
            code=row["unit_code"],
            name=row["unit_name"],
            unit_type=UnitType(row["unit_type"]),
            district_code=row["district_code"],
            district=row["district_name"],
        )
        for row in csv.DictReader(io.StringIO(text))
    )
