"""Documents built to fail: every criterion of the rule set fails in at least one of them.

The counterfactual property (applying the proposed change makes the criterion pass) is only
meaningful over many kinds of failure; the examples and the bundled data set fail few
criteria, so these communes and reports fail on purpose, each criterion its own way.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
RULES = ROOT / "rules" / "dien-bien-2019"
NA_LAY = EXAMPLES / "na-lay-2019.not-recognised.json"
SONG_DA = EXAMPLES / "song-da-2019.undetermined.json"
REPORT = EXAMPLES / "dien-bien-2019-report.as-printed.json"


def _load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return data


def failing_commune(year: int = 2019) -> dict[str, Any]:
    """Na Lay made to fail every commune criterion (CB-01 mandatory from 2024-06-25)."""
    d = copy.deepcopy(_load(NA_LAY))
    d["assessment_year"] = year
    officials = d["officials"]
    for k in range(3):  # CB-01: 23 cán bộ and công chức over the cap of 21 (20 from 2023)
        officials.append({"id": f"cc-x{k}", "role": "cong_chuc", "post": "khac",
                          "professional_level": "dai_hoc", "rating": "hoan_thanh_tot",
                          "discipline": "khong"})
    officials[-1]["professional_level"] = "so_cap"  # CB-02
    officials[-2]["discipline"] = "canh_cao"  # CB-05 (and PL-01 under QĐ 619)
    for official in officials:
        if official.get("post") == "chu_tich_ubnd":
            official["rating"] = "hoan_thanh"  # CB-04
            if year >= 2022:
                official["discipline"] = "khien_trach"  # PL-01 under QĐ 25/2021
    d["political_system"]["youth_union"] = False  # HT-01
    d["organisations"].update(party_committee="hoan_thanh", people_committee="khong_hoan_thanh",
                              women_union="hoan_thanh", farmers_union="hoan_thanh")
    d["one_stop"].update(operating=False, procedures_total=112, procedures_posted=100,
                         dossiers_resolved=1840, dossiers_on_time=1678,
                         late_dossiers_apologised=100)  # HC-01..04
    d["access_to_law"].update(criterion_1=10.5, criterion_2=20.0, criterion_3=18.0,
                              criterion_4=3.0, criterion_5=15.0)  # PL-01: 66.5 and 3/10
    d["oversight"].update(council_regular_sessions=1, front_supervisions=0)  # GS-01, GS-02
    d["social"]["gender_equality_met"] = False  # XH-01
    d["integrity"].update(corruption_cases=1, prolonged_mass_complaints=2)  # TS-01, TS-02
    return d


def late_apologies_commune() -> dict[str, Any]:
    """HC-03 fails while every late dossier has its apology: raising the on-time count alone
    would leave more apologies than late dossiers, which the model rejects."""
    d = copy.deepcopy(_load(NA_LAY))
    d["one_stop"].update(dossiers_resolved=200, dossiers_on_time=150, late_dossiers_apologised=50)
    return d


def missing_records_commune() -> dict[str, Any]:
    """Unknown through official records: a professional level and a discipline not given."""
    d = copy.deepcopy(_load(NA_LAY))
    d["officials"][0]["professional_level"] = None
    d["officials"][1]["discipline"] = None
    return d


def failing_report() -> dict[str, Any]:
    """The printed report with every figure wrong in its own way (RP-01..RP-09 fail)."""
    d = copy.deepcopy(_load(REPORT))
    d.update(meeting_standard_total=2800, cong_chuc_meeting_standard=1400,
             can_bo_meeting_standard=1133, meeting_standard_pct=95.0,
             cong_chuc_meeting_standard_pct=100, can_bo_meeting_standard_pct=80.0,
             upper_secondary_pct=50.5, political_theory_intermediate_pct=60.0, trained_pct=90.0)
    return d


def constructed() -> list[tuple[str, dict[str, Any]]]:
    return [
        ("failing-2019", failing_commune(2019)),
        ("failing-2024", failing_commune(2024)),
        ("late-apologies", late_apologies_commune()),
        ("missing-records", missing_records_commune()),
        ("failing-report", failing_report()),
    ]
