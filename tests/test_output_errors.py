"""Every verb that writes a file says `PATH: problem` with exit code 7 when it cannot, never an
internal error; a report writes only under its directory, whatever links are found there.

Failure kinds: a missing directory, a directory where a file is meant (or a file where the
report's directory is meant), a full disk (`/dev/full`), no permission (as root, run without
the capability that ignores file permissions).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from clean_strong.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "na-lay-2019.not-recognised.json"

# slow: subprocesses writing to full and closed outputs
pytestmark = [pytest.mark.slow, pytest.mark.timeout(120)]

VERBS = {  # verb -> the command writing to TARGET
    "batch": ["batch", str(EXAMPLE.parent), "-o", "TARGET", "--workers", "1"],
    "synth": ["synth", "--units", "3", "-o", "TARGET"],
    "reproduce": ["reproduce", "dien-bien-2019", "--chart", "TARGET"],
    "report": ["report", str(EXAMPLE), "--html", "TARGET", "--no-counterfactuals"],
}
KINDS = ["missing-directory", "a-directory", "full-disk", "no-permission"]


def _target(kind: str, verb: str, tmp: Path) -> Path | None:
    """Where ``verb`` is told to write for failure ``kind`` (None: not a failure for it)."""
    if kind == "missing-directory":
        return None if verb == "report" else tmp / "no" / "such" / "file"  # report makes it
    if kind == "a-directory":
        if verb == "report":
            (tmp / "a-file").write_text("x", "utf-8")
            return tmp / "a-file"
        return tmp
    if kind == "full-disk":
        return None if verb == "report" else Path("/dev/full")
    shut = tmp / "shut"
    shut.mkdir()
    shut.chmod(0o555)
    return shut if verb == "report" else shut / "file"


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("verb", sorted(VERBS))
def test_a_file_that_cannot_be_written_is_exit_7_naming_it(
        verb: str, kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = _target(kind, verb, tmp_path)
    if target is None:
        pytest.skip(f"{verb} makes missing directories / writes no single file")
    argv = [str(target) if a == "TARGET" else a for a in VERBS[verb]]
    try:
        if kind == "no-permission" and os.geteuid() == 0:
            if shutil.which("setpriv") is None:
                pytest.skip("running as root and setpriv is not available")
            done = subprocess.run(
                ["setpriv", "--bounding-set=-dac_override,-dac_read_search", sys.executable,
                 "-m", "clean_strong.cli", *argv], capture_output=True, text=True, timeout=120,
                check=False)
            code, err = done.returncode, done.stderr
        else:
            code = main(argv)
            err = capsys.readouterr().err
    finally:
        if (tmp_path / "shut").exists():
            (tmp_path / "shut").chmod(0o755)
    assert code == 7, err
    assert "Traceback" not in err and "internal error" not in err
    problem = next(line for line in err.splitlines() if line.startswith(str(target)))
    assert ": cannot write: " in problem or ": không ghi được: " in problem or (
        "not a directory" in problem or "không phải thư mục" in problem), problem


def test_standard_output_that_cannot_be_written_is_exit_7() -> None:
    with open("/dev/full", "wb") as full:
        done = subprocess.run([sys.executable, "-m", "clean_strong.cli", "evaluate",
                               str(EXAMPLE), "--lang", "en"], stdout=full, stderr=subprocess.PIPE,
                              text=True, timeout=120, check=False)
    assert done.returncode == 7
    assert done.stderr == "standard output: cannot write: no space left on device\n"
    with open("/dev/full", "wb") as full:
        done = subprocess.run([sys.executable, "-m", "clean_strong.cli", "evaluate",
                               str(EXAMPLE)], stdout=full, stderr=subprocess.PIPE,
                              text=True, timeout=120, check=False)
    assert done.returncode == 7
    assert done.stderr == "đầu ra chuẩn: không ghi được: hết chỗ trống trên đĩa\n"


@pytest.mark.parametrize("link", ["hard", "symbolic"])
def test_a_link_in_the_report_directory_never_lets_it_write_outside(
        link: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outside = tmp_path / "precious.html"
    outside.write_text("my own file\n", "utf-8")
    site = tmp_path / "site"
    site.mkdir()
    page = site / "index.html"
    if link == "hard":
        os.link(outside, page)
    else:
        page.symlink_to(outside)
    code = main(["report", str(EXAMPLE), "--html", str(site), "--no-counterfactuals",
                 "--lang", "en"])
    err = capsys.readouterr().err
    assert outside.read_text("utf-8") == "my own file\n"  # never written through the link
    if link == "hard":  # the entry is replaced by a new file; the other name keeps its file
        assert code == 0, err
        assert page.read_text("utf-8").startswith("<!DOCTYPE html>")
        assert os.stat(outside).st_nlink == 1
    else:  # a link resolving outside the directory is refused before anything is written
        assert code == 7
        assert err.startswith(f"{site}: refusing to write outside the output directory")
    assert not [p for p in site.rglob("*.tmp")]


def test_what_the_batch_and_the_outputs_say_is_in_the_catalogue_in_both_languages() -> None:
    """Every ``batch.*`` and ``output.*`` key the code uses exists, with the same placeholders
    in Vietnamese and English, in NFC."""
    import re
    import string
    import unicodedata

    from clean_strong.words import catalogue

    used = set()
    for path in (ROOT / "src" / "clean_strong").rglob("*.py"):
        if path.parent.name == "words":  # its docstring shows an example
            continue
        used |= set(re.findall(r'say\(\s*"((?:batch|output)\.[a-z_.]+)"', path.read_text("utf-8")))
    entries = catalogue()
    assert used and used <= set(entries), sorted(used - set(entries))
    fields = string.Formatter()
    for key in used:
        vi, en = entries[key].vi, entries[key].en
        assert {f[1] for f in fields.parse(vi) if f[1]} == {f[1] for f in fields.parse(en) if f[1]}
        assert unicodedata.is_normalized("NFC", vi) and vi != en, key
