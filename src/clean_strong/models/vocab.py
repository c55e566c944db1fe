"""Closed vocabularies of commune data, with their Vietnamese labels and order.

Values are ASCII snake_case spellings of the Vietnamese terms, so documents stay easy to type
and diff; the labels carry the diacritics. Ordinal vocabularies are declared lowest first:
the condition language compares them by that order (``professional_level >= "trung_cap"``).
"""

from __future__ import annotations

import operator
from enum import StrEnum

from ..words.format import label


class Vocabulary(StrEnum):
    """A closed vocabulary of commune data."""

    @classmethod
    def ordinal(cls) -> bool:
        """Whether declaration order is a rank (lowest first) usable by ``<`` and ``>=``."""
        return cls in _ORDINAL

    @classmethod
    def rank(cls, value: str) -> int:
        return list(cls.__members__).index(cls(value).name)

    @property
    def label_vi(self) -> str:
        return label(self.value, "vi")


# A StrEnum's value is its own text, kept as a plain str in ``_value_``: read it with a C-level
# getter instead of Enum's Python property (pydantic reads ``.value`` of every vocabulary field
# it serialises; ``str.__str__`` would copy the text each time).
Vocabulary.value = property(operator.attrgetter("_value_"))  # type: ignore[assignment,method-assign]


class UnitType(Vocabulary):
    """Commune-level unit type (xã, phường, thị trấn)."""

    xa = "xa"
    phuong = "phuong"
    thi_tran = "thi_tran"


class Classification(Vocabulary):
    """Commune class (loại I/II/III) fixing the headcount cap."""

    I = "I"  # noqa: E741 - the legal name of the class
    II = "II"
    III = "III"


class Role(Vocabulary):
    """An official's category (docs/criteria.md §4)."""

    can_bo_chuyen_trach = "can_bo_chuyen_trach"
    cong_chuc = "cong_chuc"
    khong_chuyen_trach = "khong_chuyen_trach"


class Post(Vocabulary):
    """Posts of commune cán bộ and công chức (Nghị định 92/2009, Điều 3)."""

    bi_thu_dang_uy = "bi_thu_dang_uy"
    pho_bi_thu_dang_uy = "pho_bi_thu_dang_uy"
    chu_tich_hdnd = "chu_tich_hdnd"
    pho_chu_tich_hdnd = "pho_chu_tich_hdnd"
    chu_tich_ubnd = "chu_tich_ubnd"
    pho_chu_tich_ubnd = "pho_chu_tich_ubnd"
    chu_tich_mttq = "chu_tich_mttq"
    bi_thu_doan_thanh_nien = "bi_thu_doan_thanh_nien"
    chu_tich_hoi_phu_nu = "chu_tich_hoi_phu_nu"
    chu_tich_hoi_nong_dan = "chu_tich_hoi_nong_dan"
    chu_tich_hoi_cuu_chien_binh = "chu_tich_hoi_cuu_chien_binh"
    truong_cong_an = "truong_cong_an"
    chi_huy_truong_quan_su = "chi_huy_truong_quan_su"
    van_phong_thong_ke = "van_phong_thong_ke"
    dia_chinh_xay_dung = "dia_chinh_xay_dung"
    tai_chinh_ke_toan = "tai_chinh_ke_toan"
    tu_phap_ho_tich = "tu_phap_ho_tich"
    van_hoa_xa_hoi = "van_hoa_xa_hoi"
    khac = "khac"


class GeneralEducation(Vocabulary):
    """General (school) education completed."""

    tieu_hoc = "tieu_hoc"
    thcs = "thcs"
    thpt = "thpt"


class ProfessionalLevel(Vocabulary):
    """Professional qualification, lowest first."""

    khong = "khong"
    so_cap = "so_cap"
    trung_cap = "trung_cap"
    cao_dang = "cao_dang"
    dai_hoc = "dai_hoc"
    sau_dai_hoc = "sau_dai_hoc"


class PoliticalTheory(Vocabulary):
    """Political-theory level, lowest first."""

    khong = "khong"
    so_cap = "so_cap"
    trung_cap = "trung_cap"
    cao_cap = "cao_cap"


class Discipline(Vocabulary):
    """Heaviest disciplinary measure in the year, lightest first."""

    khong = "khong"
    khien_trach = "khien_trach"
    canh_cao = "canh_cao"
    cach_chuc = "cach_chuc"
    buoc_thoi_viec = "buoc_thoi_viec"
    truy_cuu_hinh_su = "truy_cuu_hinh_su"


class Rating(Vocabulary):
    """Annual ratings of organisations and officials, across both vocabularies.

    2018 onwards (Quy định 132-QĐ/TW): four levels. Before 2018 Party organisations were
    classed "trong sạch, vững mạnh" at the top, governments and mass organisations "vững mạnh"
    / "khá" / "trung bình" / "yếu kém". Which words are valid in a year, and their order, is a
    dated parameter of the rule set (``rating_scale``), not of this enum.
    """

    hoan_thanh_xuat_sac = "hoan_thanh_xuat_sac"
    hoan_thanh_tot = "hoan_thanh_tot"
    hoan_thanh = "hoan_thanh"
    khong_hoan_thanh = "khong_hoan_thanh"
    trong_sach_vung_manh = "trong_sach_vung_manh"
    vung_manh = "vung_manh"
    kha = "kha"
    trung_binh = "trung_binh"
    yeu_kem = "yeu_kem"


_ORDINAL: frozenset[type[Vocabulary]] = frozenset(
    {GeneralEducation, ProfessionalLevel, PoliticalTheory, Discipline}
)

VOCABULARIES: dict[str, type[Vocabulary]] = {
    cls.__name__: cls
    for cls in (
        UnitType,
        Classification,
        Role,
        Post,
        GeneralEducation,
        ProfessionalLevel,
        PoliticalTheory,
        Discipline,
        Rating,
    )
}
