"""What the models refuse, in words: one pydantic error item to a field path and a problem in
Vietnamese and English, from the catalogue (``words/errors.toml``), by the error's type.

Pydantic's own messages ("String should match pattern …", "Input should be greater than or
equal to 0") are English only; every type a document can produce has its entry here, and the
JSON parser's findings ("EOF while parsing a value at line 3 column 0") are translated by
their words, the line and column kept.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, NamedTuple

from ..words import LANGS, Lang, both, say
from ..words.format import label


class Worded(NamedTuple):
    """One problem: where (a field path; "" for the document) and what, in vi and en."""

    path: str
    vi: str
    en: str


# the error types whose context fills the catalogue entry of the same name
_AS_CONTEXT = frozenset({"string_pattern_mismatch", "greater_than_equal", "greater_than",
                         "less_than_equal", "less_than", "string_too_long", "string_too_short",
                         "too_long", "too_short", "finite_number", "model_type", "list_type",
                         "blank_text", "control_character", "missing", "extra_forbidden"})
_TYPES = ("int_type", "int_from_float", "float_type", "bool_type", "string_type")
_NO_OBJECT = frozenset({"model_attributes_type", "dict_type"})


def problem(item: Any) -> Worded:
    """One pydantic error item in words."""
    kind = str(item["type"])
    ctx = item.get("ctx") or {}
    if kind == "consistency":
        return Worded(str(ctx["path"]), str(ctx["problem"]), str(ctx["problem_en"]))
    path = field_path(tuple(item["loc"]))
    if kind == "json_invalid":
        return Worded("", *_json(str(ctx.get("error", item["msg"]))))
    if kind == "enum":
        return Worded(path, *_enum(item))
    if kind in _TYPES:
        found = _json_kind(item["input"])
        wanted = both(f"errors.field.wanted.{kind}")
        return Worded(path, *both("errors.field.expected_type", wanted=wanted, found=found))
    if kind in _NO_OBJECT:
        kind = "model_type"
    if kind == "literal_error":
        return Worded(path, *both("errors.field.literal_error",
                                  expected=_alternatives(str(ctx.get("expected", "")))))
    if kind in _AS_CONTEXT:
        return Worded(path, *both(f"errors.field.{kind}", **{k: str(v) for k, v in ctx.items()}))
    vi, en = both("errors.field.other", type=kind)
    return Worded(path, vi, f"{en}: {item['msg']}")


def field_path(loc: tuple[Any, ...]) -> str:
    """A validator's location as users write it: ``officials[3].professional_level``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


# the JSON parser's findings, by their words (jiter's messages)
_JSON = (
    ("EOF while parsing", "eof"),
    ("expected value", "expected_value"),
    ("expected ident", "expected_value"),
    ("key must be a string", "key_string"),
    ("trailing comma", "trailing_comma"),
    ("trailing characters", "trailing_characters"),
    ("expected `:`", "expected_colon"),
    ("expected `,`", "expected_comma"),
    ("recursion limit exceeded", "recursion"),
    ("invalid number", "invalid_number"),
    ("number out of range", "invalid_number"),
    ("invalid escape", "invalid_escape"),
    ("control character", "control_character"),
)
_AT = re.compile(r"^(.*) at line (\d+) column (\d+)$")


def _json(error: str) -> tuple[str, str]:
    """``malformed JSON: …`` in both languages: the English keeps the parser's own words."""
    found = _AT.match(error)
    detail, place = (found.group(1), found.groups()[1:]) if found else (error, None)
    key = next((k for words, k in _JSON if detail.startswith(words)), "other")
    words = (say(f"errors.json.{key}", "vi"), detail)
    if place is None:
        return both("errors.json.malformed_nowhere", detail=words)
    return both("errors.json.malformed", detail=words, line=place[0], column=place[1])


def _enum(item: Any) -> tuple[str, str]:
    expected = str((item.get("ctx") or {}).get("expected", ""))
    words = re.findall(r"'([^']+)'", expected)
    shown = tuple(_listed([f"'{w}' ({label(w, lang)})" for w in words], lang) for lang in LANGS)
    return both("errors.field.enum", value=repr(item["input"]), expected=shown,
                hint=_suggest(item.get("input"), words))


def _listed(items: list[str], lang: Lang) -> str:
    """'a', 'b' hoặc 'c' / 'a', 'b' or 'c'."""
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {say('errors.field.or', lang)} {items[-1]}"


def _alternatives(expected: str) -> tuple[str, str]:
    words = re.findall(r"'([^']+)'", expected)
    if not words:
        return expected, expected
    quoted = [f"'{w}'" for w in words]
    return _listed(quoted, "vi"), _listed(quoted, "en")


def _json_kind(value: object) -> tuple[str, str]:
    """What a wrong value is, in words: "chuỗi '1840'" / "string '1840'"."""
    if isinstance(value, bool):
        return both("errors.field.found.boolean", value=str(value).lower())
    if isinstance(value, str):
        return both("errors.field.found.string", value=repr(value[:40]))
    if value is None:
        return both("errors.field.found.null")
    if isinstance(value, int | float):
        return both("errors.field.found.number", value=repr(value))
    return both("errors.field.found.other", value=type(value).__name__)


def _suggest(value: object, expected: list[str]) -> tuple[str, str]:
    """A diacritic-free or spaced spelling maps to its vocabulary word, as a hint only; a
    letter that only looks Latin (Cyrillic а, Greek ο) is pointed out by name."""
    if not isinstance(value, str):
        return "", ""
    lookalikes = [ch for ch in value if ch in LOOKALIKES]
    if lookalikes:
        ch = lookalikes[0]
        name = unicodedata.name(ch, f"U+{ord(ch):04X}")
        script = name.split(" ", 1)[0]
        if f"errors.field.script.{script}" not in _scripts():
            script = "other"
        letter = both("errors.field.letter", char=ch,
                      script=both(f"errors.field.script.{script}"))
        return both("errors.field.lookalike", letter=letter, code=f"{ord(ch):04X}",
                    latin=LOOKALIKES[ch])
    key = _fold(value)
    for word in expected:
        if _fold(word) == key:
            return both("errors.field.did_you_mean", word=word)
    return "", ""


def _scripts() -> frozenset[str]:
    from ..words import catalogue

    return frozenset(k for k in catalogue() if k.startswith("errors.field.script."))


# letters of other scripts that look like the Latin letters of vocabulary words and codes
LOOKALIKES = dict(zip(
    "аеорсухіјѕԁӏАВЕКМНОРСТХІЈЅαοτνυεικρΑΒΕΖΗΙΚΜΝΟΡΤΥΧ",
    "aeopcyxijsdlABEKMHOPCTXIJSaotvueikpABEZHIKMNOPTYX", strict=True))


def _fold(text: str) -> str:
    stripped = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(ch for ch in stripped if unicodedata.category(ch) != "Mn")
    return re.sub(r"[\s\-]+", "_", plain.strip().lower())


__all__ = ["LOOKALIKES", "Worded", "field_path", "problem"]
