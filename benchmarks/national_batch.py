"""One national batch in a fresh process, as ``clean-strong batch IN -o OUT --workers 2`` runs.

Run by test_throughput.py (``python benchmarks/national_batch.py IN OUT``); prints one JSON
object: the wall time of ``run_batch`` (the rule set already loaded, as the command loads it
before it starts), the counts, and the peak resident memory of this process and of its
largest worker (``getrusage``: ``ru_maxrss``, kB on Linux).

A fresh process, because a worker forked from a large parent (the benchmark session itself)
pays for the parent's memory: copy-on-write faults on pages it allocates into.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

from clean_strong.batch import run_batch
from clean_strong.evaluation import DEFAULT_RULESET, default_ruleset

WORKERS = 2


def main(source: Path, output: Path) -> dict[str, float | int]:
    default_ruleset(DEFAULT_RULESET)  # what the command does before the batch starts
    started = time.perf_counter()
    with output.open("wb") as stream:
        summary = run_batch(source, stream, DEFAULT_RULESET, workers=WORKERS)
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "results": sum(summary.verdicts.values()),
        "errors": summary.errors,
        "bytes": output.stat().st_size,
        "maxrss_parent_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "maxrss_worker_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
        "workers": WORKERS,
    }


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]), Path(sys.argv[2]))))
