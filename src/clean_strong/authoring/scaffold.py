"""``rules new``: a new rule set, copied from another, ready to lint and test.

The copy keeps every rule file and test case of its source (so it lints and its cases pass
from the first minute), gets its own name and version 0.1.0 in the manifest, and a disclaimer
and title that say plainly they must be rewritten before any report carries them. The manifest
is edited in place, value by value, at the spans the safe reader records: its comments and
layout stay those of the file a legal officer reads, and no other YAML loader is involved.
Only the rule set's own files are copied: never a link, a special file or a file that is not
a rule file (:func:`clean_strong.ruleset.files.inventory`).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from ..documents import refused
from ..errors import OutputError, Problem, RuleSetError
from ..ruleset import read_ruleset, resolve
from ..ruleset.files import inventory, read_bytes
from ..ruleset.schema import Manifest
from ..ruleset.yamlfile import YamlDocument, YamlProblem, parse
from ..words import Lang, both, default_lang, say
from ..words.system import os_reason_in

NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
DEFAULT_SOURCE = "dien-bien-2019"


def new_ruleset(name: str, target: Path, source: str | Path = DEFAULT_SOURCE,
                lang: Lang | None = None) -> Path:
    """Write rule set ``name`` into ``target`` (absent or empty), copied from ``source``; an
    output error in ``lang`` (default: :func:`~clean_strong.words.default_lang`)."""
    lang = lang or default_lang()
    if not NAME.match(name):
        raise refused(name, "name", "ruleset_name")
    root = resolve(source)
    original = read_ruleset(root)  # a source with problems is refused (exit 4), never copied
    files = inventory(root)  # read_ruleset refused any file problem already
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise OutputError(str(target), say("output.not_empty", lang))
    contents = {rel: read_bytes(path) for rel, path in files.files.items()}
    contents["ruleset.yaml"] = _manifest(contents["ruleset.yaml"], name, original.name)
    try:
        target.mkdir(parents=True, exist_ok=True)
        for rel, data in sorted(contents.items()):
            path = target / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "xb") as out:  # never through an existing file or link
                out.write(data)
    except OSError as error:
        raise OutputError(str(target), say("output.cannot_write", lang,
                                           problem=os_reason_in(error, lang))) from None
    return target


def _manifest(raw: bytes, name: str, source: str) -> bytes:
    """The source's manifest renamed, at version 0.1.0, its title and disclaimer marked to be
    rewritten (the old words kept after the mark, for the writer to start from)."""
    text = raw.decode("utf-8").removeprefix("\ufeff")
    try:
        doc = parse(text)
    except YamlProblem as error:  # the file changed since read_ruleset checked it: refuse
        raise RuleSetError([Problem.of("ruleset.yaml", error.line, error.words)]) from None
    manifest = Manifest.model_validate(doc.data)
    title = both("rules.new_title", name=name, source=source)
    disclaimer = both("rules.new_disclaimer", name=name, source=source)
    edits: dict[tuple[str | int, ...], str] = {
        ("name",): name,
        ("version",): "0.1.0",
        ("title", "vi"): f"{title[0]} {manifest.title.vi}",
        ("title", "en"): f"{title[1]} {manifest.title.en}",
        ("disclaimer", "vi"): f"{disclaimer[0]} {manifest.disclaimer.vi}",
        ("disclaimer", "en"): f"{disclaimer[1]} {manifest.disclaimer.en}",
    }
    edited = _splice(doc, edits)
    check = parse(edited)
    Manifest.model_validate(check.data)
    return edited.encode("utf-8")


def _splice(doc: YamlDocument, edits: dict[tuple[str | int, ...], str]) -> str:
    """``doc``'s text with the scalars at ``edits`` replaced, each as a double-quoted YAML
    string (JSON's escapes are YAML's), the rest of the text untouched."""
    text = doc.text
    spans = sorted(((doc.spans[where], value) for where, value in edits.items()),
                   key=lambda item: item[0][0], reverse=True)
    for (start, end, style), value in spans:
        original = text[start:end]
        trailing = original[len(original.rstrip("\n")):]
        text = text[:start] + _scalar(value, style) + trailing + text[end:]
    return text


def _scalar(value: str, style: str | None) -> str:
    """A plain scalar stays plain when it reads back as the same string (``lai-chau-2024``,
    ``0.1.0``); anything else is double-quoted."""
    if style is None and "\n" not in value:
        try:
            if parse(f"x: {value}\n").data == {"x": value}:
                return value
        except YamlProblem:
            pass
    return json.dumps(value, ensure_ascii=False)


def needs_rewriting(text: str) -> bool:
    """Whether a title or disclaimer still carries the mark ``rules new`` put on it."""
    marks = both("rules.new_mark")
    return any(mark in text for mark in marks)


__all__ = ["DEFAULT_SOURCE", "needs_rewriting", "new_ruleset"]
