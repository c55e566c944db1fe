"""Plain text of a :class:`~clean_strong.reproduce.Reproduction`, for officials.

One language per run (Vietnamese by default, English with ``--lang en``), words from
``words/reproduce.toml``, numbers written the language's way (2.698; 46,9 % in Vietnamese).
Everything shown comes from the Reproduction: the renderer counts nothing.
"""

from __future__ import annotations

from ..summary import Tally
from ..words import Lang, say
from ..words.format import label, number, percent
from .reproduce import Reproduction

AGGREGATES = (
    "officials_total", "cong_chuc_total", "can_bo_total", "meeting_standard_total",
    "meeting_standard_pct", "cong_chuc_meeting_standard", "cong_chuc_meeting_standard_pct",
    "can_bo_meeting_standard", "can_bo_meeting_standard_pct", "city_units",
    "muong_thanh_officials", "muong_thanh_meeting_standard", "muong_thanh_university_pct",
    "muong_thanh_political_theory_pct",
)
MARK = {"pass": "✓", "fail": "✗", "unknown": "?"}


def unit_type_label(code: str, lang: Lang) -> str:
    return label(code, lang)


def _value(key: str, value: int | float | str, lang: Lang) -> str:
    if isinstance(value, str):
        if value.startswith(">"):
            return say("reproduce.above", lang, value=value.lstrip("> "))
        return value
    return percent(float(value), lang, 2) if key.endswith("_pct") else number(float(value), lang)


def _row(text: str, width: int, *cells: str) -> str:
    return f"  {text:<{width}}" + "".join(f" {cell:>10}" for cell in cells)


def _tally(label_text: str, t: Tally, width: int, lang: Lang) -> str:
    return _row(label_text, width, number(t.units, lang), number(t.recognised, lang),
                percent(100 * t.rate, lang))


def render_reproduction_text(rep: Reproduction, lang: Lang = "vi") -> str:
    """The headline run: counts, rate beside the article's, breakdowns, aggregates, checks."""
    seed = say("reproduce.seed", lang, seed=rep.seed) if rep.seed is not None else ""
    counts = [("units", rep.units), ("recognised", rep.recognised),
              ("not_recognised", rep.not_recognised), ("undetermined", rep.undetermined)]
    width = max(len(say(f"reproduce.{key}", lang)) for key, _ in [*counts, ("rate", 0)]) + 2
    lines = [
        say("reproduce.title", lang),
        say("reproduce.data", lang, dataset=rep.dataset, units=number(rep.units, lang),
            seed=seed),
        say("reproduce.ruleset", lang, name=rep.ruleset.name, version=rep.ruleset.version,
            hash=rep.ruleset.hash),
        "",
        say("reproduce.result", lang),
        *(_row(say(f"reproduce.{key}", lang), width, number(value, lang))
          for key, value in counts),
        _row(say("reproduce.rate", lang), width, percent(100 * rep.rate, lang))
        + "   " + say("reproduce.article_rate", lang, text=rep.article_rate),
        "",
    ]
    types = {k: unit_type_label(k, lang) for k in rep.by_unit_type}
    width = max([len(d) for d in rep.by_district] + [len(v) for v in types.values()])
    header = _row("", width, *say("reproduce.columns", lang).split("|"))
    lines += [say("reproduce.by_district", lang), header]
    lines += [_tally(d, t, width, lang) for d, t in rep.by_district.items()]
    lines += ["", say("reproduce.by_unit_type", lang), header]
    lines += [_tally(types[k], t, width, lang) for k, t in rep.by_unit_type.items()]
    lines += ["", say("reproduce.most_failed", lang)]
    for f in rep.most_failed:
        star = "*" if f.mandatory else " "
        lines.append(f"  {f.id}{star} {number(f.fails, lang):>4}  {getattr(f.title, lang)}")
    lines += ["", say("reproduce.aggregates", lang)]
    agg = rep.aggregates
    labels = {key: say(f"reproduce.aggregate.{key}", lang) for key in AGGREGATES}
    width = max(len(text) for text in labels.values())
    for key in AGGREGATES:
        if key not in agg.article or key not in agg.computed:
            continue
        mark = "✓" if agg.agree.get(key) else "✗"
        lines.append(f"  {labels[key]:<{width}} {_value(key, agg.computed[key], lang):>10} "
                     f"{_value(key, agg.article[key], lang):>10}  {mark}")
    lines += ["", say("reproduce.report_checks", lang)]
    for key in ("article", "records"):
        check = rep.report_checks[key]
        verdict = getattr(check.verdict_label, lang)
        lines.append(f"  {say(f'reproduce.check.{key}', lang)}: "
                     f"{verdict.upper() if lang == 'vi' else verdict}")
        for c in check.criteria:
            if c.status == "pass":
                continue
            kind = "" if c.mandatory else say("reproduce.advisory", lang)
            lines.append(f"    {MARK[c.status]} {c.id}{kind} {getattr(c.explanation, lang)}")
    lines += ["", getattr(rep.ruleset.disclaimer, lang), say("reproduce.generated", lang)]
    return "\n".join(lines) + "\n"
