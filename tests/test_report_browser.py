"""The HTML report in a real headless Chromium: it loads without console errors or network
requests, shows the engine's rate, links each commune to its page, filters and sorts, switches
language without the network, opens in the language it was written in, keeps a script-like
commune name as text, never scrolls sideways on a phone, and prints on A4: a commune as a
one-page summary (the details when asked), the index as a table of units.

Debian's ``chromium`` and ``chromium-driver`` (``.ci/run`` installs them). Under ``CI=true`` a
missing browser fails the run; elsewhere the tests skip, saying what to install.
"""

from __future__ import annotations

import json
import threading
import unicodedata
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from browser import chromium, unavailable
from clean_strong.dien_bien_2019.reproduce import Reproduction, reproduce
from clean_strong.reports import write_report
from clean_strong.words import say
from clean_strong.words.format import percent

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SCRIPT_NAME = "<script>alert(1)</script>"

# slow: a headless Chromium
pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.timeout(300)]


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    with chromium(tmp_path_factory.mktemp("chromium-profile")) as browser:
        yield browser


@pytest.fixture(scope="module")
def summary() -> Reproduction:
    return reproduce("dien-bien-2019")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """A folder served over HTTP on 127.0.0.1 from a thread (one origin for every report in
    it, as reports in one shared folder are), and its address."""
    root = tmp_path_factory.mktemp("served")
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield root, f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def site(served: tuple[Path, str]) -> str:
    """The data set's report, in Vietnamese (the default)."""
    root, address = served
    write_report("dien-bien-2019", root / "site")
    return address + "site/"


@pytest.fixture(scope="module")
def english_site(served: tuple[Path, str]) -> str:
    """A report written with ``--lang en``, beside the Vietnamese one (the same origin)."""
    root, address = served
    write_report(EXAMPLES / "na-lay-2019.not-recognised.json", root / "english", lang="en")
    return address + "english/"


def _open(driver: Any, url: str) -> None:
    """Load a page, wait until its script has run, and fail on any console error."""
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get_log("browser")  # drop what earlier pages logged
    driver.get(url)
    WebDriverWait(driver, 20).until(
        lambda d: d.execute_script("return document.documentElement.dataset.ready === '1'"))
    _assert_clean(driver)


def _assert_clean(driver: Any) -> None:
    errors = [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "ERROR")]
    assert errors == [], errors
    loaded = driver.execute_script(
        "return performance.getEntriesByType('resource').map(function (e) { return e.name; })")
    assert loaded == []  # nothing fetched: no script, style sheet, font or image


def _css(driver: Any, selector: str) -> Any:
    from selenium.webdriver.common.by import By

    return driver.find_element(By.CSS_SELECTOR, selector)


def _fold(text: str) -> str:
    """As the page's filter folds: no diacritics, đ as d, lower case."""
    plain = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in plain if not unicodedata.combining(ch)).lower()


def _reset_language(driver: Any) -> None:
    driver.execute_script("sessionStorage.clear(); localStorage.clear();"
                          " document.documentElement.lang = 'vi';")


def test_province_page_loads_clean_and_shows_the_engines_rate(
        driver: Any, site: str, summary: Reproduction) -> None:
    _open(driver, site + "index.html")
    assert driver.title.startswith("Đánh giá chính quyền cơ sở")
    assert _css(driver, "#rate").text == percent(100 * summary.rate, "vi")
    assert _css(driver, "#count-units").text == str(summary.units)
    assert _css(driver, "#count-recognised").text == f"✓ {summary.recognised}"
    assert _css(driver, "#chart-district svg").is_displayed()


def test_a_table_link_leads_to_the_commune_page_with_the_same_verdict(
        driver: Any, site: str, summary: Reproduction) -> None:
    unit = next(u for u in summary.unit_results if u.verdict == "not_recognised")
    _open(driver, site + "index.html")
    row = _css(driver, f'#units tr[data-code="{unit.code}"]')
    assert row.get_attribute("data-verdict") == "not_recognised"
    assert row.find_element("css selector", "td.verdict").text == "✗ Không đạt"
    link = row.find_element("css selector", "a")
    assert link.text == unit.name
    link.click()
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 20).until(lambda d: d.current_url.endswith(f"/communes/{unit.code}.html")
                                    and d.execute_script(
                                        "return document.documentElement.dataset.ready === '1'"))
    _assert_clean(driver)
    assert unit.name in _css(driver, "h1").text
    assert _css(driver, "#verdict .label").text == "Kết quả đánh giá: Không đạt"
    for criterion in unit.failed:
        assert _css(driver, f'#glance tr[data-criterion="{criterion}"]').get_attribute(
            "data-status") == "fail"


def test_the_language_switch_shows_english_and_hides_vietnamese(
        driver: Any, site: str, summary: Reproduction) -> None:
    code = summary.unit_results[0].code
    _open(driver, f"{site}communes/{code}.html")
    vietnamese = _css(driver, '#verdict .label span[lang="vi"]')
    english = _css(driver, '#verdict .label span[lang="en"]')
    assert vietnamese.is_displayed() and not english.is_displayed()
    try:
        _css(driver, "#lang-switch").click()
        assert driver.execute_script("return document.documentElement.lang") == "en"
        assert english.is_displayed() and not vietnamese.is_displayed()
        assert _css(driver, "#verdict .label").text.startswith("Verdict: ")
        assert _css(driver, "#lang-switch").text == "Tiếng Việt"
        _open(driver, site + "index.html")  # the choice follows the reader to the next page
        assert _css(driver, "#rate").text == percent(100 * summary.rate, "en")
    finally:
        _reset_language(driver)
    _assert_clean(driver)


def _shown(driver: Any) -> list[str]:
    """Codes of the table rows the reader can see, in page order (one round trip)."""
    codes: list[str] = driver.execute_script(
        "return Array.prototype.filter.call(document.querySelectorAll('#units tbody tr'),"
        " function (r) { return r.getClientRects().length > 0; })"
        ".map(function (r) { return r.getAttribute('data-code'); })")
    return codes


def test_the_units_table_filters_and_sorts(driver: Any, site: str, summary: Reproduction) -> None:
    from selenium.webdriver.support.ui import Select

    verdicts = {u.code: u.verdict for u in summary.unit_results}
    _open(driver, site + "index.html")
    select = Select(_css(driver, '#unit-filters select[name="verdict"]'))
    select.select_by_value("recognised")
    assert sorted(_shown(driver)) == sorted(c for c, v in verdicts.items() if v == "recognised")
    assert _css(driver, 'span[lang="vi"] .shown-count').text == str(summary.recognised)
    # a dropdown reads in the page's language only, and follows the switch
    option = _css(driver, '#unit-filters select[name="verdict"] option[value=""]')
    assert option.text == "Tất cả"
    _css(driver, "#lang-switch").click()
    try:
        assert option.text == "All"
        assert _css(driver, 'span[lang="en"] .shown-count').text == str(summary.recognised)
    finally:
        _css(driver, "#lang-switch").click()
        _reset_language(driver)
    assert option.text == "Tất cả"
    select.select_by_value("")
    search = _css(driver, '#unit-filters input[name="q"]')
    search.send_keys("muong nhe")  # no diacritics needed
    expected = [u.code for u in summary.unit_results
                if all(w in _fold(f"{u.name} {u.district}") for w in ("muong", "nhe"))]
    assert _shown(driver) == expected
    assert len(expected) == summary.by_district["Huyện Mường Nhé"].units
    search.clear()
    driver.execute_script("document.getElementById('unit-filters')"
                          ".dispatchEvent(new Event('input'))")
    assert len(_shown(driver)) == summary.units
    verdict_header = driver.find_elements("css selector", "#units thead th")[3]
    verdict_header.find_element("css selector", "button").click()
    assert verdict_header.get_attribute("aria-sort") == "ascending"
    order = [verdicts[code] for code in _shown(driver)]
    assert order == sorted(order, key=["recognised", "undetermined", "not_recognised"].index)
    assert order[0] == "recognised" and order[-1] == "not_recognised"
    _assert_clean(driver)


def test_a_script_like_commune_name_stays_text_in_the_browser(
        driver: Any, tmp_path: Path) -> None:
    from selenium.common.exceptions import NoAlertPresentException

    data = json.loads((EXAMPLES / "na-lay-2019.not-recognised.json").read_text("utf-8"))
    data.update(name=SCRIPT_NAME, district='"><img src=x onerror="window.pwned=1">')
    source = tmp_path / "hostile.json"
    source.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    write_report(source, tmp_path / "site")
    for page in ("index.html", "communes/03151.html"):
        _open(driver, (tmp_path / "site" / page).as_uri())
        with pytest.raises(NoAlertPresentException):
            driver.switch_to.alert.text  # noqa: B018 - reading it raises when no alert is open
        assert driver.execute_script("return window.pwned === undefined")
        assert driver.find_elements("css selector", "img") == []
        assert SCRIPT_NAME in _css(driver, "main").text


# -- the language a report opens in --------------------------------------------------------------


def test_a_report_written_in_english_opens_in_english_and_its_switch_still_works(
        driver: Any, site: str, english_site: str) -> None:
    try:
        _open(driver, site + "index.html")  # a reader of a Vietnamese report, same origin,
        _css(driver, "#lang-switch").click()  # switches to English and back to Vietnamese
        _css(driver, "#lang-switch").click()
        assert driver.execute_script("return document.documentElement.lang") == "vi"
        _open(driver, english_site + "communes/03151.html")
        assert driver.execute_script("return document.documentElement.lang") == "en"
        assert _css(driver, "#verdict .label").text == "Verdict: Not recognised"
        assert driver.title == "Ward Na Lay (03151) — Not recognised"
        _css(driver, "#lang-switch").click()
        assert _css(driver, "#verdict .label").text == "Kết quả đánh giá: Không đạt"
        _open(driver, english_site + "index.html")  # the reader's choice, within this report
        assert driver.execute_script("return document.documentElement.lang") == "vi"
        _open(driver, site + "index.html")  # the Vietnamese report: still as it was written
        assert driver.execute_script("return document.documentElement.lang") == "vi"
    finally:
        _reset_language(driver)


# -- a phone -------------------------------------------------------------------------------------


def _phone(driver: Any, width: int) -> None:
    """A phone's screen: ``mobile`` honours the page's viewport tag, and a page wider than the
    screen widens the layout viewport (as a phone zooms out) rather than hide it."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": 800, "deviceScaleFactor": 2, "mobile": True})


def _communes_to_check(summary: Reproduction) -> list[str]:
    """The commune failing the most criteria, a recognised one failing an advisory criterion,
    and another not recognised."""
    worst = max(summary.unit_results, key=lambda u: len(u.failed))
    advisory = next(u for u in summary.unit_results if u.verdict == "recognised" and u.failed)
    other = next(u for u in summary.unit_results
                 if u.verdict == "not_recognised" and u.code != worst.code)
    return [worst.code, advisory.code, other.code]


@pytest.mark.parametrize("width", [360, 390, 414])
def test_no_page_scrolls_sideways_on_a_phone(driver: Any, site: str, summary: Reproduction,
                                             width: int) -> None:
    pages = ["index.html"] + [f"communes/{code}.html" for code in _communes_to_check(summary)]
    assert len(pages) == 4
    try:
        _phone(driver, width)
        for page in pages:
            _open(driver, site + page)
            viewport, inner, scroll = driver.execute_script(
                "var e = document.documentElement;"
                " return [e.clientWidth, window.innerWidth, e.scrollWidth];")
            assert viewport == inner == width, page
            assert scroll <= width, (page, scroll)
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_chart_labels_are_text_of_a_readable_size_on_a_phone(driver: Any, site: str,
                                                             summary: Reproduction) -> None:
    try:
        _phone(driver, 390)
        _open(driver, site + "index.html")
        rows = driver.execute_script(
            "return Array.prototype.map.call(document.querySelectorAll('#chart-district tr'),"
            " function (r) { var label = r.querySelector('th'), bar = r.querySelector('svg');"
            " return [label.innerText, parseFloat(getComputedStyle(label).fontSize),"
            " bar.getBoundingClientRect().width]; })")
        assert [label for label, _, _ in rows] == list(summary.by_district)
        assert all(size >= 14 for _, size, _ in rows)  # page text, not a scaled drawing
        assert all(width >= 300 for _, _, width in rows)  # the bar spans the phone's width
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


# -- paper ---------------------------------------------------------------------------------------

A4 = (595.0, 842.0)  # points


def _pdf(driver: Any) -> Any:
    """The open page printed by Chromium as a browser prints it (the page's own @page size)."""
    import base64
    import io

    try:
        import pypdf
    except ImportError:
        unavailable("pypdf is not installed (pip install '.[test]')")
    printed = driver.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True,
                                                         "printBackground": True})
    return pypdf.PdfReader(io.BytesIO(base64.b64decode(printed["data"])))


def _a4(page: Any) -> bool:
    size = (float(page.mediabox.width), float(page.mediabox.height))
    return all(abs(got - want) < 1.5 for got, want in zip(size, A4, strict=True))


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_commune_prints_as_a_one_page_a4_summary(driver: Any, site: str,
                                                   summary: Reproduction, lang: str) -> None:
    worst = max(summary.unit_results, key=lambda u: len(u.failed))
    assert len(worst.failed) >= 6
    try:
        _open(driver, f"{site}communes/{worst.code}.html")
        if lang == "en":
            _css(driver, "#lang-switch").click()
        pdf = _pdf(driver)
        assert len(pdf.pages) == 1 and _a4(pdf.pages[0])
        text = pdf.pages[0].extract_text()
        label = "Verdict: Not recognised" if lang == "en" else "Kết quả đánh giá: Không đạt"
        assert label in text
        for criterion in worst.failed:
            assert criterion in text
        assert say("report.needed.title", lang) in text  # what would be needed
        assert say("report.needed.notice", lang)[:40] in text.replace("\n", " ")
        assert say("report.reconstruction", lang) in text  # the legal caveat
    finally:
        _reset_language(driver)


def test_the_details_print_after_the_summary_when_asked(driver: Any, site: str,
                                                        summary: Reproduction) -> None:
    code = max(summary.unit_results, key=lambda u: len(u.failed)).code
    _open(driver, f"{site}communes/{code}.html")
    _css(driver, "#print-details").click()
    pdf = _pdf(driver)
    assert len(pdf.pages) > 1 and all(_a4(page) for page in pdf.pages)
    first, second = (pdf.pages[i].extract_text() for i in (0, 1))
    assert "Kết quả đánh giá: Không đạt" in first
    assert say("report.criteria_index", "vi") not in first  # the summary page is alone
    assert second.startswith(say("report.criteria_index", "vi"))


def test_the_index_prints_as_a_table_of_units_on_a4(driver: Any, site: str,
                                                    summary: Reproduction) -> None:
    _open(driver, site + "index.html")
    pdf = _pdf(driver)
    assert len(pdf.pages) > 2 and all(_a4(page) for page in pdf.pages)
    header = say("report.name", "vi")
    texts = [pdf.pages[i].extract_text() for i in range(3)]
    start = next(i for i, text in enumerate(texts) if header in text)
    assert pdf.pages[start + 1].extract_text().startswith(header)  # the header repeats
    try:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        shown = driver.execute_script(
            "function seen(e) { return e.getClientRects().length > 0; }"
            " return [seen(document.getElementById('unit-filters')),"
            " Array.prototype.filter.call(document.querySelectorAll('#units tbody tr'), seen)"
            ".length, getComputedStyle(document.querySelector('#units thead')).display];")
        assert shown == [False, summary.units, "table-header-group"]
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
