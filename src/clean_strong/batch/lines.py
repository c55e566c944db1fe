"""One output line per input: the result with its ``source`` first, or an error record.

A worker writes its chunk's lines (~40 kB each) to a spool file and the parent appends that
file to the output (``sendfile``: in the kernel), instead of pickling them through a pipe and
copying them again in Python: at national scale this halves the parent's work.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO

import orjson

from ..documents import Item, parse_document
from ..errors import CleanStrongError, InputError
from ..evaluation import evaluate, resolve_ruleset
from ..ruleset import RuleSet

RulesetRef = str | Path


@dataclass(frozen=True)
class Line:
    """One output line and what the summary needs to know about it."""

    source: str
    data: bytes  # the JSON line without its newline, UTF-8 (bytes: never re-encoded)
    verdict: str | None  # None for an error record
    unit_code: str | None


@dataclass(frozen=True)
class Block:
    """Consecutive output lines, in input order, and where their bytes are."""

    lines: list[Line]  # spooled: their ``data`` left out, it is in the file
    spool: str | None = None  # a file written by a worker, appended to the output then removed

    def write_to(self, output: IO[bytes]) -> None:
        if self.spool is None:
            for line in self.lines:
                output.write(line.data)
                output.write(b"\n")
            return
        try:
            append(self.spool, output)
        finally:
            os.unlink(self.spool)


# -- one item --------------------------------------------------------------------------------

_rulesets: dict[str, RuleSet] = {}  # loaded once a process (forked workers inherit them)


def rules_of(ref: RulesetRef) -> RuleSet:
    key = str(ref)
    if key not in _rulesets:
        _rulesets[key] = resolve_ruleset(ref)
    return _rulesets[key]


def preload(ref: RulesetRef, rules: RuleSet | None = None) -> RuleSet:
    """Load (or register) the rule set before the pool forks, so workers inherit it; bad
    rules fail here, before any output (exit 4)."""
    _rulesets[str(ref)] = rules if rules is not None else resolve_ruleset(ref)
    return _rulesets[str(ref)]


def process(item: Item, ref: RulesetRef, explanations: bool = True) -> Line:
    """Evaluate one item; input problems become an error record, never an exception."""
    try:
        if item.problem is not None:
            raise item.error()
        document = parse_document(item.data, item.source)
        result = evaluate(document, rules_of(ref), source=item.source,
                          explanations=explanations)
    except InputError as error:
        return error_line(item.source, error.exit_code, error.path, error.message,
                          error.message_in("en"))
    except CleanStrongError as error:
        if error.exit_code == 4:  # bad rules: nothing can be evaluated, stop the batch
            raise
        return error_line(item.source, error.exit_code, "", str(error))
    return Line(item.source, with_source(item.source, result.to_json_bytes()), result.verdict,
                result.unit.code)


def with_source(source: str, result_json: bytes) -> bytes:
    """A batch line: the result's JSON object with ``"source"`` as its first key."""
    return b'{"source":' + orjson.dumps(source) + b"," + result_json[1:]


def error_line(source: str, code: int, path: str, message: str,
               message_en: str | None = None) -> Line:
    """An error record: ``message`` in Vietnamese, ``message_en`` in English (the same text
    when the error has no English)."""
    record = {"source": source, "error": {"code": code, "path": path, "message": message,
                                          "message_en": message_en or message}}
    text = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
    return Line(source, text.encode(), None, None)


def process_chunk(chunk: Sequence[Item], ref: RulesetRef, explanations: bool, spool: str) -> Block:
    """In a worker: the chunk's lines written to ``spool``, their summary sent back."""
    lines = [process(item, ref, explanations) for item in chunk]
    with open(spool, "wb") as out:
        out.write(b"\n".join(line.data for line in lines))
        out.write(b"\n")
    return Block([replace(line, data=b"") for line in lines], spool)


# sendfile cannot serve this pair of files (an old kernel, an O_APPEND file, a socket family):
# copy instead; any other error (a full disk, EIO) is the output's and is raised
_NO_SENDFILE = {errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSOCK, errno.EBADF}


def append(path: str, output: IO[bytes]) -> None:
    """Append a file to ``output``: ``sendfile`` in the kernel where it can, else copied."""
    output.flush()
    with open(path, "rb") as source:
        size, offset = os.fstat(source.fileno()).st_size, 0
        try:
            target = output.fileno()
        except (AttributeError, OSError, ValueError):  # not a file (a test's BytesIO)
            target = -1
        while target >= 0 and offset < size:
            try:
                sent = os.sendfile(target, source.fileno(), offset, size - offset)
            except OSError as error:
                if error.errno not in _NO_SENDFILE:
                    raise
                break
            if not sent:
                break
            offset += sent
        if offset < size:
            source.seek(offset)
            shutil.copyfileobj(source, output)


__all__ = ["Block", "Line", "RulesetRef", "append", "error_line", "preload", "process",
           "process_chunk", "rules_of", "with_source"]
