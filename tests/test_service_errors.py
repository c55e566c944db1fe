"""Every error class against a real server: one body, the CLI's code and message, no 500.

A bad document is 422 with the CLI's exit code 3, its field path and the very message the CLI
prints after ``FILE: path:`` (every file of the fault corpus); a body over the limit is 413
whether its length is declared or not; an unknown address 404, a wrong method 405 (with
``Allow``), a parameter outside its domain 400 (the CLI's usage code 2) in the request's
language; a body sent too slowly 408, work over the time limit 503. None is a traceback.
"""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from cli_run import run
from service_server import EXAMPLES, ROOT, Server, serving

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]  # slow: a real server process

FAULTS = sorted((ROOT / "tests" / "fixtures" / "bad").glob("*.json"))
GOOD = (EXAMPLES / "na-lay-2019.not-recognised.json").read_bytes()
LIMIT = 50_000  # the servers below take documents of at most this many bytes


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    with serving("--body-timeout", "1.5") as running:
        yield running
        assert "Traceback" not in running.stderr()


@pytest.fixture(scope="module")
def small() -> Iterator[httpx.Client]:
    """A server with small size limits."""
    with serving("--max-body", str(LIMIT), "--max-batch", str(4 * LIMIT)) as running:
        with running.client() as http:
            yield http
        assert "Traceback" not in running.stderr()


@pytest.fixture(scope="module")
def client(server: Server) -> Iterator[httpx.Client]:
    with server.client() as http:
        yield http


def _error(answer: httpx.Response, status: int, code: int) -> dict[str, object]:
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == "application/json"
    body = answer.json()
    assert set(body) == {"error"}
    error: dict[str, object] = body["error"]
    assert {"code", "path", "message"} <= set(error) <= {"code", "path", "message", "more"}
    assert error["code"] == code
    return error


@pytest.mark.parametrize("fault", FAULTS, ids=lambda p: p.stem)
def test_a_bad_document_is_422_with_the_cli_message(
        client: httpx.Client, capsys: pytest.CaptureFixture[str], fault: Path) -> None:
    code, _, err = run(capsys, "evaluate", str(fault), "--format", "json")
    assert code == 3
    first, *more = err.splitlines()
    error = _error(client.post("/v1/evaluate", content=fault.read_bytes()), 422, 3)
    assert f"{fault}: {error['path'] or '(tài liệu)'}: {error['message']}" == first
    listed = error.get("more", [])
    assert isinstance(listed, list)
    assert [f"{fault}: {m['path'] or '(tài liệu)'}: {m['message']}" for m in listed] == more


def test_malformed_json_and_an_unknown_kind(client: httpx.Client) -> None:
    error = _error(client.post("/v1/evaluate", content=b'{"unit_code": '), 422, 3)
    assert error["path"] == "" and str(error["message"]).startswith("JSON sai cú pháp")
    error = _error(client.post("/v1/evaluate", params={"lang": "en"}, content=b'{"unit_code": '),
                   422, 3)
    assert error["path"] == "" and str(error["message"]).startswith("malformed JSON")
    error = _error(client.post("/v1/explain", params={"lang": "en"},
                               content=b'{"kind": "district"}'), 422, 3)
    assert error["path"] == "kind" and "unknown document kind 'district'" in str(
        error["message"])


def test_an_invalid_field_names_its_path(client: httpx.Client) -> None:
    document = json.loads(GOOD)
    document["officials"][3]["professional_level"] = "dai hoc"
    error = _error(client.post("/v1/evaluate", content=json.dumps(document)), 422, 3)
    assert error["path"] == "officials[3].professional_level"
    assert "có phải ý là 'dai_hoc'?" in str(error["message"])
    error = _error(client.post("/v1/evaluate", params={"lang": "en"},
                               content=json.dumps(document)), 422, 3)
    assert "did you mean 'dai_hoc'?" in str(error["message"])


def test_a_declared_length_over_the_limit_is_413_before_reading(small: httpx.Client) -> None:
    body = b" " * (LIMIT + 1)
    error = _error(small.post("/v1/evaluate", content=body), 413, 3)
    assert error["message"] == "nội dung gửi vượt quá 50.000 byte"
    assert small.post("/v1/evaluate", content=GOOD).status_code == 200  # under it: read
    error = _error(small.post("/v1/evaluate", params={"lang": "en"}, content=body), 413, 3)
    assert error["message"] == "the request body exceeds 50,000 bytes"


def test_a_chunked_body_over_the_limit_is_413_while_it_arrives(small: httpx.Client) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(LIMIT // 1000 + 2):
            yield b" " * 1000

    answer = small.post("/v1/evaluate", content=chunks())
    assert "content-length" not in answer.request.headers
    _error(answer, 413, 3)
    batch = small.post("/v1/batch", content=(b" " * 1000 for _ in range(4 * LIMIT // 1000 + 1)))
    assert _error(batch, 413, 3)["message"] == (
        "nội dung gửi vượt quá 200.000 byte; không dòng nào được đánh giá")


def test_unknown_address_and_wrong_method(client: httpx.Client) -> None:
    error = _error(client.get("/v2/evaluate", headers={"Accept-Language": "en"}), 404, 2)
    assert error["message"] == "no such address /v2/evaluate (see /docs)"
    answer = client.get("/v1/evaluate")
    error = _error(answer, 405, 2)
    assert answer.headers["allow"] == "POST"
    assert error["message"] == "không dùng được phương thức GET với /v1/evaluate; dùng POST"
    assert client.delete("/").headers["allow"] == "GET, HEAD, POST"
    assert client.post("/healthz").headers["allow"] == "GET, HEAD"
    _error(client.get("/v1/schema/district"), 404, 2)
    _error(client.get("/v1/reproduce/ha-noi-2019"), 404, 2)
    error = _error(client.get("/v1/rules/ZZ-99"), 404, 3)
    assert str(error["message"]).startswith("không có tiêu chí ZZ-99 trong dien-bien-2019; "
                                            "các tiêu chí: CB-01")
    error = _error(client.get("/v1/rules/ZZ-99", params={"lang": "en"}), 404, 3)
    assert str(error["message"]).startswith("no such criterion ZZ-99 in dien-bien-2019")


def test_a_rule_set_not_served_is_refused(client: httpx.Client) -> None:
    for answer in (client.post("/v1/evaluate", params={"rules": "../../etc"}, content=GOOD),
                   client.get("/v1/rules", params={"rules": "/tmp/rules"})):
        error = _error(answer, 400, 2)
        assert error["path"] == "query.rules"
        assert "served: dien-bien-2019" in str(error["message"]) or "có: dien-bien-2019" in str(
            error["message"])


def test_parameters_outside_their_domain_are_400_in_the_request_language(
        client: httpx.Client) -> None:
    error = _error(client.post("/v1/evaluate", params={"lang": "fr"}, content=GOOD), 400, 2)
    assert error == {"code": 2, "path": "query.lang",
                     "message": "'fr' không phải là một trong vi, en"}
    answer = client.post("/v1/evaluate", params={"lang": "fr"}, content=GOOD,
                         headers={"Accept-Language": "en-US,en;q=0.8"})
    assert _error(answer, 400, 2)["message"] == "'fr' is not one of vi, en"
    error = _error(client.post("/v1/evaluate", params={"counterfactuals": "maybe", "lang": "en"},
                               content=GOOD), 400, 2)
    assert error == {"code": 2, "path": "query.counterfactuals",
                     "message": "'maybe' is not true or false"}
    error = _error(client.post("/v1/explain", params={"criterion": "ZZ-99"}, content=GOOD),
                   422, 3)
    assert error["path"] == "query.criterion"
    assert str(error["message"]).startswith("không có tiêu chí này trong kết quả này")
    error = _error(client.post("/v1/explain", params={"criterion": "ZZ-99", "lang": "en"},
                               content=GOOD), 422, 3)
    assert str(error["message"]).startswith("no such criterion in this result; one of CB-01")


def test_a_body_sent_too_slowly_is_408(server: Server) -> None:
    with socket.create_connection(("127.0.0.1", server.port), timeout=20) as raw:
        raw.sendall(b"POST /v1/evaluate?lang=en HTTP/1.1\r\nHost: x\r\n"
                    b"Content-Length: 100\r\n\r\n{\"unit_code\"")
        started = time.monotonic()
        answer = b""
        while b"\r\n\r\n" not in answer or not answer.rstrip().endswith(b"}"):
            chunk = raw.recv(4096)
            if not chunk:
                break
            answer += chunk
    assert 1.4 < time.monotonic() - started < 15
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 408 ")
    assert json.loads(body)["error"] == {
        "code": 3, "path": "", "message": "the request body did not arrive within 1.5 s"}


def test_work_over_the_time_limit_is_503() -> None:
    with serving("--timeout", "0.001") as running, running.client() as http:
        answer = http.post("/v1/evaluate", params={"counterfactuals": "true", "lang": "en"},
                           content=GOOD)
        error = _error(answer, 503, 1)
        assert error["message"] == "the evaluation took longer than the limit of 0.001 s"
        assert answer.headers["retry-after"] == "10"
        # a small plain evaluation runs inline and is not cut
        assert http.post("/v1/evaluate", content=GOOD).status_code == 200
        assert "Traceback" not in running.stderr()


def test_a_csv_table_the_reader_cannot_split_is_bad_input_not_a_crash(
        client: httpx.Client, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Found by the fuzzer: a bare carriage return in an unquoted CSV cell (Excel for Mac's
    old line ending) was an internal error, in the CLI too."""
    table = tmp_path / "don-vi.csv"
    table.write_bytes("Mã đơn vị,Tên\r03151\n".encode())
    code, _, err = run(capsys, "evaluate", str(table), "--format", "json")
    assert code == 3, err
    answer = client.post("/v1/evaluate", content=table.read_bytes(),
                         headers={"Content-Type": "text/csv"})
    error = _error(answer, 422, 3)
    assert err.splitlines()[0] == f"{table}: {error['path'] or '(tài liệu)'}: {error['message']}"
    assert "CSV UTF-8" in str(error["message"])
