"""The data-side words of every output, in Vietnamese and English (issue 15).

Field labels and the JSON Schema come from the catalogue; every text a person reads in the rule
files exists in both languages; every input error of the fault corpus reads in Vietnamese with
no English word of ``tests/lexicon/english.txt`` (outside field paths, codes and names) and in
English with no Vietnamese diacritics (outside names, document titles and the legal terms the
English keeps, ``docs/glossary.md``); results name what is missing by labels and record numbers.
"""

from __future__ import annotations

import json
import re
import shutil
import string
import unicodedata
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
from pydantic import BaseModel
from ruamel.yaml import YAML

from clean_strong import evaluate
from clean_strong.condition.types import model_fields
from clean_strong.documents import read_document
from clean_strong.errors import InputError
from clean_strong.models import Commune, Official, ProvinceReport
from clean_strong.models.labels import (
    field_about,
    field_label,
    has_label,
    input_source,
    model_about,
    record_field_label,
)
from clean_strong.models.schema import _VOCABS, json_schema
from clean_strong.result import Bilingual, Result
from clean_strong.words import catalogue

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "rules" / "dien-bien-2019"
BAD = ROOT / "tests" / "fixtures" / "bad"
EXAMPLES = ROOT / "examples"
MANIFEST: dict[str, dict[str, object]] = YAML(typ="safe").load(
    (BAD / "manifest.yaml").read_text("utf-8"))

# ---------------------------------------------------------------------------------------------
# what counts as English in Vietnamese text, and as Vietnamese in English text


@cache
def _lexicon() -> frozenset[str]:
    lines = (ROOT / "tests" / "lexicon" / "english.txt").read_text("utf-8").splitlines()
    return frozenset(w.strip().lower() for w in lines if w.strip() and not w.startswith("#"))


@cache
def _kept_terms() -> tuple[str, ...]:
    text = (ROOT / "docs" / "glossary.md").read_text("utf-8")
    block = text.split("<!-- kept-begin -->", 1)[1].split("<!-- kept-end -->", 1)[0]
    terms = [line.removeprefix("- ").strip() for line in block.splitlines() if line.strip()]
    return tuple(sorted(terms, key=len, reverse=True))  # the longest first


NAMES = ("Điện Biên", "Hồ Chí Minh", "Mường Lay", "Mường Thanh", "Na Lay", "Sông Đà")
_DOCUMENT = re.compile(
    r"(?:Quyết định|Nghị định|Thông tư|Quy định|Hướng dẫn|Nghị quyết|Luật)"
    r"(?: [\w/.\-–]*\d[\w/.\-–]*| [A-ZĐ][\w\-]*(?: [a-zđ\w]+)*?(?= \d{4}\b| \(|,|;|$))+")
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|“[^”]*”|«[^»]*»|`[^`]*`|\{[^}]*\}")
_NUMBER = re.compile(r"[\w\-]*\d[\w\-]*/[\w/\-]+")  # a document's number: 132-QĐ/TW
_CODE = re.compile(r"\b[a-z0-9]+(?:[._][a-z0-9]+)+(?:\[[^\]]*\])?(?:\.[a-z0-9_]+)*\b"
                   r"|\bofficials\[[^\]]*\](?:\.\w+)?|\bU\+[0-9A-F]{4}\b")
_TECHNICAL = frozenset({"json", "utf", "windows", "latin", "nan", "infinity", "true", "false",
                        "null", "clean", "strong", "schema", "evaluate", "format", "jsonl"})


def english_words(text: str, names: tuple[str, ...] = ()) -> set[str]:
    """The lexicon's English words in ``text``, outside codes, quoted values and names."""
    for name in (*names, *NAMES):
        text = text.replace(name, " ")
    text = _NUMBER.sub(" ", _DOCUMENT.sub(" ", _CODE.sub(" ", _QUOTED.sub(" ", text))))
    words = {w.lower() for w in re.findall(r"[A-Za-z]+", text)}
    return (words & _lexicon()) - _TECHNICAL


def _vietnamese(char: str) -> bool:
    if char in "đĐ":
        return True
    decomposed = unicodedata.normalize("NFD", char)
    return char.isalpha() and len(decomposed) > 1 and decomposed[0].isascii()


def vietnamese_words(text: str, names: tuple[str, ...] = ()) -> list[str]:
    """Words with Vietnamese diacritics in ``text``, outside names, document titles, quoted
    values and the terms the English keeps."""
    for name in (*names, *NAMES):
        text = text.replace(name, " ")
    text = _NUMBER.sub(" ", _DOCUMENT.sub(" ", _QUOTED.sub(" ", text)))
    for term in _kept_terms():
        text = re.sub(rf"(?i)\b{re.escape(term)}\b", " ", text)
    return [w for w in re.findall(r"\w+", text) if any(_vietnamese(c) for c in w)]


def test_the_checks_find_what_they_look_for() -> None:
    assert english_words("Chưa xác định được: thiếu number of sessions.") >= {"number",
                                                                             "sessions"}
    assert english_words("thiếu oversight.council_regular_sessions (Nghị định 34/2019/NĐ-CP)") \
        == set()
    assert vietnamese_words("missing: số kỳ họp of the cán bộ") == ["số", "kỳ", "họp"]
    assert vietnamese_words("the 'xã' of Quyết định 619/QĐ-TTg, Điện Biên") == []


# ---------------------------------------------------------------------------------------------
# field labels and the JSON Schema


def _document_fields() -> Iterator[tuple[str, str]]:
    """(kind, path) of every field of both documents, sections included; ("record", name) of
    every field of an official's record."""
    for kind, model in (("commune", Commune), ("province_report", ProvinceReport)):
        for name, info in model.model_fields.items():
            yield kind, name
            nested = info.annotation
            if isinstance(nested, type) and issubclass(nested, BaseModel):
                for sub in nested.model_fields:
                    yield kind, f"{name}.{sub}"
    for name in Official.model_fields:
        yield "record", name


def test_every_document_and_record_field_has_a_label_and_a_description_in_both() -> None:
    fields = list(_document_fields())
    assert len(fields) > 70
    entries = catalogue()
    for kind, path in fields:
        entry = entries.get(f"fields.{kind}.{path}")
        assert entry is not None and entry.vi.strip() and entry.en.strip(), (kind, path)
        for lang in ("vi", "en"):
            assert field_about(path, lang, kind), (kind, path, lang)
    # the scalar paths the rules read are all among them
    for model, kind in ((Commune, "commune"), (ProvinceReport, "province_report")):
        assert all(has_label(path, kind) for path in model_fields(model))


def test_labels_are_vietnamese_in_vietnamese_and_english_in_english() -> None:
    for kind, path in _document_fields():
        area = "commune" if kind == "record" else kind
        vi = record_field_label(path, "vi") if kind == "record" else field_label(path, "vi", area)
        en = record_field_label(path, "en") if kind == "record" else field_label(path, "en", area)
        assert not english_words(vi), (path, vi)
        assert not vietnamese_words(en), (path, en)


def test_every_model_and_vocabulary_is_described_in_both_languages() -> None:
    names = {m.__name__ for m in (Commune, ProvinceReport, Official)} | set(_VOCABS)
    names |= {info.annotation.__name__ for info in Commune.model_fields.values()
              if isinstance(info.annotation, type) and issubclass(info.annotation, BaseModel)}
    for name in names:
        for lang in ("vi", "en"):
            assert model_about(name, lang), (name, lang)
            assert f"fields.model_title.{name}" in catalogue(), name


def _schema_texts(node: object) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("title", "description") and isinstance(value, str):
                yield value
            else:
                yield from _schema_texts(value)
    elif isinstance(node, list):
        for item in node:
            yield from _schema_texts(item)


@pytest.mark.parametrize("kind", ["commune", "province_report"])
def test_the_json_schema_speaks_the_language_asked_for(kind: str) -> None:
    vi, en = json_schema(kind, "vi"), json_schema(kind, "en")
    vi_texts, en_texts = list(_schema_texts(vi)), list(_schema_texts(en))
    assert len(vi_texts) == len(en_texts) > 40
    for text in vi_texts:
        assert not english_words(text), text
    for text in en_texts:
        assert not vietnamese_words(text), text
    # the structure is pydantic's, untouched
    model = Commune if kind == "commune" else ProvinceReport
    plain = model.model_json_schema()
    assert vi["required"] == plain.get("required") and vi["$defs"].keys() == plain[
        "$defs"].keys() if "$defs" in plain else True
    assert {k: v for k, v in vi["properties"]["unit_code" if kind == "commune" else
                                               "province_code"].items()
            if k not in ("title", "description")} == {
        k: v for k, v in plain["properties"]["unit_code" if kind == "commune" else
                                              "province_code"].items()
        if k not in ("title", "description")}


def test_vocabularies_in_the_schema_list_each_code_with_its_label() -> None:
    unit_type = json_schema("commune", "vi")["$defs"]["UnitType"]
    assert unit_type["description"].endswith("Giá trị: xa: xã; phuong: phường; thi_tran: thị trấn.")
    assert "xa: commune; phuong: ward" in json_schema("commune", "en")["$defs"]["UnitType"][
        "description"]


# ---------------------------------------------------------------------------------------------
# rule files: every text a person reads, in both languages

_PERSON_TEXTS = ("title", "note", "text", "reason", "disclaimer", "pass", "fail", "unknown")


def _rule_texts(node: object, where: str = "") -> Iterator[tuple[str, object]]:
    if isinstance(node, dict):
        for key, value in node.items():
            here = f"{where}.{key}" if where else str(key)
            if key in _PERSON_TEXTS and not isinstance(value, list):
                yield here, value
            if isinstance(value, dict | list) and not (
                    key in _PERSON_TEXTS and isinstance(value, dict) and "vi" in value):
                yield from _rule_texts(value, here)
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from _rule_texts(item, f"{where}[{i}]")


def _rule_files() -> list[Path]:
    return sorted(p for p in RULES.rglob("*.yaml") if "tests" not in p.parts)


def test_every_text_of_the_rule_files_is_in_both_languages() -> None:
    yaml = YAML(typ="safe")
    found = 0
    for path in _rule_files():
        if path.name == "domains.yaml":  # authors' notes on legal ranges, never shown
            continue
        for where, value in _rule_texts(yaml.load(path.read_text("utf-8"))):
            if where.endswith(("explanation", "defaults.explanation")):
                continue
            found += 1
            assert isinstance(value, dict), f"{path.name}: {where}: {value!r}"
            assert str(value.get("vi", "")).strip() and str(value.get("en", "")).strip(), (
                f"{path.name}: {where}")
            assert not english_words(str(value["vi"])), f"{path.name}: {where}: {value['vi']}"
    assert found > 200


def test_notes_and_titles_of_the_rule_files_are_english_in_english() -> None:
    yaml = YAML(typ="safe")
    for path in _rule_files():
        if path.name == "domains.yaml":
            continue
        for where, value in _rule_texts(yaml.load(path.read_text("utf-8"))):
            if where.rsplit(".", 1)[-1] not in ("note", "reason", "disclaimer"):
                continue
            assert isinstance(value, dict)
            assert not vietnamese_words(str(value["en"])), f"{path.name}: {where}: {value['en']}"


def test_a_note_in_one_language_is_refused_by_lint(tmp_path: Path) -> None:
    from clean_strong.ruleset import problems

    target = tmp_path / "rules"
    shutil.copytree(RULES, target)
    criterion = target / "criteria" / "CB-04.yaml"
    text = criterion.read_text("utf-8")
    changed = re.sub(r'note: \{vi: "[^"]*", en: ("[^"]*")\}', r"note: \1", text, count=1)
    assert changed != text
    criterion.write_text(changed, "utf-8")
    found = [p.message_en for p in problems(target)]
    assert any("a note is read in Vietnamese and in English" in m for m in found), found


def test_a_which_hole_must_be_an_or_of_comparisons(tmp_path: Path) -> None:
    from clean_strong.ruleset import problems

    target = tmp_path / "rules"
    shutil.copytree(RULES, target)
    criterion = target / "criteria" / "HT-04.yaml"
    text = criterion.read_text("utf-8")
    changed = text.replace("Rated below {min_organisation_rating:label}:",
                           "Rated below {min_organisation_rating:which}:", 1)
    assert changed != text
    criterion.write_text(changed, "utf-8")
    assert any("'which' hole" in p.message_en for p in problems(target))


# ---------------------------------------------------------------------------------------------
# results: titles, notes, table keys and what is missing, in words


def _results() -> list[Result]:
    from clean_strong.dien_bien_2019 import load_dataset

    results = [evaluate(read_document(p)) for p in sorted(EXAMPLES.glob("*.json"))]
    return results + [evaluate(c) for c in load_dataset()[:30]]


def _bilinguals(model: BaseModel) -> Iterator[Bilingual]:
    for value in model.__dict__.values():
        items = value if isinstance(value, list) else (
            list(value.values()) if isinstance(value, dict) else [value])
        for item in items:
            if isinstance(item, Bilingual):
                yield item
            elif isinstance(item, BaseModel):
                yield from _bilinguals(item)


def test_every_word_of_a_result_is_in_its_language_and_no_code_is_in_a_sentence() -> None:
    codes = {w.value for vocab in _VOCABS.values() for w in vocab if "_" in w.value}
    for result in _results():
        unit = result.unit
        names = tuple(n for n in (unit.name, unit.district, unit.province) if n)
        for text in _bilinguals(result):
            assert not english_words(text.vi, names), text.vi
            assert not vietnamese_words(text.en, names), text.en
            for lang_text in (text.vi, text.en):
                assert not set(re.findall(r"\b\w+\b", lang_text)) & codes, lang_text


def test_inputs_and_parameters_carry_their_titles_in_both_languages() -> None:
    result = evaluate(read_document(EXAMPLES / "na-lay-2019.not-recognised.json"))
    cb01 = result.criterion("CB-01")
    assert cb01.inputs["headcount"].title == Bilingual(
        vi="Số cán bộ, công chức", en="Number of cán bộ and công chức")
    assert cb01.inputs["classification"].title == Bilingual(
        vi="Loại đơn vị hành chính", en="Commune class")
    cell = cb01.parameters["headcount_cap[phuong][II]"]  # the JSON key stays as written
    assert cell.title == Bilingual(
        vi="Số lượng cán bộ, công chức cấp xã tối đa (phường, loại II)",
        en="Maximum number of commune cán bộ and công chức (ward, class II)")
    police = cb01.parameters["police_cap_reduction[False]"]
    assert police.title.vi.endswith("(Trưởng Công an xã là công an chính quy: không)")
    pl01 = result.criterion("PL-01")
    assert pl01.legal_basis.note is not None and pl01.legal_basis.note.vi.startswith("Tạm thời")
    assert pl01.legal_basis.provisional and "PL-01" in result.provisional
    reference = pl01.legal_basis.condition_reference
    assert reference is not None and reference["note"].startswith("Bị loại trừ")
    assert reference["note_en"].startswith("Disqualified")
    # a sum of the document's own scores is not "from the officials' records"
    total = pl01.inputs["access_to_law_total"]
    assert total.derivation is not None and total.derivation.kind == "sum"
    assert input_source(total.source, total.derivation.kind, "vi") == (
        "cộng các số liệu trong tài liệu")
    assert input_source("derived", "count", "vi") == "đếm từ hồ sơ cán bộ, công chức"


def test_a_result_survives_its_json_with_the_bilingual_titles() -> None:
    result = evaluate(read_document(EXAMPLES / "song-da-2019.undetermined.json"))
    again = Result.model_validate_json(result.to_json())
    assert again.to_json() == result.to_json()
    data = json.loads(result.to_json())
    inputs = data["criteria"][0]["inputs"]
    assert all(set(i["title"]) == {"vi", "en"} for i in inputs.values() if i["title"])


def test_every_note_saying_believed_or_u_makes_its_criterion_provisional() -> None:
    """Confidence shown one way: a criterion whose basis note says it rests on a value of
    confidence U is provisional in the results of every year it covers, and says "tạm thời"."""
    from clean_strong.evaluation import default_ruleset

    rules = default_ruleset()
    for criterion in rules.criteria:
        note = criterion.spec.basis.note
        if note is None or "(mức độ chắc chắn U)" not in note.vi:
            continue
        assert note.vi.startswith("Tạm thời") and note.en.startswith("Provisional"), note
    results = _results()
    assert all({"CB-01", "PL-01", "HT-01"} <= set(r.provisional) for r in results
               if r.unit.kind == "commune")


def test_unknown_names_the_missing_inputs_by_label_and_records_by_number() -> None:
    data = json.loads((EXAMPLES / "na-lay-2019.not-recognised.json").read_text("utf-8"))
    chairman = next(i for i, o in enumerate(data["officials"]) if o.get("post") == "chu_tich_ubnd")
    data["officials"][chairman]["rating"] = None
    data["oversight"]["council_regular_sessions"] = None
    result = evaluate(data)
    cb04 = result.criterion("CB-04")
    assert cb04.missing_inputs == [f"officials[{chairman}].rating"]  # the JSON keeps the path
    ident = data["officials"][chairman]["id"]
    assert cb04.explanation.vi == (f"Chưa xác định được, thiếu: xếp loại của hồ sơ thứ "
                                   f"{chairman + 1} (Chủ tịch UBND, mã {ident}).")
    assert cb04.explanation.en == (f"Cannot be decided, missing: rating of record "
                                   f"{chairman + 1} (People's Committee chairman, id {ident}).")
    assert result.criterion("GS-01").explanation.vi == (
        "Chưa xác định được, thiếu: số kỳ họp thường lệ của HĐND.")
    no_cong_chuc = {**data, "officials": [o for o in data["officials"]
                                          if o["role"] != "cong_chuc"]}
    cb02 = evaluate(no_cong_chuc).criterion("CB-02")
    assert cb02.explanation.vi == "Chưa xác định được, thiếu: hồ sơ phù hợp để tính “Số công chức”."


def test_ht04_names_only_the_organisations_below_the_bar() -> None:
    data = json.loads((EXAMPLES / "muong-thanh-2019.recognised.json").read_text("utf-8"))
    data["organisations"]["women_union"] = "hoan_thanh"
    ht04 = evaluate(data).criterion("HT-04")
    assert ht04.status == "fail"
    assert ht04.explanation.vi == ("Tổ chức xếp loại dưới mức hoàn thành tốt nhiệm vụ: "
                                   "xếp loại Hội Phụ nữ (hoàn thành nhiệm vụ).")
    assert ht04.explanation.en == ("Rated below tasks completed well: rating of the Women's "
                                   "Union (tasks completed).")
    assert "khá" not in ht04.title.vi  # the title holds for every period


# ---------------------------------------------------------------------------------------------
# input errors: the fault corpus, in both languages


def _error(name: str) -> InputError:
    source = BAD / f"{name}.json"
    with pytest.raises(InputError) as caught:
        evaluate(read_document(source), source=str(source))
    return caught.value


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_every_input_error_is_vietnamese_by_default_and_english_on_request(name: str) -> None:
    error = _error(name)
    assert error.message_en, "no English message"
    assert not english_words(error.message), error.message
    assert not vietnamese_words(error.message_en), error.message_en
    assert error.text() == f"{error.source}: {error.path or '(tài liệu)'}: {error.message}"
    assert error.text("en").endswith(error.message_en)


def test_pydantic_error_types_have_their_words_in_both_languages() -> None:
    kinds = ("string_pattern_mismatch", "greater_than_equal", "greater_than", "less_than_equal",
             "less_than", "string_too_long", "string_too_short", "too_long", "too_short",
             "finite_number", "model_type", "list_type", "missing", "extra_forbidden", "enum",
             "literal_error", "blank_text", "control_character")
    entries = catalogue()
    for kind in kinds:
        assert f"errors.field.{kind}" in entries, kind
    for kind in ("int_type", "int_from_float", "float_type", "bool_type", "string_type"):
        assert f"errors.field.wanted.{kind}" in entries, kind


def test_every_problem_of_a_document_is_in_both_languages() -> None:
    data = json.loads((EXAMPLES / "na-lay-2019.not-recognised.json").read_text("utf-8"))
    data["unit_code"] = "3151"
    data["oversight"]["council_regular_sessions"] = -1
    data["officials"][0]["rating"] = "xuat_sac"
    with pytest.raises(InputError) as caught:
        evaluate(data)
    error = caught.value
    assert len(error.more) == len(error.more_en) == 2
    assert [p for p, _ in error.more] == [p for p, _ in error.more_en]
    lines_vi, lines_en = error.lines("vi"), error.lines("en")
    assert len(lines_vi) == len(lines_en) == 3
    assert "phải lớn hơn hoặc bằng 0" in "\n".join(lines_vi)
    assert "should be greater than or equal to 0" in "\n".join(lines_en)


def test_every_entry_of_the_data_areas_has_both_languages_and_the_same_holes() -> None:
    entries = {k: e for k, e in catalogue().items()
               if k.split(".", 1)[0] in ("fields", "errors", "evaluation")}
    assert len(entries) > 250
    for key, entry in entries.items():
        holes = [{f for _, f, _, _ in string.Formatter().parse(text) if f} for text in entry]
        assert holes[0] == holes[1], key
        assert all(text and unicodedata.is_normalized("NFC", text) for text in entry), key
