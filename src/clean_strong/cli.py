"""``clean-strong``: one verb per public function, no logic of its own.

Exit codes (interfaces.md): 0 done, 2 usage, 3 bad input, 4 bad rules, 5 partial batch,
6 not reproduced. Errors go to stderr as ``FILE: field.path: problem`` or ``FILE:LINE:
problem``, never as a traceback (set ``CLEAN_STRONG_DEBUG=1`` to see one).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from .authoring import check, describe_criterion, list_rows, run_cases
from .datasets import DATASETS
from .dien_bien_2019.generator import SHIPPED_SEED
from .documents import read_document
from .errors import CleanStrongError, InputError, OutputError, RuleSetError
from .evaluation import DEFAULT_RULESET, compiled, evaluate, resolve_ruleset
from .render import render_text
from .ruleset import RuleSet
from .terminal import printable
from .version import __version__

Handler = Callable[[argparse.Namespace], int]


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        return handler(args)
    except CleanStrongError as error:
        _report(error, getattr(args, "lang", None) or "vi")
        return error.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as error:  # the last line of defence: one line, not a traceback
        if os.environ.get("CLEAN_STRONG_DEBUG"):
            raise
        _err(f"clean-strong: internal error: {type(error).__name__}: {error}")
        return 1


def _report(error: CleanStrongError, lang: str = "vi") -> None:
    if isinstance(error, RuleSetError):
        for problem in error.problems:
            _err(problem)
    elif isinstance(error, InputError):
        _err(error.text(lang))
        for path, message in getattr(error, "more", []):  # every bad cell of a workbook
            _err(f"{error.source}: {path or '(document)'}: {message}")
    elif isinstance(error, OutputError):
        _err(error)
    else:
        _err(f"clean-strong: {error}")


def _out(text: str, *, json_text: bool = False) -> None:
    """Standard output: JSON as written, any other text made safe for a terminal."""
    text = text if json_text else printable(text)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def _err(text: object) -> None:
    print(printable(str(text)), file=sys.stderr)


# -- verbs ---------------------------------------------------------------------------------


def cmd_evaluate(args: argparse.Namespace) -> int:
    rules = resolve_ruleset(args.rules)
    document = read_document(args.file)
    result = evaluate(document, rules, source=str(args.file))
    if args.counterfactuals:
        from .audit import counterfactuals
        from .render.explain import render_counterfactuals

        result = counterfactuals(document, rules, source=str(args.file), result=result)
        if args.format == "text":
            _out(render_text(result, args.lang) + render_counterfactuals(result, args.lang))
            return 0
    if args.format == "json":
        _out(result.to_json(), json_text=True)
    else:
        _out(render_text(result, args.lang))
    return 0


def cmd_explain(args: argparse.Namespace) -> int:
    from .audit import counterfactuals
    from .audit.parameters import derivation_parameters
    from .render.explain import render_explain

    rules = resolve_ruleset(args.rules)
    document = read_document(args.file)
    result = evaluate(document, rules, source=str(args.file))
    known = [c.id for c in result.criteria] + [n.id for n in result.not_applicable]
    if args.criterion is not None and args.criterion not in known:
        raise InputError(args.criterion, "", f"no such criterion in this result; one of "
                         f"{', '.join(known)}")
    result = counterfactuals(document, rules, source=str(args.file), result=result)
    _out(render_explain(result, args.lang, args.criterion, derivation_parameters(result, rules)))
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from .audit.text import render_verification
    from .audit.verify import read_result, verify

    recorded, raw = read_result(args.result)
    document = read_document(args.input)
    outcome = verify(recorded, document, args.rules, raw=raw)
    _out(render_verification(outcome, args.lang))
    return 0 if outcome.reproduced else 6


def cmd_diff(args: argparse.Namespace) -> int:
    from .audit.diff import diff, sides
    from .audit.text import render_diff
    from .datasets import load_documents

    if args.against_rules is None and args.against_year is None:
        print("clean-strong diff: give --against-rules NAME|DIR or --against-year YEAR",
              file=sys.stderr)
        return 2
    before, after = sides(args.rules, args.against_rules, args.year, args.against_year)
    result = diff(load_documents(args.data), before, after)
    if args.format == "json":
        _out(result.to_json(), json_text=True)
    else:
        _out(render_diff(result, args.lang))
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from .models.schema import json_schema
    from .words import lang_of

    kind = "province_report" if args.kind == "report" else "commune"
    schema = json_schema(kind, lang_of(args.lang))
    _out(json.dumps(schema, ensure_ascii=False, indent=2), json_text=True)
    return 0


def cmd_rules_list(args: argparse.Namespace) -> int:
    rules = resolve_ruleset(args.rules)
    rows = list_rows(rules)
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        _out("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
    return 0


def cmd_rules_show(args: argparse.Namespace) -> int:
    rules = resolve_ruleset(args.rules)
    try:
        criterion = rules.criterion(args.id)
    except KeyError:
        known = ", ".join(c.id for c in rules.criteria)
        message = f"no such criterion in {rules.name}; one of {known}"
        raise InputError(args.id, "", message) from None
    _out(describe_criterion(rules, criterion, args.lang))
    return 0


def cmd_rules_lint(args: argparse.Namespace) -> int:
    from .authoring.scaffold import needs_rewriting
    from .words import lang_of, say

    lang = lang_of(args.lang)
    report = check(args.dir or DEFAULT_RULESET)
    for problem in report.problems:
        _err(problem)
    if report.problems or report.ruleset is None:
        _err(say("rules.lint_count", lang, count=len(report.problems)))
        return 4
    rules = report.ruleset
    manifest = rules.manifest
    if needs_rewriting(manifest.title.vi + manifest.title.en + manifest.disclaimer.vi
                       + manifest.disclaimer.en):
        print(say("rules.lint_rewrite", lang, file=rules.directory / "ruleset.yaml"),
              file=sys.stderr)
    _out(say("rules.lint_ok", lang, name=rules.name, version=rules.version,
             criteria=len(rules.criteria), parameters=len(rules.parameters),
             first=manifest.years.from_, last=manifest.years.to,
             cases=report.cases.passed if report.cases else 0))
    return 0


def cmd_rules_test(args: argparse.Namespace) -> int:
    from .authoring.cases import has_tests
    from .words import lang_of, say

    lang = lang_of(args.lang)
    rules = resolve_ruleset(args.dir or DEFAULT_RULESET)
    if not has_tests(rules):
        print(say("rules.test_none", lang, name=rules.name), file=sys.stderr)
        return 4
    run = run_cases(rules)
    for problem in run.problems:
        print(problem, file=sys.stderr)
    if run.problems:
        print(say("rules.lint_count", lang, count=len(run.problems)), file=sys.stderr)
        return 4
    known = sum(1 for o in run.outcomes if o.loaded.case.xfail)
    _out(say("rules.test_ok", lang, name=rules.name, version=rules.version,
             cases=run.passed - known, xfail=known))
    return 0


def cmd_rules_new(args: argparse.Namespace) -> int:
    from .authoring.scaffold import new_ruleset
    from .words import lang_of, say

    target = new_ruleset(args.name, args.dir, args.source)
    _out(say("rules.new_done", lang_of(args.lang), name=args.name, path=target,
             source=args.source))
    return 0


def cmd_rules_book(args: argparse.Namespace) -> int:
    from .authoring import book
    from .words import lang_of, say

    if args.html is None and args.markdown is None:
        print("clean-strong rules book: give --html FILE and/or --markdown FILE",
              file=sys.stderr)
        return 2
    rules = resolve_ruleset(args.dir or DEFAULT_RULESET)
    written = book.write(book.build(rules), args.html, args.markdown)
    _out(say("rules.book_done", lang_of(args.lang),
             paths=", ".join(str(path) for path in written)))
    return 0


def cmd_rules_compile(args: argparse.Namespace) -> int:
    from .ruleset import refusal

    rules: RuleSet = resolve_ruleset(args.rules)
    refused = refusal(rules, args.year)
    if refused is not None:
        raise InputError("rules compile", "--year", refused[0], message_en=refused[1])
    edition = compiled(rules, args.year)
    out: dict[str, object] = {}
    for _, program in sorted(edition.programs.items()):
        chosen = {
            name: rule for name, rule in program.definition.items()
            if args.id is None or program.rules[name].criterion == args.id
        }
        if chosen:
            out[program.engine.name] = chosen
    if not out:
        raise InputError(args.id or "", "", f"no criterion {args.id} in force in {args.year}")
    _out(json.dumps(out, ensure_ascii=False, indent=2), json_text=True)
    return 0


def cmd_reproduce(args: argparse.Namespace) -> int:
    from .dien_bien_2019.chart import render_reproduction_svg
    from .dien_bien_2019.reproduce import reproduce
    from .dien_bien_2019.text import render_reproduction_text

    reproduction = reproduce(args.dataset, resolve_ruleset(args.rules))
    if args.chart is not None:
        try:
            args.chart.write_text(render_reproduction_svg(reproduction), "utf-8")
        except OSError as error:
            raise InputError(str(args.chart), "", f"cannot write: {error.strerror}") from None
    if args.format == "json":
        _out(reproduction.to_json(), json_text=True)
    else:
        _out(render_reproduction_text(reproduction))
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from .reports import write_report

    written = write_report(args.source, args.html, args.rules, lang=args.lang,
                           counterfactuals=not args.no_counterfactuals)
    _out(f"{len(written)} page(s) written; open {args.html / 'index.html'}")
    return 0


def cmd_batch(args: argparse.Namespace) -> int:
    from .batch import answered, run_batch

    table = _batch_format(args)
    if table == "usage":
        return 2
    if table is not None:
        return _batch_table(args, table)
    if not args.input.exists():
        raise InputError(str(args.input), "", "no such file or directory")
    if args.resume and args.output is None:
        print("clean-strong batch: --resume needs -o FILE", file=sys.stderr)
        return 2
    rules = args.rules
    progress = sys.stderr if sys.stderr.isatty() else None
    if args.output is None:
        sys.stdout.flush()
        summary = run_batch(args.input, sys.stdout.buffer, rules, workers=args.workers,
                            progress=progress)
    else:
        done = answered(args.output) if args.resume else {}
        with args.output.open("ab" if args.resume else "wb") as out:
            summary = run_batch(args.input, out, rules, workers=args.workers, done=done,
                                progress=progress)
    print(summary.text(), file=sys.stderr)
    if summary.interrupted:
        return 130
    return 5 if summary.errors or summary.skipped_errors else 0


def _batch_format(args: argparse.Namespace) -> str | None:
    """``xlsx`` or ``csv`` (by ``--format``, else by the suffix of ``-o``), ``None`` for JSONL,
    ``"usage"`` after a usage message."""
    suffix = args.output.suffix.lower().lstrip(".") if args.output is not None else ""
    fmt = args.format or (suffix if suffix in ("xlsx", "csv") else "jsonl")
    if fmt == "jsonl":
        return None
    if args.output is None or args.resume:
        print(f"clean-strong batch: --format {fmt} needs -o FILE and no --resume",
              file=sys.stderr)
        return "usage"
    return str(fmt)


def _batch_table(args: argparse.Namespace, fmt: str) -> int:
    """The batch run into a temporary JSONL beside the output, then rendered from its lines."""
    import tempfile

    from .batch import run_batch
    from .render.workbook import jsonl_records, write_results_workbook, write_summary_csv
    from .words import say

    if not args.input.exists():
        raise InputError(str(args.input), "", "no such file or directory")
    progress = sys.stderr if sys.stderr.isatty() else None
    folder = args.output.parent if str(args.output.parent) else Path(".")
    try:
        spool = tempfile.NamedTemporaryFile(dir=folder, prefix=f".{args.output.name}.",
                                            suffix=".jsonl")
    except OSError as error:
        raise OutputError(str(args.output), str(error.strerror)) from None
    with spool:
        summary = run_batch(args.input, spool, args.rules, workers=args.workers,
                            progress=progress)
        if summary.interrupted:
            print(summary.text(), file=sys.stderr)
            return 130
        records = jsonl_records(Path(spool.name))
        write = write_results_workbook if fmt == "xlsx" else write_summary_csv
        gathered = write(records, args.output, args.lang)
    print(summary.text(), file=sys.stderr)
    print(say("sheets.results.written", args.lang, output=args.output,
              results=gathered.results, errors=gathered.errors), file=sys.stderr)
    return 5 if summary.errors else 0


def cmd_template(args: argparse.Namespace) -> int:
    from .documents.template import write_template
    from .words import say

    if args.output.suffix.lower() != ".xlsx":
        print("clean-strong template: -o must name an .xlsx file", file=sys.stderr)
        return 2
    if not 1 <= args.units <= 20_000:
        print("clean-strong template: --units must be between 1 and 20,000", file=sys.stderr)
        return 2
    write_template(args.output, args.lang, args.units)
    print(say("sheets.template_written", args.lang, output=args.output, units=args.units),
          file=sys.stderr)
    return 0


def cmd_convert(args: argparse.Namespace) -> int:
    from .documents.convert import convert
    from .words import say

    done = convert(args.inputs, args.output, args.lang)
    print(say("sheets.converted", args.lang, output=args.output, count=done.documents,
              units=done.units, reports=done.reports), file=sys.stderr)
    return 0


def cmd_synth(args: argparse.Namespace) -> int:
    from .dien_bien_2019.synth import MAX_UNITS, write_jsonl

    if not 0 <= args.units <= MAX_UNITS:
        print(f"clean-strong synth: --units must be between 0 and {MAX_UNITS:,}", file=sys.stderr)
        return 2
    try:
        with args.output.open("w", encoding="utf-8") as out:
            count = write_jsonl(args.units, args.seed, out)
    except OSError as error:
        raise InputError(str(args.output), "", f"cannot write: {error.strerror}") from None
    _err(f"{args.output}: {count:,} synthetic communes, seed {args.seed}")
    return 0


# -- parser --------------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="clean-strong",
        description="Assess Vietnamese commune governments as 'trong sạch, vững mạnh' "
        "(clean and strong) with rule files evaluated by durable-rules.",
    )
    parser.add_argument("--version", action="version", version=f"clean-strong {__version__}")
    verbs = parser.add_subparsers(metavar="VERB")

    def verb(name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
        sub = verbs.add_parser(name, help=help_text, description=help_text)
        sub.set_defaults(handler=handler)
        return sub

    def rules_option(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--rules", default=DEFAULT_RULESET, metavar="NAME|DIR",
                         help=f"bundled rule-set name or directory (default {DEFAULT_RULESET})")

    def lang_option(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--lang", choices=("vi", "en"), default="vi")

    sub = verb("evaluate", cmd_evaluate, "evaluate one commune or province-report JSON file")
    sub.add_argument("file", type=Path)
    rules_option(sub)
    lang_option(sub)
    sub.add_argument("--format", choices=("text", "json"), default="text")
    sub.add_argument("--counterfactuals", action="store_true",
                     help="also the smallest change that would make each failed or unknown "
                     "criterion pass, and the unit recognised (verified by the engine)")

    sub = verb("explain", cmd_explain, "a result as a tree: verdict, criteria, inputs and "
               "their derivations, parameters in force, engine rules fired, counterfactuals")
    sub.add_argument("file", type=Path)
    sub.add_argument("--criterion", metavar="ID", help="only this criterion's branch")
    rules_option(sub)
    lang_option(sub)

    sub = verb("verify", cmd_verify, "re-evaluate INPUT and check RESULT is reproduced exactly "
               "(exit 0), or say what differs (exit 6)")
    sub.add_argument("result", type=Path, metavar="RESULT",
                     help="a result: the JSON of `evaluate --format json`")
    sub.add_argument("input", type=Path, metavar="INPUT", help="the input it was made from")
    sub.add_argument("--rules", default=None, metavar="NAME|DIR",
                     help="the rule set (default: the bundled one the result names)")
    lang_option(sub)

    sub = verb("diff", cmd_diff, "compare two rule sets, or one at two assessment years, over "
               "a data set: the units whose verdict changes and the criteria responsible")
    sub.add_argument("data", metavar="DATA",
                     help="a bundled data set (dien-bien-2019), a JSON file, a directory of "
                     "JSON files or a JSONL file")
    sub.add_argument("--rules", default=DEFAULT_RULESET, metavar="NAME|DIR",
                     help=f"the first rule set (default {DEFAULT_RULESET})")
    sub.add_argument("--against-rules", default=None, metavar="NAME|DIR",
                     help="the rule set to compare with (default: the same)")
    sub.add_argument("--year", type=int, default=None,
                     help="evaluate every document at this assessment year (default: its own)")
    sub.add_argument("--against-year", type=int, default=None,
                     help="the year to compare with (default: the same as --year)")
    sub.add_argument("--format", choices=("text", "json"), default="text")
    lang_option(sub)

    sub = verb("schema", cmd_schema, "print the input JSON Schema")
    sub.add_argument("--kind", choices=("commune", "report"), default="commune")
    lang_option(sub)

    sub = verb("reproduce", cmd_reproduce, "the Điện Biên 2019 assessment on the bundled data")
    sub.add_argument("dataset", choices=DATASETS)
    sub.add_argument("--format", choices=("text", "json"), default="text")
    sub.add_argument("--chart", type=Path, metavar="FILE.svg",
                     help="also write recognition by district and unit type as SVG")
    rules_option(sub)

    sub = verb("report", cmd_report, "write the HTML report of a data set, a JSON file, a "
               "directory of JSON files or a JSONL file")
    sub.add_argument("source", metavar="DATASET|FILE",
                     help=f"a bundled data set ({', '.join(DATASETS)}), a commune or province-"
                     "report JSON file, a directory of commune JSON files, or a JSONL file")
    sub.add_argument("--html", type=Path, required=True, metavar="DIR",
                     help="write index.html and communes/<unit code>.html here (created)")
    sub.add_argument("--no-counterfactuals", action="store_true",
                     help="skip the auditor tools' counterfactual search, when installed")
    rules_option(sub)
    lang_option(sub)

    sub = verb("batch", cmd_batch, "evaluate a directory of JSON files, a JSONL file, a "
               "workbook (.xlsx) or a CSV table of units")
    sub.add_argument("input", type=Path, metavar="INPUT")
    sub.add_argument("-o", "--output", type=Path, metavar="OUT",
                     help="write results here: .jsonl, or .xlsx / .csv (default: standard "
                     "output, JSONL)")
    sub.add_argument("--workers", type=int, default=None,
                     help="processes (default: all cores; 1: no pool)")
    sub.add_argument("--resume", action="store_true",
                     help="keep OUT's complete lines and evaluate only the inputs not yet answered")
    sub.add_argument("--format", choices=("jsonl", "xlsx", "csv"), default=None,
                     help="jsonl (default), or a results workbook / summary CSV (default: "
                     "by the suffix of -o)")
    rules_option(sub)
    lang_option(sub)

    sub = verb("template", cmd_template, "write a workbook to fill: units, officials, "
               "instructions, lists (dropdowns)")
    sub.add_argument("--units", type=int, default=1, metavar="N",
                     help="rows prepared for N units (default 1; 40 officials' rows each)")
    sub.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.xlsx")
    lang_option(sub)

    sub = verb("convert", cmd_convert, "convert documents between a workbook (.xlsx) or CSV "
               "tables, JSON, JSONL and a directory of JSON files")
    sub.add_argument("inputs", type=Path, nargs="+", metavar="IN",
                     help="a .xlsx, .json or .jsonl file or a directory; or the .csv tables "
                     "(units, officials) of one workbook")
    sub.add_argument("-o", "--output", type=Path, required=True, metavar="OUT",
                     help=".xlsx, .jsonl, .json (one document) or a directory")
    lang_option(sub)

    sub = verb("synth", cmd_synth, "write synthetic communes as JSONL (one Commune a line)")
    sub.add_argument("--units", type=int, required=True, metavar="N",
                     help="how many (10614: the country's commune-level units in 2019)")
    sub.add_argument("--seed", type=int, default=SHIPPED_SEED,
                     help=f"the same seed gives the same file (default {SHIPPED_SEED})")
    sub.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.jsonl")

    rules = verbs.add_parser("rules", help="list, show, lint, test, compile a rule set; start "
                             "a new one; write its rule book")
    rules_verbs = rules.add_subparsers(metavar="ACTION")
    rules.set_defaults(handler=None)

    def rules_verb(name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
        sub = rules_verbs.add_parser(name, help=help_text, description=help_text)
        sub.set_defaults(handler=handler)
        return sub

    sub = rules_verb("list", cmd_rules_list, "id, title, mandatory, confidence, period")
    rules_option(sub)
    sub = rules_verb("show", cmd_rules_show, "legal basis, parameters by date, condition")
    sub.add_argument("id")
    rules_option(sub)
    lang_option(sub)
    sub = rules_verb("lint", cmd_rules_lint, "check a rule-set directory (default: bundled): "
                     "every file, every covered year compiled, its own test cases run")
    sub.add_argument("dir", nargs="?")
    lang_option(sub)
    sub = rules_verb("test", cmd_rules_test, "run a rule set's YAML test cases (tests/*.yaml) "
                     "and check every criterion has pass, fail, unknown and threshold cases")
    sub.add_argument("dir", nargs="?")
    lang_option(sub)
    sub = rules_verb("new", cmd_rules_new, "start a rule set NAME in DIR, copied from another "
                     "(its manifest renamed, its title and disclaimer marked to be rewritten)")
    sub.add_argument("name", metavar="NAME", help="the new rule set's name, e.g. lai-chau-2024")
    sub.add_argument("dir", type=Path, metavar="DIR", help="where to write it (absent or empty)")
    sub.add_argument("--from", dest="source", default="dien-bien-2019", metavar="NAME|DIR",
                     help="the rule set to start from (default dien-bien-2019)")
    lang_option(sub)
    sub = rules_verb("book", cmd_rules_book, "the rule book a legal officer reviews and signs: "
                     "per criterion its law, condition in words, parameter history and cases")
    sub.add_argument("dir", nargs="?", metavar="DIR", help="a rule-set directory or bundled "
                     "name (default: the bundled one)")
    sub.add_argument("--html", type=Path, metavar="FILE.html", help="write one self-contained "
                     "HTML page")
    sub.add_argument("--markdown", type=Path, metavar="FILE.md", help="write Markdown")
    lang_option(sub)
    sub = rules_verb("compile", cmd_rules_compile, "print the durable-rules ruleset JSON")
    sub.add_argument("id", nargs="?")
    sub.add_argument("--year", type=int, default=2019)
    rules_option(sub)
    return parser


if __name__ == "__main__":
    sys.exit(main())
