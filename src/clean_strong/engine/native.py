"""durable-rules' C core, ``durable_rules_engine``, imported here and nowhere else.

durable-rules 2.0.28 (no release since 2020, an sdist only) builds on the user's machine. On
Python 3.13 and newer it loads only if it was compiled with
``CPPFLAGS=-DPyEval_CallObject=PyObject_CallObject`` (it calls ``PyEval_CallObject``, which
3.13 removed; ``src/install.py`` and the README's commands set the flag). Any other build fails
at import with a C-level message (``undefined symbol: PyEval_CallObject``) that says nothing
of the fix, so a failed import becomes :class:`EngineUnavailable`: one line naming the Python
version, the cause and the command that repairs it. ``clean_strong/__init__.py`` imports this
module first, so ``import clean_strong`` and every CLI verb stop there.

Left uncaught, that error is printed as its one line, without a traceback (exit status 1):
the console script imports ``clean_strong`` before ``cli.main`` can catch anything, so the
line is written by a ``sys.excepthook`` set only on this failure, only over Python's default
hook, and only for this error (every other exception keeps its traceback; set
``CLEAN_STRONG_DEBUG=1`` to see this one's too).
"""

from __future__ import annotations

import os
import platform
import shlex
import sys
from types import TracebackType

from ..errors import EngineUnavailable
from ..words import default_lang, say

# The durable-rules pin (pyproject.toml) and the flag of src/install.py; a test checks all three
# agree.
REQUIREMENT = "durable-rules==2.0.28"
FLAG = "-DPyEval_CallObject=PyObject_CallObject"


def fix_command() -> str:
    """The command that rebuilds durable-rules for the Python running now, with the flag (no
    cache: pip would reinstall a wheel it built earlier without it)."""
    return (f"CPPFLAGS={FLAG} {shlex.quote(sys.executable)} -m pip install --no-cache-dir "
            f"--force-reinstall --no-deps {REQUIREMENT}")


def unavailable(error: ImportError) -> EngineUnavailable:
    """The one-line error for a failed import of ``durable_rules_engine``."""
    lang = default_lang()
    detail = (str(error).strip().splitlines() or [type(error).__name__])[0]
    if isinstance(error, ModuleNotFoundError) and error.name == "durable_rules_engine":
        cause = say("engine.cause_missing", lang)
    elif "PyEval_CallObject" in detail:
        cause = say("engine.cause_pyeval", lang, flag=FLAG)
    else:
        cause = say("engine.cause_other", lang, error=detail)
    return EngineUnavailable(say("engine.unavailable", lang, python=platform.python_version(),
                                 cause=cause, fix=fix_command()))


def _one_line_hook(kind: type[BaseException], value: BaseException,
                   traceback: TracebackType | None) -> None:
    if isinstance(value, EngineUnavailable) and not os.environ.get("CLEAN_STRONG_DEBUG"):
        print(f"clean-strong: {value}", file=sys.stderr)
    else:
        sys.__excepthook__(kind, value, traceback)


try:
    import durable_rules_engine as dre
except ImportError as error:
    if sys.excepthook is sys.__excepthook__:
        sys.excepthook = _one_line_hook
    raise unavailable(error) from None

__all__ = ["FLAG", "REQUIREMENT", "dre", "fix_command", "unavailable"]
