"""Run facts through durable-rules' matcher, one isolated session per evaluation.

We drive ``durable_rules_engine`` (the C core that ``durable.lang``/``durable.engine`` wrap)
directly. The Python ``Host`` starts two background timer threads that race the caller for
pending actions, and round-trips the whole session state through JSON after every action;
neither is needed to learn which rules matched. Here, each evaluation:

1. asserts one fact in a fresh session (a process-local integer ``sid``, never user data);
2. takes the engine's matched rules one by one (``start_action_for_state`` /
   ``complete_and_start_action``): these are the firings, in the engine's order;
3. deletes the session state in ``finally`` (without it memory grows by ~1 MB per session).

A lock serialises sessions of one compiled rule set, so it is safe from several threads (the
engine holds the GIL anyway); process pools build their own handles after fork or spawn.
"""

from __future__ import annotations

import itertools
import os
import threading
from collections.abc import Mapping
from typing import Any

import durable_rules_engine as dre

from ..errors import EngineError
from .encode import encode

_NOT_HANDLED = 1
_sids = itertools.count(1)
_created = itertools.count(1)


class EngineRuleset:
    """One compiled durable-rules ruleset, created in this process on first use."""

    def __init__(self, name: str, definition: Mapping[str, Any], max_firings: int) -> None:
        self.name = name
        self.definition_json = encode(dict(definition))
        self.max_firings = max_firings
        self._lock = threading.Lock()
        self._handle: int | None = None
        self._pid = 0

    def _ensure(self) -> int:
        if self._handle is None or self._pid != os.getpid():
            # a unique engine name per handle: rule set names may repeat across loads
            unique = f"{self.name}#{os.getpid()}.{next(_created)}".replace(".", "_")
            try:
                self._handle = dre.create_ruleset(unique, self.definition_json)
            except Exception as error:  # the engine reports ruleset errors as bare exceptions
                raise EngineError(f"durable-rules rejected ruleset {self.name}: {error}") from error
            self._pid = os.getpid()
        return self._handle

    def fire(self, fact_json: str, sid: str) -> list[str]:
        """Names of the rules the fact matched, in the engine's order."""
        with self._lock:
            handle = self._ensure()
            try:
                try:
                    result = dre.assert_fact(handle, fact_json)
                except Exception as error:
                    raise EngineError(
                        f"durable-rules could not assert the fact: {error}"
                    ) from error
                if result[0] == _NOT_HANDLED:
                    return []
                if result[0] != 0:
                    raise EngineError(f"durable-rules returned status {result[0]}")
                return self._drain(handle, result[1])
            finally:
                dre.delete_state(handle, sid)

    def _drain(self, handle: int, state: int) -> list[str]:
        fired: list[str] = []
        started = dre.start_action_for_state(handle, state)
        message = started[1] if started else None
        while message:
            # '{"<rule name>":{"m":{...}}}': rule names are ours and never contain quotes
            fired.append(message[2 : message.index('"', 2)])
            if len(fired) > self.max_firings:
                dre.abandon_action(handle, state)
                raise EngineError(
                    f"{self.name}: more than {self.max_firings} firings for one fact; "
                    "a rule is re-firing (unguarded pattern?)"
                )
            message = dre.complete_and_start_action(handle, state)
        return fired

    def __del__(self) -> None:
        if self._handle is not None and self._pid == os.getpid():
            try:
                dre.delete_ruleset(self._handle)
            except Exception:
                pass


def new_sid() -> str:
    return str(next(_sids))
