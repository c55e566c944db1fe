"""A self-contained SVG of recognition by district and by unit type (no plotting library).

Horizontal bars, one per group, with the province's rate and the article's "gần 50 %" as
reference lines. Every text is XML-escaped; the file has no scripts and no external links.
"""

from __future__ import annotations

import textwrap
from xml.sax.saxutils import escape

from ..summary import Tally
from ..words import Lang, say
from ..words.format import label, number, percent
from .article import ARTICLE_RATE_VALUE
from .reproduce import Reproduction

WIDTH = 820
LABEL = 230  # width of the label column
BAR = 420  # width of a 100 % bar
ROW = 26


def _text(x: float, y: float, text: str, *, anchor: str = "start", size: int = 13,
          weight: str = "normal", fill: str = "#222") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" font-weight="{weight}" '
            f'text-anchor="{anchor}" fill="{fill}">{escape(text)}</text>')


def _panel(title: str, rows: list[tuple[str, Tally]], top: float, rate: float, lang: Lang
           ) -> tuple[str, float]:
    parts = [_text(16, top + 18, title, size=15, weight="bold")]
    y0 = top + 32
    x0 = LABEL
    for i, (name, t) in enumerate(rows):
        y = y0 + i * ROW
        w = BAR * t.rate
        parts.append(f'<rect x="{x0}" y="{y:.1f}" width="{BAR}" height="{ROW - 8}" '
                     f'fill="#eceff1"/>')
        parts.append(f'<rect x="{x0}" y="{y:.1f}" width="{w:.1f}" height="{ROW - 8}" '
                     f'fill="#2e7d32"><title>{escape(name)}: {t.recognised}/{t.units}'
                     f'</title></rect>')
        parts.append(_text(x0 - 8, y + 14, name, anchor="end"))
        parts.append(_text(x0 + BAR + 8, y + 14,
                           f"{t.recognised}/{t.units} · {percent(100 * t.rate, lang)}"))
    bottom = y0 + len(rows) * ROW
    for value, colour, dash in ((ARTICLE_RATE_VALUE, "#c62828", "6 4"), (rate, "#1565c0", "")):
        x = x0 + BAR * value
        style = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(f'<line x1="{x:.1f}" y1="{y0 - 6:.1f}" x2="{x:.1f}" y2="{bottom:.1f}" '
                     f'stroke="{colour}" stroke-width="1.5"{style}/>')
    return "\n".join(parts), bottom


def render_reproduction_svg(rep: Reproduction, lang: Lang = "vi") -> str:
    """Recognition rate by district and by unit type, as an SVG document in ``lang``."""
    districts = list(rep.by_district.items())
    types = [(label(k, lang), t) for k, t in rep.by_unit_type.items()]
    rate = percent(100 * rep.rate, lang)
    seed = say("reproduce.chart.seed", lang, seed=rep.seed) if rep.seed is not None else ""
    head = [
        _text(16, 26, say("reproduce.chart.title", lang), size=17, weight="bold"),
        _text(16, 46, say("reproduce.chart.sub", lang, recognised=number(rep.recognised, lang),
                          units=number(rep.units, lang), rate=rate, seed=seed,
                          article=rep.article_rate), size=12, fill="#444"),
    ]
    first, bottom = _panel(say("reproduce.by_district", lang), districts, 56, rep.rate, lang)
    second, bottom = _panel(say("reproduce.by_unit_type", lang), types, bottom + 12, rep.rate,
                            lang)
    legend_y = bottom + 24
    legend = [
        f'<rect x="16" y="{legend_y - 10}" width="24" height="10" fill="#2e7d32"/>',
        _text(46, legend_y, say("reproduce.chart.bar", lang), size=12),
        f'<line x1="16" y1="{legend_y + 14}" x2="40" y2="{legend_y + 14}" stroke="#c62828" '
        f'stroke-width="1.5" stroke-dasharray="6 4"/>',
        _text(46, legend_y + 18, say("reproduce.chart.article_line", lang,
                                     article=rep.article_rate), size=12),
        f'<line x1="420" y1="{legend_y + 14}" x2="444" y2="{legend_y + 14}" stroke="#1565c0" '
        f'stroke-width="1.5"/>',
        _text(450, legend_y + 18, say("reproduce.chart.province_line", lang, rate=rate),
              size=12),
    ]
    notes = textwrap.wrap(getattr(rep.ruleset.disclaimer, lang), 130)
    legend += [_text(16, legend_y + 38 + 15 * i, line, size=11, fill="#555")
               for i, line in enumerate(notes)]
    height = legend_y + 38 + 15 * len(notes)
    body = "\n".join([*head, first, second, *legend])
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height:.0f}" '
        f'viewBox="0 0 {WIDTH} {height:.0f}" font-family="DejaVu Sans, Arial, sans-serif">\n'
        f'<rect width="{WIDTH}" height="{height:.0f}" fill="#ffffff"/>\n'
        f"{body}\n</svg>\n"
    )
