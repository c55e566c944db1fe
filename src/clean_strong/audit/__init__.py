"""The auditor's tools: counterfactuals, reproduction checks (``verify``) and rule-set diffs.

Auditors must be able to agree or disagree with every verdict without reading code: why a
criterion failed (``explain``), what would make it pass (counterfactuals, each re-evaluated by
the engine), whether a stored result is what its input and rules give (``verify``), and which
verdicts a change of rules or year moves (``diff``).
"""

from .counterfactual import counterfactuals, criterion_counterfactual
from .edit import apply_changes, diff_changes

__all__ = ["apply_changes", "counterfactuals", "criterion_counterfactual", "diff_changes"]
