"""The language of a request: ``?lang=vi|en``, else ``Accept-Language``, else the default.

The language chooses what a person reads (the upload page, the service's own error messages,
``explain``'s text); the result JSON carries both languages whatever it is.
"""

from __future__ import annotations

from typing import cast

from starlette.requests import HTTPConnection

from ..words import LANGS, Lang, default_lang


def request_lang(request: HTTPConnection) -> Lang:
    """The language asked for; an unknown ``lang`` value falls back to the header (the
    parameter itself is refused by its route, in this language)."""
    return known(request.query_params.get("lang")) or accepted(
        request.headers.get("accept-language"))


def known(value: str | None) -> Lang | None:
    """``value`` when it names a language, else None."""
    return "vi" if value == "vi" else "en" if value == "en" else None


def accepted(header: str | None) -> Lang:
    """The first of Vietnamese or English by the header's preference (``q``), else the
    default: ``"en-GB,en;q=0.9,vi;q=0.8"`` is English."""
    if not header:
        return default_lang()
    ranked: list[tuple[float, int, str]] = []
    for order, part in enumerate(header.split(",")[:32]):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        primary = tag.strip().lower().split("-")[0]
        if quality > 0 and primary in LANGS:
            ranked.append((-quality, order, primary))
    return cast(Lang, min(ranked)[2]) if ranked else default_lang()
