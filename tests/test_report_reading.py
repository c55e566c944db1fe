"""What the report pages say, and in what order, without a browser: the verdict banner names
each failed mandatory criterion with its reason; failed and unknown criteria come first; an
advisory failure of a recognised unit is visibly advisory; the index names failed criteria by
title; proposals are worded as what the rules would need, with the one-line notice; ``--lang``
decides the language a page is written in."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from clean_strong import evaluate
from clean_strong.cli import main
from clean_strong.render.html import render_unit_page
from clean_strong.reports import load_report
from clean_strong.result import Bilingual, Result
from clean_strong.words import say

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "report"
NAM_CHUA = FIXTURES / "nam-chua-2019.six-failed.json"  # 03173: five mandatory, one advisory
ADVISORY = FIXTURES / "recognised-advisory-failed.json"  # 03136 recognised, GS-02 failed
SONG_DA = ROOT / "examples" / "song-da-2019.undetermined.json"  # 03148: two mandatory unknown
NA_LAY = ROOT / "examples" / "na-lay-2019.not-recognised.json"  # 03151
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}

pytestmark = pytest.mark.timeout(300)


class Elements(HTMLParser):
    """Each element's tag, attributes and text (its descendants' included), in page order."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict[str, str], list[str]]] = []
        self._open: list[int] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, {k: v or "" for k, v in attrs}, []))
        if tag not in VOID:
            self._open.append(len(self.found) - 1)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self._open) - 1, -1, -1):
            if self.found[self._open[depth]][0] == tag:
                del self._open[depth:]
                return

    def handle_data(self, data: str) -> None:
        for index in self._open:
            self.found[index][2].append(data)

    def select(self, tag: str, **attrs: str) -> list[tuple[dict[str, str], str]]:
        """(attributes, text) of every ``tag`` whose attributes include ``attrs``
        (``class_`` matches one class among several)."""
        want = {k.rstrip("_"): v for k, v in attrs.items()}
        out = []
        for name, have, text in self.found:
            if name != tag:
                continue
            if all((v in have.get(k, "").split()) if k == "class" else have.get(k) == v
                   for k, v in want.items()):
                out.append((have, "".join(text)))
        return out

    def text_of(self, element_id: str) -> str:
        (text,) = ["".join(t) for _, a, t in self.found if a.get("id") == element_id]
        return text


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Four communes (failed, unknown, recognised with an advisory failure, one failure),
    with the auditor's counterfactuals, written by the CLI."""
    folder = tmp_path_factory.mktemp("reading")
    source = folder / "in"
    source.mkdir()
    for path in (NAM_CHUA, ADVISORY, SONG_DA, NA_LAY):
        (source / path.name).write_bytes(path.read_bytes())
    out = folder / "site"
    assert main(["report", str(source), "--html", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def results(site: Path) -> dict[str, Result]:
    found = load_report(site.parent / "in")
    assert not isinstance(found, Result)
    return {r.unit.code or "": r for r in found.results}


def _page(site: Path, code: str) -> Elements:
    return Elements((site / "communes" / f"{code}.html").read_text("utf-8"))


def _has_both(text: str, words: Bilingual) -> bool:
    return words.vi in text and words.en in text


# -- the commune page ----------------------------------------------------------------------------


def test_the_banner_names_each_failed_mandatory_criterion_with_its_reason(
        site: Path, results: dict[str, Result]) -> None:
    result = results["03173"]
    failed = [c for c in result.criteria if c.mandatory and c.status == "fail"]
    assert len(failed) == 5
    page = _page(site, "03173")
    items = page.select("li", class_="r-fail")
    banner = page.text_of("verdict")
    listed = [text for _, text in items if text in banner]
    assert len(listed) == len(failed)
    for criterion, text in zip(failed, listed, strict=True):
        assert text.split()[1] == criterion.id
        assert _has_both(text, criterion.title) and _has_both(text, criterion.explanation)
    advisory = next(c for c in result.criteria if not c.mandatory and c.status == "fail")
    assert advisory.id not in banner  # advisory: shown apart, under its own heading
    assert advisory.id in page.text_of("advisory-reasons")


def test_unknown_mandatory_criteria_are_named_with_what_is_missing(
        site: Path, results: dict[str, Result]) -> None:
    result = results["03148"]
    unknown = [c for c in result.criteria if c.mandatory and c.status == "unknown"]
    assert [c.id for c in unknown] == ["PL-01", "GS-01"]
    text = _page(site, "03148").text_of("unknown-reasons")
    for criterion in unknown:
        assert criterion.id in text and _has_both(text, criterion.explanation)


@pytest.mark.parametrize("code", ["03173", "03148", "03136", "03151"])
def test_failed_and_unknown_criteria_come_first(site: Path, results: dict[str, Result],
                                                code: str) -> None:
    page = _page(site, code)
    rows = [a for a, _ in page.select("tr") if "data-criterion" in a]
    rank = {"fail": 0, "unknown": 1, "pass": 2}
    statuses = [rank[a["data-status"]] for a in rows]
    assert statuses == sorted(statuses)
    assert len(rows) == len(results[code].criteria)
    articles = [a["id"] for a, _ in page.select("article", class_="criterion")]
    mandatory = [f"c-{c.id}" for c in results[code].criteria if c.mandatory]
    shown = [a for a in articles if a in mandatory]
    assert [rank[results[code].criterion(a[2:]).status] for a in shown] == sorted(
        rank[results[code].criterion(a[2:]).status] for a in shown)


def test_an_advisory_failure_of_a_recognised_unit_is_visibly_advisory(
        site: Path, results: dict[str, Result]) -> None:
    result = results["03136"]
    assert result.verdict == "recognised"
    (gs02,) = [c for c in result.criteria if c.status != "pass"]
    assert gs02.id == "GS-02" and not gs02.mandatory
    page = _page(site, "03136")
    assert "GS-02" not in page.text_of("verdict")
    box = page.text_of("advisory-reasons")
    assert _has_both(box, Bilingual(vi=say("report.banner.advisory", "vi"),
                                    en=say("report.banner.advisory", "en")))
    assert "GS-02" in box and _has_both(box, gs02.explanation)
    (row,) = [a for a, _ in page.select("tr") if a.get("data-criterion") == "GS-02"]
    assert row.get("class") == "advisory"
    badges = [a["class"].split() for a, _ in page.select("span", class_="badge")]
    assert ["badge", "s-fail", "advisory"] in badges  # grey, dashed: not the red of a failure
    assert ["badge", "s-fail"] not in badges


# -- the index -----------------------------------------------------------------------------------


def test_the_index_lists_failed_criteria_by_title_readable_without_hover(
        site: Path, results: dict[str, Result]) -> None:
    html = (site / "index.html").read_text("utf-8")
    page = Elements(html)
    for row, _ in page.select("tr"):
        if "data-code" not in row:
            continue
        result = results[row["data-code"]]
        failing = [c for c in result.criteria if c.status != "pass"]
        cells = [text for _, text in page.select("td", class_="failed")]
        cell = cells[[r["data-code"] for r, _ in page.select("tr") if "data-code" in r]
                     .index(row["data-code"])]
        for criterion in failing:
            assert criterion.id in cell and _has_both(cell, criterion.title)
    assert " title=" not in html.split('id="units"', 1)[1].split("</table>", 1)[0]
    advisory = [a for a, text in page.select("li", class_="advisory") if "GS-02" in text]
    assert advisory  # the recognised unit's advisory failure: marked as advisory


# -- what would be needed ------------------------------------------------------------------------


def test_proposals_are_worded_as_what_would_be_needed_with_the_notice_once(
        site: Path, results: dict[str, Result]) -> None:
    notice = Bilingual(vi=say("report.needed.notice", "vi"), en=say("report.needed.notice", "en"))
    for code, result in results.items():
        html = (site / "communes" / f"{code}.html").read_text("utf-8")
        proposes = result.recognition is not None or any(c.counterfactuals
                                                         for c in result.criteria)
        assert html.count(notice.vi) == html.count(notice.en) == (1 if proposes else 0), code
        for old in ("thay đổi tối thiểu", "smallest change"):
            assert old not in html.lower()
    page = _page(site, "03173")
    needed = page.text_of("needed")
    assert notice.vi in needed
    for criterion in results["03173"].criteria:
        if criterion.mandatory and criterion.status == "fail":
            assert criterion.id in needed
            assert _has_both(needed, criterion.counterfactuals[0].summary)


def test_the_summary_page_says_all_of_the_above_only_when_the_recognition_is_just_that(
        results: dict[str, Result]) -> None:
    result = results["03173"]
    assert result.recognition is not None
    all_of = say("report.needed.all_of", "vi")
    assert all_of in render_unit_page(result)
    first = result.recognition.changes[0]
    other = result.recognition.model_copy(update={
        "changes": [first.model_copy(update={"after": "elsewhere"}),
                    *result.recognition.changes[1:]]})
    html = render_unit_page(result.model_copy(update={"recognition": other}))
    assert all_of not in html
    assert Elements(html).text_of("needed").count(result.recognition.summary.vi) == 1


def test_what_is_out_of_the_units_reach_is_said_and_nothing_is_labelled_per_change(
        results: dict[str, Result]) -> None:
    """Facts of the year decide some criteria: the page says they are not attainable; every
    proposed change is a lever by construction, so no per-change kind is shown."""
    pages = {code: render_unit_page(r, lang="en") for code, r in results.items()}
    blocked = [code for code, r in results.items()
               if any(not cf.attainable and cf.facts for c in r.criteria
                      for cf in c.counterfactuals)]
    assert blocked
    for code in blocked:
        assert say("report.needed.not_attainable", "en") in pages[code]
    assert not any("kind" in html.split("needed-h", 1)[-1].split("</section>", 1)[0]
                   for html in pages.values())


def test_a_page_without_counterfactuals_has_no_needed_section_nor_notice(
        results: dict[str, Result]) -> None:
    bare = evaluate(NAM_CHUA.read_text("utf-8"))
    html = render_unit_page(bare)
    assert 'id="needed"' not in html and say("report.needed.notice", "vi") not in html
    assert 'id="failed-reasons"' in html  # the reasons do not depend on the auditor


# -- language ------------------------------------------------------------------------------------


def test_lang_en_writes_the_pages_in_english_title_included(tmp_path: Path) -> None:
    assert main(["report", str(NA_LAY), "--html", str(tmp_path), "--lang", "en"]) == 0
    for page in ("index.html", "communes/03151.html"):
        html = (tmp_path / page).read_text("utf-8")
        assert html.startswith('<!DOCTYPE html>\n<html lang="en">')
        assert '<body data-written="en">' in html
    title = Elements((tmp_path / "communes" / "03151.html").read_text("utf-8")).select("title")
    assert title[0][1] == "Ward Na Lay (03151) — Not recognised"


# -- the words -----------------------------------------------------------------------------------


def test_every_report_word_is_in_both_languages_with_the_same_placeholders() -> None:
    import string
    import unicodedata

    from clean_strong.words import catalogue

    entries = {k: e for k, e in catalogue().items() if k.startswith("report.")}
    assert len(entries) > 100
    for key, entry in entries.items():
        fields = [{f for _, f, _, _ in string.Formatter().parse(text) if f} for text in entry]
        assert fields[0] == fields[1], key
        assert all(text and unicodedata.is_normalized("NFC", text) for text in entry), key


def test_every_word_a_template_names_is_in_the_catalogue() -> None:
    import re

    from clean_strong.render.html import _words

    folder = ROOT / "src" / "clean_strong" / "render" / "templates"
    named = {m.group(1) for path in folder.glob("*.html")
             for m in re.finditer(r"""(?:\bt\(|words\[)'([a-z_.]+)'""", path.read_text("utf-8"))}
    whole = {name for name in named if not name.endswith(("_", "."))}  # not a prefix (conf_)
    assert len(whole) > 60
    assert whole - set(_words()) == set()
    assert {f"conf_{c}" for c in ("S", "S2", "I", "U")} <= set(_words())
