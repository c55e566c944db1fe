"""Every output the renderers write reads in one language: Vietnamese by default, English on
request, with no word of the other (``tests/language.py`` says what counts).

Checked: ``evaluate`` (with ``--counterfactuals``), ``explain``, ``verify``, ``diff``,
``rules list``, ``rules show`` of every criterion, ``reproduce`` (text and SVG) and every page of
the bundled data set's HTML report, in both languages.

What the renderers show but do not write is taken out, by name, not guessed: the rule files'
explanations and notes, the counterfactual search's summaries and the report rules' texts
(:func:`theirs`). Those are converted at the same time by their owners, and the whole outputs are
checked by ``tests/test_language.py``; here a word of the renderers' own that leaks fails.
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from audit_cases import NA_LAY, REPORT, SONG_DA
from clean_strong import Result, load_ruleset
from clean_strong.datasets import load_dataset
from clean_strong.documents import read_document
from clean_strong.models import Commune
from clean_strong.render.html import render_pages
from clean_strong.render.report_data import ReportSet
from clean_strong.reports import build
from clean_strong.ruleset import RuleSet
from clean_strong.ruleset.schema import Reference
from clean_strong.words import catalogue
from cli_run import run
from language import english_words, html_text, kept_terms, lexicon, vietnamese_words, wrong_words

pytestmark = pytest.mark.timeout(600)
MUONG_THANH = NA_LAY.parent / "muong-thanh-2019.recognised.json"
EXAMPLES = (NA_LAY, SONG_DA, MUONG_THANH, REPORT)
LANGS = ("vi", "en")
ARTICLE = "gần 50 %"  # the article's words, quoted
AREAS = ("text.", "explain.", "audit.", "rulesdoc.", "reproduce.", "report.")


@pytest.fixture(scope="module")
def rules() -> RuleSet:
    return load_ruleset("dien-bien-2019")


def _references(rules: RuleSet) -> Iterator[Reference]:
    for c in rules.criteria:
        yield from c.spec.basis.references
        yield from (d.reference for d in (*c.mandatory, *c.conditions) if d.reference)
        yield from (e.reference for part in c.expressions for e in part.entries if e.reference)
        if c.spec.effective.reference:
            yield c.spec.effective.reference
    for p in rules.parameters.values():
        yield from (v.reference for v in p.spec.values if v.reference)
    if rules.manifest.years.end is not None:
        yield from rules.manifest.years.end.references


def titles(rules: RuleSet) -> set[str]:
    """Document titles: every document (and article) a rule set cites."""
    found: set[str] = set()
    for ref in _references(rules):
        found.add(ref.document)
        if ref.article:
            found.add(ref.article)
    return found


def names(documents: Iterable[object]) -> set[str]:
    """Proper names: units, districts, provinces, officials' ids; the article's quote."""
    found = {ARTICLE, "Điện Biên Phủ"}  # the quote; the city (in "TP Điện Biên Phủ")
    for document in documents:
        if isinstance(document, Commune):
            found |= {document.name, document.district, document.province}
            found |= {o.id for o in document.officials}
        else:
            found.add(getattr(document, "province", ""))
    return {n for n in found if n}


def theirs(rules: RuleSet, results: Iterable[Result] = ()) -> set[str]:
    """Texts of the rule files and the counterfactual search that these renderers only show."""
    found: set[str] = set()
    for ref in _references(rules):
        if ref.note:
            found |= {ref.note.vi, ref.note.en}
    for c in rules.criteria:
        if c.spec.basis.note:
            found |= {c.spec.basis.note.vi, c.spec.basis.note.en}
    for result in results:
        for c in result.criteria:
            found |= {c.explanation.vi, c.explanation.en}
            found |= {cf.summary.vi for cf in c.counterfactuals}
            found |= {cf.summary.en for cf in c.counterfactuals}
        for n in result.not_applicable:
            found |= {n.reason.vi, n.reason.en}
        if result.recognition is not None:
            found |= {result.recognition.summary.vi, result.recognition.summary.en}
    return found


def _check(text: str, lang: str, given: Iterable[str], rules: RuleSet) -> None:
    wrong = wrong_words(text, lang, given, titles(rules))
    assert not wrong, f"{len(wrong)} words in the wrong language, e.g. {wrong[:8]}"


# -- the checker itself ------------------------------------------------------------------------


def test_the_checker_finds_what_leaks_and_spares_names_titles_and_kept_terms() -> None:
    assert len(lexicon()) >= 300 and "cán bộ" in kept_terms()
    assert english_words("Tiêu chí tạm thời: none") == ["'none' in …Tiêu chí tạm thời: none…"]
    assert english_words("theo hồ sơ so_cap; cần trung cấp") == ["so_cap"]
    assert english_words("thiếu officials[7]")  # a path, counted from zero
    assert not english_words("căn cứ Nghị định 34/2019/NĐ-CP; sha256:ab12 (CB-01:pass:19)")
    assert not english_words("Mường Thanh Market", names=["Mường Thanh Market"])
    assert not english_words("điều kiện như viết: `headcount <= cap`")
    assert vietnamese_words("Trước: 2 đạt") == ["'Trước' in …Trước: 2 đạt…",
                                                "'đạt' in …Trước: 2 đạt…"]
    assert not vietnamese_words("3/11 full-time cán bộ below trung cấp; Huyện Mường Nhé",
                                names=["Huyện Mường Nhé"])
    html = ('<html lang="vi"><p><span lang="vi">Đơn vị</span><span lang="en">Units</span>'
            '<option data-vi="Tất cả" data-en="All">Tất cả</option>'
            '<button id="lang-switch">English</button></p></html>')
    assert html_text(html, "vi").split() == ["Đơn", "vị", "Tất", "cả"]
    assert html_text(html, "en").split() == ["Units", "All"]


def test_every_word_of_these_renderers_is_in_both_languages_with_the_same_placeholders() -> None:
    entries = {k: e for k, e in catalogue().items() if k.startswith(AREAS)}
    assert len(entries) > 300
    for key, entry in entries.items():
        fields = [{f for _, f, _, _ in string.Formatter().parse(text) if f} for text in entry]
        assert fields[0] == fields[1], key
        assert all(unicodedata.is_normalized("NFC", text) for text in entry), key
        assert entry.en.strip() or not entry.vi.strip(), key


# -- text outputs ------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_evaluate_and_explain_read_in_one_language(
        capsys: pytest.CaptureFixture[str], rules: RuleSet, path: Path, lang: str) -> None:
    from clean_strong.audit import counterfactuals
    from clean_strong.evaluation import evaluate

    document = read_document(path)
    result = counterfactuals(document, rules, result=evaluate(document, rules))
    given = names([document]) | theirs(rules, [result])
    for verb in (("evaluate", "--counterfactuals"), ("explain",)):
        code, out, _ = run(capsys, verb[0], str(path), *verb[1:], "--lang", lang)
        assert code == 0
        _check(out, lang, given, rules)


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_verify_and_diff_read_in_one_language(
        capsys: pytest.CaptureFixture[str], rules: RuleSet, tmp_path: Path, lang: str) -> None:
    code, stored, _ = run(capsys, "evaluate", str(NA_LAY), "--format", "json")
    result = tmp_path / "result.json"
    result.write_text(stored, "utf-8")
    code, out, _ = run(capsys, "verify", str(result), str(NA_LAY), "--lang", lang)
    assert code == 0
    _check(out, lang, names([read_document(NA_LAY)]), rules)
    result.write_text(stored.replace('"status":"fail"', '"status":"pass"', 1), "utf-8")
    code, out, _ = run(capsys, "verify", str(result), str(NA_LAY), "--lang", lang)
    assert code == 6
    _check(out, lang, names([read_document(NA_LAY)]), rules)
    units = load_dataset("dien-bien-2019")
    code, out, _ = run(capsys, "diff", "dien-bien-2019", "--year", "2019", "--against-year",
                       "2024", "--lang", lang)
    assert code == 0
    _check(out, lang, names(units), rules)


@pytest.mark.parametrize("lang", LANGS)
def test_rules_list_and_show_read_in_one_language(
        capsys: pytest.CaptureFixture[str], rules: RuleSet, lang: str) -> None:
    code, out, _ = run(capsys, "rules", "list", "--lang", lang)
    assert code == 0 and len(out.splitlines()) == len(rules.criteria) + 1
    _check(out, lang, theirs(rules), rules)
    for criterion in rules.criteria:
        code, out, _ = run(capsys, "rules", "show", criterion.id.lower(), "--lang", lang)
        assert code == 0, criterion.id
        _check(out, lang, theirs(rules), rules)


@pytest.mark.parametrize("lang", LANGS)
def test_reproduce_reads_in_one_language(
        capsys: pytest.CaptureFixture[str], rules: RuleSet, tmp_path: Path, lang: str) -> None:
    from clean_strong.dien_bien_2019.reproduce import reproduce

    shipped = reproduce("dien-bien-2019")
    report = {text for check in shipped.report_checks.values() for c in check.criteria
              for text in (c.explanation.vi, c.explanation.en)}
    given = names(load_dataset("dien-bien-2019")) | report
    chart = tmp_path / "chart.svg"
    code, out, _ = run(capsys, "reproduce", "dien-bien-2019", "--chart", str(chart),
                       "--lang", lang)
    assert code == 0
    _check(out, lang, given, rules)
    svg = re.sub(r"<[^>]+>", " ", chart.read_text("utf-8"))
    _check(svg, lang, given, rules)


# -- the HTML report ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dataset_report(rules: RuleSet) -> ReportSet:
    found = build.load_report("dien-bien-2019", rules)
    assert not isinstance(found, Result)
    return found


def _pages_read_in_one_language(rules: RuleSet, report: ReportSet, lang: str,
                                chosen: set[str] | None = None) -> None:
    """The report's pages (``chosen``: those only) in ``lang``, checked."""
    units = load_dataset("dien-bien-2019")
    places = {n for u in units for n in (u.name, u.district, u.province)} | names([])
    assert report.study is not None
    index = theirs(rules) | {text for check in report.study.checks
                             for c in check.criteria for text in (c.explanation.vi,
                                                                   c.explanation.en)}
    by_page = {f"communes/{r.unit.code}.html": theirs(rules, [r])
               for r in report.results}
    pages = render_pages(report, "vi" if lang == "vi" else "en")
    assert len(pages) == 131 and set(pages) == {"index.html", *by_page}
    wrong: dict[str, list[str]] = {}
    cited = titles(rules)
    for path, html in pages.items():
        if chosen is not None and path not in chosen:
            continue
        given = places | by_page.get(path, index)
        found = wrong_words(html_text(html, lang), lang, given, cited)
        if found:
            wrong[path] = found
    assert not wrong, f"{len(wrong)} pages, e.g. {next(iter(wrong.items()))}"
    # and none of the codes the issue found: paths, vocabulary codes, calques
    shown = html_text(pages["index.html"], lang)
    if lang == "vi":
        for calque in ("trên 130", "bộ máy", "như in", "Thị Xã", "Tất cả / All"):
            assert calque not in shown
        assert re.search(r"Đang hiển thị 130 ?/130 đơn vị", shown) and "Đơn vị cấp huyện" in shown
        assert "thanh màu xanh lá" in shown and "đường màu xanh dương" in shown
    else:
        assert re.search(r"130 of 130 units shown", shown) and "District-level unit" in shown


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_the_index_and_a_page_of_each_verdict_read_in_one_language(
        rules: RuleSet, dataset_report: ReportSet, lang: str) -> None:
    first = {r.verdict: f"communes/{r.unit.code}.html" for r in reversed(dataset_report.results)}
    assert {"recognised", "not_recognised"} <= first.keys()
    _pages_read_in_one_language(rules, dataset_report, lang, {"index.html", *first.values()})


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_every_page_of_the_report_reads_in_one_language(
        rules: RuleSet, dataset_report: ReportSet, lang: str) -> None:
    _pages_read_in_one_language(rules, dataset_report, lang)
