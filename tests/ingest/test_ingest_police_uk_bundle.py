"""Every bundled police.uk file ingests with no unexplained row: per file, the rows in the file equal
rows loaded + rows quarantined + repeats set aside, and the warehouse holds exactly those."""

from __future__ import annotations

import csv
import io
import zipfile

from openpeel.warehouse import connect


def rows_in(archive, name: str) -> int:
    with zipfile.ZipFile(archive) as z:
        return sum(1 for _ in csv.reader(io.StringIO(z.read(name).decode("utf-8")))) - 1


def members(archive) -> dict[str, str]:
    with zipfile.ZipFile(archive) as z:
        return {n.rsplit("/", 1)[-1]: n for n in z.namelist() if n.endswith(".csv")}


def test_every_row_of_every_bundled_file_is_accounted_for(bundled_ingest):
    path, reports = bundled_ingest
    con = connect(path, read_only=True)
    files = 0
    for archive, report in reports.items():
        names = members(archive)
        assert sorted(f.file_name for f in report.files) == sorted(names)
        for f in report.files:
            files += 1
            assert f.rows_read == rows_in(archive, names[f.file_name]), f.file_name
            if f.status == "skipped":
                assert f.file_name == "2019-01-northern-ireland-street.csv"
                continue
            assert f.rows_loaded + f.rows_quarantined + f.repeats_set_aside == f.rows_read, f.file_name
            key, table = con.execute(
                "SELECT file_key, CASE source WHEN 'police_uk_street' THEN 'street_crime' "
                "WHEN 'police_uk_outcomes' THEN 'crime_outcome' ELSE 'stop_search' END "
                "FROM source_file WHERE file_name = ?",
                [f.file_name],
            ).fetchone()
            assert con.execute(f"SELECT count(*) FROM {table} WHERE file_key = ?", [key]).fetchone()[0] == f.rows_loaded
            assert (
                con.execute("SELECT count(DISTINCT line) FROM quarantine WHERE file_key = ?", [key]).fetchone()[0]
                == f.rows_quarantined
            )
            assert con.execute("SELECT count(*) FROM set_aside WHERE file_key = ?", [key]).fetchone()[0] == (
                f.repeats_set_aside
            )
    assert files == 61 + 18 + 7


def test_the_doubled_stop_and_search_month_is_halved_and_the_copies_kept_aside(bundled_ingest):
    path, _ = bundled_ingest
    con = connect(path, read_only=True)
    read, loaded, kept, aside = con.execute(
        "SELECT rows_read, rows_loaded, repeats_kept, repeats_set_aside FROM source_file "
        "WHERE file_name = '2019-01-cambridgeshire-stop-and-search.csv'"
    ).fetchone()
    # 124 lines twice and 6 four times (data/ATTRIBUTION.md): 136 searches, the other 136 lines set aside
    assert (read, loaded, aside) == (272, 136, 136)
    assert kept == 6  # the lines seen four times leave two copies each: kept, as they may be real
    reason = con.execute("SELECT DISTINCT reason FROM set_aside").fetchall()
    assert len(reason) == 1 and "every row an even number of times" in reason[0][0]


def test_repeated_outcome_rows_are_kept_as_outcomes_of_different_suspects(bundled_ingest):
    path, _ = bundled_ingest
    con = connect(path, read_only=True)
    kept, aside = con.execute(
        "SELECT sum(repeats_kept), sum(repeats_set_aside) FROM source_file WHERE source = 'police_uk_outcomes'"
    ).fetchone()
    assert kept > 0 and aside == 0
    identical = con.execute(
        "SELECT count(*) - count(DISTINCT (crime_id, month, longitude, latitude, location, outcome_original)) "
        "FROM crime_outcome"
    ).fetchone()[0]
    assert identical >= kept


def test_outcomes_join_to_their_crimes(bundled_ingest):
    path, _ = bundled_ingest
    con = connect(path, read_only=True)
    joined, total = con.execute(
        "SELECT count(crime_type), count(*) FROM crime_outcome_with_crime WHERE crime_month <= DATE '2019-02-01' "
        "OR crime_month IS NULL"
    ).fetchone()
    assert 0 < joined < total  # crimes from before October 2018 are not in the bundle


def test_old_wording_is_normalised_and_the_original_kept(bundled_ingest):
    path, _ = bundled_ingest
    con = connect(path, read_only=True)
    outcomes = dict(con.execute("SELECT outcome_original, outcome FROM crime_outcome GROUP BY ALL").fetchall())
    assert all(original == current for original, current in outcomes.items())  # 2019-20 wording is current
    ethnicities = con.execute(
        "SELECT count(*) FROM stop_search WHERE self_defined_ethnicity IS DISTINCT FROM self_defined_ethnicity_original"
    ).fetchone()[0]
    assert ethnicities == 0  # the bundled files already use the 2011 Census labels


def test_no_location_rows_and_out_of_area_lsoas_are_kept(bundled_ingest):
    path, _ = bundled_ingest
    con = connect(path, read_only=True)
    no_location, outside = con.execute(
        "SELECT count(*) FILTER (WHERE location = 'No Location' AND longitude IS NULL), "
        "count(*) FILTER (WHERE lsoa_name LIKE 'Ashfield %') FROM street_crime WHERE force_id = 'cambridgeshire'"
    ).fetchone()
    assert no_location > 0 and outside > 0


def test_older_wording_from_earlier_years_is_mapped_to_the_current(tmp_path):
    from openpeel.config import bundled_police_uk_archives
    from openpeel.ingest.police_uk import ingest_police_uk

    by_name = {a.name.split("-")[0]: a for a in bundled_police_uk_archives()}
    with zipfile.ZipFile(by_name["stop"]) as z:
        lines = z.read("2019-06/2019-06-greater-manchester-stop-and-search.csv").decode().splitlines()[:3]
    first = next(csv.reader([lines[1]]))
    first[8], first[12] = "White - White British (W1)", "Suspect arrested"  # pre-2017 wording
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([next(csv.reader([lines[0]])), first])
    (tmp_path / "2016-06").mkdir()
    (tmp_path / "2016-06" / "2016-06-greater-manchester-stop-and-search.csv").write_text(out.getvalue())
    con = connect(":memory:")
    ingest_police_uk(con, tmp_path)
    assert con.execute(
        "SELECT self_defined_ethnicity_original, self_defined_ethnicity, outcome_original, outcome FROM stop_search"
    ).fetchone() == (
        "White - White British (W1)",
        "White - English/Welsh/Scottish/Northern Irish/British",
        "Suspect arrested",
        "Arrest",
    )
