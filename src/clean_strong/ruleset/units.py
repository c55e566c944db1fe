"""The checked vocabulary of parameter units: what a number in a rule file measures.

A free-text unit let ``95`` pass for a 0–1 share; here each unit says which parameter types it
fits and which values are possible, and lint checks every value against it. A number parameter
must name its unit; a vocabulary word, a rating scale and a true/false flag imply theirs.
No unit is a date: the days a value applies are its ``from`` and ``to``, never a parameter.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable
from dataclasses import dataclass

from ..condition.lookalike import hint_words
from ..words import Words, both, same


@dataclass(frozen=True)
class Unit:
    name: str
    types: frozenset[str]  # "number", "integer", "boolean", "scale", "word" (a vocabulary)
    low: float | None = None
    high: float | None = None
    whole: bool = False

    @property
    def what(self) -> Words:
        """What a value of this unit is ("a share from 0 to 1 …"), in Vietnamese and English."""
        return both(f"rulefile.unit.what.{self.name}")

    def problem(self, value: object) -> Words | None:
        """Why ``value`` cannot be a value of this unit (Vietnamese, English), or None."""
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None  # the type check speaks for non-numbers
        if isinstance(value, float) and not math.isfinite(value):
            return None
        if self.whole and not float(value).is_integer():
            return both("rulefile.unit.not_whole", value=repr(value), what=self.what)
        if (self.low is not None and value < self.low) or (self.high is not None and (
                value > self.high)):
            extra = same("")
            if self.name == "share" and 1 < value <= 100:
                extra = both("rulefile.unit.percent_hint", value=str(value),
                             share=_num(value / 100))
            return both("rulefile.unit.out_of_range", value=repr(value), what=self.what,
                        extra=extra)
        return None


def _num(value: float | None) -> str:
    if value is None:
        return "?"
    return str(int(value)) if float(value).is_integer() else str(value)


def listed(names: Iterable[str], *, quoted_en: bool = True) -> Words:
    """Names as a list: each quoted in Vietnamese (they are codes a rule file holds), and in
    English unless ``quoted_en`` is false (names without ``_`` that read as words there)."""
    names = list(names)
    quoted = ", ".join(repr(n) for n in names)
    return quoted, quoted if quoted_en else ", ".join(names)


UNITS: dict[str, Unit] = {
    unit.name: unit
    for unit in (
        Unit("share", frozenset({"number"}), 0, 1),
        Unit("percent", frozenset({"number", "integer"}), 0, 100),
        Unit("people", frozenset({"integer"}), 0, None, True),
        Unit("count", frozenset({"integer"}), 0, None, True),
        Unit("points", frozenset({"number", "integer"}), 0, None),
        Unit("percentage_point_tenths", frozenset({"integer"}), 0, None, True),
        Unit("year", frozenset({"integer"}), 1900, 2100, True),
        Unit("word", frozenset({"word"})),
        Unit("scale", frozenset({"scale"})),
        Unit("flag", frozenset({"boolean"})),
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


def unit_of(kind: str, unit: str | None, vocabulary: bool) -> tuple[Unit | None, Words | None]:
    """The unit of a parameter of type ``kind``, or the problem with its ``unit:`` (Vietnamese,
    English)."""
    family = type_family(kind, vocabulary)
    fitting = listed(n for n, u in UNITS.items() if family in u.types)
    if unit is None:
        implied = "word" if vocabulary else IMPLIED.get(kind)
        if implied is not None:
            return UNITS[implied], None
        article = "an" if kind[:1] in "aeiou" else "a"
        return None, both("rulefile.unit.needed", kind=_kind(kind, f"{article} {kind}"),
                          units=fitting)
    found = UNITS.get(unit)
    if found is None:
        meant = _FORMER.get(unit.strip()) or next(iter(difflib.get_close_matches(
            unit, list(UNITS), n=1, cutoff=0.6)), None)
        did_you_mean = both("rulefile.hint.did_you_mean", meant=repr(meant)) if meant else (
            same(""))
        hint = did_you_mean if unit.strip() in _FORMER else _joined(hint_words(unit),
                                                                    did_you_mean)
        return None, both("rulefile.unit.unknown", unit=repr(unit), hint=hint,
                          units=listed(UNITS))
    if family not in found.types:
        return None, both("rulefile.unit.does_not_fit", unit=repr(unit),
                          kind=_kind(kind, kind), fitting=fitting)
    return found, None


def _kind(kind: str, english: str) -> Words:
    """The type ``kind`` in a sentence: ``kiểu 'number'``, and ``english`` in English."""
    return both("rulefile.unit.kind", kind=(repr(kind), english))


def _joined(*parts: Words) -> Words:
    return "".join(p[0] for p in parts), "".join(p[1] for p in parts)


__all__ = ["IMPLIED", "UNITS", "Unit", "listed", "unit_of"]
