"""The condition language has one meaning: the tree evaluator and the column-wise record filter
agree on every record, and values known only between bounds decide when both ends agree."""

from __future__ import annotations

import itertools
from collections.abc import Mapping

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clean_strong.condition import Bounds, Evaluator, parse
from clean_strong.condition.ast import (
    And,
    Arithmetic,
    Boolean,
    Compare,
    Expr,
    Name,
    Not,
    Number,
    Or,
    String,
)
from clean_strong.condition.kleene import (
    COMPARE,
    RANK,
    compile_filter,
    kleene_and,
    kleene_not,
    kleene_or,
)
from clean_strong.models.vocab import (
    Discipline,
    PoliticalTheory,
    Post,
    ProfessionalLevel,
    Rating,
    Role,
    Vocabulary,
)

TRUTHS = (False, None, True)


def _completions(value: bool | None) -> tuple[bool, ...]:
    return (False, True) if value is None else (value,)


def _decided(outcomes: set[bool]) -> bool | None:
    return outcomes.pop() if len(outcomes) == 1 else None


@pytest.mark.parametrize(("a", "b"), list(itertools.product(TRUTHS, TRUTHS)))
def test_and_or_not_are_kleene_an_unknown_decides_nothing_the_other_side_does_not(
    a: bool | None, b: bool | None
) -> None:
    # strong Kleene logic of one unknown per operand: the result is what every completion of
    # the unknown operands gives, or unknown when they disagree
    pairs = list(itertools.product(_completions(a), _completions(b)))
    assert kleene_and([a, b]) is _decided({x and y for x, y in pairs})
    assert kleene_or([a, b]) is _decided({x or y for x, y in pairs})
    assert kleene_not(a) is _decided({not x for x in _completions(a)})


def test_and_stops_at_the_first_false_and_or_at_the_first_true() -> None:
    def values(first: bool) -> object:
        yield first
        raise AssertionError("evaluated past the deciding value")

    assert kleene_and(values(False)) is False
    assert kleene_or(values(True)) is True


# -- the record filter and the tree agree ----------------------------------------------------

VOCAB_FIELDS: dict[str, type[Vocabulary]] = {
    "role": Role,
    "post": Post,
    "professional_level": ProfessionalLevel,
    "political_theory": PoliticalTheory,
    "rating": Rating,
    "discipline": Discipline,
}
RECORD_FIELDS: dict[str, type[Vocabulary] | None] = {
    **VOCAB_FIELDS, "trained_this_year": None, "score": None, "other_score": None}
ORDERED = {ProfessionalLevel, PoliticalTheory, Discipline, Rating}
CONSTANTS: dict[str, object] = {
    "min_level": ProfessionalLevel.trung_cap,
    "min_rating": Rating.hoan_thanh_tot,
    "min_discipline": Discipline.canh_cao,
    "threshold": 3,
    "no_value": None,  # a parameter without a value that day
}
CONSTANT_OF = {ProfessionalLevel: "min_level", Rating: "min_rating",
               Discipline: "min_discipline"}
ORDERS = ("<", "<=", ">", ">=")


@st.composite
def vocab_atoms(draw: st.DrawFn) -> Expr:
    field = draw(st.sampled_from(sorted(VOCAB_FIELDS)))
    vocab = VOCAB_FIELDS[field]
    ops = ["==", "!="] + (list(ORDERS) if vocab in ORDERED else [])
    op = draw(st.sampled_from(ops))
    others: list[Expr] = [String(word.value) for word in vocab]
    if vocab in CONSTANT_OF:
        others.append(Name(CONSTANT_OF[vocab]))
    others.append(Name("no_value"))
    others += [Name(f) for f, v in VOCAB_FIELDS.items() if v is vocab and f != field]
    other = draw(st.sampled_from(others))
    left: Expr = Name(field)
    return Compare(op, other, left) if draw(st.booleans()) else Compare(op, left, other)


@st.composite
def number_atoms(draw: st.DrawFn) -> Expr:
    op = draw(st.sampled_from([*ORDERS, "==", "!="]))
    other = draw(st.sampled_from(
        [Number("2"), Number("3"), Name("threshold"), Name("no_value"), Name("other_score")]))
    left: Expr = Name("score")
    return Compare(op, other, left) if draw(st.booleans()) else Compare(op, left, other)


boolean_atoms = st.one_of(
    st.just(Name("trained_this_year")),
    st.builds(lambda op, value: Compare(op, Name("trained_this_year"), Boolean(value)),
              st.sampled_from(["==", "!="]), st.booleans()),
)
atoms = st.one_of(vocab_atoms(), number_atoms(), boolean_atoms)
conditions = st.recursive(
    atoms,
    lambda children: st.one_of(
        st.builds(And, st.lists(children, min_size=2, max_size=3).map(tuple)),
        st.builds(Or, st.lists(children, min_size=2, max_size=3).map(tuple)),
        st.builds(Not, children),
    ),
    max_leaves=8,
)


def _maybe(values: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    return st.one_of(st.none(), values)


records = st.fixed_dictionaries({
    **{f: _maybe(st.sampled_from(list(v))) for f, v in VOCAB_FIELDS.items()},
    "trained_this_year": _maybe(st.booleans()),
    "score": _maybe(st.integers(0, 5)),
    "other_score": _maybe(st.integers(0, 5)),
})
# a rating scale in force: the words of 2018 or of before, or some words, several on one level,
# the others not on it
scales = st.one_of(
    st.just({"khong_hoan_thanh": 0, "hoan_thanh": 1, "hoan_thanh_tot": 2,
             "hoan_thanh_xuat_sac": 3}),
    st.just({"yeu_kem": 0, "trung_binh": 1, "kha": 2, "vung_manh": 3,
             "trong_sach_vung_manh": 3}),
    st.lists(st.sampled_from([r.value for r in Rating]), unique=True, max_size=9).flatmap(
        lambda words: st.lists(st.integers(0, 3), min_size=len(words), max_size=len(words)).map(
            lambda levels: dict(zip(words, levels, strict=True)))),
)


@pytest.mark.slow
@settings(max_examples=600, deadline=None)
@given(conditions, st.lists(records, max_size=8), scales)
def test_the_record_filter_and_the_tree_evaluator_agree_on_every_record(
    condition: Expr, officials: list[dict[str, object]], scale: dict[str, int]
) -> None:
    where = compile_filter(condition, RECORD_FIELDS, CONSTANTS.get, scale)
    columns: dict[str, list[object]] = {f: [r[f] for r in officials] for f in RECORD_FIELDS}
    by_column = where(columns, len(officials))
    by_tree = [
        RANK[Evaluator(lambda name, r=record: r[name] if name in r else CONSTANTS.get(name),
                       scale).truth(condition)]
        for record in officials
    ]
    assert by_column == by_tree


def _scale() -> dict[str, int]:
    # the 2018 scale, lowest first, with an old word on the same level as a new one
    return {"khong_hoan_thanh": 0, "hoan_thanh": 1, "kha": 1, "hoan_thanh_tot": 2,
            "hoan_thanh_xuat_sac": 3}


@pytest.mark.parametrize(
    ("word", "expected"),
    [("hoan_thanh_xuat_sac", True), ("hoan_thanh_tot", True), ("kha", False),
     ("hoan_thanh", False), ("trong_sach_vung_manh", None)],
)
def test_ratings_compare_on_the_scale_in_force_in_the_tree_and_the_filter(
    word: str, expected: bool | None
) -> None:
    condition = parse('rating >= "hoan_thanh_tot"')
    record = {"rating": Rating(word)}
    tree = Evaluator(record.get, _scale()).truth(condition)
    column = compile_filter(condition, RECORD_FIELDS, CONSTANTS.get, _scale())(
        {"rating": [Rating(word)]}, 1)
    assert tree is expected
    assert column == [RANK[expected]]


def test_ordinal_words_compare_by_declaration_order_and_equality_as_text() -> None:
    values = {"professional_level": ProfessionalLevel.dai_hoc, "min_level": "trung_cap"}
    evaluator = Evaluator(values.get)
    assert evaluator.truth(parse("professional_level >= min_level")) is True
    assert evaluator.truth(parse("professional_level < min_level")) is False
    assert evaluator.truth(parse('professional_level == "dai_hoc"')) is True
    assert evaluator.truth(parse("professional_level == min_level")) is False


def test_missing_values_and_division_by_zero_are_unknown() -> None:
    values: dict[str, object] = {"a": 4, "zero": 0, "missing": None}
    evaluator = Evaluator(values.get)
    assert evaluator.value(parse("a / zero")) is None
    assert evaluator.truth(parse("a / zero >= 1")) is None
    assert evaluator.truth(parse("missing + a >= 1")) is None
    assert evaluator.truth(parse("missing >= 1 and a >= 5")) is False
    assert evaluator.truth(parse("missing >= 1 or a >= 1")) is True


# -- values known only between bounds ---------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 6), st.integers(1, 4), st.sampled_from(sorted(COMPARE)),
       st.integers(-1, 11), st.sampled_from(["plain", "arithmetic", "flipped"]))
def test_a_count_between_bounds_decides_exactly_when_both_ends_agree(
    lo: int, width: int, op: str, requirement: int, shape: str
) -> None:
    hi = lo + width
    condition = {
        "plain": Compare(op, Name("count"), Number(str(requirement))),
        "arithmetic": Compare(op, Arithmetic("+", Name("count"), Name("one")),
                              Arithmetic("+", Name("requirement"), Name("one"))),
        "flipped": Compare(op, Name("requirement"), Name("count")),
    }[shape]
    values: dict[str, object] = {"count": Bounds(lo, hi), "requirement": requirement, "one": 1}
    test = COMPARE[op]

    def at(x: int) -> bool:
        return test(requirement, x) if shape == "flipped" else test(x, requirement)

    ends = {at(lo), at(hi)}
    expected = ends.pop() if len(ends) == 1 else None
    assert Evaluator(values.get).truth(condition) is expected
    if op in ORDERS:  # monotone: both ends agree exactly when every count between them does
        assert expected is _decided({at(x) for x in range(lo, hi + 1)})


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 4), st.integers(0, 4), st.integers(1, 3), st.integers(1, 3),
       st.sampled_from(ORDERS), st.integers(0, 12))
def test_two_counts_between_bounds_decide_when_every_corner_agrees(
    lo_a: int, lo_b: int, wa: int, wb: int, op: str, requirement: int
) -> None:
    values: dict[str, object] = {"a": Bounds(lo_a, lo_a + wa), "b": Bounds(lo_b, lo_b + wb)}
    condition = Compare(op, Arithmetic("+", Name("a"), Name("b")), Number(str(requirement)))
    every = {COMPARE[op](x + y, requirement)
             for x in range(lo_a, lo_a + wa + 1) for y in range(lo_b, lo_b + wb + 1)}
    assert Evaluator(values.get).truth(condition) is _decided(every)


def test_bounds_do_not_leak_into_arithmetic_shown_in_explanations() -> None:
    values: Mapping[str, object] = {"count": Bounds(1, 2), "total": 5}
    evaluator = Evaluator(values.get)
    assert evaluator.value(Name("count")) == Bounds(1, 2)
    assert evaluator.value(parse("total - count")) is None
    assert evaluator.truth(parse("count >= 1 and total >= 5")) is True
    assert evaluator.truth(parse("count >= 2")) is None
