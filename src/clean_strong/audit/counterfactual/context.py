"""What the search reads besides the document: one rule set's edition, program and scope for
the document's kind and year, and how the condition language reads a version of the document.
"""

from __future__ import annotations

import typing
from collections.abc import Mapping

from pydantic import ValidationError

from ...condition import Bounds, Evaluator, Expr
from ...condition.kleene import Lookup
from ...documents import Document
from ...errors import InputError
from ...evaluation import compiled
from ...evaluation import facts as factsmod
from ...evaluation.limits import check_limits
from ...models import Commune
from ...ruleset import RuleSet
from ..edit import Data, model_of
from .domains import Domains
from .proposal import Value, Work

if typing.TYPE_CHECKING:
    from ...engine.program import Program
    from ...ruleset import ActiveCriterion, Edition


class Context:
    """The frame of one search: rules, edition, program, scope and domains of one document."""

    def __init__(self, document: Document, rules: RuleSet) -> None:
        self.rules = rules
        self.kind = document.kind
        self.model = model_of(document)
        year = document.assessment_year if isinstance(document, Commune) else document.year
        self.compiled = compiled(rules, year)
        self.edition: Edition = self.compiled.edition
        self.program: Program = self.compiled.programs[self.kind]
        self.scope = rules.scope(self.kind)
        self.ranks: dict[str, int] = self.edition.rating_ranks or {}
        self.actives: dict[str, ActiveCriterion] = {a.id: a for a in self.program.criteria}
        self.domains = Domains(self.model, rules, self.scope, self.ranks,
                               self.compiled.limits[self.kind])

    def work(self, data: Data, document: Document | None = None) -> Work | None:
        """``data`` validated and prepared for the engine; ``None`` if it cannot be."""
        try:
            doc = document if document is not None else self.model.model_validate(data)
            check_limits(doc, self.compiled.limits[self.kind], self.edition.day, "<counterfactual>")
            facts = factsmod.build(doc, self.program, self.edition, self.compiled.deriver)
        except (ValidationError, InputError):
            return None
        return Work(data, doc, facts)

    def lookup(self, work: Work, over: Mapping[str, Value]) -> Lookup:
        """Names as the condition reads them on ``work`` (``over``: values tried instead); a
        count known only between bounds as :class:`Bounds`."""
        values, derivations = work.facts.values, work.facts.derivations
        parameters = self.edition.parameters

        def find(name: str) -> object:
            if name in over:
                return over[name]
            if name in values:
                value = values[name]
                if value is None:
                    derivation = derivations.get(name)
                    if derivation is not None and derivation.bounds is not None:
                        return Bounds(*derivation.bounds)
                return value
            parameter = parameters.get(name)
            if parameter is not None:
                return parameter.value
            return factsmod.field_value(work.doc, name)

        return find

    def value(self, name: str, work: Work) -> object:
        return self.lookup(work, {})(name)

    def truth(self, node: Expr, work: Work, over: Mapping[str, Value] | None = None) -> bool | None:
        """The truth of ``node`` on ``work`` (``over``: values tried instead)."""
        return Evaluator(self.lookup(work, over or {}), self.ranks).truth(node)


__all__ = ["Context"]
