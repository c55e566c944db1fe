"""The legal range of each input field on the assessment day (``domains.yaml``), checked
before the engine runs: a value outside it is bad input naming the field and the law."""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass

from ..condition.types import model_fields
from ..documents import Document, refused
from ..models import Commune
from ..ruleset import Edition
from ..ruleset.domains import RECORD
from ..ruleset.schema import Subject
from ..ruleset.scope import SUBJECT_MODELS
from ..words import both
from ..words.format import date, number


@dataclass(frozen=True)
class Limit:
    """One bound of one field, resolved for the day."""

    path: str  # as written in domains.yaml
    get: Callable[[object], object]
    record: bool  # a field of every official record
    bound: float
    upper: bool
    source: tuple[str, str]  # (vi, en): "15 (Điểm tối đa tiêu chí 1, Quyết định 619/QĐ-TTg)"

    def broken(self, value: object) -> bool:
        if value is None or isinstance(value, bool) or not isinstance(value, int | float):
            return False
        return value > self.bound if self.upper else value < self.bound


def limits(edition: Edition, subject: Subject) -> tuple[Limit, ...]:
    """The bounds of ``edition.ruleset.domains`` that the law dates — a parameter in force
    that day, such as a sub-score's maximum — on fields of ``subject``'s documents. A bound
    written as a number is the search's range; the models enforce the structural ones."""
    found: list[Limit] = []
    fields = model_fields(SUBJECT_MODELS[subject])
    for path, domain in edition.ruleset.domains.items():
        record = path.startswith(RECORD)
        field = path.removeprefix(RECORD)
        if (not record and field not in fields) or (record and subject != "commune"):
            continue
        for upper, bound in ((False, domain.spec.min), (True, domain.spec.max)):
            if not isinstance(bound, str):
                continue
            parameter = edition.parameters.get(bound)
            if parameter is None or not isinstance(parameter.value, int | float):
                continue  # another field (the model checks it), or no value that day
            value = float(parameter.value)
            title = parameter.definition.spec.title
            shown = (number(value, "vi"), number(value, "en"))
            if parameter.reference is not None:
                source = both("errors.range_source", value=shown, title=(title.vi, title.en),
                              document=parameter.reference.document)
            else:
                source = both("errors.range_source_nodoc", value=shown, title=(title.vi, title.en))
            found.append(Limit(path, operator.attrgetter(field), record, value, upper, source))
    return tuple(found)


def check_limits(doc: Document, found: tuple[Limit, ...], day: object, source: str) -> None:
    """Raise :class:`InputError` at the first value outside its field's legal range."""
    for limit in found:
        items: list[tuple[str, object]] = [(limit.path, doc)]
        if limit.record:
            officials = doc.officials if isinstance(doc, Commune) else None
            items = [(f"officials[{i}].{limit.path.removeprefix(RECORD)}", o)
                     for i, o in enumerate(officials or ())]
        for where, owner in items:
            try:
                value = limit.get(owner)
            except AttributeError:  # a section of the other document kind, or left null
                continue
            if isinstance(value, int | float) and limit.broken(value):
                side = "maximum" if limit.upper else "minimum"
                raise refused(source, where, "range",
                              value=(number(float(value), "vi"), number(float(value), "en")),
                              side=both(f"errors.range_side.{side}"),
                              day=(date(str(day), "vi"), date(str(day), "en")),
                              bound=limit.source)


__all__ = ["Limit", "check_limits", "limits"]
