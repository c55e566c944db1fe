"""Values that change with the law: pick the one in force on a date, check a history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TypeVar

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


def problems(history: Sequence[Dated[T]]) -> list[tuple[int, str]]:
    """Order and overlap problems, as (index of the offending entry, message)."""
    found: list[tuple[int, str]] = []
    for i, entry in enumerate(history):
        if entry.to is not None and entry.to < entry.from_:
            found.append((i, f"ends ({entry.to}) before it starts ({entry.from_})"))
        if i == 0:
            continue
        previous = history[i - 1]
        if entry.from_ <= previous.from_:
            found.append(
                (
                    i,
                    f"starts {entry.from_}, not after the previous value ({previous.from_}): "
                    "list dated values oldest first, one value per period",
                )
            )
        elif previous.to is not None and previous.to >= entry.from_:
            found.append(
                (
                    i,
                    f"overlaps the previous value, in force until {previous.to}, "
                    f"from {entry.from_}",
                )
            )
    return found
