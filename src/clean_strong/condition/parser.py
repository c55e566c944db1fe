"""Recursive-descent parser of the condition language (never ``eval``).

Grammar, loosest binding first::

    condition  := and ("or" and)*
    and        := not ("and" not)*
    not        := "not" not | comparison
    comparison := sum [("<" | "<=" | ">" | ">=" | "==" | "!=") sum]
    sum        := product (("+" | "-") product)*
    product    := unary (("*" | "/") unary)*
    unary      := "-" unary | primary
    primary    := NUMBER ["%"] | STRING | "true" | "false"
                | NAME ("[" NAME "]")* | "(" condition ")"
    NAME       := word ("." word)*         word: [A-Za-z_][A-Za-z0-9_]*
    NUMBER     := digits ["." digits]      (no exponent, no sign)
    STRING     := '"' word '"'

Errors are :class:`ConditionSyntaxError` with the 0-based column of the offending token. The
tree is at most :data:`MAX_DEPTH` levels deep however it nests (parentheses, ``not not …``,
``- - …``, a long ``a + b + …`` chain), so no walker of it can exhaust Python's recursion; a
number literal has at most :data:`MAX_DIGITS` digits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..words import Words, both, same
from ..words.format import number
from .ast import (
    COMPARISONS,
    And,
    Arithmetic,
    Boolean,
    Compare,
    Expr,
    Index,
    Name,
    Negative,
    Not,
    Number,
    Or,
    String,
)
from .lookalike import hint_words

KEYWORDS = frozenset({"and", "or", "not", "true", "false"})
MAX_LENGTH = 4000
MAX_DEPTH = 50
MAX_DIGITS = 15

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<number>\d+(?:\.\d+)?)
  | (?P<string>"[A-Za-z0-9_]*")
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)
  | (?P<op><=|>=|==|!=|<|>|\+|-|\*|/|\(|\)|\[|\]|%)
    """,
    re.VERBOSE,
)


class ConditionSyntaxError(ValueError):
    """The text is not a condition; ``column`` points at the problem (0-based)."""

    def __init__(self, words: Words, column: int) -> None:
        self.words = words
        self.message = self.words[1]  # the exception's own text is the English
        super().__init__(f"column {column + 1}: {self.message}")
        self.column = column


@dataclass(frozen=True)
class _Token:
    kind: str  # number, string, name, keyword, op, end
    text: str
    pos: int


def tokenize(text: str) -> list[_Token]:
    if len(text) > MAX_LENGTH:
        raise ConditionSyntaxError(
            both("condition.syntax.too_long", limit=(number(MAX_LENGTH, "vi"), str(MAX_LENGTH))), 0)
    tokens: list[_Token] = []
    pos = 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None:
            char = text[pos]
            hint = both("condition.syntax.hint_logic") if char in "&|!" else same("")
            if char in "'\"":
                hint = both("condition.syntax.hint_quotes")
                close = text.find(char, pos + 1)
                inner = hint_words(text[pos + 1 : close if close > 0 else len(text)])
                if inner[1]:
                    hint = inner
            if char in "eE" or char == ",":
                hint = both("condition.syntax.hint_number")
            if not char.isascii():
                hint = hint_words(char)
            raise ConditionSyntaxError(
                both("condition.syntax.unexpected_char", char=repr(char), hint=hint), pos)
        kind = match.lastgroup or ""
        if kind != "space":
            word = match.group()
            if kind == "name" and word in KEYWORDS:
                kind = "keyword"
            if kind == "number" and sum(ch.isdigit() for ch in word) > MAX_DIGITS:
                raise ConditionSyntaxError(
                    both("condition.syntax.too_many_digits", digits=MAX_DIGITS), pos)
            tokens.append(_Token(kind, word, pos))
        pos = match.end()
    tokens.append(_Token("end", "", len(text)))
    return tokens


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = tokenize(text)
        self.i = 0
        self.depth = 0

    @property
    def tok(self) -> _Token:
        return self.tokens[self.i]

    def take(self) -> _Token:
        token = self.tokens[self.i]
        self.i += 1
        return token

    def at(self, *texts: str) -> bool:
        return self.tok.kind in ("op", "keyword") and self.tok.text in texts

    def expect(self, text: str) -> _Token:
        if not self.at(text):
            raise ConditionSyntaxError(
                both("condition.syntax.expected", wanted=repr(text), found=self._found()),
                self.tok.pos)
        return self.take()

    def _found(self) -> Words:
        if self.tok.kind == "end":
            return both("condition.syntax.end")
        return same(repr(self.tok.text))

    def parse(self) -> Expr:
        if self.tok.kind == "end":
            raise ConditionSyntaxError(both("condition.syntax.empty"), 0)
        node = self.condition()
        if self.tok.kind != "end":
            raise ConditionSyntaxError(
                both("condition.syntax.unexpected", found=self._found()), self.tok.pos)
        return node

    def descend(self, by: int = 1) -> None:
        """One level deeper in the tree; refused beyond :data:`MAX_DEPTH`."""
        self.depth += by
        if self.depth > MAX_DEPTH:
            raise ConditionSyntaxError(
                both("condition.syntax.too_deep", depth=MAX_DEPTH), self.tok.pos)

    def condition(self) -> Expr:
        self.descend()
        start = self.tok.pos
        items = [self.conjunction()]
        while self.at("or"):
            self.take()
            items.append(self.conjunction())
        self.depth -= 1
        return items[0] if len(items) == 1 else Or(tuple(items), start)

    def conjunction(self) -> Expr:
        start = self.tok.pos
        items = [self.negation()]
        while self.at("and"):
            self.take()
            items.append(self.negation())
        return items[0] if len(items) == 1 else And(tuple(items), start)

    def negation(self) -> Expr:
        if self.at("not"):
            self.descend()
            start = self.take().pos
            node = Not(self.negation(), start)
            self.depth -= 1
            return node
        return self.comparison()

    def comparison(self) -> Expr:
        start = self.tok.pos
        left = self.sum()
        if self.at(*COMPARISONS):
            op = self.take().text
            right = self.sum()
            if self.at(*COMPARISONS):
                raise ConditionSyntaxError(both("condition.syntax.chained"), self.tok.pos)
            return Compare(op, left, right, start)
        return left

    def sum(self) -> Expr:
        chain = 0  # each operator nests the left-associative tree one level deeper
        node = self.product()
        while self.at("+", "-"):
            self.descend()
            chain += 1
            op = self.take()
            node = Arithmetic(op.text, node, self.product(), op.pos)
        self.depth -= chain
        return node

    def product(self) -> Expr:
        chain = 0
        node = self.unary()
        while self.at("*", "/"):
            self.descend()
            chain += 1
            op = self.take()
            node = Arithmetic(op.text, node, self.unary(), op.pos)
        self.depth -= chain
        return node

    def unary(self) -> Expr:
        if self.at("-"):
            self.descend()
            start = self.take().pos
            node = Negative(self.unary(), start)
            self.depth -= 1
            return node
        return self.primary()

    def primary(self) -> Expr:
        tok = self.tok
        if tok.kind == "number":
            self.take()
            if self.at("%"):
                self.take()
                return Number(tok.text, True, tok.pos)
            return Number(tok.text, False, tok.pos)
        if tok.kind == "string":
            self.take()
            return String(tok.text[1:-1], tok.pos)
        if tok.kind == "keyword" and tok.text in ("true", "false"):
            self.take()
            return Boolean(tok.text == "true", tok.pos)
        if tok.kind == "name":
            self.take()
            name = Name(tok.text, tok.pos)
            keys: list[Name] = []
            while self.at("["):
                self.take()
                key = self.tok
                if key.kind != "name":
                    raise ConditionSyntaxError(
                        both("condition.syntax.index_name", found=self._found()), key.pos)
                self.take()
                keys.append(Name(key.text, key.pos))
                self.expect("]")
            return Index(name, tuple(keys), tok.pos) if keys else name
        if self.at("("):
            self.take()
            node = self.condition()
            self.expect(")")
            return node
        raise ConditionSyntaxError(
            both("condition.syntax.expected_value", found=self._found()), tok.pos)


def parse(text: str) -> Expr:
    """Parse a condition or expression; raises :class:`ConditionSyntaxError`."""
    return _Parser(text).parse()
