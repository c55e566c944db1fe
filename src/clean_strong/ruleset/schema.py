"""The shape of rule files, as pydantic models.

A rule set is a directory::

    ruleset.yaml        manifest: name, version, titles, disclaimer, years covered
    parameters.yaml     named thresholds, each a list of dated values with their reference
    derived.yaml        inputs Python derives from records before the engine (counts, sums)
    criteria/*.yaml     one criterion per file: law, condition, explanations
    tests/*.yaml        test cases (pass / fail / unknown / at threshold), run by
                        ``rules test`` and ``rules lint`` (:mod:`clean_strong.authoring.cases`)

Every dated thing (a parameter, whether a criterion is mandatory, a condition, a named part
of a condition) is a list of ``{from, to?, value, reference?}``; a plain value means "always".
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Generic, Literal, TypeVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from ..models.vocab import UnitType
from ..words import both

T = TypeVar("T")
Confidence = Literal["S", "S2", "I", "U"]
Subject = Literal["commune", "province_report"]


def worded(key: str, /, **values: object) -> PydanticCustomError:
    """A check of a rule file refused, in the words of catalogue entry ``key`` (both
    languages, in the error's context: :mod:`.collect` shows them in the reader's)."""
    vi, en = both(key, **values)
    return PydanticCustomError("worded", "{problem_en}", {"problem": vi, "problem_en": en})


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Text(Strict):
    """The same words in Vietnamese and English."""

    vi: str = Field(min_length=1)
    en: str = Field(min_length=1)


def _both_languages(value: object) -> object:
    """A note in one language only is refused with the way to write it (a person reads notes
    in results, pages and ``rules show``, in Vietnamese or English)."""
    if isinstance(value, str):
        raise worded("rulecheck.schema.one_language", example="{vi: ..., en: ...}")
    return value


Note = Annotated[Text | None, BeforeValidator(_both_languages)]
"""A note shown to people: both languages, never a plain string."""


class Reference(Strict):
    """Where a value or rule comes from."""

    document: str = Field(min_length=1, description="e.g. 'Nghị định 34/2019/NĐ-CP'")
    article: str | None = None
    date: dt.date | None = Field(None, description="Date the document was issued.")
    from_: dt.date | None = Field(
        None, alias="from", description="A criterion's reference cited only from this day "
        "(a later instrument): results of earlier assessment days leave it out.")
    to: dt.date | None = Field(None, description="... and only until this day.")
    url: str | None = Field(None, pattern=r"^https?://\S+$")
    confidence: Confidence | None = None
    note: Note = None

    def cited_on(self, day: dt.date) -> bool:
        """Whether a criterion's result of ``day`` cites this reference."""
        return (self.from_ is None or self.from_ <= day) and (self.to is None or day <= self.to)


class Dated(Strict, Generic[T]):
    """A value in force from ``from`` (inclusive) until ``to`` (inclusive) or the next value."""

    from_: dt.date = Field(alias="from")
    to: dt.date | None = None
    value: T
    reference: Reference | None = None


class Period(Strict):
    from_: dt.date | None = Field(None, alias="from")
    to: dt.date | None = None
    reference: Reference | None = None


class Basis(Strict):
    """The legal basis of a criterion, with how firm it is."""

    confidence: Confidence
    references: list[Reference] = Field(min_length=1)
    note: Note = Field(None, description="What a reader must know of the basis: an inference, a "
                       "value believed, not verified (say 'tạm thời' / 'provisional' where it "
                       "makes the criterion provisional).")
    text: Text | None = Field(None, description="The legal text, quoted or summarised.")


class Parameter(Strict):
    title: Text
    type: str = Field(description="number, integer, boolean, a vocabulary name, or scale")
    unit: str | None = Field(
        None, description="One of the checked units (ruleset.units): share, percent, people, "
        "count, points, … — required for numbers, implied for words, scales and flags.")
    index: list[str] = Field(default_factory=list, description="Document fields keying a table.")
    values: list[Dated[object]] = Field(min_length=1)


class Derived(Strict):
    """An input computed in Python from the records, because the engine cannot count."""

    title: Text
    count: Literal["officials"] | None = None
    the: Literal["officials"] | None = None
    sum: list[str] | None = None
    where: str | None = None
    field: str | None = None
    empty: Literal["zero", "unknown"] = Field(
        "zero", description="A count with no record matching: 0, or unknown (a share of an "
        "empty set is no pass: 'every công chức meets the standard' needs công chức).")


class Explanation(Strict):
    pass_: Text = Field(alias="pass")
    fail: Text
    unknown: Text | None = Field(
        None, description="Default: the manifest's defaults.explanation.unknown of the subject.")


class Criterion(Strict):
    id: str = Field(pattern=r"^[A-Z]{2}-\d{2}$")
    title: Text
    subject: Subject = "commune"
    group: str | None = None
    applies_to: list[UnitType] = Field(default_factory=lambda: list(UnitType))
    effective: Period = Field(default_factory=Period)
    mandatory: bool | list[Dated[bool]]
    basis: Basis
    expressions: dict[str, str | list[Dated[str]]] = Field(
        default_factory=dict,
        description="Named expressions, in order; a dated one is a part of the condition that "
        "changes on a day. The condition and explanations use them by name.")
    condition: str | list[Dated[str]]
    explanation: Explanation

    @field_validator("applies_to")
    @classmethod
    def _some_unit(cls, value: list[UnitType]) -> list[UnitType]:
        if not value:
            raise worded("rulecheck.schema.no_unit_type")
        return value


class YearsEnd(Strict):
    """Why the covered years end: the change of law the rule set does not encode."""

    from_: dt.date = Field(alias="from", description="The day the unencoded law applies.")
    reason: Text = Field(description="What changes that day, said to whoever is refused.")
    references: list[Reference] = Field(default_factory=list)


class Years(Strict):
    from_: int = Field(alias="from", ge=2000, le=2100)
    to: int = Field(ge=2000, le=2100)
    end: YearsEnd | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Years:
        if self.to < self.from_:
            raise worded("rulecheck.schema.years_backwards", first=self.from_, last=self.to)
        return self


class DefaultExplanation(Strict):
    unknown: Text


class Defaults(Strict):
    """What a criterion that says nothing of its own takes (per document kind)."""

    explanation: dict[Subject, DefaultExplanation] = Field(default_factory=dict)


class Manifest(Strict):
    name: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{0,62}$")
    version: str = Field(pattern=r"^\d+\.\d+\.\d+$")
    title: Text
    jurisdiction: str
    disclaimer: Text = Field(description="The one sentence every report carries.")
    years: Years = Field(description="Assessment years this rule set is checked for.")
    assessment_day: str = Field("12-31", pattern=r"^\d{2}-\d{2}$")
    verdict: Literal["kleene-mandatory"] = Field(
        "kleene-mandatory",
        description="fail if any mandatory criterion fails, else undetermined if any is "
        "unknown, else recognised (Kleene logic, folded in Python).",
    )
    verdict_labels: dict[Subject, dict[str, Text]] = Field(default_factory=dict)
    groups: dict[str, Text] = Field(
        default_factory=dict, description="Criterion groups, in the order results list them."
    )
    defaults: Defaults = Field(default_factory=lambda: Defaults())

    @field_validator("assessment_day")
    @classmethod
    def _a_day_of_every_year(cls, value: str) -> str:
        month, day = (int(part) for part in value.split("-"))
        try:
            dt.date(2001, month, day)  # not a leap year: 02-29 is not a day of every year
        except ValueError:
            raise worded("rulecheck.schema.not_a_day", value=repr(value)) from None
        return value

    def day_of(self, year: int) -> dt.date:
        """The assessment day of ``year``."""
        month, day = (int(part) for part in self.assessment_day.split("-"))
        return dt.date(year, month, day)
