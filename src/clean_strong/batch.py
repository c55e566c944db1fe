"""Evaluating many documents: ordered, parallel, losing nothing, resumable.

Every input yields exactly one output line, in input order: the result (with the input's
``source`` first) or an error record ``{"source": ..., "error": {"code", "path", "message",
"message_en"}}`` (the problem in Vietnamese and in English).
Work is spread over a process pool in chunks, with a bounded number of chunks in flight, so
memory stays flat however large the input; the bytes written do not depend on the number of
workers. A worker writes its chunk's lines (~40 kB each) to a spool file and the parent appends
that file to the output (``sendfile``: in the kernel), instead of pickling them through a pipe
and copying them again in Python: at national scale this halves the parent's work. An
interrupted batch leaves only complete lines; ``resume`` skips the inputs already answered,
matched by source and unit code, and appends the rest.
"""

from __future__ import annotations

import gc
import json
import multiprocessing
import os
import re
import shutil
import signal
import sys
import tempfile
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from multiprocessing.pool import AsyncResult, Pool
from pathlib import Path
from types import FrameType
from typing import IO

import orjson

from .documents import Item, parse_document, read_items
from .errors import CleanStrongError, InputError
from .evaluation import evaluate, resolve_ruleset
from .result import Result
from .ruleset import RuleSet

# inputs per task: each costs the parent a spool file to open, append and remove (~1 ms on
# ext4), and at the end a worker may wait up to one chunk (~0.1 s) for the other
CHUNK = 128
RulesetRef = str | Path


@dataclass(frozen=True)
class Line:
    """One output line and what the summary needs to know about it."""

    source: str
    data: bytes  # the JSON line without its newline, UTF-8 (bytes: never re-encoded)
    verdict: str | None  # None for an error record
    unit_code: str | None


@dataclass(frozen=True)
class Block:
    """Consecutive output lines, in input order, and where their bytes are."""

    lines: list[Line]  # spooled: their ``data`` left out, it is in the file
    spool: str | None = None  # a file written by a worker, appended to the output then removed

    def write_to(self, output: IO[bytes]) -> None:
        if self.spool is None:
            for line in self.lines:
                output.write(line.data)
                output.write(b"\n")
            return
        try:
            _append(self.spool, output)
        finally:
            os.unlink(self.spool)


@dataclass
class Summary:
    inputs: int = 0
    skipped: int = 0  # already answered (resume)
    skipped_errors: int = 0  # of which error records
    verdicts: Counter[str] = field(default_factory=Counter)
    errors: int = 0
    seconds: float = 0.0
    interrupted: bool = False

    def text(self) -> str:
        v = self.verdicts
        done = sum(v.values())
        parts = [
            f"{self.inputs} input(s): {done} result(s) (recognised {v['recognised']}, "
            f"not recognised {v['not_recognised']}, undetermined {v['undetermined']}), "
            f"{self.errors} error record(s)"
        ]
        if self.skipped:
            parts.append(f"{self.skipped} already done (resumed, {self.skipped_errors} errors)")
        rate = (done + self.errors) / self.seconds if self.seconds else 0.0
        parts.append(f"{self.seconds:.1f} s, {rate:,.0f}/s")
        if self.interrupted:
            parts.append("INTERRUPTED: rerun with --resume to finish")
        return "; ".join(parts)


# -- one item, in a worker -------------------------------------------------------------------

_worker_rules: dict[str, RuleSet] = {}


def _rules(ref: RulesetRef) -> RuleSet:
    key = str(ref)
    if key not in _worker_rules:
        _worker_rules[key] = resolve_ruleset(ref)
    return _worker_rules[key]


def process(item: Item, ref: RulesetRef, explanations: bool = True) -> Line:
    """Evaluate one item; input problems become an error record, never an exception."""
    try:
        if item.problem is not None:
            raise item.error()
        document = parse_document(item.data, item.source)
        result = evaluate(document, _rules(ref), source=item.source, explanations=explanations)
    except InputError as error:
        return error_line(item.source, error.exit_code, error.path, error.message,
                          error.message_in("en"))
    except CleanStrongError as error:
        if error.exit_code == 4:  # bad rules: nothing can be evaluated, stop the batch
            raise
        return error_line(item.source, error.exit_code, "", str(error))
    return Line(item.source, with_source(item.source, result.to_json_bytes()), result.verdict,
                result.unit.code)


def with_source(source: str, result_json: bytes) -> bytes:
    """A batch line: the result's JSON object with ``"source"`` as its first key."""
    return b'{"source":' + orjson.dumps(source) + b"," + result_json[1:]


def error_line(source: str, code: int, path: str, message: str,
               message_en: str | None = None) -> Line:
    """An error record: ``message`` in Vietnamese, ``message_en`` in English (the same text
    when the error has no English)."""
    record = {"source": source, "error": {"code": code, "path": path, "message": message,
                                          "message_en": message_en or message}}
    text = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
    return Line(source, text.encode(), None, None)


def _process_chunk(
    chunk: Sequence[Item], ref: RulesetRef, explanations: bool, spool: str
) -> Block:
    """In a worker: the chunk's lines written to ``spool``, their summary sent back."""
    lines = [process(item, ref, explanations) for item in chunk]
    with open(spool, "wb") as out:
        out.write(b"\n".join(line.data for line in lines))
        out.write(b"\n")
    return Block([replace(line, data=b"") for line in lines], spool)


def _append(path: str, output: IO[bytes]) -> None:
    """Append a file to ``output``: ``sendfile`` in the kernel where it can, else copied."""
    output.flush()
    with open(path, "rb") as source:
        size, offset = os.fstat(source.fileno()).st_size, 0
        try:
            while offset < size:
                sent = os.sendfile(output.fileno(), source.fileno(), offset, size - offset)
                if not sent:
                    break
                offset += sent
        except (OSError, AttributeError, ValueError):  # no sendfile, an O_APPEND file, no fd
            pass
        if offset < size:
            source.seek(offset)
            shutil.copyfileobj(source, output)


def _init_worker() -> None:
    # the parent decides when to stop; a forked worker must not inherit its SIGTERM handler,
    # or Pool.terminate() could never end it
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    # what a forked worker inherited (the loaded rule set) lives as long as it does: out of its
    # collector's full passes, which would otherwise write to (and so copy) the shared pages
    gc.freeze()


def _pool(count: int) -> Pool:
    """``count`` workers, forked where the platform allows (they inherit the loaded rule set)."""
    context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
    return context.Pool(count, initializer=_init_worker)


# -- the pipeline ----------------------------------------------------------------------------


def _chunks(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    chunk: list[Item] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def run_blocks(
    items: Iterable[Item],
    ruleset: RulesetRef,
    workers: int | None = None,
    explanations: bool = True,
    stop: Callable[[], bool] = lambda: False,
) -> Iterator[Block]:
    """Output lines in input order; ``workers`` 1 runs in this process, a line at a time."""
    count = workers if workers is not None else (os.cpu_count() or 1)
    if count <= 1:
        for item in items:
            if stop():
                return
            yield Block([process(item, ruleset, explanations)])
        return
    with tempfile.TemporaryDirectory(prefix="clean-strong-batch-") as spool, _pool(count) as pool:
        yield from _ordered(pool, _chunks(items, CHUNK), ruleset, explanations, count * 3, stop,
                            Path(spool))


def _ordered(
    pool: Pool,
    chunks: Iterator[list[Item]],
    ruleset: RulesetRef,
    explanations: bool,
    window: int,
    stop: Callable[[], bool],
    spool: Path,
) -> Iterator[Block]:
    pending: deque[AsyncResult[Block]] = deque()
    for number, chunk in enumerate(chunks):
        task = (chunk, ruleset, explanations, str(spool / f"{number}.jsonl"))
        pending.append(pool.apply_async(_process_chunk, task))
        if len(pending) >= window:
            yield pending.popleft().get()
            if stop():
                return
    while pending:
        yield pending.popleft().get()
        if stop():
            return


def evaluate_many(
    documents: Iterable[object],
    ruleset: RuleSet | str | Path | None = None,
    workers: int | None = None,
) -> Iterator[Result]:
    """One :class:`Result` per document, in input order, over a process pool by default.

    Documents may be models, mappings or JSON text/bytes; an invalid one raises
    :class:`~clean_strong.errors.InputError` when its turn comes (use ``clean-strong batch``
    for error records instead).
    """
    rules = resolve_ruleset(ruleset)
    count = workers if workers is not None else (os.cpu_count() or 1)
    if count <= 1:
        for i, document in enumerate(documents):
            yield evaluate(document, rules, source=f"<document {i}>")  # type: ignore[arg-type]
        return
    ref: RulesetRef = rules.directory
    _worker_rules[str(ref)] = rules  # forked workers inherit it
    with _pool(count) as pool:
        pending: deque[AsyncResult[list[Result]]] = deque()
        batch: list[object] = []
        for document in documents:
            batch.append(document)
            if len(batch) == CHUNK:
                pending.append(pool.apply_async(_evaluate_chunk, (batch, ref)))
                batch = []
                if len(pending) >= count * 3:
                    yield from pending.popleft().get()
        if batch:
            pending.append(pool.apply_async(_evaluate_chunk, (batch, ref)))
        while pending:
            yield from pending.popleft().get()


def _evaluate_chunk(documents: Sequence[object], ref: RulesetRef) -> list[Result]:
    return [evaluate(d, _rules(ref)) for d in documents]  # type: ignore[arg-type]


# -- resume ----------------------------------------------------------------------------------

_SOURCE = re.compile(r'^\{"source":("(?:[^"\\]|\\.)*")')
_CODE = re.compile(r'"unit":\{"code":("(?:[^"\\]|\\.)*"|null)')


Answered = dict[str, tuple[str | None, bool]]  # source -> (unit code, is an error record)


def answered(output: Path) -> Answered:
    """Sources already answered in ``output`` (with their unit code); a torn last line is cut.

    Only complete JSON lines count: an interrupted write leaves at most one partial line at
    the end, which is removed so the resumed run can append cleanly.
    """
    done: Answered = {}
    if not output.exists():
        return done
    keep = 0
    with output.open("rb") as stream:
        for raw in stream:
            if not raw.endswith(b"\n"):
                break
            line = raw.decode("utf-8")
            try:
                json.loads(line)
            except ValueError:
                break
            source = _SOURCE.match(line)
            if source is None:
                break
            code = _CODE.search(line)
            done[json.loads(source.group(1))] = (
                json.loads(code.group(1)) if code else None,
                line.startswith(source.group(0) + ',"error":'),
            )
            keep += len(raw)
    with output.open("r+b") as stream:
        stream.truncate(keep)
    return done


def _already(done: Answered, item: Item) -> bool:
    """Answered before: same source, and the same unit code where both are known."""
    if item.source not in done:
        return False
    match = re.search(rb'"unit_code"\s*:\s*"(\d{5})"', item.data)
    recorded = done[item.source][0]
    return recorded is None or match is None or match.group(1).decode() == recorded


# -- the batch verb --------------------------------------------------------------------------


class _Stop:
    """SIGINT / SIGTERM: finish the line being written, then stop cleanly."""

    def __init__(self) -> None:
        self.signal: int | None = None

    def __call__(self) -> bool:
        return self.signal is not None

    def handle(self, signum: int, frame: FrameType | None) -> None:
        self.signal = signum


def run_batch(
    source: Path,
    output: IO[bytes],
    ruleset: RulesetRef,
    *,
    workers: int | None = None,
    done: Answered | None = None,
    progress: IO[str] | None = None,
) -> Summary:
    """Write one line per input to ``output``; returns the summary (for stderr)."""
    # bad rules fail here, before any output (exit 4); forked workers inherit the loaded rules
    _worker_rules[str(ruleset)] = resolve_ruleset(ruleset)
    summary = Summary()
    started = time.perf_counter()
    stop = _Stop()
    previous = {sig: signal.signal(sig, stop.handle) for sig in (signal.SIGINT, signal.SIGTERM)}
    done = done or {}

    def todo() -> Iterator[Item]:
        for item in read_items(source):
            summary.inputs += 1
            if _already(done, item):
                summary.skipped += 1
                summary.skipped_errors += done[item.source][1]
                continue
            yield item

    try:
        for block in run_blocks(todo(), ruleset, workers, stop=stop):
            block.write_to(output)
            for line in block.lines:
                if line.verdict is None:
                    summary.errors += 1
                else:
                    summary.verdicts[line.verdict] += 1
            if progress is not None:
                _progress(progress, summary, started, final=False)
            if stop():
                break
        output.flush()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        summary.seconds = time.perf_counter() - started
        summary.interrupted = stop.signal is not None
        if progress is not None:
            _progress(progress, summary, started, final=True)
    return summary


_shown = [0.0]  # when the progress line was last redrawn


def _progress(stream: IO[str], summary: Summary, started: float, final: bool) -> None:
    """One line redrawn in place, at most five times a second, and at the end."""
    now = time.perf_counter()
    if not final and now - _shown[0] < 0.2:
        return
    _shown[0] = now
    n = sum(summary.verdicts.values()) + summary.errors
    rate = n / max(now - started, 1e-9)
    stream.write(f"\r{n:,} evaluated, {summary.errors} error(s), {rate:,.0f}/s")
    stream.write("\n" if final else "")
    stream.flush()
