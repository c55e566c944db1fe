"""The commune document: one unit's data for one assessment year.

Every optional input is ``None`` when the commune did not report it; the rules then return
``unknown`` naming that input. Nothing here defaults to 0 or false.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from ..words import both
from ..words.format import label, number
from .base import Count, Digits, InputModel, Name, Score, Year
from .labels import record_ref
from .vocab import (
    Classification,
    Discipline,
    GeneralEducation,
    PoliticalTheory,
    Post,
    ProfessionalLevel,
    Rating,
    Role,
    UnitType,
)


class Official(InputModel):
    """One cán bộ, công chức or part-time worker of the commune (docs/criteria.md §4)."""

    id: str = Field(
        pattern=r"^[A-Za-z0-9_-]{1,64}$",
        description="Identifier, unique within the commune (letters, digits, - and _).",
    )
    role: Role = Field(
        strict=False,
        description="Category: cán bộ chuyên trách, công chức, or "
        "người hoạt động không chuyên trách (not counted in the headcount).",
    )
    post: Post | None = Field(None, strict=False, description="Post held (chức danh).")
    general_education: GeneralEducation | None = Field(
        None, strict=False, description="General education completed (trình độ văn hóa)."
    )
    professional_level: ProfessionalLevel | None = Field(
        None, strict=False, description="Professional qualification (trình độ chuyên môn)."
    )
    political_theory: PoliticalTheory | None = Field(
        None, strict=False, description="Political-theory level (trình độ lý luận chính trị)."
    )
    trained_this_year: bool | None = Field(
        None, description="Received professional training in the assessed year."
    )
    rating: Rating | None = Field(
        None, strict=False, description="Annual rating of the official (đánh giá, xếp loại)."
    )
    discipline: Discipline | None = Field(
        None, strict=False, description="Heaviest disciplinary measure in the year ('khong': none)."
    )


class OrganisationRatings(InputModel):
    """Annual ratings of the commune's organisations (vocabulary in force for the year)."""

    party_committee: Rating | None = Field(None, strict=False, description="Đảng bộ xã.")
    people_committee: Rating | None = Field(
        None, strict=False, description="UBND xã, the government as a collective (chính quyền)."
    )
    fatherland_front: Rating | None = Field(None, strict=False, description="Ủy ban MTTQ.")
    youth_union: Rating | None = Field(None, strict=False, description="Đoàn TNCS Hồ Chí Minh.")
    women_union: Rating | None = Field(None, strict=False, description="Hội Liên hiệp Phụ nữ.")
    farmers_union: Rating | None = Field(None, strict=False, description="Hội Nông dân.")
    veterans_association: Rating | None = Field(
        None, strict=False, description="Hội Cựu chiến binh."
    )


class PoliticalSystem(InputModel):
    """Which organisations of the political system exist in the commune (indicator 18.2)."""

    party_committee: bool | None = Field(None, description="Đảng bộ (or chi bộ) xã exists.")
    people_council: bool | None = Field(None, description="HĐND xã exists.")
    people_committee: bool | None = Field(None, description="UBND xã exists.")
    fatherland_front: bool | None = Field(None, description="Ủy ban MTTQ xã exists.")
    youth_union: bool | None = Field(None, description="Đoàn Thanh niên exists.")
    women_union: bool | None = Field(None, description="Hội Phụ nữ exists.")
    farmers_union: bool | None = Field(None, description="Hội Nông dân exists.")
    veterans_association: bool | None = Field(None, description="Hội Cựu chiến binh exists.")


class OneStop(InputModel):
    """The one-stop section (bộ phận một cửa) and its dossiers in the year (NĐ 61/2018)."""

    operating: bool | None = Field(None, description="The commune runs a one-stop section.")
    procedures_total: Count | None = Field(
        None, description="Commune-level administrative procedures applicable."
    )
    procedures_posted: Count | None = Field(
        None, description="Of them, publicly posted (công khai)."
    )
    dossiers_resolved: Count | None = Field(None, description="Dossiers resolved in the year.")
    dossiers_on_time: Count | None = Field(None, description="Of them, resolved on time.")
    late_dossiers_apologised: Count | None = Field(
        None, description="Late dossiers with a written apology (phiếu xin lỗi, hẹn lại)."
    )


class AccessToLaw(InputModel):
    """Sub-scores of the access-to-law standard (QĐ 619/QĐ-TTg: maxima 15/30/25/10/20)."""

    criterion_1: Score | None = Field(None, description="Tiêu chí 1 score (points).")
    criterion_2: Score | None = Field(None, description="Tiêu chí 2 score (points).")
    criterion_3: Score | None = Field(None, description="Tiêu chí 3 score (points).")
    criterion_4: Score | None = Field(None, description="Tiêu chí 4 score (points).")
    criterion_5: Score | None = Field(None, description="Tiêu chí 5 score (points).")


class Oversight(InputModel):
    """Council sessions and Fatherland Front supervision in the year."""

    council_regular_sessions: Count | None = Field(
        None, description="Regular sessions (kỳ họp thường lệ) the HĐND held in the year."
    )
    front_supervisions: Count | None = Field(
        None, description="Supervisions of the government carried out by the MTTQ in the year."
    )


class Integrity(InputModel):
    """Integrity events in the year."""

    corruption_cases: Count | None = Field(
        None, description="Corruption cases concluded against commune officials in the year."
    )
    prolonged_mass_complaints: Count | None = Field(
        None, description="Unresolved, prolonged mass complaints (khiếu kiện đông người)."
    )


class Social(InputModel):
    """Indicator 18.6: gender equality, domestic-violence prevention, vulnerable people."""

    gender_equality_met: bool | None = Field(None, description="Indicator 18.6 is met.")


class Commune(InputModel):
    """One commune-level unit (xã, phường, thị trấn) for one assessment year."""

    kind: Literal["commune"] = Field("commune", description="Document kind.")
    unit_code: str = Field(pattern=Digits.format(n=5),
                           description="GSO unit code (mã đơn vị hành chính).")
    name: Name = Field(description="Unit name, with diacritics.")
    unit_type: UnitType = Field(strict=False, description="xa, phuong or thi_tran.")
    district: Name = Field(description="District (huyện) name.")
    district_code: str | None = Field(None, pattern=Digits.format(n=3),
                                      description="GSO district code.")
    province: Name = Field(description="Province name.")
    assessment_year: Year = Field(description="Year assessed; rules in force on 31/12 apply.")
    classification: Classification | None = Field(
        None, strict=False, description="Commune class loại I/II/III (fixes the headcount cap)."
    )
    police_chief_regular: bool | None = Field(
        None, description="The commune police chief is regular police (công an chính quy)."
    )
    officials: list[Official] | None = Field(
        None,
        max_length=500,
        description="Individual records of cán bộ, công chức and part-time workers; null when "
        "not supplied (every count derived from them is then unknown).",
    )
    organisations: OrganisationRatings = Field(
        default_factory=OrganisationRatings, description="Organisation ratings."
    )
    political_system: PoliticalSystem = Field(
        default_factory=PoliticalSystem, description="Organisations present."
    )
    one_stop: OneStop = Field(default_factory=OneStop, description="One-stop section figures.")
    access_to_law: AccessToLaw = Field(
        default_factory=AccessToLaw, description="Access-to-law sub-scores."
    )
    oversight: Oversight = Field(default_factory=Oversight, description="Oversight in the year.")
    integrity: Integrity = Field(default_factory=Integrity, description="Integrity events.")
    social: Social = Field(default_factory=Social, description="Indicator 18.6.")

    @model_validator(mode="after")
    def _consistent(self) -> Commune:
        for path, vi, en in self.inconsistencies():
            # the error type "consistency" carries the path and both languages, so error
            # reports can name the field and word the problem (documents.problems)
            raise PydanticCustomError(
                "consistency", "{path}: {problem_en}",
                {"path": path, "problem": vi, "problem_en": en},
            )
        return self

    def inconsistencies(self) -> list[tuple[str, str, str]]:
        """Structural contradictions inside the document: each field path with the problem in
        Vietnamese and English (records named by number, post and id, counted from 1)."""
        problems: list[tuple[str, str, str]] = []

        def add(path: str, key: str, **values: object) -> None:
            problems.append((path, *both(f"errors.consistency.{key}", **values)))

        s = self.one_stop
        if s.dossiers_on_time is not None and s.dossiers_resolved is not None:
            if s.dossiers_on_time > s.dossiers_resolved:
                add("one_stop.dossiers_on_time", "on_time", on_time=_n(s.dossiers_on_time),
                    resolved=_n(s.dossiers_resolved))
            elif s.late_dossiers_apologised is not None and (
                s.late_dossiers_apologised > s.dossiers_resolved - s.dossiers_on_time
            ):
                add("one_stop.late_dossiers_apologised", "apologies",
                    apologies=_n(s.late_dossiers_apologised),
                    late=_n(s.dossiers_resolved - s.dossiers_on_time))
        if s.procedures_posted is not None and s.procedures_total is not None:
            if s.procedures_posted > s.procedures_total:
                add("one_stop.procedures_posted", "posted", posted=_n(s.procedures_posted),
                    total=_n(s.procedures_total))
        officials = self.officials or []
        seen: dict[str, int] = {}
        chairs: list[int] = []
        for i, official in enumerate(officials):
            if official.id in seen:
                add(f"officials[{i}].id", "duplicate_id", id=official.id,
                    first=_record(officials, seen[official.id]))
            seen.setdefault(official.id, i)
            if official.post is Post.chu_tich_ubnd:
                chairs.append(i)
            if official.role is Role.khong_chuyen_trach and official.post not in (None, Post.khac):
                post = official.post.value
                add(f"officials[{i}].post", "part_time_post",
                    post=(f"{label(post, 'vi')} ('{post}')", f"{label(post, 'en')} ('{post}')"))
        if len(chairs) > 1:
            add(f"officials[{chairs[1]}].post", "second_chairman",
                first=_record(officials, chairs[0]))
        return problems


def _n(value: int) -> tuple[str, str]:
    """A count in each language's digits (1.840 / 1,840)."""
    return number(value, "vi"), number(value, "en")


def _record(officials: list[Official], index: int) -> tuple[str, str]:
    """An official's record in both languages: "hồ sơ thứ 5 (Chủ tịch UBND, mã cb-05)"."""
    o = officials[index]
    post = o.post.value if o.post is not None else None
    return (record_ref(index + 1, post, o.role.value, o.id, "vi"),
            record_ref(index + 1, post, o.role.value, o.id, "en"))
