"""The input JSON Schema as a person reads it: titles and descriptions from the catalogue.

Pydantic writes the schema's structure (types, bounds, patterns, required fields); every word
in it — each property's ``title`` and ``description``, each definition's, the values of each
vocabulary with their labels — is replaced by the catalogue's, in the language asked for
(``clean-strong schema --lang vi|en``). The models' own descriptions stay for programmers.
"""

from __future__ import annotations

import types
import typing
from typing import Any

from pydantic import BaseModel

from ..words import Lang, say
from ..words.format import label
from .commune import Commune, Official
from .labels import capitalised, field_about, field_label, model_about, record_field_label
from .report import ProvinceReport
from .vocab import Vocabulary

MODELS: dict[str, type[BaseModel]] = {"commune": Commune, "province_report": ProvinceReport}


def json_schema(kind: str, lang: Lang) -> dict[str, Any]:
    """The JSON Schema of a ``kind`` document ("commune" or "province_report") in ``lang``."""
    model = MODELS[kind]
    schema = model.model_json_schema()
    parts = dict(_parts(model, kind, ""))
    _word(schema, model.__name__, lang)
    _properties(schema, parts[model.__name__], lang)
    for name, definition in schema.get("$defs", {}).items():
        _word(definition, name, lang)
        if name in parts:
            _properties(definition, parts[name], lang)
        vocab = _VOCABS.get(name)
        if vocab is not None:
            values = "; ".join(f"{word.value}: {label(word.value, lang)}" for word in vocab)
            definition["description"] += " " + say("fields.schema.values", lang, values=values)
    return schema


def _word(node: dict[str, Any], name: str, lang: Lang) -> None:
    """A definition's (or the root's) title and description from the catalogue."""
    node["title"] = say(f"fields.model_title.{name}", lang)
    about = model_about(name, lang)
    if about is not None:
        node["description"] = about
    else:
        node.pop("description", None)


def _properties(node: dict[str, Any], where: tuple[str, str], lang: Lang) -> None:
    area, prefix = where
    for name, prop in node.get("properties", {}).items():
        if area == "record":
            prop["title"] = capitalised(record_field_label(name, lang))
            about = field_about(name, lang, "record")
        else:
            prop["title"] = capitalised(field_label(prefix + name, lang, area))
            about = field_about(prefix + name, lang, area)
        if about is not None:
            prop["description"] = about
        else:
            prop.pop("description", None)


def _parts(model: type[BaseModel], area: str, prefix: str) -> list[tuple[str, tuple[str, str]]]:
    """Each model class of a document with the catalogue area and path prefix of its fields:
    ``OneStop`` → ("commune", "one_stop."), ``Official`` → ("record", "")."""
    found = [(model.__name__, (area, prefix))]
    for name, info in model.model_fields.items():
        for nested in _models_in(info.annotation):
            if nested is Official:
                found.extend(_parts(nested, "record", ""))
            else:
                found.extend(_parts(nested, area, f"{prefix}{name}."))
    return found


def _models_in(annotation: object) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is not None:
        return [m for arg in typing.get_args(annotation) for m in _models_in(arg)]
    return []


def _vocabularies() -> dict[str, type[Vocabulary]]:
    found: dict[str, type[Vocabulary]] = {}
    pending: list[type[Vocabulary]] = list(Vocabulary.__subclasses__())
    while pending:
        cls = pending.pop()
        found[cls.__name__] = cls
        pending.extend(cls.__subclasses__())
    return found


_VOCABS = _vocabularies()

__all__ = ["MODELS", "json_schema"]
