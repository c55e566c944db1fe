"""Why the operating system refused a read or a write, in words of the catalogue: the
system's own text (``strerror``) is English only, so it is named by its error number."""

from __future__ import annotations

import errno

from . import Lang, both, catalogue


def os_reason(error: OSError) -> tuple[str, str]:
    """``(vi, en)``: why the system could not read or write a file."""
    name = errno.errorcode.get(error.errno or 0, "")
    if f"errors.os.{name}" in catalogue():
        return both(f"errors.os.{name}")
    return both("errors.os.other", code=name or str(error.errno))


def os_reason_in(error: OSError, lang: Lang) -> str:
    """:func:`os_reason` in ``lang``."""
    vi, en = os_reason(error)
    return en if lang == "en" else vi


__all__ = ["os_reason", "os_reason_in"]
