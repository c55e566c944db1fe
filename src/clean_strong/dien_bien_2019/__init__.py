"""The Điện Biên 2019 study: the province's 130 real units, generated records, the article.

Everything specific to this one province and year lives here, apart from the core: the unit
list (:mod:`.units`), the record generator and its priors (:mod:`.generator`, reading the law
it needs — the headcount caps — from the rule set), its calibration (:mod:`.calibrate`), the
synthetic communes at any scale built from it (:mod:`.synth`), the source article's figures
(:mod:`.article`), the reproduction of its "gần 50 %" (:mod:`.reproduce`) and how that is
shown (:mod:`.text`, :mod:`.chart`, :mod:`.panel` for the HTML report).

``load_dataset("dien-bien-2019")`` returns the 130 communes as shipped in the package
(``data/dien-bien-2019.jsonl``, made by :mod:`.generator`; its seed and assumptions are in
``data/dien-bien-2019.json``). Only the units are real; see ``docs/reproduction.md``.
"""

from __future__ import annotations

import json
from typing import Any

from ..documents import refused
from ..models import Commune
from .synth import synth
from .units import data_file

DATASET = "dien-bien-2019"
DATASETS = (DATASET,)


def _check(name: str) -> None:
    if name not in DATASETS:
        raise refused(name, "", "no_dataset", bundled=", ".join(DATASETS))


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


__all__ = ["DATASET", "DATASETS", "dataset_bytes", "dataset_manifest", "load_dataset", "synth"]
