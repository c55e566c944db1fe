"""Writing report pages under an output directory, and nowhere else."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from ..documents import refused
from ..documents.read import os_reason


def write_pages(pages: Mapping[str, str], out_dir: Path | str) -> list[Path]:
    """Write the pages under ``out_dir`` (created), refusing any path that would leave it."""
    root = Path(out_dir)
    try:
        root.mkdir(parents=True, exist_ok=True)
        root = root.resolve(strict=True)
        if not root.is_dir():
            raise refused(str(out_dir), "", "not_a_directory")
        targets: list[tuple[Path, str]] = []
        for relative, html in pages.items():
            target = (root / relative).resolve()
            if not target.is_relative_to(root) or target == root:
                raise refused(str(out_dir), "", "outside_the_output", target=relative)
            targets.append((target, html))
        written: list[Path] = []
        for target, html in targets:
            target.parent.mkdir(parents=True, exist_ok=True)
            if not target.parent.resolve().is_relative_to(root):
                raise refused(str(out_dir), "", "outside_the_output", target=target)
            target.write_text(html, "utf-8", newline="\n")
            written.append(target)
    except FileExistsError:
        raise refused(str(out_dir), "", "not_a_directory") from None
    except OSError as error:
        raise refused(str(out_dir), "", "cannot_write", reason=os_reason(error)) from None
    return written


__all__ = ["write_pages"]
