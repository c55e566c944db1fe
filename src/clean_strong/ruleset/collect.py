"""Problems found while reading rule files, each ``FILE:LINE: message``."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..errors import Problem
from .yamlfile import YamlDocument, YamlProblem, load

M = TypeVar("M", bound=BaseModel)


class Collector:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.problems: list[Problem] = []

    def add(self, file: Path, line: int, message: str) -> None:
        self.problems.append(Problem(display(file), line, message))

    def read(self, path: Path) -> YamlDocument | None:
        try:
            return load(path)
        except YamlProblem as problem:
            self.add(path, problem.line, problem.message)
        except OSError as error:
            self.add(path, 0, f"cannot read: {error.strerror}")
        return None

    def validate(
        self, model: type[M], data: object, doc: YamlDocument, at: tuple[str | int, ...] = ()
    ) -> M | None:
        try:
            return model.model_validate(data)
        except ValidationError as error:
            for item in error.errors():
                loc = tuple(_yaml_key(part) for part in item["loc"])
                where = (*at, *loc)
                label = ".".join(str(part) for part in where) or "file"
                self.add(doc.path, doc.line(where), f"{label}: {_pydantic_message(item)}")
        return None


def _yaml_key(part: str | int) -> str | int:
    return "from" if part == "from_" else ("pass" if part == "pass_" else part)


def _pydantic_message(item: Any) -> str:
    kind = item["type"]
    if kind == "extra_forbidden":
        return "unknown key"
    if kind == "missing":
        return "required key is missing"
    return str(item["msg"])


def display(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
