"""JSON for durable-rules, which parses numbers itself.

The engine divides integers as integers (and dies with SIGFPE on an integer ``x / 0``) and
cannot parse exponents (``1e-05``). So every number of a fact is written as a float with a
decimal point and no exponent (``0.00001``, ``22.0``), and so is every threshold in a rule.
"""

from __future__ import annotations

import json
import math
from decimal import Decimal
from enum import Enum

import orjson


def number_text(value: float) -> str:
    if not math.isfinite(value):
        raise ValueError("only finite numbers reach the engine")
    text = repr(float(value))
    if "e" in text or "E" in text:
        text = format(Decimal(text), "f")
    return text if "." in text else text + ".0"


def encode(value: object) -> str:
    """A fact's or a ruleset's JSON; ``int`` stays an integer only where it is structural."""
    if isinstance(value, dict):
        return (
            "{"
            + ",".join(
                f"{json.dumps(str(k), ensure_ascii=False)}:{encode(v)}" for k, v in value.items()
            )
            + "}"
        )
    if isinstance(value, list | tuple):
        return "[" + ",".join(encode(v) for v in value) + "]"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        return json.dumps(value.value, ensure_ascii=False)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return number_text(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    raise TypeError(f"cannot send {type(value).__name__} to the engine")


def engine_number(value: int | float) -> tuple[float, bool]:
    """A fact's number as a float, and whether its ``repr`` is already plain (no exponent)."""
    number = float(value)
    return number, not number or 1e-4 <= abs(number) < 1e16


def fact_json(header: dict[str, object], inputs: dict[str, object], plain: bool) -> str:
    """The header (the document kind) as is, then the inputs, whose numbers are floats already.

    ``plain``: no number needs an exponent, and orjson writes such floats positionally, the
    shortest digits that read back the same (as ``repr``); otherwise :func:`encode` writes
    every number.
    """
    body = orjson.dumps(inputs).decode() if plain else encode(inputs)
    head = orjson.dumps(header).decode()
    return head[:-1] + ("," + body[1:] if len(body) > 2 else "}")
