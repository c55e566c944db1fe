"""Batches: one line per input in input order, same bytes for any worker count, resumable."""

from __future__ import annotations

import json
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pydantic_core
import pytest

from clean_strong import Commune, evaluate, evaluate_many
from clean_strong.audit import counterfactuals
from clean_strong.batch import with_source
from clean_strong.cli import main
from clean_strong.dien_bien_2019 import synth
from clean_strong.dien_bien_2019.synth import write_jsonl
from clean_strong.documents import read_document

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
GOOD = ["muong-thanh-2019.recognised", "na-lay-2019.not-recognised", "song-da-2019.undetermined"]

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]  # slow: process pools and subprocesses


def _directory(tmp_path: Path, count: int, bad: dict[int, str]) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(count):
        target = folder / f"unit-{i:03d}.json"
        if i in bad:
            target.write_text(bad[i], "utf-8")
        else:
            shutil.copyfile(EXAMPLES / f"{GOOD[i % 3]}.json", target)
    return folder


def _batch(*argv: str) -> int:
    return main(["batch", *argv])


def test_output_is_byte_identical_with_one_and_two_workers(tmp_path: Path) -> None:
    folder = _directory(tmp_path, 40, {7: "{", 30: '{"unit_code": 5}'})
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert _batch(str(folder), "-o", str(one), "--workers", "1") == 5
    assert _batch(str(folder), "-o", str(two), "--workers", "2") == 5
    assert one.read_bytes() == two.read_bytes()


def test_130_files_with_5_bad_give_125_results_and_5_error_records(tmp_path: Path) -> None:
    bad = {3: "", 40: "{not json", 77: '{"unit_code": "1"}', 101: "[]", 129: "\xff"}
    folder = _directory(tmp_path, 130, bad)
    out = tmp_path / "out.jsonl"
    assert _batch(str(folder), "-o", str(out)) == 5
    lines = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert len(lines) == 130
    assert [line["source"] for line in lines] == [str(p) for p in sorted(folder.iterdir())]
    errors = [i for i, line in enumerate(lines) if "error" in line]
    assert errors == sorted(bad)
    for i in errors:
        assert lines[i]["error"]["code"] == 3 and lines[i]["error"]["message"]
    assert sum("verdict" in line for line in lines) == 125


def test_resume_completes_a_torn_output_without_duplicates(tmp_path: Path) -> None:
    folder = _directory(tmp_path, 30, {5: "{"})
    full = tmp_path / "full.jsonl"
    _batch(str(folder), "-o", str(full), "--workers", "1")
    lines = full.read_bytes().splitlines(keepends=True)
    torn = tmp_path / "torn.jsonl"
    torn.write_bytes(b"".join(lines[:11]) + lines[11][:40])  # an interrupted write
    assert _batch(str(folder), "-o", str(torn), "--resume", "--workers", "2") == 5
    assert torn.read_bytes() == full.read_bytes()


def test_an_interrupted_batch_leaves_complete_lines_and_resumes(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    text = [json.dumps(json.loads((EXAMPLES / f"{GOOD[i % 3]}.json").read_text("utf-8")),
                       ensure_ascii=False) for i in range(3)]
    source.write_text("\n".join(text[i % 3] for i in range(1500)) + "\n", "utf-8")
    out = tmp_path / "out.jsonl"
    command = [sys.executable, "-m", "clean_strong.cli", "batch", str(source), "-o", str(out),
               "--workers", "2"]
    child = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (not out.exists() or out.stat().st_size < 20_000):
        time.sleep(0.05)
    child.send_signal(signal.SIGINT)
    _, err = child.communicate(timeout=120)
    assert child.returncode == 130, err
    assert "--resume" in err
    partial = out.read_text("utf-8").splitlines()
    assert 0 < len(partial) < 1500
    for line in partial:
        json.loads(line)  # every line is complete JSON
    done = subprocess.run([*command, "--resume"], capture_output=True, text=True, timeout=300,
                          check=False)
    assert done.returncode == 0, done.stderr
    final = out.read_text("utf-8").splitlines()
    assert len(final) == 1500
    assert [json.loads(line)["source"] for line in final] == [
        f"{source}:{n}" for n in range(1, 1501)]


def test_evaluate_many_keeps_input_order_across_processes() -> None:
    documents = [read_document(EXAMPLES / f"{GOOD[i % 3]}.json") for i in range(70)]
    parallel = [r.to_json() for r in evaluate_many(documents, workers=2)]
    assert parallel == [evaluate(d).to_json() for d in documents]


def test_a_synth_file_gives_the_same_bytes_with_one_and_two_workers(tmp_path: Path) -> None:
    source = tmp_path / "synth.jsonl"
    with source.open("w", encoding="utf-8") as out:
        write_jsonl(300, 7, out)
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert _batch(str(source), "-o", str(one), "--workers", "1") == 0
    assert _batch(str(source), "-o", str(two), "--workers", "2") == 0
    assert one.read_bytes() == two.read_bytes()
    assert one.read_bytes().count(b"\n") == 300


def test_each_batch_line_is_the_result_json_of_evaluate(tmp_path: Path) -> None:
    documents = _varied_documents()
    source = tmp_path / "varied.jsonl"
    source.write_text("".join(d.model_dump_json() + "\n" for d in documents), "utf-8")
    out = tmp_path / "out.jsonl"
    assert _batch(str(source), "-o", str(out), "--workers", "1") == 0
    lines = out.read_text("utf-8").splitlines()
    assert len(lines) == len(documents)
    for number, (line, document) in enumerate(zip(lines, documents, strict=True), start=1):
        head = '{"source":' + json.dumps(f"{source}:{number}", ensure_ascii=False) + ","
        assert line == head + evaluate(document).to_json()[1:]


def test_result_objects_are_written_as_pydantic_writes_them() -> None:
    """``Result.to_json`` (orjson, natively from the models' fields) gives pydantic's bytes,
    and a batch line is that object with ``source`` first."""
    for document in _varied_documents():
        for explanations in (True, False):
            result = evaluate(document, explanations=explanations)
            assert result.to_json_bytes() == result.to_json().encode()
            assert result.to_json_bytes() == result.__pydantic_serializer__.to_json(result)
            line = with_source("s:1", result.to_json_bytes())
            assert json.loads(line) == {"source": "s:1", **result.model_dump(mode="json")}


def test_results_with_counterfactuals_and_report_results_are_written_as_pydantic_writes() -> None:
    """``Result.to_json`` (orjson from the models' fields) against pydantic's own writer on the
    result kinds the other test leaves out: with counterfactuals, and province reports."""
    results = [counterfactuals(d) for d in _varied_documents()[:12]]
    results += [evaluate(read_document(p)) for p in sorted(EXAMPLES.glob("*report*.json"))]
    assert any(c.counterfactuals for r in results for c in r.criteria)
    assert any(r.recognition is not None for r in results)
    for result in results:
        assert result.to_json_bytes() == result.__pydantic_serializer__.to_json(result)


def test_result_lines_are_written_as_pydantic_writes_them_edge_values_included() -> None:
    """orjson (the writer of results and lines) against pydantic-core's ``to_json`` on what
    JSON can trip on:
    escapes, control characters, Vietnamese and astral text, the shortest float texts at the
    exponent boundaries, and an integer orjson refuses (written by pydantic-core instead)."""
    draw = random.Random(5)
    floats = [0.1, 22.0, -0.0, 1e-7, 1e-5, 1e-4, 1e15, 1e16, 1e21, 1e22, 5e-324,
              1.7976931348623157e308, 2.0**53, 79.99999999999999]
    floats += [draw.uniform(-1e6, 1e6) for _ in range(2000)]
    floats += [draw.random() * 10.0 ** draw.randint(-30, 30) for _ in range(2000)]
    texts = ['a"b\\c\n\t\r\b\f\x00\x01\x1f\x7f', "\u2028\u2029", "Điện Biên: Mường Thanh",
             "</script>", "😀"]
    data = {"floats": floats, "texts": texts, "ints": [0, -1, 2**63 - 1, -(2**63)],
            "nested": {"none": None, "bools": [True, False]}}
    assert orjson.dumps(data) == pydantic_core.to_json(data)
    result = evaluate(read_document(EXAMPLES / f"{GOOD[0]}.json"))
    beyond = result.model_copy(update={"year": 2**64})  # orjson refuses: pydantic writes it
    assert beyond.to_json_bytes() == beyond.__pydantic_serializer__.to_json(beyond)
    assert b'"year":18446744073709551616' in beyond.to_json_bytes()


def _varied_documents() -> list[Commune]:
    """The example communes and the synth ones, with values and records knocked out (unknown
    statuses, counts known only between bounds) and every unit type."""
    base = [read_document(EXAMPLES / f"{name}.json") for name in GOOD]
    base += list(synth(6, 3))
    out: list[Commune] = []
    draw = random.Random(11)
    for i in range(40):
        data = json.loads(base[i % len(base)].model_dump_json())
        data["unit_type"] = ("xa", "phuong", "thi_tran")[i % 3]
        for _ in range(i % 4):
            section = draw.choice(["one_stop", "organisations", "oversight", "access_to_law"])
            data[section][draw.choice(list(data[section]))] = None
        if i % 5 == 1:
            official = draw.choice(data["officials"])
            official[draw.choice(["professional_level", "discipline", "rating"])] = None
        if i % 7 == 3:
            data["officials"] = None
        out.append(Commune.model_validate(data))
    return out
