"""One cell ⇄ one JSON value, for a column of :mod:`.columns`.

Reading is strict and says why a cell is refused; nothing is guessed. A blank cell (or one of
spaces only) is ``None``: not reported, never 0 or false. Vocabulary cells take the word's
code or its Vietnamese or English label, in any case (NFC, spaces collapsed); a spelling
without diacritics is refused with the label meant as a hint. Numbers are number cells, or
text of digits (a CSV); in text, ``.`` or ``,`` is the decimal mark of a non-whole number and
a whole number has no separators (``1.840`` could be either, so it is refused). Dates are
date cells, ``dd/mm/yyyy`` or ``yyyy-mm-dd``.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from functools import cache

from ..models.vocab import Vocabulary
from ..words import Lang, say
from .columns import Column, bound, fold, vocab_label

Raw = str | int | float | bool | dt.date | dt.datetime | dt.time | dt.timedelta | None
Value = str | int | float | bool | None

_WHOLE = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"([+-]?[0-9]+)[.,]([0-9]+)")
_GROUPED = re.compile(r"[+-]?[0-9]{1,3}([.,\s][0-9]{3})+")
_DMY = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")


def blank(raw: Raw) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def read_cell(column: Column, raw: Raw, lang: Lang) -> tuple[Value, str | None]:
    """The cell's JSON value, or ``(None, problem)``."""
    if blank(raw):
        return None, (say("sheets.error.blank_required", lang) if column.required else None)
    reader = _READERS[column.kind]
    value, problem = reader(column, raw, lang)
    if problem is None and isinstance(value, int | float) and not isinstance(value, bool):
        problem = _range(column, value, raw, lang)
    return (None, problem) if problem else (value, None)


def write_cell(column: Column, value: object, lang: Lang) -> Raw:
    """A JSON value as the cell shows it: yes/no and vocabulary words by their label."""
    if value is None:
        return None
    if isinstance(value, bool):
        return say("sheets.cell.yes" if value else "sheets.cell.no", lang)
    if column.kind == "vocab":
        return vocab_label(str(value), lang)
    if isinstance(value, int | float | str):
        return value
    return str(value)


def show(raw: Raw, lang: Lang = "vi") -> str:
    """A cell's content as a problem quotes it (a number as the language writes it)."""
    if isinstance(raw, float) and raw.is_integer() and abs(raw) < 2**53:
        return str(int(raw))
    if isinstance(raw, float) and math.isfinite(raw):
        return str(raw).replace(".", ",") if lang == "vi" else str(raw)
    if isinstance(raw, str):
        return f"«{raw.strip() if len(raw) < 60 else raw[:57] + '…'}»"
    if isinstance(raw, dt.datetime | dt.date):
        return raw.strftime("%d/%m/%Y")
    return str(raw)


# -- by kind -----------------------------------------------------------------------------


def _text(column: Column, raw: Raw, lang: Lang) -> tuple[Value, str | None]:
    if isinstance(raw, bool) or not isinstance(raw, str | int | float):
        return None, say("sheets.error.not_text", lang, value=show(raw, lang))
    if isinstance(raw, float) and not raw.is_integer():
        return None, say("sheets.error.not_text", lang, value=show(raw, lang))
    number_cell = not isinstance(raw, str)
    text = str(int(raw)) if number_cell else unicodedata.normalize("NFC", str(raw))
    if column.pattern and not re.fullmatch(column.pattern, text):
        if number_cell and column.digits and len(text) < column.digits:
            padded = text.zfill(column.digits)
            return None, say("sheets.error.leading_zero", lang, value=text, padded=padded)
        return None, say("sheets.error.pattern", lang, value=show(raw, lang),
                         hint=column.takes(lang))
    if column.max_length is not None and len(text) > column.max_length:
        return None, say("sheets.error.too_long", lang, length=len(text),
                         maximum=column.max_length)
    return text, None


def _int(column: Column, raw: Raw, lang: Lang) -> tuple[Value, str | None]:
    if isinstance(raw, bool) or isinstance(raw, dt.date | dt.time | dt.timedelta):
        return None, say("sheets.error.not_number", lang, value=show(raw, lang))
    if isinstance(raw, int | float):
        if not math.isfinite(raw) or not float(raw).is_integer():
            return None, say("sheets.error.not_whole", lang, value=show(raw, lang))
        return int(raw), None
    text = str(raw).strip()
    if _WHOLE.fullmatch(text):
        return int(text), None
    if _GROUPED.fullmatch(text):
        return None, say("sheets.error.separator", lang, value=show(raw, lang))
    if _DECIMAL.fullmatch(text):
        return None, say("sheets.error.not_whole", lang, value=show(raw, lang))
    return None, say("sheets.error.not_number", lang, value=show(raw, lang))


def _float(column: Column, raw: Raw, lang: Lang) -> tuple[Value, str | None]:
    if isinstance(raw, bool) or isinstance(raw, dt.date | dt.time | dt.timedelta):
        return None, say("sheets.error.not_number", lang, value=show(raw, lang))
    if isinstance(raw, int | float):
        if not math.isfinite(raw):
            return None, say("sheets.error.not_number", lang, value=show(raw, lang))
        return float(raw), None
    text = str(raw).strip()
    if _WHOLE.fullmatch(text):
        return float(text), None
    decimal = _DECIMAL.fullmatch(text)
    if decimal:
        return float(f"{decimal.group(1)}.{decimal.group(2)}"), None
    return None, say("sheets.error.not_number", lang, value=show(raw, lang))


def _bool(column: Column, raw: Raw, lang: Lang) -> tuple[Value, str | None]:
    if isinstance(raw, bool):
        return raw, None
    if isinstance(raw, str):
        found = _yes_no().get(fold(raw))
        if found is not None:
            return found, None
    return None, say("sheets.error.not_yes_no", lang, value=show(raw, lang))


def _vocab(column: Column, raw: Raw, lang: Lang) -> tuple[Value, str | None]:
    assert column.vocabulary is not None
    text = show(raw, lang) if not isinstance(raw, str) else raw
    words = _words(column.vocabulary)
    found = words.get(fold(text))
    if found is not None:
        return found, None
    labels = ", ".join(f"«{vocab_label(w, lang)}»" for w in column.vocabulary)
    problem = say("sheets.error.not_in_list", lang, value=show(raw, lang),
                  vocabulary=say(f"sheets.vocabulary.{column.vocabulary.__name__}", lang),
                  labels=labels)
    meant = _plain_words(column.vocabulary).get(_plain(text))
    if meant is not None:
        problem += say("sheets.error.did_you_mean", lang, label=f"«{vocab_label(meant, lang)}»")
    return None, problem


def _date(column: Column, raw: Raw, lang: Lang) -> tuple[Value, str | None]:
    if isinstance(raw, dt.datetime):
        if raw.time() == dt.time(0):
            return raw.date().isoformat(), None
    elif isinstance(raw, dt.date):
        return raw.isoformat(), None
    elif isinstance(raw, str):
        text = raw.strip()
        dmy = _DMY.fullmatch(text)
        try:
            if dmy:
                day, month, year = (int(g) for g in dmy.groups())
                return dt.date(year, month, day).isoformat(), None
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                return dt.date.fromisoformat(text).isoformat(), None
        except ValueError:
            pass
    return None, say("sheets.error.not_date", lang, value=show(raw, lang))


_READERS = {"text": _text, "int": _int, "float": _float, "bool": _bool, "vocab": _vocab,
            "date": _date}


def _range(column: Column, value: float, raw: Raw, lang: Lang) -> str | None:
    low, high = column.minimum, column.maximum
    if (low is not None and value < low) or (high is not None and value > high):
        return say("sheets.error.range", lang, value=show(raw, lang), minimum=bound(low, lang),
                   maximum=bound(high, lang))
    return None


# -- lookups, built once -------------------------------------------------------------------


@cache
def _yes_no() -> dict[str, bool]:
    found: dict[str, bool] = {"true": True, "false": False}
    for lang in ("vi", "en"):
        found[fold(say("sheets.cell.yes", lang))] = True
        found[fold(say("sheets.cell.no", lang))] = False
    return found


@cache
def _words(vocabulary: type[Vocabulary]) -> dict[str, str]:
    """Folded code and labels (vi, en) → code; two words sharing a spelling is an error."""
    found: dict[str, str] = {}
    for word in vocabulary:
        for text in (word.value, vocab_label(word, "vi"), vocab_label(word, "en")):
            key = fold(text)
            if found.setdefault(key, word.value) != word.value:
                raise RuntimeError(f"{vocabulary.__name__}: {text!r} names two words")
    return found


@cache
def _plain_words(vocabulary: type[Vocabulary]) -> dict[str, str]:
    """The same spellings without diacritics or punctuation: hints only, never accepted."""
    return {_plain(text): code for text, code in _words(vocabulary).items()}


def _plain(text: str) -> str:
    stripped = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    letters = "".join(ch for ch in stripped if unicodedata.category(ch) != "Mn")
    return re.sub(r"[\W_]+", "", letters.casefold())


__all__ = ["Raw", "Value", "blank", "read_cell", "show", "write_cell"]
