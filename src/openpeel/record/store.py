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
        with transaction(con):
            for report in record.reports:
                key = [report.force_id, report.framework_id]
                for table in TABLES:
                    con.execute(f"DELETE FROM {table} WHERE force_id = ? AND framework_id = ?", key)
                provenance = [record.path, record.sha256]
                con.execute(
                    "INSERT INTO record_report VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [*key, report.published, report.report_url, list(report.sources), report.note,
                     *provenance, report.line, now],
                )  # fmt: skip
                for g in report.grades:
                    a = g.amendment
                    con.execute(
                        "INSERT INTO record_grade VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        [*key, g.area_id, g.grade_id, list(g.sources), a and a.grade_id, a and a.on,
                         list(a.sources) if a else None, g.note, *provenance, g.line, now],
                    )  # fmt: skip
                for c in report.causes:
                    con.execute(
                        "INSERT INTO record_cause VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        [*key, c.area_id, c.text, c.raised_on, c.status, c.closed_on, list(c.sources), c.note,
                         *provenance, c.line, now],
                    )  # fmt: skip
    return ImportResult(
        record.path, counts["reports"], counts["grades"], counts["amendments"], counts["causes"], changed
    )


def _already_imported(record: Record, con: duckdb.DuckDBPyConnection) -> bool:
    """Every report of the file is stored from these very bytes, with as many facts as the file has."""
    for report in record.reports:
        key = [report.force_id, report.framework_id]
        stored = {
            table: con.execute(
                f"SELECT count(*), count(*) FILTER (WHERE source_sha256 <> ?) FROM {table} "
                "WHERE force_id = ? AND framework_id = ?",
                [record.sha256, *key],
            ).fetchone()
            for table in TABLES
        }
        wanted = {"record_report": 1, "record_grade": len(report.grades), "record_cause": len(report.causes)}
        if any(stored[t] != (wanted[t], 0) for t in TABLES):
            return False
    return True
