"""The strict base every input model shares."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field


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
