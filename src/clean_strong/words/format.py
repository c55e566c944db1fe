"""Numbers and dates the way each language writes them.

Vietnamese groups thousands with a dot and writes decimals with a comma (2.698; 90,2 %);
English the other way round (2,698; 90.2%). Dates are dd/mm/yyyy in Vietnamese.
"""

from __future__ import annotations

import datetime as dt
import math
from functools import cache

from . import Lang, catalogue


def number(value: float, lang: Lang, decimals: int | None = None) -> str:
    """2698 -> '2.698' (vi) / '2,698' (en); non-integers with up to two decimals."""
    if not math.isfinite(value):
        return "?"
    if not value or (decimals is not None and round(value, decimals) == 0):
        value = 0.0  # never "-0": a sum or a difference of zero has no sign
    if decimals is None and value and (isinstance(value, int) or value.is_integer()):
        # the usual count: grouped digits, no decimals
        text = f"{int(value):,}"
        return text.replace(",", ".") if lang == "vi" else text
    if decimals is None:
        decimals = 0 if value == round(value) else 2
    text = f"{value:,.{decimals}f}"
    if decimals:
        text = text.rstrip("0").rstrip(".") if "." in text else text
    if lang == "vi":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def percent(value: float, lang: Lang, decimals: int = 1) -> str:
    """90.2891 -> '90,29 %' (vi, two decimals) / '90.29%' (en); trailing zeros dropped."""
    text = number(round(value, decimals), lang, decimals)
    return f"{text} %" if lang == "vi" else f"{text}%"


def date(day: dt.date | str, lang: Lang) -> str:
    """31/12/2019 (vi); ISO 2019-12-31 (en). A string is read as an ISO date."""
    if isinstance(day, str):
        day = dt.date.fromisoformat(day)
    return day.strftime("%d/%m/%Y") if lang == "vi" else day.isoformat()


_PCT_DECIMALS = {"pct": 1, "pct0": 0, "pct2": 2}


@cache
def _labels() -> dict[str, tuple[str, str]]:
    """Each vocabulary word's (vi, en) label; where two vocabularies share a word (``khong``),
    the labels agree."""
    found: dict[str, tuple[str, str]] = {}
    for key, entry in catalogue().items():
        area, _, word = key.rpartition(".")
        if area.startswith("vocab."):
            found.setdefault(word, (entry.vi, entry.en))
    return found


def label(word: str, lang: Lang) -> str:
    """A vocabulary word as a person reads it (its code when the catalogue has none)."""
    found = _labels().get(word)
    return word if found is None else found[0] if lang == "vi" else found[1]


_YES_NO = {"vi": {True: "có", False: "không"}, "en": {True: "yes", False: "no"}}


def format_value(value: object, fmt: str, lang: Lang) -> str:
    """A value in a sentence: ``fmt`` '' (as is), 'pct'/'pct0'/'pct2' (a fraction as a
    percentage), 'label' (a vocabulary word by its label in ``lang``)."""
    if value.__class__ is int and not fmt and -(2**53) < value < 2**53:
        # the usual hole, a count: what number(float(value)) writes, without the detour
        text = f"{value:,}"
        return text.replace(",", ".") if lang == "vi" else text
    if value is None:
        return "?"
    if isinstance(value, bool):
        return _YES_NO[lang][value]
    if isinstance(value, str):
        if fmt == "label":
            return label(value, lang)
        return str(value)
    if isinstance(value, (int, float)):
        if fmt in _PCT_DECIMALS:
            return percent(float(value) * 100, lang, _PCT_DECIMALS[fmt])
        return number(float(value), lang)
    return str(value)


__all__ = ["date", "format_value", "label", "number", "percent"]
