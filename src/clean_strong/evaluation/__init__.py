"""Evaluation: a document and a rule set in, a :class:`~clean_strong.result.Result` out.

``facts`` prepares what the engine cannot (derived counts), ``compiled`` keeps what one year's
results share, ``assemble`` reads the engine's firings back into a result, ``evaluate`` runs
the steps in that order.
"""

from .assemble import input_hash
from .compiled import Compiled, compiled
from .evaluate import (
    DEFAULT_RULESET,
    default_ruleset,
    evaluate,
    load_ruleset,
    prepare,
    resolve_ruleset,
)

__all__ = [
    "DEFAULT_RULESET",
    "Compiled",
    "compiled",
    "default_ruleset",
    "evaluate",
    "input_hash",
    "load_ruleset",
    "prepare",
    "resolve_ruleset",
]
