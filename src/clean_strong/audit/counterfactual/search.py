"""The search for one document: a criterion's smallest verified change, and the changes that
make the unit recognised.

A criterion: its condition solved to true, the first few proposals that change anything
applied to the original document and re-evaluated by the engine, the first that passes shown
as verified (else the first, marked not verified). Recognition: every failing or unknown
mandatory criterion fixed in turn on the document already changed, for a few rounds, choosing
each time the proposal that leaves the fewest mandatory criteria not passing.
"""

from __future__ import annotations

from ...condition import names
from ...condition.ast import Compare, Expr, Name, nodes
from ...documents import Document, refused
from ...evaluation import evaluate
from ...result import Bilingual, Change, Counterfactual, CriterionResult, Result
from ...ruleset import RuleSet
from ...words import LANGS, say
from ..edit import diff_changes, document_data
from . import verify
from .context import Context
from .domains import RECORD_IDENTITY
from .notes import Labels, counterfactual, nothing, unattainable
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
            raise refused("<document>", "", "not_prepared")
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
        if result.missing_inputs:
            return nothing(result.id, result.missing_inputs, self.labels)
        return unattainable(result.id, self.facts(result), self.labels)

    def facts(self, result: CriterionResult) -> list[str]:
        """The recorded facts of the year a criterion reads, where they are: document fields
        the unit cannot change, and for a count over the records the fact fields of the
        records it counted (``officials[4].discipline``)."""
        ctx = self.context
        found: list[str] = []
        officials = getattr(self.original.doc, "officials", None) or []
        index = {official.id: i for i, official in enumerate(officials)}
        condition = ctx.actives[result.id].condition
        failing = {n.path for atom in nodes(condition) if _fails(ctx, atom, self.original)
                   for n in names(atom)}
        for path, value in result.inputs.items():
            if path not in failing:
                continue  # an input whose every test holds does not decide the failure
            definition = self.rules.derived.get(path)
            if definition is None:
                if ctx.domains.fixed(path) and value.value is not None:
                    found.append(path)
                continue
            where = definition.where_expr
            read = [n.path for n in names(where)] if where is not None else []
            read += [definition.spec.field] if definition.spec.field else []
            record_facts = [f for f in dict.fromkeys(read)
                            if f in ctx.domains.record_fields and ctx.domains.record_fixed(f)
                            and f not in RECORD_IDENTITY]
            derivation = value.derivation
            matched = derivation.matched if derivation is not None else []
            found.extend(f"officials[{index[m]}].{f}" for m in matched if m in index
                         for f in record_facts)
        return list(dict.fromkeys(found))

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
        blocked = [c for c in result.criteria
                   if c.mandatory and c.status != "pass" and not c.missing_inputs
                   and ctx.truth(ctx.actives[c.id].condition, current) is not True]
        facts = list(dict.fromkeys(f for c in blocked for f in self.facts(c)))
        if not changes:
            if blocked and not missing:
                return unattainable("verdict", facts, self.labels)
            return nothing("verdict", missing, self.labels)
        verified = verify.recognised(self.original.doc, changes, self.rules)
        found = counterfactual("verdict", tuple(notes), changes, verified, self.labels, missing)
        if not blocked:
            return found
        summary = {lang: say("counterfactual.verdict_facts", lang,
                             summary=getattr(found.summary, lang),
                             criteria=", ".join(c.id for c in blocked)) for lang in LANGS}
        return found.model_copy(update={
            "summary": Bilingual(vi=summary["vi"], en=summary["en"]), "attainable": False,
            "facts": facts})

    def _not_passing(self, work: Work) -> int:
        ctx = self.context
        applies = getattr(work.doc, "unit_type", None)
        return sum(
            1 for a in ctx.program.criteria
            if a.mandatory and (applies is None or applies in a.definition.spec.applies_to)
            and ctx.truth(a.condition, work) is not True
        )


def _fails(ctx: Context, atom: Expr, work: Work) -> bool:
    """A comparison that does not hold (false or unknown), or a yes/no input that is false."""
    if isinstance(atom, Compare):
        return ctx.truth(atom, work) is not True
    return isinstance(atom, Name) and ctx.truth(atom, work) is False


__all__ = ["ROUNDS", "VERIFY", "Search"]
