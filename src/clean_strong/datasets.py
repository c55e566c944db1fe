"""The bundled data sets, by name: each belongs to a study package of its own.

The verbs that take a data set by name (``reproduce``, ``report``, ``diff``) look it up here;
nothing else in the library knows a province.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from . import dien_bien_2019
from .dien_bien_2019 import panel
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


def study_panel(name: str, communes: Sequence[Commune], results: Sequence[Result],
                rules: RuleSet) -> StudyPanel:
    """What the data set's study adds to its HTML report."""
    seed = dataset_manifest(name).get("seed")
    return panel.study_panel(name, communes, results, rules,
                             seed if isinstance(seed, int) else None)


__all__ = ["DATASETS", "dataset_manifest", "load_dataset", "study_panel"]
