"""The force in numbers is read from the warehouse with its period and source; what is not there is "Not
available", never filled in."""

import datetime as dt

from openpeel.indicators.force_numbers import NOT_AVAILABLE, SYNTHETIC_NOTE, force_in_numbers
from openpeel.warehouse import connect

from .residents_by_hand import CAMBS_PFA, census_2021, local_authorities


def figures(path, force_id: str, until: dt.date) -> dict:
    con = connect(path, read_only=True)
    try:
        return {f.label: f for f in force_in_numbers(con, force_id, until)}
    finally:
        con.close()


def test_each_figure_of_cambridgeshire_comes_with_its_period_and_source(demo_warehouse):
    found = figures(demo_warehouse, "cambridgeshire", dt.date(2024, 12, 31))
    assert list(found) == [
        "Population",
        "Police officers (full-time equivalent)",
        "Crimes recorded",
        "999 calls answered within 10 seconds",
    ]
    for figure in found.values():
        assert figure.available and figure.period and figure.source, figure
    assert found["Police officers (full-time equivalent)"].period.startswith("31 March ")
    assert "anti-social behaviour not counted" in found["Crimes recorded"].source


def test_the_population_of_a_report_after_march_2021_is_census_2021_not_an_older_estimate(demo_warehouse):
    """The bundled mid-year estimates stop at 2019: for a report of 2024, Census 2021 is the latest population."""
    later = figures(demo_warehouse, "cambridgeshire", dt.date(2024, 12, 31))["Population"]
    assert later.value == f"{census_2021(set(local_authorities(CAMBS_PFA))):,}"
    assert later.period == "Census 2021 (21 March 2021)" and "TS021" in later.source
    earlier = figures(demo_warehouse, "cambridgeshire", dt.date(2020, 12, 31))["Population"]
    assert earlier.period == "mid-2019 estimate"


def test_999_calls_from_generated_returns_say_they_are_synthetic(demo_warehouse):
    calls = figures(demo_warehouse, "cambridgeshire", dt.date(2024, 12, 31))["999 calls answered within 10 seconds"]
    assert calls.note == SYNTHETIC_NOTE and calls.period == "January 2019 to February 2019"
    assert "docs/" not in calls.source


def test_before_any_data_every_figure_is_not_available_rather_than_a_later_one(demo_warehouse):
    found = figures(demo_warehouse, "cambridgeshire", dt.date(2005, 1, 1))
    assert {f.value for f in found.values()} == {NOT_AVAILABLE}
    assert {f.period for f in found.values()} == {""}
