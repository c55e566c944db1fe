"""Errors users see, each with the exit code of interfaces.md and a one-line message.

Every error survives a trip through ``pickle`` (a process pool sends a worker's exception to the
caller): the arguments it was made with are kept and it is rebuilt from them. Without that,
an error whose ``__init__`` takes other arguments than its message cannot be unpickled, and a
``multiprocessing`` pool waits for ever for the result that never arrives.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .words import Words, say


class CleanStrongError(Exception):
    exit_code = 1
    _made_with: tuple[tuple[Any, ...], dict[str, Any]]

    def __new__(cls, *args: Any, **kwargs: Any) -> CleanStrongError:
        error = super().__new__(cls, *args)
        error._made_with = (args, kwargs)
        return error

    def __reduce__(self) -> tuple[Any, ...]:
        state = dict(self.__dict__)
        args, kwargs = state.pop("_made_with", (self.args, {}))
        return (_rebuild, (type(self), args, kwargs, state))


def _rebuild(cls: type[CleanStrongError], args: tuple[Any, ...], kwargs: dict[str, Any],
             state: dict[str, Any]) -> CleanStrongError:
    error = cls(*args, **kwargs)
    error.__dict__.update(state)
    return error


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in a rule file: ``FILE:LINE: message``, or ``FILE:LINE:COLUMN: message``
    when the column of the offending text is known (1-based; 0 means unknown).

    ``message`` is the problem in Vietnamese (the default), ``message_en`` in English; both come
    from the catalogue (``words/ruleset.toml`` and its neighbours). Make one with :meth:`of`.
    """

    file: str
    line: int
    message: str
    column: int = 0
    message_en: str = ""

    def __post_init__(self) -> None:
        if not self.message_en:  # a problem given in one language reads the same in both
            object.__setattr__(self, "message_en", self.message)

    @classmethod
    def of(cls, file: str, line: int, words: Words, column: int = 0) -> Problem:
        """The problem ``words`` (Vietnamese, English) at ``FILE:LINE[:COLUMN]``."""
        return cls(file, line, words[0], column, words[1])

    def message_in(self, lang: str = "vi") -> str:
        """The problem in ``lang`` (Vietnamese where no English was given)."""
        return self.message_en if lang == "en" and self.message_en else self.message

    def text(self, lang: str = "vi") -> str:
        """The one-line problem in ``lang``: ``FILE:LINE[:COLUMN]: message``."""
        where = f"{self.file}:{self.line}:{self.column}" if self.column else (
            f"{self.file}:{self.line}")
        return f"{where}: {self.message_in(lang)}"

    def __str__(self) -> str:
        return self.text("vi")


class RuleSetError(CleanStrongError):
    """The rules cannot be trusted; carries every problem found (exit code 4)."""

    exit_code = 4

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems

    def lines(self, lang: str = "vi") -> list[str]:
        """Every problem, one line each, in ``lang``."""
        return [p.text(lang) for p in self.problems]


class InputError(CleanStrongError):
    """A document is not valid input (exit code 3): ``SOURCE: field.path: problem``.

    ``message`` is the problem in Vietnamese (the default), ``message_en`` the same in English
    (``text("en")``); both come from the catalogue (``words/errors.toml``). The path stays a
    field path in both. ``more`` holds further problems of the same input as ``(path,
    message)`` pairs (Vietnamese), ``more_en`` the same in English.
    """

    exit_code = 3

    def __init__(self, source: str, path: str, message: str, *,
                 message_en: str | None = None) -> None:
        super().__init__(f"{source}: {path or '(document)'}: {message}")
        self.source = source
        self.path = path
        self.message = message
        self.message_en = message_en
        self.more: list[tuple[str, str]] = []
        self.more_en: list[tuple[str, str]] = []

    def message_in(self, lang: str = "vi") -> str:
        """The problem in ``lang`` (Vietnamese where no English was given)."""
        return self.message_en if lang == "en" and self.message_en else self.message

    def text(self, lang: str = "vi") -> str:
        """The one-line error in ``lang``."""
        return f"{self.source}: {self.path or whole(lang)}: {self.message_in(lang)}"

    def lines(self, lang: str = "vi") -> list[str]:
        """Every problem of the input, one line each, in ``lang``: the first, then ``more``."""
        more = self.more_en if lang == "en" and len(self.more_en) == len(self.more) else (
            self.more)
        return [self.text(lang), *(f"{self.source}: {path or whole(lang)}: {message}"
                                   for path, message in more)]


def whole(lang: str) -> str:
    """Where a problem of the input as a whole is: "(tài liệu)", "(document)"."""
    return say("errors.whole", "en" if lang == "en" else "vi")


class EngineError(CleanStrongError):
    """The engine failed or decided inconsistently; never silently turned into a status."""

    exit_code = 1


class EngineUnavailable(CleanStrongError, ImportError):
    """durable-rules' C engine cannot be loaded in this Python (exit code 1); the message is one
    line: the Python version, the cause and the fix (``clean_strong.engine.native``). An
    ``ImportError`` too, so ``try: import clean_strong except ImportError`` still works."""

    exit_code = 1


class UsageError(CleanStrongError):
    """The command asks for something it must not do (exit code 2), e.g. write over its input."""

    exit_code = 2


class OutputError(CleanStrongError):
    """An output could not be written (exit code 7): ``PATH: problem``, and, where what was
    written can be finished, the command that resumes it."""

    exit_code = 7

    def __init__(self, path: str, problem: str, resume: str | None = None) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem
        self.message = problem
        self.resume = resume
