"""Resuming a batch: which lines of an existing output still answer the input, and where to
cut it.

An output is resumed only if every complete line is a batch record (a result or an error
record with ``source`` first); the last line may be torn (an interrupted write) and is cut.
Anything else is not an output of this tool and is left untouched. The input is then read
again from the start: line *i* is kept while it answers input *i* — at the same position
(the line number of a JSONL file, the file name in a directory: another spelling of the path
does not matter), from the same document (a result: the same ``input_hash``, rule-set hash and
library version; an error record: the same error today). At the first line that does not,
the output is cut and everything from there is evaluated again, so the output stays one line
per input, in input order, never a duplicate or a stale line.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import PurePath
from typing import IO, Any

import orjson

from ..documents import Item, parse_document
from ..errors import InputError, OutputError
from ..evaluation import input_hash
from ..ruleset import RuleSet
from ..words import Lang, say
from .lines import RulesetRef, process

HEAD = b'{"source":'
MAX_LINE = 1 << 26  # 64 MB: a longer "line" is not a batch record


@dataclass(frozen=True)
class Record:
    """One complete line of an existing output: where it is and what it answers."""

    start: int
    end: int
    source: str
    input_hash: str | None  # None: an error record
    ruleset_hash: str | None
    library_version: str | None
    error: Any = None  # the error record's ``error`` object


def read_records(stream: IO[bytes], name: str, lang: Lang) -> tuple[list[Record], int]:
    """The complete records of an output and its size; :class:`OutputError` if any complete
    line is not a batch record, or the torn last line does not begin like one."""
    records: list[Record] = []
    offset = 0
    number = 0
    stream.seek(0)
    while raw := stream.readline(MAX_LINE):
        number += 1
        if not raw.endswith(b"\n"):
            if len(raw) < MAX_LINE and (raw.startswith(HEAD) or HEAD.startswith(raw)):
                break  # a torn last line: cut when the output is resumed
            raise _foreign(name, number, say("batch.resume.torn", lang), lang)
        try:
            records.append(_record(raw, offset))
        except (ValueError, KeyError, TypeError) as error:
            raise _foreign(name, number, str(error), lang) from None
        offset += len(raw)
    return records, offset


def _foreign(name: str, number: int, why: str, lang: Lang) -> OutputError:
    return OutputError(name, say("batch.resume.foreign", lang, line=number, why=why))


def _record(raw: bytes, start: int) -> Record:
    if not raw.startswith(HEAD):
        raise ValueError('it does not begin with {"source":')
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        raise ValueError(f"not JSON: {error}") from None
    source = data["source"]
    if not isinstance(source, str):
        raise TypeError("its source is not a string")
    end = start + len(raw)
    if "error" in data:
        problem = data["error"]
        if not (isinstance(problem, dict) and {"code", "path", "message"} <= problem.keys()):
            raise ValueError("its error is not {code, path, message}")
        return Record(start, end, source, None, None, None, problem)
    if "verdict" not in data:
        raise ValueError("neither a result nor an error record")
    return Record(start, end, source, str(data["provenance"]["input_hash"]),
                  str(data["ruleset"]["hash"]), str(data["provenance"]["library_version"]))


def library_version() -> str:
    try:
        return metadata.version("clean-strong")
    except metadata.PackageNotFoundError:
        return "unknown"


class Resume:
    """Walks the input against an existing output's records; cuts the output once, where the
    first input that is not answered is (or where the records run past the input's end)."""

    def __init__(self, records: list[Record], size: int, fd: int, stream: IO[bytes],
                 name: str, lang: Lang) -> None:
        self.records = records
        self.size = size
        self._fd = fd
        self._stream = stream
        self.name = name
        self.lang = lang
        self.kept = 0
        self.kept_errors = 0
        self.cut_at: int | None = None
        self._rules: RuleSet | None = None
        self._ref: RulesetRef = ""
        self._version = library_version()
        self._position: Callable[[str], str] = _line_number
        self._input = ""

    def start(self, rules: RuleSet, ref: RulesetRef, source: str, directory: bool) -> None:
        self._rules, self._ref, self._input = rules, ref, source
        self._position = _file_name if directory else _line_number

    @property
    def dropped(self) -> int:
        return len(self.records) - self.kept

    def answered(self, index: int, item: Item) -> bool:
        """Whether the output's line ``index`` answers ``item`` (then it is kept); at the
        first that does not, the output is cut there."""
        if self.cut_at is not None:
            return False
        if index < len(self.records):
            record = self.records[index]
            why = self._mismatch(record, item)
            if why is None:
                self.kept += 1
                self.kept_errors += record.input_hash is None
                return True
            if index == 0:  # nothing matches: not this input's output, leave it untouched
                raise OutputError(self.name, say(
                    "batch.resume.unrelated", self.lang, lines=len(self.records),
                    source=record.source, input=item.source, why=why))
        self.cut(index)
        return False

    def finish(self, inputs: int) -> None:
        """The input ended: cut what follows its last answered line (a torn line, lines
        beyond the input's end)."""
        if self.cut_at is None:
            if inputs == 0 and self.records:
                raise OutputError(self.name, say(
                    "batch.resume.unrelated", self.lang, lines=len(self.records),
                    source=self.records[0].source, input=self._input,
                    why=say("batch.resume.empty_input", self.lang)))
            self.cut(inputs)

    def cut(self, index: int) -> None:
        offset = self.records[index].start if index < len(self.records) else (
            self.records[-1].end if self.records else 0)
        self.cut_at = index
        self._stream.flush()
        if offset != self.size:
            os.ftruncate(self._fd, offset)
        self._stream.seek(offset)

    def _mismatch(self, record: Record, item: Item) -> str | None:
        """Why ``record`` does not answer ``item``; ``None`` when it does."""
        assert self._rules is not None
        if self._position(record.source) != self._position(item.source):
            return say("batch.resume.position", self.lang, source=record.source)
        if record.input_hash is None:
            line = process(item, self._ref)
            if line.verdict is None and orjson.loads(line.data)["error"] == record.error:
                return None
            return say("batch.resume.error_changed", self.lang)
        if record.ruleset_hash != self._rules.hash:
            return say("batch.resume.rules_changed", self.lang)
        if record.library_version != self._version:
            return say("batch.resume.version_changed", self.lang,
                       version=record.library_version)
        try:
            if item.problem is None and input_hash(parse_document(item.data, item.source)) \
                    == record.input_hash:
                return None
        except InputError:
            pass
        return say("batch.resume.input_changed", self.lang)


def _line_number(source: str) -> str:
    return source.rpartition(":")[2]


def _file_name(source: str) -> str:
    return PurePath(source).name


__all__ = ["Record", "Resume", "library_version", "read_records"]
