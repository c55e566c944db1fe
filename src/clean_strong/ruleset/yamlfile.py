"""Rule files as plain data, with the true line of every value.

Only YAML's core types are accepted (maps, lists, strings, numbers, booleans, null, dates).
Any other tag (``!!python/object``...), anchors and aliases (the "billion laughs" bomb), merge
keys and duplicate keys are errors naming the line: a rule file is data, never code, and is
never expanded beyond its own size.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

MAX_BYTES = 1_000_000
MAX_DEPTH = 40

_CORE = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_CORE}{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")}

Path_ = tuple[str | int, ...]


class YamlProblem(ValueError):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.message = message


@dataclass
class YamlDocument:
    """A rule file's content and, for each path into it, the 1-based line of its value."""

    path: Path
    data: object
    lines: dict[Path_, int] = field(default_factory=dict)
    text: str = ""

    def line(self, where: Path_) -> int:
        """The line of the value at ``where``, or of its nearest located parent."""
        probe = tuple(where)
        while probe:
            if probe in self.lines:
                return self.lines[probe]
            probe = probe[:-1]
        return self.lines.get((), 1)


def load(path: Path) -> YamlDocument:
    """Read one YAML file safely; raises :class:`YamlProblem`."""
    raw = path.read_bytes()
    if len(raw) > MAX_BYTES:
        raise YamlProblem(1, f"file larger than {MAX_BYTES} bytes")
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
            key = yaml.constructor.construct_object(key_node, deep=True)
            key = ("true" if key else "false") if isinstance(key, bool) else str(key)
            if key in result:
                raise YamlProblem(key_line, f"duplicate key {key!r}")
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
        value = yaml.constructor.construct_object(node, deep=True)
        if isinstance(value, dt.datetime):
            raise YamlProblem(line, "a date is written YYYY-MM-DD, without a time")
        if isinstance(value, float) and value != value:  # NaN
            raise YamlProblem(line, "NaN is not a number a rule can use")
        return value
    raise YamlProblem(line, "unsupported YAML node")
