"""The one catalogue of words: every entry in both languages, with the same placeholders, in
NFC; the words a person reads are found there and nowhere else."""

from __future__ import annotations

import re
import string
import unicodedata

import pytest

from clean_strong.words import LANGS, catalogue

ENTRIES = sorted(catalogue().items())


def _fields(text: str) -> set[str]:
    named = {f for _, f, _, _ in string.Formatter().parse(text) if f}
    return named | set(re.findall(r"%\((\w+)\)", text)) | ({"%s"} if "%s" in text else set())


def test_the_catalogue_is_not_empty() -> None:
    assert len(ENTRIES) > 500


@pytest.mark.parametrize(("key", "entry"), ENTRIES, ids=[k for k, _ in ENTRIES])
def test_each_entry_reads_in_both_languages_with_the_same_placeholders(
        key: str, entry: tuple[str, str]) -> None:
    vi, en = entry
    # a particle one language needs and the other does not ("of ") may be empty on one side
    assert vi.strip() or len(en.split()) <= 1 or key.endswith("gloss"), key
    assert en.strip() or len(vi.split()) <= 1, key
    assert _fields(vi) == _fields(en), key
    for text in (vi, en):
        assert unicodedata.is_normalized("NFC", text), key
    assert LANGS == ("vi", "en")
