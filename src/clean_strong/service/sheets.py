"""Workbooks and CSV tables over HTTP: the library's readers and writers, fed from memory.

The library's workbook reader and results writer take paths, so an upload is written to a
private temporary file, and a results workbook is written to one and read back; those names
are the service's own (``mkstemp``), never the client's. What kind an upload is comes from its
content (a ZIP archive is a workbook) and, for CSV, the name's suffix; nothing else of the
client's file name is used.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from ..documents import Document
from ..result import Result
from ..words import Lang

_ZIP = b"PK\x03\x04"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def is_zip(data: bytes) -> bool:
    return data.startswith(_ZIP)


def kind(data: bytes, filename: str) -> str:
    """``xlsx``, ``csv`` or ``json``: what the uploaded bytes are."""
    if is_zip(data):
        return "xlsx"
    return "csv" if filename.lower().endswith(".csv") else "json"


def table_documents(data: bytes, suffix: str, lang: Lang) -> list[tuple[str, Document]]:
    """Every document of a workbook or CSV table (the reader's error, naming every bad cell,
    as raised)."""
    from ..documents.workbook import workbook_documents

    handle, path = tempfile.mkstemp(prefix="clean-strong-upload-", suffix=f".{suffix}")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        return workbook_documents(Path(path), lang)
    finally:
        os.unlink(path)


def results_workbook(results: Iterable[tuple[str, Result]], lang: Lang) -> bytes:
    """``clean-strong batch … -o results.xlsx``'s workbook for these results (each with the
    source its row names, as a batch line carries it), as bytes."""
    import orjson

    from ..batch import with_source
    from ..render.workbook import write_results_workbook

    records = [orjson.loads(with_source(source, r.to_json_bytes())) for source, r in results]
    with tempfile.TemporaryDirectory(prefix="clean-strong-results-") as folder:
        out = Path(folder) / "results.xlsx"
        write_results_workbook(lambda: iter(records), out, lang)
        return out.read_bytes()
