"""The batch and output fault corpus (tests/fixtures/batch-faults/manifest.yaml): an output that
is the input, cannot be written, or is left over from another run never loses or destroys a
file, and never gives a duplicate or stale line.

Each case of the manifest is built by the function of its name below and run through the CLI;
the manifest says the exit code and what becomes of OUT.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from clean_strong.cli import main
from clean_strong.dien_bien_2019.synth import write_jsonl

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
MANIFEST: dict[str, dict[str, dict[str, object]]] = YAML(typ="safe").load(
    (Path(__file__).parent / "fixtures" / "batch-faults" / "manifest.yaml").read_text("utf-8"))
GOOD = ["muong-thanh-2019.recognised", "na-lay-2019.not-recognised", "song-da-2019.undetermined"]
BAD_AT = 4  # the 5th input is bad

pytestmark = pytest.mark.timeout(120)


def _one_line(path: Path) -> bytes:
    return json.dumps(json.loads(path.read_text("utf-8")), ensure_ascii=False).encode() + b"\n"


def _documents(bad: set[int] = frozenset({BAD_AT}), seed: int | None = None) -> list[bytes]:
    """12 JSONL lines: the examples in turn (or synthetic communes of ``seed``), some bad."""
    if seed is not None:
        text = io.StringIO()
        write_jsonl(12, seed, text)
        lines = [line.encode() + b"\n" for line in text.getvalue().splitlines()]
    else:
        lines = [_one_line(EXAMPLES / f"{GOOD[i % 3]}.json") for i in range(12)]
    for i in bad:
        lines[i] = b'{"unit_code": 5}\n'
    return lines


@dataclass
class Case:
    """One case: the command, OUT, and what OUT must hold afterwards."""

    tmp: Path
    argv: list[str] = field(default_factory=list)
    out: Path | None = None
    before: bytes | None = None  # OUT's bytes before the run (``untouched``)
    expected: bytes | None = None  # OUT's bytes after the run (``full``)
    stdin: Path | None = None
    unprivileged: bool = False  # run without the power to ignore file permissions
    cleanup: list[Callable[[], None]] = field(default_factory=list)

    def write_input(self, lines: list[bytes], name: str = "in.jsonl") -> Path:
        path = self.tmp / name
        path.write_bytes(b"".join(lines))
        return path

    def write_directory(self, lines: list[bytes], name: str = "in") -> Path:
        folder = self.tmp / name
        folder.mkdir()
        for i, line in enumerate(lines):
            (folder / f"unit-{i:02d}.json").write_bytes(line)
        return folder

    def full(self, source: Path | str) -> bytes:
        """The output of an uninterrupted batch of ``source``."""
        target = self.tmp / f"full-{len(list(self.tmp.iterdir()))}.jsonl"
        main(["batch", str(source), "-o", str(target), "--workers", "1"])
        return target.read_bytes()

    def resume(self, source: Path | str, old: bytes, expected: bytes | None) -> None:
        self.out = self.tmp / "out.jsonl"
        self.out.write_bytes(old)
        self.before = old
        self.expected = expected
        self.argv = ["batch", str(source), "-o", str(self.out), "--resume", "--workers", "2"]


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True)


# -- refused ---------------------------------------------------------------------------------


def output_is_the_input(case: Case) -> None:
    source = case.write_input(_documents())
    case.out, case.before = source, source.read_bytes()
    case.argv = ["batch", str(source), "-o", str(source)]


def output_is_the_input_spelled_otherwise(case: Case) -> None:
    source = case.write_input(_documents())
    (case.tmp / "sub").mkdir()
    case.out, case.before = source, source.read_bytes()
    case.argv = ["batch", str(source), "-o", str(case.tmp / "sub" / ".." / "." / source.name)]


def output_is_a_hard_link_to_the_input(case: Case) -> None:
    source = case.write_input(_documents())
    link = case.tmp / "link.jsonl"
    os.link(source, link)
    case.out, case.before = source, source.read_bytes()
    case.argv = ["batch", str(source), "-o", str(link)]


def output_is_a_symbolic_link_to_the_input(case: Case) -> None:
    source = case.write_input(_documents())
    link = case.tmp / "link.jsonl"
    link.symlink_to(source)
    case.out, case.before = source, source.read_bytes()
    case.argv = ["batch", str(source), "-o", str(link), "--resume"]


def output_is_standard_input(case: Case) -> None:
    source = case.write_input(_documents())
    case.out, case.before, case.stdin = source, source.read_bytes(), source
    case.argv = ["batch", "-", "-o", str(source)]


def output_in_the_input_directory(case: Case) -> None:
    folder = case.write_directory(_documents())
    case.out = folder / "results.json"
    case.argv = ["batch", str(folder), "-o", str(case.out)]


# -- unwritable ------------------------------------------------------------------------------


def missing_directory(case: Case) -> None:
    case.out = case.tmp / "no" / "such" / "out.jsonl"
    case.argv = ["batch", str(case.write_input(_documents())), "-o", str(case.out)]


def a_directory(case: Case) -> None:
    case.argv = ["batch", str(case.write_input(_documents())), "-o", str(case.tmp)]


def no_permission(case: Case) -> None:
    shut = case.tmp / "shut"
    shut.mkdir()
    shut.chmod(0o555)
    case.cleanup.append(lambda: shut.chmod(0o755))
    case.out = shut / "out.jsonl"
    case.unprivileged = True
    case.argv = ["batch", str(case.write_input(_documents())), "-o", str(case.out)]


def immutable_file(case: Case) -> None:
    case.out = case.tmp / "out.jsonl"
    case.out.write_bytes(b"kept\n")
    case.before = b"kept\n"
    if shutil.which("chattr") is None or subprocess.run(
            ["chattr", "+i", str(case.out)], capture_output=True, check=False).returncode:
        pytest.skip("chattr +i is not available here")
    case.cleanup.append(lambda: subprocess.run(["chattr", "-i", str(case.out)], check=False))
    case.argv = ["batch", str(case.write_input(_documents())), "-o", str(case.out)]


def full_disk(case: Case) -> None:
    case.argv = ["batch", str(case.write_input(_documents())), "-o", "/dev/full"]


# -- resume ----------------------------------------------------------------------------------


def unrelated_text_file(case: Case) -> None:
    case.resume(case.write_input(_documents()), b"my notes\nsecond line\n", None)


def unrelated_text_without_a_newline(case: Case) -> None:
    case.resume(case.write_input(_documents()), b"my notes", None)


def binary_file(case: Case) -> None:
    case.resume(case.write_input(_documents()), bytes(range(256)) * 8, None)


def invalid_utf_8_line_in_the_middle(case: Case) -> None:
    source = case.write_input(_documents())
    lines = _lines(case.full(source))
    bad = lines[2].replace(b'"verdict":"', b'"verdict":"\xff', 1)
    case.resume(source, b"".join([*lines[:2], bad, *lines[3:]]), None)


def json_that_is_not_a_record(case: Case) -> None:
    source = case.write_input(_documents())
    lines = _lines(case.full(source))
    case.resume(source, lines[0] + b'{"source": "x", "note": 1}\n' + b"".join(lines[2:]), None)


def output_of_another_input(case: Case) -> None:
    source = case.write_input(_documents())
    other = case.write_input(_documents(seed=3), "other.jsonl")
    case.resume(source, case.full(other), None)


def output_made_with_other_rules(case: Case) -> None:
    source = case.write_input(_documents())
    full = case.full(source)
    rules_hash = json.loads(_lines(full)[0])["ruleset"]["hash"].encode()
    case.resume(source, full.replace(rules_hash, b"sha256:" + b"0" * 64), None)


def foreign_lines_first(case: Case) -> None:
    source = case.write_input(_documents())
    other = case.write_input(_documents(seed=3), "other.jsonl")
    case.resume(source, b"".join(_lines(case.full(other))[:3]) + case.full(source), None)


def empty_file(case: Case) -> None:
    source = case.write_input(_documents())
    case.resume(source, b"", case.full(source))


def no_file_yet(case: Case) -> None:
    source = case.write_input(_documents())
    case.resume(source, b"", case.full(source))
    assert case.out is not None
    case.out.unlink()


def complete_already(case: Case) -> None:
    source = case.write_input(_documents())
    full = case.full(source)
    case.resume(source, full, full)


def torn_last_line(case: Case) -> None:
    source = case.write_input(_documents())
    full = case.full(source)
    lines = _lines(full)
    case.resume(source, b"".join(lines[:7]) + lines[7][:50], full)


def torn_last_line_of_invalid_utf_8(case: Case) -> None:
    source = case.write_input(_documents())
    full = case.full(source)
    lines = _lines(full)
    cut = next(i for i, byte in enumerate(lines[7]) if byte >= 0xC0) + 1  # inside a character
    torn = lines[7][:cut]
    with pytest.raises(UnicodeDecodeError):
        torn.decode("utf-8")
    case.resume(source, b"".join(lines[:7]) + torn, full)


def torn_first_line(case: Case) -> None:
    source = case.write_input(_documents())
    full = case.full(source)
    case.resume(source, full[:30], full)


def another_spelling_of_the_path(case: Case) -> None:
    source = case.write_input(_documents())
    (case.tmp / "sub").mkdir()
    before = _lines(case.full(case.tmp / "sub" / ".." / source.name))
    now = _lines(case.full(source))
    assert before[0] != now[0]  # the sources are spelled differently
    case.resume(source, b"".join(before[:6]), b"".join(before[:6] + now[6:]))


def another_spelling_of_the_directory(case: Case) -> None:
    folder = case.write_directory(_documents())
    (case.tmp / "sub").mkdir()
    before = _lines(case.full(case.tmp / "sub" / ".." / folder.name))
    now = _lines(case.full(folder))
    assert before[0] != now[0]
    case.resume(folder, b"".join(before[:6]), b"".join(before[:6] + now[6:]))


def foreign_lines_after_the_answered_ones(case: Case) -> None:
    source = case.write_input(_documents())
    other = case.write_input(_documents(seed=3), "other.jsonl")
    full = case.full(source)
    foreign = _lines(case.full(other))[6:9]
    case.resume(source, b"".join(_lines(full)[:6] + foreign), full)


def duplicated_lines(case: Case) -> None:
    source = case.write_input(_documents())
    full = case.full(source)
    lines = _lines(full)
    case.resume(source, b"".join(lines[:6] + lines[3:6]), full)


def lines_beyond_the_input(case: Case) -> None:
    source = case.write_input(_documents())
    longer = case.write_input(_documents() + _documents()[:3], "longer.jsonl")
    full = case.full(source)
    extra = _lines(case.full(longer))[12:]
    case.resume(source, full + b"".join(extra), full)


def edited_input(case: Case) -> None:
    documents = _documents()
    source = case.write_input(documents)
    old = case.full(source)
    edited = json.loads(documents[2])
    edited["name"] = edited["name"] + " (sửa)"
    documents[2] = json.dumps(edited, ensure_ascii=False).encode() + b"\n"
    source.write_bytes(b"".join(documents))
    case.resume(source, old, case.full(source))


def bad_input_fixed_since(case: Case) -> None:
    source = case.write_input(_documents())
    old = b"".join(_lines(case.full(source))[:8])
    source.write_bytes(b"".join(_documents(bad=set())))
    case.resume(source, old, case.full(source))


def input_now_bad(case: Case) -> None:
    source = case.write_input(_documents())
    old = b"".join(_lines(case.full(source))[:8])
    source.write_bytes(b"".join(_documents(bad={1, BAD_AT})))
    case.resume(source, old, case.full(source))


# -- running them ----------------------------------------------------------------------------

CASES = [(section, name) for section, cases in MANIFEST.items() for name in cases]


def test_every_case_of_the_manifest_has_its_builder() -> None:
    missing = [name for _, name in CASES if name.replace("-", "_") not in globals()]
    assert not missing
    assert {section for section, _ in CASES} == {"refused", "unwritable", "resume"}


@pytest.mark.slow
@pytest.mark.parametrize(("section", "name"), CASES, ids=[name for _, name in CASES])
def test_the_batch_fault_corpus(section: str, name: str, tmp_path: Path,
                                capsys: pytest.CaptureFixture[str],
                                monkeypatch: pytest.MonkeyPatch) -> None:
    expected = MANIFEST[section][name]
    spool = tmp_path / "spool"  # where the batch's spool directories go: empty at the end
    spool.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spool))
    case = Case(tmp_path / "case")
    case.tmp.mkdir()
    globals()[name.replace("-", "_")](case)
    capsys.readouterr()
    try:
        code, err = _run(case, monkeypatch, capsys)
    finally:
        for undo in case.cleanup:
            undo()
    assert code == expected["exit"], err
    assert "Traceback" not in err and "internal error" not in err
    if "message" in expected:
        assert str(expected["message"]) in err
    if code == 7 and section != "resume":
        where = case.out if case.out is not None else Path(case.argv[case.argv.index("-o") + 1])
        assert any(line.startswith(f"{where}: ") for line in err.splitlines()), err
    if expected["out"] == "untouched":
        assert case.out is not None and case.out.read_bytes() == case.before
    elif expected["out"] == "none":
        assert case.out is None or not case.out.exists()
    else:
        assert case.out is not None and case.out.read_bytes() == case.expected
        kept = int(str(expected.get("kept", 0)))
        assert (f"{kept} already done" in err) == (kept > 0), err
    assert list(spool.iterdir()) == []
    assert not [p for p in case.tmp.rglob("*") if p.name.endswith(".tmp")]


def _run(case: Case, monkeypatch: pytest.MonkeyPatch,
         capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    argv = [*case.argv, "--lang", "en"]
    if case.unprivileged and os.geteuid() == 0:
        # root ignores file permissions: run without CAP_DAC_OVERRIDE (setpriv, util-linux)
        if shutil.which("setpriv") is None:
            pytest.skip("running as root and setpriv is not available")
        command = ["setpriv", "--bounding-set=-dac_override,-dac_read_search",
                   sys.executable, "-m", "clean_strong.cli", *argv]
        done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
        return done.returncode, done.stderr
    if case.stdin is not None:
        stream = case.stdin.open("rb")
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(stream))
    try:
        code = main(argv)
    except SystemExit as stopped:
        code = int(stopped.code or 0)
    return code, capsys.readouterr().err
