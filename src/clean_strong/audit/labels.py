"""Words for the auditor's texts: what a field is called, how a value reads, in vi and en.

Counterfactuals speak the user's terms ("số kỳ họp thường lệ của HĐND", "trình độ chuyên
môn"), not dotted paths alone. The labels are the catalogue's (``words/fields.toml``, read by
:mod:`clean_strong.models.labels`): per *field*, never per criterion, so a new criterion over
existing fields needs nothing here. Every field of the document models has one in both
languages (``tests/test_language_data.py``).
"""

from __future__ import annotations

from ..models.labels import field_label, record_field_label
from ..words import Lang
from ..words.format import format_value, number, percent


def value_text(value: object, lang: Lang) -> str:
    """A value as an auditor reads it: a vocabulary word by its label in ``lang`` (the English
    keeps the Vietnamese legal term beside it: "intermediate (trung cấp)"), numbers grouped by
    the language's convention."""
    if isinstance(value, str):
        return format_value(value, "label", lang)
    return format_value(value, "", lang)


def share_text(fraction: float, lang: Lang) -> str:
    """A fraction as a percentage with one decimal: 0.912 → "91,2 %" / "91.2%"."""
    return percent(fraction * 100, lang, 1)


def signed(delta: float, lang: Lang) -> str:
    """+9 / −3, in the language's number format."""
    text = number(abs(delta), lang)
    return ("+" if delta >= 0 else "−") + text


OP_TEXT = {"<": "<", "<=": "≤", ">": ">", ">=": "≥", "==": "=", "!=": "≠"}

__all__ = ["OP_TEXT", "field_label", "record_field_label", "share_text", "signed", "value_text"]
