"""The warehouse: a DuckDB file. Open it here so every caller gets the same schema and errors."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from importlib.resources import files
from pathlib import Path

import duckdb

from openpeel.config import warehouse_path
from openpeel.errors import WarehouseError

SCHEMA = "\n".join(
    files("openpeel.warehouse").joinpath(f).read_text() for f in ("schema.sql", "returns.sql", "record.sql")
)
SCHEMA_VERSION = "9"


def connect(path: Path | str | None = None, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (and for writers, create) the warehouse. `:memory:` works for tests."""
    path = str(path or warehouse_path())
    if path != ":memory:":
        if read_only and not Path(path).exists():
            raise _missing(path)
        if not read_only:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(path, read_only=read_only)
    except (duckdb.IOException, duckdb.PermissionException) as e:
        raise WarehouseError(f"Cannot open the warehouse at {path}: {e}") from e
    # Months are UK months: a call at 00:30 BST on 1 June counts in June, wherever the machine is.
    con.execute("SET TimeZone = 'Europe/London'")
    if not read_only:
        _create_or_check(con, path)
    return con


def stamp(path: Path | str | None = None) -> str:
    """What changes whenever the warehouse does: its path, and the size and modification time of the file and
    of its write-ahead log. Pages cached under this stamp are rendered afresh after any write."""
    path = Path(path or warehouse_path()).resolve()
    parts = [str(path)]
    for f in (path, path.with_name(path.name + ".wal")):
        try:
            st = f.stat()
        except FileNotFoundError:
            if f == path:
                raise _missing(path) from None
            continue
        parts += [str(st.st_mtime_ns), str(st.st_size)]
    return ":".join(parts)


def _missing(path: Path | str) -> WarehouseError:
    return WarehouseError(f"No warehouse at {path}: run `openpeel ingest` first.")


def _create_or_check(con: duckdb.DuckDBPyConnection, path: str) -> None:
    has_meta = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'warehouse_meta'"
    ).fetchone()[0]  # type: ignore[index]  # count(*) gives one row
    has_tables = con.execute("SELECT count(*) FROM information_schema.tables").fetchone()[0]  # type: ignore[index]  # as above
    version = (
        con.execute("SELECT value FROM warehouse_meta WHERE key = 'schema_version'").fetchone() if has_meta else None
    )
    if has_tables and (version is None or version[0] != SCHEMA_VERSION):
        con.close()
        raise WarehouseError(
            f"The warehouse at {path} was made by another version of openpeel (schema "
            f"{version[0] if version else 'unknown'}, this one needs {SCHEMA_VERSION}). Move it aside and "
            "ingest again; the source files are the record."
        )
    con.execute(SCHEMA)
    con.execute("INSERT OR IGNORE INTO warehouse_meta VALUES ('schema_version', ?)", [SCHEMA_VERSION])


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """All or nothing: a failed batch leaves the store as it was."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")
