"""Derived inputs and criteria: conditions and explanation templates, parsed and type-checked
against the document models, each problem on the line of the offending text."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..condition import (
    NUMBER,
    ConditionSyntaxError,
    ConditionTypeError,
    Expr,
    Scope,
    Symbol,
    Type,
    check,
    parse,
)
from ..condition.template import Part, TemplateError, compile_template
from ..condition.types import STRING, model_fields
from ..models import Commune, Official
from . import dated
from .collect import Collector, display
from .definitions import CriterionDef, DerivedDef, Located, ParameterDef, Templates
from .schema import Criterion, Dated, Derived, Text
from .scope import record_scope, subject_scope
from .yamlfile import YamlDocument

EPOCH = dt.date(1900, 1, 1)  # "always": the start of an undated value


def load_derived(
    c: Collector, path: Path, parameters: dict[str, ParameterDef]
) -> dict[str, DerivedDef]:
    doc = c.read(path) if path.exists() else None
    if doc is None:
        return {}
    if not isinstance(doc.data, dict):
        c.add(path, 1, "expected a mapping of derived-input names to definitions")
        return {}
    where_scope = record_scope(parameters)
    commune_fields = model_fields(Commune)
    found: dict[str, DerivedDef] = {}
    for name, body in doc.data.items():
        line = doc.line((name,))
        spec = c.validate(Derived, body, doc, (name,))
        if spec is None:
            continue
        if name in commune_fields or name.split(".")[0] in Commune.model_fields:
            c.add(path, line, f"{name!r} would hide a document field of the same name")
            continue
        kinds = [k for k in ("count", "the", "sum") if getattr(spec, k) is not None]
        if len(kinds) != 1:
            c.add(path, line, f"{name}: give exactly one of count, the, sum")
            continue
        where_expr: Expr | None = None
        kind: Type = NUMBER
        if spec.where is not None:
            where_expr = _checked(c, doc, (name, "where"), spec.where, where_scope)
            if where_expr is None:
                continue
        if spec.the is not None:
            if spec.field is None or spec.field not in model_fields(Official):
                c.add(
                    path,
                    doc.line((name, "field")) if spec.field else line,
                    f"{name}: 'the' needs a field of the official record",
                )
                continue
            kind = model_fields(Official)[spec.field][0]
        if spec.sum is not None:
            bad = [p for p in spec.sum if commune_fields.get(p, (None,))[0] != NUMBER]
            if bad:
                c.add(
                    path,
                    doc.line((name, "sum")),
                    f"{name}: not numeric document fields: {', '.join(bad)}",
                )
                continue
        if spec.count is None and spec.the is None and spec.where is not None:
            c.add(path, doc.line((name, "where")), f"{name}: 'where' filters records (count, the)")
            continue
        found[name] = DerivedDef(name, spec, kind, where_expr, Located(path, line))
    return found


def _checked(
    c: Collector, doc: YamlDocument, at: tuple[str | int, ...], text: str, scope: Scope
) -> Expr | None:
    """Parse and type-check one condition, reporting on the line of the offending text."""
    try:
        tree = parse(text)
        check(tree, scope)
        return tree
    except (ConditionSyntaxError, ConditionTypeError) as error:
        line = doc.line(at) + text[: error.column].count("\n")
        c.add(doc.path, line, f"{error.message} in {text.strip()!r}")
        return None




def load_criteria(
    c: Collector,
    folder: Path,
    parameters: dict[str, ParameterDef],
    derived: dict[str, DerivedDef],
) -> list[CriterionDef]:
    if not folder.is_dir():
        c.add(folder, 0, "no criteria folder")
        return []
    found: list[CriterionDef] = []
    first_seen: dict[str, Located] = {}
    for path in sorted(folder.glob("*.yaml")):
        doc = c.read(path)
        if doc is None:
            continue
        spec = c.validate(Criterion, doc.data, doc)
        if spec is None:
            continue
        if spec.id in first_seen:
            earlier = first_seen[spec.id]
            c.add(
                path,
                doc.line(("id",)),
                f"duplicate criterion id {spec.id} "
                f"(also in {display(earlier.file)}:{earlier.line})",
            )
            continue
        first_seen[spec.id] = Located(path, doc.line(("id",)))
        scope = subject_scope(spec.subject, parameters, derived)
        history: list[Dated[str]] = (
            [Dated[str](**{"from": EPOCH, "value": spec.condition})]
            if isinstance(spec.condition, str)
            else list(spec.condition)
        )
        conditions: list[Dated[Expr]] = []
        lines: list[int] = []
        for i, entry in enumerate(history):
            at: tuple[str | int, ...] = (
                ("condition",) if isinstance(spec.condition, str) else ("condition", i, "value")
            )
            tree = _checked(c, doc, at, entry.value, scope)
            lines.append(doc.line(at))
            if tree is not None:
                conditions.append(
                    Dated[Expr](
                        **{
                            "from": entry.from_,
                            "to": entry.to,
                            "value": tree,
                            "reference": entry.reference,
                        }
                    )
                )
        mandatory = (
            [Dated[bool](**{"from": EPOCH, "value": spec.mandatory})]
            if isinstance(spec.mandatory, bool)
            else list(spec.mandatory)
        )
        histories: tuple[tuple[str, Sequence[Dated[Any]]], ...] = (
            ("condition", history),
            ("mandatory", mandatory),
        )
        for key, seq in histories:
            if isinstance(getattr(spec, key), list):
                for index, message in dated.problems(seq):
                    c.add(path, doc.line((key, index, "from")), f"{spec.id} {key}: {message}")
        templates = _templates(c, doc, spec, scope)
        if templates is None or len(conditions) != len(history):
            continue
        found.append(
            CriterionDef(
                spec,
                tuple(conditions),
                tuple(mandatory),
                templates,
                Located(path, doc.line(("id",))),
                tuple(lines),
            )
        )
    return found


def _templates(c: Collector, doc: YamlDocument, spec: Criterion, scope: Scope) -> Templates | None:
    parts: dict[tuple[str, str], list[Part]] = {}
    ok = True
    template_scope = scope.child([Symbol("missing", "field", STRING)])
    for status in ("pass", "fail", "unknown"):
        text: Text = getattr(spec.explanation, "pass_" if status == "pass" else status)
        for lang in ("vi", "en"):
            at = ("explanation", status, lang)
            source = getattr(text, lang)
            try:
                compiled = compile_template(source)
            except TemplateError as error:
                c.add(doc.path, doc.line(at), f"explanation {status}.{lang}: {error.message}")
                ok = False
                continue
            for part in compiled:
                if isinstance(part, str):
                    continue
                try:
                    check(part.expr, template_scope, condition=False)
                except ConditionTypeError as error:
                    c.add(doc.path, doc.line(at), f"explanation {status}.{lang}: {error.message}")
                    ok = False
            parts[(status, lang)] = compiled
    return Templates(parts) if ok else None
