"""The engine layer: decisions come from the rule files, sessions are isolated and bounded."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from clean_strong import Commune, evaluate, load_ruleset
from clean_strong.dien_bien_2019 import load_dataset, synth
from clean_strong.documents import read_document
from clean_strong.engine.encode import fact_json
from clean_strong.engine.session import EngineRuleset
from clean_strong.errors import EngineError
from clean_strong.evaluation import compiled, default_ruleset, facts

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
RULES = ROOT / "rules" / "dien-bien-2019"

pytestmark = pytest.mark.timeout(300)


def _commune(name: str = "muong-thanh-2019.recognised") -> Commune:
    document = read_document(EXAMPLES / f"{name}.json")
    assert isinstance(document, Commune)
    return document


def _mutated(tmp_path: Path, parameter: str, old: str, new: str) -> Path:
    copy = tmp_path / "rules"
    shutil.copytree(RULES, copy)
    path = copy / "parameters.yaml"
    text = path.read_text("utf-8")
    start = text.index(f"\n{parameter}:\n")
    end = text.find("\n\n", start + 1)
    block = text[start:end]
    assert old in block, f"{old!r} not in {parameter}"
    path.write_text(text[:start] + block.replace(old, new) + text[end:], "utf-8")
    return copy


def test_changing_a_parameter_in_a_rule_file_changes_the_verdict(tmp_path: Path) -> None:
    commune = _commune()
    assert evaluate(commune).verdict == "recognised"
    assert evaluate(commune).criterion("GS-01").status == "pass"
    stricter = load_ruleset(_mutated(tmp_path, "council_min_sessions", "value: 2", "value: 3"))
    result = evaluate(commune, stricter)
    assert result.criterion("GS-01").status == "fail"
    assert result.verdict == "not_recognised"
    assert "3" in result.criterion("GS-01").explanation.en


@pytest.mark.slow
def test_raising_the_professional_level_fails_communes_with_trung_cap_officials(
    tmp_path: Path,
) -> None:
    commune = _commune()  # one cán bộ holds trung cấp, the rest đại học
    stricter = load_ruleset(
        _mutated(tmp_path, "professional_min_level", "value: trung_cap", "value: dai_hoc")
    )
    result = evaluate(commune, stricter)
    assert result.criterion("CB-03").status == "fail"
    assert result.criterion("CB-03").explanation.vi.startswith("1/11 cán bộ")
    assert evaluate(commune).criterion("CB-03").status == "pass"


def test_every_criterion_status_is_decided_by_an_engine_rule() -> None:
    result = evaluate(_commune("song-da-2019.undetermined"))
    fired = {step.rule for step in result.trace}
    for criterion in result.criteria:
        assert criterion.rules_fired, criterion.id
        assert set(criterion.rules_fired) <= fired
        assert all(f":{criterion.status}:" in name for name in criterion.rules_fired)
    unknown = result.criterion("GS-01")
    assert unknown.status == "unknown"
    assert unknown.missing_inputs == ["oversight.council_regular_sessions"]


def test_the_compiled_rules_are_what_the_engine_receives() -> None:
    program = compiled(default_ruleset(), 2019).programs["commune"]
    definition = json.loads(program.engine.definition_json)
    assert definition.keys() == program.definition.keys()
    for rule in definition.values():
        pattern = rule["all"][0]["m"]
        assert {"kind": "commune"} in pattern["$and"], "every pattern is guarded"


def test_an_unguarded_rule_cannot_hang_the_process() -> None:
    """An unguarded ``$nex`` loops forever inside durable-rules' own Host; run it in a child."""
    code = (
        "from clean_strong.engine.session import EngineRuleset\n"
        "from clean_strong.errors import EngineError\n"
        "rules = {'r': {'all': [{'m': {'$nex': {'x': 1}}}]}, "
        "'s': {'all': [{'m': {'$ex': {'kind': 1}}}]}}\n"
        "engine = EngineRuleset('loop', rules, max_firings=10)\n"
        "try:\n"
        '    print(engine.fire(\'{"kind":"commune"}\'))\n'
        "except EngineError as e:\n"
        "    print('EngineError', e)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip()


def test_runaway_firing_is_an_engine_error_not_a_status() -> None:
    rules = {
        f"r{i}": {"all": [{"m": {"$and": [{"kind": "commune"}, {"$ex": {"x": 1}}]}}]}
        for i in range(20)
    }
    engine = EngineRuleset("runaway", rules, max_firings=5)
    with pytest.raises(EngineError, match="more than 5 firings"):
        engine.fire('{"kind":"commune","x":1.0}')


def test_an_evaluation_leaves_no_fact_in_the_engine_session() -> None:
    engine = compiled(default_ruleset(), 2019).programs["commune"].engine
    for name in ("muong-thanh-2019.recognised", "na-lay-2019.not-recognised",
                 "song-da-2019.undetermined"):
        evaluate(_commune(name))
        assert engine.facts_held() == []


def test_a_failed_evaluation_leaves_nothing_for_the_next() -> None:
    rules = {f"x{i}": {"all": [{"m": {"$and": [{"kind": "commune"}, {"$ex": {"x": 1}}]}}]}
             for i in range(3)}
    rules["y"] = {"all": [{"m": {"$and": [{"kind": "commune"}, {"$ex": {"y": 1}}]}}]}
    engine = EngineRuleset("interrupted", rules, max_firings=2)
    with pytest.raises(EngineError, match="more than 2 firings"):
        engine.fire('{"kind":"commune","x":1.0}')
    assert engine.fire('{"kind":"commune","y":1.0}') == ["y"]
    assert engine.facts_held() == []


def test_a_ruleset_the_engine_rejects_is_reported() -> None:
    engine = EngineRuleset("broken", {"r": {"all": "not a list"}}, max_firings=5)
    with pytest.raises(EngineError, match="rejected ruleset"):
        engine.fire('{"kind":"commune"}')


@pytest.mark.slow
def test_memory_stays_flat_over_20000_evaluations() -> None:
    import resource

    commune = _commune()
    rules = default_ruleset()
    for _ in range(500):
        evaluate(commune, rules)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    for _ in range(20_000):
        evaluate(commune, rules)
    growth_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert growth_mb < 20, f"peak RSS grew {growth_mb:.1f} MB over 20,000 evaluations"


def test_evaluations_are_safe_from_several_threads() -> None:
    names = [
        "muong-thanh-2019.recognised",
        "na-lay-2019.not-recognised",
        "song-da-2019.undetermined",
    ]
    communes = [_commune(n) for n in names]
    expected = [evaluate(c).to_json() for c in communes]
    failures: list[str] = []

    def work(offset: int) -> None:
        for i in range(150):
            k = (i + offset) % 3
            if evaluate(communes[k]).to_json() != expected[k]:
                failures.append(names[k])

    threads = [threading.Thread(target=work, args=(t,)) for t in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures


def _evaluate_file(name: str) -> str:
    return evaluate(read_document(EXAMPLES / f"{name}.json")).to_json()


def test_a_process_pool_gives_the_same_results() -> None:
    names = ["muong-thanh-2019.recognised", "na-lay-2019.not-recognised"] * 3
    with ProcessPoolExecutor(max_workers=2) as pool:
        remote = list(pool.map(_evaluate_file, names))
    assert remote == [_evaluate_file(n) for n in names]


@pytest.mark.slow
def test_results_are_byte_identical_whatever_the_hash_seed() -> None:
    code = (
        "import sys; from clean_strong.cli import main; "
        "sys.exit(main(['evaluate', sys.argv[1], '--format', 'json']))"
    )
    outputs = set()
    for seed in ("0", "1", "12345"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        done = subprocess.run(
            [sys.executable, "-c", code, str(EXAMPLES / "song-da-2019.undetermined.json")],
            capture_output=True,
            env=env,
            timeout=120,
            check=True,
        )
        outputs.add(done.stdout)
    assert len(outputs) == 1


def test_results_survive_validation_of_their_own_json() -> None:
    """Results are assembled without validation for speed; their JSON must still validate."""
    from clean_strong import Result

    for name in ("muong-thanh-2019.recognised", "song-da-2019.undetermined",
                 "dien-bien-2019-report.as-printed"):
        result = evaluate(read_document(EXAMPLES / f"{name}.json"))
        again = Result.model_validate_json(result.to_json())
        assert again == result
        assert again.to_json() == result.to_json()


def test_facts_are_written_the_same_by_the_fast_and_the_reference_writer() -> None:
    """Facts whose numbers need no exponent go to the engine through orjson; ``encode`` (the
    reference, every number by ``number_text``) must give the same text for them."""
    rules = default_ruleset()
    year_rules = compiled(rules, 2019)
    program = year_rules.programs["commune"]
    for commune in [*load_dataset(), *synth(100, 3)]:
        prepared = facts.build(commune, program, year_rules.edition, year_rules.deriver)
        assert prepared.plain
        assert fact_json(prepared.header, prepared.inputs, True) == fact_json(
            prepared.header, prepared.inputs, False)
    edges = {"a": 0.0001, "b": 9999999999999998.0, "c": 0.1 + 0.2, "d": 1e15, "e": -0.0,
             "f": 123.456, "g": {"h": 22.0, "i": "cong_chuc", "j": True, "k": None}}
    assert fact_json({"kind": "commune"}, edges, True) == fact_json(
        {"kind": "commune"}, edges, False)
