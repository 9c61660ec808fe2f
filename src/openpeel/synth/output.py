"""Turn generated numpy columns into Arrow tables in schema order, and append them to CSV or Parquet.

The return schemas decide column names, order and types: a generator that forgets or invents a column
fails here, before anything is written. Writers append one force-month at a time, so memory holds one
chunk, never a whole file.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from openpeel.ingest.returns_docs import load_return_schemas
from openpeel.synth.clock import DAY, to_local

ARROW_TYPES = {
    "string": pa.string(),
    "integer": pa.int64(),
    "number": pa.float64(),
    "boolean": pa.bool_(),
    "date": pa.date32(),
    "datetime": pa.timestamp("s"),  # naive: local UK wall-clock time
}


def arrow_schema(table: str) -> pa.Schema:
    return pa.schema([(f["name"], ARROW_TYPES[f["type"]]) for f in load_return_schemas()[table]["fields"]])


def _mask(valid: np.ndarray | None) -> np.ndarray | None:
    return None if valid is None else ~valid


def datetimes(utc: np.ndarray, valid: np.ndarray | None = None) -> pa.Array:
    """UTC seconds as local wall-clock timestamps; invalid entries become missing."""
    return pa.array(to_local(utc), type=pa.timestamp("s"), mask=_mask(valid))


def dates(utc: np.ndarray, valid: np.ndarray | None = None) -> pa.Array:
    """The local calendar date of UTC seconds."""
    return pa.array((to_local(utc) // DAY).astype(np.int32), type=pa.date32(), mask=_mask(valid))


def ints(values: np.ndarray, valid: np.ndarray | None = None) -> pa.Array:
    return pa.array(np.asarray(values, dtype=np.int64), type=pa.int64(), mask=_mask(valid))


def numbers(values: np.ndarray, valid: np.ndarray | None = None) -> pa.Array:
    return pa.array(np.asarray(values, dtype=np.float64), type=pa.float64(), mask=_mask(valid))


def labels(categories: list[str], index: np.ndarray, valid: np.ndarray | None = None) -> pa.Array:
    """Category names picked by integer index (a take in Arrow: no Python strings per row)."""
    picked = pc.take(pa.array(categories, pa.string()), pa.array(np.asarray(index, dtype=np.int64)))
    return picked if valid is None else pc.if_else(pa.array(valid), picked, pa.nulls(len(picked), pa.string()))


def ids(prefix: str, serial: np.ndarray, width: int = 7) -> pa.Array:
    """prefix + zero-padded serial, e.g. C201901-0000042."""
    padded = pc.utf8_lpad(pa.array(np.asarray(serial, dtype=np.int64)).cast(pa.string()), width, "0")
    return pc.binary_join_element_wise(pa.scalar(prefix), padded, "")


def build_table(table: str, columns: dict[str, pa.Array]) -> pa.Table:
    """The columns in the schema's order and types; a missing or unexpected column is a bug."""
    schema = arrow_schema(table)
    if set(columns) != set(schema.names):
        raise ValueError(
            f"{table}: generated columns differ from the schema: missing "
            f"{sorted(set(schema.names) - set(columns))}, extra {sorted(set(columns) - set(schema.names))}"
        )
    return pa.table([columns[n].cast(schema.field(n).type) for n in schema.names], schema=schema)


class ReturnWriter:
    """Appends chunks of one return to OUT/<force>/<table>.csv or .parquet."""

    def __init__(self, folder: Path, table: str, fmt: str):
        self.table, self.fmt = table, fmt
        self.schema = arrow_schema(table)
        self.path = folder / f"{table}.{fmt}"
        self.rows = 0
        if fmt == "parquet":
            self._writer = pq.ParquetWriter(self.path, self.schema, compression="zstd")
        else:
            self._file = open(self.path, "wb")  # noqa: SIM115 - closed in close()
            # Arrow quotes header names; the returns' header is the bare field names.
            self._file.write((",".join(self.schema.names) + "\n").encode())
            self._csv_schema = pa.schema(
                [pa.field(f.name, pa.string() if pa.types.is_timestamp(f.type) else f.type) for f in self.schema]
            )
            options = pa_csv.WriteOptions(include_header=False, quoting_style="none")
            self._writer = pa_csv.CSVWriter(self._file, self._csv_schema, write_options=options)

    def write(self, chunk: pa.Table) -> None:
        if chunk.num_rows == 0:
            return
        self.rows += chunk.num_rows
        if self.fmt == "parquet":
            self._writer.write_table(chunk)  # one row group per force-month
            return
        # Arrow formats timestamps "YYYY-MM-DD HH:MM:SS"; the returns use ISO 8601's "T" (a cast and a
        # slice replace are five times faster than strftime). Nulls stay empty cells, and quoting "none"
        # fails loudly if a value would ever need quoting.
        columns = [
            pc.utf8_replace_slice(col.cast(pa.string()), start=10, stop=11, replacement="T")
            if pa.types.is_timestamp(col.type)
            else col
            for col in chunk.columns
        ]
        self._writer.write_table(pa.table(columns, schema=self._csv_schema))

    def close(self) -> None:
        self._writer.close()
        if self.fmt == "csv":
            self._file.close()
