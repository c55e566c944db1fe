"""Parameters: named thresholds, each a dated history of values with their references, each
value checked against the parameter's type and unit (:mod:`.units`)."""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterator
from pathlib import Path

from ..condition import BOOLEAN, NUMBER, Type
from ..condition.lookalike import hint_words
from ..condition.types import model_fields, vocab_type
from ..models import Commune
from ..models.vocab import VOCABULARIES, Rating
from ..words import Words, both
from . import dated
from .collect import Collector
from .definitions import Located, ParameterDef
from .schema import Parameter
from .units import Unit, listed, unit_of

SCALE = "scale"
_SCALAR_TYPES: dict[str, Type] = {"number": NUMBER, "integer": NUMBER, "boolean": BOOLEAN}


def _parameter_type(name: str) -> Type | None:
    if name in _SCALAR_TYPES:
        return _SCALAR_TYPES[name]
    if name in VOCABULARIES:
        return vocab_type(VOCABULARIES[name])
    return None


def load_parameters(c: Collector, path: Path) -> dict[str, ParameterDef]:
    doc = c.read(path)
    if doc is None:
        return {}
    if not isinstance(doc.data, dict):
        c.add(path, 1, both("rulefile.parameter.not_mapping"))
        return {}
    commune = model_fields(Commune)
    found: dict[str, ParameterDef] = {}
    for name, body in doc.data.items():
        line = doc.line((name,))
        spec = c.validate(Parameter, body, doc, (name,))
        if spec is None:
            c.broken[name] = (path, line)
            continue
        if not (name.isascii() and name.isidentifier()):
            c.add(path, line, both("rulefile.parameter.bad_name", name=repr(name),
                                   hint=hint_words(name)))
            continue
        kind = _parameter_type(spec.type)
        if kind is None and spec.type != SCALE:
            choices = listed([*_SCALAR_TYPES, SCALE, *VOCABULARIES], quoted_en=False)
            c.add(path, doc.line((name, "type")), _named(name, both(
                "rulefile.parameter.unknown_type", type=repr(spec.type),
                hint=hint_words(spec.type), choices=choices)))
            c.broken[name] = (path, line)
            continue
        unit, unit_problem = unit_of(spec.type, spec.unit, spec.type in VOCABULARIES)
        if unit_problem is not None:
            at = (name, "unit") if spec.unit is not None else (name,)
            c.add(path, doc.line(at), _named(name, unit_problem))
        domains: list[tuple[str, ...]] = []
        for i, key in enumerate(spec.index):
            field_type = commune.get(key, (None, ""))[0]
            domain = _domain(field_type)
            if domain is None:
                c.add(path, doc.line((name, "index", i)), _named(name, both(
                    "rulefile.parameter.table_key", key=repr(key))))
            else:
                domains.append(domain)
        for index, words in dated.problem_words(spec.values):
            c.add(path, doc.line((name, "values", index, "from")), _named(name, words))
        for i, entry in enumerate(spec.values):
            for where, words in _value_problems(entry.value, spec, tuple(domains), unit):
                c.add(path, doc.line((name, "values", i, "value", *where)), _named(name, words))
        found[name] = ParameterDef(
            name, spec, kind, tuple(spec.index), tuple(domains), Located(path, line)
        )
    return found


def _named(name: str, problem: Words) -> Words:
    """A problem of the parameter ``name``: ``'name': problem``."""
    return both("rulefile.parameter.named", name=repr(name), problem=problem)


def _shown(value: object) -> Words:
    """A value as the rule file has it: quoted in Vietnamese when it would read as a word
    (``inf``, ``True``), as Python writes it in English."""
    text = repr(value)
    plain = isinstance(value, str | list | dict) or not any(ch.isalpha() for ch in text)
    return (text if plain else f"'{text}'"), text


def _domain(field_type: Type | None) -> tuple[str, ...] | None:
    if field_type == BOOLEAN:
        return ("true", "false")
    if field_type is not None and field_type.vocab is not None:
        return tuple(member.value for member in field_type.vocab)
    return None


def _value_problems(
    value: object, spec: Parameter, domains: tuple[tuple[str, ...], ...], unit: Unit | None
) -> Iterator[tuple[tuple[str, ...], Words]]:
    if domains:
        index = repr(spec.index[0])
        if not isinstance(value, dict):
            yield (), both("rulefile.parameter.table_expected", index=index,
                           keys=listed(domains[0]))
            return
        missing = [key for key in domains[0] if key not in value]
        extra = [key for key in value if key not in domains[0]]
        if missing:
            yield (), both("rulefile.parameter.table_lacks", index=index, missing=listed(missing))
        for key in extra:
            yield (key,), both("rulefile.parameter.not_a_key", key=repr(key), index=index,
                               hint=hint_words(key))
        for key in domains[0]:
            if key in value:
                for where, message in _value_problems(value[key], spec, domains[1:], unit):
                    yield (key, *where), message
        return
    kind = spec.type
    if kind == SCALE:
        levels = value if isinstance(value, list) else []
        words = [w for level in levels for w in (level if isinstance(level, list) else [level])]
        if (
            not words
            or any(w not in Rating.__members__ for w in words)
            or len(set(words)) != len(words)
        ):
            yield (), both("rulefile.parameter.scale")
    elif kind == "integer" and (isinstance(value, bool) or not isinstance(value, int)):
        yield (), both("rulefile.parameter.not_integer", value=_shown(value))
    elif kind == "number" and (isinstance(value, bool) or not isinstance(value, int | float)):
        yield (), both("rulefile.parameter.not_number", value=_shown(value))
    elif kind == "number" and isinstance(value, float) and not math.isfinite(value):  # .inf
        yield (), both("rulefile.parameter.not_finite", value=_shown(value))
    elif kind == "boolean" and not isinstance(value, bool):
        yield (), both("rulefile.parameter.not_boolean", value=_shown(value))
    elif kind in VOCABULARIES and value not in VOCABULARIES[kind].__members__:
        words = list(VOCABULARIES[kind].__members__)
        close = difflib.get_close_matches(str(value), words, n=1, cutoff=0.6)
        hint = hint_words(str(value))
        if not hint[1]:
            hint = both("rulefile.hint.did_you_mean", meant=repr(close[0])) if close else (
                both("rulefile.hint.one_of", choices=listed(words)))
        yield (), both("rulefile.parameter.not_a_word", value=_shown(value),
                       kind=(repr(kind), kind), hint=hint)
    elif unit is not None and (problem := unit.problem(value)) is not None:
        yield (), problem
