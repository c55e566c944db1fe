"""What a DATA argument names: a bundled data set, a JSON file, a directory of them, JSONL."""

from __future__ import annotations

from pathlib import Path

from ..documents import Document, read_documents
from ..errors import InputError


def load_documents(source: str | Path) -> list[tuple[str, Document]]:
    """Every document of ``source``, each with where it came from (``file:line`` for JSONL,
    ``dien-bien-2019:03151`` for a bundled unit), validated; a bad one is an
    :class:`InputError` naming it."""
    from ..datasets import DATASETS, load_dataset

    name = str(source)
    path = Path(source)
    if name in DATASETS and not path.exists():
        return [(f"{name}:{unit.unit_code}", unit) for unit in load_dataset(name)]
    if not path.exists():
        raise InputError(name, "", "no such file, directory or bundled data set "
                         f"(bundled: {', '.join(DATASETS)})")
    return read_documents(path)


__all__ = ["load_documents"]
