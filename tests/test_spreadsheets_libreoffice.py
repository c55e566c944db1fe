"""A real spreadsheet program as the client: LibreOffice Calc, headless.

It opens the template (and renders it), keeps its dropdowns and ranges; a template filled and
then saved by LibreOffice itself reads back to the same documents; a results workbook opens and
is saved again with its sheets and values. Debian's ``libreoffice-calc`` (and
``libreoffice-draw``, for PNG export); ``.ci/run`` installs them. Under ``CI=true`` a missing
LibreOffice fails the run; elsewhere these tests skip, saying what to install.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from clean_strong.batch import run_batch
from clean_strong.dien_bien_2019 import load_dataset
from clean_strong.documents import read_document, read_documents
from clean_strong.documents.cells import write_cell
from clean_strong.documents.columns import tables
from clean_strong.documents.template import write_documents, write_template
from clean_strong.evaluation import input_hash
from clean_strong.models import Commune
from clean_strong.render.workbook import jsonl_records, write_results_workbook

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "muong-thanh-2019.recognised.json"

pytestmark = [pytest.mark.office, pytest.mark.slow, pytest.mark.timeout(600)]


@pytest.fixture(scope="module")
def soffice(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    found = shutil.which("soffice")
    if found is None:
        reason = "soffice is missing (apt-get install libreoffice-calc libreoffice-draw)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true and {reason}", pytrace=False)
        pytest.skip(reason)
    profile = tmp_path_factory.mktemp("libreoffice-profile")
    return [found, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore"]


def libreoffice(soffice: list[str], target: str, out: Path, *files: Path) -> list[Path]:
    """``soffice --convert-to TARGET``: each file opened and saved by LibreOffice."""
    out.mkdir(exist_ok=True)
    done = subprocess.run([*soffice, "--convert-to", target, "--outdir", str(out),
                           *map(str, files)], capture_output=True, text=True, timeout=300,
                          check=False)
    suffix = "." + target.split(":")[0]
    made = [out / (f.stem + suffix) for f in files]
    missing = [p.name for p in made if not p.exists() or not p.stat().st_size]
    assert done.returncode == 0 and not missing, (done.stdout, done.stderr)
    return made


def test_libreoffice_opens_the_template_and_keeps_its_rules(
    soffice: list[str], tmp_path: Path
) -> None:
    template = tmp_path / "mau.xlsx"
    write_template(template, "vi", 5)
    png, pdf = (libreoffice(soffice, kind, tmp_path / kind, template)[0]
                for kind in ("png", "pdf"))
    assert png.read_bytes().startswith(b"\x89PNG") and pdf.read_bytes().startswith(b"%PDF")
    [saved] = libreoffice(soffice, "xlsx", tmp_path / "saved", template)
    book = load_workbook(saved)
    assert book.sheetnames == ["Đơn vị", "Cán bộ", "Hướng dẫn", "Danh mục"]
    # (frozen panes are view settings, which a headless LibreOffice does not save)
    assert book["Đơn vị"]["A1"].value == "Mã đơn vị" and book["Đơn vị"]["A2"].value
    assert book["Đơn vị"].column_dimensions["B"].width > book["Đơn vị"].column_dimensions["A"].width
    rules = {str(r.sqref).split(":")[0]: r for r in book["Cán bộ"].data_validations.dataValidation}
    assert rules["F3"].type == "list" and "Danh mục" in str(rules["F3"].formula1)
    score = {str(r.sqref).split(":")[0]: r for r in book["Đơn vị"].data_validations.dataValidation}
    assert (score["AF3"].type, score["AF3"].formula2) == ("decimal", "100")


def test_a_template_filled_then_saved_by_libreoffice_reads_back(
    soffice: list[str], tmp_path: Path
) -> None:
    """The template filled cell by cell with the example's labels, then saved by LibreOffice:
    the same document (same input hash) comes back; so does the whole data set."""
    example = read_document(EXAMPLE)
    assert isinstance(example, Commune)
    filled = tmp_path / "filled.xlsx"
    write_template(filled, "vi", 1)
    book = load_workbook(filled)
    _fill(book["Đơn vị"], "units", [example.model_dump(mode="json")])
    officials = [{**o.model_dump(mode="json"), "unit_code": example.unit_code}
                 for o in example.officials or ()]
    _fill(book["Cán bộ"], "officials", officials)
    book.save(filled)
    province = tmp_path / "province.xlsx"
    communes = load_dataset()
    write_documents(province, communes, "vi")
    saved = libreoffice(soffice, "xlsx", tmp_path / "saved", filled, province)
    assert input_hash(read_document(saved[0])) == input_hash(example)
    back = [d for _, d in read_documents(saved[1])]
    assert [input_hash(d) for d in back] == [input_hash(c) for c in communes]


def test_a_results_workbook_opens_in_libreoffice(soffice: list[str], tmp_path: Path) -> None:
    lines = tmp_path / "r.jsonl"
    with lines.open("wb") as out:
        run_batch(Path(__file__).parent / "fixtures" / "bad" / "sheets" /
                  "province-one-bad-commune.xlsx", out, "dien-bien-2019", workers=1)
    results = tmp_path / "results.xlsx"
    write_results_workbook(jsonl_records(lines), results, "vi")
    [saved] = libreoffice(soffice, "xlsx", tmp_path / "saved", results)
    ours, theirs = load_workbook(results), load_workbook(saved)
    assert theirs.sheetnames == ours.sheetnames
    for name in ours.sheetnames:
        mine = [[c for c in row] for row in ours[name].iter_rows(values_only=True)]
        again = [[c for c in row] for row in theirs[name].iter_rows(values_only=True)]
        assert again == mine, name
    libreoffice(soffice, "pdf", tmp_path / "pdf", results)


def _fill(sheet: object, table: str, records: list[dict[str, object]]) -> None:
    columns = tables()[table].columns  # type: ignore[index]
    for number, record in enumerate(records, 3):
        for index, column in enumerate(columns, 1):
            value: object = record
            for part in column.path.split("."):
                value = value.get(part) if isinstance(value, dict) else None
            cell = write_cell(column, value, "vi")
            if cell is not None:
                sheet.cell(number, index, cell)  # type: ignore[attr-defined]
