"""The worker pool: forked processes that inherit the loaded rule set, and never outlive or
outwait the parent.

``concurrent.futures.ProcessPoolExecutor`` notices a worker that died (killed, out of memory)
and fails every pending task with ``BrokenProcessPool`` — ``multiprocessing.Pool`` replaces the
worker and waits for ever for the lost task's result. The parent waits for a result in slices
of ``WAIT`` seconds and checks its stop flag between them, so SIGINT or SIGTERM is honoured
within a second even when a task never ends. A worker dies with its parent: Linux signals it
when the parent dies (``PR_SET_PDEATHSIG``; elsewhere a thread watches the parent's pid), and
it then removes the parent's spool directory and exits without a traceback.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from multiprocessing.connection import wait as wait_for
from multiprocessing.process import BaseProcess
from pathlib import Path
from types import FrameType
from typing import Any, TypeVar

T = TypeVar("T")
WAIT = 0.1  # seconds between two looks at the stop flag while a result is awaited
SPOOL_PREFIX = "clean-strong-batch-"
_PR_SET_PDEATHSIG = 1
# the signal a worker asks the kernel for when its parent dies. Not SIGTERM: a parent killed
# with SIGKILL may lose its forking thread before its others, and the kernel then signals the
# workers while they still name that process as their parent, so a SIGTERM handler could not
# tell "the parent is dying" from "someone sent SIGTERM"; nobody else sends this one
PARENT_GONE = signal.SIGUSR2


class Interrupted(BaseException):
    """SIGINT or SIGTERM arrived: stop now, keep what was written."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


class WorkerDied(Exception):
    """A worker process ended without finishing its task (killed, out of memory)."""

    def __init__(self, how: str) -> None:
        super().__init__(how)
        self.how = how


class Stop:
    """The stop flag, set by SIGINT / SIGTERM. While the parent may be blocked on a pipe
    (reading an input nobody writes, writing to a reader that does not read), a signal raises
    :class:`Interrupted` at once instead."""

    def __init__(self) -> None:
        self.signal: int | None = None
        self._reading = False

    def __call__(self) -> bool:
        return self.signal is not None

    def handle(self, signum: int, frame: FrameType | None) -> None:
        self.signal = signum
        if self._reading:
            raise Interrupted(signum)

    def check(self) -> None:
        if self.signal is not None:
            raise Interrupted(self.signal)

    @contextmanager
    def blocking(self) -> Iterator[None]:
        """Around a read or a write that may block for ever: a signal interrupts it."""
        self.check()
        self._reading = True
        try:
            yield
        finally:
            self._reading = False


def count_of(workers: int | None) -> int:
    """The number of processes: ``None`` all cores; below 1 is a mistake, not a default."""
    if workers is None:
        return os.cpu_count() or 1
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise ValueError(f"workers must be a whole number of at least 1, not {workers!r}")
    return workers


# -- in a worker -----------------------------------------------------------------------------


def _init_worker(parent: int, spool: str | None) -> None:
    # the parent decides when to stop (Ctrl-C reaches the whole process group), and ends its
    # workers with SIGKILL; a SIGTERM from elsewhere ends one quietly, without a traceback
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, lambda signum, frame: os._exit(128 + signum))
    signal.signal(PARENT_GONE, lambda signum, frame: _orphaned(spool))
    _die_with(parent, spool)
    # what a forked worker inherited (the loaded rule set) lives as long as it does: out of its
    # collector's full passes, which would otherwise write to (and so copy) the shared pages
    gc.freeze()


def _orphaned(spool: str | None) -> None:
    """The parent died: remove its spool directory (nobody else will) and exit, quietly."""
    if spool is not None:
        shutil.rmtree(spool, ignore_errors=True)
    os._exit(128 + signal.SIGTERM)


def _die_with(parent: int, spool: str | None) -> None:
    """Be told when the parent dies: by the kernel on Linux, else by a thread watching."""
    if sys.platform == "linux":
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(_PR_SET_PDEATHSIG, int(PARENT_GONE), 0, 0, 0) == 0:
                if os.getppid() != parent:  # it died before the request was made
                    _orphaned(spool)
                return
        except (AttributeError, OSError):
            pass

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        _orphaned(spool)

    threading.Thread(target=watch, name="clean-strong-parent-watch", daemon=True).start()


# -- in the parent ---------------------------------------------------------------------------


class Workers:
    """``count`` forked workers (spawned where fork is not available)."""

    def __init__(self, count: int, spool: Path | None = None) -> None:
        context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
        self._executor = ProcessPoolExecutor(
            count, mp_context=context, initializer=_init_worker,
            initargs=(os.getpid(), None if spool is None else str(spool)))
        self._count = count
        self._processes: list[BaseProcess] = []

    def submit(self, function: Callable[..., T], *args: Any) -> Future[T]:
        try:
            future = self._executor.submit(function, *args)
        except BrokenProcessPool:
            raise WorkerDied(self._how()) from None
        if not self._processes and len(self._executor._processes) == self._count:
            # all forked at the first task: kept to watch them and to say how one ended
            self._processes = list(self._executor._processes.values())
            # The parent never sends a result, yet holds the result pipe's writing end: a
            # worker killed half-way through sending a result would leave the executor's
            # thread waiting for ever for the rest (and the interpreter, at exit, for it).
            # Closed here, the workers' deaths are an end of file for that thread.
            getattr(self._executor, "_result_queue")._writer.close()  # noqa: B009
        return future

    def result(self, future: Future[T], stop: Stop) -> T:
        """The task's result; :class:`Interrupted` when stopped while waiting for it,
        :class:`WorkerDied` when a worker died (seen by the executor, or by this watch of
        the workers: a worker killed while it held the result pipe's lock blocks the
        executor's own notice)."""
        sentinels = [p.sentinel for p in self._processes]
        while True:
            try:
                return future.result(timeout=WAIT)
            except FutureTimeout:
                stop.check()
                if sentinels and wait_for(sentinels, 0):
                    raise WorkerDied(self._how()) from None
            except BrokenProcessPool:
                raise WorkerDied(self._how()) from None

    def _how(self) -> str:
        for process in self._processes:
            process.join(0.5)
        for process in self._processes:
            code = process.exitcode
            if code is not None and code < 0:
                try:
                    name = signal.Signals(-code).name
                except ValueError:
                    name = f"signal {-code}"
                return f"pid {process.pid}, {name}"
            if code not in (None, 0):
                return f"pid {process.pid}, exit code {code}"
        return "ended abruptly"

    def close(self, abort: bool) -> None:
        """Wait for the workers to finish (``abort``: cancel what is pending and kill them)."""
        if not abort:
            self._executor.shutdown(wait=True)
            return
        self._executor.shutdown(wait=False, cancel_futures=True)
        for process in self._processes:
            if process.is_alive():
                process.kill()
        for process in self._processes:
            process.join(2)


def spool_directory() -> Path:
    """A new spool directory, named for this process; those of dead processes are removed
    first (a parent and its workers killed together leave theirs)."""
    root = Path(tempfile.gettempdir())
    pattern = re.compile(re.escape(SPOOL_PREFIX) + r"(\d+)-")
    try:
        for entry in root.iterdir():
            found = pattern.match(entry.name)
            if found and entry.is_dir() and not _alive(int(found.group(1))):
                shutil.rmtree(entry, ignore_errors=True)
    except OSError:
        pass
    return Path(tempfile.mkdtemp(prefix=f"{SPOOL_PREFIX}{os.getpid()}-"))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # someone else's: not ours to judge
        return True
    return True


__all__ = ["WAIT", "Interrupted", "Stop", "WorkerDied", "Workers", "count_of",
           "spool_directory"]
