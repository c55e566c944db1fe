"""Nothing read from a file is executed, fetched or written anywhere the user did not point."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "clean_strong"
FORBIDDEN_CALLS = {"eval", "exec", "compile", "__import__", "execfile"}
FORBIDDEN_MODULES = {"pickle", "marshal", "shelve", "socket", "urllib", "http", "requests",
                     "ftplib", "smtplib", "xmlrpc", "yaml"}


def _modules() -> list[Path]:
    return sorted(SRC.rglob("*.py"))


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_no_eval_exec_or_network_in_the_package(path: Path) -> None:
    tree = ast.parse(path.read_text("utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            assert node.func.id not in FORBIDDEN_CALLS, f"{path}:{node.lineno} calls {node.func.id}"
        if isinstance(node, ast.Import):
            for alias in node.names:
                assert alias.name.split(".")[0] not in FORBIDDEN_MODULES, f"{path}: {alias.name}"
        if isinstance(node, ast.ImportFrom) and node.module:
            assert node.module.split(".")[0] not in FORBIDDEN_MODULES, f"{path}: {node.module}"


def test_yaml_is_only_loaded_through_the_safe_loader() -> None:
    users = [p for p in _modules() if "ruamel" in p.read_text("utf-8")]
    assert [p.name for p in users] == ["yamlfile.py"]
    text = (SRC / "ruleset" / "yamlfile.py").read_text("utf-8")
    assert 'typ="safe"' in text and "typ=\"rt\"" not in text and "unsafe" not in text


def test_evaluate_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from clean_strong.cli import main

    examples = Path(__file__).resolve().parent.parent / "examples"
    example = examples / "na-lay-2019.not-recognised.json"
    monkeypatch.chdir(tmp_path)
    assert main(["evaluate", str(example), "--format", "json"]) == 0
    assert list(tmp_path.iterdir()) == []
