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
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
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
from .words import LANGS, Lang, catalogue, lang_of, say
from .words.format import number

Handler = Callable[[argparse.Namespace], int]


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = chosen_lang(argv)
    with argparse_words(lang):
        parser = _parser(lang)
        args = parser.parse_args(argv)
        handler: Handler | None = getattr(args, "handler", None)
        if handler is None:
            parser.print_help(sys.stderr)
            return 2
    args.lang = lang_of(getattr(args, "lang", None))
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
        _err(say("cli.interrupted", lang))
        return 130
    except BrokenPipeError:  # the reader left (`| head`): not an error
        _quiet_stdout()
        return 0
    except Exception as error:  # the last line of defence: one line, not a traceback
        if os.environ.get("CLEAN_STRONG_DEBUG"):
            raise
        _err("clean-strong: " + say("cli.internal_error", lang, kind=type(error).__name__,
                                    error=error))
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
        raise _no_criterion(args.criterion, known)
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
        return _usage("diff", say("cli.diff_needs_other", args.lang))
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
        return _usage("rules book", say("cli.book_needs_output", args.lang))
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
        vi, en = (say("cli.not_in_force", lang, id=args.id, year=args.year) for lang in LANGS)
        raise InputError(args.id or "", "", vi, message_en=en)
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
    _out(say("cli.report_written", args.lang, pages=number(len(written), args.lang),
             index=args.html / "index.html"))
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
        return _usage("batch", say("cli.resume_needs_output", lang))
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
        _usage("batch", say("cli.table_needs_output", args.lang, format=fmt))
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
        return _usage("template", say("cli.template_suffix", args.lang))
    if not 1 <= args.units <= 20_000:
        return _usage("template", say("cli.template_units_range", args.lang))
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


def _workers(lang: Lang) -> Callable[[str], int]:
    """``--workers``: a whole number of processes, at least 1."""

    def workers(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = 0
        if value < 1:
            raise argparse.ArgumentTypeError(say("cli.workers_invalid", lang, value=repr(text)))
        return value

    return workers


def _usage(verb: str, message: str) -> int:
    """A usage error found after parsing: ``clean-strong VERB: message``, exit 2."""
    _err(f"clean-strong {verb}: {message}")
    return 2


def _no_criterion(given: str, known: Sequence[str]) -> InputError:
    vi, en = (say("cli.no_such_criterion", lang, where=say("cli.this_result", lang),
                  known=", ".join(known)) for lang in LANGS)
    return InputError(given, "", vi, message_en=en)


def _cannot_write(path: Path, error: OSError, lang: str | None) -> OutputError:
    """``PATH: cannot write: problem`` (exit 7)."""
    problem = error.strerror or str(error)
    return OutputError(str(path), say("output.cannot_write", lang_of(lang), problem=problem))


def cmd_synth(args: argparse.Namespace) -> int:
    from .dien_bien_2019.synth import MAX_UNITS, write_jsonl

    if not 0 <= args.units <= MAX_UNITS:
        return _usage("synth", say("cli.synth_units_range", args.lang,
                                   most=number(MAX_UNITS, args.lang)))
    try:
        with args.output.open("w", encoding="utf-8") as out:
            count = write_jsonl(args.units, args.seed, out)
    except OSError as error:
        raise _cannot_write(args.output, error, getattr(args, "lang", None)) from None
    _err(say("cli.synth_written", args.lang, output=args.output, count=number(count, args.lang),
             seed=args.seed))
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """The web service (``clean_strong.service``): the JSON API, the docs and the upload page."""
    from .service.serve import run

    return run(args)


# -- parser --------------------------------------------------------------------------------


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


def _parser(lang: Lang) -> argparse.ArgumentParser:
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
    sub.add_argument("--workers", type=_workers(lang), default=None, help=w("option.workers"))
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

    from .service.serve import add_arguments  # argparse only: no web stack imported here

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


if __name__ == "__main__":
    sys.exit(main())
