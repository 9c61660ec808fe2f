"""Migration 0009 (one inspection per cycle) on a workflow database that already holds two inspections of one
force under one framework: it stops with a message naming them, never an IntegrityError, and changes nothing."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from openpeel.errors import OpenPeelError

BEFORE = [("inspections", "0008_snapshot_areas_of_the_framework")]
ROW = (
    "INSERT INTO inspections_inspection (force_id, framework_id, period_start, period_end, status, created_at, "
    "grades_from_record) VALUES (%s, 'peel-2023-25', %s, %s, 'draft', '2024-01-01 00:00', FALSE)"
)


def migrate(to) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(to)


@pytest.mark.django_db(transaction=True)
def test_two_inspections_of_one_cycle_stop_the_migration_with_both_named():
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    migrate(BEFORE)
    try:
        with connection.cursor() as cursor:
            cursor.execute(ROW, ["cambridgeshire", "2024-01-01", "2024-12-31"])
            cursor.execute(ROW, ["cambridgeshire", "2025-01-01", "2025-12-31"])
            cursor.execute(ROW, ["norfolk", "2024-01-01", "2024-12-31"])
            cursor.execute("SELECT id FROM inspections_inspection ORDER BY id")
            first, second, _ = (row[0] for row in cursor.fetchall())
        with pytest.raises(OpenPeelError) as stopped:
            migrate(latest)
        message = str(stopped.value)
        assert f"cambridgeshire peel-2023-25: inspections {first} (draft, 2024-01-01..2024-12-31), {second} " in message
        assert "norfolk" not in message and "Keep one of each" in message
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM inspections_inspection")
            assert cursor.fetchone()[0] == 3  # nothing deleted: a person decides which to keep
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM inspections_inspection")  # rows made here, outside the audit trail
        migrate(latest)  # the rest of the session runs on the whole schema
