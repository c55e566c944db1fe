"""Nothing is shown as verified that the engine did not confirm: the changes are applied to
the original document (validated again) and the document re-evaluated by the engine."""

from __future__ import annotations

from collections.abc import Sequence

from ...documents import Document
from ...errors import InputError
from ...evaluation import evaluate
from ...result import Change, Result
from ...ruleset import RuleSet
from ..edit import apply_changes


def _result(original: Document, changes: Sequence[Change], rules: RuleSet) -> Result | None:
    try:
        changed = apply_changes(original, changes)
        return evaluate(changed, rules, explanations=False)
    except InputError:
        return None


def passes(original: Document, changes: Sequence[Change], rules: RuleSet,
           criterion_id: str) -> bool:
    """Whether the criterion passes once ``changes`` are applied to ``original``."""
    result = _result(original, changes, rules)
    return result is not None and any(
        c.id == criterion_id and c.status == "pass" for c in result.criteria)


def recognised(original: Document, changes: Sequence[Change], rules: RuleSet) -> bool:
    """Whether the unit is recognised once ``changes`` are applied to ``original``."""
    result = _result(original, changes, rules)
    return result is not None and result.verdict == "recognised"


__all__ = ["passes", "recognised"]
