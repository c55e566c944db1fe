"""The result of one evaluation: the contract of interfaces.md, as pydantic models.

A :class:`Result` is captured once and rendered many ways (text, JSON, HTML). Its JSON is
byte-identical for the same input and rule set: every list has a defined order and nothing
depends on hash order, time or the machine.
"""

from __future__ import annotations

from typing import Any, Literal, Self, TypeVar

import orjson
from pydantic import BaseModel, ConfigDict, Field

Status = Literal["pass", "fail", "unknown"]
Verdict = Literal["recognised", "not_recognised", "undetermined"]
Scalar = bool | int | float | str | None


# BaseModel keeps its bookkeeping in __slots__: their descriptors set them without a lookup
_SET_DICT = BaseModel.__dict__["__dict__"].__set__
_SET_FIELDS_SET = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_SET_EXTRA = BaseModel.__dict__["__pydantic_extra__"].__set__
_SET_PRIVATE = BaseModel.__dict__["__pydantic_private__"].__set__
_NEW = object.__new__

OutT = TypeVar("OutT", bound="Out")

# every field is set: one set per model, shared by its instances (frozen, so never changed in
# place; ``model_copy`` copies it before an update)
_ALL_FIELDS: dict[type[BaseModel], set[str]] = {}


def construct(cls: type[OutT], **values: Any) -> OutT:
    """An ``Out`` from values the library computed itself: every field given, in the model's
    order (the JSON keys follow it), unvalidated.

    ``model_construct`` costs ~5 µs per object; a result has about a hundred, and this ~0.5 µs.
    Tests check that every result survives ``Result.model_validate_json(result.to_json())``.
    """
    fields = _ALL_FIELDS.get(cls)
    if fields is None:
        fields = _ALL_FIELDS[cls] = set(cls.model_fields)
    obj = _NEW(cls)
    _SET_DICT(obj, values)
    _SET_FIELDS_SET(obj, fields)
    _SET_EXTRA(obj, None)
    _SET_PRIVATE(obj, None)
    return obj


class Out(BaseModel):
    """A part of a result: frozen, built by :func:`construct`, written by orjson natively.

    orjson writes a dataclass from its ``__dict__`` in C; an empty ``__dataclass_fields__``
    marker on each model class lets it take that path for these models (whose ``__dict__``
    holds exactly their fields, in order). That is ~3× faster than a Python ``default``
    callback per object and gives pydantic's exact bytes (tests compare both writers on every
    result kind). The marker is set after pydantic has built the class.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        cls.__dataclass_fields__ = {}  # type: ignore[attr-defined]  # see the class docstring

    @classmethod
    def build(cls, **values: Any) -> Self:
        """:func:`construct` this model."""
        return construct(cls, **values)


class Bilingual(Out):
    vi: str
    en: str


class Derivation(Out):
    """How Python derived an input from the records before the engine (the engine cannot count)."""

    kind: Literal["count", "the", "sum"]
    definition: str = Field(description="e.g. 'count officials where role == \"cong_chuc\"'")
    records: int | None = Field(None, description="Records examined.")
    matched: list[str] = Field(default_factory=list, description="Ids of the records counted.")
    missing: list[str] = Field(default_factory=list, description="Inputs it could not read.")
    bounds: list[int] | None = Field(
        None, description="For a count left unknown by some records: [known, known + unknown]."
    )


class InputValue(Out):
    value: Scalar
    missing: bool = False
    source: Literal["document", "derived"] = "document"
    title: Bilingual | None = Field(
        None, description="What the input is called: a document field's label (the "
        "catalogue's), a derived input's title (the rule set's).")
    derivation: Derivation | None = None


class ParameterValue(Out):
    value: Scalar | list[str]
    title: Bilingual = Field(description="The parameter's title; a cell of a table adds the "
                             "words of its keys (\"… (xã, loại II)\").")
    since: str = Field(description="In force from (ISO date).")
    until: str | None = None
    reference: dict[str, str] | None = Field(
        None, description="document, article, date, url, confidence, note (Vietnamese), "
        "note_en (English).")


class LegalBasis(Out):
    confidence: Literal["S", "S2", "I", "U"]
    provisional: bool = Field(description="Confidence U in the basis, or in a dated value "
                              "(parameter, condition, mandatory flag) in force that day.")
    references: list[dict[str, str]] = Field(
        description="Each as ParameterValue.reference: its note in note (vi) and note_en (en).")
    note: Bilingual | None = None
    text: Bilingual | None = None
    condition: str = Field(description="The condition in force, as written in the rule file.")
    condition_reference: dict[str, str] | None = None
    mandatory_reference: dict[str, str] | None = None


class Change(Out):
    """One value the rules would need, at its field path (official records included)."""

    path: str = Field(description="e.g. 'officials[3].professional_level'")
    before: Scalar
    after: Scalar
    kind: Literal["lever"] = Field(
        "lever", description="Always a lever: something the unit can still do in the assessed "
        "year (domains.yaml). Facts of the year are never proposed.")


class Counterfactual(Out):
    """The smallest change to the input found to make a criterion pass (or the unit recognised).

    Derived generically from the condition and the parameters in force, applied to the document
    itself, re-validated and re-evaluated through the engine: ``verified`` says it worked.
    """

    target: str = Field(description="A criterion id, or 'verdict'.")
    summary: Bilingual
    changes: list[Change]
    missing: list[str] = Field(default_factory=list, description="Inputs to supply first.")
    verified: bool
    attainable: bool = Field(
        False, description="The unit can still meet it this year: the changes are levers only "
        "and the engine confirms them.")
    facts: list[str] = Field(
        default_factory=list, description="When not attainable: the recorded facts of the year "
        "that decide it (never proposed as changes).")


class CriterionResult(Out):
    id: str
    title: Bilingual
    group: str | None = None
    status: Status
    mandatory: bool
    explanation: Bilingual
    legal_basis: LegalBasis
    inputs: dict[str, InputValue]
    parameters: dict[str, ParameterValue]
    missing_inputs: list[str] = Field(default_factory=list)
    rules_fired: list[str] = Field(default_factory=list)
    counterfactuals: list[Counterfactual] = Field(
        default_factory=list, description="Filled by the auditor tools (explain, report)."
    )


class NotApplicable(Out):
    id: str
    title: Bilingual
    reason: Bilingual


class TraceStep(Out):
    step: int
    rule: str
    criterion: str
    status: Status
    matched: str = Field(description="The pattern the engine matched, in words.")
    missing: str | None = None


class RulesetInfo(Out):
    name: str
    version: str
    hash: str
    assessment_day: str
    disclaimer: Bilingual


class Provenance(Out):
    library_version: str
    engine: str
    input_hash: str


class Unit(Out):
    code: str | None
    name: str
    kind: Literal["commune", "province_report"]
    unit_type: str | None = None
    district: str | None = None
    province: str | None = None


class Result(Out):
    verdict: Verdict
    verdict_label: Bilingual
    unit: Unit
    year: int
    ruleset: RulesetInfo
    criteria: list[CriterionResult]
    not_applicable: list[NotApplicable]
    missing_inputs: list[str]
    provisional: list[str] = Field(
        description="Criteria resting on something believed, not verified (confidence U)."
    )
    trace: list[TraceStep]
    provenance: Provenance
    recognition: Counterfactual | None = Field(
        None, description="For a unit not recognised: the smallest set of changes found that "
        "makes it recognised (auditor tools only)."
    )
    notice: Bilingual | None = Field(
        None, description="With counterfactuals: they describe the rules, not advice to alter "
        "records.")

    def criterion(self, criterion_id: str) -> CriterionResult:
        for criterion in self.criteria:
            if criterion.id == criterion_id:
                return criterion
        raise KeyError(criterion_id)

    def to_json(self) -> str:
        """The canonical JSON (one line, UTF-8 text, keys in model order)."""
        return self.to_json_bytes().decode()

    def to_json_bytes(self) -> bytes:
        """:meth:`to_json` encoded as UTF-8: ``model_dump_json()``'s bytes."""
        try:
            return orjson.dumps(self)
        except orjson.JSONEncodeError:  # an integer beyond 64 bits: pydantic writes it
            return self.__pydantic_serializer__.to_json(self)


def model_json(model: BaseModel) -> bytes:
    """``model.model_dump_json()`` as UTF-8 bytes, written by orjson from the models' fields.

    ~2.5× faster, and the same bytes as long as the models (inputs and results) keep to plain
    fields: no aliases, exclusions, computed fields or custom serialisers, their ``__dict__``
    in field order (as validation and :func:`construct` leave it). Tests compare both writers
    on every document and result kind. What orjson refuses (an integer beyond 64 bits)
    pydantic writes.
    """
    try:
        return orjson.dumps(model, default=_fields_of)
    except orjson.JSONEncodeError:
        return model.__pydantic_serializer__.to_json(model)


def _fields_of(value: object) -> dict[str, Any]:
    if isinstance(value, BaseModel):
        return value.__dict__
    raise TypeError(f"not JSON: {type(value).__name__}")
