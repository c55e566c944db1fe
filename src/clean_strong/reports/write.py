"""Writing report pages under an output directory, and nowhere else."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from ..errors import InputError


def write_pages(pages: Mapping[str, str], out_dir: Path | str) -> list[Path]:
    """Write the pages under ``out_dir`` (created), refusing any path that would leave it."""
    root = Path(out_dir)
    try:
        root.mkdir(parents=True, exist_ok=True)
        root = root.resolve(strict=True)
        if not root.is_dir():
            raise InputError(str(out_dir), "", "not a directory")
        targets: list[tuple[Path, str]] = []
        for relative, html in pages.items():
            target = (root / relative).resolve()
            if not target.is_relative_to(root) or target == root:
                raise InputError(str(out_dir), "",
                                 f"refusing to write outside the output directory: {relative}")
            targets.append((target, html))
        written: list[Path] = []
        for target, html in targets:
            target.parent.mkdir(parents=True, exist_ok=True)
            if not target.parent.resolve().is_relative_to(root):
                raise InputError(str(out_dir), "",
                                 f"refusing to write outside the output directory: {target}")
            target.write_text(html, "utf-8", newline="\n")
            written.append(target)
    except FileExistsError:
        raise InputError(str(out_dir), "", "not a directory") from None
    except OSError as error:
        raise InputError(str(out_dir), "", f"cannot write: {error.strerror}") from None
    return written


__all__ = ["write_pages"]
