"""Receiving a body and running the library's (synchronous) work, each within its limit.

The work runs in the threadpool, never on the event loop, so one slow evaluation does not
stall the connections of the others. That is safe with durable-rules' process-global C state:
the extension never releases the GIL, so each engine call runs alone, and each compiled rule
set holds its one engine session behind a lock (``engine/session.py``) for the whole
assert → fire → retract sequence. It gives no parallelism within a process (the GIL again):
throughput comes from worker processes (``--workers N``), each with its own engine.

A time limit answers 503 when it passes; the thread is abandoned, not killed (Python cannot),
and finishes on its own: an evaluation is bounded by its document's size and the engine's
firing limit.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from typing import TypeVar

import anyio
from starlette.requests import Request

from ..words import Lang, say
from .errors import ApiError

T = TypeVar("T")


async def read_body(request: Request, seconds: float, lang: Lang) -> bytes:
    """The whole body (the size limit is the ASGI layer's, while it arrives)."""
    chunks: list[bytes] = []
    with anyio.move_on_after(seconds) as scope:
        async for chunk in request.stream():
            chunks.append(chunk)
    if scope.cancelled_caught:
        raise ApiError(408, 3, "", say("service.error.too_slow", lang, seconds=_s(seconds)),
                       headers={"Connection": "close"})
    return b"".join(chunks)


async def spool_body(request: Request, seconds: float, lang: Lang) -> str:
    """The body written to a new private temporary file (its name is ours, never the
    request's); the caller removes it."""
    handle, path = tempfile.mkstemp(prefix="clean-strong-serve-", suffix=".jsonl")
    try:
        with os.fdopen(handle, "wb") as out, anyio.move_on_after(seconds) as scope:
            async for chunk in request.stream():
                out.write(chunk)
        if scope.cancelled_caught:
            raise ApiError(408, 3, "", say("service.error.too_slow", lang, seconds=_s(seconds)),
                           headers={"Connection": "close"})
    except BaseException:
        os.unlink(path)
        raise
    return path


async def in_thread(work: Callable[[], T], seconds: float, lang: Lang) -> T:
    """``work()`` in the threadpool; 503 when it takes longer than ``seconds``."""
    with anyio.move_on_after(seconds) as scope:
        return await anyio.to_thread.run_sync(work, abandon_on_cancel=True)
    assert scope.cancelled_caught
    raise ApiError(503, 1, "", say("service.error.time_limit", lang, seconds=_s(seconds)),
                   headers={"Retry-After": "10"})


def _s(seconds: float) -> str:
    return f"{seconds:g}"
