"""Read a rule-set directory, checking everything the law itself can get wrong.

Every problem is reported as ``FILE:LINE: problem`` with the true line of the offending value;
:func:`problems` returns them all, root causes first, :func:`read_ruleset` raises
:class:`RuleSetError` carrying them. Checks: the files themselves (:mod:`.files`: no link, no
special file, no misnamed rule file), file shapes (:mod:`.collect`), parameters
(:mod:`.parameters`: types, units, table keys, dated histories), derived inputs and criteria
(:mod:`.criteria`: conditions, named expressions and explanation templates parsed and
type-checked against the document models, duplicate ids), the covered years against the change
of law that ends them (:mod:`.coverage`), and the edition of every assessment year the manifest
covers (each criterion in force reads values in force).
Whether the engine can decide every year is checked above this layer
(:func:`clean_strong.evaluation.load_ruleset`, ``rules lint``).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..errors import Problem, RuleSetError
from ..words import both
from .collect import Collector
from .coverage import years_problem
from .criteria import load_criteria, load_derived
from .definitions import RuleSet
from .domains import load_domains
from .files import TOP_FILES, inventory, read_bytes
from .parameters import load_parameters
from .schema import Manifest


def bundled_dir() -> Path:
    """The bundled rule sets: inside the installed package, or the source tree's ``rules/``."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "rules", here.parent.parent / "rules"):
        if candidate.is_dir():
            return candidate
    raise RuleSetError([Problem.of(str(here / "rules"), 0, both("rulefile.ruleset.no_bundled"))])


def resolve(name_or_path: str | Path) -> Path:
    """A rule-set directory from a bundled name (a folder under ``rules/``) or a path."""
    path = Path(name_or_path)
    if path.is_dir():
        return path
    if isinstance(name_or_path, str) and "/" not in name_or_path and "\\" not in name_or_path:
        bundled = bundled_dir() / name_or_path
        if bundled.is_dir():
            return bundled
        known = sorted(p.name for p in bundled_dir().iterdir() if (p / "ruleset.yaml").is_file())
        listed = (", ".join(repr(name) for name in known), ", ".join(known))
        raise RuleSetError([Problem.of(
            name_or_path, 0, both("rulefile.ruleset.no_such_rule_set", known=listed))])
    raise RuleSetError([Problem.of(str(path), 0, both("rulefile.ruleset.no_such_directory"))])


def read_ruleset(name_or_path: str | Path) -> RuleSet:
    """Read and check a rule set; raises :class:`RuleSetError` listing every problem."""
    ruleset, found = _load(resolve(name_or_path))
    if found or ruleset is None:
        raise RuleSetError(found)
    return ruleset


def checked(name_or_path: str | Path) -> tuple[RuleSet | None, list[Problem]]:
    """The rule set (None when it has problems) and its problems, from one reading."""
    try:
        return _load(resolve(name_or_path))
    except RuleSetError as error:
        return None, error.problems


def problems(name_or_path: str | Path) -> list[Problem]:
    """Every problem of a rule set, in file and line order (empty when it is sound)."""
    try:
        _, found = _load(resolve(name_or_path))
    except RuleSetError as error:
        return error.problems
    return found


def _load(root: Path) -> tuple[RuleSet | None, list[Problem]]:
    c = Collector(root)
    files = inventory(root)
    for path, message in files.problems:
        c.add(path, 0, message)
        if path.parent == root and path.name in TOP_FILES:
            c.unreadable.append(path)  # what it defines is unknown to everything after it
    manifest_doc = c.read(root / "ruleset.yaml") if "ruleset.yaml" in files.files else None
    if manifest_doc is None and not any(p.file.endswith("ruleset.yaml") for p in c.problems):
        c.add(root / "ruleset.yaml", 0, both("rulefile.ruleset.no_manifest"))
    manifest = c.validate(Manifest, manifest_doc.data, manifest_doc) if manifest_doc else None
    if manifest is not None and manifest_doc is not None:
        found = years_problem(manifest)
        if found is not None:
            c.add(manifest_doc.path, manifest_doc.line(("years", "to")), found)

    parameters = load_parameters(c, root / "parameters.yaml") if (
        "parameters.yaml" in files.files) else {}
    if "parameters.yaml" not in files.files and not (root / "parameters.yaml").exists():
        c.add(root / "parameters.yaml", 0, both("rulefile.ruleset.no_parameters"))
    derived = load_derived(c, root / "derived.yaml", parameters) if (
        "derived.yaml" in files.files) else {}
    criteria = load_criteria(
        c, root / "criteria", files.folder("criteria"), parameters, derived,
        (manifest.defaults, manifest_doc) if manifest is not None else None)
    domains = load_domains(c, root / "domains.yaml", parameters) if (
        "domains.yaml" in files.files or not (root / "domains.yaml").exists()) else {}

    if manifest is None or c.problems:
        return None, c.ordered()
    order = list(manifest.groups)
    for criterion in criteria:
        group = criterion.spec.group
        if group is not None and order and group not in order:
            c.add(
                criterion.where.file,
                criterion.where.line,
                both("rulefile.ruleset.group_undeclared", group=repr(group)),
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
        domains=domains,
    )
    for year in ruleset_years(ruleset):
        try:
            ruleset.in_force(year)
        except RuleSetError as error:
            c.problems.extend(error.problems)
    return (None if c.problems else ruleset), c.ordered()


def ruleset_years(ruleset: RuleSet) -> range:
    """The assessment years the manifest says the rule set covers."""
    years = ruleset.manifest.years
    return range(years.from_, years.to + 1)


def content_hash(root: Path) -> str:
    """SHA-256 over every rule file except tests: what decides outcomes."""
    digest = hashlib.sha256()
    for relative, path in sorted(inventory(root).files.items()):
        if relative.startswith("tests/"):
            continue
        digest.update(relative.encode() + b"\0" + read_bytes(path) + b"\0")
    return "sha256:" + digest.hexdigest()
