"""``reproduce``: the rate is the engine's, the summary follows the JSON contract, and the
article's printed figures are flagged by the report rules."""

from __future__ import annotations

import json
import re
import shutil
import statistics
import time
from pathlib import Path
from xml.etree import ElementTree

import pytest

from clean_strong import load_ruleset
from clean_strong.cli import main
from clean_strong.dien_bien_2019.calibrate import BAND, engine_rate
from clean_strong.dien_bien_2019.generator import SHIPPED_SEED
from clean_strong.dien_bien_2019.reproduce import ARTICLE_REPORT, Reproduction, reproduce
from clean_strong.documents import read_document

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "rules" / "dien-bien-2019"

pytestmark = pytest.mark.timeout(300)


@pytest.fixture(scope="module")
def shipped() -> Reproduction:
    return reproduce("dien-bien-2019")


def _copy_rules(tmp_path: Path) -> Path:
    copy = tmp_path / "rules"
    shutil.copytree(RULES, copy, ignore=shutil.ignore_patterns("tests"))
    return copy


def _set_parameter(rules: Path, name: str, value: str) -> None:
    """Give every dated value of a scalar parameter in parameters.yaml a new value."""
    path = rules / "parameters.yaml"
    text = path.read_text("utf-8")
    start = text.index(f"\n{name}:\n")
    end = text.find("\n\n", start + 1)
    end = len(text) if end == -1 else end
    block = re.sub(r"value: [^,}\n]+", f"value: {value}", text[start:end])
    assert block != text[start:end]
    path.write_text(text[:start] + block + text[end:], "utf-8")


def test_shipped_rate_lies_in_the_band(shipped: Reproduction) -> None:
    assert shipped.seed == SHIPPED_SEED
    assert shipped.units == 130 and shipped.undetermined == 0
    assert shipped.recognised + shipped.not_recognised == 130
    assert shipped.rate == shipped.recognised / shipped.units
    assert BAND[0] <= shipped.rate <= BAND[1]


def test_an_impossible_mandatory_threshold_gives_rate_zero(tmp_path: Path) -> None:
    rules = _copy_rules(tmp_path)
    _set_parameter(rules, "council_min_sessions", "99")
    result = reproduce("dien-bien-2019", load_ruleset(rules))
    assert result.recognised == 0 and result.rate == 0
    assert result.most_failed[0].id == "GS-01" and result.most_failed[0].fails == 130


@pytest.mark.slow
def test_with_every_criterion_advisory_every_unit_is_recognised(tmp_path: Path) -> None:
    """The verdict counts mandatory criteria only: with none mandatory nothing decides
    against a unit, so all 130 are recognised. The engine still decides every criterion (the
    failures are still counted), so the rate is whatever the rule files make of the records —
    nothing in the data carries it."""
    rules = _copy_rules(tmp_path)
    for path in (rules / "criteria").glob("*.yaml"):
        text = path.read_text("utf-8")
        path.write_text(re.sub(r"(?m)^mandatory: true$", "mandatory: false", text), "utf-8")
    result = reproduce("dien-bien-2019", load_ruleset(rules))
    assert result.recognised == 130 and result.rate == 1
    assert result.most_failed and not any(f.mandatory for f in result.most_failed)


def test_relaxing_one_threshold_recognises_exactly_the_units_it_alone_failed(
    tmp_path: Path, shipped: Reproduction
) -> None:
    """With no professional standard required of cán bộ (share 0), the units recognised are
    those recognised before plus those whose only mandatory failure was CB-03."""
    mandatory = {f.id for f in shipped.most_failed if f.mandatory}
    only_cb03 = [u.code for u in shipped.unit_results
                 if [c for c in u.failed if c in mandatory] == ["CB-03"]]
    assert only_cb03
    rules = _copy_rules(tmp_path)
    _set_parameter(rules, "professional_min_share", "0")
    relaxed = reproduce("dien-bien-2019", load_ruleset(rules))
    assert relaxed.recognised == shipped.recognised + len(only_cb03)
    now = {u.code for u in relaxed.unit_results if u.verdict == "recognised"}
    before = {u.code for u in shipped.unit_results if u.verdict == "recognised"}
    assert now == before | set(only_cb03)


@pytest.mark.slow
def test_mean_rate_over_50_seeds_lies_in_the_band() -> None:
    started = time.perf_counter()
    found = [engine_rate(seed) for seed in range(1, 51)]
    elapsed = time.perf_counter() - started
    assert BAND[0] <= statistics.mean(found) <= BAND[1]
    assert elapsed < 120, f"50 seeds took {elapsed:.0f} s"


def test_json_follows_the_contract(
    shipped: Reproduction, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["reproduce", "dien-bien-2019", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"units", "recognised", "not_recognised", "undetermined", "rate", "by_district",
            "by_unit_type", "most_failed", "aggregates", "article_rate"} <= data.keys()
    for key in ("units", "recognised", "not_recognised", "undetermined"):
        assert isinstance(data[key], int)
    assert data["units"] == 130 and data["article_rate"] == "gần 50 %"
    assert data["rate"] == data["recognised"] / data["units"] == shipped.rate
    assert len(data["by_district"]) == 10
    assert sum(d["units"] for d in data["by_district"].values()) == 130
    assert sum(d["recognised"] for d in data["by_district"].values()) == data["recognised"]
    assert all({"units", "recognised", "rate"} <= d.keys() for d in data["by_district"].values())
    assert set(data["by_unit_type"]) == {"xa", "phuong", "thi_tran"}
    assert [t["units"] for t in data["by_unit_type"].values()] == [116, 9, 5]
    fails = [f["fails"] for f in data["most_failed"]]
    assert fails == sorted(fails, reverse=True) and {"id", "fails"} <= data["most_failed"][0].keys()
    computed, article = data["aggregates"]["computed"], data["aggregates"]["article"]
    assert computed["officials_total"] == article["officials_total"] == 2698
    assert (computed["can_bo_total"], article["can_bo_total"]) == (1395, 1303)


def test_aggregates_beside_the_article(shipped: Reproduction) -> None:
    agree = shipped.aggregates.agree
    disagree = sorted(k for k, ok in agree.items() if not ok)
    # only the printed cán bộ denominator and the share computed from it differ
    assert disagree == ["can_bo_meeting_standard_pct", "can_bo_total"]
    assert shipped.aggregates.computed["meeting_standard_pct"] == 90.29


def test_article_figures_are_flagged_by_the_report_rules(shipped: Reproduction) -> None:
    article = shipped.report_checks["article"]
    assert article.verdict == "not_recognised"
    failed = [c for c in article.criteria if c.status == "fail"]
    assert [c.id for c in failed] == ["RP-02"]
    assert "2.698 − 1.303 = 1.395 cán bộ" in failed[0].explanation.vi
    records = shipped.report_checks["records"]
    assert records.verdict == "recognised"


def test_article_report_is_the_shipped_example() -> None:
    example = read_document(ROOT / "examples" / "dien-bien-2019-report.as-printed.json")
    assert example == ARTICLE_REPORT


def test_text_for_officials(capsys: pytest.CaptureFixture[str], shipped: Reproduction) -> None:
    assert main(["reproduce", "dien-bien-2019"]) == 0
    out = capsys.readouterr().out
    assert "Đơn vị được đánh giá" in out and "bài báo: “gần 50 %”" in out
    assert re.search(rf"Đạt “trong sạch, vững mạnh” +{shipped.recognised}\n", out)
    assert "Theo đơn vị cấp huyện" in out and "Huyện Mường Nhé" in out
    assert "Thị xã Mường Lay" in out and "Thị Xã" not in out  # Vietnamese orthography
    assert "Theo loại đơn vị" in out and "Tiêu chí không đạt nhiều nhất" in out
    assert "Số liệu bài báo đã đăng" in out and "như in" not in out
    assert "✗ RP-02" in out and "1.395 cán bộ" in out
    assert "bản tái dựng từ văn bản pháp luật trung ương" in out  # the manifest's disclaimer
    assert "bộ xử lý quy tắc" in out and "bộ máy" not in out
    # one language a run: no English line beside the Vietnamese
    for english in ("Units assessed", "Recognised", "By district", "Most failed", "article",
                    "This rule set", " / "):
        assert english not in out
    assert main(["reproduce", "dien-bien-2019", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert re.search(rf"Recognised +{shipped.recognised}\n", out)
    assert "By district-level unit" in out and "1,395 cán bộ" in out
    assert "Đơn vị được đánh giá" not in out and "bộ xử lý" not in out


def test_chart_is_a_self_contained_svg(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                       shipped: Reproduction) -> None:
    chart = tmp_path / "chart.svg"
    assert main(["reproduce", "dien-bien-2019", "--chart", str(chart)]) == 0
    capsys.readouterr()
    text = chart.read_text("utf-8")
    root = ElementTree.fromstring(text)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    bars = [r for r in root.iter("{http://www.w3.org/2000/svg}rect") if r.find(
        "{http://www.w3.org/2000/svg}title") is not None]
    assert len(bars) == 10 + 3  # districts and unit types
    assert "<script" not in text and "href" not in text
    assert "Mường Nhé" in text
    # one language; the legend names green and blue apart ("xanh" said both before)
    assert "thanh màu xanh lá" in text and "đường xanh dương" in text and " / " not in text
    assert main(["reproduce", "dien-bien-2019", "--chart", str(chart), "--lang", "en"]) == 0
    capsys.readouterr()
    text = chart.read_text("utf-8")
    assert "green bar" in text and "Theo loại" not in text


@pytest.mark.slow
def test_cli_rules_directory_and_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rules = _copy_rules(tmp_path)
    _set_parameter(rules, "council_min_sessions", "99")
    assert main(["reproduce", "dien-bien-2019", "--format", "json", "--rules", str(rules)]) == 0
    assert json.loads(capsys.readouterr().out)["recognised"] == 0
    with pytest.raises(SystemExit) as exit_info:
        main(["reproduce", "atlantis-2019"])
    assert exit_info.value.code == 2
    capsys.readouterr()
    chart = tmp_path / "no" / "x.svg"
    assert main(["reproduce", "dien-bien-2019", "--chart", str(chart)]) == 7
    assert capsys.readouterr().err.startswith(f"{chart}: ")
