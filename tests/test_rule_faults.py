"""Each class of rule-set fault, not only its one example in tests/fixtures/rules/bad/.

For every class the brief of issue 14 names, the fault is put in every place a rule set can
hold it (a criterion, a parameter, a derived input, an explanation, a named expression, a
test case, the manifest) and in several spellings; each must give a ``FILE:LINE`` problem in
bounded time and never an exception: special files and links, nesting, long integers,
look-alike characters, misnamed files, impossible years, cascades (root first), the column of
a condition error however the YAML scalar is written, messages free of pydantic's internals,
and test cases that contradict their rule.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from clean_strong.authoring import lint
from clean_strong.errors import Problem
from clean_strong.ruleset import problems
from clean_strong.ruleset.files import RuleFileError, read_bytes

MINIMAL = Path(__file__).parent / "fixtures" / "rules" / "good" / "minimal"
# slow: a rule set copied and loaded per fault
pytestmark = [pytest.mark.slow, pytest.mark.timeout(30)]


@pytest.fixture
def rules(tmp_path: Path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(MINIMAL, target)
    return target


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), "utf-8")


def _messages(found: list[Problem]) -> str:
    return "\n".join(p.text("en") for p in found)


def _only_problems(found: list[Problem]) -> None:
    """Every problem is FILE:LINE[:COL]: message, free of pydantic's internals."""
    for problem in found:
        assert problem.line >= 0 and problem.message_en
        for noise in ("None:", "Dated[", "list[", "function-after", "Traceback"):
            assert noise not in problem.message_en, problem.text("en")


# -- special files and links ---------------------------------------------------------------


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _loop(path: Path) -> None:
    path.symlink_to(path.name)


def _dev_zero(path: Path) -> None:
    path.symlink_to("/dev/zero")


def _dir_loop(path: Path) -> None:
    path.symlink_to(".")


def _char_device(path: Path) -> None:
    try:
        os.mknod(path, stat.S_IFCHR | 0o600, os.makedev(1, 5))  # /dev/zero's numbers
    except (PermissionError, OSError):
        pytest.skip("making a device node needs privileges")


SPECIAL: dict[str, Callable[[Path], None]] = {
    "fifo": _fifo, "symlink-loop": _loop, "link-to-dev-zero": _dev_zero,
    "directory-loop": _dir_loop, "character-device": _char_device,
}
PLACES = ["criteria/GS-03.yaml", "criteria/HT-02.yaml", "parameters.yaml", "ruleset.yaml",
          "tests/GS-01.yaml", "tests/base-commune.yaml", "criteria"]


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("kind", sorted(SPECIAL))
def test_a_special_file_or_link_anywhere_is_a_problem_never_opened(
        rules: Path, kind: str, place: str) -> None:
    path = rules / place
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()
    SPECIAL[kind](path)
    found = lint(rules)
    assert any(Path(p.file).as_posix().endswith(place) and p.line == 0 for p in found), (
        _messages(found))
    _only_problems(found)


def test_the_safe_reader_refuses_devices_fifos_and_links_without_reading(tmp_path: Path) -> None:
    with pytest.raises(RuleFileError, match="a device"):
        read_bytes(Path("/dev/zero"))
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    with pytest.raises(RuleFileError, match="FIFO"):
        read_bytes(fifo)
    link = tmp_path / "link.yaml"
    link.symlink_to("/dev/zero")
    with pytest.raises(RuleFileError, match="symbolic link"):
        read_bytes(link)
    big = tmp_path / "big.yaml"
    big.write_bytes(b"x" * 2_000)
    with pytest.raises(RuleFileError, match="larger than"):
        read_bytes(big, limit=1_000)


# -- nesting ----------------------------------------------------------------------------------

NESTINGS: dict[str, Callable[[int], str]] = {
    "not chain": lambda n: "not " * n + "one_stop.operating",
    "unary minus chain": lambda n: "oversight.council_regular_sessions >= " + "-" * n + "2",
    "parentheses": lambda n: "(" * n + "one_stop.operating" + ")" * n,
    "plus chain": lambda n: "oversight.council_regular_sessions >= 1" + " + 1" * n,
    "times chain": lambda n: "oversight.council_regular_sessions >= 1" + " * 1" * n,
    "not of parentheses": lambda n: "not (" * n + "one_stop.operating" + ")" * n,
}


def _place_condition(rules: Path, where: str, text: str) -> None:
    gs01 = rules / "criteria" / "GS-01.yaml"
    condition = "condition: oversight.council_regular_sessions >= council_min_sessions"
    if where == "condition":
        _edit(gs01, condition, f"condition: {text}")
    elif where == "named expression":
        _edit(gs01, condition, f"expressions:\n  deep: {text}\n{condition}")
    elif where == "explanation":
        _edit(gs01, '"Họp {oversight', '"{' + text + '} {oversight')
    elif where == "derived where":
        (rules / "derived.yaml").write_text(
            "deep:\n  title: {vi: Sâu, en: Deep}\n  count: officials\n"
            f"  where: {text.replace('one_stop.operating', 'trained_this_year')}\n", "utf-8")


@pytest.mark.parametrize("where", ["condition", "named expression", "explanation",
                                   "derived where"])
@pytest.mark.parametrize("construct", sorted(NESTINGS))
@pytest.mark.parametrize("depth", [60, 1_000])
def test_any_deep_nesting_anywhere_is_a_problem_not_a_recursion_error(
        rules: Path, construct: str, where: str, depth: int) -> None:
    text = NESTINGS[construct](depth)
    if len(text) > 3_900:
        text = NESTINGS[construct](900 if "minus" in construct or construct == "not chain"
                                   else 600)
    _place_condition(rules, where, text)
    found = lint(rules)
    assert any("nested deeper than 50 levels" in p.message_en for p in found), _messages(found)
    _only_problems(found)


@pytest.mark.parametrize("construct", sorted(NESTINGS))
def test_moderate_nesting_is_still_accepted(rules: Path, construct: str) -> None:
    text = NESTINGS[construct](12)
    if construct in ("unary minus chain", "plus chain", "times chain"):
        text = text.replace(">= ", ">= council_min_sessions * 0 + ", 1)
    _place_condition(rules, "named expression", text)
    found = [p for p in lint(rules) if "nested" in p.message_en]
    assert found == []


def test_deeply_nested_yaml_in_any_file_is_refused_before_it_is_built(rules: Path) -> None:
    deep = "[" * 5_000 + "]" * 5_000
    for name in ("parameters.yaml", "ruleset.yaml", "criteria/HT-02.yaml", "tests/GS-01.yaml"):
        path = rules / name
        path.write_text(path.read_text("utf-8") + f"deep: {deep}\n", "utf-8")
    block = "".join("  " * i + "- \n" for i in range(300))
    (rules / "derived.yaml").write_text("x:\n" + block, "utf-8")
    found = lint(rules)
    nested = {Path(p.file).name for p in found if "nested deeper than 40 levels" in p.message_en}
    assert {"parameters.yaml", "ruleset.yaml", "HT-02.yaml", "derived.yaml"} <= nested, (
        _messages(found))


# -- long integers -----------------------------------------------------------------------------

LONG = "9" * 400


@pytest.mark.parametrize(("file", "old", "new"), [
    ("parameters.yaml", "      value: 2\n", f"      value: {LONG}\n"),
    ("parameters.yaml", "      value: 2\n", f"      value: -{LONG}\n"),
    ("parameters.yaml", "      value: 2\n", "      value: " + "1" * 5_000 + "\n"),
    ("parameters.yaml", "      value: 2\n", f"      value: {{{LONG}: 1}}\n"),
    ("criteria/GS-01.yaml", ">= council_min_sessions", f">= {LONG}"),
    ("criteria/GS-01.yaml", ">= council_min_sessions", f">= {LONG}.5"),
    ("criteria/GS-01.yaml", '"Họp {oversight', '"{' + LONG + '} {oversight'),
    ("ruleset.yaml", "to: 2020", f"to: {LONG}"),
    ("tests/GS-01.yaml", "council_regular_sessions: 2}", f"council_regular_sessions: {LONG}}}"),
])
def test_an_integer_too_long_anywhere_is_a_problem(rules: Path, file: str, old: str,
                                                   new: str) -> None:
    _edit(rules / file, old, new)
    found = lint(rules)
    assert any("digits" in p.message_en for p in found), _messages(found)
    assert any(Path(p.file).as_posix().endswith(file) for p in found)
    _only_problems(found)


@pytest.mark.parametrize("day", ["2009-13-10", "2009-02-30", "2009-00-01"])
def test_a_day_no_calendar_has_is_a_problem_on_its_line(rules: Path, day: str) -> None:
    _edit(rules / "parameters.yaml", "    - from: 2009-12-10", f"    - from: {day}")
    found = lint(rules)
    hits = [p for p in found if p.file.endswith("parameters.yaml") and p.line == 6]
    assert hits and f"'{day}' is not a real day" in hits[0].message_en, _messages(found)
    assert f"'{day}' không phải là một ngày có thật" in hits[0].message
    _only_problems(found)


# -- look-alike characters ---------------------------------------------------------------------

LOOKALIKES = {"о": "U+043E", "а": "U+0430", "ο": "U+03BF", "ｏ": "U+FF4F", "ọ": "U+1ECD",
              "\u200b": "U+200B"}


@pytest.mark.parametrize("char", sorted(LOOKALIKES))
@pytest.mark.parametrize(("file", "old", "spot"), [
    ("criteria/GS-01.yaml", "condition: oversight.council", "condition: oversight.c{}uncil"),
    ("criteria/GS-01.yaml", "condition:", "c{}ndition:"),
    ("criteria/GS-01.yaml", "mandatory: true", "mand{}tory: true"),
    ("parameters.yaml", "value: hoan_thanh_tot}", "value: hoan_thanh_t{}t}"),
    ("parameters.yaml", "council_min_sessions:\n", "council_min_sessi{}ns:\n"),
    ("parameters.yaml", "unit: count", "unit: c{}unt"),
    ("criteria/HT-02.yaml", ">= min_party_rating",
     '>= min_party_rating and organisations.people_committee == "h{}an_thanh_tot"'),
])
def test_a_look_alike_character_is_named_wherever_it_is(
        rules: Path, char: str, file: str, old: str, spot: str) -> None:
    _edit(rules / file, old, spot.replace("{}", char))
    found = lint(rules)
    assert any(LOOKALIKES[char] in p.message_en for p in found), _messages(found)
    _only_problems(found)


# -- misnamed files ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["criteria/GS-03.yml", "criteria/GS-03.YAML",
                                  "criteria/GS-03.yaml~", "criteria/notes.txt",
                                  "tests/GS-01.yml", "parameters.yml", "Parameters.yaml",
                                  "paramters.yaml", "derived.yml"])
def test_a_file_the_loader_would_not_read_is_a_problem(rules: Path, name: str) -> None:
    (rules / name).write_text((rules / "criteria" / "GS-01.yaml").read_text("utf-8"), "utf-8")
    found = lint(rules)
    assert any(Path(p.file).as_posix().endswith(name) and "ignored" in p.message_en
               for p in found), _messages(found)


def test_a_folder_that_is_a_file_or_holds_no_criterion_is_a_problem(rules: Path) -> None:
    shutil.rmtree(rules / "criteria")
    (rules / "criteria").write_text("GS-01\n", "utf-8")
    assert any("where a folder of rule files is expected" in p.message_en for p in lint(rules))
    (rules / "criteria").unlink()
    (rules / "criteria").mkdir()
    assert any("no criteria" in p.message_en for p in lint(rules))


# -- years -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("old", "new", "words"), [
    ("years: {from: 2018, to: 2020}", "years: {from: 2020, to: 2018}", "run backwards"),
    ("years: {from: 2018, to: 2020}", "years: {from: 2018, to: 2020, end: {from: 2020-12-31, "
     "reason: {vi: x, en: x}}}", "end the years at 2019"),
    ("years: {from: 2018, to: 2020}", "years: {from: 2018, to: 2020, end: {from: 2018-01-01, "
     "reason: {vi: x, en: x}}}", "every year is assessed on or after"),
    ("years: {from: 2018, to: 2020}", 'years: {from: 2018, to: 2020}\nassessment_day: "13-01"',
     "not a day of every year"),
    ("years: {from: 2018, to: 2020}", 'years: {from: 2018, to: 2020}\nassessment_day: "02-29"',
     "not a day of every year"),
    ("years: {from: 2018, to: 2020}", 'years: {from: 2018, to: 2020}\nassessment_day: "00-10"',
     "not a day of every year"),
])
def test_years_that_cannot_be_covered_are_a_problem(rules: Path, old: str, new: str,
                                                   words: str) -> None:
    _edit(rules / "ruleset.yaml", old, new)
    found = lint(rules)
    assert any(words in p.message_en and p.file.endswith("ruleset.yaml") for p in found), (
        _messages(found))


# -- cascades: the root cause first ------------------------------------------------------------


@pytest.mark.parametrize(("file", "old", "new", "name"), [
    ("parameters.yaml", "type: integer", "type: integr", "council_min_sessions"),
    ("parameters.yaml", "  title: {vi: Số kỳ họp tối thiểu, en: Minimum sessions}\n", "",
     "council_min_sessions"),
    ("parameters.yaml", "type: Rating", "type: Ratings", "min_party_rating"),
])
def test_a_broken_definition_is_listed_before_the_criteria_that_use_it(
        rules: Path, file: str, old: str, new: str, name: str) -> None:
    _edit(rules / file, old, new)
    found = lint(rules)
    assert found[0].file.endswith(file), _messages(found)
    users = [p for p in found if p.file.endswith(".yaml") and "criteria" in p.file]
    assert users and all(f"{name!r} cannot be used" in p.message_en and file in p.message_en
                         for p in users), _messages(found)


def test_a_broken_derived_input_is_listed_before_its_users(rules: Path) -> None:
    (rules / "derived.yaml").write_text(
        "sessions_held:\n  title: {vi: Số kỳ, en: Sessions}\n  count: officials\n"
        "  where: role == \"cong_chuc\" and rating >= 3\n", "utf-8")
    _edit(rules / "criteria" / "GS-01.yaml", ">= council_min_sessions",
          ">= council_min_sessions and sessions_held >= 0")
    found = lint(rules)
    assert found[0].file.endswith("derived.yaml"), _messages(found)
    assert "'sessions_held' cannot be used" in found[-1].message_en


# -- the column of a condition error, however it is written ------------------------------------

WRITINGS = {
    "plain": "condition: oversight.council_regular_sessions >= councl_min_sessions\n",
    "folded": "condition: >-\n  oversight.council_regular_sessions\n  >= councl_min_sessions\n",
    "literal": "condition: |\n  oversight.council_regular_sessions\n    >= councl_min_sessions\n",
    "double-quoted": 'condition: "oversight.council_regular_sessions >= councl_min_sessions"\n',
    "single-quoted": "condition: 'oversight.council_regular_sessions >= councl_min_sessions'\n",
    "plain on two lines": "condition: oversight.council_regular_sessions\n"
                          "  >= councl_min_sessions\n",
    "dated": "condition:\n  - from: 2009-01-01\n    value: >-\n      oversight.council_regular"
             "_sessions\n      >= councl_min_sessions\n",
}


@pytest.mark.parametrize("writing", sorted(WRITINGS))
def test_a_condition_error_names_its_true_line_and_column(rules: Path, writing: str) -> None:
    gs01 = rules / "criteria" / "GS-01.yaml"
    _edit(gs01, "condition: oversight.council_regular_sessions >= council_min_sessions\n",
          WRITINGS[writing])
    (found,) = [p for p in lint(rules) if "councl_min_sessions" in p.message_en]
    line = gs01.read_text("utf-8").splitlines()[found.line - 1]
    assert found.column > 0, str(found)
    assert line[found.column - 1:].startswith("councl_min_sessions"), (str(found), line)
    assert re.match(r".+:\d+:\d+: ", str(found))


# -- messages: no pydantic internals, a suggestion for a misspelt key ---------------------------


@pytest.mark.parametrize(("old", "new", "words"), [
    ("mandatory: true", "mandatroy: true", "so the required key 'mandatory' is missing"),
    ("mandatory: true", "mandatory: [{from: 2009-01-01, valeu: true}]", "'value' is missing"),
    ("mandatory: true", "mandatory: [{form: 2009-01-01, value: true}]", "'from' is missing"),
    ("mandatory: true", "mandatory: [{from: 2009-01-01, value: true, refrence: {document: x}}]",
     "did you mean 'reference'"),
    ("  confidence: S\n", "  confidense: S\n", "'confidence' is missing"),
    ("  references:\n", "  refs:\n", "allowed here"),
    ("mandatory: true", "mandatory: true\nnull: 1", "a key is missing"),
    ("mandatory: true", "mandatory: true\n'': 1", "a key is missing"),
])
def test_a_misspelt_or_empty_key_is_one_clear_problem(rules: Path, old: str, new: str,
                                                      words: str) -> None:
    _edit(rules / "criteria" / "GS-01.yaml", old, new)
    found = lint(rules)
    assert any(words in p.message_en for p in found), _messages(found)
    _only_problems(found)


# -- test cases that contradict their rule -------------------------------------------------------

CONTRADICTIONS = {
    "expects pass, fails": ("expect: fail", "expect: pass", "expected pass, the rules decide fail"),
    "expects unknown, fails": ("expect: fail", "expect: unknown\n    missing: [x]",
                               "expected unknown, the rules decide fail"),
    "expects not applicable": ("expect: fail", "expect: not_applicable",
                               "expected not applicable"),
    "expects rejected": ("expect: fail", "expect: rejected", "expected the document to be refused"),
    "explanation": ('explanation_contains: {vi: "Họp 2 kỳ.", en: "2 sessions."}',
                    'explanation_contains: {vi: "Họp 3 kỳ.", en: "2 sessions."}',
                    "is not in the vi explanation"),
    "missing inputs": ("missing: [oversight.council_regular_sessions]",
                       "missing: [oversight.front_supervisions]", "missing inputs are"),
    "mandatory": ("expect: fail", "expect: fail\n    mandatory: false", "mandatory is True"),
    "xfail that now agrees": ("expect: fail", "expect: fail\n    xfail: a defect once",
                              "now agrees with the rules: remove xfail"),
    "a year outside the rules": ("expect: fail", "expect: fail\n    year: 2031",
                                 "refused as input"),
}


@pytest.mark.parametrize("kind", sorted(CONTRADICTIONS))
def test_lint_fails_on_a_case_that_contradicts_its_rule(rules: Path, kind: str) -> None:
    old, new, words = CONTRADICTIONS[kind]
    cases = rules / "tests" / "GS-01.yaml"
    _edit(cases, old, new)
    assert problems(rules) == []  # the rules themselves are sound
    found = lint(rules)
    hits = [p for p in found if p.file.endswith("tests/GS-01.yaml") and words in p.message_en]
    assert hits, _messages(found)
    line = cases.read_text("utf-8").splitlines()[hits[0].line - 1]
    assert line.lstrip().startswith("- name:"), (str(hits[0]), line)
