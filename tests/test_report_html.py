"""The HTML report without a browser: escaping, no network resources, files only under DIR,
every input kind, counterfactuals when present, and the same bytes for the same input."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markupsafe import escape

from clean_strong import evaluate, load_ruleset
from clean_strong.cli import main
from clean_strong.dien_bien_2019.reproduce import reproduce
from clean_strong.documents import read_document
from clean_strong.errors import OutputError
from clean_strong.render.html import page_name, render_unit_page
from clean_strong.render.report_data import UnitContext
from clean_strong.reports import build, load_report, write_pages, write_report
from clean_strong.result import Bilingual, Change, Counterfactual, Result
from clean_strong.words.format import percent

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
NA_LAY = EXAMPLES / "na-lay-2019.not-recognised.json"
SONG_DA = EXAMPLES / "song-da-2019.undetermined.json"
MUONG_THANH = EXAMPLES / "muong-thanh-2019.recognised.json"
REPORT = EXAMPLES / "dien-bien-2019-report.as-printed.json"
SCRIPT_NAME = "<script>alert(1)</script>"
ATTRIBUTE_BREAKER = '"><img src=x onerror="window.pwned=1">'

pytestmark = pytest.mark.timeout(300)


# -- a small HTML reader -------------------------------------------------------------------------

URL_ATTRIBUTES = {"src", "href", "srcset", "poster", "data", "action", "formaction", "background",
                  "xlink:href", "manifest", "ping", "codebase", "archive", "longdesc", "icon"}
LINK_TAGS = {"a", "area"}  # a link the reader may follow is not a resource the page loads
REMOTE = re.compile(r"^\s*(?:https?:)?//", re.IGNORECASE)
CSS_REMOTE = re.compile(r"@import|url\(\s*['\"]?\s*(?:https?:)?//", re.IGNORECASE)


class Page(HTMLParser):
    """Tags, attributes, text and the inline script and style of one page."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self._open: str | None = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        if tag in ("script", "style"):
            self._open = tag
            (self.scripts if tag == "script" else self.styles).append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == self._open:
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open == "script":
            self.scripts[-1] += data
        elif self._open == "style":
            self.styles[-1] += data
        else:
            self.text.append(data)

    def all(self, tag: str) -> list[dict[str, str]]:
        return [attrs for name, attrs in self.tags if name == tag]


def network_resources(html: str) -> list[str]:
    """What the page would fetch from the network: remote src/href/... on anything but a link,
    CSS imports or remote url(), a meta refresh elsewhere. Links (<a href>) are not loads."""
    page = Page(html)
    found: list[str] = []
    for tag, attrs in page.tags:
        for name, value in attrs.items():
            if name in URL_ATTRIBUTES and tag not in LINK_TAGS and REMOTE.search(value):
                found.append(f"<{tag} {name}={value}>")
            if name == "style" and CSS_REMOTE.search(value):
                found.append(f"<{tag} style={value}>")
        if tag == "meta" and attrs.get("http-equiv", "").lower() == "refresh":
            found.append(f"<meta refresh {attrs.get('content')}>")
    found += [f"<style> {m.group(0)}" for css in page.styles for m in CSS_REMOTE.finditer(css)]
    return found


def test_the_network_scan_tells_loaded_resources_from_links() -> None:
    assert network_resources('<a href="https://thuvienphapluat.vn/x">law</a>') == []
    assert network_resources('<svg xmlns="http://www.w3.org/2000/svg"></svg>') == []
    assert network_resources('<link rel="icon" href="data:,">') == []
    for bad in ('<script src="https://cdn.example/x.js"></script>',
                '<link rel="stylesheet" href="//fonts.example/css">',
                '<img src="http://example.org/a.png">',
                "<style>@import 'x.css';</style>",
                "<style>body{background:url(https://example.org/a.png)}</style>",
                '<div style="background:url(http://example.org/a.png)"></div>'):
        assert network_resources(bad), bad


# -- fixtures ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dataset_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report") / "site"
    assert main(["report", "dien-bien-2019", "--html", str(out)]) == 0
    return out


def _named(path: Path, **changes: str) -> dict[str, object]:
    data: dict[str, object] = json.loads(path.read_text("utf-8"))
    data.update(changes)
    return data


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two communes, one named like a script and in a district that breaks attributes."""
    tmp = tmp_path_factory.mktemp("hostile")
    lines = [_named(NA_LAY, name=SCRIPT_NAME, district=ATTRIBUTE_BREAKER), _named(MUONG_THANH)]
    source = tmp / "set.jsonl"
    source.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), "utf-8")
    out = tmp / "site"
    assert main(["report", str(source), "--html", str(out)]) == 0
    return out


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


# -- escaping ------------------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["index.html", "communes/03151.html"])
def test_a_commune_named_like_a_script_renders_as_text(hostile_site: Path, page: str) -> None:
    html = (hostile_site / page).read_text("utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert SCRIPT_NAME not in html
    assert "<img" not in html
    parsed = Page(html)
    assert len(parsed.all("script")) == 1  # the report's own, nothing injected
    assert parsed.all("img") == []
    assert not [name for _, attrs in parsed.tags for name in attrs if name.startswith("on")]
    text = "".join(parsed.text)
    assert SCRIPT_NAME in text and ATTRIBUTE_BREAKER in text  # shown to the reader, literally


def test_a_hostile_district_stays_inside_its_attributes(hostile_site: Path) -> None:
    parsed = Page((hostile_site / "index.html").read_text("utf-8"))
    rows = [a for a in parsed.all("tr") if a.get("data-code") == "03151"]
    assert [r["data-district"] for r in rows] == [ATTRIBUTE_BREAKER]
    options = [a["value"] for a in parsed.all("option")]
    assert ATTRIBUTE_BREAKER in options


# -- self-contained ------------------------------------------------------------------------------


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


@pytest.mark.slow
def test_no_page_loads_anything_from_the_network(dataset_site: Path, hostile_site: Path,
                                                 tmp_path: Path) -> None:
    write_report(REPORT, tmp_path / "province")
    pages = [*_pages(dataset_site), *_pages(hostile_site), *_pages(tmp_path / "province")]
    assert len(pages) == 131 + 3 + 1
    for page in pages:
        assert network_resources(page.read_text("utf-8")) == [], page


def test_every_page_declares_utf8_and_a_policy_admitting_only_its_own_script_and_style(
        dataset_site: Path) -> None:
    for page in [dataset_site / "index.html", dataset_site / "communes" / "03151.html"]:
        html = page.read_text("utf-8")
        assert html.startswith("<!DOCTYPE html>")
        parsed = Page(html)
        assert [m["charset"] for m in parsed.all("meta") if "charset" in m] == ["utf-8"]
        (csp,) = [m["content"] for m in parsed.all("meta")
                  if m.get("http-equiv") == "Content-Security-Policy"]
        assert "default-src 'none'" in csp
        (script,) = parsed.scripts
        (style,) = parsed.styles
        assert f"script-src {_csp_hash(script)};" in csp
        assert f"style-src {_csp_hash(style)};" in csp
        assert not any("style" in attrs for _, attrs in parsed.tags)  # the policy would drop it


def test_legal_basis_links_only_to_http_addresses() -> None:
    result = evaluate(NA_LAY.read_text("utf-8"))
    first = result.criteria[0]
    references = [dict(first.legal_basis.references[0], url="https://example.org/law?a=1&b=2"),
                  dict(first.legal_basis.references[0], url="javascript:alert(1)")]
    basis = first.legal_basis.model_copy(update={"references": references})
    criteria = [first.model_copy(update={"legal_basis": basis}), *result.criteria[1:]]
    html = render_unit_page(result.model_copy(update={"criteria": criteria}))
    links = [a["href"] for a in Page(html).all("a") if a.get("class") == "ext"]
    assert links == ["https://example.org/law?a=1&b=2"]
    assert 'rel="noopener noreferrer external"' in html
    assert "javascript:" not in html.split("<script>")[0]
    assert network_resources(html) == []


# -- content -------------------------------------------------------------------------------------


def test_the_province_page_shows_the_engines_rate_and_a_row_per_commune(
        dataset_site: Path) -> None:
    summary = reproduce("dien-bien-2019")
    html = (dataset_site / "index.html").read_text("utf-8")
    rate = re.search(r'id="rate"><span lang="vi">([^<]*)</span><span lang="en">([^<]*)<', html)
    assert rate is not None
    assert rate.groups() == (percent(100 * summary.rate, "vi"), percent(100 * summary.rate, "en"))
    parsed = Page(html)
    rows = [a for a in parsed.all("tr") if "data-code" in a]
    assert [r["data-code"] for r in rows] == [u.code for u in summary.unit_results]
    assert [r["data-verdict"] for r in rows] == [u.verdict for u in summary.unit_results]
    links = [a["href"] for a in parsed.all("a") if a.get("href", "").startswith("communes/")]
    assert len(links) == 130
    assert all((dataset_site / link).is_file() for link in links)
    for section in ("chart-district", "chart-type", "most-failed", "provisional", "checks",
                    "aggregates"):
        assert f'id="{section}"' in html
    assert html.count('<figure class="chart"') == 2
    # a bar per group, drawn in its table row beside the label and count written as text
    assert html.count("<svg") == len(summary.by_district) + len(summary.by_unit_type)
    assert "Bộ quy tắc này là bản tái dựng" in html and "reconstruction from national law" in html


def _context(path: Path) -> tuple[Result, UnitContext]:
    """A result and its page's words, as ``report`` builds them."""
    document = read_document(path)
    rules = load_ruleset("dien-bien-2019")
    result = evaluate(document, rules)
    return result, build.context(document, rules, result)


def test_a_commune_page_carries_verdict_evidence_basis_and_trace() -> None:
    result, context = _context(NA_LAY)
    html = render_unit_page(result, context=context)
    assert f'class="banner v-{result.verdict}"' in html
    assert "Không đạt" in html and "Not recognised" in html
    for criterion in result.criteria:
        assert f'id="c-{criterion.id}"' in html
    cb03 = result.criterion("CB-03")
    assert cb03.status == "fail"
    # inputs, derivations, parameters and conditions by their words, never by path or code
    assert ('<span lang="vi">số cán bộ chuyên trách đạt chuẩn chuyên môn</span>'
            '<span lang="en">full-time cán bộ meeting the professional standard</span>') in html
    assert "đếm các hồ sơ cán bộ trong đó vai trò = cán bộ chuyên trách và trình độ chuyên " \
           "môn ≥ trung cấp" in html
    assert "can_bo_meeting_standard" not in html and "professional_min_level" not in html
    derivation = cb03.inputs["can_bo_meeting_standard"].derivation
    assert derivation is not None and str(escape(derivation.definition)) not in html
    assert "trình độ chuyên môn tối thiểu" in html  # read only by the count's filter
    assert all(f"<code>{step.rule}</code>" in html for step in result.trace)
    assert result.provenance.input_hash in html
    for criterion_id in result.provisional:
        assert f'<a href="#c-{criterion_id}">{criterion_id}</a>' in html
    assert "Nghị định 34/2019/NĐ-CP" in html  # legal basis
    assert "số lượng cán bộ, công chức cấp xã tối đa (phường, loại II)" in html  # parameters
    assert "headcount_cap" not in html
    # provisional said by what it rests on, not by a U tag beside an S basis
    assert ("căn cứ S; tạm thời vì dựa trên tính bắt buộc theo Nghị định 34/2019/NĐ-CP (mức "
            "độ chắc chắn U) có hiệu lực ngày 31/12/2019") in html


def test_a_page_without_its_words_falls_back_on_the_result() -> None:
    """A bare result (a library call) still renders: names it cannot word stay as given."""
    result = evaluate(NA_LAY.read_text("utf-8"))
    html = render_unit_page(result)
    assert "can_bo_meeting_standard" in html
    assert str(escape(result.criterion("CB-03").legal_basis.condition)) in html


def test_both_languages_are_in_the_page_and_vietnamese_shows_first(dataset_site: Path) -> None:
    html = (dataset_site / "communes" / "03151.html").read_text("utf-8")
    assert html.startswith('<!DOCTYPE html>\n<html lang="vi">')
    assert '<span lang="vi">Kết quả đánh giá</span><span lang="en">Verdict</span>' in html
    assert 'html[lang="vi"] [lang="en"]' in html and 'id="lang-switch"' in html


@pytest.mark.slow
def test_counterfactuals_and_recognition_render_when_present() -> None:
    result = evaluate(NA_LAY.read_text("utf-8"))
    change = Change(path="officials[3].professional_level", before="so_cap", after="trung_cap")
    fix = Counterfactual(target="CB-03", summary=Bilingual(vi="Nâng trình độ 3 cán bộ",
                                                          en="Train 3 cán bộ"),
                         changes=[change], verified=True)
    whole = fix.model_copy(update={"target": "verdict", "missing": ["social.gender_equality_met"],
                                   "verified": False})
    criteria = [c.model_copy(update={"counterfactuals": [fix]}) if c.id == "CB-03" else c
                for c in result.criteria]
    _, context = _context(NA_LAY)
    html = render_unit_page(result.model_copy(update={"criteria": criteria,
                                                      "recognition": whole}), context=context)
    assert html.count('class="counterfactual"') == 2
    assert 'id="recognition"' in html
    # the record by its number from 1, its id and post; the field by its label
    assert ("hồ sơ thứ 4 (cb-04, Phó Chủ tịch HĐND), trình độ chuyên môn" in html
            and "Train 3 cán bộ" in html)
    assert "officials[3]" not in html
    assert "đạt chỉ tiêu 18.6 (bình đẳng giới)" in html and "social.gender" not in html
    assert "đã kiểm chứng qua bộ xử lý quy tắc" in html and "chưa kiểm chứng" in html
    assert "bộ máy" not in html


def test_the_report_fills_counterfactuals_from_the_auditor_tools_unless_told_not_to(
        monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []

    def counterfactuals(document: object, ruleset: object, *, source: str,
                        result: Result) -> Result:
        calls.append(type(document).__name__)
        return result.model_copy(update={"recognition": Counterfactual(
            target="verdict", summary=Bilingual(vi="x", en="x"), changes=[], verified=True)})

    monkeypatch.setattr(build, "find_counterfactuals", counterfactuals)
    found = load_report(NA_LAY)
    assert calls == ["Commune"]
    assert not isinstance(found, Result)
    assert found.results[0].recognition is not None
    skipped = load_report(NA_LAY, counterfactuals=False)
    assert not isinstance(skipped, Result) and skipped.results[0].recognition is None
    assert calls == ["Commune"]


# -- inputs and outputs --------------------------------------------------------------------------


def test_a_province_report_file_is_one_page(tmp_path: Path) -> None:
    assert main(["report", str(REPORT), "--html", str(tmp_path / "out")]) == 0
    assert _pages(tmp_path / "out") == [tmp_path / "out" / "index.html"]
    html = (tmp_path / "out" / "index.html").read_text("utf-8")
    assert "Số liệu không nhất quán" in html and 'id="c-RP-02"' in html


def test_a_directory_of_json_files_is_a_set(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for path in (NA_LAY, SONG_DA, MUONG_THANH):
        (folder / path.name).write_bytes(path.read_bytes())
    out = tmp_path / "out"
    assert main(["report", str(folder), "--html", str(out), "--lang", "en"]) == 0
    assert sorted(p.name for p in (out / "communes").iterdir()) == [
        "03136.html", "03148.html", "03151.html"]
    assert (out / "index.html").read_text("utf-8").startswith('<!DOCTYPE html>\n<html lang="en">')


@pytest.mark.parametrize("problem", ["missing", "province report in a set", "bad document",
                                     "output is a file"])
def test_bad_inputs_exit_3_naming_the_source(tmp_path: Path, problem: str,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    source = tmp_path / "set.jsonl"
    lines = {"province report in a set": [NA_LAY, REPORT], "bad document": [NA_LAY]}
    if problem in lines:
        source.write_text("".join(p.read_text("utf-8").replace("\n", " ") + "\n"
                                  for p in lines[problem]), "utf-8")
    if problem == "bad document":
        source.write_text(source.read_text("utf-8") + '{"kind": "commune"}\n', "utf-8")
    if problem == "output is a file":
        source, out = NA_LAY, tmp_path / "file"
        out.write_text("x", "utf-8")
    code = 7 if problem == "output is a file" else 3  # an output not written: exit 7
    assert main(["report", str(source), "--html", str(out)]) == code
    error = capsys.readouterr().err
    assert error.startswith(str(out) if problem == "output is a file" else str(source))
    assert "Traceback" not in error


def test_pages_are_never_written_outside_the_directory(tmp_path: Path) -> None:
    out = tmp_path / "out"
    for leaving in ("../evil.html", "/tmp/evil.html", "communes/../../evil.html"):
        with pytest.raises(OutputError, match="outside the output directory"):
            write_pages({leaving: "x"}, out, "en")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (out / "communes").symlink_to(outside)
    with pytest.raises(OutputError, match="outside the output directory"):
        write_pages({"communes/03151.html": "x"}, out, "en")
    assert list(outside.iterdir()) == [] and not (tmp_path / "evil.html").exists()


def test_file_names_from_unit_codes_are_sanitised_and_unique() -> None:
    taken: set[str] = set()
    assert page_name("03151", taken) == "03151.html"
    assert page_name("03151", taken) == "03151-2.html"
    assert page_name("../../etc/passwd", taken) == "etc-passwd.html"
    assert page_name(None, taken) == "unit.html"
    assert page_name("..", taken) == "unit-2.html"


@pytest.mark.slow
def test_the_same_input_gives_the_same_bytes(tmp_path: Path, dataset_site: Path) -> None:
    again = tmp_path / "again"
    write_report("dien-bien-2019", again)
    for page in _pages(dataset_site):
        assert (again / page.relative_to(dataset_site)).read_bytes() == page.read_bytes()
