"""A province report: published aggregates about a province's commune officials.

Its arithmetic is deliberately *not* validated here: a report whose figures do not add up is
still a valid document, and the report rules say where and how it fails (docs/criteria.md §3).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .base import Citation, Count, Digits, InputModel, Name, Percent, Year


class ProvinceReport(InputModel):
    """Aggregates as a report prints them (percentages as printed, e.g. 90.2)."""

    kind: Literal["province_report"] = Field(description="Document kind.")
    province: Name = Field(description="Province name.")
    province_code: str | None = Field(None, pattern=Digits.format(n=2),
                                      description="GSO province code.")
    year: Year = Field(description="Year the figures describe.")
    source: Citation | None = Field(None, description="Citation of the publication.")
    units_total: Count | None = Field(None, description="Commune-level units in the province.")
    officials_total: Count | None = Field(
        None, description="Commune cán bộ + công chức (F1: 2,698)."
    )
    officials_previous_year: Count | None = Field(
        None, description="The same count a year earlier."
    )
    officials_decrease: int | None = Field(
        None, ge=-1_000_000, le=1_000_000, description="Printed decrease from the previous year."
    )
    cong_chuc_total: Count | None = Field(None, description="Công chức.")
    can_bo_total: Count | None = Field(None, description="Cán bộ chuyên trách.")
    meeting_standard_total: Count | None = Field(
        None, description="Officials meeting the professional standard (trung cấp or higher)."
    )
    cong_chuc_meeting_standard: Count | None = Field(
        None, description="Công chức meeting the professional standard."
    )
    can_bo_meeting_standard: Count | None = Field(
        None, description="Cán bộ meeting the professional standard."
    )
    meeting_standard_pct: Percent | None = Field(
        None, description="Printed share of officials meeting the standard (%)."
    )
    cong_chuc_meeting_standard_pct: Percent | None = Field(
        None, description="Printed share of công chức meeting the standard (%)."
    )
    can_bo_meeting_standard_pct: Percent | None = Field(
        None, description="Printed share of cán bộ meeting the standard (%)."
    )
    upper_secondary_pct: Percent | None = Field(
        None, description="Share of officials with upper-secondary (THPT) education (%)."
    )
    political_theory_intermediate_pct: Percent | None = Field(
        None, description="Share with trung cấp political theory or higher (%)."
    )
    trained_pct: Percent | None = Field(
        None, description="Share trained in professional skills (%)."
    )
