"""Rule test cases as data: ``rules/<rule set>/tests/*.yaml``, run by the library runner
(:mod:`clean_strong.authoring.cases`, which documents the case format) — the same code as
``clean-strong rules test`` and ``rules lint``.

Each case is one pytest item (``<rule set>/<ID>/<case name>``, diacritics removed, e.g.
``-k "CB-01 and loai"``); ``xfail`` cases are strict xfails. The meta-tests require, for every
criterion of every bundled rule set, a pass, a fail, an unknown and a threshold case (a flag
criterion: each flag false in a fail case), and the unpatched bases passing everything.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from clean_strong.authoring.cases import (
    Suite,
    ascii_id,
    coverage_problems,
    expand_officials,
    merge,
    read_suite,
    run_case,
)
from clean_strong.evaluation import default_ruleset
from clean_strong.ruleset import bundled_dir

pytestmark = pytest.mark.timeout(120)


def rulesets() -> list[str]:
    """Names of the bundled rule sets."""
    return sorted(p.name for p in bundled_dir().iterdir() if (p / "ruleset.yaml").is_file())


SUITES: dict[str, Suite] = {name: read_suite(default_ruleset(name)) for name in rulesets()}


def _params() -> Iterator[Any]:
    for name, suite in SUITES.items():
        for loaded in suite.cases:
            case = loaded.case
            marks = [pytest.mark.xfail(reason=case.xfail, strict=True)] if case.xfail else []
            yield pytest.param(name, loaded, marks=marks,
                               id=f"{name}/{loaded.criterion}/{ascii_id(case.name)}")


@pytest.mark.parametrize(("ruleset", "loaded"), list(_params()))
def test_rule_case(ruleset: str, loaded: Any) -> None:
    outcome = run_case(default_ruleset(ruleset), SUITES[ruleset], loaded)
    assert outcome.agrees, f"{loaded.file.name}:{loaded.line}: {outcome.message}"


@pytest.mark.parametrize("ruleset", list(SUITES))
def test_case_files_are_sound_and_named_after_real_criteria(ruleset: str) -> None:
    assert SUITES[ruleset].cases, f"{ruleset} has no rule test cases"
    assert [str(p) for p in SUITES[ruleset].problems] == []


@pytest.mark.parametrize("ruleset", list(SUITES))
def test_every_criterion_has_pass_fail_unknown_and_threshold_cases_and_the_bases_pass(
        ruleset: str) -> None:
    found = coverage_problems(default_ruleset(ruleset), SUITES[ruleset])
    assert [str(p) for p in found] == []


def test_officials_groups_expand_with_generated_ids() -> None:
    records = expand_officials(
        [{"id": "x", "role": "cong_chuc"}, {"count": 2, "role": "can_bo_chuyen_trach"}]
    )
    assert [r["id"] for r in records] == ["x", "g2-1", "g2-2"]
    assert merge({"a": {"b": 1, "c": [1]}}, {"a": {"c": [2], "d": None}}) == {
        "a": {"b": 1, "c": [2], "d": None}
    }
