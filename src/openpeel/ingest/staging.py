"""Read a batch of CSV files of one source into a temporary DuckDB table of raw text in one parallel scan,
checking every rule that needs only the row itself and its file's context in the same scan; the few rows that
fail are then taken apart rule by rule. DuckDB does the parsing and the checking: this is the hot path of every
ingest (bench/bench_ingest.py).

_staged(_file, <raw text columns>, <parsed values>, _h, _ok): its rowid numbers records across the batch in
  file order (the table is written in insertion order), cheaper than a row_number() window, which would
  serialise the scan.
  The raw text of a field that is not text (a time, a number) and not in the primary key is kept only on the
  rows that failed a rule in the scan, the rows whose text the quarantine shows, unless the batch is staged
  `whole` (pipeline._stage says when something after the scan needs it): writing each time twice, as text
  and as its value, cost more than the bare load writes of it.
  The values of fields that are not text are parsed once, here (the checks of the same scan share the work),
  _h is a hash of the record (to count repeats; only where the schema has no primary key: elsewhere identical
  rows are sought among the rows whose key repeats, and hashed there), _ok whether it passed every own-row check.
_files(_file, file_key, start, ...context): one row per file; a record's line is rowid - start + 2,
  except in files where DuckDB rejected records, whose lines are mapped in _lines(_rn, _line).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa

from openpeel.errors import IngestError
from openpeel.ingest.schema import DEFAULT_FORMAT, Check, TableSchema
from openpeel.warehouse.sql import ident, literal

STAGED, FILES, LINES, VIOLATIONS, KEY_REPEATS = "_staged", "_files", "_lines", "_violations", "_key_repeats"
REJECTS, REJECT_SCANS, SET_ASIDE = "_rejects", "_reject_scans", "_set_aside"


@dataclass(frozen=True)
class Tables:
    """The temporary tables a staged batch is written from. A batch is staged under the plain names (the rules
    of some sources read _staged); a batch waiting for its write keeps them under a suffix of its own."""

    suffix: str = ""

    def __getattr__(self, name: str) -> str:
        kept = {"staged": STAGED, "files": FILES, "lines": LINES, "violations": VIOLATIONS, "set_aside": SET_ASIDE}
        if name not in kept:
            raise AttributeError(name)
        return kept[name] + self.suffix

    def line(self, rejects: bool) -> str:
        """SQL for a staged record's line in its file (rejected records shift the lines after them)."""
        plain = "s.rowid - f.start + f.first_line"
        return f"coalesce(l._line, {plain})" if rejects else plain

    def rows(self, rejects: bool) -> str:
        """The staged rows (s) with their file (f), and the line map (l) where records were rejected."""
        rows = f"{self.staged} s JOIN {self.files} f USING (_file)"
        return f"{rows} LEFT JOIN {self.lines} l ON l._rn = s.rowid" if rejects else rows

    def keep(self, con: duckdb.DuckDBPyConnection, suffix: str) -> Tables:
        """The batch's tables under `suffix`, so that the next batch can be staged."""
        kept = Tables(suffix)
        for name in ("staged", "files", "lines", "violations", "set_aside"):
            con.execute(f"DROP TABLE IF EXISTS {getattr(kept, name)}")
            con.execute(f"ALTER TABLE {getattr(self, name)} RENAME TO {getattr(kept, name)}")
        return kept

    def drop(self, con: duckdb.DuckDBPyConnection) -> None:
        for name in ("staged", "files", "lines", "violations", "set_aside"):
            con.execute(f"DROP TABLE IF EXISTS {getattr(self, name)}")


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


def _rejects(rows: list[tuple[str, int, str, str, str]], index: dict[str, int], width: int) -> list[Reject]:
    """One reject per record (DuckDB reports a short record once per missing column), in plain words."""
    first: dict[tuple[int, int], Reject] = {}
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


def stage(
    con: duckdb.DuckDBPyConnection, files: pa.Table, schema: TableSchema, checks: list[Check], whole: bool = True
) -> list[Reject]:
    """Load every record of the files (column `path` of `files`, in order) into _staged; a file's
    `_file` is its position in that list. Checks may read the file's context as ctx_<name> (the files'
    columns of that name). Unless `whole`, the raw text of times and numbers is kept on failed rows only."""
    for table in (REJECTS, REJECT_SCANS):
        con.execute(f"DROP TABLE IF EXISTS {table}")
    paths = files.column("path").to_pylist()
    index = {p: i for i, p in enumerate(paths)}
    parquet = paths[0].endswith(".parquet")
    # each file's context, looked up by its position: no join in the scan
    context = [
        f"[{', '.join(literal(v) for v in files.column(name).to_pylist())}][_file + 1] AS {ident(name)}"
        for name in files.column_names
        if name.startswith("ctx_")
    ]
    own = passes_all([c for c in checks if c.own_row])
    cells = ", ".join(f"s.{ident(n)}" for n in schema.header)
    hashed = "" if schema.primary_key else f"{row_hash(schema)} AS _h, "
    read = _read_parquet(con, paths, schema) if parquet else read_csv_sql(schema)
    scan = (
        f"SELECT s._file, {', '.join([cells, *schema.parsed_columns()])}, {hashed}{own} AS _ok "
        f"FROM (SELECT *{''.join(', ' + c for c in context)} FROM ({read})) s"
    )
    try:
        con.execute(f"CREATE OR REPLACE TEMP TABLE {STAGED} AS {scan if whole else _slim(scan, schema)}", [paths])
    except duckdb.InvalidInputException as e:  # a file the CSV reader cannot get through at all
        message = str(e)
        named = re.search(r"^\s*file = (.+)$", message, re.MULTILINE)
        file = Path(named.group(1)).name if named else "a file of the batch"
        raise IngestError(f"{file}: cannot be read as CSV ({message.splitlines()[0]})") from None
    rejects = [] if parquet else _csv_rejects(con, index, len(schema.header))
    starts = dict(con.execute(f"SELECT _file, min(rowid) FROM {STAGED} GROUP BY _file").fetchall())
    n = len(paths)
    con.register(
        "_files_in",
        files.append_column("_file", pa.array(range(n), pa.int32()))
        .append_column("start", pa.array([starts.get(i, 0) for i in range(n)], pa.int64()))
        .append_column("first_line", pa.array([1 if parquet else 2] * n, pa.int64())),  # Parquet: row number
    )
    con.execute(f"CREATE OR REPLACE TEMP TABLE {FILES} AS SELECT * FROM _files_in")
    con.unregister("_files_in")
    _map_lines(con, rejects, starts)
    return rejects


def _slim(scan: str, schema: TableSchema) -> str:
    """The scan with the raw text of times and numbers (not of the key) on the rows that failed only."""
    columns = [
        ident(f.name)
        if f.type == "string" or f.name in schema.primary_key
        else f"CASE WHEN _ok THEN NULL ELSE {ident(f.name)} END AS {ident(f.name)}"
        for f in schema.fields
    ]
    rest = [f.parsed for f in schema.fields if f.parsed] + ([] if schema.primary_key else ["_h"])
    return f"SELECT _file, {', '.join([*columns, *rest])}, _ok FROM ({scan})"


def _read_parquet(con: duckdb.DuckDBPyConnection, paths: list[str], schema: TableSchema) -> str:
    """Parquet columns come typed: read them as the text the schema expects, then check as for CSV."""
    types = dict(
        con.execute("SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet(?))", [paths]).fetchall()
    )
    cells = []
    for field in schema.fields:
        c, kind = ident(field.name), types[field.name]
        if kind.startswith("TIMESTAMP") or kind == "DATE":
            text = f"strftime({c}, {literal(field.format or DEFAULT_FORMAT[field.type])})"
        elif kind == "BOOLEAN":
            yes, no = literal(field.true_values[0]), literal(field.false_values[0])
            text = f"CASE WHEN {c} THEN {yes} WHEN NOT {c} THEN {no} END"
        else:
            text = f"NULLIF(CAST({c} AS VARCHAR), '')"
        cells.append(f"{text} AS {c}")
    return f"SELECT CAST(file_index AS INTEGER) AS _file, {', '.join(cells)} FROM read_parquet($1)"


def passes_all(checks: list[Check]) -> str:
    """SQL, true when a row passes every check; a check that comes out NULL fails."""
    return " AND ".join(f"coalesce({c.ok}, false)" for c in checks) or "true"


def row_hash(schema: TableSchema, table: str = "") -> str:
    """A 64-bit hash of a record's cells: equal records hash equal (a false match is about one in 10^7 at a
    million rows), which is enough to count repeats."""
    prefix = f"{table}." if table else ""
    return f"hash({', '.join(prefix + ident(n) for n in schema.header)})"


def read_csv_sql(schema: TableSchema) -> str:
    """SQL reading the batch's CSV files (parameter $1) as raw text, one column per field; rejects are recorded."""
    columns = "{" + ", ".join(f"{literal(n)}: 'VARCHAR'" for n in schema.header) + "}"
    cells = ", ".join(f"NULLIF({ident(n)}, '') AS {ident(n)}" for n in schema.header)  # "" and empty alike
    return (
        f"SELECT CAST(file_index AS INTEGER) AS _file, {cells} "
        f"FROM read_csv($1, header = true, auto_detect = false, delim = ',', quote = '\"', escape = '\"', "
        f"columns = {columns}, store_rejects = true, rejects_table = '{REJECTS}', "
        f"rejects_scan = '{REJECT_SCANS}', max_line_size = 10000000)"
    )


def _csv_rejects(con: duckdb.DuckDBPyConnection, index: dict[str, int], width: int) -> list[Reject]:
    found = con.execute(
        f"SELECT s.file_path, e.line, e.column_name, e.error_message, e.csv_line "
        f"FROM {REJECTS} e JOIN {REJECT_SCANS} s USING (scan_id, file_id) ORDER BY s.file_path, e.line"
    ).fetchall()
    return _rejects(found, index, width)


def check_parquet_columns(con: duckdb.DuckDBPyConnection, path: Path, expected: list[str]) -> None:
    """A Parquet file names its columns: they must be the schema's (in any order)."""
    try:
        names = [
            n
            for (n,) in con.execute(
                "SELECT name FROM parquet_schema(?) WHERE name <> 'duckdb_schema' AND num_children IS NULL", [str(path)]
            ).fetchall()
        ]
    except duckdb.Error as e:
        raise IngestError(f"{path}: not a readable Parquet file ({e})") from None
    missing, extra = [c for c in expected if c not in names], [c for c in names if c not in expected]
    if missing or extra:
        raise IngestError(
            f"{path}: the columns do not match the schema "
            f"(missing columns: {missing or 'none'}; unexpected columns: {extra or 'none'})"
        )


def _map_lines(con: duckdb.DuckDBPyConnection, rejects: list[Reject], starts: dict[int, int]) -> None:
    """In a file with rejected records, later rows sit on later lines than their position says: map them.

    Assumes one line per record (true of police.uk and of openpeel's return formats); a record with a
    stray quote can swallow the lines after it, which the reject's own text shows.
    """
    rn, line_of = [], []
    for file in sorted({r.file for r in rejects}):
        taken: set[int] = set()
        for r in (r for r in rejects if r.file == file):
            taken.update(range(r.line, r.line + r.lines))
        (count,) = con.execute(f"SELECT count(*) FROM {STAGED} WHERE _file = ?", [file]).fetchone()  # type: ignore[misc]  # count(*): one row
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


def find_violations(con: duckdb.DuckDBPyConnection, checks: list[Check], schema: TableSchema) -> dict[int, int] | None:
    """Every broken rule of every staged row into _violations(_rn, _file, column, value, rule).

    Rows that failed an own-row check in the scan, and rows that fail one of the other checks, are taken apart
    rule by rule. Checks may refer to the file's context as ctx_<name> (columns of _files). Where the schema has
    a primary key, a key may appear once per force: a later row with the same key breaks a rule too; then the
    rows of each file identical to an earlier one are counted on the way (else None).
    """
    repeats = _find_key_repeats(con, schema) if schema.primary_key else None
    if schema.primary_key and any_rows(con, KEY_REPEATS):
        names = ", ".join(schema.primary_key)
        checks = [
            *checks,
            Check(
                schema.primary_key[0],
                f"s.rowid NOT IN (SELECT _rn FROM {KEY_REPEATS})",
                f"repeats the primary key ({names}) of an earlier row",
                own_row=False,
            ),
        ]
    others = [c for c in checks if not c.own_row]
    also = f" OR NOT ({passes_all(others)})" if others else ""
    found = ", ".join(
        f"CASE WHEN NOT coalesce({c.ok}, false) THEN "
        f"{{'column': {literal(c.column)}, 'value': s.{ident(c.column)}, 'rule': {literal(c.rule)}}} END"
        for c in checks
    )
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {VIOLATIONS} AS "
        f'SELECT _rn, _file, v.column AS "column", v.value AS value, v.rule AS rule FROM ('
        f"  SELECT s.rowid AS _rn, s._file, unnest(list_filter([{found or 'NULL'}], x -> x IS NOT NULL)) AS v "
        f"  FROM {STAGED} s JOIN {FILES} f USING (_file) WHERE NOT s._ok{also})"
    )
    return repeats


def any_rows(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    return bool(con.execute(f"SELECT EXISTS (SELECT 1 FROM {table})").fetchone()[0])  # type: ignore[index]  # one row


def _find_key_repeats(con: duckdb.DuckDBPyConnection, schema: TableSchema) -> dict[int, int]:
    """Rows whose force and primary key an earlier row of the batch has, into _key_repeats(_rn); and per file,
    the rows identical to an earlier row of the file.

    Keys are grouped by a 64-bit hash first (a hash aggregate runs in parallel, a window over every row does
    not), one force at a time: one force's keys fit the processor's cache, the 22 million of the national year
    at once did not and took twice as long. Only the rows whose key hash comes twice are compared by their
    text. Identical rows have the same key, so the identical rows are among those few too, and only they are
    hashed whole."""
    forces = [force for (force,) in con.execute(f"SELECT force_id FROM {FILES} ORDER BY _file").fetchall()]
    files_of: dict[str | None, list[int]] = {}  # None (rows that name their force themselves) is one group
    for file, force in enumerate(forces):
        files_of.setdefault(force, []).append(file)
    number = {force: n for n, force in enumerate(files_of)}
    force_no = f"[{', '.join(str(number[f]) for f in forces)}][s._file + 1]"  # by the file's position: no join
    key = ", ".join(f"s.{ident(k)}" for k in schema.primary_key)
    con.execute("CREATE OR REPLACE TEMP TABLE _repeated_keys (_force INTEGER, k UBIGINT)")
    for force, files in files_of.items():
        con.execute(
            f"INSERT INTO _repeated_keys SELECT {number[force]}, hash({key}) AS k FROM {STAGED} s "
            f"WHERE s._file IN ({', '.join(map(str, files))}) GROUP BY k HAVING count(*) > 1"
        )
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE _key_candidates AS "
        f"SELECT s.rowid AS _rn, s._file, {force_no} AS _force, {key}, {row_hash(schema, 's')} AS _h "
        f"FROM {STAGED} s SEMI JOIN _repeated_keys d ON d._force = {force_no} AND d.k = hash({key})"
    )
    names = ", ".join(ident(k) for k in schema.primary_key)
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {KEY_REPEATS} AS SELECT _rn FROM ("
        f"  SELECT _rn, min(_rn) OVER (PARTITION BY _force, {names}) AS _first FROM _key_candidates"
        f") WHERE _rn > _first"
    )
    repeats = con.execute("SELECT _file, count(*) - count(DISTINCT _h) FROM _key_candidates GROUP BY _file")
    found = dict(repeats.fetchall())
    con.execute("DROP TABLE _key_candidates")
    con.execute("DROP TABLE _repeated_keys")
    return found
