"""Parameters read by a derivation's ``where`` filter, for ``explain``.

A criterion's result lists the parameters its condition reads; a parameter read only inside a
derived count (``professional_level >= professional_min_level``) decides the count as much,
so an auditor is shown it too, with its value, reference and dates in force.
"""

from __future__ import annotations

from ..condition import names
from ..evaluation.statics import reference_data
from ..result import Bilingual, ParameterValue, Result
from ..ruleset import RuleSet


def derivation_parameters(result: Result, rules: RuleSet) -> dict[str, dict[str, ParameterValue]]:
    """For each criterion: the parameters its derived inputs' filters read, by name."""
    if result.unit.kind != "commune":
        return {}
    edition = rules.in_force(result.year)
    found: dict[str, dict[str, ParameterValue]] = {}
    for criterion in result.criteria:
        chosen: dict[str, ParameterValue] = {}
        for path in criterion.inputs:
            definition = rules.derived.get(path)
            if definition is None or definition.where_expr is None:
                continue
            for name in names(definition.where_expr):
                parameter = edition.parameters.get(name.path)
                if parameter is None or name.path in criterion.parameters:
                    continue
                title = parameter.definition.spec.title
                chosen[name.path] = ParameterValue(
                    value=parameter.value if isinstance(parameter.value, list | str | int | float
                                                        | bool) else str(parameter.value),
                    title=Bilingual(vi=title.vi, en=title.en),
                    since=parameter.since.isoformat(),
                    until=parameter.until.isoformat() if parameter.until else None,
                    reference=reference_data(parameter.reference),
                )
        if chosen:
            found[criterion.id] = chosen
    return found


__all__ = ["derivation_parameters"]
