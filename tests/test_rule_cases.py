"""Rule test cases as data: ``rules/<rule set>/tests/*.yaml``, in the spirit of OpenFisca.

Layout of a rule set's ``tests/`` folder (excluded from the rule set's content hash):

- ``base-commune.yaml`` / ``base-report.yaml``: complete documents (2019) under which every
  commune / province-report criterion passes;
- ``<CRITERION-ID>.yaml``: ``criterion: ID`` and a list of ``cases``, each with
  ``name``, optional ``year`` (sets ``assessment_year`` of a commune, ``year`` of a report),
  ``input`` (a patch deep-merged over the base: mappings merge recursively, lists and scalars
  replace, ``null`` makes a field missing), ``expect`` (``pass | fail | unknown |
  not_applicable | rejected``) and the optional checks ``explanation_contains: {vi, en}``
  (a substring or a list of them; for ``not_applicable`` the reason), ``missing`` (exactly
  the criterion's ``missing_inputs``, in any order), ``mandatory`` (whether the criterion is
  mandatory in that year), ``error_contains`` (for ``rejected``: the document is refused as
  input, e.g. a rating word of another year's vocabulary), ``at_threshold`` (the case sits
  exactly at the criterion's threshold) and ``xfail`` (the reason: a known defect of the
  rules or the engine; the case states the correct outcome and must fail until it is fixed).

``officials`` is a list of records, or of groups ``{count: N, ...fields}``; the group at
position *i* (from 1) expands into N records with ids ``g<i>-1 … g<i>-N``. A patch that
replaces ``officials`` replaces the whole list, so a case that needs the chairman (CB-04)
lists him explicitly. Test ids are ``<rule set>/<ID>/<case name>``, diacritics removed
(``-k "CB-01 and loai"``).

The meta-tests require, for every criterion of every bundled rule set, a case file with at
least one ``pass``, one ``fail`` and one ``unknown`` case (every ``unknown`` case naming its
``missing`` inputs) and at least one ``at_threshold`` case; ``xfail`` cases do not count. A
*flag* criterion, whose condition only reads true/false inputs (HC-01, HT-01, XH-01), has no
threshold: marking a case ``at_threshold`` there is an error, and instead every flag it reads
must be set to ``false`` in some ``fail`` case (the ``pass`` side being the base, where every
flag is true). The unpatched bases must pass every criterion.
"""

from __future__ import annotations

import copy
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import pytest
from pydantic import BaseModel, ConfigDict, Field, model_validator
from ruamel.yaml import YAML

from clean_strong import evaluate
from clean_strong.condition import Expr
from clean_strong.condition.ast import And, Name, Not, Or
from clean_strong.documents import validate_document
from clean_strong.errors import InputError
from clean_strong.evaluation import default_ruleset
from clean_strong.ruleset import CriterionDef, RuleSet, bundled_dir

pytestmark = pytest.mark.timeout(120)

Expect = Literal["pass", "fail", "unknown", "not_applicable", "rejected"]
BASE_FILES = {"commune": "base-commune.yaml", "province_report": "base-report.yaml"}
YEAR_FIELD = {"commune": "assessment_year", "province_report": "year"}


class Case(BaseModel):
    """One test case of a criterion."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1)
    year: int | None = None
    at_threshold: bool = False
    input: dict[str, Any] = Field(default_factory=dict)
    expect: Expect
    explanation_contains: dict[Literal["vi", "en"], str | list[str]] | None = None
    missing: list[str] | None = None
    mandatory: bool | None = None
    error_contains: str | None = None
    xfail: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Case:
        if self.missing is not None and self.expect != "unknown":
            raise ValueError("'missing' belongs to an unknown case")
        if self.error_contains is not None and self.expect != "rejected":
            raise ValueError("'error_contains' belongs to a rejected case")
        if self.mandatory is not None and self.expect in ("not_applicable", "rejected"):
            raise ValueError("'mandatory' needs an evaluated criterion")
        return self


class CaseFile(BaseModel):
    """A ``<CRITERION-ID>.yaml`` file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    criterion: str = Field(pattern=r"^[A-Z]{2}-\d{2}$")
    cases: list[Case] = Field(min_length=1)


@dataclass(frozen=True)
class Loaded:
    """The test folder of one rule set."""

    ruleset: str
    bases: dict[str, dict[str, Any]]
    files: dict[Path, CaseFile]


def _yaml(path: Path) -> Any:
    return YAML(typ="safe").load(path.read_text("utf-8"))


def rulesets() -> list[str]:
    """Names of the bundled rule sets."""
    return sorted(p.name for p in bundled_dir().iterdir() if (p / "ruleset.yaml").is_file())


def load_tests(name: str) -> Loaded:
    """Read the bases and case files of one bundled rule set (malformed files raise)."""
    folder = bundled_dir() / name / "tests"
    bases = {
        subject: _yaml(folder / file)
        for subject, file in BASE_FILES.items()
        if (folder / file).is_file()
    }
    files: dict[Path, CaseFile] = {}
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        if path.name in BASE_FILES.values():
            continue
        try:
            files[path] = CaseFile.model_validate(_yaml(path))
        except ValueError as error:
            raise ValueError(f"{path}: {error}") from None
    return Loaded(name, bases, files)


LOADED = {name: load_tests(name) for name in rulesets()}


def merge(base: dict[str, Any], patch: Mapping[str, Any]) -> dict[str, Any]:
    """Deep-merge ``patch`` into a copy of ``base``: mappings merge, all else replaces."""
    out = copy.deepcopy(base)
    for key, value in patch.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def expand_officials(items: list[Any]) -> list[Any]:
    """Groups ``{count: N, ...}`` become N records with ids ``g<position>-<n>``."""
    out: list[Any] = []
    for position, item in enumerate(items, start=1):
        if isinstance(item, Mapping) and "count" in item:
            fields = {k: v for k, v in item.items() if k != "count"}
            if "id" in fields:
                raise ValueError(f"officials group {position}: ids are generated, give none")
            out.extend(
                {"id": f"g{position}-{n}", **fields} for n in range(1, int(item["count"]) + 1)
            )
        else:
            out.append(item)
    return out


def build_document(base: dict[str, Any], case: Case, subject: str) -> dict[str, Any]:
    """The document of one case: the base, patched, with its year and expanded officials."""
    document = merge(base, case.input)
    if case.year is not None:
        document[YEAR_FIELD[subject]] = case.year
    if isinstance(document.get("officials"), list):
        document["officials"] = expand_officials(document["officials"])
    return document


def _texts(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else value


def ascii_id(text: str) -> str:
    """``xã loại II`` → ``xa loai II``: test ids pytest need not escape."""
    folded = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(ch for ch in folded if unicodedata.category(ch) != "Mn")
    return plain.encode("ascii", "replace").decode("ascii")


def _params() -> Iterator[Any]:
    for name, loaded in LOADED.items():
        for file in loaded.files.values():
            for case in file.cases:
                marks = [pytest.mark.xfail(reason=case.xfail, strict=True)] if case.xfail else []
                yield pytest.param(
                    name,
                    file.criterion,
                    case,
                    id=f"{name}/{file.criterion}/{ascii_id(case.name)}",
                    marks=marks,
                )


@pytest.mark.parametrize(("ruleset", "criterion", "case"), list(_params()))
def test_rule_case(ruleset: str, criterion: str, case: Case) -> None:
    rules = default_ruleset(ruleset)
    subject = rules.criterion(criterion).spec.subject
    base = LOADED[ruleset].bases[subject]
    document = build_document(base, case, subject)
    source = f"{ruleset}/{criterion}/{case.name}"

    if case.expect == "rejected":
        with pytest.raises(InputError) as refused:
            evaluate(validate_document(document, source), rules)
        assert case.error_contains is None or case.error_contains in str(refused.value)
        return

    result = evaluate(validate_document(document, source), rules)
    if case.expect == "not_applicable":
        assert criterion not in [c.id for c in result.criteria]
        reasons = {n.id: n.reason for n in result.not_applicable}
        assert criterion in reasons, f"{criterion} evaluated, not listed as not applicable"
        for lang, wanted in (case.explanation_contains or {}).items():
            for text in _texts(wanted):
                assert text in getattr(reasons[criterion], lang)
        return

    assert criterion not in [n.id for n in result.not_applicable]
    outcome = result.criterion(criterion)
    assert outcome.status == case.expect, (
        f"{criterion}: {outcome.status}, expected {case.expect}: {outcome.explanation.en} "
        f"(missing: {outcome.missing_inputs})"
    )
    for lang, wanted in (case.explanation_contains or {}).items():
        text = getattr(outcome.explanation, lang)
        for piece in _texts(wanted):
            assert piece in text, f"{piece!r} not in the {lang} explanation {text!r}"
    if case.missing is not None:
        assert sorted(outcome.missing_inputs) == sorted(case.missing)
    if case.mandatory is not None:
        assert outcome.mandatory is case.mandatory


# -- meta-tests ------------------------------------------------------------------------------


def _flags(criterion: CriterionDef) -> list[str] | None:
    """The true/false inputs of a flag criterion; None when some condition compares."""
    found: list[str] = []

    def walk(node: Expr) -> bool:
        if isinstance(node, Name):
            found.append(node.path)
            return True
        if isinstance(node, And | Or):
            return all(walk(item) for item in node.items)
        if isinstance(node, Not):
            return walk(node.item)
        return False

    if all(walk(entry.value) for entry in criterion.conditions):
        return list(dict.fromkeys(found))
    return None


def _at(patch: Mapping[str, Any], path: str) -> object:
    node: object = patch
    for part in path.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return None
        node = node[part]
    return node


def _cases_of(name: str) -> dict[str, list[Case]]:
    out: dict[str, list[Case]] = {}
    for file in LOADED[name].files.values():
        out.setdefault(file.criterion, []).extend(file.cases)
    return out


def _criteria() -> Iterator[Any]:
    for name in LOADED:
        for criterion in default_ruleset(name).criteria:
            yield pytest.param(name, criterion.id, id=f"{name}/{criterion.id}")


@pytest.mark.parametrize("ruleset", list(LOADED))
def test_case_files_are_named_after_real_criteria(ruleset: str) -> None:
    ids = {c.id for c in default_ruleset(ruleset).criteria}
    assert LOADED[ruleset].files, f"{ruleset} has no rule test cases"
    for path, file in LOADED[ruleset].files.items():
        assert path.stem == file.criterion, f"{path.name} holds cases of {file.criterion}"
        assert file.criterion in ids, f"{path.name}: no criterion {file.criterion}"
        names = [ascii_id(case.name) for case in file.cases]
        assert len(names) == len(set(names)), f"{path.name}: duplicate case names (test ids)"


@pytest.mark.parametrize(("ruleset", "criterion_id"), list(_criteria()))
def test_every_criterion_has_pass_fail_unknown_and_threshold_cases(
    ruleset: str, criterion_id: str
) -> None:
    cases = _cases_of(ruleset).get(criterion_id, [])
    assert cases, f"{criterion_id} has no test cases (add tests/{criterion_id}.yaml)"
    cases = [case for case in cases if case.xfail is None]  # known defects cover nothing
    expected = {case.expect for case in cases}
    for status in ("pass", "fail", "unknown"):
        assert status in expected, f"{criterion_id}: no {status} case"
    unnamed = [c.name for c in cases if c.expect == "unknown" and c.missing is None]
    assert not unnamed, f"{criterion_id}: unknown cases must name their missing inputs: {unnamed}"
    flags = _flags(default_ruleset(ruleset).criterion(criterion_id))
    marked = [c.name for c in cases if c.at_threshold]
    if flags is None:
        assert marked, f"{criterion_id}: no case marked at_threshold"
        return
    assert not marked, f"{criterion_id} is a true/false flag: at_threshold means nothing"
    for flag in flags:
        assert any(c.expect == "fail" and _at(c.input, flag) is False for c in cases), (
            f"{criterion_id}: no fail case sets {flag} to false"
        )


@pytest.mark.parametrize("ruleset", list(LOADED))
def test_the_bases_pass_every_criterion(ruleset: str) -> None:
    """Every case changes only what it is about: the unpatched bases pass everything."""
    rules: RuleSet = default_ruleset(ruleset)
    subjects = {c.spec.subject for c in rules.criteria}
    for subject in subjects:
        assert subject in LOADED[ruleset].bases, f"no {BASE_FILES[subject]}"
        base = LOADED[ruleset].bases[subject]
        document = build_document(base, Case(name="base", expect="pass"), subject)
        result = evaluate(validate_document(document, BASE_FILES[subject]), rules)
        assert {c.id: c.status for c in result.criteria if c.status != "pass"} == {}
        assert result.not_applicable == []


def test_officials_groups_expand_with_generated_ids() -> None:
    records = expand_officials(
        [{"id": "x", "role": "cong_chuc"}, {"count": 2, "role": "can_bo_chuyen_trach"}]
    )
    assert [r["id"] for r in records] == ["x", "g2-1", "g2-2"]
    assert merge({"a": {"b": 1, "c": [1]}}, {"a": {"c": [2], "d": None}}) == {
        "a": {"b": 1, "c": [2], "d": None}
    }
