"""Differential test: the engine agrees with the hand-written oracle (tests/oracle.py).

Hypothesis generates valid commune documents: optional inputs missing, official lists null,
empty or small, headcounts at the cap and one either side, access-to-law sub-scores exactly at
half their maximum and one ulp either side, totals exactly 80 and one ulp either side, dossier
counts at the 95 % boundary, ratings of the vocabulary in force in the year. For every example
the set of criteria evaluated, each status, each mandatory flag, the not-applicable criteria
and the verdict must agree.
"""

from __future__ import annotations

import json
import math
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import oracle
from clean_strong import Commune, evaluate

pytestmark = pytest.mark.timeout(600)

Doc = dict[str, Any]

# every year the rule set covers (2025 on is refused: the two-tier reform of 1/7/2025)
YEARS = (2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024)
UNIT_TYPES = ("xa", "phuong", "thi_tran")
CLASSES = ("I", "II", "III")
ROLES = ("can_bo_chuyen_trach", "cong_chuc", "khong_chuyen_trach")
POSTS = (
    "bi_thu_dang_uy", "pho_bi_thu_dang_uy", "chu_tich_hdnd", "pho_chu_tich_hdnd",
    "chu_tich_ubnd", "pho_chu_tich_ubnd", "chu_tich_mttq", "bi_thu_doan_thanh_nien",
    "chu_tich_hoi_phu_nu", "chu_tich_hoi_nong_dan", "chu_tich_hoi_cuu_chien_binh",
    "truong_cong_an", "chi_huy_truong_quan_su", "van_phong_thong_ke", "dia_chinh_xay_dung",
    "tai_chinh_ke_toan", "tu_phap_ho_tich", "van_hoa_xa_hoi", "khac",
)
ORDINARY_POSTS = tuple(p for p in POSTS if p not in ("bi_thu_dang_uy", "chu_tich_ubnd"))
LEVELS = ("khong", "so_cap", "trung_cap", "cao_dang", "dai_hoc", "sau_dai_hoc")
DISCIPLINES = ("khong", "khien_trach", "canh_cao", "cach_chuc", "buoc_thoi_viec",
               "truy_cuu_hinh_su")

# rating words valid in a year, and the words at (or above) each minimum: typed in here, not
# taken from the oracle, so the generator does not inherit an oracle mistake
WORDS_BEFORE_2018 = ("yeu_kem", "khong_hoan_thanh", "trung_binh", "hoan_thanh", "kha",
                     "hoan_thanh_tot", "trong_sach_vung_manh", "vung_manh",
                     "hoan_thanh_xuat_sac")
WORDS_FROM_2018 = ("khong_hoan_thanh", "hoan_thanh", "hoan_thanh_tot", "hoan_thanh_xuat_sac")
GOOD_BEFORE_2018 = {
    "party": ("trong_sach_vung_manh", "vung_manh", "hoan_thanh_xuat_sac"),
    "government": ("vung_manh", "trong_sach_vung_manh", "hoan_thanh_xuat_sac"),
    "organisation": ("kha", "hoan_thanh_tot", "vung_manh"),
    "chairman": ("hoan_thanh_tot", "kha", "hoan_thanh_xuat_sac"),
}
GOOD_FROM_2018 = dict.fromkeys(
    ("party", "government", "organisation", "chairman"), ("hoan_thanh_tot", "hoan_thanh_xuat_sac")
)
ORGANISATIONS = ("party_committee", "people_committee", "fatherland_front", "youth_union",
                 "women_union", "farmers_union", "veterans_association")
SYSTEM = ("party_committee", "people_council", "people_committee", "fatherland_front",
          "youth_union", "women_union", "farmers_union", "veterans_association")
ACCESS_MAXIMA = (15, 30, 25, 10, 20)
SECTIONS = ("unit", "officials", "organisations", "political_system", "one_stop",
            "access_to_law", "oversight", "integrity", "social")


def words(year: int) -> tuple[str, ...]:
    return WORDS_BEFORE_2018 if year < 2018 else WORDS_FROM_2018


def good_words(year: int, kind: str) -> tuple[str, ...]:
    return (GOOD_BEFORE_2018 if year < 2018 else GOOD_FROM_2018)[kind]


def maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


def neighbours(x: float, top: float = 100) -> list[float]:
    """``x`` and the floats one ulp either side, within 0..``top`` (the model's, or a legal
    maximum the limits refuse to exceed)."""
    return [v for v in (math.nextafter(x, -math.inf), x, math.nextafter(x, math.inf))
            if 0 <= v <= top]


def cap(year: int, unit_type: str, classification: str, police: bool) -> int:
    """The headcount cap, to aim the generator at it (the comparison is the oracle's job)."""
    return oracle.headcount_cap(year, unit_type, classification, police)


# -- officials -------------------------------------------------------------------------------
@st.composite
def official(draw: st.DrawFn, year: int, *, good: bool = False) -> Doc:
    role = draw(st.sampled_from(ROLES))
    if role == "khong_chuyen_trach":  # part-time workers hold no cán bộ / công chức post
        post = draw(st.sampled_from((None, "khac")))
    elif good:
        post = draw(st.sampled_from(POSTS))
    else:
        post = draw(maybe(st.sampled_from(POSTS)))
    record: Doc = {"role": role, "post": post}
    if good:
        record["professional_level"] = draw(st.sampled_from(LEVELS[2:]))
        record["discipline"] = draw(st.sampled_from(DISCIPLINES[:2]))
        record["rating"] = draw(st.sampled_from(good_words(year, "chairman")))
    else:
        record["professional_level"] = draw(maybe(st.sampled_from(LEVELS)))
        record["discipline"] = draw(maybe(st.sampled_from(DISCIPLINES)))
        record["rating"] = draw(maybe(st.sampled_from(words(year))))
    if draw(st.booleans()):  # fields no criterion reads
        record["general_education"] = draw(maybe(st.sampled_from(("tieu_hoc", "thcs", "thpt"))))
        record["political_theory"] = draw(
            maybe(st.sampled_from(("khong", "so_cap", "trung_cap", "cao_cap"))))
        record["trained_this_year"] = draw(maybe(st.booleans()))
    return record


@st.composite
def fillers(draw: st.DrawFn, count: int, year: int, *, good: bool) -> list[Doc]:
    """``count`` cán bộ and công chức alike but for their role (the bulk of a full list)."""
    if good:
        level = draw(st.sampled_from(LEVELS[2:]))
        discipline = draw(st.sampled_from(DISCIPLINES[:2]))
        post = draw(st.sampled_from(("khac", "van_phong_thong_ke", "chu_tich_mttq")))
    else:
        level = draw(maybe(st.sampled_from(LEVELS)))
        discipline = draw(maybe(st.sampled_from(DISCIPLINES)))
        post = draw(maybe(st.sampled_from(ORDINARY_POSTS)))
    rating = draw(maybe(st.sampled_from(words(year))))
    first = draw(st.integers(0, 1))
    return [
        {"role": ROLES[(first + i) % 2], "post": post, "professional_level": level,
         "discipline": discipline, "rating": rating}
        for i in range(count)
    ]


def finish(records: list[Doc]) -> list[Doc]:
    """Unique ids; at most one chairman (the document's own consistency rule)."""
    seen_chairman = False
    out = []
    for i, record in enumerate(records):
        record = {"id": f"o-{i}", **{k: v for k, v in record.items() if v is not None}}
        if record.get("post") == "chu_tich_ubnd":
            if seen_chairman:
                record["post"] = "pho_chu_tich_ubnd"
            seen_chairman = True
        out.append(record)
    return out


@st.composite
def officials_list(draw: st.DrawFn, year: int, unit: Doc, *, good: bool) -> list[Doc] | None:
    shape = "full" if good else draw(st.sampled_from(("none", "empty", "small", "full")))
    if shape == "none":
        return None
    if shape == "empty":
        return []
    if shape == "small":
        return finish(draw(st.lists(official(year), max_size=6)))
    # a full list, its headcount aimed at the cap and one either side
    cls, police = unit.get("classification"), unit.get("police_chief_regular")
    if cls is not None and police is not None and draw(st.booleans()):
        limit = cap(year, unit["unit_type"], cls, police)
        offsets = (-2, -1, 0) if good else (-1, 0, 1)
        headcount = limit + draw(st.sampled_from(offsets))
    else:
        headcount = draw(st.integers(15, 27))
    chairman: Doc = {"role": "can_bo_chuyen_trach", "post": "chu_tich_ubnd"}
    if good:
        chairman["rating"] = draw(st.sampled_from(good_words(year, "chairman")))
        chairman["professional_level"] = draw(st.sampled_from(LEVELS[2:]))
        chairman["discipline"] = "khong"
        special = [chairman]
    else:
        if draw(st.booleans()):
            chairman["rating"] = draw(maybe(st.sampled_from(words(year))))
            chairman["professional_level"] = draw(maybe(st.sampled_from(LEVELS)))
            chairman["discipline"] = draw(maybe(st.sampled_from(DISCIPLINES)))
            special = [chairman]
        else:
            special = []
        special += draw(st.lists(official(year), max_size=4))
    counted = [r for r in special if r["role"] != "khong_chuyen_trach"]
    part_time = [r for r in special if r["role"] == "khong_chuyen_trach"]
    bulk = draw(fillers(max(0, headcount - len(counted)), year, good=good))
    part_time += [{"role": "khong_chuyen_trach", "post": draw(st.sampled_from((None, "khac"))),
                   "discipline": draw(maybe(st.sampled_from(DISCIPLINES)))}
                  for _ in range(draw(st.integers(0, 2)))]
    records = special + bulk + part_time
    return finish(draw(st.permutations(records)) if draw(st.booleans()) else records)


# -- the other sections ----------------------------------------------------------------------
@st.composite
def unit_section(draw: st.DrawFn, *, good: bool) -> Doc:
    unit: Doc = {"unit_type": draw(st.sampled_from(UNIT_TYPES))}
    if good:
        unit["classification"] = draw(st.sampled_from(CLASSES))
        unit["police_chief_regular"] = draw(st.booleans())
    else:
        unit["classification"] = draw(maybe(st.sampled_from(CLASSES)))
        unit["police_chief_regular"] = draw(maybe(st.booleans()))
    return unit


@st.composite
def organisations(draw: st.DrawFn, year: int, *, good: bool) -> Doc:
    kinds = {"party_committee": "party", "people_committee": "government"}
    if good:
        return {name: draw(st.sampled_from(good_words(year, kinds.get(name, "organisation"))))
                for name in ORGANISATIONS}
    return {name: draw(maybe(st.sampled_from(words(year)))) for name in ORGANISATIONS}


@st.composite
def political_system(draw: st.DrawFn, *, good: bool) -> Doc:
    if good:
        return dict.fromkeys(SYSTEM, True)
    values = st.sampled_from((True, True, True, False, None))
    return {name: draw(values) for name in SYSTEM}


@st.composite
def one_stop(draw: st.DrawFn, *, good: bool) -> Doc:
    total = draw(st.integers(0, 150))
    posted = total if good else draw(st.sampled_from((total, max(0, total - 1), total // 2)))
    resolved = draw(st.one_of(st.integers(0, 3000), st.integers(0, 150).map(lambda k: 20 * k),
                              st.just(0)))
    boundary = -(-19 * resolved // 20)  # the fewest on time that make 95 %
    on_time = draw(st.one_of(
        st.sampled_from([v for v in (boundary - 1, boundary, boundary + 1, resolved)
                         if 0 <= v <= resolved]),
        st.integers(0, resolved),
    ))
    late = resolved - on_time
    apologised = draw(st.sampled_from([v for v in (late, late - 1, 0) if v >= 0]))
    section: Doc = {"operating": True, "procedures_total": total, "procedures_posted": posted,
                    "dossiers_resolved": resolved, "dossiers_on_time": on_time,
                    "late_dossiers_apologised": apologised}
    if not good:
        section["operating"] = draw(st.sampled_from((True, True, False, None)))
        for name in list(section):  # any figure may be missing
            if name != "operating" and draw(st.integers(0, 5)) == 0:
                section[name] = None
        if section["dossiers_resolved"] is None or section["dossiers_on_time"] is None:
            section["late_dossiers_apologised"] = draw(maybe(st.integers(0, 50)))
    return section


def score(i: int) -> st.SearchStrategy[float]:
    """A sub-score near its thresholds: half its maximum, the maximum, zero, one ulp off —
    never above the maximum, which the input's legal range refuses (test_input_trust)."""
    half, top = ACCESS_MAXIMA[i] / 2, float(ACCESS_MAXIMA[i])
    return st.one_of(
        st.sampled_from([*neighbours(half), *neighbours(top, top), 0.0]),
        st.floats(0, top, allow_nan=False),
        st.integers(0, 10 * ACCESS_MAXIMA[i]).map(lambda k: k / 10),  # one decimal, as typed
    )


@st.composite
def total_at_80(draw: st.DrawFn) -> list[float]:
    """Five sub-scores with one decimal, each from half its maximum to the maximum, summing to
    exactly 80 (the fifth one ulp off or not)."""
    tenths = [draw(st.integers(5 * m, 10 * m)) for m in ACCESS_MAXIMA]
    short = 800 - sum(tenths)  # spread over the scores, each kept within its range
    for i, m in enumerate(ACCESS_MAXIMA):
        step = max(5 * m - tenths[i], min(10 * m - tenths[i], short))
        tenths[i] += step
        short -= step
    first = [t / 10 for t in tenths[:4]]
    fifth = float(Decimal(80) - sum((Decimal(repr(s)) for s in first), Decimal(0)))
    return [*first, draw(st.sampled_from(neighbours(fifth, ACCESS_MAXIMA[4])))]


@st.composite
def access_to_law(draw: st.DrawFn, *, good: bool) -> Doc:
    names = [f"criterion_{i}" for i in range(1, 6)]
    if good:
        scores = draw(st.one_of(
            total_at_80().filter(
                lambda s: all(v >= m / 2 for v, m in zip(s, ACCESS_MAXIMA, strict=True))),
            st.just([float(m) for m in ACCESS_MAXIMA]),
        ))
        return dict(zip(names, scores, strict=True))
    if draw(st.booleans()):
        scores = draw(total_at_80())
    else:
        scores = [draw(score(i)) for i in range(5)]
    return {name: None if draw(st.integers(0, 6)) == 0 else value
            for name, value in zip(names, scores, strict=True)}


@st.composite
def oversight(draw: st.DrawFn, *, good: bool) -> Doc:
    if good:
        return {"council_regular_sessions": draw(st.integers(2, 4)),
                "front_supervisions": draw(st.integers(1, 3))}
    return {"council_regular_sessions": draw(maybe(st.sampled_from((0, 1, 2, 3, 12)))),
            "front_supervisions": draw(maybe(st.sampled_from((0, 1, 2))))}


@st.composite
def integrity(draw: st.DrawFn, *, good: bool) -> Doc:
    if good:
        return {"corruption_cases": 0, "prolonged_mass_complaints": 0}
    return {"corruption_cases": draw(maybe(st.sampled_from((0, 0, 1, 3)))),
            "prolonged_mass_complaints": draw(maybe(st.sampled_from((0, 0, 1, 2))))}


@st.composite
def social(draw: st.DrawFn, *, good: bool) -> Doc:
    return {"gender_equality_met": True if good else draw(st.sampled_from((True, False, None)))}


@st.composite
def communes(draw: st.DrawFn) -> Doc:
    """A valid commune document: all good, all good but one section, or anything goes."""
    year = draw(st.sampled_from(YEARS))
    mode = draw(st.sampled_from(("good", "one", "wild")))
    wild = (set() if mode == "good" else {draw(st.sampled_from(SECTIONS))} if mode == "one"
            else set(SECTIONS))
    unit = draw(unit_section(good="unit" not in wild))
    doc: Doc = {"unit_code": "99001", "name": "Xã Thử", "district": "Huyện Thử",
                "province": "Điện Biên", "assessment_year": year, **unit}
    doc["officials"] = draw(officials_list(year, unit, good="officials" not in wild))
    sections = {
        "organisations": organisations(year, good="organisations" not in wild),
        "political_system": political_system(good="political_system" not in wild),
        "one_stop": one_stop(good="one_stop" not in wild),
        "access_to_law": access_to_law(good="access_to_law" not in wild),
        "oversight": oversight(good="oversight" not in wild),
        "integrity": integrity(good="integrity" not in wild),
        "social": social(good="social" not in wild),
    }
    for name, strategy in sections.items():
        if name in wild and draw(st.integers(0, 9)) == 0:
            continue  # the whole section left out: every input of it missing
        doc[name] = draw(strategy)
    return doc


# -- the comparison ---------------------------------------------------------------------------
def compare(document: Doc) -> tuple[str, dict[str, str]]:
    """Engine and oracle agree on ``document``; returns the verdict and statuses."""
    commune = Commune.model_validate(document)
    year = commune.assessment_year
    result = evaluate(commune, explanations=False)
    engine = {c.id: c.status for c in result.criteria}
    expected = oracle.statuses(commune)
    where = json.dumps(document, ensure_ascii=False)
    assert set(engine) == set(expected), f"criteria evaluated differ\n{where}"
    differ = {c: (engine[c], expected[c]) for c in expected if engine[c] != expected[c]}
    assert not differ, f"(engine, oracle) differ: {differ}\n{where}"
    for criterion in result.criteria:
        assert criterion.mandatory == oracle.mandatory(criterion.id, year), criterion.id
    assert [n.id for n in result.not_applicable] == list(oracle.not_applicable(year))
    assert result.verdict == oracle.verdict(commune), where
    return result.verdict, engine


@pytest.mark.slow
@pytest.mark.timeout(900)
@settings(max_examples=5000, deadline=None, database=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(communes())
def test_engine_agrees_with_the_oracle(document: Doc) -> None:
    compare(document)


# -- explicit boundaries -----------------------------------------------------------------------
def _base(year: int = 2019, **changes: Any) -> Doc:
    """A complete commune under which every criterion passes (a xã of class II, 20 counted)."""
    counted = [
        {"id": f"c-{i}", "role": "can_bo_chuyen_trach" if i < 11 else "cong_chuc",
         "post": "khac", "professional_level": "trung_cap", "discipline": "khong",
         "rating": "hoan_thanh_tot"}
        for i in range(20)
    ]
    counted[0]["post"] = "chu_tich_ubnd"
    counted[1]["post"] = "bi_thu_dang_uy"
    doc: Doc = {
        "unit_code": "99001", "name": "Xã Thử", "unit_type": "xa", "district": "Huyện Thử",
        "province": "Điện Biên", "assessment_year": year, "classification": "II",
        "police_chief_regular": False,
        "officials": [*counted, {"id": "p-1", "role": "khong_chuyen_trach", "post": "khac"}],
        "organisations": dict.fromkeys(
            ORGANISATIONS, "hoan_thanh_tot" if year >= 2018 else "trong_sach_vung_manh"),
        "political_system": dict.fromkeys(SYSTEM, True),
        "one_stop": {"operating": True, "procedures_total": 100, "procedures_posted": 100,
                     "dossiers_resolved": 400, "dossiers_on_time": 390,
                     "late_dossiers_apologised": 10},
        "access_to_law": {"criterion_1": 15.0, "criterion_2": 25.0, "criterion_3": 20.0,
                          "criterion_4": 8.0, "criterion_5": 12.0},
        "oversight": {"council_regular_sessions": 2, "front_supervisions": 1},
        "integrity": {"corruption_cases": 0, "prolonged_mass_complaints": 0},
        "social": {"gender_equality_met": True},
    }
    for path, value in changes.items():
        *parents, leaf = path.split("__")
        node = doc
        for part in parents:
            node = node[part]
        node[leaf] = value
    return doc


def _status(document: Doc, criterion: str) -> str:
    """The agreed status of ``criterion`` (engine and oracle compared in full first)."""
    return compare(document)[1][criterion]


def test_the_base_commune_is_recognised_in_every_year() -> None:
    for year in YEARS:
        assert compare(_base(year))[0] == "recognised", year


def _scores(*values: float) -> Doc:
    return dict(zip([f"criterion_{i}" for i in range(1, 6)], values, strict=True))


@pytest.mark.parametrize(("values", "expected"), [
    ((10.3, 25.0, 20.0, 9.1, 15.6), "pass"),  # exactly 80 as typed (79.99999999999999 in floats)
    ((15.0, 25.0, 20.0, 8.0, 11.5), "fail"),  # 79.5
    ((7.5, 30.0, 25.0, 10.0, 20.0), "pass"),  # a sub-score exactly at half its maximum
    ((math.nextafter(7.5, 0), 30.0, 25.0, 10.0, 20.0), "fail"),  # one ulp below
    ((math.nextafter(7.5, 15), 30.0, 25.0, 10.0, 20.0), "pass"),  # one ulp above
    ((15.0, 30.0, 25.0, math.nextafter(5.0, 0), 20.0), "fail"),
    ((15.0, 30.0, 25.0, 10.0, math.nextafter(10.0, 0)), "fail"),
    ((15.0, 30.0, 12.5, 5.0, math.nextafter(17.5, 20)), "pass"),  # total one ulp above 80
    ((15.0, 30.0, 12.5, 5.0, None), "unknown"),
    ((2.0, 30.0, 12.5, 5.0, None), "fail"),  # Kleene: a known part fails
])
def test_access_to_law_boundaries(values: tuple[float | None, ...], expected: str) -> None:
    assert _status(_base(access_to_law=_scores(*values)), "PL-01") == expected  # type: ignore[arg-type]


def test_access_to_law_total_one_ulp_below_80() -> None:
    """The sub-scores as typed add up to 79.999999999999996: below 80, so PL-01 fails."""
    values = (15.0, 30.0, 12.5, 5.0, math.nextafter(17.5, 0))
    commune = Commune.model_validate(_base(access_to_law=_scores(*values)))
    assert oracle.statuses(commune)["PL-01"] == "fail"
    assert evaluate(commune).criterion("PL-01").status == "fail"


@pytest.mark.parametrize(("year", "unit_type", "cls", "police", "cap_"), [
    (2017, "xa", "I", True, 25),  # Nghị định 92/2009: 25/23/21, no police reduction
    (2018, "phuong", "III", False, 21),
    (2019, "xa", "II", False, 21),  # Nghị định 34/2019: 23/21/19
    (2019, "xa", "II", True, 20),  # one fewer with a regular police chief
    (2023, "xa", "I", False, 22),  # Nghị định 33/2023: xã 22/20/18
    (2023, "thi_tran", "III", True, 17),
    (2024, "phuong", "I", True, 22),  # phường 23/21/19
])
def test_headcount_at_the_cap_and_one_either_side(
    year: int, unit_type: str, cls: str, police: bool, cap_: int
) -> None:
    for headcount, expected in ((cap_ - 1, "pass"), (cap_, "pass"), (cap_ + 1, "fail")):
        records = [{"id": f"c-{i}", "role": "cong_chuc", "post": "khac",
                    "professional_level": "trung_cap", "discipline": "khong"}
                   for i in range(headcount)]
        records[0].update(post="chu_tich_ubnd", rating="hoan_thanh_tot")
        records.append({"id": "p", "role": "khong_chuyen_trach", "post": "khac"})  # not counted
        doc = _base(year, unit_type=unit_type, classification=cls, police_chief_regular=police,
                    officials=records)
        assert _status(doc, "CB-01") == expected, (headcount, expected)


@pytest.mark.parametrize(("resolved", "on_time", "expected"), [
    (0, 0, "pass"),  # nothing resolved, nothing late
    (20, 19, "pass"),  # exactly 95 %
    (20, 18, "fail"),
    (1000, 950, "pass"),
    (1000, 949, "fail"),
    (7, 7, "pass"),
    (7, 6, "fail"),  # 85.7 %
    (59, 57, "pass"),  # 96.6 %; 0.95 × 59 = 56.05
    (59, 56, "fail"),
])
def test_dossiers_on_time_at_95_percent(resolved: int, on_time: int, expected: str) -> None:
    doc = _base(one_stop={"operating": True, "dossiers_resolved": resolved,
                          "dossiers_on_time": on_time})
    assert _status(doc, "HC-03") == expected


def test_empty_and_missing_official_lists() -> None:
    """An empty list of records is no record: nothing counted from it passes (all of none is
    no pass), exactly as when the list is not supplied."""
    empty = compare(_base(officials=[]))[1]
    assert {empty[c] for c in ("CB-01", "CB-02", "CB-03", "CB-04", "CB-05", "PL-01")} == {
        "unknown"}
    missing = compare(_base(officials=None))[1]
    assert {missing[c] for c in ("CB-01", "CB-02", "CB-03", "CB-04", "CB-05", "PL-01")} == {
        "unknown"}


def test_one_known_failure_decides_over_an_unreported_record() -> None:
    doc = _base()
    doc["officials"][5]["discipline"] = "canh_cao"
    del doc["officials"][6]["discipline"]
    doc["officials"][12]["professional_level"] = "so_cap"
    del doc["officials"][13]["professional_level"]
    statuses = compare(doc)[1]
    assert (statuses["CB-05"], statuses["PL-01"], statuses["CB-02"]) == ("fail", "fail", "fail")


def test_the_disqualifier_changes_on_22_july_2021() -> None:
    doc2020, doc2021 = _base(2020), _base(2021)
    for doc in (doc2020, doc2021):
        doc["officials"][5]["discipline"] = "cach_chuc"  # an ordinary cán bộ
    assert (_status(doc2020, "PL-01"), _status(doc2021, "PL-01")) == ("fail", "pass")
    doc2021["officials"][1]["discipline"] = "khien_trach"  # the Party secretary, reprimanded
    assert _status(doc2021, "PL-01") == "fail"


def test_ratings_before_and_after_the_2018_scale() -> None:
    old = _base(2017)
    old["organisations"].update(people_committee="kha", fatherland_front="kha")
    statuses = compare(old)[1]
    assert (statuses["HT-03"], statuses["HT-04"]) == ("fail", "pass")
    new = _base(2018)
    new["organisations"]["youth_union"] = "hoan_thanh"
    assert _status(new, "HT-04") == "fail"


@pytest.mark.parametrize(("year", "mandatory"), [
    (2018, True), (2019, False), (2023, False), (2024, True)])
def test_headcount_is_advisory_during_the_transition(year: int, mandatory: bool) -> None:
    doc = _base(year, classification="III", police_chief_regular=True)
    extra = [{"id": f"x-{i}", "role": "cong_chuc", "post": "khac",
              "professional_level": "dai_hoc", "discipline": "khong"} for i in range(2)]
    doc["officials"] += extra  # 22 counted: over every class III cap (21, 18, 17)
    verdict, statuses = compare(doc)
    assert statuses["CB-01"] == "fail"
    assert verdict == ("not_recognised" if mandatory else "recognised")


# -- where the engine once disagreed with criteria.md (found by this test, since fixed) -------
def test_chairman_identified_other_posts_unreported() -> None:
    """The chairman is on record; a part-time worker reports no post. His rating decides."""
    doc = _base()
    doc["officials"][-1].pop("post", None)  # the part-time worker: no post (valid)
    commune = Commune.model_validate(doc)
    assert oracle.statuses(commune)["CB-04"] == "pass"
    assert evaluate(commune).criterion("CB-04").status == "pass"


def test_part_time_worker_with_no_post_is_not_a_leader() -> None:
    """2022: a part-time worker (who can hold no leader post) is disciplined: not a leader."""
    doc = _base(2022)
    doc["officials"][-1].pop("post", None)
    doc["officials"][-1]["discipline"] = "canh_cao"
    commune = Commune.model_validate(doc)
    assert oracle.statuses(commune)["PL-01"] == "pass"
    assert evaluate(commune).criterion("PL-01").status == "pass"

