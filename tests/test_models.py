"""The input models accept good documents and reject each class of bad one with its field path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from clean_strong import Commune, ProvinceReport
from clean_strong.documents import parse_document, read_document
from clean_strong.errors import InputError

FIXTURES = Path(__file__).parent / "fixtures"

# bad class -> (field path, words the message must contain)
BAD = {
    "wrong-type-boolean": ("officials[0].trained_this_year", "expected true or false"),
    "number-as-string": ("one_stop.dossiers_resolved", "expected an integer"),
    "unknown-field": ("chu_tich", "unknown field"),
    "enum-with-diacritics": ("unit_type", "did you mean 'xa'"),
    "enum-spelled-with-space": ("officials[3].professional_level", "did you mean 'dai_hoc'"),
    "missing-identity": ("unit_code", "required field is missing"),
    "on-time-exceeds-resolved": ("one_stop.dossiers_on_time", "exceeds 1840 resolved"),
    "duplicate-official-id": ("officials[5].id", "duplicate official id"),
    "negative-count": ("oversight.council_regular_sessions", "greater than or equal to 0"),
    "year-out-of-range": ("assessment_year", "greater than or equal to 2000"),
    "two-chairmen": ("officials[6].post", "second chairman"),
    "malformed-json": ("", "malformed JSON"),
    "nan-literal": ("access_to_law.criterion_1", "finite number"),
    "empty-file": ("", "empty document"),
    "latin-1-bytes": ("", "not UTF-8"),
    "report-count-as-string": ("officials_total", "expected an integer"),
}


def test_every_bad_fixture_is_named_in_this_test() -> None:
    on_disk = {p.stem for p in (FIXTURES / "bad").glob("*.json")}
    assert on_disk == set(BAD)


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_document_is_rejected_with_its_field_path(name: str) -> None:
    path, words = BAD[name]
    source = FIXTURES / "bad" / f"{name}.json"
    with pytest.raises(InputError) as caught:
        read_document(source)
    error = caught.value
    assert error.exit_code == 3
    assert error.source == str(source)
    assert error.path == path
    assert words in error.message
    assert str(error).startswith(f"{source}: {path or '(document)'}: ")


@pytest.mark.parametrize("name", ["commune-complete", "commune-minimal", "report-as-printed"])
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


def test_vietnamese_text_survives_a_round_trip() -> None:
    commune = read_document(FIXTURES / "good" / "commune-complete.json")
    assert isinstance(commune, Commune)
    again = Commune.model_validate_json(commune.model_dump_json())
    assert again.name == "Mường Thanh" == commune.name
    assert again.district == "Thành phố Điện Biên Phủ"
