"""Every error answered as one body, ``{"error": {"code", "path", "message"}}``.

``code`` is the CLI's exit code for the same mistake (2 a bad option or address, 3 bad input
data, 1 the server's own failure), ``path`` the field (``officials[3].professional_level``, or
``query.lang`` for a parameter; empty for the document as a whole) and ``message`` the problem:
for a document, the library's own :class:`~clean_strong.errors.InputError` text, exactly what
``clean-strong evaluate`` prints after ``FILE: path:``; for what the service itself refuses
(an unknown address, a body too large, a bad parameter), a sentence of the catalogue in the
request's language. A document with several problems also lists the others under ``more`` (all
of them, as the CLI prints them: every bad cell of a workbook). No handler ever answers with a
traceback: anything unexpected is logged on the server and answered as a 500 with ``code`` 1.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from typing import Any

import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.responses import Response

from ..errors import CleanStrongError, InputError
from ..words import LANGS, Lang, say
from .lang import request_lang

log = logging.getLogger("clean_strong.service")

JSON_HEADERS = {"Cache-Control": "no-store"}


class ApiError(Exception):
    """An answer other than success: status, CLI exit code, field path, message."""

    def __init__(self, status: int, code: int, path: str, message: str,
                 more: Sequence[tuple[str, str]] = (),
                 headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.path = path
        self.message = message
        self.more = list(more)
        self.headers = dict(headers or {})

    @classmethod
    def of_input(cls, error: InputError, lang: Lang = "vi") -> ApiError:
        """A document's problem (422): the library's message in ``lang``, the CLI's exit
        code 3."""
        every = error.more_en if lang == "en" and len(error.more_en) == len(error.more) else (
            error.more)
        return cls(422, error.exit_code, error.path, error.message_in(lang), list(every))

    def body(self) -> bytes:
        return error_body(self.code, self.path, self.message, self.more)

    def response(self) -> Response:
        return Response(self.body(), self.status, {**JSON_HEADERS, **self.headers},
                        media_type="application/json")


def error_body(code: int, path: str, message: str,
               more: Sequence[tuple[str, str]] = ()) -> bytes:
    error: dict[str, Any] = {"code": code, "path": path, "message": message}
    if more:
        error["more"] = [{"path": p, "message": m} for p, m in more]
    return orjson.dumps({"error": error}) + b"\n"


def too_large(limit: int, lang: Lang) -> ApiError:
    from ..words.format import number

    return ApiError(413, 3, "", say("service.error.too_large", lang, limit=number(limit, lang)))


def bad_parameter(where: str, name: str, message: str) -> ApiError:
    """A parameter outside its domain: the CLI's usage error (exit 2), status 400."""
    return ApiError(400, 2, f"{where}.{name}", message)


def install(app: FastAPI) -> None:
    """Route every failure through :class:`ApiError`'s body (FastAPI's own shapes never
    reach a client)."""

    async def api_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, ApiError)
        return error.response()

    async def input_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, InputError)
        return ApiError.of_input(error, request_lang(request)).response()

    async def library_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, CleanStrongError)
        log.error("%s on %s %s: %s", type(error).__name__, request.method, request.url.path,
                  error)
        return ApiError(500, error.exit_code or 1, "", str(error)).response()

    async def validation_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, RequestValidationError)
        return _validation(error, request_lang(request)).response()

    async def http_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, HTTPException)
        lang = request_lang(request)
        path = request.url.path
        headers = dict(error.headers or {})
        if error.status_code == 404:
            return ApiError(404, 2, "", say("service.error.not_found", lang, path=path),
                            headers=headers).response()
        if error.status_code == 405:
            allowed = _allowed(request, headers.get("Allow", headers.get("allow", "")))
            headers["Allow"] = allowed
            return ApiError(405, 2, "", say("service.error.method", lang, method=request.method,
                                             path=path, allowed=allowed),
                            headers=headers).response()
        return ApiError(error.status_code, 2 if error.status_code < 500 else 1, "",
                        str(error.detail), headers=headers).response()

    async def internal_error(request: Request, error: Exception) -> Response:
        log.exception("internal error on %s %s", request.method, request.url.path)
        message = say("service.error.internal", request_lang(request), kind=type(error).__name__)
        return ApiError(500, 1, "", message).response()

    app.add_exception_handler(ApiError, api_error)
    app.add_exception_handler(InputError, input_error)
    app.add_exception_handler(CleanStrongError, library_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(Exception, internal_error)


def _allowed(request: Request, given: str) -> str:
    """Every method some route takes at this path: Starlette names only the first route's,
    so the OpenAPI paths are matched too (plus ``HEAD`` wherever ``GET`` is)."""
    methods = {m.strip().upper() for m in given.split(",") if m.strip()}
    path = request.url.path
    root = request.scope.get("root_path", "")
    if root and path.startswith(root):
        path = path[len(root):]
    for template, item in request.app.openapi().get("paths", {}).items():
        pattern = re.sub(r"\\\{[^/]*?\\\}", "[^/]+", re.escape(template))
        if re.fullmatch(pattern, path):
            methods |= {m.upper() for m in item}
    if "GET" in methods:
        methods.add("HEAD")
    return ", ".join(sorted(methods))


def _validation(error: RequestValidationError, lang: Lang) -> ApiError:
    """FastAPI's checks of the query and path parameters, as the CLI's usage error."""
    item = error.errors()[0]
    loc = [str(part) for part in item.get("loc", ())]
    where, name = (loc[0], ".".join(loc[1:])) if len(loc) > 1 else ("query", ".".join(loc))
    value = item.get("input")
    shown = repr(value) if isinstance(value, str) else str(value)
    kind = item.get("type", "")
    if kind == "literal_error":
        expected = str((item.get("ctx") or {}).get("expected", ""))
        message = say("service.error.choice", lang, value=shown,
                      allowed=expected.replace("'", "").replace(" or ", ", "))
    elif kind == "bool_parsing":
        message = say("service.error.boolean", lang, value=shown)
    else:
        message = say("service.error.value", lang, problem=item.get("msg", ""))
    return bad_parameter(where, name, message)


__all__ = ["LANGS", "ApiError", "bad_parameter", "error_body", "install", "too_large"]
