"""The HTML report: rendering the province's 131 pages (the index and 130 communes) from
results already evaluated, without counterfactuals (``report --no-counterfactuals`` minus the
evaluation and the writing). The ``× floor`` column is the ratio to ``to_json()`` of the same
results: serialising what the pages show, the least any renderer does.
"""

from __future__ import annotations

from typing import Any

import pytest

from clean_strong.render.html import render_pages
from clean_strong.render.report_data import ReportSet
from clean_strong.reports import load_report
from conftest import record

UNITS = 130


@pytest.fixture(scope="module")
def report() -> ReportSet:
    found = load_report("dien-bien-2019", counterfactuals=False)
    assert isinstance(found, ReportSet) and len(found.results) == UNITS
    return found


def test_report_pages(benchmark: Any, report: ReportSet) -> None:
    pages = benchmark.pedantic(render_pages, args=(report,), rounds=5, warmup_rounds=1)
    assert len(pages) == UNITS + 1
    record(benchmark, "report (130 units)", "render 131 HTML pages", UNITS)


def test_report_floor(benchmark: Any, report: ReportSet) -> None:
    benchmark.pedantic(lambda: [r.to_json() for r in report.results], rounds=5, warmup_rounds=1)
    record(benchmark, "report (130 units)", "floor: to_json() of the results", UNITS, "floor")
