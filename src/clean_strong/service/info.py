"""What the server knows, read-only: its rule sets, the input schemas, the bundled
reproduction, and its health."""

from __future__ import annotations

from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Path, Request
from starlette.responses import Response

from ..errors import InputError
from ..version import __version__
from ..words import say
from . import openapi, verbs
from .api import LangQuery, rules_query
from .app import Service, service
from .errors import JSON_HEADERS, ApiError
from .lang import request_lang
from .work import in_thread

CACHE = {"Cache-Control": "public, max-age=300"}


def _datasets() -> tuple[str, ...]:
    from ..datasets import DATASETS

    return tuple(DATASETS)


def _json(data: Any, headers: dict[str, str] = CACHE) -> Response:
    return Response(orjson.dumps(data) + b"\n", media_type="application/json", headers=headers)


def router(state: Service) -> APIRouter:
    routes = APIRouter()
    rules_param = rules_query(state)
    reproductions: dict[tuple[str, str], bytes] = {}

    @routes.get("/healthz", tags=["server"], summary="Liveness and what is served",
                responses={200: {"description": "Serving."}})
    async def healthz(request: Request) -> Response:
        """`{"status": "ok", ...}` while the server answers; the rule sets it serves."""
        s = service(request)
        return _json({"status": "ok", "version": __version__, "rulesets": s.rulesets.names,
                      "default": s.rulesets.default.name}, JSON_HEADERS)

    @routes.get("/v1/rules", tags=["rules"], summary="The criteria of a rule set",
                responses=openapi.responses("RulesList"))
    async def rules_list(request: Request,
                         rules: str | None = rules_param) -> Response:
        """The rows of `clean-strong rules list` (id, kind, mandatory, confidence, in force,
        title) and the rule sets this server serves."""
        s = service(request)
        served = s.ruleset(rules, request_lang(request))
        return _json(verbs.rules_list(served.rules, s.rulesets.names))

    @routes.get("/v1/rules/{criterion_id}", tags=["rules"], summary="One criterion",
                responses=openapi.responses("RuleShow"))
    async def rules_show(request: Request,
                         criterion_id: Annotated[str, Path(max_length=16)],
                         lang: LangQuery = None,
                         rules: str | None = rules_param) -> Response:
        """`clean-strong rules show ID --lang L` as `text` (legal basis, parameters by date,
        condition), and the criterion as its YAML file writes it."""
        lg = lang or request_lang(request)
        served = service(request).ruleset(rules, lg)
        try:
            return _json(verbs.rules_show(served.rules, criterion_id, lg))
        except InputError as error:
            raise ApiError(404, error.exit_code, "", error.message_in(lg)) from None

    @routes.get("/v1/schema/{kind}", tags=["rules"], summary="The input JSON Schema",
                responses=openapi.responses("JsonSchema"))
    async def schema(request: Request, kind: Annotated[str, Path(
            max_length=32, json_schema_extra={"enum": list(verbs.SCHEMA_KINDS)})]) -> Response:
        """`clean-strong schema --kind KIND`: `commune` or `report`."""
        if kind not in verbs.SCHEMA_KINDS:
            raise ApiError(404, 2, "", say("service.error.schema", request_lang(request),
                                            kind=repr(kind), known=", ".join(verbs.SCHEMA_KINDS)))
        return Response(verbs.schema_json(kind, request_lang(request)),
                        media_type="application/json", headers=CACHE)

    @routes.get("/v1/reproduce/{dataset}", tags=["rules"],
                summary="The bundled assessment reproduced",
                responses=openapi.responses("Reproduction"))
    async def reproduce(request: Request, dataset: Annotated[str, Path(
            max_length=64, json_schema_extra={"enum": list(_datasets())})],
                        rules: str | None = rules_param) -> Response:
        """`clean-strong reproduce DATASET --format json` (dien-bien-2019: the 130 units of
        Điện Biên for 2019), computed once per rule set and kept."""
        lg = request_lang(request)
        s = service(request)
        served = s.ruleset(rules, lg)
        known = _datasets()
        if dataset not in known:
            raise ApiError(404, 2, "", say("service.error.dataset", lg, name=repr(dataset),
                                            known=", ".join(known)))
        key = (dataset, served.name)
        if key not in reproductions:
            reproductions[key] = await in_thread(
                lambda: verbs.reproduce_json(dataset, served.rules), s.limits.batch_seconds, lg)
        return Response(reproductions[key], media_type="application/json", headers=CACHE)

    return routes

