"""Rule sets: the law as data, read and checked before anything trusts it."""

from .coverage import refusal
from .definitions import CriterionDef, DerivedDef, ParameterDef, RuleSet
from .edition import ActiveCriterion, Edition, Inactive, ParameterInForce
from .loader import bundled_dir, problems, read_ruleset, resolve, ruleset_years

__all__ = [
    "ActiveCriterion",
    "CriterionDef",
    "DerivedDef",
    "Edition",
    "Inactive",
    "ParameterDef",
    "ParameterInForce",
    "RuleSet",
    "bundled_dir",
    "problems",
    "read_ruleset",
    "refusal",
    "resolve",
    "ruleset_years",
]
