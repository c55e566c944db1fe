"""A rule set's own test cases (``tests/*.yaml``), run as a library: ``rules test``,
``rules lint`` and the pytest suite call the same code.

Layout of a rule set's ``tests/`` folder (excluded from the rule set's content hash):

- ``base-commune.yaml`` / ``base-report.yaml``: complete documents under which every
  commune / province-report criterion passes;
- ``<CRITERION-ID>.yaml``: ``criterion: ID`` and a list of ``cases``, each with ``name``,
  optional ``year`` (sets ``assessment_year`` of a commune, ``year`` of a report), ``input`` (a
  patch deep-merged over the base: mappings merge recursively, lists and scalars replace,
  ``null`` makes a field missing), ``expect`` (``pass | fail | unknown | not_applicable |
  rejected``) and the optional checks ``explanation_contains: {vi, en}`` (a substring or a list
  of them; for ``not_applicable`` the reason), ``missing`` (exactly the criterion's
  ``missing_inputs``, in any order), ``mandatory`` (whether it is mandatory that year),
  ``error_contains`` (for ``rejected``: the document is refused as input), ``at_threshold``
  (the case sits exactly at the criterion's threshold) and ``xfail`` (the reason: a known
  defect; the case states the correct outcome and must fail until it is fixed).

``officials`` is a list of records, or of groups ``{count: N, ...fields}``; the group at
position *i* (from 1) expands into N records with ids ``g<i>-1 … g<i>-N``.

Coverage (:func:`coverage_problems`): every criterion has a ``pass``, a ``fail`` and an
``unknown`` case (each unknown case naming its ``missing`` inputs) and an ``at_threshold`` case;
``xfail`` cases cover nothing. A *flag* criterion, whose condition only reads true/false inputs,
has no threshold: instead every flag it reads is set to ``false`` in some ``fail`` case. The
unpatched bases pass every criterion. Every problem is ``FILE:LINE: message``.
"""

from __future__ import annotations

import copy
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..condition import Expr
from ..condition.ast import And, Name, Not, Or
from ..documents import validate_document
from ..errors import CleanStrongError, InputError, Problem
from ..evaluation import evaluate
from ..ruleset import CriterionDef, RuleSet
from ..ruleset.collect import Collector, display
from ..ruleset.files import inventory

Expect = Literal["pass", "fail", "unknown", "not_applicable", "rejected"]
BASE_FILES = {"commune": "base-commune.yaml", "province_report": "base-report.yaml"}
YEAR_FIELD = {"commune": "assessment_year", "province_report": "year"}
MAX_GROUP = 1_000  # officials one {count: N} group may expand into


class Case(BaseModel):
    """One test case of a criterion."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1)
    year: int | None = Field(None, ge=1900, le=2100)
    at_threshold: bool = False
    input: dict[str, Any] = Field(default_factory=dict)
    expect: Expect
    explanation_contains: dict[Literal["vi", "en"], str | list[str]] | None = None
    missing: list[str] | None = None
    mandatory: bool | None = None
    error_contains: str | None = None
    xfail: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Case:
        if self.missing is not None and self.expect != "unknown":
            raise ValueError("'missing' belongs to an unknown case")
        if self.error_contains is not None and self.expect != "rejected":
            raise ValueError("'error_contains' belongs to a rejected case")
        if self.mandatory is not None and self.expect in ("not_applicable", "rejected"):
            raise ValueError("'mandatory' needs an evaluated criterion")
        return self


class CaseFile(BaseModel):
    """A ``<CRITERION-ID>.yaml`` file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    criterion: str = Field(pattern=r"^[A-Z]{2}-\d{2}$")
    cases: list[Case] = Field(min_length=1)


@dataclass(frozen=True)
class LoadedCase:
    """A case and where it is written."""

    file: Path
    line: int
    criterion: str
    case: Case


@dataclass
class Suite:
    """A rule set's test folder, read: its bases, its cases, and the problems of its files."""

    folder: Path
    bases: dict[str, dict[str, Any]] = field(default_factory=dict)
    base_files: dict[str, Path] = field(default_factory=dict)
    cases: list[LoadedCase] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def of(self, criterion: str) -> list[Case]:
        return [c.case for c in self.cases if c.criterion == criterion]


@dataclass(frozen=True)
class Outcome:
    """What one case found: ``agrees`` when the rules decide as the case says; ``ok`` also
    counts a known defect (``xfail``) that still fails as expected."""

    loaded: LoadedCase
    agrees: bool
    message: str  # why it does not agree ("" when it does)

    @property
    def ok(self) -> bool:
        return self.agrees != (self.loaded.case.xfail is not None)

    def problem(self) -> Problem | None:
        if self.ok:
            return None
        case = self.loaded.case
        text = (f"case {case.name!r}: {self.message}" if not self.agrees else
                f"case {case.name!r} is marked xfail ({case.xfail}) but now agrees with the "
                "rules: remove xfail")
        return Problem(display(self.loaded.file), self.loaded.line, text)


@dataclass(frozen=True)
class Run:
    """Every case of a rule set run, and every problem (files, failures, coverage)."""

    outcomes: tuple[Outcome, ...]
    problems: tuple[Problem, ...]

    @property
    def passed(self) -> int:
        return sum(o.ok for o in self.outcomes)


def read_suite(ruleset: RuleSet) -> Suite:
    """Read the test folder of ``ruleset`` safely (rule-file limits, FILE:LINE problems)."""
    folder = ruleset.directory / "tests"
    suite = Suite(folder)
    c = Collector(ruleset.directory)
    files = inventory(ruleset.directory)
    ids = {criterion.id for criterion in ruleset.criteria}
    seen: dict[str, dict[str, int]] = {}
    for path in files.folder("tests"):
        doc = c.read(path)
        if doc is None:
            continue
        if path.name in BASE_FILES.values():
            subject = next(s for s, name in BASE_FILES.items() if name == path.name)
            if not isinstance(doc.data, dict):
                c.add(path, 1, "a base is a complete document (a mapping of its fields)")
                continue
            suite.bases[subject] = doc.data
            suite.base_files[subject] = path
            continue
        spec = c.validate(CaseFile, doc.data, doc)
        if spec is None:
            continue
        if path.stem != spec.criterion:
            c.add(path, doc.line(("criterion",)),
                  f"{path.name} holds cases of {spec.criterion}: name it {spec.criterion}.yaml")
        if spec.criterion not in ids:
            c.add(path, doc.line(("criterion",)), f"no criterion {spec.criterion} in "
                  f"{ruleset.name}; one of {', '.join(sorted(ids))}")
            continue
        names = seen.setdefault(spec.criterion, {})
        for i, case in enumerate(spec.cases):
            line = doc.line(("cases", i))
            key = ascii_id(case.name)
            if key in names:
                c.add(path, line, f"case {case.name!r}: the same name as the case on line "
                      f"{names[key]} (names are test ids)")
                continue
            names[key] = line
            suite.cases.append(LoadedCase(path, line, spec.criterion, case))
    suite.problems = c.ordered()
    return suite


def merge(base: Mapping[str, Any], patch: Mapping[str, Any]) -> dict[str, Any]:
    """Deep-merge ``patch`` into a copy of ``base``: mappings merge, all else replaces."""
    out = copy.deepcopy(dict(base))
    for key, value in patch.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def expand_officials(items: list[Any]) -> list[Any]:
    """Groups ``{count: N, ...}`` become N records with ids ``g<position>-<n>``."""
    out: list[Any] = []
    for position, item in enumerate(items, start=1):
        if isinstance(item, Mapping) and "count" in item:
            fields = {k: v for k, v in item.items() if k != "count"}
            if "id" in fields:
                raise ValueError(f"officials group {position}: ids are generated, give none")
            count = item["count"]
            if isinstance(count, bool) or not isinstance(count, int) or not (
                    0 <= count <= MAX_GROUP):
                raise ValueError(f"officials group {position}: count is a whole number from 0 "
                                 f"to {MAX_GROUP}")
            out.extend({"id": f"g{position}-{n}", **fields} for n in range(1, count + 1))
        else:
            out.append(item)
    return out


def build_document(base: Mapping[str, Any], case: Case, subject: str) -> dict[str, Any]:
    """The document of one case: the base, patched, with its year and expanded officials."""
    document = merge(base, case.input)
    if case.year is not None:
        document[YEAR_FIELD[subject]] = case.year
    if isinstance(document.get("officials"), list):
        document["officials"] = expand_officials(document["officials"])
    return document


def ascii_id(text: str) -> str:
    """``xã loại II`` → ``xa loai II``: test ids pytest need not escape."""
    folded = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(ch for ch in folded if unicodedata.category(ch) != "Mn")
    return plain.encode("ascii", "replace").decode("ascii")


def _texts(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else value


def run_case(ruleset: RuleSet, suite: Suite, loaded: LoadedCase) -> Outcome:
    """Evaluate one case and compare what the rules decide with what it expects."""
    case = loaded.case
    criterion = loaded.criterion
    subject = ruleset.criterion(criterion).spec.subject
    base = suite.bases.get(subject)
    if base is None:
        return Outcome(loaded, False, f"no tests/{BASE_FILES[subject]} to patch")
    source = f"{ruleset.name}/{criterion}/{case.name}"
    try:
        document = build_document(base, case, subject)
        result = evaluate(validate_document(document, source), ruleset)
    except InputError as error:
        if case.expect != "rejected":
            return Outcome(loaded, False, f"the document is refused as input: {error.message}")
        if case.error_contains is not None and not any(  # written in either language
                case.error_contains in error.text(lang) for lang in ("vi", "en")):
            return Outcome(loaded, False, f"refused, but the error {error.message!r} does not "
                           f"contain {case.error_contains!r}")
        return Outcome(loaded, True, "")
    except (CleanStrongError, ValueError) as error:
        return Outcome(loaded, False, f"cannot be evaluated: {error}")
    if case.expect == "rejected":
        return Outcome(loaded, False, "expected the document to be refused, but it was evaluated")
    reasons = {n.id: n.reason for n in result.not_applicable}
    if case.expect == "not_applicable":
        if criterion not in reasons:
            return Outcome(loaded, False, f"expected not applicable, but {criterion} was "
                           "evaluated")
        for lang, wanted in (case.explanation_contains or {}).items():
            for text in _texts(wanted):
                if text not in getattr(reasons[criterion], lang):
                    return Outcome(loaded, False, f"{text!r} is not in the {lang} reason "
                                   f"{getattr(reasons[criterion], lang)!r}")
        return Outcome(loaded, True, "")
    if criterion in reasons:
        return Outcome(loaded, False, f"expected {case.expect}, but {criterion} is not "
                       f"applicable: {reasons[criterion].en}")
    outcome = result.criterion(criterion)
    if outcome.status != case.expect:
        missing = f" (missing: {', '.join(outcome.missing_inputs)})" if (
            outcome.missing_inputs) else ""
        return Outcome(loaded, False, f"expected {case.expect}, the rules decide "
                       f"{outcome.status}: {outcome.explanation.en}{missing}")
    for lang, wanted in (case.explanation_contains or {}).items():
        text = getattr(outcome.explanation, lang)
        for piece in _texts(wanted):
            if piece not in text:
                return Outcome(loaded, False, f"{piece!r} is not in the {lang} explanation "
                               f"{text!r}")
    if case.missing is not None and sorted(outcome.missing_inputs) != sorted(case.missing):
        return Outcome(loaded, False, f"missing inputs are {sorted(outcome.missing_inputs)}, "
                       f"the case says {sorted(case.missing)}")
    if case.mandatory is not None and outcome.mandatory is not case.mandatory:
        return Outcome(loaded, False, f"mandatory is {outcome.mandatory}, the case says "
                       f"{case.mandatory}")
    return Outcome(loaded, True, "")


def flags(criterion: CriterionDef) -> list[str] | None:
    """The true/false inputs of a flag criterion; None when some condition compares."""
    found: list[str] = []

    def walk(node: Expr) -> bool:
        if isinstance(node, Name):
            found.append(node.path)
            return True
        if isinstance(node, And | Or):
            return all(walk(item) for item in node.items)
        if isinstance(node, Not):
            return walk(node.item)
        return False

    if all(walk(entry.value) for entry in criterion.conditions):
        return list(dict.fromkeys(found))
    return None


def _at(patch: Mapping[str, Any], path: str) -> object:
    node: object = patch
    for part in path.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return None
        node = node[part]
    return node


def coverage_problems(ruleset: RuleSet, suite: Suite) -> list[Problem]:
    """What the cases leave untested: each criterion's pass, fail, unknown and threshold (or,
    for a flag criterion, each flag false in a fail case), and the bases passing everything."""
    found: list[Problem] = []
    folder = display(suite.folder)
    for criterion in ruleset.criteria:
        where = f"{folder}/{criterion.id}.yaml"
        cases = [c for c in suite.of(criterion.id) if c.xfail is None]
        if not suite.of(criterion.id):
            found.append(Problem(where, 0, f"{criterion.id} has no test cases: add "
                                 f"tests/{criterion.id}.yaml with pass, fail and unknown cases"))
            continue
        expected = {case.expect for case in cases}
        for status in ("pass", "fail", "unknown"):
            if status not in expected:
                found.append(Problem(where, 0, f"{criterion.id}: no {status} case"))
        unnamed = [c.name for c in cases if c.expect == "unknown" and c.missing is None]
        if unnamed:
            found.append(Problem(where, 0, f"{criterion.id}: unknown cases must name their "
                                 f"missing inputs: {', '.join(unnamed)}"))
        flag_inputs = flags(criterion)
        marked = [c.name for c in cases if c.at_threshold]
        if flag_inputs is None:
            if not marked:
                found.append(Problem(where, 0, f"{criterion.id}: no case marked at_threshold "
                                     "(a value exactly at the threshold)"))
            continue
        if marked:
            found.append(Problem(where, 0, f"{criterion.id} is a true/false flag: at_threshold "
                                 f"means nothing ({', '.join(marked)})"))
        for flag in flag_inputs:
            if not any(c.expect == "fail" and _at(c.input, flag) is False for c in cases):
                found.append(Problem(where, 0, f"{criterion.id}: no fail case sets {flag} to "
                                     "false"))
    found.extend(_base_problems(ruleset, suite))
    return found


def _base_problems(ruleset: RuleSet, suite: Suite) -> Iterator[Problem]:
    """Every case changes only what it is about: the unpatched bases pass everything."""
    subjects = dict.fromkeys(c.spec.subject for c in ruleset.criteria)
    for subject in subjects:
        name = BASE_FILES[subject]
        where = display(suite.folder / name)
        base = suite.bases.get(subject)
        if base is None:
            yield Problem(where, 0, f"no {name}: the complete document the cases patch")
            continue
        try:
            document = build_document(base, Case(name="base", expect="pass"), subject)
            result = evaluate(validate_document(document, where), ruleset)
        except (CleanStrongError, ValueError) as error:
            yield Problem(where, 1, f"the base is not a valid document: {error}")
            continue
        failing = {c.id: c.status for c in result.criteria if c.status != "pass"}
        for criterion_id, status in failing.items():
            yield Problem(where, 1, f"{criterion_id} is {status} on the unpatched base: every "
                          "criterion must pass there")
        for item in result.not_applicable:
            yield Problem(where, 1, f"{item.id} is not applicable on the unpatched base "
                          f"({item.reason.en})")


def run_cases(ruleset: RuleSet, *, coverage: bool = True) -> Run:
    """Run every case of ``ruleset``'s tests folder; problems in file and line order."""
    suite = read_suite(ruleset)
    outcomes = tuple(run_case(ruleset, suite, loaded) for loaded in suite.cases)
    problems = list(suite.problems)
    problems += [p for o in outcomes if (p := o.problem()) is not None]
    if coverage:
        problems += coverage_problems(ruleset, suite)
    return Run(outcomes, tuple(dict.fromkeys(problems)))


def has_tests(ruleset: RuleSet) -> bool:
    return (ruleset.directory / "tests").is_dir()


__all__ = ["BASE_FILES", "Case", "CaseFile", "LoadedCase", "Outcome", "Run", "Suite",
           "ascii_id", "build_document", "coverage_problems", "expand_officials", "flags",
           "has_tests", "merge", "read_suite", "run_case", "run_cases"]
