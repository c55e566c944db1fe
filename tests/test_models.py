"""The input models accept good documents; each class of bad one is in test_fault_corpus.py."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from clean_strong import Commune, ProvinceReport
from clean_strong.dien_bien_2019 import load_dataset, synth
from clean_strong.documents import parse_document, read_document
from clean_strong.errors import InputError
from clean_strong.evaluation import input_hash

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLES = Path(__file__).parent.parent / "examples"

@pytest.mark.parametrize(
    "name", ["commune-complete", "commune-minimal", "commune-with-utf8-bom", "report-as-printed"]
)
def test_good_document_validates(name: str) -> None:
    document = read_document(FIXTURES / "good" / f"{name}.json")
    assert isinstance(document, Commune | ProvinceReport)


def test_missing_optional_inputs_are_none_never_zero() -> None:
    commune = read_document(FIXTURES / "good" / "commune-minimal.json")
    assert isinstance(commune, Commune)
    assert commune.officials is None
    assert commune.one_stop.dossiers_resolved is None
    assert commune.political_system.party_committee is None
    assert commune.classification is None


def test_vocabulary_values_are_accepted_from_python_dicts() -> None:
    data = json.loads((FIXTURES / "good" / "commune-complete.json").read_text("utf-8"))
    commune = Commune.model_validate(data)
    assert commune.unit_type.value == "phuong"


def test_strict_types_reject_booleans_for_counts() -> None:
    data = json.loads((FIXTURES / "good" / "commune-complete.json").read_text("utf-8"))
    data["integrity"]["corruption_cases"] = False
    with pytest.raises(InputError) as caught:
        parse_document(json.dumps(data), "doc.json")
    assert caught.value.path == "integrity.corruption_cases"


def test_report_arithmetic_is_not_validated_by_the_model() -> None:
    report = read_document(FIXTURES / "good" / "report-as-printed.json")
    assert isinstance(report, ProvinceReport)
    assert report.cong_chuc_total + report.can_bo_total != report.officials_total  # type: ignore[operator]


def test_every_field_has_a_description_in_the_json_schema() -> None:
    def walk(schema: dict[str, object], where: str) -> None:
        for name, prop in schema.get("properties", {}).items():  # type: ignore[union-attr]
            assert prop.get("description"), f"{where}.{name} has no description"

    for model in (Commune, ProvinceReport):
        schema = model.model_json_schema()
        walk(schema, model.__name__)
        for name, sub in schema.get("$defs", {}).items():
            walk(sub, name)


def test_a_utf8_byte_order_mark_is_accepted() -> None:
    with_bom = read_document(FIXTURES / "good" / "commune-with-utf8-bom.json")
    assert with_bom == read_document(FIXTURES / "good" / "commune-complete.json")


def test_vietnamese_text_survives_a_round_trip() -> None:
    commune = read_document(FIXTURES / "good" / "commune-complete.json")
    assert isinstance(commune, Commune)
    again = Commune.model_validate_json(commune.model_dump_json())
    assert again.name == "Mường Thanh" == commune.name
    assert again.district == "Thành phố Điện Biên Phủ"


def test_the_input_hash_is_the_sha256_of_what_pydantic_writes() -> None:
    """``input_hash`` writes the canonical JSON with orjson from the models' fields: the same
    bytes as ``model_dump_json()`` on every document we have, and pydantic's own bytes for a
    value orjson refuses (an integer beyond 64 bits)."""
    documents: list[Commune | ProvinceReport] = [*load_dataset(), *synth(200, 7)]
    documents += [read_document(p) for p in sorted((FIXTURES / "good").glob("*.json"))]
    documents += [read_document(p) for p in sorted(EXAMPLES.glob("*.json"))]
    report = next(d for d in documents if isinstance(d, ProvinceReport))
    documents.append(report.model_copy(update={"officials_decrease": 2**70}))
    for document in documents:
        expected = hashlib.sha256(document.model_dump_json().encode()).hexdigest()
        assert input_hash(document) == f"sha256:{expected}"
