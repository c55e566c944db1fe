"""Every test runs the source tree (``src/``), never an installed copy.

``pyproject.toml`` puts ``src`` first on ``sys.path`` (``pythonpath``); child processes started
by tests (``python -m clean_strong.cli …``) get it through ``PYTHONPATH``. The check below fails
the run at once if ``clean_strong`` still resolves elsewhere, so a local edit is never silently
left untested.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import clean_strong

SRC = Path(__file__).resolve().parent.parent / "src"
os.environ["PYTHONPATH"] = os.pathsep.join(
    [str(SRC), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))])

if not Path(clean_strong.__file__).resolve().is_relative_to(SRC):
    raise RuntimeError(f"tests must run {SRC}, not {clean_strong.__file__}")


SLOW_SECONDS = 10.0
_unmarked_slow: list[tuple[str, float]] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Remember tests over ``SLOW_SECONDS`` that are not marked ``slow`` (shown at the end)."""
    if report.when == "call" and report.duration > SLOW_SECONDS and "slow" not in report.keywords:
        _unmarked_slow.append((report.nodeid, report.duration))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    for nodeid, seconds in _unmarked_slow:
        terminalreporter.write_line(
            f"not marked slow but took {seconds:.1f} s: {nodeid}", yellow=True)
