"""``rules lint``: every problem of a rule set, the engine's and its own test cases' included.

The rule layer checks what the law can get wrong (:func:`clean_strong.ruleset.problems`);
this adds what only compiling can tell (that the engine can decide every criterion in every
year the rule set covers) and what only running can tell: that the rule set decides each of
its own YAML cases as the case says (:mod:`.cases`). A case that contradicts its rule is a
problem on the case's line, like any other.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import Problem, RuleSetError
from ..evaluation import compiled
from ..ruleset import RuleSet, ruleset_years
from ..ruleset.loader import checked
from .cases import Run, has_tests, run_cases


@dataclass(frozen=True)
class Report:
    """What lint found, and, when the rule set is sound enough to run, its cases' run."""

    problems: tuple[Problem, ...]
    ruleset: RuleSet | None
    cases: Run | None


def check(name_or_path: str | Path) -> Report:
    """Lint a rule set: file and rule problems; then every covered year compiled; then the
    rule set's own cases run (when it has a ``tests/`` folder)."""
    ruleset, found = checked(name_or_path)
    if found or ruleset is None:
        return Report(tuple(found), None, None)
    for year in ruleset_years(ruleset):
        try:
            compiled(ruleset, year)
        except RuleSetError as error:
            found.extend(error.problems)
    if found:
        return Report(tuple(dict.fromkeys(found)), ruleset, None)
    run = run_cases(ruleset) if has_tests(ruleset) else None
    return Report(run.problems if run else (), ruleset, run)


def lint(name_or_path: str | Path) -> list[Problem]:
    """Every problem of a rule set, root causes first (empty when it is sound)."""
    return list(check(name_or_path).problems)


__all__ = ["Report", "check", "lint"]
