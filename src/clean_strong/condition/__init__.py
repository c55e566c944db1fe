"""The condition language: a small, readable notation for the criteria's tests."""

from .ast import Expr, names, to_text
from .interpret import Interpreter
from .parser import ConditionSyntaxError, parse
from .types import BOOLEAN, NUMBER, STRING, ConditionTypeError, Scope, Symbol, Type, check

__all__ = [
    "BOOLEAN",
    "NUMBER",
    "STRING",
    "ConditionSyntaxError",
    "ConditionTypeError",
    "Expr",
    "Interpreter",
    "Scope",
    "Symbol",
    "Type",
    "check",
    "names",
    "parse",
    "to_text",
]
