"""From a validated document to the one flat fact the engine receives.

Python does here only what the engine cannot: counting and summing over records (the derived
inputs of ``derived.yaml``), each recorded as a :class:`Derivation` an auditor can check
("20 of 22 officials"). Values are copied as they are: a missing value is left *out* of the
fact (the engine's ``$nex`` rules then decide ``unknown``), never replaced by 0 or false.
"""

from __future__ import annotations

import math
import operator
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import compress
from typing import Any, Literal, NamedTuple, cast

from pydantic import BaseModel

from ..condition import names, to_text
from ..condition.kleene import TRUE, UNKNOWN, Column, ColumnFilter, compile_filter
from ..condition.types import model_fields
from ..documents import refused
from ..engine.compiler import bounds_path
from ..engine.encode import engine_number, fact_json
from ..engine.program import Program
from ..models import Commune, Official
from ..models.labels import record_ref
from ..models.vocab import Rating
from ..result import Derivation, construct
from ..ruleset import DerivedDef, Edition
from ..words import LANGS
from ..words.format import date, label

Derived = tuple[object, Derivation, list[str]]  # value (None: unknown), how, what is missing


@dataclass
class Facts:
    """The engine's fact, and every value read, for explanations and audit."""

    header: dict[str, object]
    inputs: dict[str, object]  # nested by dotted path; numbers already floats (engine_number)
    values: dict[str, object]
    derivations: dict[str, Derivation] = field(default_factory=dict)
    missing_detail: dict[str, list[str]] = field(default_factory=dict)
    plain: bool = True  # every number prints without an exponent (see engine_number)

    def json(self) -> str:
        return fact_json(self.header, self.inputs, self.plain)

    def put(self, parents: tuple[str, ...], leaf: str, value: object) -> None:
        """One engine input into the nested fact (numbers as floats, words as strings)."""
        if value.__class__ is int or value.__class__ is float:  # not bool: a class of its own
            value, plain = engine_number(value)
            self.plain = self.plain and plain
        node: dict[str, Any] = self.inputs
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = value


def field_value(document: BaseModel, path: str) -> object:
    node: object = document
    for part in path.split("."):
        node = getattr(node, part, None)
        if node is None:
            return None
    return node


def build(document: BaseModel, program: Program, edition: Edition, deriver: Deriver) -> Facts:
    """The fact for ``program``: its inputs read or derived from ``document``."""
    facts = Facts({"kind": program.subject}, {}, {})
    ranks = edition.rating_ranks or {}
    commune = document if isinstance(document, Commune) else None  # only communes have records
    derived = deriver.definitions if commune is not None else {}
    columns = deriver.columns(commune) if commune is not None else {}
    values, derivations, put = facts.values, facts.derivations, facts.put
    for path, parents, leaf, get, to_engine in program.reads:
        if path in derived:
            assert commune is not None
            value, derivation, missing = deriver.derive(path, commune, columns)
            derivations[path] = derivation
            facts.missing_detail[path] = missing
        else:
            try:
                value = get(document)
            except AttributeError:  # through a section left null: missing
                value = None
        if value.__class__ is Rating and ranks and value.value not in ranks:
            where = _rating_path(path, derivations.get(path), document)
            raise refused("", where, "rating_of_another_scale", value=value.value,
                          day=(date(edition.day, "vi"), date(edition.day, "en")),
                          words=tuple(", ".join(f"'{w}' ({label(w, lang)})" for w in ranks)
                                      for lang in LANGS))
        values[path] = value
        if not to_engine:
            continue
        if value is not None:
            put(parents, leaf, value)
        elif path in derivations and (bounds := derivations[path].bounds) is not None:
            for end, bound in zip(("lo", "hi"), bounds, strict=True):
                *outer, name = bounds_path(path, end).split(".")
                put(tuple(outer), name, bound)
    return facts


class Deriver:
    """The derived inputs of one edition, their ``where`` filters compiled once."""

    def __init__(self, edition: Edition) -> None:
        self.definitions: dict[str, DerivedDef] = dict(edition.ruleset.derived)
        fields = {
            name: kind.vocab for name, (kind, _) in model_fields(Official).items()
        }
        ranks = edition.rating_ranks or {}
        constant = edition.value

        self.plans: dict[str, _Plan] = {}
        for name, definition in self.definitions.items():
            where = definition.where_expr
            spec = definition.spec
            kind: Literal["count", "the", "sum"] = (
                "sum" if spec.sum is not None else "count" if spec.count is not None else "the")
            if kind == "sum":
                text = "sum " + " + ".join(spec.sum or ()) + " (exact decimal addition)"
            else:
                text = f"{kind} officials" + (f" where {to_text(where)}" if where else "")
                text += f": {spec.field}" if kind == "the" else ""
            self.plans[name] = _Plan(
                kind,
                text,
                compile_filter(where, fields, constant, ranks) if where is not None else None,
                tuple(n.path for n in names(where) if n.path in fields) if where else (),
                tuple(spec.sum or ()),
                spec.field,
                spec.where,
                spec.empty == "unknown",
                (spec.title.vi, spec.title.en),
            )
        read = dict.fromkeys(["id", *(f for plan in self.plans.values() for f in plan.reads)])
        self.getters = tuple((f, operator.attrgetter(f)) for f in read)

    def columns(self, commune: Commune) -> dict[str, Column]:
        """Each field the filters read, over all official records: one pass per field."""
        officials = commune.officials or ()
        return {f: list(map(get, officials)) for f, get in self.getters}

    def derive(self, name: str, commune: Commune, columns: dict[str, Column]) -> Derived:
        """One derived input, its derivation and what it misses (``columns``: of ``commune``)."""
        kind, text, where, reads, summed, _, _, _, _ = plan = self.plans[name]
        if kind == "sum":
            return self._sum(summed, text, commune)
        officials = commune.officials
        if not officials:  # none supplied, or an empty list: no record to count on
            gap = ["officials"]
            return None, _derivation(kind, text, None, [], gap), gap
        records = len(officials)
        # Kleene: TRUE counts, UNKNOWN (a field the filter reads is missing) leaves it open
        verdicts = [TRUE] * records if where is None else where(columns, records)
        record_ids = cast("list[str]", columns["id"])
        if UNKNOWN not in verdicts:  # the usual case: TRUE and FALSE only, FALSE is 0
            ids = list(compress(record_ids, verdicts))
            missing = []
        else:
            ids = list(compress(record_ids, map(TRUE.__eq__, verdicts)))
            missing = [
                f"officials[{i}].{f}" for i, verdict in enumerate(verdicts) if verdict == UNKNOWN
                for f in reads if columns[f][i] is None
            ]
        if kind == "count":
            if not ids and not missing and plan.empty_unknown:  # all of none is no pass
                missing = [f"officials[{plan.where_text}]" if plan.where_text else "officials"]
                return None, _derivation(kind, text, records, ids, missing), missing
            bounds = [len(ids), len(ids) + verdicts.count(UNKNOWN)] if missing else None
            derivation = _derivation(kind, text, records, ids, missing, bounds)
            return (None if missing else len(ids)), derivation, missing
        return self._the(plan, officials, verdicts, ids, missing)

    @staticmethod
    def _the(
        plan: _Plan, officials: list[Official], verdicts: list[int], ids: list[str],
        missing: list[str],
    ) -> Derived:
        """The one record the filter picks, and its field: open records do not hide a match."""
        _, text, _, _, _, field_name, where_text, _, _ = plan
        matched = [i for i, verdict in enumerate(verdicts) if verdict == TRUE]
        if len(matched) > 1:
            records = tuple(", ".join(
                record_ref(i + 1, _code(officials[i].post), officials[i].role.value,
                           officials[i].id, lang) for i in matched) for lang in LANGS)
            raise refused("", f"officials[{matched[1]}]", "several_records", title=plan.title,
                          records=records)
        if not matched:
            gap = missing or [f"officials[{where_text}].{field_name}"]
            return None, _derivation("the", text, len(officials), ids, gap), gap
        value = getattr(officials[matched[0]], field_name or "")
        gap = [] if value is not None else [f"officials[{matched[0]}].{field_name}"]
        return value, _derivation("the", text, len(officials), ids, gap), gap

    @staticmethod
    def _sum(paths: tuple[str, ...], text: str, commune: Commune) -> Derived:
        parts = [(path, field_value(commune, path)) for path in paths]
        missing = [path for path, part in parts if part is None]
        total: float | None = None
        if not missing:
            # scores are decimals as typed: add them exactly (10.3 + ... + 15.6 is 80, not
            # 79.99999999999999), then round down to a float, so that a ">= threshold" test is
            # exact even when the sum has more digits than a float holds
            numbers = [float(p) for _, p in parts]  # type: ignore[arg-type]
            if all(n.is_integer() for n in numbers) and sum(map(abs, numbers)) < 2**53:
                total = sum(numbers)  # whole points: float addition is exact, the same total
            else:
                exact = sum((Decimal(repr(n)) for n in numbers), Decimal(0))
                total = float(exact)
                if Decimal(total) > exact:
                    total = math.nextafter(total, -math.inf)
        return total, _derivation("sum", text, None, [], missing), missing


class _Plan(NamedTuple):
    """One derived input, resolved once per edition."""

    kind: Literal["count", "the", "sum"]
    text: str  # the derivation's definition, as results show it
    where: ColumnFilter | None
    reads: tuple[str, ...]  # record fields the filter reads
    summed: tuple[str, ...]  # for a sum: the document fields added
    field: str | None  # for "the": the field taken from the record
    where_text: str | None  # the filter as written
    empty_unknown: bool  # for a count: no record matching leaves it unknown
    title: tuple[str, str]  # the derived input's title (vi, en), for messages


def _derivation(
    kind: Literal["count", "the", "sum"],
    definition: str,
    records: int | None,
    matched: list[str],
    missing: list[str],
    bounds: list[int] | None = None,
) -> Derivation:
    return construct(Derivation, kind=kind, definition=definition, records=records,
                     matched=matched, missing=missing, bounds=bounds)


def _code(value: object) -> str | None:
    return None if value is None else str(getattr(value, "value", value))


def _rating_path(path: str, derivation: Derivation | None, document: BaseModel) -> str:
    if derivation is not None and derivation.matched and isinstance(document, Commune):
        ids = [o.id for o in document.officials or ()]
        index = ids.index(derivation.matched[0])
        return f"officials[{index}].{derivation.definition.rsplit(': ', 1)[-1]}"
    return path

