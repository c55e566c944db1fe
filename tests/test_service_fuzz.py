"""Schemathesis, a property-based OpenAPI fuzzer, against a real server: no 5xx, ever.

It reads ``/openapi.json`` and sends schema-valid and schema-violating requests to every
operation (documents generated from the library's own models, parameters out of domain, bodies
missing or malformed), then a stateful phase, with every check but one: "a schema-valid
request must be accepted" cannot hold here, since a document can satisfy the JSON Schema and
still be refused for what a schema cannot say (an assessment year outside the rule set's years,
9 apologies for 4 late dossiers), always as a 422 naming the field. Besides no server error,
the checks hold every answer to its documented status, content type, headers and schema (the
``Result`` schema included).
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from service_server import Server, serving

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    with serving() as running:
        yield running


def test_schemathesis_finds_no_server_error_and_no_schema_mismatch(
        server: Server, tmp_path: Path) -> None:
    command = [
        str(Path(sys.executable).with_name("schemathesis")), "run",
        f"{server.url}/openapi.json",
        "--checks", "all", "--exclude-checks", "positive_data_acceptance",
        "--max-examples", "40", "--seed", "20260101", "--workers", "1",
        "--request-timeout", "60", "--no-color",
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=850, cwd=tmp_path)
    summary = done.stdout[-6000:]
    assert done.returncode == 0, summary
    assert " passed" in summary and "failures" not in summary.lower(), summary
    assert "Traceback" not in server.stderr()
    assert " 500 " not in server.stderr()
