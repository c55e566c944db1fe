"""Round trip: every example and every commune of the data set, JSON → workbook → JSON, keeps
its input hash and gives a byte-identical result (apart from ``source``)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from clean_strong import evaluate
from clean_strong.batch import run_batch
from clean_strong.dien_bien_2019 import dataset_bytes, load_dataset
from clean_strong.documents import read_document, read_documents
from clean_strong.documents.convert import convert
from clean_strong.evaluation import input_hash

EXAMPLES = sorted((Path(__file__).resolve().parent.parent / "examples").glob("*.json"))


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_an_example_survives_a_workbook(example: Path, tmp_path: Path) -> None:
    original = read_document(example)
    convert([example], tmp_path / "x.xlsx", "vi")
    convert([tmp_path / "x.xlsx"], tmp_path / "back.json", "vi")
    back = read_document(tmp_path / "back.json")
    assert input_hash(back) == input_hash(original)
    assert evaluate(back).to_json() == evaluate(original).to_json()


@pytest.mark.slow
def test_every_commune_of_the_data_set_survives_a_workbook(tmp_path: Path) -> None:
    jsonl = tmp_path / "dien-bien-2019.jsonl"
    jsonl.write_bytes(dataset_bytes())
    convert([jsonl], tmp_path / "province.xlsx", "en")  # English labels read back as well
    convert([tmp_path / "province.xlsx"], tmp_path / "back.jsonl", "vi")
    communes = load_dataset()
    back = [d for _, d in read_documents(tmp_path / "back.jsonl")]
    assert [input_hash(d) for d in back] == [input_hash(c) for c in communes]
    assert len(back) == 130

    def lines(path: Path) -> list[bytes]:
        out = io.BytesIO()
        summary = run_batch(path, out, "dien-bien-2019", workers=1)
        assert summary.errors == 0
        return [_without_source(line) for line in out.getvalue().splitlines()]

    assert lines(tmp_path / "province.xlsx") == lines(jsonl)


def _without_source(line: bytes) -> bytes:
    """The result line with its first key, ``source``, taken out (its bytes kept otherwise)."""
    assert line.startswith(b'{"source":')
    source = json.loads(line)["source"]
    prefix = b'{"source":' + json.dumps(source, ensure_ascii=False,
                                          separators=(",", ":")).encode() + b","
    assert line.startswith(prefix)
    return b"{" + line[len(prefix):]
