"""The files of a rule set: listed without following links, read only if regular, bounded.

A rule-set directory is read by people who did not write it, so nothing in it may make the
reader hang, loop or read without end: a symbolic link (a loop, or a link to ``/dev/zero``),
a FIFO, a device or a socket is a problem naming the path, never opened. A file the loader
would not read although it looks like a rule file (``criteria/GS-02.yml``, ``paramters.yaml``)
is a problem too: nothing is silently dropped.
"""

from __future__ import annotations

import difflib
import errno
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from ..words import Words, both
from ..words.format import number
from ..words.system import os_reason

MAX_BYTES = 1_000_000
MAX_FILES = 2_000
TOP_FILES = ("ruleset.yaml", "parameters.yaml", "derived.yaml", "domains.yaml")
FOLDERS = ("criteria", "tests")
_YAMLISH = (".yaml", ".yml")


class RuleFileError(OSError):
    """A rule file that cannot be read as a file: ``words`` say why, in Vietnamese and English
    (``message``, the exception's own text, is the English)."""

    def __init__(self, words: Words) -> None:
        self.words = words
        self.message = self.words[1]
        super().__init__(self.message)


def read_bytes(path: Path, limit: int = MAX_BYTES) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes, never following a link.

    Opened non-blocking and checked with ``fstat`` before any read, so a FIFO cannot block
    and a device cannot stream without end; raises :class:`RuleFileError`.
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(
        os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise RuleFileError(both("rulefile.file.symlink")) from None
        raise RuleFileError(_cannot_read(error)) from None
    try:
        kind = _kind(os.fstat(fd).st_mode)
        if kind != "file":
            raise RuleFileError(both("rulefile.file.not_regular", kind=_kind_words(kind)))
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(65_536, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise RuleFileError(both("rulefile.file.too_large", limit=_count(limit)))
        return b"".join(chunks)
    except OSError as error:
        if isinstance(error, RuleFileError):
            raise
        raise RuleFileError(_cannot_read(error)) from None
    finally:
        os.close(fd)


def _cannot_read(error: OSError) -> Words:
    return both("rulefile.file.cannot_read", reason=os_reason(error))


def _count(value: int) -> Words:
    """A count as each language writes it (10.000; 10,000)."""
    return number(value, "vi"), number(value, "en")


def _kind(mode: int) -> str:
    """What a path is: ``file`` for a regular file, else a key of ``rulefile.kind``."""
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISDIR(mode):
        return "directory"
    if stat.S_ISLNK(mode):
        return "symlink"
    if stat.S_ISFIFO(mode):
        return "fifo"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "special"


def _kind_words(kind: str) -> Words:
    """``a FIFO (named pipe)`` and its Vietnamese."""
    return both(f"rulefile.kind.{kind}")


@dataclass
class Inventory:
    """The regular files of a rule set by relative POSIX path, and the problems of the rest."""

    root: Path
    files: dict[str, Path] = field(default_factory=dict)
    problems: list[tuple[Path, Words]] = field(default_factory=list)

    def folder(self, name: str) -> list[Path]:
        """The files directly in ``name/`` (``criteria``, ``tests``), sorted by name."""
        prefix = name + "/"
        return [path for rel, path in sorted(self.files.items()) if rel.startswith(prefix)]

    def has_folder(self, name: str) -> bool:
        return (self.root / name).is_dir() and not (self.root / name).is_symlink()


def inventory(root: Path) -> Inventory:
    """List a rule set: the top-level rule files and the ``*.yaml`` files of ``criteria/`` and
    ``tests/``; a link, a special file or a misnamed rule file is a problem. Hidden entries
    (``.git``, an editor's ``.swp``) are not rule files and are passed over."""
    found = Inventory(root)
    for entry in _entries(root, found):
        name = entry.name
        path = Path(entry.path)
        if name in FOLDERS:
            if _usable(entry, found, directory=True):
                _folder(path, name, found)
            continue
        if name in TOP_FILES:
            if _usable(entry, found, directory=False):
                found.files[name] = path
            continue
        if name.lower().endswith(_YAMLISH) or name.lower() in ("criteria", "tests"):
            close = difflib.get_close_matches(name, [*TOP_FILES, *FOLDERS], n=1, cutoff=0.6)
            hint = both("rulefile.hint.did_you_mean", meant=repr(close[0])) if close else (
                both("rulefile.file.rule_files", top=", ".join(TOP_FILES)))
            found.problems.append((path, both("rulefile.file.misnamed", hint=hint)))
    return found


def _entries(folder: Path, found: Inventory) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as scan:
            entries = sorted((e for e in scan if not e.name.startswith(".")),
                             key=lambda e: e.name)
    except OSError as error:
        found.problems.append((folder, both("rulefile.file.cannot_list",
                                            reason=os_reason(error))))
        return []
    if len(entries) > MAX_FILES:
        found.problems.append((folder, both("rulefile.file.too_many", count=_count(MAX_FILES))))
        return entries[:MAX_FILES]
    return entries


def _usable(entry: os.DirEntry[str], found: Inventory, *, directory: bool) -> bool:
    path = Path(entry.path)
    try:
        mode = entry.stat(follow_symlinks=False).st_mode
    except OSError as error:
        found.problems.append((path, _cannot_read(error)))
        return False
    kind = _kind(mode)
    wanted = "directory" if directory else "file"
    if kind == wanted:
        return True
    if kind == "symlink":
        found.problems.append((path, both("rulefile.file.symlink")))
    elif directory:
        found.problems.append((path, both("rulefile.file.not_a_folder", kind=_kind_words(kind))))
    else:
        found.problems.append((path, both("rulefile.file.not_regular", kind=_kind_words(kind))))
    return False


def _folder(folder: Path, name: str, found: Inventory) -> None:
    for entry in _entries(folder, found):
        path = Path(entry.path)
        if not entry.name.endswith(".yaml"):
            stem = entry.name.rsplit(".", 1)[0] if "." in entry.name else entry.name
            hint = (both("rulefile.file.rename", stem=stem)
                    if entry.name.lower().endswith(_YAMLISH) else both("rulefile.file.move_out"))
            found.problems.append((path, both("rulefile.file.yaml_only", folder=name, hint=hint)))
            continue
        if _usable(entry, found, directory=False):
            found.files[f"{name}/{entry.name}"] = path
