"""The upload page in a real headless Chromium against a real server: an official picks a
file, submits, and reads the verdict on the commune page the report writes; downloads the
result JSON (the CLI's bytes); switches to English; sees a bad file's error; all without a
console error, a script or a single resource fetched, on a phone-sized screen too.

Debian's ``chromium`` and ``chromium-driver``; under ``CI=true`` a missing browser fails the
run, elsewhere the tests skip (as tests/test_report_browser.py).
"""

from __future__ import annotations

import base64
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from browser import chromium
from cli_run import run
from service_server import EXAMPLES, ROOT, Server, serving

NOT_RECOGNISED = EXAMPLES / "na-lay-2019.not-recognised.json"

# slow: a headless Chromium and a server
pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.timeout(300)]


@pytest.fixture(scope="module")
def downloads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory, downloads: Path) -> Iterator[Any]:
    # an official's browser: Accept-Language vi; downloads land in ``downloads``
    prefs = {"download.default_directory": str(downloads), "download.prompt_for_download": False,
             "intl.accept_languages": "vi-VN,vi"}
    with chromium(tmp_path_factory.mktemp("chromium-profile"), ["--lang=vi"], prefs) as browser:
        yield browser


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    with serving() as running:
        yield running
        assert "Traceback" not in running.stderr()


def _css(driver: Any, selector: str) -> Any:
    from selenium.webdriver.common.by import By

    return driver.find_element(By.CSS_SELECTOR, selector)


def _wait_for(driver: Any, selector: str) -> Any:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, 30).until(
        expected_conditions.presence_of_element_located((By.CSS_SELECTOR, selector)))


def _assert_clean(driver: Any, status: int | None = None) -> None:
    """No console error (but the page's own status, when it is an error page on purpose)."""
    errors = [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "ERROR")
              and not (status and e["source"] == "network"
                       and f"status of {status} " in e["message"])]
    assert errors == [], errors
    loaded = driver.execute_script(
        "return performance.getEntriesByType('resource').map(function (e) { return e.name; })")
    assert loaded == []  # nothing fetched: no script, style sheet, font or image


def _upload(driver: Any, server: Server, file: Path, lang: str = "vi") -> None:
    driver.get_log("browser")
    driver.get(f"{server.url}/?lang={lang}")
    _assert_clean(driver)
    assert driver.execute_script("return document.scripts.length") == 0
    _css(driver, "#file").send_keys(str(file))
    _css(driver, "#submit").click()


def test_an_official_uploads_a_commune_and_reads_its_verdict(
        driver: Any, server: Server, capsys: pytest.CaptureFixture[str],
        downloads: Path) -> None:
    _upload(driver, server, NOT_RECOGNISED)
    _wait_for(driver, "#verdict")
    driver.execute_script("localStorage.clear()")
    assert _css(driver, "#verdict .label").text == "Kết quả đánh giá: Không đạt"
    assert "Na Lay" in _css(driver, "h1").text
    assert _css(driver, "#recognition").is_displayed()  # the auditor tools' counterfactuals
    _assert_clean(driver)
    code, out, _ = run(capsys, "evaluate", str(NOT_RECOGNISED), "--format", "json")
    assert code == 0
    link = _css(driver, "#download-json")
    assert link.text == "Tải kết quả (JSON)"
    href = link.get_attribute("href")
    assert href.startswith("data:application/json;base64,")
    assert base64.b64decode(href.split(",", 1)[1]) == out.encode()
    link.click()
    target = downloads / "03151-2019.json"
    deadline = time.monotonic() + 20
    while not target.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert target.read_bytes() == out.encode()
    sheet = _css(driver, "#download-xlsx")
    assert sheet.text == "Tải kết quả (bảng tính)"
    sheet.click()
    book = downloads / "03151-2019.xlsx"
    deadline = time.monotonic() + 20
    while not book.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert book.read_bytes().startswith(b"PK\x03\x04")
    _css(driver, "#another").click()
    _wait_for(driver, "#upload")
    assert driver.current_url.endswith("/?lang=vi")


def test_a_province_report_gives_the_province_page(driver: Any, server: Server) -> None:
    _upload(driver, server, EXAMPLES / "dien-bien-2019-report.as-printed.json")
    _wait_for(driver, "#verdict")
    assert "Điện Biên" in _css(driver, "h1").text
    assert _css(driver, "#verdict .label").text.startswith("Kết quả đánh giá: ")
    _assert_clean(driver)


def test_the_switch_gives_the_page_and_the_result_in_english(
        driver: Any, server: Server) -> None:
    driver.get(f"{server.url}/")
    assert _css(driver, "h1").text.startswith("Đánh giá chính quyền cơ sở")
    _css(driver, "#lang-switch").click()
    _wait_for(driver, "html[lang=en]")
    assert _css(driver, "h1").text == "“Clean and strong” commune government assessment"
    assert _css(driver, "#submit").text == "Show the result"
    _css(driver, "#file").send_keys(str(NOT_RECOGNISED))
    _css(driver, "#submit").click()
    _wait_for(driver, "#verdict")
    assert _css(driver, "#verdict .label").text == "Verdict: Not recognised"
    assert _css(driver, "#download-json").text == "Download the result (JSON)"
    _assert_clean(driver)


def test_a_bad_file_shows_its_error_on_the_form(driver: Any, server: Server) -> None:
    bad = ROOT / "tests" / "fixtures" / "bad" / "enum-with-diacritics.json"
    _upload(driver, server, bad, lang="vi")
    _wait_for(driver, "#error")
    assert _css(driver, "#error-path").text == "unit_type"
    assert "có phải ý là 'xa'?" in _css(driver, "#error-message").text
    assert _css(driver, "#error h2").text == (
        "Không đánh giá được tệp này: enum-with-diacritics.json")
    assert _css(driver, "#upload").is_displayed()  # the form again, to pick another file
    _assert_clean(driver, status=422)


def test_the_upload_page_fits_a_phone(driver: Any, server: Server) -> None:
    driver.set_window_size(390, 844)
    try:
        driver.get(f"{server.url}/")
        fits = driver.execute_script(
            "return document.documentElement.scrollWidth <= window.innerWidth")
        assert fits
        assert _css(driver, "#submit").is_displayed() and _css(driver, "#file").is_displayed()
    finally:
        driver.set_window_size(1280, 1000)
