"""Backups of both stores into one folder, with a manifest; restore checks it before touching anything.

- Warehouse (DuckDB): copied through DuckDB itself (ATTACH the warehouse read-only, COPY FROM DATABASE into
  a new file), so the copy is consistent and includes what is still in the write-ahead log.
- Workflow database: SQLite through its online backup API (consistent while the server runs); PostgreSQL
  through pg_dump (custom format) and pg_restore in one transaction.

The manifest (manifest.json) records openpeel's version, each file's SHA-256, the warehouse schema version
and the workflow database's applied migrations, and is signed with the installation's secret (HMAC-SHA256
with OPENPEEL_SECRET_KEY, or var/secret_key: Django's SECRET_KEY), so a file changed in the backup cannot be
passed off by recomputing its hash. Restore refuses a manifest without that signature, a file named outside
the backup's folder, a damaged backup (a hash differs), one made by a newer openpeel (a schema or migration
this one does not know, as read from the files themselves, not from the manifest), and one that would take a
store back to an older schema than it has; then replaces the warehouse file atomically and the workflow
database whole. Restoring on another machine needs the secret of the installation that made the backup.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import shutil
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

import duckdb

from openpeel import __version__
from openpeel.config import warehouse_path
from openpeel.errors import OpenPeelError
from openpeel.warehouse.sql import literal
from openpeel.warehouse.store import SCHEMA_VERSION

MANIFEST = "manifest.json"
WAREHOUSE_FILE = "warehouse.duckdb"


class BackupError(OpenPeelError):
    code = "backup_failed"


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def backup(target: Path, warehouse: Path | None = None) -> dict[str, Any]:
    """Write both stores and the manifest into target (a new or empty folder). Returns the manifest."""
    target = Path(target)
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"{target} is not empty; back up into a new folder.")
    warehouse = Path(warehouse or warehouse_path())
    if not warehouse.exists():
        raise BackupError(f"No warehouse at {warehouse} to back up.")
    target.mkdir(parents=True, exist_ok=True)
    try:
        _copy_duckdb(warehouse, target / WAREHOUSE_FILE)
        workflow = _workflow_backup(target)
    except OSError as e:
        raise BackupError(f"Cannot write the backup in {target}: {e.strerror or e}") from None
    manifest = {
        "openpeel": __version__,
        "made_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "warehouse": {
            "file": WAREHOUSE_FILE,
            "sha256": sha256(target / WAREHOUSE_FILE),
            "schema_version": _warehouse_schema(target / WAREHOUSE_FILE),
            "duckdb": duckdb.__version__,
            "from": str(warehouse),
        },
        "workflow": workflow | {"sha256": sha256(target / workflow["file"])},
    }
    manifest["signature"] = signature(manifest)
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def signature(manifest: dict[str, Any], key: str | None = None) -> str:
    """HMAC-SHA256 of the manifest (without its signature) under the installation's secret."""
    if key is None:
        _database()  # Django's settings resolve the secret (OPENPEEL_SECRET_KEY or var/secret_key)
        from django.conf import settings

        key = settings.SECRET_KEY
    signed = {k: v for k, v in manifest.items() if k != "signature"}
    text = json.dumps(signed, sort_keys=True, separators=(",", ":"))
    return hmac.new(key.encode(), text.encode(), hashlib.sha256).hexdigest()


def _file_in(source: Path, name: object) -> Path:
    """A file the manifest names: a plain name inside the backup's folder, never a path out of it."""
    if not isinstance(name, str) or not name or Path(name).name != name or name in (".", ".."):
        raise BackupError(f"The manifest names {name!r}: a backup's files are plain names inside its folder.")
    return source / name


def restore(source: Path, warehouse: Path | None = None) -> dict[str, Any]:
    """Check the backup in source, then replace the warehouse and the workflow database with it."""
    source = Path(source)
    manifest = read_manifest(source)
    if not hmac.compare_digest(str(manifest.get("signature", "")), signature(manifest)):
        raise BackupError(
            f"{source / MANIFEST} is not signed by this installation: it was changed after the backup was made, "
            "or made with another secret key (set OPENPEEL_SECRET_KEY to the one that made it)."
        )
    files = {}
    for part in ("warehouse", "workflow"):
        file = files[part] = _file_in(source, manifest[part]["file"])
        if not file.is_file() or sha256(file) != manifest[part]["sha256"]:
            raise BackupError(f"{file} is missing or damaged: its SHA-256 is not the one in the manifest.")
    theirs = _warehouse_schema(files["warehouse"])  # from the file, whatever the manifest says
    if theirs != SCHEMA_VERSION:
        newer = int(theirs) > int(SCHEMA_VERSION)
        raise BackupError(
            f"The backup's warehouse has schema {theirs}, this openpeel has {SCHEMA_VERSION}: "
            + ("restore it with the newer openpeel that made it." if newer else "restoring it would go back a version.")
        )
    _check_migrations(_backup_migrations(files["workflow"], manifest["workflow"]["engine"]))
    warehouse = Path(warehouse or warehouse_path())
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    fresh = warehouse.with_name(warehouse.name + ".restoring")
    fresh.unlink(missing_ok=True)
    _copy_duckdb(files["warehouse"], fresh)
    os.replace(fresh, warehouse)  # readers see the old file or the new one, never half of either
    Path(str(warehouse) + ".wal").unlink(missing_ok=True)  # a log of the old file must not replay on the new
    _workflow_restore(files["workflow"], manifest["workflow"]["engine"])
    return manifest


def read_manifest(source: Path) -> dict[str, Any]:
    path = Path(source) / MANIFEST
    try:
        return cast(dict[str, Any], json.loads(path.read_text()))
    except FileNotFoundError:
        raise BackupError(f"No {MANIFEST} in {source}: not an openpeel backup.") from None
    except json.JSONDecodeError as e:
        raise BackupError(f"{path}, line {e.lineno}: not valid JSON ({e.msg}).") from None


def _copy_duckdb(source: Path, target: Path) -> None:
    con = duckdb.connect()
    try:
        con.execute(f"ATTACH {literal(str(source))} AS source (READ_ONLY)")
        con.execute(f"ATTACH {literal(str(target))} AS target")
        con.execute("COPY FROM DATABASE source TO target")
    except (duckdb.IOException, duckdb.PermissionException) as e:
        raise BackupError(f"Cannot copy the warehouse {source} to {target}: {e}") from None
    finally:
        con.close()


def _warehouse_schema(path: Path) -> str:
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as e:
        raise BackupError(f"{path} is not a readable warehouse: {e}") from None
    try:
        row = con.execute("SELECT value FROM warehouse_meta WHERE key = 'schema_version'").fetchone()
    except duckdb.Error:
        row = None
    finally:
        con.close()
    if row is None:
        raise BackupError(f"{path} has no warehouse schema version: not an openpeel warehouse.")
    return str(row[0])


# --- the workflow database (Django) ------------------------------------------------------------------------
def _database() -> dict[str, Any]:
    from openpeel.django_setup import setup_django

    setup_django()
    from django.conf import settings

    return settings.DATABASES["default"]


def _applied_migrations() -> list[list[str]]:
    from django.db import connection
    from django.db.migrations.recorder import MigrationRecorder

    recorder = MigrationRecorder(connection)
    return sorted([app, name] for app, name in recorder.applied_migrations()) if recorder.has_table() else []


def _workflow_backup(target: Path) -> dict[str, Any]:
    db = _database()
    applied = _applied_migrations()
    if db["ENGINE"].endswith("sqlite3"):
        file = "workflow.sqlite3"
        source = sqlite3.connect(db["NAME"])
        copy = sqlite3.connect(target / file)
        try:
            source.backup(copy)
            # The live database runs in WAL mode; the backup is one self-contained file, with no -wal beside it.
            copy.execute("PRAGMA journal_mode=DELETE")
        finally:
            copy.close()
            source.close()
        return {"engine": "sqlite", "file": file, "migrations": applied}
    file = "workflow.pgdump"
    _run(["pg_dump", "--format=custom", "--no-owner", f"--file={target / file}", _pg_url(db)], "pg_dump", db)
    return {"engine": "postgresql", "file": file, "migrations": applied}


def _backup_migrations(file: Path, engine: str) -> list[list[str]]:
    """The migrations applied in the backed-up workflow database, read from the file itself."""
    if engine == "sqlite":
        try:
            con = sqlite3.connect(f"file:{file}?mode=ro", uri=True)
            try:
                return [list(r) for r in con.execute("SELECT app, name FROM django_migrations")]
            finally:
                con.close()
        except sqlite3.Error as e:
            raise BackupError(f"{file}: cannot read its applied migrations ({e}).") from None
    # pg_restore writes the django_migrations table's data as COPY text: id, app, name, applied.
    if shutil.which("pg_restore") is None:
        raise BackupError("pg_restore is not installed; it is needed for a PostgreSQL workflow database.")
    done = subprocess.run(
        ["pg_restore", "--data-only", "--table=django_migrations", "--file=-", str(file)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise BackupError(f"{file}: pg_restore cannot read it ({done.stderr.strip()[:200]}).")
    rows, copying = [], False
    for line in done.stdout.splitlines():
        if line.startswith("COPY ") and "django_migrations" in line:
            copying = True
        elif copying and line == "\\.":
            copying = False
        elif copying:
            _, app, name, *_ = line.split("\t")
            rows.append([app, name])
    return rows


def _check_migrations(migrations: list[list[str]]) -> None:
    from django.db.migrations.loader import MigrationLoader

    _database()
    theirs = {tuple(m) for m in migrations}
    unknown = theirs - set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    if unknown:
        names = ", ".join(f"{a}.{n}" for a, n in sorted(unknown)[:3])
        raise BackupError(f"The backup's workflow database has migrations this openpeel does not know ({names}).")
    ahead = {tuple(m) for m in _applied_migrations()} - theirs
    if ahead:
        names = ", ".join(f"{a}.{n}" for a, n in sorted(ahead)[:3])
        raise BackupError(
            f"The workflow database has a newer schema than the backup (migrations {names} are not in it); "
            "restoring would take it back. Restore into an empty database instead."
        )


def _workflow_restore(file: Path, engine: str) -> None:
    db = _database()
    mine = "sqlite" if db["ENGINE"].endswith("sqlite3") else "postgresql"
    if mine != engine:
        raise BackupError(f"The backup holds a {engine} workflow database; this openpeel uses {mine}.")
    from django.db import connections

    connections.close_all()
    if engine == "sqlite":
        source, live = sqlite3.connect(file), sqlite3.connect(db["NAME"])
        try:
            source.backup(live)  # replaces every page of the live database in one transaction
        finally:
            live.close()
            source.close()
        return
    _run(
        ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", f"--dbname={_pg_url(db)}"]
        + [str(file)],
        "pg_restore",
        db,
    )


def _pg_url(db: dict[str, Any]) -> str:
    user = f"{db['USER']}@" if db["USER"] else ""  # the password goes in PGPASSWORD, never on a command line
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgresql://{user}{db['HOST']}{port}/{db['NAME']}"


def _run(command: list[str], tool: str, db: dict[str, Any]) -> None:
    if shutil.which(tool) is None:
        raise BackupError(f"{tool} is not installed; it is needed for a PostgreSQL workflow database.")
    env = {**os.environ, **({"PGPASSWORD": db["PASSWORD"]} if db["PASSWORD"] else {})}
    done = subprocess.run(command, capture_output=True, text=True, env=env)
    if done.returncode != 0:
        raise BackupError(f"{tool} failed: {done.stderr.strip().splitlines()[-1] if done.stderr else done.returncode}")
