"""Import a checked record file into the warehouse (tables in warehouse/record.sql), all or nothing.

Each report in the file replaces that force's facts for that cycle; reports the file does not hold are left
alone. A file already imported (same bytes, same reports) changes nothing, not even the import times.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

import duckdb

from openpeel.record.loader import load_record
from openpeel.record.model import Record
from openpeel.warehouse.store import connect, transaction

TABLES = ("record_report", "record_grade", "record_cause")


def bundled_record_path() -> Path:
    """The published record shipped with openpeel (src/openpeel/record/data/ATTRIBUTION.md)."""
    return Path(str(files("openpeel.record").joinpath("data/peel-record.csv")))


@dataclass(frozen=True)
class ImportResult:
    path: str
    reports: int
    grades: int
    amendments: int
    causes: int
    changed: bool  # False when the warehouse already held exactly this file's facts


def import_record(path: str | Path, warehouse: duckdb.DuckDBPyConnection | str | Path | None = None) -> ImportResult:
    """Check `path` and store its facts in `warehouse` (an open connection, a warehouse file, or the default
    one). A broken rule raises RecordFileError before anything is written."""
    record = load_record(path)
    if isinstance(warehouse, duckdb.DuckDBPyConnection):
        return _store(record, warehouse)
    con = connect(warehouse)
    try:
        return _store(record, con)
    finally:
        con.close()


def _store(record: Record, con: duckdb.DuckDBPyConnection) -> ImportResult:
    counts = record.counts()
    changed = not _already_imported(record, con)
    if changed:
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        keys = [f"{r.force_id}|{r.framework_id}" for r in record.reports]
        provenance = [record.path, record.sha256]
        reports, grades, causes = [], [], []
        for r in record.reports:
            key = [r.force_id, r.framework_id]
            reports.append([*key, r.published, r.report_url, list(r.sources), r.note, *provenance, r.line, now])
            for g in r.grades:
                a = g.amendment
                grades.append(
                    [*key, g.area_id, g.grade_id, list(g.sources), a and a.grade_id, a and a.on,
                     list(a.sources) if a else None, g.note, *provenance, g.line, now]
                )  # fmt: skip
            for c in r.causes:
                causes.append(
                    [*key, c.area_id, c.text, c.raised_on, c.status, c.closed_on, list(c.sources), c.note,
                     *provenance, c.line, now]
                )  # fmt: skip
        with transaction(con):
            for table, rows in zip(TABLES, (reports, grades, causes), strict=True):
                con.execute(f"DELETE FROM {table} WHERE list_contains(?, force_id || '|' || framework_id)", [keys])
                _insert(con, table, rows)  # type: ignore[arg-type]  # each a list of rows
    return ImportResult(
        record.path, counts["reports"], counts["grades"], counts["amendments"], counts["causes"], changed
    )


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[list]) -> None:
    """All rows in one statement: a statement per row costs far more than the rows themselves."""
    if not rows:
        return
    one = "(" + ", ".join("?" * len(rows[0])) + ")"
    con.execute(f"INSERT INTO {table} VALUES " + ", ".join([one] * len(rows)), [v for row in rows for v in row])


def _already_imported(record: Record, con: duckdb.DuckDBPyConnection) -> bool:
    """Every report of the file is stored from these very bytes, with as many facts as the file has."""
    wanted = {
        "record_report": {(r.force_id, r.framework_id): 1 for r in record.reports},
        "record_grade": {(r.force_id, r.framework_id): len(r.grades) for r in record.reports},
        "record_cause": {(r.force_id, r.framework_id): len(r.causes) for r in record.reports},
    }
    for table in TABLES:
        stored = {
            (force_id, framework_id): (rows, other_files)
            for force_id, framework_id, rows, other_files in con.execute(
                f"SELECT force_id, framework_id, count(*), count(*) FILTER (WHERE source_sha256 <> ?) FROM {table} "
                "GROUP BY ALL",
                [record.sha256],
            ).fetchall()
        }
        for key, n in wanted[table].items():
            if stored.get(key, (0, 0)) != (n, 0):
                return False
    return True
