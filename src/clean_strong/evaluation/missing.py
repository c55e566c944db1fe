"""What an ``unknown`` explanation says is missing: inputs by their labels, records by number.

The JSON keeps the paths (``missing_inputs``: ``officials[3].professional_level``); a person
reads "trình độ chuyên môn của hồ sơ thứ 4 (Chủ tịch UBND, mã cb-05)" — records counted from
1, named by post and id — and "số kỳ họp thường lệ của HĐND", never a path counted from zero.
"""

from __future__ import annotations

from ..documents import Document
from ..models import Commune
from ..models.labels import field_label, has_label, record_path_words
from ..ruleset import Edition
from ..words import Lang, say

Gap = tuple[str, str]  # (the input the engine found missing, a path behind it)


def missing_words(gaps: list[Gap], doc: Document, edition: Edition, lang: Lang) -> list[str]:
    """Each gap in words, in order, without repeats."""
    kind = doc.kind
    officials = doc.officials if isinstance(doc, Commune) else None
    out: dict[str, None] = {}
    for origin, path in gaps:
        out[_words(origin, path, officials, kind, edition, lang)] = None
    return list(out)


def _words(origin: str, path: str, officials: object, kind: str, edition: Edition,
           lang: Lang) -> str:
    if path.startswith("officials["):
        found = record_path_words(path, officials, lang)
        if found is not None:
            return found
        # a filter no record matched: "officials[role == …]" — named by what it counts
        return say("fields.no_record", lang, title=_title(origin, edition, lang))
    if has_label(path, kind):
        return field_label(path, lang, kind)
    return _title(path, edition, lang)


def _title(name: str, edition: Edition, lang: Lang) -> str:
    derived = edition.ruleset.derived.get(name)
    if derived is None:
        return name
    return derived.spec.title.vi if lang == "vi" else derived.spec.title.en


__all__ = ["Gap", "missing_words"]
