"""The README's two commands are the ones CI runs and the ones that work."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text("utf-8")
    section = text.split("## Two commands", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section)


def test_readme_gives_exactly_two_commands() -> None:
    assert len(_readme_commands()) == 2


def _ci_block(marker: str) -> list[str]:
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    assert ci.count(marker) == 1
    block = ci.split(marker, 1)[1].split("# ---", 1)[0]
    return [line for line in block.splitlines()[1:] if line.strip()]


def test_ci_runs_exactly_the_readme_main_command() -> None:
    assert _ci_block("# --- the README's main command") == [_readme_commands()[0]]


def test_ci_runs_exactly_the_readme_test_command() -> None:
    assert _ci_block("# --- the README's test command") == [_readme_commands()[1]]


def test_the_readme_shows_what_reproduce_really_prints(capsys: object) -> None:
    """The output shown is pasted, never written by hand: it must match a fresh run."""
    from clean_strong.cli import main

    assert main(["reproduce", "dien-bien-2019"]) == 0
    printed = capsys.readouterr().out.splitlines()  # type: ignore[attr-defined]
    text = (ROOT / "README.md").read_text("utf-8")
    shown = text.split("It prints (abridged", 1)[1].split("```\n", 2)[1].splitlines()
    shown = [line for line in shown if line.strip() != "…"]
    assert shown and all(line in printed for line in shown)
