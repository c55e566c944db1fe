"""The batch: every input read once, in order, evaluated over the pool, written in order.

Every input yields exactly one output line, in input order; the bytes written do not depend on
the number of workers. Chunks of ``CHUNK`` inputs go to the workers with a bounded number in
flight, so memory stays flat however large the input. It stops early only with whole lines
written: on SIGINT / SIGTERM (within a second, the summary says how to resume), when a worker
dies or the output cannot be written (:class:`~clean_strong.errors.OutputError`, exit 7, with
the command that resumes it).
"""

from __future__ import annotations

import os
import shutil
import signal
import stat
import time
from collections import Counter, deque
from collections.abc import Generator, Iterable, Iterator
from concurrent.futures import Future
from contextlib import closing, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from ..documents import Item, is_stdin, read_items
from ..errors import OutputError
from ..ruleset import RuleSet
from ..words import Lang, default_lang, say
from ..words.format import number
from .lines import Block, RulesetRef, preload, process, process_chunk
from .output import cannot_write
from .pool import Interrupted, Stop, WorkerDied, Workers, count_of, spool_directory
from .resume import Resume

# inputs per task: each costs the parent a spool file to open, append and remove (~1 ms on
# ext4), and at the end a worker may wait up to one chunk (~0.1 s) for the other
CHUNK = 128


@dataclass
class Summary:
    inputs: int = 0
    skipped: int = 0  # already answered (resume)
    skipped_errors: int = 0  # of which error records
    dropped: int = 0  # lines of the old output that no longer answered their input
    verdicts: Counter[str] = field(default_factory=Counter)
    errors: int = 0
    seconds: float = 0.0
    signal: int | None = None  # the signal that stopped it
    started: bool = False

    @property
    def interrupted(self) -> bool:
        return self.signal is not None

    def text(self, lang: Lang | None = None, resume: str | None = None) -> str:
        lang = lang or default_lang()
        v = self.verdicts
        done = sum(v.values())
        parts = [say("batch.summary.counts", lang, inputs=self.inputs, done=done,
                     recognised=v["recognised"], not_recognised=v["not_recognised"],
                     undetermined=v["undetermined"], errors=self.errors)]
        if self.skipped:
            parts.append(say("batch.summary.resumed", lang, kept=self.skipped,
                             errors=self.skipped_errors))
        if self.dropped:
            parts.append(say("batch.summary.dropped", lang, dropped=self.dropped))
        rate = (done + self.errors) / self.seconds if self.seconds else 0.0
        parts.append(say("batch.summary.speed", lang, seconds=number(self.seconds, lang, 1),
                         rate=number(round(rate), lang)))
        if self.signal is not None:
            name = signal.Signals(self.signal).name
            if resume is None:
                parts.append(say("batch.summary.rerun", lang, signal=name))
            else:
                parts.append(say("batch.summary.interrupted", lang, signal=name))
                parts.append(say("output.resume_with", lang, command=resume))
        return "; ".join(parts)


def run_batch(
    source: Path,
    output: IO[bytes],
    ruleset: RulesetRef,
    *,
    workers: int | None = None,
    resume: Resume | None = None,
    progress: IO[str] | None = None,
    summary: Summary | None = None,
    name: str | None = None,
    resume_command: str | None = None,
    lang: Lang | None = None,
    rules: RuleSet | None = None,
) -> Summary:
    """Write one line per input of ``source`` to ``output``; the summary (for stderr), filled
    in as it goes into ``summary`` when given (it then tells even a failed run's counts).

    ``resume``: the lines already in ``output`` that still answer the input are kept, the
    rest is evaluated (:mod:`.resume`). ``name`` and ``resume_command`` are what an
    :class:`OutputError` says when ``output`` cannot be written or a worker dies; ``rules``
    the rule set ``ruleset`` names, when the caller loaded it already.
    """
    count = count_of(workers)
    lang = lang or default_lang()
    name = name or say("output.stdout", lang)
    rules = preload(ruleset, rules)  # bad rules fail here, before any output (exit 4)
    summary = summary if summary is not None else Summary()
    summary.started = True
    if resume is not None:
        resume.start(rules, ruleset, str(source), not is_stdin(source) and source.is_dir())
    started = time.perf_counter()
    stop = Stop()
    previous = {sig: signal.signal(sig, stop.handle) for sig in (signal.SIGINT, signal.SIGTERM)}

    def todo() -> Iterator[Item]:
        for index, item in enumerate(read_items(source)):
            summary.inputs += 1
            if resume is not None and resume.answered(index, item):
                continue
            yield item
        if resume is not None:
            resume.finish(summary.inputs)

    # a pipe or a terminal may block a write for ever (a file cannot): let a signal cut it
    blocking = stop.blocking if not _regular(output) else nullcontext
    try:
        with closing(_blocks(todo(), ruleset, count, stop)) as blocks:
            for block in blocks:
                try:
                    with blocking():
                        block.write_to(output)
                except BrokenPipeError:  # the reader left (`| head`): the CLI's to judge
                    raise
                except OSError as error:
                    raise OutputError(name, cannot_write(error, lang), resume_command) from None
                for line in block.lines:
                    if line.verdict is None:
                        summary.errors += 1
                    else:
                        summary.verdicts[line.verdict] += 1
                if progress is not None:
                    _progress(progress, summary, started, lang, final=False)
                stop.check()
        try:
            output.flush()
        except OSError as error:
            raise OutputError(name, cannot_write(error, lang), resume_command) from None
    except Interrupted as stopped:
        summary.signal = stopped.signum
    except WorkerDied as died:
        if stop.signal is not None:  # SIGTERM to the whole group (systemd): the stop it asked
            summary.signal = stop.signal
        else:
            raise OutputError(name, say("batch.worker_died", lang, how=died.how),
                              resume_command) from None
    except BrokenPipeError:
        raise
    except OSError as error:  # the spool (inputs' read errors are InputErrors)
        where = error.filename or name
        raise OutputError(str(where), cannot_write(error, lang), resume_command) from None
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        summary.seconds = time.perf_counter() - started
        if resume is not None:
            summary.skipped, summary.skipped_errors = resume.kept, resume.kept_errors
            summary.dropped = resume.dropped if resume.cut_at is not None else 0
        if progress is not None:
            _progress(progress, summary, started, lang, final=True)
    return summary


def _blocks(
    items: Iterable[Item], ref: RulesetRef, count: int, stop: Stop
) -> Generator[Block, None, None]:
    """Output lines in input order; ``count`` 1 runs in this process, a line at a time."""
    source = iter(items)
    if count <= 1:
        while True:
            with stop.blocking():
                item = next(source, None)
            if item is None:
                return
            yield Block([process(item, ref)])
            stop.check()
    spool = spool_directory()
    pool = Workers(count, spool)
    aborted = True
    try:
        chunks = _chunks(source, CHUNK)
        pending: deque[Future[Block]] = deque()
        done = False
        number = 0
        while True:
            while not done and len(pending) < count * 3:
                if pending and pending[0].done():
                    break  # write what is ready before reading on (a slow pipe)
                with stop.blocking():
                    chunk = next(chunks, None)
                if chunk is None:
                    done = True
                    break
                task = (chunk, ref, True, str(spool / f"{number}.jsonl"))
                pending.append(pool.submit(process_chunk, *task))
                number += 1
            if not pending:
                break
            yield pool.result(pending.popleft(), stop)
        aborted = False
    finally:
        pool.close(abort=aborted)
        shutil.rmtree(spool, ignore_errors=True)


def _regular(output: IO[bytes]) -> bool:
    try:
        return stat.S_ISREG(os.fstat(output.fileno()).st_mode)
    except (OSError, ValueError):  # not a file at all (a test's BytesIO): never blocks
        return True


def _chunks(items: Iterator[Item], size: int) -> Iterator[list[Item]]:
    chunk: list[Item] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


_shown = [0.0]  # when the progress line was last redrawn


def _progress(stream: IO[str], summary: Summary, started: float, lang: Lang,
              final: bool) -> None:
    """One line redrawn in place, at most five times a second, and at the end."""
    now = time.perf_counter()
    if not final and now - _shown[0] < 0.2:
        return
    _shown[0] = now
    n = sum(summary.verdicts.values()) + summary.errors
    rate = n / max(now - started, 1e-9)
    stream.write("\r" + say("batch.progress", lang, done=number(n, lang), errors=summary.errors,
                            rate=number(round(rate), lang)))
    stream.write("\n" if final else "")
    stream.flush()


__all__ = ["CHUNK", "Summary", "run_batch"]
