"""`openpeel fetch police-uk` against a police.uk stand-in on 127.0.0.1: it fetches, resumes, and ingests
exactly the rows of the files served for the months and forces asked; nothing else."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import zipfile

import pytest
from typer.testing import CliRunner

from openpeel.cli import app
from openpeel.config import var_dir
from openpeel.warehouse import connect

ARGS = ["fetch", "police-uk", "--from", "2024-01", "--to", "2024-01", "--forces", "cambridgeshire"]
TABLES = {"street": "street_crime", "outcomes": "crime_outcome", "stop-and-search": "stop_search"}


def fetch(*args: str):
    result = CliRunner().invoke(app, list(args or ARGS))
    return result


def served_rows(archive: bytes, month: str, force: str) -> dict[str, int]:
    """Records per kind in the served files for the month and force, counted by the csv module."""
    counts = {}
    with zipfile.ZipFile(io.BytesIO(archive)) as z:
        for kind in TABLES:
            name = f"{month}/{month}-{force}-{kind}.csv"
            counts[kind] = sum(1 for _ in csv.reader(io.StringIO(z.read(name).decode("utf-8")))) - 1
    return counts


def warehouse_rows() -> dict[str, int]:
    """Rows each table holds, and what the report accounted for (loaded + quarantined + set aside)."""
    con = connect(read_only=True)
    try:
        found = {}
        for kind, table in TABLES.items():
            loaded = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            accounted = con.execute(
                "SELECT sum(rows_loaded + rows_quarantined + repeats_set_aside), sum(rows_loaded) FROM source_file "
                "WHERE file_name LIKE ?",
                [f"%-{kind}.csv"],
            ).fetchone()
            found[kind] = (loaded, *accounted)
        found["files"] = sorted(r[0] for r in con.execute("SELECT file_name FROM source_file").fetchall())
        return found
    finally:
        con.close()


def test_fetches_and_ingests_exactly_the_rows_of_the_served_files(police_uk, archive_bytes):
    result = fetch()
    assert result.exit_code == 0, result.output
    expected = served_rows(archive_bytes, "2024-01", "cambridgeshire")
    found = warehouse_rows()
    assert found["files"] == sorted(f"2024-01-cambridgeshire-{kind}.csv" for kind in TABLES)
    for kind, rows in expected.items():
        loaded, accounted, loaded_per_report = found[kind]
        assert accounted == rows, kind  # every record of the served file, loaded or set out with a reason
        assert loaded == loaded_per_report, kind
    # the bundled real files load whole: the month's street and outcomes rows all pass
    assert found["street"][0] == expected["street"] and found["outcomes"][0] == expected["outcomes"]


def test_the_archive_is_cached_with_its_size_and_sha256(police_uk, archive_bytes):
    assert fetch().exit_code == 0
    cache = var_dir() / "cache" / "police-uk"
    entry = json.loads((cache / "manifest.json").read_text())["2024-01.zip"]
    assert entry["size"] == len(archive_bytes) == (cache / "2024-01.zip").stat().st_size
    assert entry["sha256"] == hashlib.sha256(archive_bytes).hexdigest()
    assert entry["url"] == f"{police_uk.url}/data/archive/2024-01.zip"
    assert not list(cache.glob("*.part"))


def test_a_rerun_works_offline_from_the_cache_and_duplicates_nothing(police_uk):
    assert fetch().exit_code == 0
    before = warehouse_rows()
    asked = len(police_uk.requests)
    police_uk.files.clear()  # police.uk is gone: everything now answers 404
    result = fetch()
    assert result.exit_code == 0, result.output
    assert len(police_uk.requests) == asked  # the cache served it: not even the list of dates was asked for
    assert warehouse_rows() == before


def test_an_interrupted_download_resumes_from_where_it_stopped(police_uk, archive_bytes):
    police_uk.mode("/data/archive/2024-01.zip", "truncate")
    first = fetch()
    assert first.exit_code == 1
    part = var_dir() / "cache" / "police-uk" / "2024-01.zip.part"
    assert part.stat().st_size == len(archive_bytes) // 2
    assert not os.path.exists(os.environ["OPENPEEL_WAREHOUSE"]) or warehouse_rows()["files"] == []

    second = fetch()
    assert second.exit_code == 0, second.output
    ranges = [r for p, r in police_uk.requests if p == "/data/archive/2024-01.zip"]
    assert ranges == [None, f"bytes={len(archive_bytes) // 2}-"]
    assert (var_dir() / "cache" / "police-uk" / "2024-01.zip").read_bytes() == archive_bytes
    expected = served_rows(archive_bytes, "2024-01", "cambridgeshire")
    assert {k: v[1] for k, v in warehouse_rows().items() if k != "files"} == expected


def test_a_server_that_ignores_range_is_answered_by_starting_again(police_uk, archive_bytes):
    police_uk.mode("/data/archive/2024-01.zip", "truncate")
    assert fetch().exit_code == 1
    police_uk.mode("/data/archive/2024-01.zip", "no-range")
    result = fetch()
    assert result.exit_code == 0, result.output
    assert (var_dir() / "cache" / "police-uk" / "2024-01.zip").read_bytes() == archive_bytes


@pytest.mark.parametrize("forces", ["cambridgeshire", "Cambridgeshire Constabulary"])
def test_a_force_goes_by_any_of_its_names(police_uk, forces):
    result = fetch("fetch", "police-uk", "--from", "2024-01", "--to", "2024-01", "--forces", forces)
    assert result.exit_code == 0, result.output
    assert len(warehouse_rows()["files"]) == 3


def test_two_forces_load_both_and_a_force_without_stop_and_search_is_said(police_uk):
    result = fetch(
        "fetch", "police-uk", "--from", "2024-01", "--to", "2024-01", "--forces", "cambridgeshire,bedfordshire"
    )
    assert result.exit_code == 0, result.output
    assert "2024-01-bedfordshire-street.csv" in warehouse_rows()["files"]
    assert "2024-01: police.uk lists no stop and search data from bedfordshire" in " ".join(result.output.split())
