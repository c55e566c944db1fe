"""What a legal officer does with rules, without a programmer: start a rule set (`rules new`),
change a threshold, check it (`rules lint`, `rules test`), read and sign it (`rules book`),
and trust it to refuse the years its sources do not reach.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest

from clean_strong import evaluate, load_ruleset
from clean_strong.authoring import book
from clean_strong.authoring.cases import run_cases
from clean_strong.cli import main
from clean_strong.condition import parse
from clean_strong.documents import read_document
from clean_strong.errors import InputError
from clean_strong.evaluation import default_ruleset
from clean_strong.ruleset import read_ruleset
from clean_strong.ruleset.units import UNITS

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "muong-thanh-2019.recognised.json"
MINIMAL = ROOT / "tests" / "fixtures" / "rules" / "good" / "minimal"
pytestmark = pytest.mark.timeout(120)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _set(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert text.count(old) == 1, f"{old!r} in {path}"
    path.write_text(text.replace(old, new), "utf-8")


# -- rules new, one threshold changed, lint, test, a verdict changed ----------------------------


@pytest.mark.slow  # four lints and a test run of the whole copied rule set (~20 s)
def test_a_new_rule_set_with_one_threshold_changed_lints_tests_and_changes_a_verdict(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "lai-chau-2024"
    code, out, _ = run(capsys, "rules", "new", "lai-chau-2024", str(target))
    assert code == 0 and "lai-chau-2024" in out
    manifest = (target / "ruleset.yaml").read_text("utf-8")
    assert "name: lai-chau-2024" in manifest and "version: 0.1.0" in manifest
    assert "VIẾT LẠI" in manifest and "REWRITE" in manifest  # the disclaimer asks for it
    code, out, err = run(capsys, "rules", "lint", str(target))
    assert code == 0, err
    assert "VIẾT LẠI" in err  # lint reminds that the disclaimer is still the copy's

    # The law now asks for three regular council sessions: one value in parameters.yaml.
    _set(target / "parameters.yaml", "      value: 2\n      reference: {document: Luật Tổ "
         "chức chính quyền địa phương 2015, article: Điều 78 khoản 1",
         "      value: 3\n      reference: {document: Luật Tổ chức chính quyền địa phương "
         "2015, article: Điều 78 khoản 1")
    code, _, err = run(capsys, "rules", "lint", str(target), "--lang", "en")
    assert code == 4  # the cases still say two sessions pass: lint runs them and says where
    assert re.search(r"tests/GS-01\.yaml:\d+: case 'exactly 2 regular sessions': expected "
                     r"pass, the rules decide fail", err), err
    assert "base-commune.yaml:1: GS-01 is fail on the unpatched base" in err

    # The officer updates the cases (and the base) for the new threshold.
    cases = target / "tests" / "GS-01.yaml"
    text = cases.read_text("utf-8")
    text = text.replace("name: exactly 2 regular sessions", "name: exactly 3 regular sessions")
    text = text.replace("council_regular_sessions: 2}\n    expect: pass\n    mandatory: true",
                        "council_regular_sessions: 3}\n    expect: pass\n    mandatory: true")
    text = text.replace("HĐND họp 2 kỳ thường lệ; yêu cầu: ít nhất 2",
                        "HĐND họp 3 kỳ thường lệ; yêu cầu: ít nhất 3")
    text = text.replace("Regular council sessions held: 2; required: at least 2",
                        "Regular council sessions held: 3; required: at least 3")
    text = text.replace("name: 1 regular session, one short\n    input:\n      oversight: "
                        "{council_regular_sessions: 1}",
                        "name: 2 regular sessions, one short\n    input:\n      oversight: "
                        "{council_regular_sessions: 2}")
    text = text.replace("HĐND chỉ họp 1 kỳ", "HĐND chỉ họp 2 kỳ").replace(
        "Regular council sessions held: 1", "Regular council sessions held: 2")
    text = text.replace("name: 3 regular sessions\n    input:\n      oversight: "
                        "{council_regular_sessions: 3}",
                        "name: 4 regular sessions\n    input:\n      oversight: "
                        "{council_regular_sessions: 4}")
    text = text.replace("year: 2016\n    at_threshold: true\n    input:\n      oversight: "
                        "{council_regular_sessions: 2}",
                        "year: 2016\n    at_threshold: true\n    input:\n      oversight: "
                        "{council_regular_sessions: 3}")
    cases.write_text(text, "utf-8")
    _set(target / "tests" / "base-commune.yaml", "council_regular_sessions: 2",
         "council_regular_sessions: 3")
    code, out, err = run(capsys, "rules", "lint", str(target))
    assert code == 0, err
    code, out, err = run(capsys, "rules", "test", str(target), "--lang", "en")
    assert code == 0 and "test cases agree" in out, err

    document = read_document(EXAMPLE)  # Mường Thanh held two sessions in 2019
    assert evaluate(document, "dien-bien-2019").verdict == "recognised"
    changed = evaluate(document, load_ruleset(target))
    assert changed.verdict == "not_recognised"
    assert changed.criterion("GS-01").status == "fail"
    assert changed.ruleset.name == "lai-chau-2024"


def test_rules_new_refuses_a_bad_name_an_occupied_directory_and_a_broken_source(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "rules", "new", "Lai Châu", str(tmp_path / "x"))
    assert code == 3 and "tên bộ quy tắc gồm chữ thường" in err
    code, _, err = run(capsys, "rules", "new", "Lai Châu", str(tmp_path / "x"), "--lang", "en")
    assert code == 3 and "lower-case letters" in err
    occupied = tmp_path / "occupied"
    occupied.mkdir()
    (occupied / "notes.txt").write_text("mine", "utf-8")
    code, _, err = run(capsys, "rules", "new", "abc", str(occupied))
    assert code == 7 and err.startswith(f"{occupied}: đã có và không phải thư mục trống")
    assert (occupied / "notes.txt").read_text("utf-8") == "mine"
    broken = tmp_path / "broken"
    shutil.copytree(MINIMAL, broken)
    (broken / "criteria" / "GS-01.yml").write_text("id: GS-01\n", "utf-8")
    code, _, err = run(capsys, "rules", "new", "abc", str(tmp_path / "copy"), "--from",
                       str(broken))
    assert code == 4 and "GS-01.yml" in err and not (tmp_path / "copy").exists()


def test_rules_test_reports_a_failing_case_on_its_line_and_exits_4(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "minimal"
    shutil.copytree(MINIMAL, target)
    assert run(capsys, "rules", "test", str(target))[0] == 0
    _set(target / "tests" / "HT-02.yaml", "party_committee: hoan_thanh}}\n    expect: fail",
         "party_committee: hoan_thanh}}\n    expect: pass")
    code, _, err = run(capsys, "rules", "test", str(target), "--lang", "en")
    assert code == 4
    assert re.search(r"tests/HT-02\.yaml:7: case 'rated hoàn thành, one level below': expected "
                     r"pass, the rules decide fail", err), err
    shutil.rmtree(target / "tests")
    code, _, err = run(capsys, "rules", "test", str(target))
    assert code == 4 and "tests/" in err


def test_the_bundled_cases_all_agree_through_the_library_runner() -> None:
    result = run_cases(default_ruleset())
    assert result.problems == ()
    assert len(result.outcomes) >= 200 and result.passed == len(result.outcomes)


# -- the book ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bundled_book() -> book.Book:
    return book.build(default_ruleset())


def test_every_bundled_criterion_page_shows_its_legal_text_parameter_history_and_cases(
        bundled_book: book.Book) -> None:
    rules = default_ruleset()
    pages = {page.id: page for page in bundled_book.criteria}
    assert set(pages) == {c.id for c in rules.criteria}
    html = book.render_html(bundled_book)
    markdown = book.render_markdown(bundled_book)
    for criterion in rules.criteria:
        page = pages[criterion.id]
        assert page.text is not None and page.text[0] and page.text[1], criterion.id
        assert page.references and all(r.document for r in page.references)
        assert page.cases and all(case.agrees for case in page.cases), criterion.id
        assert page.periods and any(p.vi for p in page.periods), criterion.id
        assert page.parameters or not any(
            n in rules.parameters for e in criterion.conditions for n in
            {name.path for name in _names(e.value)}), criterion.id
        for parameter in page.parameters:
            assert parameter.rows and all(row.value[0] for row in parameter.rows)
        section = html[html.index(f'<section id="{criterion.id}">'):]
        section = section[:section.index("</section>")]
        assert criterion.spec.basis.text is not None
        assert _escaped(criterion.spec.basis.text.vi) in section
        for parameter in page.parameters:
            assert f"<code>{parameter.name}</code>" in section
            for row in parameter.rows:
                if row.reference:
                    assert _escaped(row.reference.document) in section
        for case in page.cases:
            assert _escaped(case.name) in section
        assert f"## {criterion.id}\n" in markdown


def _names(tree: object) -> list[object]:
    from clean_strong.condition import names

    return names(tree)  # type: ignore[arg-type]


def _escaped(text: str) -> str:
    from markupsafe import escape

    return str(escape(" ".join(text.split())))


def test_the_book_writes_the_condition_in_plain_words_in_both_languages(
        bundled_book: book.Book) -> None:
    pages = {page.id: page for page in bundled_book.criteria}
    (period,) = pages["CB-03"].periods
    assert period.years == "2016–2024"
    assert period.vi == ("số cán bộ chuyên trách đạt chuẩn chuyên môn ≥ 100 % số cán bộ chuyên "
                         "trách",)
    assert period.en == ("full-time cán bộ meeting the professional standard ≥ 100% of number "
                         "of full-time cán bộ",)
    pl01 = pages["PL-01"].periods
    assert [p.years for p in pl01] == ["2016", "2017–2020", "2021–2024"]
    assert pl01[0].inactive is not None
    assert pl01[1].vi[-1] == "số cán bộ, công chức bị kỷ luật từ cảnh cáo trở lên = 0"
    assert pl01[2].vi[-1] == "bí thư Đảng ủy hoặc Chủ tịch UBND bị kỷ luật = 0"
    assert "Quyết định 25/2021/QĐ-TTg" in pl01[2].cited


def test_the_book_shows_the_years_the_refusal_and_the_later_instruments(
        bundled_book: book.Book) -> None:
    assert bundled_book.years == "2016–2024"
    assert "từ 01/07/2025" in bundled_book.refusal[0]
    assert "from 2025-07-01" in bundled_book.refusal[1]
    documents = [r.document for r in bundled_book.end_references]
    assert "Nghị quyết 1661/NQ-UBTVQH15" in documents and "Quy định 366-QĐ/TW" in documents
    html = book.render_html(bundled_book)
    assert "từ 01/07/2025" in html and "Quy định 366-QĐ/TW" in html
    pages = {page.id: page for page in bundled_book.criteria}
    assert any(r.document == "Quy định 124-QĐ/TW" and r.cited.startswith("2023-10-04")
               for r in pages["HT-02"].references)
    assert any(r.document == "Quy định 124-QĐ/TW" for r in pages["HT-03"].references)
    assert any(r.document == "Quyết định 318/QĐ-TTg" for r in pages["PL-01"].references)
    assert [p for p in bundled_book.provisional if p[0] == "HC-03"]


def test_the_book_is_self_contained_and_escapes_the_rule_text(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "rules"
    shutil.copytree(MINIMAL, target)
    _set(target / "criteria" / "GS-01.yaml", "title: {vi: HĐND họp đủ kỳ,",
         "title: {vi: \"<script>alert(1)</script>\",")
    html, markdown = tmp_path / "book.html", tmp_path / "book.md"
    code, _, err = run(capsys, "rules", "book", str(target), "--html", str(html),
                       "--markdown", str(markdown))
    assert code == 0, err
    page = html.read_text("utf-8")
    assert "<script" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert re.search(r'http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; '
                     r"style-src &#39;sha256-[A-Za-z0-9+/=]+&#39;", page)
    assert not re.search(r'(src|href)="(https?:)?//', page)
    assert "Sổ quy tắc" in page and "Rule book" in page
    assert markdown.read_text("utf-8").startswith("# Sổ quy tắc / Rule book")
    assert run(capsys, "rules", "book", str(target))[0] == 2  # no output named
    code, _, err = run(capsys, "rules", "book", str(target), "--html", str(tmp_path))
    assert code == 7 and "đây là một thư mục" in err


def test_the_book_is_deterministic(bundled_book: book.Book) -> None:
    again = book.build(default_ruleset())
    assert book.render_html(again) == book.render_html(bundled_book)
    assert book.render_markdown(again) == book.render_markdown(bundled_book)


# -- years honest about the sources --------------------------------------------------------------


def _commune(year: int) -> dict[str, object]:
    data: dict[str, object] = json.loads(EXAMPLE.read_text("utf-8"))
    data["assessment_year"] = year
    return data


def test_the_bundled_rule_set_ends_where_its_sources_end() -> None:
    years = default_ruleset().manifest.years
    assert (years.from_, years.to) == (2016, 2024)
    assert years.end is not None and years.end.from_ == dt.date(2025, 7, 1)
    assert default_ruleset().manifest.day_of(years.to) < years.end.from_


@pytest.mark.parametrize("year", [2025, 2026, 2030])
def test_an_assessment_past_the_covered_years_is_refused_naming_the_change_of_law(
        year: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(InputError) as refused:
        evaluate(_commune(year))
    assert refused.value.path == "assessment_year" and refused.value.exit_code == 3
    assert "từ 01/07/2025" in refused.value.message
    assert "Nghị quyết 1661/NQ-UBTVQH15" in refused.value.message
    source = tmp_path / "late.json"
    source.write_text(json.dumps(_commune(year), ensure_ascii=False), "utf-8")
    code, out, err = run(capsys, "evaluate", str(source))
    assert code == 3 and out == ""
    assert err.startswith(f"{source}: assessment_year: {year} nằm ngoài") and "từ 01/07/2025" in err
    code, _, err = run(capsys, "evaluate", str(source), "--lang", "en")
    assert code == 3 and "is outside the years this rule set covers" in err
    assert "from 2025-07-01, the district level is abolished" in err


def test_a_year_before_the_covered_ones_is_refused_in_both_languages() -> None:
    with pytest.raises(InputError) as refused:
        evaluate(_commune(2015))
    assert refused.value.message.startswith("2015 nằm ngoài các năm bộ quy tắc")
    assert refused.value.text("en").endswith(
        "2015 is outside the years this rule set covers (2016–2024, dien-bien-2019)")


def test_rules_show_names_the_years_the_refusal_and_the_later_instruments(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "rules", "show", "HT-02")
    assert code == 0
    assert "các năm đánh giá 2016–2024" in out and "từ 01/07/2025" in out
    assert "Quy định 366-QĐ/TW" in out and "Nghị quyết 1661/NQ-UBTVQH15" in out
    assert "Quy định 124-QĐ/TW" in out and "được dẫn 04/10/2023 – …" in out
    code, out, _ = run(capsys, "rules", "show", "HT-02", "--lang", "en")
    assert "assessment years 2016–2024" in out and "cited 2023-10-04 – …" in out
    assert "from 2025-07-01" in out


def test_results_cite_the_instruments_in_force_on_their_day() -> None:
    def documents(year: int, criterion: str) -> list[str]:
        result = evaluate(_commune(year))
        found = result.criterion(criterion)
        return [r["document"] for r in found.legal_basis.references] + [
            p.reference["document"] for p in found.parameters.values() if p.reference]

    assert "Quy định 132-QĐ/TW" in documents(2019, "HT-02")
    assert "Quy định 124-QĐ/TW" not in documents(2019, "HT-02")
    later = documents(2023, "HT-02")
    assert "Quy định 124-QĐ/TW" in later and not any("132-QĐ/TW" in d for d in later)
    assert "Quyết định 318/QĐ-TTg" in documents(2022, "CB-02")
    assert "Quyết định 318/QĐ-TTg" not in documents(2021, "CB-02")
    assert "Quyết định 619/QĐ-TTg" not in documents(2022, "PL-01")
    assert "Quyết định 1980/QĐ-TTg" in documents(2019, "XH-01")


# -- named expressions, dated parts, defaults, units ---------------------------------------------


def test_named_and_dated_parts_resolve_to_the_trees_a_rule_file_would_spell_out() -> None:
    rules = read_ruleset("dien-bien-2019")
    cb01 = rules.criterion("CB-01").conditions
    assert [c.value for c in cb01] == [parse(
        "headcount <= headcount_cap[unit_type][classification] "
        "- police_cap_reduction[police_chief_regular]")]
    scores = ("access_to_law_total >= access_to_law_min_total" + "".join(
        f" and access_to_law.criterion_{i} >= access_to_law_min_share_each * "
        f"access_to_law_max_{i}" for i in range(1, 6)))
    pl01 = rules.criterion("PL-01").conditions
    assert [(c.from_, c.value) for c in pl01] == [
        (dt.date(2017, 5, 8), parse(scores + " and officials_disciplined == 0")),
        (dt.date(2021, 7, 22), parse(scores + " and leaders_disciplined == 0")),
    ]
    assert [c.reference.document for c in pl01 if c.reference] == [
        "Quyết định 619/QĐ-TTg", "Quyết định 25/2021/QĐ-TTg"]


def test_a_dated_part_changes_the_condition_on_its_day_and_nothing_else(
        tmp_path: Path) -> None:
    target = tmp_path / "rules"
    shutil.copytree(MINIMAL, target)
    _set(target / "criteria" / "GS-01.yaml",
         "condition: oversight.council_regular_sessions >= council_min_sessions",
         "expressions:\n  held: oversight.council_regular_sessions\n  enough:\n"
         "    - {from: 2009-01-01, value: held >= council_min_sessions}\n"
         "    - {from: 2019-07-01, value: held >= council_min_sessions + 1, reference: "
         "{document: Luật X, confidence: U}}\n"
         "condition: enough and one_stop.operating")
    rules = read_ruleset(target)
    conditions = rules.criterion("GS-01").conditions
    assert [c.from_ for c in conditions] == [dt.date(2009, 1, 1), dt.date(2019, 7, 1)]
    assert conditions[1].value == parse("oversight.council_regular_sessions >= "
                                        "council_min_sessions + 1 and one_stop.operating")
    assert conditions[1].reference is not None and conditions[1].reference.document == "Luật X"
    two = {"oversight": {"council_regular_sessions": 2}}
    base = (target / "tests" / "base-commune.yaml")
    from ruamel.yaml import YAML

    document = YAML(typ="safe").load(base.read_text("utf-8"))
    document.update(two)
    assert evaluate({**document, "assessment_year": 2018}, load_ruleset(target)).criterion(
        "GS-01").status == "pass"
    later = evaluate({**document, "assessment_year": 2019}, load_ruleset(target))
    assert later.criterion("GS-01").status == "fail"
    assert later.criterion("GS-01").legal_basis.provisional  # the U reference of the part


def test_an_explanation_cannot_read_a_dated_part(tmp_path: Path) -> None:
    target = tmp_path / "rules"
    shutil.copytree(MINIMAL, target)
    _set(target / "criteria" / "GS-01.yaml",
         "condition: oversight.council_regular_sessions >= council_min_sessions",
         "expressions:\n  enough:\n    - {from: 2009-01-01, value: "
         "oversight.council_regular_sessions >= council_min_sessions}\ncondition: enough")
    _set(target / "criteria" / "GS-01.yaml", '"Họp {oversight', '"{enough} {oversight')
    from clean_strong.ruleset import problems

    assert any("'enough' is a dated part" in p.message_en for p in problems(target))


def test_criteria_take_the_manifest_default_unknown_explanation() -> None:
    rules = default_ruleset()
    folder = rules.directory / "criteria"
    default = rules.manifest.defaults.explanation["commune"].unknown
    repeating = [p.name for p in folder.glob("*.yaml") if default.vi in p.read_text("utf-8")]
    assert repeating == []
    without = [c.id for c in rules.criteria if c.spec.explanation.unknown is None]
    assert len(without) >= 19 + 6
    result = evaluate({**_commune(2019), "oversight": {"council_regular_sessions": None,
                                                       "front_supervisions": 3}})
    assert result.criterion("GS-01").explanation.vi == (
        "Chưa xác định được, thiếu: số kỳ họp thường lệ của HĐND.")


def test_every_bundled_parameter_has_a_checked_unit() -> None:
    rules = default_ruleset()
    for name, parameter in rules.parameters.items():
        spec = parameter.spec
        if spec.type in ("number", "integer"):
            assert spec.unit in UNITS, name
        else:
            assert spec.unit is None or spec.unit in UNITS, name


def test_rules_compile_refuses_an_uncovered_year(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "rules", "compile", "GS-01", "--year", "2025")
    assert code == 3 and out == ""
    assert err.startswith("rules compile: --year: 2025 nằm ngoài") and "từ 01/07/2025" in err
    assert run(capsys, "rules", "compile", "GS-01", "--year", "2024")[0] == 0
