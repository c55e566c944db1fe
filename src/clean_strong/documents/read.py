"""Reading inputs: one JSON file, a directory of them, a JSONL file, a workbook (``.xlsx``) or a
CSV table, or standard input — the one reader that ``batch``, the auditor tools and the reports
use.

Only regular files (and ``-``, standard input) are read. A FIFO, a device, a socket or a
directory given as a file is refused from its ``stat`` before it is opened, and opened without
blocking (``O_NONBLOCK``) then checked again, so ``/dev/zero`` or a pipe nobody writes to
cannot hang a verb or fill its memory; inside an input directory such an entry is one error
record like any bad file. A file's size is checked before it is read and never more than
``MAX_BYTES`` are read (standard input included); a JSONL file is read a bounded line at a
time, so one huge line is one error and costs no memory.
"""

from __future__ import annotations

import json
import os
import stat
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, BinaryIO

from ..errors import InputError
from ..words import Lang, both, default_lang, say
from ..words.format import number as format_number
from ..words.system import os_reason
from .parse import MAX_BYTES, Document, parse_document, refused
from .workbook import TABLE_SUFFIXES, read_workbook, workbook_documents

STDIN = "-"  # the argument naming standard input
STDIN_SOURCE = "<stdin>"  # how standard input is named in errors and batch lines


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


def is_stdin(path: Path | str) -> bool:
    return str(path) == STDIN


def _kind(mode: int) -> str | None:
    """What a non-regular file is, in words; ``None`` for a regular file."""
    if stat.S_ISREG(mode):
        return None
    for test, kind in ((stat.S_ISDIR, "directory"), (stat.S_ISFIFO, "fifo"),
                       (stat.S_ISCHR, "character_device"), (stat.S_ISBLK, "block_device"),
                       (stat.S_ISSOCK, "socket")):
        if test(mode):
            return kind
    return "special"


def _refuse(path: Path | str, kind: str) -> InputError:
    return refused(str(path), "", "not_regular", kind=both(f"errors.file_kind.{kind}"))


def _why(source: str, error: OSError) -> InputError:
    return refused(source, "", "cannot_read", reason=os_reason(error))


def _count(value: int) -> tuple[str, str]:
    return format_number(value, "vi"), format_number(value, "en")


def check_input(path: Path | str, directory: bool = True) -> os.stat_result:
    """The ``stat`` of an input argument that can be read: ``-`` (standard input), a regular
    file, or (``directory``) a directory; anything else is an :class:`InputError`."""
    try:
        if is_stdin(path):
            return os.fstat(sys.stdin.fileno())
        found = os.stat(path)
    except OSError as error:
        source = STDIN_SOURCE if is_stdin(path) else str(path)
        raise _why(source, error) from None
    except ValueError:  # no standard input at all (closed, or replaced by an object)
        raise refused(STDIN_SOURCE, "", "no_stdin") from None
    kind = _kind(found.st_mode)
    if kind is not None and not (directory and stat.S_ISDIR(found.st_mode)):
        raise _refuse(path, kind)
    return found


def open_regular(path: Path | str, buffering: int = -1) -> BinaryIO:
    """A regular file opened for reading, never blocking: refused from its ``stat`` first, then
    opened with ``O_NONBLOCK`` and checked again (it may have been replaced in between)."""
    check_input(path, directory=False)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise _why(str(path), error) from None
    kind = _kind(os.fstat(fd).st_mode)
    if kind is not None:
        os.close(fd)
        raise _refuse(path, kind)
    os.set_blocking(fd, True)
    return os.fdopen(fd, "rb", buffering=buffering)


def read_bounded(path: Path | str) -> bytes:
    """A file's bytes (``-``: standard input's), refused when over ``MAX_BYTES``: a file from
    its size alone (never read), standard input after ``MAX_BYTES`` + 1 bytes."""
    source = STDIN_SOURCE if is_stdin(path) else str(path)
    try:
        if is_stdin(path):
            data = sys.stdin.buffer.read(MAX_BYTES + 1)
        else:
            with open_regular(path) as stream:
                size = os.fstat(stream.fileno()).st_size
                if size > MAX_BYTES:
                    raise refused(source, "", "file_too_large", size=_count(size),
                                  limit=_count(MAX_BYTES))
                data = stream.read(MAX_BYTES + 1)  # it may have grown since
    except OSError as error:
        raise _why(source, error) from None
    if len(data) > MAX_BYTES:
        raise refused(source, "", "stdin_too_large", limit=_count(MAX_BYTES))
    return data


def read_document(path: Path | str) -> Document:
    """Read and validate one JSON file (``-``: standard input), or a workbook or CSV table
    holding one unit."""
    if not is_stdin(path) and _tabular(Path(path)):
        check_input(path, directory=False)
        documents = workbook_documents(Path(path))
        if len(documents) != 1:
            vi, en = both("sheets.error.one_unit", count=len(documents))
            raise InputError(str(path), "", vi, message_en=en)
        return documents[0][1]
    return parse_document(read_bounded(path), STDIN_SOURCE if is_stdin(path) else str(path))


def _tabular(path: Path) -> bool:
    return path.suffix.lower() in TABLE_SUFFIXES


def read_items(path: Path) -> Iterator[Item]:
    """A directory's ``*.json`` files in file-name order, or a JSONL file's (``-``: standard
    input's) non-blank lines."""
    if is_stdin(path):
        yield from _lines(sys.stdin.buffer, STDIN_SOURCE)
        return
    found = check_input(path)
    if _tabular(path) and not stat.S_ISDIR(found.st_mode):
        yield from _workbook_items(path)
        return
    if stat.S_ISDIR(found.st_mode):
        try:
            files = sorted(p for p in path.iterdir() if p.suffix.lower() == ".json")
        except OSError as error:
            raise _why(str(path), error) from None
        for file in files:
            yield _file_item(file)
        return
    # lines of several kB: a 64 kB buffer reads them ~4x faster than the default 8 kB
    with open_regular(path, buffering=1 << 16) as stream:
        yield from _lines(stream, str(path))


def _lines(stream: IO[bytes], name: str) -> Iterator[Item]:
    number = 0
    try:
        while line := stream.readline(MAX_BYTES + 1):  # bounded: never a whole huge line
            number += 1
            if len(line) > MAX_BYTES and not line.endswith(b"\n"):
                size = len(line) + _skip_line(stream)
                vi, en = both("errors.line_too_large", size=_count(size), limit=_count(MAX_BYTES))
                yield Item(f"{name}:{number}", b"", vi, problem_en=en)
            elif line.strip():
                yield Item(f"{name}:{number}", line)
    except OSError as error:
        raise refused(name, "", "cannot_read_after", line=number, reason=os_reason(error)) from None


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
    """Every document of a JSON file, a directory of them, a JSONL file or standard input
    (``-``: one document, or JSONL when its first of several lines is a whole JSON value),
    each with where it came from (``file:line`` for JSONL), validated; the first bad one is an
    :class:`InputError` naming it."""
    if is_stdin(path):
        return _stdin_documents(read_bounded(path))
    found = check_input(path)
    if _tabular(path) and not stat.S_ISDIR(found.st_mode):
        return workbook_documents(path)
    if not stat.S_ISDIR(found.st_mode) and path.suffix.lower() != ".jsonl":
        return [(str(path), read_document(path))]
    documents: list[tuple[str, Document]] = []
    for item in read_items(path):
        if item.problem is not None:
            raise item.error()
        documents.append((item.source, parse_document(item.data, item.source)))
    if not documents:
        raise refused(str(path), "", "no_documents")
    return documents


def _stdin_documents(data: bytes) -> list[tuple[str, Document]]:
    lines = [(n, line) for n, line in enumerate(data.splitlines(), start=1) if line.strip()]
    if len(lines) > 1 and _whole_json(lines[0][1]):
        return [(f"{STDIN_SOURCE}:{n}", parse_document(line, f"{STDIN_SOURCE}:{n}"))
                for n, line in lines]
    return [(STDIN_SOURCE, parse_document(data, STDIN_SOURCE))]


def _whole_json(line: bytes) -> bool:
    try:
        json.loads(line)
    except ValueError:
        return False
    return True


__all__ = ["STDIN", "STDIN_SOURCE", "Item", "check_input", "is_stdin", "open_regular",
           "read_bounded", "read_document", "read_documents", "read_items"]
