"""One compiled edition: everything evaluation shares across the communes of one year.

:class:`Compiled` owns, for one rule set and one assessment year, the rules in force (the
:class:`~clean_strong.ruleset.Edition`), their engine programs, the derived-input plans and
the static parts of results. It is built on first use and kept as long as the rule set lives
(a weak-keyed table: a rule set dropped by its user takes its compiled years with it).
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass

from ..engine.program import Program, compile_edition
from ..ruleset import Edition, RuleSet
from ..ruleset.schema import Subject
from .facts import Deriver
from .limits import Limit, limits
from .statics import Statics


@dataclass(eq=False)
class Compiled:
    edition: Edition
    programs: dict[Subject, Program]
    deriver: Deriver
    statics: Statics
    limits: dict[Subject, tuple[Limit, ...]]  # the dated legal ranges of input fields

    @classmethod
    def build(cls, edition: Edition) -> Compiled:
        programs = compile_edition(edition)
        return cls(edition, programs, Deriver(edition), Statics.build(edition, programs),
                   {subject: limits(edition, subject) for subject in programs})


_compiled: weakref.WeakKeyDictionary[RuleSet, dict[int, Compiled]] = weakref.WeakKeyDictionary()


def compiled(ruleset: RuleSet, year: int) -> Compiled:
    """The compiled edition of ``year`` (built once per rule set and year)."""
    years = _compiled.setdefault(ruleset, {})
    found = years.get(year)
    if found is None:
        found = years[year] = Compiled.build(ruleset.in_force(year))
    return found


__all__ = ["Compiled", "compiled"]
