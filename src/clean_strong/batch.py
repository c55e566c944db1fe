"""Evaluating many documents, in input order."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from .evaluate import evaluate
from .result import Result
from .ruleset import RuleSet


def evaluate_many(
    documents: Iterable[object], ruleset: RuleSet | str | Path | None = None,
    workers: int | None = None,
) -> Iterator[Result]:
    """Yield one result per document, in input order (process pool: see the batch issue)."""
    for document in documents:
        yield evaluate(document, ruleset)  # type: ignore[arg-type]
