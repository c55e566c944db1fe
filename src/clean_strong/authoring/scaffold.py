"""``rules new``: a new rule set, copied from another, ready to lint and test.

The copy keeps every rule file and test case of its source (so it lints and its cases pass
from the first minute), gets its own name and version 0.1.0 in the manifest, and a disclaimer
and title that say plainly they must be rewritten before any report carries them. Comments
and layout of the manifest are kept (ruamel's round trip), so the file stays the one a legal
officer reads. Only the rule set's own files are copied: never a link, a special file or a
file that is not a rule file (:func:`clean_strong.ruleset.files.inventory`).
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from ruamel.yaml import YAML

from ..errors import InputError, OutputError
from ..ruleset import read_ruleset, resolve
from ..ruleset.files import inventory, read_bytes
from ..words import both

NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
DEFAULT_SOURCE = "dien-bien-2019"


def new_ruleset(name: str, target: Path, source: str | Path = DEFAULT_SOURCE) -> Path:
    """Write rule set ``name`` into ``target`` (absent or empty), copied from ``source``."""
    if not NAME.match(name):
        raise InputError(name, "name", "a rule-set name is lower-case letters, digits and '-', "
                         "starting with a letter or digit (e.g. lai-chau-2024)")
    root = resolve(source)
    original = read_ruleset(root)  # a source with problems is refused (exit 4), never copied
    files = inventory(root)  # read_ruleset refused any file problem already
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise OutputError(str(target), "exists and is not an empty directory: give a new one")
    contents = {rel: read_bytes(path) for rel, path in files.files.items()}
    contents["ruleset.yaml"] = _manifest(contents["ruleset.yaml"], name, original.name)
    try:
        target.mkdir(parents=True, exist_ok=True)
        for rel, data in sorted(contents.items()):
            path = target / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "xb") as out:  # never through an existing file or link
                out.write(data)
    except OSError as error:
        raise OutputError(str(target), f"cannot write: {error.strerror}") from None
    return target


def _manifest(raw: bytes, name: str, source: str) -> bytes:
    """The source's manifest renamed, at version 0.1.0, its title and disclaimer marked to be
    rewritten (the old words kept after the mark, for the writer to start from)."""
    yaml = YAML(typ="rt")
    yaml.width = 4096  # long lines stay as written: no re-wrapping
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.preserve_quotes = True
    data = yaml.load(raw.decode("utf-8").removeprefix("\ufeff"))
    data["name"] = name
    data["version"] = "0.1.0"
    title_vi, title_en = both("rules.new_title", name=name, source=source)
    disclaimer_vi, disclaimer_en = both("rules.new_disclaimer", name=name, source=source)
    data["title"]["vi"] = f"{title_vi} {data['title']['vi']}"
    data["title"]["en"] = f"{title_en} {data['title']['en']}"
    data["disclaimer"]["vi"] = f"{disclaimer_vi} {data['disclaimer']['vi']}"
    data["disclaimer"]["en"] = f"{disclaimer_en} {data['disclaimer']['en']}"
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue().encode("utf-8")


def needs_rewriting(text: str) -> bool:
    """Whether a title or disclaimer still carries the mark ``rules new`` put on it."""
    marks = both("rules.new_mark")
    return any(mark in text for mark in marks)


__all__ = ["DEFAULT_SOURCE", "needs_rewriting", "new_ruleset"]
