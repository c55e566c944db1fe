"""Bundled data sets: real unit lists with generated, documented records.

``load_dataset("dien-bien-2019")`` returns the 130 communes of Điện Biên for 2019 as shipped in
the package (``data/dien-bien-2019.jsonl``, made by :mod:`.generator`; its seed and
assumptions are in ``data/dien-bien-2019.json``). Only the units are real; see
``docs/reproduction.md`` for what is generated and how.
"""

from __future__ import annotations

import json
from typing import Any

from ..errors import InputError
from ..models import Commune
from .synth import synth
from .units import data_file

DATASETS = ("dien-bien-2019",)


def _check(name: str) -> None:
    if name not in DATASETS:
        raise InputError(name, "", f"no such data set; bundled: {', '.join(DATASETS)}")


def load_dataset(name: str = "dien-bien-2019") -> list[Commune]:
    """The data set's communes, validated, in catalogue order."""
    _check(name)
    text = data_file(f"{name}.jsonl").read_text("utf-8")
    return [Commune.model_validate_json(line) for line in text.splitlines() if line.strip()]


def dataset_manifest(name: str = "dien-bien-2019") -> dict[str, Any]:
    """How the shipped file was made: seed, generator version, assumptions, SHA-256."""
    _check(name)
    data: dict[str, Any] = json.loads(data_file(f"{name}.json").read_text("utf-8"))
    return data


def dataset_bytes(name: str = "dien-bien-2019") -> bytes:
    """The shipped JSONL exactly as stored (for the regeneration check)."""
    _check(name)
    return data_file(f"{name}.jsonl").read_bytes()


__all__ = ["DATASETS", "dataset_bytes", "dataset_manifest", "load_dataset", "synth"]
