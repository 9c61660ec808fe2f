"""Per-resident rates divide by the census the Home Office uses for the period: the 2011 Census before April 2021,
Census 2021 from April 2021 (catalogue.yaml, `residents`).

The residents expected here are summed by hand from the bundled published files (residents_by_hand.py).
"""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date

import pytest

from openpeel.config import bundled_data_dir
from openpeel.forces import all_forces
from openpeel.indicators.backends import duckdb_engine
from openpeel.indicators.catalogue import catalogue, get_indicator
from openpeel.indicators.engine import compute_catalogue
from openpeel.ingest.police_uk import ingest_police_uk
from openpeel.warehouse import connect

from .residents_by_hand import CAMBS_PFA, census_2011, census_2021, local_authorities
from .test_indicator_catalogue import CAMBS, figures, warehouse

STOP_SEARCH = bundled_data_dir() / "police-uk" / "stop-and-search-cambridgeshire-gmp.zip"
MAR_2021, APR_2021, JAN_2019, JAN_2024 = date(2021, 3, 1), date(2021, 4, 1), date(2019, 1, 1), date(2024, 1, 1)


def test_cambridgeshire_from_april_2021_divides_by_its_local_authorities_census_2021_residents():
    lads = local_authorities(CAMBS_PFA)
    assert "Peterborough" in lads.values() and "Cambridge" in lads.values()  # the unitary authority is in it
    con = warehouse(stop_search=[{"month": m} for m in (JAN_2019, MAR_2021, APR_2021, JAN_2024)])
    got = figures(con, "stop-search-per-1000")
    residents_2021, residents_2011 = census_2021(set(lads)), census_2011("Cambridgeshire")
    assert got[CAMBS, JAN_2024].denominator == got[CAMBS, APR_2021].denominator == residents_2021
    assert got[CAMBS, MAR_2021].denominator == got[CAMBS, JAN_2019].denominator == residents_2011
    assert got[CAMBS, JAN_2024].value == pytest.approx(1000 / residents_2021)


def test_every_rate_names_its_census_in_the_title_definition_and_sources_of_a_period():
    rates = [i for i in catalogue().values() if i.kind == "rate"]
    assert rates and all(i.census_for(JAN_2024) == 2021 and i.census_for(MAR_2021) == 2011 for i in rates)
    for i in rates:
        assert "2011" not in i.title and i.title_for(JAN_2024).endswith("Census 2021)"), i.id
        assert i.title_for(JAN_2019).endswith("2011 Census)") and "))" not in i.title_for(JAN_2019), i.id
        assert "Census 2021" in i.definition_for(JAN_2024), i.id
        assert [s for s in i.sources_for(JAN_2024) if "Census" in s] == [
            s for s in i.sources_for(JAN_2024) if "Census 2021" in s and "TS021" in s
        ], i.id
        assert any("2011 Census" in s for s in i.sources_for(JAN_2019)), i.id
    assert all(i.census_for(JAN_2024) is None for i in catalogue().values() if i.kind != "rate")


def test_the_43_force_areas_2021_residents_add_up_to_every_local_authority_in_ts021():
    territorial = [f.id for f in all_forces(territorial_only=True)]
    con = warehouse(stop_search=[{"month": JAN_2024, "force_id": force} for force in territorial])
    got = figures(con, "stop-search-per-1000")
    assert sum(got[force, JAN_2024].denominator for force in territorial) == census_2021()


def test_stop_searches_per_1000_cambridgeshire_january_2024_are_the_police_uk_rows_over_census_2021(tmp_path):
    searches = january_2024_searches()
    residents = census_2021(set(local_authorities(CAMBS_PFA)))
    con = connect(tmp_path / "w.duckdb")
    ingest_police_uk(con, STOP_SEARCH)
    rows = compute_catalogue(duckdb_engine(con), [get_indicator("stop-search-per-1000")])["stop-search-per-1000"]
    con.close()
    [(numerator, denominator, value)] = [(n, d, v) for force, p, n, d, v, *_ in rows if (force, p) == (CAMBS, JAN_2024)]
    assert (numerator, denominator) == (searches, residents)
    assert value == pytest.approx(searches / residents * 1000)


def january_2024_searches() -> int:
    """Rows of the bundled police.uk stop and search file of Cambridgeshire, January 2024."""
    with zipfile.ZipFile(STOP_SEARCH) as z, z.open("2024-01/2024-01-cambridgeshire-stop-and-search.csv") as f:
        return sum(1 for _ in csv.DictReader(io.TextIOWrapper(f, encoding="utf-8-sig")))


def test_the_bundled_warehouse_stores_cambridgeshire_january_2024_per_1000_census_2021_residents(demo_warehouse):
    """The figure the force page and the report read: every bundled archive ingested and the catalogue computed."""
    con = connect(demo_warehouse, read_only=True)
    stored = con.execute(
        "SELECT numerator, denominator, value FROM indicator_result "
        "WHERE indicator_id = 'stop-search-per-1000' AND force_id = ? AND period = ?",
        [CAMBS, JAN_2024],
    ).fetchone()
    con.close()
    searches, residents = january_2024_searches(), census_2021(set(local_authorities(CAMBS_PFA)))
    assert stored[:2] == (searches, residents)
    assert stored[2] == pytest.approx(searches * 1000 / residents)
