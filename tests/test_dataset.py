"""The bundled dien-bien-2019 data set: real units, published aggregates, caps, determinism.

Every published figure is recounted here from the individual official records, independently
of :mod:`clean_strong.reproduce`.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from collections import Counter

import pytest

from clean_strong import Commune, evaluate
from clean_strong.dien_bien_2019 import dataset_bytes, dataset_manifest, load_dataset
from clean_strong.dien_bien_2019.generator import (
    NEW_RURAL,
    SHIPPED_SEED,
    Assumptions,
    generate,
    knob_rows,
    to_jsonl,
)
from clean_strong.dien_bien_2019.units import load_units
from clean_strong.errors import InputError
from clean_strong.evaluation import default_ruleset
from clean_strong.models import Official

pytestmark = pytest.mark.timeout(300)

MEETS = {"trung_cap", "cao_dang", "dai_hoc", "sau_dai_hoc"}
CAP = {"I": 23, "II": 21, "III": 19}


@pytest.fixture(scope="module")
def communes() -> list[Commune]:
    return load_dataset("dien-bien-2019")


def _officials(communes: list[Commune], role: str) -> list[tuple[Commune, Official]]:
    return [(c, o) for c in communes for o in c.officials or () if o.role.value == role]


def _meets(o: Official) -> bool:
    return o.professional_level is not None and o.professional_level.value in MEETS


def test_units_are_the_130_of_the_catalogue(communes: list[Commune]) -> None:
    units = load_units()
    assert [c.unit_code for c in communes] == [u.code for u in units]
    assert [c.name for c in communes] == [u.name for u in units]
    assert len({c.unit_code for c in communes}) == 130
    assert Counter(c.unit_type.value for c in communes) == {"xa": 116, "phuong": 9,
                                                             "thi_tran": 5}
    assert len({c.district_code for c in communes}) == 10
    assert sum(c.district == "Thành phố Điện Biên Phủ" for c in communes) == 9  # F6
    assert {c.province for c in communes} == {"Điện Biên"}
    assert {c.assessment_year for c in communes} == {2019}


def test_f1_to_f4_recounted_from_the_records(communes: list[Commune]) -> None:
    cong_chuc = _officials(communes, "cong_chuc")
    can_bo = _officials(communes, "can_bo_chuyen_trach")
    assert len(cong_chuc) + len(can_bo) == 2698  # F1
    assert len(cong_chuc) == 1303  # F3
    assert all(_meets(o) for _, o in cong_chuc)
    assert len(can_bo) == 1395  # 2,698 − 1,303: the reading that reconciles F1–F3
    can_bo_meeting = sum(_meets(o) for _, o in can_bo)
    assert can_bo_meeting == 1133  # F4
    assert len(cong_chuc) + can_bo_meeting == 2436  # F2


def test_f5_muong_thanh(communes: list[Commune]) -> None:
    ward = next(c for c in communes if c.unit_code == "03136")
    assert ward.name == "Mường Thanh" and ward.unit_type.value == "phuong"
    staff = [o for o in ward.officials or () if o.role.value != "khong_chuyen_trach"]
    assert len(staff) == 22
    assert all(_meets(o) for o in staff)
    university = sum(str(o.professional_level) in {"dai_hoc", "sau_dai_hoc"} for o in staff)
    theory = sum(str(o.political_theory) in {"trung_cap", "cao_cap"} for o in staff)
    assert university / 22 > 0.9 and theory / 22 > 0.9


def test_every_headcount_within_its_2019_cap(communes: list[Commune]) -> None:
    for c in communes:
        headcount = sum(o.role.value != "khong_chuyen_trach" for o in c.officials or ())
        assert c.classification is not None and c.police_chief_regular is not None
        cap = CAP[c.classification.value] - (1 if c.police_chief_regular else 0)
        assert headcount <= cap, c.unit_code


def test_police_post_follows_the_regular_police(communes: list[Commune]) -> None:
    """Where regular police hold the post (and in every phường) no công chức holds it."""
    for c in communes:
        police = [o for o in c.officials or () if o.post is not None
                  and o.post.value == "truong_cong_an"]
        expected = 0 if c.police_chief_regular or c.unit_type.value == "phuong" else 1
        assert len(police) == expected, c.unit_code
        if c.unit_type.value == "phuong":
            assert c.police_chief_regular is False


def test_records_are_complete_so_no_unit_is_undetermined(communes: list[Commune]) -> None:
    rules = default_ruleset()
    for c in communes:
        assert evaluate(c, rules, explanations=False).missing_inputs == [], c.unit_code


def test_new_rural_communes_meet_every_indicator_of_criterion_18(
    communes: list[Commune],
) -> None:
    rules = default_ruleset()
    by_code = {c.unit_code: c for c in communes}
    assert {by_code[code].name for code in NEW_RURAL} == set(NEW_RURAL.values())
    for code in NEW_RURAL:
        result = evaluate(by_code[code], rules, explanations=False)
        for criterion in ("CB-02", "CB-03", "HT-01", "HT-02", "HT-03", "HT-04", "PL-01",
                          "XH-01"):  # indicators 18.1–18.6
            assert result.criterion(criterion).status == "pass", (code, criterion)


def test_no_unit_carries_a_verdict(communes: list[Commune]) -> None:
    """Nothing in the shipped files says which unit is recognised: only the engine does."""
    text = dataset_bytes().decode("utf-8")
    for word in ("recogn", "verdict", "trong_sach", "dat_chuan", "label"):
        assert word not in text
    for line in text.splitlines():
        assert set(json.loads(line)) <= set(Commune.model_fields)
    manifest = dataset_manifest()
    assert set(manifest) == {"dataset", "generator_version", "seed", "units_source",
                             "sha256", "assumptions", "command"}


def test_generator_is_deterministic_and_the_shipped_file_is_its_output() -> None:
    manifest = dataset_manifest()
    assert manifest["seed"] == SHIPPED_SEED
    assert manifest["assumptions"] == Assumptions().model_dump()
    assumptions = Assumptions.model_validate(manifest["assumptions"])
    first = to_jsonl(generate(manifest["seed"], assumptions))
    assert first == to_jsonl(generate(manifest["seed"], assumptions))
    assert first == dataset_bytes()
    assert hashlib.sha256(first).hexdigest() == manifest["sha256"]
    assert to_jsonl(generate(SHIPPED_SEED + 1, assumptions)) != first


@pytest.mark.slow
def test_generation_does_not_depend_on_the_hash_seed() -> None:
    code = ("import hashlib; from clean_strong.dien_bien_2019.generator import generate, to_jsonl; "
            "print(hashlib.sha256(to_jsonl(generate(7))).hexdigest())")
    digests = {
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                       env={**os.environ, "PYTHONHASHSEED": seed}).stdout
        for seed in ("1", "2")
    }
    assert digests == {hashlib.sha256(to_jsonl(generate(7))).hexdigest() + "\n"}


def test_every_seed_matches_the_aggregates() -> None:
    """The aggregates are exact for any seed, not only the shipped one."""
    for seed in (1, 2, 3):
        records = generate(seed)
        cong_chuc = _officials(records, "cong_chuc")
        can_bo = _officials(records, "can_bo_chuyen_trach")
        assert (len(cong_chuc), len(can_bo)) == (1303, 1395)
        assert sum(_meets(o) for _, o in can_bo) == 1133


def test_an_impossible_concentration_is_refused() -> None:
    with pytest.raises(ValueError, match="cannot hold 262"):
        generate(1, Assumptions(below_standard_unit_share=0.1))


def test_every_knob_names_its_source_and_role() -> None:
    rows = knob_rows()
    assert len(rows) == len(Assumptions.model_fields)
    assert [r["knob"] for r in rows if r["role"] == "calibrated"] == ["below_standard_unit_share"]
    for row in rows:
        assert row["source"] and row["meaning"] and row["confidence"] in {"S", "S2", "I", "U"}


def test_unknown_dataset_is_an_input_error() -> None:
    with pytest.raises(InputError, match="không có tệp, thư mục hay bộ dữ liệu") as caught:
        load_dataset("atlantis-2019")
    assert "no such file, directory or bundled data set" in caught.value.text("en")
