"""A batch of source files into their warehouse table: hash, text, header, staging, rules, repeats, load,
account. One parallel DuckDB scan per batch, whatever the number of files.

For each file: rows read = rows loaded + rows quarantined (a broken rule, with file, line, column, value
and rule) + repeats set aside (kept in set_aside with the reason). Nothing is dropped. The caller holds
the transaction, so a failure anywhere leaves the warehouse as it was.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import duckdb
import pyarrow as pa

from openpeel.ingest.schema import ident, literal
from openpeel.ingest.source import FileContext, Source
from openpeel.ingest.staging import (
    FILES,
    FROM_STAGED,
    LINE,
    PLAIN_FROM_STAGED,
    PLAIN_LINE,
    STAGED,
    VIOLATIONS,
    check_parquet_columns,
    find_violations,
    stage,
)
from openpeel.ingest.textfile import as_utf8, check_header, sha256

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


def load_batch(con: duckdb.DuckDBPyConnection, items: list[SourceFile], source: Source, work: Path) -> list[FileReport]:
    """Load files of one source; those already ingested with identical content are left as they are."""
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
    if todo:
        reports.update(_load(con, todo, source))
    return [reports[item.file_key] for item in items]


def _text(item: SourceFile, source: Source, work: Path) -> tuple[Path, str | None]:
    """The file as DuckDB will read it (UTF-8 text, or Parquet as it is), once a CSV header is checked."""
    if item.path.suffix == ".parquet":
        return item.path, None
    text, note = as_utf8(item.path, work)
    check_header(text, item.path, source.schema.header)
    return text, note


def _load(con, todo, source: Source) -> dict[str, FileReport]:
    keys = [item.file_key for item, *_ in todo]
    for table in (source.table, "quarantine", "set_aside", "source_file"):  # a corrected file replaces
        con.execute(f"DELETE FROM {table} WHERE file_key IN (SELECT unnest(?))", [keys])
    now = datetime.now()
    ctx = todo[0][0].ctx
    params = sorted({k for item, *_ in todo for k in item.ctx.params})
    files = pa.table(
        {
            "path": [str(text) for _, _, text, _ in todo],
            "file_key": keys,
            "force_id": [item.ctx.force_id for item, *_ in todo],
            "source_file": [item.path.name for item, *_ in todo],
            "source_sha256": [digest for _, digest, _, _ in todo],
            **{f"ctx_{p}": [str(item.ctx.params.get(p)) for item, *_ in todo] for p in params},
        }
    )
    checks = source.checks(ctx)
    rejects = stage(con, files, source.schema, checks)
    find_violations(con, checks, source.schema)
    _repeats(con, source)

    # The common case has no rejected records, no broken rules and no set-aside repeats: skip those joins.
    line, rows = (LINE, FROM_STAGED) if rejects else (PLAIN_LINE, PLAIN_FROM_STAGED)
    keep = " AND ".join(f"s.rowid NOT IN (SELECT _rn FROM {t})" for t in (VIOLATIONS, "_set_aside") if _any(con, t))
    columns = [
        "f.file_key",
        f"{line} AS line",
        *(["f.force_id"] if ctx.force_id else []),
        source.schema.typed_columns(staged=True),
        *source.derived(ctx),
        "f.source_file",
        "f.source_sha256",
        f"TIMESTAMP {literal(now.isoformat(sep=' '))} AS ingested_at",
    ]
    replaced = _replace_earlier_rows(con, source) if ctx.force_id else {}
    con.execute("SET preserve_insertion_order = false")  # each row carries its line: order is not needed
    con.execute(f"INSERT INTO {source.table} BY NAME SELECT {', '.join(columns)} FROM {rows} WHERE {keep or 'true'}")
    con.execute("RESET preserve_insertion_order")
    raw = "to_json({" + ", ".join(f"{literal(n)}: s.{ident(n)}" for n in source.schema.header) + "})"
    con.execute(
        f"INSERT INTO quarantine SELECT f.file_key, {LINE}, v.column, v.value, v.rule, {raw} "
        f"FROM {VIOLATIONS} v JOIN {FROM_STAGED} ON v._rn = s.rowid"
    )
    if rejects:
        con.executemany(
            "INSERT INTO quarantine VALUES (?, ?, ?, NULL, ?, to_json(?))",
            [(todo[r.file][0].file_key, r.line, r.column, r.problem, r.text) for r in rejects],
        )
    con.execute(
        f"INSERT INTO set_aside SELECT f.file_key, {LINE}, a.reason, {raw} "
        f"FROM _set_aside a JOIN {FROM_STAGED} ON a._rn = s.rowid"
    )

    per_file = "SELECT _file, count(DISTINCT _rn) FROM {} GROUP BY 1"
    bad = dict(con.execute(per_file.format(VIOLATIONS)).fetchall())
    set_aside = dict(con.execute(per_file.format("_set_aside")).fetchall())
    staged = {
        i: (n, r)
        for i, n, r in con.execute(
            f"SELECT _file, count(*), count(*) - count(DISTINCT _h) FROM {STAGED} GROUP BY _file"
        ).fetchall()
    }
    reports, rows = {}, []
    for i, (item, digest, _, note) in enumerate(todo):
        read, repeats = staged.get(i, (0, 0))
        rejected = sum(r.lines for r in rejects if r.file == i)
        report = FileReport(
            item.path.name,
            item.ctx.force_id,
            "loaded",
            rows_read=read + rejected,
            rows_loaded=read - bad.get(i, 0) - set_aside.get(i, 0),
            rows_quarantined=bad.get(i, 0) + rejected,
            repeats_kept=repeats - set_aside.get(i, 0),
            repeats_set_aside=set_aside.get(i, 0),
            note="; ".join(filter(None, [note, _replaced_note(replaced.pop(item.ctx.force_id, 0))])) or None,
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


def _any(con, table: str) -> bool:
    return con.execute(f"SELECT EXISTS (SELECT 1 FROM {table})").fetchone()[0]


def _replaced_note(n: int) -> str | None:
    return f"replaced {n:,} rows loaded earlier with the same force and key" if n else None


def _replace_earlier_rows(con, source: Source) -> dict[str, int]:
    """Rows already in the warehouse with the same force and primary key as an incoming row are
    replaced: a corrected or re-sent return supersedes what it corrects, whatever its file name."""
    key = source.schema.primary_key
    if not key or not _any(con, f"{source.table} WHERE force_id IN (SELECT force_id FROM {FILES})"):
        return {}  # nothing loaded earlier for these forces: no need to look at every incoming row
    fields = {f.name: f for f in source.schema.fields}
    typed = ", ".join(fields[k].typed(staged=True) for k in key)
    match = " AND ".join(f"t.{ident(fields[k].column)} = n.{ident(fields[k].column)}" for k in key)
    gone = con.execute(
        f"DELETE FROM {source.table} t USING (SELECT f.force_id, {typed} FROM {FROM_STAGED} "
        f"WHERE s.rowid NOT IN (SELECT _rn FROM {VIOLATIONS})) n WHERE t.force_id = n.force_id AND {match} "
        "RETURNING t.force_id"
    ).fetchall()
    counts: dict[str, int] = {}
    for (force,) in gone:
        counts[force] = counts.get(force, 0) + 1
    return counts


def _repeats(con, source: Source) -> None:
    """Where every row of a file comes an even number of times, set the second of each pair aside.

    Only for sources that declare it (police.uk stop and search): elsewhere identical rows are real and
    only counted (by a 64-bit hash of the row: a false match is about a one-in-10^7 chance a million rows).
    """
    if source.repeats != "halve_if_doubled":
        con.execute("CREATE OR REPLACE TEMP TABLE _set_aside (_rn BIGINT, _file INTEGER, reason VARCHAR)")
        return
    cols = ", ".join(ident(n) for n in ["_file", *source.schema.header])
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE _set_aside AS "
        f"WITH c AS (SELECT rowid AS _rn, _file, count(*) OVER (PARTITION BY {cols}) AS n, "
        f"  row_number() OVER (PARTITION BY {cols} ORDER BY rowid) AS copy FROM {STAGED}) "
        f"SELECT _rn, _file, {literal(DOUBLED)} AS reason FROM c "
        f"WHERE copy > n / 2 AND _rn NOT IN (SELECT _rn FROM {VIOLATIONS}) "
        f"AND _file IN (SELECT _file FROM c GROUP BY _file HAVING bool_and(n % 2 = 0))"
    )
