"""An independent oracle for the commune criteria, written by hand from criteria.md (§2, §4).

It shares nothing with the library but the input models: no condition language, no rule
files, no engine, no derived-input code. Every threshold below is typed in from criteria.md
(and, where criteria.md is silent, from the conventions the rule set follows), so that a
mistake in the rule files, the compiler or the engine shows up as a disagreement.

Three-valued (Kleene) logic throughout: ``True`` pass, ``False`` fail, ``None`` unknown. A
missing input (``None``) is never 0 or false; ``False and None`` is ``False``, ``True and
None`` is ``None``. A requirement over every record (e.g. "every công chức holds trung cấp or
higher") is the Kleene AND over the records it concerns.

Values are those in force on 31 December of the assessment year (criteria.md §2).

Readings where criteria.md is silent (dates, caps and rating scales as the rule set's
conventions give them), and three worth naming:

- A count over records is decided when its known records decide it: one công chức known to
  be disciplined at cảnh cáo fails CB-05 whatever an unreported record says (Kleene AND over
  the records), and a record whose role alone excludes it is not counted.
- The access-to-law total is the exact sum of the sub-scores as written (10.3 + 25 + 20 +
  9.1 + 15.6 is 80, which binary floats make 79.99999999999999), compared exactly with 80.
- "The chairman" is the one record with post chu_tich_ubnd; other records' unreported posts
  do not hide him. A part-time worker holds no cán bộ post (the document's own rule), so
  under QĐ 25/2021 a part-time worker is never the Party secretary or the chairman.

Plain Python on attribute access only: it is also the speed baseline of the benchmarks.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from fractions import Fraction

from clean_strong.models import Commune, Official

Tri = bool | None  # Kleene truth value: True, False, None (unknown)

# -- dates (criteria.md §2 table) -----------------------------------------------------------
ND_34_2019 = date(2019, 6, 25)  # headcount caps 23/21/19, police reduction
ND_33_2023 = date(2023, 8, 1)  # phường 23/21/19; xã, thị trấn 22/20/18
CB01_ADVISORY_FROM = date(2019, 6, 25)  # the believed 5-year transition (U) ...
CB01_MANDATORY_AGAIN = date(2024, 6, 25)  # ... ends on 25/6/2024
QD_132_2018 = date(2018, 3, 8)  # the four-level rating scale
ND_61_2018 = date(2018, 6, 21)  # one-stop section criteria HC-01..HC-04 in force
QD_619_2017 = date(2017, 5, 8)  # access-to-law standard PL-01 in force
QD_25_2021 = date(2021, 7, 22)  # its new disqualifier: the Party secretary or the chairman
LUAT_CQDP_2015 = date(2016, 1, 1)  # GS-01 (Luật Tổ chức chính quyền địa phương 2015)

# -- headcount caps per class (criteria.md CB-01) -------------------------------------------
CAPS_92_2009 = {"I": 25, "II": 23, "III": 21}
CAPS_34_2019 = {"I": 23, "II": 21, "III": 19}
CAPS_33_2023_PHUONG = {"I": 23, "II": 21, "III": 19}
CAPS_33_2023_XA = {"I": 22, "II": 20, "III": 18}  # xã and thị trấn

# -- ordered vocabularies, lowest first (criteria.md §4) ------------------------------------
PROFESSIONAL = {"khong": 0, "so_cap": 1, "trung_cap": 2, "cao_dang": 3, "dai_hoc": 4,
                "sau_dai_hoc": 5}
DISCIPLINE = {"khong": 0, "khien_trach": 1, "canh_cao": 2, "cach_chuc": 3,
              "buoc_thoi_viec": 4, "truy_cuu_hinh_su": 5}
TRUNG_CAP = PROFESSIONAL["trung_cap"]
CANH_CAO = DISCIPLINE["canh_cao"]

# Rating scales. Before Quy định 132-QĐ/TW the Party, government/mass-organisation and
# official words of one level rank equal; from 8/3/2018 four levels.
SCALE_BEFORE_2018 = {
    "yeu_kem": 0, "khong_hoan_thanh": 0,
    "trung_binh": 1, "hoan_thanh": 1,
    "kha": 2, "hoan_thanh_tot": 2,
    "trong_sach_vung_manh": 3, "vung_manh": 3, "hoan_thanh_xuat_sac": 3,
}
SCALE_FROM_2018 = {"khong_hoan_thanh": 0, "hoan_thanh": 1, "hoan_thanh_tot": 2,
                   "hoan_thanh_xuat_sac": 3}
# minimum ranks: (Party committee, government, socio-political organisations, chairman)
MINIMA_BEFORE_2018 = (3, 3, 2, 2)  # trong_sach_vung_manh, vung_manh, kha, hoan_thanh_tot
MINIMA_FROM_2018 = (2, 2, 2, 2)  # all hoan_thanh_tot

# -- access to law (QĐ 619/2017; QĐ 25/2021) -------------------------------------------------
ACCESS_MAXIMA = (15, 30, 25, 10, 20)
ACCESS_MIN_TOTAL = 80
ACCESS_HALVES = tuple(m / 2 for m in ACCESS_MAXIMA)  # each ≥ 50 % of its maximum (exact floats)

# -- the criteria ----------------------------------------------------------------------------
ALL_CRITERIA = (
    "CB-01", "CB-02", "CB-03", "CB-04", "CB-05",
    "HT-01", "HT-02", "HT-03", "HT-04",
    "HC-01", "HC-02", "HC-03", "HC-04",
    "PL-01", "GS-01", "GS-02", "XH-01", "TS-01", "TS-02",
)
ADVISORY = frozenset({"HC-03", "HC-04", "GS-02", "TS-02"})  # CB-01: dated, see mandatory()
IN_FORCE_FROM = {
    "HC-01": ND_61_2018, "HC-02": ND_61_2018, "HC-03": ND_61_2018, "HC-04": ND_61_2018,
    "PL-01": QD_619_2017, "GS-01": LUAT_CQDP_2015,
}
LEADER_POSTS = frozenset({"bi_thu_dang_uy", "chu_tich_ubnd"})
PART_TIME = "khong_chuyen_trach"

STATUS = {True: "pass", False: "fail", None: "unknown"}


def assessment_day(year: int) -> date:
    return date(year, 12, 31)


def in_force(year: int) -> tuple[str, ...]:
    """The criteria in force on 31/12 of ``year`` (all apply to xã, phường, thị trấn alike)."""
    day = assessment_day(year)
    return tuple(c for c in ALL_CRITERIA if IN_FORCE_FROM.get(c, day) <= day)


def not_applicable(year: int) -> tuple[str, ...]:
    live = set(in_force(year))
    return tuple(c for c in ALL_CRITERIA if c not in live)


def mandatory(criterion: str, year: int) -> bool:
    if criterion == "CB-01":
        day = assessment_day(year)
        return not CB01_ADVISORY_FROM <= day < CB01_MANDATORY_AGAIN
    return criterion not in ADVISORY


# -- Kleene connectives ----------------------------------------------------------------------
def k_and(values: Iterable[Tri]) -> Tri:
    unknown = False
    for value in values:
        if value is False:
            return False
        if value is None:
            unknown = True
    return None if unknown else True


def k_not(value: Tri) -> Tri:
    return None if value is None else not value


def at_least(value: object, minimum: int, ranks: dict[str, int]) -> Tri:
    """An ordinal word against a minimum rank (``None``: unknown)."""
    if value is None:
        return None
    try:
        return ranks[str(value)] >= minimum
    except KeyError:
        raise ValueError(f"{value!s} is not on the scale in force") from None


def ge(value: int | float | None, minimum: float) -> Tri:
    return None if value is None else value >= minimum


# -- the criteria, one function each ---------------------------------------------------------
def headcount_cap(year: int, unit_type: str, classification: str, police_regular: bool) -> int:
    """The most cán bộ + công chức allowed on 31/12 of ``year`` (the police reduction applied)."""
    day = assessment_day(year)
    if day >= ND_33_2023:
        caps = CAPS_33_2023_PHUONG if unit_type == "phuong" else CAPS_33_2023_XA
        reduction = 1 if police_regular else 0
    elif day >= ND_34_2019:
        caps, reduction = CAPS_34_2019, 1 if police_regular else 0
    else:
        caps, reduction = CAPS_92_2009, 0  # no reduction before Nghị định 34/2019
    return caps[str(classification)] - reduction


def headcount_within_cap(c: Commune) -> Tri:  # CB-01
    """A class or police status left out decides nothing when every cap it could give agrees:
    within the smallest of them passes, over the largest fails (Kleene)."""
    officials = c.officials or None  # an empty list is no record (as none supplied)
    if officials is None:
        return None
    classes = [str(c.classification)] if c.classification is not None else ["I", "II", "III"]
    police = [c.police_chief_regular] if c.police_chief_regular is not None else [True, False]
    headcount = sum(1 for o in officials if o.role != PART_TIME)  # cán bộ + công chức
    outcomes = {headcount <= headcount_cap(c.assessment_year, str(c.unit_type), cls, p)
                for cls in classes for p in police}
    return outcomes.pop() if len(outcomes) == 1 else None


def role_meets_standard(officials: list[Official] | None, role: str) -> Tri:  # CB-02, CB-03
    """Every official of ``role`` meets the standard; with none on record it is unknown (all of
    none is no pass)."""
    if officials is None or not any(o.role == role for o in officials):
        return None
    return k_and(
        at_least(o.professional_level, TRUNG_CAP, PROFESSIONAL)
        for o in officials if o.role == role
    )


def chairman_rated_well(officials: list[Official] | None, ranks: dict[str, int],
                        minimum: int) -> Tri:  # CB-04
    if officials is None:
        return None
    for o in officials:
        if o.post == "chu_tich_ubnd":  # at most one (the document's own rule)
            return at_least(o.rating, minimum, ranks)
    return None  # no chairman on record: his rating is missing


def none_disciplined(officials: list[Official] | None) -> Tri:  # CB-05; PL-01 until 2021
    """No cán bộ or công chức disciplined at cảnh cáo or above."""
    if officials is None:
        return None
    return k_and(
        k_not(at_least(o.discipline, CANH_CAO, DISCIPLINE))
        for o in officials if o.role != PART_TIME
    )


def no_leader_disciplined(officials: list[Official] | None) -> Tri:  # PL-01 from 22/7/2021
    """Neither the Party secretary nor the chairman disciplined at all (QĐ 25/2021)."""
    if officials is None:
        return None
    parts: list[Tri] = []
    for o in officials:
        if o.post is not None:
            leader: Tri = str(o.post) in LEADER_POSTS
        else:  # not reported: maybe a leader, unless a part-time worker (who holds no post
            # of a cán bộ or công chức: the document's own rule)
            leader = False if o.role == PART_TIME else None
        if leader is False:
            continue
        disciplined: Tri = None if o.discipline is None else o.discipline != "khong"
        parts.append(k_not(k_and((leader, disciplined))))
    return k_and(parts)


def exact_total(scores: tuple[float, ...]) -> Fraction:
    """The sub-scores added as the decimals they were written as (10.3 + 9.1 + ... exactly)."""
    return sum((Fraction(Decimal(repr(s))) for s in scores), Fraction(0))


def access_to_law(c: Commune, day: date) -> Tri:  # PL-01
    a = c.access_to_law
    scores = (a.criterion_1, a.criterion_2, a.criterion_3, a.criterion_4, a.criterion_5)
    parts: list[Tri] = [None if s is None else s >= half
                        for s, half in zip(scores, ACCESS_HALVES, strict=True)]
    if None in scores:
        parts.append(None)  # the total
    else:
        known = tuple(s for s in scores if s is not None)
        rough = sum(known)
        if abs(rough - ACCESS_MIN_TOTAL) > 1e-6:  # far from the threshold: floats decide
            parts.append(rough >= ACCESS_MIN_TOTAL)
        else:
            parts.append(exact_total(known) >= ACCESS_MIN_TOTAL)
    if day >= QD_25_2021:
        parts.append(no_leader_disciplined(c.officials or None))
    else:
        parts.append(none_disciplined(c.officials or None))
    return k_and(parts)


def _evaluate(c: Commune) -> dict[str, Tri]:
    year = c.assessment_year
    day = assessment_day(year)
    old_scale = day < QD_132_2018
    ranks = SCALE_BEFORE_2018 if old_scale else SCALE_FROM_2018
    party_min, government_min, organisation_min, chairman_min = (
        MINIMA_BEFORE_2018 if old_scale else MINIMA_FROM_2018
    )
    officials = c.officials or None  # an empty list is no record (as none supplied)
    org = c.organisations
    ps = c.political_system
    stop = c.one_stop
    values: dict[str, Tri] = {
        "CB-01": headcount_within_cap(c),
        "CB-02": role_meets_standard(officials, "cong_chuc"),
        "CB-03": role_meets_standard(officials, "can_bo_chuyen_trach"),
        "CB-04": chairman_rated_well(officials, ranks, chairman_min),
        "CB-05": none_disciplined(officials),
        "HT-01": k_and((ps.party_committee, ps.people_council, ps.people_committee,
                        ps.fatherland_front, ps.youth_union, ps.women_union,
                        ps.farmers_union, ps.veterans_association)),
        "HT-02": at_least(org.party_committee, party_min, ranks),
        "HT-03": at_least(org.people_committee, government_min, ranks),
        "HT-04": k_and(at_least(r, organisation_min, ranks) for r in (
            org.fatherland_front, org.youth_union, org.women_union, org.farmers_union,
            org.veterans_association)),
        "GS-01": ge(c.oversight.council_regular_sessions, 2),
        "GS-02": ge(c.oversight.front_supervisions, 1),
        "XH-01": c.social.gender_equality_met,
        "TS-01": None if c.integrity.corruption_cases is None
        else c.integrity.corruption_cases == 0,
        "TS-02": None if c.integrity.prolonged_mass_complaints is None
        else c.integrity.prolonged_mass_complaints == 0,
    }
    if day >= ND_61_2018:
        resolved, on_time = stop.dossiers_resolved, stop.dossiers_on_time
        posted, total = stop.procedures_posted, stop.procedures_total
        apologised = stop.late_dossiers_apologised
        values["HC-01"] = stop.operating
        values["HC-02"] = None if posted is None or total is None else posted >= total
        # on-time share ≥ 95 % of resolved, in integers (no dossier resolved: nothing late);
        # the same as the float test on_time >= 0.95 * resolved for every count up to 10^6
        values["HC-03"] = (None if on_time is None or resolved is None
                           else 20 * on_time >= 19 * resolved)
        values["HC-04"] = (None if apologised is None or on_time is None or resolved is None
                           else apologised >= resolved - on_time)
    if day >= QD_619_2017:
        values["PL-01"] = access_to_law(c, day)
    return values


def statuses(commune: Commune) -> dict[str, str]:
    """Each criterion in force in the commune's assessment year: "pass"/"fail"/"unknown"."""
    values = _evaluate(commune)
    return {c: STATUS[values[c]] for c in ALL_CRITERIA if c in values}


def verdict(commune: Commune) -> str:
    """Kleene over the mandatory criteria of the year: any fail, else any unknown."""
    year = commune.assessment_year
    decisive = [v for c, v in _evaluate(commune).items() if mandatory(c, year)]
    if False in decisive:
        return "not_recognised"
    if None in decisive:
        return "undetermined"
    return "recognised"


def assess(commune: Commune) -> tuple[str, dict[str, str]]:
    """The verdict and the statuses in one pass (for the benchmark baseline)."""
    year = commune.assessment_year
    values = _evaluate(commune)
    decisive = [v for c, v in values.items() if mandatory(c, year)]
    outcome = ("not_recognised" if False in decisive
               else "undetermined" if None in decisive else "recognised")
    return outcome, {c: STATUS[values[c]] for c in ALL_CRITERIA if c in values}
