"""Load a police.uk archive into the warehouse: all or nothing, re-runnable, every row accounted for."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

import duckdb
import pyarrow as pa

from openpeel.errors import UnknownForceError
from openpeel.forces import get_force
from openpeel.ingest import street
from openpeel.ingest.csvfile import read_rows, sha256
from openpeel.ingest.police_uk import ArchiveFile, opened_archive
from openpeel.warehouse import transaction

SOURCES = {"street": street}  # outcomes and stop-and-search join here as modules of the same shape


@dataclass
class FileReport:
    file_name: str
    force_id: str | None
    status: str  # loaded | unchanged | skipped
    rows_read: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    note: str | None = None


@dataclass
class IngestReport:
    files: list[FileReport] = field(default_factory=list)

    def total(self, attr: str) -> int:
        return sum(getattr(f, attr) for f in self.files)


def ingest_police_uk(
    con: duckdb.DuckDBPyConnection,
    path,
    on_file: Callable[[str], None] = lambda _: None,
    on_start: Callable[[int], None] = lambda _: None,
) -> IngestReport:
    """Ingest every file of the archive in one transaction: a failure leaves the warehouse unchanged."""
    report = IngestReport()
    with opened_archive(path) as files, transaction(con):
        on_start(len(files))
        for af in files:
            report.files.append(_ingest_file(con, af))
            on_file(af.path.name)
    return report


def _skipped(af: ArchiveFile, why: str) -> FileReport:
    """A file left out is counted and said, never dropped silently."""
    with open(af.path, "rb") as f:
        rows = max(sum(1 for _ in f) - 1, 0)
    return FileReport(af.path.name, None, "skipped", rows_read=rows, note=f"{rows:,} rows not loaded: {why}")


def _ingest_file(con, af: ArchiveFile) -> FileReport:
    source = SOURCES.get(af.kind)
    if source is None:
        return _skipped(af, f"{af.kind} files are not ingested yet")
    try:
        force = get_force(af.slug)
    except UnknownForceError:
        return _skipped(af, f"{af.slug!r} is not one of the forces of England and Wales in the registry")
    file_key = f"{source.SOURCE}/{force.id}/{af.month:%Y-%m}"
    digest = sha256(af.path)
    if con.execute(
        "SELECT 1 FROM source_file WHERE file_key = ? AND sha256 = ?", [file_key, digest]
    ).fetchone():
        return FileReport(af.path.name, force.id, "unchanged", note="already ingested with identical content")
    for table in (source.TABLE, "quarantine", "source_file"):  # a re-ingest replaces, never duplicates
        con.execute(f"DELETE FROM {table} WHERE file_key = ?", [file_key])

    lines, rows, quarantined = [], [], []
    read, month = 0, f"{af.month:%Y-%m}"
    for line, fields in read_rows(af.path, source.HEADER):
        read += 1
        parsed = source.parse(line, fields, month, force.police_uk_name)
        if isinstance(parsed, list):
            raw = json.dumps(dict(zip(source.HEADER, fields, strict=False)))
            quarantined += [(file_key, v.line, v.column, v.value, v.rule, raw) for v in parsed]
        else:
            lines.append(line)
            rows.append(parsed)

    columns = {
        "file_key": [file_key] * len(rows),
        "line": lines,
        "force_id": [force.id] * len(rows),
        "month": [af.month] * len(rows),
    }
    for name, values in zip(
        source.COLUMNS, zip(*rows, strict=True) if rows else [()] * len(source.COLUMNS), strict=True
    ):
        columns[name] = list(values)
    batch = pa.table(columns)
    con.register("batch", batch)
    con.execute(f"INSERT INTO {source.TABLE} BY NAME SELECT * FROM batch")
    con.unregister("batch")
    if quarantined:
        con.executemany("INSERT INTO quarantine VALUES (?, ?, ?, ?, ?, ?)", quarantined)
    bad_rows = len({q[1] for q in quarantined})
    con.execute(
        "INSERT INTO source_file VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'loaded', NULL, ?)",
        [
            file_key,
            source.SOURCE,
            af.path.name,
            digest,
            force.id,
            af.month,
            read,
            len(rows),
            bad_rows,
            datetime.now(),
        ],
    )
    return FileReport(af.path.name, force.id, "loaded", read, len(rows), bad_rows)
