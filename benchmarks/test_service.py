"""The web service (``clean-strong serve``): latency, scaling with worker processes, and a
bounded load test; each figure against a baseline measured in the same run.

- *latency*: one commune (Na Lay, 21 officials) by HTTP on loopback, ``http.client`` with a
  kept connection, against ``evaluate(raw_bytes, rules).to_json()`` in this process (parsing
  included on both sides: HTTP receives bytes), in alternating rounds so that load from
  elsewhere on the host falls on both. Target: median ≤ 2×.
- *workers*: requests per second of a 1-worker and a 2-worker server under the same load (16
  connections, the lean client of http_load.py), alternating rounds. Target: ≥ 1.6×.
- *load test*: 32 concurrent clients, 5,000 requests, one in four a bad document (malformed,
  invalid field, unknown kind, over-long name), against the 2-worker server: no answer of the
  server's own (5xx, a dropped connection), every answer byte-identical to the CLI's for the
  same document (the result JSON, or the CLI's message as the error body), the workers' RSS
  before and after.

Nothing here asserts a timing: the figures go to the summary table (see conftest.py).
"""

from __future__ import annotations

import contextlib
import http.client
import io
import json
import multiprocessing
import os
import statistics
import time
from collections.abc import Iterator
from typing import Any

import psutil
import pytest

from clean_strong import evaluate
from clean_strong.cli import main
from clean_strong.ruleset import RuleSet
from conftest import ROOT, note, record_seconds
from http_load import Answer, load, post

os.environ["PYTHONPATH"] = os.pathsep.join(
    [str(ROOT / "src"), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))])

from service_server import Server, serving  # tests/ (conftest.py puts it on sys.path)

EXAMPLES = ROOT / "examples"
ONE = EXAMPLES / "na-lay-2019.not-recognised.json"
BAD = ROOT / "tests" / "fixtures" / "bad"


@pytest.fixture(scope="module")
def one_worker() -> Iterator[Server]:
    with serving("--workers", "1") as server:
        yield server


@pytest.fixture(scope="module")
def two_workers() -> Iterator[Server]:
    with serving("--workers", "2") as server:
        yield server


def _cli(*argv: str) -> tuple[int, bytes, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue().encode(), err.getvalue()


def test_latency_of_one_commune_against_in_process_evaluate(
        benchmark: Any, rules: RuleSet, one_worker: Server) -> None:
    body = ONE.read_bytes()
    connection = http.client.HTTPConnection("127.0.0.1", one_worker.port)

    def by_http() -> bytes:
        connection.request("POST", "/v1/evaluate", body=body)
        answer = connection.getresponse()
        data = answer.read()
        assert answer.status == 200
        return data

    def in_process() -> str:
        return evaluate(body, rules).to_json()

    assert by_http() == in_process().encode() + b"\n"
    for _ in range(100):
        by_http()
        in_process()
    rounds: list[tuple[float, float]] = []

    def run() -> None:
        for _ in range(40):
            local, remote = [], []
            for _ in range(25):
                started = time.perf_counter()
                in_process()
                middle = time.perf_counter()
                by_http()
                local.append(middle - started)
                remote.append(time.perf_counter() - middle)
            rounds.append((statistics.median(local), statistics.median(remote)))

    benchmark.pedantic(run, rounds=1, iterations=1)
    connection.close()
    local_s = statistics.median(r[0] for r in rounds)
    http_s = statistics.median(r[1] for r in rounds)
    record_seconds("http", "in process: evaluate(bytes).to_json()", 1, local_s)
    record_seconds("http", "POST /v1/evaluate, loopback, kept connection", 1, http_s)
    ratios = sorted(h / loc for loc, h in rounds)
    quartiles = statistics.quantiles(ratios, n=4)
    note(f"service latency (one commune, {len(rounds)} alternating rounds of 25): HTTP / in "
         f"process, median of the rounds' ratios {statistics.median(ratios):.2f}× (quartiles "
         f"{quartiles[0]:.2f}–{quartiles[2]:.2f}×; target ≤ 2×)")


def _spin(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i % 7
    return total


def _host_parallelism(pool: Any) -> float:
    """How much faster two processes do twice the work than one does it once, on this host
    now (2.0 on two free cores): the ceiling of any 2-worker speed-up in the same round."""
    started = time.perf_counter()
    pool.apply(_spin, (2_000_000,))
    one = time.perf_counter() - started
    started = time.perf_counter()
    pool.starmap(_spin, [(2_000_000,), (2_000_000,)])
    return 2 * one / (time.perf_counter() - started)


def _cpu(server: Server) -> float:
    """CPU seconds used so far by the server's processes (its workers, or itself)."""
    parent = psutil.Process(server.process.pid)
    total = 0.0
    for process in [parent, *parent.children(recursive=True)]:
        times = process.cpu_times()
        total += times.user + times.system
    return total


CPU: dict[str, list[float]] = {}


def _throughput(server: Server, requests: list[bytes], name: str = "") -> float:
    cpu = _cpu(server)
    started = time.perf_counter()
    answers = load(server.port, requests, concurrency=16)
    seconds = time.perf_counter() - started
    CPU.setdefault(name, []).append((_cpu(server) - cpu) / len(requests))
    assert all(a.status == 200 for a in answers)
    return seconds


def test_two_worker_processes_against_one(
        benchmark: Any, one_worker: Server, two_workers: Server) -> None:
    requests = [post("/v1/evaluate", ONE.read_bytes())] * 800
    for server in (one_worker, two_workers):
        _throughput(server, requests)  # warm: every worker has built the year's program
    rounds: list[tuple[float, float, float]] = []

    def run() -> None:
        context = multiprocessing.get_context("fork")
        with context.Pool(2) as pool:
            for _ in range(8):
                host = _host_parallelism(pool)
                one = _throughput(one_worker, requests, "one")
                two = _throughput(two_workers, requests, "two")
                rounds.append((one, two, host))

    benchmark.pedantic(run, rounds=1, iterations=1)
    one_s = statistics.median(r[0] for r in rounds)
    two_s = statistics.median(r[1] for r in rounds)
    record_seconds("http", "1 worker: 800 requests, 16 connections", len(requests), one_s)
    record_seconds("http", "2 workers: the same", len(requests), two_s)
    ratios = sorted(one / two for one, two, _ in rounds)
    hosts = sorted(host for _, _, host in rounds)
    note(f"service throughput: 2 workers / 1 worker, median of {len(rounds)} alternating "
         f"rounds {statistics.median(ratios):.2f}× (range {ratios[0]:.2f}–{ratios[-1]:.2f}×; "
         f"target ≥ 1.6×); the host's own parallelism in the same rounds (two CPU-bound "
         f"processes against one) {statistics.median(hosts):.2f}× (range {hosts[0]:.2f}–"
         f"{hosts[-1]:.2f}×) on {os.cpu_count()} cores shared with other jobs and the client; "
         f"server CPU per request {statistics.median(CPU['one']) * 1e3:.2f} ms with 1 worker, "
         f"{statistics.median(CPU['two']) * 1e3:.2f} ms with 2 (summed over the workers)")


def _documents() -> list[tuple[str, bytes, int, bytes]]:
    """(name, body, expected status, expected answer): the CLI's bytes for each."""
    documents = []
    for path in sorted(EXAMPLES.glob("*.json")):
        code, out, err = _cli("evaluate", str(path), "--format", "json")
        assert code == 0, err
        documents.append((path.name, path.read_bytes(), 200, out))
    for name in ("malformed-json", "enum-with-diacritics", "unknown-document-kind",
                 "name-too-long"):
        path = BAD / f"{name}.json"
        code, _, err = _cli("evaluate", str(path), "--format", "json")
        assert code == 3
        documents.append((name, path.read_bytes(), 422, err.encode()))
    return documents


def _cli_line(answer: Answer, path: str) -> bytes:
    """An error body as the CLI's stderr writes it, ``FILE: path: message`` a line."""
    error = json.loads(answer.body)["error"]
    lines = [f"{path}: {error['path'] or '(document)'}: {error['message']}"]
    lines += [f"{path}: {m['path'] or '(document)'}: {m['message']}"
              for m in error.get("more", [])]
    return ("\n".join(lines) + "\n").encode()


def _rss(server: Server) -> list[int]:
    workers = psutil.Process(server.process.pid).children(recursive=True)
    return [w.memory_info().rss for w in workers] or [
        psutil.Process(server.process.pid).memory_info().rss]


def test_bounded_load_32_clients_5000_mixed_requests(
        benchmark: Any, two_workers: Server) -> None:
    documents = _documents()
    good = [d for d in documents if d[2] == 200]
    bad = [d for d in documents if d[2] != 200]
    plan = [bad[i // 4 % len(bad)] if i % 4 == 3 else good[i % len(good)] for i in range(5000)]
    requests = [post("/v1/evaluate", body) for _, body, _, _ in plan]
    load(two_workers.port, requests[:500], concurrency=32)  # warm both workers
    before = _rss(two_workers)
    runs: list[tuple[float, list[Answer]]] = []

    def run() -> None:
        started = time.perf_counter()
        answers = load(two_workers.port, requests, concurrency=32)
        runs.append((time.perf_counter() - started, answers))

    benchmark.pedantic(run, rounds=1, iterations=1)
    seconds, answers = runs[0]
    after = _rss(two_workers)
    server_errors = sum(a.status >= 500 for a in answers)
    mismatches = 0
    for (name, _, status, expected), answer in zip(plan, answers, strict=True):
        path = str(BAD / f"{name}.json")
        got = answer.body if status == 200 else _cli_line(answer, path)
        mismatches += answer.status != status or got != expected
    assert "Traceback" not in two_workers.stderr()
    record_seconds("http", "load test: 5,000 mixed requests, 32 clients, 2 workers", 5000,
                   seconds)
    rss = ", ".join(f"{b / 2**20:.0f}→{a / 2**20:.0f}"
                    for b, a in zip(before, after, strict=True))
    note(f"service load test: {len(answers):,} answers, {server_errors} of the server's own "
         f"errors (5xx), {mismatches} not byte-identical to the CLI; RSS of the server's "
         f"processes {rss} MB (after 500 warm-up requests → after 5,000 more)")
    assert server_errors == 0 and mismatches == 0
