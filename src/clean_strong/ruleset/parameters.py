"""Parameters: named thresholds, each a dated history of values with their references, each
value checked against the parameter's type and unit (:mod:`.units`)."""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterator
from pathlib import Path

from ..condition import BOOLEAN, NUMBER, Type
from ..condition.lookalike import hint as lookalike_hint
from ..condition.types import model_fields, vocab_type
from ..models import Commune
from ..models.vocab import VOCABULARIES, Rating
from . import dated
from .collect import Collector
from .definitions import Located, ParameterDef
from .schema import Parameter
from .units import Unit, unit_of

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
        c.add(path, 1, "expected a mapping of parameter names to definitions")
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
            c.add(path, line, f"parameter name {name!r} is not a plain identifier (ASCII "
                  f"letters, digits, _){lookalike_hint(name)}")
            continue
        kind = _parameter_type(spec.type)
        if kind is None and spec.type != SCALE:
            choices = ", ".join([*_SCALAR_TYPES, SCALE, *VOCABULARIES])
            c.add(
                path,
                doc.line((name, "type")),
                f"{name}: unknown type {spec.type!r}{lookalike_hint(spec.type)}; one of "
                f"{choices}",
            )
            c.broken[name] = (path, line)
            continue
        unit, unit_problem = unit_of(spec.type, spec.unit, spec.type in VOCABULARIES)
        if unit_problem is not None:
            at = (name, "unit") if spec.unit is not None else (name,)
            c.add(path, doc.line(at), f"{name}: {unit_problem}")
        domains: list[tuple[str, ...]] = []
        for i, key in enumerate(spec.index):
            field_type = commune.get(key, (None, ""))[0]
            domain = _domain(field_type)
            if domain is None:
                c.add(
                    path,
                    doc.line((name, "index", i)),
                    f"{name}: a table is keyed by a document field of a vocabulary or "
                    f"true/false, not {key!r}",
                )
            else:
                domains.append(domain)
        for index, message in dated.problems(spec.values):
            c.add(path, doc.line((name, "values", index, "from")), f"{name}: {message}")
        for i, entry in enumerate(spec.values):
            for where, message in _value_problems(entry.value, spec, tuple(domains), unit):
                c.add(path, doc.line((name, "values", i, "value", *where)), f"{name}: {message}")
        found[name] = ParameterDef(
            name, spec, kind, tuple(spec.index), tuple(domains), Located(path, line)
        )
    return found


def _domain(field_type: Type | None) -> tuple[str, ...] | None:
    if field_type == BOOLEAN:
        return ("true", "false")
    if field_type is not None and field_type.vocab is not None:
        return tuple(member.value for member in field_type.vocab)
    return None


def _value_problems(
    value: object, spec: Parameter, domains: tuple[tuple[str, ...], ...], unit: Unit | None
) -> Iterator[tuple[tuple[str, ...], str]]:
    if domains:
        if not isinstance(value, dict):
            yield (), f"expected a table keyed by {spec.index[0]} ({', '.join(domains[0])})"
            return
        missing = [key for key in domains[0] if key not in value]
        extra = [key for key in value if key not in domains[0]]
        if missing:
            yield (), f"table lacks {spec.index[0]} {', '.join(missing)}"
        for key in extra:
            yield (key,), f"{key!r} is not a value of {spec.index[0]}{lookalike_hint(key)}"
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
            yield (
                (),
                (
                    "a scale lists rating levels lowest first, each a word or a list of "
                    "equal words, every word once"
                ),
            )
    elif kind == "integer" and (isinstance(value, bool) or not isinstance(value, int)):
        yield (), f"expected an integer, found {value!r}"
    elif kind == "number" and (isinstance(value, bool) or not isinstance(value, int | float)):
        yield (), f"expected a number, found {value!r}"
    elif kind == "number" and isinstance(value, float) and not math.isfinite(value):  # .inf
        yield (), f"expected a finite number, found {value!r}"
    elif kind == "boolean" and not isinstance(value, bool):
        yield (), f"expected true or false, found {value!r}"
    elif kind in VOCABULARIES and value not in VOCABULARIES[kind].__members__:
        words = list(VOCABULARIES[kind].__members__)
        close = difflib.get_close_matches(str(value), words, n=1, cutoff=0.6)
        hint = lookalike_hint(str(value)) or (f"; did you mean {close[0]!r}?" if close else
                                              f"; one of {', '.join(words)}")
        yield (), f"{value!r} is not a {kind} word{hint}"
    elif unit is not None and (problem := unit.problem(value)) is not None:
        yield (), problem
