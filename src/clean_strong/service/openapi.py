"""The OpenAPI schema at ``/openapi.json``: the library's own models as its components.

Bodies are read raw (the library parses them), so FastAPI cannot see their models; the schema
declares them here instead: the request body of ``evaluate``/``explain`` is a ``Commune`` or a
``ProvinceReport`` (their pydantic JSON Schemas, as ``clean-strong schema`` prints), the answer
a ``Result``, every error an ``Error``. FastAPI's default 422 shape is replaced by ours, since
no route answers it.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

REF = "#/components/schemas/{model}"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["error"],
    "properties": {"error": {
        "type": "object",
        "required": ["code", "path", "message"],
        "properties": {
            "code": {"type": "integer", "description": "The CLI's exit code for the same "
                     "mistake: 1 the server's failure, 2 a bad parameter or address, 3 bad "
                     "input data, 5 a batch stopped early."},
            "path": {"type": "string", "description": "The field (`officials[3].role`), the "
                     "parameter (`query.lang`), or empty for the document as a whole."},
            "message": {"type": "string"},
            "more": {"type": "array", "description": "Further problems of the same document "
                     "(every bad cell of a workbook).", "items": {
                         "type": "object", "required": ["path", "message"],
                         "properties": {"path": {"type": "string"},
                                        "message": {"type": "string"}}}},
        },
    }},
}


OTHER_SCHEMAS: dict[str, dict[str, Any]] = {
    "RulesList": {"type": "object", "required": ["ruleset", "served", "criteria"]},
    "RuleShow": {"type": "object", "required": ["id", "ruleset", "text", "criterion"]},
    "JsonSchema": {"type": "object"},
}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": REF.format(model=name)}


def _error(description: str) -> dict[str, Any]:
    return {"description": description,
            "content": {"application/json": {"schema": _ref("Error")}}}


ERRORS: dict[int | str, dict[str, Any]] = {
    400: _error("A parameter outside its domain (code 2)."),
    404: _error("No such address, criterion or data set."),
    405: _error("The address does not take this method."),
    408: _error("The body did not arrive within the time limit."),
    413: _error("The body is over the size limit."),
    422: _error("The document is not valid input (code 3): field path and problem, the "
                "messages of the CLI."),
    503: _error("The work took longer than the time limit."),
}


def responses(kind: str) -> dict[int | str, dict[str, Any]]:
    """The documented answers of a route answering ``kind`` (a schema name, ``text``,
    ``jsonl``, ``html``)."""
    if kind == "html":
        page = {"text/html": {"schema": {"type": "string"}}}
        return {200: {"description": "The page.", "content": page}, **ERRORS,
                **{status: {"description": "The form again, with the error: "
                            + ERRORS[status]["description"], "content": page}
                   for status in (400, 408, 413, 422, 503)}}
    if kind == "text":
        ok: dict[str, Any] = {"text/plain": {"schema": {"type": "string"}}}
    elif kind == "jsonl":
        ok = {"application/x-ndjson": {"schema": {"type": "string"}}}
    else:
        ok = {"application/json": {"schema": _ref(kind)}}
    return {200: {"description": "Done.", "content": ok}, **ERRORS}


def document_body() -> dict[str, Any]:
    return {"requestBody": {
        "required": True,
        "description": "One commune or province-report JSON document, as a file holds it "
                       "(`curl --data-binary @FILE`; the kind is recognised from the content), "
                       "or a workbook or CSV table of one unit, as `clean-strong evaluate` "
                       "reads one.",
        "content": {
            "application/json": {"schema": {"oneOf": [_ref("Commune"), _ref("ProvinceReport")]}},
            XLSX: {"schema": {"type": "string", "format": "binary"}},
            "text/csv": {"schema": {"type": "string"}},
        },
    }}


def jsonl_body() -> dict[str, Any]:
    return {"requestBody": {
        "required": False,  # an empty batch is no input: no line out, as the CLI
        "description": "JSONL: one commune or province-report document a line (any content "
                       "type is read as JSONL).",
        "content": {"application/x-ndjson": {"schema": {"type": "string"}},
                    "text/plain": {"schema": {"type": "string"}}},
    }}


def upload_body() -> dict[str, Any]:
    return {"requestBody": {
        "required": True,
        "content": {"multipart/form-data": {"schema": {
            "type": "object", "required": ["file"],
            "properties": {"file": {"type": "string", "format": "binary"}}}}},
    }}


def _models() -> list[type[BaseModel]]:
    from ..dien_bien_2019.reproduce import Reproduction
    from ..models import Commune, ProvinceReport
    from ..result import Result

    return [Commune, ProvinceReport, Result, Reproduction]


def install(app: FastAPI, state: object) -> None:
    """Build the schema once, with the models' components and our error shape."""

    def schema() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        document = get_openapi(title=app.title, version=app.version, summary=app.summary,
                               description=DESCRIPTION, routes=app.routes)
        models = _models()
        modes = ["serialization" if m.__name__ in ("Result", "Reproduction") else "validation"
                 for m in models]
        _, defs = models_json_schema(list(zip(models, modes, strict=True)),  # type: ignore[arg-type]
                                     ref_template=REF)
        components = document.setdefault("components", {}).setdefault("schemas", {})
        for name in ("HTTPValidationError", "ValidationError"):
            components.pop(name, None)
        components.update(defs.get("$defs", {}))
        components["Error"] = ERROR_SCHEMA
        components.update(OTHER_SCHEMAS)
        for item in document.get("paths", {}).values():
            for operation in item.values():
                for status, answer in list(operation.get("responses", {}).items()):
                    content = answer.get("content", {}).get("application/json", {})
                    if content.get("schema", {}).get("$ref", "").endswith("HTTPValidationError"):
                        operation["responses"][status] = ERRORS[422]
        app.openapi_schema = document
        return document

    app.openapi = schema  # type: ignore[method-assign]


DESCRIPTION = """\
The assessment of `clean-strong` over HTTP. Every route answers the bytes of the matching
command: `POST /v1/evaluate` is `clean-strong evaluate FILE --format json` (the result JSON and
the newline the CLI prints), `POST /v1/batch` the lines of `clean-strong batch`. Errors are
`{"error": {"code", "path", "message"}}` with the CLI's exit code as `code`.
"""
