"""A batch of source files into their warehouse table: hash, text, header, staging, rules, repeats, load,
account. One parallel DuckDB scan per batch, whatever the number of files.

For each file: rows read = rows loaded + rows quarantined (a broken rule, with file, line, column, value
and rule) + repeats set aside (kept in set_aside with the reason). Nothing is dropped. Writes happen in one
transaction (load_all's, or the caller's), so a failure anywhere leaves the warehouse as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import duckdb
import pyarrow as pa

from openpeel.ingest.schema import Check
from openpeel.ingest.source import FileContext, Source
from openpeel.ingest.staging import (
    KEY_REPEATS,
    SET_ASIDE,
    STAGED,
    VIOLATIONS,
    Reject,
    Tables,
    any_rows,
    check_parquet_columns,
    find_violations,
    stage,
)
from openpeel.ingest.textfile import as_utf8, check_header, sha256
from openpeel.warehouse import transaction
from openpeel.warehouse.sql import ident, literal

DOUBLED = (
    "the file repeats every row an even number of times, the mark of a copy published twice over; "
    "this is the second of a pair"
)


@dataclass
class FileReport:
    file_name: str
    force_id: str | None
    status: str  # loaded | unchanged | skipped
    rows_read: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    repeats_kept: int = 0
    repeats_set_aside: int = 0
    note: str | None = None


@dataclass
class IngestReport:
    files: list[FileReport] = field(default_factory=list)

    def total(self, attr: str) -> int:
        return sum(getattr(f, attr) for f in self.files)


@dataclass(frozen=True)
class SourceFile:
    path: Path
    ctx: FileContext
    file_key: str  # source / force / period: what a corrected file replaces
    month: date | None = None
    note: str | None = None  # said of the file before reading it, e.g. that it is synthetic


@dataclass
class Batch:
    """Files of one source, staged and checked, waiting for their write (`write`)."""

    source: Source
    items: list[SourceFile]
    reports: dict[str, FileReport]  # files left as they are (unchanged), then every file once written
    todo: list[tuple[SourceFile, str, Path, str | None]]  # (file, its hash, the file read, note)
    tables: Tables = Tables()
    rejects: list[Reject] = field(default_factory=list)
    counts: dict[int, tuple[int, int, int, int]] = field(default_factory=dict)  # read, repeats, bad, set aside


def load_batch(con: duckdb.DuckDBPyConnection, items: list[SourceFile], source: Source, work: Path) -> list[FileReport]:
    """Load files of one source; those already ingested with identical content are left as they are."""
    return write(con, prepare(con, items, source, work))


def prepare(
    con: duckdb.DuckDBPyConnection, items: list[SourceFile], source: Source, work: Path, keep: str = ""
) -> Batch:
    """Hash, read, stage and check a batch, writing nothing to the warehouse. With `keep`, its temporary tables
    are kept under that suffix, so that every batch of an ingest can be staged before its one transaction opens:
    the writes then read committed tables, which DuckDB scans in parallel (a table written inside the open
    transaction is read on about one core)."""
    # Hashing and reading text release the GIL for most of their time: files are read in parallel.
    with ThreadPoolExecutor() as pool:
        digests = list(pool.map(lambda item: sha256(item.path), items))
        known = dict(
            con.execute(
                "SELECT file_key, sha256 FROM source_file WHERE file_key IN (SELECT unnest(?))",
                [[item.file_key for item in items]],
            ).fetchall()
        )
        reports, changed = {}, []
        for item, digest in zip(items, digests, strict=True):
            if known.get(item.file_key) == digest:
                reports[item.file_key] = FileReport(
                    item.path.name, item.ctx.force_id, "unchanged", note="already ingested with identical content"
                )
            else:
                changed.append((item, digest))
        for item, _ in changed:
            if item.path.suffix == ".parquet":
                check_parquet_columns(con, item.path, source.schema.header)
        texts = list(pool.map(lambda c: _text(c[0], source, work), changed))
    todo = [
        (item, digest, text, "; ".join(filter(None, [item.note, note])) or None)
        for (item, digest), (text, note) in zip(changed, texts, strict=True)
    ]
    batch = Batch(source, items, reports, todo)
    if todo:
        _stage(con, batch)
        if keep:
            batch.tables = batch.tables.keep(con, keep)
    return batch


def load_all(
    con: duckdb.DuckDBPyConnection,
    batches: list[tuple[list[SourceFile], Source]],
    work: Path,
    on_file: Callable[[str], None] = lambda _: None,
) -> list[FileReport]:
    """Every batch staged and checked, then all written in one transaction: all or nothing. The staged rows of
    every batch are held at once (DuckDB moves them to its temporary directory beyond its memory limit)."""
    prepared: list[Batch] = []
    try:
        for n, (items, source) in enumerate(batches):
            prepared.append(prepare(con, items, source, work, keep=f"_{n}"))
        reports = []
        with transaction(con):
            for batch in prepared:
                reports += write(con, batch)
                for item in batch.items:
                    on_file(item.path.name)
        return reports
    finally:
        for batch in prepared:
            batch.tables.drop(con)


def write(con: duckdb.DuckDBPyConnection, batch: Batch) -> list[FileReport]:
    """Write a prepared batch into the warehouse (the caller holds the transaction); its tables are dropped."""
    if batch.todo:
        batch.reports.update(_write(con, batch))
        batch.tables.drop(con)
    return [batch.reports[item.file_key] for item in batch.items]


def _text(item: SourceFile, source: Source, work: Path) -> tuple[Path, str | None]:
    """The file as DuckDB will read it (UTF-8 text, or Parquet as it is), once a CSV header is checked."""
    if item.path.suffix == ".parquet":
        return item.path, None
    text, note = as_utf8(item.path, work)
    check_header(text, item.path, source.schema.header)
    return text, note


def _files(batch: Batch) -> pa.Table:
    todo = batch.todo
    params = sorted({k for item, *_ in todo for k in item.ctx.params})
    return pa.table(
        {
            "path": [str(text) for _, _, text, _ in todo],
            "file_key": [item.file_key for item, *_ in todo],
            "force_id": [item.ctx.force_id for item, *_ in todo],
            "source_file": [item.path.name for item, *_ in todo],
            "source_sha256": [digest for _, digest, _, _ in todo],
            **{f"ctx_{p}": [str(item.ctx.params.get(p)) for item, *_ in todo] for p in params},
        }
    )


def _stage(con: duckdb.DuckDBPyConnection, batch: Batch) -> None:
    """Staging, rules, repeats and the per-file counts: everything that reads only the batch."""
    source, ctx = batch.source, batch.todo[0][0].ctx
    checks = source.checks(ctx)
    whole = _needs_whole_rows(source, checks, ctx)
    batch.rejects = stage(con, _files(batch), source.schema, checks, whole)
    repeats = find_violations(con, checks, source.schema)
    if not whole and source.schema.primary_key and any_rows(con, KEY_REPEATS):
        # rare: a repeated key is quarantined with its whole record, and identical rows are told apart by their
        # whole text, so the batch is staged again with every row's raw text
        batch.rejects = stage(con, _files(batch), source.schema, checks, whole=True)
        repeats = find_violations(con, checks, source.schema)
    _repeats(con, source)
    per_file = "SELECT _file, count(DISTINCT _rn) FROM {} GROUP BY 1"
    bad = dict(con.execute(per_file.format(VIOLATIONS)).fetchall())
    set_aside = dict(con.execute(per_file.format(SET_ASIDE)).fetchall())
    read = dict(con.execute(f"SELECT _file, count(*) FROM {STAGED} GROUP BY _file").fetchall())
    if repeats is None:  # no primary key to narrow the search: every row's hash
        repeats = dict(
            con.execute(f"SELECT _file, count(*) - count(DISTINCT _h) FROM {STAGED} GROUP BY _file").fetchall()
        )
    batch.counts = {
        i: (read.get(i, 0), repeats.get(i, 0), bad.get(i, 0), set_aside.get(i, 0)) for i in range(len(batch.todo))
    }


def _needs_whole_rows(source: Source, checks: list[Check], ctx: FileContext) -> bool:
    """Whether something after the scan reads the raw text of a passing row's times and numbers: a rule
    reading other rows, the halving of doubled files (compares whole rows), or a derived column naming one."""
    derived = " ".join(source.derived(ctx))
    return (
        source.repeats != "keep"
        or any(not c.own_row for c in checks)
        or any(ident(f.name) in derived for f in source.schema.fields if f.type != "string")
    )


def _write(con: duckdb.DuckDBPyConnection, batch: Batch) -> dict[str, FileReport]:
    source, todo, t, rejects = batch.source, batch.todo, batch.tables, batch.rejects
    keys = [item.file_key for item, *_ in todo]
    for table in (source.table, "quarantine", "set_aside", "source_file"):  # a corrected file replaces
        con.execute(f"DELETE FROM {table} WHERE file_key IN (SELECT unnest(?))", [keys])
    now = datetime.now()
    ctx = todo[0][0].ctx

    # The common case has no rejected records, no broken rules and no set-aside repeats: skip those joins.
    left_out = [v for v in (t.violations, t.set_aside) if any_rows(con, v)]
    keep = " AND ".join(f"s.rowid NOT IN (SELECT _rn FROM {v})" for v in left_out)
    columns = [
        "f.file_key",
        f"{t.line(bool(rejects))} AS line",
        *(["f.force_id"] if ctx.force_id else []),
        source.schema.typed_columns(staged=True),
        *source.derived(ctx),
        "f.source_file",
        "f.source_sha256",
        f"TIMESTAMP {literal(now.isoformat(sep=' '))} AS ingested_at",
    ]
    replaced = _replace_earlier_rows(con, source, t) if ctx.force_id else {}
    con.execute("SET preserve_insertion_order = false")  # each row carries its line: order is not needed
    con.execute(
        f"INSERT INTO {source.table} BY NAME SELECT {', '.join(columns)} FROM {t.rows(bool(rejects))} "
        f"WHERE {keep or 'true'}"
    )
    con.execute("RESET preserve_insertion_order")
    raw = "to_json({" + ", ".join(f"{literal(n)}: s.{ident(n)}" for n in source.schema.header) + "})"
    con.execute(
        f"INSERT INTO quarantine SELECT f.file_key, {t.line(True)}, v.column, v.value, v.rule, {raw} "
        f"FROM {t.violations} v JOIN {t.rows(True)} ON v._rn = s.rowid"
    )
    if rejects:
        con.executemany(
            "INSERT INTO quarantine VALUES (?, ?, ?, NULL, ?, to_json(?))",
            [(todo[r.file][0].file_key, r.line, r.column, r.problem, r.text) for r in rejects],
        )
    con.execute(
        f"INSERT INTO set_aside SELECT f.file_key, {t.line(True)}, a.reason, {raw} "
        f"FROM {t.set_aside} a JOIN {t.rows(True)} ON a._rn = s.rowid"
    )

    reports, rows = {}, []
    for i, (item, digest, _, note) in enumerate(todo):
        read, repeats, bad, set_aside = batch.counts[i]
        rejected = sum(r.lines for r in rejects if r.file == i)
        report = FileReport(
            item.path.name,
            item.ctx.force_id,
            "loaded",
            rows_read=read + rejected,
            rows_loaded=read - bad - set_aside,
            rows_quarantined=bad + rejected,
            repeats_kept=repeats - set_aside,
            repeats_set_aside=set_aside,
            note="; ".join(filter(None, [note, _replaced_note(replaced.pop(item.ctx.force_id, 0))])) or None,  # type: ignore[arg-type]  # None: 0
        )
        reports[item.file_key] = report
        rows.append(
            {
                "file_key": item.file_key,
                "source": source.name,
                "file_name": item.path.name,
                "sha256": digest,
                "force_id": item.ctx.force_id,
                "month": item.month,
                "rows_read": report.rows_read,
                "rows_loaded": report.rows_loaded,
                "rows_quarantined": report.rows_quarantined,
                "repeats_kept": report.repeats_kept,
                "repeats_set_aside": report.repeats_set_aside,
                "status": "loaded",
                "note": note,
                "ingested_at": now,
            }
        )
    con.register("_source_files", pa.table({k: [r[k] for r in rows] for k in rows[0]}))
    con.execute("INSERT INTO source_file BY NAME SELECT * FROM _source_files")
    con.unregister("_source_files")
    return reports


def _replaced_note(n: int) -> str | None:
    return f"replaced {n:,} rows loaded earlier with the same force and key" if n else None


def _replace_earlier_rows(con: duckdb.DuckDBPyConnection, source: Source, t: Tables) -> dict[str, int]:
    """Rows already in the warehouse with the same force and primary key as an incoming row are
    replaced: a corrected or re-sent return supersedes what it corrects, whatever its file name."""
    key = source.schema.primary_key
    if not key or not any_rows(con, f"{source.table} WHERE force_id IN (SELECT force_id FROM {t.files})"):
        return {}  # nothing loaded earlier for these forces: no need to look at every incoming row
    fields = {f.name: f for f in source.schema.fields}
    typed = ", ".join(fields[k].typed(staged=True) for k in key)
    match = " AND ".join(f"w.{ident(fields[k].column)} = n.{ident(fields[k].column)}" for k in key)
    gone = con.execute(
        f"DELETE FROM {source.table} w USING (SELECT f.force_id, {typed} FROM {t.rows(False)} "
        f"WHERE s.rowid NOT IN (SELECT _rn FROM {t.violations})) n WHERE w.force_id = n.force_id AND {match} "
        "RETURNING w.force_id"
    ).fetchall()
    counts: dict[str, int] = {}
    for (force,) in gone:
        counts[force] = counts.get(force, 0) + 1
    return counts


def _repeats(con: duckdb.DuckDBPyConnection, source: Source) -> None:
    """Where every row of a file comes an even number of times, set the second of each pair aside.

    Only for sources that declare it (police.uk stop and search): elsewhere identical rows are real and
    only counted (by a 64-bit hash of the row: a false match is about a one-in-10^7 chance a million rows).
    """
    if source.repeats != "halve_if_doubled":
        con.execute(f"CREATE OR REPLACE TEMP TABLE {SET_ASIDE} (_rn BIGINT, _file INTEGER, reason VARCHAR)")
        return
    cols = ", ".join(ident(n) for n in ["_file", *source.schema.header])
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {SET_ASIDE} AS "
        f"WITH c AS (SELECT rowid AS _rn, _file, count(*) OVER (PARTITION BY {cols}) AS n, "
        f"  row_number() OVER (PARTITION BY {cols} ORDER BY rowid) AS copy FROM {STAGED}) "
        f"SELECT _rn, _file, {literal(DOUBLED)} AS reason FROM c "
        f"WHERE copy > n / 2 AND _rn NOT IN (SELECT _rn FROM {VIOLATIONS}) "
        f"AND _file IN (SELECT _file FROM c GROUP BY _file HAVING bool_and(n % 2 = 0))"
    )
