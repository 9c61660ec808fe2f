"""The force in numbers, for the head of a report: population, police officers, recorded crime and 999 calls
answered within 10 seconds, each with its period and source, the latest the warehouse holds up to a date.

A figure the warehouse does not hold is "Not available", never estimated: the report prints what is here. The
population is the latest of the warehouse's mid-year estimates and the two censuses (Census 2021 from the bundled
force area file, openpeel.forces.residents) on or before the date.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import duckdb

from openpeel.forces.residents import CENSUS_DAY, usual_residents
from openpeel.indicators.catalogue import catalogue
from openpeel.indicators.read import _synthetic_tables

NOT_AVAILABLE = "Not available"
CALLS_999 = "calls-999-answered-within-10s"
SYNTHETIC_NOTE = "Synthetic: from generated force returns that demonstrate openpeel, not the force's real figure."


@dataclass(frozen=True)
class Figure:
    label: str
    value: str  # formatted, or NOT_AVAILABLE
    period: str  # "31 March 2018", "January 2024 to December 2024"; "" when not available
    source: str
    note: str = ""

    @property
    def available(self) -> bool:
        return self.value != NOT_AVAILABLE


def force_in_numbers(con: duckdb.DuckDBPyConnection, force_id: str, until: dt.date) -> list[Figure]:
    """The force's figures, each the latest on or before `until` (the end of the inspection period)."""
    return [
        _population(con, force_id, until),
        _officers(con, force_id, until),
        _recorded_crime(con, force_id, until),
        _calls_999(con, force_id, until),
    ]


def _dataset(con: duckdb.DuckDBPyConnection, table: str) -> str:
    row = con.execute(
        "SELECT title, publisher, licence FROM dataset WHERE table_name = ? ORDER BY source LIMIT 1", [table]
    ).fetchone()
    return f"{row[1]}, {row[0]} ({row[2]})" if row else ""


def _population(con: duckdb.DuckDBPyConnection, force_id: str, until: dt.date) -> Figure:
    label = "Population"
    found: list[tuple[dt.date, Figure]] = []  # (the day it counts, the figure)
    row = con.execute(
        "SELECT year, population FROM population_force WHERE force_id = ? AND year <= ? ORDER BY year DESC LIMIT 1",
        [force_id, until.year],
    ).fetchone()
    if row:
        estimate = Figure(label, f"{row[1]:,}", f"mid-{row[0]} estimate", _dataset(con, "population_force"))
        found.append((dt.date(row[0], 6, 30), estimate))
    row = con.execute("SELECT persons FROM population_lsoa_by_force WHERE force_id = ?", [force_id]).fetchone()
    if row and until >= CENSUS_DAY[2011]:
        census = Figure(label, f"{row[0]:,}", "2011 Census (27 March 2011)", _dataset(con, "population_lsoa"))
        found.append((CENSUS_DAY[2011], census))
    residents = usual_residents(force_id, 2021) if until >= CENSUS_DAY[2021] else None
    if residents:
        census = Figure(label, f"{residents.value:,}", "Census 2021 (21 March 2021)", residents.source)
        found.append((CENSUS_DAY[2021], census))
    return max(found, key=lambda f: f[0])[1] if found else Figure(label, NOT_AVAILABLE, "", "")


def _officers(con: duckdb.DuckDBPyConnection, force_id: str, until: dt.date) -> Figure:
    label = "Police officers (full-time equivalent)"
    row = con.execute(
        "SELECT officers_fte, as_at FROM police_workforce WHERE force_id = ? AND as_at <= ? "
        "ORDER BY as_at DESC LIMIT 1",
        [force_id, until],
    ).fetchone()
    if not row:
        return Figure(label, NOT_AVAILABLE, "", "")
    return Figure(label, f"{row[0]:,.0f}", f"{row[1]:%-d %B %Y}", _dataset(con, "police_workforce"))


def _last_year_of_months(
    con: duckdb.DuckDBPyConnection, sql: str, params: list[object]
) -> tuple[dt.date, dt.date] | None:
    """(first, last) month of the latest stretch of up to 12 months the query's months cover."""
    (last,) = con.execute(sql, params).fetchone()  # type: ignore[misc]  # an aggregate always gives one row
    if last is None:
        return None
    first = dt.date(last.year - 1, last.month, 1) if last.month == 12 else dt.date(last.year - 1, last.month + 1, 1)
    return first, last


def plain_source(source: str) -> str:
    """A catalogue source as a reader sees it: without the pointer to our own docs ("(docs/force-returns.md)")."""
    return re.sub(r"\s*\(docs/[^)]*\)", "", source)


def months_in_words(first: dt.date, last: dt.date) -> str:
    return f"{first:%B %Y}" if first == last else f"{first:%B %Y} to {last:%B %Y}"


def _recorded_crime(con: duckdb.DuckDBPyConnection, force_id: str, until: dt.date) -> Figure:
    label = "Crimes recorded"
    span = _last_year_of_months(
        con, "SELECT max(month) FROM street_crime WHERE force_id = ? AND month <= ?", [force_id, until]
    )
    if span is None:
        return Figure(label, NOT_AVAILABLE, "", "")
    count, first = con.execute(  # type: ignore[misc]  # an aggregate always gives one row
        "SELECT count(*), min(month) FROM street_crime WHERE force_id = ? AND month BETWEEN ? AND ? "
        "AND crime_type <> 'Anti-social behaviour'",
        [force_id, *span],
    ).fetchone()
    source = "police.uk street-level crime data (Open Government Licence v3.0); anti-social behaviour not counted"
    return Figure(label, f"{count:,}", months_in_words(first, span[1]), source)


def _calls_999(con: duckdb.DuckDBPyConnection, force_id: str, until: dt.date) -> Figure:
    label = "999 calls answered within 10 seconds"
    span = _last_year_of_months(
        con,
        "SELECT max(period) FROM indicator_result WHERE indicator_id = ? AND force_id = ? AND period <= ?",
        [CALLS_999, force_id, until],
    )
    if span is None:
        return Figure(label, NOT_AVAILABLE, "", "")
    answered, calls, first = con.execute(  # type: ignore[misc]  # an aggregate always gives one row
        "SELECT sum(numerator), sum(denominator), min(period) FROM indicator_result "
        "WHERE indicator_id = ? AND force_id = ? AND period BETWEEN ? AND ?",
        [CALLS_999, force_id, *span],
    ).fetchone()
    indicator = catalogue()[CALLS_999]
    synthetic = indicator.compute.table in _synthetic_tables(con, force_id)
    return Figure(
        label,
        f"{100 * answered / calls:.1f}% of {calls:,.0f} calls",
        months_in_words(first, span[1]),
        "; ".join(plain_source(s) for s in indicator.sources),
        SYNTHETIC_NOTE if synthetic else "",
    )
