"""The one catalogue of what a person reads, in Vietnamese (the default) and English.

Every sentence, label and message a renderer, the CLI, the web service or the audit notes
show comes from here: ``say("batch.summary", lang, inputs=...)``. The words are data, one TOML
file per area (``cli.toml``, ``report.toml`` …) beside this module; a key is the file's stem
and the entry's name (``batch.summary`` is ``[summary]`` in ``batch.toml``). Each entry has a
``vi`` and an ``en`` text with the same ``{placeholders}``; a test checks every entry (both
languages, the same placeholders, NFC text). Codes (``fail``, ``trung_cap``) stay in JSON;
people read these words.

Numbers and dates are written by :mod:`.format` in the language's way (2.698 and 90,2 % in
Vietnamese; 2,698 and 90.2% in English; 31/12/2019 in both). The language is chosen per call;
:func:`default_lang` reads ``CLEAN_STRONG_LANG`` (``vi`` when unset), so it can be set once.
"""

from __future__ import annotations

import os
import tomllib
from functools import cache
from importlib import resources
from typing import Literal

Lang = Literal["vi", "en"]
LANGS: tuple[Lang, ...] = ("vi", "en")
ENV = "CLEAN_STRONG_LANG"

Words = tuple[str, str]
"""The same words in Vietnamese and English, as :func:`both` gives them: a message made where a
problem is found and carried, in both languages, to where it is printed in the reader's."""


class Entry(tuple[str, str]):
    """One catalogue entry: its Vietnamese and English text."""

    __slots__ = ()

    @property
    def vi(self) -> str:
        return self[0]

    @property
    def en(self) -> str:
        return self[1]

    def get(self, lang: Lang) -> str:
        return self[0] if lang == "vi" else self[1]


def default_lang() -> Lang:
    """``CLEAN_STRONG_LANG`` if it names a language, else Vietnamese."""
    found = os.environ.get(ENV, "vi").strip().lower()
    return found if found in LANGS else "vi"


def lang_of(value: str | None) -> Lang:
    """A language code as given (``None``: the default); unknown codes give the default."""
    if value is None:
        return default_lang()
    found = value.strip().lower()
    return found if found in LANGS else default_lang()


@cache
def catalogue() -> dict[str, Entry]:
    """Every entry by key, read once from the TOML files shipped beside this module."""
    entries: dict[str, Entry] = {}
    folder = resources.files(__package__ or "clean_strong.words")
    for item in sorted(folder.iterdir(), key=lambda i: i.name):
        if not item.name.endswith(".toml"):
            continue
        area = item.name.removesuffix(".toml")
        data = tomllib.loads(item.read_text("utf-8"))
        for name, body in _flatten(data):
            entries[f"{area}.{name}"] = Entry((str(body["vi"]), str(body["en"])))
    return entries


def _flatten(data: dict[str, object], prefix: str = "") -> list[tuple[str, dict[str, object]]]:
    """Tables with ``vi``/``en`` are entries; other tables group them (``[errors.io]``)."""
    found: list[tuple[str, dict[str, object]]] = []
    for name, body in data.items():
        if not isinstance(body, dict):
            continue
        key = f"{prefix}{name}"
        if "vi" in body or "en" in body:
            found.append((key, body))
        else:
            found.extend(_flatten(body, key + "."))
    return found


def entry(key: str) -> Entry:
    """The entry ``key``; a missing key is a programming error (tests list every key used)."""
    return catalogue()[key]


def say(key: str, lang: Lang, /, **values: object) -> str:
    """The text of ``key`` in ``lang`` with its ``{placeholders}`` filled."""
    text = entry(key).get(lang)
    return text.format(**values) if values else text


def same(text: str) -> Words:
    """Words no language changes (a name, a path, a value as written) where words are wanted."""
    return text, text


def both(key: str, /, **values: object) -> Words:
    """``(vi, en)`` of ``key``, filled the same way (values already written per language
    can be given as ``(vi, en)`` pairs)."""
    out: list[str] = []
    for i, lang in enumerate(LANGS):
        filled = {k: (v[i] if isinstance(v, tuple) and len(v) == 2 else v)
                  for k, v in values.items()}
        out.append(say(key, lang, **filled))
    return out[0], out[1]


__all__ = ["ENV", "LANGS", "Entry", "Lang", "Words", "both", "catalogue",
           "default_lang", "entry", "lang_of", "same", "say"]
