"""Read a batch of CSV files of one source into a temporary DuckDB table of raw text in one parallel scan,
then find every cell that breaks the schema's rules in one more. DuckDB does the parsing and the checking:
this is the hot path of every ingest (bench/bench_ingest_street.py).

_staged(_file, <raw text columns>): its rowid numbers records across the batch in file order (the table
  is written in insertion order), cheaper than a row_number() window, which would serialise the scan.
_files(_file, file_key, start, ...context): one row per file; a record's line is rowid - start + 2,
  except in files where DuckDB rejected records, whose lines are mapped in _lines(_rn, _line).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

import duckdb
import pyarrow as pa

from openpeel.ingest.schema import Check, TableSchema, ident, literal

STAGED, FILES, LINES, VIOLATIONS = "_staged", "_files", "_lines", "_violations"
REJECTS, REJECT_SCANS = "_rejects", "_reject_scans"
LINE = "coalesce(l._line, s.rowid - f.start + 2)"
FROM_STAGED = f"{STAGED} s JOIN {FILES} f USING (_file) LEFT JOIN {LINES} l ON l._rn = s.rowid"


@dataclass(frozen=True)
class Reject:
    """A record DuckDB could not split into the schema's columns (too few or too many, a stray quote)."""

    file: int  # position in the batch
    line: int
    column: str
    problem: str
    text: str

    @property
    def lines(self) -> int:
        """Lines the record spans: a stray quote swallows the lines after it."""
        return len(self.text.rstrip("\r\n").split("\n"))


def _rejects(rows, index: dict[str, int], width: int) -> list[Reject]:
    """One reject per record (DuckDB reports a short record once per missing column), in plain words."""
    first: dict[tuple, Reject] = {}
    for path, line, column, problem, text in rows:
        key = (index[path], line)
        if key in first:
            continue
        if "Expected Number of Columns" in problem:
            fields = len(next(csv.reader(io.StringIO(text)), []))
            column, problem = "(row)", f"has {fields} fields; the header has {width}"
        reject = Reject(index[path], line, column or "(row)", problem, text)
        if reject.lines > 1:
            reject = Reject(
                reject.file,
                line,
                reject.column,
                f"{problem} The record runs on to line {line + reject.lines - 1}.",
                text,
            )
        first[key] = reject
    return sorted(first.values(), key=lambda r: (r.file, r.line))


def stage(con: duckdb.DuckDBPyConnection, files: pa.Table, schema: TableSchema) -> list[Reject]:
    """Load every record of the files (column `path` of `files`, in order) into _staged; a file's
    `_file` is its position in that list."""
    for table in (REJECTS, REJECT_SCANS):
        con.execute(f"DROP TABLE IF EXISTS {table}")
    columns = "{" + ", ".join(f"{literal(n)}: 'VARCHAR'" for n in schema.header) + "}"
    cells = ", ".join(f"NULLIF({ident(n)}, '') AS {ident(n)}" for n in schema.header)  # "" and empty alike
    paths = files.column("path").to_pylist()
    index = {p: i for i, p in enumerate(paths)}
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {STAGED} AS SELECT CAST(file_index AS INTEGER) AS _file, {cells} "
        f"FROM read_csv(?, header = true, auto_detect = false, delim = ',', quote = '\"', escape = '\"', "
        f"columns = {columns}, store_rejects = true, rejects_table = '{REJECTS}', "
        f"rejects_scan = '{REJECT_SCANS}', max_line_size = 10000000)",
        [paths],
    )
    starts = dict(con.execute(f"SELECT _file, min(rowid) FROM {STAGED} GROUP BY _file").fetchall())
    con.register(
        "_files_in",
        files.append_column("_file", pa.array(range(len(paths)), pa.int32())).append_column(
            "start", pa.array([starts.get(i, 0) for i in range(len(paths))], pa.int64())
        ),
    )
    con.execute(f"CREATE OR REPLACE TEMP TABLE {FILES} AS SELECT * FROM _files_in")
    con.unregister("_files_in")
    found = con.execute(
        f"SELECT s.file_path, e.line, e.column_name, e.error_message, e.csv_line "
        f"FROM {REJECTS} e JOIN {REJECT_SCANS} s USING (scan_id, file_id) ORDER BY s.file_path, e.line"
    ).fetchall()
    rejects = _rejects(found, index, len(schema.header))
    _map_lines(con, rejects, starts)
    return rejects


def _map_lines(con, rejects: list[Reject], starts: dict[int, int]) -> None:
    """In a file with rejected records, later rows sit on later lines than their position says: map them.

    Assumes one line per record (true of police.uk and of openpeel's return formats); a record with a
    stray quote can swallow the lines after it, which the reject's own text shows.
    """
    rn, line_of = [], []
    for file in sorted({r.file for r in rejects}):
        taken = set()
        for r in (r for r in rejects if r.file == file):
            taken.update(range(r.line, r.line + r.lines))
        (count,) = con.execute(f"SELECT count(*) FROM {STAGED} WHERE _file = ?", [file]).fetchone()
        line = 2
        for k in range(count):
            while line in taken:
                line += 1
            rn.append(starts[file] + k)
            line_of.append(line)
            line += 1
    con.register("_lines_in", pa.table({"_rn": pa.array(rn, pa.int64()), "_line": pa.array(line_of, pa.int64())}))
    con.execute(f"CREATE OR REPLACE TEMP TABLE {LINES} AS SELECT * FROM _lines_in")
    con.unregister("_lines_in")


def find_violations(con: duckdb.DuckDBPyConnection, checks: list[Check]) -> None:
    """Every broken rule of every staged row into _violations(_rn, column, value, rule).

    One cheap scan finds the rows that fail any check; only those are taken apart rule by rule.
    Checks may refer to the file's context as f.<column of _files>."""
    all_ok = " AND ".join(f"coalesce({c.ok}, false)" for c in checks) or "true"
    found = (
        ", ".join(
            f"CASE WHEN NOT coalesce({c.ok}, false) THEN "
            f"{{'column': {literal(c.column)}, 'value': s.{ident(c.column)}, 'rule': {literal(c.rule)}}} END"
            for c in checks
        )
        or "NULL"
    )
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {VIOLATIONS} AS "
        f'SELECT _rn, v.column AS "column", v.value AS value, v.rule AS rule FROM ('
        f"  SELECT s.rowid AS _rn, unnest(list_filter([{found}], x -> x IS NOT NULL)) AS v "
        f"  FROM {STAGED} s JOIN {FILES} f USING (_file) WHERE NOT ({all_ok}))"
    )
