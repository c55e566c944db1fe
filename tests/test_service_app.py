"""The service's parts in-process (the real-server tests are test_service_api/_errors/
_browser/_fuzz): the language of a request, the catalogue entries, the rule sets a server may
serve, the upload page's policy and words, and request values that never reach the disk."""

from __future__ import annotations

import json
import re
import tomllib
import unicodedata
import warnings
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest

from clean_strong import load_ruleset
from clean_strong.service import create_app
from clean_strong.service.config import Limits, RuleSets
from clean_strong.service.lang import accepted
from clean_strong.words import say
from cli_run import run

with warnings.catch_warnings():  # starlette 1.x suggests httpx2 (the test client only)
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

# slow: the whole ASGI app per test
pytestmark = [pytest.mark.slow, pytest.mark.filterwarnings("ignore::DeprecationWarning")]

ROOT = Path(__file__).resolve().parent.parent
NOT_RECOGNISED = ROOT / "examples" / "na-lay-2019.not-recognised.json"


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app([load_ruleset("dien-bien-2019")], Limits())) as http:
        yield http


@pytest.mark.parametrize(("header", "lang"), [
    (None, "vi"), ("", "vi"), ("en", "en"), ("vi-VN,vi;q=0.9,en;q=0.8", "vi"),
    ("en-GB,en;q=0.9,vi;q=0.8", "en"), ("fr-FR,fr;q=0.9,en;q=0.5", "en"),
    ("vi;q=0.2,en;q=0.7", "en"), ("en;q=0,vi;q=0.1", "vi"), ("de,fr", "vi"),
    ("*", "vi"), ("en;q=abc,vi", "vi"),
])
def test_accept_language_chooses_vietnamese_or_english(header: str | None, lang: str) -> None:
    assert accepted(header) == lang


def test_the_service_words_have_both_languages_and_the_same_placeholders() -> None:
    text = (resources.files("clean_strong.words") / "service.toml").read_text("utf-8")
    entries = tomllib.loads(text)
    found = 0
    for area in entries.values():
        for entry in area.values():
            vi, en = entry["vi"], entry["en"]
            assert vi and en
            assert set(re.findall(r"\{(\w+)\}", vi)) == set(re.findall(r"\{(\w+)\}", en))
            assert unicodedata.normalize("NFC", vi) == vi
            found += 1
    assert found > 30
    assert say("service.error.too_large", "en", limit="10") == "the request body exceeds 10 bytes"


def test_a_rule_set_name_is_served_once() -> None:
    rules = load_ruleset("dien-bien-2019")
    with pytest.raises(ValueError, match="named twice: dien-bien-2019"):
        RuleSets.load([rules, "dien-bien-2019"])


@pytest.mark.parametrize(("lang", "words"), [("vi", "được nêu hai lần: dien-bien-2019"),
                                             ("en", "named twice: dien-bien-2019")])
def test_serve_refuses_the_same_rule_set_twice(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, lang: str,
        words: str) -> None:
    monkeypatch.setenv("CLEAN_STRONG_LANG", lang)  # serve sets it for its workers: undone after
    code, _, err = run(capsys, "serve", "--rules", "dien-bien-2019", "--rules",
                       "dien-bien-2019", "--lang", lang)
    assert code == 2 and words in err


@pytest.mark.parametrize("argv", [["--port", "0"], ["--workers", "0"], ["--timeout", "-1"]])
def test_serve_options_out_of_range_are_usage_errors(
        capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    code, _, err = run(capsys, "serve", *argv)
    assert code == 2 and "clean-strong serve:" in err


def test_the_upload_page_follows_the_browser_language(client: TestClient) -> None:
    english = client.get("/", headers={"Accept-Language": "en-US,en;q=0.9"})
    assert "Show the result" in english.text and '<html lang="en">' in english.text
    default = client.get("/")
    assert "Xem kết quả" in default.text and '<html lang="vi">' in default.text
    assert 'href="./?lang=en"' in default.text  # the switch, relative: works under a prefix
    assert client.get("/?lang=xx", headers={"Accept-Language": "en"}).status_code == 200


def test_the_pages_admit_only_their_own_inline_style_and_script(client: TestClient) -> None:
    form = client.get("/")
    policy = form.headers["content-security-policy"]
    assert policy.startswith("default-src 'none'; style-src 'sha256-")
    assert "script-src" not in policy and "frame-ancestors 'none'" in policy
    assert "form-action 'self'" in policy
    page = client.post("/", files={"file": ("x.json", NOT_RECOGNISED.read_bytes())})
    policy = page.headers["content-security-policy"]
    meta = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page.text)
    assert meta is not None
    assert policy == meta.group(1).replace("&#39;", "'") + "; frame-ancestors 'none'"
    assert re.search(r"<(script|link|img)[^>]+(src|href)=\"https?:", page.text) is None


def test_the_result_bar_carries_the_cli_bytes(
        client: TestClient, capsys: pytest.CaptureFixture[str]) -> None:
    import base64

    _, out, _ = run(capsys, "evaluate", str(NOT_RECOGNISED), "--format", "json")
    page = client.post("/?lang=en", files={"file": ("na-lay.json", NOT_RECOGNISED.read_bytes())})
    assert page.status_code == 200 and '<html lang="en">' in page.text
    found = re.search(r'id="download-json" href="data:application/json;base64,([^"]+)" '
                      r'download="03151-2019.json"', page.text)
    assert found is not None and base64.b64decode(found.group(1)) == out.encode()
    assert page.text.index('id="service-bar"') < page.text.index('id="verdict"')


def test_upload_names_and_labels_never_reach_the_disk(client: TestClient, tmp_path: Path) -> None:
    victim = tmp_path / "victim.json"
    shown = client.post("/", files={"file": (f"../../{victim}", b"{")})
    assert shown.status_code == 422 and "victim.json" in shown.text and str(tmp_path) not in (
        shown.text)
    assert not victim.exists()
    line = NOT_RECOGNISED.read_bytes().replace(b"\n", b" ") + b"\n"
    answer = client.post("/v1/batch", params={"source": str(victim)}, content=line)
    assert json.loads(answer.content)["source"] == f"{victim}:1"
    assert not victim.exists()
    assert client.post("/v1/evaluate", params={"rules": str(ROOT / "rules" / "dien-bien-2019")},
                       content=line).status_code == 400


def test_a_missing_file_field_is_the_form_with_an_error(client: TestClient) -> None:
    page = client.post("/", data={"other": "x"})
    assert page.status_code == 400
    assert "hãy gửi tệp trong trường “file”" in page.text
    answer = client.post("/?lang=en", content=b"not a form")
    assert answer.status_code == 400 and "“file” field" in answer.text


def _cells(data: bytes) -> dict[str, list[tuple[object, ...]]]:
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True)
    return {sheet.title: [tuple(row) for row in sheet.iter_rows(values_only=True)]
            for sheet in book.worksheets}


def test_the_result_workbook_is_the_one_batch_writes(
        client: TestClient, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    import base64

    line = tmp_path / "one.jsonl"
    line.write_bytes(NOT_RECOGNISED.read_bytes().replace(b"\n", b" ") + b"\n")
    out = tmp_path / "results.xlsx"
    code, _, err = run(capsys, "batch", str(line), "--workers", "1", "-o", str(out))
    assert code == 0, err
    page = client.post("/", files={"file": ("na-lay.json", NOT_RECOGNISED.read_bytes())})
    found = re.search(r'id="download-xlsx" href="data:application/vnd.openxmlformats-'
                      r'officedocument.spreadsheetml.sheet;base64,([^"]+)" '
                      r'download="03151-2019.xlsx"', page.text)
    assert found is not None
    served, written = _cells(base64.b64decode(found.group(1))), _cells(out.read_bytes())
    assert served.keys() == written.keys()
    summary = next(iter(written))
    assert served[summary][2][0] == "na-lay.json"  # the row's source: the file uploaded
    assert written[summary][2][0] == f"{line}:1"
    for title, rows in written.items():
        shown = [tuple(str(v).replace("na-lay.json", f"{line}:1") for v in r)
                 for r in served[title]]
        assert shown == [tuple(str(v) for v in r) for r in rows], title


def test_a_workbook_upload_gives_the_commune_page(client: TestClient, tmp_path: Path) -> None:
    from clean_strong.cli import main

    book = tmp_path / "na-lay.xlsx"
    assert main(["convert", str(NOT_RECOGNISED), "-o", str(book)]) == 0
    page = client.post("/", files={"file": ("na-lay.xlsx", book.read_bytes())})
    assert page.status_code == 200 and "Na Lay" in page.text and 'id="verdict"' in page.text
