"""`rules lint` catches every broken rule file with its true FILE:LINE, before any evaluation.

Each case in tests/fixtures/rules/bad/ is the minimal good rule set with some files replaced;
its expected.yaml names the file, line and message lint must report.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from clean_strong import load_ruleset
from clean_strong.authoring import lint
from clean_strong.cli import main
from clean_strong.errors import RuleSetError

RULES = Path(__file__).parent / "fixtures" / "rules"
CASES = sorted(p.name for p in (RULES / "bad").iterdir() if p.is_dir())


def _assemble(case: str, tmp_path: Path) -> Path:
    target = tmp_path / case
    shutil.copytree(RULES / "good" / "minimal", target)
    for path in (RULES / "bad" / case).rglob("*.yaml"):
        if path.name != "expected.yaml":
            relative = path.relative_to(RULES / "bad" / case)
            shutil.copyfile(path, target / relative)
    return target


def test_the_minimal_good_rule_set_is_clean() -> None:
    assert lint(RULES / "good" / "minimal") == []


def test_the_bundled_rule_set_is_clean() -> None:
    assert lint("dien-bien-2019") == []


def test_there_are_at_least_ten_bad_rule_cases() -> None:
    assert len(CASES) >= 10


@pytest.mark.timeout(60)
@pytest.mark.parametrize("case", CASES)
def test_lint_reports_the_true_file_and_line(case: str, tmp_path: Path) -> None:
    expected = YAML(typ="safe").load((RULES / "bad" / case / "expected.yaml").read_text("utf-8"))
    ruleset = _assemble(case, tmp_path)
    problems = lint(ruleset)
    assert problems, f"{case}: no problem found"
    matching = [
        p
        for p in problems
        if Path(p.file).as_posix().endswith(expected["file"])
        and p.line == expected["line"]
        and expected["message"] in p.message
    ]
    assert matching, f"{case}: expected {expected}, got {[str(p) for p in problems]}"
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
    assert any("anchors" in p.message for p in problems)


def test_no_rule_file_is_executed(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    ruleset = _assemble("python-tag", tmp_path)
    text = (ruleset / "criteria" / "GS-01.yaml").read_text("utf-8")
    (ruleset / "criteria" / "GS-01.yaml").write_text(
        text.replace("echo pwned", f"touch {marker}"), "utf-8"
    )
    lint(ruleset)
    assert not marker.exists()
