"""The inspection tests, the role × route table and the browser walk-through again, on PostgreSQL
(production's database): jsonb, row locks and timestamps must give the same results and the same audit
hashes as SQLite.

pytest-django picks its database once per process, so the other test_inspections_* modules run in a child
pytest with OPENPEEL_DATABASE_URL set. PostgreSQL being down fails this test: it is not skipped.
"""

from __future__ import annotations

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


def test_the_inspection_tests_pass_on_postgresql(tmp_path):
    with psycopg.connect(f"{SERVER}/postgres", connect_timeout=10) as con:  # fails, not skips, when down
        con.execute("SELECT 1")
    # pytest-django creates and drops test_<name> itself; a fresh name keeps parallel runs apart.
    name = f"openpeel_inspections_{uuid.uuid4().hex[:8]}"
    modules = sorted(str(p) for p in HERE.parent.glob("test_inspections_*.py") if p != HERE)
    assert modules, "no inspections test modules found beside this one"  # an empty list would run every test
    # The role × route table and the browser walk-through too: access and workflow must hold on both databases.
    web = HERE.parent.parent / "web"
    modules += [str(web / "test_routes.py"), str(web / "test_inspection_browser.py")]
    env = {
        **os.environ,
        "OPENPEEL_DATABASE_URL": f"{SERVER}/{name}",
        "OPENPEEL_EXPECT_DB_VENDOR": "postgresql",
        "OPENPEEL_VAR": str(tmp_path),
    }
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--create-db", *modules],
        env=env,
        cwd=HERE.parent.parent,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-3000:]
    assert " passed" in done.stdout and " skipped" not in done.stdout, done.stdout[-2000:]
