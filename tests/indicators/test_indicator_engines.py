"""One catalogue, two engines: DuckDB and Spark (local mode) give identical results for every indicator."""

from __future__ import annotations

import pytest

from openpeel.indicators.backends import duckdb_engine, spark_engine, spark_session, tables_used
from openpeel.indicators.catalogue import catalogue
from openpeel.indicators.engine import compute_catalogue
from openpeel.warehouse import connect

pytestmark = pytest.mark.spark


@pytest.fixture(scope="module")
def spark():
    session = spark_session()
    yield session
    session.stop()


def test_duckdb_and_spark_give_identical_results_for_the_whole_catalogue(demo_warehouse, spark, tmp_path):
    con = connect(demo_warehouse, read_only=True)
    on_duckdb = compute_catalogue(duckdb_engine(con))
    on_spark = compute_catalogue(spark_engine(con, spark, tmp_path, tables_used(catalogue().values())))
    assert set(on_duckdb) == set(catalogue())
    empty = [i for i, rows in on_duckdb.items() if not rows]
    assert not empty, f"indicators with no results on the bundled data: {empty}"
    for indicator_id in catalogue():
        assert on_spark[indicator_id] == on_duckdb[indicator_id], indicator_id


def test_both_engines_put_a_summer_midnight_incident_in_the_same_month_and_time_it_truly(spark, tmp_path):
    from datetime import datetime

    con = connect(tmp_path / "w.duckdb")
    rows = [  # created 00:30 BST on 1 June 2019 (23:30 UTC on 31 May), attended 10 minutes later
        ("I1", datetime(2019, 6, 1, 0, 30), datetime(2019, 6, 1, 0, 40)),
        ("I2", datetime(2019, 3, 31, 0, 55), datetime(2019, 3, 31, 2, 5)),  # across the spring clock change: 10 min
    ]
    for ref, created, arrived in rows:
        con.execute(
            "INSERT INTO return_incident VALUES ('k', 2, 'cambridgeshire', ?, timezone('Europe/London', ?::TIMESTAMP), "
            "'999', NULL, 'emergency', 'crime', 'urban', false, false, 15, timezone('Europe/London', ?::TIMESTAMP), "
            "'f', 'h', now())",
            [ref, created, arrived],
        )
    indicators = [catalogue()["emergency-attended-within-target"]]
    on_duckdb = compute_catalogue(duckdb_engine(con), indicators)
    on_spark = compute_catalogue(spark_engine(con, spark, tmp_path, {"return_incident"}), indicators)
    assert on_duckdb == on_spark
    months = {(r[1].isoformat(), r[2], r[3]) for r in on_duckdb["emergency-attended-within-target"]}
    assert months == {("2019-05-01", 1, 1), ("2019-03-01", 1, 1)}  # UTC months; both within the 15-minute target
