"""Rule sets: the law as data, loaded and checked before anything trusts it."""

from .loader import RuleSet, lint, load_ruleset

__all__ = ["RuleSet", "lint", "load_ruleset"]
