"""Local clock time to an instant without ICU per row gives what DuckDB's timezone() gives."""

from __future__ import annotations

from datetime import UTC, datetime

import duckdb

from openpeel.ingest.localtime import clock_changes, instant_sql


def test_every_uk_clock_change_reads_as_icu_reads_it():
    _, changes = clock_changes("Europe/London")
    con = duckdb.connect()
    # every 10 minutes from three hours before each change to three hours after, skipped and repeated hours too
    con.execute(
        "CREATE TABLE t AS SELECT CAST(c AS TIMESTAMP) + INTERVAL (m) MINUTE AS local "
        "FROM unnest(?) AS u(c), range(-180, 181, 10) r(m)",
        [[at.isoformat(sep=" ") for at, _ in changes]],
    )
    rows, differ = con.execute(
        "SELECT count(*), count(*) FILTER (WHERE timezone('Europe/London', local) IS DISTINCT FROM "
        f"{instant_sql('local', 'Europe/London')}) FROM t"
    ).fetchone()
    assert len(changes) > 200 and rows == len(changes) * 37
    assert differ == 0


def test_a_time_outside_the_table_of_changes_is_still_converted():
    local = "TIMESTAMP '1968-06-01 12:00:00'"  # British Standard Time: UTC+1 all year
    (seconds,) = duckdb.sql(f"SELECT epoch({instant_sql(local, 'Europe/London')})").fetchone()
    assert seconds == datetime(1968, 6, 1, 11, tzinfo=UTC).timestamp()
