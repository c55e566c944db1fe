"""From a validated document to the one flat fact the engine receives.

Python does here only what the engine cannot: counting and summing over records (the derived
inputs of ``derived.yaml``), each recorded as a :class:`Derivation` an auditor can check
("20 of 22 officials"). Values are copied as they are: a missing value is left *out* of the
fact (the engine's ``$nex`` rules then decide ``unknown``), never replaced by 0 or false.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from pydantic import BaseModel

from .condition import names, to_text
from .condition.interpret import Predicate, compile_filter
from .condition.types import model_fields
from .engine.compiler import bounds_path
from .engine.encode import fact_json
from .errors import InputError
from .models import Commune, Official
from .models.vocab import Rating
from .result import Derivation

if TYPE_CHECKING:
    from .engine.edition import Edition, Program
    from .ruleset.loader import DerivedDef

Derived = tuple[object, Derivation, list[str]]  # value (None: unknown), how, what is missing


@dataclass
class Facts:
    """The engine's fact, and every value read, for explanations and audit."""

    header: dict[str, object]
    inputs: dict[str, object]
    values: dict[str, object]
    derivations: dict[str, Derivation] = field(default_factory=dict)
    missing_detail: dict[str, list[str]] = field(default_factory=dict)

    def json(self) -> str:
        return fact_json(self.header, self.inputs)


def field_value(document: BaseModel, path: str) -> object:
    node: object = document
    for part in path.split("."):
        node = getattr(node, part, None)
        if node is None:
            return None
    return node


def build(document: BaseModel, program: Program, edition: Edition, sid: str) -> Facts:
    """The fact for ``program``: its inputs read or derived from ``document``."""
    facts = Facts({"kind": program.subject, "sid": sid, "id": 1}, {}, {})
    ranks = edition.rating_ranks() or {}
    deriver = deriver_for(edition) if isinstance(document, Commune) else None
    engine_inputs = program.input_set
    for path in program.all_inputs:
        if deriver is not None and path in deriver.filters:
            assert isinstance(document, Commune)
            value, derivation, missing = deriver.derive(path, document)
            facts.derivations[path] = derivation
            facts.missing_detail[path] = missing
        else:
            value = field_value(document, path)
        if isinstance(value, Rating) and ranks and value.value not in ranks:
            where = _rating_path(path, facts.derivations.get(path), document)
            raise InputError(
                "",
                where,
                f"{value.value!r} is not a rating of the vocabulary in "
                f"force on {edition.day} ({', '.join(ranks)})",
            )
        facts.values[path] = value
        if path in engine_inputs:
            if value is not None:
                _put(facts.inputs, path, value)
            elif path in facts.derivations and facts.derivations[path].bounds is not None:
                lo, hi = facts.derivations[path].bounds  # type: ignore[misc]
                _put(facts.inputs, bounds_path(path, "lo"), lo)
                _put(facts.inputs, bounds_path(path, "hi"), hi)
    return facts


class Deriver:
    """The derived inputs of one edition, their ``where`` filters compiled once."""

    def __init__(self, edition: Edition) -> None:
        self.definitions: dict[str, DerivedDef] = dict(edition.ruleset.derived)
        fields = {
            name: kind.vocab for name, (kind, _) in model_fields(Official).items()
        }
        ranks = edition.rating_ranks() or {}

        def constant(name: str) -> object:
            found = edition.parameters.get(name)
            return found.value if found is not None else None

        self.filters: dict[str, Predicate | None] = {}
        self.texts: dict[str, str] = {}
        self.reads: dict[str, list[str]] = {}
        for name, definition in self.definitions.items():
            where = definition.where_expr
            self.filters[name] = (
                compile_filter(where, fields, constant, ranks) if where is not None else None
            )
            self.reads[name] = [n.path for n in names(where) if n.path in fields] if where else []
            spec = definition.spec
            if spec.sum is not None:
                self.texts[name] = "sum " + " + ".join(spec.sum) + " (exact decimal addition)"
            else:
                kind = "count" if spec.count is not None else "the"
                text = f"{kind} officials" + (f" where {to_text(where)}" if where else "")
                self.texts[name] = text + (f": {spec.field}" if kind == "the" else "")

    def derive(self, name: str, commune: Commune) -> Derived:
        spec = self.definitions[name].spec
        text = self.texts[name]
        if spec.sum is not None:
            parts = [(path, field_value(commune, path)) for path in spec.sum]
            missing = [path for path, part in parts if part is None]
            total: float | None = None
            if not missing:
                # scores are decimals as typed: add them exactly (10.3 + ... + 15.6 is 80, not
                # 79.99999999999999), then round once to the nearest float
                exact = sum((Decimal(repr(float(p))) for _, p in parts), Decimal(0))  # type: ignore[arg-type]
                total = float(exact)
            return total, Derivation(kind="sum", definition=text, missing=missing), missing
        kind = "count" if spec.count is not None else "the"
        officials = commune.officials
        if officials is None:
            return None, Derivation(kind=kind, definition=text, missing=["officials"]), [
                "officials"
            ]
        predicate = self.filters[name]
        matched: list[int] = []
        missing = []
        for i, official in enumerate(officials):
            verdict = True if predicate is None else predicate(official)
            if verdict is None:
                missing.extend(
                    f"officials[{i}].{f}" for f in self.reads[name] if getattr(official, f) is None
                )
            elif verdict:
                matched.append(i)
        derivation = Derivation(
            kind=kind,
            definition=text,
            records=len(officials),
            matched=[officials[i].id for i in matched],
            missing=missing,
        )
        if kind == "count":
            if not missing:
                return len(matched), derivation, missing
            undecided = sum(1 for i, o in enumerate(officials) if i not in set(matched)
                            and predicate is not None and predicate(o) is None)
            bounds = [len(matched), len(matched) + undecided]
            return None, derivation.model_copy(update={"bounds": bounds}), missing
        if missing:
            return None, derivation, missing
        if len(matched) > 1:
            raise InputError("", f"officials[{matched[1]}]", f"several records match: {text}")
        if not matched:
            gap = [f"officials[{spec.where}].{spec.field}"]
            return None, derivation.model_copy(update={"missing": gap}), gap
        value = getattr(officials[matched[0]], spec.field or "")
        if value is None:
            gap = [f"officials[{matched[0]}].{spec.field}"]
            return None, derivation.model_copy(update={"missing": gap}), gap
        return value, derivation, []


def deriver_for(edition: Edition) -> Deriver:
    found = edition.cache.get("deriver")
    if found is None:
        found = edition.cache["deriver"] = Deriver(edition)
    assert isinstance(found, Deriver)
    return found


def _rating_path(path: str, derivation: Derivation | None, document: BaseModel) -> str:
    if derivation is not None and derivation.matched and isinstance(document, Commune):
        ids = [o.id for o in document.officials or ()]
        index = ids.index(derivation.matched[0])
        return f"officials[{index}].{derivation.definition.rsplit(': ', 1)[-1]}"
    return path


def _put(fact: dict[str, object], path: str, value: object) -> None:
    *parents, leaf = path.split(".")
    node = fact
    for part in parents:
        child = node.setdefault(part, {})
        assert isinstance(child, dict)
        node = child
    node[leaf] = value
