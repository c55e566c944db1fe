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
from ..errors import CleanStrongError, InputError, Problem, RuleSetError
from ..evaluation import evaluate
from ..ruleset import CriterionDef, RuleSet
from ..ruleset.collect import Collector, display
from ..ruleset.files import inventory
from ..ruleset.schema import worded
from ..words import Words, both, same
from ..words.format import number

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
            raise worded("rulecheck.case.missing_not_unknown")
        if self.error_contains is not None and self.expect != "rejected":
            raise worded("rulecheck.case.error_not_rejected")
        if self.mandatory is not None and self.expect in ("not_applicable", "rejected"):
            raise worded("rulecheck.case.mandatory_not_evaluated")
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
    counts a known defect (``xfail``) that still fails as expected. ``words`` say why it does
    not agree, in Vietnamese and English (empty when it does)."""

    loaded: LoadedCase
    agrees: bool
    words: Words = ("", "")

    @property
    def message(self) -> str:
        """Why it does not agree, in English ("" when it does)."""
        return self.words[1]

    @property
    def ok(self) -> bool:
        return self.agrees != (self.loaded.case.xfail is not None)

    def problem(self) -> Problem | None:
        if self.ok:
            return None
        case = self.loaded.case
        words = (both("rulecheck.outcome.disagrees", name=repr(case.name), reason=self.words)
                 if not self.agrees else
                 both("rulecheck.outcome.xfail_agrees", name=repr(case.name),
                      reason=f"“{case.xfail}”"))
        return Problem.of(display(self.loaded.file), self.loaded.line, words)


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
                c.add(path, 1, both("rulecheck.suite.base_not_mapping"))
                continue
            suite.bases[subject] = doc.data
            suite.base_files[subject] = path
            continue
        spec = c.validate(CaseFile, doc.data, doc)
        if spec is None:
            continue
        if path.stem != spec.criterion:
            c.add(path, doc.line(("criterion",)), both(
                "rulecheck.suite.misnamed", file=path.name, criterion=spec.criterion))
        if spec.criterion not in ids:
            c.add(path, doc.line(("criterion",)), both(
                "rulecheck.suite.unknown_criterion", criterion=spec.criterion,
                ruleset=(repr(ruleset.name), ruleset.name), known=", ".join(sorted(ids))))
            continue
        names = seen.setdefault(spec.criterion, {})
        for i, case in enumerate(spec.cases):
            line = doc.line(("cases", i))
            key = ascii_id(case.name)
            if key in names:
                c.add(path, line, both("rulecheck.suite.same_name", name=repr(case.name),
                                       line=names[key]))
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


class GroupError(ValueError):
    """A group of officials in a case's input that cannot be expanded: ``words`` say why (the
    exception's own text is the English)."""

    def __init__(self, words: Words) -> None:
        super().__init__(words[1])
        self.words = words


def expand_officials(items: list[Any]) -> list[Any]:
    """Groups ``{count: N, ...}`` become N records with ids ``g<position>-<n>``."""
    out: list[Any] = []
    for position, item in enumerate(items, start=1):
        if isinstance(item, Mapping) and "count" in item:
            fields = {k: v for k, v in item.items() if k != "count"}
            if "id" in fields:
                raise GroupError(both("rulecheck.expand.ids", position=position))
            count = item["count"]
            if isinstance(count, bool) or not isinstance(count, int) or not (
                    0 <= count <= MAX_GROUP):
                raise GroupError(both("rulecheck.expand.count", position=position,
                                      max=(number(MAX_GROUP, "vi"), str(MAX_GROUP))))
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


def _status(code: str) -> Words:
    """A status as people read it: "không đạt" / "fail" (the English is the code itself)."""
    return both(f"common.status.{code}")


def _listed(items: list[str]) -> str:
    """Names or inputs as the rule file has them, each quoted (in both languages: a case's name
    is free text, an input's path a code)."""
    return ", ".join(repr(item) for item in items)


def _error_words(error: Exception) -> Words:
    """Why a document could not be evaluated, in both languages."""
    words = getattr(error, "words", None)
    if isinstance(words, tuple) and len(words) == 2:
        return str(words[0]), str(words[1])
    if isinstance(error, RuleSetError):
        return "; ".join(error.lines("vi")), "; ".join(error.lines("en"))
    if isinstance(error, InputError):
        return error.text("vi"), error.text("en")
    return same(str(error))


def run_case(ruleset: RuleSet, suite: Suite, loaded: LoadedCase) -> Outcome:
    """Evaluate one case and compare what the rules decide with what it expects."""
    case = loaded.case
    criterion = loaded.criterion
    subject = ruleset.criterion(criterion).spec.subject
    base = suite.bases.get(subject)
    if base is None:
        return Outcome(loaded, False, both("rulecheck.run.no_base", base=BASE_FILES[subject]))
    source = f"{ruleset.name}/{criterion}/{case.name}"
    try:
        document = build_document(base, case, subject)
        result = evaluate(validate_document(document, source), ruleset)
    except InputError as error:
        where = f"'{error.path}': " if error.path else ""  # the field refused, as written
        said = (where + error.message_in("vi"), where + error.message_in("en"))
        if case.expect != "rejected":
            return Outcome(loaded, False, both("rulecheck.run.refused", error=said))
        if case.error_contains is not None and not any(  # written in either language
                case.error_contains in error.text(lang) for lang in ("vi", "en")):
            return Outcome(loaded, False, both(
                "rulecheck.run.refused_otherwise", error=(repr(said[0]), repr(said[1])),
                wanted=repr(case.error_contains)))
        return Outcome(loaded, True)
    except (CleanStrongError, ValueError) as error:
        return Outcome(loaded, False, both("rulecheck.run.not_evaluated",
                                           error=_error_words(error)))
    if case.expect == "rejected":
        return Outcome(loaded, False, both("rulecheck.run.not_refused"))
    reasons = {n.id: n.reason for n in result.not_applicable}
    if case.expect == "not_applicable":
        if criterion not in reasons:
            return Outcome(loaded, False, both("rulecheck.run.evaluated", criterion=criterion))
        for lang, wanted in (case.explanation_contains or {}).items():
            reason = getattr(reasons[criterion], lang)
            for text in _texts(wanted):
                if text not in reason:
                    return Outcome(loaded, False, both(
                        "rulecheck.run.not_in_reason", text=repr(text),
                        lang=both(f"rulecheck.lang_{lang}"), reason=repr(reason)))
        return Outcome(loaded, True)
    if criterion in reasons:
        return Outcome(loaded, False, both(
            "rulecheck.run.not_applicable", expect=_status(case.expect), criterion=criterion,
            reason=(reasons[criterion].vi, reasons[criterion].en)))
    outcome = result.criterion(criterion)
    if outcome.status != case.expect:
        missing = both("rulecheck.run.missing", inputs=_listed(list(outcome.missing_inputs))) if (
            outcome.missing_inputs) else ("", "")
        return Outcome(loaded, False, both(
            "rulecheck.run.decides", expect=_status(case.expect), status=_status(outcome.status),
            explanation=(outcome.explanation.vi, outcome.explanation.en), missing=missing))
    for lang, wanted in (case.explanation_contains or {}).items():
        text = getattr(outcome.explanation, lang)
        for piece in _texts(wanted):
            if piece not in text:
                return Outcome(loaded, False, both(
                    "rulecheck.run.not_in_explanation", text=repr(piece),
                    lang=both(f"rulecheck.lang_{lang}"), explanation=repr(text)))
    if case.missing is not None and sorted(outcome.missing_inputs) != sorted(case.missing):
        return Outcome(loaded, False, both(
            "rulecheck.run.missing_differ", found=str(sorted(outcome.missing_inputs)),
            said=str(sorted(case.missing))))
    if case.mandatory is not None and outcome.mandatory is not case.mandatory:
        return Outcome(loaded, False, both(
            "rulecheck.run.mandatory_differs", found=_yes_no(outcome.mandatory),
            said=_yes_no(case.mandatory)))
    return Outcome(loaded, True)


def _yes_no(value: bool) -> Words:
    """Whether a criterion is mandatory: "có" / "không"; in English as it always was (True)."""
    return both("common.yes" if value else "common.no")[0], str(value)


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
        id_ = criterion.id
        if not suite.of(id_):
            found.append(Problem.of(where, 0, both("rulecheck.coverage.no_cases", criterion=id_)))
            continue
        expected = {case.expect for case in cases}
        for status in ("pass", "fail", "unknown"):
            if status not in expected:
                found.append(Problem.of(where, 0, both(
                    "rulecheck.coverage.no_status", criterion=id_, status=_status(status))))
        unnamed = [c.name for c in cases if c.expect == "unknown" and c.missing is None]
        if unnamed:
            found.append(Problem.of(where, 0, both(
                "rulecheck.coverage.unknown_unnamed", criterion=id_, names=_listed(unnamed))))
        flag_inputs = flags(criterion)
        marked = [c.name for c in cases if c.at_threshold]
        if flag_inputs is None:
            if not marked:
                found.append(Problem.of(where, 0, both("rulecheck.coverage.no_threshold",
                                                       criterion=id_)))
            continue
        if marked:
            found.append(Problem.of(where, 0, both(
                "rulecheck.coverage.flag_threshold", criterion=id_, names=_listed(marked))))
        for flag in flag_inputs:
            if not any(c.expect == "fail" and _at(c.input, flag) is False for c in cases):
                found.append(Problem.of(where, 0, both(
                    "rulecheck.coverage.flag_never_false", criterion=id_,
                    flag=repr(flag))))
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
            yield Problem.of(where, 0, both("rulecheck.coverage.no_base", file=name))
            continue
        try:
            document = build_document(base, Case(name="base", expect="pass"), subject)
            result = evaluate(validate_document(document, where), ruleset)
        except (CleanStrongError, ValueError) as error:
            yield Problem.of(where, 1, both("rulecheck.coverage.base_invalid",
                                            error=_error_words(error)))
            continue
        failing = {c.id: c.status for c in result.criteria if c.status != "pass"}
        for criterion_id, status in failing.items():
            yield Problem.of(where, 1, both("rulecheck.coverage.base_status",
                                            criterion=criterion_id, status=_status(status)))
        for item in result.not_applicable:
            yield Problem.of(where, 1, both("rulecheck.coverage.base_not_applicable",
                                            criterion=item.id,
                                            reason=(item.reason.vi, item.reason.en)))


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
