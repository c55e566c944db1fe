"""Supported Pythons: one list everywhere, the durable-rules build flag, and one line when the
engine cannot load.

What this file cannot show (a real build on each Python, with gcc 14's errors) is what
``.ci/run`` does: the README's two commands from a clean clone on 3.11 and 3.13.
"""

from __future__ import annotations

import os
import platform
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.specifiers import SpecifierSet

import install
from clean_strong.engine import native

pytestmark = pytest.mark.slow  # interpreters and installs

ROOT = Path(__file__).resolve().parent.parent
BROKEN = Path(__file__).resolve().parent / "fixtures" / "broken_engine"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]

# Every verb of the command line, with arguments it would accept: none may get further than
# the one line.
VERBS = [
    ["evaluate", "examples/na-lay-2019.not-recognised.json"],
    ["schema"],
    ["rules", "list"],
    ["reproduce", "dien-bien-2019"],
    ["batch", "examples", "-o", "out.jsonl"],
    ["synth", "--units", "1", "-o", "out.jsonl"],
    ["report", "dien-bien-2019", "--html", "out"],
    ["explain", "examples/na-lay-2019.not-recognised.json"],
    ["verify", "result.json", "examples/na-lay-2019.not-recognised.json"],
    ["diff", "dien-bien-2019", "--against-year", "2024"],
]
CONSOLE_SCRIPT = "import sys; from clean_strong.cli import main; sys.exit(main())"


def _python(code: str, *argv: str, broken: bool = True,
            **env: str) -> subprocess.CompletedProcess[str]:
    """``python -c CODE ARGV`` from the repository root, durable-rules' C engine replaced by one
    that fails as an unpatched build does on 3.13 (``broken``)."""
    paths = [str(ROOT / "src"), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    environ = {k: v for k, v in os.environ.items() if k not in ("CLEAN_STRONG_DEBUG",
                                                                 "CLEAN_STRONG_LANG")}
    environ["PYTHONPATH"] = os.pathsep.join([str(BROKEN)] * broken + paths)
    environ.update(env)
    return subprocess.run([sys.executable, "-c", code, *argv], cwd=ROOT, env=environ,
                          capture_output=True, text=True, timeout=60)


def _one_line(run: subprocess.CompletedProcess[str]) -> str:
    assert run.returncode == 1, run.stderr
    assert run.stdout == ""
    assert "Traceback" not in run.stderr
    lines = run.stderr.splitlines()
    assert len(lines) == 1, run.stderr
    return lines[0]


def _says_version_cause_fix(line: str) -> None:
    assert line.startswith("clean-strong: Python " + platform.python_version() + " ")
    assert "PyEval_CallObject" in line
    assert f"CPPFLAGS={native.FLAG} " in line
    assert f"-m pip install --no-cache-dir --force-reinstall --no-deps {native.REQUIREMENT}" in line


def test_import_stops_with_one_line_naming_version_cause_and_fix() -> None:
    line = _one_line(_python("import clean_strong"))
    _says_version_cause_fix(line)
    assert "bộ máy C" in line  # Vietnamese by default


def test_the_line_is_in_english_on_request() -> None:
    line = _one_line(_python("import clean_strong", CLEAN_STRONG_LANG="en"))
    _says_version_cause_fix(line)
    assert "cannot load durable-rules' C engine" in line
    assert "which Python 3.13 removed, and was compiled without the flag" in line


@pytest.mark.parametrize("argv", VERBS, ids=[argv[0] for argv in VERBS])
def test_every_verb_stops_with_the_same_line(argv: list[str]) -> None:
    """The console script's own code: it imports ``clean_strong.cli`` before ``main`` runs."""
    _says_version_cause_fix(_one_line(_python(CONSOLE_SCRIPT, *argv)))


def test_an_engine_not_installed_is_named_so() -> None:
    code = "import sys; sys.modules['durable_rules_engine'] = None; import clean_strong"
    line = _one_line(_python(code, broken=False, CLEAN_STRONG_LANG="en"))
    assert "durable-rules is not installed; fix: CPPFLAGS=" in line


def test_the_failure_is_an_import_error_and_other_errors_keep_their_traceback() -> None:
    code = ("try:\n    import clean_strong\nexcept ImportError as error:\n"
            "    print(type(error).__name__)\nraise ValueError('something else')")
    run = _python(code)
    assert run.returncode == 1
    assert run.stdout == "EngineUnavailable\n"
    assert "Traceback" in run.stderr and run.stderr.endswith("ValueError: something else\n")


def test_debug_shows_the_traceback() -> None:
    run = _python("import clean_strong", CLEAN_STRONG_DEBUG="1")
    assert run.returncode == 1
    assert "Traceback" in run.stderr and "clean_strong.errors.EngineUnavailable: " in run.stderr


def test_without_the_stand_in_the_engine_loads() -> None:
    """The stand-in is what fails above, not the test's environment."""
    run = _python("import clean_strong; print('ok')", broken=False)
    assert (run.returncode, run.stdout) == (0, "ok\n"), run.stderr


# -- one list of versions, one pin, one flag ------------------------------------------------


def _claimed_by_classifiers() -> set[str]:
    prefix = "Programming Language :: Python :: "
    return {c.removeprefix(prefix) for c in PYPROJECT["classifiers"]
            if re.fullmatch(re.escape(prefix) + r"3\.\d+", c)}


def _allowed_by_requires_python() -> set[str]:
    spec = SpecifierSet(PYPROJECT["requires-python"])
    return {f"3.{minor}" for minor in range(0, 40) if spec.contains(f"3.{minor}.0")}


def _readme_versions() -> set[str]:
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme.split("## Python versions", 1)[1].split("\n## ", 1)[0]
    found = re.match(r"\s*CPython ((?:3\.\d+, )*3\.\d+) and (3\.\d+),", section)
    assert found, section[:200]
    return {*found.group(1).split(", "), found.group(2)}


def _ci_versions() -> set[str]:
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    versions: set[str] = set()
    for name in ("SUITES", "MAIN_ONLY"):
        found = re.search(rf'^{name}="([^"]*)"', ci, re.MULTILINE)
        assert found, name
        versions.update(found.group(1).split())
    return versions


def test_classifiers_requires_python_readme_and_ci_name_the_same_versions() -> None:
    claimed = _claimed_by_classifiers()
    assert claimed == {"3.11", "3.12", "3.13"}
    assert _allowed_by_requires_python() == claimed
    assert _readme_versions() == claimed
    assert _ci_versions() == claimed


def test_one_durable_rules_pin_and_one_flag() -> None:
    assert native.REQUIREMENT in PYPROJECT["dependencies"]
    assert install.durable_rules_requirement() == native.REQUIREMENT
    assert install.FLAG == native.FLAG
    readme = " ".join((ROOT / "README.md").read_text("utf-8").split())
    assert f"CPPFLAGS={native.FLAG} pip install --no-cache-dir {native.REQUIREMENT}" in readme


def test_install_adds_the_flag_to_the_callers_cppflags() -> None:
    assert install.build_environment({"CPPFLAGS": "-Werror=int-conversion", "A": "b"}) == {
        "CPPFLAGS": f"-Werror=int-conversion {native.FLAG}", "A": "b"}
    assert install.build_environment({})["CPPFLAGS"] == native.FLAG
