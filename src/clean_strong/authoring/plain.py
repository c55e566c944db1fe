"""A condition in plain words, in Vietnamese and English, generated from its tree.

``can_bo_meeting_standard >= professional_min_share * can_bo_total`` reads "số cán bộ chuyên
trách đạt chuẩn chuyên môn ≥ 100 % số cán bộ chuyên trách": document fields by their labels,
derived inputs and parameters by their titles, and a parameter's value in force on the day
written in its unit (a share as a percentage, people as "23 người"). It is generated, never
written by hand, so it cannot drift from the condition the engine runs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..audit.labels import field_label, record_field_label
from ..condition import Expr
from ..condition.ast import (
    And,
    Arithmetic,
    Boolean,
    Compare,
    Index,
    Name,
    Negative,
    Not,
    Number,
    Or,
    String,
)
from ..ruleset import Edition, RuleSet
from ..ruleset.schema import Subject
from ..ruleset.units import UNITS
from ..words import Lang, say
from ..words.format import label, number, percent

SYMBOLS = {"<": "<", "<=": "≤", ">": ">", ">=": "≥", "==": "=", "!=": "≠"}
ARITH = {"+": "+", "-": "−", "*": "×", "/": "÷"}
# Fields the auditor's labels leave to their path: what a legal officer calls them
# (``words/plain.toml``, ``field.*``).
_EXTRA = ("unit_type", "classification", "role", "post")
_STRENGTH = {Or: 1, And: 2, Not: 3, Compare: 4}
_ARITH_STRENGTH = {"+": 5, "-": 5, "*": 6, "/": 6}


def lower_first(text: str) -> str:
    """"Số cán bộ" → "số cán bộ"; an acronym ("HĐND …") stays as it is."""
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


def unit_value(value: object, unit: str | None, lang: Lang) -> str:
    """A parameter value in words, by its unit: 0.95 share → "95 %", 23 people → "23 người"."""
    if isinstance(value, bool):
        return say("common.yes" if value else "common.no", lang)
    if isinstance(value, int | float):
        if unit == "share":
            return percent(float(value) * 100, lang, 2)
        if unit == "percent":
            return percent(float(value), lang, 2)
        if unit == "people":
            return say("plain.person" if value == 1 else "plain.people", lang,
                       count=number(value, lang))
        if unit == "points":
            return say("plain.points", lang, count=number(value, lang))
        if unit == "percentage_point_tenths":
            return say("plain.percentage_points", lang, count=number(value / 10, lang))
        if unit == "year":
            return str(value)
        return number(value, lang)
    if isinstance(value, str):
        return label(value, lang)
    if isinstance(value, list):
        levels = [" / ".join(label(w, lang) for w in (lvl if isinstance(lvl, list) else [lvl]))
                  for lvl in value]
        return " < ".join(levels)
    if isinstance(value, dict):
        return "; ".join(f"{_key(str(k), lang)}: {unit_value(v, unit, lang)}"
                         for k, v in value.items())
    return str(value)


def _key(key: str, lang: Lang) -> str:
    """A table key: a vocabulary word by its label, true/false as yes/no."""
    if key in ("true", "false"):
        return unit_value(key == "true", None, lang)
    return label(key, lang)


@dataclass(frozen=True)
class Vocabulary:
    """What each name of a condition reads as, in one language, on one day."""

    lang: Lang
    name: Callable[[str], str]
    value: Callable[[str], str | None]  # a parameter's value in words; None: not a scalar

    @classmethod
    def of(cls, ruleset: RuleSet, edition: Edition | None, subject: Subject | None,
           lang: Lang) -> Vocabulary:
        """Names of ``subject``'s conditions (None: a record inside a ``where`` filter)."""

        def name(path: str) -> str:
            if path in ruleset.parameters:
                return lower_first(getattr(ruleset.parameters[path].spec.title, lang))
            if path in ruleset.derived:
                return lower_first(getattr(ruleset.derived[path].spec.title, lang))
            if path in _EXTRA:
                return say(f"plain.field.{path}", lang)
            if subject is None:
                return record_field_label(path, lang)
            return field_label(path, lang, subject)

        def value(path: str) -> str | None:
            parameter = ruleset.parameters.get(path)
            if parameter is None or parameter.index or edition is None:
                return None
            found = edition.parameters.get(path)
            if found is None:
                return None
            return unit_value(found.value, _unit(ruleset, path), lang)

        return cls(lang, name, value)


def _unit(ruleset: RuleSet, name: str) -> str | None:
    spec = ruleset.parameters[name].spec
    if spec.unit in UNITS:
        return spec.unit
    return None


def clauses(tree: Expr, words: Vocabulary) -> list[str]:
    """The condition as a list of clauses that must all hold (one clause unless it is an
    ``and``)."""
    if isinstance(tree, And):
        return [phrase(item, words) for item in tree.items]
    return [phrase(tree, words)]


def phrase(node: Expr, words: Vocabulary) -> str:
    """One expression in words."""
    lang = words.lang
    match node:
        case Number(text=text, percent=is_percent):
            value = float(text)
            return percent(value, lang, 2) if is_percent else number(
                int(value) if value.is_integer() else value, lang)
        case String(value=word):
            return label(word, lang)
        case Boolean(value=flag):
            return say("plain.true" if flag else "plain.false", lang)
        case Name(path=path):
            return words.value(path) or words.name(path)
        case Index(table=table, keys=keys):
            by = ", ".join(words.name(key.path) for key in keys)
            return f"{words.name(table.path)} ({say('plain.by', lang)} {by})"
        case Negative(operand=operand):
            return "−" + _wrap(operand, words, _strength(operand) < 8)
        case Arithmetic(op="*", left=left, right=right) if _is_share(left, words):
            rest = _wrap(right, words, False)
            of = say("plain.of_number" if rest[:1].isdigit() else "plain.of", lang)
            return f"{phrase(left, words)} {of}{rest}"
        case Arithmetic(op=op, left=left, right=right):
            mine = _ARITH_STRENGTH[op]
            return (f"{_wrap(left, words, _strength(left) < mine)} {ARITH[op]} "
                    f"{_wrap(right, words, _strength(right) <= mine)}")
        case Compare(op=op, left=left, right=right):
            return (f"{_wrap(left, words, _strength(left) <= 4)} {SYMBOLS[op]} "
                    f"{_wrap(right, words, _strength(right) <= 4)}")
        case And(items=items):
            return f" {say('plain.and', lang)} ".join(_wrap(i, words, _strength(i) <= 2)
                                                  for i in items)
        case Or(items=items):
            return f" {say('plain.or', lang)} ".join(_wrap(i, words, _strength(i) <= 1)
                                                 for i in items)
        case Not(item=item):
            return f"{say('plain.not', lang)} ({phrase(item, words)})"
    raise TypeError(f"not a condition node: {node!r}")


def derivation_words(ruleset: RuleSet, name: str, edition: Edition | None, lang: Lang) -> str:
    """How a derived input is made, in words: "đếm các hồ sơ cán bộ trong đó vai trò =
    công chức" (with ``edition``, a parameter the filter reads by its value that day)."""
    definition = ruleset.derived[name]
    spec = definition.spec
    words = Vocabulary.of(ruleset, edition, None, lang)
    where = (" " + say("rules.book.where", lang) + " " + phrase(definition.where_expr, words)
             if definition.where_expr is not None else "")
    if spec.count:
        return say("rules.book.count", lang) + where
    if spec.the:
        field_name = lower_first(words.name(spec.field or ""))
        return say("rules.book.the", lang, field=field_name) + where
    parts = Vocabulary.of(ruleset, edition, "commune", lang)
    return say("rules.book.sum", lang) + " " + " + ".join(parts.name(p) for p in spec.sum or [])


def _is_share(node: Expr, words: Vocabulary) -> bool:
    """A share or a percent literal multiplying a count reads "95 % số hồ sơ"."""
    if isinstance(node, Number):
        return node.percent
    return isinstance(node, Name) and words.value(node.path) is not None and (
        words.value(node.path) or "").rstrip().endswith("%")


def _wrap(node: Expr, words: Vocabulary, needed: bool) -> str:
    text = phrase(node, words)
    return f"({text})" if needed else text


def _strength(node: Expr) -> int:
    if isinstance(node, Arithmetic):
        return _ARITH_STRENGTH[node.op]
    if isinstance(node, Negative):
        return 7
    return _STRENGTH.get(type(node), 8)


__all__ = ["Vocabulary", "clauses", "derivation_words", "lower_first", "phrase", "unit_value"]
