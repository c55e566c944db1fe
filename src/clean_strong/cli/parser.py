"""The argument parser of every verb, its words from the catalogue in the language chosen
before parsing (``--lang``, else ``CLEAN_STRONG_LANG``, else Vietnamese), argparse's own words
("usage:", "options", "error: …") included."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from ..datasets import DATASETS
from ..defaults import DEFAULT_RULESET
from ..dien_bien_2019.generator import SHIPPED_SEED
from ..version import __version__
from ..words import Lang, catalogue, lang_of, say
from .verbs import (
    cmd_batch,
    cmd_convert,
    cmd_diff,
    cmd_evaluate,
    cmd_explain,
    cmd_report,
    cmd_reproduce,
    cmd_rules_book,
    cmd_rules_compile,
    cmd_rules_lint,
    cmd_rules_list,
    cmd_rules_new,
    cmd_rules_show,
    cmd_rules_test,
    cmd_schema,
    cmd_serve,
    cmd_synth,
    cmd_template,
    cmd_verify,
    workers_type,
)

Handler = Callable[[argparse.Namespace], int]


def chosen_lang(argv: Sequence[str]) -> Lang:
    """The language of the help and usage messages, read before parsing: ``--lang`` if given
    (``--lang en`` or ``--lang=en``), else ``CLEAN_STRONG_LANG``, else Vietnamese."""
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            return lang_of(argv[i + 1])
        if arg.startswith("--lang="):
            return lang_of(arg.removeprefix("--lang="))
    return lang_of(None)


@contextmanager
def argparse_words(lang: Lang) -> Iterator[None]:
    """argparse's own words ("usage:", "options", "error: …") from the catalogue, by their
    English text (argparse looks them up through its module's ``_``)."""
    known = catalogue()

    def word(text: str) -> str:
        key = f"cli.argparse.{text}"
        return known[key].get(lang) if key in known else text

    saved = argparse._  # type: ignore[attr-defined]
    argparse._ = word  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._ = saved  # type: ignore[attr-defined]


def build(lang: Lang) -> argparse.ArgumentParser:
    def w(key: str, **values: object) -> str:
        return say(f"cli.{key}", lang, **values)

    parser = argparse.ArgumentParser(prog="clean-strong", description=w("description"),
                                     epilog=w("epilog"))
    parser.add_argument("--version", action="version", version=f"clean-strong {__version__}",
                        help=w("option.version"))
    verbs = parser.add_subparsers(metavar=w("verb_metavar"))
    datasets = ", ".join(DATASETS)

    def verb(name: str, handler: Handler, key: str) -> argparse.ArgumentParser:
        sub = verbs.add_parser(name, help=w(key), description=w(key))
        sub.set_defaults(handler=handler)
        return sub

    def rules_option(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--rules", default=DEFAULT_RULESET, metavar="NAME|DIR",
                         help=w("option.rules", default=DEFAULT_RULESET))

    def lang_option(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--lang", choices=("vi", "en"), default=None, help=w("option.lang"))

    def format_option(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--format", choices=("text", "json"), default="text",
                         help=w("option.format_text_json"))

    sub = verb("evaluate", cmd_evaluate, "verb.evaluate")
    sub.add_argument("file", type=Path, metavar="FILE", help=w("option.file"))
    rules_option(sub)
    lang_option(sub)
    format_option(sub)
    sub.add_argument("--counterfactuals", action="store_true", help=w("option.counterfactuals"))

    sub = verb("explain", cmd_explain, "verb.explain")
    sub.add_argument("file", type=Path, metavar="FILE", help=w("option.file"))
    sub.add_argument("--criterion", metavar="ID", help=w("option.criterion"))
    rules_option(sub)
    lang_option(sub)

    sub = verb("verify", cmd_verify, "verb.verify")
    sub.add_argument("result", type=Path, metavar="RESULT", help=w("option.result"))
    sub.add_argument("input", type=Path, metavar="INPUT", help=w("option.input_of_result"))
    sub.add_argument("--rules", default=None, metavar="NAME|DIR", help=w("option.verify_rules"))
    lang_option(sub)

    sub = verb("diff", cmd_diff, "verb.diff")
    sub.add_argument("data", metavar="DATA", help=w("option.data", datasets=datasets))
    sub.add_argument("--rules", default=DEFAULT_RULESET, metavar="NAME|DIR",
                     help=w("option.diff_rules", default=DEFAULT_RULESET))
    sub.add_argument("--against-rules", default=None, metavar="NAME|DIR",
                     help=w("option.against_rules"))
    sub.add_argument("--year", type=int, default=None, help=w("option.year"))
    sub.add_argument("--against-year", type=int, default=None, help=w("option.against_year"))
    format_option(sub)
    lang_option(sub)

    sub = verb("schema", cmd_schema, "verb.schema")
    sub.add_argument("--kind", choices=("commune", "report"), default="commune",
                     help=w("option.kind"))
    lang_option(sub)

    sub = verb("reproduce", cmd_reproduce, "verb.reproduce")
    sub.add_argument("dataset", choices=DATASETS, help=w("option.dataset", datasets=datasets))
    format_option(sub)
    sub.add_argument("--chart", type=Path, metavar="FILE.svg", help=w("option.chart"))
    rules_option(sub)
    lang_option(sub)

    sub = verb("report", cmd_report, "verb.report")
    sub.add_argument("source", metavar="DATASET|FILE",
                     help=w("option.report_source", datasets=datasets))
    sub.add_argument("--html", type=Path, required=True, metavar="DIR", help=w("option.html"))
    sub.add_argument("--no-counterfactuals", action="store_true",
                     help=w("option.no_counterfactuals"))
    rules_option(sub)
    lang_option(sub)

    sub = verb("batch", cmd_batch, "verb.batch")
    sub.add_argument("input", type=Path, metavar="INPUT", help=w("option.batch_input"))
    sub.add_argument("-o", "--output", type=Path, metavar="OUT", help=w("option.batch_output"))
    sub.add_argument("--workers", type=workers_type(lang), default=None, help=w("option.workers"))
    sub.add_argument("--resume", action="store_true", help=w("option.resume"))
    sub.add_argument("--format", choices=("jsonl", "xlsx", "csv"), default=None,
                     help=w("option.batch_format"))
    rules_option(sub)
    lang_option(sub)

    sub = verb("template", cmd_template, "verb.template")
    sub.add_argument("--units", type=int, default=1, metavar="N", help=w("option.template_units"))
    sub.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.xlsx",
                     help=w("option.output_file"))
    lang_option(sub)

    sub = verb("convert", cmd_convert, "verb.convert")
    sub.add_argument("inputs", type=Path, nargs="+", metavar="IN",
                     help=w("option.convert_inputs"))
    sub.add_argument("-o", "--output", type=Path, required=True, metavar="OUT",
                     help=w("option.convert_output"))
    lang_option(sub)

    sub = verb("synth", cmd_synth, "verb.synth")
    sub.add_argument("--units", type=int, required=True, metavar="N",
                     help=w("option.synth_units"))
    sub.add_argument("--seed", type=int, default=SHIPPED_SEED,
                     help=w("option.seed", default=SHIPPED_SEED))
    sub.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.jsonl",
                     help=w("option.output_file"))
    lang_option(sub)

    from ..service.serve import add_arguments  # argparse only: no web stack imported here

    add_arguments(verb("serve", cmd_serve, "verb.serve"), lang)

    rules = verbs.add_parser("rules", help=w("verb.rules"), description=w("verb.rules"))
    rules_verbs = rules.add_subparsers(metavar=w("action_metavar"))
    rules.set_defaults(handler=None)

    def rules_verb(name: str, handler: Handler, key: str) -> argparse.ArgumentParser:
        sub = rules_verbs.add_parser(name, help=w(key), description=w(key))
        sub.set_defaults(handler=handler)
        return sub

    sub = rules_verb("list", cmd_rules_list, "verb.rules_list")
    rules_option(sub)
    lang_option(sub)
    sub = rules_verb("show", cmd_rules_show, "verb.rules_show")
    sub.add_argument("id", help=w("option.criterion_id"))
    rules_option(sub)
    lang_option(sub)
    sub = rules_verb("lint", cmd_rules_lint, "verb.rules_lint")
    sub.add_argument("dir", nargs="?", help=w("option.rules_dir"))
    lang_option(sub)
    sub = rules_verb("test", cmd_rules_test, "verb.rules_test")
    sub.add_argument("dir", nargs="?", help=w("option.rules_dir"))
    lang_option(sub)
    sub = rules_verb("new", cmd_rules_new, "verb.rules_new")
    sub.add_argument("name", metavar="NAME", help=w("option.new_name"))
    sub.add_argument("dir", type=Path, metavar="DIR", help=w("option.new_dir"))
    sub.add_argument("--from", dest="source", default="dien-bien-2019", metavar="NAME|DIR",
                     help=w("option.new_from", default="dien-bien-2019"))
    lang_option(sub)
    sub = rules_verb("book", cmd_rules_book, "verb.rules_book")
    sub.add_argument("dir", nargs="?", metavar="DIR", help=w("option.rules_dir"))
    sub.add_argument("--html", type=Path, metavar="FILE.html", help=w("option.book_html"))
    sub.add_argument("--markdown", type=Path, metavar="FILE.md", help=w("option.book_markdown"))
    lang_option(sub)
    sub = rules_verb("compile", cmd_rules_compile, "verb.rules_compile")
    sub.add_argument("id", nargs="?", help=w("option.compile_id"))
    sub.add_argument("--year", type=int, default=2019, help=w("option.compile_year"))
    rules_option(sub)
    lang_option(sub)
    return parser
