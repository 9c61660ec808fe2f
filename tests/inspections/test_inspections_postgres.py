"""PostgreSQL (production's database) against SQLite: jsonb, row locks and timestamps must give the same
results and the same audit hashes.

One scripted inspection (scripted_inspection.py: draft to published, with findings, judgments, a change of
grade and a correction) runs on a fresh database of each kind; the audit chain's hashes, its head and every
stored report version must be equal across the two. Every other Django-backed test runs on PostgreSQL in
`make test`'s second pass (OPENPEEL_DJANGO_TESTS_ONLY in conftest.py).

pytest-django picks its database once per process, so this runs in child processes with OPENPEEL_DATABASE_URL
set. PostgreSQL being down fails this test: it is not skipped.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest

pytestmark = pytest.mark.postgres
SERVER = "postgresql://postgres@127.0.0.1:5432"
HERE = Path(__file__)


def scripted_run(env: dict) -> dict:
    done = subprocess.run(
        [sys.executable, str(HERE.parent / "scripted_inspection.py")],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_one_scripted_inspection_gives_the_same_audit_hashes_and_report_on_sqlite_and_postgresql(tmp_path):
    name = f"openpeel_scripted_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True, connect_timeout=10) as con:
        con.execute(f'CREATE DATABASE "{name}"')
    try:
        sqlite = scripted_run({"OPENPEEL_VAR": str(tmp_path / "sqlite"), "OPENPEEL_DATABASE_URL": ""})
        postgres = scripted_run({"OPENPEEL_VAR": str(tmp_path / "pg"), "OPENPEEL_DATABASE_URL": f"{SERVER}/{name}"})
    finally:
        with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as con:
            con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    assert (sqlite["vendor"], postgres["vendor"]) == ("sqlite", "postgresql")
    # The chain as long as its head says, and every step of the script in it.
    assert len(sqlite["hashes"]) == sqlite["head"][1] >= 20
    assert sqlite["hashes"] == postgres["hashes"]
    assert sqlite["head"] == postgres["head"]
    assert [v[0] for v in sqlite["versions"]] == [1, 2]  # the first version and the correction
    assert "each stage" in sqlite["versions"][1][3] and "every stage" in sqlite["versions"][0][3]
    assert sqlite["versions"] == postgres["versions"]
