"""Problems found while reading rule files, each ``FILE:LINE: message``, root causes first.

Problems are listed in the order the rule set is read (manifest, parameters, derived inputs,
criteria, test cases), each file's by line, so a broken parameter is read before the
criteria that cannot use it; and those criteria say so, naming where the root problem is
(:attr:`Collector.broken`), rather than "unknown name".
"""

from __future__ import annotations

import datetime as dt
import difflib
import typing
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..condition.lookalike import ascii_for, hint_words
from ..documents.problems import problem as field_problem
from ..errors import Problem
from ..words import Words, both
from ..words.system import os_reason
from .files import RuleFileError
from .yamlfile import YamlDocument, YamlProblem, load

M = TypeVar("M", bound=BaseModel)


class Collector:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.problems: list[Problem] = []
        self.broken: dict[str, tuple[Path, int]] = {}
        """Names whose definition has a problem: a use of one points at it."""
        self.unreadable: list[Path] = []
        """Files that could not be read at all: every name they define is unknown."""

    def add(self, file: Path, line: int, words: Words, column: int = 0) -> None:
        """The problem ``words`` (Vietnamese, English) at ``FILE:LINE[:COLUMN]``."""
        self.problems.append(Problem.of(display(file), line, words, column))

    def read(self, path: Path) -> YamlDocument | None:
        try:
            return load(path)
        except YamlProblem as problem:
            self.add(path, problem.line, problem.words)
        except RuleFileError as error:
            self.add(path, 0, error.words)
        except OSError as error:  # the system's own words in English, as they always were
            reason = (os_reason(error)[0], str(error.strerror or os_reason(error)[1]))
            self.add(path, 0, both("rulecheck.read.cannot_read", reason=reason))
        self.unreadable.append(path)
        return None

    def validate(
        self, model: type[M], data: object, doc: YamlDocument, at: tuple[str | int, ...] = ()
    ) -> M | None:
        try:
            return model.model_validate(data)
        except ValidationError as error:
            items = error.errors()
            kept = [item for item in items if _fits(item["loc"], data)] or items
            kept = _misspelt_for_missing(kept, data)
            for item in kept:
                loc = _data_path(item["loc"], data)
                where = (*at, *loc)
                label = ".".join(str(part) for part in where)
                message = _pydantic_message(item, model, loc, data)
                self.add(doc.path, doc.line(where),
                         both("rulecheck.at", label=label, message=message) if label else
                         both("rulecheck.at_file", message=message))
        return None

    def ordered(self) -> list[Problem]:
        """The problems without repeats, files in the order they were read, each by line."""
        files: dict[str, list[Problem]] = {}
        for problem in dict.fromkeys(self.problems):
            files.setdefault(problem.file, []).append(problem)
        return [p for group in files.values() for p in sorted(group)]


def _misspelt_for_missing(items: list[Any], data: object) -> list[Any]:
    """A required key reported missing because it was misspelt (``cоndition`` with a Cyrillic
    ``о``, ``mandatroy``) is one problem, on the misspelt key's line: the missing-key error of
    that key is dropped and the unknown-key error names it."""
    extra = {tuple(_data_path(i["loc"], data)): i for i in items if i["type"] == "extra_forbidden"}
    out: list[Any] = []
    for item in items:
        if item["type"] != "missing":
            out.append(item)
            continue
        loc = _data_path(item["loc"], data)
        wanted = str(loc[-1]) if loc else ""
        for where, other in extra.items():
            key = str(where[-1]) if where else ""
            if where[:-1] == loc[:-1] and (_ascii(key) == wanted or difflib.SequenceMatcher(
                    None, key, wanted).ratio() >= 0.7):
                other["ctx"] = {**(other.get("ctx") or {}), "meant": wanted}
                break
        else:
            out.append(item)
    return out


def _ascii(text: str) -> str:
    return "".join(ch if ch.isascii() else (ascii_for(ch) or ch) for ch in text)


def _data_path(loc: tuple[Any, ...], data: object) -> tuple[str | int, ...]:
    """The location as keys of the data: pydantic's union tags (``bool``, ``list[Dated[bool]]``)
    and model names are not keys a person wrote, and are left out."""
    out: list[str | int] = []
    node: object = data
    for part in loc:
        key = _yaml_key(part)
        if isinstance(node, dict) and isinstance(key, str) and key in node:
            out.append(key)
            node = node[key]
        elif isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
            out.append(key)
            node = node[key]
        elif isinstance(node, dict) and isinstance(key, str) and _is_field(key):
            out.append(key)  # a required key that is missing, or a model field
            node = None
    return tuple(out)


def _is_field(part: str) -> bool:
    return not any(ch in part for ch in "[]()-") and part not in _SCALAR_TAGS


_SCALAR_TAGS = {"bool", "str", "int", "float", "date", "list", "dict", "none"}


def _fits(loc: tuple[Any, ...], data: object) -> bool:
    """Whether an error of one branch of a union fits the shape of the data it is about: a
    list was written, so the error of the plain-value branch is noise, and the other way round."""
    node: object = data
    for part in loc:
        key = _yaml_key(part)
        if isinstance(key, str) and (key.startswith("list[") or key in _SCALAR_TAGS):
            if key.startswith("list["):
                return isinstance(node, list)
            return not isinstance(node, list | dict)
        if isinstance(node, dict) and key in node:
            node = node[key]
        elif isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
            node = node[key]
        else:
            return True
    return True


def _yaml_key(part: str | int) -> str | int:
    if part == "from_":
        return "from"
    return "pass" if part == "pass_" else part


def _pydantic_message(item: Any, model: type[BaseModel], loc: tuple[str | int, ...],
                      data: object) -> Words:
    """One pydantic error item in words: a rule file's keys and values in the rule layer's
    own (``rulecheck.*``), the generic kinds (patterns, ranges, types) as input documents
    word them (:func:`clean_strong.documents.problems.problem`)."""
    kind = item["type"]
    ctx = item.get("ctx") or {}
    if kind == "worded":  # a check of the schema, worded where it is made (schema.worded)
        return str(ctx["problem"]), str(ctx["problem_en"])
    if kind == "extra_forbidden":
        key = str(loc[-1]) if loc else ""
        meant = ctx.get("meant")
        if meant:
            return both("rulecheck.key.unknown_meant", hint=hint_words(key), meant=repr(meant))
        allowed = _allowed_keys(model, item["loc"][:-1])
        close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        hint = hint_words(key)
        if not any(hint) and close:
            hint = both("rulecheck.key.did_you_mean", key=repr(close[0]))
        if not any(hint) and allowed:
            hint = both("rulecheck.key.allowed", keys=", ".join(repr(k) for k in allowed))
        return both("rulecheck.key.unknown", hint=hint)
    if kind == "missing":
        return both("rulecheck.key.missing")
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return both("rulecheck.value.mapping", found=_found(item.get("input")))
    if kind == "list_type":
        return both("rulecheck.value.list", found=_found(item.get("input")))
    if kind == "date_from_datetime_inexact":
        return both("rulecheck.value.date_inexact")
    if kind.startswith("date_"):
        return both("rulecheck.value.date", found=_found(item.get("input")))
    if kind == "value_error":
        return both("rulecheck.value.invalid", detail=("", str(item["msg"])))
    if kind in _TYPES:  # the wanted kind as documents word it, what was written as YAML's
        wanted = both(f"errors.field.wanted.{_TYPES[kind]}")
        return both("errors.field.expected_type", wanted=wanted, found=_found(item["input"]))
    found = field_problem(item)
    words: Words = (found.vi, found.en)
    if kind in ("string_pattern_mismatch", "literal_error"):
        hint = hint_words(str(item.get("input", "")))
        words = (words[0] + hint[0], words[1] + hint[1])
    return words


# a value of the wrong type (or a string that does not read as one): the type wanted
_TYPES = {"int_type": "int_type", "int_from_float": "int_from_float", "int_parsing": "int_type",
          "float_type": "float_type", "float_parsing": "float_type", "bool_type": "bool_type",
          "bool_parsing": "bool_type", "string_type": "string_type"}


def _found(value: object) -> Words:
    """What was written instead, in words: "chuỗi 'x'" / "string 'x'", "một danh sách"."""
    if isinstance(value, bool):
        return both("rulecheck.found.boolean", value=repr(str(value).lower()))
    if isinstance(value, str):
        return both("rulecheck.found.string", value=repr(value[:40]))
    if value is None:
        return both("rulecheck.found.null")
    if isinstance(value, int | float):
        return both("rulecheck.found.number", value=repr(value))
    if isinstance(value, dict):
        return both("rulecheck.found.mapping")
    if isinstance(value, list):
        return both("rulecheck.found.list")
    if isinstance(value, dt.date):
        return both("rulecheck.found.date", value=value.isoformat())
    return both("rulecheck.found.other", value=repr(value)[:40])


def _allowed_keys(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The keys a mapping at ``loc`` of ``model`` may have (best effort through unions)."""
    current: object = model
    for part in loc:
        if isinstance(part, int):
            continue
        found = _model_in(current)
        if found is None:
            return []
        name = "from_" if part == "from" else ("pass_" if part == "pass" else part)
        field = found.model_fields.get(str(name))
        if field is None:
            continue  # a union tag such as 'list[Dated[bool]]'
        current = field.annotation
    found = _model_in(current)
    if found is None:
        return []
    return [info.alias or name for name, info in found.model_fields.items()]


def _model_in(annotation: object) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def display(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
