"""Counterfactuals: the smallest change to the input that makes a criterion pass.

"What would it take to pass" is answered from the rules themselves, never from a table per
criterion: the condition in force is walked as a tree (:mod:`.solve`) and every failing
comparison ``input op requirement`` is moved to its nearest passing value (:mod:`.values`:
integers rounded the right way, vocabulary words to the nearest passing word on the scale or
order in force, booleans flipped, ``==`` set; :mod:`.domains`: what values an input may take
and which inputs are never moved); ``and`` fixes every failing part, ``or`` its cheapest part.
A derived count is moved by changing the fewest official records (:mod:`.records`); a sum by
raising its components within the model's bounds. The edits are made to the input document
itself, validated by the models (:mod:`.realise`: a consistency validator that rejects an edit
names the field to adjust, e.g. apologies exceeding late dossiers), and the result is
re-evaluated by the engine before it is shown (:mod:`.verify`): ``verified`` is true only if
the criterion then passes. Proposals are values (:mod:`.proposal`), what they do is data, put
into words apart (:mod:`.notes`).

The search is bounded: a few candidates per comparison, a few engine re-evaluations per
criterion (each ~1 ms).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from ...documents import Document, validate_document
from ...evaluation import evaluate, resolve_ruleset
from ...result import Bilingual, Counterfactual, Result
from ...ruleset import RuleSet
from ...words import say
from .proposal import Note
from .search import Search


def counterfactuals(
    document: Document | Mapping[str, object] | str | bytes,
    ruleset: RuleSet | str | Path | None = None,
    *,
    source: str = "<document>",
    result: Result | None = None,
) -> Result:
    """The evaluation result with ``counterfactuals`` filled for every failed or unknown
    criterion and ``recognition`` set for a unit not recognised (a copy; ``result``: the
    evaluation already made, if any)."""
    doc = validate_document(document, source)
    rules = resolve_ruleset(ruleset)
    if result is None:
        result = evaluate(doc, rules, source=source)
    if all(c.status == "pass" for c in result.criteria):
        return result
    search = Search(doc, rules)
    criteria = [
        c if c.status == "pass" else c.model_copy(update={"counterfactuals": [
            *c.counterfactuals, search.criterion(c)]})
        for c in result.criteria
    ]
    notice = Bilingual(vi=say("counterfactual.notice", "vi"),
                       en=say("counterfactual.notice", "en"))
    return result.model_copy(update={"criteria": criteria,
                                     "recognition": search.recognition(result),
                                     "notice": notice})


def criterion_counterfactual(
    document: Document | Mapping[str, object] | str | bytes,
    criterion_id: str,
    ruleset: RuleSet | str | Path | None = None,
) -> Counterfactual | None:
    """The counterfactual of one criterion (``None`` when it passes already)."""
    doc = validate_document(document)
    rules = resolve_ruleset(ruleset)
    criterion = evaluate(doc, rules).criterion(criterion_id)
    if criterion.status == "pass":
        return None
    return Search(doc, rules).criterion(criterion)


__all__ = ["Note", "Search", "counterfactuals", "criterion_counterfactual"]
