"""The ASGI application: :func:`create_app` for a program, :func:`from_environment` for the
worker processes ``clean-strong serve --workers N`` starts.

Layers, outside in: security headers on every answer; the body size limit (by route: a
document, a batch); FastAPI's routing; one error handler for every failure
(:mod:`.errors`). The routes are split by concern: the JSON API (:mod:`.api`), what the server
knows (:mod:`.info`: rules, schemas, the reproduction, health), the pages a person opens
(:mod:`.pages`: the upload page, the docs page). The service holds no assessment logic: it
calls the library's functions as the CLI does (:mod:`.verbs`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from fastapi import FastAPI, Request
from starlette.responses import Response

from ..ruleset import RuleSet
from ..version import __version__
from ..words import Lang, say
from . import config, errors
from .config import Limits, Ref, RuleSets, Served
from .guard import BodyLimit, BodyTooLarge, SecurityHeaders
from .lang import request_lang

MULTIPART_SLACK = 64 * 1024  # an upload's form framing around the file itself


@dataclass(frozen=True)
class Service:
    """What every route reads: the served rule sets and the limits."""

    rulesets: RuleSets
    limits: Limits

    def ruleset(self, name: str | None, lang: Lang) -> Served:
        """The rule set ``?rules=NAME`` chooses among those served (the first by default)."""
        if name is None:
            return self.rulesets.default
        found = self.rulesets.by_name.get(name)
        if found is None:
            raise errors.bad_parameter("query", "rules", say(
                "service.error.rules", lang, name=repr(name),
                served=", ".join(self.rulesets.names)))
        return found

    def body_limit(self, path: str) -> int:
        if path == "/v1/batch":
            return self.limits.batch_bytes
        if path in ("/", "/v1/convert"):
            return self.limits.document_bytes + MULTIPART_SLACK
        return self.limits.document_bytes


def service(request: Request) -> Service:
    found: Service = request.app.state.service
    return found


def create_app(rules: Sequence[Ref | RuleSet] | RuleSets = (), limits: Limits | None = None
               ) -> FastAPI:
    """The service for ``rules`` (bundled names, directories or loaded rule sets; the first
    is the default; none: the bundled default) within ``limits``."""
    from . import api, info, openapi, pages

    rulesets = rules if isinstance(rules, RuleSets) else RuleSets.load(list(rules))
    state = Service(rulesets, limits or Limits())
    app = FastAPI(
        title="clean-strong",
        version=__version__,
        summary="Is a Vietnamese commune government “trong sạch, vững mạnh”? "
                "The rule engine's assessment over HTTP.",
        docs_url=None,  # FastAPI's pages load their scripts from a CDN; ours loads nothing
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.service = state
    app.include_router(api.router(state))
    app.include_router(info.router(state))
    app.include_router(pages.router(state))
    errors.install(app)

    async def body_too_large(request: Request, error: Exception) -> Response:
        assert isinstance(error, BodyTooLarge)
        response = errors.too_large(error.limit, request_lang(request)).response()
        response.headers["Connection"] = "close"
        return response

    app.add_exception_handler(BodyTooLarge, body_too_large)
    app.add_middleware(BodyLimit, limit_of=state.body_limit)
    app.add_middleware(SecurityHeaders)
    openapi.install(app, state)
    return app


def from_environment() -> FastAPI:
    """The app of one worker process: the rule sets and limits its parent was started with."""
    refs, limits = config.from_environment()
    return create_app([Path(r) if "/" in r else r for r in refs], limits)


__all__ = ["Limits", "Service", "create_app", "from_environment"]
