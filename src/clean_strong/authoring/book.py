"""``rules book``: the rule set as the document a legal officer reviews and signs.

Per criterion: the legal text with its references and confidence, the condition in plain words
in both languages for each period of the covered years (generated from the condition tree,
:mod:`.plain`), the history of every parameter it reads (directly, through a named expression
or through a derived input: value, from, to, document, confidence), its test cases as a table
with what the rules decide of each, and the provisional (U) rules it rests on. Before them: the
years the rule set covers, the refusal an assessment of a later year gets and the instruments
that end the years. Everything comes from the rule files and the cases, run when the book is
made; nothing is written by hand, so the book cannot drift from the rules.

Rendered as one self-contained HTML file (inline CSS admitted by a Content-Security-Policy
hash, no script, nothing fetched; every value autoescaped) and as Markdown.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from ..condition import names, to_text
from ..errors import OutputError
from ..ruleset import CriterionDef, RuleSet
from ..ruleset.coverage import refusal
from ..ruleset.schema import Dated, Reference, Text
from ..ruleset.units import UNITS
from ..version import __version__
from ..words import Lang, both, default_lang, same, say
from ..words.format import date
from ..words.system import os_reason_in
from .cases import Outcome, Run, run_cases
from .plain import Vocabulary, clauses, derivation_words, unit_value
from .scaffold import needs_rewriting

Pair = tuple[str, str]  # (vi, en)


@dataclass(frozen=True)
class RefRow:
    document: str
    article: str
    issued: str
    cited: str  # the days a criterion's results cite it ("" = always)
    confidence: str
    note: Pair
    url: str


@dataclass(frozen=True)
class HistoryRow:
    since: str
    until: str
    value: Pair
    reference: RefRow | None


@dataclass(frozen=True)
class ParameterPage:
    name: str
    title: Pair
    type: str
    unit: Pair
    index: str
    rows: tuple[HistoryRow, ...]
    via: str  # "" when the condition reads it; else the derived input that does


@dataclass(frozen=True)
class Period:
    years: str
    vi: tuple[str, ...]  # clauses that must all hold
    en: tuple[str, ...]
    inactive: Pair | None = None
    reference: Pair = ("", "")  # the document the condition of the period is dated by

    @property
    def cited(self) -> str:
        """The reference for the book, which shows both languages: "vi / en" when they differ."""
        vi, en = self.reference
        return vi if vi == en else f"{vi} / {en}"


@dataclass(frozen=True)
class CaseRow:
    name: str
    year: str
    expect: str
    threshold: bool
    input: str
    checks: Pair
    xfail: str
    agrees: bool
    ok: bool
    message: Pair  # why the rules do not decide as the case says
    line: int


@dataclass(frozen=True)
class DerivedRow:
    name: str
    title: Pair
    how: Pair


@dataclass(frozen=True)
class CriterionPage:
    id: str
    title: Pair
    subject: str
    group: Pair
    applies_to: str
    in_force: str
    effective_reference: RefRow | None
    mandatory: tuple[HistoryRow, ...]
    confidence: str
    note: Pair
    text: Pair | None
    references: tuple[RefRow, ...]
    periods: tuple[Period, ...]
    source: str
    parameters: tuple[ParameterPage, ...]
    derived: tuple[DerivedRow, ...]
    cases: tuple[CaseRow, ...]
    provisional: tuple[Pair, ...]
    file: str


@dataclass(frozen=True)
class Book:
    title: Pair
    name: str
    version: str
    hash: str
    jurisdiction: str
    disclaimer: Pair
    rewrite: bool
    years: str
    refusal: Pair
    end: str
    end_references: tuple[RefRow, ...]
    criteria: tuple[CriterionPage, ...]
    provisional: tuple[tuple[str, Pair], ...]  # (criterion id, what)
    cases_total: int
    cases_ok: int
    problems: tuple[Pair, ...]  # each "FILE:LINE: problem", in both languages
    generator: str = field(default_factory=lambda: f"clean_strong {__version__}")


def build(ruleset: RuleSet, run: Run | None = None) -> Book:
    """The book of ``ruleset``; its cases are run unless ``run`` is given."""
    run = run if run is not None else run_cases(ruleset)
    manifest = ruleset.manifest
    years = manifest.years
    end = years.end
    refused = refusal(ruleset, years.to + 1) or ("", "")
    by_criterion: dict[str, list[Outcome]] = {}
    for outcome in run.outcomes:
        by_criterion.setdefault(outcome.loaded.criterion, []).append(outcome)
    pages = tuple(_page(ruleset, c, by_criterion.get(c.id, [])) for c in ruleset.criteria)
    provisional = tuple((page.id, what) for page in pages for what in page.provisional)
    return Book(
        title=(manifest.title.vi, manifest.title.en),
        name=manifest.name,
        version=manifest.version,
        hash=ruleset.hash,
        jurisdiction=manifest.jurisdiction,
        disclaimer=(manifest.disclaimer.vi, manifest.disclaimer.en),
        rewrite=needs_rewriting(manifest.disclaimer.vi + manifest.disclaimer.en
                                + manifest.title.vi + manifest.title.en),
        years=f"{years.from_}–{years.to}",
        refusal=refused,
        end=end.from_.isoformat() if end else "",
        end_references=tuple(_ref(r) for r in end.references) if end else (),
        criteria=pages,
        provisional=provisional,
        cases_total=len(run.outcomes),
        cases_ok=run.passed,
        problems=tuple((p.text("vi"), p.text("en")) for p in run.problems),
    )


def _ref(reference: Reference) -> RefRow:
    cited = ""
    if reference.from_ or reference.to:
        cited = f"{reference.from_ or '…'} – {reference.to or '…'}"
    return RefRow(reference.document, reference.article or "", str(reference.date or ""),
                  cited, reference.confidence or "", _pair(reference.note), reference.url or "")


def _pair(text: Text | None) -> Pair:
    return (text.vi, text.en) if text is not None else ("", "")


def _cited(ref: Reference | None) -> Pair:
    """A reference with its note, in each language."""
    if ref is None:
        return "", ""
    if ref.note is None:
        return ref.document, ref.document
    return f"{ref.document}: {ref.note.vi}", f"{ref.document}: {ref.note.en}"


def _rows(history: Iterable[Dated[Any]], unit: str | None) -> tuple[HistoryRow, ...]:
    out: list[HistoryRow] = []
    entries = list(history)
    for i, item in enumerate(entries):
        until = item.to or (entries[i + 1].from_ - dt.timedelta(days=1) if i + 1 < len(entries)
                            else None)
        since = "" if item.from_.year <= 1900 else item.from_.isoformat()
        out.append(HistoryRow(since, until.isoformat() if until else "",
                              (unit_value(item.value, unit, "vi"),
                               unit_value(item.value, unit, "en")),
                              _ref(item.reference) if item.reference else None))
    return tuple(out)


def _unit_name(ruleset: RuleSet, name: str) -> str | None:
    spec = ruleset.parameters[name].spec
    if spec.unit in UNITS:
        return spec.unit
    return {"scale": "scale", "boolean": "flag"}.get(spec.type, "word")


def _page(ruleset: RuleSet, criterion: CriterionDef, outcomes: list[Outcome]) -> CriterionPage:
    spec = criterion.spec
    manifest = ruleset.manifest
    group = manifest.groups.get(spec.group or "")
    read = {n.path for item in criterion.conditions for n in names(item.value)}
    parameters: list[ParameterPage] = []
    derived_rows: list[DerivedRow] = []
    for name in sorted(read & ruleset.derived.keys()):
        definition = ruleset.derived[name]
        derived_rows.append(DerivedRow(
            name, (definition.spec.title.vi, definition.spec.title.en),
            (_derivation(ruleset, name, "vi"), _derivation(ruleset, name, "en"))))
    via: dict[str, str] = {name: "" for name in read & ruleset.parameters.keys()}
    for row in derived_rows:
        where = ruleset.derived[row.name].where_expr
        for n in names(where) if where is not None else []:
            if n.path in ruleset.parameters:
                via.setdefault(n.path, row.name)
    for name in sorted(via):
        param = ruleset.parameters[name].spec
        unit = _unit_name(ruleset, name)
        parameters.append(ParameterPage(
            name, (param.title.vi, param.title.en), param.type,
            both(f"rules.unit.{unit}") if unit else ("", ""),
            ", ".join(param.index), _rows(param.values, unit), via[name]))
    cases = tuple(_case(o) for o in outcomes)
    return CriterionPage(
        id=spec.id,
        title=(spec.title.vi, spec.title.en),
        subject=spec.subject,
        group=(group.vi, group.en) if group else (spec.group or "", spec.group or ""),
        applies_to=", ".join(u.value for u in spec.applies_to),
        in_force=_in_force(criterion),
        effective_reference=_ref(spec.effective.reference) if spec.effective.reference else None,
        mandatory=_rows(criterion.mandatory, "flag"),
        confidence=spec.basis.confidence,
        note=_pair(spec.basis.note),
        text=(spec.basis.text.vi, spec.basis.text.en) if spec.basis.text else None,
        references=tuple(_ref(r) for r in spec.basis.references),
        periods=periods(ruleset, criterion),
        source=_source(criterion),
        parameters=tuple(parameters),
        derived=tuple(derived_rows),
        cases=cases,
        provisional=_provisional(ruleset, criterion, via),
        file=str(criterion.where.file.relative_to(ruleset.directory)
                 if criterion.where.file.is_relative_to(ruleset.directory)
                 else criterion.where.file),
    )


def _in_force(criterion: CriterionDef) -> str:
    period = criterion.spec.effective
    if period.from_ is None and period.to is None:
        return "—"
    return f"{period.from_ or '…'} – {period.to or '…'}"


def _derivation(ruleset: RuleSet, name: str, lang: str) -> str:
    return derivation_words(ruleset, name, None, "vi" if lang == "vi" else "en")


def periods(ruleset: RuleSet, criterion: CriterionDef) -> tuple[Period, ...]:
    """The condition in words for each covered year, equal neighbours grouped."""
    spans: list[tuple[int, int, Period]] = []
    subject = criterion.spec.subject
    for year in range(ruleset.manifest.years.from_, ruleset.manifest.years.to + 1):
        edition = ruleset.in_force(year)
        active = next((a for a in edition.active.get(subject, []) if a.id == criterion.id), None)
        if active is None:
            reason = next(i for i in edition.inactive.get(subject, [])
                          if i.definition.id == criterion.id)
            period = Period("", (), (), (reason.reason_vi.split(":")[0],
                                        reason.reason_en.split(":")[0]))
        else:
            ref = active.condition_reference
            period = Period(
                "",
                tuple(clauses(active.condition, Vocabulary.of(ruleset, edition, subject, "vi"))),
                tuple(clauses(active.condition, Vocabulary.of(ruleset, edition, subject, "en"))),
                reference=_cited(ref),
            )
        if spans and spans[-1][2] == period:
            spans[-1] = (spans[-1][0], year, period)
        else:
            spans.append((year, year, period))
    return tuple(Period(f"{a}–{b}" if a != b else str(a), p.vi, p.en, p.inactive, p.reference)
                 for a, b, p in spans)


def _source(criterion: CriterionDef) -> str:
    """The condition as the rule file writes it: named expressions, then the condition."""
    lines: list[str] = []
    for part in criterion.expressions:
        if not part.dated:
            lines.append(f"{part.name} = {to_text(part.entries[0].value)}")
            continue
        for tree in part.entries:
            until = f" – {tree.to}" if tree.to else ""
            lines.append(f"{part.name} [from {tree.from_}{until}] = {to_text(tree.value)}")
    spec = criterion.spec
    if isinstance(spec.condition, str):
        lines.append(" ".join(spec.condition.split()))
    else:
        for text in spec.condition:
            until = f" – {text.to}" if text.to else ""
            lines.append(f"[from {text.from_}{until}] {' '.join(text.value.split())}")
    return "\n".join(lines)


def _provisional(ruleset: RuleSet, criterion: CriterionDef, parameters: dict[str, str]
                 ) -> tuple[Pair, ...]:
    return provisional_parts(ruleset, criterion, parameters)


def provisional_parts(ruleset: RuleSet, criterion: CriterionDef, parameters: Iterable[str]
                      ) -> tuple[Pair, ...]:
    """Every part this criterion rests on that is believed, not verified (U), on any day:
    its basis, a dated mandatory flag, condition part or condition, a parameter's value."""
    found: list[Pair] = []
    spec = criterion.spec

    def add(key: str, note: Text | None = None, **values: object) -> None:
        pair = both(f"rulesdoc.part.{key}", **values)
        found.append(both("rulesdoc.part.note", text=pair, note=(note.vi, note.en))
                     if note else pair)

    def day(value: dt.date) -> Pair:
        return date(value, "vi"), date(value, "en")

    if spec.basis.confidence == "U":
        add("basis", spec.basis.note)
    for flag in criterion.mandatory:
        if flag.reference and flag.reference.confidence == "U":
            add("mandatory", flag.reference.note, day=day(flag.from_),
                value=both("common.yes" if flag.value else "common.no"),
                document=flag.reference.document)
    for part in criterion.expressions:
        for entry_ in part.entries:
            if entry_.reference and entry_.reference.confidence == "U":
                add("expression", None, name=part.name, day=day(entry_.from_),
                    document=entry_.reference.document)
    for item in criterion.conditions:
        if item.reference and item.reference.confidence == "U":
            add("condition", None, day=day(item.from_), document=item.reference.document)
    for name in sorted(parameters):
        parameter = ruleset.parameters[name].spec
        for value in parameter.values:
            if value.reference and value.reference.confidence == "U":
                add("parameter", value.reference.note, name=name,
                    title=(parameter.title.vi, parameter.title.en), day=day(value.from_),
                    document=value.reference.document)
    return tuple(dict.fromkeys(found))


def _case(outcome: Outcome) -> CaseRow:
    case = outcome.loaded.case
    checks: list[Pair] = []
    if case.explanation_contains:
        for lang, wanted in case.explanation_contains.items():
            texts = [wanted] if isinstance(wanted, str) else wanted
            checks.append(same(f"{lang}: " + " · ".join(f"“{t}”" for t in texts)))
    if case.missing is not None:
        checks.append(both("rulecheck.book.missing", inputs=", ".join(case.missing)))
    if case.mandatory is not None:
        checks.append(both("rulecheck.book.mandatory",
                           value=both("common.yes" if case.mandatory else "common.no")))
    if case.error_contains:
        checks.append(both("rulecheck.book.error", text=f"“{case.error_contains}”"))
    patch = json.dumps(case.input, ensure_ascii=False, default=str, sort_keys=False)
    return CaseRow(case.name, str(case.year or ""), case.expect, case.at_threshold,
                   "" if patch == "{}" else patch,
                   ("; ".join(c[0] for c in checks), "; ".join(c[1] for c in checks)),
                   case.xfail or "", outcome.agrees, outcome.ok, outcome.words,
                   outcome.loaded.line)


# -- rendering -------------------------------------------------------------------------------


@cache
def _words() -> dict[str, Pair]:
    from ..words import catalogue

    return {key.removeprefix("rules.book."): (value.vi, value.en)
            for key, value in catalogue().items() if key.startswith("rules.book.")}


@cache
def _environment(markdown: bool) -> Environment:
    env = Environment(
        loader=PackageLoader("clean_strong.authoring", "templates"),
        autoescape=not markdown,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(w=_words(), confidence=_confidence())
    env.filters.update(cell=_cell, code=_code)
    return env


def _confidence() -> dict[str, Pair]:
    return {tag: both(f"rules.confidence.{tag}") for tag in ("S", "S2", "I", "U")}


def _cell(text: object) -> str:
    """A Markdown table cell: no line break, no unescaped pipe."""
    return " ".join(str(text).split()).replace("|", "\\|")


def _code(text: object) -> str:
    """Inline Markdown code that survives backticks in the text."""
    value = " ".join(str(text).split())
    fence = "``" if "`" in value else "`"
    return f"{fence}{value}{fence}" if value else ""


@cache
def _css() -> tuple[Markup, str]:
    css = (resources.files("clean_strong.authoring") / "templates" / "book.css").read_text(
        "utf-8")
    digest = "'sha256-" + base64.b64encode(hashlib.sha256(css.encode()).digest()).decode() + "'"
    csp = f"default-src 'none'; style-src {digest}; base-uri 'none'; form-action 'none'"
    return Markup(css), csp


def render_html(book: Book) -> str:
    css, csp = _css()
    return _environment(False).get_template("book.html").render(book=book, css=css, csp=csp)


def render_markdown(book: Book) -> str:
    return _environment(True).get_template("book.md").render(book=book)


def write(book: Book, html: Path | None = None, markdown: Path | None = None,
          lang: Lang | None = None) -> list[Path]:
    """Write the book; an output that cannot be written is :class:`OutputError` (exit 7), in
    ``lang`` (default: :func:`~clean_strong.words.default_lang`)."""
    lang = lang or default_lang()
    written: list[Path] = []
    for path, text in ((html, render_html(book) if html else ""),
                       (markdown, render_markdown(book) if markdown else "")):
        if path is None:
            continue
        try:
            if path.is_dir():
                raise OutputError(str(path), say("output.directory_given", lang))
            path.write_text(text, "utf-8")
        except OSError as error:
            raise OutputError(str(path), say("output.cannot_write", lang,
                                             problem=os_reason_in(error, lang))) from None
        written.append(path)
    return written


__all__ = ["Book", "build", "render_html", "render_markdown", "write"]
