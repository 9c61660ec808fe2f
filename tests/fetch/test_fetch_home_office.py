"""`openpeel fetch home-office URL` against a loopback server: the crime outcomes open data table, as CSV and as
an ODS workbook built to the published layout, recognised by its columns and loaded row for row."""

from __future__ import annotations

import csv
import gzip
import io
import sys

import pandas as pd
import pytest

from openpeel import cli
from openpeel.config import bundled_data_dir
from openpeel.warehouse import connect

from .server import Served, serving

ROWS = 300


@pytest.fixture(scope="module")
def outcomes_csv() -> bytes:
    """The first rows of the bundled crime outcomes open data (data/home-office), as the CSV release."""
    with gzip.open(bundled_data_dir() / "home-office" / "detection-rates-data.csv.gz", "rt", encoding="utf-8") as f:
        lines = [next(f) for _ in range(ROWS + 1)]
    return "".join(lines).encode()


@pytest.fixture(scope="module")
def outcomes_ods(outcomes_csv) -> bytes:
    """The same rows as the publisher's ODS: a cover sheet, then a data sheet with a title and a note above a
    header in words ('Financial Year'), and numbers stored as numbers."""
    frame = pd.read_csv(io.BytesIO(outcomes_csv), dtype=str, keep_default_na=False)
    numeric = ["financial_quarter", "offence_code", "outcome_type", "offences", "force_outcomes_recorded_in_quarter"]
    for column in numeric:
        frame[column] = [int(v) if v.isdigit() else v for v in frame[column]]  # "80" a number, "8L" text
    frame.columns = [c.replace("_", " ").title() for c in frame.columns]
    title = pd.DataFrame([["Crime outcomes open data"], ["Source: Home Office"]])
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="odf") as book:
        pd.DataFrame([["Cover"], ["Police recorded crime and outcomes"]]).to_excel(
            book, sheet_name="Cover", header=False, index=False
        )
        title.to_excel(book, sheet_name="Data", header=False, index=False)
        frame.to_excel(book, sheet_name="Data", startrow=3, index=False)
    return buf.getvalue()


@pytest.fixture
def home_office(monkeypatch, tmp_path, outcomes_csv, outcomes_ods) -> Served:
    served = Served()
    served.put("/media/prc-outcomes-open-data-2024.csv", outcomes_csv, "text/csv")
    served.put(
        "/media/prc-outcomes-open-data-2024-tables.ods", outcomes_ods, "application/vnd.oasis.opendocument.spreadsheet"
    )
    served.put("/media/prc-pfa-tables.csv", b"Force,Offence,Number\nKent,Theft,12\n", "text/csv")
    with serving(served, monkeypatch, tmp_path):
        yield served


def run(monkeypatch, capsys, *argv: str) -> tuple[int, str]:
    monkeypatch.setattr(sys, "argv", ["openpeel", "fetch", "home-office", *argv])
    monkeypatch.setattr(cli.err, "width", 1000)
    try:
        cli.main()
        code = 0
    except SystemExit as e:
        code = e.code or 0
    return code, capsys.readouterr().err.strip()


def records(body: bytes) -> int:
    return sum(1 for _ in csv.reader(io.StringIO(body.decode("utf-8")))) - 1


def loaded() -> tuple[int, int]:
    con = connect(read_only=True)
    try:
        rows = con.execute("SELECT count(*) FROM ho_crime_outcome").fetchone()[0]
        read = con.execute("SELECT sum(rows_read) FROM source_file WHERE source LIKE '%outcome%'").fetchone()[0]
        return rows, read
    finally:
        con.close()


@pytest.mark.parametrize(
    "path", ["/media/prc-outcomes-open-data-2024.csv", "/media/prc-outcomes-open-data-2024-tables.ods"]
)
def test_crime_outcomes_load_row_for_row_and_a_rerun_changes_nothing(
    home_office, outcomes_csv, path, monkeypatch, capsys
):
    code, err = run(monkeypatch, capsys, home_office.url + path)
    assert code == 0, err
    assert loaded() == (records(outcomes_csv), records(outcomes_csv))
    home_office.files.clear()  # offline: the cached copy serves
    code, err = run(monkeypatch, capsys, home_office.url + path)
    assert code == 0, err
    assert loaded() == (records(outcomes_csv), records(outcomes_csv))


def test_a_table_of_unknown_columns_is_refused_by_name(home_office, monkeypatch, capsys):
    code, err = run(monkeypatch, capsys, home_office.url + "/media/prc-pfa-tables.csv")
    assert code == 1 and "/media/prc-pfa-tables.csv" in err and "'Force, Offence, Number'" in err, err
    assert "crime outcomes: financial_year" in err


def test_an_html_page_in_place_of_the_table_is_refused(home_office, monkeypatch, capsys):
    home_office.mode("/media/prc-outcomes-open-data-2024-tables.ods", "html-as-file")
    code, err = run(monkeypatch, capsys, home_office.url + "/media/prc-outcomes-open-data-2024-tables.ods")
    assert code == 1 and "web page" in err, err
