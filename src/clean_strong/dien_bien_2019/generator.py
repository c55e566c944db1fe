"""The ``dien-bien-2019`` data set generator: 130 real units, generated records, stated priors.

Per-commune data behind the article's "gần 50 %" is not published, so the records are
*generated*: every official, rating, score and count is drawn from a prior that
:class:`Assumptions` names with its source and confidence. The generator knows the published
aggregates (it hits them exactly), the legal structure of a commune (posts, the access-to-law
scoring of QĐ 619/QĐ-TTg; the headcount caps it reads from the rule set's parameters) and the
8 New-Rural communes; it knows nothing of the criteria, which are mandatory or how the verdict
is folded. The recognition rate
exists only once the engine has evaluated the records (:mod:`clean_strong.reproduce`).

Determinism: every draw comes from a ``random.Random`` seeded by a string such as
``"20191218/03136/officials"`` (hashed with SHA-512 by the standard library, so independent of
``PYTHONHASHSEED`` and of the machine). Each unit and purpose has its own stream, so moving
one knob leaves every other draw as it was (common random numbers: the sensitivity table
shows the knob's effect, not reshuffled noise).

Regenerate the shipped file (the seed was fixed before calibration: the article's date)::

    python -m clean_strong.dien_bien_2019.generator --seed 20191218 \\
        -o src/clean_strong/dien_bien_2019/data/dien-bien-2019.jsonl
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import math
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ..models import Commune
from ..models.vocab import Post, UnitType
from ..ruleset import read_ruleset
from .article import CITY_DISTRICT_CODE, MUONG_THANH_CODE
from .units import UNITS_FILE, Unit, load_units

DATASET = "dien-bien-2019"
GENERATOR_VERSION = 1
SHIPPED_SEED = 20191218
"""Fixed before any calibration run: the article's publication date (18/12/2019)."""

# -- published facts the records must reproduce exactly (dien-bien-2019.md F1–F6) ---------

PROVINCE = "Điện Biên"
YEAR = 2019
OFFICIALS_TOTAL = 2698  # F1
CONG_CHUC_TOTAL = 1303  # F3: all meet the standard
CAN_BO_TOTAL = OFFICIALS_TOTAL - CONG_CHUC_TOTAL  # 1,395: the reading reconciling F1–F3
CAN_BO_MEETING = 1133  # F4
CAN_BO_BELOW = CAN_BO_TOTAL - CAN_BO_MEETING  # 262
MUONG_THANH = MUONG_THANH_CODE  # F5: 22 officials, all meet, > 90 % university and theory
MUONG_THANH_CAN_BO = 11
MUONG_THANH_CONG_CHUC = 11
CITY_DISTRICT = CITY_DISTRICT_CODE  # TP Điện Biên Phủ: 100 % at trung cấp or above already in 2018
NEW_RURAL: dict[str, str] = {
    # recognised as meeting all 19 New-Rural criteria (criterion 18 included) by 2019
    "03337": "Thanh Chăn",  # 2016
    "03325": "Mường Phăng",  # 2018
    "03358": "Núa Ngam",  # 2018
    "03317": "Nà Nhạn",  # 2018
    "03349": "Noong Luống",  # 2018
    "03187": "Chà Nưa",  # 2018 (huyện Nậm Pồ; dienbientv.vn 02/04/2019)
    "03355": "Sam Mứn",  # 2019
    "03316": "Nà Tấu",  # 2019
}

# -- legal structure of a commune (law, not knobs) ------------------------------------------

RULESET = "dien-bien-2019"
"""The rule set whose law (the headcount caps) the records are generated under."""


@functools.cache
def headcount_cap(unit_type: str, classification: str, police_regular: bool) -> int:
    """The cap on cán bộ + công chức in force on the assessment day of ``YEAR``, as the rule set
    states it (``headcount_cap`` less ``police_cap_reduction``: from 25/6/2019, Nghị định
    34/2019/NĐ-CP, Điều 2 khoản 1). Read from the rules, never copied here."""
    edition = read_ruleset(RULESET).in_force(YEAR)
    caps = edition.value("headcount_cap")
    reductions = edition.value("police_cap_reduction")
    if not isinstance(caps, dict) or not isinstance(reductions, dict):
        raise ValueError(f"{RULESET}: headcount_cap and police_cap_reduction must be tables")
    cap = caps[unit_type][classification]
    reduction = reductions["true" if police_regular else "false"]
    if not isinstance(cap, int) or not isinstance(reduction, int):
        raise ValueError(f"{RULESET}: the headcount caps must be integers")
    return cap - reduction

CAN_BO_POSTS: tuple[Post, ...] = (
    # Nghị định 92/2009/NĐ-CP, Điều 3 khoản 1: the 11 cán bộ chuyên trách posts
    Post.bi_thu_dang_uy,
    Post.pho_bi_thu_dang_uy,
    Post.chu_tich_hdnd,
    Post.pho_chu_tich_hdnd,
    Post.chu_tich_ubnd,
    Post.pho_chu_tich_ubnd,
    Post.chu_tich_mttq,
    Post.bi_thu_doan_thanh_nien,
    Post.chu_tich_hoi_phu_nu,
    Post.chu_tich_hoi_nong_dan,
    Post.chu_tich_hoi_cuu_chien_binh,
)
CONCURRENT_POST = Post.chu_tich_hdnd
"""Where a unit has 10 cán bộ, the Party secretary also chairs the council (NQ 18-NQ/TW)."""

CONG_CHUC_TITLES: tuple[Post, ...] = (
    # Nghị định 92/2009/NĐ-CP, Điều 3 khoản 2: the 7 công chức titles
    Post.truong_cong_an,  # xã and thị trấn only; absent where regular police hold it
    Post.chi_huy_truong_quan_su,
    Post.van_phong_thong_ke,
    Post.dia_chinh_xay_dung,
    Post.tai_chinh_ke_toan,
    Post.tu_phap_ho_tich,
    Post.van_hoa_xa_hoi,
)
SHARED_TITLES: tuple[Post, ...] = (
    # titles a commune may staff with more than one công chức
    Post.van_phong_thong_ke,
    Post.dia_chinh_xay_dung,
    Post.tu_phap_ho_tich,
    Post.van_hoa_xa_hoi,
    Post.tai_chinh_ke_toan,
)
BELOW_STANDARD_WEIGHT: dict[Post, int] = {
    # who is below standard inside a unit: heads of mass organisations most often (U)
    Post.bi_thu_dang_uy: 1,
    Post.chu_tich_ubnd: 1,
    Post.chu_tich_hdnd: 1,
    Post.pho_bi_thu_dang_uy: 2,
    Post.pho_chu_tich_hdnd: 2,
    Post.pho_chu_tich_ubnd: 2,
    Post.chu_tich_mttq: 3,
    Post.bi_thu_doan_thanh_nien: 3,
    Post.chu_tich_hoi_phu_nu: 3,
    Post.chu_tich_hoi_nong_dan: 3,
    Post.chu_tich_hoi_cuu_chien_binh: 3,
}
ACCESS_MAXIMA = (15, 30, 25, 10, 20)
"""Maxima of the five access-to-law criteria (Quyết định 619/QĐ-TTg, 8/5/2017)."""
ACCESS_PASS_TOTAL = 80
ACCESS_PASS_SHARE = 0.5
"""The standard is met with a total of 80 or more and each criterion at half its maximum."""

RATINGS = ("khong_hoan_thanh", "hoan_thanh", "hoan_thanh_tot", "hoan_thanh_xuat_sac")
"""The 2019 rating words, lowest first (Quy định 132-QĐ/TW)."""
ORGANISATIONS = ("fatherland_front", "youth_union", "women_union", "farmers_union",
                 "veterans_association")
SYSTEM = ("party_committee", "people_council", "people_committee", *ORGANISATIONS)


def _knob(value: float, role: str, confidence: str, source: str, what: str) -> Any:
    """A knob with its prior: ``role`` is calibrated / prior; confidence S, S2, I or U."""
    return Field(value, ge=0, description=what,
                 json_schema_extra={"role": role, "confidence": confidence, "source": source})


class Assumptions(BaseModel):
    """Every knob of the generator, with its value, its source and how firm it is.

    The defaults are the shipped data set's. Only the knobs whose ``role`` is
    ``calibrated`` were chosen to make the engine's mean rate over 50 seeds match the article
    (``python -m clean_strong.dien_bien_2019.calibrate``); every other value is a prior taken from
    the comparators in the spec before any calibration run. Probabilities marked "through the
    capacity latent" are marginal probabilities: each unit's own probability is
    ``expit(a − loading × capacity)``, with ``a`` solved so the average over the latent's
    distribution is the stated value (poor, remote units fail more often, the province's
    total does not change).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    # -- calibrated -----------------------------------------------------------------------
    below_standard_unit_share: float = _knob(
        0.42, "calibrated", "I",
        "Calibrated. Feasible from ≈ 0.24: the 262 cán bộ below standard (F1–F4 reconciled) "
        "need at least 27 units if each keeps one qualified cán bộ; 1.0 spreads them over "
        "every eligible unit.",
        "Share of the 113 eligible units (outside TP Điện Biên Phủ and the 8 New-Rural "
        "communes) with at least one cán bộ below the professional standard; the 262 are "
        "spread over exactly these units.")
    # -- structure ------------------------------------------------------------------------
    class_i_share: float = _knob(
        12 / 21, "prior", "I",
        "Huyện Điện Biên: 12 class I, 9 class II, no class III (S, the only published split), "
        "applied to the whole province (I).",
        "Probability that a unit is class I (else class II); Mường Thanh is class I, the only "
        "class whose cap (23) holds its 22 officials.")
    regular_police_share: float = _knob(
        0.70, "prior", "S2",
        "Comparators, end of 2019: Lâm Đồng 88/116 xã (76 %); Hải Dương 119/188 xã and thị "
        "trấn before 2/2020 (63 %).",
        "Probability that regular police hold the post of Trưởng Công an in a xã or thị trấn "
        "(cap −1, one công chức fewer); phường have no such commune post.")
    # -- staff -----------------------------------------------------------------------------
    degree_share_city: float = _knob(
        0.51, "prior", "S2", "TP Điện Biên Phủ, 2018: 51 % held a college or university degree.",
        "Share of officials meeting the standard who hold cao đẳng or higher, TP Điện Biên Phủ.")
    degree_share_rural: float = _knob(
        0.35, "prior", "U", "No figure found; below the city's 51 %.",
        "The same share in the other districts.")
    university_share_of_degrees: float = _knob(
        0.85, "prior", "U", "No figure found.",
        "Of those with a degree, the share with đại học or higher (the rest cao đẳng).")
    no_qualification_share: float = _knob(
        0.30, "prior", "U", "No figure found.",
        "Of cán bộ below standard, the share with no professional qualification (the rest "
        "sơ cấp).")
    upper_secondary_share: float = _knob(
        0.75, "prior", "U", "The province's 2020 target is 60 % THPT (the article).",
        "Probability of THPT education for an official at trung cấp or above (TP: 0.95).")
    upper_secondary_share_below: float = _knob(
        0.30, "prior", "U", "No figure found.",
        "Probability of THPT education for a cán bộ below the professional standard.")
    political_theory_can_bo: float = _knob(
        0.80, "prior", "U", "The province's 2020 target is 65 % (the article).",
        "Probability that a cán bộ holds trung cấp political theory or higher.")
    political_theory_cong_chuc: float = _knob(
        0.45, "prior", "U", "The province's 2020 target is 65 % (the article).",
        "Probability that a công chức holds trung cấp political theory or higher.")
    trained_share: float = _knob(
        0.85, "prior", "U", "The province's 2020 target is 100 % (the article).",
        "Probability that an official was trained in the year.")
    official_good_share: float = _knob(
        0.87, "prior", "U", "No figure found for individual commune officials.",
        "Probability that an official is rated hoàn thành tốt or better (one in six of them "
        "xuất sắc; below: hoàn thành, 1 % không hoàn thành).")
    # -- organisations (through the capacity latent) ---------------------------------------
    organisation_good_share: float = _knob(
        571 / 598, "prior", "S2",
        "Sơn La 2020: 120 excellent, 451 good, 27 completed, none failed, of 598 grassroots "
        "Party organisations (≈ 95 % good or better).",
        "Probability that the Party committee, the government, the chairman or a mass "
        "organisation is rated hoàn thành tốt or better (each drawn; a fifth of them xuất "
        "sắc; below: hoàn thành, never không hoàn thành — the province reportedly classed no "
        "commune weak). The chairman is never rated above the government (Nghị định "
        "56/2015, I).")
    political_system_complete: float = _knob(
        0.995, "prior", "U", "Indicator 18.2; every commune normally has all 8.",
        "Probability that all 8 organisations of the political system exist.")
    access_scores_met: float = _knob(
        0.93, "prior", "I",
        "Lào Cai 2018: 135/164 met (82 %); most failures came from the disqualifier, so "
        "scores alone fail ≈ 7 %, discipline ≈ 12 %.",
        "Probability that the five access-to-law sub-scores meet QĐ 619 (total ≥ 80, each ≥ "
        "half its maximum); the disqualifier comes from the discipline records.")
    disciplined_unit_share: float = _knob(
        0.12, "prior", "I", "Lào Cai 2018 (see access_scores_met).",
        "Probability that a unit has an official disciplined at cảnh cáo or above in the "
        "year; that official is rated hoàn thành or không hoàn thành.")
    reprimand_unit_share: float = _knob(
        0.10, "prior", "U", "No figure found; khiển trách does not disqualify.",
        "Probability that a unit has an official reprimanded (khiển trách) in the year.")
    corruption_unit_share: float = _knob(
        0.01, "prior", "U", "No figure found.",
        "Probability of a corruption case concluded in the year (its official is also "
        "disciplined: cách chức or prosecuted).")
    one_stop_operating: float = _knob(
        0.99, "prior", "S2", "Nghị định 61/2018 made it mandatory; the article shows it working.",
        "Probability that the one-stop section operates.")
    procedures_all_posted: float = _knob(
        0.95, "prior", "U", "No figure found.",
        "Probability that every administrative procedure is publicly posted.")
    on_time_share: float = _knob(
        0.999, "prior", "S2", "Hòa Bình Q1 2019: 99.96 % of dossiers on time.",
        "Probability that a dossier is resolved on time.")
    late_all_apologised: float = _knob(
        0.80, "prior", "U", "No figure found.",
        "Probability that every late dossier has a written apology.")
    council_sessions_met: float = _knob(
        0.99, "prior", "U", "Luật Tổ chức chính quyền địa phương 2015 requires two.",
        "Probability that the council held its 2 regular sessions (else 1).")
    front_supervisions_mean: float = _knob(
        2.5, "prior", "U", "No figure found.",
        "Mean number of Fatherland Front supervisions in the year (Poisson).")
    mass_complaint_share: float = _knob(
        0.02, "prior", "U", "No figure found.",
        "Probability of an unresolved prolonged mass complaint.")
    gender_equality_met: float = _knob(
        0.90, "prior", "U",
        "No figure found; rural communes met 9.8 of 19 New-Rural criteria on average (2019).",
        "Probability that indicator 18.6 is met.")
    # -- correlation -----------------------------------------------------------------------
    district_effect_sd: float = _knob(
        1.0, "prior", "I",
        "District effects are large: access to law ran from 0 % to 100 % by district in Cao "
        "Bằng 2018.",
        "Standard deviation of the district part of a unit's capacity (logit scale).")
    unit_effect_sd: float = _knob(
        0.5, "prior", "U", "No figure found.",
        "Standard deviation of the unit's own part of its capacity.")
    capacity_loading: float = _knob(
        1.0, "prior", "U",
        "The direction is sourced: poverty, remoteness and staff qualifications move together "
        "(spec, I); the magnitude (1 on the logit scale) is assumed.",
        "How strongly capacity moves every failure probability (0: independent draws).")
    staff_noise_sd: float = _knob(
        0.7, "prior", "U", "No figure found.",
        "Noise added to capacity when ranking units for below-standard cán bộ (0: the "
        "weakest units exactly).")


def knob_rows(assumptions: Assumptions | None = None) -> list[dict[str, str]]:
    """The knobs as table rows (name, value, role, confidence, source, meaning)."""
    assumptions = assumptions or Assumptions()
    rows: list[dict[str, str]] = []
    for name, info in Assumptions.model_fields.items():
        extra = info.json_schema_extra
        assert isinstance(extra, dict)
        rows.append({
            "knob": name,
            "value": f"{getattr(assumptions, name):.4g}",
            "role": str(extra["role"]),
            "confidence": str(extra["confidence"]),
            "source": str(extra["source"]),
            "meaning": info.description or "",
        })
    return rows


# -- randomness -----------------------------------------------------------------------------


def _rng(seed: int, *parts: object) -> random.Random:
    """An independent stream per purpose: ``Random("seed/part/part")`` (SHA-512 seeded)."""
    return random.Random("/".join(str(p) for p in (seed, *parts)))


def _expit(x: float) -> float:
    return 1 / (1 + math.exp(-x)) if x >= 0 else math.exp(x) / (1 + math.exp(x))


_GRID = [-6 + 12 * i / 240 for i in range(241)]
_WEIGHTS = [math.exp(-z * z / 2) for z in _GRID]


@functools.lru_cache(maxsize=256)
def _intercept(p: float, scale: float) -> float:
    """``a`` with E[expit(a − scale·z)] = p for z ~ N(0, 1) (bisection on a fixed grid)."""
    total = sum(_WEIGHTS)
    lo, hi = -40.0, 40.0
    for _ in range(100):
        mid = (lo + hi) / 2
        mean = sum(w * _expit(mid - scale * z) for z, w in zip(_GRID, _WEIGHTS, strict=True))
        lo, hi = (mid, hi) if mean / total < p else (lo, mid)
    return (lo + hi) / 2


@dataclass(frozen=True)
class _Latent:
    """Marginal probabilities turned into unit probabilities through the capacity latent."""

    sd: float
    loading: float

    def probability(self, marginal: float, capacity: float) -> float:
        if marginal <= 0 or marginal >= 1 or self.loading == 0 or self.sd == 0:
            return min(max(marginal, 0.0), 1.0)
        return _expit(_intercept(marginal, self.loading * self.sd) - self.loading * capacity)


# -- the plan: province-level allocations that make the aggregates exact --------------------


@dataclass
class _Plan:
    unit: Unit
    capacity: float
    classification: str
    police_regular: bool
    can_bo: int = len(CAN_BO_POSTS)
    cong_chuc: int = 0
    below: int = 0  # cán bộ below the professional standard

    @property
    def cap(self) -> int:
        return headcount_cap(self.unit.unit_type.value, self.classification,
                             self.police_regular)

    @property
    def titles(self) -> tuple[Post, ...]:
        has_police_post = self.unit.unit_type is not UnitType.phuong and not self.police_regular
        return CONG_CHUC_TITLES if has_police_post else CONG_CHUC_TITLES[1:]


def _plans(seed: int, a: Assumptions, units: Sequence[Unit]) -> list[_Plan]:
    """Class, police, headcounts and below-standard counts for every unit, summing exactly."""
    districts = sorted({u.district_code for u in units})
    district_effect = {d: _rng(seed, "district", d).gauss(0, a.district_effect_sd)
                       for d in districts}
    plans: list[_Plan] = []
    for unit in units:
        r = _rng(seed, unit.code, "structure")
        capacity = district_effect[unit.district_code] + r.gauss(0, a.unit_effect_sd)
        u_class, u_police = r.random(), r.random()
        fixed = unit.code == MUONG_THANH
        plans.append(_Plan(
            unit=unit,
            capacity=capacity,
            classification="I" if fixed or u_class < a.class_i_share else "II",
            police_regular=(unit.unit_type is not UnitType.phuong
                            and u_police < a.regular_police_share),
        ))
    by_code = {p.unit.code: p for p in plans}

    # cán bộ: 11 posts, one fewer (a concurrent post) in exactly as many units as F1–F3 require
    concurrent = len(CAN_BO_POSTS) * len(plans) - CAN_BO_TOTAL
    candidates = [p.unit.code for p in plans if p.unit.code != MUONG_THANH]
    for code in _rng(seed, "province", "concurrent").sample(candidates, concurrent):
        by_code[code].can_bo -= 1

    # công chức: every title staffed, the rest spread uniformly over the room under each cap
    for p in plans:
        p.cong_chuc = len(p.titles)
    mt = by_code[MUONG_THANH]
    mt.cong_chuc = MUONG_THANH_CONG_CHUC
    slots = [p.unit.code for p in plans if p is not mt
             for _ in range(p.cap - p.can_bo - p.cong_chuc)]
    extra = CONG_CHUC_TOTAL - sum(p.cong_chuc for p in plans)
    if not 0 <= extra <= len(slots):
        raise ValueError(f"cannot place {extra} công chức in {len(slots)} places under the caps")
    for code in _rng(seed, "province", "cong_chuc").sample(slots, extra):
        by_code[code].cong_chuc += 1

    # cán bộ below standard: the share of eligible units with the lowest capacity (plus
    # noise) get one each; the rest fall uniformly on their remaining cán bộ, keeping one
    # qualified cán bộ per unit
    eligible = [p for p in plans
                if p.unit.district_code != CITY_DISTRICT and p.unit.code not in NEW_RURAL]
    noisy = {p.unit.code: p.capacity + _rng(seed, p.unit.code, "staff").gauss(0, a.staff_noise_sd)
             for p in eligible}
    eligible.sort(key=lambda p: (noisy[p.unit.code], p.unit.code))
    count = min(len(eligible), max(1, round(a.below_standard_unit_share * len(eligible))))
    affected = eligible[:count]
    for p in affected:
        p.below = 1
    slots = [p.unit.code for p in affected for _ in range(p.can_bo - 2)]
    rest = CAN_BO_BELOW - count
    if not 0 <= rest <= len(slots):
        raise ValueError(
            f"below_standard_unit_share={a.below_standard_unit_share}: {count} units cannot "
            f"hold {CAN_BO_BELOW} cán bộ below standard")
    for code in _rng(seed, "province", "below").sample(slots, rest):
        by_code[code].below += 1
    return plans


# -- one commune ----------------------------------------------------------------------------


def _weighted_pick(r: random.Random, items: Sequence[Post], k: int) -> set[Post]:
    """k posts without replacement, by BELOW_STANDARD_WEIGHT (Efraimidis–Spirakis keys)."""
    keys = sorted(items, key=lambda post: -(r.random() ** (1 / BELOW_STANDARD_WEIGHT[post])))
    return set(keys[:k])


def _rating(u: float, good: float, excellent_of_good: float, worst: float = 0.0) -> str:
    """A 2019 rating word from one uniform: below ``1 − good`` not good, else good/excellent."""
    bad = 1 - good
    if u < bad:
        return RATINGS[0] if u < worst * bad else RATINGS[1]
    return RATINGS[3] if (u - bad) / good < excellent_of_good else RATINGS[2]


def _poisson(r: random.Random, mean: float) -> int:
    limit, k, product = math.exp(-mean), 0, r.random()
    while product > limit:
        k += 1
        product *= r.random()
    return k


class _Draw:
    """Bernoulli draws for one unit, each from its own named stream."""

    def __init__(self, seed: int, plan: _Plan, latent: _Latent, new_rural: bool) -> None:
        self.seed, self.plan, self.latent, self.new_rural = seed, plan, latent, new_rural

    def stream(self, purpose: str) -> random.Random:
        return _rng(self.seed, self.plan.unit.code, purpose)

    def fails(self, purpose: str, success: float, *, criterion_18: bool = False) -> bool:
        """Whether the unit fails an indicator met with marginal probability ``success``.

        A New-Rural commune meets every indicator of criterion 18 (it was recognised so).
        """
        u = self.stream(purpose).random()
        if criterion_18 and self.new_rural:
            return False
        return u < self.latent.probability(1 - success, self.plan.capacity)

    def uniform_good(self, purpose: str, good: float) -> float:
        """A uniform for a rating, shifted through the latent so P(not good) is the unit's."""
        u = self.stream(purpose).random()
        p_bad = self.latent.probability(1 - good, self.plan.capacity)
        bad = 1 - good
        # map the unit's own "not good" mass onto the [0, bad) band of the marginal scale
        if u < p_bad:
            return u / p_bad * bad if p_bad else 0.0
        return bad + (u - p_bad) / (1 - p_bad) * good


def _officials(a: Assumptions, plan: _Plan, draw: _Draw) -> list[dict[str, Any]]:
    unit = plan.unit
    r = draw.stream("officials")
    posts = [p for p in CAN_BO_POSTS if plan.can_bo == len(CAN_BO_POSTS) or p != CONCURRENT_POST]
    below = _weighted_pick(draw.stream("below"), posts, plan.below)
    titles = list(plan.titles)
    cong_chuc = titles + [SHARED_TITLES[i % len(SHARED_TITLES)]
                          for i in range(plan.cong_chuc - len(titles))]
    city = unit.district_code == CITY_DISTRICT
    degree_share = a.degree_share_city if city else a.degree_share_rural
    people: list[dict[str, Any]] = []
    for role, prefix, group in (("can_bo_chuyen_trach", "cb", posts),
                                ("cong_chuc", "cc", cong_chuc)):
        for i, post in enumerate(group, 1):
            u = [r.random() for _ in range(8)]  # a fixed number of draws per official
            meets = not (role == "can_bo_chuyen_trach" and post in below)
            if meets:
                if u[0] < degree_share:
                    level = "dai_hoc" if u[1] < a.university_share_of_degrees else "cao_dang"
                else:
                    level = "trung_cap"
                thpt = u[2] < (0.95 if city else a.upper_secondary_share)
            else:
                level = "khong" if u[1] < a.no_qualification_share else "so_cap"
                thpt = u[2] < a.upper_secondary_share_below
            share = a.political_theory_can_bo if role == "can_bo_chuyen_trach" \
                else a.political_theory_cong_chuc
            if u[3] < share:
                theory = "cao_cap" if u[4] < 0.1 else "trung_cap"
            else:
                theory = "khong" if u[4] < 0.3 else "so_cap"
            people.append({
                "id": f"{prefix}-{i:02d}",
                "role": role,
                "post": post.value,
                "general_education": "thpt" if thpt else "thcs",
                "professional_level": level,
                "political_theory": theory,
                "trained_this_year": u[5] < a.trained_share,
                "rating": _rating(u[6], a.official_good_share, 1 / 6, worst=0.08),
                "discipline": "khong",
            })
    if unit.code == MUONG_THANH:
        _muong_thanh(draw.stream("muong_thanh"), people)
    return people


def _muong_thanh(r: random.Random, people: list[dict[str, Any]]) -> None:
    """F5: all 22 at trung cấp or above; more than 90 % with a university degree and more
    than 90 % with trung cấp political theory or above (20 or 21 of 22: "hơn 90 %")."""
    university = set(r.sample(range(len(people)), r.choice((20, 21))))
    theory = set(r.sample(range(len(people)), r.choice((20, 21))))
    for i, person in enumerate(people):
        person["professional_level"] = "dai_hoc" if i in university else "trung_cap"
        person["political_theory"] = ("cao_cap" if r.random() < 0.2 else "trung_cap") \
            if i in theory else "so_cap"
        person["general_education"] = "thpt"


def _scores(r: random.Random, met: bool) -> list[int]:
    """Access-to-law sub-scores consistent with whether QĐ 619's standard is met."""
    while True:
        scores = [round(m * r.uniform(0.45 if not met else 0.55, 1.0)) for m in ACCESS_MAXIMA]
        passes = sum(scores) >= ACCESS_PASS_TOTAL and all(
            s >= ACCESS_PASS_SHARE * m for s, m in zip(scores, ACCESS_MAXIMA, strict=True))
        if passes == met:
            return scores


def _commune(seed: int, a: Assumptions, plan: _Plan, latent: _Latent) -> Commune:
    unit = plan.unit
    new_rural = unit.code in NEW_RURAL
    draw = _Draw(seed, plan, latent, new_rural)
    people = _officials(a, plan, draw)

    # organisations: each rating drawn through the latent; the chairman never above the
    # government (Nghị định 56/2015)
    excellent = 120 / 571
    ratings: dict[str, str] = {}
    for name in ("party_committee", "people_committee", *ORGANISATIONS):
        u = draw.uniform_good(f"rating/{name}", a.organisation_good_share)
        rating = _rating(u, a.organisation_good_share, excellent)
        if new_rural and RATINGS.index(rating) < RATINGS.index("hoan_thanh_tot"):
            rating = "hoan_thanh_tot"  # indicators 18.3 and 18.4 are met
        ratings[name] = rating
    chairman = next(p for p in people if p["post"] == Post.chu_tich_ubnd.value)
    own = _rating(draw.uniform_good("rating/chairman", a.organisation_good_share),
                  a.organisation_good_share, excellent)
    chairman["rating"] = min(own, ratings["people_committee"], key=RATINGS.index)

    # discipline: warning or above (ties to the access-to-law disqualifier), reprimand,
    # corruption (whose official is also disciplined)
    r = draw.stream("discipline")
    staff = list(people)
    pick_warning, pick_reprimand, pick_corrupt, level_u = r.random(), r.random(), r.random(), \
        r.random()
    corruption = draw.fails("corruption", 1 - a.corruption_unit_share, criterion_18=True)
    disciplined = draw.fails("disciplined", 1 - a.disciplined_unit_share, criterion_18=True)
    if draw.fails("reprimand", 1 - a.reprimand_unit_share):
        staff[int(pick_reprimand * len(staff))]["discipline"] = "khien_trach"
    if disciplined:
        person = staff[int(pick_warning * len(staff))]
        person["discipline"] = "canh_cao" if level_u < 0.7 else (
            "cach_chuc" if level_u < 0.9 else "buoc_thoi_viec")
        person["rating"] = "hoan_thanh" if level_u < 0.5 else "khong_hoan_thanh"
    if corruption:
        person = staff[int(pick_corrupt * len(staff))]
        person["discipline"] = "truy_cuu_hinh_su" if level_u < 0.5 else "cach_chuc"
        person["rating"] = "khong_hoan_thanh"

    # political system, one-stop section, access to law, oversight, integrity, 18.6
    missing_org = SYSTEM[3 + int(draw.stream("system/which").random() * len(ORGANISATIONS))]
    complete = not draw.fails("system", a.political_system_complete, criterion_18=True)
    system = {name: complete or name != missing_org for name in SYSTEM}

    r = draw.stream("one_stop")
    base = {UnitType.phuong: 1500, UnitType.thi_tran: 800, UnitType.xa: 300}[unit.unit_type]
    procedures = r.randint(95, 125)
    unposted = r.randint(1, 10)
    resolved = round(base * r.uniform(0.5, 1.5))
    late = sum(r.random() >= a.on_time_share for _ in range(resolved))
    unapologised = r.randint(1, late) if late else 0
    posted = procedures if not draw.fails("procedures", a.procedures_all_posted) \
        else procedures - unposted
    apologised = late if not draw.fails("apology", a.late_all_apologised) else late - unapologised

    scores = _scores(draw.stream("access_to_law/scores"),
                     not draw.fails("access_to_law", a.access_scores_met, criterion_18=True))
    sessions = 2 if not draw.fails("council", a.council_sessions_met) else 1
    supervisions = _poisson(draw.stream("front"), a.front_supervisions_mean)
    complaints = 1 if draw.fails("complaints", 1 - a.mass_complaint_share) else 0
    gender = not draw.fails("gender", a.gender_equality_met, criterion_18=True)

    return Commune.model_validate({
        "unit_code": unit.code,
        "name": unit.name,
        "unit_type": unit.unit_type.value,
        "district": unit.district,
        "district_code": unit.district_code,
        "province": PROVINCE,
        "assessment_year": YEAR,
        "classification": plan.classification,
        "police_chief_regular": plan.police_regular,
        "officials": people,
        "organisations": ratings,
        "political_system": system,
        "one_stop": {
            "operating": not draw.fails("one_stop_operating", a.one_stop_operating),
            "procedures_total": procedures,
            "procedures_posted": posted,
            "dossiers_resolved": resolved,
            "dossiers_on_time": resolved - late,
            "late_dossiers_apologised": apologised,
        },
        "access_to_law": {f"criterion_{i}": float(s) for i, s in enumerate(scores, 1)},
        "oversight": {"council_regular_sessions": sessions, "front_supervisions": supervisions},
        "integrity": {"corruption_cases": 1 if corruption else 0,
                      "prolonged_mass_complaints": complaints},
        "social": {"gender_equality_met": gender},
    })


def generate(seed: int = SHIPPED_SEED, assumptions: Assumptions | None = None) -> list[Commune]:
    """The 130 communes of Điện Biên 2019 for ``seed``, in catalogue order."""
    a = assumptions or Assumptions()
    units = load_units()
    latent = _Latent(sd=math.hypot(a.district_effect_sd, a.unit_effect_sd),
                     loading=a.capacity_loading)
    return [_commune(seed, a, plan, latent) for plan in _plans(seed, a, units)]


def to_jsonl(communes: Sequence[Commune]) -> bytes:
    """One Commune JSON per line, UTF-8; the bytes depend only on the communes."""
    return "".join(c.model_dump_json() + "\n" for c in communes).encode("utf-8")


def manifest(seed: int, assumptions: Assumptions, data: bytes) -> dict[str, Any]:
    """What the shipped file was generated from, to regenerate and check it."""
    return {
        "dataset": DATASET,
        "generator_version": GENERATOR_VERSION,
        "seed": seed,
        "units_source": UNITS_FILE,
        "sha256": hashlib.sha256(data).hexdigest(),
        "assumptions": assumptions.model_dump(),
        "command": f"python -m clean_strong.dien_bien_2019.generator --seed {seed} "
                   f"-o src/clean_strong/dien_bien_2019/data/{DATASET}.jsonl",
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m clean_strong.dien_bien_2019.generator",
        description="Generate the dien-bien-2019 data set (one Commune JSON per line); a "
        "manifest (seed, assumptions, sha256) is written beside it as NAME.json.")
    parser.add_argument("--seed", type=int, default=SHIPPED_SEED)
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.jsonl")
    args = parser.parse_args(argv)
    assumptions = Assumptions()
    data = to_jsonl(generate(args.seed, assumptions))
    args.output.write_bytes(data)
    args.output.with_suffix(".json").write_text(
        json.dumps(manifest(args.seed, assumptions, data), ensure_ascii=False, indent=2) + "\n",
        "utf-8")
    lines = data.count(b"\n")
    print(f"{args.output}: {lines} communes, seed {args.seed}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
