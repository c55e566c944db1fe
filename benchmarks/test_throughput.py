"""Throughput and memory: one commune, the 130-unit province, the 10,614-unit national batch.

Measures (each against the oracle and the floor of its group, see conftest.py):

- *engine path*: a validated ``Commune`` → facts (derived counts) → durable-rules → statuses →
  ``Result`` with inputs, parameters, legal basis and the full trace; explanation texts off
  (``evaluate(doc, rules, explanations=False)``); ``to_json()`` not included. The same with
  ``to_json()``, and the full result (explanations on) with and without ``to_json()``;
- *oracle*: ``oracle.assess(commune)`` of tests/oracle.py: every criterion's status and the
  verdict in plain Python, in one pass (no trace, no inputs, no explanations);
- *floor*: ``Commune.model_validate_json`` of the same documents, nothing else;
- *paired*: the engine path and the oracle over the province in alternating rounds, so that
  load from elsewhere on a shared host falls on both: the robust form of the 10× target;
- *national batch*: ``run_batch`` over a 10,614-line synth file with 2 worker processes (read,
  validate, evaluate with explanations and trace, write JSONL), wall time per run, in a fresh
  process as the ``clean-strong batch`` command runs it (benchmarks/national_batch.py).
"""

from __future__ import annotations

import gc
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import psutil

from clean_strong import Commune, evaluate
from clean_strong.dien_bien_2019.synth import NATIONAL_UNITS_2019
from clean_strong.ruleset import RuleSet
from conftest import note, record, record_seconds

ENGINE = "engine path: evaluate(explanations=False)"
ENGINE_JSON = "engine path + to_json()"
FULL = "full result: evaluate()"
FULL_JSON = "full result + to_json()"
ORACLE = "oracle: assess() (statuses + verdict)"
FLOOR = "floor: Commune.model_validate_json"


def _each(communes: list[Commune], work: Callable[[Commune], object]) -> Callable[[], None]:
    def run() -> None:
        for commune in communes:
            work(commune)
    return run


# -- one commune (23 officials) --------------------------------------------------------------


def test_one_commune_engine_path(benchmark: Any, rules: RuleSet, commune: Commune) -> None:
    benchmark(evaluate, commune, rules, explanations=False)
    record(benchmark, "one", ENGINE, 1)


def test_one_commune_engine_path_json(benchmark: Any, rules: RuleSet, commune: Commune) -> None:
    benchmark(lambda: evaluate(commune, rules, explanations=False).to_json())
    record(benchmark, "one", ENGINE_JSON, 1)


def test_one_commune_full_result(benchmark: Any, rules: RuleSet, commune: Commune) -> None:
    benchmark(evaluate, commune, rules)
    record(benchmark, "one", FULL, 1)


def test_one_commune_full_result_json(benchmark: Any, rules: RuleSet, commune: Commune) -> None:
    benchmark(lambda: evaluate(commune, rules).to_json())
    record(benchmark, "one", FULL_JSON, 1)


def test_one_commune_oracle(benchmark: Any, oracle: ModuleType, commune: Commune) -> None:
    benchmark(oracle.assess, commune)
    record(benchmark, "one", ORACLE, 1, role="oracle")


def test_one_commune_floor(benchmark: Any, commune: Commune) -> None:
    text = commune.model_dump_json()
    benchmark(Commune.model_validate_json, text)
    record(benchmark, "one", FLOOR, 1, role="floor")


# -- the province: the 130 units of the bundled data set --------------------------------------


def test_province_engine_path(benchmark: Any, rules: RuleSet, province: list[Commune]) -> None:
    benchmark(_each(province, lambda c: evaluate(c, rules, explanations=False)))
    record(benchmark, "province", ENGINE, len(province))


def test_province_full_result_json(
    benchmark: Any, rules: RuleSet, province: list[Commune]
) -> None:
    benchmark(_each(province, lambda c: evaluate(c, rules).to_json()))
    record(benchmark, "province", FULL_JSON, len(province))


def test_province_oracle(benchmark: Any, oracle: ModuleType, province: list[Commune]) -> None:
    benchmark(_each(province, oracle.assess))
    record(benchmark, "province", ORACLE, len(province), role="oracle")


def test_province_floor(benchmark: Any, province: list[Commune]) -> None:
    lines = [c.model_dump_json() for c in province]
    benchmark(lambda: [Commune.model_validate_json(line) for line in lines])
    record(benchmark, "province", FLOOR, len(province), role="floor")


def test_province_engine_path_and_oracle_interleaved(
    benchmark: Any, rules: RuleSet, oracle: ModuleType, province: list[Commune]
) -> None:
    """The ratio the batch issue sets (engine path within 10× of the oracle) measured so that
    load from elsewhere on the host falls on both alike: each round times the oracle over the
    province, then the engine path over it; the figure is the median of the rounds' ratios."""
    engine = _each(province, lambda c: evaluate(c, rules, explanations=False))
    assess = _each(province, oracle.assess)
    rounds: list[tuple[float, float]] = []

    def run() -> None:
        for _ in range(150):
            started = time.perf_counter()
            assess()
            middle = time.perf_counter()
            engine()
            rounds.append((middle - started, time.perf_counter() - middle))

    benchmark.pedantic(run, rounds=1, iterations=1)
    oracle_s = statistics.median(o for o, _ in rounds)
    engine_s = statistics.median(e for _, e in rounds)
    record_seconds("paired", ENGINE, len(province), engine_s)
    record_seconds("paired", ORACLE, len(province), oracle_s, role="oracle")
    ratios = sorted(e / o for o, e in rounds)
    quartiles = statistics.quantiles(ratios, n=4)
    note(f"paired (province, {len(rounds)} interleaved rounds): engine path / oracle, median of "
         f"the rounds' ratios {statistics.median(ratios):.1f}× (quartiles "
         f"{quartiles[0]:.1f}–{quartiles[2]:.1f}×)")


# -- the country: 10,614 synthetic units ------------------------------------------------------


def test_national_batch_two_workers(
    benchmark: Any, national_file: Path, tmp_path: Path
) -> None:
    """``run_batch`` with 2 workers in a fresh process (benchmarks/national_batch.py); the
    table takes its inner wall time, pytest-benchmark's own the whole run, start-up included."""
    output = tmp_path / "results.jsonl"
    runs: list[dict[str, Any]] = []

    def run() -> None:
        done = subprocess.run(
            [sys.executable, str(Path(__file__).with_name("national_batch.py")),
             str(national_file), str(output)],
            capture_output=True, text=True, check=True,
        )
        runs.append(json.loads(done.stdout))

    benchmark.pedantic(run, rounds=3, iterations=1)
    assert all(r["results"] == NATIONAL_UNITS_2019 and not r["errors"] for r in runs)
    seconds = statistics.median(r["seconds"] for r in runs)
    record_seconds("national", "clean-strong batch, 2 workers → JSONL (wall)",
                   NATIONAL_UNITS_2019, seconds)
    record(benchmark, "national", "  the same command end to end (start-up, rules load)",
           NATIONAL_UNITS_2019)
    parent = max(r["maxrss_parent_kb"] for r in runs) / 1024
    worker = max(r["maxrss_worker_kb"] for r in runs) / 1024
    note(f"national batch: {runs[0]['bytes'] / 1e6:,.0f} MB of JSONL; peak RSS parent "
         f"{parent:,.0f} MB + {runs[0]['workers']} workers × {worker:,.0f} MB = "
         f"{parent + runs[0]['workers'] * worker:,.0f} MB (getrusage ru_maxrss)")


def test_national_floor(benchmark: Any, national_file: Path) -> None:
    def run() -> None:
        with national_file.open("rb") as stream:
            for line in stream:
                Commune.model_validate_json(line)

    benchmark.pedantic(run, rounds=3, iterations=1)
    record(benchmark, "national", "floor: read + validate with Commune, 1 process",
           NATIONAL_UNITS_2019, role="floor")


def test_national_oracle(benchmark: Any, oracle: ModuleType, national: list[Commune]) -> None:
    benchmark.pedantic(_each(national, oracle.assess), rounds=3, iterations=1)
    record(benchmark, "national", "oracle: assess(), validated, 1 process",
           NATIONAL_UNITS_2019, role="oracle")


# -- memory -----------------------------------------------------------------------------------


def test_memory_over_100000_evaluations(
    benchmark: Any, rules: RuleSet, province: list[Commune]
) -> None:
    count = 100_000
    work = _each(province, lambda c: evaluate(c, rules).to_json())
    for _ in range(10):  # warm: every edition cache and engine session built
        work()
    gc.collect()
    me = psutil.Process()
    before = me.memory_info().rss

    def run() -> None:
        for i in range(count):
            evaluate(province[i % len(province)], rules).to_json()

    benchmark.pedantic(run, rounds=1, iterations=1)
    gc.collect()
    growth = (me.memory_info().rss - before) / 2**20
    record(benchmark, "memory", "100,000 × full result + to_json(), 1 process", count)
    note(f"memory: RSS {before / 2**20:,.0f} MB before, growth over {count:,} evaluations "
         f"{growth:+.1f} MB")
