"""The bundled data sets, by name: each belongs to a study package of its own.

The verbs that take a data set by name (``reproduce``, ``report``, ``diff``) look it up here;
nothing else in the library knows a province.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from . import dien_bien_2019
from .dien_bien_2019 import panel
from .documents import Document, read_documents, refused
from .models import Commune
from .render.report_data import StudyPanel
from .result import Result
from .ruleset import RuleSet

DATASETS: tuple[str, ...] = dien_bien_2019.DATASETS


def load_dataset(name: str) -> list[Commune]:
    """The communes of a bundled data set, validated, in catalogue order."""
    return dien_bien_2019.load_dataset(name)


def dataset_manifest(name: str) -> dict[str, Any]:
    """How the data set's file was made (seed, generator, assumptions, SHA-256)."""
    return dien_bien_2019.dataset_manifest(name)


def load_documents(source: str | Path) -> list[tuple[str, Document]]:
    """What a DATA argument names — a bundled data set, a JSON file, a directory of them, a
    JSONL file — each document with where it came from (``file:line`` for JSONL,
    ``dien-bien-2019:03151`` for a bundled unit), validated; a bad one is an
    :class:`InputError` naming it."""
    name = str(source)
    path = Path(source)
    if name in DATASETS and not path.exists():
        return [(f"{name}:{unit.unit_code}", unit) for unit in load_dataset(name)]
    if name != "-" and not path.exists():  # "-": standard input
        raise refused(name, "", "no_dataset", bundled=", ".join(DATASETS))
    return read_documents(path)


def study_panel(name: str, communes: Sequence[Commune], results: Sequence[Result],
                rules: RuleSet) -> StudyPanel:
    """What the data set's study adds to its HTML report."""
    seed = dataset_manifest(name).get("seed")
    return panel.study_panel(name, communes, results, rules,
                             seed if isinstance(seed, int) else None)


__all__ = ["DATASETS", "dataset_manifest", "load_dataset", "load_documents", "study_panel"]
