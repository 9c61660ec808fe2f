"""The demo's force page read as a statistician would (issue 17): no pooled figure from one force, no rank
among fewer than ten, no chart limits across a gap, no judgment of a volume with no agreed direction."""

from __future__ import annotations

import re

import pytest

from openpeel.indicators.catalogue import catalogue
from openpeel.indicators.read import force_panels
from openpeel.warehouse import connect

# The force page and the error pages read the workflow database (the force's published reports).
pytestmark = pytest.mark.django_db


@pytest.fixture
def warehouse_env(demo_warehouse, monkeypatch):
    monkeypatch.setenv("OPENPEEL_WAREHOUSE", str(demo_warehouse))
    return demo_warehouse


def test_the_force_page_pools_and_ranks_only_where_there_are_enough_forces(client, warehouse_env):
    page = client.get("/forces/cambridgeshire/").content.decode()
    assert not re.search(r"pooled over [01] forces", page) and "(1 forces with data)" not in page
    for _place, of in re.findall(r"(\d+)\w\w highest of (\d+) forces with data", page):
        assert int(of) >= 10, f"a rank among {of} forces"


def test_stop_and_search_limits_stop_at_the_58_month_gap(warehouse_env):
    con = connect(warehouse_env, read_only=True)
    panel = {p.indicator.id: p for p in force_panels(con, "cambridgeshire")}["stop-search-outcome-linked-share"]
    periods = [p.period for p in panel.series]
    notes = dict(
        con.execute(
            "SELECT period, spc_note FROM indicator_assessment WHERE indicator_id = ? AND force_id = ?",
            ["stop-search-outcome-linked-share", "cambridgeshire"],
        ).fetchall()
    )
    limits = con.execute(
        "SELECT count(spc_mean) FROM indicator_assessment WHERE indicator_id = ? AND force_id = ? AND period = ?",
        ["stop-search-outcome-linked-share", "cambridgeshire", max(periods)],
    ).fetchone()
    con.close()
    assert [f"{p:%Y-%m}" for p in periods] == ["2018-11", "2018-12", "2019-01", "2019-02", "2019-03", "2024-01"]
    split = "the series is split at a gap and no limit spans it"
    assert limits == (0,)  # January 2024 stands alone after the gap: no limits
    assert notes[max(periods)] == f"needs at least 5 points (has 1); {split}"
    assert notes[periods[4]].endswith(f"limits from 5 points, November 2018 to March 2019; {split}")


def test_volumes_with_no_agreed_direction_are_not_called_better_or_worse(client, warehouse_env):
    page = client.get("/forces/cambridgeshire/").content.decode()
    for indicator in catalogue().values():
        if indicator.better == "neither":
            assert f"{indicator.title} ({indicator.unit}, lower is better)" not in page
    assert catalogue()["violence-per-1000"].better == "neither"


def test_the_stop_and_search_page_names_the_census_of_each_table_and_pools_nothing_from_one_force(
    client, warehouse_env
):
    page = client.get("/forces/cambridgeshire/stop-and-search/").content.decode()
    assert "Cambridgeshire Constabulary, January 2024" in page
    assert "Residents: ONS Census 2021, usual residents by ethnic group (TS021)" in page  # January 2024
    assert "Residents: ONS 2011 Census" in page  # 2018-19
    assert "year ending March 2019 (5 of 12 months with data)" in page
    assert "pooled" not in page  # each month has one force with data, so there is nothing to pool


def test_the_stop_and_search_headline_counts_every_search_59_of_206_in_january_2024(warehouse_env):
    """Counted from the published January 2024 file: the headline share has every search as its
    denominator; the renamed indicator leaves out the searches whose link field is blank."""
    import csv
    import io
    import zipfile
    from datetime import date

    from openpeel.config import bundled_data_dir

    archive = bundled_data_dir() / "police-uk" / "stop-and-search-cambridgeshire-gmp.zip"
    with zipfile.ZipFile(archive) as z:
        rows = list(csv.DictReader(io.TextIOWrapper(z.open("2024-01/2024-01-cambridgeshire-stop-and-search.csv"))))
    linked = sum(r["Outcome linked to object of search"] == "True" for r in rows)
    recorded = sum(r["Outcome linked to object of search"] in ("True", "False") for r in rows)
    con = connect(warehouse_env, read_only=True)
    got = dict(
        (i, (n, d))
        for i, n, d in con.execute(
            "SELECT indicator_id, numerator, denominator FROM indicator_result "
            "WHERE force_id = 'cambridgeshire' AND period = ?",
            [date(2024, 1, 1)],
        ).fetchall()
    )
    con.close()
    assert got["stop-search-outcome-linked-share"] == (linked, len(rows)) == (59, 206)
    assert got["stop-search-linked-where-link-recorded"] == (linked, recorded)
    assert "stop-search-find-rate" not in got
