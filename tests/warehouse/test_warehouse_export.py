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
    # The tables are listed here from DuckDB's catalogue, not by the export's own list.
    tables = [
        t
        for (t,) in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
            "AND table_name <> 'warehouse_meta'"
        ).fetchall()
    ]
    assert len(tables) >= 20 and sorted(p.stem for p in tmp_path.glob(f"*.{fmt}")) == sorted(tables)
    for table in tables:
        path = tmp_path / f"{table}.{fmt}"
        if fmt == "parquet":  # typed: the same rows, each as often, both ways
            con.execute(f"CREATE TEMP VIEW exported AS SELECT * FROM read_parquet('{path}')")
            for a, b in ((table, "exported"), ("exported", table)):
                assert con.execute(f"SELECT count(*) FROM (FROM {a} EXCEPT ALL FROM {b})").fetchone() == (0,), table
            con.execute("DROP VIEW exported")
        expected = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        reader = f"read_parquet('{path}')" if fmt == "parquet" else f"read_csv('{path}', quote = '\"', header = true)"
        got = duckdb.sql(f"SELECT count(*) FROM {reader}").fetchone()[0] if expected else 0
        assert got == expected, table


def test_export_of_an_unknown_table_is_refused(demo_warehouse, tmp_path):
    result = CliRunner().invoke(
        app, ["warehouse", "export", str(tmp_path), "--table", "nonsense", "--warehouse", str(demo_warehouse)]
    )
    assert result.exit_code == 2 and "no such table: nonsense" in result.output
