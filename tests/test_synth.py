"""Synthetic communes at national scale: deterministic, valid, and never mistaken for real."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from clean_strong import Commune
from clean_strong.cli import main
from clean_strong.dien_bien_2019 import load_dataset, synth
from clean_strong.dien_bien_2019.synth import MAX_UNITS

pytestmark = pytest.mark.timeout(300)


def _lines(communes: list[Commune]) -> list[str]:
    return [c.model_dump_json() for c in communes]


@pytest.mark.slow
def test_the_same_seed_gives_the_same_communes_and_another_seed_others() -> None:
    first = _lines(list(synth(300, 5)))
    assert first == _lines(list(synth(300, 5)))
    assert first != _lines(list(synth(300, 6)))


def test_a_smaller_run_is_the_start_of_a_larger_one() -> None:
    assert _lines(list(synth(140, 5))) == _lines(list(synth(300, 5)))[:140]


def test_synthetic_units_are_numbered_in_order_and_named_as_simulated() -> None:
    communes = list(synth(300, 5))
    assert [c.unit_code for c in communes] == [f"{n:05d}" for n in range(1, 301)]
    assert not {c.name for c in communes} & {c.name for c in load_dataset()}
    for commune in communes:
        assert "mô phỏng" in commune.name
        assert "mô phỏng" in commune.district and "mô phỏng" in commune.province
    assert len({c.province for c in communes}) == 3  # blocks of 130 units


def test_every_synthetic_document_validates_as_a_commune() -> None:
    for line in _lines(list(synth(260, 9))):
        Commune.model_validate_json(line)


def test_the_synth_verb_writes_one_commune_a_line(tmp_path: Path) -> None:
    out = tmp_path / "units.jsonl"
    assert main(["synth", "--units", "150", "--seed", "4", "-o", str(out)]) == 0
    lines = out.read_text("utf-8").splitlines()
    assert lines == _lines(list(synth(150, 4)))
    assert json.loads(lines[0])["unit_code"] == "00001"


@pytest.mark.parametrize("units", ["-1", str(MAX_UNITS + 1)])
def test_a_unit_count_out_of_range_is_a_usage_error(
    tmp_path: Path, units: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["synth", "--units", units, "-o", str(tmp_path / "x.jsonl")]) == 2
    assert "--units" in capsys.readouterr().err
