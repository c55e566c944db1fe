"""The checked vocabulary of parameter units: what a number in a rule file measures.

A free-text unit let ``95`` pass for a 0–1 share; here each unit says which parameter types it
fits and which values are possible, and lint checks every value against it. A number parameter
must name its unit; a vocabulary word, a rating scale and a true/false flag imply theirs.
No unit is a date: the days a value applies are its ``from`` and ``to``, never a parameter.
"""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass

from ..condition.lookalike import hint as lookalike_hint


@dataclass(frozen=True)
class Unit:
    name: str
    types: frozenset[str]  # "number", "integer", "boolean", "scale", "word" (a vocabulary)
    low: float | None = None
    high: float | None = None
    whole: bool = False
    what: str = ""

    def problem(self, value: object) -> str | None:
        """Why ``value`` cannot be a value of this unit, or None."""
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None  # the type check speaks for non-numbers
        if isinstance(value, float) and not math.isfinite(value):
            return None
        if self.whole and not float(value).is_integer():
            return f"{value!r} is not a whole number ({self.what})"
        if (self.low is not None and value < self.low) or (self.high is not None and (
                value > self.high)):
            extra = ""
            if self.name == "share" and 1 < value <= 100:
                extra = f": {value} % is written {_num(value / 100)}, or give unit: percent"
            return f"{value!r} is not {self.what}{extra}"
        return None


def _num(value: float | None) -> str:
    if value is None:
        return "?"
    return str(int(value)) if float(value).is_integer() else str(value)


UNITS: dict[str, Unit] = {
    unit.name: unit
    for unit in (
        Unit("share", frozenset({"number"}), 0, 1, what="a share from 0 to 1 (0.95 is 95 %)"),
        Unit("percent", frozenset({"number", "integer"}), 0, 100,
             what="a percentage from 0 to 100"),
        Unit("people", frozenset({"integer"}), 0, None, True,
             "a number of people (a whole number, 0 or more)"),
        Unit("count", frozenset({"integer"}), 0, None, True,
             "a count (a whole number, 0 or more: sessions, supervisions, cases)"),
        Unit("points", frozenset({"number", "integer"}), 0, None,
             what="a score in points (0 or more)"),
        Unit("percentage_point_tenths", frozenset({"integer"}), 0, None, True,
             "a number of tenths of a percentage point (a whole number, 0 or more)"),
        Unit("year", frozenset({"integer"}), 1900, 2100, True, "a calendar year (1900–2100)"),
        Unit("word", frozenset({"word"}), what="a word of the parameter's vocabulary"),
        Unit("scale", frozenset({"scale"}), what="a rating scale, lowest level first"),
        Unit("flag", frozenset({"boolean"}), what="true or false"),
    )
}
IMPLIED = {"scale": "scale", "boolean": "flag"}  # and "word" for a vocabulary type

# The free-text units rule files used to carry, and what they mean now.
_FORMER = {"người": "people", "%": "percent", "phần trăm": "percent", "điểm": "points",
           "tỷ lệ": "share", "năm": "year", "kỳ": "count", "cuộc": "count", "lần": "count",
           "vụ": "count", "0,1 điểm phần trăm": "percentage_point_tenths"}


def type_family(kind: str, vocabulary: bool) -> str:
    """The family of a parameter type a unit is matched against."""
    return "word" if vocabulary else kind


def unit_of(kind: str, unit: str | None, vocabulary: bool) -> tuple[Unit | None, str | None]:
    """The unit of a parameter of type ``kind``, or the problem with its ``unit:``."""
    family = type_family(kind, vocabulary)
    if unit is None:
        implied = "word" if vocabulary else IMPLIED.get(kind)
        if implied is not None:
            return UNITS[implied], None
        article = "an" if kind[:1] in "aeiou" else "a"
        return None, (f"unit: {article} {kind} parameter names its unit, one of "
                      f"{', '.join(n for n, u in UNITS.items() if family in u.types)}")
    found = UNITS.get(unit)
    if found is None:
        meant = _FORMER.get(unit.strip()) or next(iter(difflib.get_close_matches(
            unit, list(UNITS), n=1, cutoff=0.6)), None)
        hint = (f"; did you mean {meant!r}?" if unit.strip() in _FORMER else
                lookalike_hint(unit) + (f"; did you mean {meant!r}?" if meant else ""))
        return None, f"unit: unknown unit {unit!r}{hint} (units: {', '.join(UNITS)})"
    if family not in found.types:
        fitting = ", ".join(n for n, u in UNITS.items() if family in u.types)
        return None, f"unit: {unit} does not fit a {kind} parameter; use {fitting}"
    return found, None


__all__ = ["IMPLIED", "UNITS", "Unit", "unit_of"]
