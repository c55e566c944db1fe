"""The JSON API (``/v1``): the CLI's contract over HTTP.

``POST /v1/evaluate`` answers ``clean-strong evaluate FILE --format json``'s exact bytes (the
result JSON and the newline the CLI prints), ``POST /v1/explain`` the text of ``explain``,
``POST /v1/batch`` the lines of ``batch`` in input order (error records for bad lines), and
``POST /v1/convert`` a workbook's (or CSV table's) documents as JSONL. A document's body is its
raw bytes, parsed by the library's own parser, so errors and the input hash are the CLI's.
"""

from __future__ import annotations

import os
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any, Literal

import anyio
from fastapi import APIRouter, Query, Request
from starlette.background import BackgroundTask
from starlette.responses import Response, StreamingResponse

from ..batch import Line, error_line, process
from ..documents import Document, Item, parse_document, read_items
from ..errors import InputError
from ..words import Lang, say
from . import openapi, sheets, verbs
from .app import Service, service
from .errors import JSON_HEADERS, ApiError
from .guard import BodyTooLarge
from .lang import request_lang
from .work import in_thread, read_body, spool_body

SOURCE = "request"  # names the body in the library's errors (never shown: path and message are)
# A commune of up to ~150 officials evaluates in a few ms: on the event loop, without the
# threadpool's hand-off (~0.2 ms, a third of the evaluation; measured in benchmarks/). Larger
# documents, counterfactuals and explanations go to the threadpool, under the time limit.
INLINE_BYTES = 64 * 1024
BATCH_CHUNK = 32  # lines evaluated per trip to the threadpool, then sent

LangQuery = Annotated[Literal["vi", "en"] | None, Query(
    description="Language of what a person reads (messages, text); default: Accept-Language, "
                "else vi. The result JSON carries both languages.")]
CounterfactualsQuery = Annotated[bool, Query(
    description="Also the smallest change that would make each failed or unknown criterion "
                "pass (`evaluate --counterfactuals`).")]
CriterionQuery = Annotated[str | None, Query(
    max_length=16, description="Only this criterion's branch (`explain --criterion ID`).")]
SourceQuery = Annotated[str, Query(
    min_length=1, max_length=200, pattern=r"^[^\x00-\x1f]+$",
    description="The name each output line's `source` starts with (`NAME:LINE`): give the "
                "file's name to get the lines `clean-strong batch NAME` writes. A label only.")]


def rules_query(state: Service) -> Any:
    """The ``rules`` parameter: one of the served names (the default value of a route's
    argument, since the names are known only when the app is built)."""
    return Query(None, max_length=64, json_schema_extra={"enum": state.rulesets.names},
                 description="One of the rule sets the server was started with (default: "
                             f"{state.rulesets.default.name}).")


def router(state: Service) -> APIRouter:
    routes = APIRouter(prefix="/v1", tags=["assessment"])
    rules_param = rules_query(state)

    @routes.post("/evaluate", summary="Evaluate one commune or province report",
                 response_class=Response, responses=openapi.responses("Result"),
                 openapi_extra=openapi.document_body())
    async def evaluate(request: Request, lang: LangQuery = None,
                       counterfactuals: CounterfactualsQuery = False,
                       rules: str | None = rules_param) -> Response:
        """The result JSON: `clean-strong evaluate FILE --format json`, byte for byte (one
        line, ending with a newline)."""
        lg = lang or request_lang(request)
        s = service(request)
        ruleset = s.ruleset(rules, lg).rules
        body = await read_body(request, s.limits.body_seconds, lg)
        content_type = request.headers.get("content-type", "")

        def work() -> bytes:
            return verbs.evaluate_json(document_of(body, content_type, lg), ruleset, SOURCE,
                                       counterfactuals)

        if len(body) <= INLINE_BYTES and not counterfactuals and not sheets.is_zip(body):
            data = work()  # ~1 ms, bounded by the size: a thread would cost a third more
        else:
            data = await in_thread(work, s.limits.seconds, lg)
        return Response(data, media_type="application/json", headers=JSON_HEADERS)

    @routes.post("/explain", summary="Explain a result as a tree",
                 response_class=Response, responses=openapi.responses("text"),
                 openapi_extra=openapi.document_body())
    async def explain(request: Request, lang: LangQuery = None,
                      criterion: CriterionQuery = None,
                      rules: str | None = rules_param) -> Response:
        """The text of `clean-strong explain FILE [--criterion ID] --lang L`: verdict,
        criteria, inputs and their derivations, parameters, rules fired, counterfactuals."""
        lg = lang or request_lang(request)
        s = service(request)
        ruleset = s.ruleset(rules, lg).rules
        body = await read_body(request, s.limits.body_seconds, lg)
        content_type = request.headers.get("content-type", "")

        def work() -> bytes:
            document = document_of(body, content_type, lg)
            return verbs.explain_text(document, ruleset, SOURCE, lg, criterion)

        data = await in_thread(work, s.limits.seconds, lg)
        return Response(data, media_type="text/plain; charset=utf-8", headers=JSON_HEADERS)

    @routes.post("/batch", summary="Evaluate JSONL: one output line per input line",
                 response_class=StreamingResponse, responses=openapi.responses("jsonl"),
                 openapi_extra=openapi.jsonl_body())
    async def batch(request: Request, lang: LangQuery = None,
                    source: SourceQuery = "-",
                    rules: str | None = rules_param) -> Response:
        """The lines of `clean-strong batch NAME --workers 1`, in input order, streamed as
        they are evaluated: a result with `source` first, or an error record
        `{"source", "error": {"code", "path", "message"}}` for a bad line. Blank lines are
        skipped but counted. The body is received whole first (to a private temporary file),
        so a client that sends before it reads never deadlocks."""
        lg = lang or request_lang(request)
        s = service(request)
        served = s.ruleset(rules, lg)
        try:
            path = await spool_body(request, s.limits.body_seconds, lg)
        except BodyTooLarge as error:
            raise ApiError(413, 3, "", say("service.error.batch_too_large", lg,
                                            limit=_number(error.limit, lg))) from None
        lines = _batch_lines(path, source, served.ref, s.limits.batch_seconds, lg)
        return StreamingResponse(lines, media_type="application/x-ndjson",
                                 headers=JSON_HEADERS,
                                 background=BackgroundTask(_remove, path))

    @routes.post("/convert", summary="A workbook's or CSV table's documents, as JSONL",
                 response_class=Response, responses=openapi.responses("jsonl"),
                 openapi_extra=openapi.upload_body())
    async def convert(request: Request, lang: LangQuery = None) -> Response:
        """Every document of an uploaded workbook (`.xlsx`) or CSV table (a file name ending
        in `.csv`), one JSON document a line: the file `clean-strong convert IN -o OUT.jsonl`
        writes. A bad cell is a 422 naming it (`Sheet!C12 (column)`), every other under
        `more`; nothing is converted then."""
        from .pages import uploaded

        lg = lang or request_lang(request)
        s = service(request)
        filename, data = await uploaded(request, s, lg)
        suffix = sheets.kind(data, filename)
        if suffix == "json":
            raise ApiError(422, 3, "", say("service.error.not_a_table", lg))

        def work() -> bytes:
            documents = sheets.table_documents(data, suffix, lg)
            return b"".join(d.model_dump_json().encode() + b"\n" for _, d in documents)

        out = await in_thread(work, s.limits.seconds, lg)
        return Response(out, media_type="application/x-ndjson", headers=JSON_HEADERS)

    return routes


def document_of(body: bytes, content_type: str, lang: Lang) -> Document:
    """The body's document: JSON, or (as ``clean-strong evaluate`` reads a file) a workbook
    (recognised by its content) or a CSV table (``Content-Type: text/csv``) of one unit."""
    csv = content_type.split(";")[0].strip().lower() == "text/csv"
    kind = sheets.kind(body, "body.csv" if csv else "")
    if kind == "json":
        return parse_document(body, SOURCE)
    documents = sheets.table_documents(body, kind, lang)
    if len(documents) != 1:
        raise InputError(SOURCE, "", say("service.error.one_unit", lang, count=len(documents)))
    return documents[0][1]


async def _batch_lines(path: str, name: str, ref: object, seconds: float, lang: Lang
                       ) -> AsyncIterator[bytes]:
    """The CLI's reader over the spooled body (its line numbers, blank lines and over-long
    lines), each line through the CLI's ``batch.process``; ``BATCH_CHUNK`` at a time."""
    items = _renamed(read_items(Path(path)), path, name)
    deadline = time.monotonic() + seconds
    done = 0
    while True:
        lines = await anyio.to_thread.run_sync(_next, items, ref)
        if not lines:
            return
        done += len(lines)
        yield b"".join(line.data + b"\n" for line in lines)
        if time.monotonic() > deadline:
            message = say("service.error.batch_time_limit", lang, seconds=f"{seconds:g}",
                          done=done)
            yield error_line(f"{name}:*", 5, "", message).data + b"\n"
            return


def _next(items: Iterator[Item], ref: object) -> list[Line]:
    out: list[Line] = []
    for item in items:
        out.append(process(item, ref))  # type: ignore[arg-type]
        if len(out) == BATCH_CHUNK:
            break
    return out


def _renamed(items: Iterator[Item], path: str, name: str) -> Iterator[Item]:
    """The reader names lines ``TEMPFILE:N``; the client's label replaces the file name."""
    for item in items:
        yield replace(item, source=name + item.source[len(path):])


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def _number(value: int, lang: Lang) -> str:
    from ..words.format import number

    return number(value, lang)
