"""`openpeel warehouse export --lake`: every table as Hive-partitioned Parquet, with a manifest, rewritten only
where the ingest batches changed. What is expected is worked out here from the warehouse with DuckDB, not
from the lake module."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from openpeel.cli import app
from openpeel.warehouse.store import SCHEMA_VERSION

# The layout docs/lake.md promises, read from schema.sql by hand: (force column, month column) per table.
EXPECTED_LAYOUT = {
    "street_crime": ("force_id", "month"),
    "crime_outcome": ("force_id", "month"),
    "stop_search": ("force_id", "month"),
    "indicator_result": ("force_id", "period"),
    "indicator_assessment": ("force_id", "period"),
    "ho_crime_outcome": ("force_id",),
    "return_contact": ("force_id",),
    "return_incident": ("force_id",),
    "source_file": (),
    "quarantine": (),
    "dataset": (),
}


def export(warehouse: Path, uri: str) -> str:
    result = CliRunner().invoke(app, ["warehouse", "export", "--lake", uri, "--warehouse", str(warehouse)])
    assert result.exit_code == 0, result.output
    return result.output


def refused(monkeypatch, capsys, *args: str) -> str:
    """Run `openpeel` as a user does; it must stop with one line on stderr and status 1."""
    from openpeel import cli

    monkeypatch.setattr("sys.argv", ["openpeel", *args])
    with pytest.raises(SystemExit) as exit_:
        cli.main()
    err = capsys.readouterr().err
    assert exit_.value.code == 1 and err.startswith("error:") and "Traceback" not in err
    return " ".join(err.split())


def warehouse_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [
        t
        for (t,) in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = 'wh' AND table_name <> 'warehouse_meta'"
        ).fetchall()
    ]


def fingerprint(con: duckdb.DuckDBPyConnection, source: str, columns: list[str]) -> tuple[int, int]:
    """Rows, and an order-independent hash of them (each row's columns taken by name, in one order)."""
    cols = ", ".join(f'"{c}"' for c in columns)
    return con.execute(f"SELECT count(*), coalesce(sum(hash({cols})::HUGEINT), 0) FROM {source}").fetchone()


def lake_scan(lake: Path, table: str) -> str:
    return f"read_parquet('{lake / table}/**/*.parquet', hive_partitioning = true)"


def files(lake: Path) -> dict[str, tuple[int, int]]:
    """Every file of the lake with its inode and modification time: a rewritten file changes one or both."""
    return {str(p.relative_to(lake)): (p.stat().st_ino, p.stat().st_mtime_ns) for p in lake.rglob("*") if p.is_file()}


def attach(warehouse: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute(f"ATTACH '{warehouse}' AS wh (READ_ONLY)")
    return con


@pytest.fixture(scope="module")
def lake(demo_warehouse, tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("lake") / "lake"
    export(demo_warehouse, root.as_uri())  # a file:// URI; the other tests give a plain folder
    return root


def test_every_table_in_the_lake_has_the_warehouses_rows(demo_warehouse, lake):
    con = attach(demo_warehouse)
    tables = warehouse_tables(con)
    assert len(tables) >= 20 and sorted(p.name for p in lake.iterdir() if not p.name.startswith("_")) == sorted(tables)
    for table in tables:
        columns = [c for (c,) in con.execute(f"SELECT column_name FROM (DESCRIBE wh.{table})").fetchall()]
        expected = fingerprint(con, f"wh.{table}", columns)
        if expected[0] == 0 and not list((lake / table).rglob("*.parquet")):
            continue  # an empty partitioned table has no partitions; the manifest keeps its columns
        assert fingerprint(con, lake_scan(lake, table), columns) == expected, table


def test_the_partitions_are_each_force_and_month_of_the_table(demo_warehouse, lake):
    con = attach(demo_warehouse)
    for table, by in EXPECTED_LAYOUT.items():
        made = {str(p.parent.relative_to(lake / table)) for p in (lake / table).rglob("*.parquet")}
        if not by:
            assert made == {"."}, table
            continue
        keys = ", ".join(by)
        expected = {
            "/".join(f"{c}={v}" for c, v in zip(by, row, strict=True))
            for row in con.execute(f"SELECT DISTINCT {keys} FROM wh.{table}").fetchall()
        }
        assert len(expected) > 1 and made == expected, table
    # Every table with a force is partitioned by it (the returns by force alone: docs/lake.md).
    for table in warehouse_tables(con):
        has_force = con.execute(
            f"SELECT count(*) FROM (DESCRIBE wh.{table}) WHERE column_name = 'force_id' AND \"null\" = 'NO'"
        ).fetchone()[0]
        if has_force and con.execute(f"SELECT count(*) FROM wh.{table}").fetchone()[0]:
            assert all(p.name.startswith("force_id=") for p in (lake / table).iterdir()), table


def test_the_manifest_counts_each_partitions_rows_and_names_its_batches(demo_warehouse, lake):
    con = attach(demo_warehouse)
    manifest = json.loads((lake / "_manifest.json").read_text())
    assert manifest["schema_version"] == SCHEMA_VERSION
    assert sorted(manifest["tables"]) == sorted(warehouse_tables(con))
    for table, entry in manifest["tables"].items():
        by = EXPECTED_LAYOUT.get(table, tuple(entry["partition_by"]))
        assert tuple(entry["partition_by"]) == by, table
        keys = " || '/' || ".join(f"'{c}=' || {c}::VARCHAR" for c in by) or "''"
        expected = dict(con.execute(f"SELECT {keys}, count(*) FROM wh.{table} GROUP BY ALL").fetchall())
        got = {key: p["rows"] for key, p in entry["partitions"].items() if p["rows"]}
        assert got == expected, table
    # A police.uk month holds the one file it was ingested from, with that file's SHA-256.
    street = manifest["tables"]["street_crime"]["partitions"]["force_id=cambridgeshire/month=2019-01-01"]
    ((key, sha, _at),) = street["batches"]
    assert key == "police_uk_street/cambridgeshire/2019-01"
    assert con.execute("SELECT sha256 FROM wh.source_file WHERE file_key = ?", [key]).fetchone() == (sha,)


def test_a_re_export_with_nothing_changed_rewrites_no_file(demo_warehouse, tmp_path):
    lake = tmp_path / "lake"
    export(demo_warehouse, str(lake))
    before = files(lake)
    output = export(demo_warehouse, str(lake))
    assert files(lake) == before and "written 0," in output


def test_after_one_file_is_ingested_again_only_its_partitions_are_rewritten(
    demo_warehouse, copy_of, street_archive, tmp_path
):
    from openpeel.ingest.police_uk import ingest_police_uk
    from openpeel.warehouse import connect

    warehouse = copy_of(demo_warehouse)
    lake = tmp_path / "lake"
    export(warehouse, str(lake))
    before = files(lake)
    # A corrected January file for Cambridgeshire (one outcome amended, the rows as many) replaces the batch it
    # was loaded from; and every row of another force's month goes (as when a force withdraws a file).
    name = "2019-01/2019-01-cambridgeshire-street.csv"
    path = street_archive(name) / name
    text = path.read_text()
    assert text.endswith("Court result unavailable,\n")
    path.write_text(text.removesuffix("Court result unavailable,\n") + "Offender given a caution,\n")
    con = connect(warehouse)
    ingest_police_uk(con, path.parent.parent)
    gone = con.execute(
        "SELECT force_id, month FROM street_crime WHERE force_id <> 'cambridgeshire' ORDER BY ALL LIMIT 1"
    ).fetchone()
    con.execute("DELETE FROM street_crime WHERE force_id = ? AND month = ?", gone)
    con.close()
    export(warehouse, str(lake))
    after = files(lake)
    changed = {f for f in before.keys() & after.keys() if before[f] != after[f]} | (after.keys() - before.keys())
    changed_parts = {str(Path(f).parent) for f in changed if f != "_manifest.json"}
    assert changed_parts == {"street_crime/force_id=cambridgeshire/month=2019-01-01", "source_file"}
    removed = {str(Path(f).parent) for f in before.keys() - after.keys()}
    assert removed == {f"street_crime/force_id={gone[0]}/month={gone[1]}"}
    # ... and the lake still has the warehouse's rows, and its manifest the new batch.
    con = attach(warehouse)
    manifest = json.loads((lake / "_manifest.json").read_text())["tables"]["street_crime"]["partitions"]
    ((key, sha, _at),) = manifest["force_id=cambridgeshire/month=2019-01-01"]["batches"]
    assert con.execute("SELECT sha256 FROM wh.source_file WHERE file_key = ?", [key]).fetchone() == (sha,)
    columns = [c for (c,) in con.execute("SELECT column_name FROM (DESCRIBE wh.street_crime)").fetchall()]
    assert fingerprint(con, lake_scan(lake, "street_crime"), columns) == fingerprint(con, "wh.street_crime", columns)


def test_a_partition_left_half_swapped_by_a_killed_export_is_put_back_whole(demo_warehouse, tmp_path):
    lake = tmp_path / "lake"
    export(demo_warehouse, str(lake))
    before = files(lake)
    # Killed between the two renames of a swap: the old partition is whole under _staging/old, not in place.
    part = "street_crime/force_id=cambridgeshire/month=2019-01-01"
    (lake / "_staging/old" / part).parent.mkdir(parents=True)
    shutil.move(lake / part, lake / "_staging/old" / part)
    (lake / "_staging/new/street_crime/junk").mkdir(parents=True)
    export(demo_warehouse, str(lake))
    assert files(lake) == before and not (lake / "_staging").exists()


@pytest.mark.parametrize(
    ("uri", "message"),
    [
        ("s3a://bucket/lake", "openpeel writes a lake to a local folder or file:// path; s3a:// is for Spark"),
        ("hdfs://namenode/lake", "hdfs:// is for Spark's Hadoop file systems"),
        ("file://elsewhere/lake", "a file:// URI names a folder on this machine"),
    ],
)
def test_a_uri_openpeel_cannot_write_is_refused_in_one_line(demo_warehouse, monkeypatch, capsys, uri, message):
    assert message in refused(
        monkeypatch, capsys, "warehouse", "export", "--lake", uri, "--warehouse", str(demo_warehouse)
    )


def test_a_lake_of_another_schema_version_or_a_folder_that_is_no_lake_is_refused(
    demo_warehouse, tmp_path, monkeypatch, capsys
):
    lake = tmp_path / "lake"
    export(demo_warehouse, str(lake))
    manifest = json.loads((lake / "_manifest.json").read_text())
    (lake / "_manifest.json").write_text(json.dumps({**manifest, "schema_version": "1"}))
    args = ("warehouse", "export", "--warehouse", str(demo_warehouse), "--lake")
    err = refused(monkeypatch, capsys, *args, str(lake))
    assert f"holds warehouse schema 1; this openpeel writes and reads schema {SCHEMA_VERSION}" in err
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "notes.txt").write_text("mine")
    assert "is not an openpeel lake" in refused(monkeypatch, capsys, *args, str(tmp_path / "other"))
    assert (tmp_path / "other" / "notes.txt").read_text() == "mine"
