"""The years a rule set covers, and why it refuses the others.

A rule set says which assessment years it speaks for (``years: {from, to}``) and, when its
years end because the law changes in a way it does not encode, that change (``years.end``:
the day, what changes, the instruments). Lint refuses a rule set that claims a year assessed
on or after that day; evaluation refuses an uncovered year with a message naming the change,
in Vietnamese and English (exit code 3, the path of the document's year field).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from ..words import Words, both, say
from ..words.format import date
from .schema import Manifest

if TYPE_CHECKING:
    from .definitions import RuleSet


def years_problem(manifest: Manifest) -> Words | None:
    """Why the covered years claim more than the sources (Vietnamese, English), or None."""
    years = manifest.years
    end = years.end
    if end is None:
        return None
    last_day = manifest.day_of(years.to)
    if last_day < end.from_:
        return None
    last = years.to
    while last >= years.from_ and manifest.day_of(last) >= end.from_:
        last -= 1
    if last < years.from_:
        return both("rulefile.ruleset.years_all_past_end", end=_day(end.from_))
    return both("rulefile.ruleset.years_past_end", last_year=str(years.to), day=_day(last_day),
                end=_day(end.from_), reason=(end.reason.vi, end.reason.en), last=str(last))


def _day(day: dt.date) -> Words:
    return date(day, "vi"), date(day, "en")


def refusal(ruleset: RuleSet, year: int) -> tuple[str, str] | None:
    """The (vi, en) message refusing an assessment of ``year``, or None when it is covered."""
    manifest = ruleset.manifest
    years = manifest.years
    if years.from_ <= year <= years.to:
        return None
    span = {"year": year, "first": years.from_, "last": years.to, "name": manifest.name}
    end = years.end
    if year > years.to and end is not None:
        return (
            say("rules.year_after_end", "vi", **span, day=date(end.from_, "vi"),
                reason=end.reason.vi),
            say("rules.year_after_end", "en", **span, day=date(end.from_, "en"),
                reason=end.reason.en),
        )
    return say("rules.year_not_covered", "vi", **span), say("rules.year_not_covered", "en", **span)


__all__ = ["refusal", "years_problem"]
