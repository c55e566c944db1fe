"""The condition language: the parser accepts what it prints and rejects garbage clearly."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clean_strong.condition import ConditionSyntaxError, ConditionTypeError, check, parse, to_text
from clean_strong.condition.ast import (
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
from clean_strong.evaluation import default_ruleset

words = st.from_regex(r"[a-z_][a-z0-9_]{0,8}", fullmatch=True).filter(
    lambda w: w not in {"and", "or", "not", "true", "false"}
)
names = st.builds(lambda parts: ".".join(parts), st.lists(words, min_size=1, max_size=3))
numbers = st.builds(
    Number,
    st.one_of(st.integers(0, 10**6).map(str), st.decimals(0, 1000, places=3).map(str)),
    st.booleans(),
)
leaves = st.one_of(
    numbers,
    st.builds(String, words),
    st.builds(Boolean, st.booleans()),
    st.builds(Name, names),
    st.builds(
        Index,
        st.builds(Name, names),
        st.lists(st.builds(Name, words), min_size=1, max_size=2).map(tuple),
    ),
)


def _extend(children: st.SearchStrategy[Expr]) -> st.SearchStrategy[Expr]:
    return st.one_of(
        st.builds(Negative, children),
        st.builds(Arithmetic, st.sampled_from("+-*/"), children, children),
        st.builds(Compare, st.sampled_from(COMPARISONS), children, children),
        st.builds(And, st.lists(children, min_size=2, max_size=3).map(tuple)),
        st.builds(Or, st.lists(children, min_size=2, max_size=3).map(tuple)),
        st.builds(Not, children),
    )


trees = st.recursive(leaves, _extend, max_leaves=12)


def _flat(tree: Expr) -> Expr:
    """Nested and/or of the same kind print as one chain; compare in that normal form."""
    match tree:
        case And(items=items) | Or(items=items):
            kind = type(tree)
            out: list[Expr] = []
            for item in items:
                item = _flat(item)
                out.extend(item.items if isinstance(item, kind) else (item,))  # type: ignore[attr-defined]
            return kind(tuple(out))
        case Not(item=item):
            return Not(_flat(item))
        case Compare(op=op, left=left, right=right):
            return Compare(op, _flat(left), _flat(right))
        case Arithmetic(op=op, left=left, right=right):
            return Arithmetic(op, _flat(left), _flat(right))
        case Negative(operand=operand):
            return Negative(_flat(operand))
    return tree


@pytest.mark.slow
@settings(max_examples=600, deadline=None)
@given(trees)
def test_parser_accepts_what_it_prints(tree: Expr) -> None:
    text = to_text(tree)
    assert _flat(parse(text)) == _flat(tree)
    assert to_text(parse(text)) == text


@settings(max_examples=600, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab1.0 ()<>=!+-*/%[]\"'&|andornt_")), max_size=40))
def test_garbage_is_rejected_with_a_syntax_error_or_parsed(text: str) -> None:
    try:
        tree = parse(text)
    except ConditionSyntaxError as error:
        assert 0 <= error.column <= len(text)
        assert str(error).startswith(f"column {error.column + 1}: ")
    else:
        assert _flat(parse(to_text(tree))) == _flat(tree)


@pytest.mark.parametrize(
    ("text", "column", "words"),
    [
        ("a <", 3, "expected a value"),
        ("a && b", 2, "use and / or / not"),
        ("a < b < c", 6, "cannot be chained"),
        ("", 0, "empty condition"),
        ("x == 'trung_cap'", 5, 'double quotes, e.g. \'"trung_cap"\''),
        ("(a < b", 6, "expected ')'"),
        ("cap[1]", 4, "indexed by a field name"),
        ("a = b", 2, "unexpected character '='"),
    ],
)
def test_syntax_errors_name_the_column_and_the_problem(text: str, column: int, words: str) -> None:
    with pytest.raises(ConditionSyntaxError) as caught:
        parse(text)
    assert caught.value.column == column
    assert words in caught.value.message


def test_deep_nesting_is_refused_not_a_recursion_error() -> None:
    with pytest.raises(ConditionSyntaxError, match="nested deeper"):
        parse("(" * 500 + "a" + ")" * 500)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("organisations.party_committee >= 3", "cannot compare a rating with number"),
        ("headcount <= headcount_cap", "is a table"),
        ('unit_type >= "xa"', "has no order"),
        ('organisations.party_committee >= "hoan_thanh_totx"', "did you mean 'hoan_thanh_tot'"),
        ("one_stop.operating + 1 > 2", "needs numbers"),
        ("headcount", "must be true or false"),
        ("headcout <= 3", "did you mean 'headcount'"),
    ],
)
def test_type_errors_are_found_when_rules_are_loaded(text: str, words: str) -> None:
    scope = default_ruleset().scope("commune")
    with pytest.raises(ConditionTypeError) as caught:
        check(parse(text), scope)
    assert words in caught.value.message
