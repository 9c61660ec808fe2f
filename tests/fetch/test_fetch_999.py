"""`openpeel fetch home-office URL` for 999 call answer times by force, against a loopback server. No real file was
seen, nor its column names: the CSV here is built to the fields the Home Office describes, under openpeel's names
(docs/home-office-data.md)."""

from __future__ import annotations

import pytest

from .server import Served, serving
from .test_fetch_home_office import run
from .test_fetch_recorded_crime import QUARANTINE
from .test_fetch_stop_search import _csv, query

CALLS = ["Force", "Month", "Total calls", "Average answer time (seconds)", "Answered in under 10 seconds",
         "Answered in 10 to 60 seconds", "Answered in over 60 seconds"]  # fmt: skip
CALL_ROWS = [
    ["Cambridgeshire Constabulary", "2025-01", "9,210", "6.2", "8,801", "391", "18"],
    ["Police Scotland", "2025-01", "30,112", "9.8", "25,000", "5,000", "112"],  # not a force of England and Wales
    ["Humberside Police", "2025-01", "11,000", "14.1", "7,000", "3,500", "400"],  # 10,900: one band mistyped
    ["Greater Manchester Police", "2025-02", "48,550", "4.9", "46,900", "1,500", "150"],
]  # fmt: skip


@pytest.fixture
def served(monkeypatch, tmp_path) -> Served:
    served = Served()
    served.put("/media/999-data.csv", _csv(CALLS, CALL_ROWS), "text/csv")
    served.put("/media/999-data-no-bands.csv", _csv(CALLS[:4], [r[:4] for r in CALL_ROWS]), "text/csv")
    with serving(served, monkeypatch, tmp_path):
        yield served


def test_999_answer_times_load_with_bands_that_add_up_and_forces_of_england_and_wales(served, monkeypatch, capsys):
    for _ in range(2):
        code, err = run(monkeypatch, capsys, served.url + "/media/999-data.csv")
        assert code == 0, err
        assert query("SELECT force_id, month::VARCHAR, calls, under_10s FROM ho_999_call_answer ORDER BY line") == [
            ("cambridgeshire", "2025-01-01", 9210, 8801),
            ("greater-manchester", "2025-02-01", 48550, 46900),
        ]
        assert query("SELECT rows_read, rows_loaded, rows_quarantined FROM source_file") == [(4, 2, 2)]
    scotland, humberside = query(QUARANTINE)
    assert scotland[:3] == (3, "Force", "Police Scotland") and "England and Wales" in scotland[3]
    assert humberside[:3] == (4, "Total calls", "11,000") and "must equal" in humberside[3]
    assert query("SELECT period FROM dataset") == [("months 2025-01 to 2025-02",)]


def test_a_table_without_the_answer_bands_is_refused_naming_the_file_and_the_columns_expected(
    served, monkeypatch, capsys
):
    code, err = run(monkeypatch, capsys, served.url + "/media/999-data-no-bands.csv")
    assert code == 1 and len(err.splitlines()) == 1, err
    assert "/media/999-data-no-bands.csv" in err and "not those of a table openpeel knows" in err
    assert "the nearest, 999 call answer times by force, lacks Answered in under 10 seconds, Answered in 10" in err
    assert "999 call answer times by force: Force, Month, Total calls" in err and "Answered in under 10 seconds" in err
