"""`openpeel fetch home-office URL` for police recorded crime by police force area, against a loopback server. The
layout was not seen in a real file: the files here are built to the documented columns (docs/home-office-data.md),
the workbook with one sheet per financial year as published."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from .server import Served, serving
from .test_fetch_home_office import run
from .test_fetch_stop_search import _csv, query

CRIME = ["Financial Year", "Financial Quarter", "Force Name", "Offence Description", "Offence Group",
         "Offence Subgroup", "Offence Code", "Number of Offences"]  # fmt: skip
CRIME_ROWS = {
    "2023_24": [
        ["2023/24", "4", "Cambridgeshire", "Burglary - residential", "Theft offences", "Burglary", "28E", "312"],
        ["2023/24", "4", "Action Fraud", "Fraud by false representation", "Fraud offences", "Fraud", "53A", "4,102"],
    ],
    "2024_25": [
        ["2024/25", "1", "London, City of", "Robbery of personal property", "Robbery", "Robbery", "34B", "12"],
        ["2024/25", "2", "British Transport Police", "Theft from the person", "Theft offences", "Theft", "39", "1,530"],
    ],
}  # fmt: skip


def _crime_ods() -> bytes:
    """As the publisher's workbook: a cover, a notes sheet, then one sheet per financial year with a title above
    the header and numbers stored as numbers."""
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="odf") as book:
        pd.DataFrame([["Police recorded crime open data"]]).to_excel(
            book, sheet_name="Cover", header=False, index=False
        )
        pd.DataFrame([["Note 1"], ["Figures are provisional."]]).to_excel(
            book, sheet_name="Notes", header=False, index=False
        )
        for sheet, rows in CRIME_ROWS.items():
            frame = pd.DataFrame(rows, columns=CRIME)
            frame["Number of Offences"] = [int(v.replace(",", "")) for v in frame["Number of Offences"]]
            frame["Financial Quarter"] = frame["Financial Quarter"].astype(int)
            pd.DataFrame([[f"Recorded crime {sheet}"]]).to_excel(book, sheet_name=sheet, header=False, index=False)
            frame.to_excel(book, sheet_name=sheet, startrow=2, index=False)
    return buf.getvalue()


@pytest.fixture
def served(monkeypatch, tmp_path) -> Served:
    served = Served()
    ods = "application/vnd.oasis.opendocument.spreadsheet"
    served.put("/media/prc-pfa-mar2013-onwards-tables.ods", _crime_ods(), ods)
    every_crime_row = [r for rows in CRIME_ROWS.values() for r in rows]
    served.put("/media/prc-pfa-mar2013-onwards-tables.csv", _csv(CRIME, every_crime_row), "text/csv")
    bad = [*every_crime_row[:2], [*every_crime_row[2][:-1], "twelve"], every_crime_row[3]]
    served.put("/media/prc-pfa-bad.csv", _csv(CRIME, bad), "text/csv")
    served.put("/media/prc-pfa-no-code.csv", _csv([c for c in CRIME if c != "Offence Code"], []), "text/csv")
    with serving(served, monkeypatch, tmp_path):
        yield served


QUARANTINE = 'SELECT q.line, q."column", q.value, q.rule FROM quarantine q ORDER BY q.line, q."column"'


@pytest.mark.parametrize(
    "path", ["/media/prc-pfa-mar2013-onwards-tables.ods", "/media/prc-pfa-mar2013-onwards-tables.csv"]
)
def test_recorded_crime_every_year_sheet_is_loaded_and_fraud_bodies_are_kept_out(served, path, monkeypatch, capsys):
    for _ in range(2):  # the second run changes nothing
        code, err = run(monkeypatch, capsys, served.url + path)
        assert code == 0, err
        assert query("SELECT force_id, offences, quarter_start::VARCHAR FROM ho_recorded_crime ORDER BY line") == [
            ("cambridgeshire", 312, "2024-01-01"),
            ("city-of-london", 12, "2024-04-01"),
            ("btp", 1530, "2024-07-01"),
        ]
        assert query("SELECT rows_read, rows_loaded, rows_quarantined FROM source_file") == [(4, 3, 1)]
    [(line, column, value, rule)] = query(QUARANTINE)
    assert (line, column, value) == (3, "Force Name", "Action Fraud") and "not an error" in rule
    assert query("SELECT period FROM dataset") == [("financial years 2023/24 to 2024/25",)]


def test_recorded_crime_a_bad_count_is_quarantined_where_it_is(served, monkeypatch, capsys):
    code, err = run(monkeypatch, capsys, served.url + "/media/prc-pfa-bad.csv")
    assert code == 0, err
    rows = query(
        'SELECT s.file_name, q.line, q."column", q.value, q.rule FROM quarantine q JOIN source_file s USING (file_key) '
        "WHERE q.\"column\" = 'Number of Offences'"
    )
    assert rows == [("prc-pfa-bad.csv", 4, "Number of Offences", "twelve", rows[0][4])]
    assert "whole number" in rows[0][4]


@pytest.mark.parametrize("path, missing", [("/media/prc-pfa-no-code.csv", "Offence Code")])
def test_a_table_missing_a_column_is_refused_naming_the_file_and_the_columns_expected(
    served, path, missing, monkeypatch, capsys
):
    code, err = run(monkeypatch, capsys, served.url + path)
    assert code == 1 and len(err.splitlines()) == 1, err
    assert path in err and "not those of a table openpeel knows" in err and f"lacks {missing} (" in err
    assert "police recorded crime by force area: Financial Year" in err
