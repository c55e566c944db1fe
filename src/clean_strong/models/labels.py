"""What a person calls each input field, and how a sentence names a record, in vi and en.

The words are the catalogue's (``words/fields.toml``): a label per document field, per field of
an official's record and per province-report field, so every output (explanations, the
auditor's notes, the JSON Schema, error messages) names a field the same way. Labels are per
*field*, never per criterion: a new criterion over existing fields needs nothing here. Paths
stay in JSON; these are for people.
"""

from __future__ import annotations

import re
from functools import cache

from ..words import Lang, catalogue, say
from ..words.format import label

Kind = str  # "commune" | "province_report"

_RECORD_PATH = re.compile(r"^officials\[(\d+)\](?:\.(\w+))?$")


@cache
def _entries(area: str) -> dict[str, tuple[str, str]]:
    prefix = f"fields.{area}."
    return {key.removeprefix(prefix): (entry.vi, entry.en)
            for key, entry in catalogue().items() if key.startswith(prefix)}


def has_label(path: str, kind: Kind = "commune") -> bool:
    """Whether the catalogue names the field ``path`` of a ``kind`` document."""
    return path in _entries(_area(kind))


def field_label(path: str, lang: Lang, kind: Kind = "commune") -> str:
    """What a document field is called: ``oversight.council_regular_sessions`` → "số kỳ họp
    thường lệ của HĐND"; a path the catalogue does not know is shown as it is."""
    found = _entries(_area(kind)).get(path)
    return path if found is None else found[0] if lang == "vi" else found[1]


def record_field_label(name: str, lang: Lang) -> str:
    """What a field of an official record is called (``professional_level``)."""
    found = _entries("record").get(name)
    return name if found is None else found[0] if lang == "vi" else found[1]


def field_about(path: str, lang: Lang, kind: Kind = "commune") -> str | None:
    """The description the JSON Schema gives of a field (``None``: none in the catalogue)."""
    found = _entries(f"about.{_area(kind)}").get(path)
    return None if found is None else found[0] if lang == "vi" else found[1]


def model_about(name: str, lang: Lang) -> str | None:
    """What one part of a document is (a model or a vocabulary, by class name)."""
    found = _entries("model").get(name)
    return None if found is None else found[0] if lang == "vi" else found[1]


def _area(kind: Kind) -> str:
    """The catalogue area of a document kind ("record": a field of an official's record)."""
    return kind if kind in ("province_report", "record") else "commune"


def capitalised(text: str) -> str:
    """A label as a title: its first letter upper-case (``số kỳ họp`` → ``Số kỳ họp``)."""
    return text[:1].upper() + text[1:]


def record_ref(number: int, post: str | None, role: str | None, ident: str, lang: Lang) -> str:
    """An official's record as a sentence names it: by its number counted from 1, its post
    (or, without one, its category) and its id — "hồ sơ thứ 4 (Chủ tịch UBND, mã cb-05)"."""
    word = post or role
    who = label(str(word), lang) if word else say("common.none", lang)
    return say("fields.record_ref", lang, number=number, post=who, id=ident)


def record_path_words(path: str, officials: object, lang: Lang) -> str | None:
    """``officials[3].professional_level`` in words ("trình độ chuyên môn của hồ sơ thứ 4
    (…)"), reading the post and id from ``officials`` (a list of records); ``None`` when
    ``path`` does not name one record."""
    found = _RECORD_PATH.match(path)
    if found is None or not isinstance(officials, list):
        return None
    index, field = int(found.group(1)), found.group(2)
    if index >= len(officials):
        return None
    record = officials[index]
    ref = record_ref(index + 1, _code(getattr(record, "post", None)),
                     _code(getattr(record, "role", None)), str(getattr(record, "id", "")), lang)
    if field is None:
        return ref
    return say("fields.record_field", lang, field=record_field_label(field, lang), record=ref)


def _code(value: object) -> str | None:
    if value is None:
        return None
    return str(getattr(value, "value", value))


def input_source(source: str, derivation_kind: str | None, lang: Lang) -> str:
    """Where an input of a result comes from, in words: the document itself, a count over the
    officials' records, or a sum of the document's own figures (``access_to_law_total``)."""
    key = derivation_kind if source == "derived" and derivation_kind else "document"
    return say(f"fields.source.{key}", lang)


__all__ = ["capitalised", "field_about", "field_label", "has_label", "input_source",
           "model_about", "record_field_label", "record_path_words", "record_ref"]
