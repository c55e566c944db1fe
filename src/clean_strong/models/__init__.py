"""Input documents: the commune, its officials, and province reports."""

from .commune import (
    AccessToLaw,
    Commune,
    Integrity,
    Official,
    OneStop,
    OrganisationRatings,
    Oversight,
    PoliticalSystem,
    Social,
)
from .report import ProvinceReport
from .vocab import VOCABULARIES, Vocabulary

Document = Commune | ProvinceReport

__all__ = [
    "VOCABULARIES",
    "AccessToLaw",
    "Commune",
    "Document",
    "Integrity",
    "Official",
    "OneStop",
    "OrganisationRatings",
    "Oversight",
    "PoliticalSystem",
    "ProvinceReport",
    "Social",
    "Vocabulary",
]
