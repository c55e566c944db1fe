"""One handler per verb: each reads its arguments, calls the library, writes what it returns
(``io``); no logic of its own."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from ..authoring import check, describe_criterion, list_rows, run_cases
from ..authoring.terms import terms_for
from ..defaults import DEFAULT_RULESET
from ..documents import read_document
from ..errors import InputError
from ..evaluation import compiled, evaluate, resolve_ruleset
from ..render import render_text
from ..ruleset import RuleSet
from ..words import LANGS, Lang, lang_of, say
from ..words.format import number
from .io import cannot_write, emit, usage, warn


def cmd_evaluate(args: argparse.Namespace) -> int:
    rules = resolve_ruleset(args.rules)
    document = read_document(args.file)
    result = evaluate(document, rules, source=str(args.file))
    if args.counterfactuals:
        from ..audit import counterfactuals
        from ..render.explain import render_counterfactuals

        result = counterfactuals(document, rules, source=str(args.file), result=result)
        if args.format == "text":
            terms = terms_for(rules, result, document)
            emit(render_text(result, args.lang, terms)
                 + render_counterfactuals(result, args.lang, terms))
            return 0
    if args.format == "json":
        emit(result.to_json(), json_text=True)
    else:
        emit(render_text(result, args.lang, terms_for(rules, result, document)))
    return 0


def cmd_explain(args: argparse.Namespace) -> int:
    from ..audit import counterfactuals
    from ..audit.parameters import derivation_parameters
    from ..render.explain import render_explain

    rules = resolve_ruleset(args.rules)
    document = read_document(args.file)
    result = evaluate(document, rules, source=str(args.file))
    known = [c.id for c in result.criteria] + [n.id for n in result.not_applicable]
    if args.criterion is not None and args.criterion.upper() not in known:
        raise _no_criterion(args.criterion, known)
    result = counterfactuals(document, rules, source=str(args.file), result=result)
    emit(render_explain(result, args.lang, args.criterion, derivation_parameters(result, rules),
                        terms_for(rules, result, document)))
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from ..audit.text import render_verification
    from ..audit.verify import read_result, verify

    recorded, raw = read_result(args.result)
    document = read_document(args.input)
    outcome = verify(recorded, document, args.rules, raw=raw)
    emit(render_verification(outcome, args.lang))
    return 0 if outcome.reproduced else 6


def cmd_diff(args: argparse.Namespace) -> int:
    from ..audit.diff import diff, sides
    from ..audit.text import render_diff
    from ..datasets import load_documents

    if args.against_rules is None and args.against_year is None:
        return usage("diff", say("cli.diff_needs_other", args.lang))
    before, after = sides(args.rules, args.against_rules, args.year, args.against_year)
    result = diff(load_documents(args.data), before, after)
    if args.format == "json":
        emit(result.to_json(), json_text=True)
    else:
        emit(render_diff(result, args.lang))
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from ..models.schema import json_schema
    from ..words import lang_of

    kind = "province_report" if args.kind == "report" else "commune"
    schema = json_schema(kind, lang_of(args.lang))
    emit(json.dumps(schema, ensure_ascii=False, indent=2), json_text=True)
    return 0


def cmd_rules_list(args: argparse.Namespace) -> int:
    rules = resolve_ruleset(args.rules)
    rows = list_rows(rules, args.lang)
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        emit("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
    return 0


def cmd_rules_show(args: argparse.Namespace) -> int:
    from ..authoring.describe import find_criterion, unknown_criterion

    rules = resolve_ruleset(args.rules)
    try:
        criterion = find_criterion(rules, args.id)
    except KeyError:
        raise InputError(args.id, "", unknown_criterion(rules, args.id, "vi"),
                         message_en=unknown_criterion(rules, args.id, "en")) from None
    emit(describe_criterion(rules, criterion, args.lang))
    return 0


def cmd_rules_lint(args: argparse.Namespace) -> int:
    from ..authoring.scaffold import needs_rewriting
    from ..words import lang_of, say

    lang = lang_of(args.lang)
    report = check(args.dir or DEFAULT_RULESET)
    for problem in report.problems:
        warn(problem.text(lang))
    if report.problems or report.ruleset is None:
        warn(say("rules.lint_count", lang, count=len(report.problems)))
        return 4
    rules = report.ruleset
    manifest = rules.manifest
    if needs_rewriting(manifest.title.vi + manifest.title.en + manifest.disclaimer.vi
                       + manifest.disclaimer.en):
        print(say("rules.lint_rewrite", lang, file=rules.directory / "ruleset.yaml"),
              file=sys.stderr)
    emit(say("rules.lint_ok", lang, name=rules.name, version=rules.version,
             criteria=len(rules.criteria), parameters=len(rules.parameters),
             first=manifest.years.from_, last=manifest.years.to,
             cases=report.cases.passed if report.cases else 0))
    return 0


def cmd_rules_test(args: argparse.Namespace) -> int:
    from ..authoring.cases import has_tests
    from ..words import lang_of, say

    lang = lang_of(args.lang)
    rules = resolve_ruleset(args.dir or DEFAULT_RULESET)
    if not has_tests(rules):
        print(say("rules.test_none", lang, name=rules.name), file=sys.stderr)
        return 4
    run = run_cases(rules)
    for problem in run.problems:
        print(problem.text(lang), file=sys.stderr)
    if run.problems:
        print(say("rules.lint_count", lang, count=len(run.problems)), file=sys.stderr)
        return 4
    known = sum(1 for o in run.outcomes if o.loaded.case.xfail)
    emit(say("rules.test_ok", lang, name=rules.name, version=rules.version,
             cases=run.passed - known, xfail=known))
    return 0


def cmd_rules_new(args: argparse.Namespace) -> int:
    from ..authoring.scaffold import new_ruleset
    from ..words import lang_of, say

    target = new_ruleset(args.name, args.dir, args.source, lang_of(args.lang))
    emit(say("rules.new_done", lang_of(args.lang), name=args.name, path=target,
             source=args.source))
    return 0


def cmd_rules_book(args: argparse.Namespace) -> int:
    from ..authoring import book
    from ..words import lang_of, say

    if args.html is None and args.markdown is None:
        return usage("rules book", say("cli.book_needs_output", args.lang))
    rules = resolve_ruleset(args.dir or DEFAULT_RULESET)
    written = book.write(book.build(rules), args.html, args.markdown, lang_of(args.lang))
    emit(say("rules.book_done", lang_of(args.lang),
             paths=", ".join(str(path) for path in written)))
    return 0


def cmd_rules_compile(args: argparse.Namespace) -> int:
    from ..ruleset import refusal

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
    emit(json.dumps(out, ensure_ascii=False, indent=2), json_text=True)
    return 0


def cmd_reproduce(args: argparse.Namespace) -> int:
    from ..dien_bien_2019.chart import render_reproduction_svg
    from ..dien_bien_2019.reproduce import reproduce
    from ..dien_bien_2019.text import render_reproduction_text

    reproduction = reproduce(args.dataset, resolve_ruleset(args.rules))
    if args.chart is not None:
        try:
            args.chart.write_text(render_reproduction_svg(reproduction, args.lang), "utf-8")
        except OSError as error:
            raise cannot_write(args.chart, error, getattr(args, "lang", None)) from None
    if args.format == "json":
        emit(reproduction.to_json(), json_text=True)
    else:
        emit(render_reproduction_text(reproduction, args.lang))
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from ..reports import write_report

    written = write_report(args.source, args.html, args.rules, lang=args.lang,
                           counterfactuals=not args.no_counterfactuals)
    emit(say("cli.report_written", args.lang, pages=number(len(written), args.lang),
             index=args.html / "index.html"))
    return 0


def cmd_batch(args: argparse.Namespace) -> int:
    from ..batch import Summary, open_output, run_batch
    from ..documents import check_input

    table = _batch_format(args)
    if table == "usage":
        return 2
    if table is not None:
        return _batch_table(args, table)
    lang = lang_of(args.lang)
    to_stdout = args.output is None or str(args.output) == "-"
    if args.resume and to_stdout:
        return usage("batch", say("cli.resume_needs_output", lang))
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
        usage("batch", say("cli.table_needs_output", args.lang, format=fmt))
        return "usage"
    return str(fmt)


def _batch_table(args: argparse.Namespace, fmt: str) -> int:
    """The batch run into a temporary JSONL beside the output, then rendered from its lines."""
    import tempfile

    from ..batch import run_batch
    from ..documents import check_input
    from ..render.workbook import jsonl_records, write_results_workbook, write_summary_csv
    from ..words import say

    check_input(args.input)
    progress = sys.stderr if sys.stderr.isatty() else None
    folder = args.output.parent if str(args.output.parent) else Path(".")
    try:
        spool = tempfile.NamedTemporaryFile(dir=folder, prefix=f".{args.output.name}.",
                                            suffix=".jsonl")
    except OSError as error:
        raise cannot_write(args.output, error, args.lang) from None
    lang = lang_of(args.lang)
    with spool:
        summary = run_batch(args.input, spool, args.rules, workers=args.workers,
                            progress=progress, lang=lang)
        if summary.signal is not None:
            warn(summary.text(lang))
            return 128 + summary.signal
        records = jsonl_records(Path(spool.name))
        write = write_results_workbook if fmt == "xlsx" else write_summary_csv
        gathered = write(records, args.output, args.lang)
    warn(summary.text(lang))
    print(say("sheets.results.written", args.lang, output=args.output,
              results=gathered.results, errors=gathered.errors), file=sys.stderr)
    return 5 if summary.errors else 0


def cmd_template(args: argparse.Namespace) -> int:
    from ..documents.template import write_template
    from ..words import say

    if args.output.suffix.lower() != ".xlsx":
        return usage("template", say("cli.template_suffix", args.lang))
    if not 1 <= args.units <= 20_000:
        return usage("template", say("cli.template_units_range", args.lang))
    write_template(args.output, args.lang, args.units)
    print(say("sheets.template_written", args.lang, output=args.output, units=args.units),
          file=sys.stderr)
    return 0


def cmd_convert(args: argparse.Namespace) -> int:
    from ..documents.convert import convert
    from ..words import say

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


def workers_type(lang: Lang) -> Callable[[str], int]:
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


def _no_criterion(given: str, known: Sequence[str]) -> InputError:
    vi, en = (say("cli.no_such_criterion", lang, where=say("cli.this_result", lang),
                  known=", ".join(known)) for lang in LANGS)
    return InputError(given, "", vi, message_en=en)


def cmd_synth(args: argparse.Namespace) -> int:
    from ..dien_bien_2019.synth import MAX_UNITS, write_jsonl

    if not 0 <= args.units <= MAX_UNITS:
        return usage("synth", say("cli.synth_units_range", args.lang,
                                   most=number(MAX_UNITS, args.lang)))
    try:
        with args.output.open("w", encoding="utf-8") as out:
            count = write_jsonl(args.units, args.seed, out)
    except OSError as error:
        raise cannot_write(args.output, error, getattr(args, "lang", None)) from None
    warn(say("cli.synth_written", args.lang, output=args.output, count=number(count, args.lang),
             seed=args.seed))
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """The web service (``clean_strong.service``): the JSON API, the docs and the upload page."""
    from ..service.serve import run

    return run(args)
