"""Tools for the people who maintain rule sets: lint, test, new, book, list and show."""

from .cases import run_cases
from .describe import describe_criterion, list_rows
from .lint import check, lint

__all__ = ["check", "describe_criterion", "lint", "list_rows", "run_cases"]
