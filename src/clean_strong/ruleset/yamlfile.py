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
import re
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

from ..condition.lookalike import hint_words
from ..words import Words, both, say
from ..words.format import number
from .files import MAX_BYTES, RuleFileError, read_bytes

MAX_DEPTH = 40
MAX_DIGITS = 15  # an integer a rule can compare exactly (floats hold 15 significant digits)

_CORE = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_CORE}{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")}

Path_ = tuple[str | int, ...]


class YamlProblem(ValueError):
    """Why a text is not a rule file, on ``line``: ``words`` in Vietnamese and English (the
    exception's own text, ``message``, is the English)."""

    def __init__(self, line: int, words: Words) -> None:
        self.words = words
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
        raise YamlProblem(line, both("rulefile.yaml.not_utf8")) from None
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
        raise YamlProblem(line, _syntax(str(error.problem or error.context or ""))) from None
    except YAMLError as error:
        raise YamlProblem(1, _syntax(str(error))) from None
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
                raise YamlProblem(line, _too_deep())
        elif isinstance(event, MappingEndEvent | SequenceEndEvent):
            depth -= 1


def _plain(node: Node, where: Path_, doc: YamlDocument, yaml: YAML, depth: int) -> object:
    line = node.start_mark.line + 1
    doc.lines[where] = line
    if node.anchor:  # before any alias of it (anchors come first): nothing is expanded
        raise YamlProblem(line, both("rulefile.yaml.anchor"))
    if depth > MAX_DEPTH:
        raise YamlProblem(line, _too_deep())
    if isinstance(node, MappingNode):
        if node.tag != f"{_CORE}map":
            raise YamlProblem(line, _tag(node.tag))
        result: dict[str, object] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if key_node.tag == f"{_CORE}merge":
                raise YamlProblem(key_line, both("rulefile.yaml.merge"))
            if key_node.anchor:
                raise YamlProblem(key_line, both("rulefile.yaml.anchor"))
            if not isinstance(key_node, ScalarNode) or key_node.tag not in _SCALAR_TAGS:
                raise YamlProblem(key_line, both("rulefile.yaml.key_kind"))
            if key_node.tag == f"{_CORE}null" or key_node.value == "":
                raise YamlProblem(key_line, both("rulefile.yaml.key_missing"))
            _check_digits(key_node)
            key = yaml.constructor.construct_object(key_node, deep=True)
            key = ("true" if key else "false") if isinstance(key, bool) else str(key)
            if key in result:
                raise YamlProblem(key_line, both("rulefile.yaml.duplicate_key", key=repr(key),
                                                 hint=hint_words(key)))
            result[key] = _plain(value_node, (*where, key), doc, yaml, depth + 1)
        return result
    if isinstance(node, SequenceNode):
        if node.tag != f"{_CORE}seq":
            raise YamlProblem(line, _tag(node.tag))
        return [
            _plain(item, (*where, i), doc, yaml, depth + 1) for i, item in enumerate(node.value)
        ]
    if isinstance(node, ScalarNode):
        if node.tag not in _SCALAR_TAGS:
            raise YamlProblem(line, _tag(node.tag))
        if node.style in ("|", ">"):
            doc.lines[where] = line + 1  # a block scalar's text starts on the next line
        doc.spans[where] = (node.start_mark.index, node.end_mark.index, node.style)
        _check_digits(node)
        try:
            value = yaml.constructor.construct_object(node, deep=True)
        except ValueError:  # a timestamp no calendar has: 2019-13-01, 2019-02-30
            raise YamlProblem(line, both("rulefile.yaml.no_such_day",
                                         text=repr(str(node.value)))) from None
        if isinstance(value, dt.datetime):
            raise YamlProblem(line, both("rulefile.yaml.datetime"))
        if isinstance(value, float) and value != value:  # NaN
            raise YamlProblem(line, both("rulefile.yaml.nan"))
        return value
    raise YamlProblem(line, both("rulefile.yaml.unsupported"))


def _check_digits(node: ScalarNode) -> None:
    """An integer of more digits than a rule can use is refused from its text, before Python
    converts it (a 5,000-digit integer cannot even be printed in an error message)."""
    if node.tag != f"{_CORE}int":
        return
    digits = sum(ch.isdigit() for ch in str(node.value))
    if digits > MAX_DIGITS:
        raise YamlProblem(
            node.start_mark.line + 1,
            both("rulefile.yaml.long_integer", digits=(number(digits, "vi"), number(digits, "en")),
                 most=str(MAX_DIGITS)))


def _too_deep() -> Words:
    return both("rulefile.yaml.too_deep", depth=str(MAX_DEPTH))


def _tag(tag: str | None) -> Words:
    return both("rulefile.yaml.tag", tag=repr(tag))


# The YAML reader's problems (its English), each with the entry that says it in Vietnamese and
# the part of it ({found}, a character or a token as the reader quotes it) that entry repeats.
_PARSER = (
    (re.compile(r"mapping values are not allowed here"), "mapping_values"),
    (re.compile(r"could not find expected ':'"), "expected_colon"),
    (re.compile(r"found character (.+) that cannot start any token"), "bad_start"),
    (re.compile(r"found unexpected end of stream"), "end_of_stream"),
    (re.compile(r"expected <block end>, but found (.+)"), "block_end"),
    (re.compile(r"expected ',' or '\]', but got (.+)"), "flow_sequence"),
    (re.compile(r"expected ',' or '\}', but got (.+)"), "flow_mapping"),
    (re.compile(r"sequence entries are not allowed here"), "sequence_entry"),
    (re.compile(r"found unknown escape character (.+)"), "escape"),
    (re.compile(r"found undefined alias (.+)"), "alias"),
    (re.compile(r"expected a single document in the stream|but found another document"),
     "one_document"),
    (re.compile(r"found unexpected ':'"), "stray_colon"),
    (re.compile(r"expected the node content, but found (.+)"), "no_content"),
)

_TOKENS = {"block_end", "flow_sequence", "flow_mapping", "no_content"}  # {found}: a token


def _syntax(detail: str) -> Words:
    """``YAML syntax: <the reader's words>``; in Vietnamese, the reader's problem in words of
    the catalogue (a general sentence when it is not one of those known)."""
    detail = " ".join(detail.split())
    said = say("rulefile.yaml.parser.other", "vi")
    for pattern, key in _PARSER:
        match = pattern.search(detail)
        if match is not None:
            found = match.group(1).strip() if match.groups() and key not in _TOKENS else ""
            said = say(f"rulefile.yaml.parser.{key}", "vi", found=found)
            break
    return both("rulefile.yaml.syntax", detail=(said, detail or said))


__all__ = ["MAX_BYTES", "MAX_DEPTH", "RuleFileError", "YamlDocument", "YamlProblem", "load",
           "parse"]
