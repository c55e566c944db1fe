"""Evaluating many documents: ordered, parallel, losing nothing, resumable.

``run_batch`` (the ``batch`` verb) writes one line per input, in input order, to an output
opened by ``open_output`` (locked, never the input, checked before it is resumed);
``evaluate_many`` yields results. The pool (:mod:`.pool`) notices a dead worker and honours
signals within a second; :mod:`.resume` decides which lines of an old output still answer
the input.
"""

from .lines import Block, Line, error_line, process, with_source
from .many import evaluate_many
from .output import Output, open_output
from .pool import WorkerDied
from .resume import Record, Resume, read_records
from .run import CHUNK, Summary, run_batch

__all__ = [
    "CHUNK",
    "Block",
    "Line",
    "Output",
    "Record",
    "Resume",
    "Summary",
    "WorkerDied",
    "error_line",
    "evaluate_many",
    "open_output",
    "process",
    "read_records",
    "run_batch",
    "with_source",
]
