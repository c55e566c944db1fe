"""What the HTML report of a set of units is made from: plain data, no engine.

A :class:`ReportSet` is the results and their :class:`~clean_strong.summary.Summary`; a study
may add a :class:`StudyPanel` (a published rate to draw beside the computed one, report checks,
a table of figures recomputed against a publication). The renderer shows what it is given.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ..result import Bilingual, ParameterValue, Result
from ..summary import Summary
from .terms import NO_TERMS, Terms


@dataclass(frozen=True)
class ReferenceRate:
    """A published rate to compare with: shown beside the computed rate and drawn on charts."""

    label: Bilingual  # who published it, e.g. a newspaper
    text: str  # as published, e.g. "gần 50 %"
    gloss: Bilingual  # what the text says, e.g. "(nearly 50 %)"
    value: float  # where its line is drawn, a fraction 0–1
    legend: Bilingual


@dataclass(frozen=True)
class CheckLine:
    """One criterion of a checked report."""

    id: str
    status: str
    mandatory: bool
    explanation: Bilingual


@dataclass(frozen=True)
class Check:
    """A province report judged by the rules: a heading, the verdict, its criteria."""

    heading: Bilingual
    verdict: str
    verdict_label: Bilingual
    criteria: Sequence[CheckLine]


@dataclass(frozen=True)
class ComparisonRow:
    label: Bilingual
    computed: float
    published: float | str  # a bound such as "> 90" stays text
    percent: bool
    agrees: bool


@dataclass(frozen=True)
class Comparison:
    """Figures recomputed from the records against a publication's."""

    title: Bilingual
    rows: Sequence[ComparisonRow]


@dataclass(frozen=True)
class StudyPanel:
    """What a study adds to its report set: a note, a reference rate, checks, a comparison."""

    note: Bilingual
    reference: ReferenceRate | None = None
    checks_title: Bilingual | None = None
    checks: Sequence[Check] = ()
    comparison: Comparison | None = None


@dataclass(frozen=True)
class UnitContext:
    """What a unit's page names its codes by (the rule set's and document's words), and the
    parameters its derived inputs' filters read (CB-03's minimum level), by criterion."""

    terms: Terms = NO_TERMS
    derived_parameters: Mapping[str, Mapping[str, ParameterValue]] = field(default_factory=dict)


@dataclass(frozen=True)
class ReportSet:
    """Communes evaluated together: their results and the summary counted from them; their
    contexts, when given, in the same order."""

    results: Sequence[Result]
    summary: Summary
    study: StudyPanel | None = field(default=None)
    contexts: Sequence[UnitContext] = ()


__all__ = ["Check", "CheckLine", "Comparison", "ComparisonRow", "ReferenceRate", "ReportSet",
           "StudyPanel", "UnitContext"]
