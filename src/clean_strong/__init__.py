"""clean_strong: is a Vietnamese commune government "trong sạch, vững mạnh"?

The criteria are declarative rule files (``rules/``) over pydantic models of a commune; the
durable-rules engine decides each criterion (pass / fail / unknown); every result carries its
explanation in Vietnamese and English, the legal basis, the values read and the engine trace.
"""

from .batch import evaluate_many
from .engine import native as _native  # noqa: F401  durable-rules loads, or one line says why
from .evaluation import evaluate, load_ruleset
from .models import Commune, ProvinceReport
from .result import Result
from .version import __version__

__all__ = [
    "Commune",
    "ProvinceReport",
    "Result",
    "__version__",
    "evaluate",
    "evaluate_many",
    "load_ruleset",
]
