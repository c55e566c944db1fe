"""Synthetic communes at any scale, for batch runs and benchmarks (``clean-strong synth``).

Vietnam had 10,614 commune-level units in 2019; no per-commune data of that kind is public, so
national-scale inputs are *made*: blocks of 130 units, each block the ``dien-bien-2019``
generator (:func:`.generator.generate`) run with its own seed, then relabelled so that nothing
can be mistaken for a real unit: codes ``00001``, ``00002``, … in order, names such as
"Xã mô phỏng 00001" ("simulated commune"), districts "Huyện mô phỏng 012" and provinces
"Tỉnh mô phỏng 02". Records, ratings and figures are the generator's, drawn from its stated
priors; unit types and the district structure follow Điện Biên's.

Deterministic: the same ``units`` and ``seed`` give the same communes on any machine (the
generator's streams are string-seeded), and the first ``n`` of a larger run are the ``n`` of a
smaller one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from functools import cache
from typing import IO

from ..models import Commune
from ..models.vocab import UnitType
from .generator import SHIPPED_SEED, generate
from .units import load_units

BLOCK = 130  # units per generated province (Điện Biên's count)
NATIONAL_UNITS_2019 = 10_614
MAX_UNITS = 99_999  # unit codes have five digits
_TYPE_NAMES = {UnitType.xa: "Xã", UnitType.phuong: "Phường", UnitType.thi_tran: "Thị trấn"}


def synth(units: int, seed: int = SHIPPED_SEED) -> Iterator[Commune]:
    """``units`` synthetic communes for ``seed``, in code order (generated lazily, block by
    block, so memory stays flat however many are asked for)."""
    if not 0 <= units <= MAX_UNITS:
        raise ValueError(f"units must be between 0 and {MAX_UNITS:,} (5-digit codes), not {units}")
    made = 0
    block = 0
    while made < units:
        for commune in generate(_block_seed(seed, block))[: units - made]:
            made += 1
            yield _relabel(commune, made, block)
        block += 1


def write_jsonl(units: int, seed: int, stream: IO[str]) -> int:
    """Write ``synth(units, seed)`` as JSONL (one ``Commune`` a line); returns the count."""
    count = 0
    for commune in synth(units, seed):
        stream.write(commune.model_dump_json() + "\n")
        count += 1
    return count


def _block_seed(seed: int, block: int) -> int:
    """An independent generator seed per block, the same on every machine."""
    digest = hashlib.sha256(f"clean-strong/synth/{seed}/{block}".encode()).digest()
    return int.from_bytes(digest[:6], "big")


@cache
def _district_index() -> dict[str, int]:
    codes = sorted({unit.district_code for unit in load_units()})
    return {code: i for i, code in enumerate(codes)}


def _relabel(commune: Commune, number: int, block: int) -> Commune:
    """Synthetic identity: nothing of the real unit's code or names is kept."""
    code = f"{number:05d}"
    index = _district_index()[commune.district_code or ""]
    district_code = f"{(block * len(_district_index()) + index) % 1000:03d}"
    return commune.model_copy(update={
        "unit_code": code,
        "name": f"{_TYPE_NAMES[commune.unit_type]} mô phỏng {code}",
        "district": f"Huyện mô phỏng {district_code}",
        "district_code": district_code,
        "province": f"Tỉnh mô phỏng {block + 1:02d}",
    })


__all__ = ["MAX_UNITS", "NATIONAL_UNITS_2019", "synth", "write_jsonl"]
