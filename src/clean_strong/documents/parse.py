"""Parsing one document: bytes or text to a validated model, or an error naming the field.

The document kind is recognised from its content (``"kind": "province_report"``; a commune
otherwise). Errors become :class:`InputError` with the source, the field path as users write it
(``officials[3].professional_level``) and the problem, never a traceback.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any

import jiter
from pydantic import BaseModel, ValidationError

from ..errors import InputError
from ..models import Commune, ProvinceReport

MAX_BYTES = 10_000_000
_KIND = re.compile(rb'^\s*\{\s*"kind"\s*:\s*"([^"]*)"|"kind"\s*:\s*"([^"]*)"')
KINDS = ("commune", "province_report")

Document = Commune | ProvinceReport


def parse_document(raw: bytes | str, source: str = "<input>") -> Document:
    """Validate a JSON document (bytes or text)."""
    data = raw.encode("utf-8", "surrogatepass") if isinstance(raw, str) else raw
    if len(data) > MAX_BYTES:
        raise InputError(source, "", f"document of {len(data):,} bytes exceeds {MAX_BYTES:,}")
    data = data.removeprefix(b"\xef\xbb\xbf")  # a UTF-8 byte-order mark, as Notepad writes
    if not data.strip():
        raise InputError(source, "", "empty document")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError(
            source,
            "",
            f"not UTF-8 (byte 0x{data[error.start]:02x} at line {line}); "
            "save the file as UTF-8 (Windows-1258 and Latin-1 are not accepted)",
        ) from None
    _refuse_duplicate_keys(data, source)
    found = _KIND.search(data)
    kind = (found.group(1) or found.group(2)).decode("utf-8") if found else "commune"
    if kind not in KINDS:
        known = ", ".join(KINDS)
        raise InputError(source, "kind", f"unknown document kind {kind!r}; one of {known}")
    model: type[BaseModel] = ProvinceReport if kind == "province_report" else Commune
    try:
        return model.model_validate_json(data)  # type: ignore[return-value]
    except ValidationError as error:
        raise input_error(source, error) from None


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
            raise InputError(source, "", f"duplicate key {key!r} at line {line}, column "
                             f"{column}: each field may appear once") from None


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
    raise InputError(source, "", f"not a document: {type(document).__name__}")


def input_error(source: str, error: ValidationError) -> InputError:
    problems = [_problem(item) for item in error.errors()]
    first_path, first_message = problems[0]
    result = InputError(source, first_path, first_message)
    result.more = problems[1:]  # type: ignore[attr-defined]
    return result


def field_path(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _problem(item: Any) -> tuple[str, str]:
    kind = item["type"]
    ctx = item.get("ctx") or {}
    if kind == "consistency":
        return str(ctx["path"]), str(ctx["problem"])
    path = field_path(tuple(item["loc"]))
    if kind == "json_invalid":
        return "", f"malformed JSON: {ctx.get('error', item['msg'])}"
    if kind == "missing":
        return path, "required field is missing"
    if kind == "extra_forbidden":
        return path, "unknown field (not in the schema; see `clean-strong schema`)"
    if kind == "enum":
        return path, f"{item['input']!r} is not one of {ctx.get('expected', '')}{_suggest(item)}"
    if kind in ("int_type", "float_type", "bool_type", "string_type", "int_from_float"):
        wanted = {
            "int_type": "an integer",
            "int_from_float": "an integer",
            "float_type": "a number",
            "bool_type": "true or false",
            "string_type": "a string",
        }[kind]
        return path, f"expected {wanted}, found {_json_kind(item['input'])}"
    return path, str(item["msg"])


def _json_kind(value: object) -> str:
    if isinstance(value, bool):
        return f"boolean {str(value).lower()}"
    if isinstance(value, str):
        return f"string {value[:40]!r}"
    if value is None:
        return "null"
    if isinstance(value, int | float):
        return f"number {value!r}"
    return type(value).__name__


def _suggest(item: Any) -> str:
    """A diacritic-free or spaced spelling maps to its vocabulary word, as a hint only; a
    letter that only looks Latin (Cyrillic а, Greek ο) is pointed out by name."""
    value = item.get("input")
    if not isinstance(value, str):
        return ""
    lookalikes = [ch for ch in value if ch in LOOKALIKES]
    if lookalikes:
        ch = lookalikes[0]
        return (f"; it contains {unicodedata.name(ch, f'U+{ord(ch):04X}').lower()} "
                f"(U+{ord(ch):04X}), which looks like the Latin {LOOKALIKES[ch]!r}: retype it")
    key = _fold(value)
    expected = str((item.get("ctx") or {}).get("expected", ""))
    for word in re.findall(r"'([^']+)'", expected):
        if _fold(word) == key:
            return f"; did you mean {word!r}?"
    return ""


# letters of other scripts that look like the Latin letters of vocabulary words and codes
LOOKALIKES = dict(zip(
    "аеорсухіјѕԁӏАВЕКМНОРСТХІЈЅαοτνυεικρΑΒΕΖΗΙΚΜΝΟΡΤΥΧ",
    "aeopcyxijsdlABEKMHOPCTXIJSaotvueikpABEZHIKMNOPTYX", strict=True))


def _fold(text: str) -> str:
    stripped = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(ch for ch in stripped if unicodedata.category(ch) != "Mn")
    return re.sub(r"[\s\-]+", "_", plain.strip().lower())
