"""What the search proposes, as values: a version of the document, its cost, and what was done.

What was done is data (:class:`Note` and its kinds: a field set, records edited or removed, a
sum's parts raised, a figure repaired for consistency), never prose: :mod:`.notes` renders it
in Vietnamese and English once the search is over.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from ...condition import Bounds
from ...documents import Document
from ...evaluation import facts as factsmod
from ..edit import Data, diff_changes

Value = object  # a value as the condition language sees it (a vocabulary word as its enum)
Count = int | float | Bounds | None  # a derived count: its value, its bounds, or unknown


@dataclass(frozen=True)
class Work:
    """A version of the document: its data, validated model and the facts the engine reads."""

    data: Data
    doc: Document
    facts: factsmod.Facts

    def count(self, name: str) -> Count:
        """A derived count as known here (bounds when some records leave it open)."""
        value = self.facts.values.get(name)
        if value is not None:
            return value  # type: ignore[return-value]  # a count is a number
        derivation = self.facts.derivations.get(name)
        if derivation is not None and derivation.bounds is not None:
            return Bounds(*derivation.bounds)
        return None


@dataclass(frozen=True, kw_only=True)
class Note:
    """One clause of a summary: what one step of a proposal does."""

    criterion: str = ""  # in the summary of a unit's recognition: the criterion it is for

    @property
    def conditional(self) -> bool:
        """It supplies a missing value ("with ≥ 2"): a verified summary adds "it passes"."""
        return False

    def about(self, criterion: str) -> Note:
        """The same note, said to be for ``criterion``."""
        return dataclasses.replace(self, criterion=criterion)


@dataclass(frozen=True)
class Share:
    """``a / b`` before and after, and the share required (``a >= p * b``, p a parameter)."""

    a: str
    b: str
    before: float
    after: float
    required: float


@dataclass(frozen=True)
class FieldSet(Note):
    """A document field set: ``before`` ``None`` when it was missing; ``region``: which values
    pass around the one chosen (``>=``, ``<=`` or ``=``)."""

    path: str
    before: object
    after: object  # as JSON
    region: str = "="
    share: Share | None = None

    @property
    def conditional(self) -> bool:
        return self.before is None


@dataclass(frozen=True)
class RecordEdit:
    """One field of one official record changed."""

    record: str  # its id
    field: str
    before: object
    after: object  # as JSON


@dataclass(frozen=True)
class RecordsEdited(Note):
    """A derived count moved by editing records."""

    name: str
    before: Count
    after: Count
    edits: tuple[RecordEdit, ...]
    share: Share | None = None


@dataclass(frozen=True)
class RecordsRemoved(Note):
    """A derived count moved by removing records (the last resort)."""

    name: str
    ids: tuple[str, ...]
    before: Count
    after: Count


@dataclass(frozen=True)
class PickedFieldSet(Note):
    """The field of the one record a ``the`` input picks (the chairman's rating) set."""

    name: str  # the derived input
    path: str
    record: str  # its id
    before: object  # as JSON; None when missing
    after: str  # the word
    region: str = "="

    @property
    def conditional(self) -> bool:
        return self.before is None


@dataclass(frozen=True)
class SumSet(Note):
    """A sum moved by changing its parts: ``(path, before, after)`` each."""

    name: str
    before: object
    after: object
    parts: tuple[tuple[str, float, float], ...]


@dataclass(frozen=True)
class Repaired(Note):
    """A figure a consistency check names, moved to its nearest consistent value."""

    path: str
    before: int | float
    after: int | float


@dataclass(frozen=True)
class Proposal:
    """One way to reach a goal: the edited document, what was done, and its cost."""

    work: Work
    notes: tuple[Note, ...]
    cost: int


def cost(before: Data, after: Data) -> int:
    """Fields changed, a removed record counting double (the last resort)."""
    return sum(2 if c.after is None and c.path.endswith("]") else 1
               for c in diff_changes(before, after))


__all__ = ["Count", "FieldSet", "Note", "PickedFieldSet", "Proposal", "RecordEdit",
           "RecordsEdited", "RecordsRemoved", "Repaired", "Share", "SumSet", "Value", "Work",
           "cost"]
