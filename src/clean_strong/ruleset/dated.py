"""Values that change with the law: pick the one in force on a date, check a history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TypeVar

from ..words import Words, both
from ..words.format import date
from .schema import Dated

T = TypeVar("T")


def in_force(history: Sequence[Dated[T]], on: dt.date) -> Dated[T] | None:
    """The entry in force on ``on``: the latest started, unless its ``to`` has passed."""
    current: Dated[T] | None = None
    for entry in history:
        if entry.from_ <= on:
            current = entry
    if current is not None and current.to is not None and current.to < on:
        return None
    return current


def problem_words(history: Sequence[Dated[T]]) -> list[tuple[int, Words]]:
    """Order and overlap problems, as (index of the offending entry, words in Vietnamese and
    English)."""
    found: list[tuple[int, Words]] = []
    for i, entry in enumerate(history):
        if entry.to is not None and entry.to < entry.from_:
            found.append((i, both("rulefile.dated.ends_before", until=_day(entry.to),
                                  start=_day(entry.from_))))
        if i == 0:
            continue
        previous = history[i - 1]
        if entry.from_ <= previous.from_:
            found.append((i, both("rulefile.dated.not_after", start=_day(entry.from_),
                                  previous=_day(previous.from_))))
        elif previous.to is not None and previous.to >= entry.from_:
            found.append((i, both("rulefile.dated.overlaps", until=_day(previous.to),
                                  start=_day(entry.from_))))
    return found


def _day(day: dt.date) -> Words:
    return date(day, "vi"), date(day, "en")
