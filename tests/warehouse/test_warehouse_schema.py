"""The warehouse tables and the Table Schema files describe the same columns, in the same order."""

from __future__ import annotations

import pytest

from openpeel.ingest.police_uk import SOURCES as POLICE_UK
from openpeel.ingest.returns import SOURCES as RETURNS
from openpeel.ingest.source import FileContext
from openpeel.warehouse import connect

SOURCES = [*POLICE_UK.values(), *RETURNS.values()]


@pytest.mark.parametrize("source", SOURCES, ids=lambda s: s.name)
def test_table_columns_follow_the_schema(source):
    con = connect(":memory:")
    columns = [
        c
        for (c,) in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
            [source.table],
        ).fetchall()
    ]
    derived = [d.rsplit(" AS ", 1)[1].strip('"') for d in source.derived(FileContext(force_id="x", month="2019-01"))]
    expected = [
        "file_key",
        "line",
        "force_id",
        *(f.column for f in source.schema.fields),
        *derived,
        "source_file",
        "source_sha256",
        "ingested_at",
    ]
    assert columns == expected


def test_every_loaded_row_carries_its_provenance():
    con = connect(":memory:")
    for source in SOURCES:
        for column in ("file_key", "line", "source_file", "source_sha256", "ingested_at"):
            (nullable,) = con.execute(
                "SELECT is_nullable FROM information_schema.columns WHERE table_name = ? AND column_name = ?",
                [source.table, column],
            ).fetchone()
            assert nullable == "NO", (source.table, column)
