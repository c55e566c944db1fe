"""The strict base every input model shares."""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from pydantic_core import PydanticCustomError


class InputModel(BaseModel):
    """Strict: no coercion ("5" is not 5, true is not 1), no unknown fields, no NaN/Infinity.

    Vocabulary fields opt out with ``Field(strict=False)``: strict mode would accept only enum
    *instances* from Python dicts, while the exact string value is what every caller means (any
    other string is still rejected).
    """

    model_config = ConfigDict(strict=True, extra="forbid", allow_inf_nan=False, frozen=True)


Count = Annotated[int, Field(ge=0, le=1_000_000)]
Score = Annotated[float, Field(ge=0, le=100)]
Percent = Annotated[float, Field(ge=0, le=1000)]
Year = Annotated[int, Field(ge=2000, le=2100)]


# C0 and C1 controls, line and paragraph separators, bidirectional embeddings and overrides
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def plain_text(value: str) -> str:
    """Text as people type it, in one form: NFC (a Vietnamese keyboard in composed or
    decomposed mode gives the same name, the same input hash and the same district), and no
    control characters (an escape sequence or a newline in a name would reach a terminal)."""
    if not unicodedata.is_normalized("NFC", value):
        value = unicodedata.normalize("NFC", value)
    if not value.strip():
        raise PydanticCustomError("blank_text", "is blank: give the name as written")
    found = _CONTROL.search(value)
    if found is not None:
        raise PydanticCustomError(
            "control_character",
            "contains the control character {code} at position {position}; "
            "names are plain text on one line",
            {"code": f"U+{ord(found.group()):04X}", "position": found.start() + 1},
        )
    return value


Name = Annotated[str, Field(min_length=1, max_length=200), AfterValidator(plain_text)]
"""A name (of a unit, a district, a province): NFC, no control characters."""
Citation = Annotated[str, Field(max_length=1000), AfterValidator(plain_text)]
Digits = "^[0-9]{{{n}}}$"
"""A code of ``n`` ASCII digits (``\\d`` would also match full-width or Devanagari digits)."""
