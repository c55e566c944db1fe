"""The fault corpus: every bad input gets its documented error, code and field path.

tests/fixtures/bad/manifest.yaml lists each file with the exit code of `clean-strong evaluate`,
the field path and words of the message; each runs in bounded time and memory, and the CLI
prints one line per problem, never a traceback.
"""

from __future__ import annotations

import re
import resource
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
