"""The JSON API against a real ``clean-strong serve`` process: every answer is the CLI's.

Byte for byte: ``POST /v1/evaluate`` is ``clean-strong evaluate FILE --format json``'s output
(with its final newline) for every example, with and without counterfactuals, whatever the
language asked; ``/v1/explain`` is ``explain``'s text; ``/v1/batch`` the lines ``batch`` writes
for the same file; the schemas, the rule list and rule pages, and the reproduction are the
CLI's. Rule sets are chosen only by name among those the server was started with.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from cli_run import run
from service_server import EXAMPLES, ROOT, Server, serving

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]  # slow: a real server process

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.json"))
NOT_RECOGNISED = EXAMPLES / "na-lay-2019.not-recognised.json"
COPY_NAME = "dien-bien-2019-copy"


@pytest.fixture(scope="module")
def second_rules(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled rules under another name: a second rule set to serve."""
    target = tmp_path_factory.mktemp("rules") / COPY_NAME
    shutil.copytree(ROOT / "rules" / "dien-bien-2019", target)
    manifest = target / "ruleset.yaml"
    text = manifest.read_text("utf-8").replace("name: dien-bien-2019", f"name: {COPY_NAME}", 1)
    manifest.write_text(text, "utf-8")
    return target


@pytest.fixture(scope="module")
def server(second_rules: Path) -> Iterator[Server]:
    with serving("--rules", "dien-bien-2019", "--rules", str(second_rules)) as running:
        yield running
        assert "Traceback" not in running.stderr()


@pytest.fixture(scope="module")
def client(server: Server) -> Iterator[httpx.Client]:
    with server.client() as http:
        yield http


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> bytes:
    code, out, err = run(capsys, *argv)
    assert code == 0, err
    return out.encode("utf-8")


@pytest.mark.parametrize("example", EXAMPLE_FILES, ids=lambda p: p.name)
def test_evaluate_answers_the_cli_bytes_for_every_example(
        client: httpx.Client, capsys: pytest.CaptureFixture[str], example: Path) -> None:
    expected = _cli(capsys, "evaluate", str(example), "--format", "json")
    answer = client.post("/v1/evaluate", content=example.read_bytes())
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/json"
    assert answer.content == expected
    assert answer.content.endswith(b"}\n") and answer.content.count(b"\n") == 1


def test_the_language_asked_does_not_change_the_result_json(client: httpx.Client) -> None:
    body = NOT_RECOGNISED.read_bytes()
    answers = {client.post("/v1/evaluate", content=body, params=params, headers=headers).content
               for params, headers in [({}, {}), ({"lang": "en"}, {}),
                                       ({}, {"Accept-Language": "en-GB,en;q=0.9"})]}
    assert len(answers) == 1


def test_counterfactuals_answer_the_cli_bytes(
        client: httpx.Client, capsys: pytest.CaptureFixture[str]) -> None:
    expected = _cli(capsys, "evaluate", str(NOT_RECOGNISED), "--format", "json",
                    "--counterfactuals")
    answer = client.post("/v1/evaluate", params={"counterfactuals": "true"},
                         content=NOT_RECOGNISED.read_bytes())
    assert answer.status_code == 200 and answer.content == expected
    assert json.loads(answer.content)["recognition"] is not None


@pytest.mark.parametrize(("lang", "criterion"), [("vi", None), ("en", "CB-02")])
def test_explain_answers_the_cli_text(client: httpx.Client, capsys: pytest.CaptureFixture[str],
                                      lang: str, criterion: str | None) -> None:
    extra = ["--criterion", criterion] if criterion else []
    expected = _cli(capsys, "explain", str(NOT_RECOGNISED), "--lang", lang, *extra)
    params = {"lang": lang, **({"criterion": criterion} if criterion else {})}
    answer = client.post("/v1/explain", params=params, content=NOT_RECOGNISED.read_bytes())
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "text/plain; charset=utf-8"
    assert answer.content == expected


def _jsonl(tmp_path: Path) -> Path:
    """Every example on a line, a blank line, a malformed line, a bad field, a report."""
    lines = [json.dumps(json.loads(p.read_text("utf-8")), ensure_ascii=False)
             for p in EXAMPLE_FILES]
    lines[1:1] = ["", "{not json", '{"kind": "commune", "unit_code": "1"}']
    path = tmp_path / "communes.jsonl"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def test_batch_lines_are_the_cli_lines_in_input_order(
        client: httpx.Client, capsys: pytest.CaptureFixture[str], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    source = _jsonl(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "batch", source.name, "--workers", "1", "-o", "out.jsonl")
    assert code == 5, err  # some lines are bad: a partial batch
    expected = (tmp_path / "out.jsonl").read_bytes()
    answer = client.post("/v1/batch", params={"source": source.name},
                         content=source.read_bytes())
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/x-ndjson"
    assert answer.content == expected
    records = [json.loads(line) for line in answer.content.splitlines()]
    assert [r["source"] for r in records] == [
        f"communes.jsonl:{n}" for n in (1, 3, 4, 5, 6, 7, 8)]
    assert [("error" in r) for r in records] == [False, True, True, False, False, False, False]


def test_an_empty_batch_is_no_line(client: httpx.Client) -> None:
    answer = client.post("/v1/batch", content=b"")
    assert answer.status_code == 200 and answer.content == b""


@pytest.mark.parametrize("kind", ["commune", "report"])
def test_schema_is_the_cli_schema(client: httpx.Client, capsys: pytest.CaptureFixture[str],
                                  kind: str) -> None:
    answer = client.get(f"/v1/schema/{kind}")
    assert answer.status_code == 200
    assert answer.content == _cli(capsys, "schema", "--kind", kind)


def test_rules_list_has_the_cli_rows(client: httpx.Client,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    table = _cli(capsys, "rules", "list").decode().splitlines()[1:]
    listed = client.get("/v1/rules").json()
    assert listed["served"] == ["dien-bien-2019", COPY_NAME]
    assert listed["ruleset"]["name"] == "dien-bien-2019"
    assert [c["id"] for c in listed["criteria"]] == [row.split()[0] for row in table]
    first = listed["criteria"][0]
    assert table[0].split()[:3] == [first["id"], first["kind"], first["mandatory"].split()[0]]


def test_rules_show_is_the_cli_page_without_the_server_path(
        client: httpx.Client, capsys: pytest.CaptureFixture[str]) -> None:
    expected = _cli(capsys, "rules", "show", "CB-01", "--lang", "en").decode()
    shown = client.get("/v1/rules/CB-01", params={"lang": "en"}).json()
    server_path = str(ROOT / "rules" / "dien-bien-2019") + "/"
    assert server_path in expected
    assert shown["text"] == expected.replace(server_path, "")
    assert server_path not in json.dumps(shown)
    assert shown["criterion"]["id"] == "CB-01" and "condition" in shown["criterion"]


def test_reproduce_is_the_cli_json(client: httpx.Client,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    expected = _cli(capsys, "reproduce", "dien-bien-2019", "--format", "json")
    answer = client.get("/v1/reproduce/dien-bien-2019")
    assert answer.status_code == 200 and answer.content == expected


def test_a_served_rule_set_is_chosen_by_name(
        client: httpx.Client, capsys: pytest.CaptureFixture[str], second_rules: Path) -> None:
    expected = _cli(capsys, "evaluate", str(NOT_RECOGNISED), "--format", "json",
                    "--rules", str(second_rules))
    answer = client.post("/v1/evaluate", params={"rules": COPY_NAME},
                         content=NOT_RECOGNISED.read_bytes())
    assert answer.content == expected
    assert json.loads(answer.content)["ruleset"]["name"] == COPY_NAME
    batch = client.post("/v1/batch", params={"rules": COPY_NAME},
                        content=NOT_RECOGNISED.read_bytes().replace(b"\n", b" ") + b"\n")
    assert json.loads(batch.content)["ruleset"]["name"] == COPY_NAME


def test_health_and_security_headers(client: httpx.Client) -> None:
    health = client.get("/healthz")
    assert health.json()["status"] == "ok"
    assert health.json()["rulesets"] == ["dien-bien-2019", COPY_NAME]
    for answer in (health, client.get("/nope"), client.post("/v1/evaluate", content=b"{")):
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert answer.headers["content-security-policy"].startswith("default-src 'none'")
        assert "server" not in answer.headers


def test_openapi_names_every_route_and_the_models(client: httpx.Client) -> None:
    schema = client.get("/openapi.json").json()
    assert {"/v1/evaluate", "/v1/explain", "/v1/batch", "/v1/rules", "/v1/rules/{criterion_id}",
            "/v1/schema/{kind}", "/v1/reproduce/{dataset}", "/healthz", "/", "/docs"} <= set(
        schema["paths"])
    components = schema["components"]["schemas"]
    assert {"Commune", "ProvinceReport", "Result", "Error"} <= set(components)
    assert "HTTPValidationError" not in components
    body = schema["paths"]["/v1/evaluate"]["post"]["requestBody"]["content"]
    assert body["application/json"]["schema"]["oneOf"][0] == {
        "$ref": "#/components/schemas/Commune"}


def test_the_docs_page_loads_nothing_from_outside(client: httpx.Client) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    html = page.text
    assert "/v1/evaluate" in html and "curl --data-binary" in html
    assert "<script" not in html and " src=" not in html
    assert "default-src 'none'" in page.headers["content-security-policy"]


@pytest.mark.slow  # two fresh interpreters load the rules: ~10 s
def test_two_worker_processes_answer_the_same_bytes(
        capsys: pytest.CaptureFixture[str]) -> None:
    expected = _cli(capsys, "evaluate", str(NOT_RECOGNISED), "--format", "json")
    with serving("--workers", "2") as running, running.client() as http:
        answers = {http.post("/v1/evaluate", content=NOT_RECOGNISED.read_bytes()).content
                   for _ in range(20)}
        assert answers == {expected}
        assert "Traceback" not in running.stderr()


def test_bad_rules_stop_the_server_before_it_listens() -> None:
    bad = ROOT / "tests" / "fixtures" / "rules" / "bad" / "duplicate-id"
    with pytest.raises(RuntimeError, match=r"exited \(4\)"):
        with serving("--rules", str(bad), startup=60):
            pass


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Na Lay as the CLI converts it to a workbook."""
    from clean_strong.cli import main

    out = tmp_path_factory.mktemp("workbook") / "na-lay.xlsx"
    assert main(["convert", str(NOT_RECOGNISED), "-o", str(out)]) == 0
    return out


def test_a_workbook_body_is_evaluated_as_the_cli_reads_the_file(
        client: httpx.Client, capsys: pytest.CaptureFixture[str], workbook: Path) -> None:
    expected = _cli(capsys, "evaluate", str(workbook), "--format", "json")
    assert expected == _cli(capsys, "evaluate", str(NOT_RECOGNISED), "--format", "json")
    answer = client.post("/v1/evaluate", content=workbook.read_bytes(),
                         headers={"Content-Type": XLSX})
    assert answer.status_code == 200 and answer.content == expected


def test_convert_answers_the_jsonl_the_cli_writes(
        client: httpx.Client, capsys: pytest.CaptureFixture[str], workbook: Path,
        tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    code, _, err = run(capsys, "convert", str(workbook), "-o", str(out))
    assert code == 0, err
    answer = client.post("/v1/convert", files={"file": ("na-lay.xlsx", workbook.read_bytes())})
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/x-ndjson"
    assert answer.content == out.read_bytes()


def test_a_bad_cell_is_named_as_the_cli_names_it(
        client: httpx.Client, capsys: pytest.CaptureFixture[str], workbook: Path,
        tmp_path: Path) -> None:
    from openpyxl import load_workbook

    book = load_workbook(workbook)
    officials = book.worksheets[1]
    heads = [c.value for c in officials[1]]
    column = next(i for i, h in enumerate(heads, 1) if "chuyên môn" in str(h).lower())
    officials.cell(row=4, column=column, value="tiến sĩ")
    bad = tmp_path / "bad.xlsx"
    book.save(bad)
    code, _, err = run(capsys, "convert", str(bad), "-o", str(tmp_path / "x.jsonl"))
    assert code == 3
    first = err.splitlines()[0]
    answer = client.post("/v1/convert", files={"file": ("bad.xlsx", bad.read_bytes())})
    assert answer.status_code == 422
    error = answer.json()["error"]
    assert first == f"{bad}: {error['path']}: {error['message']}"
    assert "tiến sĩ" in error["message"]
    not_table = client.post("/v1/convert", files={"file": ("x.json", NOT_RECOGNISED.read_bytes())})
    assert not_table.status_code == 422


def test_serve_lang_sets_the_language_of_requests_that_ask_for_none() -> None:
    with serving("--lang", "en") as running, running.client() as http:
        assert "Show the result" in http.get("/").text
        assert "Xem kết quả" in http.get("/", headers={"Accept-Language": "vi"}).text
        error = http.post("/v1/evaluate", params={"lang": "fr"}, content=b"{}").json()
        assert error["error"]["message"] == "'fr' is not one of vi, en"
