"""`rules lint` catches every broken rule set with its true FILE:LINE, before any evaluation.

Each case in tests/fixtures/rules/bad/ is the minimal good rule set (with its test cases) with
some files replaced or added; its expected.yaml names the file, line (and column) and words of
the message lint must report, and may say:

- ``remove: [files]``: files of the minimal set the case deletes;
- ``make: {path: kind}``: files git cannot hold, made at test time: ``fifo``, ``symlink-loop``
  (a link to itself), ``directory-loop`` (a link to its own folder), ``link-to-dev-zero``;
- ``first: true``: the problem is the first reported (a root cause before its cascade);
- ``only: true``: it is the only problem reported (no noise beside it);
- ``lint_only: true``: the rules themselves load; only lint, which runs the cases, refuses.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from clean_strong import load_ruleset
from clean_strong.authoring import lint
from clean_strong.cli import main
from clean_strong.errors import RuleSetError

RULES = Path(__file__).parent / "fixtures" / "rules"
CASES = sorted(p.name for p in (RULES / "bad").iterdir() if p.is_dir())
NEW_KINDS_SINCE_ISSUE_14 = 28  # the corpus had 14 sets before; 12 new kinds were asked for


def expected_of(case: str) -> dict[str, Any]:
    found: dict[str, Any] = YAML(typ="safe").load(
        (RULES / "bad" / case / "expected.yaml").read_text("utf-8"))
    return found


def _make(path: Path, kind: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "symlink-loop":
        path.symlink_to(path.name)
    elif kind == "directory-loop":
        path.symlink_to(".")
    elif kind == "link-to-dev-zero":
        path.symlink_to("/dev/zero")
    else:
        raise ValueError(f"unknown special file kind {kind!r}")


def _assemble(case: str, tmp_path: Path) -> Path:
    target = tmp_path / case
    shutil.copytree(RULES / "good" / "minimal", target)
    expected = expected_of(case)
    for relative in expected.get("remove", []):
        (target / relative).unlink()
    for path in (RULES / "bad" / case).rglob("*"):
        if path.is_file() and path.name != "expected.yaml":
            relative = path.relative_to(RULES / "bad" / case)
            (target / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target / relative)
    for relative, kind in (expected.get("make") or {}).items():
        _make(target / relative, kind)
    return target


def test_the_minimal_good_rule_set_is_clean() -> None:
    assert lint(RULES / "good" / "minimal") == []


@pytest.mark.slow
def test_the_bundled_rule_set_is_clean() -> None:
    assert lint("dien-bien-2019") == []


def test_there_are_at_least_fourteen_plus_twelve_bad_rule_sets() -> None:
    assert len(CASES) >= 14 + 12
    assert len(CASES) >= 14 + NEW_KINDS_SINCE_ISSUE_14


@pytest.mark.slow
@pytest.mark.timeout(60)
@pytest.mark.parametrize("case", CASES)
def test_lint_reports_the_true_file_and_line(case: str, tmp_path: Path) -> None:
    expected = expected_of(case)
    ruleset = _assemble(case, tmp_path)
    problems = lint(ruleset)
    assert problems, f"{case}: no problem found"
    matching = [
        p
        for p in problems
        if Path(p.file).as_posix().endswith(expected["file"])
        and p.line == expected["line"]
        and expected["message"] in p.message_en
        and ("column" not in expected or p.column == expected["column"])
    ]
    assert matching, f"{case}: expected {expected}, got {[p.text('en') for p in problems]}"
    if expected.get("first"):
        assert problems[0] == matching[0], f"{case}: the root cause is not listed first"
    if expected.get("only"):
        assert problems == matching, f"{case}: noise beside the problem: {problems}"
    for problem in problems:
        assert "None:" not in problem.message_en and "Dated[" not in problem.message_en
    if expected.get("lint_only"):
        load_ruleset(ruleset)  # the rules load; only their own cases disagree
    else:
        with pytest.raises(RuleSetError):
            load_ruleset(ruleset)


@pytest.mark.parametrize("case", ["unknown-field", "python-tag"])
def test_rules_lint_cli_prints_file_line_problem_and_exits_4(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ruleset = _assemble(case, tmp_path)
    assert main(["rules", "lint", str(ruleset)]) == 4
    err = capsys.readouterr().err
    first = err.splitlines()[0]
    file, line, message = first.split(":", 2)
    assert file.endswith(".yaml") and line.isdigit() and message.strip()


def test_a_yaml_alias_bomb_is_refused_before_expansion(tmp_path: Path) -> None:
    ruleset = _assemble("alias-bomb", tmp_path)
    problems = lint(ruleset)
    assert any("anchors" in p.message_en for p in problems)


def test_no_rule_file_is_executed(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    ruleset = _assemble("python-tag", tmp_path)
    text = (ruleset / "criteria" / "GS-01.yaml").read_text("utf-8")
    (ruleset / "criteria" / "GS-01.yaml").write_text(
        text.replace("echo pwned", f"touch {marker}"), "utf-8"
    )
    lint(ruleset)
    assert not marker.exists()
