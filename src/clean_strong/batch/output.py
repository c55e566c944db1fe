"""Opening a batch's output file without destroying anything.

Refused before anything is opened for writing (exit 2): an output that is the input itself
(the same inode: a hard link, another spelling, standard input redirected from it) or that
lies in the input directory (it would be read back as input). The file is opened without
``O_TRUNC`` and locked (``flock``, exclusive, not waiting): a second batch on the same output
is refused at once with its bytes untouched (exit 7). Only then is it emptied, or, with
``--resume``, read back and checked to be a batch output (:mod:`.resume`).
"""

from __future__ import annotations

import errno
import fcntl
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

from ..documents import check_input, is_stdin
from ..errors import OutputError, UsageError
from ..words import Lang, say
from ..words.system import os_reason_in
from .resume import Resume, read_records

_NO_LOCKS = {"ENOLCK", "EOPNOTSUPP", "ENOTSUP", "EINVAL"}  # the file system has no flock


def cannot_write(error: OSError, lang: Lang) -> str:
    return say("output.cannot_write", lang, problem=os_reason_in(error, lang))


@dataclass
class Output:
    """An output file, open, locked, emptied or checked for resuming."""

    path: Path
    stream: BinaryIO
    resume: Resume | None
    lang: Lang
    regular: bool = True  # a regular file (it can be resumed), not a device or a pipe

    def __enter__(self) -> Output:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 trace: TracebackType | None) -> None:
        try:
            self.stream.close()  # the lock goes with the file
        except OSError as error:
            if kind is None:  # a failure already on its way is the one to report
                raise OutputError(str(self.path), cannot_write(error, self.lang)) from None


def open_output(path: Path, source: Path, *, resume: bool, lang: Lang) -> Output:
    """``path`` open for the batch of ``source``; :class:`UsageError` or :class:`OutputError`
    (nothing written) when it must not or cannot be."""
    name = str(path)
    given = check_input(source)
    _refuse_input(path, source, given, lang)
    try:
        fd = os.open(path, (os.O_RDWR if resume else os.O_WRONLY) | os.O_CREAT
                     | getattr(os, "O_CLOEXEC", 0), 0o666)
    except OSError as error:
        raise OutputError(name, cannot_write(error, lang)) from None
    try:
        found = os.fstat(fd)
        if _same(found, given):  # made the same between the check and the open
            raise UsageError(say("output.is_input", lang, output=name, input=source))
        regular = stat.S_ISREG(found.st_mode)
        if regular:
            _lock(fd, path, lang)
        if resume and not regular:
            raise OutputError(name, say("output.resume_not_a_file", lang))
        stream = os.fdopen(fd, "r+b" if resume else "wb", buffering=1 << 16)
    except BaseException:
        os.close(fd)
        raise
    try:
        if not resume:
            if regular:
                os.ftruncate(fd, 0)
            return Output(path, stream, None, lang, regular)
        records, size = read_records(stream, name, lang)
        return Output(path, stream, Resume(records, size, fd, stream, name, lang), lang)
    except OSError as error:
        stream.close()
        raise OutputError(name, cannot_write(error, lang)) from None
    except BaseException:
        stream.close()
        raise


def _refuse_input(path: Path, source: Path, given: os.stat_result, lang: Lang) -> None:
    try:
        existing = os.stat(path)
    except OSError:
        existing = None
    if existing is not None and _same(existing, given):
        raise UsageError(say("output.is_input", lang, output=path, input=source))
    if is_stdin(source) or not stat.S_ISDIR(given.st_mode):
        return
    try:
        parent = os.stat(path.resolve().parent)
    except OSError:
        return  # opening it will say what is wrong
    if (parent.st_dev, parent.st_ino) == (given.st_dev, given.st_ino):
        raise UsageError(say("output.in_input", lang, output=path, input=source))


def _same(found: os.stat_result, given: os.stat_result) -> bool:
    """The same file as the input (a regular file: ``/dev/null`` may be both)."""
    return stat.S_ISREG(given.st_mode) and (found.st_dev, found.st_ino) == (
        given.st_dev, given.st_ino)


def _lock(fd: int, path: Path, lang: Lang) -> None:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        raise OutputError(str(path), say("output.locked", lang)) from None
    except OSError as error:
        if errno.errorcode.get(error.errno or 0) not in _NO_LOCKS:
            raise OutputError(str(path), cannot_write(error, lang)) from None
    try:
        now = os.stat(path)
    except OSError as error:
        raise OutputError(str(path), cannot_write(error, lang)) from None
    mine = os.fstat(fd)
    if (now.st_dev, now.st_ino) != (mine.st_dev, mine.st_ino):  # replaced meanwhile
        raise OutputError(str(path), say("output.replaced", lang))


__all__ = ["Output", "cannot_write", "open_output"]
