"""The :class:`~clean_strong.render.terms.Terms` of one result: what its codes read as.

Renderers take results and plain data; the words for a result's codes come from its rule set
(parameter titles, derived inputs' titles and definitions, conditions in words, all as in
force in the result's year: :mod:`.plain`) and from its document (who each official record
is). Built here, above the renderers, and cached per rule set, year and document kind, so a
report of 130 communes words each condition once.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from ..documents import Document
from ..models import Commune
from ..result import Result
from ..ruleset import Edition, RuleSet
from ..ruleset.schema import Subject
from ..ruleset.units import UNITS
from ..words import LANGS, Lang
from .plain import Vocabulary, clauses, derivation_words, unit_value

Official = tuple[str, str | None]


class RuleTerms:
    """The rule set's words for one year and document kind (shared by its results)."""

    def __init__(self, rules: RuleSet, year: int, subject: Subject) -> None:
        self.rules = rules
        self.subject = subject
        self.edition: Edition = rules.in_force(year)
        self._vocabulary = {lang: Vocabulary.of(rules, self.edition, subject, lang)
                            for lang in LANGS}
        self._records = {lang: Vocabulary.of(rules, self.edition, None, lang) for lang in LANGS}
        self._names: dict[tuple[str, Lang], str | None] = {}
        self._conditions: dict[tuple[str, Lang], list[str] | None] = {}
        self._derivations: dict[tuple[str, Lang], str | None] = {}

    def name(self, path: str, lang: Lang) -> str | None:
        key = (path, lang)
        if key not in self._names:
            found = self._vocabulary[lang].name(path)
            self._names[key] = None if found == path else found
        return self._names[key]

    def record_field(self, name: str, lang: Lang) -> str | None:
        found = self._records[lang].name(name)
        return None if found == name else found

    def condition(self, criterion: str, lang: Lang) -> list[str] | None:
        key = (criterion, lang)
        if key not in self._conditions:
            active = next((a for a in self.edition.active.get(self.subject, [])
                           if a.id == criterion), None)
            self._conditions[key] = (None if active is None
                                     else clauses(active.condition, self._vocabulary[lang]))
        return self._conditions[key]

    def parameter_value(self, name: str, value: object, lang: Lang) -> str | None:
        base = name.split("[", 1)[0]
        if base not in self.rules.parameters:
            return None
        spec = self.rules.parameters[base].spec
        return unit_value(value, spec.unit if spec.unit in UNITS else None, lang)

    def derivation(self, path: str, lang: Lang) -> str | None:
        key = (path, lang)
        if key not in self._derivations:
            self._derivations[key] = (derivation_words(self.rules, path, self.edition, lang)
                                      if path in self.rules.derived else None)
        return self._derivations[key]


@lru_cache(maxsize=32)
def rule_terms(rules: RuleSet, year: int, subject: Subject) -> RuleTerms:
    return RuleTerms(rules, year, subject)


class ResultTerms:
    """A result's words: its rule set's, and who the document's official records are."""

    def __init__(self, rules: RuleTerms, officials: Sequence[Official] = ()) -> None:
        self.rules = rules
        self.officials = tuple(officials)

    def name(self, path: str, lang: Lang) -> str | None:
        return self.rules.name(path, lang)

    def record_field(self, name: str, lang: Lang) -> str | None:
        return self.rules.record_field(name, lang)

    def condition(self, criterion: str, lang: Lang) -> list[str] | None:
        return self.rules.condition(criterion, lang)

    def derivation(self, path: str, lang: Lang) -> str | None:
        return self.rules.derivation(path, lang)

    def parameter_value(self, name: str, value: object, lang: Lang) -> str | None:
        return self.rules.parameter_value(name, value, lang)

    def official(self, index: int) -> Official | None:
        return self.officials[index] if 0 <= index < len(self.officials) else None


def terms_for(rules: RuleSet, result: Result, document: Document | None = None) -> ResultTerms:
    """The words for ``result``'s codes, from ``rules`` (the rule set that made it) and its
    ``document`` (for the officials' records)."""
    subject: Subject = "commune" if result.unit.kind == "commune" else "province_report"
    officials: list[Official] = []
    if isinstance(document, Commune):
        officials = [(o.id, None if o.post is None else str(o.post.value))
                     for o in document.officials or []]
    return ResultTerms(rule_terms(rules, result.year, subject), officials)


__all__ = ["ResultTerms", "RuleTerms", "rule_terms", "terms_for"]
