"""Advice an official can act on: over every commune of the data set and 2,000 synthetic ones,
no proposal leaves a field's legal range, none changes a fact of the year, every change is
marked a lever, and every attainable proposal is verified by the engine (applied to the
document, it makes the criterion pass, or the unit recognised)."""

from __future__ import annotations

import re
from collections.abc import Iterable

import pytest

from clean_strong import Commune, evaluate
from clean_strong.audit import apply_changes, counterfactuals
from clean_strong.dien_bien_2019 import load_dataset, synth
from clean_strong.evaluation import compiled, default_ruleset
from clean_strong.result import Change, Counterfactual
from clean_strong.ruleset import RuleSet

pytestmark = pytest.mark.timeout(1800)


def _field(path: str) -> str:
    """``officials[3].professional_level`` → ``officials[].professional_level``."""
    return re.sub(r"\[\d+\]", "[]", path)


def _check(change: Change, commune: Commune, rules: RuleSet) -> None:
    assert change.kind == "lever"
    if re.fullmatch(r"officials\[\d+\]", change.path):  # fewer people for a headcount
        assert change.after is None
        return
    domain = rules.domains[_field(change.path)]
    assert domain.spec.kind == "lever", change
    limits = compiled(rules, commune.assessment_year).limits["commune"]
    if isinstance(change.after, int | float) and not isinstance(change.after, bool):
        for limit in limits:
            if limit.path == _field(change.path):
                assert not limit.broken(change.after), (change, limit.source)


def _proposals(commune: Commune) -> Iterable[tuple[str, Counterfactual]]:
    result = counterfactuals(commune)
    for criterion in result.criteria:
        for proposal in criterion.counterfactuals:
            yield criterion.id, proposal
    if result.recognition is not None:
        yield "verdict", result.recognition


def _check_commune(commune: Commune, rules: RuleSet) -> int:
    checked = 0
    for target, proposal in _proposals(commune):
        for change in proposal.changes:
            _check(change, commune, rules)
        if not proposal.attainable:
            assert proposal.facts or proposal.missing or not proposal.changes
            continue
        assert proposal.verified and proposal.changes
        changed = evaluate(apply_changes(commune, proposal.changes), rules)
        if target == "verdict":
            assert changed.verdict == "recognised", commune.unit_code
        else:
            assert changed.criterion(target).status == "pass", (commune.unit_code, target)
        checked += 1
    return checked


def test_every_proposal_for_the_data_set_is_actionable() -> None:
    rules = default_ruleset()
    assert sum(_check_commune(c, rules) for c in load_dataset()) > 100


@pytest.mark.slow
def test_every_proposal_for_2000_synthetic_communes_is_actionable() -> None:
    rules = default_ruleset()
    assert sum(_check_commune(c, rules) for c in synth(2000, 11)) > 1000
