"""The pages a person opens: the upload page (``/``) and the API docs (``/docs``).

The upload page is a plain form (no script: it works on any phone and under a policy that
admits nothing but its own inline style). It posts the file back to ``/``, which answers the
unit's page as ``clean-strong report`` writes it (the same renderer and counterfactuals): a
commune page, or the province summary for a province report. A workbook or CSV table of one
unit is read as ``clean-strong evaluate`` reads it. A bar above the page links back to the form
and offers the result for download, as JSON (the bytes of ``clean-strong evaluate --format
json``) and as the results workbook (``batch -o results.xlsx``), both embedded in the page as
``data:`` links: nothing is kept on the server to fetch later. A bad file gives the form again,
with the error in the page's language. Links are relative, so the pages work under a reverse
proxy's path prefix.
"""

from __future__ import annotations

import base64
import hashlib
import re
from functools import cache
from html import unescape
from importlib import resources
from typing import Annotated, Any

import anyio
from fastapi import APIRouter, Query, Request
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.responses import HTMLResponse, Response

from ..documents import Document
from ..errors import InputError
from ..evaluation import evaluate
from ..result import Result
from ..ruleset import RuleSet
from ..version import __version__
from ..words import Lang, entry, say
from ..words.format import number
from . import openapi, sheets, verbs
from .app import Service, service
from .errors import ApiError, too_large
from .guard import BodyTooLarge
from .lang import known, request_lang
from .work import in_thread

PageLang = Annotated[str | None, Query(
    description="The page's language, vi or en (default, and for any other "
                               "value: Accept-Language, else vi).")]
FRAMING = "{}; frame-ancestors 'none'"
_MAIN = re.compile(r"<main>\n?")
_META_CSP = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')


@cache
def _environment() -> Environment:
    return Environment(loader=PackageLoader("clean_strong.service", "templates"),
                       autoescape=True, undefined=StrictUndefined, trim_blocks=True,
                       lstrip_blocks=True)


@cache
def _style() -> tuple[Markup, str]:
    """The pages' inline CSS and the policy admitting it alone (by SHA-256); the header adds
    ``frame-ancestors``, which a ``<meta>`` policy cannot carry."""
    css = (resources.files("clean_strong.service") / "templates" / "page.css").read_text("utf-8")
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    csp = (f"default-src 'none'; style-src 'sha256-{digest}'; img-src data:; "
           "form-action 'self'; base-uri 'none'")
    return Markup(css), csp


def _render(template: str, lang: Lang, status: int = 200, **context: Any) -> HTMLResponse:
    css, csp = _style()
    html = _environment().get_template(template).render(
        lang=lang, other="en" if lang == "vi" else "vi", css=css, csp=csp, version=__version__,
        say=lambda key, **values: say(f"service.{key}", lang, **values), **context)
    return HTMLResponse(html, status, headers={"Content-Security-Policy": FRAMING.format(csp),
                                               "Cache-Control": "no-store"})


def router(state: Service) -> APIRouter:
    routes = APIRouter(tags=["pages"])

    @routes.get("/", response_class=HTMLResponse, summary="The upload page",
                responses=openapi.responses("html"))
    async def upload_page(request: Request, lang: PageLang = None) -> Response:
        """Pick a commune's or a province's file and see its assessment (Vietnamese, with a
        switch to English)."""
        return _form(service(request), _page_lang(request, lang))

    @routes.post("/", response_class=HTMLResponse, summary="The assessment page of a file",
                 responses=openapi.responses("html"), openapi_extra=openapi.upload_body())
    async def upload(request: Request, lang: PageLang = None) -> Response:
        """The page `clean-strong report FILE` writes for the uploaded file, with a bar to
        download the result JSON; a bad file gives the form with its error."""
        lg = _page_lang(request, lang)
        s = service(request)
        filename = ""
        try:
            filename, data, chosen = await _upload(request, s, lg)
            rules = s.ruleset(chosen, lg).rules
            html = await in_thread(lambda: _result_page(data, filename, rules, s, lg),
                                   s.limits.seconds, lg)
        except InputError as error:
            return _form(s, lg, ApiError.of_input(error, lg), filename)
        except ApiError as error:
            return _form(s, lg, error, filename)
        except BodyTooLarge as error:
            return _form(s, lg, too_large(error.limit, lg), filename)
        meta = _META_CSP.search(html)  # the page's own policy, sent as a header too
        policy = unescape(meta.group(1)) if meta else "default-src 'none'"
        return HTMLResponse(html, headers={
            "Content-Security-Policy": FRAMING.format(policy),
            "Cache-Control": "no-store"})

    @routes.get("/docs", response_class=HTMLResponse, summary="The API documentation",
                responses=openapi.responses("html"))
    async def docs(request: Request, lang: PageLang = None) -> Response:
        """Every route, its parameters and answers, with a `curl` line (nothing loaded from
        outside: no script, no font)."""
        lg = _page_lang(request, lang)
        return _render("docs.html", lg, **_docs(request.app.openapi(), lg))

    return routes


def _page_lang(request: Request, lang: str | None) -> Lang:
    """A person's link: an unknown ``lang`` is no error, only the default."""
    return known(lang) or request_lang(request)


def _form(s: Service, lang: Lang, error: ApiError | None = None, filename: str = ""
          ) -> HTMLResponse:
    hint = say("service.page.file_hint", lang, limit=number(s.limits.document_bytes, lang))
    accept = ".json,application/json,.xlsx,.csv"
    return _render("upload.html", lang, 200 if error is None else error.status, error=error,
                   filename=filename, hint=hint, accept=accept, rulesets=s.rulesets.names,
                   chosen=s.rulesets.default.name)


async def uploaded(request: Request, s: Service, lang: Lang) -> tuple[str, bytes]:
    """The file of a ``multipart/form-data`` upload (field ``file``)."""
    filename, data, _ = await _upload(request, s, lang)
    return filename, data


async def _upload(request: Request, s: Service, lang: Lang) -> tuple[str, bytes, str | None]:
    """The uploaded file's name (shown only), its bytes, and the rule set chosen."""
    with anyio.move_on_after(s.limits.body_seconds) as scope:
        try:
            form = await request.form(max_files=1, max_fields=4, max_part_size=1024)
        except HTTPException as error:
            raise ApiError(400, 2, "form", say("service.error.upload_form", lang,
                                               problem=error.detail)) from None
    if scope.cancelled_caught:
        raise ApiError(408, 3, "", say("service.error.too_slow", lang,
                                       seconds=f"{s.limits.body_seconds:g}"))
    try:
        file = form.get("file")
        if not isinstance(file, UploadFile):
            raise ApiError(400, 2, "form.file", say("service.error.upload", lang))
        data = await file.read(s.limits.document_bytes + 1)
        if len(data) > s.limits.document_bytes:
            raise too_large(s.limits.document_bytes, lang)
        chosen = form.get("rules")
        name = _shown_name(file.filename or "")
        return name, data, chosen if isinstance(chosen, str) and chosen else None
    finally:
        await form.close()


def _shown_name(name: str) -> str:
    """The client's file name, for display only (its last part, without control characters)."""
    last = re.split(r"[\\/]", name)[-1]
    return re.sub(r"[\x00-\x1f\x7f]", "", last)[:120]


def _result_page(data: bytes, filename: str, rules: RuleSet, s: Service, lang: Lang) -> str:
    """The report's page for the file (``reports.evaluated``, counterfactuals included, as
    ``clean-strong report`` makes it), the bar with its downloads above it."""
    from ..render.html import render_pages
    from ..reports import evaluated
    from ..reports.build import context

    source = filename or "upload"
    document = _document(data, filename, lang)
    plain = evaluate(document, rules, source=source)
    shown = evaluated(document, rules, source, counterfactuals=True)
    page = render_pages(shown, lang, context(document, rules, shown))["index.html"]
    workbook = sheets.results_workbook([(source, plain)], lang)
    return _with_bar(page, verbs.line(plain.to_json_bytes()), workbook, plain, lang)


def _document(data: bytes, filename: str, lang: Lang) -> Document:
    """JSON, or a workbook or CSV table (by its name's suffix) of one unit."""
    from .api import document_of

    csv = sheets.kind(data, filename) == "csv"
    return document_of(data, "text/csv" if csv else "", lang)


def _with_bar(page: str, result_json: bytes, workbook: bytes, result: Result, lang: Lang
              ) -> str:
    """The page with the bar inserted at the top of its ``<main>``: back to the form, and the
    result as JSON (the CLI's bytes) and as the results workbook, both as downloads embedded
    in the page (both languages, switched by the page's own button)."""
    from ..render.html import both

    code = re.sub(r"[^0-9A-Za-z_-]", "", result.unit.code or "") or "result"
    name = f"{code}-{result.year}"
    json_href = "data:application/json;base64," + base64.b64encode(result_json).decode()
    sheet_href = f"data:{sheets.XLSX};base64," + base64.b64encode(workbook).decode()
    bar = Markup(
        '<nav id="service-bar" class="crumb no-print"><a id="another" href="./?lang={}">{}</a>'
        ' · <a id="download-json" href="{}" download="{}.json" type="application/json">{}</a>'
        ' · <a id="download-xlsx" href="{}" download="{}.xlsx" type="{}">{}</a>'
        "</nav>\n").format(lang, both(*entry("service.bar.another")),
                           json_href, name, both(*entry("service.bar.download_json")),
                           sheet_href, name, sheets.XLSX,
                           both(*entry("service.bar.download_sheet")))
    found = _MAIN.search(page)
    if found is None:  # the renderer always writes <main>; never lose the bar silently
        raise RuntimeError("the report page has no <main>")
    return page[:found.end()] + str(bar) + page[found.end():]


def _docs(schema: dict[str, Any], lang: Lang) -> dict[str, Any]:
    """The docs page's content, read from the OpenAPI schema."""
    operations = []
    for path, item in schema.get("paths", {}).items():
        for method, op in item.items():
            parameters = [{
                "name": p["name"], "where": p["in"],
                "type": _type(p.get("schema", {})),
                "description": p.get("description", p.get("schema", {}).get("description", "")),
            } for p in op.get("parameters", [])]
            body = op.get("requestBody", {})
            operations.append({
                "id": f"{method}-{path}".replace("/", "-").strip("-"),
                "method": method.upper(), "path": path,
                "summary": op.get("summary", ""), "description": op.get("description", ""),
                "parameters": parameters,
                "body": ", ".join(body.get("content", {})),
                "body_description": body.get("description", ""),
                "responses": [(status, answer.get("description", ""))
                              for status, answer in op.get("responses", {}).items()],
                "example": _curl(method.upper(), path, body),
            })
    shape = '{"error": {"code": 3, "path": "officials[3].role", "message": "…"}}'
    return {"operations": operations,
            "lead": say("service.docs.lead", lang, openapi="/openapi.json"),
            "errors": say("service.docs.errors", lang, shape=shape)}


def _type(schema: dict[str, Any]) -> str:
    if "enum" in schema:
        return " | ".join(str(v) for v in schema["enum"])
    options = schema.get("anyOf") or []
    if options:
        return " | ".join(_type(o) for o in options if o.get("type") != "null")
    return str(schema.get("type", ""))


def _curl(method: str, path: str, body: dict[str, Any]) -> str:
    url = "http://127.0.0.1:8000" + path.replace("{criterion_id}", "CB-01").replace(
        "{kind}", "commune").replace("{dataset}", "dien-bien-2019")
    content = body.get("content", {})
    if "application/json" in content:
        return f"curl --data-binary @examples/na-lay-2019.not-recognised.json {url}"
    if "application/x-ndjson" in content:
        return f"curl --data-binary @communes.jsonl '{url}?source=communes.jsonl'"
    if "multipart/form-data" in content:
        return f"curl -F file=@communes.xlsx {url}"
    return f"curl {url}" if method == "GET" else ""
