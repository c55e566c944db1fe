"""Which words of an output are in the wrong language: the checker the language tests share.

In Vietnamese, a word of ``tests/lexicon/english.txt`` is English leaking through; in English,
a word with Vietnamese letters (diacritics, đ) is Vietnamese UI leaking the other way, unless it
is one of the Vietnamese legal terms the English keeps (``docs/glossary.md``, "Kept in
English"). In both, a code (a word with ``_``, a path with ``[3]``) is a code a person was shown
instead of words. Before looking, what is neither UI nor prose is taken out:

- proper names the caller gives (the document's unit, district and province names, officials'
  ids, quoted titles such as the article's “gần 50 %”), longest first;
- document titles: ``(Nghị định|Quyết định|Thông tư|Quy định|Hướng dẫn|Nghị quyết|Luật)`` up to
  the next ``; , ( ) [ ]`` or dash, and the titles the caller gives (a rule set's references);
- ``sha256:…`` digests, URLs, file paths, criterion ids and engine rule names (``CB-01``,
  ``CB-01:pass:19``), the tools' names (clean-strong, durable-rules) and, in text, code shown as
  code between backticks (a rule file's condition in ``rules show``).

For HTML, :func:`html_text` gives what a reader of one language sees: the other language's
spans left out, an ``<option>``'s ``data-<lang>`` and the ``title``/``aria-label`` a reader
of that language gets, scripts and styles and the language switch (the other language's own
name) left out.

Usage: ``assert not english_words(text, names)`` / ``assert not vietnamese_words(text, names)``;
each returns the offending words (with their context) so a failure says what leaked.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LEXICON = ROOT / "tests" / "lexicon" / "english.txt"
GLOSSARY = ROOT / "docs" / "glossary.md"
KEPT_HEADING = "## Kept in English"

TITLES = re.compile(
    r"(?:Nghị định|Quyết định|Thông tư|Quy định|Hướng dẫn|Nghị quyết|Luật)[^;,()\[\]\n—]*")
DIGEST = re.compile(r"sha256:[0-9a-f]+…?")
URL = re.compile(r"https?://\S+")
PATH = re.compile(r"(?:[\w.~-]*/)+[\w.-]+|\b[\w-]+\.(?:jsonl?|ya?ml|xlsx|csv|html|svg|md|py|png)\b")
CODE = re.compile(r"`[^`\n]*`")
IDS = re.compile(r"\b[A-Z]{2}-\d{2}(?::(?:pass|fail|unknown):\d+)?\b")
TOOLS = ("clean-strong", "clean_strong", "durable-rules")
WORD = re.compile(r"\w+")
PATH_INDEX = re.compile(r"\w\[\d+\]")


@cache
def lexicon() -> frozenset[str]:
    """The English words (at least 300) that are not also Vietnamese syllables."""
    words = [line.strip().lower() for line in LEXICON.read_text("utf-8").splitlines()]
    return frozenset(w for w in words if w and not w.startswith("#"))


@cache
def kept_terms() -> tuple[str, ...]:
    """The Vietnamese legal terms the English keeps, from the glossary's list (longest first)."""
    text = GLOSSARY.read_text("utf-8")
    if KEPT_HEADING not in text:
        raise AssertionError(f"{GLOSSARY}: no section {KEPT_HEADING!r}")
    section = text.split(KEPT_HEADING, 1)[1].split("\n## ", 1)[0]
    terms: list[str] = []
    for line in section.splitlines():
        if line.startswith("- "):
            terms.extend(t.strip(" *`") for t in line[2:].split(",") if t.strip(" *`"))
    return tuple(sorted(set(terms), key=len, reverse=True))


def strip(text: str, names: Iterable[str] = (), titles: Iterable[str] = ()) -> str:
    """``text`` without what is neither UI nor prose (see the module's docstring)."""
    text = unicodedata.normalize("NFC", text)
    given = _alternation(frozenset(n for n in (*names, *titles) if n))
    if given is not None:
        text = given.sub(" ", text)
    for pattern in (CODE, URL, DIGEST, TITLES, PATH, IDS):
        text = pattern.sub(" ", text)
    for tool in TOOLS:
        text = text.replace(tool, " ")
    return text


def _alternation(given: frozenset[str]) -> re.Pattern[str] | None:
    """One pattern for many names, the longest tried first."""
    if not given:
        return None
    ordered = sorted((unicodedata.normalize("NFC", n) for n in given), key=len, reverse=True)
    return re.compile("|".join(re.escape(n) for n in ordered))


def _context(text: str, start: int, end: int) -> str:
    return text[max(0, start - 30):end + 30].replace("\n", " ")


def codes(text: str) -> list[str]:
    """Codes shown instead of words: ``trung_cap``, ``officials[7]``."""
    found = [m.group(0) for m in WORD.finditer(text) if "_" in m.group(0).strip("_")]
    found += [_context(text, m.start(), m.end()) for m in PATH_INDEX.finditer(text)]
    return found


def english_words(text: str, names: Iterable[str] = (), titles: Iterable[str] = ()) -> list[str]:
    """In a Vietnamese output: the English words and the codes, each with its context."""
    clean = strip(text, names, titles)
    words = lexicon()
    found = [f"{m.group(0)!r} in …{_context(clean, m.start(), m.end())}…"
             for m in WORD.finditer(clean) if m.group(0).lower() in words]
    return found + codes(clean)


def _vietnamese(word: str) -> bool:
    return any(ord(ch) > 127 and ch.isalpha() for ch in word)


def vietnamese_words(text: str, names: Iterable[str] = (), titles: Iterable[str] = ()
                     ) -> list[str]:
    """In an English output: the Vietnamese words not kept as legal terms, and the codes."""
    clean = strip(text, names, titles)
    for term in kept_terms():
        clean = re.sub(rf"(?<!\w){re.escape(term)}(?!\w)", " ", clean, flags=re.IGNORECASE)
    found = [f"{m.group(0)!r} in …{_context(clean, m.start(), m.end())}…"
             for m in WORD.finditer(clean) if _vietnamese(m.group(0))]
    return found + codes(clean)


def wrong_words(text: str, lang: str, names: Iterable[str] = (), titles: Iterable[str] = ()
                ) -> list[str]:
    """:func:`english_words` of a Vietnamese text, :func:`vietnamese_words` of an English one."""
    check = english_words if lang == "vi" else vietnamese_words
    return check(text, names, titles)


# -- HTML --------------------------------------------------------------------------------------

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
         "source", "track", "wbr"}
_SKIPPED = {"script", "style"}
_INLINE = re.compile(r"<(script|style)\b[^>]*>.*?</\1>", re.S | re.I)
_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")


class _Visible(HTMLParser):
    def __init__(self, lang: str) -> None:
        super().__init__(convert_charrefs=True)
        self.lang = lang
        self.parts: list[str] = []
        self.stack: list[bool] = []  # per open element: is its content hidden

    def _hidden(self) -> bool:
        return bool(self.stack) and self.stack[-1]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        hidden = self._hidden() or tag in _SKIPPED or found.get("id") == "lang-switch" or (
            "lang" in found and found["lang"] != self.lang and tag != "html")
        if not hidden:
            for name in _ATTRIBUTES:
                value = found.get(f"data-{name.split('-')[-1]}-{self.lang}", found.get(name))
                if value:
                    self.parts.append(f" {value} ")
        replaced = f"data-{self.lang}" in found
        if replaced and not hidden:
            self.parts.append(f" {found[f'data-{self.lang}']} ")
        if tag not in _VOID:
            self.stack.append(hidden or replaced)
        self.parts.append(" ")  # an element's edge separates words (<dt>…</dt><dd>…)

    def handle_endtag(self, tag: str) -> None:
        if tag not in _VOID and self.stack:
            self.stack.pop()
        self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._hidden():
            self.parts.append(data)


def html_text(html: str, lang: str) -> str:
    """What a reader of ``lang`` sees of a page (and hears: titles, labels)."""
    parser = _Visible(lang)
    parser.feed(_INLINE.sub("", html))  # inline CSS and JS are no one's words
    parser.close()
    return " ".join("".join(parser.parts).split())


__all__ = ["codes", "english_words", "html_text", "kept_terms", "lexicon", "strip",
           "vietnamese_words", "wrong_words"]
