"""The workflow database migrates and signs in on PostgreSQL as well as SQLite (the default)."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid

import psycopg
import pytest

pytestmark = pytest.mark.postgres
SERVER = "postgresql://postgres@127.0.0.1:5432"


@pytest.fixture
def empty_database():
    name = f"openpeel_test_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as con:
        con.execute(f'CREATE DATABASE "{name}"')
    yield f"{SERVER}/{name}"
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as con:
        con.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def test_migrate_and_demo_user_on_postgresql(empty_database, tmp_path):
    env = {**os.environ, "OPENPEEL_DATABASE_URL": empty_database, "OPENPEEL_VAR": str(tmp_path)}
    script = (
        "from openpeel.django_setup import migrate; from openpeel.inspections.users import reset_demo_user; "
        "migrate(); print(reset_demo_user()[0])"
    )
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "demo-inspector"
    with psycopg.connect(empty_database) as con:
        (password,) = con.execute("SELECT password FROM auth_user WHERE username = 'demo-inspector'").fetchone()
    assert password.startswith("pbkdf2_sha256$")  # hashed by Django, never stored in clear
