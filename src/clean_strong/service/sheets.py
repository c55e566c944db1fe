"""Workbooks, when the library reads them: ``clean_strong.documents.workbook`` (issue 17).

The service only plugs that reader in: ``POST /v1/convert`` and workbook uploads on the page
exist when the module is there, and are absent (404, not in the OpenAPI schema) otherwise.
The upload is spooled to a private temporary file named by the service (the reader takes a
path); the file's suffix comes from its content (a ZIP archive is ``.xlsx``, else ``.csv``),
never from the name the client gave.
"""

from __future__ import annotations

import importlib
import os
import tempfile
from types import ModuleType

from ..documents import Document
from ..words import Lang

MODULE = "clean_strong.documents.workbook"
_ZIP = b"PK\x03\x04"


def workbook_module() -> ModuleType | None:
    """The workbook reader, or None when this library has none (only its absence counts)."""
    try:
        return importlib.import_module(MODULE)
    except ModuleNotFoundError as error:
        if error.name in (MODULE, "clean_strong.documents"):
            return None
        raise


def is_workbook(data: bytes) -> bool:
    """An ``.xlsx`` file (a ZIP archive) rather than JSON."""
    return data.startswith(_ZIP)


def workbook_documents(module: ModuleType, data: bytes, lang: Lang) -> list[tuple[str, Document]]:
    """Every document of an uploaded workbook or CSV table (the reader's errors as raised)."""
    suffix = ".xlsx" if is_workbook(data) else ".csv"
    handle, path = tempfile.mkstemp(prefix="clean-strong-upload-", suffix=suffix)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        from pathlib import Path

        documents: list[tuple[str, Document]] = module.workbook_documents(Path(path), lang)
        return documents
    finally:
        os.unlink(path)
