"""What a result's codes read as, for the text and HTML renderers.

A result names fields by path (``officials[7].professional_level``), parameters by name
(``headcount_cap[phuong][II]``), conditions and engine patterns as code. A person reads labels,
titles and sentences. Those come from outside the result, the rule set and the document, so
a renderer is given a :class:`Terms` (built by :mod:`clean_strong.authoring.terms`); without
one (a library call with a bare result) it falls back on what the result carries. Nothing
here reads a rule set: renderers take results and plain data.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from ..result import CriterionResult, Derivation, InputValue, ParameterValue
from ..words import Lang, say
from ..words.format import date, label, number

Official = tuple[str, str | None]  # (id, post code) of one record, by its position


class Terms(Protocol):
    """Names and sentences for one result's codes; ``None``: not known here."""

    def name(self, path: str, lang: Lang) -> str | None:
        """A document field, derived input or parameter (by its bare name), as called."""

    def record_field(self, name: str, lang: Lang) -> str | None:
        """A field of an official's record (``professional_level``), as called."""

    def condition(self, criterion: str, lang: Lang) -> list[str] | None:
        """A criterion's condition in force, in words: the clauses that must all hold."""

    def derivation(self, path: str, lang: Lang) -> str | None:
        """How a derived input is made from the records, in words."""

    def parameter_value(self, name: str, value: object, lang: Lang) -> str | None:
        """A parameter's value in its unit (a share as a percentage, people as "23 người")."""

    def official(self, index: int) -> Official | None:
        """The official at ``index`` (0-based, as paths count) in the document."""


class NoTerms:
    """Nothing known beyond the result itself."""

    def name(self, path: str, lang: Lang) -> str | None:
        return None

    def record_field(self, name: str, lang: Lang) -> str | None:
        return None

    def condition(self, criterion: str, lang: Lang) -> list[str] | None:
        return None

    def derivation(self, path: str, lang: Lang) -> str | None:
        return None

    def parameter_value(self, name: str, value: object, lang: Lang) -> str | None:
        return None

    def official(self, index: int) -> Official | None:
        return None


NO_TERMS = NoTerms()

_RECORD_PATH = re.compile(r"^officials\[(\d+)\](?:\.(\w+))?$")
_TABLE = re.compile(r"^(\w+)((?:\[[^\]]*\])+)$")


def record(index: int, terms: Terms, lang: Lang) -> str:
    """Official record ``index`` (0-based) as a person counts it, with its id and post:
    "hồ sơ thứ 8 (cb-08, Phó Chủ tịch UBND)"."""
    found = terms.official(index)
    if found is None:
        return say("text.record.bare", lang, number=index + 1)
    code, post = found
    if post is None:
        return say("text.record.id", lang, number=index + 1, id=code)
    return say("text.record.full", lang, number=index + 1, id=code, post=label(post, lang))


def field(path: str, terms: Terms, lang: Lang, fallback: str | None = None) -> str:
    """A field path as words: a record's field names the record; any other path its label
    (``fallback``, then the path, when no label is known)."""
    match = _RECORD_PATH.match(path)
    if match is not None:
        who = record(int(match.group(1)), terms, lang)
        if match.group(2) is None:
            return who
        name = terms.record_field(match.group(2), lang) or match.group(2)
        return say("text.record.field", lang, record=who, field=name)
    return terms.name(path, lang) or fallback or path


def fields(paths: Sequence[str], terms: Terms, lang: Lang) -> str:
    return "; ".join(field(p, terms, lang) for p in paths)


def input_name(path: str, value: InputValue | None, terms: Terms, lang: Lang) -> str:
    """An input read by a criterion in the rule set's words, else by its title in the result."""
    fallback = getattr(value.title, lang) if value is not None and value.title else None
    return field(path, terms, lang, fallback)


def key_word(key: str, lang: Lang) -> str:
    """A table key (a vocabulary word, a boolean) in words."""
    if key.lower() in ("true", "false"):
        return say("common.yes" if key.lower() == "true" else "common.no", lang)
    return label(key, lang)


def parameter_name(name: str, p: ParameterValue | None, terms: Terms, lang: Lang) -> str:
    """A parameter by the rule set's words in ``lang``, a table's cell with its keys in words
    (``headcount_cap[phuong][II]`` → "… (phường, loại II)"); else by the result's title."""
    match = _TABLE.match(name)
    base, keys = (match.group(1), re.findall(r"\[([^\]]*)\]", match.group(2))) if match else (
        name, [])
    title = terms.name(base, lang)
    if title is None:  # not in the rule set's words: the result's title, keys worded
        return str(getattr(p.title, lang)) if p is not None else name
    if keys:
        title += f" ({', '.join(key_word(k, lang) for k in keys)})"
    return title


def base_name(name: str) -> str:
    """A table cell's parameter: ``headcount_cap[phuong][II]`` → ``headcount_cap``."""
    return name.split("[", 1)[0]


def derivation(path: str, d: Derivation, terms: Terms, lang: Lang) -> str:
    """How an input was derived, in words (the definition as code only without terms)."""
    return terms.derivation(path, lang) or d.definition


def counted(d: Derivation, lang: Lang) -> str:
    """"8/21 hồ sơ" — the records counted out of those examined."""
    return say("text.records_counted", lang, count=number(len(d.matched), lang),
               records=number(d.records or 0, lang))


def reference(r: dict[str, str], lang: Lang) -> str:
    """A cited document: its title, article and date (dd/mm/yyyy in Vietnamese)."""
    parts = [r.get("document", "")]
    if r.get("article"):
        parts.append(r["article"])
    text = ", ".join(p for p in parts if p)
    if r.get("date"):
        text += f" ({_date(r['date'], lang)})"
    return text


def _date(text: str, lang: Lang) -> str:
    try:
        return date(text, lang)
    except ValueError:
        return text


def day(text: str, lang: Lang) -> str:
    """An ISO day of a result in the language's way (dd/mm/yyyy in Vietnamese)."""
    return _date(text, lang)


def provisional_reasons(c: CriterionResult, terms: Terms, lang: Lang) -> list[str]:
    """What makes ``c`` provisional on the result's day: each part it rests on whose
    confidence is U (its basis, the condition or mandatory flag of the day, a parameter)."""
    basis = c.legal_basis
    found: list[str] = []
    if basis.confidence == "U":
        found.append(say("text.provisional.basis", lang))
    for key, ref in (("condition", basis.condition_reference),
                     ("mandatory", basis.mandatory_reference)):
        if ref is not None and ref.get("confidence") == "U":
            found.append(say(f"text.provisional.{key}", lang, document=ref.get("document", "")))
    for name, p in c.parameters.items():
        if p.reference is not None and p.reference.get("confidence") == "U":
            found.append(say("text.provisional.parameter", lang,
                             title=parameter_name(name, p, terms, lang)))
    return found


def provisional_why(c: CriterionResult, terms: Terms, lang: Lang, on: str) -> str:
    """"căn cứ S; tạm thời vì dựa trên … (mức độ chắc chắn U) có hiệu lực ngày 31/12/2019"."""
    reasons = provisional_reasons(c, terms, lang) or [say("text.provisional.basis", lang)]
    return say("text.provisional.why", lang, confidence=c.legal_basis.confidence,
               reasons=say("text.provisional.join", lang).join(reasons), day=day(on, lang))


def provisional_line(c: CriterionResult, terms: Terms, lang: Lang, on: str) -> str:
    """"CB-01 — căn cứ S; tạm thời vì … (mức độ chắc chắn U) có hiệu lực ngày 31/12/2019"."""
    return say("text.provisional.line", lang, id=c.id, why=provisional_why(c, terms, lang, on))


# -- an engine pattern in words ------------------------------------------------------------

_PATTERN_TOKEN = re.compile(
    r'\s+|(?P<string>"[^"]*")|(?P<number>-?\d+(?:\.\d+)?)|(?P<op><=|>=|==|!=|<|>|[-+*/()])'
    r"|(?P<name>[A-Za-z_$][\w.$\[\]]*)")
_BOUND = re.compile(r"^bounds\.(\w+)\.(lo|hi)$")
_SYMBOL = {"<": "<", "<=": "≤", ">": ">", ">=": "≥", "==": "=", "!=": "≠", "+": "+",
           "-": "−", "*": "×", "/": "÷", "(": "(", ")": ")"}


def pattern(text: str, terms: Terms, lang: Lang) -> str:
    """The pattern the engine matched (``x present and x >= 3``, as the trace records it),
    with names as labels, vocabulary words as labels and the connectives in ``lang``."""
    out: list[str] = []
    for match in _PATTERN_TOKEN.finditer(text):
        kind = match.lastgroup
        token = match.group(0)
        if kind is None:
            continue
        if kind == "string":
            out.append(label(token.strip('"'), lang))
        elif kind == "number":
            value = float(token)
            out.append(number(int(value) if value.is_integer() else value, lang))
        elif kind == "op":
            out.append(_SYMBOL[token])
        elif token in ("and", "or"):
            out.append(say(f"text.pattern.{token}", lang))
        elif token in ("present", "missing"):
            out.append(say(f"text.pattern.{token}", lang))
        elif token in ("true", "false"):
            out.append(say("common.yes" if token == "true" else "common.no", lang))
        elif (bound := _BOUND.match(token)) is not None:  # a count some records leave open
            name = terms.name(bound.group(1), lang) or bound.group(1)
            out.append(say(f"text.pattern.{bound.group(2)}", lang, name=name))
        else:
            out.append(terms.name(token, lang) or token)
    return re.sub(r"\( ", "(", re.sub(r" \)", ")", " ".join(out)))


__all__ = ["NO_TERMS", "NoTerms", "Official", "Terms", "counted", "day", "derivation", "field",
           "fields", "input_name", "key_word", "parameter_name", "pattern", "provisional_line",
           "provisional_reasons", "provisional_why", "record", "reference"]
