"""Ingesting police.uk street files: every row loaded or quarantined, re-runs never duplicate."""

from __future__ import annotations

import csv

import pytest

from openpeel.errors import IngestError
from openpeel.ingest.police_uk import ingest_police_uk
from openpeel.warehouse import connect

CAMBS_JAN = "2019-01/2019-01-cambridgeshire-street.csv"
NI_JAN = "2019-01/2019-01-northern-ireland-street.csv"


def data_rows(path) -> int:
    with open(path, encoding="utf-8") as f:
        return sum(1 for _ in csv.reader(f)) - 1


def test_every_row_of_a_real_file_is_loaded_with_its_line(street_archive):
    root = street_archive(CAMBS_JAN)
    con = connect(":memory:")
    report = ingest_police_uk(con, root)
    expected = data_rows(root / CAMBS_JAN)
    assert report.total("rows_read") == expected
    assert report.total("rows_loaded") + report.total("rows_quarantined") == expected
    loaded = con.execute("SELECT count(*), min(line), max(line) FROM street_crime").fetchone()
    assert loaded == (report.total("rows_loaded"), 2, expected + 1)


def test_anti_social_behaviour_rows_keep_their_missing_crime_id(street_archive):
    root = street_archive(CAMBS_JAN)
    with open(root / CAMBS_JAN, encoding="utf-8") as f:
        asb_in_file = sum(1 for r in csv.DictReader(f) if r["Crime type"] == "Anti-social behaviour")
    con = connect(":memory:")
    ingest_police_uk(con, root)
    asb, without_id = con.execute(
        "SELECT count(*), count(*) FILTER (WHERE crime_id IS NULL) FROM street_crime "
        "WHERE crime_type = 'Anti-social behaviour'"
    ).fetchone()
    assert asb == asb_in_file > 0
    assert without_id == asb


def test_no_location_rows_are_kept_without_coordinates(street_archive):
    root = street_archive(CAMBS_JAN)
    with open(root / CAMBS_JAN, encoding="utf-8") as f:
        no_location = sum(1 for r in csv.DictReader(f) if r["Longitude"] == "")
    con = connect(":memory:")
    ingest_police_uk(con, root)
    assert con.execute("SELECT count(*) FROM street_crime WHERE longitude IS NULL").fetchone()[0] == no_location


def test_reingesting_the_same_archive_does_not_duplicate(street_archive):
    root = street_archive(CAMBS_JAN)
    con = connect(":memory:")
    first = ingest_police_uk(con, root)
    second = ingest_police_uk(con, root)
    assert [f.status for f in second.files] == ["unchanged"]
    count = con.execute("SELECT count(*) FROM street_crime").fetchone()[0]
    assert count == first.total("rows_loaded")


def test_a_changed_file_replaces_its_earlier_load(street_archive):
    root = street_archive(CAMBS_JAN)
    con = connect(":memory:")
    ingest_police_uk(con, root)
    path = root / CAMBS_JAN
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[:101]), encoding="utf-8")  # header and the first 100 rows
    report = ingest_police_uk(con, root)
    assert report.files[0].status == "loaded"
    assert con.execute("SELECT count(*) FROM street_crime").fetchone()[0] == 100


def test_a_bad_row_is_quarantined_with_file_line_column_value_and_rule(street_archive):
    root = street_archive(CAMBS_JAN)
    path = root / CAMBS_JAN
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    fields = next(csv.reader([lines[4]]))
    fields[5] = "fifty-two"  # Latitude of line 5
    lines[4] = ",".join(f'"{x}"' if "," in x else x for x in fields) + "\n"
    path.write_text("".join(lines), encoding="utf-8")
    con = connect(":memory:")
    report = ingest_police_uk(con, root)
    assert report.total("rows_quarantined") == 1
    assert report.total("rows_loaded") == len(lines) - 2
    row = con.execute('SELECT file_key, line, "column", value, rule FROM quarantine').fetchone()
    assert row == (
        "police_uk_street/cambridgeshire/2019-01",
        5,
        "Latitude",
        "fifty-two",
        "must be a number",
    )


def test_a_file_with_a_wrong_header_fails_the_whole_batch_and_changes_nothing(street_archive):
    root = street_archive(CAMBS_JAN, "2019-01/2019-01-norfolk-street.csv")
    con = connect(":memory:")
    ingest_police_uk(con, street_archive(CAMBS_JAN))
    before = con.execute("SELECT count(*) FROM street_crime").fetchone()[0]
    norfolk = root / "2019-01/2019-01-norfolk-street.csv"
    text = norfolk.read_text(encoding="utf-8")
    norfolk.write_text(text.replace("Crime type", "Offence", 1), encoding="utf-8")
    with pytest.raises(IngestError, match=r"norfolk-street\.csv, line 1: .*missing columns: \['Crime type'\]"):
        ingest_police_uk(con, root)
    assert con.execute("SELECT count(*) FROM street_crime").fetchone()[0] == before


def test_northern_ireland_is_reported_as_skipped_not_silently_dropped(street_archive):
    root = street_archive(NI_JAN)
    con = connect(":memory:")
    report = ingest_police_uk(con, root)
    (skipped,) = report.files
    assert skipped.status == "skipped"
    assert skipped.rows_read == data_rows(root / NI_JAN) > 0
    assert f"{skipped.rows_read:,} rows not loaded" in skipped.note and "northern-ireland" in skipped.note


def test_a_path_that_is_not_an_archive_gets_a_clear_error(tmp_path):
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(IngestError, match="no police.uk files"):
        ingest_police_uk(connect(":memory:"), tmp_path)
    with pytest.raises(IngestError, match="expected a folder or a .zip"):
        ingest_police_uk(connect(":memory:"), tmp_path / "notes.txt")
