"""Derived inputs and criteria: conditions, named expressions and explanation templates, parsed
and type-checked against the document models, each problem on the line and column of the
offending text; a use of a name whose own definition is broken points at that definition."""

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
    names,
    parse,
)
from ..condition.ast import substitute
from ..condition.lookalike import hint_words
from ..condition.parser import KEYWORDS
from ..condition.template import Hole, Part, TemplateError, compile_template, which_items
from ..condition.types import STRING, model_fields, role_words
from ..models import Commune, Official
from ..words import Words, both, same
from . import dated
from .collect import Collector, display
from .definitions import CriterionDef, DerivedDef, Located, ParameterDef, Templates
from .named import NamedExpr, expand
from .schema import Criterion, Dated, Defaults, Derived, Text
from .scope import record_scope, subject_scope
from .yamlfile import YamlDocument

Where = tuple[str | int, ...]

EPOCH = dt.date(1900, 1, 1)  # "always": the start of an undated value


def load_derived(
    c: Collector, path: Path, parameters: dict[str, ParameterDef]
) -> dict[str, DerivedDef]:
    doc = c.read(path) if path.exists() else None
    if doc is None:
        return {}
    if not isinstance(doc.data, dict):
        c.add(path, 1, both("criterion.derived.not_a_mapping"))
        return {}
    where_scope = record_scope(parameters)
    commune_fields = model_fields(Commune)
    found: dict[str, DerivedDef] = {}
    for name, body in doc.data.items():
        line = doc.line((name,))
        spec = c.validate(Derived, body, doc, (name,))
        if spec is None:
            c.broken[name] = (path, line)
            continue
        if not (name.isascii() and name.isidentifier()):
            c.add(path, line, both("criterion.derived.bad_name", name=repr(name),
                                   hint=hint_words(name)))
            continue
        if name in commune_fields or name.split(".")[0] in Commune.model_fields:
            c.add(path, line, both("criterion.derived.hides_field", name=repr(name)))
            continue
        kinds = [k for k in ("count", "the", "sum") if getattr(spec, k) is not None]
        if len(kinds) != 1:
            c.add(path, line, both("criterion.derived.one_kind", name=name))
            continue
        where_expr: Expr | None = None
        kind: Type = NUMBER
        if spec.where is not None:
            where_expr = checked(c, doc, (name, "where"), spec.where, where_scope)
            if where_expr is None:
                c.broken[name] = (path, line)
                continue
        if spec.the is not None:
            if spec.field is None or spec.field not in model_fields(Official):
                c.add(
                    path,
                    doc.line((name, "field")) if spec.field else line,
                    both("criterion.derived.the_field", name=name),
                )
                continue
            kind = model_fields(Official)[spec.field][0]
        if spec.sum is not None:
            bad = [p for p in spec.sum if commune_fields.get(p, (None,))[0] != NUMBER]
            if bad:
                c.add(
                    path,
                    doc.line((name, "sum")),
                    both("criterion.derived.not_numeric", name=name, fields=(
                        ", ".join(repr(p) for p in bad), ", ".join(bad))),
                )
                continue
        if spec.count is None and spec.the is None and spec.where is not None:
            c.add(path, doc.line((name, "where")),
                  both("criterion.derived.where_filters", name=name))
            continue
        found[name] = DerivedDef(name, spec, kind, where_expr, Located(path, line))
    return found


def checked(
    c: Collector, doc: YamlDocument, at: Where, text: str, scope: Scope, *,
    condition: bool = True,
) -> Expr | None:
    """Parse and type-check one condition (or, ``condition=False``, any expression), reporting
    on the line and column of the offending text."""
    try:
        tree = parse(text)
        check(tree, scope, condition=condition)
        return tree
    except (ConditionSyntaxError, ConditionTypeError) as error:
        report(c, doc, at, text, error.column, _root_cause(c, error))
        return None


def report(c: Collector, doc: YamlDocument, at: Where, text: str, column: int,
           problem: Words) -> None:
    line, col = doc.position(at, column)
    c.add(doc.path, line, both("criterion.in_condition", problem=problem,
                               excerpt=_excerpt(text, column)), col)


def _root_cause(c: Collector, error: ConditionSyntaxError | ConditionTypeError) -> Words:
    """'unknown name x' when x is defined but broken: say where its own problem is."""
    name = error.unknown if isinstance(error, ConditionTypeError) else None
    if name is not None:
        if name in c.broken:
            file, line = c.broken[name]
            return both("criterion.broken_name", name=repr(name),
                        where=f"{display(file)}:{line}")
        if c.unreadable:
            files = ", ".join(display(path) for path in c.unreadable)
            return both("criterion.unreadable", problem=error.words, files=files)
    return error.words


def _excerpt(text: str, column: int, width: int = 60) -> str:
    """The condition, or the part around ``column`` of a long one."""
    flat = " ".join(text.split())
    if len(flat) <= 2 * width:
        return repr(flat)
    spot = len(" ".join(text[:column].split()))
    lo, hi = max(0, spot - width // 2), min(len(flat), spot + width // 2)
    return repr(("…" if lo else "") + flat[lo:hi] + ("…" if hi < len(flat) else ""))


def load_criteria(
    c: Collector,
    folder: Path,
    paths: list[Path],
    parameters: dict[str, ParameterDef],
    derived: dict[str, DerivedDef],
    defaults: tuple[Defaults, YamlDocument | None] | None = None,
) -> list[CriterionDef]:
    if not folder.is_dir():
        c.add(folder, 0, both("criterion.no_folder"))
        return []
    if not paths:
        c.add(folder, 0, both("criterion.none"))
        return []
    found: list[CriterionDef] = []
    first_seen: dict[str, Located] = {}
    for path in paths:
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
                both("criterion.duplicate_id", id=spec.id,
                     where=f"{display(earlier.file)}:{earlier.line}"),
            )
            continue
        first_seen[spec.id] = Located(path, doc.line(("id",)))
        if path.stem != spec.id:
            c.add(path, doc.line(("id",)),
                  both("criterion.file_name", id=spec.id, file=path.name))
        scope = subject_scope(spec.subject, parameters, derived)
        parts = _expressions(c, doc, spec, scope)
        if parts is None:
            continue
        named_scope = scope.child(
            Symbol(p.name, "expression", p.type, description=f"named expression {p.name}")
            for p in parts.values())
        history: list[Dated[str]] = (
            [Dated[str](**{"from": EPOCH, "value": spec.condition})]
            if isinstance(spec.condition, str)
            else list(spec.condition)
        )
        conditions: list[Dated[Expr]] = []
        lines: list[int] = []
        for i, entry in enumerate(history):
            at: Where = ("condition",) if isinstance(spec.condition, str) else (
                "condition", i, "value")
            tree = checked(c, doc, at, entry.value, named_scope)
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
                for index, message in dated.problem_words(seq):
                    c.add(path, doc.line((key, index, "from")),
                          both("criterion.dated", id=spec.id, key=key, problem=message))
        templates = _templates(c, doc, spec, named_scope, parts, defaults)
        if templates is None or len(conditions) != len(history):
            continue
        resolved, resolved_lines = expand(conditions, lines, parts)
        found.append(
            CriterionDef(
                spec,
                tuple(resolved),
                tuple(mandatory),
                templates,
                Located(path, doc.line(("id",))),
                tuple(resolved_lines),
                tuple(parts.values()),
            )
        )
    return found


def _expressions(
    c: Collector, doc: YamlDocument, spec: Criterion, scope: Scope
) -> dict[str, NamedExpr] | None:
    """The criterion's named expressions, each checked in a scope holding the earlier ones."""
    parts: dict[str, NamedExpr] = {}
    ok = True
    for name, body in spec.expressions.items():
        at: Where = ("expressions", name)
        line = doc.line(at)
        if not (name.isascii() and name.isidentifier()) or name in KEYWORDS:
            c.add(doc.path, line, both("criterion.expression.bad_name", name=repr(name),
                                       hint=hint_words(name)))
            ok = False
            continue
        if name in scope.symbols or name == "missing":
            role = scope.symbols[name].role if name in scope.symbols else "template word"
            c.add(doc.path, line, both("criterion.expression.hides", name=repr(name),
                                       role=role_words(role)))
            ok = False
            continue
        local = scope.child(
            Symbol(p.name, "expression", p.type, description=f"named expression {p.name}")
            for p in parts.values())
        history: list[Dated[str]] = (
            [Dated[str](**{"from": EPOCH, "value": body})] if isinstance(body, str) else body)
        for index, message in dated.problem_words(history) if isinstance(body, list) else ():
            c.add(doc.path, doc.line((*at, index, "from")),
                  both("criterion.dated", id=spec.id, key=name, problem=message))
            ok = False
        entries: list[Dated[Expr]] = []
        lines: list[int] = []
        kinds: set[Type] = set()
        for i, entry in enumerate(history):
            where: Where = at if isinstance(body, str) else (*at, i, "value")
            tree = checked(c, doc, where, entry.value, local, condition=False)
            lines.append(doc.line(where))
            if tree is None:
                continue
            kinds.add(check(tree, local, condition=False))
            entries.append(Dated[Expr](**{"from": entry.from_, "to": entry.to, "value": tree,
                                          "reference": entry.reference}))
        if len(entries) != len(history):
            ok = False
            continue
        if len(kinds) != 1:
            shown = sorted(kinds, key=str)
            c.add(doc.path, line, both(
                "criterion.expression.types_differ", name=repr(name), types=(
                    ", ".join(k.words[0] for k in shown), ", ".join(k.words[1] for k in shown))))
            ok = False
            continue
        parts[name] = NamedExpr(name, tuple(entries), kinds.pop(), isinstance(body, list),
                                tuple(lines))
    return parts if ok else None


def _templates(
    c: Collector,
    doc: YamlDocument,
    spec: Criterion,
    scope: Scope,
    parts: dict[str, NamedExpr],
    defaults: tuple[Defaults, YamlDocument | None] | None,
) -> Templates | None:
    compiled_parts: dict[tuple[str, str], list[Part]] = {}
    ok = True
    template_scope = scope.child([Symbol("missing", "field", STRING)])
    undated = {p.name: p.entries[0].value for p in parts.values() if not p.dated}
    for status in ("pass", "fail", "unknown"):
        text: Text | None = getattr(spec.explanation, "pass_" if status == "pass" else status)
        source_doc = doc
        base: Where = ("explanation", status)
        if text is None:
            default = defaults[0].explanation.get(spec.subject) if defaults else None
            if default is None or defaults is None or defaults[1] is None:
                c.add(doc.path, doc.line(("explanation",)),
                      both("criterion.explanation.missing", status=status, subject=spec.subject))
                ok = False
                continue
            text, source_doc = default.unknown, defaults[1]
            base = ("defaults", "explanation", spec.subject, "unknown")
        for lang in ("vi", "en"):
            at: Where = (*base, lang)
            source = getattr(text, lang)
            label = both("criterion.explanation.label", status=status, lang=lang, default=(
                both("criterion.explanation.default", id=spec.id) if source_doc is not doc
                else same("")))
            try:
                template = compile_template(source)
            except TemplateError as error:
                line, col = source_doc.position(at, error.column)
                c.add(source_doc.path, line,
                      both("criterion.explanation.problem", label=label, problem=error.words), col)
                ok = False
                continue
            out: list[Part] = []
            for part in template:
                if isinstance(part, str):
                    out.append(part)
                    continue
                try:
                    check(part.expr, template_scope, condition=False)
                except ConditionTypeError as error:
                    line, col = source_doc.position(at, part.offset + 1 + error.column)
                    c.add(source_doc.path, line, both(
                        "criterion.explanation.problem", label=label,
                        problem=_root_cause(c, error)), col)
                    ok = False
                    continue
                if part.format == "which" and which_items(part.expr) is None:
                    line, col = source_doc.position(at, part.offset)
                    example = "{a < x or b < x:which}"
                    c.add(source_doc.path, line, both(
                        "criterion.explanation.problem", label=label, problem=both(
                            "criterion.explanation.which", example=(f"'{example}'", example))),
                        col)
                    ok = False
                    continue
                dated_used = [n.path for n in names(part.expr)
                              if n.path in parts and parts[n.path].dated]
                if dated_used:
                    line, col = source_doc.position(at, part.offset)
                    c.add(source_doc.path, line, both(
                        "criterion.explanation.problem", label=label, problem=both(
                            "criterion.explanation.dated_part", name=repr(dated_used[0]))), col)
                    ok = False
                    continue
                if undated and any(n.path in undated for n in names(part.expr)):
                    part = Hole(_resolve_undated(part.expr, undated), part.format, part.offset)
                out.append(part)
            compiled_parts[(status, lang)] = out
    return Templates(compiled_parts) if ok else None


def _resolve_undated(tree: Expr, undated: dict[str, Expr]) -> Expr:
    for _ in range(len(undated) + 1):
        if not any(n.path in undated for n in names(tree)):
            break
        tree = substitute(tree, undated)
    return tree
