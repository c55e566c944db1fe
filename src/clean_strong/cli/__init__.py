"""``clean-strong``: one verb per public function, no logic of its own.

Exit codes (interfaces.md): 0 done, 2 usage, 3 bad input, 4 bad rules, 5 partial batch,
6 not reproduced, 7 an output not written (``PATH: problem``, and how to resume), 128 + N
stopped by signal N (130 SIGINT, 143 SIGTERM). Errors go to stderr as ``FILE: field.path:
problem`` or ``FILE:LINE: problem``, never as a traceback (set ``CLEAN_STRONG_DEBUG=1`` to see
one).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence

from ..errors import CleanStrongError, InputError, OutputError, RuleSetError
from ..words import Lang, lang_of, say
from ..words.system import os_reason_in
from .io import StdoutFailed, warn
from .parser import argparse_words, build, chosen_lang

Handler = Callable[[argparse.Namespace], int]


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = chosen_lang(argv)
    with argparse_words(lang):
        parser = build(lang)
        args = parser.parse_args(argv)
        handler: Handler | None = getattr(args, "handler", None)
        if handler is None:
            parser.print_help(sys.stderr)
            return 2
    args.lang = lang_of(getattr(args, "lang", None))
    try:
        try:
            code = handler(args)
        except StdoutFailed as failed:
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
        warn(say("cli.interrupted", lang))
        return 130
    except BrokenPipeError:  # the reader left (`| head`): not an error
        _quiet_stdout()
        return 0
    except Exception as error:  # the last line of defence: one line, not a traceback
        if os.environ.get("CLEAN_STRONG_DEBUG"):
            raise
        warn("clean-strong: " + say("cli.internal_error", lang, kind=type(error).__name__,
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
        "output.cannot_write", lang, problem=os_reason_in(error, lang)))


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
        warn(error)
        if error.resume is not None:
            warn(say("output.resume_with", lang, command=error.resume))
    elif isinstance(error, RuleSetError):
        for line in error.lines(lang):
            warn(line)
    elif isinstance(error, InputError):
        for line in error.lines(lang):  # every bad cell of a workbook
            warn(line)
    else:
        warn(f"clean-strong: {error}")


__all__ = ["main"]
