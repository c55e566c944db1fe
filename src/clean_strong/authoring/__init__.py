"""Tools for the people who maintain rule sets: lint (and, later, test, new, book)."""

from .describe import describe_criterion, list_rows
from .lint import lint

__all__ = ["describe_criterion", "lint", "list_rows"]
