"""Issue 19.2: several people saving at once. Writes wait their turn and succeed (SQLite: WAL, immediate
transactions, a busy timeout); reading with a token writes nothing; the API answers JSON even when it fails;
and 10 writers beside 10 readers against a real server end with no error and every write in the audit chain
(bench/bench_writers.py: 60 s in `make hardening`, 10 s here)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from openpeel.inspections.models import ApiToken

SERVER = "postgresql://postgres@127.0.0.1:5432"
BENCH = Path(__file__).parents[2] / "bench" / "bench_writers.py"


def bench():
    spec = importlib.util.spec_from_file_location("bench_writers", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_sqlite_settings_make_writers_wait_their_turn():
    from openpeel.web.settings import _database

    options = _database(None)["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE" and options["timeout"] >= 10
    assert "journal_mode=WAL" in options["init_command"] and "busy_timeout" in options["init_command"]


@pytest.mark.django_db
def test_reading_with_a_token_does_not_write_on_every_request(client, world):
    token = {"Authorization": f"Bearer {world.tokens['inspector']}"}
    client.get("/api/inspections", headers=token)  # the first use is recorded
    used = ApiToken.objects.get(user=world.users["inspector"]).last_used_at
    assert used is not None
    with CaptureQueriesContext(connection) as queries:
        for _ in range(5):
            assert client.get("/api/inspections", headers=token).status_code == 200
    writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT", "DELETE"))]
    assert writes == [] and ApiToken.objects.get(user=world.users["inspector"]).last_used_at == used


@pytest.mark.django_db
def test_the_api_answers_json_when_it_fails(world):
    """A failure no handler expected (here a table the query needs is missing) is a JSON 500, never a page."""
    # Rolled back to this savepoint after, which also undoes the rename (PostgreSQL aborts the transaction at
    # the failed query, so a second ALTER TABLE could not put it back).
    before = transaction.savepoint()
    try:
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE inspections_judgment RENAME TO judgment_away")
        client = Client(raise_request_exception=False)
        token = {"Authorization": f"Bearer {world.tokens['inspector']}"}
        response = client.get(f"/api/inspections/{world.draft.pk}/judgments", headers=token)
    finally:
        transaction.savepoint_rollback(before)
    assert response.status_code == 500 and response["Content-Type"].startswith("application/json")
    assert response.json()["error"]["code"] == "server_error"


@pytest.mark.parametrize("database", ["sqlite", pytest.param(SERVER, marks=pytest.mark.postgres)])
def test_ten_writers_and_ten_readers_for_10_s_end_with_no_error_and_every_write_audited(database):
    result = bench().run(10, database)
    assert result["errors"] == 0, result["error_samples"]
    assert result["writes"] > 0 and result["reads"] > 0
    assert result["chain_ok"], result["chain_problem"]
    assert result["writes_missing_from_audit"] == 0
    # every write changed a judgment, so each left an entry (besides the setup's few)
    assert result["audit_entries"] >= result["writes"]
