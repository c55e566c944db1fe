"""A batch among processes: a worker killed, the parent killed, signals while it waits, two
batches on one output, a bad document in ``evaluate_many``. Nothing hangs, nothing is lost,
nothing is left behind (no worker, no spool directory, no traceback).

The batches run as child processes (``python -m clean_strong.cli``) under timeouts; the child's
spool directories go to a ``TMPDIR`` of the test's own, checked empty at the end.
"""

from __future__ import annotations

import json
import os
import pickle
import shlex
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from clean_strong import errors
from clean_strong.batch import evaluate_many, run_batch
from clean_strong.cli import main
from clean_strong.documents import read_document
from clean_strong.errors import CleanStrongError, InputError

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
GOOD = ["muong-thanh-2019.recognised", "na-lay-2019.not-recognised", "song-da-2019.undetermined"]
LINES = 900
CLI = [sys.executable, "-m", "clean_strong.cli"]

# slow: child processes under signals and kills
pytestmark = [pytest.mark.slow, pytest.mark.timeout(180)]


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """900 communes, one a line (the examples in turn)."""
    path = tmp_path_factory.mktemp("input") / "in.jsonl"
    text = [json.dumps(json.loads((EXAMPLES / f"{name}.json").read_text("utf-8")),
                       ensure_ascii=False) for name in GOOD]
    path.write_text("".join(text[i % 3] + "\n" for i in range(LINES)), "utf-8")
    return path


@pytest.fixture(scope="module")
def full(source: Path, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The output of an uninterrupted batch of ``source``."""
    out = tmp_path_factory.mktemp("full") / "full.jsonl"
    assert main(["batch", str(source), "-o", str(out), "--workers", "2"]) == 0
    return out.read_bytes()


class Child:
    """``clean-strong batch`` in a child process, its stderr in a file, its spool in ``tmp``."""

    def __init__(self, tmp: Path, *argv: str, stdin: int | None = None,
                 session: bool = False, stdout: int | None = None) -> None:
        self.spool = tmp / "spool"
        self.spool.mkdir(exist_ok=True)
        self.err = tmp / "stderr.txt"
        env = dict(os.environ, TMPDIR=str(self.spool))
        with self.err.open("w") as err:
            self.process = subprocess.Popen([*CLI, "batch", *argv, "--lang", "en"], stderr=err,
                                            stdin=stdin, stdout=stdout, env=env,
                                            start_new_session=session)

    def wait_for_output(self, out: Path, size: int = 1) -> None:
        deadline = time.monotonic() + 60
        while not out.exists() or out.stat().st_size < size:
            assert self.process.poll() is None, self.stderr()
            assert time.monotonic() < deadline, "no output after 60 s"
            time.sleep(0.02)

    def workers(self) -> list[psutil.Process]:
        deadline = time.monotonic() + 10
        while not (found := psutil.Process(self.process.pid).children()):
            assert time.monotonic() < deadline
            time.sleep(0.02)
        return found

    def wait(self, timeout: float = 60) -> int:
        return self.process.wait(timeout)

    def stderr(self) -> str:
        return self.err.read_text("utf-8")

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)


@pytest.fixture
def children() -> Iterator[list[Child]]:
    started: list[Child] = []
    yield started
    for child in started:
        child.kill()


def _complete_lines(out: Path) -> list[bytes]:
    data = out.read_bytes()
    assert data == b"" or data.endswith(b"\n")
    lines = data.splitlines()
    for line in lines:
        json.loads(line)
    return lines


def _gone(processes: list[psutil.Process], within: float) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if not any(p.is_running() and p.status() != psutil.STATUS_ZOMBIE for p in processes):
            return True
        time.sleep(0.05)
    return False


def _resume(err: str) -> list[str]:
    """The resume command the batch printed, to run it as a child process."""
    line = next(line for line in err.splitlines() if line.startswith("resume with: ")
                or "resume with: " in line)
    command = shlex.split(line.split("resume with: ", 1)[1])
    assert command[:2] == ["clean-strong", "batch"] and "--resume" in command
    return [*CLI, *command[1:]]


def test_a_killed_worker_ends_the_batch_promptly_and_it_resumes(
        source: Path, full: bytes, tmp_path: Path, children: list[Child]) -> None:
    out = tmp_path / "out.jsonl"
    child = Child(tmp_path, str(source), "-o", str(out), "--workers", "2")
    children.append(child)
    child.wait_for_output(out)
    child.workers()[0].kill()
    assert child.wait() == 7, child.stderr()
    err = child.stderr()
    assert f"{out}: incomplete: a worker process died" in err and "SIGKILL" in err
    assert "Traceback" not in err
    assert 0 < len(_complete_lines(out)) < LINES
    assert list(child.spool.iterdir()) == []
    done = subprocess.run(_resume(err), capture_output=True, text=True, timeout=120,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes() == full


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_is_honoured_within_a_second_even_while_the_workers_hang(
        signum: int, source: Path, full: bytes, tmp_path: Path, children: list[Child]) -> None:
    out = tmp_path / "out.jsonl"
    child = Child(tmp_path, str(source), "-o", str(out), "--workers", "2")
    children.append(child)
    child.wait_for_output(out)
    workers = child.workers()
    for worker in workers:
        worker.suspend()  # their chunks will never come back
    time.sleep(0.3)
    sent = time.monotonic()
    child.process.send_signal(signum)
    code = child.wait(30)
    took = time.monotonic() - sent
    assert code == 128 + signum, child.stderr()
    assert took < 5, f"{took:.1f} s after the signal (the target is < 1 s)"
    assert _gone(workers, 5)
    err = child.stderr()
    assert "INTERRUPTED" in err and "resume with: " in err and "Traceback" not in err
    written = _complete_lines(out)
    assert written == full.splitlines()[: len(written)]
    assert list(child.spool.iterdir()) == []


def test_sigterm_to_the_whole_process_group_is_a_stop_not_a_dead_worker(
        source: Path, full: bytes, tmp_path: Path, children: list[Child]) -> None:
    """As ``systemctl stop`` or ``kill -TERM -PGID`` send it: the workers die with the parent's
    signal, and the batch reports the interruption (143) with its resume command."""
    out = tmp_path / "out.jsonl"
    child = Child(tmp_path, str(source), "-o", str(out), "--workers", "2", session=True)
    children.append(child)
    child.wait_for_output(out)
    workers = child.workers()
    os.killpg(child.process.pid, signal.SIGTERM)
    assert child.wait(30) == 143, child.stderr()
    assert _gone(workers, 5)
    err = child.stderr()
    assert "INTERRUPTED (SIGTERM)" in err and "resume with: " in err and "Traceback" not in err
    written = _complete_lines(out)
    assert written == full.splitlines()[: len(written)]
    assert list(child.spool.iterdir()) == []


def test_a_killed_parent_leaves_no_worker_no_spool_and_no_traceback(
        source: Path, tmp_path: Path, children: list[Child]) -> None:
    out = tmp_path / "out.jsonl"
    child = Child(tmp_path, str(source), "-o", str(out), "--workers", "2")
    children.append(child)
    child.wait_for_output(out)
    workers = child.workers()
    assert any(child.spool.iterdir())  # the spool exists while it runs
    child.process.kill()
    child.wait(10)
    assert _gone(workers, 10), "workers outlived their parent"
    deadline = time.monotonic() + 10
    while any(child.spool.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert list(child.spool.iterdir()) == []
    assert "Traceback" not in child.stderr()


def test_a_signal_stops_a_batch_waiting_for_its_standard_input(
        tmp_path: Path, children: list[Child]) -> None:
    out = tmp_path / "out.jsonl"
    child = Child(tmp_path, "-", "-o", str(out), "--workers", "2", stdin=subprocess.PIPE)
    children.append(child)
    assert child.process.stdin is not None
    line = (EXAMPLES / f"{GOOD[0]}.json").read_bytes().replace(b"\n", b" ") + b"\n"
    child.process.stdin.write(line * 130)  # a chunk and two lines, then nothing more
    child.process.stdin.flush()
    child.workers()  # the first chunk went to the pool: it now waits for the rest of the next
    time.sleep(0.5)
    sent = time.monotonic()
    child.process.send_signal(signal.SIGTERM)
    assert child.wait(30) == 143, child.stderr()
    assert time.monotonic() - sent < 5
    assert "INTERRUPTED (SIGTERM)" in child.stderr() and "Traceback" not in child.stderr()
    _complete_lines(out)


def test_a_signal_stops_a_batch_whose_reader_does_not_read(
        source: Path, tmp_path: Path, children: list[Child]) -> None:
    child = Child(tmp_path, str(source), "--workers", "2", stdout=subprocess.PIPE)
    children.append(child)
    child.workers()
    time.sleep(2.0)  # the first block (megabytes) is far more than the pipe holds
    sent = time.monotonic()
    child.process.send_signal(signal.SIGTERM)
    assert child.wait(30) == 143, child.stderr()
    assert time.monotonic() - sent < 5
    err = child.stderr()
    assert "INTERRUPTED (SIGTERM): run with -o FILE" in err and "Traceback" not in err


def test_a_second_batch_on_the_same_output_is_refused_and_the_first_completes(
        source: Path, full: bytes, tmp_path: Path, children: list[Child],
        capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.jsonl"
    child = Child(tmp_path, str(source), "-o", str(out), "--workers", "2")
    children.append(child)
    child.wait_for_output(out)
    other = tmp_path / "other.jsonl"
    other.write_bytes((EXAMPLES / f"{GOOD[0]}.json").read_bytes().replace(b"\n", b" ") + b"\n")
    for resume in ([], ["--resume"]):
        capsys.readouterr()
        assert main(["batch", str(other), "-o", str(out), "--lang", "en", *resume]) == 7
        assert capsys.readouterr().err.startswith(f"{out}: in use by another clean-strong batch")
    assert child.wait() == 0, child.stderr()
    assert out.read_bytes() == full


def test_evaluate_many_raises_the_error_of_a_bad_document_in_the_caller() -> None:
    documents: list[object] = [read_document(EXAMPLES / f"{GOOD[i % 3]}.json")
                               for i in range(300)]
    documents[200] = {"unit_code": 5}
    got = []
    with pytest.raises(InputError) as caught:
        for result in evaluate_many(documents, workers=2):
            got.append(result)
    assert len(got) == 200  # the results before it, in order
    assert caught.value.source == "<document 200>" and caught.value.path == "unit_code"


ABORTS = """
from pathlib import Path
from clean_strong import evaluate_many
from clean_strong.documents import read_document
from clean_strong.errors import InputError
documents = [read_document(Path(r"{example}"))] * 400
documents[300] = {{"unit_code": 5}}
for attempt in range(4):
    if attempt % 2:
        for number, result in enumerate(evaluate_many(documents, workers=2)):
            if number == 250:
                break  # a caller that leaves early
        continue
    try:
        list(evaluate_many(documents, workers=2))
    except InputError:
        pass
print("done")
"""


def test_a_pool_stopped_early_never_keeps_the_interpreter_from_exiting(tmp_path: Path) -> None:
    """A bad document or a caller that leaves early stops the pool with results in flight:
    the workers are killed, perhaps half-way through sending a result, and the executor's
    thread must still end (it waited for ever for the rest, and the interpreter for it)."""
    script = tmp_path / "aborts.py"
    script.write_text(ABORTS.format(example=EXAMPLES / f"{GOOD[0]}.json"), "utf-8")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          timeout=150, check=False)
    assert done.returncode == 0 and done.stdout == "done\n", done.stderr


def test_every_error_survives_a_round_trip_through_pickle() -> None:
    """A pool sends a worker's error to the caller pickled: each must come back whole."""
    made: list[CleanStrongError] = [
        errors.InputError("in.json", "officials[2].id", "duplicate official id"),
        errors.RuleSetError([errors.Problem("rules/x.yaml", 3, "unknown field")]),
        errors.OutputError("out.jsonl", "cannot write: disk full", "clean-strong batch …"),
        errors.UsageError("out.jsonl: is the input"),
        errors.EngineError("runaway ruleset"),
        errors.EngineUnavailable("Python 3.13: durable-rules cannot load; fix: …"),
    ]
    made[0].more = [("officials[3].id", "duplicate official id")]  # type: ignore[attr-defined]
    classes = {c for c in vars(errors).values()
               if isinstance(c, type) and issubclass(c, CleanStrongError)}
    assert {type(e) for e in made} | {CleanStrongError} == classes  # every class is here
    for error in made:
        again = pickle.loads(pickle.dumps(error))
        assert type(again) is type(error) and str(again) == str(error)
        assert vars(again) == vars(error)


@pytest.mark.parametrize("value", ["0", "-1", "two"])
def test_workers_below_one_are_a_usage_error(value: str, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["batch", str(EXAMPLES), "--workers", value])
    assert stopped.value.code == 2
    assert "--workers" in capsys.readouterr().err
    with (tmp_path / "x").open("wb") as out, pytest.raises(ValueError, match="at least 1"):
        run_batch(EXAMPLES, out, "dien-bien-2019", workers=0 if value == "two" else int(value))
    with pytest.raises(ValueError, match="at least 1"):
        list(evaluate_many([], workers=0))


def test_the_spool_of_a_batch_killed_with_its_workers_is_removed_by_the_next(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    dead = next(pid for pid in range(4_000_000, 4_100_000) if not psutil.pid_exists(pid))
    stale = tmp_path / f"clean-strong-batch-{dead}-abc"
    stale.mkdir()
    (stale / "0.jsonl").write_bytes(b"{}\n")
    living = tmp_path / f"clean-strong-batch-{os.getppid()}-abc"
    living.mkdir()
    out = tmp_path / "out.jsonl"
    assert main(["batch", str(EXAMPLES), "-o", str(out), "--workers", "2"]) in (0, 5)
    assert not stale.exists() and living.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [living.name, "out.jsonl"]
