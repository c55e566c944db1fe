"""``clean-strong report``: load what the source names, evaluate it, add the auditor's
counterfactuals, render the pages and write them.

This is the one place that orchestrates a report; the renderer (:mod:`clean_strong.render.html`)
takes results and plain data only.
"""

from __future__ import annotations

from pathlib import Path

from .. import datasets
from ..audit import counterfactuals as find_counterfactuals
from ..audit.parameters import derivation_parameters
from ..authoring.terms import terms_for
from ..documents import Document, read_documents, refused
from ..evaluation import evaluate, resolve_ruleset
from ..models import Commune, ProvinceReport
from ..render.html import render_pages
from ..render.report_data import ReportSet, UnitContext
from ..result import Result
from ..ruleset import RuleSet
from ..summary import summarise
from ..words import Lang
from .write import write_pages


def evaluated(document: Document, rules: RuleSet, source: str, counterfactuals: bool) -> Result:
    """One unit's result, with the counterfactuals of what it fails when asked."""
    result = evaluate(document, rules, source=source)
    if counterfactuals and any(c.status != "pass" for c in result.criteria):
        result = find_counterfactuals(document, rules, source=source, result=result)
    return result


def context(document: Document, rules: RuleSet, result: Result) -> UnitContext:
    """What a unit's page names its codes by: the rule set's and the document's words."""
    return UnitContext(terms_for(rules, result, document), derivation_parameters(result, rules))


def load_report(
    source: str | Path,
    ruleset: RuleSet | str | Path | None = None,
    *,
    counterfactuals: bool = True,
) -> ReportSet | Result:
    """Evaluate what ``source`` names: a bundled data set, one JSON file (a commune or a
    province report), a directory of commune JSON files, or a JSONL file of communes."""
    return _load(source, ruleset, counterfactuals)[0]


def _load(source: str | Path, ruleset: RuleSet | str | Path | None, counterfactuals: bool
          ) -> tuple[ReportSet | Result, UnitContext | None]:
    """:func:`load_report`, with the context of a lone province report's page."""
    name = str(source)
    if name in datasets.DATASETS and not Path(name).exists():
        rules = resolve_ruleset(ruleset if ruleset is not None else name)
        units = datasets.load_dataset(name)
        results = [evaluated(c, rules, f"{name}:{c.unit_code}", counterfactuals) for c in units]
        return ReportSet(results, summarise(name, results),
                         datasets.study_panel(name, units, results, rules),
                         [context(c, rules, r) for c, r in zip(units, results, strict=True)]), None
    path = Path(source)
    if name != "-" and not path.exists():  # "-": standard input
        raise refused(name, "", "no_dataset", bundled=", ".join(datasets.DATASETS))
    documents = read_documents(path)
    rules = resolve_ruleset(ruleset)
    if len(documents) == 1 and isinstance(documents[0][1], ProvinceReport):
        origin, report = documents[0]
        result = evaluated(report, rules, origin, counterfactuals)
        return result, context(report, rules, result)
    communes: list[tuple[str, Commune]] = []
    for origin, document in documents:
        if not isinstance(document, Commune):
            raise refused(origin, "kind", "report_in_a_set")
        communes.append((origin, document))
    results = [evaluated(c, rules, origin, counterfactuals) for origin, c in communes]
    contexts = [context(c, rules, r) for (_, c), r in zip(communes, results, strict=True)]
    return ReportSet(results, summarise(path.name, results), contexts=contexts), None


def write_report(
    source: str | Path,
    out_dir: Path | str,
    ruleset: RuleSet | str | Path | None = None,
    *,
    lang: Lang = "vi",
    counterfactuals: bool = True,
) -> list[Path]:
    """``clean-strong report SOURCE --html DIR``: evaluate, render, write; the pages written."""
    report, lone = _load(source, ruleset, counterfactuals)
    return write_pages(render_pages(report, lang, lone), out_dir, lang)


__all__ = ["evaluated", "load_report", "write_report"]
