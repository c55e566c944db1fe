"""The condition language: a small, readable notation for the criteria's tests."""

from .ast import Expr, names, to_text
from .kleene import Bounds, Evaluator
from .parser import ConditionSyntaxError, parse
from .types import BOOLEAN, NUMBER, STRING, ConditionTypeError, Scope, Symbol, Type, check

__all__ = [
    "BOOLEAN",
    "NUMBER",
    "STRING",
    "Bounds",
    "ConditionSyntaxError",
    "ConditionTypeError",
    "Evaluator",
    "Expr",
    "Scope",
    "Symbol",
    "Type",
    "check",
    "names",
    "parse",
    "to_text",
]
