"""Text for a terminal: what a data or rule file holds never drives it.

An escape sequence, a bell or a carriage return inside a file name, a JSON key or a rule text
would reach the terminal raw and could repaint a line (a fake verdict). Every line the CLI
prints to a terminal goes through :func:`printable`; JSON is left as written (its writer
escapes control characters itself).
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` with every control character (newlines and tabs kept) shown as ``\\uXXXX``;
    bidirectional overrides too, which reorder what a terminal shows."""
    return _CONTROL.sub(lambda found: f"\\u{ord(found.group()):04x}", text)


__all__ = ["printable"]
