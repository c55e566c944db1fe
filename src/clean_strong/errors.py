"""Errors users see, each with the exit code of interfaces.md and a one-line message.

Every error survives a trip through ``pickle`` (a process pool sends a worker's exception to the
caller): the arguments it was made with are kept and it is rebuilt from them. Without that,
an error whose ``__init__`` takes other arguments than its message cannot be unpickled, and a
``multiprocessing`` pool waits for ever for the result that never arrives.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


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
    """One problem in a rule file: ``FILE:LINE: message``."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class RuleSetError(CleanStrongError):
    """The rules cannot be trusted; carries every problem found (exit code 4)."""

    exit_code = 4

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


class InputError(CleanStrongError):
    """A document is not valid input (exit code 3): ``SOURCE: field.path: problem``."""

    exit_code = 3

    def __init__(self, source: str, path: str, message: str) -> None:
        super().__init__(f"{source}: {path or '(document)'}: {message}")
        self.source = source
        self.path = path
        self.message = message


class EngineError(CleanStrongError):
    """The engine failed or decided inconsistently; never silently turned into a status."""

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
        self.resume = resume
