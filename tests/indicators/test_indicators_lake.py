"""`openpeel indicators compute --lake`: DuckDB counts from the lake's Parquet partitions, only those of the
chosen forces and months, and gives the figures it gives from the warehouse."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest
from typer.testing import CliRunner

from openpeel.cli import app
from openpeel.indicators.catalogue import catalogue
from openpeel.indicators.lake import _months_prunable, compute_from_lake, lake_views

FORCE = "cambridgeshire"  # police.uk months and two months of synthetic returns in the demo warehouse
RESULT = "indicator_id, force_id, period, numerator, denominator, value, ci_low, ci_high"


@pytest.fixture(scope="module")
def lake(demo_warehouse, tmp_path_factory):
    root = tmp_path_factory.mktemp("indicator-lake") / "lake"
    result = CliRunner().invoke(app, ["warehouse", "export", "--lake", str(root), "--warehouse", str(demo_warehouse)])
    assert result.exit_code == 0, result.output
    return root


def stored(warehouse, where: str = "") -> set[tuple]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return set(con.execute(f"SELECT {RESULT} FROM indicator_result {where}").fetchall())
    finally:
        con.close()


def test_a_force_computed_from_the_lake_has_the_warehouses_figures(demo_warehouse, lake, copy_of):
    warehouse = copy_of(demo_warehouse)
    # The copy's raw tables are emptied: whatever is counted now can only have come from the lake.
    con = duckdb.connect(str(warehouse))
    raw = [
        t
        for (t,) in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE table_name NOT LIKE 'indicator_%'"
        ).fetchall()
        if t not in ("warehouse_meta", "source_file", "dataset")
    ]
    for table in raw:
        con.execute(f"DELETE FROM {table}")
    con.close()
    result = CliRunner().invoke(
        app, ["indicators", "compute", "--lake", str(lake), "--forces", FORCE, "--warehouse", str(warehouse)]
    )
    assert result.exit_code == 0, result.output
    mine = f"WHERE force_id = '{FORCE}'"
    expected = stored(demo_warehouse, mine)
    assert len({r[0] for r in expected}) >= 25  # police.uk, Home Office and returns indicators alike
    assert stored(warehouse, mine) == expected
    others = f"WHERE force_id <> '{FORCE}'"
    assert stored(warehouse, others) == stored(demo_warehouse, others)  # the other forces' results untouched


def test_only_the_chosen_forces_and_months_are_read_and_their_figures_are_whole(demo_warehouse, lake):
    first, last = date(2019, 1, 1), date(2019, 2, 1)
    con = duckdb.connect()
    read = lake_views(con, str(lake), {FORCE}, first, last)
    con.close()
    assert read["street_crime"] == [
        str(lake / f"street_crime/force_id={FORCE}/month=2019-01-01"),
        str(lake / f"street_crime/force_id={FORCE}/month=2019-02-01"),
    ]
    for table, folders in read.items():
        if table not in ("source_file", "quarantine", "set_aside", "dataset"):
            assert folders and all(f"/force_id={FORCE}" in f for f in folders), table
    results = compute_from_lake(str(lake), {FORCE}, first, last)
    got = {
        (i, *r)
        for i, rows in results.items()
        for r in rows
        if r[0] == FORCE and first <= r[1] <= last  # as compute_and_store keeps them
    }
    expected = stored(demo_warehouse, f"WHERE force_id = '{FORCE}' AND period BETWEEN '2019-01-01' AND '2019-02-01'")
    assert len(expected) > 20 and got == expected


def test_months_are_pruned_only_where_every_indicator_counts_a_row_in_its_partitions_month():
    indicators = list(catalogue().values())
    assert _months_prunable("street_crime", "month", indicators)
    on_street = next(i for i in indicators if i.compute.table == "street_crime")
    by_quarter = on_street.model_copy(update={"compute": on_street.compute.model_copy(update={"grain": "quarter"})})
    assert not _months_prunable("street_crime", "month", [*indicators, by_quarter])
    on_stop = next(i for i in indicators if i.compute.table == "stop_search")
    by_time = on_stop.model_copy(update={"compute": on_stop.compute.model_copy(update={"period": "searched_at"})})
    assert not _months_prunable("stop_search", "month", [*indicators, by_time])
    with_lookup = next(i for i in indicators if i.compute.lookup)
    looked_up = with_lookup.compute.lookup.model_copy(update={"table": "street_crime"})
    looks = with_lookup.model_copy(update={"compute": with_lookup.compute.model_copy(update={"lookup": looked_up})})
    assert not _months_prunable("street_crime", "month", [*indicators, looks])


def test_no_lake_there_or_spark_is_refused_in_one_line(demo_warehouse, tmp_path, monkeypatch, capsys):
    from openpeel import cli

    monkeypatch.setattr(
        "sys.argv",
        ["openpeel", "indicators", "compute", "--lake", str(tmp_path / "none"), "--warehouse", str(demo_warehouse)],
    )
    with pytest.raises(SystemExit) as exit_:
        cli.main()
    err = " ".join(capsys.readouterr().err.split())
    assert exit_.value.code == 1 and "No lake at" in err and "Traceback" not in err
    result = CliRunner().invoke(app, ["indicators", "compute", "--engine", "spark", "--lake", str(tmp_path)])
    assert result.exit_code == 2 and "DuckDB engine only" in result.output
