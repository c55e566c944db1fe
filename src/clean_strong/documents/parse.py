"""Parsing one document: bytes or text to a validated model, or an error naming the field.

The document kind is recognised from its content (``"kind": "province_report"``; a commune
otherwise). Errors become :class:`InputError` with the source, the field path as users write it
(``officials[3].professional_level``) and the problem, never a traceback.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import jiter
from pydantic import BaseModel, ValidationError

from ..errors import InputError
from ..models import Commune, ProvinceReport
from ..words import both
from ..words.format import number
from .problems import field_path, problem

MAX_BYTES = 10_000_000
_KIND = re.compile(rb'^\s*\{\s*"kind"\s*:\s*"([^"]*)"|"kind"\s*:\s*"([^"]*)"')
KINDS = ("commune", "province_report")

Document = Commune | ProvinceReport


def refused(source: str, path: str, key: str, /, **values: object) -> InputError:
    """An :class:`InputError` worded by the catalogue entry ``errors.<key>`` in both
    languages (values written per language may be ``(vi, en)`` pairs)."""
    vi, en = both(f"errors.{key}", **values)
    return InputError(source, path, vi, message_en=en)


def parse_document(raw: bytes | str, source: str = "<input>") -> Document:
    """Validate a JSON document (bytes or text)."""
    data = raw.encode("utf-8", "surrogatepass") if isinstance(raw, str) else raw
    if len(data) > MAX_BYTES:
        raise refused(source, "", "too_large", size=_count(len(data)), limit=_count(MAX_BYTES))
    data = data.removeprefix(b"\xef\xbb\xbf")  # a UTF-8 byte-order mark, as Notepad writes
    if not data.strip():
        raise refused(source, "", "empty")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise refused(source, "", "not_utf8", byte=f"{data[error.start]:02x}",
                      line=line) from None
    _refuse_duplicate_keys(data, source)
    found = _KIND.search(data)
    kind = (found.group(1) or found.group(2)).decode("utf-8") if found else "commune"
    if kind not in KINDS:
        raise refused(source, "kind", "unknown_kind", kind=repr(kind),
                      known=", ".join(repr(k) for k in KINDS))
    model: type[BaseModel] = ProvinceReport if kind == "province_report" else Commune
    try:
        return model.model_validate_json(data)  # type: ignore[return-value]
    except ValidationError as error:
        raise input_error(source, error) from None


def _count(value: int) -> tuple[str, str]:
    """A byte count in each language's digits (10.000.000 / 10,000,000)."""
    return number(value, "vi"), number(value, "en")


_DUPLICATE = re.compile(r'duplicate key "(.*)" at line (\d+) column (\d+)')


def _refuse_duplicate_keys(data: bytes, source: str) -> None:
    """A key given twice in one object is an error naming it: JSON parsers silently keep one
    (a second ``assessment_year`` would flip a verdict). Other JSON errors are left to the
    model's parser, which names them."""
    try:
        jiter.from_json(data, catch_duplicate_keys=True, cache_mode="none")
    except ValueError as error:
        found = _DUPLICATE.search(str(error))
        if found is not None:
            key, line, column = found.groups()
            raise refused(source, "", "duplicate_key", key=key, line=line,
                          column=column) from None


def validate_document(document: object, source: str = "<document>") -> Document:
    """Accept a model instance, a mapping, or JSON text/bytes."""
    if isinstance(document, Commune | ProvinceReport):
        return document
    if isinstance(document, str | bytes):
        return parse_document(document, source)
    if isinstance(document, Mapping):
        model: type[BaseModel] = (
            ProvinceReport if document.get("kind") == "province_report" else Commune
        )
        try:
            return model.model_validate(document)  # type: ignore[return-value]
        except ValidationError as error:
            raise input_error(source, error) from None
    raise refused(source, "", "not_a_document", type=type(document).__name__)


def input_error(source: str, error: ValidationError) -> InputError:
    """Every problem pydantic found, worded by the catalogue: the first as the error, the
    others in ``more`` / ``more_en``."""
    problems = [problem(item) for item in error.errors()]
    first = problems[0]
    result = InputError(source, first.path, first.vi, message_en=first.en)
    result.more = [(p.path, p.vi) for p in problems[1:]]
    result.more_en = [(p.path, p.en) for p in problems[1:]]
    return result


__all__ = ["KINDS", "MAX_BYTES", "Document", "field_path", "input_error", "parse_document",
           "refused", "validate_document"]
