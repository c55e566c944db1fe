"""The HTML report in a real headless Chromium: it loads without console errors or network
requests, shows the engine's rate, links each commune to its page, filters and sorts, switches
language without the network, and keeps a script-like commune name as text.

Debian's ``chromium`` and ``chromium-driver`` (``.ci/run`` installs them). Under ``CI=true`` a
missing browser fails the run; elsewhere the tests skip, saying what to install.
"""

from __future__ import annotations

import json
import os
import threading
import unicodedata
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from clean_strong.dien_bien_2019.reproduce import Reproduction, reproduce
from clean_strong.reports import write_report
from clean_strong.words.format import percent

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--no-first-run", "--window-size=1280,1000")
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SCRIPT_NAME = "<script>alert(1)</script>"

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true and {reason}", pytrace=False)
    pytest.skip(reason)


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        _unavailable("selenium is not installed (pip install '.[test]')")
    for path in (CHROMIUM, CHROMEDRIVER):
        if not path.exists():
            _unavailable(f"{path} is missing (apt-get install chromium chromium-driver)")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    browser = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    browser.set_page_load_timeout(60)
    try:
        yield browser
    finally:
        browser.quit()


@pytest.fixture(scope="module")
def summary() -> Reproduction:
    return reproduce("dien-bien-2019")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The data set's report, served over HTTP on 127.0.0.1 from a thread."""
    root = tmp_path_factory.mktemp("served") / "site"
    write_report("dien-bien-2019", root)
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


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
    driver.execute_script("localStorage.clear(); document.documentElement.lang = 'vi';")


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
    assert _css(driver, "#verdict .label").text == "Kết quả: Không đạt"
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
    assert _css(driver, "#shown-count").text == str(summary.recognised)
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
