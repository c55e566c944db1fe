"""``clean-strong convert``: documents between a workbook (or CSV tables), JSON, JSONL and a
directory of JSON files, both ways.

The kind of each side is its suffix (``.xlsx``, ``.csv``, ``.json``, ``.jsonl``; a directory,
or an output path without a suffix, is a directory of JSON files). JSON is written as the
validated model's canonical JSON (``model_dump_json``), so a document keeps its input hash
through any chain of conversions. Several inputs are the CSV tables of one workbook (units,
officials, province reports). Nothing is written when any input is bad: the error lists every
bad document (every bad cell, for a workbook).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, OutputError
from ..models import Commune, ProvinceReport
from ..words import Lang, say
from ..words.system import os_reason_in
from .parse import Document, parse_document
from .read import read_document, read_items
from .workbook import TABLE_SUFFIXES


@dataclass
class Converted:
    documents: int = 0
    units: int = 0
    reports: int = 0

    def count(self, document: Document) -> None:
        self.documents += 1
        self.units += isinstance(document, Commune)
        self.reports += isinstance(document, ProvinceReport)


def convert(inputs: Sequence[Path], output: Path, lang: Lang) -> Converted:
    """Read every document of ``inputs`` (all of them good, or nothing is written) and write
    them to ``output`` in the kind its suffix names."""
    documents = list(_documents(inputs, lang))
    suffix = output.suffix.lower()
    done = Converted()
    for _, document in documents:
        done.count(document)
    if suffix == ".xlsx":
        from .template import write_documents

        write_documents(output, (d for _, d in documents), lang)
    elif suffix == ".jsonl":
        _atomic(output, b"".join(d.model_dump_json().encode() + b"\n" for _, d in documents),
                lang)
    elif suffix == ".json":
        if len(documents) != 1:
            raise InputError(str(inputs[0]), "", say("sheets.error.one_document", lang,
                                                     count=len(documents)))
        _atomic(output, _pretty(documents[0][1]), lang)
    elif suffix == "" or output.is_dir():
        _directory(output, documents, lang)
    else:
        raise InputError(str(output), "", say("sheets.error.unknown_kind", lang,
                                              name=output.name))
    return done


def _documents(inputs: Sequence[Path], lang: Lang) -> Iterator[tuple[str, Document]]:
    first = inputs[0]
    for path in inputs:
        if not path.exists():
            raise InputError(str(path), "", "no such file or directory")
    kinds = {p.suffix.lower() for p in inputs}
    if len(inputs) > 1 and kinds != {".csv"}:
        raise InputError(str(first), "", say("sheets.error.one_table_kind", lang))
    if first.suffix.lower() in TABLE_SUFFIXES and not first.is_dir():
        from .workbook import read_workbook

        book = read_workbook(list(inputs), lang)
        error = book.error(lang)
        if error is not None:
            raise error
        yield from ((u.source, u.document) for u in book.units if u.document is not None)
        return
    if first.is_file() and first.suffix.lower() == ".json":
        yield str(first), read_document(first)
        return
    if not first.is_dir() and first.suffix.lower() != ".jsonl":
        raise InputError(str(first), "", say("sheets.error.unknown_kind", lang, name=first.name))
    good: list[tuple[str, Document]] = []
    bad: list[InputError] = []
    for item in read_items(first):
        try:
            if item.problem is not None:
                raise item.error()
            good.append((item.source, parse_document(item.data, item.source)))
        except InputError as error:
            bad.append(error)
    if bad:
        every = InputError(bad[0].source, bad[0].path, bad[0].message,
                           message_en=bad[0].message_en)
        every.more = [
            (f"{e.source}: {e.path}" if e.path else e.source, e.message) for e in bad[1:]]
        every.more_en = [
            (f"{e.source}: {e.path}" if e.path else e.source, e.message_in("en"))
            for e in bad[1:]]
        raise every
    yield from good


def _pretty(document: Document) -> bytes:
    return document.model_dump_json(indent=2).encode() + b"\n"


def _name(document: Document) -> str:
    if isinstance(document, Commune):
        return f"{document.unit_code}.json"
    return f"report-{document.province_code or 'province'}-{document.year}.json"


def _directory(folder: Path, documents: list[tuple[str, Document]], lang: Lang) -> None:
    names: dict[str, str] = {}
    for source, document in documents:
        name = _name(document)
        if name in names:
            raise InputError(source, "", say("sheets.error.duplicate_file", lang, name=name,
                                             first=names[name], second=source))
        names[name] = source
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(str(folder), say("sheets.error.cannot_write", lang,
                                           problem=os_reason_in(error, lang))) from None
    for _, document in documents:
        _atomic(folder / _name(document), _pretty(document), lang)


def _atomic(path: Path, data: bytes, lang: Lang) -> None:
    atomic(path, lambda temp: temp.write_bytes(data), lang)


def atomic(path: Path, write: Callable[[Path], object], lang: Lang) -> None:
    """``write`` a temporary file beside ``path``, then rename it: the output is whole or not
    there (never half a workbook). Its permissions are an ordinary new file's (umask)."""
    temp = ""
    try:
        handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp",
                                        dir=path.parent if str(path.parent) else ".")
        os.close(handle)
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(temp, 0o666 & ~mask)
        write(Path(temp))
        os.replace(temp, path)
    except OSError as error:
        raise OutputError(str(path), say("sheets.error.cannot_write", lang,
                                         problem=os_reason_in(error, lang))) from None
    finally:
        if temp and os.path.exists(temp):
            os.unlink(temp)


__all__ = ["Converted", "atomic", "convert"]
