"""Every output a person reads, whole, in the language asked for (issue 15's acceptance test).

Each output is rendered through the command line, as a user runs it, in Vietnamese (the
default) and in English, and read by ``tests/language.py``: in Vietnamese no word of the
English lexicon (``tests/lexicon/english.txt``, over 300 words), in English no Vietnamese word
but the legal terms the English keeps (``docs/glossary.md``), and in neither a code shown
instead of words. Only proper names (units, districts, the province, officials' ids, the
article's quoted words) and document titles are taken out; nothing a rule file, the
counterfactual search or the report rules wrote is spared (``test_language_renderers`` checks
the renderers' own words apart, with those texts taken out).

Covered: ``evaluate`` (with ``--counterfactuals``), ``explain``, ``verify``, ``diff``, ``rules
list``, ``rules show`` of every criterion, ``rules lint`` and ``rules test``, ``reproduce`` (text
and SVG), the summaries of ``batch`` and ``report``, every error of the fault corpus, the
``--help`` of every verb and a usage error, every problem of the broken rule sets, and every
HTML page of the data set's report (all 131, under ``slow``).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterable
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from audit_cases import NA_LAY, REPORT, SONG_DA
from clean_strong import load_ruleset
from clean_strong.datasets import load_dataset
from clean_strong.documents import read_document
from clean_strong.ruleset import RuleSet
from clean_strong.words import catalogue
from cli_run import run
from language import html_text, wrong_words
from test_language_renderers import names, titles
from test_rules_lint import CASES as BAD_RULE_SETS
from test_rules_lint import _assemble as assemble_rule_set

pytestmark = pytest.mark.timeout(900)
ROOT = Path(__file__).resolve().parent.parent
BAD = ROOT / "tests" / "fixtures" / "bad"
FAULTS: dict[str, dict[str, object]] = YAML(typ="safe").load(
    (BAD / "manifest.yaml").read_text("utf-8"))
MUONG_THANH = NA_LAY.parent / "muong-thanh-2019.recognised.json"
EXAMPLES = (NA_LAY, SONG_DA, MUONG_THANH, REPORT)
LANGS = ("vi", "en")
ARTICLE = "gần 50 %"
# where the CLI names the input: "FILE: field.path: problem" (the path is the JSON's, by design)
ERROR_LINE = re.compile(r"^(?P<source>[^\n]*?): (?P<path>\S+|\(tài liệu\)|\(document\)): ",
                        re.M)
# where the CLI names a rule file: "FILE:LINE: problem" or "FILE:LINE:COLUMN: problem"
RULE_LINE = re.compile(r"^[^\n]*?:\d+(?::\d+)?: ", re.M)
VERBS = (("evaluate",), ("explain",), ("verify",), ("diff",), ("schema",), ("reproduce",),
         ("report",), ("batch",), ("template",), ("convert",), ("synth",), ("serve",),
         ("rules",), ("rules", "list"), ("rules", "show"), ("rules", "lint"), ("rules", "test"),
         ("rules", "new"), ("rules", "book"), ("rules", "compile"))


@pytest.fixture(scope="module")
def rules() -> RuleSet:
    return load_ruleset("dien-bien-2019")


@pytest.fixture(scope="module")
def places() -> set[str]:
    return names(load_dataset("dien-bien-2019")) | {ARTICLE}


def check(text: str, lang: str, given: Iterable[str], rules: RuleSet) -> None:
    wrong = wrong_words(text, lang, given, titles(rules))
    assert not wrong, f"{len(wrong)} words in the wrong language, e.g. {wrong[:8]}"


QUOTED = re.compile(r"'[^'\n]*'|“[^”\n]*”")
OPTION = re.compile(r"(?<![\w-])--?[\w-]+|\{[^}]*\}|\bFILE\.\w+|\b[A-Z_]+=\w+")
VERB_NAMES = {name for verb in VERBS for name in verb}


def problems(err: str) -> str:
    """Standard error without the ``FILE: field.path:`` heads of its error lines and without
    the values quoted in them (a value as the user typed it, a code the input must use)."""
    return QUOTED.sub(" ", ERROR_LINE.sub("", err))


def rule_problems(err: str) -> str:
    """Standard error without the ``FILE:LINE[:COLUMN]:`` heads of its problems and without
    the text quoted in them (a key, a name or a condition as the rule file has it)."""
    return QUOTED.sub(" ", RULE_LINE.sub("", err))


def words_of_help(text: str) -> str:
    """A help or usage text without the command's own spelling: its verbs, options, choices
    and metavariables (``ĐẦU_VÀO``, ``NAME|DIR``)."""
    text = QUOTED.sub(" ", OPTION.sub(" ", text))
    kept = [w for w in re.split(r"(\s+)", text)
            if not (w.strip("[](),.:") in VERB_NAMES or (w.upper() == w and w.lower() != w))]
    return "".join(kept)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_evaluate_and_explain_read_whole_in_one_language(
        capsys: pytest.CaptureFixture[str], rules: RuleSet, places: set[str], path: Path,
        lang: str) -> None:
    given = places | names([read_document(path)])
    for argv in (("evaluate", str(path), "--counterfactuals"), ("explain", str(path))):
        code, out, err = run(capsys, *argv, "--lang", lang)
        assert code == 0 and err == ""
        check(out, lang, given, rules)


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_verify_diff_and_the_rules_verbs_read_whole_in_one_language(
        capsys: pytest.CaptureFixture[str], rules: RuleSet, places: set[str], tmp_path: Path,
        lang: str) -> None:
    _, stored, _ = run(capsys, "evaluate", str(NA_LAY), "--format", "json")
    result = tmp_path / "result.json"
    result.write_text(stored.replace('"status":"fail"', '"status":"pass"', 1), "utf-8")
    outputs = [run(capsys, "verify", str(result), str(NA_LAY), "--lang", lang),
               run(capsys, "diff", "dien-bien-2019", "--year", "2019", "--against-year", "2024",
                   "--lang", lang),
               run(capsys, "rules", "list", "--lang", lang),
               run(capsys, "rules", "lint", "--lang", lang),
               run(capsys, "rules", "test", "--lang", lang)]
    outputs += [run(capsys, "rules", "show", c.id.lower(), "--lang", lang) for c in rules.criteria]
    assert [code for code, _, _ in outputs] == [6] + [0] * (len(outputs) - 1)
    for _, out, err in outputs:
        check(out + problems(err), lang, places, rules)


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_reproduce_reads_whole_in_one_language(
        capsys: pytest.CaptureFixture[str], rules: RuleSet, places: set[str], tmp_path: Path,
        lang: str) -> None:
    chart = tmp_path / "chart.svg"
    code, out, err = run(capsys, "reproduce", "dien-bien-2019", "--chart", str(chart),
                         "--lang", lang)
    assert code == 0 and err == ""
    check(out, lang, places, rules)
    check(re.sub(r"<[^>]+>", " ", chart.read_text("utf-8")), lang, places, rules)


@pytest.mark.parametrize("lang", LANGS)
def test_the_batch_and_report_summaries_read_in_one_language(
        capsys: pytest.CaptureFixture[str], rules: RuleSet, places: set[str], tmp_path: Path,
        lang: str) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for example in (NA_LAY, SONG_DA, MUONG_THANH):
        shutil.copyfile(example, folder / example.name)
    shutil.copyfile(BAD / "malformed-json.json", folder / "z-bad.json")
    code, out, err = run(capsys, "batch", str(folder), "-o", str(tmp_path / "out.jsonl"),
                         "--workers", "1", "--lang", lang)
    assert code == 5 and out == "" and err
    check(err, lang, places, rules)
    code, out, err = run(capsys, "batch", str(folder), "-o", str(tmp_path / "out.xlsx"),
                         "--workers", "1", "--lang", lang)
    assert code == 5 and err
    check(err, lang, places, rules)
    code, out, err = run(capsys, "report", str(MUONG_THANH), "--html", str(tmp_path / "site"),
                         "--lang", lang)
    assert code == 0 and out and err == ""
    check(out, lang, places, rules)


@pytest.mark.parametrize("lang", LANGS)
def test_every_error_of_the_fault_corpus_reads_in_one_language(
        capsys: pytest.CaptureFixture[str], rules: RuleSet, places: set[str], lang: str) -> None:
    assert len(FAULTS) >= 70
    read = 0
    for name in sorted(FAULTS):
        code, out, err = run(capsys, "evaluate", str(BAD / f"{name}.json"), "--lang", lang)
        assert code == 3 and out == "", name
        assert ERROR_LINE.match(err), err
        wrong = wrong_words(problems(err), lang, places, titles(rules))
        assert not wrong, f"{name}: {wrong[:4]}"
        read += 1
    assert read == len(FAULTS)


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_every_problem_of_the_bad_rule_sets_reads_in_one_language(
        capsys: pytest.CaptureFixture[str], rules: RuleSet, places: set[str], tmp_path: Path,
        lang: str) -> None:
    """``rules lint`` of each broken rule set of tests/fixtures/rules/bad/ (44 kinds of fault:
    YAML, files, schema, conditions, parameters, dates, test cases), and the same rules given
    to ``evaluate --rules`` and ``rules test``."""
    assert len(BAD_RULE_SETS) >= 40
    wrong: dict[str, list[str]] = {}
    for case in BAD_RULE_SETS:
        folder = assemble_rule_set(case, tmp_path)
        outputs = [run(capsys, "rules", "lint", str(folder), "--lang", lang),
                   run(capsys, "evaluate", str(NA_LAY), "--rules", str(folder), "--lang", lang)]
        if (folder / "tests").is_dir():
            outputs.append(run(capsys, "rules", "test", str(folder), "--lang", lang))
        assert outputs[0][0] == 4 and RULE_LINE.search(outputs[0][2]), case
        for code, out, err in outputs:
            assert code in (0, 3, 4) and "Traceback" not in err, case
            found = wrong_words(out + rule_problems(err), lang, places, titles(rules))
            if found:
                wrong[case] = found
    assert not wrong, f"{len(wrong)} rule sets, e.g. {list(wrong.items())[:3]}"


@pytest.mark.parametrize("lang", LANGS)
def test_the_rule_authoring_verbs_refuse_in_one_language(
        capsys: pytest.CaptureFixture[str], rules: RuleSet, tmp_path: Path, lang: str) -> None:
    """``rules new`` into a folder that holds files and ``rules book`` onto a folder: output
    errors (exit 7) in the language asked for."""
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "kept.txt").write_text("x", "utf-8")
    outputs = [run(capsys, "rules", "new", "lai-chau", str(tmp_path / "full"), "--lang", lang),
               run(capsys, "rules", "book", "--html", str(tmp_path), "--lang", lang)]
    assert [code for code, _, _ in outputs] == [7, 7]
    for _, out, err in outputs:
        assert out == "" and err.startswith(str(tmp_path))
        check(err.split(": ", 1)[1], lang, (), rules)


RULE_AREAS = ("rulefile", "condition", "criterion", "rulecheck", "lookalike")


def test_every_rule_problem_in_the_catalogue_reads_in_its_language(rules: RuleSet) -> None:
    """Each sentence a rule-file problem can be made of, beyond those the bad rule sets reach:
    its placeholders and quoted text taken out, no word of the other language is left."""
    read = 0
    wrong: dict[str, list[str]] = {}
    for key, entry in catalogue().items():
        if key.split(".")[0] not in RULE_AREAS:
            continue
        for lang, text in zip(LANGS, entry, strict=True):
            found = wrong_words(QUOTED.sub(" ", re.sub(r"\{[^}]*\}", " ", text)), lang, (),
                                titles(rules))
            if found:
                wrong[f"{key} ({lang})"] = found
        read += 1
    assert read > 150
    assert not wrong, f"{len(wrong)} entries, e.g. {list(wrong.items())[:4]}"


@pytest.mark.parametrize("lang", LANGS)
def test_the_help_of_every_verb_and_a_usage_error_read_in_one_language(
        capsys: pytest.CaptureFixture[str], rules: RuleSet, monkeypatch: pytest.MonkeyPatch,
        lang: str) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # no line broken inside "durable-rules"
    for verb in ((), *VERBS):
        with pytest.raises(SystemExit) as done:
            run(capsys, *verb, "--help", "--lang", lang)
        assert done.value.code == 0
        check(words_of_help(capsys.readouterr().out), lang, (), rules)
    with pytest.raises(SystemExit) as done:
        run(capsys, "evaluate", "--lang", lang)
    assert done.value.code == 2
    check(words_of_help(capsys.readouterr().err), lang, (), rules)


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_every_page_of_the_data_sets_report_reads_whole_in_one_language(
        capsys: pytest.CaptureFixture[str], rules: RuleSet, places: set[str], tmp_path: Path,
        lang: str) -> None:
    site = tmp_path / "site"
    code, out, err = run(capsys, "report", "dien-bien-2019", "--html", str(site), "--lang", lang)
    assert code == 0 and err == ""
    check(out, lang, places, rules)
    pages = sorted(site.rglob("*.html"))
    assert len(pages) == 131
    wrong: dict[str, list[str]] = {}
    for page in pages:
        found = wrong_words(html_text(page.read_text("utf-8"), lang), lang, places,
                            titles(rules))
        if found:
            wrong[page.name] = found
    assert not wrong, f"{len(wrong)} pages, e.g. {next(iter(wrong.items()))}"
