"""Read a rule-set directory, checking everything the law itself can get wrong.

Every problem is reported as ``FILE:LINE: problem`` with the true line of the offending value;
:func:`problems` returns them all, :func:`read_ruleset` raises :class:`RuleSetError` carrying
them. Checks: file shapes, dated histories (order, overlap), parameter values against their
types and table keys, conditions and explanation templates parsed and type-checked against the
document models, duplicate ids, and the edition of every assessment year the manifest covers
(each criterion in force reads values in force). Whether the engine can decide every year is
checked above this layer (:func:`clean_strong.evaluation.load_ruleset`, ``rules lint``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..condition import (
    BOOLEAN,
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
from ..condition.types import STRING, model_fields, vocab_type
from ..errors import Problem, RuleSetError
from ..models import Commune, Official
from ..models.vocab import VOCABULARIES, Rating
from . import dated
from .definitions import CriterionDef, DerivedDef, Located, ParameterDef, RuleSet, Templates
from .schema import Criterion, Dated, Derived, Manifest, Parameter, Text
from .scope import record_scope, subject_scope
from .yamlfile import YamlDocument, YamlProblem, load

_EPOCH = dt.date(1900, 1, 1)  # "always": the start of an undated value
M = TypeVar("M", bound=BaseModel)

SCALE = "scale"
_SCALAR_TYPES: dict[str, Type] = {"number": NUMBER, "integer": NUMBER, "boolean": BOOLEAN}


def bundled_dir() -> Path:
    """The bundled rule sets: inside the installed package, or the source tree's ``rules/``."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "rules", here.parent.parent / "rules"):
        if candidate.is_dir():
            return candidate
    raise RuleSetError([Problem(str(here / "rules"), 0, "bundled rules not found")])


def resolve(name_or_path: str | Path) -> Path:
    """A rule-set directory from a bundled name (``dien-bien-2019``) or a path."""
    path = Path(name_or_path)
    if path.is_dir():
        return path
    if isinstance(name_or_path, str) and "/" not in name_or_path and "\\" not in name_or_path:
        bundled = bundled_dir() / name_or_path
        if bundled.is_dir():
            return bundled
        known = sorted(p.name for p in bundled_dir().iterdir() if (p / "ruleset.yaml").is_file())
        raise RuleSetError(
            [Problem(name_or_path, 0, f"no such rule set; bundled: {', '.join(known)}")]
        )
    raise RuleSetError([Problem(str(path), 0, "no such rule-set directory")])


def read_ruleset(name_or_path: str | Path) -> RuleSet:
    """Read and check a rule set; raises :class:`RuleSetError` listing every problem."""
    ruleset, found = _load(resolve(name_or_path))
    if found or ruleset is None:
        raise RuleSetError(found)
    return ruleset


def problems(name_or_path: str | Path) -> list[Problem]:
    """Every problem of a rule set, in file and line order (empty when it is sound)."""
    try:
        _, found = _load(resolve(name_or_path))
    except RuleSetError as error:
        return error.problems
    return found


# --------------------------------------------------------------------------------------------


class _Collector:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.problems: list[Problem] = []

    def add(self, file: Path, line: int, message: str) -> None:
        self.problems.append(Problem(_display(file), line, message))

    def read(self, path: Path) -> YamlDocument | None:
        try:
            return load(path)
        except YamlProblem as problem:
            self.add(path, problem.line, problem.message)
        except OSError as error:
            self.add(path, 0, f"cannot read: {error.strerror}")
        return None

    def validate(
        self, model: type[M], data: object, doc: YamlDocument, at: tuple[str | int, ...] = ()
    ) -> M | None:
        try:
            return model.model_validate(data)
        except ValidationError as error:
            for item in error.errors():
                loc = tuple(_yaml_key(part) for part in item["loc"])
                where = (*at, *loc)
                label = ".".join(str(part) for part in where) or "file"
                self.add(doc.path, doc.line(where), f"{label}: {_pydantic_message(item)}")
        return None


def _yaml_key(part: str | int) -> str | int:
    return "from" if part == "from_" else ("pass" if part == "pass_" else part)


def _pydantic_message(item: Any) -> str:
    kind = item["type"]
    if kind == "extra_forbidden":
        return "unknown key"
    if kind == "missing":
        return "required key is missing"
    return str(item["msg"])


def _display(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _load(root: Path) -> tuple[RuleSet | None, list[Problem]]:
    c = _Collector(root)
    manifest_doc = c.read(root / "ruleset.yaml")
    manifest = c.validate(Manifest, manifest_doc.data, manifest_doc) if manifest_doc else None

    parameters = _load_parameters(c, root / "parameters.yaml")
    derived = _load_derived(c, root / "derived.yaml", parameters)
    criteria = _load_criteria(c, root / "criteria", parameters, derived)

    if manifest is None or c.problems:
        return None, sorted(set(c.problems))
    order = list(manifest.groups)
    for criterion in criteria:
        group = criterion.spec.group
        if group is not None and order and group not in order:
            c.add(
                criterion.where.file,
                criterion.where.line,
                f"group {group!r} is not declared in ruleset.yaml groups",
            )
    criteria.sort(
        key=lambda d: (
            order.index(d.spec.group) if d.spec.group in order else len(order),
            d.spec.id,
        )
    )
    ruleset = RuleSet(
        directory=root,
        manifest=manifest,
        hash=content_hash(root),
        parameters=parameters,
        derived=derived,
        criteria=criteria,
        tests_dir=root / "tests",
    )
    for year in ruleset_years(ruleset):
        try:
            ruleset.in_force(year)
        except RuleSetError as error:
            c.problems.extend(error.problems)
    return (None if c.problems else ruleset), sorted(set(c.problems))


def ruleset_years(ruleset: RuleSet) -> range:
    """The assessment years the manifest says the rule set covers."""
    years = ruleset.manifest.years
    return range(years.from_, years.to + 1)


def content_hash(root: Path) -> str:
    """SHA-256 over every rule file except tests: what decides outcomes."""
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.yaml")):
        relative = path.relative_to(root).as_posix()
        if relative.startswith("tests/"):
            continue
        digest.update(relative.encode() + b"\0" + path.read_bytes() + b"\0")
    return "sha256:" + digest.hexdigest()


# -- parameters ---------------------------------------------------------------------------


def _parameter_type(name: str) -> Type | None:
    if name in _SCALAR_TYPES:
        return _SCALAR_TYPES[name]
    if name in VOCABULARIES:
        return vocab_type(VOCABULARIES[name])
    return None


def _load_parameters(c: _Collector, path: Path) -> dict[str, ParameterDef]:
    doc = c.read(path)
    if doc is None:
        return {}
    if not isinstance(doc.data, dict):
        c.add(path, 1, "expected a mapping of parameter names to definitions")
        return {}
    commune = model_fields(Commune)
    found: dict[str, ParameterDef] = {}
    for name, body in doc.data.items():
        line = doc.line((name,))
        spec = c.validate(Parameter, body, doc, (name,))
        if spec is None:
            continue
        if not name.isidentifier():
            c.add(path, line, f"parameter name {name!r} is not a plain identifier")
            continue
        kind = _parameter_type(spec.type)
        if kind is None and spec.type != SCALE:
            choices = ", ".join([*_SCALAR_TYPES, SCALE, *VOCABULARIES])
            c.add(
                path,
                doc.line((name, "type")),
                f"{name}: unknown type {spec.type!r}; one of {choices}",
            )
            continue
        domains: list[tuple[str, ...]] = []
        for i, key in enumerate(spec.index):
            field_type = commune.get(key, (None, ""))[0]
            domain = _domain(field_type)
            if domain is None:
                c.add(
                    path,
                    doc.line((name, "index", i)),
                    f"{name}: a table is keyed by a document field of a vocabulary or "
                    f"true/false, not {key!r}",
                )
            else:
                domains.append(domain)
        for index, message in dated.problems(spec.values):
            c.add(path, doc.line((name, "values", index, "from")), f"{name}: {message}")
        for i, entry in enumerate(spec.values):
            for where, message in _value_problems(entry.value, spec, tuple(domains)):
                c.add(path, doc.line((name, "values", i, "value", *where)), f"{name}: {message}")
        found[name] = ParameterDef(
            name, spec, kind, tuple(spec.index), tuple(domains), Located(path, line)
        )
    return found


def _domain(field_type: Type | None) -> tuple[str, ...] | None:
    if field_type == BOOLEAN:
        return ("true", "false")
    if field_type is not None and field_type.vocab is not None:
        return tuple(member.value for member in field_type.vocab)
    return None


def _value_problems(
    value: object, spec: Parameter, domains: tuple[tuple[str, ...], ...]
) -> Iterator[tuple[tuple[str, ...], str]]:
    if domains:
        if not isinstance(value, dict):
            yield (), f"expected a table keyed by {spec.index[0]} ({', '.join(domains[0])})"
            return
        missing = [key for key in domains[0] if key not in value]
        extra = [key for key in value if key not in domains[0]]
        if missing:
            yield (), f"table lacks {spec.index[0]} {', '.join(missing)}"
        for key in extra:
            yield (key,), f"{key!r} is not a value of {spec.index[0]}"
        for key in domains[0]:
            if key in value:
                for where, message in _value_problems(value[key], spec, domains[1:]):
                    yield (key, *where), message
        return
    kind = spec.type
    if kind == SCALE:
        levels = value if isinstance(value, list) else []
        words = [w for level in levels for w in (level if isinstance(level, list) else [level])]
        if (
            not words
            or any(w not in Rating.__members__ for w in words)
            or len(set(words)) != len(words)
        ):
            yield (
                (),
                (
                    "a scale lists rating levels lowest first, each a word or a list of "
                    "equal words, every word once"
                ),
            )
    elif kind == "integer" and (isinstance(value, bool) or not isinstance(value, int)):
        yield (), f"expected an integer, found {value!r}"
    elif kind == "number" and (isinstance(value, bool) or not isinstance(value, int | float)):
        yield (), f"expected a number, found {value!r}"
    elif kind == "number" and isinstance(value, float) and not math.isfinite(value):  # .inf
        yield (), f"expected a finite number, found {value!r}"
    elif kind == "boolean" and not isinstance(value, bool):
        yield (), f"expected true or false, found {value!r}"
    elif kind in VOCABULARIES and value not in VOCABULARIES[kind].__members__:
        yield (), f"{value!r} is not a {kind} word"


# -- derived inputs -----------------------------------------------------------------------


def _load_derived(
    c: _Collector, path: Path, parameters: dict[str, ParameterDef]
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
    c: _Collector, doc: YamlDocument, at: tuple[str | int, ...], text: str, scope: Scope
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


# -- criteria -----------------------------------------------------------------------------


def _load_criteria(
    c: _Collector,
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
                f"(also in {_display(earlier.file)}:{earlier.line})",
            )
            continue
        first_seen[spec.id] = Located(path, doc.line(("id",)))
        scope = subject_scope(spec.subject, parameters, derived)
        history: list[Dated[str]] = (
            [Dated[str](**{"from": _EPOCH, "value": spec.condition})]
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
            [Dated[bool](**{"from": _EPOCH, "value": spec.mandatory})]
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


def _templates(c: _Collector, doc: YamlDocument, spec: Criterion, scope: Scope) -> Templates | None:
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
