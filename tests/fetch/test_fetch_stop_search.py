"""`openpeel fetch home-office URL` for the stop and search tables, against a loopback server: the real SS_20
transcription (tests/data/home-office/ppap-totals.csv), and the stop and search open data table as CSV and as an
ODS built to the documented layout (no real release was seen: docs/home-office-data.md)."""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

import pandas as pd
import pytest

from openpeel import cli
from openpeel.warehouse import connect

from .server import Served, serving
from .test_fetch_home_office import run

TOTALS = Path(__file__).parents[1] / "data" / "home-office" / "ppap-totals.csv"
OPEN_DATA = [  # the documented columns, in the order openpeel's schema gives them
    "financial_year", "financial_year_quarter", "geocode", "police_force_area", "region", "legislation",
    "reason_for_search", "outcome", "link", "self_defined_ethnicity_group", "self_defined_ethnicity", "sex",
    "age_group", "number_of_searches",
]  # fmt: skip
ROWS = [
    ["2024/25", "1", "E23000023", "Cambridgeshire", "East", "Section 1 (PACE)", "Drugs", "Arrest", "Linked",
     "White", "White - British", "Male", "18-24", "3"],
    ["2024/25", "2", "E23000005", "Greater Manchester", "North West", "Section 60", "Offensive weapons",
     "No further action", "Not linked", "Black or Black British", "Black - Caribbean", "Male", "10-17", "1,204"],
    ["2024/25", "4", "0", "British Transport Police", "0", "Section 1 (PACE)", "Stolen property",
     "Community resolution", "Linked", "N/A - vehicle search", "N/A - vehicle search", "N/A", "N/A", "2"],
    ["2024/25", "3", "E23000034", "London, City of", "London", "Section 1 (PACE)", "Drugs", "Arrest", "Linked",
     "Asian or Asian British", "Asian - Indian", "Female", "25-34", "7"],
]  # fmt: skip


def _csv(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode()


def _ods() -> bytes:
    """As the publisher's workbook: a cover sheet, then 'open_data' with a title row, the columns in another
    order, one column openpeel does not load, and numbers stored as numbers."""
    frame = pd.DataFrame(ROWS, columns=OPEN_DATA)
    frame["number_of_searches"] = [int(v.replace(",", "")) for v in frame["number_of_searches"]]
    frame["financial_year_quarter"] = frame["financial_year_quarter"].astype(int)
    frame.insert(3, "ethnicity_self_defined_or_officer_defined", "White")  # a column the layout leaves out
    frame = frame[list(reversed(frame.columns))]
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="odf") as book:
        pd.DataFrame([["Stop and search open data"]]).to_excel(book, sheet_name="Cover", header=False, index=False)
        pd.DataFrame([["Open data table: stop and search"]]).to_excel(
            book, sheet_name="open_data", header=False, index=False
        )
        frame.to_excel(book, sheet_name="open_data", startrow=2, index=False)
    return buf.getvalue()


@pytest.fixture
def served(monkeypatch, tmp_path) -> Served:
    served = Served()
    served.put("/media/ppap-totals.csv", TOTALS.read_bytes(), "text/csv")
    served.put("/media/stop-search-open-data-tables-mar25.csv", _csv(OPEN_DATA, ROWS), "text/csv")
    served.put(
        "/media/stop-search-open-data-tables-mar25.ods", _ods(), "application/vnd.oasis.opendocument.spreadsheet"
    )
    bad = [*ROWS[:2], [*ROWS[2][:-1], "2x"], ROWS[3]]  # line 4: not a number of searches
    served.put("/media/ss-bad.csv", _csv(OPEN_DATA, bad), "text/csv")
    reordered = [*reversed(OPEN_DATA)]  # another order: the file is rewritten, record by record
    short = [[*reversed(r)] for r in ROWS[:3]] + [[*reversed(ROWS[3])][:-2]]  # line 5: two cells missing
    served.put("/media/ss-short.csv", _csv(reordered, short), "text/csv")
    renamed = [c if c != "sex" else "gender" for c in OPEN_DATA]  # an older release's name: not this layout
    served.put("/media/ss-gender.csv", _csv(renamed, ROWS), "text/csv")
    with serving(served, monkeypatch, tmp_path):
        yield served


def query(sql: str) -> list[tuple]:
    con = connect(read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_the_ss20_transcription_loads_every_force_and_a_rerun_changes_nothing(served, monkeypatch, capsys):
    for _ in range(2):
        code, err = run(monkeypatch, capsys, served.url + "/media/ppap-totals.csv")
        assert code == 0, err
        assert query("SELECT count(*), sum(published_total) FROM ho_stop_search_force_total") == [(44, 528_582)]
        assert query("SELECT count(*) FROM source_file") == [(1,)]
        served.files.clear()  # the second run works from the cache
    assert query("SELECT force_id, published_total FROM ho_stop_search_force_total WHERE pfa_code IS NULL") == [
        ("btp", 15_108)
    ]
    assert query("SELECT period FROM dataset WHERE table_name = 'ho_stop_search_force_total'") == [
        ("years ending 31 March 2025",)
    ]


@pytest.mark.parametrize(
    "path", ["/media/stop-search-open-data-tables-mar25.csv", "/media/stop-search-open-data-tables-mar25.ods"]
)
def test_the_stop_and_search_open_data_is_recognised_and_loaded_row_for_row(served, path, monkeypatch, capsys):
    for _ in range(2):
        code, err = run(monkeypatch, capsys, served.url + path)
        assert code == 0, err
        rows = query("SELECT force_id, number_of_searches, quarter_start::VARCHAR FROM ho_stop_search ORDER BY line")
        assert rows == [
            ("cambridgeshire", 3, "2024-04-01"),
            ("greater-manchester", 1204, "2024-07-01"),
            ("btp", 2, "2025-01-01"),
            ("city-of-london", 7, "2024-10-01"),
        ]
    assert query("SELECT rows_read, rows_loaded, rows_quarantined FROM source_file") == [(4, 4, 0)]


def test_a_bad_count_is_quarantined_with_its_file_line_column_value_and_rule(served, monkeypatch, capsys):
    code, err = run(monkeypatch, capsys, served.url + "/media/ss-bad.csv")
    assert code == 0, err
    assert query("SELECT count(*) FROM ho_stop_search") == [(3,)]
    [(file_name, line, column, value, rule)] = query(
        'SELECT s.file_name, q.line, q."column", q.value, q.rule FROM quarantine q JOIN source_file s USING (file_key)'
    )
    assert (file_name, line, column, value) == ("stop-search-open-data-ss-bad.csv", 4, "number_of_searches", "2x")
    assert "whole number" in rule


def test_a_release_with_a_column_renamed_is_refused_naming_the_file_and_the_columns_expected(
    served, monkeypatch, capsys
):
    code, err = run(monkeypatch, capsys, served.url + "/media/ss-gender.csv")
    assert code == 1 and len(err.splitlines()) == 1, err
    assert "/media/ss-gender.csv" in err and "the nearest, stop and search open data, lacks sex (" in err
    assert "stop and search open data: financial_year, financial_year_quarter" in err and "age_group" in err


def test_a_column_the_layout_does_not_load_is_named(served, monkeypatch, capsys):
    monkeypatch.setattr(
        sys, "argv", ["openpeel", "fetch", "home-office", served.url + "/media/stop-search-open-data-tables-mar25.ods"]
    )
    with pytest.raises(SystemExit) as done:
        cli.main()
    said = capsys.readouterr().out
    assert done.value.code in (0, None), said
    assert (
        "columns not loaded (not in the stop and search open data layout): ethnicity_self_defined_or_officer_defined"
        in said
    )


def test_a_record_of_the_wrong_length_in_a_reordered_file_is_quarantined_not_padded(served, monkeypatch, capsys):
    code, err = run(monkeypatch, capsys, served.url + "/media/ss-short.csv")
    assert code == 0, err
    assert query("SELECT force_id FROM ho_stop_search ORDER BY line") == [
        ("cambridgeshire",),
        ("greater-manchester",),
        ("btp",),
    ]
    [(line, rule)] = query("SELECT line, rule FROM quarantine")
    assert line == 5 and "field" in rule, rule
