"""durable-rules patterns: the JSON shapes the engine matches, and the same patterns in words
(for the trace and ``rules compile``)."""

from __future__ import annotations

from collections.abc import Sequence

from ..words import Words, both

Pattern = dict[str, object]

ENGINE_OP = {"<": "$lt", "<=": "$lte", ">": "$gt", ">=": "$gte", "!=": "$neq"}


class CompileError(ValueError):
    """A condition that the engine cannot decide: ``words`` say why, in Vietnamese and English
    (``message``, the exception's own text, is the English); ``column`` is 0-based in the
    condition."""

    def __init__(self, words: Words, column: int = 0) -> None:
        self.words = words
        self.message = self.words[1]
        super().__init__(self.message)
        self.column = column


def cmp(op: str, path: str, rhs: object) -> Pattern:
    if op == "==":
        return {path: rhs}
    return {ENGINE_OP[op]: {path: rhs}}


# -- pattern constructors (durable-rules JSON) -----------------------------------------------


def AND(*patterns: Pattern) -> Pattern:
    flat: list[Pattern] = []
    for pattern in patterns:
        inner = pattern.get("$and") if len(pattern) == 1 else None
        if isinstance(inner, list):
            flat.extend(inner)
        else:
            flat.append(pattern)
    return flat[0] if len(flat) == 1 else {"$and": flat}


def OR(patterns: Sequence[Pattern]) -> Pattern:
    if not patterns:
        raise CompileError(both("rulecheck.compile.never_holds"))
    return patterns[0] if len(patterns) == 1 else {"$or": list(patterns)}


def EX(path: str) -> Pattern:
    return {"$ex": {path: 1}}


def NEX(path: str) -> Pattern:
    return {"$nex": {path: 1}}


# -- a readable rendering of a pattern, for traces and `rules compile` -----------------------

_TEXT_OP = {"$lt": "<", "$lte": "<=", "$gt": ">", "$gte": ">=", "$neq": "!="}
_TEXT_ARITH = {"$add": "+", "$sub": "-", "$mul": "*", "$div": "/"}


def describe(pattern: Pattern) -> str:
    """``{"$and": [{"$ex": {"x": 1}}, {"$gte": {"x": 3.0}}]}`` → ``x present and x >= 3``."""
    return _describe(pattern, top=True)


def _describe(pattern: Pattern, top: bool = False) -> str:
    ((key, body),) = pattern.items()
    if key == "$and":
        assert isinstance(body, list)
        parts = [_describe(p) for p in body if "kind" not in p]
        text = " and ".join(parts)
        return text if top else f"({text})"
    if key == "$or":
        assert isinstance(body, list)
        return "(" + " or ".join(_describe(p) for p in body) + ")"
    if key in ("$ex", "$nex"):
        assert isinstance(body, dict)
        (path,) = body
        return f"{path} {'present' if key == '$ex' else 'missing'}"
    if key in _TEXT_OP:
        assert isinstance(body, dict)
        ((path, rhs),) = body.items()
        return f"{path} {_TEXT_OP[key]} {_value_text(rhs)}"
    return f"{key} == {_value_text(body)}"


def _value_text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, dict):
        ((key, body),) = value.items()
        if key == "$m":
            return str(body)
        if key in _TEXT_ARITH and isinstance(body, dict):
            return f"({_value_text(body['$l'])} {_TEXT_ARITH[key]} {_value_text(body['$r'])})"
    return str(value)
