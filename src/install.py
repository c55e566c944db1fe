"""``pip install`` for clean-strong that works on every supported Python (3.11 to 3.13).

Usage, as the README's two commands run it: ``.venv/bin/python src/install.py -q .`` (or
``-q '.[test]'``). The arguments are ``pip install``'s; the environment is the one of the
Python that runs this file. Only the standard library is used, so it runs before anything is
installed.

Why: the engine, durable-rules 2.0.28 (no release since 2020; an sdist only, compiled on the
user's machine), calls ``PyEval_CallObject``, which Python 3.13 removed. Built as it is, it
fails to import on 3.13 (``undefined symbol``) with gcc 12 and fails to compile with gcc 14
(an implicit declaration is an error there). Compiled with
``CPPFLAGS=-DPyEval_CallObject=PyObject_CallObject`` it works on both: the flag names the
function 3.13 still has and that the old name always meant (on 3.11 and 3.12 Python's own
header defines the same macro, so nothing changes there). Its ``setup.py`` overwrites
``CFLAGS``, hence ``CPPFLAGS``; any ``CPPFLAGS`` already set are kept, the flag is added.

Steps:

1. if ``durable_rules_engine`` already imports in the target environment, nothing is built;
2. else durable-rules is installed first with the flag, ``--no-cache-dir`` so that a wheel pip
   cached from an earlier build without the flag is never reused (it takes seconds);
3. ``pip install ARGS``: durable-rules is then already satisfied;
4. the engine must import, else this stops with the reason (exit status 1).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

FLAG = "-DPyEval_CallObject=PyObject_CallObject"
PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"
CHECK = "import durable_rules_engine, durable.lang"


def durable_rules_requirement(pyproject: Path = PYPROJECT) -> str:
    """The durable-rules pin of ``pyproject.toml``'s dependencies (one source of truth)."""
    dependencies = tomllib.loads(pyproject.read_text("utf-8"))["project"]["dependencies"]
    for requirement in dependencies:
        if requirement.replace("_", "-").lower().startswith("durable-rules"):
            return str(requirement)
    raise SystemExit(f"{pyproject}: no durable-rules in [project] dependencies")


def build_environment(environ: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for durable-rules' build: the caller's, with the flag in CPPFLAGS."""
    env = dict(os.environ if environ is None else environ)
    env["CPPFLAGS"] = " ".join(filter(None, [env.get("CPPFLAGS", "").strip(), FLAG]))
    return env


def engine_imports() -> bool:
    """Whether durable-rules' C engine loads in the target Python (a fresh process)."""
    return subprocess.run([sys.executable, "-c", CHECK], capture_output=True).returncode == 0


def pip(*args: str, env: dict[str, str] | None = None) -> None:
    command = [sys.executable, "-m", "pip", "install", *args]
    if subprocess.run(command, env=env).returncode != 0:
        raise SystemExit(f"install.py: failed: {' '.join(command)}")


def main(argv: list[str]) -> int:
    quiet = [arg for arg in argv if arg in ("-q", "--quiet")]
    if not engine_imports():
        pip(*quiet, "--no-cache-dir", "--force-reinstall", "--no-deps",
            durable_rules_requirement(), env=build_environment())
    pip(*argv)
    if not engine_imports():
        print(f"install.py: durable-rules is installed but does not import in "
              f"{sys.executable} ({sys.version.split()[0]}); see: {sys.executable} -c "
              f"'{CHECK}'", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
