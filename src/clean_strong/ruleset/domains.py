"""Domains: the legal range of an input field, declared as data beside the law.

``domains.yaml`` maps every document field (``access_to_law.criterion_1``; a field of every
official record as ``officials[].professional_level``) to whether the unit can still change it
in the assessed year (``kind: lever``) or it is a fact of the year or of the unit (``kind:
fact``), and every number to its bounds — a number, the name of a dated parameter (the
maximum score of a sub-criterion changes with the law) or another field of the same document
(posted procedures ≤ procedures). A document outside a field's range is refused as input
before the engine runs (a sub-score of 100 out of 15 is a typing error, not a pass), and the
counterfactual search proposes only levers, inside their ranges.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import Field

from ..condition import NUMBER, Type
from ..condition.types import model_fields
from ..models import Commune, Official, ProvinceReport
from ..words import Words, both, same
from .collect import Collector
from .definitions import Located, ParameterDef
from .schema import Strict

RECORD = "officials[]."


class Domain(Strict):
    min: float | str | None = Field(None, description="A number, a number parameter, or a "
                                    "numeric field of the same document.")
    max: float | str | None = Field(None, description="As min.")
    kind: Literal["lever", "fact"] = Field(
        description="lever: the unit can still change it in the year; fact: it cannot.")
    note: str | None = None


@dataclass(frozen=True)
class DomainDef:
    path: str
    spec: Domain
    where: Located


def load_domains(
    c: Collector, path: Path, parameters: dict[str, ParameterDef]
) -> dict[str, DomainDef]:
    """The domains of ``path`` (optional file), each bound checked to be a number or a number
    parameter, each field checked to be a numeric field of the documents."""
    if not path.exists():
        c.add(path, 0, both("rulefile.domain.no_file"))
        return {}
    doc = c.read(path)
    if doc is None:
        return {}
    if not isinstance(doc.data, dict):
        c.add(path, 1, both("rulefile.domain.not_mapping"))
        return {}
    fields = {**model_fields(Commune), **model_fields(ProvinceReport),
              **{RECORD + name: kind for name, kind in model_fields(Official).items()}}
    found: dict[str, DomainDef] = {}
    for name, body in doc.data.items():
        line = doc.line((name,))
        spec = c.validate(Domain, body, doc, (name,))
        if spec is None:
            continue
        if name not in fields:
            c.add(path, line, both("rulefile.domain.not_a_field", name=repr(name)))
            continue
        for end in ("min", "max"):
            bound = getattr(spec, end)
            if bound is None:
                continue
            if fields[name][0] != NUMBER:
                c.add(path, doc.line((name, end)), _named(name, both(
                    "rulefile.domain.only_numbers", end=(repr(end), end))))
            elif isinstance(bound, str) and not _numeric(bound, name, fields, parameters):
                c.add(path, doc.line((name, end)), _named(name, both(
                    "rulefile.domain.bad_bound", end=(repr(end), end), bound=repr(bound))))
        if fields[name][0] == NUMBER and (spec.min is None or spec.max is None):
            c.add(path, line, _named(name, both("rulefile.domain.needs_range")))
        found[name] = DomainDef(name, spec, Located(path, line))
    for name in fields:
        if name not in found and name not in doc.data:
            c.add(path, 1, both("rulefile.domain.missing", name=repr(name), range=(
                both("rulefile.domain.and_range") if fields[name][0] == NUMBER else same(""))))
    return found


def _named(name: str, problem: Words) -> Words:
    """A problem of the field ``name``: ``'name': problem``."""
    return both("rulefile.domain.named", name=repr(name), problem=problem)


def _numeric(bound: str, name: str, fields: dict[str, tuple[Type, str]],
             parameters: dict[str, ParameterDef]) -> bool:
    parameter = parameters.get(bound)
    if parameter is not None:
        return parameter.type == NUMBER and not parameter.index
    same_record = name.startswith(RECORD) == bound.startswith(RECORD)
    return same_record and fields.get(bound, (None, ""))[0] == NUMBER


__all__ = ["RECORD", "Domain", "DomainDef", "load_domains"]
