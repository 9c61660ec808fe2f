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
