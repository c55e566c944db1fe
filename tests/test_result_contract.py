"""The JSON key order of the result contract is stated in one place — the field order of the
models in ``clean_strong/result.py`` — and every result object follows it.

Results are assembled without validation (``construct``: every field given by keyword), so a
call site that passed its keywords in another order would silently reorder the JSON; this
walks every object of every kind of result and checks each one's keys against its model.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from clean_strong import evaluate
from clean_strong.audit import counterfactuals
from clean_strong.dien_bien_2019 import load_dataset, synth
from clean_strong.documents import read_document
from clean_strong.result import Result

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
CONTRACT = ["verdict", "unit", "year", "ruleset", "criteria", "not_applicable",
            "missing_inputs", "trace", "provenance"]
"""The top-level keys interfaces.md names, in its order (the library adds others between)."""


def _objects(model: BaseModel) -> list[BaseModel]:
    found = [model]
    for value in model.__dict__.values():
        items = value if isinstance(value, list) else (
            list(value.values()) if isinstance(value, dict) else [value])
        found.extend(o for item in items if isinstance(item, BaseModel) for o in _objects(item))
    return found


def _results() -> list[Result]:
    results = [evaluate(read_document(p)) for p in sorted(EXAMPLES.glob("*.json"))]
    results += [evaluate(c) for c in load_dataset()[:20]]
    results += [evaluate(c, explanations=False) for c in synth(20, 7)]
    results += [counterfactuals(read_document(EXAMPLES / "na-lay-2019.not-recognised.json"))]
    return results


def test_every_object_of_every_result_keeps_its_models_field_order() -> None:
    for result in _results():
        for obj in _objects(result):
            assert list(obj.__dict__) == list(type(obj).model_fields), type(obj).__name__


def test_the_json_keys_follow_the_model_and_the_contract_order() -> None:
    for result in _results():
        keys = list(json.loads(result.to_json()))
        assert keys == list(Result.model_fields)
        assert [k for k in keys if k in CONTRACT] == CONTRACT
