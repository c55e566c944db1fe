"""Edits to an input document, as :class:`Change` records an auditor can read and re-apply.

A counterfactual is only as good as its changes: they are computed as the difference between
the original document and the edited one (official records matched by ``id``, so a removed
record does not shift the paths of the others), and :func:`apply_changes` replays them on the
original, which is what the engine then re-evaluates. Nothing is trusted that was not re-applied
and re-validated.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from pydantic import ValidationError

from ..documents import Document, input_error, refused
from ..models import Commune, ProvinceReport
from ..result import Change, Scalar

Data = dict[str, Any]

_STEP = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]")


def document_data(document: Document) -> Data:
    """The document as plain JSON data (vocabulary words as strings), safe to edit."""
    return document.model_dump(mode="json")


def model_of(document: Document | Mapping[str, object]) -> type[Commune] | type[ProvinceReport]:
    kind = document.kind if isinstance(document, Commune | ProvinceReport) else document.get(
        "kind")
    return ProvinceReport if kind == "province_report" else Commune


def parse_path(path: str) -> list[str | int]:
    """``officials[3].professional_level`` → ``["officials", 3, "professional_level"]``."""
    steps: list[str | int] = []
    for part in path.split("."):
        for found in _STEP.finditer(part):
            name, index = found.groups()
            steps.append(int(index) if index is not None else name)
    if not steps:
        raise ValueError(f"not a field path: {path!r}")
    return steps


def diff_changes(before: Data, after: Data) -> list[Change]:
    """Every leaf that differs, in document order; records of a list are matched by ``id``.

    A record present before and gone after is one change at its list path, ``before`` its id
    and ``after`` null (the counterfactual removes it). Records are never added.
    """
    return list(_diff(before, after, ""))


def _diff(before: object, after: object, path: str) -> Iterator[Change]:
    if isinstance(before, dict) and isinstance(after, dict):
        for key, old in before.items():
            yield from _diff(old, after.get(key), f"{path}.{key}" if path else key)
        return
    if isinstance(before, list) and isinstance(after, list) and _records(before):
        remaining = {item["id"]: item for item in after if isinstance(item, dict)}
        for index, item in enumerate(before):
            here = f"{path}[{index}]"
            if item["id"] not in remaining:
                yield Change(path=here, before=item["id"], after=None)
            else:
                yield from _diff(item, remaining[item["id"]], here)
        return
    if before != after or type(before) is not type(after):
        if isinstance(before, dict | list) or isinstance(after, dict | list):
            raise ValueError(f"{path}: only scalar values are changed, not whole sections")
        yield Change(path=path, before=_scalar(before), after=_scalar(after))


def _records(items: list[Any]) -> bool:
    return all(isinstance(item, dict) and "id" in item for item in items)


def _scalar(value: object) -> Scalar:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    raise ValueError(f"not a scalar: {value!r}")


def apply_changes(
    document: Document, changes: Sequence[Change], source: str = "<counterfactual>"
) -> Document:
    """The document with ``changes`` applied, validated again by the model.

    Each change must find its ``before`` value (so a change list cannot silently apply to a
    different document); field changes are applied first, then removals from the last.
    Raises :class:`InputError` if a change does not fit or the result is not a valid document.
    """
    data = document_data(document)
    removals: list[tuple[list[Any], int]] = []
    for change in changes:
        steps = parse_path(change.path)
        parent: Any = data
        for step in steps[:-1]:
            parent = _step(parent, step, change.path, source)
        last = steps[-1]
        current = _step(parent, last, change.path, source)
        if isinstance(current, dict) and isinstance(parent, list) and isinstance(last, int):
            if change.after is not None or current.get("id") != change.before:
                raise refused(source, change.path, "record_changed_by_removal",
                              id=repr(current.get("id")))
            removals.append((parent, last))
            continue
        if current != change.before or type(current) is not type(change.before):
            raise refused(source, change.path, "before_the_change", before=repr(change.before),
                          current=repr(current))
        parent[last] = change.after
    for parent, index in sorted(removals, key=lambda r: r[1], reverse=True):
        del parent[index]
    try:
        return model_of(data).model_validate(data)
    except ValidationError as error:
        raise input_error(source, error) from None


def _step(node: Any, step: str | int, path: str, source: str) -> Any:
    if isinstance(step, int):
        if not isinstance(node, list) or not 0 <= step < len(node):
            raise refused(source, path, "no_such_record")
        return node[step]
    if not isinstance(node, dict) or step not in node:
        raise refused(source, path, "no_such_field")
    return node[step]


def set_path(data: Data, path: str, value: object) -> Data:
    """A copy of ``data`` with one field set (the sections on the way copied, not shared)."""
    steps = parse_path(path)
    out = dict(data)
    node: Any = out
    for step in steps[:-1]:
        child = node[step]
        child = list(child) if isinstance(child, list) else dict(child)
        node[step] = child
        node = child
    node[steps[-1]] = value
    return out


def get_path(data: Data, path: str) -> object:
    node: Any = data
    for step in parse_path(path):
        if isinstance(step, int):
            if not isinstance(node, list) or step >= len(node):
                return None
        elif not isinstance(node, dict):
            return None
        node = node[step] if isinstance(step, int) else node.get(step)
    return node


__all__ = ["Data", "apply_changes", "diff_changes", "document_data", "get_path", "model_of",
           "parse_path", "set_path"]
