"""The HTML report: a page for a province (or any set of communes) and one per commune.

Officials open these files from a shared folder or an e-mail attachment, often offline, so each
page is self-contained: its CSS and JS are inline, no font, image or script is fetched, and a
Content-Security-Policy allowing only those two inline blocks (by hash) makes the browser refuse
anything else, even a script smuggled in through the data. Every value from the data goes
through Jinja2's autoescape. Both languages are in the page: it opens in the one it was
written in (``--lang``), a button flips ``<html lang>`` and CSS shows the ``[lang=vi]`` or
``[lang=en]`` spans, so switching needs no network (report.js says what the switch remembers).

A commune's page reads top down the way an official acts on it: the verdict naming each failed
mandatory criterion with its reason, advisory failures apart, what would be needed (worded as
what the rules require, with the one-line notice that it is not advice to alter records), the
caveats; that summary is what prints, on one A4 page, unless the reader asks for the details
(every criterion failed and unknown first, its evidence, the engine trace). On a phone nothing
is wider than the screen: tables become cards or scroll inside their own box, and chart labels
are page text beside a drawn bar. The words are ``words/report.toml``.

Pages are written only under the output directory; file names come from sanitised unit codes.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from ..result import (
    Bilingual,
    Change,
    Counterfactual,
    CriterionResult,
    Derivation,
    InputValue,
    ParameterValue,
    Result,
    Scalar,
)
from ..summary import Tally
from ..version import __version__
from ..words import LANGS as CATALOGUE_LANGS
from ..words import Lang, catalogue, say
from ..words import both as both_words
from ..words.format import label, number, percent
from . import terms as tm
from .report_data import ReportSet, UnitContext
from .terms import Terms
from .text import MARK

LANGS = ("vi", "en")
UNIT_TYPES = ("xa", "phuong", "thi_tran")
VERDICT_MARK = {"recognised": "✓", "not_recognised": "✗", "undetermined": "?"}
VERDICT_ORDER = {"recognised": 0, "undetermined": 1, "not_recognised": 2}

STATUS_RANK = {"fail": 0, "unknown": 1, "pass": 2}
WORDS_AREA = "report."  # the catalogue's entries for this renderer (words/report.toml)


@cache
def _words() -> dict[str, Bilingual]:
    """The words templates show, by key: ``words/report.toml``, and the unit types' labels."""
    words = {key.removeprefix(WORDS_AREA): Bilingual(vi=entry.vi, en=entry.en)
             for key, entry in catalogue().items() if key.startswith(WORDS_AREA)}
    for unit_type in UNIT_TYPES:
        words[unit_type] = Bilingual(vi=label(unit_type, "vi"), en=label(unit_type, "en"))
    return words


def _word(key: str) -> Bilingual:
    return _words()[key]


@cache
def _shown_words() -> dict[str, Markup]:
    """Each word as the page shows it (both spans), made once: ``t(key)`` in the templates."""
    return {key: bi(text) for key, text in _words().items()}


def t(key: str) -> Markup:
    return _shown_words()[key]


# -- formatting helpers (Markup: escaped here, safe to insert) -----------------------------------


def both(vi: str, en: str) -> Markup:
    """Two language spans, or one plain text when both read the same (joined by hand:
    ``Markup.format`` is the renderer's hottest call)."""
    if vi == en:
        return escape(vi)
    return Markup(f'<span lang="vi">{escape(vi)}</span><span lang="en">{escape(en)}</span>')


def bi(text: Bilingual) -> Markup:
    return both(text.vi, text.en)


def fmt_number(value: float) -> Markup:
    return both(number(value, "vi"), number(value, "en"))


def fmt_rate(fraction: float) -> Markup:
    """A fraction 0–1 as a percentage, one decimal, the way each language writes it."""
    return both(percent(100 * fraction, "vi"), percent(100 * fraction, "en"))


def fmt_pct(value: float) -> Markup:
    """A value already in percent (an aggregate such as 90.2)."""
    return both(percent(value, "vi", 2), percent(value, "en", 2))


def fmt_date(iso: str) -> Markup:
    return both(tm.day(iso, "vi"), tm.day(iso, "en"))


def fmt_text(value: str | Bilingual) -> Markup:
    """A note as given: both languages when it has them, else as written."""
    return bi(value) if isinstance(value, Bilingual) else escape(value)


def _both_say(key: str, **values: object) -> Markup:
    """A catalogue entry in both languages; ``(vi, en)`` values are filled per language."""
    vi, en = both_words(key, **values)
    return both(vi, en)


def _numbers(value: float) -> tuple[str, str]:
    return number(value, "vi"), number(value, "en")


def in_lang(key: str, lang: Lang) -> str:
    """A catalogue word of this renderer in one language, for what cannot hold two spans (an
    ``<option>``, an attribute): the page's script swaps it with the language (``data-vi``)."""
    return str(getattr(_word(key), lang))


def fmt_value(value: Scalar | list[str]) -> Markup:
    """An input or parameter value: numbers localised, booleans and vocabulary words in words,
    None as missing."""
    if value is None:
        return bi(_word("missing_value"))
    if isinstance(value, bool):
        return bi(_word("yes" if value else "no"))
    if isinstance(value, int | float):
        return fmt_number(value)
    if isinstance(value, list):
        return Markup(", ").join(fmt_word(v) for v in value)
    return fmt_word(value)


def fmt_word(value: str) -> Markup:
    """A vocabulary word by its label in each language; any other text as it is."""
    return both(label(value, "vi"), label(value, "en"))


def safe_url(url: object) -> str | None:
    """Only plain http(s) links leave the page; anything else is shown as text."""
    if isinstance(url, str) and re.fullmatch(r"https?://[^\s\"'<>]+", url):
        return url
    return None


class PageWords:
    """One page's names for its result's codes, in both languages (Markup): fields by label,
    records by number, id and post, parameters by title, conditions and patterns in words."""

    def __init__(self, terms: Terms) -> None:
        self.terms = terms

    def _both(self, make: Callable[[Lang], str]) -> Markup:
        return both(make("vi"), make("en"))

    def field(self, path: str) -> Markup:
        return self._both(lambda lang: tm.field(path, self.terms, lang))

    def fields(self, paths: Sequence[str]) -> Markup:
        return Markup("; ").join(self.field(p) for p in paths)

    def input(self, path: str, value: InputValue) -> Markup:
        return self._both(lambda lang: tm.input_name(path, value, self.terms, lang))

    def parameter(self, name: str, p: ParameterValue) -> Markup:
        return self._both(lambda lang: tm.parameter_name(name, p, self.terms, lang))

    def parameter_value(self, name: str, p: ParameterValue) -> Markup:
        found = [self.terms.parameter_value(name, p.value, lang) for lang in CATALOGUE_LANGS]
        if found[0] is None or found[1] is None:
            return fmt_value(p.value)
        return both(found[0], found[1])

    def derivation(self, path: str, d: Derivation) -> Markup:
        return self._both(lambda lang: tm.derivation(path, d, self.terms, lang))

    def condition(self, c: CriterionResult) -> list[Markup]:
        """The condition in force as clauses that must all hold (as written without terms)."""
        vi, en = (self.terms.condition(c.id, lang) for lang in CATALOGUE_LANGS)
        if not vi or not en:
            return [escape(c.legal_basis.condition)]
        if len(vi) != len(en):
            return [both("; ".join(vi), "; ".join(en))]
        return [both(a, b) for a, b in zip(vi, en, strict=True)]

    def pattern(self, text: str) -> Markup:
        return self._both(lambda lang: tm.pattern(text, self.terms, lang))

    def reasons(self, c: CriterionResult) -> Markup:
        return self._both(lambda lang: say("text.provisional.join", lang).join(
            tm.provisional_reasons(c, self.terms, lang)))

    def provisional(self, c: CriterionResult, day: str) -> Markup:
        """Why ``c`` is provisional that day (its id and title are beside it on the page)."""
        return self._both(lambda lang: tm.provisional_why(c, self.terms, lang, day))

    def via(self, path: str) -> Markup:
        return self._both(lambda lang: say("report.in_filter", lang,
                                           via=self.terms.name(path, lang) or path))

    def source(self, value: InputValue) -> Markup:
        d = value.derivation
        if value.source != "derived" or d is None:
            return t("document")
        return t("source_sum" if d.kind == "sum" else "derived")

    def counted(self, d: Derivation) -> Markup:
        return self._both(lambda lang: tm.counted(d, lang))

    def change(self, change: Change) -> Markup:
        return self.field(change.path)


# -- file names ----------------------------------------------------------------------------------


def page_name(code: str | None, taken: set[str]) -> str:
    """A file name from a unit code: letters, digits, ``-`` and ``_`` only; unique in ``taken``."""
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", code or "").strip("-")[:64] or "unit"
    name, n = stem, 1
    while name.lower() in taken:
        n += 1
        name = f"{stem}-{n}"
    taken.add(name.lower())
    return f"{name}.html"


# -- what a report shows ---------------------------------------------------------------------


@dataclass(frozen=True)
class ChartRow:
    label: Markup
    width: float  # of the bar, in the row's drawing (0 – Chart.BAR)
    tally: Tally


@dataclass(frozen=True)
class Chart:
    """A horizontal bar chart, one table row per group: the label and the count are text of
    the page (legible at any width, wrapping on a phone); only the bar is drawn, in a small
    SVG stretched to its cell (the lines keep their width: ``non-scaling-stroke``)."""

    id: str
    title: Bilingual
    rows: list[ChartRow]
    lines: list[tuple[str, float]]  # (css class, x)

    BAR = 400
    ROW = 22

    @classmethod
    def of(cls, chart_id: str, title: Bilingual, rows: list[tuple[Markup, Tally]],
           rate: float, reference: float | None) -> Chart:
        laid = [ChartRow(label, cls.BAR * t.rate, t) for label, t in rows]
        lines = [("rate-line", cls.BAR * rate)]
        if reference is not None:
            lines.insert(0, ("reference-line", cls.BAR * reference))
        return cls(chart_id, title, laid, lines)


# -- rendering -----------------------------------------------------------------------------------


@cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("clean_strong.render", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    words = _words()
    env.globals.update(
        words=words,
        marks=MARK,
        statuses={s: Bilingual(vi=say(f"common.status.{s}", "vi"),
                               en=say(f"common.status.{s}", "en")) for s in MARK},
        verdict_marks=VERDICT_MARK,
        version=__version__,
        safe_url=safe_url,
        both=both,
        t=t,
        in_lang=in_lang,
    )
    env.filters.update(bi=bi, num=fmt_number, rate=fmt_rate, pct=fmt_pct,
                       date=fmt_date, value=fmt_value, text=fmt_text)
    return env


@cache
def _assets() -> tuple[Markup, Markup, str]:
    """The inline CSS and JS, and a CSP admitting exactly them (by SHA-256) and nothing else."""
    folder = resources.files("clean_strong.render") / "templates"
    css = (folder / "report.css").read_text("utf-8")
    js = (folder / "report.js").read_text("utf-8")

    def digest(text: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"

    csp = (f"default-src 'none'; style-src {digest(css)}; script-src {digest(js)}; "
           "img-src data:; base-uri 'none'; form-action 'none'")
    return Markup(css), Markup(js), csp


def _page(template: str, lang: Lang, **context: object) -> str:
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, not {lang!r}")
    css, js, csp = _assets()
    return _environment().get_template(template).render(
        lang=lang, css=css, js=js, csp=csp, **context)


def _type_label(unit_type: str | None) -> Bilingual:
    """"Xã", "Phường", "Thị trấn" (capitalised, before a name), or "Báo cáo tỉnh"."""
    if unit_type not in UNIT_TYPES:
        return _word("report")
    return Bilingual(vi=label(unit_type, "vi").capitalize(), en=label(unit_type, "en").capitalize())


def _first_failing(criteria: Sequence[CriterionResult]) -> list[CriterionResult]:
    """Failed criteria first, then unknown, then passed; mandatory before advisory within each
    (otherwise in rule-set order): what a reader must see first is what decides."""
    return sorted(criteria, key=lambda c: (STATUS_RANK[c.status], not c.mandatory))


def _all_of(recognition: Counterfactual | None, needed: Sequence[CriterionResult]) -> bool:
    """Whether the recognition's changes are exactly those of the criteria listed above it, so
    the summary page can say "all of the above together" rather than repeat them."""
    if recognition is None or recognition.missing or not recognition.changes:
        return False
    listed = {(ch.path, ch.after) for c in needed for cf in c.counterfactuals for ch in cf.changes}
    return {(ch.path, ch.after) for ch in recognition.changes} == listed


def render_unit_page(result: Result, home: str | None = "../index.html", lang: Lang = "vi",
                     context: UnitContext | None = None) -> str:
    """One unit's page: a one-page summary (verdict, what failed and why, what would be needed,
    the caveats), then the details: every criterion with its evidence, the engine trace."""
    context = context or UnitContext()
    mandatory: Counter[str] = Counter(c.status for c in result.criteria if c.mandatory)
    titles = {c.id: c.title for c in result.criteria}
    ordered = _first_failing(result.criteria)
    deciding = [c for c in ordered if c.mandatory and c.status != "pass"]
    needed = [c for c in deciding if c.counterfactuals]
    return _page(
        "unit.html", lang,
        result=result,
        home=home,
        kind=_type_label(result.unit.unit_type if result.unit.kind == "commune" else None),
        mandatory={s: mandatory[s] for s in MARK},
        mandatory_total=sum(mandatory.values()),
        failed=[c for c in deciding if c.status == "fail"],
        unknown=[c for c in deciding if c.status == "unknown"],
        advisory_failed=[c for c in ordered if not c.mandatory and c.status != "pass"],
        needed=needed,
        joint=_all_of(result.recognition, needed),
        proposals=result.recognition is not None or any(c.counterfactuals
                                                        for c in result.criteria),
        ordered=ordered,
        advisory={c.id for c in result.criteria if not c.mandatory},
        groups=[("mandatory", [c for c in ordered if c.mandatory]),
                ("advisory", [c for c in ordered if not c.mandatory])],
        provisional=[result.criterion(i) for i in result.provisional if i in titles],
        provisional_summary=_both_say("report.provisional_summary", day=(
            tm.day(result.ruleset.assessment_day, "vi"),
            tm.day(result.ruleset.assessment_day, "en"))),
        names=PageWords(context.terms),
        derived_parameters=context.derived_parameters,
    )


def render_set_page(report: ReportSet, links: Sequence[str], lang: Lang = "vi") -> str:
    """The province (or set) page: rate, charts, the table of units, most failed, provisional."""
    summary = report.summary
    results = report.results
    rows = []
    for r, href in zip(results, links, strict=True):
        failing = _first_failing([c for c in r.criteria if c.status != "pass"])
        deciding = sum(c.mandatory for c in failing)
        rows.append({"result": r, "href": href, "verdict_order": VERDICT_ORDER[r.verdict],
                     "failed": failing, "failed_order": 1000 * deciding + len(failing)})
    contexts = list(report.contexts) or [UnitContext()] * len(results)
    provisional: dict[str, tuple[CriterionResult, int, Markup]] = {}
    for r, context in zip(results, contexts, strict=True):
        for criterion_id in r.provisional:
            criterion = r.criterion(criterion_id)
            found = provisional.get(criterion_id)
            line = found[2] if found else PageWords(context.terms).provisional(
                criterion, r.ruleset.assessment_day)
            provisional[criterion_id] = (criterion, (found[1] if found else 0) + 1, line)
    districts = list(dict.fromkeys(r.unit.district or "" for r in results))
    types = [t for t in UNIT_TYPES if any(r.unit.unit_type == t for r in results)]
    reference = report.study.reference.value if report.study and report.study.reference else None
    charts = [
        Chart.of("chart-district", _word("by_district"),
                 [(escape(d), t) for d, t in summary.by_district.items()],
                 summary.rate, reference),
        Chart.of("chart-type", _word("by_unit_type"),
                 [(bi(_type_label(k)), t) for k, t in summary.by_unit_type.items()],
                 summary.rate, reference),
    ]
    provinces = sorted({r.unit.province or "" for r in results})
    years = sorted({r.year for r in results})
    return _page(
        "set.html", lang,
        summary=summary,
        rows=rows,
        charts=charts,
        chart=Chart,
        districts=districts,
        types=types,
        provisional=[(c, _both_say("report.provisional_count", count=_numbers(n),
                                   total=_numbers(summary.units)), line)
                     for c, n, line in sorted(provisional.values(), key=lambda item: item[0].id)],
        provisional_intro=_both_say("report.provisional_intro", day=(
            tm.day(summary.ruleset.assessment_day, "vi"),
            tm.day(summary.ruleset.assessment_day, "en"))),
        scope=", ".join(provinces),
        years=", ".join(str(y) for y in years),
        study=report.study,
        ruleset=summary.ruleset,
    )


def render_pages(report: ReportSet | Result, lang: Lang = "vi",
                 context: UnitContext | None = None) -> dict[str, str]:
    """Every page of a report, by relative path (``index.html``, ``communes/<code>.html``).

    A province report is one page (``index.html``); a set of communes is the set page plus one
    page per commune. ``context``: the words of a lone result's page (a set's are in it).
    """
    if isinstance(report, Result):
        return {"index.html": render_unit_page(report, home=None, lang=lang, context=context)}
    taken: set[str] = set()
    links = [f"communes/{page_name(r.unit.code, taken)}" for r in report.results]
    pages = {"index.html": render_set_page(report, links, lang)}
    contexts = list(report.contexts) or [UnitContext()] * len(report.results)
    for result, link, unit in zip(report.results, links, contexts, strict=True):
        pages[link] = render_unit_page(result, home="../index.html", lang=lang, context=unit)
    return pages


__all__ = [
    "page_name",
    "render_pages",
    "render_set_page",
    "render_unit_page",
]
