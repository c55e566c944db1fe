"""A lean HTTP/1.1 load client for the service benchmarks (asyncio streams, keep-alive).

It sends prepared request bytes and reads each answer by its ``Content-Length``, so the
client costs a few per cent of the server's time per request and measures the server, not
itself. Each of ``concurrency`` connections takes every ``concurrency``-th request; a
connection is reopened every ``reconnect`` requests, so that the kernel spreads connections
over the worker processes of a multi-worker server (a kept connection stays with one).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes


def post(path: str, body: bytes) -> bytes:
    return (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n").encode() + body


async def _read(reader: asyncio.StreamReader) -> Answer:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    length = 0
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "content-length":
            length = int(value)
    return Answer(status, await reader.readexactly(length))


async def _connection(port: int, requests: list[bytes], mine: range, out: list[Answer | None],
                      reconnect: int) -> None:
    reader: asyncio.StreamReader | None = None
    writer: asyncio.StreamWriter | None = None
    for count, index in enumerate(mine):
        if writer is None or count % reconnect == 0:
            if writer is not None:
                writer.close()
            reader, writer = await asyncio.open_connection("127.0.0.1", port, limit=1 << 22)
        assert reader is not None
        writer.write(requests[index])
        out[index] = await _read(reader)
    if writer is not None:
        writer.close()


async def _run(port: int, requests: list[bytes], concurrency: int, reconnect: int
               ) -> list[Answer]:
    out: list[Answer | None] = [None] * len(requests)
    await asyncio.gather(*(
        _connection(port, requests, range(i, len(requests), concurrency), out, reconnect)
        for i in range(concurrency)))
    assert all(a is not None for a in out)
    return out  # type: ignore[return-value]


def load(port: int, requests: list[bytes], concurrency: int = 32, reconnect: int = 25
         ) -> list[Answer]:
    """Every request's answer, in the order of ``requests``."""
    try:
        import uvloop  # the server's event loop: a third less client time than asyncio's
    except ImportError:
        return asyncio.run(_run(port, requests, concurrency, reconnect))
    return uvloop.run(_run(port, requests, concurrency, reconnect))
