"""Characters that look like the ASCII a name needs, pointed out by name.

A Cyrillic ``о`` in ``oversight.cоuncil_regular_sessions`` looks exactly like the Latin ``o``;
"unknown name" alone leaves a person staring at a correct-looking word. Names, keys and
vocabulary words are ASCII, so any other character in one is named with its Unicode name and
the ASCII it was probably meant to be.
"""

from __future__ import annotations

import unicodedata

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


def describe(char: str) -> str:
    """``'о' (U+043E CYRILLIC SMALL LETTER O)``."""
    name = unicodedata.name(char, "")
    code = f"U+{ord(char):04X}"
    shown = repr(char) if char.isprintable() and char not in _INVISIBLE else "an invisible"
    return f"{shown} ({code}{' ' + name if name else ''})"


def hint(text: str) -> str:
    """``"; 'о' (U+043E CYRILLIC SMALL LETTER O) looks like the Latin 'o'"`` for the first
    character of ``text`` that is not ASCII, or ``""`` when it is all ASCII."""
    for char in str(text):
        if char.isascii():
            continue
        meant = ascii_for(char)
        if meant is None:
            return f"; {describe(char)} is not ASCII: names and words are written in ASCII"
        if meant == "":
            return f"; it contains {describe(char)} character: delete it"
        if unicodedata.category(char).startswith("L") and len(meant) == 1 and meant.isalpha():
            script = unicodedata.name(char, "").split(" ")[0].capitalize() or "A non-ASCII"
            if script in ("Latin",):
                return (f"; {describe(char)} carries a diacritic: names and vocabulary words "
                        f"are ASCII, write {meant!r}")
            return f"; {describe(char)} looks like the Latin {meant!r}"
        return f"; {describe(char)} looks like {meant!r}"
    return ""


__all__ = ["ascii_for", "describe", "hint"]
