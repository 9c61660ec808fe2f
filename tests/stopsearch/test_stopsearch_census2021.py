"""Stop and search as the Home Office publishes it: the census it divides by, years ending March, pooled figures
only from two or more forces. Residents are summed here from the bundled Census 2021 file with the csv module,
independently of openpeel.stopsearch.census2021."""

from __future__ import annotations

import csv
from datetime import date

import pytest

from openpeel.config import bundled_data_dir
from openpeel.stopsearch.disproportionality import disproportionality, periods

from .test_stopsearch import BLACK, warehouse

CAMBS_PFA = "E23000023"  # ONS code of the Cambridgeshire police force area
GMP_PFA = "E23000005"


def census_2021(pfa: str, codes: range) -> int:
    """Usual residents of the force area in TS021 categories `codes` (6-8 Black, 13-17 White)."""
    path = bundled_data_dir() / "census2021" / "ts021-ethnic-group-by-police-force-area.csv"
    with path.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return sum(int(r["residents"]) for r in rows if r["pfa22cd"] == pfa and int(r["category_code"]) in codes)


def test_january_2024_searches_are_divided_by_census_2021_residents_and_say_so(tmp_path):
    jan = date(2024, 1, 1)
    rows = [{"month": jan}] * 300 + [{"month": jan, "self_defined_ethnicity": BLACK}] * 60
    [force] = disproportionality(warehouse(tmp_path, rows), "cambridgeshire")
    black, white = census_2021(CAMBS_PFA, range(6, 9)), census_2021(CAMBS_PFA, range(13, 18))
    by = {g.group: g for g in force.self_defined}
    assert by["Black"].rate == pytest.approx(60 * 1000 / black)
    assert by["White"].rate == pytest.approx(300 * 1000 / white)
    assert by["Black"].ratio == pytest.approx((60 / black) / (300 / white))
    assert force.census.startswith("ONS Census 2021") and "TS021" in force.census


def test_a_pooled_england_and_wales_row_needs_two_forces_and_names_their_number(tmp_path):
    jan = date(2024, 1, 1)
    rows = [{"month": jan}] * 300 + [{"month": jan, "force_id": "greater-manchester"}] * 500
    results = disproportionality(warehouse(tmp_path, rows), "cambridgeshire")
    assert [d.area for d in results] == [
        "Cambridgeshire Constabulary",
        "England and Wales, pooled over 2 forces with data for every month",
    ]
    pooled = results[1]
    white = census_2021(CAMBS_PFA, range(13, 18)) + census_2021(GMP_PFA, range(13, 18))
    assert pooled.forces == ("cambridgeshire", "greater-manchester")
    assert next(g for g in pooled.self_defined if g.group == "White").rate == pytest.approx(800 * 1000 / white)


def test_periods_are_months_then_years_ending_march_with_the_months_present():
    months = [date(2018, 11, 1), date(2018, 12, 1), date(2019, 1, 1), date(2019, 3, 1), date(2019, 4, 1)]
    labels = [label for label, _ in periods(months)]
    assert labels[:5] == ["2018-11", "2018-12", "2019-01", "2019-03", "2019-04"]
    # November 2018 to March 2019 lie in the year ending March 2019; April 2019 alone starts the next year
    assert labels[5:] == ["year ending March 2019 (4 of 12 months with data)"]


def test_the_command_for_cambridgeshire_prints_census_2021_for_january_2024_and_no_pooled_line(demo_warehouse):
    from typer.testing import CliRunner

    from openpeel.cli import app

    result = CliRunner().invoke(
        app, ["stop-search", "disproportionality", "--force", "cambridgeshire", "--warehouse", str(demo_warehouse)],
        env={"COLUMNS": "200"},
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    january = result.output[result.output.index("Cambridgeshire Constabulary, 2024-01") :]
    census_line = next(line for line in january.splitlines() if line.startswith("Census used:"))
    assert census_line.startswith("Census used: ONS Census 2021, usual residents by ethnic group (TS021)")
    assert "pooled" not in result.output.lower()
    assert "published rates per 1,000 beside openpeel's" in result.output
