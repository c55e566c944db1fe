"""Rule files as plain data, with the true line of every value.

Only YAML's core types are accepted (maps, lists, strings, numbers, booleans, null, dates).
Any other tag (``!!python/object``...), anchors and aliases (the "billion laughs" bomb), merge
keys and duplicate keys are errors naming the line: a rule file is data, never code, and is
never expanded beyond its own size. Nesting is bounded from the parser's event stream before
anything is built, so no file can exhaust the recursion of the composer; an integer is bounded
by its digits before it is converted; a key may not be null. Each scalar keeps its span in the
source, so a problem inside a condition can name its true line and column
(:meth:`YamlDocument.position`), folded (``>-``) or not.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    MappingEndEvent,
    MappingStartEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..condition.lookalike import hint as lookalike_hint
from ..words import Words, as_words
from .files import MAX_BYTES, RuleFileError, read_bytes

MAX_DEPTH = 40
MAX_DIGITS = 15  # an integer a rule can compare exactly (floats hold 15 significant digits)

_CORE = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_CORE}{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")}

Path_ = tuple[str | int, ...]


class YamlProblem(ValueError):
    """Why a text is not a rule file, on ``line``: ``words`` in Vietnamese and English (the
    exception's own text, ``message``, is the English)."""

    def __init__(self, line: int, words: Words | str) -> None:
        self.words = as_words(words)
        self.message = self.words[1]
        super().__init__(f"line {line}: {self.message}")
        self.line = line


@dataclass
class YamlDocument:
    """A rule file's content and, for each path into it, the 1-based line of its value."""

    path: Path
    data: object
    lines: dict[Path_, int] = field(default_factory=dict)
    text: str = ""
    spans: dict[Path_, tuple[int, int, str | None]] = field(default_factory=dict)
    """Each scalar's (start, end) offsets in ``text`` and its style (None, '"', "'", '|', '>')."""

    def line(self, where: Path_) -> int:
        """The line of the value at ``where``, or of its nearest located parent."""
        probe = tuple(where)
        while probe:
            if probe in self.lines:
                return self.lines[probe]
            probe = probe[:-1]
        return self.lines.get((), 1)

    def position(self, where: Path_, offset: int) -> tuple[int, int]:
        """The 1-based (line, column) in the file of character ``offset`` of the string at
        ``where``; column 0 when the source cannot be aligned with the value (escapes)."""
        line = self.line(where)
        span = self.spans.get(tuple(where))
        value = _value_at(self.data, where)
        if span is None or not isinstance(value, str):
            return line, 0
        start, end, style = span
        source = self.text[start:end]
        j = 0
        if style in ("|", ">"):
            j = source.find("\n") + 1 if "\n" in source else len(source)
        elif style in ('"', "'"):
            j = 1
        i = 0
        target = min(offset, len(value))
        while i < target and j < len(source):
            if value[i] == source[j]:
                i += 1
                j += 1
            elif source[j] in " \t\r\n":
                j += 1
            elif value[i] in " \n":
                i += 1
            else:
                return line, 0
        while j < len(source) and source[j] in " \t\r\n" and (
                target >= len(value) or value[target] not in " \t\n"):
            j += 1
        absolute = start + j
        before = self.text[:absolute]
        return before.count("\n") + 1, absolute - (before.rfind("\n") + 1) + 1


def _value_at(data: object, where: Path_) -> object:
    node = data
    for part in where:
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            return None
    return node


def load(path: Path) -> YamlDocument:
    """Read one YAML file safely; raises :class:`YamlProblem` (or :class:`RuleFileError` when it
    is not a regular file, or is too large)."""
    raw = read_bytes(path, MAX_BYTES)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise YamlProblem(line, "not UTF-8 text") from None
    text = text.removeprefix("\ufeff")
    return parse(text, path)


def parse(text: str, path: Path = Path("<text>")) -> YamlDocument:
    yaml = YAML(typ="safe", pure=True)
    try:
        _bounded(yaml, text)
        root = yaml.compose(text)  # an alias is the anchored node itself, not a copy
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else 1
        raise YamlProblem(line, f"YAML syntax: {error.problem or error.context}") from None
    except YAMLError as error:
        raise YamlProblem(1, f"YAML syntax: {error}") from None
    document = YamlDocument(path=path, data=None, text=text)
    if root is None:
        document.data = None
        return document
    document.data = _plain(root, (), document, yaml, 0)
    return document


def _bounded(yaml: YAML, text: str) -> None:
    """Refuse nesting deeper than :data:`MAX_DEPTH` from the (iterative) parser's events, before
    the (recursive) composer builds anything."""
    depth = 0
    for event in yaml.parse(text):
        if isinstance(event, MappingStartEvent | SequenceStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                line = event.start_mark.line + 1 if event.start_mark else 1
                raise YamlProblem(line, f"nested deeper than {MAX_DEPTH} levels")
        elif isinstance(event, MappingEndEvent | SequenceEndEvent):
            depth -= 1


def _plain(node: Node, where: Path_, doc: YamlDocument, yaml: YAML, depth: int) -> object:
    line = node.start_mark.line + 1
    doc.lines[where] = line
    if node.anchor:  # before any alias of it (anchors come first): nothing is expanded
        raise YamlProblem(line, "anchors (&name) are not allowed in rule files")
    if depth > MAX_DEPTH:
        raise YamlProblem(line, f"nested deeper than {MAX_DEPTH} levels")
    if isinstance(node, MappingNode):
        if node.tag != f"{_CORE}map":
            raise YamlProblem(line, f"tag {node.tag!r} is not allowed in rule files")
        result: dict[str, object] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if key_node.tag == f"{_CORE}merge":
                raise YamlProblem(key_line, "merge keys (<<) are not allowed in rule files")
            if key_node.anchor:
                raise YamlProblem(key_line, "anchors (&name) are not allowed in rule files")
            if not isinstance(key_node, ScalarNode) or key_node.tag not in _SCALAR_TAGS:
                raise YamlProblem(key_line, "a key must be a plain word or number")
            if key_node.tag == f"{_CORE}null" or key_node.value == "":
                raise YamlProblem(key_line, "a key is missing before ':' (an empty or null key)")
            _check_digits(key_node)
            key = yaml.constructor.construct_object(key_node, deep=True)
            key = ("true" if key else "false") if isinstance(key, bool) else str(key)
            if key in result:
                raise YamlProblem(key_line, f"duplicate key {key!r}{lookalike_hint(key)}")
            result[key] = _plain(value_node, (*where, key), doc, yaml, depth + 1)
        return result
    if isinstance(node, SequenceNode):
        if node.tag != f"{_CORE}seq":
            raise YamlProblem(line, f"tag {node.tag!r} is not allowed in rule files")
        return [
            _plain(item, (*where, i), doc, yaml, depth + 1) for i, item in enumerate(node.value)
        ]
    if isinstance(node, ScalarNode):
        if node.tag not in _SCALAR_TAGS:
            raise YamlProblem(line, f"tag {node.tag!r} is not allowed in rule files")
        if node.style in ("|", ">"):
            doc.lines[where] = line + 1  # a block scalar's text starts on the next line
        doc.spans[where] = (node.start_mark.index, node.end_mark.index, node.style)
        _check_digits(node)
        value = yaml.constructor.construct_object(node, deep=True)
        if isinstance(value, dt.datetime):
            raise YamlProblem(line, "a date is written YYYY-MM-DD, without a time")
        if isinstance(value, float) and value != value:  # NaN
            raise YamlProblem(line, "NaN is not a number a rule can use")
        return value
    raise YamlProblem(line, "unsupported YAML node")


def _check_digits(node: ScalarNode) -> None:
    """An integer of more digits than a rule can use is refused from its text, before Python
    converts it (a 5,000-digit integer cannot even be printed in an error message)."""
    if node.tag != f"{_CORE}int":
        return
    digits = sum(ch.isdigit() for ch in str(node.value))
    if digits > MAX_DIGITS:
        raise YamlProblem(
            node.start_mark.line + 1,
            f"an integer of {digits:,} digits is too long for a rule (at most {MAX_DIGITS})")


__all__ = ["MAX_BYTES", "MAX_DEPTH", "RuleFileError", "YamlDocument", "YamlProblem", "load",
           "parse"]
