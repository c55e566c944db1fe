"""Running the command line inside the test process, its output captured."""

from __future__ import annotations

import pytest

from clean_strong.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """``clean-strong ARGV``: its exit code, standard output and standard error."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err
