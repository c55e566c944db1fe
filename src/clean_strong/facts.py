"""From a validated document to the one flat fact the engine receives.

Python does here only what the engine cannot: counting and summing over records (the derived
inputs of ``derived.yaml``), each recorded as a :class:`Derivation` an auditor can check
("20 of 22 officials"). Values are copied as they are: a missing value is left *out* of the
fact (the engine's ``$nex`` rules then decide ``unknown``), never replaced by 0 or false.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pydantic import BaseModel

from .condition import Interpreter, names, to_text
from .engine.encode import fact_json
from .errors import InputError
from .models import Commune, Official
from .models.vocab import Rating
from .result import Derivation

if TYPE_CHECKING:
    from .engine.edition import Edition, Program
    from .ruleset.loader import DerivedDef


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
    derived = edition.ruleset.derived if program.subject == "commune" else {}
    engine_inputs = set(program.inputs)
    for path in (*program.inputs, *program.display_inputs):
        if path in derived:
            assert isinstance(document, Commune)
            value, derivation, missing = derive(derived[path], document, edition, ranks)
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
        if value is not None and path in engine_inputs:
            _put(facts.inputs, path, value)
    return facts


def derive(
    definition: DerivedDef, commune: Commune, edition: Edition, ranks: dict[str, int]
) -> tuple[object, Derivation, list[str]]:
    """Evaluate one derived input; returns (value or None, its derivation, missing inputs)."""
    spec = definition.spec
    if spec.sum is not None:
        parts = [(path, field_value(commune, path)) for path in spec.sum]
        missing = [path for path, value in parts if value is None]
        total: float | None = None
        if not missing:
            total = 0.0
            for _, part in parts:
                total += float(part)  # type: ignore[arg-type]
        text = "sum " + " + ".join(spec.sum)
        return total, Derivation(kind="sum", definition=text, missing=missing), missing

    kind = "count" if spec.count is not None else "the"
    where = definition.where_expr
    text = f"{kind} officials" + (f" where {to_text(where)}" if where is not None else "")
    if kind == "the":
        text += f": {spec.field}"
    if commune.officials is None:
        return None, Derivation(kind=kind, definition=text, missing=["officials"]), ["officials"]
    matched: list[int] = []
    missing = []
    for i, official in enumerate(commune.officials):
        verdict = True if where is None else _record_test(where, official, edition, ranks)
        if verdict is None and where is not None:
            missing.extend(
                f"officials[{i}].{n.path}"
                for n in names(where)
                if _record_missing(official, n.path)
            )
        elif verdict:
            matched.append(i)
    ids = [commune.officials[i].id for i in matched]
    records = len(commune.officials)
    if kind == "count":
        value: object = None if missing else len(matched)
    elif missing:
        value = None
    elif len(matched) != 1:
        if matched:
            raise InputError(
                "",
                f"officials[{matched[1]}]",
                f"several records match {to_text(where) if where else 'all'}",
            )
        missing = [f"officials[{to_text(where) if where else ''}].{spec.field}"]
        value = None
    else:
        value = getattr(commune.officials[matched[0]], spec.field or "")
        if value is None:
            missing = [f"officials[{matched[0]}].{spec.field}"]
    derivation = Derivation(
        kind=kind, definition=text, records=records, matched=ids, missing=missing
    )
    return value, derivation, missing


def _record_test(
    where: object, official: Official, edition: Edition, ranks: dict[str, int]
) -> bool | None:
    def lookup(name: str) -> object:
        if name in Official.model_fields:
            return getattr(official, name)
        found = edition.parameters.get(name)
        return found.value if found is not None else None

    result = Interpreter(lookup, ranks).value(where)  # type: ignore[arg-type]
    return None if result is None else bool(result)


def _record_missing(official: Official, name: str) -> bool:
    return name in Official.model_fields and getattr(official, name) is None


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
