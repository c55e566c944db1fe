"""The fault corpus: every bad input gets its documented error, code and field path.

tests/fixtures/bad/manifest.yaml lists each file with the exit code of `clean-strong evaluate`,
the field path and words of the message; each runs in bounded time and memory, and the CLI
prints one line per problem, never a traceback.
"""

from __future__ import annotations

import io
import json
import os
import re
import resource
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from clean_strong.cli import main
from clean_strong.documents import read_document
from clean_strong.errors import InputError

BAD = Path(__file__).parent / "fixtures" / "bad"
MANIFEST: dict[str, dict[str, object]] = YAML(typ="safe").load(
    (BAD / "manifest.yaml").read_text("utf-8"))

pytestmark = pytest.mark.timeout(60)


def test_the_corpus_has_at_least_30_bad_inputs_all_listed() -> None:
    on_disk = {p.stem for p in BAD.glob("*.json")}
    assert on_disk == set(MANIFEST)
    assert len(on_disk) >= 30


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_bad_input_gets_its_documented_error(name: str) -> None:
    expected = MANIFEST[name]
    source = BAD / f"{name}.json"
    with pytest.raises(InputError) as caught:
        from clean_strong import evaluate

        evaluate(read_document(source), source=str(source))
    error = caught.value
    assert error.exit_code == expected["exit"]
    assert error.path == expected["path"]
    assert str(expected["message"]) in error.message  # Vietnamese, the default
    assert error.message_en is not None and str(expected["message_en"]) in error.message_en
    assert str(error).startswith(f"{source}: {expected['path'] or '(document)'}: ")
    assert error.text("en") == f"{source}: {expected['path'] or '(document)'}: {error.message_en}"


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_the_cli_reports_it_in_one_line_with_its_exit_code(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    source = BAD / f"{name}.json"
    assert main(["evaluate", str(source)]) == MANIFEST[name]["exit"]
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"{source}: ")
    assert "Traceback" not in err


def test_a_100_mb_file_is_refused_without_being_read(tmp_path: Path) -> None:
    huge = tmp_path / "huge.json"
    with huge.open("wb") as stream:
        stream.write(b'{"name": "')
        stream.seek(100 * 1024 * 1024)
        stream.write(b'"}')
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(InputError, match=re.escape("vượt quá giới hạn 10.000.000 byte")) as caught:
        read_document(huge)
    assert caught.value.exit_code == 3
    assert "exceeds 10,000,000" in caught.value.text("en")
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mb < 20


def test_a_100_mb_line_in_a_batch_is_one_error_record(tmp_path: Path) -> None:
    from clean_strong.documents import read_items

    source = tmp_path / "in.jsonl"
    good = (Path(__file__).resolve().parent.parent / "examples" /
            "muong-thanh-2019.recognised.json").read_text("utf-8").replace("\n", " ")
    with source.open("w", encoding="utf-8") as stream:
        stream.write(good + "\n")
        stream.write('{"name": "' + "x" * (100 * 1024 * 1024) + '"}\n')
        stream.write(good + "\n")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    out = tmp_path / "out.jsonl"
    assert main(["batch", str(source), "-o", str(out), "--workers", "1"]) == 5
    lines = out.read_text("utf-8").splitlines()
    assert len(lines) == 3 and '"error"' in lines[1] and "vượt quá" in lines[1]
    assert '"message_en":"line of' in lines[1] and "exceeds" in lines[1]
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mb < 60, f"reading a 100 MB line grew RSS by {grown_mb:.0f} MB"
    assert len(list(read_items(source))) == 3


# -- inputs that are not regular files, and standard input --------------------------------

SPECIAL: dict[str, dict[str, str]] = YAML(typ="safe").load(
    (BAD / "special-files.yaml").read_text("utf-8"))
EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "muong-thanh-2019.recognised.json"


def _make(folder: Path, name: str) -> Path:
    """``folder/NAME.json`` made as the corpus says."""
    make = SPECIAL[name]["make"]
    path = folder / f"{name}.json"
    if make == "fifo":
        os.mkfifo(path)
    elif make == "link-fifo":
        os.mkfifo(folder / "pipe")
        path.symlink_to(folder / "pipe")
    elif make == "directory":
        path.mkdir()
    elif make == "socket":
        listener = socket.socket(socket.AF_UNIX)
        listener.bind(str(path))
        listener.close()
    elif make == "dangling":
        path.symlink_to(folder / "nothing-here")
    else:
        assert make.startswith("/dev/") and Path(make).exists()
        path.symlink_to(make)
    return path


@pytest.mark.parametrize("name", sorted(SPECIAL))
def test_a_special_file_given_as_a_document_is_refused_at_once(
        name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _make(tmp_path, name)
    verbs = [["evaluate", str(path)], ["report", str(path), "--html", str(tmp_path / "site")]]
    if SPECIAL[name]["make"] != "directory":  # a directory is what batch reads
        verbs.append(["batch", str(path), "-o", str(tmp_path / "out.jsonl")])
    for argv in verbs:
        capsys.readouterr()
        assert main(argv) == 3, argv
        out, err = capsys.readouterr()
        assert err.startswith(f"{path}: (tài liệu): ") and err.count("\n") == 1, err
        if argv[0] != "report" or SPECIAL[name]["make"] not in ("directory", "dangling"):
            assert SPECIAL[name]["message"] in err  # report: "no such file" and "no documents"
        assert out == "" and "Traceback" not in err
    assert not (tmp_path / "out.jsonl").exists()  # refused before the output was opened


@pytest.mark.parametrize("name", sorted(SPECIAL))
def test_a_special_file_in_an_input_directory_is_one_error_record(
        name: str, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copyfile(EXAMPLE, folder / "a-good.json")
    path = _make(folder, name)
    out = tmp_path / "out.jsonl"
    assert main(["batch", str(folder), "-o", str(out), "--workers", "1"]) == 5
    lines = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert [line["source"] for line in lines] == [str(folder / "a-good.json"), str(path)]
    assert "verdict" in lines[0]
    error = lines[1]["error"]
    assert error == {"code": 3, "path": "", "message": error["message"],
                     "message_en": error["message_en"]}
    assert SPECIAL[name]["message"] in error["message"]
    assert SPECIAL[name]["message_en"] in error["message_en"]


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_an_endless_device_named_directly_is_refused(
        device: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["evaluate", device], ["batch", device, "-o", str(tmp_path / "out.jsonl")],
                 ["verify", device, str(EXAMPLE)]):
        assert main(argv) == 3
        assert capsys.readouterr().err.startswith(f"{device}: (tài liệu): một thiết bị ký tự")


def _with_stdin(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, data: bytes) -> None:
    """Standard input reads ``data`` (a file: what ``< FILE`` gives a command)."""
    path = tmp_path / f"stdin-{len(list(tmp_path.iterdir()))}"
    path.write_bytes(data)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(path.open("rb")))


@pytest.mark.slow
def test_standard_input_is_read_as_a_document_wherever_one_is_read(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    data = EXAMPLE.read_bytes()
    assert main(["evaluate", str(EXAMPLE), "--format", "json"]) == 0
    expected = capsys.readouterr().out
    piped = subprocess.run([sys.executable, "-m", "clean_strong.cli", "evaluate", "-",
                            "--format", "json"], input=data, capture_output=True, timeout=120,
                           check=False)  # a real pipe
    assert piped.returncode == 0, piped.stderr
    assert piped.stdout.decode() == expected
    line = data.replace(b"\n", b" ") + b"\n"
    _with_stdin(monkeypatch, tmp_path, line + b"{\n" + line)
    assert main(["batch", "-", "--workers", "1"]) == 5
    sources = [json.loads(x)["source"] for x in capsys.readouterr().out.splitlines()]
    assert sources == ["<stdin>:1", "<stdin>:2", "<stdin>:3"]
    _with_stdin(monkeypatch, tmp_path, line + line)
    assert main(["report", "-", "--html", str(tmp_path / "site"), "--no-counterfactuals"]) == 0
    assert (tmp_path / "site" / "index.html").exists()
    _with_stdin(monkeypatch, tmp_path, b"{")
    assert main(["evaluate", "-"]) == 3
    assert capsys.readouterr().err.startswith("<stdin>: (tài liệu): JSON sai cú pháp")


def test_standard_input_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    _with_stdin(monkeypatch, tmp_path, b" " * (10_000_000 + 1))
    assert main(["evaluate", "-"]) == 3
    assert capsys.readouterr().err == ("<stdin>: (tài liệu): đầu vào chuẩn vượt quá giới hạn "
                                       "10.000.000 byte\n")
