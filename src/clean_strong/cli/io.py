"""What the command line writes: standard output made safe for a terminal (JSON as written),
errors one line each on standard error, usage messages (exit 2) and output failures (exit 7)."""

from __future__ import annotations

import sys
from pathlib import Path

from ..errors import OutputError
from ..terminal import printable
from ..words import lang_of, say
from ..words.system import os_reason_in


def emit(text: str, *, json_text: bool = False) -> None:
    """Standard output: JSON as written, any other text made safe for a terminal; a failed
    write (a full disk, /dev/full) is an output error (exit 7), not an internal one."""
    text = text if json_text else printable(text)
    try:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    except BrokenPipeError:
        raise
    except OSError as error:
        raise StdoutFailed(error) from None


class StdoutFailed(Exception):
    """Standard output could not be written (``main`` reports it in the verb's language)."""

    def __init__(self, error: OSError) -> None:
        super().__init__(error)
        self.error = error


def warn(text: object) -> None:
    print(printable(str(text)), file=sys.stderr)

def usage(verb: str, message: str) -> int:
    """A usage error found after parsing: ``clean-strong VERB: message``, exit 2."""
    warn(f"clean-strong {verb}: {message}")
    return 2

def cannot_write(path: Path, error: OSError, lang: str | None) -> OutputError:
    """``PATH: cannot write: problem`` (exit 7)."""
    chosen = lang_of(lang)
    return OutputError(str(path), say("output.cannot_write", chosen,
                                      problem=os_reason_in(error, chosen)))
