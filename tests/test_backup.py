"""`openpeel backup` and `openpeel restore`: both stores round-trip exactly, on SQLite and on PostgreSQL; a
damaged backup, one from a newer openpeel, and one that would take a store back a schema are refused with
one line."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import uuid

import psycopg
import pytest

from openpeel.warehouse import connect
from openpeel.warehouse.export import tables
from openpeel.warehouse.store import SCHEMA_VERSION

SERVER = "postgresql://postgres@127.0.0.1:5432"


def fingerprint(path) -> dict[str, tuple[int, int]]:
    """Rows and an order-independent hash of every row, per warehouse table."""
    con = connect(path, read_only=True)
    try:
        return {t: con.execute(f"SELECT count(*), bit_xor(hash(t)) FROM {t} t").fetchone() for t in tables(con)}
    finally:
        con.close()


class Stores:
    def __init__(self, tmp_path, warehouse, database_url=None):
        self.var, self.warehouse = tmp_path / "var", warehouse
        self.env = {
            **os.environ,
            "OPENPEEL_VAR": str(self.var),
            "OPENPEEL_WAREHOUSE": str(warehouse),
            "COLUMNS": "1000",  # the console would wrap a long error line
        }
        self.env.pop("OPENPEEL_DATABASE_URL", None)
        if database_url:
            self.env["OPENPEEL_DATABASE_URL"] = database_url
        self.database_url = database_url

    def openpeel(self, *args) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "openpeel.cli", *args], env=self.env, capture_output=True, text=True, timeout=300
        )

    def users(self) -> dict[str, str]:
        query = "SELECT username, password FROM auth_user"
        if self.database_url:
            with psycopg.connect(self.database_url) as con:
                return dict(con.execute(query).fetchall())
        with sqlite3.connect(self.var / "workflow.sqlite3") as con:
            return dict(con.execute(query).fetchall())

    def delete_users(self) -> None:
        if self.database_url:
            with psycopg.connect(self.database_url) as con:
                con.execute("DELETE FROM inspections_membership; DELETE FROM auth_user")
            return
        with sqlite3.connect(self.var / "workflow.sqlite3") as con:
            con.execute("DELETE FROM inspections_membership")
            con.execute("DELETE FROM auth_user")


def round_trip(stores: Stores, tmp_path):
    assert stores.openpeel("web", "migrate").returncode == 0
    assert stores.openpeel("web", "user", "alice", "--role", "inspector").returncode == 0
    users, warehouse = stores.users(), fingerprint(stores.warehouse)

    done = stores.openpeel("backup", str(tmp_path / "backup"))
    assert done.returncode == 0, done.stderr
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert (
        manifest["warehouse"]["schema_version"] == SCHEMA_VERSION
        and ["inspections", "0001_initial"] in (manifest["workflow"]["migrations"])
    )

    stores.delete_users()  # a bad day: both stores damaged
    con = connect(stores.warehouse)
    con.execute("DELETE FROM indicator_result")
    con.close()
    assert stores.users() == {} and fingerprint(stores.warehouse) != warehouse

    done = stores.openpeel("restore", str(tmp_path / "backup"))
    assert done.returncode == 0, done.stderr
    assert stores.users() == users  # the same password hashes: alice signs in as before
    assert fingerprint(stores.warehouse) == warehouse
    return manifest


@pytest.fixture(scope="module")
def sqlite_backup(tmp_path_factory, demo_warehouse):
    """Both stores on SQLite, backed up, damaged and restored once for the module: (stores, backup folder)."""
    tmp = tmp_path_factory.mktemp("sqlite-backup")
    warehouse = tmp / "warehouse.duckdb"
    shutil.copy(demo_warehouse, warehouse)
    stores = Stores(tmp, warehouse)
    manifest = round_trip(stores, tmp)
    assert manifest["workflow"]["engine"] == "sqlite" and manifest["workflow"]["file"] == "workflow.sqlite3"
    # One self-contained file: not in WAL mode (header bytes 18 and 19 are 1 for a rollback journal, 2 for WAL).
    assert (tmp / "backup" / "workflow.sqlite3").read_bytes()[18:20] == b"\x01\x01"
    return stores, tmp / "backup"


def test_backup_and_restore_round_trip_both_stores_on_sqlite(sqlite_backup):
    stores, _ = sqlite_backup
    assert "alice" in stores.users()  # round_trip checked every row of both stores


@pytest.fixture
def copy_of_backup(sqlite_backup, tmp_path):
    stores, folder = sqlite_backup
    shutil.copytree(folder, tmp_path / "backup")
    return stores, tmp_path / "backup"


def one_line(done: subprocess.CompletedProcess) -> str:
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1
    return done.stderr.strip()


def test_a_damaged_backup_is_refused_and_nothing_is_touched(copy_of_backup):
    stores, folder = copy_of_backup
    before = fingerprint(stores.warehouse)
    with open(folder / "warehouse.duckdb", "r+b") as f:
        f.seek(100_000)
        f.write(b"\x00garbage\x00")
    assert "warehouse.duckdb is missing or damaged" in one_line(stores.openpeel("restore", str(folder)))
    assert fingerprint(stores.warehouse) == before


def resign(stores: Stores, folder, manifest: dict | None = None) -> dict:
    """What someone holding the installation's secret could do: rehash the files and sign the manifest."""
    from openpeel.backup import sha256, signature

    manifest = manifest or json.loads((folder / "manifest.json").read_text())
    for part in ("warehouse", "workflow"):
        manifest[part]["sha256"] = sha256(folder / manifest[part]["file"])
    key = stores.env.get("OPENPEEL_SECRET_KEY") or (stores.var / "secret_key").read_text().strip()
    manifest["signature"] = signature(manifest, key)
    (folder / "manifest.json").write_text(json.dumps(manifest))
    return manifest


def set_warehouse_schema(folder, version: str) -> None:
    con = connect(folder / "warehouse.duckdb")
    con.execute("UPDATE warehouse_meta SET value = ? WHERE key = 'schema_version'", [version])
    con.close()


def in_workflow(folder, sql: str) -> None:
    con = sqlite3.connect(folder / "workflow.sqlite3")
    try:
        with con:
            con.execute(sql)
    finally:
        con.close()  # closed here, not when collected: the file is hashed next


@pytest.mark.parametrize(
    "change,words",
    [
        (lambda f: set_warehouse_schema(f, str(int(SCHEMA_VERSION) + 1)), "restore it with the newer openpeel"),
        (lambda f: set_warehouse_schema(f, str(int(SCHEMA_VERSION) - 1)), "would go back a version"),
        (
            lambda f: in_workflow(
                f,
                "INSERT INTO django_migrations (app, name, applied) "
                "VALUES ('inspections', '0099_future', '2030-01-01')",
            ),
            "does not know",
        ),  # fmt: skip
        (
            lambda f: in_workflow(
                f, "DELETE FROM django_migrations WHERE id = (SELECT max(id) FROM django_migrations)"
            ),
            "newer schema than the backup",
        ),
    ],
    ids=["newer warehouse", "older warehouse", "newer workflow", "older workflow"],
)
def test_a_backup_of_another_schema_is_refused_as_its_files_say(copy_of_backup, change, words):
    """Issue 19.7: the schema versions are read from the files, not from the manifest (left as it was)."""
    stores, folder = copy_of_backup
    change(folder)
    resign(stores, folder)
    assert words in one_line(stores.openpeel("restore", str(folder)))


def test_a_forged_backup_is_refused_though_its_hashes_were_recomputed(copy_of_backup):
    """Issue 19.7: a user made superuser in the backup's database, the manifest's hash recomputed to match."""
    from openpeel.backup import sha256

    stores, folder = copy_of_backup
    in_workflow(folder, "UPDATE auth_user SET is_superuser = 1, is_staff = 1 WHERE username = 'alice'")
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["workflow"]["sha256"] = sha256(folder / "workflow.sqlite3")
    (folder / "manifest.json").write_text(json.dumps(manifest))
    assert "is not signed by this installation" in one_line(stores.openpeel("restore", str(folder)))
    with sqlite3.connect(stores.var / "workflow.sqlite3") as con:  # nothing touched
        assert con.execute("SELECT is_superuser FROM auth_user WHERE username = 'alice'").fetchone() == (0,)
    # Signed with another installation's secret: refused the same way.
    from openpeel.backup import signature

    manifest["signature"] = signature(manifest, "another installation's secret")
    (folder / "manifest.json").write_text(json.dumps(manifest))
    assert "is not signed by this installation" in one_line(stores.openpeel("restore", str(folder)))


@pytest.mark.parametrize("name", ["../../var/workflow.sqlite3", "/etc/passwd", "..", "sub/workflow.sqlite3"])
def test_a_manifest_naming_a_file_outside_the_backup_is_refused(copy_of_backup, name):
    """Issue 19.7: even when signed, a manifest names plain files inside the backup's folder only."""
    stores, folder = copy_of_backup
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["workflow"]["file"] = name
    key = stores.env.get("OPENPEEL_SECRET_KEY") or (stores.var / "secret_key").read_text().strip()
    from openpeel.backup import signature

    manifest["signature"] = signature(manifest, key)
    (folder / "manifest.json").write_text(json.dumps(manifest))
    assert "a backup's files are plain names inside its folder" in one_line(stores.openpeel("restore", str(folder)))


def test_backup_refuses_a_folder_that_is_not_empty(sqlite_backup, tmp_path):
    stores, _ = sqlite_backup
    (tmp_path / "notes.txt").write_text("keep me")
    assert "is not empty; back up into a new folder" in one_line(stores.openpeel("backup", str(tmp_path)))


@pytest.mark.postgres
def test_backup_and_restore_round_trip_both_stores_on_postgresql(tmp_path, demo_warehouse, copy_of):
    name = f"openpeel_test_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as con:
        con.execute(f'CREATE DATABASE "{name}"')
    try:
        manifest = round_trip(Stores(tmp_path, copy_of(demo_warehouse), f"{SERVER}/{name}"), tmp_path)
        assert manifest["workflow"]["engine"] == "postgresql" and manifest["workflow"]["file"] == "workflow.pgdump"
    finally:
        with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as con:
            con.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
