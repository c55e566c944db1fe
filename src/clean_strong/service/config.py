"""What a server is started with: the rule sets it serves and its limits.

Rule sets are loaded when the server starts (bad rules stop it there, exit 4) and a request can
only choose among them by name (``?rules=NAME``): no request value ever names a directory. With
several worker processes each one loads them again from the same references, passed in the
environment (``CLEAN_STRONG_SERVICE``), since uvicorn starts its workers as fresh interpreters.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from ..documents import MAX_BYTES
from ..evaluation import DEFAULT_RULESET, resolve_ruleset
from ..ruleset import RuleSet

ENV = "CLEAN_STRONG_SERVICE"
Ref = str | Path  # a bundled rule-set name or a rule-set directory


@dataclass(frozen=True)
class Limits:
    """Size and time limits of one request (the defaults suit one province on one core)."""

    document_bytes: int = MAX_BYTES  # one document: the CLI's own limit
    batch_bytes: int = 100_000_000  # a JSONL body (~10,000 communes)
    seconds: float = 30.0  # evaluating, explaining or rendering one document
    batch_seconds: float = 600.0  # a whole batch
    body_seconds: float = 60.0  # receiving a body (a client sending too slowly)


@dataclass(frozen=True)
class Served:
    """One rule set a server was started with: its name (what ``?rules=`` chooses), the
    loaded rules and the reference it was loaded from (what a batch worker resolves)."""

    name: str
    rules: RuleSet
    ref: Ref


class NamedTwice(ValueError):
    """Rule sets given to one server under the same name (``names``): which one a request's
    name would mean is ambiguous. Empty ``names``: none was given at all."""

    def __init__(self, names: list[str]) -> None:
        super().__init__(f"rule set named twice: {', '.join(names)}" if names else
                         "a server needs at least one rule set")
        self.names = names


class RuleSets:
    """The served rule sets by name, in the order given; the first is the default."""

    def __init__(self, served: Sequence[Served]) -> None:
        if not served:
            raise NamedTwice([])
        self.by_name = {s.name: s for s in served}
        if len(self.by_name) != len(served):
            names = [s.name for s in served]
            raise NamedTwice(sorted({n for n in names if names.count(n) > 1}))
        self.default = served[0]

    @classmethod
    def load(cls, refs: Sequence[Ref | RuleSet]) -> RuleSets:
        """Load each rule set (a :class:`RuleSetError` for bad rules, as the CLI gives)."""
        served = []
        for ref in refs or [DEFAULT_RULESET]:
            rules = resolve_ruleset(ref)
            where: Ref = ref if isinstance(ref, str | Path) else rules.directory
            served.append(Served(rules.manifest.name, rules, where))
        return cls(served)

    @property
    def names(self) -> list[str]:
        return list(self.by_name)

    def refs(self) -> list[str]:
        """References a worker process can load again: names, or absolute directories."""
        return [s.ref if isinstance(s.ref, str) and "/" not in s.ref
                else str(Path(s.ref).resolve()) for s in self.by_name.values()]


def to_environment(refs: Sequence[str], limits: Limits) -> str:
    return json.dumps({"rules": list(refs), "limits": asdict(limits)})


def from_environment() -> tuple[list[str], Limits]:
    """The references and limits a worker was started with (the defaults when unset)."""
    raw = os.environ.get(ENV)
    if not raw:
        return [DEFAULT_RULESET], Limits()
    data = json.loads(raw)
    return [str(r) for r in data["rules"]], Limits(**data["limits"])
