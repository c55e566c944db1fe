"""Explanation templates: text with ``{expression}`` or ``{expression:format}`` holes.

The expressions are the condition language's arithmetic, so an explanation can state figures
the report itself implies ("2,698 − 1,303 = {officials_total - cong_chuc_total}") without any
number written into the template. Formats: ``pct`` (a fraction as a percentage, one decimal),
``pct0`` (no decimal), ``label`` (a vocabulary word by its label in the language), ``list``
(missing inputs, by their labels), ``which`` (of an ``or`` of comparisons, the ones that hold,
each named by the label and value of the field on its left: "{a < x or b < x:which}" names
only the organisations rated below the bar). Numbers follow the language: 2.698 and 90,2 % in
Vietnamese, 2,698 and 90.2% in English.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..models.labels import field_label
from ..words import Lang, Words, both, say
from ..words.format import format_value, number
from .ast import Compare, Expr, Name, Or, names, to_text
from .kleene import Bounds, Evaluator, plain_value
from .parser import ConditionSyntaxError, parse

FORMATS = frozenset({"", "pct", "pct0", "pct2", "label", "list", "which"})


@dataclass(frozen=True)
class Hole:
    expr: Expr
    format: str
    offset: int
    key: str = ""  # the expression as text: the same hole in another language shares its value

    def __post_init__(self) -> None:
        if not self.key:
            object.__setattr__(self, "key", to_text(self.expr))


Part = str | Hole


class TemplateError(ValueError):
    def __init__(self, words: Words, column: int) -> None:
        self.words = words
        self.message = self.words[1]  # the exception's own text is the English
        super().__init__(f"column {column + 1}: {self.message}")
        self.column = column


def compile_template(text: str) -> list[Part]:
    """Split a template into text and holes; ``{{`` and ``}}`` are literal braces."""
    parts: list[Part] = []
    buffer: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char in "{}" and text[i : i + 2] == char * 2:
            buffer.append(char)
            i += 2
            continue
        if char == "}":
            raise TemplateError(both("condition.template.unmatched", brace="'}'", braces="'}}'"), i)
        if char != "{":
            buffer.append(char)
            i += 1
            continue
        end = text.find("}", i)
        if end < 0:
            raise TemplateError(both("condition.template.unclosed", brace="'{'"), i)
        body = text[i + 1 : end]
        source, _, fmt = body.partition(":")
        fmt = fmt.strip()
        if fmt not in FORMATS:
            raise TemplateError(both(
                "condition.template.unknown_format", format=repr(fmt), formats=(
                    ", ".join(repr(f) for f in sorted(FORMATS)), ", ".join(sorted(FORMATS)))),
                i)
        if source.strip() == "missing":
            hole = Hole(_MISSING, "list", i)
        else:
            try:
                hole = Hole(parse(source), fmt, i)
            except ConditionSyntaxError as error:
                raise TemplateError(error.words, i + 1 + error.column) from None
        if buffer:
            parts.append("".join(buffer))
            buffer = []
        parts.append(hole)
        i = end + 1
    if buffer:
        parts.append("".join(buffer))
    return parts


_MISSING = parse("missing")


def render(
    parts: Sequence[Part],
    evaluator: Evaluator,
    lang: Lang,
    missing: Sequence[str] = (),
    seen: dict[str, object] | None = None,
) -> str:
    """The text of one template; ``missing`` are the missing inputs already in words (in
    ``lang``); ``seen`` keeps the document's hole values (by expression) for the other
    language and the other criteria."""
    out: list[str] = []
    for part in parts:
        if isinstance(part, str):
            out.append(part)
        elif part.format == "list":
            out.append("; ".join(missing) if missing else "—")
        elif part.format == "which":
            out.append(which(part.expr, evaluator, lang))
        else:
            if seen is None:
                value = hole_value(part.expr, evaluator)
            elif (value := seen.get(part.key, seen)) is seen:  # ``seen``: not there yet
                value = seen[part.key] = hole_value(part.expr, evaluator)
            if isinstance(value, Bounds):
                out.append(f"{number(value.lo, lang)}–{number(value.hi, lang)}")
            else:
                out.append(format_value(value, part.format, lang))
    return "".join(out)


def which_items(expr: Expr) -> list[Compare] | None:
    """The comparisons of a ``which`` hole (``None``: not an ``or`` of comparisons each with a
    name on its left)."""
    items = expr.items if isinstance(expr, Or) else (expr,)
    if all(isinstance(item, Compare) and isinstance(item.left, Name) for item in items):
        return [item for item in items if isinstance(item, Compare)]
    return None


def which(expr: Expr, evaluator: Evaluator, lang: Lang) -> str:
    """The comparisons of ``expr`` that hold, each as "label (value)" of its left field."""
    shown: list[str] = []
    for item in which_items(expr) or ():
        if evaluator.truth(item) is not True:
            continue
        assert isinstance(item.left, Name)
        path = item.left.path
        name = field_label(path, lang)
        if name == path:
            name = field_label(path, lang, "province_report")
        value = format_value(hole_value(item.left, evaluator), "label", lang)
        shown.append(say("evaluation.which_item", lang, label=name, value=value))
    return "; ".join(shown) if shown else "—"


def fix_constants(
    parts: Sequence[Part], is_constant: Callable[[str], bool], evaluator: Evaluator, lang: Lang
) -> list[Part]:
    """``parts`` with every hole that reads only constants (parameters in force) written out.

    Done once per edition: such a hole reads the same value for every document.
    """
    out: list[Part] = []
    for part in parts:
        if isinstance(part, Hole) and part.format not in ("list", "which") and all(
            is_constant(name.path) for name in names(part.expr)
        ):
            part = render([part], evaluator, lang)
        if isinstance(part, str) and out and isinstance(out[-1], str):
            out[-1] += part
        else:
            out.append(part)
    return out


def hole_value(expr: Expr, evaluator: Evaluator) -> object:
    """A hole's value; a count known only between bounds stays :class:`Bounds`."""
    if expr.__class__ is Name:
        found = evaluator.lookup(expr.path)
        return found if found.__class__ in _AS_IS else plain_value(found)
    return evaluator.value(expr)


_AS_IS = frozenset({int, float, bool, str, type(None), Bounds})  # hole values kept as they are
