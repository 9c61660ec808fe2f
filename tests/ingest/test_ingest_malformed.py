"""The malformed-file corpus (tests/data/malformed, made by make_corpus.py from real rows): every file
gets a clear error or its bad rows quarantined with file, line, column, value and rule; nothing is lost,
and a failed batch leaves the warehouse exactly as it was."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from openpeel.errors import IngestError
from openpeel.ingest.police_uk import ingest_police_uk
from openpeel.warehouse import connect

CORPUS = Path(__file__).parents[1] / "data" / "malformed"
TABLES = ["street_crime", "crime_outcome", "stop_search", "quarantine", "set_aside", "source_file"]

# case: (line, column, value, rule) of the quarantined cell
QUARANTINED = {
    "street-latitude-not-a-number": (4, "Latitude", "fifty-two", "must be a number"),
    "street-longitude-out-of-range": (3, "Longitude", "12.5", "must be at most 3"),
    "street-unknown-crime-type": (5, "Crime type", "Jaywalking", "must be one of: Anti-social behaviour"),
    "street-month-not-the-files": (6, "Month", "2019-02", "must be the month in the file's name"),
    "street-wrong-force": (
        3,
        "Falls within",
        "Norfolk Constabulary",
        "must be the police.uk name of the file's",
    ),
    "street-crime-type-missing": (4, "Crime type", None, "is required"),
    "street-lsoa-code-malformed": (3, "LSOA code", "E0101", "must match the pattern [EW]0[0-9]{7}"),
    "street-month-not-a-month": (7, "Month", "January 2019", "must be a yearmonth written %Y-%m"),
    "street-too-few-fields": (4, "(row)", None, "has 8 fields; the header has 12"),
    "street-too-many-fields": (5, "(row)", None, "has 14 fields; the header has 12"),
    "street-unterminated-quote": (
        6,
        "Location",
        None,
        "unterminated quote found. The record runs on to line 7.",
    ),
    "street-truncated-last-line": (7, "(row)", None, "has 1 fields; the header has 12"),
    "stop-and-search-date-malformed": (
        3,
        "Date",
        "31/05/2019 23:08",
        "must be a datetime written %Y-%m-%dT%H:%M:%S%z",
    ),
    "stop-and-search-boolean-malformed": (
        4,
        "Part of a policing operation",
        "Yes",
        "must be one of True, true",
    ),
    "stop-and-search-age-range-unknown": (5, "Age range", "35-44", "must be one of: under 10"),
    "outcomes-crime-id-missing": (3, "Crime ID", None, "is required"),
    "outcomes-outcome-missing": (5, "Outcome type", None, "is required"),
}
REFUSED = {
    "street-header-renamed": (
        r"line 1: the header does not match the schema "
        r"\(missing columns: \['Crime type'\]; unexpected columns: \['Offence'\]\)"
    ),
    "street-header-column-missing": r"line 1: .*missing columns: \['Context'\]",
    "street-header-reordered": r"line 1: .*columns out of order",
    "street-empty-file": r"line 1: the file is empty",
    "street-binary-not-text": r"neither UTF-8 nor cp1252 text",
}
LOADED = {  # case: (rows loaded, note)
    "street-windows-1252": (6, "read as Windows-1252 (not UTF-8 from byte 711)"),
    "street-utf16": (6, "converted from UTF-16"),
    "street-byte-order-mark-and-crlf": (6, None),
    "street-header-only": (0, None),
}


def test_the_corpus_has_at_least_20_malformed_files_and_every_one_is_covered():
    cases = {p.name for p in CORPUS.iterdir() if p.is_dir()}
    assert len(cases) >= 20
    assert cases == set(QUARANTINED) | set(REFUSED) | set(LOADED)


def snapshot(con) -> dict[str, list]:
    return {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in TABLES}


@pytest.fixture
def warehouse(street_archive):
    """A warehouse already holding real data, to show a failed batch leaves it as it was."""
    con = connect(":memory:")
    ingest_police_uk(con, street_archive("2019-01/2019-01-norfolk-street.csv"))
    return con


@pytest.mark.parametrize("case", sorted(QUARANTINED))
def test_bad_rows_are_quarantined_with_line_column_value_and_rule(case, warehouse):
    line, column, value, rule = QUARANTINED[case]
    (report,) = ingest_police_uk(warehouse, CORPUS / case).files
    rows = sum(1 for p in (CORPUS / case).rglob("*.csv") for _ in p.open(encoding="utf-8")) - 1
    assert report.rows_read == rows
    # a stray quote swallows the line after it, so both lines are in quarantine (in one record's text)
    assert report.rows_quarantined == (2 if case == "street-unterminated-quote" else 1)
    assert report.rows_loaded + report.rows_quarantined + report.repeats_set_aside == report.rows_read
    found = warehouse.execute(
        'SELECT line, "column", value, rule FROM quarantine WHERE file_key LIKE ? ORDER BY line, "column"',
        [f"%/{report.force_id}/%"],
    ).fetchall()
    matching = [q for q in found if q[0] == line and q[1] == column and q[2] == value and rule in q[3]]
    assert matching, found


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_unreadable_files_are_refused_clearly_and_change_nothing(case, warehouse):
    before = snapshot(warehouse)
    with pytest.raises(IngestError) as error:
        ingest_police_uk(warehouse, CORPUS / case)
    message = str(error.value)
    assert re.search(REFUSED[case], message), message
    assert "2019-01-cambridgeshire-street.csv" in message  # names the file
    assert snapshot(warehouse) == before


@pytest.mark.parametrize("case", sorted(LOADED))
def test_other_encodings_and_line_ends_are_read(case, warehouse):
    loaded, note = LOADED[case]
    (report,) = ingest_police_uk(warehouse, CORPUS / case).files
    assert (report.rows_loaded, report.rows_quarantined, report.note) == (loaded, 0, note)
    lines = warehouse.execute("SELECT list(line ORDER BY line) FROM street_crime WHERE force_id = 'cambridgeshire'")
    assert lines.fetchone()[0] == (list(range(2, 2 + loaded)) if loaded else None)


def test_windows_1252_text_arrives_intact(warehouse):
    ingest_police_uk(warehouse, CORPUS / "street-windows-1252")
    assert warehouse.execute("SELECT count(*) FROM street_crime WHERE location = 'On or near Café Row'").fetchone() == (
        1,
    )


def test_a_bad_file_in_a_batch_rolls_back_the_good_ones(warehouse, tmp_path):
    import shutil

    shutil.copytree(CORPUS / "street-latitude-not-a-number", tmp_path / "batch", dirs_exist_ok=True)
    bad = CORPUS / "stop-and-search-date-malformed"  # fine: quarantined, not refused
    shutil.copytree(bad, tmp_path / "batch", dirs_exist_ok=True)
    refused = CORPUS / "street-header-renamed" / "2019-01" / "2019-01-cambridgeshire-street.csv"
    (tmp_path / "batch" / "2019-02").mkdir()
    shutil.copy(refused, tmp_path / "batch" / "2019-02" / "2019-02-cambridgeshire-street.csv")
    before = snapshot(warehouse)
    with pytest.raises(IngestError, match="2019-02-cambridgeshire-street.csv"):
        ingest_police_uk(warehouse, tmp_path / "batch")
    assert snapshot(warehouse) == before


def test_each_file_keeps_its_own_note_in_a_mixed_batch(warehouse, street_archive, tmp_path):
    import shutil

    root = street_archive("2018-12/2018-12-cambridgeshire-street.csv")  # plain UTF-8, sorted first
    shutil.copytree(CORPUS / "street-windows-1252", root, dirs_exist_ok=True)
    ingest_police_uk(warehouse, root)
    notes = dict(
        warehouse.execute("SELECT file_name, note FROM source_file WHERE force_id = 'cambridgeshire'").fetchall()
    )
    assert notes["2018-12-cambridgeshire-street.csv"] is None
    assert notes["2019-01-cambridgeshire-street.csv"].startswith("read as Windows-1252")
