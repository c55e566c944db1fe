"""Characters that look like the ASCII a name needs, pointed out by name.

A Cyrillic ``о`` in ``oversight.cоuncil_regular_sessions`` looks exactly like the Latin ``o``;
"unknown name" alone leaves a person staring at a correct-looking word. Names, keys and
vocabulary words are ASCII, so any other character in one is named with its Unicode name and
the ASCII it was probably meant to be.
"""

from __future__ import annotations

import unicodedata

from ..words import Words, both

# Letters of other scripts that are drawn like Latin ones, and punctuation that passes for ASCII.
_CONFUSABLE = {
    **dict(zip("аеорсухіјѕԁԛԝһӏ", "aeopcyxijsdqwhl", strict=True)),  # Cyrillic lower case
    **dict(zip("АВЕКМНОРСТХУІЈЅ", "ABEKMHOPCTXYIJS", strict=True)),  # Cyrillic upper case
    **dict(zip("αονρικτυχ", "aovpiktux", strict=True)),  # Greek lower case
    **dict(zip("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ", "ABEZHIKMNOPTYX", strict=True)),  # Greek upper case
    "ı": "i", "ȷ": "j",
    "−": "-", "–": "-", "—": "-", "‐": "-", "‑": "-",
    "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"',
    "‘": "'", "’": "'", "‚": "'", "′": "'",
    "\u00a0": " ", "\u202f": " ", "\u2009": " ",
    "≥": ">=", "≤": "<=", "≠": "!=", "×": "*", "÷": "/",
}
_INVISIBLE = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"}


def ascii_for(char: str) -> str | None:
    """The ASCII ``char`` was probably meant to be, or None."""
    if char in _CONFUSABLE:
        return _CONFUSABLE[char]
    if char in _INVISIBLE:
        return ""
    folded = unicodedata.normalize("NFKC", char)
    if folded != char and folded.isascii():
        return folded
    base = "".join(c for c in unicodedata.normalize("NFD", char.replace("đ", "d").replace(
        "Đ", "D")) if unicodedata.category(c) != "Mn")
    if base != char and base.isascii():
        return base
    return None


def describe_words(char: str) -> Words:
    """The character in words: ``ký tự 'о' (U+043E)``, ``'о' (U+043E CYRILLIC SMALL LETTER O)``
    (Unicode's names are English only, so the Vietnamese gives the code point alone)."""
    name = unicodedata.name(char, "")
    visible = char.isprintable() and char not in _INVISIBLE
    return both("lookalike.char" if visible else "lookalike.invisible", shown=repr(char),
                code=f"{ord(char):04X}", name=("", f" {name}" if name else ""))


def hint_words(text: str) -> Words:
    """``"; 'о' (U+043E CYRILLIC SMALL LETTER O) looks like the Latin 'o'"`` (and its
    Vietnamese) for the first character of ``text`` that is not ASCII, or empty words when it
    is all ASCII."""
    for char in str(text):
        if char.isascii():
            continue
        meant = ascii_for(char)
        found = describe_words(char)
        if meant is None:
            return both("lookalike.not_ascii", char=found)
        if meant == "":
            return both("lookalike.delete_invisible", char=found)
        if unicodedata.category(char).startswith("L") and len(meant) == 1 and meant.isalpha():
            script = unicodedata.name(char, "").split(" ")[0].capitalize() or "A non-ASCII"
            if script in ("Latin",):
                return both("lookalike.diacritic", char=found, meant=repr(meant))
            return both("lookalike.latin", char=found, meant=repr(meant))
        return both("lookalike.looks_like", char=found, meant=repr(meant))
    return "", ""


__all__ = ["ascii_for", "describe_words", "hint_words"]
