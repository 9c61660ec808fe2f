"""The whole indicator catalogue against (i) the same aggregates as hand-tuned DuckDB SQL, one query per
source table (the practical limit) and (ii) a straightforward pandas version.

Run: .venv/bin/python bench/bench_indicators.py [--reuse PATH] [--scale months=N forces=all|a,b,...]
  default scale: all 43 forces, 12 months of 2019 (about 60 million rows of synthetic returns; building the
  warehouse takes several minutes and a few GB in a temporary folder), plus the bundled police.uk and
  Home Office files so every indicator has data.
  --reuse PATH: keep the built warehouse at PATH, or use it if it is already there (same scale only).
"""

from __future__ import annotations

import argparse
import json
import math
import tempfile
import time
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from openpeel.config import bundled_police_uk_archives
from openpeel.indicators.backends import duckdb_engine
from openpeel.indicators.catalogue import catalogue
from openpeel.indicators.engine import compute_catalogue, figures
from openpeel.ingest.home_office import ingest_home_office
from openpeel.ingest.police_uk import ingest_police_uk
from openpeel.ingest.returns import ingest_returns
from openpeel.synth.generate import generate, resolve_forces
from openpeel.warehouse import connect


def build(path: Path, months: int, forces: str) -> None:
    """The warehouse the benchmark reads: synthetic returns for the scale asked, and the bundled files."""
    con = connect(path)
    con.execute("SET enable_progress_bar = false")
    with tempfile.TemporaryDirectory(prefix="openpeel-bench-") as tmp:
        start = time.perf_counter()
        summary = generate(Path(tmp), resolve_forces(forces), (2019, 1), (2019, months), seed=1, fmt="parquet")
        print(f"  generated {summary.total:,} rows of synthetic returns in {time.perf_counter() - start:.0f} s")
        start = time.perf_counter()
        ingest_returns(con, tmp)
        print(f"  ingested them in {time.perf_counter() - start:.0f} s")
    start = time.perf_counter()
    for archive in bundled_police_uk_archives():
        ingest_police_uk(con, archive)
    ingest_home_office(con)
    print(f"  ingested the bundled police.uk and Home Office files in {time.perf_counter() - start:.0f} s")
    con.close()
    path.with_suffix(".json").write_text(json.dumps({"months": months, "forces": forces}))


# --- Hand-tuned DuckDB SQL: one query per source table ---------------------------------------------------
# Durations and months of instants (TIMESTAMPTZ) exactly as openpeel's compiled SQL has them, so that only the
# query plan differs: from the instant's microseconds since 1970, which are UTC months and exact seconds
# (docs/indicators.md on UTC months) without going through ICU for every row (openpeel.indicators.backends).
def seconds(start: str, end: str) -> str:
    return f"epoch_us({end}) / 1000000 - epoch_us({start}) / 1000000"


def month(column: str, grain: str = "month") -> str:
    return f"CAST(date_trunc('{grain}', {column}) AS DATE) AS period"


def instant_month(column: str) -> str:
    return month(f"make_timestamp(epoch_us({column}))")


# Quantile indicators need per-value counts as well as totals: a second grouping set over the same scan
# (`totals` = 0 marks its rows, `dist` names the distribution, NULL for rows in none).
SQL = {
    "stop_search": f"""
        SELECT force_id, {month("month")}, count(*) AS searches,
            count(outcome_linked) AS linked_recorded, count(*) FILTER (outcome_linked) AS linked,
            count(outcome) AS with_outcome, count(*) FILTER (outcome = 'Arrest') AS arrests,
            count(removal_of_clothing) AS clothing_recorded, count(*) FILTER (removal_of_clothing) AS clothing_removed
        FROM stop_search GROUP BY 1, 2""",
    "street_crime": f"""
        SELECT force_id, {month("month")},
            count(*) FILTER (crime_type = 'Anti-social behaviour') AS asb,
            count(*) FILTER (crime_type = 'Violence and sexual offences') AS violence,
            count(*) FILTER (crime_type = 'Burglary') AS burglary,
            count(*) FILTER (crime_type = 'Vehicle crime') AS vehicle,
            count(*) FILTER (crime_type = 'Possession of weapons') AS weapons
        FROM street_crime GROUP BY 1, 2""",
    "crime_outcome": f"""
        SELECT force_id, {month("month")}, count(*) AS outcomes,
            count(*) FILTER (outcome = 'Suspect charged') AS charged
        FROM crime_outcome GROUP BY 1, 2""",
    "ho_crime_outcome": f"""
        SELECT force_id, {month("quarter_start", "quarter")},
            coalesce(sum(offences) FILTER (outcome_type <> 0), 0)::BIGINT AS assigned,
            coalesce(sum(offences), 0)::BIGINT AS recorded,
            coalesce(sum(offences) FILTER (outcome_type = 1), 0)::BIGINT AS charged,
            coalesce(sum(offences) FILTER (outcome_type = 18), 0)::BIGINT AS no_suspect,
            coalesce(sum(offences) FILTER (outcome_type IN (14, 15, 16)), 0)::BIGINT AS evidential
        FROM ho_crime_outcome GROUP BY 1, 2""",
    "police_workforce": f"""
        SELECT force_id, {month("as_at")}, coalesce(sum(officers_fte), 0) AS officers
        FROM police_workforce GROUP BY 1, 2""",
    "return_contact": f"""
        SELECT force_id, period, value, GROUPING(value) AS totals, count(*) AS n,
            count(*) FILTER (channel = '999') AS calls_999,
            count(*) FILTER (channel = '999' AND seconds_to_answer <= 10) AS answered_10s,
            count(*) FILTER (channel = '101') AS calls_101,
            count(*) FILTER (channel = '101' AND abandoned) AS abandoned_101
        FROM (SELECT *, {instant_month("received_at")}, CASE WHEN channel = '999' THEN seconds_to_answer END AS value
              FROM return_contact)
        GROUP BY GROUPING SETS ((force_id, period), (force_id, period, value))""",
    "return_incident": f"""
        SELECT force_id, period, dist, value, GROUPING(dist, value) AS totals, count(*) AS n,
            count(*) FILTER (grade = 'emergency') AS emergency,
            count(*) FILTER (grade = 'emergency' AND value <= attendance_target_minutes * 60) AS emergency_in_target,
            count(*) FILTER (grade = 'priority') AS priority,
            count(*) FILTER (grade = 'priority' AND value <= 3600) AS priority_in_hour,
            count(*) FILTER (grade = 'priority' AND domestic_abuse) AS da_priority,
            count(*) FILTER (grade = 'priority' AND domestic_abuse AND value <= 3600) AS da_priority_in_hour,
            count(*) FILTER (mental_health) AS mental_health
        FROM (SELECT *, {instant_month("created_at")}, {seconds("created_at", "first_arrival_at")} AS value,
                  CASE WHEN first_arrival_at IS NOT NULL AND grade IN ('emergency', 'priority') THEN grade END AS dist
              FROM return_incident)
        GROUP BY GROUPING SETS ((force_id, period), (force_id, period, dist, value))""",
    "return_investigation": f"""
        SELECT force_id, {instant_month("recorded_at")}, count(*) AS investigations,
            count(*) FILTER (domestic_abuse AND outcome_type IS NOT NULL) AS da_with_outcome,
            count(*) FILTER (domestic_abuse AND outcome_type = 1) AS da_charged,
            count(*) FILTER ({seconds("recorded_at", "first_review_at")} <= review_interval_days * 86400) AS reviewed,
            count(*) FILTER ({seconds("recorded_at", "allocated_at")} <= 86400) AS allocated_24h,
            count(outcome_type) AS with_outcome, count(*) FILTER (outcome_type = 1) AS charged
        FROM return_investigation LEFT JOIN (
            SELECT force_id, crime_reference, min(reviewed_at) AS first_review_at
            FROM return_supervisory_review GROUP BY 1, 2
        ) USING (force_id, crime_reference)
        GROUP BY 1, 2""",
    "return_sex_offender": f"""
        SELECT force_id, {month("as_at")}, count(*) AS offenders,
            count(*) FILTER (risk_assessment_done IS NULL AND risk_assessment_due <= as_at) AS assessment_overdue,
            count(*) FILTER (visit_done IS NULL AND visit_due <= as_at) AS visit_overdue
        FROM return_sex_offender GROUP BY 1, 2""",
    "return_workforce": f"""
        SELECT force_id, {month("as_at")}, coalesce(sum(actual_fte), 0) AS officers,
            coalesce(sum(sickness_days_lost), 0) AS sickness, coalesce(sum(average_strength_fte), 0) AS strength,
            coalesce(sum(vacancies_fte), 0) AS vacancies, coalesce(sum(established_fte), 0) AS established
        FROM return_workforce WHERE role = 'police_officer' GROUP BY 1, 2""",
    "return_victim_contact": f"""
        SELECT force_id, {instant_month("contacted_at")}, count(*) AS contacts,
            count(*) FILTER (code_compliant) AS compliant,
            count(*) FILTER (contact_type = 'needs_assessment') AS needs_assessments
        FROM return_victim_contact GROUP BY 1, 2""",
}

# Each indicator's slice of its table's result: (table, numerator, denominator) columns, or (table, "dist",
# name) for the per-value counts of a quantile.
SLICES = {
    "stop-search-per-1000": ("stop_search", "searches", None),
    "stop-search-linked-where-link-recorded": ("stop_search", "linked", "linked_recorded"),
    "stop-search-arrest-rate": ("stop_search", "arrests", "with_outcome"),
    "stop-search-more-than-outer-clothing": ("stop_search", "clothing_removed", "clothing_recorded"),
    "asb-per-1000": ("street_crime", "asb", None),
    "violence-per-1000": ("street_crime", "violence", None),
    "burglary-per-1000": ("street_crime", "burglary", None),
    "vehicle-crime-per-1000": ("street_crime", "vehicle", None),
    "weapons-possession-per-1000": ("street_crime", "weapons", None),
    "calls-999-answered-within-10s": ("return_contact", "answered_10s", "calls_999"),
    "calls-999-answer-median-seconds": ("return_contact", "dist", None),
    "calls-101-abandoned": ("return_contact", "abandoned_101", "calls_101"),
    "emergency-attended-within-target": ("return_incident", "emergency_in_target", "emergency"),
    "emergency-attendance-median-minutes": ("return_incident", "dist", "emergency"),
    "emergency-attendance-p90-minutes": ("return_incident", "dist", "emergency"),
    "priority-attended-within-hour": ("return_incident", "priority_in_hour", "priority"),
    "priority-attendance-median-minutes": ("return_incident", "dist", "priority"),
    "priority-attendance-p90-minutes": ("return_incident", "dist", "priority"),
    "calls-999-per-1000": ("return_contact", "calls_999", None),
    "domestic-abuse-priority-attended-within-hour": ("return_incident", "da_priority_in_hour", "da_priority"),
    "mental-health-incident-share": ("return_incident", "mental_health", "n"),
    "domestic-abuse-charge-rate": ("return_investigation", "da_charged", "da_with_outcome"),
    "charge-rate": ("ho_crime_outcome", "charged", "recorded"),
    "no-suspect-identified-share": ("ho_crime_outcome", "no_suspect", "assigned"),
    "evidential-difficulties-share": ("ho_crime_outcome", "evidential", "assigned"),
    "police-uk-charged-share": ("crime_outcome", "charged", "outcomes"),
    "investigations-reviewed-within-interval": ("return_investigation", "reviewed", "investigations"),
    "investigations-allocated-within-24h": ("return_investigation", "allocated_24h", "investigations"),
    "investigations-charged-share": ("return_investigation", "charged", "with_outcome"),
    "rso-risk-assessment-overdue": ("return_sex_offender", "assessment_overdue", "offenders"),
    "rso-visit-overdue": ("return_sex_offender", "visit_overdue", "offenders"),
    "rso-per-100k": ("return_sex_offender", "offenders", None),
    "officers-per-1000": ("return_workforce", "officers", None),
    "officer-sickness-days": ("return_workforce", "sickness", "strength"),
    "officer-vacancy-rate": ("return_workforce", "vacancies", "established"),
    "officers-per-1000-home-office": ("police_workforce", "officers", None),
    "incidents-per-1000": ("return_incident", "n", None),
    "victim-contact-code-compliant": ("return_victim_contact", "compliant", "contacts"),
    "victim-needs-assessments-share": ("return_victim_contact", "needs_assessments", "contacts"),
}


def hand_tuned(con) -> dict[str, list[tuple]]:
    results = {t: con.execute(sql).to_arrow_table() for t, sql in SQL.items()}
    out = {}
    for indicator in catalogue().values():
        table, num, den = SLICES[indicator.id]
        res = results[table]
        if num == "dist":  # the per-value counts of one distribution
            rows = res.filter(pc.and_(pc.equal(res["totals"], 0), pc.is_valid(res["value"])))
            if den is not None:
                rows = rows.filter(pc.equal(rows["dist"], den))
            out[indicator.id] = figures(indicator, rows.select(["force_id", "period", "value", "n"]))
            continue
        if "totals" in res.column_names:
            res = res.filter(pc.not_equal(res["totals"], 0))
        spec = indicator.compute
        if indicator.kind == "rate" and spec.where and spec.measure == "count":  # force-months with such rows
            res = res.filter(pc.greater(res[num], 0))
        columns = [res["force_id"], res["period"], res[num], res[den or num]]
        out[indicator.id] = figures(
            indicator, pa.table(columns, names=["force_id", "period", "numerator", "denominator"])
        )
    return out


# --- pandas: read each table, boolean masks and groupby ---------------------------------------------------
KEYS = ["force_id", "period"]


def read(con, table: str, period: str, columns: str, grain: str = "M") -> pd.DataFrame:
    df = con.execute(f"SELECT force_id, {period}, {columns} FROM {table}").df()
    stamp = df[period]
    if stamp.dt.tz is not None:  # months on the session's clock, as in openpeel's SQL
        stamp = stamp.dt.tz_localize(None)
    df["period"] = stamp.dt.to_period(grain)
    return df


def wall_seconds(start: pd.Series, end: pd.Series) -> pd.Series:
    return (end.dt.tz_localize(None) - start.dt.tz_localize(None)).dt.total_seconds()


def grouped(df: pd.DataFrame, where=None, hit=None, measure=None, denominator_measure=None) -> pa.Table:
    """One indicator's counts: the rows `where`, among them the numerator rows `hit` (or sums of a column)."""
    if where is not None:
        df = df[where.fillna(False)]
    counted = pd.Series(1, index=df.index) if measure is None else df[measure]
    cols = {"numerator": counted}
    if hit is not None:
        cols = {"numerator": counted.where(hit.fillna(False).astype(bool), 0), "denominator": counted}
    if denominator_measure:
        cols["denominator"] = df[denominator_measure]
    g = df[KEYS].assign(**cols).groupby(KEYS).sum().reset_index()
    g["period"] = [p.start_time.date() for p in g["period"]]
    return pa.Table.from_pandas(g, preserve_index=False)


def value_counts(df: pd.DataFrame, where, value: pd.Series) -> pa.Table:
    g = df[KEYS].assign(value=value)[where.fillna(False)].groupby([*KEYS, "value"]).size().rename("n").reset_index()
    g["period"] = [p.start_time.date() for p in g["period"]]
    return pa.Table.from_pandas(g, preserve_index=False)


def with_pandas(con) -> dict[str, list[tuple]]:
    g = {}
    ss = read(con, "stop_search", "month", "outcome_linked, outcome, removal_of_clothing")
    g["stop-search-per-1000"] = grouped(ss)
    g["stop-search-linked-where-link-recorded"] = grouped(ss, ss.outcome_linked.notna(), ss.outcome_linked)
    g["stop-search-arrest-rate"] = grouped(ss, ss.outcome.notna(), ss.outcome == "Arrest")
    g["stop-search-more-than-outer-clothing"] = grouped(ss, ss.removal_of_clothing.notna(), ss.removal_of_clothing)
    sc = read(con, "street_crime", "month", "crime_type")
    for indicator, crime_type in [
        ("asb-per-1000", "Anti-social behaviour"),
        ("violence-per-1000", "Violence and sexual offences"),
        ("burglary-per-1000", "Burglary"),
        ("vehicle-crime-per-1000", "Vehicle crime"),
        ("weapons-possession-per-1000", "Possession of weapons"),
    ]:
        g[indicator] = grouped(sc, sc.crime_type == crime_type)
    co = read(con, "crime_outcome", "month", "outcome")
    g["police-uk-charged-share"] = grouped(co, None, co.outcome == "Suspect charged")
    ho = read(con, "ho_crime_outcome", "quarter_start", "outcome_type, offences", "Q")
    assigned = ho.outcome_type != 0
    g["charge-rate"] = grouped(ho, None, ho.outcome_type == 1, "offences")
    g["no-suspect-identified-share"] = grouped(ho, assigned, ho.outcome_type == 18, "offences")
    g["evidential-difficulties-share"] = grouped(ho, assigned, ho.outcome_type.isin([14, 15, 16]), "offences")
    pw = read(con, "police_workforce", "as_at", "officers_fte")
    g["officers-per-1000-home-office"] = grouped(pw, measure="officers_fte")

    ct = read(con, "return_contact", "received_at", "channel, seconds_to_answer, abandoned")
    c999, c101 = ct.channel == "999", ct.channel == "101"
    g["calls-999-answered-within-10s"] = grouped(ct, c999, ct.seconds_to_answer <= 10)
    g["calls-999-answer-median-seconds"] = value_counts(ct, c999 & ct.seconds_to_answer.notna(), ct.seconds_to_answer)
    g["calls-101-abandoned"] = grouped(ct, c101, ct.abandoned)
    g["calls-999-per-1000"] = grouped(ct, c999)
    del ct, c999, c101  # one big table in memory at a time: the national year is several GB as DataFrames
    inc = read(
        con,
        "return_incident",
        "created_at",
        "grade, domestic_abuse, mental_health, attendance_target_minutes, first_arrival_at",
    )
    wait = wall_seconds(inc.created_at, inc.first_arrival_at)
    emergency, priority, attended = inc.grade == "emergency", inc.grade == "priority", inc.first_arrival_at.notna()
    g["emergency-attended-within-target"] = grouped(inc, emergency, wait <= inc.attendance_target_minutes * 60)
    g["priority-attended-within-hour"] = grouped(inc, priority, wait <= 3600)
    for grade, mask in [("emergency", emergency), ("priority", priority)]:
        g[f"{grade}-attendance-median-minutes"] = g[f"{grade}-attendance-p90-minutes"] = value_counts(
            inc, mask & attended, wait
        )
    g["domestic-abuse-priority-attended-within-hour"] = grouped(inc, priority & inc.domestic_abuse, wait <= 3600)
    g["mental-health-incident-share"] = grouped(inc, None, inc.mental_health)
    g["incidents-per-1000"] = grouped(inc)
    del inc, wait

    inv = read(
        con,
        "return_investigation",
        "recorded_at",
        "crime_reference, domestic_abuse, allocated_at, review_interval_days, outcome_type",
    )
    reviews = con.execute("SELECT force_id, crime_reference, reviewed_at FROM return_supervisory_review").df()
    first = reviews.groupby(["force_id", "crime_reference"]).reviewed_at.min().rename("first_review_at").reset_index()
    inv = inv.merge(first, on=["force_id", "crime_reference"], how="left")
    outcome = inv.outcome_type.notna()
    g["domestic-abuse-charge-rate"] = grouped(inv, inv.domestic_abuse & outcome, inv.outcome_type == 1)
    g["investigations-reviewed-within-interval"] = grouped(
        inv, None, wall_seconds(inv.recorded_at, inv.first_review_at) <= inv.review_interval_days * 86400
    )
    g["investigations-allocated-within-24h"] = grouped(
        inv, None, wall_seconds(inv.recorded_at, inv.allocated_at) <= 86400
    )
    g["investigations-charged-share"] = grouped(inv, outcome, inv.outcome_type == 1)
    del inv, reviews

    so = read(con, "return_sex_offender", "as_at", "risk_assessment_due, risk_assessment_done, visit_due, visit_done")
    g["rso-risk-assessment-overdue"] = grouped(
        so, None, so.risk_assessment_done.isna() & (so.risk_assessment_due <= so.as_at)
    )
    g["rso-visit-overdue"] = grouped(so, None, so.visit_done.isna() & (so.visit_due <= so.as_at))
    g["rso-per-100k"] = grouped(so)
    wf = read(
        con,
        "return_workforce",
        "as_at",
        "role, actual_fte, sickness_days_lost, average_strength_fte, vacancies_fte, established_fte",
    )
    officers = wf.role == "police_officer"
    g["officers-per-1000"] = grouped(wf, officers, measure="actual_fte")
    g["officer-sickness-days"] = grouped(wf, officers, None, "sickness_days_lost", "average_strength_fte")
    g["officer-vacancy-rate"] = grouped(wf, officers, None, "vacancies_fte", "established_fte")
    vc = read(con, "return_victim_contact", "contacted_at", "contact_type, code_compliant")
    g["victim-contact-code-compliant"] = grouped(vc, None, vc.code_compliant)
    g["victim-needs-assessments-share"] = grouped(vc, None, vc.contact_type == "needs_assessment")
    return {i.id: figures(i, g[i.id]) for i in catalogue().values()}


# --- Comparing and reporting --------------------------------------------------------------------------------
# Sums of fractional FTE may differ in the last bit with the order of addition, which differs between plans.
FTE_SUMS = {"officers-per-1000", "officer-sickness-days", "officer-vacancy-rate", "officers-per-1000-home-office"}


def close(x, y) -> bool:
    return x == y or isinstance(x, float) and isinstance(y, float) and math.isclose(x, y, rel_tol=1e-9)


def same(expected: list[tuple], got: list[tuple], fte: bool) -> bool:
    if not fte or len(expected) != len(got):
        return expected == got
    return all(close(x, y) for a, b in zip(expected, got, strict=True) for x, y in zip(a, b, strict=True))


def check(expected: dict[str, list[tuple]], got: dict[str, list[tuple]], who: str) -> None:
    for indicator, rows in expected.items():
        if not same(rows, got[indicator], indicator in FTE_SUMS):
            raise SystemExit(f"{who} differs from openpeel for {indicator}: {len(rows)} rows, {len(got[indicator])}")
        if rows != got[indicator]:
            print(f"  note: {who} matches openpeel for {indicator} only to a relative 1e-9 (FTE sums)")


def timed(n: int, fn):
    best, result = math.inf, None
    for _ in range(n):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def parse_scale(items: list[str]) -> tuple[int, str]:
    scale = dict(item.partition("=")[::2] for item in items)
    months = scale.get("months", "12")
    if set(scale) - {"months", "forces"} or not months.isdigit() or not 1 <= int(months) <= 12:
        raise SystemExit("--scale takes months=N (1 to 12) and forces=all or forces=a,b,...")
    return int(months), scale.get("forces", "all")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reuse", type=Path, help="keep the built warehouse here, or use it if already built")
    parser.add_argument("--scale", nargs="+", default=[], metavar="KEY=VALUE", help="months=N forces=all|a,b,...")
    args = parser.parse_args()
    months, forces = parse_scale(args.scale)
    with tempfile.TemporaryDirectory(prefix="openpeel-bench-") as tmp:
        path = args.reuse or Path(tmp) / "warehouse.duckdb"
        if path.exists():
            if not path.with_suffix(".json").exists():
                raise SystemExit(f"{path} has no {path.with_suffix('.json').name}: an unfinished build? Remove it.")
            built = json.loads(path.with_suffix(".json").read_text())
            if built != {"months": months, "forces": forces}:
                raise SystemExit(f"{path} was built at scale {built}, not months={months} forces={forces}")
            print(f"Reusing the warehouse at {path} (months={months} forces={forces})")
        else:
            print(f"Building the warehouse at {path} (months={months} forces={forces}; not part of the comparison)")
            start = time.perf_counter()
            build(path, months, forces)
            print(f"  setup took {time.perf_counter() - start:.0f} s")
        con = connect(path, read_only=True)
        try:
            run(con)
        finally:
            con.close()


def run(con) -> None:
    con.execute("SET enable_progress_bar = false")
    # duckdb_engine puts the session in UTC, the indicator engines' zone: set it before anything runs, so that
    # all three approaches count months and durations in the zone openpeel's figures are in.
    duckdb_engine(con)
    zone = con.execute("SELECT current_setting('TimeZone')").fetchone()[0]
    tables = sorted({i.compute.table for i in catalogue().values()} | {"return_supervisory_review"})
    rows = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
    print(f"\nSource tables: {sum(rows.values()):,} rows (months and durations counted in {zone}, as openpeel does)")
    for t in tables:
        print(f"  {t:28} {rows[t]:>12,}")
    ours, expected = timed(3, lambda: compute_catalogue(duckdb_engine(con)))
    print(f"\nopenpeel catalogue ({len(expected)} indicators), best of 3: {ours:.2f} s")
    sql, got = timed(3, lambda: hand_tuned(con))
    check(expected, got, "hand-tuned SQL")
    print(f"hand-tuned DuckDB SQL ({len(SQL)} queries), best of 3: {sql:.2f} s  (same results)")
    panda, got = timed(1, lambda: with_pandas(con))
    check(expected, got, "pandas")
    print(f"pandas, reads included, 1 run: {panda:.2f} s  (same results)")
    slower, faster = ours / sql, panda / ours
    print(f"\nopenpeel / hand-tuned SQL: {slower:5.2f}x  (target at most 2x)   {'PASS' if slower <= 2 else 'MISS'}")
    print(f"pandas / openpeel:         {faster:5.2f}x  (target at least 5x)  {'PASS' if faster >= 5 else 'MISS'}")


if __name__ == "__main__":
    main()
