"""The warehouse exports every table to Parquet and CSV with every row."""

from __future__ import annotations

import duckdb
import pytest
from typer.testing import CliRunner

from openpeel.cli import app


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_export_writes_every_row_of_every_table(demo_warehouse, tmp_path, fmt):
    result = CliRunner().invoke(
        app, ["warehouse", "export", str(tmp_path), "--format", fmt, "--warehouse", str(demo_warehouse)]
    )
    assert result.exit_code == 0, result.output
    con = duckdb.connect(str(demo_warehouse), read_only=True)
    for table in ("street_crime", "crime_outcome", "stop_search", "source_file", "indicator_result"):
        expected = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        path = tmp_path / f"{table}.{fmt}"
        reader = f"read_parquet('{path}')" if fmt == "parquet" else f"read_csv('{path}', quote = '\"', header = true)"
        got = duckdb.sql(f"SELECT count(*) FROM {reader}").fetchone()[0]
        assert got == expected > 0, table


def test_export_of_an_unknown_table_is_refused(demo_warehouse, tmp_path):
    result = CliRunner().invoke(
        app, ["warehouse", "export", str(tmp_path), "--table", "nonsense", "--warehouse", str(demo_warehouse)]
    )
    assert result.exit_code == 2 and "no such table: nonsense" in result.output
