"""Published indicator tables: every result with its comparison, small counts suppressed, formulas defused."""

from __future__ import annotations

import csv

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from openpyxl import load_workbook

from openpeel.indicators.export import export, neutralise
from openpeel.warehouse import connect


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "parquet"])
def test_every_result_is_exported_with_its_comparison(demo_warehouse, tmp_path, fmt):
    con = connect(demo_warehouse, read_only=True)
    (results,) = con.execute("SELECT count(*) FROM indicator_result").fetchone()
    path = tmp_path / f"indicators.{fmt}"
    assert export(con, path, fmt) == results
    if fmt == "csv":
        rows = list(csv.DictReader(path.open(encoding="utf-8")))
    elif fmt == "xlsx":
        sheet = load_workbook(path, read_only=True)["indicators"]
        header, *body = sheet.iter_rows(values_only=True)
        rows = [dict(zip(header, r, strict=True)) for r in body]
    else:
        rows = pq.read_table(path).to_pylist()
    assert len(rows) == results
    asb = next(
        r
        for r in rows
        if r["indicator_id"] == "asb-per-1000"
        and r["force_id"] == "cambridgeshire"
        and str(r["period"]).startswith("2019-01-01")
    )
    expected = con.execute(
        "SELECT value, national_value FROM indicator_result JOIN indicator_assessment "
        "USING (indicator_id, force_id, period) WHERE indicator_id = 'asb-per-1000' AND "
        "force_id = 'cambridgeshire' AND period = DATE '2019-01-01'"
    ).fetchone()
    assert (float(asb["value"]), float(asb["national_value"])) == pytest.approx(expected)


def test_counts_under_ten_are_published_as_suppressed_not_as_zero(demo_warehouse, tmp_path):
    con = connect(demo_warehouse, read_only=True)
    small = con.execute(
        "SELECT indicator_id, force_id, period, numerator FROM indicator_result "
        "WHERE numerator < 10 AND indicator_id = 'stop-search-more-than-outer-clothing'"
    ).fetchall()
    assert small, "the bundled data has months with fewer than 10 such searches"
    export(con, tmp_path / "i.parquet", "parquet")
    published = {
        (r["indicator_id"], r["force_id"], r["period"]): r for r in pq.read_table(tmp_path / "i.parquet").to_pylist()
    }
    for indicator_id, force_id, period, _ in small:
        row = published[(indicator_id, force_id, period)]
        assert row["suppressed"] is True and row["numerator"] is None and row["value"] is None


def test_spreadsheet_formulas_in_text_cells_are_defused():
    table = pa.table({"text": ['=HYPERLINK("x")', "+1", "-2", "@SUM(A1)", "plain", None], "n": [1, 2, 3, 4, 5, 6]})
    assert neutralise(table)["text"].to_pylist() == ['\'=HYPERLINK("x")', "'+1", "'-2", "'@SUM(A1)", "plain", None]
    assert neutralise(table)["n"].to_pylist() == [1, 2, 3, 4, 5, 6]
