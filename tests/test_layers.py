"""The import graph follows the pipeline: every module's imports (read with ``ast``, not by
running it) go only to the layers below it, and the core names no province.

    condition ← ruleset ← engine ← evaluation ← {batch, audit, reports, authoring, service, cli}

with the shared bottom (errors, words, models, result, summary, documents) below them all.
Renderers take results and plain data: they import nothing of the engine, evaluation, audit,
batch or data sets. The Điện Biên 2019 study is one package above evaluation.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "clean_strong"

BOTTOM = {"errors", "words", "version", "defaults", "terminal"}
SHARED = BOTTOM | {"models", "result", "summary", "documents"}
CORE = SHARED | {"condition", "ruleset", "engine", "evaluation"}
# component -> the components it may import (itself always allowed)
ALLOWED: dict[str, set[str]] = {
    "errors": {"words"},  # "(tài liệu)" / "(document)": the catalogue's
    "words": set(),
    "version": set(),
    "defaults": set(),
    "terminal": set(),
    "models": {"words", "errors"},
    "result": set(),
    "summary": {"result", "models", "words"},
    "documents": {"models", "errors", "words"},
    "condition": {"models", "words", "errors"},
    "ruleset": {"condition", "models", "words", "errors", "documents"},
    "engine": {"ruleset", "condition", "models", "words", "errors"},
    "evaluation": {"engine", "ruleset", "condition", *SHARED},
    "render": {"result", "summary", "words", "models", "errors", "version", "documents"},
    "batch": CORE,
    "audit": CORE,
    "authoring": CORE | {"render", "audit"},  # the book names fields as the auditor's labels do
    "dien_bien_2019": CORE | {"render"},
    "reports": CORE | {"audit", "render", "datasets", "authoring"},  # a page's words (terms)
    "datasets": CORE | {"dien_bien_2019", "render"},
    "service": CORE | {"batch", "audit", "reports", "render", "authoring", "datasets",
                       "dien_bien_2019", "cli"},
    "cli": CORE | {"batch", "audit", "reports", "render", "authoring", "datasets",
                   "dien_bien_2019", "service"},
    "__init__": {"batch", "engine", "evaluation", "models", "result", "version"},
    "__main__": {"cli"},
    "install": set(),
}
PROVINCE_WORDS = ("Điện Biên", "dien-bien", "dien_bien", "Mường Thanh", "Muong Thanh",
                  "bài báo", "the article")


def _modules() -> list[Path]:
    return sorted(SRC.rglob("*.py"))


def _component(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return parts[0]


def _imports(path: Path) -> set[str]:
    """The clean_strong components ``path`` imports (relative imports resolved)."""
    tree = ast.parse(path.read_text("utf-8"), str(path))
    package = list(path.relative_to(SRC).parent.parts)
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                target = [*base, *(node.module.split(".") if node.module else [])]
                if not target:  # "from . import x" at the top: x is a component
                    found.update(alias.name for alias in node.names)
                else:
                    found.add(target[0])
            elif node.module and node.module.startswith("clean_strong."):
                found.add(node.module.split(".")[1])
            elif node.module == "clean_strong":
                found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("clean_strong."):
                    found.add(alias.name.split(".")[1])
    return found


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_each_module_imports_only_the_layers_below_it(path: Path) -> None:
    component = _component(path)
    assert component in ALLOWED, f"{component}: a new component needs its place in ALLOWED"
    wrong = _imports(path) - ALLOWED[component] - {component}
    assert not wrong, f"{path.relative_to(SRC)} ({component}) imports {sorted(wrong)}"


def test_the_layer_table_has_no_cycle() -> None:
    """Allowed imports form a partial order: no component may reach back to itself."""
    def reach(start: str) -> set[str]:
        seen: set[str] = set()
        todo = [start]
        while todo:
            for nxt in ALLOWED.get(todo.pop(), set()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return seen

    cyclic = {c for c in ALLOWED if c in reach(c)}
    # the service and the CLI may call each other's small helpers (serve is a CLI verb)
    assert cyclic <= {"service", "cli"}, sorted(cyclic)


def test_the_core_names_no_province_article_or_commune() -> None:
    core = [p for p in _modules() if _component(p) in CORE | {"render", "batch", "audit"}
            and _component(p) != "defaults"]
    offenders = [
        f"{p.relative_to(SRC)}: {word!r}"
        for p in core
        for word in PROVINCE_WORDS
        if word.lower() in p.read_text("utf-8").lower()
    ]
    assert not offenders, offenders


def test_no_module_is_over_500_lines_without_a_reason() -> None:
    """One concept a module, readable in one sitting; the few longer ones say why here."""
    reasons = {
        "dien_bien_2019/generator.py": "the generator's stated priors, one per knob, with sources",
    }
    long = {str(p.relative_to(SRC)): n for p in _modules()
            if (n := len(p.read_text("utf-8").splitlines())) > 500}
    assert set(long) <= set(reasons), long
