"""The CLI's verbs as functions of a document and a rule set, answering the CLI's bytes.

Each composes the same library calls, in the same order, as its verb in :mod:`clean_strong.cli`
(``cmd_evaluate``, ``cmd_explain``, ``cmd_schema``, ``cmd_rules_list``/``show``,
``cmd_reproduce``), and ends its text with the newline the CLI prints: an HTTP answer saved to
a file is the file ``clean-strong VERB > FILE`` writes (tests compare every example). No
assessment logic lives here; these run in a worker thread, never on the event loop.
"""

from __future__ import annotations

import json
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

from ..documents import Document
from ..errors import InputError
from ..evaluation import evaluate
from ..result import Result
from ..ruleset import RuleSet
from ..terminal import printable
from ..words import LANGS, Lang, say

SCHEMA_KINDS = ("commune", "report")


def line(text: str | bytes, *, json_text: bool = True) -> bytes:
    """What the CLI writes for an output (``cli._out``): the text, and a newline unless it ends
    with one; text other than JSON with its control characters shown escaped (``printable``)."""
    if isinstance(text, str):
        text = (text if json_text else printable(text)).encode("utf-8")
    return text if text.endswith(b"\n") else text + b"\n"


def assess(document: Document, rules: RuleSet, source: str, counterfactuals: bool) -> Result:
    """``evaluate FILE [--counterfactuals]``: the result, with the changes that would pass."""
    result = evaluate(document, rules, source=source)
    if counterfactuals:
        from ..audit import counterfactuals as search

        result = search(document, rules, source=source, result=result)
    return result


def evaluate_json(document: Document, rules: RuleSet, source: str,
                  counterfactuals: bool = False) -> bytes:
    """``clean-strong evaluate FILE --format json [--counterfactuals]``'s standard output."""
    return line(assess(document, rules, source, counterfactuals).to_json_bytes())


def explain_text(document: Document, rules: RuleSet, source: str, lang: Lang,
                 criterion: str | None) -> bytes:
    """``clean-strong explain FILE [--criterion ID] --lang L``'s standard output; an unknown
    criterion is the CLI's own error (path ``query.criterion`` over HTTP)."""
    from ..audit import counterfactuals
    from ..audit.parameters import derivation_parameters
    from ..authoring.terms import terms_for
    from ..render.explain import render_explain

    result = evaluate(document, rules, source=source)
    known = [c.id for c in result.criteria] + [n.id for n in result.not_applicable]
    if criterion is not None and criterion.upper() not in known:
        vi, en = (say("cli.no_such_criterion", each, where=say("cli.this_result", each),
                      known=", ".join(known)) for each in LANGS)
        raise InputError(source, "query.criterion", vi, message_en=en)
    result = counterfactuals(document, rules, source=source, result=result)
    return line(render_explain(result, lang, criterion, derivation_parameters(result, rules),
                               terms_for(rules, result, document)), json_text=False)


@cache
def schema_json(kind: str, lang: Lang) -> bytes:
    """``clean-strong schema --kind KIND --lang LANG``'s standard output (built once)."""
    from ..models.schema import json_schema

    schema = json_schema("province_report" if kind == "report" else "commune", lang)
    return line(json.dumps(schema, ensure_ascii=False, indent=2))


def rules_list(rules: RuleSet, served: list[str]) -> dict[str, Any]:
    """``clean-strong rules list`` as data: the rows the CLI prints (its column texts), each
    with the criterion's title in both languages."""
    from ..authoring import list_rows

    _, *rows = list_rows(rules)  # the CLI's rows, in its default language; stable keys
    keys = ["id", "kind", "mandatory", "confidence", "in_force", "title", "basis"]
    criteria = []
    for row, criterion in zip(rows, rules.criteria, strict=True):
        entry: dict[str, Any] = dict(zip(keys, row, strict=True))
        entry["title"] = criterion.spec.title.model_dump(mode="json")
        criteria.append(entry)
    manifest = rules.manifest
    return {
        "ruleset": {"name": manifest.name, "version": manifest.version, "hash": rules.hash,
                    "title": manifest.title.model_dump(mode="json"),
                    "years": {"from": manifest.years.from_, "to": manifest.years.to}},
        "served": served,
        "criteria": criteria,
    }


def rules_show(rules: RuleSet, criterion_id: str, lang: Lang) -> dict[str, Any]:
    """``clean-strong rules show ID --lang L``: its text (with the rule file named relative to
    the rule set, not as a server path) and the criterion as written in its YAML file."""
    from ..authoring import describe_criterion
    from ..authoring.describe import find_criterion, unknown_criterion

    try:
        criterion = find_criterion(rules, criterion_id)
    except KeyError:
        raise InputError(criterion_id, "", unknown_criterion(rules, criterion_id, "vi"),
                         message_en=unknown_criterion(rules, criterion_id, "en")) from None
    file = criterion.where.file
    relative = file.relative_to(rules.directory) if file.is_relative_to(rules.directory) \
        else Path(file.name)
    shown = replace(criterion, where=replace(criterion.where, file=relative))
    return {
        "id": criterion.spec.id,
        "ruleset": rules.manifest.name,
        "text": line(describe_criterion(rules, shown, lang), json_text=False).decode(),
        "criterion": criterion.spec.model_dump(mode="json", by_alias=True, exclude_none=True),
    }


def reproduce_json(dataset: str, rules: RuleSet) -> bytes:
    """``clean-strong reproduce DATASET --format json``'s standard output."""
    from ..dien_bien_2019.reproduce import reproduce

    return line(reproduce(dataset, rules).to_json())



