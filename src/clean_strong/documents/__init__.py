"""Input documents: reading files (one JSON, a directory, JSONL) and parsing them into models,
or an :class:`~clean_strong.errors.InputError` naming the source, the field and the problem."""

from .parse import (
    KINDS,
    MAX_BYTES,
    Document,
    field_path,
    input_error,
    parse_document,
    refused,
    validate_document,
)
from .read import (
    STDIN,
    STDIN_SOURCE,
    Item,
    check_input,
    is_stdin,
    open_regular,
    read_bounded,
    read_document,
    read_documents,
    read_items,
)

__all__ = [
    "KINDS",
    "MAX_BYTES",
    "STDIN",
    "STDIN_SOURCE",
    "Document",
    "Item",
    "check_input",
    "field_path",
    "input_error",
    "is_stdin",
    "open_regular",
    "parse_document",
    "read_bounded",
    "read_document",
    "read_documents",
    "read_items",
    "refused",
    "validate_document",
]
