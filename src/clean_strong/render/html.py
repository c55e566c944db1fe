"""The HTML report: a page for a province (or any set of communes) and one per commune.

Officials open these files from a shared folder or an e-mail attachment, often offline, so each
page is self-contained: its CSS and JS are inline, no font, image or script is fetched, and a
Content-Security-Policy allowing only those two inline blocks (by hash) makes the browser refuse
anything else, even a script smuggled in through the data. Every value from the data goes
through Jinja2's autoescape. Both languages are in the page: a button flips ``<html lang>`` and
CSS shows the ``[lang=vi]`` or ``[lang=en]`` spans, so switching needs no network.

Pages are written only under the output directory; file names come from sanitised unit codes.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from ..result import Bilingual, CriterionResult, Result, Scalar
from ..summary import Tally
from ..version import __version__
from ..words import Lang
from ..words.format import number, percent
from .report_data import ReportSet
from .text import MARK, STATUS, WORDS

LANGS = ("vi", "en")
UNIT_TYPES = ("xa", "phuong", "thi_tran")
VERDICT_MARK = {"recognised": "✓", "not_recognised": "✗", "undetermined": "?"}
VERDICT_ORDER = {"recognised": 0, "undetermined": 1, "not_recognised": 2}

_EXTRA_WORDS: dict[str, tuple[str, str]] = {
    "title": ("Đánh giá chính quyền cơ sở “trong sạch, vững mạnh”",
              "“Clean and strong” commune government assessment"),
    "switch": ("English", "Tiếng Việt"),
    "switch_label": ("Chuyển ngôn ngữ / Switch language", "Chuyển ngôn ngữ / Switch language"),
    "back": ("← Trang tổng hợp", "← Summary page"),
    "reconstruction": ("Lưu ý về bộ quy tắc", "About the rule set"),
    "units": ("Đơn vị được đánh giá", "Units assessed"),
    "units_short": ("đơn vị", "units"),
    "advisory_short": ("tham khảo", "advisory"),
    "mandatory_short": ("bắt buộc", "mandatory"),
    "recognised": ("Đạt trong sạch, vững mạnh", "Recognised"),
    "not_recognised": ("Không đạt", "Not recognised"),
    "undetermined": ("Chưa xác định", "Undetermined"),
    "rate": ("Tỷ lệ đạt", "Recognition rate"),
    "charts": ("Tỷ lệ đạt theo huyện và theo loại đơn vị", "Recognition by district and unit type"),
    "by_district": ("Theo huyện", "By district"),
    "by_unit_type": ("Theo loại đơn vị", "By unit type"),
    "legend_bar": ("thanh xanh: tỷ lệ đạt của nhóm", "green bar: the group's recognition rate"),
    "legend_rate": ("đường xanh dương: tỷ lệ toàn bộ", "blue line: the overall rate"),
    "table": ("Các đơn vị", "Units"),
    "search": ("Tìm (tên, huyện, mã)", "Search (name, district, code)"),
    "all": ("Tất cả", "All"),
    "shown": ("đơn vị đang hiển thị", "units shown"),
    "of": ("trên", "of"),
    "name": ("Tên đơn vị", "Unit"),
    "district": ("Huyện", "District"),
    "type": ("Loại", "Type"),
    "verdict_col": ("Kết quả", "Verdict"),
    "failed": ("Tiêu chí không đạt", "Failed criteria"),
    "most_failed": ("Tiêu chí không đạt nhiều nhất", "Criteria most often failed"),
    "criterion": ("Tiêu chí", "Criterion"),
    "fails": ("Số đơn vị không đạt", "Units failing"),
    "share": ("Tỷ lệ", "Share"),
    "star_mandatory": ("* bắt buộc", "* mandatory"),
    "all_pass": ("Mọi tiêu chí đều đạt.", "Every criterion passes."),
    "figure": ("Chỉ tiêu", "Figure"),
    "computed": ("Tính từ hồ sơ", "From the records"),
    "published": ("Đã công bố", "Published"),
    "agree": ("Khớp", "Agrees"),
    "agrees": ("khớp", "agrees"),
    "differs": ("lệch", "differs"),
    "yes": ("có", "yes"),
    "no": ("không", "no"),
    "missing_value": ("— thiếu", "— missing"),
    "criteria": ("Các tiêu chí", "Criteria"),
    "summary_mandatory": ("tiêu chí bắt buộc", "mandatory criteria"),
    "passed": ("đạt", "pass"),
    "explanation": ("Giải thích", "Explanation"),
    "inputs": ("Dữ liệu đầu vào", "Inputs"),
    "input": ("Dữ liệu", "Input"),
    "value": ("Giá trị", "Value"),
    "source": ("Nguồn", "Source"),
    "document": ("hồ sơ", "document"),
    "derived": ("tính từ hồ sơ cán bộ", "derived from the records"),
    "derivation": ("Cách tính", "Derivation"),
    "records": ("hồ sơ đã xét", "records examined"),
    "matched": ("hồ sơ được đếm", "records counted"),
    "record_missing": ("thiếu", "missing"),
    "bounds": ("khoảng (do thiếu hồ sơ)", "range (records missing)"),
    "parameters": ("Tham số áp dụng", "Parameters in force"),
    "parameter": ("Tham số", "Parameter"),
    "in_force": ("Hiệu lực", "In force"),
    "from": ("từ", "from"),
    "until": ("đến", "until"),
    "reference": ("Văn bản", "Reference"),
    "legal_basis": ("Căn cứ pháp lý", "Legal basis"),
    "confidence": ("Độ tin cậy", "Confidence"),
    "references": ("Văn bản", "Documents"),
    "note": ("Ghi chú", "Note"),
    "legal_text": ("Nội dung", "Text"),
    "condition": ("Điều kiện", "Condition"),
    "condition_reference": ("Căn cứ của điều kiện", "Basis of the condition"),
    "mandatory_reference": ("Căn cứ tính bắt buộc", "Basis of the mandatory flag"),
    "rules_fired": ("Quy tắc đã kích hoạt", "Engine rules fired"),
    "provisional_tag": ("tạm thời", "provisional"),
    "provisional_none": ("Không có.", "None."),
    "counterfactuals": ("Thay đổi tối thiểu để đạt", "Smallest change that would pass"),
    "recognition": ("Thay đổi tối thiểu để được công nhận",
                    "Smallest change that would make the unit recognised"),
    "verified": ("đã kiểm chứng qua bộ máy quy tắc", "verified through the engine"),
    "not_verified": ("chưa kiểm chứng", "not verified"),
    "field": ("Trường dữ liệu", "Field"),
    "before": ("Hiện tại", "Now"),
    "after": ("Cần", "Needed"),
    "supply_first": ("Cần bổ sung trước", "Supply first"),
    "trace": ("Vết của bộ máy quy tắc", "Engine trace"),
    "trace_hint": ("các quy tắc durable-rules đã kích hoạt, theo thứ tự",
                   "the durable-rules rules that fired, in order"),
    "step": ("Bước", "Step"),
    "rule": ("Quy tắc", "Rule"),
    "status": ("Trạng thái", "Status"),
    "matched_pattern": ("Mẫu khớp", "Pattern matched"),
    "provenance": ("Nguồn gốc kết quả", "Provenance"),
    "library": ("Thư viện", "Library"),
    "engine": ("Bộ máy quy tắc", "Engine"),
    "input_hash": ("Mã băm đầu vào", "Input hash"),
    "ruleset_hash": ("Mã băm bộ quy tắc", "Rule-set hash"),
    "criteria_index": ("Tóm tắt", "At a glance"),
    "conf_S": ("có văn bản nêu rõ", "stated by a public source"),
    "conf_S2": ("chỉ có nguồn thứ cấp", "secondary source only"),
    "conf_I": ("suy luận từ nguồn có căn cứ", "inferred from sourced facts"),
    "conf_U": ("tin là vậy, chưa kiểm chứng (tạm thời)", "believed, not verified (provisional)"),
}


def _words() -> dict[str, Bilingual]:
    words = {key: Bilingual(vi=WORDS["vi"][key], en=WORDS["en"][key]) for key in WORDS["vi"]}
    words.update({key: Bilingual(vi=vi, en=en) for key, (vi, en) in _EXTRA_WORDS.items()})
    return words


# -- formatting helpers (Markup: escaped here, safe to insert) -----------------------------------


def both(vi: str, en: str) -> Markup:
    """Two language spans, or one plain text when both read the same."""
    if vi == en:
        return escape(vi)
    return Markup('<span lang="vi">{}</span><span lang="en">{}</span>').format(vi, en)


def both_svg(vi: str, en: str) -> Markup:
    """``both`` inside SVG, where an HTML ``<span>`` would end the drawing."""
    if vi == en:
        return escape(vi)
    return Markup('<tspan lang="vi">{}</tspan><tspan lang="en">{}</tspan>').format(vi, en)


def bi(text: Bilingual) -> Markup:
    return both(text.vi, text.en)


def fmt_number(value: float) -> Markup:
    return both(number(value, "vi"), number(value, "en"))


def fmt_rate(fraction: float) -> Markup:
    """A fraction 0–1 as a percentage, one decimal, the way each language writes it."""
    return both(percent(100 * fraction, "vi"), percent(100 * fraction, "en"))


def svg_rate(fraction: float) -> Markup:
    return both_svg(percent(100 * fraction, "vi"), percent(100 * fraction, "en"))


def fmt_pct(value: float) -> Markup:
    """A value already in percent (an aggregate such as 90.2)."""
    return both(percent(value, "vi", 2), percent(value, "en", 2))


def fmt_date(iso: str) -> Markup:
    parts = iso.split("-")
    return both("/".join(reversed(parts)) if len(parts) == 3 else iso, iso)


def fmt_value(value: Scalar | list[str]) -> Markup:
    """An input or parameter value: numbers localised, booleans in words, None as missing."""
    if value is None:
        return both("— thiếu", "— missing")
    if isinstance(value, bool):
        return both("có", "yes") if value else both("không", "no")
    if isinstance(value, int | float):
        return fmt_number(value)
    if isinstance(value, list):
        return Markup(", ").join(escape(v) for v in value)
    return escape(value)


def safe_url(url: object) -> str | None:
    """Only plain http(s) links leave the page; anything else is shown as text."""
    if isinstance(url, str) and re.fullmatch(r"https?://[^\s\"'<>]+", url):
        return url
    return None


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
    y: float
    width: float
    tally: Tally


@dataclass(frozen=True)
class Chart:
    """A horizontal bar chart laid out in Python so the template only places shapes."""

    id: str
    title: Bilingual
    rows: list[ChartRow]
    height: float
    lines: list[tuple[str, float]]  # (css class, x)

    WIDTH = 820
    LABEL = 250
    BAR = 400
    ROW = 28
    TOP = 10

    @classmethod
    def of(cls, chart_id: str, title: Bilingual, rows: list[tuple[Markup, Tally]],
           rate: float, reference: float | None) -> Chart:
        laid = [ChartRow(label, cls.TOP + i * cls.ROW, cls.BAR * t.rate, t)
                for i, (label, t) in enumerate(rows)]
        lines = [("rate-line", cls.LABEL + cls.BAR * rate)]
        if reference is not None:
            lines.insert(0, ("reference-line", cls.LABEL + cls.BAR * reference))
        return cls(chart_id, title, laid, cls.TOP * 2 + len(rows) * cls.ROW, lines)


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
        statuses={s: Bilingual(vi=STATUS["vi"][s], en=STATUS["en"][s]) for s in MARK},
        verdict_marks=VERDICT_MARK,
        version=__version__,
        safe_url=safe_url,
        both=both,
    )
    env.filters.update(bi=bi, num=fmt_number, rate=fmt_rate, svg_rate=svg_rate, pct=fmt_pct,
                       date=fmt_date, value=fmt_value)
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
    key = unit_type if unit_type in UNIT_TYPES else "report"
    return Bilingual(vi=WORDS["vi"][key], en=WORDS["en"][key])


def render_unit_page(result: Result, home: str | None = "../index.html", lang: Lang = "vi") -> str:
    """One unit's page: verdict, every criterion with its evidence, the engine trace."""
    mandatory: Counter[str] = Counter(c.status for c in result.criteria if c.mandatory)
    titles = {c.id: c.title for c in result.criteria}
    return _page(
        "unit.html", lang,
        result=result,
        home=home,
        kind=_type_label(result.unit.unit_type if result.unit.kind == "commune" else None),
        mandatory={s: mandatory[s] for s in MARK},
        mandatory_total=sum(mandatory.values()),
        groups=[("mandatory", [c for c in result.criteria if c.mandatory]),
                ("advisory", [c for c in result.criteria if not c.mandatory])],
        provisional=[(i, titles[i]) for i in result.provisional if i in titles],
        criteria_by_id={c.id: c for c in result.criteria},
    )


def render_set_page(report: ReportSet, links: Sequence[str], lang: Lang = "vi") -> str:
    """The province (or set) page: rate, charts, the table of units, most failed, provisional."""
    summary = report.summary
    results = report.results
    rows = [
        {
            "result": r,
            "href": href,
            "verdict_order": VERDICT_ORDER[r.verdict],
            "failed": [c for c in r.criteria if c.status == "fail"],
        }
        for r, href in zip(results, links, strict=True)
    ]
    provisional: dict[str, tuple[CriterionResult, int]] = {}
    for r in results:
        for criterion_id in r.provisional:
            criterion = r.criterion(criterion_id)
            _, count = provisional.get(criterion_id, (criterion, 0))
            provisional[criterion_id] = (criterion, count + 1)
    districts = list(dict.fromkeys(r.unit.district or "" for r in results))
    types = [t for t in UNIT_TYPES if any(r.unit.unit_type == t for r in results)]
    reference = report.study.reference.value if report.study and report.study.reference else None
    charts = [
        Chart.of("chart-district", Bilingual(vi="Theo huyện", en="By district"),
                 [(escape(d), t) for d, t in summary.by_district.items()],
                 summary.rate, reference),
        Chart.of("chart-type", Bilingual(vi="Theo loại đơn vị", en="By unit type"),
                 [(both_svg(_type_label(k).vi, _type_label(k).en), t)
                  for k, t in summary.by_unit_type.items()],
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
        provisional=sorted(provisional.values(), key=lambda item: item[0].id),
        scope=", ".join(provinces),
        years=", ".join(str(y) for y in years),
        study=report.study,
        ruleset=summary.ruleset,
    )


def render_pages(report: ReportSet | Result, lang: Lang = "vi") -> dict[str, str]:
    """Every page of a report, by relative path (``index.html``, ``communes/<code>.html``).

    A province report is one page (``index.html``); a set of communes is the set page plus one
    page per commune.
    """
    if isinstance(report, Result):
        return {"index.html": render_unit_page(report, home=None, lang=lang)}
    taken: set[str] = set()
    links = [f"communes/{page_name(r.unit.code, taken)}" for r in report.results]
    pages = {"index.html": render_set_page(report, links, lang)}
    for result, link in zip(report.results, links, strict=True):
        pages[link] = render_unit_page(result, home="../index.html", lang=lang)
    return pages


__all__ = [
    "page_name",
    "render_pages",
    "render_set_page",
    "render_unit_page",
]
