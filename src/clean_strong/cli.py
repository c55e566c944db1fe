"""``clean-strong``: one verb per public function, no logic of its own.

Exit codes (interfaces.md): 0 done, 2 usage, 3 bad input, 4 bad rules, 5 partial batch,
6 not reproduced, 7 an output not written (``PATH: problem``, and how to resume), 128 + N
stopped by signal N (130 SIGINT, 143 SIGTERM). Errors go to stderr as ``FILE: field.path:
problem`` or ``FILE:LINE: problem``, never as a traceback (set ``CLEAN_STRONG_DEBUG=1`` to see
one).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from .authoring import check, describe_criterion, list_rows, run_cases
from .authoring.terms import terms_for
from .datasets import DATASETS
from .dien_bien_2019.generator import SHIPPED_SEED
from .documents import read_document
from .errors import CleanStrongError, InputError, OutputError, RuleSetError
from .evaluation import DEFAULT_RULESET, compiled, evaluate, resolve_ruleset
from .render import render_text
from .ruleset import RuleSet
from .terminal import printable
from .version import __version__
from .words import Lang, lang_of, say

Handler = Callable[[argparse.Namespace], int]


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help(sys.stderr)
        return 2
    lang = lang_of(getattr(args, "lang", None))
    try:
        try:
            code = handler(args)
        except _StdoutFailed as failed:
            raise _stdout_error(failed.error, lang) from None
        _flush_stdout(lang)
        return code
    except CleanStrongError as error:
        if isinstance(error, OutputError):
            try:
                sys.stdout.flush()
            except OSError:  # it may be standard output that failed
                _quiet_stdout()
        _report(error, lang)
        return error.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader left (`| head`): not an error
        _quiet_stdout()
        return 0
    except Exception as error:  # the last line of defence: one line, not a traceback
        if os.environ.get("CLEAN_STRONG_DEBUG"):
            raise
        _err(f"clean-strong: internal error: {type(error).__name__}: {error}")
        return 1


def _flush_stdout(lang: Lang) -> None:
    """What a verb printed reaches standard output now, or it is an output error (exit 7)."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as error:
        raise _stdout_error(error, lang) from None


def _stdout_error(error: OSError, lang: Lang) -> OutputError:
    _quiet_stdout()
    return OutputError(say("output.stdout", lang), say(
        "output.cannot_write", lang, problem=error.strerror or str(error)))


def _quiet_stdout() -> None:
    """Standard output cannot take the bytes: point it at ``/dev/null``, so the interpreter's
    own flush at exit does not fail again with a message of its own."""
    try:
        fd = sys.stdout.fileno()
    except (OSError, ValueError):
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)


def _report(error: CleanStrongError, lang: Lang) -> None:
    if isinstance(error, OutputError):
        _err(error)
        if error.resume is not None:
            _err(say("output.resume_with", lang, command=error.resume))
    elif isinstance(error, RuleSetError):
        for problem in error.problems:
            _err(problem)
    elif isinstance(error, InputError):
        for line in error.lines(lang):  # every bad cell of a workbook
            _err(line)
    elif isinstance(error, OutputError):
        _err(error)
    else:
        _err(f"clean-strong: {error}")


def _out(text: str, *, json_text: bool = False) -> None:
    """Standard output: JSON as written, any other text made safe for a terminal; a failed
    write (a full disk, /dev/full) is an output error (exit 7), not an internal one."""
    text = text if json_text else printable(text)
    try:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    except BrokenPipeError:
        raise
    except OSError as error:
        raise _StdoutFailed(error) from None


class _StdoutFailed(Exception):
    """Standard output could not be written (``main`` reports it in the verb's language)."""

    def __init__(self, error: OSError) -> None:
        super().__init__(error)
        self.error = error


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
            terms = terms_for(rules, result, document)
            _out(render_text(result, args.lang, terms)
                 + render_counterfactuals(result, args.lang, terms))
            return 0
    if args.format == "json":
        _out(result.to_json(), json_text=True)
    else:
        _out(render_text(result, args.lang, terms_for(rules, result, document)))
    return 0


def cmd_explain(args: argparse.Namespace) -> int:
    from .audit import counterfactuals
    from .audit.parameters import derivation_parameters
    from .render.explain import render_explain

    rules = resolve_ruleset(args.rules)
    document = read_document(args.file)
    result = evaluate(document, rules, source=str(args.file))
    known = [c.id for c in result.criteria] + [n.id for n in result.not_applicable]
    if args.criterion is not None and args.criterion.upper() not in known:
        raise InputError(args.criterion, "", f"no such criterion in this result; one of "
                         f"{', '.join(known)}")
    result = counterfactuals(document, rules, source=str(args.file), result=result)
    _out(render_explain(result, args.lang, args.criterion, derivation_parameters(result, rules),
                        terms_for(rules, result, document)))
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
    rows = list_rows(rules, args.lang)
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        _out("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
    return 0


def cmd_rules_show(args: argparse.Namespace) -> int:
    from .authoring.describe import find_criterion, unknown_criterion

    rules = resolve_ruleset(args.rules)
    try:
        criterion = find_criterion(rules, args.id)
    except KeyError:
        raise InputError(args.id, "", unknown_criterion(rules, args.id, "vi"),
                         message_en=unknown_criterion(rules, args.id, "en")) from None
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
            args.chart.write_text(render_reproduction_svg(reproduction, args.lang), "utf-8")
        except OSError as error:
            raise _cannot_write(args.chart, error, getattr(args, "lang", None)) from None
    if args.format == "json":
        _out(reproduction.to_json(), json_text=True)
    else:
        _out(render_reproduction_text(reproduction, args.lang))
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from .reports import write_report

    written = write_report(args.source, args.html, args.rules, lang=args.lang,
                           counterfactuals=not args.no_counterfactuals)
    _out(f"{len(written)} page(s) written; open {args.html / 'index.html'}")
    return 0


def cmd_batch(args: argparse.Namespace) -> int:
    from .batch import Summary, open_output, run_batch
    from .documents import check_input

    table = _batch_format(args)
    if table == "usage":
        return 2
    if table is not None:
        return _batch_table(args, table)
    lang = lang_of(args.lang)
    to_stdout = args.output is None or str(args.output) == "-"
    if args.resume and to_stdout:
        print("clean-strong batch: --resume needs -o FILE", file=sys.stderr)
        return 2
    check_input(args.input)  # before any output is opened: exit 3, nothing touched
    rules = resolve_ruleset(args.rules)  # and bad rules: exit 4, nothing touched
    progress = sys.stderr if sys.stderr.isatty() else None
    summary = Summary()
    resume: str | None = None
    try:
        if to_stdout:
            sys.stdout.flush()
            run_batch(args.input, sys.stdout.buffer, args.rules, workers=args.workers,
                      progress=progress, summary=summary, lang=lang, rules=rules)
        else:
            with open_output(args.output, args.input, resume=args.resume, lang=lang) as out:
                resume = _resume_command(args) if out.regular else None
                run_batch(args.input, out.stream, args.rules, workers=args.workers,
                          resume=out.resume, progress=progress, summary=summary,
                          name=str(args.output), resume_command=resume, lang=lang,
                          rules=rules)
    finally:
        if summary.started:
            print(summary.text(lang, resume), file=sys.stderr)
    if summary.signal is not None:
        return 128 + summary.signal
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
    from .documents import check_input
    from .render.workbook import jsonl_records, write_results_workbook, write_summary_csv
    from .words import say

    check_input(args.input)
    progress = sys.stderr if sys.stderr.isatty() else None
    folder = args.output.parent if str(args.output.parent) else Path(".")
    try:
        spool = tempfile.NamedTemporaryFile(dir=folder, prefix=f".{args.output.name}.",
                                            suffix=".jsonl")
    except OSError as error:
        raise OutputError(str(args.output), str(error.strerror)) from None
    lang = lang_of(args.lang)
    with spool:
        summary = run_batch(args.input, spool, args.rules, workers=args.workers,
                            progress=progress, lang=lang)
        if summary.signal is not None:
            _err(summary.text(lang))
            return 128 + summary.signal
        records = jsonl_records(Path(spool.name))
        write = write_results_workbook if fmt == "xlsx" else write_summary_csv
        gathered = write(records, args.output, args.lang)
    _err(summary.text(lang))
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


def _resume_command(args: argparse.Namespace) -> str:
    """The command that finishes this batch's output."""
    import shlex

    command = ["clean-strong", "batch", str(args.input), "-o", str(args.output), "--resume"]
    if args.workers is not None:
        command += ["--workers", str(args.workers)]
    if args.rules != DEFAULT_RULESET:
        command += ["--rules", str(args.rules)]
    return shlex.join(command)


def _workers(text: str) -> int:
    """``--workers``: a whole number of processes, at least 1."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1, not {text!r}")
    return value


def _cannot_write(path: Path, error: OSError, lang: str | None) -> OutputError:
    """``PATH: cannot write: problem`` (exit 7)."""
    problem = error.strerror or str(error)
    return OutputError(str(path), say("output.cannot_write", lang_of(lang), problem=problem))


def cmd_synth(args: argparse.Namespace) -> int:
    from .dien_bien_2019.synth import MAX_UNITS, write_jsonl

    if not 0 <= args.units <= MAX_UNITS:
        print(f"clean-strong synth: --units must be between 0 and {MAX_UNITS:,}", file=sys.stderr)
        return 2
    try:
        with args.output.open("w", encoding="utf-8") as out:
            count = write_jsonl(args.units, args.seed, out)
    except OSError as error:
        raise _cannot_write(args.output, error, getattr(args, "lang", None)) from None
    _err(f"{args.output}: {count:,} synthetic communes, seed {args.seed}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """The web service (``clean_strong.service``): the JSON API, the docs and the upload page."""
    from .service.serve import run

    return run(args)


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
    lang_option(sub)

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

    sub = verb("batch", cmd_batch, "evaluate a directory of JSON files, a JSONL file (-: "
               "standard input), a workbook (.xlsx) or a CSV table of units")
    sub.add_argument("input", type=Path, metavar="INPUT")
    sub.add_argument("-o", "--output", type=Path, metavar="OUT",
                     help="write results here: .jsonl (locked while the batch runs), or .xlsx "
                     "/ .csv (default, or -: standard output, JSONL)")
    sub.add_argument("--workers", type=_workers, default=None,
                     help="processes, at least 1 (default: all cores; 1: no pool)")
    sub.add_argument("--resume", action="store_true",
                     help="keep OUT's lines that still answer the input at their position "
                     "(same document, same rules) and evaluate the rest")
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

    from .service.serve import add_arguments  # argparse only: no web stack imported here

    add_arguments(verb("serve", cmd_serve, "the web service: the JSON API (/v1/...), its docs "
                       "(/docs, /openapi.json) and an upload page for officials (/)"))

    rules = verbs.add_parser("rules", help="list, show, lint, test, compile a rule set; start "
                             "a new one; write its rule book")
    rules_verbs = rules.add_subparsers(metavar="ACTION")
    rules.set_defaults(handler=None)

    def rules_verb(name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
        sub = rules_verbs.add_parser(name, help=help_text, description=help_text)
        sub.set_defaults(handler=handler)
        return sub

    sub = rules_verb("list", cmd_rules_list, "id, title, mandatory, confidence, period, "
                     "legal basis")
    rules_option(sub)
    lang_option(sub)
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
