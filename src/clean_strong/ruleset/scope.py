"""What names a condition may use: parameters, document fields, derived inputs, record fields."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import BaseModel

from ..condition import Scope, Symbol
from ..condition.types import model_fields, required_fields
from ..models import Commune, Official, ProvinceReport
from .schema import Subject

if TYPE_CHECKING:
    from .definitions import DerivedDef, ParameterDef

SUBJECT_MODELS: dict[str, type[BaseModel]] = {
    "commune": Commune,
    "province_report": ProvinceReport,
}


def record_scope(parameters: dict[str, ParameterDef]) -> Scope:
    """Inside a derived count's ``where``: the fields of one official record, and parameters."""
    scope = parameter_scope(parameters)
    for path, (kind, description) in model_fields(Official).items():
        scope.add(Symbol(path, "record", kind, description=description))
    return scope


def parameter_scope(parameters: dict[str, ParameterDef]) -> Scope:
    scope = Scope()
    for name, parameter in parameters.items():
        if parameter.type is not None:
            scope.add(
                Symbol(name, "parameter", parameter.type, parameter.index, parameter.spec.title.en)
            )
    return scope


def subject_scope(
    subject: Subject, parameters: dict[str, ParameterDef], derived: dict[str, DerivedDef]
) -> Scope:
    """A criterion's condition: the document's fields, derived inputs (communes) and parameters."""
    scope = parameter_scope(parameters)
    model = SUBJECT_MODELS[subject]
    required = required_fields(model)
    for path, (kind, description) in model_fields(model).items():
        if path != "kind":
            scope.add(Symbol(path, "field", kind, description=description,
                             optional=path not in required))
    if subject == "commune":
        for name, definition in derived.items():
            scope.add(Symbol(name, "derived", definition.type,
                             description=definition.spec.title.en,
                             bounded=definition.spec.count is not None))
    return scope
