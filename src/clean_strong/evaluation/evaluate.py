"""``evaluate``: one document through the engine into a :class:`~clean_strong.result.Result`,
and the rule sets it runs under.

validate the document → the compiled edition of its year → its fact (:mod:`.facts`) → the
engine's firings (:mod:`clean_strong.engine.session`) → the result (:mod:`.assemble`).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from ..defaults import DEFAULT_RULESET
from ..documents import Document, validate_document
from ..engine.program import Program
from ..errors import EngineError, InputError, Problem, RuleSetError
from ..models import Commune
from ..result import Result
from ..ruleset import RuleSet, read_ruleset, ruleset_years
from ..ruleset.coverage import refusal
from . import facts as factsmod
from .assemble import assemble
from .compiled import Compiled, compiled
from .limits import check_limits

_rulesets: dict[str, RuleSet] = {}


def load_ruleset(name_or_path: str | Path) -> RuleSet:
    """Read and check a rule set, and compile every year it covers for the engine; raises
    :class:`~clean_strong.errors.RuleSetError` listing every problem (exit code 4)."""
    ruleset = read_ruleset(name_or_path)
    problems: list[Problem] = []
    for year in ruleset_years(ruleset):
        try:
            compiled(ruleset, year)
        except RuleSetError as error:
            problems.extend(error.problems)
    if problems:
        raise RuleSetError(sorted(set(problems)))
    return ruleset


def default_ruleset(name: str = DEFAULT_RULESET) -> RuleSet:
    """Bundled rule sets are loaded once per process."""
    if name not in _rulesets:
        _rulesets[name] = load_ruleset(name)
    return _rulesets[name]


def resolve_ruleset(ruleset: RuleSet | str | Path | None) -> RuleSet:
    """A rule set from an object, a bundled name, or a directory."""
    if isinstance(ruleset, RuleSet):
        return ruleset
    if ruleset is None or (isinstance(ruleset, str) and "/" not in ruleset):
        return default_ruleset(ruleset or DEFAULT_RULESET)
    return load_ruleset(ruleset)


def evaluate(
    document: Document | Mapping[str, object] | str | bytes,
    ruleset: RuleSet | str | Path | None = None,
    *,
    source: str = "<document>",
    explanations: bool = True,
) -> Result:
    """Evaluate one commune or province report under ``ruleset`` (default: the bundled one).

    ``explanations=False`` leaves the explanation texts empty (for bulk runs that only need
    statuses); everything else, the trace included, is the same.
    """
    doc = validate_document(document, source)
    year_rules, program, prepared = prepare(doc, resolve_ruleset(ruleset), source)
    fired = program.engine.fire(prepared.json())
    return assemble(doc, year_rules, program, prepared, fired, explanations)


def prepare(
    doc: Document, rules: RuleSet, source: str
) -> tuple[Compiled, Program, factsmod.Facts]:
    """The compiled edition of the document's year, its program, and the fact it asserts."""
    year = doc.assessment_year if isinstance(doc, Commune) else doc.year
    refused = refusal(rules, year)
    if refused is not None:
        where = "assessment_year" if isinstance(doc, Commune) else "year"
        raise InputError(source, where, refused[0], message_en=refused[1])
    year_rules = compiled(rules, year)
    program = year_rules.programs.get(doc.kind)
    if program is None:
        raise EngineError(f"{rules.name}: no criteria for a {doc.kind} in force in {year}")
    check_limits(doc, year_rules.limits[doc.kind], year_rules.edition.day, source)
    try:
        prepared = factsmod.build(doc, program, year_rules.edition, year_rules.deriver)
    except InputError as error:
        raise InputError(source, error.path, error.message, message_en=error.message_en) from None
    return year_rules, program, prepared


__all__ = ["DEFAULT_RULESET", "default_ruleset", "evaluate", "load_ruleset", "prepare",
           "resolve_ruleset"]
