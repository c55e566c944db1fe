"""Inputs shared by the benchmarks, and the summary table printed at the end of the run.

Run (see README, "Performance")::

    .venv/bin/python -m pytest benchmarks -p no:cacheprovider --benchmark-enable \\
        --benchmark-only --benchmark-columns=min,median,rounds

Every figure is a median of pytest-benchmark rounds on this machine; the table gives each
measure in communes per second and its ratio to the independent oracle (``tests/oracle.py``,
plain Python, measured in the same run on the same inputs) and to the floor (validating the
same documents with ``Commune`` alone). Nothing here asserts a timing.
"""

from __future__ import annotations

import os
import platform
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from clean_strong import Commune
from clean_strong.dien_bien_2019 import load_dataset
from clean_strong.dien_bien_2019.generator import SHIPPED_SEED
from clean_strong.dien_bien_2019.synth import NATIONAL_UNITS_2019, write_jsonl
from clean_strong.documents import read_document
from clean_strong.evaluation import default_ruleset, evaluate
from clean_strong.ruleset import RuleSet

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the independent oracle, tests/oracle.py

ONE_COMMUNE = ROOT / "examples" / "muong-thanh-2019.recognised.json"  # 23 officials


@dataclass
class Row:
    group: str
    measure: str
    units: int
    seconds: float  # median of the rounds
    role: str = ""  # "oracle", "floor" or "" (what the ratios are taken against)


@dataclass
class Note:
    text: str


RESULTS: list[Row | Note] = []


def record(benchmark: Any, group: str, measure: str, units: int, role: str = "") -> None:
    """Keep a finished benchmark's median for the summary (none when benchmarks are off)."""
    stats = getattr(benchmark, "stats", None)
    if stats is not None:
        RESULTS.append(Row(group, measure, units, stats.stats.median, role))


def record_seconds(group: str, measure: str, units: int, seconds: float, role: str = "") -> None:
    """Keep a time measured inside the benchmarked code (median of its rounds)."""
    RESULTS.append(Row(group, measure, units, seconds, role))


def note(text: str) -> None:
    RESULTS.append(Note(text))


def pytest_terminal_summary(terminalreporter: Any) -> None:
    rows = [r for r in RESULTS if isinstance(r, Row)]
    if not rows:
        return
    write = terminalreporter.write_line
    terminalreporter.section("clean-strong: communes per second")
    write(f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.system()} {platform.machine()}")
    write("× oracle: times slower than tests/oracle.py; × floor: times slower than validating "
          "the same documents with Commune alone (the same group, the same run)")
    write("")
    write(f"{'group':<9} {'measure':<52} {'units':>6} {'total s':>8} {'µs each':>8} "
          f"{'per s':>7} {'× oracle':>8} {'× floor':>7}")
    for row in rows:
        base = {r.role: r for r in rows if r.group == row.group and r.role}
        each = row.seconds / row.units

        def ratio(role: str, row: Row = row, base: dict[str, Row] = base) -> str:
            other = base.get(role)
            if other is None or other is row:
                return "—"
            return f"{row.seconds / row.units / (other.seconds / other.units):.1f}×"

        write(f"{row.group:<9} {row.measure:<52} {row.units:>6} {row.seconds:>8.3f} "
              f"{each * 1e6:>8.1f} {1 / each:>7,.0f} {ratio('oracle'):>8} {ratio('floor'):>7}")
    notes = [r for r in RESULTS if isinstance(r, Note)]
    if notes:
        write("")
        for item in notes:
            write(item.text)


# -- inputs ----------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def rules() -> RuleSet:
    """The bundled rule set, warm: the first evaluation builds the edition's program, its
    shared result parts and the engine session (~20 ms, once per process); the benchmarks
    measure the steady state, and pytest-benchmark sizes its rounds on a first call."""
    ruleset = default_ruleset()
    evaluate(read_document(ONE_COMMUNE), ruleset)
    return ruleset


@pytest.fixture(scope="session")
def oracle() -> ModuleType:
    try:
        import oracle as module  # tests/oracle.py
    except ImportError:
        pytest.skip("tests/oracle.py is not there yet")
    return module


@pytest.fixture(scope="session")
def commune() -> Commune:
    document = read_document(ONE_COMMUNE)
    assert isinstance(document, Commune)
    return document


@pytest.fixture(scope="session")
def province() -> list[Commune]:
    """The 130 units of the bundled data set (Điện Biên 2019)."""
    return load_dataset()


@pytest.fixture(scope="session")
def national_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """10,614 synthetic communes (the country's commune-level units in 2019), one a line."""
    path = tmp_path_factory.mktemp("national") / "national.jsonl"
    with path.open("w", encoding="utf-8") as out:
        write_jsonl(NATIONAL_UNITS_2019, SHIPPED_SEED, out)
    return path


@pytest.fixture(scope="session")
def national(national_file: Path) -> list[Commune]:
    return list(_validated(national_file))


def _validated(path: Path) -> Iterator[Commune]:
    with path.open("rb") as stream:
        for line in stream:
            yield Commune.model_validate_json(line)
