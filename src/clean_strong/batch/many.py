"""``evaluate_many``: results of many documents in input order, over the worker pool.

A document that is not valid raises its :class:`~clean_strong.errors.InputError` in the caller
when its turn comes, after the results before it; a worker that dies raises
:class:`~clean_strong.batch.pool.WorkerDied`. Neither can leave the caller waiting.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future
from pathlib import Path

from ..errors import CleanStrongError
from ..evaluation import evaluate, resolve_ruleset
from ..result import Result
from ..ruleset import RuleSet
from .lines import RulesetRef, preload, rules_of
from .pool import Stop, Workers, count_of

CHUNK = 128
Answer = tuple[list[Result], CleanStrongError | None]  # a chunk's results, then its error


def evaluate_many(
    documents: Iterable[object],
    ruleset: RuleSet | str | Path | None = None,
    workers: int | None = None,
) -> Iterator[Result]:
    """One :class:`Result` per document, in input order, over a process pool by default.

    Documents may be models, mappings or JSON text/bytes; an invalid one raises
    :class:`~clean_strong.errors.InputError` when its turn comes (use ``clean-strong batch``
    for error records instead). ``workers`` 1 evaluates in this process.
    """
    rules = resolve_ruleset(ruleset)
    count = count_of(workers)
    if count <= 1:
        for i, document in enumerate(documents):
            yield evaluate(document, rules, source=f"<document {i}>")  # type: ignore[arg-type]
        return
    ref: RulesetRef = rules.directory
    preload(ref, rules)  # forked workers inherit it
    pool = Workers(count)
    stop = Stop()  # never set: a library call leaves signals to its caller
    aborted = True
    try:
        pending: deque[Future[Answer]] = deque()
        chunk: list[object] = []
        start = 0
        for document in documents:
            chunk.append(document)
            if len(chunk) == CHUNK:
                pending.append(pool.submit(_evaluate_chunk, chunk, ref, start))
                start += len(chunk)
                chunk = []
                if len(pending) >= count * 3:
                    yield from _answer(pool.result(pending.popleft(), stop))
        if chunk:
            pending.append(pool.submit(_evaluate_chunk, chunk, ref, start))
        while pending:
            yield from _answer(pool.result(pending.popleft(), stop))
        aborted = False
    finally:
        pool.close(abort=aborted)


def _answer(answer: Answer) -> Iterator[Result]:
    results, error = answer
    yield from results
    if error is not None:
        raise error


def _evaluate_chunk(documents: Sequence[object], ref: RulesetRef, start: int) -> Answer:
    """In a worker: the results up to the first bad document, and its error."""
    results: list[Result] = []
    for i, document in enumerate(documents, start=start):
        try:
            results.append(evaluate(document, rules_of(ref),  # type: ignore[arg-type]
                                    source=f"<document {i}>"))
        except CleanStrongError as error:
            return results, error
    return results, None


__all__ = ["evaluate_many"]
