"""Writing report pages under an output directory, and nowhere else.

A path that resolves outside the directory (``..``, a symbolic link) is refused before anything
is written. Each page is written to a new file beside its target and renamed onto it
(atomically): the rename replaces the directory entry, never the file it named, so a hard link
left in the directory to a file elsewhere is unlinked from it, and that file is not changed —
and an interrupted write never leaves half a page. Failures are
:class:`~clean_strong.errors.OutputError` (exit 7), ``PATH: problem``.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path

from ..errors import OutputError
from ..words import Lang, default_lang, say
from ..words.system import os_reason_in


def write_pages(pages: Mapping[str, str], out_dir: Path | str,
                lang: Lang | None = None) -> list[Path]:
    """Write the pages under ``out_dir`` (created), refusing any path that would leave it."""
    lang = lang or default_lang()
    root = Path(out_dir)
    current = root
    try:
        root.mkdir(parents=True, exist_ok=True)
        root = root.resolve(strict=True)
        if not root.is_dir():
            raise OutputError(str(out_dir), say("output.not_a_directory", lang))
        targets: list[tuple[Path, str]] = []
        for relative, html in pages.items():
            target = (root / relative).resolve()
            if not target.is_relative_to(root) or target == root:
                raise OutputError(str(out_dir), say("output.outside_directory", lang,
                                                    name=relative))
            targets.append((target, html))
        written: list[Path] = []
        for target, html in targets:
            current = target
            target.parent.mkdir(parents=True, exist_ok=True)
            if not target.parent.resolve().is_relative_to(root):
                raise OutputError(str(out_dir), say("output.outside_directory", lang,
                                                    name=target))
            _replace(target, html.encode("utf-8"))
            written.append(target)
    except (FileExistsError, NotADirectoryError):
        raise OutputError(str(current), say("output.not_a_directory", lang)) from None
    except OSError as error:  # named by the page (or directory) meant, not a temporary file
        raise OutputError(str(current), say("output.cannot_write", lang,
                                            problem=os_reason_in(error, lang))) from None
    return written


def _replace(target: Path, data: bytes) -> None:
    """``target`` holds ``data``: written to a new file in its directory, renamed onto it."""
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0),
                 0o666)
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


__all__ = ["write_pages"]
