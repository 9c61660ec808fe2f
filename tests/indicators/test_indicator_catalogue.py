"""Every catalogue indicator checked by hand on a tiny warehouse.

Each test inserts a handful of rows, chosen so that every filter of the indicator matters (rows of another
channel, grade, month or force; NULLs; values on the boundary), runs the indicator through the engine, and
compares the figure with the value worked out in the test from the rows by plain arithmetic. Intervals are
checked against the Garwood (rate) and Wilson (proportion) formulas written out here, independently of
openpeel.indicators.stats. `test_every_catalogue_indicator_has_a_hand_checked_test` fails when an indicator
is added to the catalogue without a test here.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import NamedTuple

import pytest
from scipy.stats import chi2

from openpeel.forces import get_force
from openpeel.indicators.backends import duckdb_engine
from openpeel.indicators.catalogue import catalogue, get_indicator
from openpeel.indicators.engine import compute_catalogue
from openpeel.warehouse import connect

from .residents_by_hand import census_2011

JAN, FEB = date(2019, 1, 1), date(2019, 2, 1)
CAMBS, NORFOLK, CITY, BTP = "cambridgeshire", "norfolk", "city-of-london", "btp"
MINUTE, HOUR, DAY = 60, 3600, 86400
Z = 1.959963984540054  # the standard normal quantile at 0.975: a two-sided 95% interval

# --- Which test checks which indicator ---------------------------------------------------------------------

HAND_CHECKED: dict[str, str] = {}  # indicator id -> the test that works its figures out by hand


def checks(*indicator_ids: str) -> Callable:
    """Register a test as the hand check of the given indicators (the meta-test compares with the catalogue)."""

    def register(test: Callable) -> Callable:
        for indicator_id in indicator_ids:
            assert indicator_id not in HAND_CHECKED, f"{indicator_id} is checked twice"
            HAND_CHECKED[indicator_id] = test.__name__
        return test

    return register


# --- A tiny warehouse -------------------------------------------------------------------------------------

# Plausible values for the NOT NULL columns an indicator does not read; `n` is the row's line in its file.
DEFAULTS: dict[str, Callable[[int], dict]] = {
    "street_crime": lambda n: {"month": JAN, "crime_type": "Other theft"},
    "crime_outcome": lambda n: {"crime_id": f"crime-{n}", "month": JAN},
    "stop_search": lambda n: {"search_type": "Person search", "searched_at": datetime(2019, 1, 15, 12), "month": JAN},
    "return_contact": lambda n: {"call_id": f"call-{n}", "abandoned": False},
    "return_incident": lambda n: {
        "incident_id": f"inc-{n}",
        "source": "999",
        "incident_type": "crime",
        "urban_rural": "urban",
        "domestic_abuse": False,
        "mental_health": False,
    },
    "return_investigation": lambda n: {"offence_code": "8N", "domestic_abuse": False, "review_interval_days": 7},
    "return_supervisory_review": lambda n: {
        "review_seq": 1,
        "reviewer_rank": "sergeant",
        "review_type": "periodic",
    },
    "return_victim_contact": lambda n: {"crime_reference": f"crime-{n}", "contact_seq": 1},
    "return_sex_offender": lambda n: {
        "offender_ref": f"rso-{n}",
        "risk_level": "medium",
        "registered_on": date(2015, 6, 1),
    },
    "return_workforce": lambda n: {"headcount": 0},
    "ho_crime_outcome": lambda n: {
        "financial_year": "2017/18",
        "financial_quarter": 1,
        "force_name": "Cambridgeshire",
        "offence_description": "Assault with injury",
        "offence_group": "Violence against the person",
        "offence_subgroup": "Violence with injury",
        "offence_code": "8N",
        "outcome_description": "As published",
        "outcome_group": "As published",
    },
    "police_workforce": lambda n: {"force_name": "Cambridgeshire", "as_at_note": "31 March"},
}


def insert(con, table: str, rows: list[dict]) -> None:
    """Insert rows, each given only the columns that matter, with the provenance every row must carry."""
    for line, row in enumerate(rows, start=2):  # line 1 is the header of the source file
        full = {
            "file_key": f"test/{table}",
            "line": line,
            "force_id": CAMBS,
            "source_file": f"{table}.csv",
            "source_sha256": "0" * 64,
            "ingested_at": datetime(2020, 1, 1),
            **DEFAULTS[table](line),
            **row,
        }
        columns = ", ".join(f'"{c}"' for c in full)
        con.execute(f"INSERT INTO {table} ({columns}) VALUES ({', '.join('?' * len(full))})", list(full.values()))


def warehouse(**tables: list[dict]):
    con = connect(":memory:")
    for table, rows in tables.items():
        insert(con, table, rows)
    return con


class Figure(NamedTuple):
    numerator: float
    denominator: float
    value: float
    low: float | None
    high: float | None


def figures(con, indicator_id: str) -> dict[tuple[str, date], Figure]:
    """The engine's figures for one indicator, by (force, period)."""
    rows = compute_catalogue(duckdb_engine(con), [get_indicator(indicator_id)])[indicator_id]
    return {(force, period): Figure(*rest) for force, period, *rest in rows}


def population(force_id: str) -> int:
    return get_force(force_id).population.value


# --- Intervals written out, independently of openpeel.indicators.stats --------------------------------------


def garwood(count: int, residents: int, per: int) -> tuple[float, float]:
    """Exact Poisson 95% interval for count / residents x per, from the chi-squared quantiles."""
    low = chi2.ppf(0.025, 2 * count) / 2 if count > 0 else 0.0
    high = chi2.ppf(0.975, 2 * (count + 1)) / 2
    return low * per / residents, high * per / residents


def wilson(successes: int, trials: int) -> tuple[float, float]:
    """Wilson score 95% interval (no continuity correction), as a percentage."""
    p = successes / trials
    centre = (p + Z**2 / (2 * trials)) / (1 + Z**2 / trials)
    half = Z / (1 + Z**2 / trials) * math.sqrt(p * (1 - p) / trials + Z**2 / (4 * trials**2))
    return (centre - half) * 100, (centre + half) * 100


def assert_rate(f: Figure, count: int, force_id: str, per: int = 1000, interval: bool = True) -> None:
    assert f.numerator == count
    assert f.denominator == population(force_id)
    assert f.value == pytest.approx(count * per / population(force_id))
    if interval:
        assert (f.low, f.high) == pytest.approx(garwood(count, population(force_id), per))
    else:
        assert f.low is None and f.high is None


def assert_proportion(f: Figure, successes: int, trials: int) -> None:
    assert (f.numerator, f.denominator) == (successes, trials)
    assert f.value == pytest.approx(successes / trials * 100)
    assert (f.low, f.high) == pytest.approx(wilson(successes, trials))


# --- police.uk stop and search ----------------------------------------------------------------------------


@checks("stop-search-per-1000")
def test_stop_searches_per_1000_count_rows_by_their_police_uk_month_not_when_the_search_happened():
    con = warehouse(
        stop_search=[
            {"month": JAN, "searched_at": datetime(2019, 1, 10, 9)},
            {"month": JAN, "searched_at": datetime(2019, 1, 31, 23, 30)},
            {"month": JAN, "searched_at": datetime(2018, 12, 31, 23, 59)},  # published in January's file
            {"month": FEB, "searched_at": datetime(2019, 1, 31, 22)},  # published in February's file
            {"month": JAN, "force_id": NORFOLK},
            {"month": JAN, "force_id": BTP},  # no resident population: no rate
        ]
    )
    got = figures(con, "stop-search-per-1000")
    assert_rate(got[CAMBS, JAN], 3, CAMBS)
    assert got[CAMBS, JAN].value == pytest.approx(3 * 1000 / census_2011("Cambridgeshire"))  # summed by hand
    assert_rate(got[CAMBS, FEB], 1, CAMBS)
    assert_rate(got[NORFOLK, JAN], 1, NORFOLK)
    assert set(got) == {(CAMBS, JAN), (CAMBS, FEB), (NORFOLK, JAN)}  # nothing for btp


STOP_SEARCH_OUTCOMES = [
    # outcome_linked, outcome, removal_of_clothing
    {"outcome_linked": True, "outcome": "Arrest", "removal_of_clothing": True},
    {
        "outcome_linked": False,
        "outcome": "Arrest",
        "outcome_original": "Suspect arrested",
        "removal_of_clothing": False,
    },
    {"outcome_linked": None, "outcome": "A no further action disposal", "removal_of_clothing": None},
    {"outcome_linked": True, "outcome": None, "removal_of_clothing": None},
    {"outcome_linked": False, "outcome": "Arrest", "removal_of_clothing": True},
    {"outcome_linked": False, "outcome": "Community resolution", "removal_of_clothing": False},
    # excluded: another month, another force
    {"month": FEB, "outcome_linked": True, "outcome": "Arrest", "removal_of_clothing": True},
    {"force_id": NORFOLK, "outcome_linked": True, "outcome": "Arrest", "removal_of_clothing": True},
]


@checks("stop-search-linked-where-link-recorded", "stop-search-arrest-rate", "stop-search-more-than-outer-clothing")
def test_stop_search_shares_count_only_searches_where_the_field_is_recorded():
    con = warehouse(stop_search=STOP_SEARCH_OUTCOMES)

    # Link recorded in rows 1, 2, 4, 5, 6 (row 3 is NULL); linked (true) in rows 1 and 4.
    assert_proportion(figures(con, "stop-search-linked-where-link-recorded")[CAMBS, JAN], 2, 5)
    assert figures(con, "stop-search-linked-where-link-recorded")[CAMBS, JAN].value == pytest.approx(2 / 5 * 100)

    # Arrest rate: outcome recorded in rows 1, 2, 3, 5, 6 (row 4 is NULL); "Arrest" in rows 1, 2 and 5.
    arrests = figures(con, "stop-search-arrest-rate")
    assert_proportion(arrests[CAMBS, JAN], 3, 5)
    assert arrests[CAMBS, JAN].value == pytest.approx(3 / 5 * 100)
    assert_proportion(arrests[CAMBS, FEB], 1, 1)
    assert_proportion(arrests[NORFOLK, JAN], 1, 1)

    # More than outer clothing: recorded in rows 1, 2, 5, 6 (rows 3 and 4 are NULL); true in rows 1 and 5.
    assert_proportion(figures(con, "stop-search-more-than-outer-clothing")[CAMBS, JAN], 2, 4)


@checks("stop-search-outcome-linked-share")
def test_outcome_linked_share_counts_every_search_a_blank_link_as_no_find():
    # Rows 1 and 4 linked; every January Cambridgeshire row (1 to 6) counts, row 3's blank link as no find.
    f = figures(warehouse(stop_search=STOP_SEARCH_OUTCOMES), "stop-search-outcome-linked-share")[CAMBS, JAN]
    assert_proportion(f, 2, 6)


NOT_STATED = "Other ethnic group - Not stated"


@checks("stop-search-ethnicity-not-stated")
def test_ethnicity_not_stated_share_leaves_vehicle_searches_and_blanks_out_of_the_numerator():
    con = warehouse(
        stop_search=[
            {"self_defined_ethnicity": NOT_STATED},
            {"self_defined_ethnicity": NOT_STATED, "search_type": "Person and Vehicle search"},
            {"self_defined_ethnicity": "White - Irish"},
            {"self_defined_ethnicity": None},  # blank: in the denominator, not the numerator
            {"self_defined_ethnicity": None, "search_type": "Vehicle search"},  # no person: not counted
            {"self_defined_ethnicity": NOT_STATED, "month": FEB},
        ]
    )
    got = figures(con, "stop-search-ethnicity-not-stated")
    assert_proportion(got[CAMBS, JAN], 2, 4)
    assert_proportion(got[CAMBS, FEB], 1, 1)


# --- police.uk street-level crime -------------------------------------------------------------------------


@checks(
    "asb-per-1000", "violence-per-1000", "burglary-per-1000", "vehicle-crime-per-1000", "weapons-possession-per-1000"
)
def test_street_crime_rates_count_rows_of_their_crime_type_per_1000_residents():
    asb, violence, burglary = "Anti-social behaviour", "Violence and sexual offences", "Burglary"
    vehicle, weapons = "Vehicle crime", "Possession of weapons"
    con = warehouse(
        street_crime=[
            {"crime_type": asb},
            {"crime_type": asb},
            {"crime_type": asb, "crime_id": None},
            {"crime_type": violence},
            {"crime_type": violence},
            {"crime_type": burglary},
            {"crime_type": vehicle},
            {"crime_type": vehicle},
            {"crime_type": vehicle},
            {"crime_type": vehicle},
            {"crime_type": weapons},
            {"crime_type": "Other theft"},  # in none of the five
            {"crime_type": "Public order"},  # nor this
            {"crime_type": asb, "month": FEB},  # February: one of each of the five types
            {"crime_type": violence, "month": FEB},
            {"crime_type": burglary, "month": FEB},
            {"crime_type": vehicle, "month": FEB},
            {"crime_type": weapons, "month": FEB},
            {"crime_type": burglary, "force_id": CITY},
            {"crime_type": burglary, "force_id": CITY},
            {"crime_type": violence, "force_id": BTP},  # no resident population: no rate
        ]
    )
    assert_rate(figures(con, "asb-per-1000")[CAMBS, JAN], 3, CAMBS)
    assert_rate(figures(con, "asb-per-1000")[CAMBS, FEB], 1, CAMBS)
    assert_rate(figures(con, "violence-per-1000")[CAMBS, JAN], 2, CAMBS)
    assert set(figures(con, "violence-per-1000")) == {(CAMBS, JAN), (CAMBS, FEB)}  # btp's violence gives no rate
    assert_rate(figures(con, "burglary-per-1000")[CAMBS, JAN], 1, CAMBS)
    assert_rate(figures(con, "burglary-per-1000")[CITY, JAN], 2, CITY)
    assert figures(con, "burglary-per-1000")[CITY, JAN].value == pytest.approx(2 * 1000 / census_2011("City of London"))
    assert_rate(figures(con, "vehicle-crime-per-1000")[CAMBS, JAN], 4, CAMBS)
    assert_rate(figures(con, "weapons-possession-per-1000")[CAMBS, JAN], 1, CAMBS)
    for indicator_id in (
        "violence-per-1000",
        "burglary-per-1000",
        "vehicle-crime-per-1000",
        "weapons-possession-per-1000",
    ):
        assert_rate(figures(con, indicator_id)[CAMBS, FEB], 1, CAMBS)


def test_a_rate_interval_is_the_garwood_interval_written_out():
    """One rate checked against chi-squared quantiles typed in from a published table (4 events)."""
    con = warehouse(street_crime=[{"crime_type": "Vehicle crime"}] * 4)
    f = figures(con, "vehicle-crime-per-1000")[CAMBS, JAN]
    # Exact Poisson 95% limits for 4 events, as tabulated: 1.0899 and 10.2416.
    assert f.low == pytest.approx(1.0899 * 1000 / 804_841, rel=1e-4)
    assert f.high == pytest.approx(10.2416 * 1000 / 804_841, rel=1e-4)


# --- police.uk outcomes -----------------------------------------------------------------------------------


@checks("police-uk-charged-share")
def test_police_uk_charged_share_counts_suspect_charged_rows_among_all_outcomes_recorded_in_the_month():
    def outcome(wording: str, **extra) -> dict:
        return {"outcome_original": wording, "outcome": wording, **extra}

    con = warehouse(
        crime_outcome=[
            outcome("Suspect charged", crime_id="two-suspects"),
            outcome("Suspect charged", crime_id="two-suspects"),  # one row per suspect: counts twice
            outcome("Suspect charged as part of another case"),
            outcome("Investigation complete; no suspect identified"),
            outcome("Under investigation"),
            outcome("Offender given a caution"),
            outcome("Suspect charged", month=FEB),
            outcome("Suspect charged", force_id=NORFOLK),
        ]
    )
    got = figures(con, "police-uk-charged-share")
    assert_proportion(got[CAMBS, JAN], 2, 6)
    assert got[CAMBS, JAN].value == pytest.approx(2 / 6 * 100)
    assert_proportion(got[CAMBS, FEB], 1, 1)
    assert_proportion(got[NORFOLK, JAN], 1, 1)


# --- Force returns: contact -------------------------------------------------------------------------------


def call(channel: str, received_at: datetime, seconds: int | None, **extra) -> dict:
    """A call answered after `seconds`, or abandoned when seconds is None."""
    answered = None if seconds is None else received_at + timedelta(seconds=seconds)
    return {
        "channel": channel,
        "received_at": received_at,
        "answered_at": answered,
        "abandoned": seconds is None,
        "abandoned_at": received_at + timedelta(seconds=40) if seconds is None else None,
        "seconds_to_answer": seconds,
        **extra,
    }


CALLS = [
    call("999", datetime(2019, 1, 1, 0, 0, 0), 3),  # first second of January
    call("999", datetime(2019, 1, 5, 8), 10),  # exactly 10 s: within
    call("999", datetime(2019, 1, 6, 9), 11),
    call("999", datetime(2019, 1, 7, 10), None),  # abandoned
    call("999", datetime(2019, 1, 8, 11), None),  # abandoned
    call("999", datetime(2019, 1, 9, 12), 25),
    call("999", datetime(2019, 1, 31, 23, 59, 59), 7),  # last second of January
    call("999", datetime(2019, 2, 1, 0, 0, 0), 2),  # first second of February
    call("101", datetime(2019, 1, 3, 9), 5),
    call("101", datetime(2019, 1, 3, 10), None),
    call("101", datetime(2019, 1, 3, 11), None),
    call("101", datetime(2019, 1, 3, 12), 300),
    call("101", datetime(2019, 1, 3, 13), None),
    call("101", datetime(2019, 2, 3, 13), None),
    call("999", datetime(2019, 1, 4, 4), 1, force_id=NORFOLK),
    call("999", datetime(2019, 1, 4, 4), 1, force_id=BTP),
]


@checks("calls-999-answered-within-10s")
def test_999_calls_answered_within_10_seconds_count_999_calls_answered_in_10_s_or_less_among_all_999_calls():
    got = figures(warehouse(return_contact=CALLS), "calls-999-answered-within-10s")
    # January 999 calls: 3, 10, 11, abandoned, abandoned, 25, 7 seconds -> 7 calls, 3 within 10 s (3, 10, 7).
    assert_proportion(got[CAMBS, JAN], 3, 7)
    assert got[CAMBS, JAN].value == pytest.approx(3 / 7 * 100)
    assert_proportion(got[CAMBS, FEB], 1, 1)  # the call at 00:00:00 on 1 February
    assert_proportion(got[BTP, JAN], 1, 1)  # a proportion needs no population


@checks("calls-999-answer-median-seconds")
def test_median_999_answer_time_is_the_nearest_rank_median_of_answered_999_calls():
    got = figures(warehouse(return_contact=CALLS), "calls-999-answer-median-seconds")
    answered = sorted([3, 10, 11, 25, 7])  # January's answered 999 calls; abandoned ones have no time
    rank = math.ceil(0.5 * len(answered))  # nearest rank: 3 of 5
    f = got[CAMBS, JAN]
    assert (f.numerator, f.denominator) == (5, 5)
    assert f.value == answered[rank - 1] == 10
    # With 5 values the 95% order-statistic interval is the whole range: P(Bin(5, 1/2) <= 0) = 1/32 exceeds
    # 0.025, so the lower rank is the first; P(Bin(5, 1/2) <= 4) = 31/32 falls short of 0.975, so the upper
    # rank is the fifth.
    assert (f.low, f.high) == (3, 25)
    assert got[CAMBS, FEB].value == 2


@checks("calls-101-abandoned")
def test_101_calls_abandoned_count_abandoned_101_calls_among_all_101_calls():
    got = figures(warehouse(return_contact=CALLS), "calls-101-abandoned")
    # January 101 calls: answered, abandoned, abandoned, answered, abandoned.
    assert_proportion(got[CAMBS, JAN], 3, 5)
    assert got[CAMBS, JAN].value == pytest.approx(3 / 5 * 100)
    assert_proportion(got[CAMBS, FEB], 1, 1)
    assert set(got) == {(CAMBS, JAN), (CAMBS, FEB)}  # no 101 calls for norfolk or btp


@checks("calls-999-per-1000")
def test_999_calls_per_1000_count_all_999_calls_received_answered_or_abandoned():
    got = figures(warehouse(return_contact=CALLS), "calls-999-per-1000")
    assert_rate(got[CAMBS, JAN], 7, CAMBS)
    assert got[CAMBS, JAN].value == pytest.approx(7 * 1000 / 804_841)
    assert_rate(got[CAMBS, FEB], 1, CAMBS)
    assert_rate(got[NORFOLK, JAN], 1, NORFOLK)
    assert (BTP, JAN) not in got


# --- Force returns: incidents -----------------------------------------------------------------------------


def incident(grade: str, created_at: datetime, after: int | None, target: int | None = None, **extra) -> dict:
    """An incident first attended `after` seconds from creation (None: not attended)."""
    return {
        "grade": grade,
        "created_at": created_at,
        "first_arrival_at": None if after is None else created_at + timedelta(seconds=after),
        "attendance_target_minutes": target,
        **extra,
    }


CREATED = datetime(2019, 1, 10, 14)  # when most incidents were created
INCIDENTS = [
    # Emergency, January: seconds to first arrival against the force's target (minutes).
    incident("emergency", CREATED, 10 * MINUTE + 30, 15, domestic_abuse=True),  # E1 within
    incident("emergency", CREATED, 15 * MINUTE, 15),  # E2 exactly on target: within
    incident("emergency", CREATED, 18 * MINUTE + 30, 20, urban_rural="rural"),  # E3 within its rural target
    incident("emergency", CREATED, 18 * MINUTE, 15, mental_health=True),  # E4 late
    incident("emergency", CREATED, None, 15),  # E5 never attended
    incident("emergency", CREATED, 40 * MINUTE + 20, 15),  # E6 late
    incident("emergency", datetime(2019, 1, 31, 23, 55), 12 * MINUTE + 45, 15),  # E7 arrives in February
    # Priority, January.
    incident("priority", CREATED, 30 * MINUTE, 60, domestic_abuse=True),  # P1 within the hour
    incident("priority", CREATED, 60 * MINUTE, 60, domestic_abuse=True),  # P2 exactly an hour: within
    incident("priority", CREATED, 61 * MINUTE, 60, domestic_abuse=True),  # P3 late
    incident("priority", CREATED, None, 60, domestic_abuse=True),  # P4 never attended
    incident("priority", CREATED, 45 * MINUTE, 60, mental_health=True),  # P5
    incident("priority", CREATED, 2 * HOUR, 60),  # P6 late
    incident("priority", CREATED, 20 * MINUTE, 60),  # P7
    incident("priority", CREATED, 50 * MINUTE, 60),  # P8
    # Other grades, January: in no attendance figure, but incidents all the same.
    incident("scheduled", CREATED, 5 * MINUTE, 2880, mental_health=True, domestic_abuse=True),
    incident("no_deployment", CREATED, None, None),
    # Another month, another force, a force without a population.
    incident("emergency", datetime(2019, 2, 1, 0, 0, 0), 5 * MINUTE, 15, mental_health=True),  # E8, February
    incident("priority", datetime(2019, 2, 14, 8), 10 * MINUTE, 60, domestic_abuse=True),  # P9, February
    incident("priority", CREATED, 5 * MINUTE, 60, domestic_abuse=True, force_id=NORFOLK),
    incident("emergency", CREATED, 5 * MINUTE, 15, force_id=BTP),
]
JAN_INCIDENTS = 17  # E1-E7, P1-P8, scheduled, no_deployment


@checks("emergency-attended-within-target", "priority-attended-within-hour")
def test_attendance_within_target_counts_attended_in_time_among_all_incidents_of_the_grade_attended_or_not():
    emergency = figures(warehouse(return_incident=INCIDENTS), "emergency-attended-within-target")
    # January emergencies E1-E7; within their own targets: E1, E2 (on the dot), E3 (20 min rural), E7.
    assert_proportion(emergency[CAMBS, JAN], 4, 7)
    assert emergency[CAMBS, JAN].value == pytest.approx(4 / 7 * 100)
    assert_proportion(emergency[CAMBS, FEB], 1, 1)
    assert_proportion(emergency[BTP, JAN], 1, 1)

    priority = figures(warehouse(return_incident=INCIDENTS), "priority-attended-within-hour")
    # January priorities P1-P8; within 3,600 s: P1, P2 (on the dot), P5, P7, P8.
    assert_proportion(priority[CAMBS, JAN], 5, 8)
    assert priority[CAMBS, JAN].value == pytest.approx(5 / 8 * 100)
    assert_proportion(priority[CAMBS, FEB], 1, 1)
    assert_proportion(priority[NORFOLK, JAN], 1, 1)


@checks(
    "emergency-attendance-median-minutes",
    "emergency-attendance-p90-minutes",
    "priority-attendance-median-minutes",
    "priority-attendance-p90-minutes",
)
def test_attendance_quantiles_are_nearest_rank_over_attended_incidents_in_minutes():
    con = warehouse(return_incident=INCIDENTS)
    # January emergencies attended (E5 never was): seconds to arrival, smallest first.
    emergency = sorted([630, 900, 1110, 1080, 2420, 765])
    assert emergency == [630, 765, 900, 1080, 1110, 2420]
    median = figures(con, "emergency-attendance-median-minutes")[CAMBS, JAN]
    assert (median.numerator, median.denominator) == (6, 6)
    assert median.value == emergency[math.ceil(0.5 * 6) - 1] / 60 == 900 / 60  # rank 3: 15 minutes
    p90 = figures(con, "emergency-attendance-p90-minutes")[CAMBS, JAN]
    assert p90.value == pytest.approx(emergency[math.ceil(0.9 * 6) - 1] / 60) == pytest.approx(2420 / 60)  # rank 6
    assert median.low <= median.value <= median.high and p90.low <= p90.value <= p90.high
    assert figures(con, "emergency-attendance-median-minutes")[CAMBS, FEB].value == 5.0  # E8 alone
    assert figures(con, "emergency-attendance-p90-minutes")[CAMBS, FEB].value == 5.0

    # January priorities attended (P4 never was).
    priority = sorted([1800, 3600, 3660, 2700, 7200, 1200, 3000])
    assert priority == [1200, 1800, 2700, 3000, 3600, 3660, 7200]
    median = figures(con, "priority-attendance-median-minutes")[CAMBS, JAN]
    assert (median.numerator, median.denominator) == (7, 7)
    assert median.value == priority[math.ceil(0.5 * 7) - 1] / 60 == 50.0  # rank 4
    p90 = figures(con, "priority-attendance-p90-minutes")[CAMBS, JAN]
    assert p90.value == priority[math.ceil(0.9 * 7) - 1] / 60 == 120.0  # rank 7
    assert figures(con, "priority-attendance-median-minutes")[CAMBS, FEB].value == 10.0  # P9 alone
    assert figures(con, "priority-attendance-p90-minutes")[CAMBS, FEB].value == 10.0


@checks("domestic-abuse-priority-attended-within-hour")
def test_domestic_abuse_within_the_hour_counts_only_priority_incidents_flagged_domestic_abuse():
    got = figures(warehouse(return_incident=INCIDENTS), "domestic-abuse-priority-attended-within-hour")
    # Flagged January priorities: P1 (30 min), P2 (60 min), P3 (61 min), P4 (never); E1 and the scheduled
    # incident are flagged too but are not priority.
    assert_proportion(got[CAMBS, JAN], 2, 4)
    assert got[CAMBS, JAN].value == pytest.approx(2 / 4 * 100)
    assert_proportion(got[CAMBS, FEB], 1, 1)  # P9
    assert_proportion(got[NORFOLK, JAN], 1, 1)


@checks("mental-health-incident-share")
def test_mental_health_share_counts_flagged_incidents_of_every_grade_among_all_incidents():
    got = figures(warehouse(return_incident=INCIDENTS), "mental-health-incident-share")
    # January: E4, P5 and the scheduled incident are flagged, among 17 incidents.
    assert_proportion(got[CAMBS, JAN], 3, JAN_INCIDENTS)
    assert got[CAMBS, JAN].value == pytest.approx(3 / 17 * 100)
    assert_proportion(got[CAMBS, FEB], 1, 2)  # E8 is flagged, P9 is not


@checks("incidents-per-1000")
def test_incidents_per_1000_count_every_incident_created_in_the_month():
    got = figures(warehouse(return_incident=INCIDENTS), "incidents-per-1000")
    assert_rate(got[CAMBS, JAN], 17, CAMBS)
    assert got[CAMBS, JAN].value == pytest.approx(17 * 1000 / 804_841)
    assert_rate(got[CAMBS, FEB], 2, CAMBS)  # E8 and P9
    assert_rate(got[NORFOLK, JAN], 1, NORFOLK)
    assert (BTP, JAN) not in got


def test_an_emergency_attended_ten_minutes_later_across_the_clock_change_is_within_target():
    # 31 March 2019: clocks go from 01:00 GMT to 02:00 BST. Created at 00:55 GMT, attended at 02:05 BST on the
    # wall clock (70 minutes later by the clock): 10 minutes later in fact.
    con = warehouse(return_incident=[incident("emergency", datetime(2019, 3, 31, 0, 55), 70 * MINUTE, 15)])
    arrived = con.execute("SELECT first_arrival_at FROM return_incident").fetchone()[0]
    assert arrived.replace(tzinfo=None) == datetime(2019, 3, 31, 2, 5)  # UK clock time, stored as an instant
    got = figures(con, "emergency-attended-within-target")
    assert got[CAMBS, date(2019, 3, 1)].numerator == 1


# --- Force returns: investigations ------------------------------------------------------------------------

RECORDED = datetime(2019, 1, 10, 9)  # when most investigations were recorded


def investigation(ref: str, recorded_at: datetime = RECORDED, **extra) -> dict:
    return {"crime_reference": ref, "recorded_at": recorded_at, **extra}


INVESTIGATIONS = [
    investigation("I1", domestic_abuse=True, outcome_type=1, allocated_at=RECORDED + timedelta(hours=2)),
    investigation(
        "I2", domestic_abuse=True, outcome_type=8, allocated_at=RECORDED + timedelta(seconds=DAY)
    ),  # on the dot
    investigation("I3", domestic_abuse=True, outcome_type=None, allocated_at=RECORDED + timedelta(hours=25)),
    investigation("I4", outcome_type=1, allocated_at=None, review_interval_days=28),
    investigation("I5", outcome_type=18, allocated_at=RECORDED + timedelta(hours=1), review_interval_days=28),
    investigation(
        "I6",
        datetime(2019, 1, 31, 23),
        domestic_abuse=True,
        outcome_type=1,
        allocated_at=datetime(2019, 2, 1, 1),
    ),
    investigation("I7", datetime(2019, 2, 1, 0, 0, 0), domestic_abuse=True, outcome_type=1),  # February
    investigation("I8", outcome_type=1, force_id=NORFOLK),
]
REVIEWS = [
    {"crime_reference": "I1", "reviewed_at": RECORDED + timedelta(days=3)},  # interval 7: within
    {"crime_reference": "I2", "review_seq": 2, "reviewed_at": RECORDED + timedelta(days=14)},
    {"crime_reference": "I2", "reviewed_at": RECORDED + timedelta(days=7)},  # the first: on the dot of 7 days
    {"crime_reference": "I3", "reviewed_at": RECORDED + timedelta(days=8)},  # interval 7: late
    {"crime_reference": "I4", "reviewed_at": RECORDED + timedelta(days=30)},  # interval 28: late
    {"crime_reference": "I5", "reviewed_at": RECORDED + timedelta(days=1), "force_id": NORFOLK},  # another force's I5
    {"crime_reference": "I6", "reviewed_at": datetime(2019, 2, 2, 9)},  # within 7 days
]


@checks("domestic-abuse-charge-rate", "investigations-charged-share")
def test_charge_shares_count_outcome_type_1_among_investigations_with_an_outcome():
    con = warehouse(return_investigation=INVESTIGATIONS)
    # Domestic abuse in January with an outcome: I1 (1), I2 (8), I6 (1); I3 has none yet.
    da = figures(con, "domestic-abuse-charge-rate")
    assert_proportion(da[CAMBS, JAN], 2, 3)
    assert da[CAMBS, JAN].value == pytest.approx(2 / 3 * 100)
    assert_proportion(da[CAMBS, FEB], 1, 1)
    assert (NORFOLK, JAN) not in da  # its only investigation is not domestic abuse

    # All January investigations with an outcome: I1 (1), I2 (8), I4 (1), I5 (18), I6 (1).
    every = figures(con, "investigations-charged-share")
    assert_proportion(every[CAMBS, JAN], 3, 5)
    assert every[CAMBS, JAN].value == pytest.approx(3 / 5 * 100)
    assert_proportion(every[NORFOLK, JAN], 1, 1)


@checks("investigations-allocated-within-24h")
def test_allocated_within_24_hours_counts_allocations_86400_seconds_or_less_after_recording_among_all():
    got = figures(warehouse(return_investigation=INVESTIGATIONS), "investigations-allocated-within-24h")
    # January: I1 (2 h), I2 (24 h exactly), I3 (25 h), I4 (never), I5 (1 h), I6 (2 h, into February).
    assert_proportion(got[CAMBS, JAN], 4, 6)
    assert got[CAMBS, JAN].value == pytest.approx(4 / 6 * 100)
    assert_proportion(got[CAMBS, FEB], 0, 1)  # I7 is not allocated


@checks("investigations-reviewed-within-interval")
def test_reviewed_within_interval_uses_each_investigations_first_review_by_its_own_force():
    con = warehouse(return_investigation=INVESTIGATIONS, return_supervisory_review=REVIEWS)
    got = figures(con, "investigations-reviewed-within-interval")
    # January: I1 (3 of 7 days), I2 (first review at 7 of 7 days; its second, late, does not matter),
    # I3 (8 of 7: late), I4 (30 of 28: late), I5 (no review of its own: Norfolk's I5 is another crime),
    # I6 (2 days 10 hours of 7).
    assert_proportion(got[CAMBS, JAN], 3, 6)
    assert got[CAMBS, JAN].value == pytest.approx(3 / 6 * 100)
    assert_proportion(got[CAMBS, FEB], 0, 1)  # I7 has no review
    assert_proportion(got[NORFOLK, JAN], 0, 1)  # I8 has no review; Norfolk's review is of I5


# --- Force returns: registered sex offenders --------------------------------------------------------------

SNAPSHOT = date(2019, 1, 31)


def offender(assessment_due: date, assessment_done, visit_due: date, visit_done, as_at=SNAPSHOT, **extra) -> dict:
    return {
        "as_at": as_at,
        "risk_assessment_due": assessment_due,
        "risk_assessment_done": assessment_done,
        "visit_due": visit_due,
        "visit_done": visit_done,
        **extra,
    }


REGISTER = [
    # Cambridgeshire at 31 January: risk assessment due, done; visit due, done.
    offender(date(2019, 1, 10), None, date(2019, 1, 5), date(2019, 1, 6)),
    offender(date(2019, 3, 1), None, date(2018, 12, 1), None),  # the assessment is not due yet
    offender(date(2018, 12, 1), date(2018, 12, 20), date(2019, 1, 20), None),
    offender(date(2019, 1, 15), None, date(2019, 1, 25), None),
    offender(date(2019, 1, 1), date(2019, 1, 2), date(2019, 4, 1), None),  # the visit is not due yet
    # Another month, another force, a force without a population.
    offender(date(2019, 2, 1), None, date(2019, 2, 1), None, as_at=date(2019, 2, 28)),
    offender(date(2019, 1, 1), None, date(2019, 1, 1), None, force_id=NORFOLK),
    offender(date(2019, 1, 1), None, date(2019, 1, 1), None, force_id=BTP),
]


@checks("rso-risk-assessment-overdue", "rso-visit-overdue")
def test_overdue_shares_count_offenders_whose_task_fell_due_before_the_snapshot_and_was_not_done():
    con = warehouse(return_sex_offender=REGISTER)
    # Risk assessments at 31 January: overdue for rows 1 (due 10 Jan) and 4 (due 15 Jan); row 2 is not yet
    # due, rows 3 and 5 were done.
    assert_proportion(figures(con, "rso-risk-assessment-overdue")[CAMBS, JAN], 2, 5)
    assert figures(con, "rso-risk-assessment-overdue")[CAMBS, JAN].value == pytest.approx(2 / 5 * 100)
    # Visits: overdue for rows 2 (1 Dec), 3 (20 Jan) and 4 (25 Jan); row 1 was done, row 5 is not due yet.
    visits = figures(con, "rso-visit-overdue")
    assert_proportion(visits[CAMBS, JAN], 3, 5)
    assert visits[CAMBS, JAN].value == pytest.approx(3 / 5 * 100)
    assert_proportion(visits[CAMBS, FEB], 1, 1)
    assert_proportion(visits[NORFOLK, JAN], 1, 1)
    assert_proportion(visits[BTP, JAN], 1, 1)


def test_a_task_falling_due_on_the_snapshot_day_itself_and_not_done_is_overdue():
    """Overdue means due on or before the snapshot and not done, as the return's schema defines it."""
    due_today = offender(SNAPSHOT, None, SNAPSHOT, None)
    due_yesterday = offender(date(2019, 1, 30), None, SNAPSHOT, None)
    due_tomorrow = offender(date(2019, 2, 1), None, date(2019, 2, 1), None)
    con = warehouse(return_sex_offender=[due_today, due_yesterday, due_tomorrow])
    assert_proportion(figures(con, "rso-risk-assessment-overdue")[CAMBS, JAN], 2, 3)
    assert_proportion(figures(con, "rso-visit-overdue")[CAMBS, JAN], 2, 3)


@checks("rso-per-100k")
def test_registered_sex_offenders_per_100k_count_the_register_at_the_snapshot_with_no_interval():
    got = figures(warehouse(return_sex_offender=REGISTER), "rso-per-100k")
    assert_rate(got[CAMBS, JAN], 5, CAMBS, per=100_000, interval=False)
    assert got[CAMBS, JAN].value == pytest.approx(5 * 100_000 / 804_841)
    assert_rate(got[CAMBS, FEB], 1, CAMBS, per=100_000, interval=False)
    assert (BTP, JAN) not in got


# --- Force returns: victim contacts -----------------------------------------------------------------------

VICTIM_CONTACTS = [
    {"contacted_at": datetime(2019, 1, 1, 0, 0, 0), "contact_type": "needs_assessment", "code_compliant": True},
    {"contacted_at": datetime(2019, 1, 5, 10), "contact_type": "update", "code_compliant": False},
    {"contacted_at": datetime(2019, 1, 6, 10), "contact_type": "update", "code_compliant": True},
    {"contacted_at": datetime(2019, 1, 7, 10), "contact_type": "outcome_notification", "code_compliant": False},
    {"contacted_at": datetime(2019, 1, 8, 10), "contact_type": "needs_assessment", "code_compliant": False},
    {"contacted_at": datetime(2019, 1, 9, 10), "contact_type": "update", "code_compliant": True},
    {"contacted_at": datetime(2019, 1, 31, 23, 59, 59), "contact_type": "needs_assessment", "code_compliant": True},
    {"contacted_at": datetime(2019, 2, 1, 0, 0, 0), "contact_type": "needs_assessment", "code_compliant": False},
    {"contacted_at": datetime(2019, 1, 9, 10), "contact_type": "update", "code_compliant": True, "force_id": NORFOLK},
]


@checks("victim-contact-code-compliant", "victim-needs-assessments-share")
def test_victim_contact_shares_count_compliant_contacts_and_needs_assessments_among_all_contacts_in_the_month():
    con = warehouse(return_victim_contact=VICTIM_CONTACTS)
    # January (seven contacts, the last at 23:59:59 on the 31st): compliant are rows 1, 3, 6 and 7.
    compliant = figures(con, "victim-contact-code-compliant")
    assert_proportion(compliant[CAMBS, JAN], 4, 7)
    assert compliant[CAMBS, JAN].value == pytest.approx(4 / 7 * 100)
    assert_proportion(compliant[CAMBS, FEB], 0, 1)  # the contact at 00:00:00 on 1 February
    assert_proportion(compliant[NORFOLK, JAN], 1, 1)
    # Needs assessments in January: rows 1, 5 and 7.
    needs = figures(con, "victim-needs-assessments-share")
    assert_proportion(needs[CAMBS, JAN], 3, 7)
    assert needs[CAMBS, JAN].value == pytest.approx(3 / 7 * 100)
    assert_proportion(needs[NORFOLK, JAN], 0, 1)


# --- Force returns: workforce -----------------------------------------------------------------------------


def workforce(role: str, *fte: float, as_at: date = SNAPSHOT, **extra) -> dict:
    """A role's row: headcount, then established, actual, vacancies (FTE), sickness days lost, average FTE."""
    columns = [
        "headcount",
        "established_fte",
        "actual_fte",
        "vacancies_fte",
        "sickness_days_lost",
        "average_strength_fte",
    ]
    return {"role": role, "as_at": as_at, **dict(zip(columns[: len(fte)], fte, strict=True)), **extra}


WORKFORCE = [
    workforce("police_officer", 1420, 1450.0, 1400.5, 49.5, 12_000.0, 1390.0),
    workforce("police_staff", 900, 900.0, 850.0, 50.0, 8000.0, 860.0),
    workforce("special_constable", 120),  # volunteers: headcount only
    workforce("police_officer", 1430, 1450.0, 1410.0, 40.0, 12_100.0, 1395.0, as_at=date(2019, 2, 28)),
    workforce("police_officer", 3000, 3100.0, 2950.0, 150.0, 30_000.0, 2900.0, force_id=BTP),
]


@checks("officers-per-1000")
def test_officers_per_1000_sum_police_officer_fte_at_the_snapshot_with_no_interval():
    got = figures(warehouse(return_workforce=WORKFORCE), "officers-per-1000")
    f = got[CAMBS, JAN]
    assert (f.numerator, f.denominator) == (1400.5, 804_841)
    assert f.value == pytest.approx(1400.5 * 1000 / 804_841)
    assert f.low is None and f.high is None
    assert got[CAMBS, FEB].value == pytest.approx(1410.0 * 1000 / 804_841)
    assert (BTP, JAN) not in got  # no population, no rate


@checks("officer-sickness-days", "officer-vacancy-rate")
def test_officer_ratios_divide_police_officer_sums_and_need_no_population():
    con = warehouse(return_workforce=WORKFORCE)
    sickness = figures(con, "officer-sickness-days")
    f = sickness[CAMBS, JAN]
    assert (f.numerator, f.denominator) == (12_000.0, 1390.0)  # police staff's 8,000 days are not counted
    assert f.value == pytest.approx(12_000 / 1390)
    assert f.low is None and f.high is None
    assert sickness[CAMBS, FEB].value == pytest.approx(12_100 / 1395)
    assert sickness[BTP, JAN].value == pytest.approx(30_000 / 2900)  # a ratio needs no residents

    vacancies = figures(con, "officer-vacancy-rate")
    f = vacancies[CAMBS, JAN]
    assert (f.numerator, f.denominator) == (49.5, 1450.0)
    assert f.value == pytest.approx(49.5 / 1450 * 100)
    assert f.low is None and f.high is None
    assert vacancies[BTP, JAN].value == pytest.approx(150 / 3100 * 100)


# --- Home Office tables -----------------------------------------------------------------------------------

Q1, Q2 = date(2017, 4, 1), date(2017, 7, 1)  # financial year 2017/18, quarters 1 and 2


def outcomes(outcome_type: int, offences: int, quarter_start: date = Q1, **extra) -> dict:
    return {
        "outcome_type": outcome_type,
        "offences": offences,
        "quarter_start": quarter_start,
        "financial_quarter": {Q1: 1, Q2: 2}[quarter_start],
        **extra,
    }


HO_OUTCOMES = [
    outcomes(0, 50),  # not yet assigned: in the charge rate's denominator (Home Office headline), not the shares
    outcomes(1, 30),
    outcomes(1, 10, offence_code="105A"),
    outcomes(1, -2, offence_code="8L"),  # a published correction, summed as published
    outcomes(18, 100),
    outcomes(14, 20),
    outcomes(15, 15),
    outcomes(16, 5),
    outcomes(8, 22),
    outcomes(1, 7, Q2),
    outcomes(18, 3, Q2),
    outcomes(0, 40, Q2),
    outcomes(1, 5, force_id=NORFOLK, force_name="Norfolk"),
    outcomes(18, 5, force_id=NORFOLK, force_name="Norfolk"),
]


@checks("charge-rate", "no-suspect-identified-share", "evidential-difficulties-share")
def test_home_office_charge_rate_keeps_offences_not_yet_assigned_in_its_denominator_the_shares_leave_them_out():
    con = warehouse(ho_crime_outcome=HO_OUTCOMES)
    assigned = 30 + 10 - 2 + 100 + 20 + 15 + 5 + 22  # quarter 1, every outcome type but 0
    assert assigned == 200
    recorded = assigned + 50  # every offence recorded in quarter 1, the 50 not yet assigned an outcome included

    charge = figures(con, "charge-rate")
    assert_proportion(charge[CAMBS, Q1], 30 + 10 - 2, recorded)
    assert charge[CAMBS, Q1].value == pytest.approx(38 / 250 * 100)
    assert_proportion(charge[CAMBS, Q2], 7, 7 + 3 + 40)
    assert_proportion(charge[NORFOLK, Q1], 5, 10)
    assert set(charge) == {(CAMBS, Q1), (CAMBS, Q2), (NORFOLK, Q1)}  # one figure a quarter, keyed by its first day

    no_suspect = figures(con, "no-suspect-identified-share")
    assert_proportion(no_suspect[CAMBS, Q1], 100, assigned)
    assert no_suspect[CAMBS, Q1].value == pytest.approx(100 / 200 * 100)
    assert_proportion(no_suspect[CAMBS, Q2], 3, 10)

    evidential = figures(con, "evidential-difficulties-share")
    assert_proportion(evidential[CAMBS, Q1], 20 + 15 + 5, assigned)
    assert evidential[CAMBS, Q1].value == pytest.approx(40 / 200 * 100)
    assert_proportion(evidential[CAMBS, Q2], 0, 10)


@checks("officers-per-1000-home-office")
def test_home_office_officers_per_1000_sum_officer_fte_at_31_march_with_no_interval():
    con = warehouse(
        police_workforce=[
            {"officers_fte": 1400.5, "year": 2018, "as_at": date(2018, 3, 31)},
            {"officers_fte": 1380.0, "year": 2017, "as_at": date(2017, 3, 31)},
            {"officers_fte": 1600.0, "year": 2018, "as_at": date(2018, 3, 31), "force_id": NORFOLK},
            {"officers_fte": 2950.0, "year": 2018, "as_at": date(2018, 3, 31), "force_id": BTP},
        ]
    )
    got = figures(con, "officers-per-1000-home-office")
    march_2018, march_2017 = date(2018, 3, 1), date(2017, 3, 1)
    f = got[CAMBS, march_2018]
    assert (f.numerator, f.denominator) == (1400.5, 804_841)
    assert f.value == pytest.approx(1400.5 * 1000 / 804_841)
    assert f.low is None and f.high is None
    assert got[CAMBS, march_2017].value == pytest.approx(1380 * 1000 / 804_841)
    assert got[NORFOLK, march_2018].value == pytest.approx(1600 * 1000 / 857_888)
    assert (BTP, march_2018) not in got


# --- The catalogue as a whole -----------------------------------------------------------------------------


def test_a_proportion_interval_is_the_wilson_interval_written_out():
    """One proportion (2 of 5 searches linked) against the Wilson bounds worked out to four places."""
    f = figures(warehouse(stop_search=STOP_SEARCH_OUTCOMES), "stop-search-linked-where-link-recorded")[CAMBS, JAN]
    # p = 0.4, n = 5, z = 1.96: centre (0.4 + 0.38416) / 1.76832 = 0.44345; half-width
    # 1.96 / 1.76832 x sqrt(0.048 + 0.038416) = 0.32583; bounds 11.76% and 76.93%.
    assert f.low == pytest.approx(11.76, abs=0.01)
    assert f.high == pytest.approx(76.93, abs=0.01)


def test_indicators_without_an_interval_are_the_counts_of_stocks_and_the_ratios():
    no_interval = {i.id for i in catalogue().values() if not i.interval}
    assert no_interval == {
        "rso-per-100k",
        "officers-per-1000",
        "officer-sickness-days",
        "officer-vacancy-rate",
        "officers-per-1000-home-office",
    }  # each checked above to come with None bounds


def test_every_catalogue_indicator_has_a_hand_checked_test():
    missing = sorted(set(catalogue()) - set(HAND_CHECKED))
    unknown = sorted(set(HAND_CHECKED) - set(catalogue()))
    assert not missing, f"indicators without a hand-checked test here: {missing}"
    assert not unknown, f"tests here check indicators the catalogue no longer has: {unknown}"
    assert all(name in globals() for name in HAND_CHECKED.values())


def test_a_quarter_whose_corrections_make_a_negative_numerator_is_kept_without_an_interval():
    # outcome type 1 = 5 and a correction of -7 to type 3: the summed charges fall below zero for Norfolk,
    # which must neither stop the indicator for every force nor be given a misleading interval.
    rows = [
        outcomes(1, 5, force_id=NORFOLK, force_name="Norfolk"),
        outcomes(1, -7, force_id=NORFOLK, force_name="Norfolk", offence_code="3A"),
        outcomes(18, 20, force_id=NORFOLK, force_name="Norfolk"),
        outcomes(1, 30),
        outcomes(18, 70),
    ]
    got = figures(warehouse(ho_crime_outcome=rows), "charge-rate")
    assert (got[NORFOLK, Q1].numerator, got[NORFOLK, Q1].denominator) == (-2, 18)
    assert got[NORFOLK, Q1].low is None and got[NORFOLK, Q1].high is None
    assert got[CAMBS, Q1].value == pytest.approx(30 / 100 * 100) and got[CAMBS, Q1].low is not None
