"""Property-based reliability: evaluation is total, input handling never crashes.

Bounded in CI; `CLEAN_STRONG_LONG=1` multiplies the examples for a local soak run (its result is
recorded in docs/reliability.md).
"""

from __future__ import annotations

import json
import os
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clean_strong import Result, evaluate
from clean_strong.documents import parse_document
from clean_strong.errors import InputError
from clean_strong.evaluation import default_ruleset
from test_differential import communes

SCALE = 20 if os.environ.get("CLEAN_STRONG_LONG") else 1
COMMUNE_CRITERIA = {c.id for c in default_ruleset().criteria if c.spec.subject == "commune"}

pytestmark = pytest.mark.timeout(1800)


@pytest.mark.slow
@settings(max_examples=800 * SCALE, deadline=None, database=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(communes())
def test_evaluation_is_total_on_valid_input(document: dict[str, Any]) -> None:
    result = evaluate(document)
    decided = [c.id for c in result.criteria]
    skipped = [n.id for n in result.not_applicable]
    assert len(decided) == len(set(decided))
    assert sorted(decided + skipped) == sorted(COMMUNE_CRITERIA)  # each exactly once
    for criterion in result.criteria:
        assert criterion.status in ("pass", "fail", "unknown")
        assert criterion.explanation.vi and criterion.explanation.en
        assert (criterion.status == "unknown") == bool(criterion.missing_inputs)
    mandatory = {c.status for c in result.criteria if c.mandatory}
    expected = ("not_recognised" if "fail" in mandatory
                else "undetermined" if "unknown" in mandatory else "recognised")
    assert result.verdict == expected
    text = result.to_json()
    assert Result.model_validate_json(text).to_json() == text
    assert evaluate(document).to_json() == text  # deterministic


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner,
                                                                max_size=5),
    max_leaves=20,
)


@pytest.mark.slow
@settings(max_examples=1500 * SCALE, deadline=None, database=None, derandomize=True)
@given(st.one_of(
    json_values.map(lambda v: json.dumps(v).encode()),
    st.binary(max_size=200),
    communes().map(lambda d: json.dumps(d, ensure_ascii=False).encode()[:-7]),
))
def test_any_bytes_give_a_document_or_an_input_error(raw: bytes) -> None:
    try:
        parse_document(raw, "fuzz.json")
    except InputError as error:
        assert error.exit_code == 3 and error.source == "fuzz.json"
        assert error.message
