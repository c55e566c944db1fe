"""The search for one document: a criterion's smallest verified change, and the changes that
make the unit recognised.

A criterion: its condition solved to true, the first few proposals that change anything
applied to the original document and re-evaluated by the engine, the first that passes shown
as verified (else the first, marked not verified). Recognition: every failing or unknown
mandatory criterion fixed in turn on the document already changed, for a few rounds, choosing
each time the proposal that leaves the fewest mandatory criteria not passing.
"""

from __future__ import annotations

from ...documents import Document
from ...errors import InputError
from ...evaluation import evaluate
from ...result import Change, Counterfactual, CriterionResult, Result
from ...ruleset import RuleSet
from ..edit import diff_changes, document_data
from . import verify
from .context import Context
from .notes import Labels, counterfactual, nothing
from .proposal import Note, Proposal, Work
from .solve import solve

VERIFY = 4  # engine re-evaluations per criterion, at most
ROUNDS = 3  # rounds of fixing the mandatory criteria for recognition


class Search:
    """The counterfactual search over one document under one rule set."""

    def __init__(self, document: Document, rules: RuleSet) -> None:
        self.rules = rules
        self.context = Context(document, rules)
        self.labels = Labels(rules, document.kind)
        work = self.context.work(document_data(document), document)
        if work is None:
            raise InputError("<document>", "", "the document cannot be prepared for the engine")
        self.original = work

    def criterion(self, result: CriterionResult) -> Counterfactual:
        """The smallest verified change that makes ``result``'s criterion pass."""
        active = self.context.actives[result.id]
        proposals = solve(self.context, active.condition, True, self.original)
        first: tuple[Proposal, list[Change]] | None = None
        tried = 0
        for proposal in proposals:
            changes = diff_changes(self.original.data, proposal.work.data)
            if not changes:
                continue
            first = first or (proposal, changes)
            tried += 1
            if verify.passes(self.original.doc, changes, self.rules, result.id):
                return counterfactual(result.id, proposal.notes, changes, True, self.labels)
            if tried >= VERIFY:
                break
        if first is not None:
            return counterfactual(result.id, first[0].notes, first[1], False, self.labels,
                                  result.missing_inputs)
        return nothing(result.id, result.missing_inputs, self.labels)

    def recognition(self, result: Result) -> Counterfactual | None:
        """The changes that make the unit recognised (``None`` when it is already)."""
        if result.verdict == "recognised":
            return None
        ctx = self.context
        current = self.original
        notes: list[Note] = []
        for _ in range(ROUNDS):
            now = evaluate(current.doc, self.rules, explanations=False)
            failing = [c for c in now.criteria if c.mandatory and c.status != "pass"]
            if not failing:
                break
            progressed = False
            for criterion in failing:
                condition = ctx.actives[criterion.id].condition
                if ctx.truth(condition, current) is True:
                    continue  # an earlier change already fixed it
                proposals = solve(ctx, condition, True, current)
                if proposals:
                    # the proposal that leaves the fewest mandatory criteria not passing, so
                    # fixing one figure does not break another (then the cheapest)
                    best = min(proposals, key=lambda p: (self._not_passing(p.work), p.cost))
                    current = best.work
                    notes.extend(note.about(criterion.id) for note in best.notes)
                    progressed = True
            if not progressed:
                break
        changes = diff_changes(self.original.data, current.data)
        missing = result.missing_inputs
        if not changes:
            return nothing("verdict", missing, self.labels)
        verified = verify.recognised(self.original.doc, changes, self.rules)
        return counterfactual("verdict", tuple(notes), changes, verified, self.labels, missing)

    def _not_passing(self, work: Work) -> int:
        ctx = self.context
        applies = getattr(work.doc, "unit_type", None)
        return sum(
            1 for a in ctx.program.criteria
            if a.mandatory and (applies is None or applies in a.definition.spec.applies_to)
            and ctx.truth(a.condition, work) is not True
        )


__all__ = ["ROUNDS", "VERIFY", "Search"]
