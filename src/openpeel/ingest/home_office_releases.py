"""Home Office releases that `openpeel fetch home-office URL` loads besides crime outcomes: the stop and search
open data table, stop and search totals by force (summary table SS_20, as transcribed), police recorded crime by
police force area, and 999 call answer times by force.

Each is a Table Schema (schemas/home_office/) and a HomeOfficeSource: loaded through the same pipeline, with the
same quarantine and accounting, as every other Home Office source (home_office.py registers them). Which layouts
were seen in a real file and which were built from the publisher's description: docs/home-office-data.md.
"""

from __future__ import annotations

from openpeel.ingest.home_office_common import (
    SCHEMAS,
    Dataset,
    HomeOfficeSource,
    _norm,
    _pfa_force_sql,
    _raw,
    force_id_sql,
)
from openpeel.ingest.schema import Check
from openpeel.ingest.source import FileContext
from openpeel.warehouse.sql import ident, literal

STOP_SEARCH_SCHEMA = "stop-search-open-data.schema.json"
SS_TOTALS_SCHEMA = "stop-search-totals.schema.json"
RECORDED_CRIME_SCHEMA = "recorded-crime-pfa.schema.json"
CALLS_999_SCHEMA = "999-answer-times.schema.json"
FORCE_RULE = "must be the Home Office name of a police force in the registry"


def _is_force(schema: str, column: str, rule: str = FORCE_RULE) -> Check:
    name = _raw(schema, column)
    return Check(column, f"{name} IS NULL OR {force_id_sql(name)} IS NOT NULL", rule)


def _consecutive_years(schema: str, column: str) -> Check:
    """'2024/25', never '2024/26': the text pattern alone lets a mistyped year through."""
    year = _raw(schema, column)
    return Check(
        column,
        f"{year} IS NULL OR NOT regexp_full_match({year}, '[0-9]{{4}}/[0-9]{{2}}') OR right({year}, 2) = "
        f"lpad(CAST((CAST(left({year}, 4) AS INTEGER) + 1) % 100 AS VARCHAR), 2, '0')",
        "must name two consecutive years, as 2024/25",
    )


def _quarter_start(year: str, quarter: str) -> str:
    """SQL: the first day of a financial quarter (quarter 4 is January to March of the second year)."""
    return (
        f"make_date(CAST(left({year}, 4) AS INTEGER) + CAST(CAST({quarter} AS INTEGER) = 4 AS INTEGER), "
        f"[4, 7, 10, 1][CAST({quarter} AS INTEGER)], 1)"
    )


def _financial_period(table: str) -> str:
    return (
        f"SELECT 'financial years ' || min(financial_year) || ' to ' || max(financial_year), min(quarter_start), "
        f"CAST(max(quarter_start) + INTERVAL 3 MONTH - INTERVAL 1 DAY AS DATE) FROM {table}"
    )


# Stop and search open data --------------------------------------------------------------------------------------

STOP_SEARCH = HomeOfficeSource(
    "ho_stop_search_open_data",
    "ho_stop_search",
    SCHEMAS / STOP_SEARCH_SCHEMA,
    derived=lambda ctx: [
        f"{force_id_sql(ident('police_force_area'))} AS force_id",
        f"{_quarter_start(ident('financial_year'), ident('financial_year_quarter'))} AS quarter_start",
    ],
    extra_checks=lambda ctx: [
        _is_force(STOP_SEARCH_SCHEMA, "police_force_area"),
        _consecutive_years(STOP_SEARCH_SCHEMA, "financial_year"),
    ],
    dataset=Dataset(
        "Police powers and procedures: stop and search open data table",
        "Home Office",
        "fetched by openpeel from the link given (source_file names the file)",
    ),
    patterns=("*stop-search-open-data*.csv*",),
    period_sql=_financial_period("ho_stop_search"),
)

# Stop and search totals by force (SS_20, as transcribed) -----------------------------------------------------


def _ss_totals_checks(ctx: FileContext) -> list[Check]:
    force, code = _raw(SS_TOTALS_SCHEMA, "police_uk_force_id"), _raw(SS_TOTALS_SCHEMA, "pfa_code")
    return [
        _is_force(SS_TOTALS_SCHEMA, "police_uk_force_id", "must be the id of a police force in the registry"),
        Check(  # the transcriber wrote both: they must name the same force
            "pfa_code",
            f"{code} IS NULL OR {force} IS NULL OR {_pfa_force_sql(code)} = {force_id_sql(force)}",
            "must be the PFA code of the force named in force_id",
        ),
    ]


SS_TOTALS = HomeOfficeSource(
    "ho_stop_search_totals_ss20",
    "ho_stop_search_force_total",
    SCHEMAS / SS_TOTALS_SCHEMA,
    derived=lambda ctx: [
        f"{force_id_sql(ident('police_uk_force_id'))} AS force_id",
        'make_date(CAST("year_end" AS INTEGER) - 1, 4, 1) AS period_start',
        'make_date(CAST("year_end" AS INTEGER), 3, 31) AS period_end',
    ],
    extra_checks=_ss_totals_checks,
    dataset=Dataset(
        "Stop and search totals by police force, all relevant legislation (summary table SS_20)",
        "Home Office (transcribed by BlackThrive/searchlight, inst/extdata/ppap-totals.csv)",
        "BlackThrive/searchlight@fb93fa6f33c47ce87d5bc4631c61d0cb34894b05 inst/extdata/ppap-totals.csv",
    ),
    patterns=("ppap-totals*.csv*", "*stop-search-totals*.csv*"),
    period_sql=(
        "SELECT 'years ending 31 March ' || string_agg(DISTINCT year_end::VARCHAR, ', ' ORDER BY year_end::VARCHAR), "
        "min(period_start), max(period_end) FROM ho_stop_search_force_total"
    ),
)

# Police recorded crime by police force area --------------------------------------------------------------------

# Rows the recorded crime tables hold that are not a force's: fraud recorded centrally. Not errors, so said plainly.
FRAUD_BODIES = ("action fraud", "cifas", "uk finance")


def _recorded_crime_checks(ctx: FileContext) -> list[Check]:
    name = _raw(RECORDED_CRIME_SCHEMA, "Force Name")
    fraud = f"{_norm(name)} IN ({', '.join(map(literal, FRAUD_BODIES))})"
    return [
        Check(
            "Force Name",
            f"{name} IS NULL OR NOT {fraud}",
            "is fraud recorded centrally (Action Fraud, CIFAS, UK Finance), not a police force: not an error, "
            "but not a force figure, so kept out of ho_recorded_crime",
        ),
        Check("Force Name", f"{name} IS NULL OR {fraud} OR {force_id_sql(name)} IS NOT NULL", FORCE_RULE),
        _consecutive_years(RECORDED_CRIME_SCHEMA, "Financial Year"),
    ]


RECORDED_CRIME = HomeOfficeSource(
    "ho_recorded_crime_pfa",
    "ho_recorded_crime",
    SCHEMAS / RECORDED_CRIME_SCHEMA,
    derived=lambda ctx: [
        f"{force_id_sql(ident('Force Name'))} AS force_id",
        f"{_quarter_start(ident('Financial Year'), ident('Financial Quarter'))} AS quarter_start",
    ],
    extra_checks=_recorded_crime_checks,
    dataset=Dataset(
        "Police recorded crime open data tables: offences by police force area, financial quarter and offence code",
        "Home Office",
        "fetched by openpeel from the link given (source_file names the file)",
    ),
    patterns=("*prc-pfa*.csv*", "*recorded-crime-pfa*.csv*"),
    period_sql=_financial_period("ho_recorded_crime"),
)

# 999 call answer times by force ---------------------------------------------------------------------------------


def _calls_999_checks(ctx: FileContext) -> list[Check]:
    s = CALLS_999_SCHEMA
    force = _raw(s, "Force")
    calls, *bands = (
        f"TRY_CAST(replace({_raw(s, c)}, ',', '') AS BIGINT)"
        for c in (
            "Total calls",
            "Answered in under 10 seconds",
            "Answered in 10 to 60 seconds",
            "Answered in over 60 seconds",
        )
    )
    return [
        Check(
            "Force",
            f"{force} IS NULL OR {force_id_sql(force)} IS NOT NULL",
            "must be a police force of England and Wales in the registry (the release covers the UK: Police "
            "Scotland and the PSNI are kept out of ho_999_call_answer)",
        ),
        Check(  # the three bands are every call answered: they must add up, or a figure was mistyped
            "Total calls",
            " OR ".join(f"{v} IS NULL" for v in (calls, *bands)) + f" OR {calls} = {' + '.join(bands)}",
            "must equal the calls answered in under 10 seconds, in 10 to 60 seconds and in over 60 seconds",
        ),
    ]


CALLS_999 = HomeOfficeSource(
    "ho_999_answer_times",
    "ho_999_call_answer",
    SCHEMAS / CALLS_999_SCHEMA,
    derived=lambda ctx: [f"{force_id_sql(ident('Force'))} AS force_id"],
    extra_checks=_calls_999_checks,
    dataset=Dataset(
        "999 call answer times by police force, month by month",
        "Home Office and the National Police Chiefs' Council (published on police.uk)",
        "fetched by openpeel from the link given (source_file names the file)",
    ),
    patterns=("*999-answer*.csv*", "*999*answer*time*.csv*"),
    period_sql=(
        "SELECT 'months ' || strftime(min(month), '%Y-%m') || ' to ' || strftime(max(month), '%Y-%m'), min(month), "
        "CAST(max(month) + INTERVAL 1 MONTH - INTERVAL 1 DAY AS DATE) FROM ho_999_call_answer"
    ),
)
