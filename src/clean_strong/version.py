"""The library version (one place, read by the package and by page footers)."""

__version__ = "0.1.0"
