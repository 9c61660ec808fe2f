"""The warehouse: a DuckDB file. Open it here so every caller gets the same schema and errors."""

from __future__ import annotations

from contextlib import contextmanager
from importlib.resources import files
from pathlib import Path

import duckdb

from openpeel.config import warehouse_path
from openpeel.errors import WarehouseError

SCHEMA = files("openpeel.warehouse").joinpath("schema.sql").read_text()


def connect(path: Path | str | None = None, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (and for writers, create) the warehouse. `:memory:` works for tests."""
    path = str(path or warehouse_path())
    if path != ":memory:":
        if read_only and not Path(path).exists():
            raise WarehouseError(f"No warehouse at {path}: run `openpeel ingest` first.")
        if not read_only:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(path, read_only=read_only)
    except duckdb.IOException as e:
        raise WarehouseError(f"Cannot open the warehouse at {path}: {e}") from e
    if not read_only:
        con.execute(SCHEMA)
    return con


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection):
    """All or nothing: a failed batch leaves the store as it was."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")
