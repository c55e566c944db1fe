"""A checked rule set and its parts, as the loader leaves them: every file read, every
condition parsed and type-checked, every dated history ordered. :meth:`RuleSet.in_force`
gives the rules of one assessment day (:class:`~.edition.Edition`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..condition import Expr, Scope, Type
from ..condition.template import Part
from .edition import Edition
from .named import NamedExpr
from .schema import Criterion, Dated, Derived, Manifest, Parameter, Subject
from .scope import subject_scope

if TYPE_CHECKING:
    from .domains import DomainDef


@dataclass(frozen=True)
class Located:
    """Where a definition lives, to point problems at it."""

    file: Path
    line: int


@dataclass(frozen=True)
class ParameterDef:
    name: str
    spec: Parameter
    type: Type | None  # None for a scale
    index: tuple[str, ...]
    domains: tuple[tuple[str, ...], ...]
    where: Located


@dataclass(frozen=True)
class DerivedDef:
    name: str
    spec: Derived
    type: Type
    where_expr: Expr | None
    where: Located


@dataclass(frozen=True)
class Templates:
    """Explanation templates per status and language."""

    parts: dict[tuple[str, str], list[Part]]

    def get(self, status: str, lang: str) -> list[Part]:
        return self.parts[(status, lang)]


@dataclass(frozen=True)
class CriterionDef:
    spec: Criterion
    conditions: tuple[Dated[Expr], ...]
    mandatory: tuple[Dated[bool], ...]
    templates: Templates
    where: Located
    condition_lines: tuple[int, ...]
    expressions: tuple[NamedExpr, ...] = ()
    """The file's named expressions (the ``conditions`` above have them resolved)."""

    @property
    def id(self) -> str:
        return self.spec.id


@dataclass(eq=False)  # compared and hashed by identity: caches above key on the object
class RuleSet:
    """A checked rule set. :meth:`in_force` gives the rules of one assessment year."""

    directory: Path
    manifest: Manifest
    hash: str
    parameters: dict[str, ParameterDef]
    derived: dict[str, DerivedDef]
    criteria: list[CriterionDef]
    tests_dir: Path
    domains: dict[str, DomainDef] = field(default_factory=dict)
    _editions: dict[int, Edition] = field(default_factory=dict, repr=False)
    _scopes: dict[str, Scope] = field(default_factory=dict, repr=False)

    @property
    def name(self) -> str:
        return self.manifest.name

    @property
    def version(self) -> str:
        return self.manifest.version

    def criterion(self, criterion_id: str) -> CriterionDef:
        for criterion in self.criteria:
            if criterion.id == criterion_id:
                return criterion
        raise KeyError(criterion_id)

    def in_force(self, year: int) -> Edition:
        """The rules in force on the assessment day of ``year`` (resolved once, kept)."""
        edition = self._editions.get(year)
        if edition is None:
            edition = self._editions[year] = Edition.build(self, year)
        return edition

    def scope(self, subject: Subject) -> Scope:
        found = self._scopes.get(subject)
        if found is None:
            found = self._scopes[subject] = subject_scope(subject, self.parameters, self.derived)
        return found
