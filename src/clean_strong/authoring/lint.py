"""``rules lint``: every problem of a rule set, the engine's included.

The rule layer checks what the law can get wrong (:func:`clean_strong.ruleset.problems`);
this adds what only compiling can tell: that the engine can decide every criterion in every
year the rule set covers.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import Problem, RuleSetError
from ..evaluation import compiled
from ..ruleset import problems, read_ruleset, ruleset_years


def lint(name_or_path: str | Path) -> list[Problem]:
    """Every problem of a rule set, in file and line order (empty when it is sound)."""
    found = problems(name_or_path)
    if found:
        return found
    ruleset = read_ruleset(name_or_path)
    for year in ruleset_years(ruleset):
        try:
            compiled(ruleset, year)
        except RuleSetError as error:
            found.extend(error.problems)
    return sorted(set(found))


__all__ = ["lint"]
