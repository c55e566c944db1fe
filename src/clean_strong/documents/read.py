"""Reading inputs: one JSON file, a directory of them, a JSONL file, a workbook (``.xlsx``) or a
CSV table — the one reader that ``batch``, the auditor tools and the reports use.

A file's size is checked before it is read (never more than ``MAX_BYTES``); a JSONL file is
read a bounded line at a time, so one huge line is one error and costs no memory.
"""

from __future__ import annotations

import errno
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from ..errors import InputError
from ..words import Lang, both, catalogue, default_lang, say
from ..words.format import number as format_number
from .parse import MAX_BYTES, Document, parse_document, refused
from .workbook import TABLE_SUFFIXES, read_workbook, workbook_documents


@dataclass(frozen=True)
class Item:
    """One input document, not yet parsed."""

    source: str
    data: bytes
    problem: str | None = None  # could not be read at all (Vietnamese)
    path: str = ""  # where the problem is, when known (a workbook's cell: "Đơn vị!C12 (…)")
    problem_en: str | None = None  # the problem in English

    def error(self) -> InputError:
        """The problem as an :class:`InputError` in both languages."""
        return InputError(self.source, self.path, self.problem or "",
                          message_en=self.problem_en)


def read_bounded(path: Path | str) -> bytes:
    """A file's bytes, refused from its size alone when over ``MAX_BYTES`` (never read)."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise refused(str(path), "", "file_too_large", size=_count(size),
                          limit=_count(MAX_BYTES))
        return path.read_bytes()
    except OSError as error:
        raise refused(str(path), "", "cannot_read", reason=os_reason(error)) from None


def os_reason(error: OSError) -> tuple[str, str]:
    """Why the system could not read a file, in both languages (by its error number)."""
    name = errno.errorcode.get(error.errno or 0, "")
    if f"errors.os.{name}" in catalogue():
        return both(f"errors.os.{name}")
    return both("errors.os.other", code=name or str(error.errno))


def _count(value: int) -> tuple[str, str]:
    return format_number(value, "vi"), format_number(value, "en")


def read_document(path: Path | str) -> Document:
    """Read and validate one JSON file (or a workbook or CSV table holding one unit)."""
    path = Path(path)
    if _tabular(path):
        documents = workbook_documents(path)
        if len(documents) != 1:
            raise InputError(str(path), "", say("sheets.error.one_unit", default_lang(),
                                                count=len(documents)))
        return documents[0][1]
    return parse_document(read_bounded(path), str(path))


def _tabular(path: Path) -> bool:
    return path.suffix.lower() in TABLE_SUFFIXES and not path.is_dir()


def read_items(path: Path) -> Iterator[Item]:
    """A directory's ``*.json`` files in file-name order, a JSONL file's non-blank lines, or a
    workbook's (or CSV table's) units in row order: one item per unit, its data the canonical
    JSON of the document read, or a problem naming every bad cell of the unit."""
    if _tabular(path):
        yield from _workbook_items(path)
        return
    if path.is_dir():
        for file in sorted(p for p in path.iterdir() if p.suffix.lower() == ".json"):
            yield _file_item(file)
        return
    # lines of several kB: a 64 kB buffer reads them ~4x faster than the default 8 kB
    with path.open("rb", buffering=1 << 16) as stream:
        number = 0
        while line := stream.readline(MAX_BYTES + 1):  # bounded: never a whole huge line
            number += 1
            if len(line) > MAX_BYTES and not line.endswith(b"\n"):
                size = len(line) + _skip_line(stream)
                vi, en = both("errors.line_too_large", size=_count(size), limit=_count(MAX_BYTES))
                yield Item(f"{path}:{number}", b"", vi, problem_en=en)
            elif line.strip():
                yield Item(f"{path}:{number}", line)


def _skip_line(stream: IO[bytes]) -> int:
    skipped = 0
    while chunk := stream.readline(1 << 20):
        skipped += len(chunk)
        if chunk.endswith(b"\n"):
            break
    return skipped


def _file_item(file: Path) -> Item:
    try:
        return Item(str(file), read_bounded(file))
    except InputError as error:  # answered in its turn, as an error record
        return Item(str(file), b"", error.message, problem_en=error.message_en)


def _workbook_items(path: Path) -> Iterator[Item]:
    lang = default_lang()
    try:
        book = read_workbook(path, lang)
    except InputError as error:
        yield Item(str(path), b"", error.message, error.path)
        return
    if book.problems or not book.units:  # the workbook as a whole: nothing of it is read
        whole = book.error(lang)
        assert whole is not None
        yield Item(str(path), b"", _joined(whole.message, getattr(whole, "more", []), lang),
                   whole.path)
        return
    for unit in book.units:
        if unit.document is not None and not unit.problems:
            yield Item(unit.source, unit.document.model_dump_json().encode())
        else:
            problems = sorted(unit.problems, key=lambda p: p.order)
            rest = [(p.where, p.message) for p in problems[1:]]
            yield Item(unit.source, b"", _joined(problems[0].message, rest, lang),
                       problems[0].where)


def _joined(message: str, more: list[tuple[str, str]], lang: Lang) -> str:
    """One error record's message: the first problem, then every other with its cell."""
    if not more:
        return message
    rest = "; ".join(f"{where}: {problem}" for where, problem in more)
    return message + say("sheets.error.more_problems", lang, count=len(more), rest=rest)


def read_documents(path: Path) -> list[tuple[str, Document]]:
    """Every document of a JSON file, a directory of them or a JSONL file, each with where it
    came from (``file:line`` for JSONL), validated; the first bad one is an
    :class:`InputError` naming it."""
    if not path.exists():
        raise refused(str(path), "", "no_such_file")
    if _tabular(path):
        return workbook_documents(path)
    if path.is_file() and path.suffix.lower() != ".jsonl":
        return [(str(path), read_document(path))]
    documents: list[tuple[str, Document]] = []
    for item in read_items(path):
        if item.problem is not None:
            raise item.error()
        documents.append((item.source, parse_document(item.data, item.source)))
    if not documents:
        raise refused(str(path), "", "no_documents")
    return documents


__all__ = ["Item", "read_bounded", "read_document", "read_documents", "read_items"]
