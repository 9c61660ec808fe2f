"""The lake: every warehouse table as a Hive-partitioned Parquet dataset that DuckDB and Spark both read.

Layout (docs/lake.md):

    <lake>/_manifest.json                                   schema version, and per table its columns and
                                                            partitions (rows, ingest batches)
    <lake>/<table>/force_id=<id>/month=<YYYY-MM-DD>/*.parquet   tables with a force and a month
    <lake>/<table>/force_id=<id>/*.parquet                      tables with a force only
    <lake>/<table>/*.parquet                                    the others: one dataset
    <lake>/_staging/                                        partitions being written (readers skip `_` names)

A re-export rewrites only the partitions whose signature changed: its row count and the ingest batches
(file key, SHA-256, ingest time, from `source_file`) its rows came from; a table without provenance (the
computed results, the batch list itself) is signed by an order-independent hash of its rows instead.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlparse

import duckdb

from openpeel.errors import WarehouseError
from openpeel.warehouse.export import tables
from openpeel.warehouse.sql import ident, literal
from openpeel.warehouse.store import SCHEMA_VERSION

MANIFEST = "_manifest.json"
STAGING = "_staging"
FORCE_COLUMN = "force_id"
# A month column per table: police.uk's `month`, and the results' `period` (the first day of a month).
MONTH_COLUMNS = ("month", "period")

Signature = dict[str, Any]  # {"rows": n, "batches": [[file_key, sha256, ingested_at], ...]} or {"rows", "hash"}


@dataclass
class LakeReport:
    """What one export did: rows per table, and partitions written, kept as they were, and removed."""

    rows: dict[str, int] = field(default_factory=dict)
    written: list[str] = field(default_factory=list)  # "<table>/<partition>" ("<table>" for a one-dataset table)
    kept: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def lake_path(uri: str) -> Path:
    """A local folder, as a path or a file:// URI. Other file systems are Spark's (docs/lake.md), not ours."""
    parsed = urlparse(uri)
    if parsed.scheme in ("", "file") or (len(parsed.scheme) == 1 and uri[1:3] in (":\\", ":/")):  # C:\ on Windows
        if parsed.scheme == "file":
            if parsed.netloc not in ("", "localhost"):
                raise WarehouseError(f"Cannot use the lake {uri}: a file:// URI names a folder on this machine")
            return Path(unquote(parsed.path))
        return Path(uri)
    raise WarehouseError(
        f"Cannot write the lake to {uri}: openpeel writes a lake to a local folder or file:// path; "
        f"{parsed.scheme}:// is for Spark's Hadoop file systems (docs/lake.md)"
    )


def read_manifest(root: Path) -> dict[str, Any] | None:
    """The lake's manifest, None for a new (missing or empty) folder; refuses a folder that is not a lake and a
    lake of another schema version."""
    path = root / MANIFEST
    if not path.exists():
        if root.exists() and (not root.is_dir() or any(p.name != STAGING for p in root.iterdir())):
            raise WarehouseError(f"{root} is not an openpeel lake (no {MANIFEST}): name a new or empty folder")
        return None
    try:
        manifest: dict[str, Any] = json.loads(path.read_text())
        version = manifest["schema_version"]
    except (ValueError, KeyError, TypeError) as e:
        raise WarehouseError(f"The lake's manifest {path} is unreadable ({e}): export to a new folder") from e
    if version != SCHEMA_VERSION:
        raise WarehouseError(
            f"The lake at {root} holds warehouse schema {version}; this openpeel writes and reads schema "
            f"{SCHEMA_VERSION}. Export to a new folder."
        )
    return manifest


def export_lake(con: duckdb.DuckDBPyConnection, uri: str) -> LakeReport:
    """Write (or bring up to date) the lake at `uri` from the warehouse `con`."""
    root = lake_path(uri)
    old = read_manifest(root) or {"tables": {}}
    root.mkdir(parents=True, exist_ok=True)
    _recover(root)
    report = LakeReport()
    new_tables: dict[str, Any] = {}
    for table in tables(con):
        entry = _export_table(con, root, table, old["tables"].get(table), report)
        new_tables[table] = entry
        report.rows[table] = sum(p["rows"] for p in entry["partitions"].values())
    for gone in sorted(set(old["tables"]) - set(new_tables)):  # a table dropped from the warehouse
        shutil.rmtree(root / gone, ignore_errors=True)
        report.removed.append(gone)
    if new_tables == old["tables"] and (root / MANIFEST).exists():
        return report  # nothing changed: not even the manifest is rewritten
    manifest = {
        "schema_version": SCHEMA_VERSION,
        "written_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "tables": new_tables,
    }
    # Written last and swapped in whole: a killed export leaves the old manifest, and the next export
    # rewrites whatever it finds changed since then.
    tmp = root / f"{MANIFEST}.tmp"
    tmp.write_text(json.dumps(manifest, indent=1, sort_keys=True))
    os.replace(tmp, root / MANIFEST)
    shutil.rmtree(root / STAGING, ignore_errors=True)
    return report


def partition_columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    """force_id, then a month (a DATE: police.uk's `month`, the results' `period`), where the table has them and
    they are never NULL (schema.sql, returns.sql, record.sql). `source_file`, whose force and month may be NULL,
    stays one dataset; the force returns have no month column (their months are in their event times), so they
    are partitioned by force only (docs/lake.md)."""
    cols = {
        name: (kind, nullable)
        for name, kind, nullable in con.execute(
            "SELECT column_name, data_type, is_nullable FROM information_schema.columns "
            "WHERE table_schema = 'main' AND table_name = ?",
            [table],
        ).fetchall()
    }
    chosen = [FORCE_COLUMN] if cols.get(FORCE_COLUMN, ("", ""))[1] == "NO" else []
    return chosen + [m for m in MONTH_COLUMNS if cols.get(m) == ("DATE", "NO")][:1]


def _export_table(
    con: duckdb.DuckDBPyConnection, root: Path, table: str, old: dict[str, Any] | None, report: LakeReport
) -> dict[str, Any]:
    by = partition_columns(con, table)
    columns = [
        [n, t] for n, t in con.execute(f"SELECT column_name, column_type FROM (DESCRIBE {ident(table)})").fetchall()
    ]
    signatures = _signatures(con, table, by)
    previous: dict[str, Signature] = {}
    if old and old.get("partition_by") == by and old.get("columns") == columns:
        previous = old["partitions"]
    elif old:
        shutil.rmtree(root / table, ignore_errors=True)  # another layout: the whole table is written afresh
    changed = [key for key, sig in signatures.items() if previous.get(key) != sig]
    if not by and not (root / table).exists():
        changed = [""]
    for key in sorted(set(previous) - set(signatures)):  # a partition whose rows have all gone
        shutil.rmtree(root / table / key, ignore_errors=True)
        for parent in (root / table / key).parents:  # the force's folder, once its last month has gone
            if parent == root / table or not parent.exists() or any(parent.iterdir()):
                break
            parent.rmdir()
        report.removed.append(f"{table}/{key}".rstrip("/"))
    if changed:
        _write(con, root, table, by, changed)
    (root / table).mkdir(exist_ok=True)  # an empty table too: every table has its folder
    report.written += [f"{table}/{key}".rstrip("/") for key in changed]
    report.kept += [f"{table}/{key}".rstrip("/") for key in signatures if key not in changed]
    return {
        "partition_by": by,
        "hive_types": {c: t for c, t in columns if c in by},
        "columns": columns,
        "partitions": signatures,
    }


def partition_key(by: list[str], values: tuple[Any, ...]) -> str:
    """The folder of a partition, as DuckDB's PARTITION_BY names it (values URL-encoded, dates ISO)."""
    return "/".join(f"{c}={quote(str(v), safe='')}" for c, v in zip(by, values, strict=True))


def _signatures(con: duckdb.DuckDBPyConnection, table: str, by: list[str]) -> dict[str, Signature]:
    """Each partition's row count, and the ingest batches its rows came from (or a hash of its rows)."""
    names = {n for (n,) in con.execute(f"SELECT column_name FROM (DESCRIBE {ident(table)})").fetchall()}
    keys = ", ".join(ident(c) for c in by)
    group = f"GROUP BY {keys}" if by else ""
    select_keys = f"{keys}, " if by else ""
    t = ident(table)
    batch: str | None = None
    if "file_key" in names:
        # The batch table names each file's SHA-256 and ingest time: a re-ingested file is a new batch.
        batch = (
            f"SELECT {''.join(f'b.{ident(c)}, ' for c in by)}b.file_key, "
            "coalesce(s.sha256, ''), coalesce(s.ingested_at::VARCHAR, ''), b.n "
            f"FROM (SELECT {select_keys}file_key, count(*) AS n FROM {t} GROUP BY ALL) b "
            "LEFT JOIN source_file s USING (file_key)"
        )
    elif {"source_file", "source_sha256", "imported_at"} <= names:  # the published record's imports
        batch = f"SELECT {select_keys}source_file, source_sha256, imported_at::VARCHAR, count(*) FROM {t} GROUP BY ALL"
    out: dict[str, Signature] = {}
    if batch is not None:
        for row in con.execute(batch).fetchall():
            values, (key_, sha, at, n) = row[: len(by)], row[len(by) :]
            sig = out.setdefault(partition_key(by, values), {"rows": 0, "batches": []})
            sig["rows"] += n
            sig["batches"].append([key_, sha, at])
        for sig in out.values():
            sig["batches"].sort()
    else:
        # No provenance (computed results, the batch list itself): an order-independent hash of the rows.
        for row in con.execute(
            f"SELECT {select_keys}count(*), coalesce(sum(hash(r)::HUGEINT), 0)::VARCHAR FROM {t} r {group}"
        ).fetchall():
            values, (n, digest) = row[: len(by)], row[len(by) :]
            out[partition_key(by, values)] = {"rows": n, "hash": digest}
    if not by and not out:
        out[""] = {"rows": 0, "batches": []}
    return out


def _write(con: duckdb.DuckDBPyConnection, root: Path, table: str, by: list[str], changed: list[str]) -> None:
    """Write the changed partitions into _staging, then swap each into place."""
    staging = root / STAGING / "new" / table
    shutil.rmtree(staging, ignore_errors=True)
    staging.parent.mkdir(parents=True, exist_ok=True)
    t = ident(table)
    if by:
        # Only the changed partitions' rows: each row's partition as a path of plain values, matched against the
        # changed folders' names decoded (DuckDB URL-encodes the values in the folder names).
        key_sql = " || '/' || ".join(f"{literal(c + '=')} || {ident(c)}::VARCHAR" for c in by)
        con.execute("CREATE OR REPLACE TEMP TABLE _lake_changed (k VARCHAR)")
        con.executemany("INSERT INTO _lake_changed VALUES (?)", [[unquote_key(k)] for k in changed])
        con.execute(
            f"COPY (SELECT * FROM {t} WHERE {key_sql} IN (SELECT k FROM _lake_changed)) TO {literal(str(staging))} "
            f"(FORMAT parquet, COMPRESSION zstd, PARTITION_BY ({', '.join(ident(c) for c in by)}))"
        )
        con.execute("DROP TABLE _lake_changed")
        made = {str(p.parent.relative_to(staging)) for p in staging.rglob("*.parquet")}
        if made != set(changed):
            raise WarehouseError(
                f"Exporting {table} to the lake made partitions {sorted(made - set(changed))[:3]} where "
                f"{sorted(set(changed) - made)[:3]} were expected: its partitions in the lake are left as they were"
            )
        for key in changed:
            _swap(root, staging / key, root / table / key, root / STAGING / "old" / table / key)
    else:
        staging.mkdir()
        con.execute(f"COPY {t} TO {literal(str(staging / 'data_0.parquet'))} (FORMAT parquet, COMPRESSION zstd)")
        _swap(root, staging, root / table, root / STAGING / "old" / table)


def unquote_key(key: str) -> str:
    """A partition folder's path with its values decoded, as the SQL above builds it from the columns."""
    return "/".join(f"{c}={unquote(v)}" for c, v in (part.split("=", 1) for part in key.split("/")))


def _swap(root: Path, new: Path, target: Path, old: Path) -> None:
    """Put `new` where `target` is. Two renames: if the export is killed between them, the old partition is
    whole under _staging/old and the next export puts it back before doing anything else (_recover)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        old.parent.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(old, ignore_errors=True)
        os.rename(target, old)
    os.rename(new, target)
    shutil.rmtree(old, ignore_errors=True)


def _recover(root: Path) -> None:
    """Undo a half-finished swap of a killed export, then clear its staging folder."""
    old = root / STAGING / "old"
    if old.exists():
        for folder in sorted({p.parent for p in old.rglob("*.parquet")}):
            target = root / folder.relative_to(old)
            if not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                os.rename(folder, target)
    shutil.rmtree(root / STAGING, ignore_errors=True)
